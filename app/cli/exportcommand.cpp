// aftermath-cli export: the postmortem document (docs/templates.md).

#include "exportcommand.h"

#include "cli.h"
#include "cliutil.h"
#include "report/postmortem.h"
#include "report/templates.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

void exportOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The incident whose postmortem to export."));
    parser.addOption(QCommandLineOption(QStringLiteral("template"),
        QStringLiteral("A template name (built in: default, google-sre, minimal; or NAME.md in %1) or the path of a "
                       "template file (default: default).")
            .arg(report::userTemplateDir()),
        QStringLiteral("NAME|PATH"), report::defaultTemplateName));
    parser.addOption(formatOption(QStringLiteral("markdown or html"), QStringLiteral("markdown")));
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Write the document to FILE (atomically) instead of stdout."), QStringLiteral("FILE")));
    parser.addOption(QCommandLineOption(QStringLiteral("chart"),
        QStringLiteral("Also draw the timeline as NAME.svg beside the -o file, and show it in the document.")));
    addZoneOption(parser);
}

int exportRun(const Invocation& in)
{
    const auto id = incidentArgument(in);
    if (!id)
        return UsageError;

    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    report::ExportOptions options;
    options.zone = tz->chosen;
    const auto format
        = chosenFormat(in, {QStringLiteral("markdown"), QStringLiteral("html")}, QStringLiteral("markdown or html"));
    if (!format)
        return UsageError;
    if (*format == u"html")
        options.format = report::DocumentFormat::Html;
    options.outputPath = in.parser.value(QStringLiteral("output"));
    if (in.parser.isSet(QStringLiteral("output")) && options.outputPath.isEmpty())
        return in.usageError(QStringLiteral("-o needs a file name"));
    options.chart = in.parser.isSet(QStringLiteral("chart"));
    if (options.chart && options.outputPath.isEmpty())
        return in.usageError(
            QStringLiteral("--chart writes NAME.svg beside the document: give the document's file with -o FILE"));

    const auto chosen = report::findTemplate(in.parser.value(QStringLiteral("template")));
    if (!chosen) // an unknown name is a usage error; a file that cannot be read is not
        return chosen.error().context.isEmpty() ? in.usageError(chosen.error().message) : failed(in, chosen.error());
    if (const QStringList unknown = report::unknownTags(*chosen); !unknown.isEmpty())
        in.err << "aftermath-cli: warning: " << chosen->location << " uses tags Aftermath does not fill (they come out "
               << "empty): " << unknown.join(QStringLiteral(", ")) << "; docs/templates.md lists the tags\n";

    // The export opens the store itself; its errors (no store, newer, locked) name it.
    const workspace::ExportRequest request{.store = {in.storePath, {}},
        .incidentId = *id,
        .templateName = in.parser.value(QStringLiteral("template")),
        .options = options};
    const auto exported = workspace::exportIncident(request);
    if (!exported)
        return failed(in, exported.error());
    if (!exported->hasEvidence)
        in.err << "aftermath-cli: note: there are no events in incident " << *id
               << "'s window, so the postmortem has no evidence part; import the evidence to add it\n";
    if (options.outputPath.isEmpty()) {
        in.out << exported->result.document;
        in.out.flush();
        if (in.out.status() != QTextStream::Ok)
            return in.runtimeError(QStringLiteral("could not write the output"));
        return Success;
    }
    for (const QString& path : exported->result.written)
        in.err << "Wrote " << path << '\n';
    return Success;
}

} // namespace aftermath::cli
