#pragma once

#include "model/error.h"
#include "model/event.h"

#include "keywords.h"

#include <QRegularExpression>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace aftermath::ingest {

// Classifies the events parsers could not place: rules kept as data (resources/rules/
// default-rules.json, compiled in, plus users' own files; docs/rules.md) give a plain log event
// its kind (retry, job_start, deploy, ...) and fill its run, service, actor or outcome from named
// groups. A rule with a kind stops at the first match; a rule without one only fills fields, and
// every such rule that matches applies. Events that already have a specific kind (a GitHub merge,
// an ECS task start) and errors keep their kind; field rules still fill their empty fields.
class Classifier {
public:
    struct Rule {
        QString name;
        std::optional<model::EventKind> kind;
        QStringList contains; // cheap pre-check: the regex runs only if one of these is in the message
        QRegularExpression match;
        QStringList formats; // empty: every format
        QString origin; // "file.json, rule 3", for messages
    };

    // The built-in rules: rules/default-rules.json in the first of model::dataDirs() whose copy reads.
    static const Classifier& builtIn();
    // Users' rule files first (in order), then the built-in rules. A broken file is an error that
    // names it and the rule.
    static Result<Classifier> withUserRules(const QStringList& files);
    // Rules from JSON text; `origin` names it in messages.
    static Result<Classifier> fromJson(const QByteArray& json, const QString& origin);

    // Where a user's own rules are read from by default: <config dir>/aftermath/rules.json.
    static QString userRulesPath();

    // The rules that apply to one format: looked up once per input rather than once per event.
    struct Selection {
        std::vector<std::uint32_t> rules; // indices in rules(), in order
    };
    Selection forFormat(QStringView format) const;

    void apply(model::Event& event, const Selection& selection) const;
    void apply(model::Event& event, QStringView format) const { apply(event, forFormat(format)); }
    const std::vector<Rule>& rules() const { return m_rules; }

private:
    // What apply() looks up per rule, built once from m_rules by index().
    struct Compiled {
        std::vector<std::size_t> keywords; // ids in m_keywords of the rule's `contains` words
        std::array<int, 4> groups{-1, -1, -1, -1}; // capture group numbers for run, service, actor, outcome
    };
    void index();

    std::vector<Rule> m_rules;
    std::vector<Compiled> m_compiled;
    KeywordSet m_keywords;
};

} // namespace aftermath::ingest
