// aftermath-cli ingest and formats: evidence into the store, and the formats it reads.

#include "ingestcommands.h"

#include "cli.h"
#include "cliutil.h"
#include "ingest/format.h"
#include "ingest/rules.h"
#include "ingest/timeparse.h"
#include "jsonwriter.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

#include <limits>
#include <optional>

namespace aftermath::cli {

namespace {

using ingest::FileReport;

QString mebibytes(qint64 bytes) { return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1); }

// Draws one progress line per file on a terminal, at most ten times a second.
class ProgressBar {
public:
    explicit ProgressBar(QTextStream& err) : m_err(err) { m_clock.start(); }
    ~ProgressBar() { clear(); }

    void update(const workspace::ImportStatus& p)
    {
        if (p.path != m_path) {
            clear();
            m_path = p.path;
            m_started = m_clock.elapsed();
            m_startBytes = p.bytesDone;
            m_startLines = p.lines;
        }
        if (m_clock.elapsed() - m_lastDraw < 100 && p.bytesDone < p.bytesTotal)
            return;
        m_lastDraw = m_clock.elapsed();
        // Rates count from this file's first report, which comes a few MiB in.
        const double seconds = double(m_clock.elapsed() - m_started) / 1000.0;
        const double fraction = p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : 1.0;
        m_err << '\r' << progressBar(fraction) << "  " << mebibytes(p.bytesDone) << '/' << mebibytes(p.bytesTotal)
              << " MiB  ";
        if (seconds >= 0.25) {
            const double bytesPerSecond = double(p.bytesDone - m_startBytes) / seconds;
            const qint64 left = bytesPerSecond > 0 ? qint64(double(p.bytesTotal - p.bytesDone) / bytesPerSecond) : 0;
            m_err << QLocale(QLocale::English).toString(qint64(double(p.lines - m_startLines) / seconds))
                  << " lines/s  " << QStringLiteral("%1:%2 left  ").arg(left / 60).arg(left % 60, 2, 10, QChar(u'0'));
        }
        m_err << QFileInfo(p.path).fileName() << "\x1b[K";
        m_err.flush();
        m_drawn = true;
    }
    void clear()
    {
        if (m_drawn) {
            m_err << "\r\x1b[K";
            m_err.flush();
            m_drawn = false;
        }
    }

private:
    QTextStream& m_err;
    QElapsedTimer m_clock;
    QString m_path;
    qint64 m_started = 0;
    qint64 m_startBytes = 0;
    qint64 m_startLines = 0;
    qint64 m_lastDraw = -1000;
    bool m_drawn = false;
};

QString reportJson(const FileReport& r, const QTimeZone& zone)
{
    QString skipped = QStringLiteral("[");
    for (const auto& [line, reason] : r.firstSkipped) {
        if (skipped.size() > 1)
            skipped += u',';
        skipped += JsonObjectWriter().add(u"line", line).add(u"reason", reason).finish();
    }
    skipped += u']';
    JsonObjectWriter json;
    json.add(u"path", r.path)
        .add(u"source", r.displayName)
        .addOptional(u"format", r.format)
        .add(u"status", ingest::toString(r.status))
        .add(u"bytes", r.bytes)
        .add(u"events", r.events)
        .add(u"skipped", r.skipped)
        .addRaw(u"skipped_lines", skipped)
        .add(u"continuation_lines", r.continuations)
        .add(u"inherited_time_lines", r.inheritedTimes)
        .add(u"invalid_utf8_lines", r.invalidUtf8Lines)
        .add(u"truncated_lines", r.truncatedLines)
        .addOptional(u"first", r.firstUs ? model::formatInZone(*r.firstUs, zone) : QString())
        .addOptional(u"last", r.lastUs ? model::formatInZone(*r.lastUs, zone) : QString())
        .addOptional(u"zone_assumed", r.zoneAssumed)
        .addOptional(u"shape", r.shape)
        .addOptional(u"message", r.message);
    return json.finish();
}

void writeReport(QTextStream& out, const FileReport& r, const QTimeZone& zone)
{
    out << terminalSafe(r.path, LineBreaks::Escape) << ": " << ingest::toString(r.status);
    if (!r.format.isEmpty())
        out << ", " << r.format;
    switch (r.status) {
    case FileReport::Status::Error:
        out << "\n  " << r.message << '\n';
        return;
    case FileReport::Status::Empty:
        out << ": the file is empty, nothing to import\n";
        return;
    case FileReport::Status::Unchanged:
        out << ": imported before, nothing added\n";
        return;
    case FileReport::Status::Appended:
        out << ": the log grew; only its new lines were read";
        break;
    case FileReport::Status::Replaced:
        out << ": the file changed since its last import; its events were replaced";
        break;
    case FileReport::Status::Resumed:
        out << ": an earlier import of it had stopped part-way; it was finished";
        break;
    case FileReport::Status::Ok:
        break;
    }
    out << ", " << plural(r.events, "event", "events", Digits::Grouped);
    if (r.firstUs)
        out << ", " << model::formatInZone(*r.firstUs, zone) << " to " << model::formatInZone(*r.lastUs, zone);
    out << '\n';
    if (!r.shape.isEmpty())
        out << "  read as " << r.shape << '\n';
    if (!r.zoneAssumed.isEmpty())
        out << "  times without a zone were read as " << r.zoneAssumed << " (use --tz to change)\n";
    if (r.continuations > 0)
        out << "  " << plural(r.continuations, "continuation line", "continuation lines", Digits::Grouped)
            << " (no timestamp) joined to the event before them\n";
    if (r.inheritedTimes > 0)
        out << "  " << plural(r.inheritedTimes, "line", "lines", Digits::Grouped)
            << " without a time of their own (from line " << r.firstInheritedLine
            << ") took the time of the timed line before, marked inherited\n";
    if (r.skipped > 0) {
        out << "  " << plural(r.skipped, "line", "lines", Digits::Grouped) << " skipped:";
        for (const auto& [line, reason] : r.firstSkipped) {
            out << "\n    ";
            if (line > 0)
                out << "line " << line << ": ";
            out << reason;
        }
        if (r.skipped > qint64(r.firstSkipped.size()))
            out << "\n    ...";
        out << '\n';
    }
    if (r.invalidUtf8Lines > 0)
        out << "  " << plural(r.invalidUtf8Lines, "event has", "events have", Digits::Grouped)
            << " bytes that are not UTF-8, shown as \uFFFD and flagged\n";
    if (r.truncatedLines > 0)
        out << "  " << plural(r.truncatedLines, "line was", "lines were", Digits::Grouped)
            << " over 1 MiB and cut (flagged)\n";
}

// The report as text; what comes from the input (its name, its lines) is made terminal-safe.
void printReport(QTextStream& terminal, const FileReport& r, const QTimeZone& zone)
{
    QString text;
    QTextStream out(&text);
    writeReport(out, r, zone);
    out.flush();
    terminal << terminalSafe(text);
}

// A size such as "20G", "512M", "64GiB" or "1000000" (bytes); nullopt when it is not one.
std::optional<qint64> parseSize(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*(\\d+)\\s*([KMGT]?)(?:i?B)?\\s*$"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 number = match.captured(1).toLongLong(&ok);
    const int shift = int(QStringLiteral("KMGT").indexOf(match.captured(2).toUpper()) + 1) * 10;
    if (!ok || number <= 0 || number > (std::numeric_limits<qint64>::max() >> shift))
        return std::nullopt;
    return number << shift;
}

// --max-unpacked, --max-ratio and --max-depth into `limits`; false after a usage error.
bool readUnpackLimits(const Invocation& in, ingest::UnpackLimits& limits, int& code)
{
    if (in.parser.isSet(QStringLiteral("max-unpacked"))) {
        const QString value = in.parser.value(QStringLiteral("max-unpacked"));
        const auto bytes = parseSize(value);
        if (!bytes) {
            code = in.usageError(
                QStringLiteral("--max-unpacked takes a size such as 64G, 500M or 1T, not \"%1\"").arg(value));
            return false;
        }
        limits.maxUnpackedBytes = *bytes;
    }
    for (const auto& [name, field] : {std::pair{u"max-ratio", &limits.maxRatio}, {u"max-depth", &limits.maxDepth}}) {
        const QString option = QString::fromUtf16(name);
        if (!in.parser.isSet(option))
            continue;
        bool ok = false;
        const int value = in.parser.value(option).toInt(&ok);
        if (!ok || value < 1) {
            code = in.usageError(
                QStringLiteral("--%1 takes a whole number from 1 up, not \"%2\"").arg(option, in.parser.value(option)));
            return false;
        }
        *field = value;
    }
    return true;
}

} // namespace

void ingestOptions(QCommandLineParser& parser)
{
    addZoneOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("format"),
        QStringLiteral("Read every input as this format instead of detecting it "
                       "(`aftermath-cli formats` lists them)."),
        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("time-format"),
        QStringLiteral("The timestamp spelling of text logs, instead of learning it from each file: "
                       "yyyy yy MM M MMM dd d EEE HH H hh h a mm ss .SSS :SSS z T, or epoch, epoch_ms, "
                       "epoch_us, epoch_ns (e.g. \"yyyyMMdd-HH:mm:ss:SSS\", \"dd.MM.yyyy HH:mm\")."),
        QStringLiteral("PATTERN")));
    parser.addOption(QCommandLineOption(QStringLiteral("year"),
        QStringLiteral("The year of timestamps written without one (default: from each file's date)."),
        QStringLiteral("YEAR")));
    parser.addOption(QCommandLineOption(QStringLiteral("source-name"),
        QStringLiteral("Show a single input under this name instead of its file name."), QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("rules"),
        QStringLiteral("Classification rules to try before the built-in ones (repeatable; default: %1 when it "
                       "exists; docs/rules.md).")
            .arg(ingest::Classifier::userRulesPath()),
        QStringLiteral("FILE")));
    const ingest::UnpackLimits limits;
    parser.addOption(QCommandLineOption(QStringLiteral("max-unpacked"),
        QStringLiteral("Refuse an archive that unpacks to more than this, the archives in it included "
                       "(default %1; e.g. 64G, 500M).")
            .arg(ingest::bytesText(limits.maxUnpackedBytes)),
        QStringLiteral("SIZE")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-ratio"),
        QStringLiteral("Refuse an archive that unpacks to more than N times its own size, once past %1, as a zip "
                       "bomb does (default %2; text logs compress 5 to 100 times).")
            .arg(ingest::bytesText(ingest::UnpackLimits::ratioFloorBytes))
            .arg(limits.maxRatio),
        QStringLiteral("N")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-depth"),
        QStringLiteral("Refuse archives nested more than N deep, the outermost counting 1 (default %1).")
            .arg(limits.maxDepth),
        QStringLiteral("N")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("format-out"), QStringLiteral("Summary format: text or json (default text)."),
            QStringLiteral("FORMAT"), QStringLiteral("text")));
    parser.addOption(QCommandLineOption(QStringLiteral("no-index"),
        QStringLiteral("Do not bring the search index up to date after importing (it takes longer than the import: "
                       "with several ingests in a row, leave it to the last). Searches still find every event, "
                       "reading those the index lacks one by one; the next ingest or `init` indexes them.")));
}

int ingestRun(const Invocation& in)
{
    const QStringList paths = in.parser.positionalArguments();
    if (paths.isEmpty())
        return in.usageError(QStringLiteral("give at least one file, folder or archive to import"));
    const QString output = in.parser.value(QStringLiteral("format-out"));
    if (output != u"text" && output != u"json")
        return in.usageError(QStringLiteral("unknown --format-out \"%1\"; expected text or json").arg(output));
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    workspace::ImportRequest request;
    request.inputs = paths;
    request.zone = tz->zone;
    if (in.parser.isSet(QStringLiteral("format"))) {
        request.formatName = in.parser.value(QStringLiteral("format"));
        if (!ingest::findFormat(request.formatName))
            return in.usageError(
                QStringLiteral("unknown format \"%1\"; `aftermath-cli formats` lists them").arg(request.formatName));
    }
    if (in.parser.isSet(QStringLiteral("source-name"))) {
        if (paths.size() != 1)
            return in.usageError(QStringLiteral("--source-name names a single input; give one path"));
        request.sourceName = in.parser.value(QStringLiteral("source-name"));
    }
    if (in.parser.isSet(QStringLiteral("time-format"))) {
        request.timeFormat = in.parser.value(QStringLiteral("time-format"));
        if (auto compiled = ingest::compileTimeSpelling(request.timeFormat); !compiled)
            return in.usageError(compiled.error().message);
    }
    if (in.parser.isSet(QStringLiteral("year"))) {
        bool ok = false;
        request.year = in.parser.value(QStringLiteral("year")).toInt(&ok);
        if (!ok || request.year < 1970 || request.year > 2100)
            return in.usageError(QStringLiteral("--year takes a year from 1970 to 2100, not \"%1\"")
                                     .arg(in.parser.value(QStringLiteral("year"))));
    }
    request.ruleFiles = in.parser.values(QStringLiteral("rules"));
    if (int code = 0; !readUnpackLimits(in, request.unpack, code))
        return code;
    // The store is created when missing; the import then writes through its own connection.
    {
        const auto ws = openCreating(in);
        if (!ws)
            return failed(in, ws.error());
        request.store = ws->location();
    }

    std::optional<ProgressBar> bar;
    if (in.errIsTerminal)
        bar.emplace(in.err);
    bool toldWaiting = false;
    const workspace::ImportProgressCallback progress = [&](const workspace::ImportStatus& p) {
        if (!p.waiting.isEmpty()) {
            // Once: imports take turns, so a wait may come back at every part of a file.
            if (!std::exchange(toldWaiting, true)) {
                if (bar)
                    bar->clear();
                in.err << "aftermath-cli: " << p.waiting << '\n';
                in.err.flush();
            }
        } else if (bar) {
            bar->update(p);
        }
    };
    const auto outcome = workspace::importInto(request, progress);
    bar.reset();
    if (!outcome)
        return failed(in, outcome.error());
    const std::vector<FileReport>& reports = outcome->reports;
    // After the import, not during it: the import keeps its speed, and what it stored is searchable
    // (event by event) before the index has it.
    std::optional<IndexRun> indexed;
    if (!in.parser.isSet(QStringLiteral("no-index")))
        indexed = updateSearchIndex(in, request.store);

    qint64 events = 0;
    int failures = 0;
    for (const FileReport& r : reports) {
        events += r.events;
        failures += r.status == FileReport::Status::Error ? 1 : 0;
    }
    if (output == u"json") {
        QString files = QStringLiteral("[");
        for (const FileReport& r : reports) {
            if (files.size() > 1)
                files += u',';
            files += reportJson(r, tz->zone);
        }
        files += u']';
        in.out << JsonObjectWriter()
                      .add(u"store", request.store.path)
                      .addRaw(u"files", files)
                      .add(u"events", events)
                      .add(u"failed", failures)
                      .add(u"indexed", indexed && indexed->update ? indexed->update->eventsIndexed : 0)
                      .finish()
               << '\n';
        if (indexed)
            reportIndexRun(in, *indexed); // only a warning, on stderr: the JSON has the count
    } else {
        for (const FileReport& r : reports)
            printReport(in.out, r, tz->zone);
        in.out << plural(qint64(reports.size()), "input", "inputs", Digits::Grouped) << ", "
               << plural(events, "event", "events", Digits::Grouped) << " added, " << failures << " failed.\n";
        if (indexed)
            in.out << reportIndexRun(in, *indexed);
    }
    in.out.flush();
    if (failures > 0)
        return in.runtimeError(plural(failures, "input", "inputs", Digits::Grouped)
            + QStringLiteral(" could not be imported (see above); nothing from them was stored, the rest was."));
    return Success;
}

void formatsOptions(QCommandLineParser& parser)
{
    addZoneOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("explain"),
        QStringLiteral("Show what each format scored for this file and why the chosen one won, without "
                       "importing it."),
        QStringLiteral("FILE")));
}

namespace {

QString formatKind(const ingest::Format& format)
{
    return format.parseFolder  ? QStringLiteral("folder")
        : format.parseDocument ? QStringLiteral("document")
                               : QStringLiteral("lines");
}

// `formats --explain FILE`: the detection the importer would do, shown.
int explain(const Invocation& in, const QString& path)
{
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    QFile file(path);
    if (!QFileInfo(path).isFile())
        return in.runtimeError(QStringLiteral("%1: not a file (--explain reads one file; a folder or archive is "
                                              "detected member by member)")
                                   .arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return in.runtimeError(QStringLiteral("%1: cannot read it (%2)").arg(path, file.errorString()));
    const QByteArray head = file.read(64 * 1024);
    const ingest::Sample sample = ingest::makeSample(QFileInfo(path).fileName(), head, file.atEnd());
    in.out << path << ": " << plural(sample.lines.size(), "line", "lines", Digits::Grouped) << " sampled ("
           << mebibytes(head.size()) << " MiB)\n";
    const auto candidates = ingest::detect(sample);
    for (const ingest::Format& format : ingest::formats()) {
        if (format.parseFolder)
            continue;
        const int score = format.score(sample);
        QString why = score > 0 ? QStringLiteral("recognises it") : QStringLiteral("does not recognise it");
        if (format.describe && score > 0) {
            ingest::ParseContext context;
            context.path = path;
            context.naiveZone = tz->zone;
            context.sampleLines = sample.lines;
            why = format.describe(context);
        }
        in.out << "  " << QString::number(score).rightJustified(3) << "  " << format.name.leftJustified(24) << ' '
               << why << '\n';
    }
    if (candidates.empty()) {
        in.out << "No format reads it: nothing in its first lines looks like a timestamp or a known document.\n";
        return Success;
    }
    const ingest::Candidate& chosen = candidates.front();
    in.out << "Chosen: " << chosen.format->name << " (" << formatKind(*chosen.format) << "), the highest score";
    if (candidates.size() > 1 && candidates[1].score == chosen.score)
        in.out << " (tied with " << candidates[1].format->name << "; the earlier in `aftermath-cli formats` wins)";
    in.out << ".\n";
    return Success;
}

} // namespace

int formatsRun(const Invocation& in)
{
    if (in.parser.isSet(QStringLiteral("explain")))
        return explain(in, in.parser.value(QStringLiteral("explain")));
    for (const ingest::Format& format : ingest::formats())
        in.out << format.name.leftJustified(24) << ' ' << formatKind(format).leftJustified(9) << ' ' << format.summary
               << '\n';
    return Success;
}

} // namespace aftermath::cli
