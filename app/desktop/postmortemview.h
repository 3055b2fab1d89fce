#pragma once

#include "draft/draft.h"
#include "model/clock.h"
#include "model/error.h"
#include "model/incident.h"
#include "postmortemcommands.h"
#include "store/postmortemstore.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTableView;
class QToolButton;
class QUndoStack;
class QVBoxLayout;

namespace aftermath::desktop {

class ActionItemModel;
class ConflictDialog;
class CuratedTimelineModel;
class FittingLabel;
class PostmortemPreview;
class RootCauseModel;

// The postmortem of the selected incident, written where it is read: its text fields in a form
// (saved as they are typed, after a short pause or when a field loses focus, and before another
// incident is shown), the curated timeline (drafted from the evidence in the background, added to
// from the Timeline tab, edited by hand), the root causes in order, and the action items edited
// in place; beside the form, the export rendered as it is written (PostmortemPreview). Every edit
// goes on an undo stack, cleared when another incident or store is shown.
class PostmortemView : public QWidget {
    Q_OBJECT

public:
    // The pause after the last keystroke before a text field is saved.
    static constexpr int saveDelayMs = 700;

    // `clock` says which day it is, for overdue action items (it must outlive the view).
    explicit PostmortemView(const Clock& clock, QWidget* parent = nullptr);
    // Waits for a running draft (it writes through its own connection).
    ~PostmortemView() override;

    // The workspace whose incidents are shown (not owned; nullptr before it goes away). Edits not
    // saved yet are saved to the previous one first.
    void setWorkspace(workspace::Workspace* workspace);
    // Shows incident `id`'s postmortem, or nothing for nullopt; edits of the one shown before are
    // saved first.
    void setIncident(std::optional<qint64> id);
    // The incident as last read from or saved to the store.
    const std::optional<model::Incident>& incident() const { return m_incident; }
    // The zone the user chose to show times in (model::displayZone's `chosen`); none: the
    // incident's own.
    void setChosenZone(const std::optional<QTimeZone>& zone);

    // Saves the text fields edited since the last save (the pause not over yet, or the field still
    // focused), and any edits of other incidents kept from an earlier refusal. False when the store
    // refused some; saveStatus() says why and they stay unsaved.
    bool saveEdits();
    // Edits not in the store yet: the incident shown, or others whose save the store refused when
    // another incident was shown (they are kept, shown again with their incident and saved then).
    bool hasUnsavedEdits() const { return !m_dirty.isEmpty() || !m_unsaved.isEmpty(); }
    // Forgets every unsaved edit (the window closes without them, by the user's choice).
    void discardUnsavedEdits();
    // "All changes saved", "Saving…", or why an edit could not be saved.
    QString saveStatus() const;
    // The question shown while someone else's change to a field the user also edited waits for a
    // choice (the saves wait with it), or nullptr.
    ConflictDialog* conflictDialog() const;

    // Reads the postmortem again (another view or connection changed it); fields with unsaved
    // edits keep what was typed.
    void reload();
    // Reads the action items again (the Action Items tab changed some).
    void reloadActionItems();

    // Adds `entry` to the curated timeline as a person's (it cites the events it names), unless an
    // entry already cites exactly those events: then `alreadyThere` is set and that row returned.
    Result<int> addTimelineEntry(model::TimelineEntry entry, bool* alreadyThere = nullptr);

    // Drafts the postmortem from the evidence in the background (workspace::draftIncident on its own
    // connection); edits are saved first, and what people wrote is never replaced.
    void startDraft();
    bool isDrafting() const { return m_drafting; }
    const std::optional<draft::DraftOutcome>& lastDraft() const { return m_lastDraft; }
    const std::optional<Error>& lastDraftError() const { return m_lastDraftError; }
    // What the last draft did, in a line.
    QString draftSummary() const;

    // Selects action item `id` in the table and scrolls to it.
    void selectActionItem(qint64 id);
    // Shows a button for `action` (File › Export Postmortem…) in the header.
    void setExportAction(QAction* action);

    // The editor of a field: title, severity, status, authors, summary, description, impact,
    // trigger, detection, resolution, contributing_factors, went_well, went_wrong, got_lucky.
    QWidget* fieldEditor(const QString& name) const;
    CuratedTimelineModel* timelineModel() const { return m_timelineModel; }
    QTableView* timelineTable() const { return m_timelineTable; }
    RootCauseModel* rootCauseModel() const { return m_rootCauseModel; }
    QListView* rootCauseList() const { return m_rootCauseList; }
    ActionItemModel* actionItemModel() const { return m_actionModel; }
    QTableView* actionItemTable() const { return m_actionTable; }
    QAction* draftAction() const { return m_draftAction; }

    // Every edit of the postmortem shown, to undo and redo (Edit › Undo); cleared when another
    // incident or store is shown.
    QUndoStack* undoStack() const { return m_undoStack; }
    PostmortemPreview* preview() const { return m_preview; }
    // Shows or hides the preview (checkable; remembered across runs).
    QAction* previewAction() const { return m_previewAction; }
    // The postmortem as the view shows it: the fields as typed, saved or not, and the records.
    std::optional<model::Postmortem> postmortemAsShown() const;

Q_SIGNALS:
    // Saved fields of the incident changed: lists that show its title, severity or status update.
    void incidentEdited(const model::Incident& incident);
    // An action item was added or changed here.
    void actionItemsEdited();
    void draftStarted();
    // A draft finished, and the postmortem shows what it wrote (or lastDraftError() says why not).
    void draftFinished();

private:
    struct Field {
        QString name;
        QString label; // as undo names it: "Edit Impact"
        QString model::Incident::*member = nullptr;
        std::optional<QString> model::IncidentUpdate::*update = nullptr;
        QWidget* editor = nullptr;
        QLabel* badge = nullptr; // "drafted from the evidence", for the fields the draft writes
    };

    QWidget* createForm();
    QWidget* createTimelineSection();
    QWidget* createRootCauseSection();
    QWidget* createActionSection();
    void addTextField(QVBoxLayout* layout, const QString& name, const QString& label, const QString& placeholder,
        QString model::Incident::*member, std::optional<QString> model::IncidentUpdate::*update, bool drafted);

    // What the field holds for saving (trimmed), and as typed.
    QString editorText(const Field& field) const;
    QString typedText(const Field& field) const;
    void setEditorText(const Field& field, const QString& text);
    const Field* field(const QString& name) const;
    void fieldEdited(const QString& name);
    // An undo or redo of typing: shows `text` in the field, the cursor where it changed, and saves.
    bool writeField(const QString& name, const QString& text);
    void connectUndo();
    // Puts an edit the models wrote on the undo stack, unless it is an undo or redo being written.
    template <typename Command, typename... Args>
    void record(Args&&... args);
    // "Removed action item “…” — Ctrl+Z to undo"
    void sayRemoved(const QString& what, const QString& text);
    // Ctrl+Z and Ctrl+Shift+Z in a text field undo and redo the postmortem's edits, not the
    // field's own typing (which the stack holds merged).
    bool eventFilter(QObject* watched, QEvent* event) override;
    void updateBadges();
    void loadIncident();
    void showCustomSections(const store::PostmortemStore& store);
    void showPreview(bool shown);
    void showStatus(const QString& text, bool problem = false);
    // What a conflict's dialog reports: "Not saved: …" is a problem, the rest is not.
    void showConflictStatus(const QString& message);
    void showWriteFailure(const QString& message);
    void updateHeader();
    void updateButtons();
    void fitTables();

    void addEntryFromDialog();
    void editSelectedEntry();
    void removeSelectedEntry();
    void addRootCause();
    void removeRootCause();
    void moveRootCause(int by);
    void addActionItem();
    void finishDraft();

    // Someone else changed a field the user is editing: asks which value stays (ConflictDialog).
    void askAboutConflict(qint64 incidentId, const Error& conflict);
    void resolveConflict(qint64 incidentId, const std::vector<FieldConflict>& conflicts, bool useMine);
    void askAboutActionConflict(qint64 itemId, const model::ActionItemUpdate& update, const Error& conflict);
    // Someone else changed a root cause or a timeline entry the user changed (the models' conflicts).
    void askAboutCauseConflict(int position, const QString& mine, const Error& conflict);
    void askAboutEntryConflict(
        const model::TimelineEntry& mine, const model::TimelineEntry& read, const Error& conflict);
    // The basis of the next save: what the fields not being edited now show, as read.
    void rebase(const model::Incident& read);

    const Clock& m_clock;
    workspace::Workspace* m_workspace = nullptr;
    std::optional<model::Incident> m_incident;
    // The incident as the editors started from it: each field edited since keeps the value it had
    // when the typing began, so that a save overwrites nobody's later change unseen
    // (IncidentUpdate::startedFrom; docs/team-store.md).
    std::optional<model::Incident> m_basis;
    QPointer<ConflictDialog> m_conflictDialog;
    std::optional<QTimeZone> m_chosenZone;
    model::IncidentUpdate m_drafted; // the texts the draft last wrote
    std::vector<Field> m_fields;
    QSet<QString> m_dirty; // fields typed in since the last save
    QHash<QString, QString> m_typed; // each field's text as typing last left it, for undo
    int m_burst = 0; // counts saves: typing between two merges into one undo step
    // Typed texts the store refused when the view moved to another incident: incident -> field -> text.
    QHash<qint64, QHash<QString, QString>> m_unsaved;
    QHash<qint64, model::Incident> m_unsavedBasis; // what those edits started from
    bool m_loading = false;
    QTimer m_saveTimer;
    QString m_status;
    bool m_statusIsProblem = false;

    bool m_drafting = false;
    std::optional<draft::DraftOutcome> m_lastDraft;
    std::optional<Error> m_lastDraftError;
    QFutureWatcher<Result<draft::DraftOutcome>> m_draftWatcher;
    qint64 m_draftIncidentId = 0;

    QUndoStack* m_undoStack = nullptr;
    PostmortemEditing m_editing;

    QStackedWidget* m_stack = nullptr;
    QLabel* m_empty = nullptr;
    QScrollArea* m_formScroll = nullptr;
    PostmortemPreview* m_preview = nullptr;
    QAction* m_previewAction = nullptr;
    QToolButton* m_copyMarkdownButton = nullptr;
    // Sections of an imported document that no field holds: shown as written, exported in place.
    QWidget* m_customBox = nullptr;
    QPlainTextEdit* m_customSections = nullptr;
    std::vector<model::CustomSection> m_customSectionList; // as the store has them, for the preview
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_statusLabel = nullptr;
    QToolButton* m_exportButton = nullptr;

    CuratedTimelineModel* m_timelineModel = nullptr;
    QTableView* m_timelineTable = nullptr;
    FittingLabel* m_timelineCount = nullptr;
    QLabel* m_draftLabel = nullptr;
    QProgressBar* m_draftProgress = nullptr;
    QAction* m_draftAction = nullptr;
    QPushButton* m_draftButton = nullptr;
    QPushButton* m_addEntryButton = nullptr;
    QPushButton* m_editEntryButton = nullptr;
    QPushButton* m_removeEntryButton = nullptr;

    RootCauseModel* m_rootCauseModel = nullptr;
    QListView* m_rootCauseList = nullptr;
    QLineEdit* m_newRootCause = nullptr;
    QToolButton* m_causeUpButton = nullptr;
    QToolButton* m_causeDownButton = nullptr;
    QToolButton* m_causeRemoveButton = nullptr;

    ActionItemModel* m_actionModel = nullptr;
    QTableView* m_actionTable = nullptr;
    QLineEdit* m_newActionItem = nullptr;
};

} // namespace aftermath::desktop
