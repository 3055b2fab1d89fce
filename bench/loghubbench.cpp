#include "loghubbench.h"

#include "benchutil.h"
#include "timeline/messagetemplate.h"
#include "timeline/templateminer.h"

#include <QDir>
#include <QFile>
#include <QHash>

#include <map>
#include <set>

namespace aftermath::bench {

namespace {

// What the timed loops computed, kept so that the optimiser cannot drop them.
volatile std::size_t keep = 0;

// The fields of one CSV record starting at `pos`, which moves past it (RFC 4180: quoted fields may
// hold commas, doubled quotes and line breaks).
QStringList csvRecord(QStringView text, qsizetype& pos)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    while (pos < text.size()) {
        const QChar c = text[pos++];
        if (quoted) {
            if (c != u'"')
                field += c;
            else if (pos < text.size() && text[pos] == u'"')
                field += c, ++pos;
            else
                quoted = false;
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields.append(field);
            field.clear();
        } else if (c == u'\n') {
            break;
        } else if (c != u'\r') {
            field += c;
        }
    }
    fields.append(field);
    return fields;
}

// Lines of typical incident evidence, as the timeline bench stores them: a few templates, numbers vary.
QStringList incidentLines(qsizetype count)
{
    QStringList lines;
    lines.reserve(count);
    for (qsizetype i = 0; i < count; ++i) {
        const QString tenant = i % 2 ? QStringLiteral("NHS E") : QStringLiteral("NHS S");
        switch (i % 5) {
        case 0:
            lines.append(QStringLiteral("Starting create_post_funding for tenant %1").arg(tenant));
            break;
        case 1:
            lines.append(
                QStringLiteral("create_post_funding failed: column \"funding_band\" does not exist (batch %1)").arg(i));
            break;
        case 2:
            lines.append(QStringLiteral("Retrying create_post_funding in 180s (attempt %1)").arg(i / 5 + 2));
            break;
        default:
            lines.append(QStringLiteral("Loaded %1 funding rows for batch %2").arg(i % 997).arg(i));
            break;
        }
    }
    return lines;
}

// Lines per second of the miner and of the grouping it replaces (messageTemplate() and a hash of the
// strings), over `lines` fed `passes` times, each pass from empty.
void timeBoth(QTextStream& out, const QString& what, const QStringList& lines, int passes)
{
    std::size_t sink = 0;
    const qint64 total = qint64(lines.size()) * passes;
    QElapsedTimer timer;
    timer.start();
    for (int p = 0; p < passes; ++p) {
        QHash<QString, std::size_t> ids;
        for (const QString& line : lines)
            sink += ids.emplace(timeline::messageTemplate(line), ids.size()).value();
    }
    const Throughput baseline{QStringLiteral("messageTemplate + QHash (baseline)"), total, timer.nsecsElapsed()};
    timer.restart();
    std::size_t clusters = 0;
    for (int p = 0; p < passes; ++p) {
        timeline::TemplateMiner miner;
        for (const QString& line : lines)
            sink += miner.add(line);
        clusters = miner.size();
    }
    const Throughput mined{QStringLiteral("TemplateMiner::add"), total, timer.nsecsElapsed()};
    out << "  " << what << " (" << clusters << " clusters):\n";
    printThroughput(out, baseline);
    printThroughput(out, mined);
    out << QStringLiteral("  TemplateMiner::add: %1 ns a line, %2x the baseline's time\n")
               .arg(double(mined.nanoseconds) / double(total), 0, 'f', 0)
               .arg(double(mined.nanoseconds) / double(std::max<qint64>(baseline.nanoseconds, 1)), 0, 'f', 2);
    keep = sink;
    out.flush();
}

} // namespace

std::expected<LabelledLines, QString> readStructuredCsv(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("%1: cannot be read (%2)").arg(path, file.errorString()));
    const QString text = QString::fromUtf8(file.readAll());
    qsizetype pos = 0;
    const QStringList header = csvRecord(text, pos);
    const qsizetype content = header.indexOf(QStringLiteral("Content"));
    const qsizetype eventId = header.indexOf(QStringLiteral("EventId"));
    if (content < 0 || eventId < 0)
        return std::unexpected(
            QStringLiteral("%1:1: the header names no Content or no EventId column; is it a loghub *_structured.csv?")
                .arg(path));
    LabelledLines lines;
    qsizetype row = 1;
    while (pos < text.size()) {
        ++row;
        const QStringList fields = csvRecord(text, pos);
        if (fields.size() == 1 && fields.first().isEmpty())
            continue;
        if (fields.size() <= std::max(content, eventId))
            return std::unexpected(QStringLiteral("%1: record %2 has %3 fields, the header %4; is a quote unclosed?")
                                       .arg(path)
                                       .arg(row)
                                       .arg(fields.size())
                                       .arg(header.size()));
        lines.contents.append(fields[content]);
        lines.eventIds.append(fields[eventId]);
    }
    return lines;
}

GroupingAccuracy groupingAccuracy(const std::vector<std::size_t>& predicted, const QStringList& truth)
{
    GroupingAccuracy result;
    result.lines = std::min(predicted.size(), std::size_t(truth.size()));
    std::map<std::size_t, std::vector<std::size_t>> clusters; // predicted cluster -> its lines
    QHash<QString, std::size_t> truthSizes;
    for (std::size_t line = 0; line < result.lines; ++line) {
        clusters[predicted[line]].push_back(line);
        ++truthSizes[truth[qsizetype(line)]];
    }
    std::size_t correct = 0;
    for (const auto& [cluster, lines] : clusters) {
        const QString& event = truth[qsizetype(lines.front())];
        const bool oneEvent = std::ranges::all_of(lines, [&](std::size_t l) { return truth[qsizetype(l)] == event; });
        if (oneEvent && truthSizes.value(event) == lines.size())
            correct += lines.size();
    }
    result.clusters = clusters.size();
    result.truthClusters = std::size_t(truthSizes.size());
    result.accuracy = result.lines ? double(correct) / double(result.lines) : 0.0;
    return result;
}

GroupingAccuracy evaluateMiner(const LabelledLines& lines)
{
    timeline::TemplateMiner miner;
    std::vector<std::size_t> predicted;
    predicted.reserve(std::size_t(lines.contents.size()));
    for (const QString& content : lines.contents)
        predicted.push_back(miner.add(content));
    return groupingAccuracy(predicted, lines.eventIds);
}

int runLoghubBench(const QStringList& corpusDirs, qint64 incidentLineCount, QTextStream& out)
{
    out << "loghub: grouping accuracy of timeline::TemplateMiner on each system's 2k sample\n";
    out << QStringLiteral("  %1 %2 %3 %4\n")
               .arg(QStringLiteral("system").leftJustified(12), QStringLiteral("accuracy").rightJustified(8),
                   QStringLiteral("clusters").rightJustified(8), QStringLiteral("truth").rightJustified(6));
    QStringList allLines;
    int systems = 0;
    int good = 0;
    double sum = 0;
    for (const QString& corpus : corpusDirs) {
        const QDir dir(corpus);
        for (const QString& system : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const QString path = dir.filePath(system + u'/' + system + QStringLiteral("_2k.log_structured.csv"));
            if (!QFile::exists(path))
                continue;
            const auto lines = readStructuredCsv(path);
            if (!lines) {
                out << "  " << lines.error() << '\n';
                return 1;
            }
            const GroupingAccuracy result = evaluateMiner(*lines);
            out << QStringLiteral("  %1 %2 %3 %4\n")
                       .arg(system.leftJustified(12))
                       .arg(result.accuracy, 8, 'f', 3)
                       .arg(result.clusters, 8)
                       .arg(result.truthClusters, 6);
            out.flush();
            allLines += lines->contents;
            ++systems;
            good += result.accuracy >= 0.9 ? 1 : 0;
            sum += result.accuracy;
        }
    }
    if (systems == 0) {
        out << "  no <System>/<System>_2k.log_structured.csv under " << corpusDirs.join(QStringLiteral(", "))
            << "; name the loghub folder with --corpus DIR\n";
        return 1;
    }
    out << QStringLiteral("  %1 systems, %2 at 0.9 or above, mean %3\n")
               .arg(systems)
               .arg(good)
               .arg(sum / systems, 0, 'f', 3);
    out << "throughput, lines a second (single thread):\n";
    timeBoth(out, QStringLiteral("the loghub lines above, 20 passes"), allLines, 20);
    timeBoth(out, QStringLiteral("%1 lines of typical incident evidence").arg(incidentLineCount),
        incidentLines(incidentLineCount), 1);
    return 0;
}

} // namespace aftermath::bench
