#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "timeline/timeline.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QTextBrowser;
class QUrl;

namespace aftermath::desktop {

// What a preview renders: the postmortem as the form shows it, through a template.
struct PreviewRequest {
    model::Postmortem postmortem;
    // The incident's reconstructed timeline; null when its window has no events (as an export
    // leaves the evidence out then).
    std::shared_ptr<const timeline::Timeline> evidence;
    std::optional<QTimeZone> zone; // model::displayZone's `chosen`
    QString templateName; // a name, or a user template's path, as the export dialog gives it
};

// A rendered preview: the Markdown the export writes, and its HTML.
struct PreviewDocument {
    QString markdown;
    QString html;
};

// Renders `request` as File › Export Postmortem does (report::exportPostmortem, to Markdown), and
// that to HTML (report::markdownToHtml, which never passes raw HTML through). It reads only its
// argument and the template, so it runs in any thread.
Result<PreviewDocument> renderPreview(const PreviewRequest& request);

// The postmortem's export, rendered beside the form as it is written: through the template
// chosen (the export's default first), from what the form shows, saved or not. Renders run off
// the GUI thread, after a short pause in the edits, one at a time: edits during a render get one
// more render of the newest state, and a result older than the newest state is dropped. The
// document keeps its scroll position across renders; links open outside only for http and
// https, and nothing is loaded from files or the network.
class PostmortemPreview : public QWidget {
    Q_OBJECT

public:
    // The pause after the last edit before a render starts.
    static constexpr int renderDelayMs = 250;

    // The postmortem as the form shows it, or nothing when no incident is shown.
    using Snapshot = std::function<std::optional<model::Postmortem>()>;
    using Renderer = std::function<Result<PreviewDocument>(const PreviewRequest&)>;

    explicit PostmortemPreview(QWidget* parent = nullptr);
    // Waits for a render or evidence read in flight.
    ~PostmortemPreview() override;

    void setSnapshot(Snapshot snapshot);
    // renderPreview unless a test holds renders back with its own.
    void setRenderer(Renderer renderer);
    // The incident shown (its evidence is read in the background, from `workspace`, not owned):
    // what was shown for another is dropped, and results still in flight for it too.
    void setIncident(workspace::Workspace* workspace, std::optional<qint64> incidentId);
    void setChosenZone(const std::optional<QTimeZone>& zone);
    // Reads the evidence again when the store's sources have changed (an import) since it was
    // read; the next render uses it.
    void refreshEvidence();
    // Something shown changed: renders after the pause (once shown, when hidden).
    void scheduleRender();

    QString templateName() const;
    void setTemplateName(const QString& name);
    // What the last render shown gave; empty before the first.
    QString markdown() const { return m_document.markdown; }
    QString html() const { return m_document.html; }
    QTextBrowser* browser() const { return m_browser; }
    // Copy as Markdown: copyMarkdown(), enabled once there is something to copy (the view puts
    // it beside Export).
    QAction* copyAction() const { return m_copyAction; }
    // Puts markdown() on the clipboard.
    void copyMarkdown();

    bool isRendering() const { return m_renderWatcher.isRunning(); }
    // Renders started, and results dropped because a newer state was waiting, since construction.
    int rendersStarted() const { return m_rendersStarted; }
    int resultsDropped() const { return m_resultsDropped; }

    // Whether a link in the preview opens outside: only web addresses (http, https) do.
    static bool opensExternally(const QUrl& url);

Q_SIGNALS:
    // A render landed and is shown (or said why it failed).
    void rendered();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fillTemplates();
    void loadEvidence();
    void evidenceRead();
    void startRender();
    void renderFinished();
    void display(const Result<PreviewDocument>& result);
    void clearDocument(const QString& note);
    void openLink(const QUrl& url);
    void setNote(const QString& text, bool problem = false);
    // What the store's sources are now: when it changes, the evidence is read again.
    QString evidenceStamp() const;

    Snapshot m_snapshot;
    Renderer m_renderer;
    workspace::Workspace* m_workspace = nullptr;
    std::optional<qint64> m_incidentId;
    std::optional<QTimeZone> m_zone;

    // The evidence: read once per incident (and again after an import), shared by the renders.
    std::shared_ptr<const timeline::Timeline> m_evidence;
    bool m_evidenceReady = false;
    QString m_evidenceStamp;
    QString m_evidenceProblem; // why it could not be read
    std::optional<qint64> m_evidenceFor;
    workspace::TimelineJob m_evidenceJob;
    QFutureWatcher<Result<workspace::IncidentTimeline>> m_evidenceWatcher;

    // Each change of what is shown counts up; a render remembers the count it started from.
    quint64 m_state = 0;
    quint64 m_renderState = 0;
    bool m_pending = false; // the pause ended during a render: one more follows it
    bool m_stale = true; // hidden while something changed: render once shown
    bool m_keepScroll = false; // the next render shows the same incident: keep its place
    int m_rendersStarted = 0;
    int m_resultsDropped = 0;
    QTimer m_delay;
    QFutureWatcher<Result<PreviewDocument>> m_renderWatcher;
    PreviewDocument m_document;

    QComboBox* m_template = nullptr;
    QLabel* m_note = nullptr;
    QTextBrowser* m_browser = nullptr;
    QAction* m_copyAction = nullptr;
};

} // namespace aftermath::desktop
