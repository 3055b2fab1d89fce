// aftermath-cli import-postmortem: a Markdown postmortem read into a new incident.

#include "importcommand.h"

#include "cli.h"
#include "model/timestamp.h"
#include "options.h"
#include "postmortemcommands.h"
#include "report/postmortemimport.h"
#include "store/store.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace aftermath::cli {

void importPostmortemOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The Markdown postmortem to import."));
    addZoneOption(parser); // for times the document gives without a zone, when it states none
}

int importPostmortemRun(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() != 1)
        return in.usageError(QStringLiteral("import-postmortem takes one file: import-postmortem FILE.md"));
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const auto clock = EnvironmentClock::fromEnvironment();
    if (!clock)
        return in.usageError(clock.error().message);

    const QString path = args[0];
    QFile file(path);
    if (QFileInfo(path).isDir())
        return in.runtimeError(QStringLiteral("%1: is a folder; give the postmortem's Markdown file").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return in.runtimeError(QStringLiteral("%1: cannot read it (%2)").arg(path, file.errorString()));
    constexpr qint64 maxBytes = 16LL * 1024 * 1024;
    if (file.size() > maxBytes)
        return in.runtimeError(
            QStringLiteral("%1: %2 MB is not a postmortem (over 16 MB)").arg(path).arg(file.size() / (1024 * 1024)));
    const QByteArray bytes = file.readAll();
    if (bytes.contains('\0'))
        return in.runtimeError(QStringLiteral("%1: a binary file, not Markdown").arg(path));
    QStringDecoder decode(QStringDecoder::Utf8);
    const QString markdown = decode(bytes);
    if (decode.hasError()) {
        // Name the line: the first one that does not decode.
        qsizetype line = 1;
        for (const QByteArray& text : bytes.split('\n')) {
            QStringDecoder check(QStringDecoder::Utf8);
            const QString decoded = check(text); // decoding is lazy: it happens on conversion
            if (check.hasError())
                break;
            ++line;
        }
        return in.runtimeError(QStringLiteral("%1:%2: not UTF-8 text; save the document as UTF-8 and import it again")
                                   .arg(path)
                                   .arg(line));
    }

    report::ImportOptions options;
    options.zone = tz->zone;
    options.defaultYear = QDateTime::fromMSecsSinceEpoch(clock->clock().nowUtcUs() / 1000, tz->zone).date().year();
    const auto imported = report::importPostmortem(markdown, path, options);
    if (!imported)
        return in.runtimeError(imported.error().toString());

    auto store = store::Store::open(in.storePath);
    if (!store)
        return in.runtimeError(store.error().toString());
    const auto id = store->createPostmortem(imported->postmortem);
    if (!id)
        return in.runtimeError(id.error().toString());

    const model::Postmortem& p = imported->postmortem;
    for (const QString& warning : imported->warnings)
        in.err << "aftermath-cli: warning: " << path << ": " << warning << '\n';
    in.err << "Imported " << QFileInfo(path).fileName() << " as incident #" << *id << ": " << p.incident.title << " ("
           << p.timeline.size() << " timeline entries, " << p.rootCauses.size() << " root causes, "
           << p.actionItems.size() << " action items)\n";
    in.out << *id << '\n';
    return Success;
}

} // namespace aftermath::cli
