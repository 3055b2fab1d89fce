#include "rules.h"

#include "model/datadirs.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace aftermath::ingest {

namespace {

const QString builtInFile = QStringLiteral("/rules/default-rules.json");

Error ruleError(const QString& origin, const QString& message)
{
    return {Error::Code::InvalidArgument, message + QStringLiteral("; see docs/rules.md for the rule format"), origin};
}

} // namespace

const Classifier& Classifier::builtIn()
{
    static const Classifier classifier = [] {
        // The first copy that reads, so an installed file someone broke falls back to the compiled-in
        // one (which is tested); should none read, classifying nothing beats failing imports.
        for (const QString& dir : model::dataDirs()) {
            QFile file(dir + builtInFile);
            if (!file.exists())
                continue;
            if (!file.open(QIODevice::ReadOnly)) {
                qWarning("aftermath: cannot read the built-in classification rules %s (%s)",
                    qPrintable(file.fileName()), qPrintable(file.errorString()));
                continue;
            }
            auto loaded = fromJson(file.readAll(), file.fileName());
            if (loaded)
                return *std::move(loaded);
            qWarning("aftermath: the built-in classification rules %s are ignored: %s", qPrintable(file.fileName()),
                qPrintable(loaded.error().message));
        }
        return Classifier();
    }();
    return classifier;
}

QString Classifier::userRulesPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/aftermath/rules.json");
}

Result<Classifier> Classifier::withUserRules(const QStringList& files)
{
    Classifier combined;
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(
                Error::Code::Io, QStringLiteral("cannot read the rules file (%1)").arg(file.errorString()), path);
        auto loaded = fromJson(file.readAll(), path);
        if (!loaded)
            return std::unexpected(loaded.error());
        std::ranges::move(loaded->m_rules, std::back_inserter(combined.m_rules));
    }
    for (const Rule& rule : builtIn().m_rules)
        combined.m_rules.push_back(rule);
    combined.index();
    return combined;
}

Result<Classifier> Classifier::fromJson(const QByteArray& json, const QString& origin)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::unexpected(ruleError(origin, QStringLiteral("not valid JSON (%1)").arg(parseError.errorString())));
    const QJsonValue rulesValue = document.object().value(QStringLiteral("rules"));
    if (!rulesValue.isArray())
        return std::unexpected(ruleError(origin, QStringLiteral("expected an object with a \"rules\" array")));
    Classifier classifier;
    // A file may name the formats its rules apply to; a rule's own list wins.
    QStringList fileFormats;
    for (const QJsonValue& format : document.object().value(QStringLiteral("formats")).toArray())
        fileFormats << format.toString();
    const QJsonArray rules = rulesValue.toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const QJsonObject object = rules.at(i).toObject();
        Rule rule;
        rule.origin = QStringLiteral("%1, rule %2").arg(origin).arg(i + 1);
        rule.name = object.value(QStringLiteral("name")).toString(QStringLiteral("rule %1").arg(i + 1));
        if (object.contains(QStringLiteral("kind"))) {
            const QString kind = object.value(QStringLiteral("kind")).toString();
            rule.kind = model::eventKindFromString(kind);
            if (!rule.kind)
                return std::unexpected(ruleError(rule.origin,
                    QStringLiteral("unknown kind \"%1\"; kinds are commit, merge, deploy, ci_run, job_start, job_end, "
                                   "step_start, step_end, error, retry, chat, alert, log")
                        .arg(kind)));
        }
        const QString pattern = object.value(QStringLiteral("match")).toString();
        if (pattern.isEmpty())
            return std::unexpected(
                ruleError(rule.origin, QStringLiteral("a rule needs a \"match\" regular expression")));
        rule.match = QRegularExpression(pattern);
        if (!rule.match.isValid())
            return std::unexpected(ruleError(rule.origin,
                QStringLiteral("the regular expression does not compile: %1 at character %2")
                    .arg(rule.match.errorString())
                    .arg(rule.match.patternErrorOffset())));
        for (const QString& group : rule.match.namedCaptureGroups()) {
            if (!group.isEmpty() && group != u"run" && group != u"service" && group != u"actor" && group != u"outcome")
                return std::unexpected(ruleError(rule.origin,
                    QStringLiteral("unknown named group \"%1\"; groups fill run, service, actor or outcome")
                        .arg(group)));
        }
        if (!rule.kind && rule.match.namedCaptureGroups().size() <= 1)
            return std::unexpected(ruleError(
                rule.origin, QStringLiteral("a rule without a \"kind\" must fill a field with a named group")));
        for (const QJsonValue& text : object.value(QStringLiteral("contains")).toArray())
            rule.contains << text.toString();
        for (const QJsonValue& format : object.value(QStringLiteral("formats")).toArray())
            rule.formats << format.toString();
        if (!object.contains(QStringLiteral("formats")))
            rule.formats = fileFormats;
        rule.match.optimize();
        classifier.m_rules.push_back(std::move(rule));
    }
    classifier.index();
    return classifier;
}

namespace {

constexpr std::array<const char16_t*, 4> groupNames{u"run", u"service", u"actor", u"outcome"};

} // namespace

void Classifier::index()
{
    m_keywords = {};
    m_compiled.clear();
    for (const Rule& rule : m_rules) {
        Compiled compiled;
        for (const QString& word : rule.contains)
            compiled.keywords.push_back(m_keywords.add(word));
        const QStringList names = rule.match.namedCaptureGroups();
        for (std::size_t field = 0; field < groupNames.size(); ++field)
            compiled.groups[field] = int(names.indexOf(QStringView(groupNames[field])));
        m_compiled.push_back(std::move(compiled));
    }
}

Classifier::Selection Classifier::forFormat(QStringView format) const
{
    Selection selection;
    for (std::size_t r = 0; r < m_rules.size(); ++r) {
        if (m_rules[r].formats.isEmpty() || m_rules[r].formats.contains(format))
            selection.rules.push_back(std::uint32_t(r));
    }
    return selection;
}

void Classifier::apply(model::Event& event, const Selection& selection) const
{
    const bool kindOpen = event.kind == model::EventKind::Log;
    bool kindSet = false;
    thread_local std::vector<bool> found;
    bool scanned = false;
    const std::array<QString*, 4> fields{&event.runId, &event.service, &event.actor, &event.outcome};
    for (const std::uint32_t r : selection.rules) {
        const Rule& rule = m_rules[r];
        const Compiled& compiled = m_compiled[r];
        if (rule.kind && (!kindOpen || kindSet))
            continue;
        if (!compiled.keywords.empty()) {
            if (!scanned) {
                m_keywords.scan(event.message, found);
                scanned = true;
            }
            if (std::ranges::none_of(compiled.keywords, [&](std::size_t id) { return bool(found[id]); }))
                continue;
        }
        // A view: matching a QString would keep a reference to it, which costs two atomic updates.
        const QRegularExpressionMatch match = rule.match.match(QStringView(event.message));
        if (!match.hasMatch())
            continue;
        for (std::size_t field = 0; field < fields.size(); ++field) {
            if (compiled.groups[field] > 0 && fields[field]->isEmpty()) {
                // A view: most captures are not kept (the field is set already, or blank).
                const QStringView captured = match.capturedView(compiled.groups[field]).trimmed();
                if (!captured.isEmpty())
                    *fields[field] = captured.toString();
            }
        }
        if (rule.kind) {
            event.kind = *rule.kind;
            kindSet = true;
        }
    }
}

} // namespace aftermath::ingest
