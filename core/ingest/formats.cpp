#include "families.h"

#include <QStringDecoder>

#include <algorithm>

namespace aftermath::ingest {

namespace {

std::vector<Format> allFormats()
{
    std::vector<Format> all;
    for (auto family : {textLogFormats, structuredFormats, githubFormats, gitFormats, awsFormats, kubernetesFormats,
             csvFormats, slackFormats}) {
        std::ranges::move(family(), std::back_inserter(all));
    }
    return all;
}

constexpr qsizetype sampleBytes = 64 * 1024;
constexpr qsizetype sampleLines = 200;

} // namespace

std::span<const Format> formats()
{
    static const std::vector<Format> registry = allFormats();
    return registry;
}

const Format* findFormat(QStringView name)
{
    for (const Format& format : formats()) {
        if (format.name == name)
            return &format;
    }
    return nullptr;
}

std::vector<Candidate> detect(const Sample& sample)
{
    std::vector<Candidate> candidates;
    for (const Format& format : formats()) {
        const bool folderFormat = format.parseFolder != nullptr;
        if (folderFormat != sample.isFolder)
            continue;
        if (const int score = format.score(sample); score > 0)
            candidates.push_back({&format, std::min(score, 100)});
    }
    std::ranges::stable_sort(candidates, std::greater{}, &Candidate::score);
    return candidates;
}

Sample makeSample(const QString& fileName, const QByteArray& bytes, bool complete)
{
    Sample sample;
    sample.fileName = fileName;
    sample.head = bytes.left(sampleBytes);
    sample.complete = complete && bytes.size() <= sampleBytes;
    QByteArrayView view(sample.head);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    // The last line of a cut sample may be cut too: leave it out, unless it is the only one (a
    // first line longer than the sample), whose start is all there is to recognise the file by.
    if (!sample.complete) {
        const qsizetype lastNewline = view.lastIndexOf('\n');
        if (lastNewline >= 0)
            view = view.first(lastNewline);
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(view);
    for (QStringView line : QStringTokenizer(text, u'\n')) {
        if (sample.lines.size() >= sampleLines)
            break;
        if (line.endsWith(u'\r'))
            line.chop(1);
        sample.lines.append(line.toString());
    }
    if (!sample.lines.isEmpty() && sample.lines.last().isEmpty() && sample.complete)
        sample.lines.removeLast();
    return sample;
}

} // namespace aftermath::ingest
