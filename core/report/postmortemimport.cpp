#include "postmortemimport.h"

#include "markdown.h"
#include "timelinestamp.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <utility>

namespace aftermath::report {

namespace {

using model::ActionItem;

enum class Field {
    None, // before the first section: the title's metadata and preamble
    Unknown,
    Evidence, // what Aftermath wrote from the evidence: reconstructed, not read back
    Date,
    Authors,
    Status,
    Summary,
    Description,
    Impact,
    Trigger,
    Detection,
    Resolution,
    RootCauses,
    ContributingFactors,
    Lessons,
    WentWell,
    WentWrong,
    GotLucky,
    Timeline,
    WhatHappened, // a timeline when it lists times, else the summary
    Actions,
};

// "Root Cause(s)" -> "root causes"; "What didn't go well?" -> "what didnt go well"
QString normalised(const QString& heading)
{
    QString out;
    for (const QChar c : heading) {
        if (c.isLetter())
            out += c.toLower();
        else if (c.isSpace() || c == u'-' || c == u'/')
            out += u' ';
    }
    return out.simplified();
}

Field fieldFor(const QString& written)
{
    // "Timeline (all times UTC)", "Immediate actions (completed)": what is in brackets qualifies
    static const QRegularExpression brackets(QStringLiteral("\\([^)]*\\)|\\[[^\\]]*\\]"));
    QString heading = written;
    heading.remove(brackets);
    static const QHash<QString, Field> names = [] {
        QHash<QString, Field> map;
        auto add = [&](Field field, std::initializer_list<const char16_t*> words) {
            for (const char16_t* word : words)
                map.insert(QString::fromUtf16(word), field);
        };
        add(Field::Date, {u"date", u"incident date", u"when"});
        add(Field::Authors, {u"authors", u"author", u"written by"});
        add(Field::Status, {u"status", u"document status", u"report status"});
        add(Field::Summary,
            {u"summary", u"executive summary", u"overview", u"tldr", u"tl dr", u"incident summary", u"abstract",
                u"issue summary"});
        add(Field::Description,
            {u"non technical description", u"nontechnical description", u"description", u"non technical summary",
                u"customer facing summary", u"background", u"outage description"});
        add(Field::Impact,
            {u"impact", u"customer impact", u"user impact", u"impact assessment", u"business impact",
                u"who was affected", u"summary of impact", u"affected users", u"impact on customers",
                u"what was the impact", u"who was impacted", u"scope and impact", u"impact and scope",
                u"detailed description of impact", u"description of impact"});
        add(Field::Trigger, {u"trigger", u"triggers", u"triggering event"});
        add(Field::Detection,
            {u"detection", u"how we found out", u"how was it detected", u"how it was detected", u"how did we find out",
                u"how did we detect it", u"how we detected it"});
        add(Field::Resolution,
            {u"resolution", u"mitigation", u"recovery", u"fix", u"the fix", u"resolution and recovery",
                u"mitigation and resolution", u"mitigation resolution", u"how did we fix it", u"how we fixed it",
                u"how was it fixed", u"how was it resolved", u"restoration", u"recovery and restoration",
                u"response and recovery"});
        add(Field::RootCauses,
            {u"root cause", u"root causes", u"root cause analysis", u"causes", u"cause", u"why", u"why did it happen",
                u"five whys", u"whys", u"what caused the incident", u"root cause and mitigation", u"how did it happen",
                u"how did this happen", u"why did this happen", u"what went wrong technically", u"what caused it",
                u"what caused this", u"cause of the incident", u"causes of the incident", u"underlying cause",
                u"underlying causes", u"rca", u"technical root cause", u"the root cause", u"identified cause",
                u"identified causes"});
        add(Field::ContributingFactors,
            {u"contributing factors", u"contributing factor", u"contributing causes",
                u"contributing conditions analysis", u"process breakdowns"});
        add(Field::Lessons, {u"lessons learned", u"lessons learnt", u"lessons", u"learnings", u"retrospective"});
        add(Field::WentWell, {u"what went well", u"went well", u"things that went well", u"what worked"});
        add(Field::WentWrong,
            {u"what went wrong", u"went wrong", u"what didnt go well", u"what did not go well", u"what went poorly",
                u"what could have gone better", u"things that went wrong", u"what went badly"});
        add(Field::GotLucky,
            {u"where we got lucky", u"got lucky", u"where we were lucky", u"what was lucky",
                u"where did we get lucky"});
        add(Field::Timeline,
            {u"timeline", u"incident timeline", u"timeline summary", u"timeline of events", u"detailed timeline", u"chronology",
                u"sequence of events", u"timeline of the incident", u"event timeline", u"outage timeline",
                u"chronology of events", u"detailed chronology"});
        add(Field::WhatHappened, {u"what happened"});
        add(Field::Actions,
            {u"action items", u"action item", u"actions", u"follow up", u"follow ups", u"followup", u"followups",
                u"next steps", u"remediation", u"remediations", u"remediation items", u"corrective actions",
                u"preventive actions", u"corrective and preventive actions", u"action plan", u"todo", u"to do",
                u"tasks", u"what were doing about it", u"what we are doing about it", u"what are we doing about it",
                u"what are we doing about this", u"what were doing about this", u"what were doing to prevent it",
                u"what we are doing to prevent it", u"how are we preventing it from happening again",
                u"how will we prevent it from happening again", u"preventing recurrence", u"prevention",
                u"follow up tasks", u"follow up actions", u"follow up items", u"followup tasks", u"follow ups and actions",
                u"remediation and prevention", u"remediation steps", u"corrective measures", u"improvements",
                u"next steps and action items", u"action items and follow ups", u"what were changing",
                u"what we are changing", u"steps we are taking", u"whats next"});
        add(Field::Evidence,
            {u"what the evidence shows", u"supporting information", u"suspect changes", u"findings", u"runs"});
        return map;
    }();
    return names.value(normalised(heading), Field::Unknown);
}

// The template name of a field's place in a document (model::customSectionAnchors()).
QString anchorOf(Field field)
{
    switch (field) {
    case Field::None:
    case Field::Unknown:
        return {};
    case Field::Evidence:
        return QStringLiteral("evidence");
    case Field::Date:
        return QStringLiteral("date");
    case Field::Authors:
        return QStringLiteral("authors");
    case Field::Status:
        return QStringLiteral("status");
    case Field::Summary:
        return QStringLiteral("summary");
    case Field::Description:
        return QStringLiteral("description");
    case Field::Impact:
        return QStringLiteral("impact");
    case Field::Trigger:
        return QStringLiteral("trigger");
    case Field::Detection:
        return QStringLiteral("detection");
    case Field::Resolution:
        return QStringLiteral("resolution");
    case Field::RootCauses:
        return QStringLiteral("root_causes");
    case Field::ContributingFactors:
        return QStringLiteral("contributing_factors");
    case Field::Lessons:
        return QStringLiteral("lessons");
    case Field::WentWell:
        return QStringLiteral("went_well");
    case Field::WentWrong:
        return QStringLiteral("went_wrong");
    case Field::GotLucky:
        return QStringLiteral("got_lucky");
    case Field::Timeline:
    case Field::WhatHappened:
        return QStringLiteral("timeline");
    case Field::Actions:
        return QStringLiteral("action_items");
    }
    return {};
}

// Inline content as plain text: emphasis dropped, code kept as its text, a link as its text (and
// its address when that differs), hard breaks as newlines, soft breaks as spaces.
void appendInline(const MarkdownNode& node, QString& out, bool keepLines = false)
{
    if (node.type == u"text" || node.type == u"code" || node.type == u"html_inline") {
        out += node.literal;
    } else if (node.type == u"softbreak") {
        out += keepLines ? u'\n' : u' ';
    } else if (node.type == u"linebreak") {
        out += u'\n';
    } else if (node.type == u"image") {
        return;
    } else if (node.type == u"link") {
        QString text;
        for (const MarkdownNode& child : node.children)
            appendInline(child, text, keepLines);
        out += text;
        // An autolink's address is its text, with "mailto:" before an e-mail address and
        // "http://" before a www. one (GFM).
        if (!node.url.isEmpty() && text != node.url && u"mailto:" + text != node.url && u"http://" + text != node.url)
            out += QStringLiteral(" (%1)").arg(node.url);
    } else {
        for (const MarkdownNode& child : node.children)
            appendInline(child, out, keepLines);
    }
}

QString inlineText(const MarkdownNode& node)
{
    QString out;
    appendInline(node, out);
    return out.trimmed();
}

// A block's text: paragraphs as they are, list items as "- item" lines, code as it is.
QString blockText(const MarkdownNode& block)
{
    if (block.type == u"paragraph" || block.type == u"heading" || block.type == u"table_cell")
        return inlineText(block);
    if (block.type == u"code_block")
        return block.literal.trimmed();
    if (block.type == u"html_block" || block.type == u"thematic_break")
        return {};
    QStringList parts;
    for (const MarkdownNode& child : block.children) {
        const QString text = blockText(child);
        if (text.isEmpty())
            continue;
        parts << (child.type == u"item" || child.type == u"tasklist" ? QStringLiteral("- ") + text : text);
    }
    return parts.join(block.type == u"list" ? QStringLiteral("\n") : QStringLiteral("\n\n"));
}

// A list item's own first paragraph; nested lists and code under it are detail.
QString firstParagraph(const MarkdownNode& item)
{
    const auto first
        = std::ranges::find_if(item.children, [](const MarkdownNode& child) { return child.type == u"paragraph"; });
    return first != item.children.end() ? inlineText(*first) : blockText(item);
}

// "_Not written yet: ..._", "_None yet._": what a template writes for an empty field.
bool isPlaceholder(const MarkdownNode& paragraph)
{
    if (paragraph.type != u"paragraph" || paragraph.children.size() != 1 || paragraph.children[0].type != u"emph")
        return false;
    static const QRegularExpression words(
        QStringLiteral("^(?:not written yet|none yet|no timeline entries yet|not named yet|not set|nothing yet|tbd)"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(inlineText(paragraph)).hasMatch();
}

// How the paragraphs Aftermath writes from the evidence into a person's section start.
constexpr const char16_t* evidenceLineStarts[]
    = {u"From the evidence:", u"Time to detect:", u"Reconstructed by Aftermath"};

// A paragraph Aftermath writes from the evidence into a person's section.
bool isEvidenceLine(const QString& text)
{
    return std::ranges::any_of(evidenceLineStarts, [&](const char16_t* start) { return text.startsWith(start); });
}

// "Postmortem: ", "Incident report - ": what a title starts with that is not its own.
const QRegularExpression& titlePrefix()
{
    static const QRegularExpression prefix(
        QStringLiteral("^(?:incident\\s+)?(?:post-?\\s?mortem|incident report|incident review|retrospective)"
                       "\\s*[:\\-–—]\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    return prefix;
}

// " (incident #12)", which the google-sre template writes after the title.
const QRegularExpression& titleSuffix()
{
    static const QRegularExpression suffix(QStringLiteral("\\s*\\(incident #\\d+\\)$"));
    return suffix;
}

// The characters the importer reads as structure somewhere (a title's "Postmortem:", the "-" or "|"
// after a time, the " — " before a note, the ", by" of an owner, ...), as a document escapes them
// where they are text: ASCII punctuation with a backslash, a dash by its entity. Markdown shows
// each as the character; the importer reads each as text (EscapeMarks), and an export writes them
// so where people's text would read as structure (escapedForImport()).
struct ImportEscape {
    char16_t character;
    const char16_t* written;
};
constexpr ImportEscape importEscapes[] = {
    {u'-', u"\\-"},
    {u':', u"\\:"},
    {u'|', u"\\|"},
    {u',', u"\\,"},
    {u'(', u"\\("},
    {u')', u"\\)"},
    {u'–', u"&ndash;"},
    {u'—', u"&mdash;"},
};

QString importEscaped(QChar c)
{
    const auto escape = std::ranges::find(importEscapes, c.unicode(), &ImportEscape::character);
    return escape != std::end(importEscapes) ? QString::fromUtf16(escape->written) : QString(c);
}

// A document with each of its importEscapes read as a mark of its own: a code point of the private
// use area that the document does not hold, which no pattern of the importer takes for structure.
// What is read from it as text gets the characters back (unmarked()); code and raw HTML, where
// backslashes and entities are as written, get the escapes back (asWritten()).
class EscapeMarks {
public:
    explicit EscapeMarks(const QString& markdown)
    {
        char16_t next = 0xe000;
        for (std::size_t i = 0; i < std::size(importEscapes); ++i) {
            while (markdown.contains(QChar(next)))
                ++next;
            m_marks.push_back(QChar(next++));
        }
        m_marked.reserve(markdown.size());
        for (qsizetype i = 0; i < markdown.size();) {
            const QStringView rest = QStringView(markdown).sliced(i);
            const auto escape = std::ranges::find_if(
                importEscapes, [&](const ImportEscape& e) { return rest.startsWith(QStringView(e.written)); });
            if (escape != std::end(importEscapes)) {
                m_marked += m_marks[std::size_t(escape - std::begin(importEscapes))];
                i += QStringView(escape->written).size();
            } else {
                // Any other backslash escape (of a backslash, of "&") is passed whole: what follows is
                // not an escape.
                const qsizetype length = rest.startsWith(u'\\') && rest.size() > 1 ? 2 : 1;
                m_marked += rest.first(length);
                i += length;
            }
        }
    }

    const QString& marked() const { return m_marked; }

    QString unmarked(QString text) const
    {
        for (std::size_t i = 0; i < m_marks.size(); ++i)
            text.replace(m_marks[i], QChar(importEscapes[i].character));
        return text;
    }

    // Code and raw HTML in a GFM table cell have "\\|" as "|" (the table took the backslash).
    QString asWritten(QString text, bool inTableCell) const
    {
        for (std::size_t i = 0; i < m_marks.size(); ++i) {
            const bool pipe = importEscapes[i].character == u'|';
            text.replace(
                m_marks[i], pipe && inTableCell ? QStringLiteral("|") : QString::fromUtf16(importEscapes[i].written));
        }
        return text;
    }

    // The code and raw HTML under `node` as written.
    void restoreWritten(MarkdownNode& node, bool inTableCell = false) const
    {
        inTableCell = inTableCell || node.type == u"table_cell";
        if (node.type == u"code" || node.type == u"code_block" || node.type.startsWith(u"html_"))
            node.literal = asWritten(node.literal, inTableCell);
        for (MarkdownNode& child : node.children)
            restoreWritten(child, inTableCell);
    }

private:
    std::vector<QChar> m_marks; // one for each of importEscapes
    QString m_marked;
};

QString unassignedOrName(const QString& owner)
{
    static const QRegularExpression nobody(
        QStringLiteral("^(?:unassigned|tbd|tba|none|n/?a|-+|—|\\?)$"), QRegularExpression::CaseInsensitiveOption);
    return nobody.match(owner.trimmed()).hasMatch() ? QString() : owner.trimmed();
}

std::optional<ActionItem::Status> statusFrom(const QString& text)
{
    const QString s = normalised(text);
    if (s.isEmpty())
        return std::nullopt;
    if (s == u"open" || s == u"todo" || s == u"to do" || s == u"not started" || s == u"new" || s == u"planned")
        return ActionItem::Status::Open;
    if (s == u"in progress" || s == u"inprogress" || s == u"in review" || s == u"started" || s == u"doing"
        || s == u"ongoing")
        return ActionItem::Status::InProgress;
    if (s == u"done" || s == u"complete" || s == u"completed" || s == u"closed" || s == u"fixed" || s == u"resolved"
        || text.contains(u"✅") || text.contains(u"✔"))
        return ActionItem::Status::Done;
    if (s == u"wont do" || s == u"won t do" || s == u"wontfix" || s == u"wont fix" || s == u"cancelled"
        || s == u"canceled" || s == u"dropped")
        return ActionItem::Status::WontDo;
    return std::nullopt;
}

std::optional<ActionItem::Type> typeFrom(const QString& text)
{
    const QString s = normalised(text);
    if (s.startsWith(u"prevent"))
        return ActionItem::Type::Prevent;
    if (s.startsWith(u"mitigat"))
        return ActionItem::Type::Mitigate;
    if (s.startsWith(u"detect"))
        return ActionItem::Type::Detect;
    if (s.startsWith(u"process"))
        return ActionItem::Type::Process;
    if (s.startsWith(u"spike") || s.startsWith(u"investigat"))
        return ActionItem::Type::Spike;
    return std::nullopt;
}

// The columns of an action item table, found by their names.
struct ActionColumns {
    int description = -1, owner = -1, due = -1, status = -1, priority = -1, type = -1, link = -1;
};

ActionColumns actionColumns(const QStringList& headers)
{
    ActionColumns c;
    for (int i = 0; i < headers.size(); ++i) {
        const QString h = normalised(headers[i]);
        auto is = [&](std::initializer_list<const char16_t*> names) {
            return std::ranges::any_of(names, [&](const char16_t* name) { return h == QStringView(name); });
        };
        if (c.description < 0
            && is({u"action item", u"action items", u"action", u"item", u"description", u"task", u"summary", u"what",
                u"follow up", u"remediation"}))
            c.description = i;
        else if (c.owner < 0 && is({u"owner", u"owners", u"assignee", u"who", u"dri", u"responsible", u"assigned to"}))
            c.owner = i;
        else if (c.due < 0 && is({u"due", u"due date", u"by", u"deadline", u"target date", u"when"}))
            c.due = i;
        else if (c.status < 0 && is({u"status", u"state", u"done"}))
            c.status = i;
        else if (c.priority < 0 && is({u"priority", u"pri", u"severity"}))
            c.priority = i;
        else if (c.type < 0 && is({u"type", u"kind", u"category"}))
            c.type = i;
        else if (c.link < 0 && is({u"issue", u"link", u"ticket", u"bug", u"tracker", u"jira", u"github issue"}))
            c.link = i;
    }
    return c;
}

QStringList rowCells(const MarkdownNode& row)
{
    QStringList cells;
    for (const MarkdownNode& cell : row.children)
        cells << inlineText(cell);
    return cells;
}

class Reader {
public:
    Reader(const QString& markdown, const QString& origin, const PostmortemImportOptions& options)
        : m_marks(markdown), m_origin(origin), m_zone(options.zone), m_defaultYear(options.defaultYear)
    {
    }

    Result<ImportedPostmortem> read(const QString& markdown);

private:
    // A section no field holds, read up to the heading that ends it, whose body is then taken
    // from the source as it is.
    struct OpenSection {
        model::CustomSection section;
        int level = 0;
        int bodyStart = 0; // the line after its heading, from 1
    };

    void heading(const MarkdownNode& node);
    void closeSection(int lastLine);
    QString sourceLines(int first, int last) const;
    QString headingSource(const MarkdownNode& node) const;
    // Keeps what the field it is in cannot hold, as it was written, right after that field.
    void keep(const QString& markdown, bool fromEvidence = false);
    void keep(const MarkdownNode& node, bool fromEvidence = false)
    {
        keep(sourceLines(node.startLine, node.endLine), fromEvidence);
    }
    void block(const MarkdownNode& node);
    void proseTimes(const MarkdownNode& node);
    void preamble(const MarkdownNode& node);
    void textBlock(const MarkdownNode& node, QString& field);
    void timelineBlock(const MarkdownNode& node);
    void timelineList(const MarkdownNode& list);
    // `text`, when given, is the entry's text instead of what follows the time.
    bool timelineLine(const QString& line, const QString& text = {});
    bool timelineDay(const QString& line);
    void rootCauseBlock(const MarkdownNode& node);
    void actionBlock(const MarkdownNode& node);
    void actionFromText(QString text, std::optional<ActionItem::Status> status);
    void warn(const QString& message) { m_result.warnings << message; }
    // What was read as text gets its escaped characters back.
    void unmark();

    EscapeMarks m_marks;
    QString m_origin;
    QTimeZone m_zone;
    int m_defaultYear;
    bool m_zoneStated = false;
    // The zone the timeline's lines name themselves ("6:00 a.m. PST"), when every one names the
    // same: the incident is shown in it, as the document was written.
    std::optional<QTimeZone> m_linesZone;
    qsizetype m_linesNamingZone = 0;
    bool m_linesZonesDiffer = false;
    ImportedPostmortem m_result;
    Field m_field = Field::None; // where blocks go now
    Field m_sectionField = Field::None; // the field of the last heading that named one
    int m_fieldLevel = 0;
    bool m_sectionDone = false; // under an "Immediate actions (completed)" heading
    QDate m_date; // the day times without one are on
    std::optional<qint64> m_lastEntryUs;
    bool m_windowGiven = false;
    QStringList m_pendingTimeline; // timeline lines before a date is known
    QString m_whatHappened;
    QStringList m_lines; // the document's source lines
    std::optional<OpenSection> m_open; // a custom section being read
    QString m_anchor; // the field section the text is in or after: customSectionAnchors()
    int m_sections = 0; // custom sections so far
    bool m_hasTimeline = false; // a Timeline (or What happened) section: else prose gives the times
    QString m_stampHeading; // "### 2018 October 21 22:52 UTC" in a timeline: the time of the next paragraph
};

Result<ImportedPostmortem> Reader::read(const QString& markdown)
{
    // Escaped characters are text (importEscapes): read as marks, given back at the end (unmark()).
    MarkdownNode document = parseMarkdown(m_marks.marked());
    m_marks.restoreWritten(document);
    m_lines = markdown.split(u'\n');
    for (QString& line : m_lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    if (std::ranges::all_of(document.children, [](const MarkdownNode& n) { return blockText(n).isEmpty(); }))
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("the document is empty: there is no postmortem to import"), m_origin);

    // Times without a date need one: the window, a Date section, or a date in the title or the
    // file's name, in that order; a first pass finds what the document states.
    model::Incident& incident = m_result.postmortem.incident;
    for (const MarkdownNode& node : document.children) {
        const QString text = blockText(node);
        if (!m_zoneStated) {
            if (const auto zone = statedZone(text)) {
                m_zone = *zone;
                m_zoneStated = true;
            }
        }
        if (incident.title.isEmpty() && node.type == u"heading") {
            incident.title = text;
            incident.title.remove(titlePrefix());
            incident.title.remove(titleSuffix());
        }
    }
    if (incident.title.isEmpty())
        incident.title = QFileInfo(m_origin).completeBaseName();
    // Dates without a year ("Jan 14, 10:18 AM") take the document's own: the first date with a
    // year in the title, the lines before the first section, a Date section or the file's name.
    const QString fileName = QFileInfo(m_origin).fileName().replace(u'_', u' ');
    {
        std::optional<int> year;
        auto consider = [&](const QString& text) {
            bool given = false;
            if (const auto date = dateIn(text, m_defaultYear, &given); !year && date && given)
                year = date->year();
        };
        consider(incident.title);
        bool beforeSections = true, inDate = false, titleSkipped = false;
        for (const MarkdownNode& node : document.children) {
            if (node.type == u"heading") {
                if (std::exchange(titleSkipped, true)) {
                    beforeSections = false;
                    const Field field = fieldFor(inlineText(node));
                    inDate = field == Field::Date;
                    m_hasTimeline = m_hasTimeline || field == Field::Timeline || field == Field::WhatHappened;
                }
            } else if (beforeSections || inDate) {
                consider(blockText(node));
            }
        }
        consider(fileName);
        if (year)
            m_defaultYear = *year;
    }
    m_date = dateIn(incident.title, m_defaultYear).value_or(QDate());
    if (!m_date.isValid())
        m_date = dateIn(fileName, m_defaultYear).value_or(QDate());

    bool titleSeen = false;
    for (const MarkdownNode& node : document.children) {
        if (node.type == u"heading" && !titleSeen) {
            titleSeen = true;
            continue;
        }
        if (node.type == u"heading")
            heading(node);
        else
            block(node);
    }
    closeSection(int(m_lines.size()));
    for (const QString& line : std::as_const(m_pendingTimeline))
        warn(QStringLiteral("timeline line with no date to place it on (add a Date section): %1").arg(line));
    if (!m_whatHappened.isEmpty()) {
        incident.summary = incident.summary.isEmpty() ? m_whatHappened : incident.summary + u"\n\n" + m_whatHappened;
    }

    auto& timeline = m_result.postmortem.timeline;
    std::ranges::stable_sort(timeline, {}, &model::TimelineEntry::timeUs);
    if (!m_windowGiven) {
        if (!timeline.empty()) {
            incident.fromUs = timeline.front().timeUs;
            incident.toUs = incident.fromUs;
            for (const auto& entry : timeline)
                incident.toUs = std::max(incident.toUs, entry.endUs.value_or(entry.timeUs));
        } else if (m_date.isValid()) {
            incident.fromUs = QDateTime(m_date, QTime(0, 0), m_zone).toMSecsSinceEpoch() * 1000;
            incident.toUs = QDateTime(m_date.addDays(1), QTime(0, 0), m_zone).toMSecsSinceEpoch() * 1000 - 1;
        } else {
            warn(QStringLiteral("no date or time anywhere in the document: set the window with "
                                "`aftermath-cli incident set ID --from T --to T`"));
        }
    }
    const bool linesAgree = m_linesZone && !m_linesZonesDiffer && !timeline.empty()
        && m_linesNamingZone == qsizetype(timeline.size());
    incident.displayZone = QString::fromUtf8((!m_zoneStated && linesAgree ? *m_linesZone : m_zone).id());
    for (std::size_t i = 0; i < m_result.postmortem.rootCauses.size(); ++i)
        m_result.postmortem.rootCauses[i].position = int(i) + 1;
    unmark();
    return std::move(m_result);
}

void Reader::unmark()
{
    model::Postmortem& p = m_result.postmortem;
    model::Incident& i = p.incident;
    for (QString* text : {&i.title, &i.severity, &i.summary, &i.authors, &i.description, &i.impact, &i.trigger,
             &i.detection, &i.resolution, &i.contributingFactors, &i.wentWell, &i.wentWrong, &i.gotLucky})
        *text = m_marks.unmarked(*text);
    for (model::TimelineEntry& entry : p.timeline) {
        entry.text = m_marks.unmarked(entry.text);
        entry.note = m_marks.unmarked(entry.note);
    }
    for (model::RootCause& cause : p.rootCauses)
        cause.text = m_marks.unmarked(cause.text);
    for (ActionItem& item : p.actionItems) {
        for (QString* text : {&item.description, &item.owner, &item.priority, &item.link})
            *text = m_marks.unmarked(*text);
    }
    for (model::CustomSection& section : p.customSections) {
        section.heading = m_marks.unmarked(section.heading);
        section.markdown = m_marks.unmarked(section.markdown);
    }
    for (QString& warning : m_result.warnings)
        warning = m_marks.unmarked(warning);
}

void Reader::heading(const MarkdownNode& node)
{
    const QString text = inlineText(node);
    const Field field = fieldFor(text);
    // A custom section holds its deeper headings that name no field; what the evidence shows
    // holds all of its own.
    if (m_open && node.headingLevel > m_open->level && (m_open->section.fromEvidence || field == Field::Unknown))
        return;
    closeSection(node.startLine - 1);
    if (!m_stampHeading.isEmpty()) // a timed heading with no paragraph under it: kept as written
        keep(std::exchange(m_stampHeading, QString()));
    const bool deeper = node.headingLevel > m_fieldLevel && m_field != Field::None;
    if (field == Field::Unknown && deeper && (m_sectionField == Field::Timeline || m_sectionField == Field::WhatHappened)) {
        const QDate context = m_date.isValid() ? m_date : QDate(m_defaultYear, 1, 1);
        if (const auto stamp = leadingStamp(text, {context, m_zone})) {
            m_field = m_sectionField;
            if (stamp->rest.isEmpty())
                m_stampHeading = text; // its entry's text is the paragraph under it
            else if (!timelineLine(text))
                keep(sourceLines(node.startLine, node.endLine));
            return;
        }
    }
    // A heading that names no field inside a section is part of it ("### October 21, 2025",
    // "### Immediate actions (completed)"); a dated one sets the day of the times under it. The
    // heading itself is kept after the field.
    if (field == Field::Unknown && deeper && m_sectionField != Field::Unknown && m_sectionField != Field::Evidence) {
        m_field = m_sectionField; // a "**Root causes:**" label inside the section ends here
        if (const auto date = dateIn(text, m_date.isValid() ? m_date.year() : m_defaultYear)) {
            m_date = *date;
            m_lastEntryUs.reset();
        }
        static const QRegularExpression done(
            QStringLiteral("\\b(?:completed|done|finished)\\b"), QRegularExpression::CaseInsensitiveOption);
        m_sectionDone = done.match(text).hasMatch();
        keep(sourceLines(node.startLine, node.endLine));
        return;
    }
    m_field = field;
    m_sectionField = field;
    m_fieldLevel = node.headingLevel;
    m_sectionDone = false;
    if (field == Field::Unknown || field == Field::Evidence) {
        OpenSection open;
        open.section.heading = headingSource(node);
        open.section.after = m_anchor;
        open.section.fromEvidence = field == Field::Evidence;
        open.level = node.headingLevel;
        open.bodyStart = node.endLine + 1;
        m_open = std::move(open);
    }
    if (field != Field::Unknown)
        m_anchor = anchorOf(field); // Lessons Learned holds its three parts; they keep their own fields
}

void Reader::closeSection(int lastLine)
{
    if (!m_open)
        return;
    model::CustomSection section = std::move(m_open->section);
    section.markdown = sourceLines(m_open->bodyStart, lastLine);
    section.position = ++m_sections;
    m_open.reset();
    m_result.postmortem.customSections.push_back(std::move(section));
}

// Lines first to last (from 1) as written, without the blank lines around them.
QString Reader::sourceLines(int first, int last) const
{
    first = std::max(first, 1);
    last = std::min(last, int(m_lines.size()));
    while (first <= last && m_lines[first - 1].trimmed().isEmpty())
        ++first;
    while (last >= first && m_lines[last - 1].trimmed().isEmpty())
        --last;
    if (first > last)
        return {};
    return m_lines.mid(first - 1, last - first + 1).join(u'\n');
}

// "## Why was this *hard* to detect? ##" -> "Why was this *hard* to detect?"; an underlined
// heading's text.
QString Reader::headingSource(const MarkdownNode& node) const
{
    static const QRegularExpression open(QStringLiteral("^\\s{0,3}#{1,6}(?:\\s+|$)"));
    static const QRegularExpression close(QStringLiteral("(?:^|\\s+)#+\\s*$"));
    QString line = sourceLines(node.startLine, node.startLine);
    if (!open.match(line).hasMatch())
        return line.trimmed(); // setext: the text is its first line
    line.remove(open);
    line.remove(close);
    return line.trimmed();
}

void Reader::keep(const QString& markdown, bool fromEvidence)
{
    if (markdown.trimmed().isEmpty())
        return;
    auto& sections = m_result.postmortem.customSections;
    // Parts kept one after another in one field are one part: rendered the same, read more easily.
    if (!sections.empty() && sections.back().heading.isEmpty() && sections.back().after == m_anchor
        && sections.back().fromEvidence == fromEvidence && sections.back().position == m_sections) {
        sections.back().markdown += QStringLiteral("\n\n") + markdown;
        return;
    }
    model::CustomSection part;
    part.markdown = markdown;
    part.after = m_anchor;
    part.fromEvidence = fromEvidence;
    part.position = ++m_sections;
    sections.push_back(std::move(part));
}

void Reader::block(const MarkdownNode& node)
{
    if (m_open)
        return; // taken as written when the section ends
    if (isPlaceholder(node) || node.type == u"thematic_break")
        return;
    if (node.type == u"html_block") {
        if (m_field != Field::None)
            keep(node);
        return;
    }
    if (node.type == u"paragraph") {
        const QString text = inlineText(node);
        if (text.isEmpty())
            return;
        if (isEvidenceLine(text)) {
            keep(node, true);
            return;
        }
    }
    // A bold label on its own inside a section ("**Root causes:**", "**Timeline:**") starts that
    // field's part of it, up to the next label or heading.
    if (m_field != Field::None && node.type == u"paragraph" && node.children.size() == 1
        && node.children[0].type == u"strong") {
        const QString label = inlineText(node);
        if (label.endsWith(u':')) {
            if (const Field field = fieldFor(label.chopped(1)); field != Field::Unknown) {
                m_field = field;
                return;
            }
        }
    }
    model::Incident& incident = m_result.postmortem.incident;
    switch (m_field) {
    case Field::None:
        proseTimes(node);
        preamble(node);
        return;
    case Field::Evidence:
    case Field::Unknown:
        return; // in a custom section, which is taken as written when it ends
    case Field::Date:
        if (const auto date = dateIn(blockText(node), m_defaultYear))
            m_date = *date;
        return;
    case Field::Authors:
        textBlock(node, incident.authors);
        return;
    case Field::Status: {
        // "in review, severity SEV2"
        const QString text = blockText(node);
        const QStringList parts = text.split(QStringLiteral(", severity "));
        const QString status = normalised(parts.front());
        incident.status = status == u"in review" ? QStringLiteral("in_review")
            : status == u"final"                 ? QStringLiteral("final")
                                                 : QStringLiteral("draft");
        if (parts.size() > 1)
            incident.severity = parts[1].trimmed();
        return;
    }
    case Field::Summary:
        proseTimes(node);
        textBlock(node, incident.summary);
        return;
    case Field::Description:
        proseTimes(node);
        textBlock(node, incident.description);
        return;
    case Field::Impact:
        textBlock(node, incident.impact);
        return;
    case Field::Trigger:
        textBlock(node, incident.trigger);
        return;
    case Field::Detection:
        textBlock(node, incident.detection);
        return;
    case Field::Resolution:
        textBlock(node, incident.resolution);
        return;
    case Field::ContributingFactors:
        textBlock(node, incident.contributingFactors);
        return;
    case Field::Lessons:
        textBlock(node, incident.wentWrong);
        return;
    case Field::WentWell:
        textBlock(node, incident.wentWell);
        return;
    case Field::WentWrong:
        textBlock(node, incident.wentWrong);
        return;
    case Field::GotLucky:
        textBlock(node, incident.gotLucky);
        return;
    case Field::RootCauses:
        rootCauseBlock(node);
        return;
    case Field::Timeline:
        if (!m_stampHeading.isEmpty() && node.type == u"paragraph") {
            const QString line = std::exchange(m_stampHeading, QString()) + QStringLiteral(" - ") + inlineText(node);
            if (!timelineLine(line))
                keep(node);
            return;
        }
        timelineBlock(node);
        return;
    case Field::WhatHappened: {
        // Prose without a time in it is the story: the summary.
        QString lines;
        appendInline(node, lines, true);
        const bool timed = std::ranges::any_of(lines.split(u'\n'), [&](const QString& line) {
            return leadingStamp(line, {QDate(2000, 1, 1), m_zone}).has_value();
        });
        if (node.type == u"paragraph" && !timed && !statedZone(lines)) {
            m_whatHappened += (m_whatHappened.isEmpty() ? QString() : QStringLiteral("\n\n")) + blockText(node);
            return;
        }
        timelineBlock(node);
        return;
    }
    case Field::Actions:
        actionBlock(node);
        return;
    }
}

// In a document without a timeline, the story told in prose gives it: each sentence with a time
// is an entry too ("At 9:37AM PST, an engineer ...", "Flags went down from 15:30 to 18:10 UTC."),
// at its first time or range; a sentence that starts with one loses it from its text.
void Reader::proseTimes(const MarkdownNode& node)
{
    if (m_hasTimeline || node.type != u"paragraph")
        return;
    static const QRegularExpression sentenceEnd(QStringLiteral("(?<=[.!?])\\s+(?=\\S)"));
    static const QRegularExpression by(QStringLiteral("^(?:by|from|until|around|at)\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression time(
        QStringLiteral("\\b\\d{1,2}(?::\\d{2}|\\s*[ap]\\.?m\\b)"), QRegularExpression::CaseInsensitiveOption);
    for (QString sentence : inlineText(node).split(sentenceEnd)) {
        sentence.remove(by);
        if (timelineLine(sentence))
            continue;
        for (const QRegularExpressionMatch& m : time.globalMatch(sentence)) {
            if (m.capturedStart() > 0 && timelineLine(sentence.sliced(m.capturedStart()), sentence.trimmed()))
                break;
        }
    }
}

// Before the first section: "- **Severity:** SEV2" metadata, and the opening paragraphs.
void Reader::preamble(const MarkdownNode& node)
{
    model::Incident& incident = m_result.postmortem.incident;
    if (node.type == u"list") {
        static const QRegularExpression pair(QStringLiteral("^([A-Za-z][\\w ]{0,30}):\\s*(.*)$"));
        bool allPairs = true;
        for (const MarkdownNode& item : node.children) {
            const auto m = pair.match(blockText(item));
            if (!m.hasMatch()) {
                allPairs = false;
                continue;
            }
            const QString key = normalised(m.captured(1));
            const QString value = m.captured(2).trimmed();
            if (key == u"incident") {
                // "#1, 2026-06-18 00:00 +01:00 to 2026-06-18 10:00 +01:00"
                QString window = value;
                window.remove(QRegularExpression(QStringLiteral("^#\\d+,\\s*")));
                const QStringList ends = window.split(QStringLiteral(" to "));
                const StampContext context{m_date, m_zone};
                const auto from = ends.size() == 2 ? leadingStamp(ends[0], context) : std::nullopt;
                const auto to = ends.size() == 2 ? leadingStamp(ends[1], context) : std::nullopt;
                if (from && to && from->hasDate && to->hasDate && to->startUs < from->startUs) {
                    warn(QStringLiteral("the incident's window ends before it starts (%1); the window is taken "
                                        "from the timeline instead")
                             .arg(value));
                    m_date = QDateTime::fromMSecsSinceEpoch(from->startUs / 1000, m_zone).date();
                } else if (from && to && from->hasDate && to->hasDate) {
                    incident.fromUs = from->startUs;
                    incident.toUs = to->startUs;
                    m_windowGiven = true;
                    m_date = QDateTime::fromMSecsSinceEpoch(from->startUs / 1000, m_zone).date();
                }
            } else if (key == u"severity") {
                incident.severity = value == u"not set" ? QString() : value;
            } else if (key == u"status") {
                const QString status = normalised(value);
                incident.status = status == u"in review" ? QStringLiteral("in_review")
                    : status == u"final"                 ? QStringLiteral("final")
                                                         : QStringLiteral("draft");
            } else if (key == u"authors" || key == u"author" || key == u"owner") {
                incident.authors = value == u"not named yet" ? QString() : value;
            } else if (key == u"date") {
                if (const auto date = dateIn(value, m_defaultYear))
                    m_date = *date;
            } else {
                allPairs = false;
            }
        }
        if (allPairs)
            return;
    }
    QString text;
    textBlock(node, text);
    if (text.isEmpty())
        return;
    if (!m_date.isValid()) {
        if (const auto date = dateIn(text, m_defaultYear))
            m_date = *date;
    }
    incident.description = incident.description.isEmpty() ? text : incident.description + u"\n\n" + text;
}

void Reader::textBlock(const MarkdownNode& node, QString& field)
{
    if (node.type == u"table") {
        QStringList rows;
        for (const MarkdownNode& row : node.children)
            rows << rowCells(row).join(QStringLiteral(" | "));
        field += (field.isEmpty() ? QString() : QStringLiteral("\n\n")) + rows.join(u'\n');
        return;
    }
    const QString text = blockText(node);
    if (!text.isEmpty())
        field += (field.isEmpty() ? QString() : QStringLiteral("\n\n")) + text;
}

// One line of a timeline: "**16:58 UTC** - text — note". False when it has no time, or no day to
// put it on yet (then it waits in m_pendingTimeline).
bool Reader::timelineLine(const QString& line, const QString& text)
{
    // A line with its own month and day but no year takes the document's year, else the default.
    const QDate context = m_date.isValid() ? m_date : QDate(m_defaultYear, 1, 1);
    auto stamp = leadingStamp(line, {context, m_zone});
    if (!stamp || (stamp->rest.isEmpty() && text.isEmpty()))
        return false;
    if (!m_date.isValid() && !stamp->hasDate) {
        m_pendingTimeline << line;
        return false;
    }
    // A time earlier than the one before it, with no date of its own, is on the next day.
    if (!stamp->hasDate && m_lastEntryUs && stamp->startUs < *m_lastEntryUs) {
        constexpr qint64 dayUs = 24LL * 3600 * 1'000'000;
        stamp->startUs += dayUs;
        if (stamp->endUs)
            *stamp->endUs += dayUs;
        m_date = m_date.addDays(1);
    }
    if (stamp->hasDate)
        m_date = QDateTime::fromMSecsSinceEpoch(stamp->startUs / 1000, m_zone).date(); // times after it are on it
    m_lastEntryUs = stamp->startUs;
    if (stamp->zone) {
        ++m_linesNamingZone;
        if (!m_linesZone)
            m_linesZone = stamp->zone;
        else if (m_linesZone->id() != stamp->zone->id())
            m_linesZonesDiffer = true;
    }
    model::TimelineEntry entry;
    entry.timeUs = stamp->startUs;
    entry.endUs = stamp->endUs;
    entry.text = text.isEmpty() ? stamp->rest : text;
    // "text — note", as the bundled templates write a note
    if (const qsizetype dash = entry.text.lastIndexOf(QStringLiteral(" — ")); dash > 0) {
        entry.note = entry.text.sliced(dash + 3).trimmed();
        entry.text = entry.text.left(dash).trimmed();
    }
    static const QRegularExpression leadingDash(QStringLiteral("^[-–—:,]\\s+"));
    entry.text.remove(leadingDash);
    m_result.postmortem.timeline.push_back(std::move(entry));
    return true;
}

// A line that is a date and nothing else ("January 14", "**Tuesday, 2024-01-16**") sets the day
// of the times after it.
bool Reader::timelineDay(const QString& line)
{
    static const QRegularExpression words(QStringLiteral("[A-Za-z]{3,}"));
    const auto date = dateIn(line, m_date.isValid() ? m_date.year() : m_defaultYear);
    if (!date || line.size() > 40)
        return false;
    QString rest = line;
    rest.remove(QRegularExpression(QStringLiteral("(?i)\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|"
                                                  "wed|thu|fri|sat|sun)[a-z]*\\b")));
    if (words.match(rest).hasMatch())
        return false;
    m_date = *date;
    m_lastEntryUs.reset();
    return true;
}

void Reader::timelineList(const MarkdownNode& list)
{
    for (const MarkdownNode& item : list.children) {
        const auto first = std::ranges::find_if(
            item.children, [](const MarkdownNode& child) { return child.type == u"paragraph"; });
        const auto nested = std::ranges::find_if(
            item.children, [](const MarkdownNode& child) { return child.type == u"list"; });
        const QString line = first != item.children.end() ? inlineText(*first) : QString();
        if (!line.isEmpty() && !timelineLine(line)) {
            timelineDay(line); // "Tuesday, September 8": the day of the entries under it
            // Not an entry: kept as written (an item holding entries under it keeps only its own line).
            if (nested == item.children.end())
                keep(item);
            else
                keep(sourceLines(item.startLine, first->endLine));
        }
        for (const MarkdownNode& child : item.children) {
            if (child.type == u"list")
                timelineList(child);
        }
    }
}

void Reader::timelineBlock(const MarkdownNode& node)
{
    if (node.type == u"list") {
        timelineList(node);
        return;
    }
    if (node.type == u"table" && !node.children.empty()) {
        const QStringList headers = rowCells(node.children.front());
        int timeColumn = -1;
        for (int i = 0; i < headers.size() && timeColumn < 0; ++i) {
            const QString h = normalised(headers[i]);
            if (h.startsWith(u"time") || h == u"when" || h.startsWith(u"date") || h == u"utc" || h == u"hour")
                timeColumn = i;
        }
        // Else the first column whose first row starts with a time.
        const QDate anyDay(2000, 1, 1);
        for (int i = 0; timeColumn < 0 && node.children.size() > 1 && i < headers.size(); ++i) {
            const QStringList cells = rowCells(node.children[1]);
            if (i < cells.size() && leadingStamp(cells[i], {anyDay, m_zone}))
                timeColumn = i;
        }
        if (timeColumn < 0) {
            keep(node);
            return;
        }
        if (const auto zone = statedZone(headers[timeColumn])) {
            m_zone = *zone;
            m_zoneStated = true;
        }
        QStringList unplaced;
        for (std::size_t r = 1; r < node.children.size(); ++r) {
            QStringList cells = rowCells(node.children[r]);
            if (timeColumn >= cells.size())
                continue;
            const QString time = cells.takeAt(timeColumn);
            cells.removeAll(QString());
            const QString line = time + QStringLiteral(" | ") + cells.join(QStringLiteral(" | "));
            if (!timelineLine(line))
                unplaced << line;
        }
        if (!unplaced.isEmpty())
            keep(unplaced.join(QStringLiteral("\n\n")));
        return;
    }
    if (node.type == u"paragraph") {
        const QString text = inlineText(node);
        // "Times are in Europe/London, UTC+01:00, on 2026-06-18." as the templates write it
        if (statedZone(text) && text.startsWith(u"Times are in")) {
            if (const auto date = dateIn(text, m_defaultYear); date && !m_windowGiven)
                m_date = *date;
            return;
        }
        // Paragraph timelines: one time per line; the lines without one are kept as they are.
        QString lines;
        appendInline(node, lines, true);
        const QStringList split = lines.split(u'\n');
        QStringList unplaced;
        for (qsizetype i = 0; i < split.size(); ++i) {
            const QString line = split[i].trimmed();
            if (line.isEmpty() || timelineLine(line))
                continue;
            timelineDay(line);
            const int source = node.startLine + int(i);
            unplaced << (split.size() == node.endLine - node.startLine + 1 ? sourceLines(source, source).trimmed()
                                                                          : line);
        }
        if (!unplaced.isEmpty())
            keep(unplaced.join(u'\n'));
        return;
    }
    keep(node); // code, quotes: kept as written
}

void Reader::rootCauseBlock(const MarkdownNode& node)
{
    auto& causes = m_result.postmortem.rootCauses;
    model::Incident& incident = m_result.postmortem.incident;
    if (node.type == u"list") {
        for (const MarkdownNode& item : node.children) {
            const QString text = blockText(item);
            if (!text.isEmpty())
                causes.push_back({0, 0, 0, text});
        }
        return;
    }
    const QString text = blockText(node);
    static const QRegularExpression contributing(
        QStringLiteral("^contributing factors?:\\s*"), QRegularExpression::CaseInsensitiveOption);
    if (const auto m = contributing.match(text); m.hasMatch()) {
        const QString rest = text.sliced(m.capturedEnd());
        incident.contributingFactors
            = incident.contributingFactors.isEmpty() ? rest : incident.contributingFactors + u"\n\n" + rest;
        return;
    }
    // An introduction to the list ("The outage resulted from three factors:") says nothing itself;
    // after the list, paragraphs are what else contributed; without a list each is a root cause.
    if (text.endsWith(u':'))
        return;
    if (!causes.empty())
        incident.contributingFactors
            = incident.contributingFactors.isEmpty() ? text : incident.contributingFactors + u"\n\n" + text;
    else if (!text.isEmpty())
        causes.push_back({0, 0, 0, text});
}

void Reader::actionFromText(QString text, std::optional<ActionItem::Status> status)
{
    ActionItem item;
    // "Add max retries for all steps (Dana Whitfield, by 2026-07-03)", as the minimal template writes
    static const QRegularExpression ownerAndDue(
        QStringLiteral("\\s*\\((?<owner>[^(),:]{2,60}?)(?:,\\s*by\\s+(?<due>[^()]+))?\\)$"));
    if (const auto m = ownerAndDue.match(text); m.hasMatch() && m.captured(u"owner").count(u' ') < 4) {
        item.owner = unassignedOrName(m.captured(u"owner"));
        if (const QString due = m.captured(u"due"); !due.isEmpty())
            item.due = dateIn(due, m_date.isValid() ? m_date.year() : m_defaultYear);
        text = text.left(m.capturedStart());
    }
    static const QRegularExpression ownerWord(
        QStringLiteral("[\\s(]*(?:owner|assignee|who|dri)\\s*[:=]\\s*(?<owner>[^,;)]+)\\)?"),
        QRegularExpression::CaseInsensitiveOption);
    if (const auto m = ownerWord.match(text); m.hasMatch() && item.owner.isEmpty()) {
        item.owner = unassignedOrName(m.captured(u"owner"));
        text.remove(m.capturedStart(), m.capturedLength());
    }
    item.description = text.trimmed();
    if (item.description.isEmpty())
        return;
    item.status = status.value_or(m_sectionDone ? ActionItem::Status::Done : ActionItem::Status::Open);
    m_result.postmortem.actionItems.push_back(std::move(item));
}

void Reader::actionBlock(const MarkdownNode& node)
{
    if (node.type == u"list") {
        for (const MarkdownNode& item : node.children) {
            const QString text = firstParagraph(item);
            std::optional<ActionItem::Status> status;
            if (item.type == u"tasklist")
                status = item.checked ? ActionItem::Status::Done : ActionItem::Status::Open;
            actionFromText(text, status);
        }
        return;
    }
    if (node.type == u"table" && !node.children.empty()) {
        const ActionColumns c = actionColumns(rowCells(node.children.front()));
        if (c.description < 0) {
            warn(QStringLiteral("an action item table without a column for the action (Action item, Description, "
                                "Task, ...) was kept as a table, not read as action items"));
            keep(node);
            return;
        }
        for (std::size_t r = 1; r < node.children.size(); ++r) {
            const QStringList cells = rowCells(node.children[r]);
            auto cell = [&](int column) { return column >= 0 && column < cells.size() ? cells[column] : QString(); };
            ActionItem item;
            item.description = cell(c.description);
            if (item.description.isEmpty())
                continue;
            item.owner = unassignedOrName(cell(c.owner));
            if (!cell(c.due).isEmpty())
                item.due = dateIn(cell(c.due), m_date.isValid() ? m_date.year() : m_defaultYear);
            item.status = statusFrom(cell(c.status))
                              .value_or(m_sectionDone ? ActionItem::Status::Done : ActionItem::Status::Open);
            item.priority = cell(c.priority);
            item.type = typeFrom(cell(c.type));
            item.link = cell(c.link);
            m_result.postmortem.actionItems.push_back(std::move(item));
        }
        return;
    }
    // Paragraphs in an action section ("Follow along here") are not actions themselves: kept as written.
    keep(node);
}

} // namespace

std::optional<QString> sectionField(const QString& heading)
{
    const Field field = fieldFor(heading);
    if (field == Field::Unknown)
        return std::nullopt;
    return anchorOf(field);
}

QString escapedForImport(const QString& markdown, ImportedPlace place)
{
    QString out = markdown;
    auto escapeAt = [&](qsizetype i) { out.replace(i, 1, importEscaped(out[i])); };
    switch (place) {
    case ImportedPlace::Title:
        // The suffix first: escaping the prefix moves it.
        if (const auto m = titleSuffix().match(out); m.hasMatch())
            escapeAt(out.indexOf(u'(', m.capturedStart()));
        if (const auto m = titlePrefix().match(out); m.hasMatch()) {
            qsizetype separator = m.capturedEnd() - 1;
            while (out[separator].isSpace())
                --separator;
            escapeAt(separator);
        }
        break;
    case ImportedPlace::Prose: {
        // Each paragraph's start, the last first so that an escape does not move the others.
        QList<qsizetype> starts{0};
        for (qsizetype at = out.indexOf(u"\n\n"); at >= 0; at = out.indexOf(u"\n\n", at + 2))
            starts << at + 2;
        for (auto start = starts.crbegin(); start != starts.crend(); ++start) {
            for (const QStringView words : evidenceLineStarts) {
                if (words.endsWith(u':') && QStringView(out).sliced(*start).startsWith(words))
                    escapeAt(*start + words.size() - 1);
            }
        }
        break;
    }
    case ImportedPlace::TimelineText:
    case ImportedPlace::TimelineNote:
        // The note's separator, anywhere; and in the text, a separator leadingStamp() would take
        // as the one after the time.
        for (qsizetype i = out.size() - 1; i >= 0; --i) {
            if (out[i] == u'—')
                escapeAt(i);
        }
        if (place == ImportedPlace::TimelineText && !out.isEmpty() && QStringView(u":,–").contains(out[0]))
            escapeAt(0);
        break;
    case ImportedPlace::OwnerInBrackets:
        // Not what is escaped already, nor the ":" of "://", which would stop a web address being a link.
        for (qsizetype i = out.size() - 1; i >= 0; --i) {
            qsizetype backslashes = 0;
            while (backslashes < i && out[i - backslashes - 1] == u'\\')
                ++backslashes;
            const bool address = out[i] == u':' && QStringView(out).sliced(i).startsWith(u"://");
            if (QStringView(u"(),:").contains(out[i]) && backslashes % 2 == 0 && !address)
                escapeAt(i);
        }
        break;
    }
    return out;
}

Result<ImportedPostmortem> importPostmortem(
    const QString& markdown, const QString& origin, const PostmortemImportOptions& options)
{
    return Reader(markdown, origin, options).read(markdown);
}

} // namespace aftermath::report
