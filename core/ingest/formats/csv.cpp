#include "ingest/families.h"
#include "ingest/jsonutil.h"

#include <QRegularExpression>

#include <optional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;

// What a column holds, found from its header name.
enum class Role { None, Time, Date, Message, Service, Kind, Actor, Level, Outcome, RunId };

// A header name reduced to lower-case letters and digits: "Deployed At", "deployed_at" -> "deployedat".
QString normalized(QStringView name)
{
    QString out;
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

Role roleOf(QStringView header)
{
    QString name = normalized(header);
    // "Time (UTC)" is a time column that says its zone.
    if (name.size() > 3 && name.endsWith(u"utc"))
        name.chop(3);
    // One flat table: an initializer_list inside a static array would dangle.
    static const std::pair<QStringView, Role> synonyms[] = {
        {u"time", Role::Time},
        {u"timestamp", Role::Time},
        {u"datetime", Role::Time},
        {u"when", Role::Time},
        {u"createdat", Role::Time},
        {u"deployedat", Role::Time},
        {u"occurredat", Role::Time},
        {u"date", Role::Date},
        {u"day", Role::Date},
        {u"message", Role::Message},
        {u"msg", Role::Message},
        {u"description", Role::Message},
        {u"summary", Role::Message},
        {u"event", Role::Message},
        {u"text", Role::Message},
        {u"details", Role::Message},
        {u"source", Role::Service},
        {u"service", Role::Service},
        {u"system", Role::Service},
        {u"component", Role::Service},
        {u"app", Role::Service},
        {u"application", Role::Service},
        {u"job", Role::Service},
        {u"kind", Role::Kind},
        {u"type", Role::Kind},
        {u"category", Role::Kind},
        {u"eventtype", Role::Kind},
        {u"actor", Role::Actor},
        {u"user", Role::Actor},
        {u"author", Role::Actor},
        {u"who", Role::Actor},
        {u"owner", Role::Actor},
        {u"by", Role::Actor},
        {u"deployedby", Role::Actor},
        {u"username", Role::Actor},
        {u"level", Role::Level},
        {u"severity", Role::Level},
        {u"outcome", Role::Outcome},
        {u"result", Role::Outcome},
        {u"status", Role::Outcome},
        {u"runid", Role::RunId},
        {u"run", Role::RunId},
        {u"buildid", Role::RunId},
        {u"deployid", Role::RunId},
        {u"deploymentid", Role::RunId},
    };
    for (const auto& [synonym, role] : synonyms) {
        if (name == synonym)
            return role;
    }
    return Role::None;
}

// RFC 4180 fields of one physical line, for detection only (quoted newlines are not followed).
QStringList splitLine(QStringView line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"' && field.isEmpty()) {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

// Which column plays which role: the first column of each role wins.
struct Columns {
    QStringList names;
    std::vector<Role> roles;
    qsizetype time = -1;
    qsizetype date = -1;
    bool timeIsUtc = false;

    explicit Columns(const QStringList& header)
    {
        for (const QString& raw : header) {
            const QString name = raw.trimmed();
            Role role = roleOf(name);
            if (role != Role::None && std::find(roles.begin(), roles.end(), role) != roles.end())
                role = Role::None; // a second "message" column is just another column
            roles.push_back(role);
            names << name;
            if (role == Role::Time) {
                time = qsizetype(roles.size()) - 1;
                timeIsUtc = normalized(name).endsWith(u"utc");
            }
            if (role == Role::Date)
                date = qsizetype(roles.size()) - 1;
        }
    }

    qsizetype of(Role role) const
    {
        const auto it = std::find(roles.begin(), roles.end(), role);
        return it == roles.end() ? -1 : qsizetype(it - roles.begin());
    }
    bool hasTime() const { return time >= 0 || date >= 0; }
    int others() const
    {
        return int(std::count_if(
            roles.begin(), roles.end(), [](Role r) { return r != Role::None && r != Role::Time && r != Role::Date; }));
    }
};

bool isHeaderName(const QString& cell)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9 _./()#-]{0,39}$"));
    return name.match(cell.trimmed()).hasMatch();
}

int scoreCsv(const Sample& sample)
{
    if (sample.isFolder || sample.lines.isEmpty())
        return 0;
    QString first = sample.lines.first();
    if (first.startsWith(u'\uFEFF'))
        first.remove(0, 1);
    const QStringList header = splitLine(first);
    if (header.size() < 2 || !std::all_of(header.begin(), header.end(), isHeaderName))
        return 0;
    const Columns columns(header);
    if (!columns.hasTime() || columns.others() == 0)
        return 0;
    // loghub's *_structured.csv ground truth: CSV, but not evidence anyone imports.
    if (columns.names.contains(QStringLiteral("EventTemplate")) && columns.names.contains(QStringLiteral("LineId")))
        return 20;
    int score = columns.others() >= 2 ? 70 : 60;
    if (columns.time < 0)
        score -= 10; // only a date column
    if (sample.fileName.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        score += 10;
    // Rows with as many fields as the header (a quoted line break may upset a few).
    int rows = 0;
    int matching = 0;
    for (qsizetype i = 1; i < sample.lines.size() && rows < 20; ++i) {
        if (sample.lines.at(i).trimmed().isEmpty())
            continue;
        ++rows;
        if (splitLine(sample.lines.at(i)).size() == header.size())
            ++matching;
    }
    if (rows > 0 && matching * 5 >= rows * 4)
        score += 10;
    return score;
}

EventKind kindOf(const QString& value)
{
    const QString name = normalized(value);
    if (name.isEmpty())
        return EventKind::Log;
    if (const auto exact = model::eventKindFromString(value.trimmed().toLower()))
        return *exact;
    static const std::pair<QStringView, EventKind> synonyms[] = {
        {u"deploy", EventKind::Deploy},
        {u"deployment", EventKind::Deploy},
        {u"release", EventKind::Deploy},
        {u"rollback", EventKind::Deploy},
        {u"rollout", EventKind::Deploy},
        {u"redeploy", EventKind::Deploy},
        {u"merge", EventKind::Merge},
        {u"merged", EventKind::Merge},
        {u"pr", EventKind::Merge},
        {u"pullrequest", EventKind::Merge},
        {u"commit", EventKind::Commit},
        {u"change", EventKind::Commit},
        {u"push", EventKind::Commit},
        {u"alert", EventKind::Alert},
        {u"alarm", EventKind::Alert},
        {u"page", EventKind::Alert},
        {u"incident", EventKind::Alert},
        {u"ci", EventKind::CiRun},
        {u"build", EventKind::CiRun},
        {u"cirun", EventKind::CiRun},
        {u"pipeline", EventKind::CiRun},
        {u"error", EventKind::Error},
        {u"failure", EventKind::Error},
        {u"chat", EventKind::Chat},
        {u"message", EventKind::Chat},
        {u"slack", EventKind::Chat},
        {u"start", EventKind::JobStart},
        {u"jobstart", EventKind::JobStart},
        {u"started", EventKind::JobStart},
        {u"end", EventKind::JobEnd},
        {u"jobend", EventKind::JobEnd},
        {u"finished", EventKind::JobEnd},
        {u"completed", EventKind::JobEnd},
    };
    for (const auto& [synonym, kind] : synonyms) {
        if (name == synonym)
            return kind;
    }
    return EventKind::Log;
}

Level levelOf(const QString& value)
{
    const QString name = value.trimmed().toLower();
    if (const auto level = model::levelFromString(name))
        return *level;
    if (name == u"warn")
        return Level::Warning;
    if (name == u"err")
        return Level::Error;
    if (name == u"crit")
        return Level::Critical;
    return Level::Unknown;
}

// A time as people write it in a spreadsheet. Returns the time or why it could not be read.
struct CellTime {
    std::optional<json::Time> time;
    QString problem;
};

CellTime readTime(QString text, const QTimeZone& zone, bool columnIsUtc)
{
    static const QRegularExpression slashedYearFirst(QStringLiteral("^(\\d{4})/(\\d{1,2})/(\\d{1,2})(.*)$"));
    static const QRegularExpression slashedDayOrMonth(QStringLiteral("^\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b"));
    static const QRegularExpression epoch(QStringLiteral("^\\d{9,19}(\\.\\d+)?$"));
    text = text.trimmed();
    if (text.isEmpty())
        return {std::nullopt, QStringLiteral("no time in this record")};
    if (slashedDayOrMonth.match(text).hasMatch())
        return {std::nullopt,
            QStringLiteral("the date \"%1\" could be day/month or month/day; write it as "
                           "2026-06-18 02:00 (year first)")
                .arg(text)};
    if (epoch.match(text).hasMatch()) {
        if (const auto us = json::epochTime(QJsonValue(text)))
            return {json::Time{*us, model::TimeQuality::Explicit}, {}};
        return {std::nullopt,
            QStringLiteral("the number %1 is no time: read as seconds, milliseconds, microseconds or "
                           "nanoseconds since 1970 it falls outside 2000-2100")
                .arg(text)};
    }
    if (const auto match = slashedYearFirst.match(text); match.hasMatch())
        text = QStringLiteral("%1-%2-%3%4")
                   .arg(match.captured(1), match.captured(2).rightJustified(2, u'0'),
                       match.captured(3).rightJustified(2, u'0'), match.captured(4));
    for (QStringView suffix : {QStringView(u" UTC"), QStringView(u" GMT"), QStringView(u" Z")}) {
        if (text.endsWith(suffix, Qt::CaseInsensitive)) {
            text.chop(suffix.size());
            text += u'Z';
        }
    }
    auto time = json::isoTime(QJsonValue(text), zone);
    if (time && columnIsUtc && time->quality == model::TimeQuality::ZoneAssumed)
        time = json::isoTime(QJsonValue(text + u'Z'), zone);
    if (!time)
        return {std::nullopt,
            QStringLiteral("cannot read the time \"%1\"; write it as 2026-06-18 02:00 or "
                           "2026-06-18T02:00:00Z")
                .arg(text)};
    return {time, {}};
}

// Reads CSV records that may span lines (quoted newlines), keeping the quoting state between feed()
// calls so memory stays bounded by one record.
class CsvParser final : public LineParser {
public:
    explicit CsvParser(const ParseContext& context) : m_zone(context.naiveZone) {}

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        if (!m_inQuotes) {
            m_recordLine = lineNumber;
            m_fields.clear();
            m_field.clear();
            m_raw.clear();
            m_flags = 0;
            m_fieldStarted = false;
            if (line.startsWith(u'\uFEFF'))
                line = line.sliced(1);
        } else {
            m_field += u'\n';
            m_raw += u'\n';
        }
        m_flags |= flags;
        m_raw += line;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line[i];
            if (m_inQuotes) {
                if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                    m_field += u'"';
                    ++i;
                } else if (c == u'"') {
                    m_inQuotes = false;
                } else {
                    m_field += c;
                }
            } else if (c == u'"' && !m_fieldStarted) {
                m_inQuotes = true;
                m_fieldStarted = true;
            } else if (c == u',') {
                m_fields << m_field;
                m_field.clear();
                m_fieldStarted = false;
            } else {
                m_field += c; // a stray quote inside an unquoted field is kept as it is
                m_fieldStarted = true;
            }
        }
        if (m_inQuotes) {
            if (m_raw.size() < maxRecordChars)
                return;
            sink.skip(m_recordLine,
                QStringLiteral("a quoted field runs on for more than %1 MiB; is a closing quote missing?")
                    .arg(maxRecordChars / (1024 * 1024)));
            m_inQuotes = false;
            return;
        }
        m_fields << m_field;
        record(sink);
    }

    void finish(EventSink& sink) override
    {
        if (m_inQuotes)
            sink.skip(m_recordLine, QStringLiteral("the file ends inside a quoted field; is a closing quote missing?"));
        m_inQuotes = false;
    }

private:
    static constexpr qsizetype maxRecordChars = 8 * 1024 * 1024; // one record; a missing quote must not eat memory

    QString cell(Role role) const
    {
        const qsizetype column = m_columns->of(role);
        return column >= 0 && column < m_fields.size() ? m_fields.at(column).trimmed() : QString();
    }

    void record(EventSink& sink)
    {
        const bool blank = m_fields.size() == 1 && m_fields.first().trimmed().isEmpty();
        if (blank)
            return;
        if (!m_columns) {
            m_columns.emplace(m_fields);
            return;
        }
        QString timeText;
        if (m_columns->time >= 0 && m_columns->time < m_fields.size())
            timeText = m_fields.at(m_columns->time).trimmed();
        if (m_columns->date >= 0 && m_columns->date < m_fields.size()) {
            const QString date = m_fields.at(m_columns->date).trimmed();
            // A time column with only hh:mm beside a date column: the two make one time.
            if (timeText.isEmpty() || (!timeText.contains(u'-') && !timeText.contains(u'/') && !date.isEmpty()))
                timeText = timeText.isEmpty() ? date : QString(date + u' ' + timeText);
        }
        const CellTime time = readTime(timeText, m_zone, m_columns->timeIsUtc);
        if (!time.time) {
            sink.skip(m_recordLine, time.problem);
            return;
        }

        Event event;
        event.line = m_recordLine;
        event.flags = m_flags;
        event.message = cell(Role::Message);
        event.service = cell(Role::Service);
        event.kind = kindOf(cell(Role::Kind));
        event.actor = cell(Role::Actor);
        event.level = levelOf(cell(Role::Level));
        event.outcome = cell(Role::Outcome);
        event.runId = cell(Role::RunId);
        if (event.message.isEmpty()) {
            // No message column: the columns nobody claimed say what happened.
            QStringList parts;
            for (qsizetype i = 0; i < m_fields.size() && i < qsizetype(m_columns->roles.size()); ++i) {
                if (m_columns->roles[size_t(i)] == Role::None && !m_fields.at(i).trimmed().isEmpty())
                    parts << QStringLiteral("%1: %2").arg(m_columns->names.at(i), m_fields.at(i).trimmed());
            }
            event.message = parts.join(QStringLiteral("; "));
        }
        event.raw = m_raw;
        event.timeUs = time.time->utcUs;
        event.timeQuality = time.time->quality;
        sink.add(std::move(event));
        if (time.time->quality == model::TimeQuality::ZoneAssumed)
            sink.zoneAssumed();
    }

    QTimeZone m_zone;
    std::optional<Columns> m_columns;
    // The record being read.
    QStringList m_fields;
    QString m_field;
    QString m_raw;
    bool m_inQuotes = false;
    bool m_fieldStarted = false;
    qint64 m_recordLine = 0;
    unsigned m_flags = 0;
};

std::unique_ptr<LineParser> makeCsvParser(const ParseContext& context) { return std::make_unique<CsvParser>(context); }

} // namespace

std::vector<Format> csvFormats()
{
    Format csv;
    csv.name = QStringLiteral("csv");
    csv.summary = QStringLiteral("CSV with a header row (hand-kept deploy logs, spreadsheet exports): columns found "
                                 "by name (time, message, service, kind, actor...)");
    csv.score = scoreCsv;
    csv.makeLineParser = makeCsvParser;
    return {csv};
}

} // namespace aftermath::ingest
