// Markdown postmortems read back (core/report/postmortemimport.cpp, `aftermath-cli
// import-postmortem`): any text either imports or fails with a message naming the document, and
// what imports is a record the store and the templates take: a window in order, root causes
// numbered 1..n, action items with descriptions, entries in time order; it renders through the
// default template.

#include "fuzzdriver.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "report/templates.h"

#include <QStringDecoder>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace aftermath;
    static const auto document = report::findTemplate(QStringLiteral("default"), QString());
    AFTERMATH_FUZZ_CHECK(document.has_value(), "the default template is missing");

    QStringDecoder decode(QStringDecoder::Utf8);
    const QString markdown = decode(fuzz::bytesOf(data, size));
    report::PostmortemImportOptions options;
    options.zone = QTimeZone("Europe/London");
    options.defaultYear = 2026;
    const auto imported = report::importPostmortem(markdown, QStringLiteral("fuzz.md"), options);
    if (!imported) {
        AFTERMATH_FUZZ_CHECK(imported.error().context == u"fuzz.md", "an import error does not name the document");
        return 0;
    }
    const model::Postmortem& p = imported->postmortem;
    AFTERMATH_FUZZ_CHECK(!p.incident.title.isEmpty(), "an imported postmortem without a title");
    AFTERMATH_FUZZ_CHECK(p.incident.fromUs <= p.incident.toUs, "an imported window ends before it starts");
    for (std::size_t i = 0; i < p.rootCauses.size(); ++i)
        AFTERMATH_FUZZ_CHECK(p.rootCauses[i].position == int(i) + 1, "root causes not numbered in order");
    for (const model::ActionItem& item : p.actionItems)
        AFTERMATH_FUZZ_CHECK(!item.description.trimmed().isEmpty(), "an action item without a description");
    for (std::size_t i = 1; i < p.timeline.size(); ++i)
        AFTERMATH_FUZZ_CHECK(p.timeline[i - 1].timeUs <= p.timeline[i].timeUs, "timeline entries out of order");
    AFTERMATH_FUZZ_CHECK(report::renderMarkdown(p, *document).has_value(), "an imported postmortem does not render");
    return 0;
}
