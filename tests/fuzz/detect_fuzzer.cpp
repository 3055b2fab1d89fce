// Format detection on arbitrary bytes, as the importer does it: a sample of the bytes (whole, and
// cut as the start of a longer file), every format's score through ingest::detect, then a read
// with the format that won.

#include "fuzzdriver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace aftermath;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    for (const bool complete : {true, false}) {
        // Only the CSV format looks at the name; both answers are reachable.
        const ingest::Sample sample
            = ingest::makeSample(complete ? QStringLiteral("input.log") : QStringLiteral("input.csv"), bytes, complete);
        AFTERMATH_FUZZ_CHECK(sample.lines.size() <= 200, "a sample of more than 200 lines");
        for (const QString& line : sample.lines)
            AFTERMATH_FUZZ_CHECK(!line.contains(u'\n'), "a sample line with a newline in it");

        const std::vector<ingest::Candidate> candidates = ingest::detect(sample);
        int previous = 100;
        for (const ingest::Candidate& candidate : candidates) {
            AFTERMATH_FUZZ_CHECK(candidate.format != nullptr, "a candidate without a format");
            AFTERMATH_FUZZ_CHECK(candidate.format->parseFolder == nullptr, "a folder format for a file");
            AFTERMATH_FUZZ_CHECK(candidate.score > 0 && candidate.score <= previous, "candidates out of order");
            previous = candidate.score;
        }
        if (complete && !candidates.empty())
            fuzz::readWith(*candidates.front().format, bytes);
    }
    return 0;
}
