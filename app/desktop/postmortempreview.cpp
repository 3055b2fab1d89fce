#include "postmortempreview.h"
#include "settings.h"

#include "report/export.h"
#include "report/markdown.h"
#include "report/templates.h"
#include "workspace/reconstruct.h"

#include <QAction>
#include <QClipboard>
#include <QColor>
#include <QComboBox>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace aftermath::desktop {

namespace {

// The export's page style (report::htmlPage), in the part of CSS a QTextDocument knows (a
// heading's size is only followed as a keyword; a table's collapsed border needs a pixel each side,
// or it is a pixel wider than the page).
const QString documentStyle = QStringLiteral(R"(
h1 { font-size: x-large; margin-bottom: 8px; }
h2 { font-size: large; margin-top: 16px; margin-bottom: 6px; }
h3 { font-size: medium; margin-top: 12px; }
p, ul, ol { margin-bottom: 8px; }
table { border-collapse: collapse; margin-left: 1px; margin-right: 2px; margin-bottom: 10px; }
th, td { border: 1px solid #c9d1d9; padding: 2px 4px; vertical-align: top; font-size: small; }
th { background-color: #f3f5f7; }
code { font-family: monospace; background-color: #f3f5f7; }
pre { font-family: monospace; background-color: #f6f8fa; }
a { color: #0b62c4; }
)");

// A browser that loads nothing: an image or style a document names (a local file in hostile text,
// an address on the network) is not read.
class PreviewBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;

    QVariant loadResource(int, const QUrl&) override { return {}; }
};

} // namespace

Result<PreviewDocument> renderPreview(const PreviewRequest& request)
{
    const auto chosen = report::findTemplate(request.templateName);
    if (!chosen)
        return std::unexpected(chosen.error());
    report::ExportOptions options; // Markdown, written nowhere: the document comes back
    options.zone = request.zone;
    // As the export does: without events in the window the document has no evidence part.
    const timeline::Timeline* evidence
        = request.evidence && !request.evidence->entries.empty() ? request.evidence.get() : nullptr;
    auto exported = report::exportPostmortem(request.postmortem, evidence, *chosen, options);
    if (!exported)
        return std::unexpected(exported.error());
    return PreviewDocument{exported->document, report::markdownToHtml(exported->document)};
}

PostmortemPreview::PostmortemPreview(QWidget* parent) : QWidget(parent), m_renderer(&renderPreview)
{
    setObjectName(QStringLiteral("postmortemPreview"));
    m_delay.setSingleShot(true);
    m_delay.setInterval(renderDelayMs);
    connect(&m_delay, &QTimer::timeout, this, &PostmortemPreview::startRender);
    connect(&m_renderWatcher, &QFutureWatcherBase::finished, this, &PostmortemPreview::renderFinished);
    connect(&m_evidenceWatcher, &QFutureWatcherBase::finished, this, &PostmortemPreview::evidenceRead);

    auto* title = new QLabel(tr("Preview"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_template = new QComboBox(this);
    m_template->setObjectName(QStringLiteral("previewTemplate"));
    m_template->setToolTip(tr("The template the preview renders through, as File › Export Postmortem does"));
    m_template->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillTemplates();
    connect(m_template, &QComboBox::currentIndexChanged, this, [this] {
        settings::setDefaultTemplate(templateName());
        ++m_state;
        startRender(); // a choice, not typing: nothing to wait for
    });

    m_copyAction = new QAction(tr("Copy as Markdown"), this);
    m_copyAction->setObjectName(QStringLiteral("copyMarkdownAction"));
    m_copyAction->setToolTip(tr("Copy the postmortem as this template writes it in Markdown, to paste into a wiki, "
                                "an issue or a chat"));
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &PostmortemPreview::copyMarkdown);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("previewNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->hide();

    m_browser = new PreviewBrowser(this);
    m_browser->setObjectName(QStringLiteral("previewBrowser"));
    m_browser->setOpenLinks(false);
    m_browser->setOpenExternalLinks(false);
    // It may be squeezed (it scrolls, and the splitter gives it room back) rather than make the
    // window wider than a small laptop's screen.
    m_browser->setMinimumWidth(1);
    m_browser->document()->setDefaultStyleSheet(documentStyle);
    m_browser->document()->setDocumentMargin(14);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &PostmortemPreview::openLink);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(title);
    top->addWidget(m_template);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 8);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_note);
    layout->addWidget(m_browser, 1);
}

PostmortemPreview::~PostmortemPreview()
{
    m_evidenceJob.cancel();
    m_evidenceWatcher.disconnect(this);
    m_renderWatcher.disconnect(this);
    m_evidenceWatcher.waitForFinished();
    m_renderWatcher.waitForFinished();
}

void PostmortemPreview::setSnapshot(Snapshot snapshot) { m_snapshot = std::move(snapshot); }

void PostmortemPreview::setRenderer(Renderer renderer) { m_renderer = std::move(renderer); }

void PostmortemPreview::setIncident(workspace::Workspace* workspace, std::optional<qint64> incidentId)
{
    if (workspace == m_workspace && incidentId == m_incidentId) {
        scheduleRender();
        return;
    }
    m_workspace = workspace;
    m_incidentId = workspace ? incidentId : std::nullopt;
    // Another incident: its evidence is another, and what is in flight is for the one before.
    m_evidenceJob.cancel();
    m_evidence.reset();
    m_evidenceReady = false;
    m_evidenceFor.reset();
    m_evidenceStamp.clear();
    m_evidenceProblem.clear();
    ++m_state;
    m_pending = false;
    m_keepScroll = false;
    m_delay.stop();
    clearDocument({});
    m_stale = m_incidentId.has_value();
    if (m_stale && isVisible())
        startRender();
}

void PostmortemPreview::setChosenZone(const std::optional<QTimeZone>& zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    scheduleRender();
}

void PostmortemPreview::scheduleRender()
{
    ++m_state;
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_delay.start();
}

QString PostmortemPreview::templateName() const { return m_template->currentData().toString(); }

void PostmortemPreview::setTemplateName(const QString& name)
{
    if (const int index = m_template->findData(name); index >= 0)
        m_template->setCurrentIndex(index);
}

void PostmortemPreview::fillTemplates()
{
    // The export dialog's list: built-in templates first, then the user's own.
    const QString current = m_template->count() > 0
        ? templateName()
        : settings::defaultTemplate();
    const QSignalBlocker blocker(m_template);
    m_template->clear();
    for (const report::Template& t : report::availableTemplates())
        m_template->addItem(t.builtIn ? t.name : tr("%1 (yours)").arg(t.name), t.builtIn ? t.name : t.location);
    int index = m_template->findData(current);
    if (index < 0)
        index = m_template->findData(report::defaultTemplateName);
    m_template->setCurrentIndex(std::max(0, index));
}

void PostmortemPreview::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // A template may have been added or removed meanwhile, or the store imported into.
    const QString before = templateName();
    fillTemplates();
    if (templateName() != before) {
        ++m_state;
        m_stale = true;
    }
    refreshEvidence();
    if (m_stale)
        startRender();
}

// ---- the evidence -----------------------------------------------------------------------------

QString PostmortemPreview::evidenceStamp() const
{
    if (!m_workspace)
        return {};
    const auto sources = m_workspace->evidence().sources();
    if (!sources)
        return {};
    QStringList parts;
    // The window and baseline read: another one (Incident › Window and Baseline) is other evidence.
    if (m_incidentId) {
        if (const auto incident = m_workspace->postmortems().incident(*m_incidentId)) {
            parts << QStringLiteral("window:%1:%2").arg(incident->fromUs).arg(incident->toUs);
            if (incident->baseline)
                parts << QStringLiteral("baseline:%1:%2").arg(incident->baseline->first).arg(incident->baseline->second);
        }
    }
    for (const model::Source& source : *sources)
        parts << QStringLiteral("%1:%2:%3").arg(source.id).arg(source.contentHash).arg(source.eventCount);
    return parts.join(u',');
}

void PostmortemPreview::loadEvidence()
{
    if (!m_workspace || !m_incidentId)
        return;
    m_evidenceJob.cancel();
    m_evidenceFor = m_incidentId;
    m_evidenceStamp = evidenceStamp();
    workspace::TimelineRequest request;
    request.store = m_workspace->location();
    request.incidentId = *m_incidentId;
    request.withEvidence = false; // the renderer needs the timeline, not the events it cites
    m_evidenceJob = workspace::startReconstruct(std::move(request));
    m_evidenceWatcher.setFuture(m_evidenceJob.future());
    if (!m_evidenceReady)
        setNote(tr("Reading the evidence…"));
}

void PostmortemPreview::refreshEvidence()
{
    if (m_evidenceReady && m_incidentId && evidenceStamp() != m_evidenceStamp)
        loadEvidence(); // the renders use what was read until the new one lands
}

void PostmortemPreview::evidenceRead()
{
    if (m_evidenceFor != m_incidentId || !m_incidentId)
        return; // read for an incident no longer shown
    const Result<workspace::IncidentTimeline> read = m_evidenceWatcher.result();
    if (!read && read.error().code == Error::Code::Cancelled)
        return;
    m_evidence.reset();
    if (read && !read->timeline.entries.empty())
        m_evidence = std::make_shared<const timeline::Timeline>(read->timeline);
    m_evidenceReady = true;
    m_evidenceProblem = read
        ? QString()
        : tr("Shown without the evidence, which could not be read: %1").arg(read.error().toString());
    setNote(m_evidenceProblem, !m_evidenceProblem.isEmpty());
    ++m_state;
    startRender();
}

// ---- rendering --------------------------------------------------------------------------------

void PostmortemPreview::startRender()
{
    m_delay.stop();
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    if (m_renderWatcher.isRunning()) {
        m_pending = true; // one more, of the newest state, once this one is in
        return;
    }
    if (!m_evidenceReady) {
        // The first render waits for the evidence, which renders when it lands.
        if (m_evidenceFor != m_incidentId || !m_evidenceWatcher.isRunning())
            loadEvidence();
        return;
    }
    std::optional<model::Postmortem> postmortem = m_snapshot ? m_snapshot() : std::nullopt;
    m_stale = false;
    if (!postmortem) {
        clearDocument({});
        return;
    }
    PreviewRequest request{std::move(*postmortem), m_evidence, m_zone, templateName()};
    m_renderState = m_state;
    ++m_rendersStarted;
    m_renderWatcher.setFuture(QtConcurrent::run(workspace::jobPool(),
        [renderer = m_renderer](const PreviewRequest& request) { return renderer(request); }, std::move(request)));
}

void PostmortemPreview::renderFinished()
{
    const Result<PreviewDocument> result = m_renderWatcher.result();
    if (m_renderState == m_state)
        display(result);
    else
        ++m_resultsDropped; // something changed meanwhile: its render follows
    if (m_pending) {
        m_pending = false;
        startRender();
    }
}

void PostmortemPreview::display(const Result<PreviewDocument>& result)
{
    if (!result) {
        setNote(tr("The preview could not be rendered: %1").arg(result.error().toString()), true);
        Q_EMIT rendered();
        return;
    }
    // The same incident again: the reader stays where they were.
    QScrollBar* bar = m_browser->verticalScrollBar();
    const int top = m_keepScroll ? bar->value() : 0;
    m_document = *result;
    m_browser->setHtml(m_document.html);
    bar->setValue(top);
    m_keepScroll = true;
    m_copyAction->setEnabled(!m_document.markdown.isEmpty());
    // An evidence that could not be read stays said.
    setNote(m_evidenceProblem, !m_evidenceProblem.isEmpty());
    Q_EMIT rendered();
}

void PostmortemPreview::clearDocument(const QString& note)
{
    m_document = {};
    m_browser->clear();
    m_copyAction->setEnabled(false);
    setNote(note);
}

void PostmortemPreview::setNote(const QString& text, bool problem)
{
    m_note->setText(text);
    m_note->setProperty("problem", problem);
    QPalette palette = m_note->palette();
    palette.setColor(QPalette::WindowText,
        problem ? QColor(0xc0, 0x1c, 0x28) : palette.color(QPalette::Active, QPalette::PlaceholderText));
    m_note->setPalette(palette);
    m_note->setVisible(!text.isEmpty());
}

void PostmortemPreview::copyMarkdown()
{
    if (m_document.markdown.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_document.markdown);
}

// ---- links ------------------------------------------------------------------------------------

bool PostmortemPreview::opensExternally(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == u"http" || scheme == u"https") && !url.host().isEmpty();
}

void PostmortemPreview::openLink(const QUrl& url)
{
    if (opensExternally(url)) {
        QDesktopServices::openUrl(url);
        return;
    }
    if (url.scheme().isEmpty() && url.path().isEmpty() && url.hasFragment()) {
        m_browser->scrollToAnchor(url.fragment());
        return;
    }
    setNote(tr("Not opened: only web links (http, https) open from the preview"), true);
}

} // namespace aftermath::desktop
