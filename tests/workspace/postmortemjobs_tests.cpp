// Tests of the workspace's postmortem jobs run as the desktop runs them, in a pool thread through
// startX(): draft, export and import of a Markdown postmortem, each on its own connection, with
// progress that ends at 1000, a cancel that leaves the store as it was, and errors that name the
// file or the store. (What drafting writes is in draft_tests.cpp; what the documents say is in
// tests/report and tests/cli.)
#include "workspace/workspace.h"

#include "examplesupport.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {

using namespace aftermath;
using workspace::Workspace;

// The bundled example's evidence and incident in a store in a temporary folder.
struct Example {
    QTemporaryDir dir;
    qint64 incidentId = 0; // set by open(), so declared before the workspace
    Workspace ws = open();

    Workspace open()
    {
        REQUIRE(dir.isValid());
        auto opened = Workspace::open(dir.filePath(QStringLiteral("example.sqlite")));
        REQUIRE(opened);
        const auto imported = workspace::importInto({.store = opened->location(),
            .inputs = {test::exampleEvidence()},
            .zone = QTimeZone(QByteArrayLiteral("Europe/London"))});
        REQUIRE(imported);
        REQUIRE(imported->errorCount() == 0);
        const auto created = opened->postmortems().createIncident(test::exampleIncident());
        REQUIRE(created);
        incidentId = created->id;
        return std::move(*opened);
    }
};

// Waits for a job in an event loop (not waitForFinished(), which may run a task not yet started in
// this thread) and returns its result.
template <typename T>
Result<T> finish(const workspace::Job<T>& job)
{
    QFutureWatcher<Result<T>> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(job.future());
    REQUIRE((job.future().isFinished() || finished.wait(60'000)));
    REQUIRE(job.future().resultCount() == 1);
    CHECK(job.future().progressMaximum() == 1000);
    return job.future().result();
}

} // namespace

TEST_CASE("the draft job drafts in a pool thread, and a cancel before it writes leaves the postmortem as it was",
    "[workspace][draft]")
{
    Example example;
    const std::atomic_bool cancel = true;
    const auto cancelled = workspace::draftIncident({example.ws.location(), example.incidentId}, {}, &cancel);
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == Error::Code::Cancelled);
    CHECK(cancelled.error().context == example.ws.path());
    CHECK(example.ws.postmortems().timelineEntries(example.incidentId)->empty());
    CHECK(example.ws.postmortems().incident(example.incidentId)->trigger.isEmpty());

    const workspace::DraftJob job = example.ws.startDraft(example.incidentId);
    const auto drafted = finish(job);
    REQUIRE(drafted);
    CHECK(job.future().progressValue() == 1000);
    CHECK(drafted->entriesAdded > 10);
    CHECK(example.ws.postmortems().timelineEntries(example.incidentId)->size() == std::size_t(drafted->entriesAdded));
    CHECK_FALSE(example.ws.postmortems().incident(example.incidentId)->trigger.isEmpty());
}

TEST_CASE(
    "the export job writes the document and its chart, or says which file it could not write", "[workspace][export]")
{
    Example example;
    report::ExportOptions options;
    options.outputPath = example.dir.filePath(QStringLiteral("pm.md"));
    options.chart = true;
    const workspace::ExportJob job = example.ws.startExport(example.incidentId, report::defaultTemplateName, options);
    const auto exported = finish(job);
    REQUIRE(exported);
    CHECK(job.future().progressValue() == 1000);
    CHECK(exported->hasEvidence);
    CHECK(exported->result.written
        == QStringList{example.dir.filePath(QStringLiteral("pm.svg")), example.dir.filePath(QStringLiteral("pm.md"))});
    CHECK(test::fileBytes(options.outputPath) == exported->result.document.toUtf8());

    // A folder that is not there: the error names the document, and nothing is left behind.
    options.outputPath = example.dir.filePath(QStringLiteral("missing/pm.md"));
    const auto refused = finish(example.ws.startExport(example.incidentId, report::defaultTemplateName, options));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().toString().contains(QStringLiteral("missing")));
    CHECK_FALSE(QFileInfo::exists(options.outputPath));

    // An unknown template is refused before the store is read; a cancel before rendering writes nothing.
    const auto unknown = workspace::exportIncident(
        {example.ws.location(), example.incidentId, QStringLiteral("no-such-template"), report::ExportOptions{}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.contains(QStringLiteral("default")));
    const std::atomic_bool cancel = true;
    options.outputPath = example.dir.filePath(QStringLiteral("cancelled.md"));
    const auto cancelled = workspace::exportIncident(
        {example.ws.location(), example.incidentId, report::defaultTemplateName, options}, {}, &cancel);
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == Error::Code::Cancelled);
    CHECK_FALSE(QFileInfo::exists(options.outputPath));
}

TEST_CASE("the postmortem import job reads a file into a new incident, and a file it refuses creates no store",
    "[workspace][import-postmortem]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString storePath = dir.filePath(QStringLiteral("new.sqlite"));
    const QString document = dir.filePath(QStringLiteral("pm.md"));
    REQUIRE(test::writeFile(document,
        "# Checkout outage\n\n**Date:** 2026-03-02\n\n## Summary\n\nCheckout failed for 20 minutes.\n\n## Timeline\n\n"
        "All times UTC.\n\n- 14:05 Deploy of checkout 4.2\n- 14:07 Error rate alert fires\n\n"
        "## Action items\n\n| Action | Owner |\n|---|---|\n| Add a canary stage | Dana W |\n"));

    // A binary file: refused, naming it, and the store is not created for it.
    const QString binary = dir.filePath(QStringLiteral("image.md"));
    REQUIRE(test::writeFile(binary, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
    const auto refused = workspace::importPostmortemFile({.store = {storePath, {}}, .file = binary});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().context == binary);
    CHECK_FALSE(QFileInfo::exists(storePath));

    const workspace::PostmortemImportJob job
        = workspace::startPostmortemImport({.store = {storePath, {}}, .file = document});
    const auto imported = finish(job);
    REQUIRE(imported);
    CHECK(imported->incidentId == 1);
    CHECK(imported->postmortem.incident.title == QStringLiteral("Checkout outage"));
    auto ws = Workspace::open(storePath, {.create = false});
    REQUIRE(ws);
    const auto stored = ws->postmortems().postmortem(imported->incidentId);
    REQUIRE(stored);
    CHECK(stored->timeline.size() == 2);
    REQUIRE(stored->actionItems.size() == 1);
    CHECK(stored->actionItems.front().owner == QStringLiteral("Dana W"));
}
