#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace aftermath::timeline {

// Groups messages into templates as they stream in, in the manner of Drain (He et al., ICWS 2017):
// obvious variables are masked first (messagetemplate.h), then a fixed-depth parse tree keyed by the
// token count and the first tokens leads to a few clusters, and a line joins the most similar one
// when enough of its tokens are equal; the cluster's template then becomes "<*>" where they differ.
//   "Starting job reconcile-acme run 539", "Starting job reconcile-acme run 580"
//       -> one cluster, "Starting job reconcile-acme run <*>"
//   "charge failed: card declined", "charge failed: insufficient funds" -> two clusters
// Ids are dense (0, 1, 2, ...) and never change once returned; the same messages in the same order
// give the same ids and templates. Memory grows with clusters (and a bounded cache), not lines.
// Not thread-safe: one miner per reconstruction.
class TemplateMiner {
public:
    struct Options {
        // The share of a line's tokens that must equal a cluster's template for the line to join it.
        double similarity = 0.5;
        // Levels of the parse tree: the token count, then (depth - 2) first tokens, then the clusters.
        int depth = 4;
        // A tree node with this many children sends new tokens to its "<*>" child.
        int maxChildren = 100;
    };

    TemplateMiner();
    explicit TemplateMiner(const Options& options);

    // The cluster of a message (only its first line counts).
    std::size_t add(QStringView message);

    // The template: tokens joined by single spaces, "<*>" where the cluster's lines differ.
    QString templateText(std::size_t id) const;
    // How many messages the cluster holds.
    std::size_t count(std::size_t id) const { return m_clusters[id].count; }
    // How many clusters there are: ids are 0 to size() - 1.
    std::size_t size() const { return m_clusters.size(); }

private:
    struct Cluster {
        std::vector<QString> tokens; // "<*>" where lines differ
        // Of the tokens: tokens are compared by their 64-bit hashes alone (a false match needs two
        // different tokens at one place with one hash, about one chance in 10^19 per pair).
        std::vector<std::size_t> hashes;
        std::size_t count = 0;
    };
    struct Node {
        std::vector<std::size_t> clusters; // in a leaf: the clusters, in the order they were made
        int children = 0;
    };

    void tokenize(QStringView message);
    std::size_t leafFor(bool create);
    std::size_t child(std::size_t node, std::size_t tokenHash, bool create);
    bool fits(const Cluster& cluster) const;
    std::size_t addCluster(std::size_t leaf);
    void join(Cluster& cluster);

    Options m_options;
    std::vector<Cluster> m_clusters;
    std::vector<Node> m_nodes; // 0 is the root
    std::unordered_map<std::size_t, std::size_t> m_children; // (node, token hash) -> node
    // Masked token sequences seen before -> their cluster: an exact repeat joins the cluster its
    // first occurrence joined, without the tree. Cleared when full, so that it bounds memory.
    std::unordered_map<std::size_t, std::size_t> m_seen;
    // The line being added: its masked text, tokens (views into it) and their hashes.
    QString m_masked;
    std::vector<QStringView> m_tokens;
    std::vector<std::size_t> m_hashes;
};

// The values at a template's "<*>" positions in a message that fits it, in order; empty when the
// message does not fit the template (or it has no "<*>").
//   ("Retrying <*> (attempt <*>)", "Retrying load (attempt 3)") -> {"load", "3"}
QStringList templateParameters(QStringView templateText, QStringView message);

} // namespace aftermath::timeline
