// The preview beside the Postmortem tab's form, in the real MainWindow (offscreen, on a fixed
// clock, with the bundled example): it shows what the export writes for what the form shows,
// saved or not; renders run off the GUI thread, coalesced, with stale results dropped; Copy as
// Markdown; hostile text stays text; links open outside only for the web; it keeps its place.
// Screenshots go under the build tree.
#include "actionitemmodel.h"
#include "apptestsupport.h"
#include "hostilecorpus.h"
#include "postmortemfixture.h"
#include "postmortempreview.h"
#include "rootcausemodel.h"
#include "timelinemodel.h"

#include "workspace/postmortemjobs.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QLabel>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSemaphore>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QThread>
#include <QToolButton>
#include <QUrl>

#include <atomic>

namespace {

using namespace aftermath;
using namespace test::postmortem;
using test::exampleIncident;
using desktop::PostmortemPreview;

constexpr int renderWaitMs = 20'000;

PostmortemPreview& previewOf(const Fixture& f)
{
    PostmortemPreview* preview = f.pm().preview();
    REQUIRE(preview);
    return *preview;
}

// Waits until a render has landed whose Markdown `holds`.
void waitForPreview(const PostmortemPreview& preview, const std::function<bool(const QString&)>& holds)
{
    const bool landed
        = QTest::qWaitFor([&] { return !preview.isRendering() && holds(preview.markdown()); }, renderWaitMs);
    INFO("the preview's Markdown: " << preview.markdown().left(3000).toStdString());
    REQUIRE(landed);
}

void waitForPreviewWith(const PostmortemPreview& preview, const QString& text)
{
    waitForPreview(preview, [&](const QString& markdown) { return markdown.contains(text); });
}

// What File › Export Postmortem writes for the store's postmortem through `templateName`.
QString exported(const Fixture& f, qint64 id, const QString& templateName)
{
    workspace::ExportRequest request;
    request.store = f.store().location();
    request.incidentId = id;
    request.templateName = templateName;
    const auto outcome = workspace::exportIncident(request);
    REQUIRE(outcome);
    return outcome->result.document;
}

// The example, drafted, on the Postmortem tab.
qint64 draftedExample(Fixture& f)
{
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    return id;
}

// Receives what QDesktopServices would open.
class UrlCatcher : public QObject {
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl& url) { opened << url; }
};

} // namespace

TEST_CASE("The preview shows what the export writes for what the form shows, saved or not",
    "[postmortem][preview][window]")
{
    Fixture f;
    const qint64 id = draftedExample(f);
    PostmortemPreview& preview = previewOf(f);
    CHECK(preview.isVisible());
    CHECK(preview.templateName() == QStringLiteral("default"));

    // Saved: the very document the export writes, and its HTML in the browser.
    const QString document = exported(f, id, QStringLiteral("default"));
    waitForPreview(preview, [&](const QString& markdown) { return markdown == document; });
    CHECK(preview.browser()->isReadOnly());
    CHECK(preview.browser()->horizontalScrollBar()->maximum() == 0); // it wraps to its width
    CHECK(preview.browser()->toPlainText().contains(QStringLiteral("create_post_funding failed for tenant NHS E")));
    CHECK(preview.html().contains(QStringLiteral("<h1>")));

    // Typed, not saved yet: shown once the render lands.
    QTest::keyClicks(textField(f.pm(), QStringLiteral("description")), QStringLiteral("Typed a moment ago"));
    CHECK(f.pm().hasUnsavedEdits());
    waitForPreviewWith(preview, QStringLiteral("Typed a moment ago"));
    CHECK(f.pm().hasUnsavedEdits());
    CHECK(f.stored(id).description.isEmpty());
    CHECK(preview.browser()->toPlainText().contains(QStringLiteral("Typed a moment ago")));

    // Records too: a root cause, and its removal.
    REQUIRE(f.pm().rootCauseModel()->addCause(QStringLiteral("Migration 0042 was never applied")));
    waitForPreviewWith(preview, QStringLiteral("Migration 0042 was never applied"));
    REQUIRE(f.pm().rootCauseModel()->removeCause(0));
    waitForPreview(preview, [](const QString& markdown) { return !markdown.contains(u"never applied"); });

    // Another template, from the chooser that lists the export's.
    auto* chooser = preview.findChild<QComboBox*>(QStringLiteral("previewTemplate"));
    REQUIRE(chooser);
    QStringList names;
    for (const report::Template& t : report::availableTemplates())
        names << t.name;
    QStringList listed;
    for (int i = 0; i < chooser->count(); ++i)
        listed << chooser->itemText(i);
    CHECK(listed == names);
    REQUIRE(f.pm().saveEdits());
    preview.setTemplateName(QStringLiteral("google-sre"));
    const QString sre = exported(f, id, QStringLiteral("google-sre"));
    REQUIRE(sre != document);
    waitForPreview(preview, [&](const QString& markdown) { return markdown == sre; });

    // Copy as Markdown: the template's Markdown on the clipboard.
    QApplication::clipboard()->clear();
    QAction* copy = preview.copyAction();
    CHECK(copy->isEnabled());
    copy->trigger();
    CHECK(QApplication::clipboard()->text() == sre);
    auto* copyButton = f.pm().findChild<QToolButton*>(QStringLiteral("copyMarkdownButton"));
    REQUIRE(copyButton);
    CHECK(copyButton->text() == QStringLiteral("Copy as Markdown"));
    CHECK(copyButton->isVisible());

    // Another incident: nothing of the first one's is shown, even for a moment.
    model::Incident plain;
    plain.title = QStringLiteral("A quiet hour");
    plain.fromUs = julySecondUs();
    plain.toUs = julySecondUs() + hourUs;
    const qint64 other = f.create(plain);
    REQUIRE(f.window->showPostmortem(other));
    CHECK_FALSE(preview.markdown().contains(u"post-funding"));
    waitForPreviewWith(preview, QStringLiteral("A quiet hour"));
    CHECK_FALSE(preview.markdown().contains(u"post-funding"));
}

TEST_CASE("Rapid edits are rendered at most twice, off the GUI thread, and a stale result is dropped",
    "[postmortem][preview][window]")
{
    Fixture f;
    draftedExample(f);
    PostmortemPreview& preview = previewOf(f);
    waitForPreviewWith(preview, QStringLiteral("create_post_funding"));
    QTest::qWait(PostmortemPreview::renderDelayMs * 2);
    REQUIRE_FALSE(preview.isRendering());

    // Forty keystrokes, each an edit: one render when they pause (two if one was under way).
    const int before = preview.rendersStarted();
    QPlainTextEdit* description = textField(f.pm(), QStringLiteral("description"));
    const QString typed = QStringLiteral("Both customers' reports lacked a night");
    QTest::keyClicks(description, typed);
    waitForPreviewWith(preview, typed);
    QTest::qWait(PostmortemPreview::renderDelayMs * 2);
    CHECK(preview.rendersStarted() - before >= 1);
    CHECK(preview.rendersStarted() - before <= 2);

    // A render held back in its thread while more is typed: its result is dropped, and exactly
    // one more render shows the newest text.
    QSemaphore started;
    QSemaphore release;
    std::atomic_int calls = 0;
    std::atomic_bool offTheGuiThread = true;
    QThread* gui = QThread::currentThread();
    preview.setRenderer([&](const desktop::PreviewRequest& request) {
        if (QThread::currentThread() == gui)
            offTheGuiThread = false;
        if (calls++ == 0) {
            started.release();
            release.acquire();
        }
        return desktop::renderPreview(request);
    });
    QSignalSpy shown(&preview, &PostmortemPreview::rendered);
    const int held = preview.rendersStarted();
    const int dropped = preview.resultsDropped();
    QTest::keyClicks(description, QStringLiteral(" (first)"));
    REQUIRE(QTest::qWaitFor([&] { return started.available() > 0; }, renderWaitMs));
    CHECK(preview.isRendering());
    // The GUI thread goes on: more typing, and its pause ends while the first render is held.
    QTest::keyClicks(description, QStringLiteral(" (second)"));
    QTest::qWait(PostmortemPreview::renderDelayMs * 3);
    CHECK(preview.rendersStarted() == held + 1);
    release.release();
    waitForPreviewWith(preview, QStringLiteral("(second)"));
    QTest::qWait(PostmortemPreview::renderDelayMs * 2);
    CHECK(preview.rendersStarted() == held + 2);
    CHECK(preview.resultsDropped() == dropped + 1);
    CHECK(shown.count() == 1); // the held result never showed
    CHECK(offTheGuiThread);
    CHECK(calls == 2);
    preview.setRenderer(&desktop::renderPreview);
}

TEST_CASE("Hostile text in the form shows in the preview as text, never as HTML", "[postmortem][preview][hostile]")
{
    Fixture f;
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    PostmortemPreview& preview = previewOf(f);

    // The whole corpus, one string a paragraph, in a field, a root cause, an action item and a
    // timeline entry.
    QStringList strings;
    for (const QString& text : test::hostileCorpus())
        strings << QString(text).remove(QChar(u'\0'));
    const QString corpus = strings.join(QStringLiteral("\n\n"));
    auto* description = textField(f.pm(), QStringLiteral("description"));
    description->setPlainText(corpus);
    REQUIRE(f.pm().rootCauseModel()->addCause(corpus));
    model::ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("<script>alert(1)</script> <img src=x onerror=alert(1)>");
    REQUIRE(f.pm().actionItemModel()->addItem(item));
    model::TimelineEntry entry;
    entry.incidentId = id;
    entry.timeUs = exampleIncident().fromUs;
    entry.text = QStringLiteral("<iframe src=//evil></iframe> [x](javascript:alert(1))");
    REQUIRE(f.pm().addTimelineEntry(entry));
    waitForPreviewWith(preview, QStringLiteral("iframe"));

    // Every "<" of the text is "&lt;" in the HTML: each "<" there starts markup cmark-gfm wrote.
    const QString html = preview.html();
    for (const char* markup : {"<script", "<img", "<iframe", "<style", "<svg", "<math", "<div", "<!--"}) {
        INFO(markup);
        CHECK_FALSE(html.contains(QLatin1StringView(markup), Qt::CaseInsensitive));
    }
    static const QRegularExpression handler(
        QStringLiteral("<[^>]*\\son[a-z]+\\s*=|<a [^>]*href=\"(javascript|data|vbscript|file):"),
        QRegularExpression::CaseInsensitiveOption);
    CHECK_FALSE(html.contains(handler));
    // What was typed reads as typed.
    const QString shown = preview.browser()->toPlainText();
    CHECK(shown.contains(QStringLiteral("<script>alert(1)</script>")));
    CHECK(shown.contains(QStringLiteral("<img src=x onerror=alert(1)>")));
    CHECK(shown.contains(QStringLiteral("<iframe src=//evil></iframe>")));
}

TEST_CASE("Links in the preview open outside only for web addresses", "[postmortem][preview][window]")
{
    Fixture f;
    draftedExample(f);
    PostmortemPreview& preview = previewOf(f);
    waitForPreviewWith(preview, QStringLiteral("create_post_funding"));

    UrlCatcher catcher;
    for (const char* scheme : {"http", "https", "file", "ftp", "mailto"})
        QDesktopServices::setUrlHandler(QString::fromLatin1(scheme), &catcher, "open");
    const auto unset = qScopeGuard([] {
        for (const char* scheme : {"http", "https", "file", "ftp", "mailto"})
            QDesktopServices::unsetUrlHandler(QString::fromLatin1(scheme));
    });
    Q_EMIT preview.browser()->anchorClicked(QUrl(QStringLiteral("https://github.com/acme/etl/issues/431")));
    Q_EMIT preview.browser()->anchorClicked(QUrl(QStringLiteral("http://example.com/runbook")));
    CHECK(catcher.opened
        == QList<QUrl>{QUrl(QStringLiteral("https://github.com/acme/etl/issues/431")),
            QUrl(QStringLiteral("http://example.com/runbook"))});
    for (const char* url : {"file:///etc/passwd", "ftp://example.com/x", "mailto:a@example.com", "etc/passwd",
             "javascript:alert(1)"}) {
        INFO(url);
        Q_EMIT preview.browser()->anchorClicked(QUrl(QString::fromLatin1(url)));
        CHECK(catcher.opened.size() == 2);
        auto* note = preview.findChild<QLabel*>(QStringLiteral("previewNote"));
        REQUIRE(note);
        CHECK(note->text().startsWith(QStringLiteral("Not opened")));
    }
    CHECK(PostmortemPreview::opensExternally(QUrl(QStringLiteral("HTTPS://example.com"))));
    CHECK_FALSE(PostmortemPreview::opensExternally(QUrl(QStringLiteral("file:///tmp/x.html"))));
    // Nothing a document names is loaded: no file, no address.
    CHECK(preview.browser()->loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("file:///etc/passwd")))
              .isNull());
}

TEST_CASE("The preview keeps its place across renders, and can be hidden", "[postmortem][preview][window]")
{
    Fixture f;
    const qint64 id = draftedExample(f);
    PostmortemPreview& preview = previewOf(f);
    waitForPreviewWith(preview, QStringLiteral("create_post_funding"));
    QScrollBar* bar = preview.browser()->verticalScrollBar();
    REQUIRE(QTest::qWaitFor([&] { return bar->maximum() > 200; }, 5000));
    bar->setValue(bar->maximum() / 2);
    const int place = bar->value();

    QTest::keyClicks(
        textField(f.pm(), QStringLiteral("contributing_factors")), QStringLiteral("The rollback took minutes"));
    waitForPreviewWith(preview, QStringLiteral("The rollback took minutes"));
    QApplication::processEvents();
    CHECK(bar->value() == place);

    // Hidden: no renders while it is; shown again, it catches up.
    QAction* toggle = f.pm().previewAction();
    CHECK(toggle->isChecked());
    toggle->trigger();
    CHECK_FALSE(preview.isVisible());
    CHECK_FALSE(f.pm().findChild<QToolButton*>(QStringLiteral("copyMarkdownButton"))->isVisible());
    QTest::qWait(PostmortemPreview::renderDelayMs * 2);
    const int renders = preview.rendersStarted();
    QTest::keyClicks(textField(f.pm(), QStringLiteral("resolution")), QStringLiteral("Nobody saw it until 04:00"));
    QTest::qWait(PostmortemPreview::renderDelayMs * 3);
    CHECK(preview.rendersStarted() == renders);
    toggle->trigger();
    CHECK(preview.isVisible());
    waitForPreviewWith(preview, QStringLiteral("Nobody saw it until 04:00"));
    // Remembered for the next window.
    toggle->trigger();
    REQUIRE(f.pm().saveEdits());
    f.window.reset();
    f.openWindow();
    REQUIRE(f.window->showPostmortem(id));
    CHECK_FALSE(f.pm().previewAction()->isChecked());
    CHECK_FALSE(f.pm().preview()->isVisible());
}

TEST_CASE("Screenshots of the Postmortem tab with its preview at 1600x1000", "[postmortem][preview][screenshot]")
{
    Fixture f;
    f.window->resize(1600, 1000);
    const qint64 id = draftedExample(f);
    PostmortemView& pm = f.pm();
    const auto type = [&](const QString& field, const QString& text) {
        QWidget* editor = pm.fieldEditor(field);
        REQUIRE(editor);
        QTest::keyClicks(editor, text);
    };
    type(QStringLiteral("authors"), QStringLiteral("Dana W, Sam Okafor"));
    type(QStringLiteral("description"),
        QStringLiteral("Two customers' morning funding reports went out without the previous night's rows. They "
                       "were regenerated and re-sent by 08:48."));
    type(QStringLiteral("resolution"),
        QStringLiteral("Both tenants re-run on etl-post-funding:41 at 05:39; schedules pointed back at :41."));
    REQUIRE(pm.saveEdits());
    desktop::RootCauseModel& causes = *pm.rootCauseModel();
    REQUIRE(causes.addCause(QStringLiteral("The deploy shipped code that needs migration 0042 before it was applied")));
    REQUIRE(causes.addCause(QStringLiteral("create_post_funding retries forever: no retry limit")));
    desktop::ActionItemModel& actions = *pm.actionItemModel();
    model::ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Apply migrations in the deploy, before the code that needs them");
    item.owner = QStringLiteral("Dana W");
    item.due = QDate(2026, 6, 25);
    item.status = model::ActionItem::Status::InProgress;
    item.priority = QStringLiteral("P1");
    item.link = QStringLiteral("https://github.com/acme/etl/issues/431");
    REQUIRE(actions.addItem(item));
    PostmortemPreview& preview = previewOf(f);
    waitForPreviewWith(preview, QStringLiteral("Apply migrations in the deploy"));
    QApplication::processEvents();
    const QString shot = saveShot(*f.window, QStringLiteral("postmortem-preview.png"));
    INFO("screenshot: " << shot.toStdString());

    // Nothing squeezed: the form's fields show whole, the preview is wide enough to read.
    auto* form = pm.findChild<QWidget*>(QStringLiteral("postmortemForm"));
    REQUIRE(form);
    auto* scroll = pm.findChild<QScrollArea*>(QStringLiteral("postmortemFormScroll"));
    REQUIRE(scroll);
    CHECK(form->width() >= form->minimumSizeHint().width());
    CHECK(preview.width() >= 420);
    CHECK(pm.timelineTable()->width() >= 560);
    // Nothing in the document is wider than the preview: it wraps, it does not scroll sideways.
    CHECK(preview.browser()->horizontalScrollBar()->maximum() == 0);

    // At the window's first size (1200x760) the three still fit: the form whole, the timeline's
    // text readable, the preview narrower.
    f.window->resize(1200, 760);
    QApplication::processEvents();
    CHECK(f.window->width() == 1200);
    CHECK(form->width() >= form->minimumSizeHint().width());
    CHECK(pm.timelineTable()->columnWidth(CuratedTimelineModel::TextColumn) >= 100);
    CHECK(preview.width() >= 260);
    // The drafted fields, narrower now, grew to their lines: no scroll bar left over in them.
    for (const char* name : {"impact", "trigger", "detection"}) {
        INFO(name);
        const QPlainTextEdit* field = textField(pm, QString::fromLatin1(name));
        CHECK_FALSE(field->verticalScrollBar()->isVisible());
        CHECK(field->verticalScrollBar()->maximum() == 0);
    }
    WARN("at 1200: form " << scroll->width() << ", preview " << preview.width() << ", timeline text "
                          << pm.timelineTable()->columnWidth(CuratedTimelineModel::TextColumn));
    saveShot(*f.window, QStringLiteral("postmortem-preview-1200.png"));
    f.window->resize(1600, 1000);
    QApplication::processEvents();

    // Scrolled down to the action items, in the preview.
    preview.browser()->scrollToAnchor(QString());
    preview.browser()->verticalScrollBar()->setValue(preview.browser()->verticalScrollBar()->maximum());
    saveShot(*f.window, QStringLiteral("postmortem-preview-end.png"));
}

#include "postmortempreview_tests.moc"
