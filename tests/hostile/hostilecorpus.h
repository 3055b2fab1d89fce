#pragma once

// The hostile-string corpus (tests/hostile/corpus.txt, whose head documents its escapes), read
// into the strings themselves, and evidence made of one of them.

#include "examplepostmortem.h"
#include "testsupport.h"
#include "timeline/timeline.h"

#include <QFile>
#include <QStringList>

#include <catch2/catch.hpp>

namespace aftermath::test {

// One line of the corpus, its escapes resolved: bytes gather as UTF-8 (so a byte that is no UTF-8
// becomes U+FFFD), \uXXXX adds one UTF-16 unit as it is (a lone surrogate stays one).
inline QString corpusString(const QByteArray& line)
{
    QString out;
    QByteArray bytes;
    auto flush = [&] {
        out += QString::fromUtf8(bytes);
        bytes.clear();
    };
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            bytes += line[i];
            continue;
        }
        const char code = line[++i];
        switch (code) {
        case 'n':
            bytes += '\n';
            break;
        case 'r':
            bytes += '\r';
            break;
        case 't':
            bytes += '\t';
            break;
        case 'a':
            bytes += '\a';
            break;
        case 'e':
            bytes += '\x1b';
            break;
        case '0':
            flush();
            out += QChar(u'\0');
            break;
        case 'x':
            bytes += char(line.mid(i + 1, 2).toInt(nullptr, 16));
            i += 2;
            break;
        case 'u':
            flush();
            out += QChar(char16_t(line.mid(i + 1, 4).toUInt(nullptr, 16)));
            i += 4;
            break;
        default: // \\ and anything else: the character itself
            bytes += code;
        }
    }
    flush();
    return out;
}

inline const QStringList& hostileCorpus()
{
    static const QStringList corpus = [] {
        QFile file(QStringLiteral(AFTERMATH_HOSTILE_CORPUS));
        REQUIRE(file.open(QIODevice::ReadOnly));
        QStringList strings;
        for (QByteArray line : file.readAll().split('\n')) {
            if (line.isEmpty() || line.startsWith(";;"))
                continue;
            if (line.startsWith("@repeat ")) {
                const QList<QByteArray> words = line.split(' ');
                const qsizetype length = words[1].toLongLong();
                const QString unit = corpusString(line.mid(line.indexOf(' ', 8) + 1));
                QString text;
                while (text.size() < length)
                    text += unit;
                strings << text;
                continue;
            }
            strings << corpusString(line);
        }
        return strings;
    }();
    return corpus;
}

// A name for a corpus string in test output: its first 60 characters, escaped.
inline std::string describe(const QString& text)
{
    QString shown;
    for (const QChar c : text.left(60))
        shown += c.unicode() < 0x20 || c.isSurrogate()
            ? QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QChar(u'0'))
            : QString(c);
    return shown.toStdString() + (text.size() > 60 ? "..." : "");
}

// Evidence whose every text is `text`: an entry and its source, a suspect change, a finding, a run.
inline timeline::Timeline evidenceWith(const QString& text)
{
    timeline::Timeline t;
    t.fromUs = londonTime("2026-06-18T00:00:00");
    t.toUs = londonTime("2026-06-18T10:00:00");
    timeline::Entry entry;
    entry.timeUs = t.fromUs + 3600LL * 1'000'000;
    entry.key = true;
    entry.source = text;
    entry.summary = text;
    t.entries.push_back(entry);
    for (const auto type : {timeline::Finding::Type::SuspectChange, timeline::Finding::Type::FirstError}) {
        timeline::Finding finding;
        finding.type = type;
        finding.rank = 1;
        finding.timeUs = entry.timeUs;
        finding.summary = text;
        finding.reason = text;
        t.findings.push_back(finding);
    }
    timeline::Run run;
    run.job = text;
    run.tenant = text;
    run.version = text;
    run.source = text;
    run.startedUs = entry.timeUs;
    t.runs.push_back(run);
    t.phases.impactStart = entry.timeUs;
    return t;
}

} // namespace aftermath::test
