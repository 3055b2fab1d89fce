// `git log` output: the default (medium) and fuller layouts, with the default, iso, iso-strict,
// rfc and raw date spellings.

#include "ingest/families.h"
#include "model/timestamp.h"

#include <optional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;
using model::TimeQuality;

bool isHex(QStringView s)
{
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return false;
    }
    return true;
}

// "commit <sha>", optionally followed by decorations ("(HEAD -> main)") or "(from <sha>)"; the
// sha is 7 (abbreviated) to 64 (SHA-256 repositories) hex digits.
std::optional<QStringView> commitSha(QStringView line)
{
    if (!line.startsWith(u"commit "))
        return std::nullopt;
    QStringView rest = line.sliced(7);
    const qsizetype end = rest.indexOf(u' ');
    const QStringView sha = end < 0 ? rest : rest.first(end);
    if (sha.size() < 7 || sha.size() > 64 || !isHex(sha))
        return std::nullopt;
    if (end >= 0 && !rest.sliced(end + 1).startsWith(u'('))
        return std::nullopt;
    return sha;
}

// "Name: value" for a header name such as "Author" or "AuthorDate".
std::optional<QStringView> header(QStringView line, QStringView name)
{
    if (line.size() <= name.size() || !line.startsWith(name) || line[name.size()] != u':')
        return std::nullopt;
    return line.sliced(name.size() + 1).trimmed();
}

struct GitTime {
    qint64 utcUs = 0;
    TimeQuality quality = TimeQuality::Explicit;
};

int monthNumber(QStringView name)
{
    static constexpr QStringView months[]
        = {u"Jan", u"Feb", u"Mar", u"Apr", u"May", u"Jun", u"Jul", u"Aug", u"Sep", u"Oct", u"Nov", u"Dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(months[i], Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

bool allDigits(QStringView s)
{
    for (const QChar c : s) {
        if (!c.isDigit())
            return false;
    }
    return !s.isEmpty();
}

// "+0100" -> "+01:00"; an empty string when it is not an offset.
QString isoOffset(QStringView token)
{
    if (token.size() != 5 || (token[0] != u'+' && token[0] != u'-') || !allDigits(token.sliced(1)))
        return {};
    return QString(token.first(3) + u':' + token.sliced(3));
}

// A date as `git log` prints it, in any of the --date spellings that name an instant:
//   default   Thu Jun 18 01:07:12 2026 +0100   (--date=local drops the offset)
//   iso       2026-06-18 01:07:12 +0100
//   iso-strict 2026-06-18T01:07:12+01:00
//   rfc       Thu, 18 Jun 2026 01:07:12 +0100
//   raw       1781741232 +0100
// Relative ("3 hours ago") and short (date only) dates name no instant and give nullopt.
std::optional<GitTime> gitTime(QStringView text, const QTimeZone& naiveZone)
{
    const QList<QStringView> parts = text.trimmed().split(u' ', Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return std::nullopt;
    QString date; // YYYY-MM-DD
    QString time; // hh:mm:ss
    QString offset;
    if (parts.size() == 1 && parts[0].contains(u'T')) {
        const auto us = model::parseIsoTime(parts[0], naiveZone);
        if (!us)
            return std::nullopt;
        const QStringView tail = parts[0].sliced(10);
        const bool explicitOffset = tail.endsWith(u'Z') || tail.contains(u'+') || tail.contains(u'-');
        return GitTime{*us, explicitOffset ? TimeQuality::Explicit : TimeQuality::ZoneAssumed};
    }
    if (parts.size() == 2 && allDigits(parts[0]) && !isoOffset(parts[1]).isEmpty()) {
        return GitTime{parts[0].toLongLong() * 1'000'000, TimeQuality::Explicit};
    }
    if ((parts.size() == 2 || parts.size() == 3) && parts[0].size() == 10 && parts[0][4] == u'-') {
        date = parts[0].toString();
        time = parts[1].toString();
        if (parts.size() == 3)
            offset = isoOffset(parts[2]);
        if (parts.size() == 3 && offset.isEmpty())
            return std::nullopt;
    } else if (parts.size() >= 5) {
        int day = 0;
        int month = 0;
        QStringView year;
        qsizetype next = 0;
        if (monthNumber(parts[1]) != 0) { // Thu Jun 18 01:07:12 2026 +0100
            month = monthNumber(parts[1]);
            day = parts[2].toInt();
            time = parts[3].toString();
            year = parts[4];
            next = 5;
        } else if (allDigits(parts[1])) { // Thu, 18 Jun 2026 01:07:12 +0100
            day = parts[1].toInt();
            month = monthNumber(parts[2]);
            year = parts[3];
            time = parts[4].toString();
            next = 5;
        }
        if (month == 0 || day == 0 || year.size() != 4 || !allDigits(year))
            return std::nullopt;
        date = QStringLiteral("%1-%2-%3")
                   .arg(year)
                   .arg(month, 2, 10, QLatin1Char('0'))
                   .arg(day, 2, 10, QLatin1Char('0'));
        if (next < parts.size()) {
            offset = isoOffset(parts[next]);
            if (offset.isEmpty() || next + 1 != parts.size())
                return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    if (time.size() != 8 || time[2] != u':' || time[5] != u':')
        return std::nullopt;
    const auto us = model::parseIsoTime(QString(date + u'T' + time + offset), naiveZone);
    if (!us)
        return std::nullopt;
    return GitTime{*us, offset.isEmpty() ? TimeQuality::ZoneAssumed : TimeQuality::Explicit};
}

// Reads commit after commit, keeping only the one being read: a commit is complete when the next
// "commit" line (or the end) arrives.
class GitLogParser final : public LineParser {
public:
    explicit GitLogParser(const ParseContext& context) : m_zone(context.naiveZone) {}

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        if (const auto sha = commitSha(line)) {
            flush(sink);
            m_commit = Commit{};
            m_commit->sha = sha->toString();
            m_commit->line = lineNumber;
            m_commit->flags = flags;
            return;
        }
        if (!m_commit) {
            if (!line.trimmed().isEmpty())
                sink.skip(lineNumber, QStringLiteral("not part of a commit"));
            return;
        }
        Commit& commit = *m_commit;
        commit.flags |= flags;
        if (commit.inHeader) {
            if (line.isEmpty()) {
                commit.inHeader = false; // the message follows
            } else if (header(line, u"Merge")) {
                commit.merge = true;
            } else if (const auto author = header(line, u"Author")) {
                const qsizetype email = author->lastIndexOf(u" <");
                commit.author = (email < 0 ? *author : author->first(email)).trimmed().toString();
            } else if (const auto date = header(line, u"AuthorDate")) {
                commit.date = date->toString();
            } else if (const auto date = header(line, u"Date")) {
                commit.date = date->toString();
            }
            // Commit:, CommitDate:, gpg: and other headers say nothing about when the change was made.
            return;
        }
        // The subject is the first line of the message, which git indents by four spaces; what
        // follows (body, --stat, diffs) is left out.
        if (commit.subject.isEmpty() && line.startsWith(u"    ") && !line.trimmed().isEmpty())
            commit.subject = line.trimmed().toString();
    }

    void finish(EventSink& sink) override { flush(sink); }

private:
    struct Commit {
        QString sha;
        qint64 line = 0;
        unsigned flags = 0;
        bool inHeader = true;
        bool merge = false;
        QString author;
        QString date;
        QString subject;
    };

    void flush(EventSink& sink)
    {
        if (!m_commit)
            return;
        Commit commit = std::move(*m_commit);
        m_commit.reset();
        // The author date is when the change was made; the commit date moves with rebases.
        const auto time = gitTime(commit.date, m_zone);
        if (!time) {
            sink.skip(commit.line,
                commit.date.isEmpty()
                    ? QStringLiteral("no time in this record")
                    : QStringLiteral("no time in this record (\"%1\" names no instant)").arg(commit.date));
            return;
        }
        Event event;
        event.timeUs = time->utcUs;
        event.timeQuality = time->quality;
        event.line = commit.line;
        event.level = Level::Info;
        event.kind = commit.merge ? EventKind::Merge : EventKind::Commit;
        event.runId = commit.sha;
        event.actor = commit.author;
        event.message = commit.subject;
        event.flags = commit.flags;
        sink.add(std::move(event));
        if (time->quality == TimeQuality::ZoneAssumed)
            sink.zoneAssumed();
    }

    QTimeZone m_zone;
    std::optional<Commit> m_commit;
};

// The first commit's header must look like git's: "commit <sha>", then Author and a date.
int scoreGitLog(const Sample& sample)
{
    qsizetype i = 0;
    while (i < sample.lines.size() && sample.lines[i].trimmed().isEmpty())
        ++i;
    if (i >= sample.lines.size() || !commitSha(sample.lines[i]))
        return 0;
    bool author = false;
    bool date = false;
    for (++i; i < sample.lines.size() && !sample.lines[i].isEmpty(); ++i) {
        const QString& line = sample.lines[i];
        author = author || header(line, u"Author").has_value();
        date = date || header(line, u"Date").has_value() || header(line, u"AuthorDate").has_value();
    }
    if (author && date)
        return 97;
    return author ? 80 : 0;
}

std::unique_ptr<LineParser> makeGitLogParser(const ParseContext& context)
{
    return std::make_unique<GitLogParser>(context);
}

} // namespace

std::vector<Format> gitFormats()
{
    std::vector<Format> formats;
    formats.push_back({QStringLiteral("git-log"),
        QStringLiteral("`git log` output (default or --pretty=fuller; --date=default, iso, iso-strict, "
                       "rfc or raw): a commit or merge event per commit at its author date"),
        scoreGitLog, makeGitLogParser, nullptr, nullptr});
    return formats;
}

} // namespace aftermath::ingest
