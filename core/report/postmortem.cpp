// Postmortem -> mustache data -> Markdown. The only file that includes mustache.

#include "postmortem.h"

#include "escape.h"
#include "markdown.h"
#include "model/timeformat.h"
#include "postmortemimport.h"

#include <QRegularExpression>
#include <QSet>

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <set>

namespace aftermath::report {

namespace {

namespace mustache = kainjow::mustache;
using model::WindowTimeFormat;
using mustache::data;

// Mustache works on UTF-8: what UTF-8 cannot carry becomes U+FFFD first, not Qt's "?".
std::string utf8(const QString& text) { return carried(text).toStdString(); }

// Builds the data a template sees, and can list the tags it sets (templateTags()).
class DataBuilder {
public:
    explicit DataBuilder(std::set<QString>* tags = nullptr) : m_tags(tags) {}

    void set(data& object, const QString& scope, const char* key, data value) const
    {
        if (m_tags)
            m_tags->insert(scope.isEmpty() ? QString::fromLatin1(key) : scope + u'.' + QLatin1StringView(key));
        object.set(key, std::move(value));
    }
    void text(data& object, const QString& scope, const char* key, const QString& value) const
    {
        set(object, scope, key, utf8(value));
    }
    // A text that may be empty, with has_KEY saying whether it is not: mustache shows the section
    // of an empty string.
    void optional(data& object, const QString& scope, const char* key, const QString& value) const
    {
        text(object, scope, key, value);
        set(object, scope, ("has_" + std::string(key)).c_str(), !value.isEmpty());
    }
    void list(data& object, const char* key, data items) const
    {
        const bool empty = items.is_empty_list();
        set(object, {}, key, std::move(items));
        set(object, {}, ("has_" + std::string(key)).c_str(), !empty);
    }

private:
    std::set<QString>* m_tags;
};

QString statusName(const QString& status)
{
    if (status == u"in_review")
        return QStringLiteral("in review");
    return status;
}

QString statusName(model::ActionItem::Status status)
{
    switch (status) {
    case model::ActionItem::Status::Open:
        return QStringLiteral("open");
    case model::ActionItem::Status::InProgress:
        return QStringLiteral("in progress");
    case model::ActionItem::Status::Done:
        return QStringLiteral("done");
    case model::ActionItem::Status::WontDo:
        return QStringLiteral("won't do");
    }
    return {};
}

QString typeName(std::optional<model::ActionItem::Type> type)
{
    if (!type)
        return {};
    switch (*type) {
    case model::ActionItem::Type::Prevent:
        return QStringLiteral("prevent");
    case model::ActionItem::Type::Mitigate:
        return QStringLiteral("mitigate");
    case model::ActionItem::Type::Detect:
        return QStringLiteral("detect");
    case model::ActionItem::Type::Process:
        return QStringLiteral("process");
    case model::ActionItem::Type::Spike:
        return QStringLiteral("spike");
    }
    return {};
}

// "first error", "unfinished run", ...
QString findingName(timeline::Finding::Type type) { return timeline::toString(type).replace(u'_', u' '); }

QString runName(const timeline::Run& run)
{
    return QStringList{run.job, run.tenant.isEmpty() ? run.run : run.tenant}.join(u' ').trimmed();
}

QString entryText(const timeline::Entry& entry)
{
    return entry.count > 1 ? entry.summary + QStringLiteral(" ×%1").arg(entry.count) : entry.summary;
}

// Inputs for the whole of the data: the postmortem, its evidence and how times are written.
struct Inputs {
    const model::Postmortem& postmortem;
    const timeline::Timeline* evidence;
    const WindowTimeFormat& time;
    QString chartLink;
    QString templateText; // which after_ sections it has decides where custom sections go
};

// Markdown kept as it was written (custom sections): the escape function passes a value that
// starts with this marker through as it is, without the marker. Escaped values never hold it
// (escapeMarkdown turns control characters into spaces), and verbatim() makes it a space in the text.
constexpr char16_t verbatimMarker = u'\u0002';

QString verbatim(const QString& markdown)
{
    // showable() also turns both markers (control characters) into spaces: the renderer's own
    // line marker (below) and this one.
    return QChar(verbatimMarker) + showable(markdown);
}

// People's text as Markdown (escapeMarkdown()) that import-postmortem reads back as it is in `place`
// (escapedForImport()). Empty stays empty, for has_KEY.
QString forImport(const QString& text, ImportedPlace place)
{
    return text.isEmpty() ? QString() : verbatim(escapedForImport(escapeMarkdown(text), place));
}

// "after_title" for the anchor before every field, "after_impact" for impact, ...
std::string anchorTag(const QString& anchor)
{
    return "after_" + utf8(anchor.isEmpty() ? QStringLiteral("title") : anchor);
}

// The custom sections in the after_ list of each anchor the template has. A section whose field
// the template lacks goes after the nearest field before it that the template has (else the
// first it has); in each list they keep the document's order. What the postmortem said from the
// evidence is left out when the evidence is there to be shown instead.
void addCustomSections(const DataBuilder& b, data& root, const Inputs& in)
{
    const QStringList& anchors = model::customSectionAnchors();
    std::vector<bool> used(std::size_t(anchors.size()), false);
    for (qsizetype i = 0; i < anchors.size(); ++i)
        used[std::size_t(i)] = in.templateText.contains(
            QStringLiteral("{{#") + QString::fromStdString(anchorTag(anchors[i])) + QStringLiteral("}}"));
    const auto firstUsed = std::ranges::find(used, true);
    std::vector<std::vector<const model::CustomSection*>> placed(std::size_t(anchors.size()));
    if (firstUsed != used.end()) {
        std::vector<const model::CustomSection*> sections;
        for (const model::CustomSection& section : in.postmortem.customSections) {
            if (!(section.fromEvidence && in.evidence))
                sections.push_back(&section);
        }
        std::ranges::stable_sort(sections, {}, &model::CustomSection::position);
        for (const model::CustomSection* section : sections) {
            auto at = std::max<qsizetype>(anchors.indexOf(section->after), 0);
            while (at > 0 && !used[std::size_t(at)])
                --at;
            if (!used[std::size_t(at)])
                at = firstUsed - used.begin();
            placed[std::size_t(at)].push_back(section);
        }
    }
    for (qsizetype i = 0; i < anchors.size(); ++i) {
        const std::string tag = anchorTag(anchors[i]);
        const QString scope = QString::fromStdString(tag);
        data list{data::type::list};
        for (const model::CustomSection* section : placed[std::size_t(i)]) {
            data item;
            // Kept as written, but raw HTML in them is shown as text, and a heading is one line.
            const QString heading = oneLine(section->heading);
            b.optional(item, scope, "heading", heading.isEmpty() ? QString() : verbatim(withoutRawHtml(heading)));
            b.optional(item, scope, "markdown",
                section->markdown.trimmed().isEmpty() ? QString() : verbatim(withoutRawHtml(section->markdown)));
            list.push_back(std::move(item));
        }
        b.list(root, tag.c_str(), std::move(list));
    }
}

void addIncident(const DataBuilder& b, data& root, const Inputs& in)
{
    const model::Incident& incident = in.postmortem.incident;
    b.text(root, {}, "title", forImport(oneLine(incident.title), ImportedPlace::Title));
    b.text(root, {}, "id", QString::number(incident.id));
    b.optional(root, {}, "severity", oneLine(incident.severity));
    b.text(root, {}, "status", statusName(incident.status));
    b.optional(root, {}, "authors", oneLine(incident.authors));
    b.text(root, {}, "date", in.time.date(incident.fromUs));
    b.text(root, {}, "window_from", in.time.full(incident.fromUs));
    b.text(root, {}, "window_to", in.time.full(incident.toUs));
    b.text(root, {}, "zone", in.time.zoneLabel());
    b.optional(root, {}, "updated", incident.updatedAtUs > 0 ? in.time.date(incident.updatedAtUs) : QString());
    const std::pair<const char*, const QString*> prose[] = {
        {"summary", &incident.summary},
        {"description", &incident.description},
        {"impact", &incident.impact},
        {"trigger", &incident.trigger},
        {"detection", &incident.detection},
        {"resolution", &incident.resolution},
        {"contributing_factors", &incident.contributingFactors},
        {"went_well", &incident.wentWell},
        {"went_wrong", &incident.wentWrong},
        {"got_lucky", &incident.gotLucky},
    };
    for (const auto& [key, value] : prose)
        b.optional(root, {}, key, forImport(value->trimmed(), ImportedPlace::Prose)); // paragraphs kept
}

void addTimeline(const DataBuilder& b, data& root, const Inputs& in)
{
    const QString scope = QStringLiteral("timeline");
    data entries{data::type::list};
    auto add = [&](qint64 timeUs, std::optional<qint64> endUs, const QString& text, const QString& note, bool drafted) {
        data entry;
        b.text(entry, scope, "time", in.time.time(timeUs));
        b.text(entry, scope, "span", in.time.span(timeUs, endUs));
        b.optional(entry, scope, "end", endUs && *endUs != timeUs ? in.time.time(*endUs) : QString());
        b.text(entry, scope, "text", forImport(oneLine(text), ImportedPlace::TimelineText));
        b.optional(entry, scope, "note", forImport(oneLine(note), ImportedPlace::TimelineNote));
        b.set(entry, scope, "drafted", drafted);
        entries.push_back(std::move(entry));
    };
    const bool curated = !in.postmortem.timeline.empty();
    if (curated) {
        for (const model::TimelineEntry& e : in.postmortem.timeline)
            add(e.timeUs, e.endUs, e.text, e.note, e.origin == model::TimelineEntry::Origin::Draft && !e.edited);
    } else if (in.evidence) {
        for (const timeline::Entry& e : in.evidence->entries) {
            if (e.key)
                add(e.timeUs, e.endUs, entryText(e), {}, true);
        }
    }
    b.list(root, "timeline", std::move(entries));
    b.set(root, {}, "timeline_from_evidence", !curated && in.evidence);
}

void addRootCauses(const DataBuilder& b, data& root, const Inputs& in)
{
    const QString scope = QStringLiteral("root_causes");
    data causes{data::type::list};
    int number = 0;
    for (const model::RootCause& cause : in.postmortem.rootCauses) {
        data item;
        const QString numbered = QString::number(++number);
        b.text(item, scope, "number", numbered);
        // Written as an item ("1. text", "- text"): its further lines and paragraphs are indented
        // by the width of "1. ", which also holds them in a "- " item (up to 999 causes).
        b.text(item, scope, "text", verbatim(escapeMarkdown(cause.text.trimmed(), int(numbered.size()) + 2)));
        causes.push_back(std::move(item));
    }
    b.list(root, "root_causes", std::move(causes));
}

void addActionItems(const DataBuilder& b, data& root, const Inputs& in)
{
    const QString scope = QStringLiteral("action_items");
    data items{data::type::list};
    int number = 0;
    for (const model::ActionItem& action : in.postmortem.actionItems) {
        data item;
        b.text(item, scope, "number", QString::number(++number));
        b.text(item, scope, "description", oneLine(action.description));
        b.optional(item, scope, "owner", forImport(oneLine(action.owner), ImportedPlace::OwnerInBrackets));
        b.optional(item, scope, "due", action.due ? action.due->toString(Qt::ISODate) : QString());
        b.text(item, scope, "status", statusName(action.status));
        b.set(item, scope, "done", action.status == model::ActionItem::Status::Done);
        b.optional(item, scope, "priority", oneLine(action.priority));
        b.optional(item, scope, "type", typeName(action.type));
        b.optional(item, scope, "link", oneLine(action.link));
        items.push_back(std::move(item));
    }
    b.list(root, "action_items", std::move(items));
}

void addEvidence(const DataBuilder& b, data& root, const Inputs& in)
{
    const timeline::Timeline empty;
    const timeline::Timeline& t = in.evidence ? *in.evidence : empty;
    b.set(root, {}, "has_evidence", in.evidence != nullptr);

    data suspects{data::type::list};
    data findings{data::type::list};
    for (const timeline::Finding& f : t.findings) {
        const bool suspect = f.type == timeline::Finding::Type::SuspectChange;
        const QString scope = suspect ? QStringLiteral("suspects") : QStringLiteral("findings");
        data item;
        b.text(item, scope, "time", in.time.time(f.timeUs));
        b.text(item, scope, "summary", oneLine(f.summary));
        b.optional(item, scope, "reason", oneLine(f.reason));
        if (suspect)
            b.text(item, scope, "rank", QString::number(f.rank));
        else
            b.text(item, scope, "kind", findingName(f.type));
        (suspect ? suspects : findings).push_back(std::move(item));
    }
    b.list(root, "suspects", std::move(suspects));
    b.list(root, "findings", std::move(findings));

    const QString runScope = QStringLiteral("runs");
    data runs{data::type::list};
    for (const timeline::Run& r : t.runs) {
        data item;
        b.text(item, runScope, "name", oneLine(runName(r)));
        b.text(item, runScope, "started", in.time.time(r.startedUs));
        b.optional(item, runScope, "ended", r.endedUs ? in.time.time(*r.endedUs) : QString());
        b.optional(item, runScope, "duration", r.endedUs ? model::formatDuration(*r.endedUs - r.startedUs) : QString());
        b.text(item, runScope, "outcome", timeline::toString(r.outcome));
        b.text(item, runScope, "retries", QString::number(r.retries));
        b.optional(item, runScope, "version", oneLine(r.version));
        b.text(item, runScope, "sources", (r.sources.isEmpty() ? QStringList{r.source} : r.sources).join(u", "));
        runs.push_back(std::move(item));
    }
    b.list(root, "runs", std::move(runs));

    const QString phaseScope = QStringLiteral("phases");
    const std::pair<const char*, std::optional<qint64>> phaseTimes[] = {
        {"trigger", t.phases.trigger},
        {"impact start", t.phases.impactStart},
        {"detected", t.phases.detected},
        {"mitigated", t.phases.mitigated},
        {"resolved", t.phases.resolved},
    };
    data phases{data::type::list};
    std::optional<qint64> previous;
    for (const auto& [name, time] : phaseTimes) {
        if (!time)
            continue;
        data item;
        b.text(item, phaseScope, "name", QString::fromLatin1(name));
        b.text(item, phaseScope, "time", in.time.time(*time));
        b.optional(item, phaseScope, "after",
            previous && *time >= *previous ? model::formatDuration(*time - *previous) : QString());
        phases.push_back(std::move(item));
        previous = time;
    }
    b.list(root, "phases", std::move(phases));

    auto since = [&](std::optional<qint64> to) {
        return t.phases.impactStart && to && *to >= *t.phases.impactStart
            ? model::formatDuration(*to - *t.phases.impactStart)
            : QString();
    };
    b.optional(root, {}, "time_to_detect", since(t.phases.detected));
    b.optional(root, {}, "time_to_mitigate", since(t.phases.mitigated));
    b.optional(root, {}, "time_to_resolve", since(t.phases.resolved));
}

data buildData(const DataBuilder& b, const Inputs& in)
{
    data root;
    addIncident(b, root, in);
    addTimeline(b, root, in);
    addRootCauses(b, root, in);
    addActionItems(b, root, in);
    addEvidence(b, root, in);
    addCustomSections(b, root, in);
    b.optional(root, {}, "chart", in.chartLink);
    return root;
}

// kainjow reports a parse error with the offset in the template ("Unclosed section "x" at 120");
// people need the line.
QString describeParseError(const std::string& message, const std::string& text)
{
    static const QRegularExpression at(QStringLiteral("^(.*) at (\\d+)$"));
    const QString error = QString::fromStdString(message);
    const QRegularExpressionMatch match = at.match(error);
    if (!match.hasMatch())
        return error;
    const std::size_t offset = std::min<std::size_t>(match.captured(2).toULongLong(), text.size());
    const auto line = std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n') + 1;
    return QStringLiteral("%1 on line %2").arg(match.captured(1)).arg(line);
}

// Mustache drops a line that holds only a section tag ({{#x}}, {{^x}}, {{/x}}) or a comment, but
// kainjow keeps the line break when the section is skipped, which leaves stray blank lines (and a
// blank line ends a Markdown table). So such a line's break is replaced by a marker before
// rendering (kainjow then sees no tag alone on a line), and the markers are removed afterwards.
// Escaped values never hold the marker: escapeMarkdown turns control characters into spaces.
constexpr char16_t lineMarker = u'\u0001';

std::string withStandaloneTagsMarked(const QString& text)
{
    static const QRegularExpression standalone(
        QStringLiteral("^[ \\t]*(\\{\\{[#^/!][^}]*\\}\\})[ \\t]*\\r?\\n"), QRegularExpression::MultilineOption);
    QString marked = text;
    marked.remove(QChar(lineMarker));
    marked.replace(standalone, QStringLiteral("\\1") + QChar(lineMarker));
    return utf8(marked);
}

} // namespace

Result<QString> renderMarkdown(
    const model::Postmortem& postmortem, const Template& document, const RenderOptions& options)
{
    // Parse errors are reported against the template as written, so that their line is right.
    const std::string text = utf8(document.text);
    if (const mustache::mustache asWritten(text); !asWritten.is_valid())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("the template does not parse: %1; fix the mustache tags there")
                .arg(describeParseError(asWritten.error_message(), text)),
            document.location);
    mustache::mustache engine(withStandaloneTagsMarked(document.text));
    engine.set_custom_escape([](const std::string& value) {
        if (!value.empty() && value.front() == char(verbatimMarker))
            return value.substr(1);
        return utf8(escapeMarkdown(QString::fromStdString(value)));
    });
    const model::Incident& incident = postmortem.incident;
    const WindowTimeFormat time(incident.fromUs, incident.toUs, model::displayZone(incident, options.zone),
        WindowTimeFormat::Precision::Minutes);
    const Inputs inputs{postmortem, options.evidence, time, options.chartLink, document.text};
    const std::string rendered = engine.render(buildData(DataBuilder(), inputs));
    if (!engine.is_valid())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("the template does not render: %1").arg(QString::fromStdString(engine.error_message())),
            document.location);
    return QString::fromStdString(rendered).remove(QChar(lineMarker));
}

QStringList templateTags()
{
    // Every part present, so that every tag is set once.
    model::Postmortem sample;
    sample.timeline.push_back({});
    sample.rootCauses.push_back({});
    sample.actionItems.push_back({});
    QString anchorTags;
    for (const QString& anchor : model::customSectionAnchors()) {
        model::CustomSection section;
        section.heading = QStringLiteral("x");
        section.after = anchor;
        sample.customSections.push_back(section);
        anchorTags += QStringLiteral("{{#") + QString::fromStdString(anchorTag(anchor)) + QStringLiteral("}}");
    }
    timeline::Timeline evidence;
    evidence.findings.resize(2);
    evidence.findings[1].type = timeline::Finding::Type::SuspectChange;
    evidence.runs.push_back({});
    evidence.phases.trigger = 0;
    const WindowTimeFormat time(0, 0, QTimeZone::utc(), WindowTimeFormat::Precision::Minutes);
    std::set<QString> tags;
    buildData(DataBuilder(&tags), {sample, &evidence, time, {}, anchorTags});
    return QStringList(tags.begin(), tags.end());
}

QStringList unknownTags(const Template& document)
{
    // {{name}}, {{{name}}}, {{& name}}, {{#name}}, {{^name}}, {{/name}}, {{> name}}; not comments.
    static const QRegularExpression tag(QStringLiteral("\\{\\{(\\{?)\\s*([#^/&>]?)\\s*([^}\\s]*)\\s*\\}?\\}\\}"));
    if (document.text.contains(QStringLiteral("{{=")))
        return {}; // changed delimiters: not worth following
    const QStringList known = templateTags();
    QSet<QString> names;
    for (const QString& t : known)
        names.insert(t.section(u'.', -1));
    QStringList unknown;
    for (const QRegularExpressionMatch& match : tag.globalMatch(document.text)) {
        const QString name = match.captured(3);
        const bool partial = match.captured(2) == u">";
        if (name.isEmpty() || name == u"." || name.startsWith(u'!'))
            continue;
        if ((partial || !names.contains(name)) && !unknown.contains(name))
            unknown << name;
    }
    return unknown;
}

} // namespace aftermath::report
