#include "templateminer.h"

#include "messagetemplate.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstdint>

namespace aftermath::timeline {

namespace {

constexpr std::size_t none = std::size_t(-1);
// Exact repeats remembered at most; past this the cache starts again (about 3 MiB).
constexpr std::size_t maxSeen = 1 << 16;

const QString wildcard = QStringLiteral("<*>");

// A token's hash (FNV-1a, 64 bits, over its UTF-16 code units): inline, as every token of every line
// is hashed.
std::size_t tokenHash(const char16_t* s, qsizetype size)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (qsizetype i = 0; i < size; ++i) {
        hash ^= s[i];
        hash *= 0x100000001b3ULL;
    }
    return std::size_t(hash);
}

std::size_t wildcardHash()
{
    static const std::size_t hash = tokenHash(u"<*>", 3);
    return hash;
}

// A 64-bit mix (splitmix64's finaliser): tree keys and sequence hashes from token hashes.
std::size_t mix(std::size_t a, std::size_t b)
{
    std::size_t x = a * 0x9e3779b97f4a7c15ULL + b;
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// Tokens that hold a digit or a masked part: they are likely to vary.
bool looksVariable(QStringView token)
{
    for (const QChar c : token) {
        if (c.isDigit())
            return true;
    }
    return token.contains(u"<*>");
}

// Words that say what happened or in what state something is: two lines that differ in one are two
// events, not one event with two values. A token says such a word when any run of letters in it is
// one ("failed.", "WWEN[disable]", "'Inactive'").
bool isEventWordRun(QStringView token);

bool isEventWord(QStringView token)
{
    qsizetype i = 0;
    while (i < token.size()) {
        while (i < token.size() && !token[i].isLetter())
            ++i;
        const qsizetype start = i;
        while (i < token.size() && token[i].isLetter())
            ++i;
        if (i > start && isEventWordRun(token.sliced(start, i - start)))
            return true;
    }
    return false;
}

bool isEventWordRun(QStringView token)
{
    if (token.size() < 2 || token.size() > 12)
        return false;
    // Looked up by the hash of the lower-cased run: checked for every token a line differs in.
    static const std::unordered_map<std::size_t, QString> words = [] {
        std::unordered_map<std::size_t, QString> map;
        for (const char* word : {"start", "started", "starting", "stop", "stopped", "stopping", "finish", "finished",
                 "finishing", "complete", "completed", "completing", "fail", "failed", "failing", "failure", "succeed",
                 "succeeded", "success", "successful", "successfully", "begin", "began", "beginning", "end", "ended",
                 "ending", "done", "ok", "error", "warning", "open", "opened", "opening", "close", "closed", "closing",
                 "up", "down", "on", "off", "enable", "enabled", "disable", "disabled", "active", "inactive", "running",
                 "connected", "disconnected", "accepted", "rejected", "denied", "refused", "allowed", "added",
                 "removed", "created", "deleted", "granted", "revoked", "locked", "unlocked", "healthy", "unhealthy",
                 "available", "unavailable", "pass", "passed", "retry", "retrying", "timeout", "cancelled", "canceled",
                 "aborted", "killed", "resumed", "paused", "suspended", "spawn", "spawned", "spawning", "destroy",
                 "destroyed", "destroying", "terminate", "terminated", "terminating", "restart", "restarted",
                 "restarting", "attach", "attached", "detach", "detached", "mount", "mounted", "unmount",
                 "unmounted", "login", "logout", "install", "installed", "uninstall", "uninstalled"}) {
            const QString text = QString::fromLatin1(word);
            map.emplace(tokenHash(reinterpret_cast<const char16_t*>(text.utf16()), text.size()), text);
        }
        return map;
    }();
    char16_t lower[12];
    for (qsizetype i = 0; i < token.size(); ++i)
        lower[i] = token[i].toLower().unicode();
    const auto found = words.find(tokenHash(lower, token.size()));
    return found != words.end() && token.compare(found->second, Qt::CaseInsensitive) == 0;
}

// The tree also sends names with dots, slashes or '=' inside ("com.apple.icloud.fmfd.heartbeat:",
// "/usr/lib", "user=root") to its "<*>" branch: a line's first tokens are often such a name, and
// lines that differ only there must meet in one leaf to be compared.
bool branchesAsVariable(QStringView token)
{
    for (qsizetype i = 0; i < token.size(); ++i) {
        const QChar c = token[i];
        if (c.isDigit() || (c == u'*' && token.contains(u"<*>")))
            return true;
        if (i > 0 && i + 1 < token.size() && (c == u'.' || c == u'/' || c == u'='))
            return true;
    }
    return false;
}

} // namespace

TemplateMiner::TemplateMiner() : TemplateMiner(Options{}) {}

TemplateMiner::TemplateMiner(const Options& options) : m_options(options), m_nodes(1)
{
    m_options.depth = std::max(m_options.depth, 2);
    m_options.maxChildren = std::max(m_options.maxChildren, 2);
}

void TemplateMiner::tokenize(QStringView message)
{
    if (const qsizetype newline = message.indexOf(u'\n'); newline >= 0)
        message = message.first(newline);
    m_masked.resize(0);
    appendMasked(message, m_masked, true);
    m_tokens.clear();
    m_hashes.clear();
    const char16_t* const s = reinterpret_cast<const char16_t*>(m_masked.constData());
    const qsizetype size = m_masked.size();
    const auto space
        = [](char16_t c) { return c == u' ' || c == u'\t' || (c >= 0x80 && QChar(c).isSpace()) || c == u'\r'; };
    qsizetype i = 0;
    while (i < size) {
        while (i < size && space(s[i]))
            ++i;
        const qsizetype start = i;
        while (i < size && !space(s[i]))
            ++i;
        if (i > start) {
            m_tokens.emplace_back(s + start, i - start);
            m_hashes.push_back(tokenHash(s + start, i - start));
        }
    }
}

std::size_t TemplateMiner::child(std::size_t node, std::size_t tokenHash, bool create)
{
    const std::size_t key = mix(node, tokenHash);
    if (const auto found = m_children.find(key); found != m_children.end())
        return found->second;
    if (!create)
        return none;
    m_children.emplace(key, m_nodes.size());
    ++m_nodes[node].children;
    m_nodes.emplace_back();
    return m_nodes.size() - 1;
}

// The leaf for the current line: by token count, then by its first tokens (those likely to vary,
// and any past a full node, by "<*>"). Without `create`, none when the tree has no such path.
std::size_t TemplateMiner::leafFor(bool create)
{
    std::size_t node = child(0, m_tokens.size(), create);
    const std::size_t levels = std::min(std::size_t(m_options.depth - 2), m_tokens.size());
    for (std::size_t i = 0; i < levels && node != none; ++i) {
        const std::size_t key = branchesAsVariable(m_tokens[i]) ? wildcardHash() : m_hashes[i];
        std::size_t next = child(node, key, false);
        if (next == none) {
            const bool full = m_nodes[node].children >= m_options.maxChildren;
            next = child(node, create && !full ? key : wildcardHash(), create);
        }
        node = next;
    }
    return node;
}

bool TemplateMiner::fits(const Cluster& cluster) const
{
    if (cluster.tokens.size() != m_tokens.size())
        return false;
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        if (cluster.hashes[i] != wildcardHash() && cluster.hashes[i] != m_hashes[i])
            return false;
    }
    return true;
}

std::size_t TemplateMiner::addCluster(std::size_t leaf)
{
    Cluster cluster;
    cluster.tokens.reserve(m_tokens.size());
    for (const QStringView token : m_tokens)
        cluster.tokens.push_back(token.toString());
    cluster.hashes = m_hashes;
    m_clusters.push_back(std::move(cluster));
    m_nodes[leaf].clusters.push_back(m_clusters.size() - 1);
    return m_clusters.size() - 1;
}

void TemplateMiner::join(Cluster& cluster)
{
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        if (cluster.hashes[i] != wildcardHash() && cluster.hashes[i] != m_hashes[i]) {
            cluster.tokens[i] = wildcard;
            cluster.hashes[i] = wildcardHash();
        }
    }
}

std::size_t TemplateMiner::add(QStringView message)
{
    tokenize(message);
    std::size_t sequence = m_tokens.size();
    for (const std::size_t hash : m_hashes)
        sequence = mix(sequence, hash);
    if (const auto seen = m_seen.find(sequence); seen != m_seen.end() && fits(m_clusters[seen->second])) {
        ++m_clusters[seen->second].count;
        return seen->second;
    }

    // The most similar cluster in the leaf: the most equal tokens, then the most "<*>" (the more
    // general template), then the oldest. A "<*>" of the template counts as equal where the line's
    // token looks variable too (masked, or with digits): Drain counts none, which keeps lines of
    // many numbers from ever meeting. A cluster the line differs from in two words in a row is not a
    // candidate: that is another phrase ("card declined", "insufficient funds"), not another value;
    // nor is one it differs from in a one-character word.
    std::size_t best = none;
    std::size_t bestEqual = 0;
    std::size_t bestWild = 0;
    if (const std::size_t leaf = leafFor(false); leaf != none) {
        for (const std::size_t id : m_nodes[leaf].clusters) {
            const Cluster& cluster = m_clusters[id];
            std::size_t equal = 0;
            std::size_t wild = 0;
            bool phrase = false; // not a candidate
            bool differed = false;
            for (std::size_t i = 0; i < m_tokens.size() && !phrase; ++i) {
                bool differs = false;
                if (cluster.hashes[i] == wildcardHash()) {
                    ++wild;
                    if (looksVariable(m_tokens[i]))
                        ++equal;
                } else if (cluster.hashes[i] == m_hashes[i]) {
                    ++equal;
                } else {
                    differs = true;
                    // A letter or sign is a name, not a value: tenant "NHS E" is not "NHS S"; and a
                    // word of what happened is the event itself: "started" is not "finished".
                    if (((m_tokens[i].size() == 1 || cluster.tokens[i].size() == 1) && !looksVariable(m_tokens[i]))
                        || isEventWord(m_tokens[i]) || isEventWord(cluster.tokens[i]))
                        phrase = true;
                }
                phrase = phrase || (differs && differed);
                differed = differs;
            }
            if (phrase)
                continue;
            if (best == none || equal > bestEqual || (equal == bestEqual && wild > bestWild)) {
                best = id;
                bestEqual = equal;
                bestWild = wild;
            }
        }
    }
    const double tokens = double(std::max<std::size_t>(m_tokens.size(), 1));
    std::size_t id = none;
    if (best != none && (double(bestEqual) / tokens >= m_options.similarity || fits(m_clusters[best]))) {
        id = best;
        join(m_clusters[id]);
    } else {
        id = addCluster(leafFor(true));
    }
    ++m_clusters[id].count;
    if (m_seen.size() >= maxSeen)
        m_seen.clear();
    m_seen.emplace(sequence, id);
    return id;
}

QString TemplateMiner::templateText(std::size_t id) const
{
    QString text;
    for (const QString& token : m_clusters[id].tokens) {
        if (!text.isEmpty())
            text += u' ';
        text += token;
    }
    return text;
}

QStringList templateParameters(QStringView templateText, QStringView message)
{
    if (const qsizetype newline = message.indexOf(u'\n'); newline >= 0)
        message = message.first(newline);
    // The template as a pattern: its literal parts as they are, any run of spaces as one or more,
    // each "<*>" as the shortest text that lets the rest fit.
    QString pattern = QStringLiteral("^\\s*");
    qsizetype i = 0;
    qsizetype parameters = 0;
    while (i < templateText.size()) {
        if (templateText.sliced(i).startsWith(u"<*>")) {
            pattern += QStringLiteral("(.*?)");
            ++parameters;
            i += 3;
        } else if (templateText[i].isSpace()) {
            while (i < templateText.size() && templateText[i].isSpace())
                ++i;
            pattern += QStringLiteral("\\s+");
        } else {
            const qsizetype start = i;
            while (i < templateText.size() && !templateText[i].isSpace() && !templateText.sliced(i).startsWith(u"<*>"))
                ++i;
            pattern += QRegularExpression::escape(templateText.sliced(start, i - start));
        }
    }
    pattern += QStringLiteral("\\s*$");
    if (parameters == 0)
        return {};
    const QRegularExpression expression(pattern, QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = expression.match(message);
    if (!match.hasMatch())
        return {};
    QStringList values;
    for (qsizetype p = 1; p <= parameters; ++p)
        values.append(match.captured(p));
    return values;
}

} // namespace aftermath::timeline
