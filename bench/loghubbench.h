#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <expected>
#include <vector>

namespace aftermath::bench {

// One loghub sample's lines with their ground truth, read from its `<System>_2k.log_structured.csv`.
struct LabelledLines {
    QStringList contents; // the Content column
    QStringList eventIds; // the EventId column, line by line
};

// Reads a loghub structured CSV (a header row naming Content and EventId; RFC 4180 quoting).
std::expected<LabelledLines, QString> readStructuredCsv(const QString& path);

struct GroupingAccuracy {
    double accuracy = 0; // correct lines / lines
    std::size_t lines = 0;
    std::size_t clusters = 0; // predicted
    std::size_t truthClusters = 0;
};

// Loghub's grouping accuracy: a line is correct when the lines of its predicted cluster are exactly
// the lines of its ground-truth event.
GroupingAccuracy groupingAccuracy(const std::vector<std::size_t>& predicted, const QStringList& truth);

// Feeds each line to a fresh timeline::TemplateMiner and scores its clusters.
GroupingAccuracy evaluateMiner(const LabelledLines& lines);

// For each system folder under each corpus folder, the miner's grouping accuracy on its 2k sample;
// then the miner's throughput against the old per-line messageTemplate(), on those lines and on
// `incidentLines` lines of typical incident evidence. 0 on success, 1 when no sample was found.
int runLoghubBench(const QStringList& corpusDirs, qint64 incidentLines, QTextStream& out);

} // namespace aftermath::bench
