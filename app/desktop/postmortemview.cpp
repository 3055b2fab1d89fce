#include "postmortemview.h"
#include "settings.h"

#include "actionitemdelegate.h"
#include "actionitemmodel.h"
#include "conflictdialog.h"
#include "curatedtimelinemodel.h"
#include "editmessages.h"
#include "fittinglabel.h"
#include "model/timeformat.h"
#include "postmortemcommands.h"
#include "postmortempreview.h"
#include "rootcausemodel.h"
#include "timelineentrydialog.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBlock>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace aftermath::desktop {

using model::Incident;
using model::IncidentUpdate;

namespace {

const QColor problemColour(0xc0, 0x1c, 0x28);

// A plain-text editor as tall as its text (between a few lines and a screenful), so that a form
// of them reads like the document it becomes; Tab moves to the next field.
class GrowingTextEdit : public QPlainTextEdit {
public:
    static constexpr int minLines = 3;
    static constexpr int maxLines = 14;

    explicit GrowingTextEdit(QWidget* parent) : QPlainTextEdit(parent)
    {
        setTabChangesFocus(true);
        // The postmortem's undo stack holds the typing; a second history in the field would
        // disagree with it.
        setUndoRedoEnabled(false);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            &GrowingTextEdit::fit);
        fit();
    }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QPlainTextEdit::resizeEvent(event);
        fit();
    }

private:
    void fit()
    {
        // QPlainTextEdit lays out only the blocks it paints, and a new width (the widget shown, a
        // relaunch with the tab hidden) counts every block as one line until then: a field of
        // several paragraphs was fitted to too few lines and clipped. Each block is laid out at
        // the current width first, so the count is the real one.
        auto* layout = qobject_cast<QPlainTextDocumentLayout*>(document()->documentLayout());
        int count = 0;
        for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next()) {
            if (layout)
                layout->ensureBlockLayout(block);
            count += block.isVisible() ? std::max(1, block.lineCount()) : 0;
        }
        const int lines = std::clamp(count, minLines, maxLines);
        // A text that fits needs no scroll bar; one that came and went as the width changed
        // left the text narrower than its box, in more lines than the box was fitted to.
        const Qt::ScrollBarPolicy bar = count > maxLines ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff;
        if (verticalScrollBarPolicy() != bar)
            setVerticalScrollBarPolicy(bar);
        const QMargins margins = contentsMargins();
        const int height = lines * fontMetrics().lineSpacing() + int(document()->documentMargin() * 2)
            + frameWidth() * 2 + margins.top() + margins.bottom();
        if (height != maximumHeight())
            setFixedHeight(height);
    }
};

QLabel* sectionTitle(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel* mutedLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QString statusName(int index)
{
    static const QString names[] = {QStringLiteral("draft"), QStringLiteral("in_review"), QStringLiteral("final")};
    return names[std::clamp(index, 0, 2)];
}

// "trigger, detection and impact"
QString listed(const QStringList& items)
{
    if (items.size() <= 1)
        return items.join(QString());
    return PostmortemView::tr("%1 and %2").arg(items.mid(0, items.size() - 1).join(QStringLiteral(", ")), items.back());
}


} // namespace

template <typename Command, typename... Args>
void PostmortemView::record(Args&&... args)
{
    if (m_editing.replaying)
        return;
    m_undoStack->push(new Command(m_editing, std::forward<Args>(args)...));
}

PostmortemView::PostmortemView(const Clock& clock, QWidget* parent)
    : QWidget(parent), m_clock(clock), m_timelineModel(new CuratedTimelineModel(this)),
      m_rootCauseModel(new RootCauseModel(this)), m_actionModel(new ActionItemModel(this))
{
    setObjectName(QStringLiteral("postmortemView"));
    m_undoStack = new QUndoStack(this);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(saveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, [this] { saveEdits(); });

    // The header: the incident, the save state, Export.
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("postmortemTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_title->setMinimumWidth(200);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_subtitle = mutedLabel(QString(), this);
    m_subtitle->setObjectName(QStringLiteral("postmortemSubtitle"));
    m_subtitle->setTextFormat(Qt::PlainText);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("postmortemSaveStatus"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_exportButton = new QToolButton(this);
    m_exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_exportButton->hide();
    m_previewAction = new QAction(tr("Preview"), this);
    m_previewAction->setObjectName(QStringLiteral("previewAction"));
    m_previewAction->setCheckable(true);
    m_previewAction->setToolTip(tr("Show the postmortem beside the form as the export writes it"));
    auto* previewButton = new QToolButton(this);
    previewButton->setObjectName(QStringLiteral("previewButton"));
    previewButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    previewButton->setDefaultAction(m_previewAction);
    m_copyMarkdownButton = new QToolButton(this);
    m_copyMarkdownButton->setObjectName(QStringLiteral("copyMarkdownButton"));
    m_copyMarkdownButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(12, 10, 12, 8);
    header->setSpacing(12);
    header->addLayout(titles, 1);
    header->addWidget(m_statusLabel, 0, Qt::AlignVCenter);
    header->addWidget(previewButton, 0, Qt::AlignVCenter);
    header->addWidget(m_copyMarkdownButton, 0, Qt::AlignVCenter);
    header->addWidget(m_exportButton, 0, Qt::AlignVCenter);

    // Left the write-up, right the timeline, root causes and action items.
    auto* rightColumn = new QSplitter(Qt::Vertical, this);
    rightColumn->setObjectName(QStringLiteral("postmortemRecord"));
    rightColumn->addWidget(createTimelineSection());
    rightColumn->addWidget(createRootCauseSection());
    rightColumn->addWidget(createActionSection());
    rightColumn->setChildrenCollapsible(false);
    // Room for the timeline's text beside its fixed columns, however narrow the window.
    rightColumn->setMinimumWidth(fontMetrics().averageCharWidth() * 92);
    rightColumn->setStretchFactor(0, 5);
    rightColumn->setStretchFactor(1, 2);
    rightColumn->setStretchFactor(2, 3);
    rightColumn->setSizes({380, 150, 230});

    // The export as it is written, beside the form.
    m_preview = new PostmortemPreview(this);
    m_preview->setSnapshot([this] { return postmortemAsShown(); });
    // Squeezed (it scrolls, and gets room back as the window grows) rather than making the window
    // wider than a small laptop's screen.
    m_preview->setMinimumWidth(1);
    m_copyMarkdownButton->setDefaultAction(m_preview->copyAction());

    auto* columns = new QSplitter(Qt::Horizontal, this);
    columns->setObjectName(QStringLiteral("postmortemColumns"));
    columns->addWidget(createForm());
    columns->addWidget(m_preview);
    columns->addWidget(rightColumn);
    columns->setChildrenCollapsible(false);
    // The preview and the tables take most of what the window adds or takes.
    columns->setStretchFactor(0, 1);
    columns->setStretchFactor(1, 2);
    columns->setStretchFactor(2, 2);
    columns->setSizes({420, 480, 700});

    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addLayout(header);
    pageLayout->addWidget(columns, 1);

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("postmortemEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setContentsMargins(32, 32, 32, 32);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(page);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // Leaving a field saves it at once; typing saves after a pause.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget* old, QWidget* now) {
        if (m_dirty.isEmpty() || !old)
            return;
        for (const Field& field : m_fields) {
            const bool wasIn = old == field.editor || field.editor->isAncestorOf(old);
            const bool isIn = now && (now == field.editor || field.editor->isAncestorOf(now));
            if (wasIn && !isIn) {
                saveEdits();
                return;
            }
        }
    });

    connect(m_timelineModel, &CuratedTimelineModel::writeFailed, this, &PostmortemView::showWriteFailure);
    connect(m_rootCauseModel, &RootCauseModel::writeFailed, this, &PostmortemView::showWriteFailure);
    connect(m_rootCauseModel, &RootCauseModel::rewordConflicted, this, &PostmortemView::askAboutCauseConflict);
    connect(m_timelineModel, &CuratedTimelineModel::editConflicted, this, &PostmortemView::askAboutEntryConflict);
    connect(m_actionModel, &ActionItemModel::writeFailed, this, &PostmortemView::showWriteFailure);
    connect(m_actionModel, &ActionItemModel::editConflicted, this, &PostmortemView::askAboutActionConflict);
    connect(m_actionModel, &ActionItemModel::itemsEdited, this, &PostmortemView::actionItemsEdited);
    connect(&m_draftWatcher, &QFutureWatcherBase::finished, this, &PostmortemView::finishDraft);
    connectUndo();

    // What the preview shows changed.
    for (QAbstractItemModel* model :
        std::initializer_list<QAbstractItemModel*>{m_timelineModel, m_rootCauseModel, m_actionModel}) {
        const auto changed = [this] { m_preview->scheduleRender(); };
        connect(model, &QAbstractItemModel::modelReset, this, changed);
        connect(model, &QAbstractItemModel::rowsInserted, this, changed);
        connect(model, &QAbstractItemModel::rowsRemoved, this, changed);
        connect(model, &QAbstractItemModel::rowsMoved, this, changed);
        connect(model, &QAbstractItemModel::dataChanged, this, changed);
    }
    m_previewAction->setChecked(QSettings().value(settings::previewShownKey, true).toBool());
    m_preview->setVisible(m_previewAction->isChecked());
    m_copyMarkdownButton->setVisible(m_previewAction->isChecked());
    connect(m_previewAction, &QAction::toggled, this, &PostmortemView::showPreview);

    setIncident(std::nullopt);
}

PostmortemView::~PostmortemView()
{
    if (m_drafting) {
        m_draftWatcher.disconnect(this);
        m_draftWatcher.waitForFinished();
    }
}

QWidget* PostmortemView::createForm()
{
    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("postmortemForm"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(12, 4, 12, 16);
    layout->setSpacing(4);

    auto* title = new QLineEdit(content);
    title->setPlaceholderText(tr("What went wrong, in a line"));
    auto* severity = new QComboBox(content);
    severity->setEditable(true);
    severity->setInsertPolicy(QComboBox::NoInsert);
    severity->addItems(
        {QString(), QStringLiteral("SEV1"), QStringLiteral("SEV2"), QStringLiteral("SEV3"), QStringLiteral("SEV4")});
    severity->lineEdit()->setPlaceholderText(tr("SEV2, P1, major…"));
    severity->setMinimumWidth(fontMetrics().averageCharWidth() * 16);
    auto* status = new QComboBox(content);
    status->addItems({tr("Draft"), tr("In review"), tr("Final")});
    auto* authors = new QLineEdit(content);
    authors->setPlaceholderText(tr("Who wrote it, e.g. Dana W, Sam Okafor"));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setContentsMargins(0, 8, 0, 8);
    form->setVerticalSpacing(8);
    auto* severityAndStatus = new QHBoxLayout;
    severityAndStatus->setSpacing(12);
    severityAndStatus->addWidget(severity, 1);
    auto* statusLabel = new QLabel(tr("S&tatus:"), content);
    statusLabel->setBuddy(status);
    severityAndStatus->addWidget(statusLabel);
    severityAndStatus->addWidget(status, 1);
    auto* severityLabel = new QLabel(tr("Se&verity:"), content);
    severityLabel->setBuddy(severity);
    form->addRow(tr("T&itle:"), title);
    form->addRow(severityLabel, severityAndStatus);
    form->addRow(tr("&Authors:"), authors);
    layout->addLayout(form);

    const auto addLine = [this](const QString& name, const QString& label, QString Incident::*member,
                             std::optional<QString> IncidentUpdate::*update, QWidget* editor) {
        editor->setObjectName(QStringLiteral("field_") + name);
        editor->installEventFilter(this);
        m_fields.push_back(Field{name, label, member, update, editor, nullptr});
    };
    addLine(QStringLiteral("title"), tr("Title"), &Incident::title, &IncidentUpdate::title, title);
    addLine(QStringLiteral("severity"), tr("Severity"), &Incident::severity, &IncidentUpdate::severity, severity);
    addLine(QStringLiteral("status"), tr("Status"), &Incident::status, &IncidentUpdate::status, status);
    addLine(QStringLiteral("authors"), tr("Authors"), &Incident::authors, &IncidentUpdate::authors, authors);
    connect(title, &QLineEdit::textEdited, this, [this] { fieldEdited(QStringLiteral("title")); });
    connect(authors, &QLineEdit::textEdited, this, [this] { fieldEdited(QStringLiteral("authors")); });
    connect(severity, &QComboBox::editTextChanged, this, [this] { fieldEdited(QStringLiteral("severity")); });
    connect(status, &QComboBox::currentIndexChanged, this, [this] {
        fieldEdited(QStringLiteral("status"));
        saveEdits(); // a choice, not typing: nothing to wait for
    });

    addTextField(layout, QStringLiteral("summary"), tr("Summary"),
        tr("Two or three sentences: what happened, what it did, and how it ended."), &Incident::summary,
        &IncidentUpdate::summary, false);
    addTextField(layout, QStringLiteral("description"), tr("Non-technical description"),
        tr("What happened and what it meant, for someone outside engineering."), &Incident::description,
        &IncidentUpdate::description, false);
    addTextField(layout, QStringLiteral("impact"), tr("Impact"),
        tr("Who and what was affected, for how long, and how badly."), &Incident::impact, &IncidentUpdate::impact,
        true);
    addTextField(layout, QStringLiteral("trigger"), tr("Trigger"), tr("The change or event that set it off."),
        &Incident::trigger, &IncidentUpdate::trigger, true);
    addTextField(layout, QStringLiteral("detection"), tr("Detection"),
        tr("How and when it was noticed, and how long after it began."), &Incident::detection,
        &IncidentUpdate::detection, true);
    addTextField(layout, QStringLiteral("resolution"), tr("Resolution"), tr("What stopped the impact, and when."),
        &Incident::resolution, &IncidentUpdate::resolution, false);
    addTextField(layout, QStringLiteral("contributing_factors"), tr("Contributing factors"),
        tr("What made it possible, worse or longer: missing checks, alerts, limits."), &Incident::contributingFactors,
        &IncidentUpdate::contributingFactors, false);
    addTextField(layout, QStringLiteral("went_well"), tr("What went well"), tr("What to keep doing."),
        &Incident::wentWell, &IncidentUpdate::wentWell, false);
    addTextField(layout, QStringLiteral("went_wrong"), tr("What went wrong"), tr("What to stop or change."),
        &Incident::wentWrong, &IncidentUpdate::wentWrong, false);
    addTextField(layout, QStringLiteral("got_lucky"), tr("Where we got lucky"),
        tr("What could have made it worse, and did not."), &Incident::gotLucky, &IncidentUpdate::gotLucky, false);

    m_customBox = new QWidget(content);
    auto* customLayout = new QVBoxLayout(m_customBox);
    customLayout->setContentsMargins(0, 0, 0, 0);
    customLayout->addWidget(sectionTitle(tr("Sections of its own"), m_customBox));
    auto* note = mutedLabel(tr("Kept from the imported document as written, and exported where they were."), m_customBox);
    note->setWordWrap(true);
    customLayout->addWidget(note);
    m_customSections = new QPlainTextEdit(m_customBox);
    m_customSections->setObjectName(QStringLiteral("customSections"));
    m_customSections->setReadOnly(true);
    m_customSections->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_customSections->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    customLayout->addWidget(m_customSections);
    m_customBox->hide();
    layout->addWidget(m_customBox);
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    m_formScroll = scroll;
    scroll->setObjectName(QStringLiteral("postmortemFormScroll"));
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Never narrower than the form: with the preview beside it, the splitter would cut its fields.
    scroll->setMinimumWidth(std::max(fontMetrics().averageCharWidth() * 48,
        content->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width()));
    return scroll;
}

void PostmortemView::addTextField(QVBoxLayout* layout, const QString& name, const QString& label,
    const QString& placeholder, QString Incident::*member, std::optional<QString> IncidentUpdate::*update, bool drafted)
{
    QWidget* parent = layout->parentWidget();
    auto* title = sectionTitle(label, parent);
    auto* editor = new GrowingTextEdit(parent);
    editor->setObjectName(QStringLiteral("field_") + name);
    editor->setPlaceholderText(placeholder);
    title->setBuddy(editor);
    QLabel* badge = nullptr;
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 10, 0, 0);
    row->addWidget(title);
    row->addStretch(1);
    if (drafted) {
        badge = mutedLabel(tr("drafted from the evidence"), parent);
        badge->setObjectName(QStringLiteral("badge_") + name);
        badge->setToolTip(tr("The draft wrote this from the evidence. Drafting again may update it, until you change "
                             "it: then it is yours and stays."));
        badge->hide();
        row->addWidget(badge);
    }
    layout->addLayout(row);
    layout->addWidget(editor);
    editor->installEventFilter(this);
    m_fields.push_back(Field{name, label, member, update, editor, badge});
    connect(editor, &QPlainTextEdit::textChanged, this, [this, name] { fieldEdited(name); });
}

QWidget* PostmortemView::createTimelineSection()
{
    auto* section = new QWidget(this);
    m_timelineTable = new QTableView(section);
    m_timelineTable->setObjectName(QStringLiteral("curatedTimelineTable"));
    m_timelineTable->setModel(m_timelineModel);
    m_timelineTable->setAlternatingRowColors(true);
    m_timelineTable->setWordWrap(false);
    m_timelineTable->setShowGrid(false);
    m_timelineTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineTable->setSelectionMode(QAbstractItemView::SingleSelection);
    // Double-click opens the whole entry; F2 rewrites the text or note in place.
    m_timelineTable->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_timelineTable->verticalHeader()->hide();
    m_timelineTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView* columns = m_timelineTable->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setSectionResizeMode(CuratedTimelineModel::TextColumn, QHeaderView::Stretch);
    m_timelineTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_timelineTable, &QTableView::doubleClicked, this, &PostmortemView::editSelectedEntry);
    connect(m_timelineTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &PostmortemView::updateButtons);
    connect(m_timelineModel, &QAbstractItemModel::modelReset, this, &PostmortemView::updateButtons);
    connect(m_timelineModel, &QAbstractItemModel::rowsInserted, this, &PostmortemView::updateButtons);
    connect(m_timelineModel, &QAbstractItemModel::rowsRemoved, this, &PostmortemView::updateButtons);
    connect(m_timelineModel, &QAbstractItemModel::dataChanged, this, &PostmortemView::fitTables);
    connect(m_timelineModel, &QAbstractItemModel::rowsInserted, this, &PostmortemView::fitTables);

    m_draftAction = new QAction(tr("&Draft from Evidence"), this);
    m_draftAction->setObjectName(QStringLiteral("draftPostmortemAction"));
    m_draftAction->setToolTip(tr("Fill the timeline, trigger, detection and impact from the evidence. What people "
                                 "wrote or edited is never replaced; the draft's own earlier text is."));
    m_draftAction->setStatusTip(m_draftAction->toolTip());
    connect(m_draftAction, &QAction::triggered, this, &PostmortemView::startDraft);
    m_draftButton = new QPushButton(tr("Draft from Evidence"), section);
    m_draftButton->setObjectName(QStringLiteral("draftButton"));
    m_draftButton->setToolTip(m_draftAction->toolTip());
    connect(m_draftButton, &QPushButton::clicked, m_draftAction, &QAction::trigger);
    m_addEntryButton = new QPushButton(tr("Add…"), section);
    m_addEntryButton->setObjectName(QStringLiteral("addEntryButton"));
    m_addEntryButton->setToolTip(tr("Write an entry of your own; the Timeline tab's Add to Postmortem adds one that "
                                    "cites the evidence"));
    connect(m_addEntryButton, &QPushButton::clicked, this, &PostmortemView::addEntryFromDialog);
    m_editEntryButton = new QPushButton(tr("Edit…"), section);
    m_editEntryButton->setObjectName(QStringLiteral("editEntryButton"));
    connect(m_editEntryButton, &QPushButton::clicked, this, &PostmortemView::editSelectedEntry);
    m_removeEntryButton = new QPushButton(tr("Remove"), section);
    m_removeEntryButton->setObjectName(QStringLiteral("removeEntryButton"));
    m_removeEntryButton->setToolTip(tr("Remove the entry; a drafted one does not come back when drafting again"));
    connect(m_removeEntryButton, &QPushButton::clicked, this, &PostmortemView::removeSelectedEntry);

    connect(m_timelineTable, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_timelineTable->indexAt(pos);
        if (index.isValid())
            m_timelineTable->selectRow(index.row());
        // popup(), not exec(): no nested event loop.
        auto* menu = new QMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(tr("Add…"), this, &PostmortemView::addEntryFromDialog);
        if (index.isValid()) {
            menu->addAction(tr("Edit…"), this, &PostmortemView::editSelectedEntry);
            menu->addAction(tr("Remove"), this, &PostmortemView::removeSelectedEntry);
        }
        menu->popup(m_timelineTable->viewport()->mapToGlobal(pos));
    });

    m_timelineCount = new FittingLabel(section); // never widens the column, never cuts a word
    m_timelineCount->setObjectName(QStringLiteral("timelineCount"));
    m_draftLabel = mutedLabel(QString(), section);
    m_draftLabel->setObjectName(QStringLiteral("draftSummary"));
    m_draftLabel->setTextFormat(Qt::PlainText);
    m_draftLabel->setWordWrap(true);
    m_draftProgress = new QProgressBar(section);
    m_draftProgress->setRange(0, 0);
    m_draftProgress->setTextVisible(false);
    m_draftProgress->setFixedWidth(90);
    m_draftProgress->hide();

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(sectionTitle(tr("Timeline"), section));
    top->addWidget(m_timelineCount, 1);
    top->addWidget(m_draftProgress);
    top->addWidget(m_draftButton);
    top->addSpacing(8);
    top->addWidget(m_addEntryButton);
    top->addWidget(m_editEntryButton);
    top->addWidget(m_removeEntryButton);

    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(8, 4, 12, 4);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_draftLabel);
    layout->addWidget(m_timelineTable, 1);
    return section;
}

QWidget* PostmortemView::createRootCauseSection()
{
    auto* section = new QWidget(this);
    m_rootCauseList = new QListView(section);
    m_rootCauseList->setObjectName(QStringLiteral("rootCauseList"));
    m_rootCauseList->setModel(m_rootCauseModel);
    m_rootCauseList->setAlternatingRowColors(true);
    // Its edit triggers follow whether the store can be changed (updateButtons).
    m_rootCauseList->setToolTip(tr("Double-click a cause to reword it"));
    connect(
        m_rootCauseList->selectionModel(), &QItemSelectionModel::currentChanged, this, &PostmortemView::updateButtons);
    connect(m_rootCauseModel, &QAbstractItemModel::rowsMoved, this, &PostmortemView::updateButtons);
    connect(m_rootCauseModel, &QAbstractItemModel::rowsRemoved, this, &PostmortemView::updateButtons);

    const auto toolButton = [section](const QString& text, const QString& name, const QString& tip) {
        auto* button = new QToolButton(section);
        button->setText(text);
        button->setObjectName(name);
        button->setToolTip(tip);
        button->setAutoRaise(false);
        return button;
    };
    m_causeUpButton = toolButton(tr("Move Up"), QStringLiteral("causeUpButton"), tr("Move the cause up (Alt+Up)"));
    m_causeUpButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_causeDownButton
        = toolButton(tr("Move Down"), QStringLiteral("causeDownButton"), tr("Move the cause down (Alt+Down)"));
    m_causeDownButton->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    m_causeRemoveButton = toolButton(tr("Remove"), QStringLiteral("causeRemoveButton"), tr("Remove the cause"));
    connect(m_causeUpButton, &QToolButton::clicked, this, [this] { moveRootCause(-1); });
    connect(m_causeDownButton, &QToolButton::clicked, this, [this] { moveRootCause(+1); });
    connect(m_causeRemoveButton, &QToolButton::clicked, this, &PostmortemView::removeRootCause);

    m_newRootCause = new QLineEdit(section);
    m_newRootCause->setObjectName(QStringLiteral("newRootCause"));
    m_newRootCause->setPlaceholderText(tr("Add a root cause: type it and press Enter"));
    m_newRootCause->setClearButtonEnabled(true);
    connect(m_newRootCause, &QLineEdit::returnPressed, this, &PostmortemView::addRootCause);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(sectionTitle(tr("Root causes"), section));
    top->addWidget(mutedLabel(tr("most important first"), section));
    top->addStretch(1);
    top->addWidget(m_causeUpButton);
    top->addWidget(m_causeDownButton);
    top->addWidget(m_causeRemoveButton);

    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(8, 8, 12, 4);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_rootCauseList, 1);
    layout->addWidget(m_newRootCause);
    return section;
}

QWidget* PostmortemView::createActionSection()
{
    auto* section = new QWidget(this);
    m_actionTable = new QTableView(section);
    m_actionTable->setObjectName(QStringLiteral("postmortemActionItems"));
    m_actionTable->setModel(m_actionModel);
    m_actionTable->setItemDelegate(new ActionItemDelegate(m_actionTable));
    m_actionTable->setAlternatingRowColors(true);
    m_actionTable->setWordWrap(false);
    m_actionTable->setShowGrid(false);
    m_actionTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_actionTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_actionTable->verticalHeader()->hide();
    m_actionTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_actionTable->setColumnHidden(ActionItemModel::IncidentColumn, true);
    m_actionModel->setLatenessShown(false); // narrow here: the colour says it, the tooltip how late
    m_actionTable->setToolTip(tr("Double-click a cell, or start typing, to change it. An item no longer wanted is "
                                 "marked Won't do; one added by mistake is removed from the right-click menu."));
    QHeaderView* columns = m_actionTable->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setSectionResizeMode(ActionItemModel::DescriptionColumn, QHeaderView::Stretch);
    const auto fit = [this] { ActionItemDelegate::fitColumns(m_actionTable, true); };
    connect(m_actionModel, &QAbstractItemModel::modelReset, this, fit);
    connect(m_actionModel, &QAbstractItemModel::rowsInserted, this, fit);
    connect(m_actionModel, &QAbstractItemModel::dataChanged, this, fit);
    m_actionTable->viewport()->installEventFilter(this); // refits when resized (eventFilter)
    m_actionTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_actionTable, &QTableView::customContextMenuRequested, this,
        [this](const QPoint& pos) { ActionItemDelegate::showContextMenu(m_actionTable, pos); });

    m_newActionItem = new QLineEdit(section);
    m_newActionItem->setObjectName(QStringLiteral("newActionItem"));
    m_newActionItem->setPlaceholderText(tr("Add an action item: describe it and press Enter, then fill in its owner "
                                           "and due date"));
    m_newActionItem->setClearButtonEnabled(true);
    connect(m_newActionItem, &QLineEdit::returnPressed, this, &PostmortemView::addActionItem);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(sectionTitle(tr("Action items"), section));
    top->addStretch(1);

    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(8, 8, 12, 10);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_actionTable, 1);
    layout->addWidget(m_newActionItem);
    return section;
}

void PostmortemView::setExportAction(QAction* action)
{
    m_exportButton->setDefaultAction(action);
    m_exportButton->setVisible(action != nullptr);
}

void PostmortemView::setWorkspace(workspace::Workspace* workspace)
{
    saveEdits();
    // Kept edits belong to the store they were typed for (MainWindow asks before letting them go).
    discardUnsavedEdits();
    m_workspace = workspace;
    setIncident(std::nullopt);
    // Another store: nothing on the stack is about it.
    m_undoStack->clear();
}

void PostmortemView::setIncident(std::optional<qint64> id)
{
    if (!saveEdits() && m_incident) {
        // The store refused (another program holds its lock): keep what was typed for when this
        // incident is shown again, or the next save.
        for (const Field& field : m_fields) {
            const QString text = editorText(field);
            if (m_dirty.contains(field.name) && !(field.name == u"title" && text.isEmpty()))
                m_unsaved[m_incident->id].insert(field.name, text);
        }
        if (m_unsaved.contains(m_incident->id) && m_basis)
            m_unsavedBasis.insert(m_incident->id, *m_basis);
    }
    m_dirty.clear();
    // Another incident: what the stack holds is about the one shown before.
    if (!m_incident || !id || m_incident->id != *id)
        m_undoStack->clear();
    m_incident.reset();
    m_basis.reset();
    m_drafted = {};
    m_lastDraft.reset();
    m_lastDraftError.reset();
    m_draftLabel->clear();
    m_draftLabel->hide();
    if (id && m_workspace) {
        auto incident = m_workspace->postmortems().incident(*id);
        if (incident)
            m_incident = std::move(*incident);
        else
            m_empty->setText(tr("The postmortem could not be read.\n\n%1").arg(incident.error().toString()));
    } else {
        m_empty->setText(m_workspace ? tr("Select an incident on the Incidents tab to write its postmortem.")
                                     : tr("Open a store to see its incidents."));
    }
    loadIncident();
}

void PostmortemView::setChosenZone(const std::optional<QTimeZone>& zone)
{
    m_chosenZone = zone;
    m_timelineModel->setChosenZone(zone);
    m_preview->setChosenZone(zone);
    updateHeader();
    fitTables();
}

void PostmortemView::reload()
{
    if (!m_incident || !m_workspace)
        return;
    auto incident = m_workspace->postmortems().incident(m_incident->id);
    if (!incident) {
        showStatus(tr("Could not read the postmortem: %1").arg(incident.error().toString()), true);
        return;
    }
    m_incident = std::move(*incident);
    loadIncident();
}

void PostmortemView::loadIncident()
{
    store::PostmortemStore* store = m_workspace ? &m_workspace->postmortems() : nullptr;
    if (!m_incident || !store) {
        m_stack->setCurrentWidget(m_empty);
        m_timelineModel->setIncident(nullptr, std::nullopt);
        m_rootCauseModel->setIncident(nullptr, std::nullopt);
        m_actionModel->setStore(nullptr);
        m_customSectionList.clear();
        m_typed.clear();
        m_preview->setIncident(nullptr, std::nullopt);
        showStatus(QString());
        updateButtons();
        return;
    }
    m_stack->setCurrentIndex(0);
    if (const auto drafted = store->draftedFields(m_incident->id))
        m_drafted = *drafted;
    // Edits the store refused when this incident was left come back, to be saved again.
    const QHash<QString, QString> restored = m_unsaved.take(m_incident->id);
    if (const auto kept = m_unsavedBasis.find(m_incident->id); kept != m_unsavedBasis.end()) {
        m_basis = *kept; // what the restored edits started from
        m_unsavedBasis.erase(kept);
    }
    m_loading = true;
    for (const Field& field : m_fields) {
        if (const auto kept = restored.find(field.name); kept != restored.end()) {
            setEditorText(field, *kept);
            m_dirty.insert(field.name);
        } else if (!m_dirty.contains(field.name)) {
            // What is being typed stays: it is saved over what was read.
            setEditorText(field, (*m_incident).*field.member);
        }
    }
    m_loading = false;
    rebase(*m_incident);
    for (const Field& field : m_fields)
        m_typed.insert(field.name, typedText(field));
    if (!restored.isEmpty())
        m_saveTimer.start();
    showCustomSections(*store);
    updateBadges();
    updateHeader();

    const QDate today = localToday(m_clock);
    m_timelineModel->setIncident(store, m_incident);
    m_rootCauseModel->setIncident(store, m_incident->id);
    m_actionModel->setToday(today);
    store::ActionItemFilter filter;
    filter.incidentId = m_incident->id;
    m_actionModel->setFilter(filter);
    m_actionModel->setStore(store);
    fitTables();
    if (m_dirty.isEmpty() && !m_statusIsProblem)
        showStatus(QString());
    updateButtons();
    m_preview->setIncident(m_workspace, m_incident->id);
}

void PostmortemView::showCustomSections(const store::PostmortemStore& store)
{
    QStringList shown;
    m_customSectionList.clear();
    if (const auto sections = store.customSections(m_incident->id)) {
        m_customSectionList = *sections;
        for (const model::CustomSection& section : *sections) {
            if (section.fromEvidence)
                continue; // the evidence section is rebuilt from the events, or kept for export alone
            const QString body = section.markdown.trimmed();
            shown << (section.heading.isEmpty() ? body : QStringLiteral("## ") + section.heading + u"\n\n" + body);
        }
    } else {
        shown << tr("Could not read them: %1").arg(sections.error().toString());
    }
    // The document's own line breaks inside a paragraph are joined, so that it wraps to the box.
    QString text = shown.join(QStringLiteral("\n\n"));
    static const QRegularExpression softBreak(QStringLiteral("(?<=\\S)\\n(?=[^\\n#|*\\-\\d>])"));
    text.replace(softBreak, QStringLiteral(" "));
    m_customSections->setPlainText(text);
    // Tall enough to read a few paragraphs without scrolling inside the scrolling form.
    const int lines = std::clamp(int(text.count(u'\n')) + 1 + int(text.size() / 60), 4, 18);
    m_customSections->setMinimumHeight(m_customSections->fontMetrics().lineSpacing() * lines + 12);
    m_customBox->setVisible(!shown.isEmpty());
}

void PostmortemView::reloadActionItems()
{
    if (!m_incident)
        return;
    m_actionModel->setToday(localToday(m_clock));
    (void)m_actionModel->reload();
}

QString PostmortemView::editorText(const Field& field) const { return typedText(field).trimmed(); }

QString PostmortemView::typedText(const Field& field) const
{
    if (auto* line = qobject_cast<QLineEdit*>(field.editor))
        return line->text();
    if (auto* text = qobject_cast<QPlainTextEdit*>(field.editor))
        return text->toPlainText();
    if (auto* combo = qobject_cast<QComboBox*>(field.editor))
        return combo->isEditable() ? combo->currentText() : statusName(combo->currentIndex());
    return {};
}

void PostmortemView::setEditorText(const Field& field, const QString& text)
{
    const QSignalBlocker blocker(field.editor);
    if (auto* line = qobject_cast<QLineEdit*>(field.editor)) {
        if (line->text() != text) {
            line->setText(text);
            line->setCursorPosition(0); // a long title shows its beginning
        }
    } else if (auto* edit = qobject_cast<QPlainTextEdit*>(field.editor)) {
        if (edit->toPlainText() != text)
            edit->setPlainText(text);
    } else if (auto* combo = qobject_cast<QComboBox*>(field.editor)) {
        if (combo->isEditable())
            combo->setEditText(text);
        else
            combo->setCurrentIndex(text == u"in_review" ? 1 : text == u"final" ? 2 : 0);
    }
}

const PostmortemView::Field* PostmortemView::field(const QString& name) const
{
    const auto found = std::ranges::find(m_fields, name, &Field::name);
    return found == m_fields.end() ? nullptr : &*found;
}

QWidget* PostmortemView::fieldEditor(const QString& name) const
{
    const Field* found = field(name);
    return found ? found->editor : nullptr;
}

void PostmortemView::fieldEdited(const QString& name)
{
    if (m_loading || !m_incident)
        return;
    if (const Field* edited = field(name)) {
        const QString typed = typedText(*edited);
        record<FieldEditCommand>(name, edited->label, m_typed.value(name), typed, m_burst);
        m_typed.insert(name, typed);
    }
    m_dirty.insert(name);
    m_saveTimer.start();
    showStatus(tr("Editing…"));
    updateBadges();
    m_preview->scheduleRender();
}

bool PostmortemView::writeField(const QString& name, const QString& text)
{
    const Field* written = field(name);
    if (!written || !m_incident)
        return false;
    const QString before = typedText(*written);
    setEditorText(*written, text);
    // The cursor goes where the text changed: after what came back, or where it went.
    qsizetype same = 0;
    while (same < before.size() && same < text.size() && before[same] == text[same])
        ++same;
    qsizetype tail = 0;
    while (tail < before.size() - same && tail < text.size() - same
        && before[before.size() - 1 - tail] == text[text.size() - 1 - tail])
        ++tail;
    const int cursor = int(text.size() - tail);
    if (auto* line = qobject_cast<QLineEdit*>(written->editor)) {
        line->setCursorPosition(cursor);
    } else if (auto* edit = qobject_cast<QPlainTextEdit*>(written->editor)) {
        QTextCursor moved = edit->textCursor();
        moved.setPosition(cursor);
        edit->setTextCursor(moved);
    }
    m_formScroll->ensureWidgetVisible(written->editor);
    m_typed.insert(name, text);
    m_dirty.insert(name);
    updateBadges();
    m_preview->scheduleRender();
    return saveEdits();
}

bool PostmortemView::saveEdits()
{
    m_saveTimer.stop();
    ++m_burst; // typing after a save is another step to undo
    if (!m_workspace) {
        m_dirty.clear();
        m_unsaved.clear();
        return true;
    }
    // Someone else's change waits for the user's choice (ConflictDialog): so do the saves.
    if (m_conflictDialog)
        return false;
    // Edits of incidents not shown, refused before: try again.
    for (auto kept = m_unsaved.begin(); kept != m_unsaved.end();) {
        IncidentUpdate update;
        for (const Field& field : m_fields) {
            if (const auto text = kept->find(field.name); text != kept->end() && field.update)
                update.*field.update = *text;
        }
        if (const auto basis = m_unsavedBasis.find(kept.key()); basis != m_unsavedBasis.end()) {
            update.basedOn = basis->rowVersion;
            update.startedFrom = *basis;
        }
        auto saved = m_workspace->postmortems().updateIncident(kept.key(), update);
        if (!saved && saved.error().code == Error::Code::Conflict) {
            ++kept; // kept for its incident: the question is asked when it is shown again
            continue;
        }
        // Kept while the store may take it later (a lock, the disk); an incident gone since, or
        // text it can never take, is let go.
        const bool later = !saved && saved.error().code != Error::Code::NotFound
            && saved.error().code != Error::Code::InvalidArgument;
        if (later) {
            showStatus(tr("Not saved: %1").arg(editErrorText(saved.error())), true);
            return false;
        }
        if (saved)
            Q_EMIT incidentEdited(*saved);
        m_unsavedBasis.remove(kept.key());
        kept = m_unsaved.erase(kept);
    }
    if (m_dirty.isEmpty())
        return true;
    if (!m_incident) {
        m_dirty.clear();
        return true;
    }
    IncidentUpdate update;
    QString problem;
    for (const Field& field : m_fields) {
        if (!m_dirty.contains(field.name))
            continue;
        const QString text = editorText(field);
        if (field.name == u"title" && text.isEmpty()) {
            problem = tr("A postmortem needs a title: the last one is kept until you type another");
            continue;
        }
        if (text != (*m_incident).*field.member)
            update.*field.update = text;
    }
    if (!update.isEmpty()) {
        if (m_basis) {
            update.basedOn = m_basis->rowVersion;
            update.startedFrom = *m_basis;
        }
        auto saved = m_workspace->postmortems().updateIncident(m_incident->id, update);
        if (!saved) {
            if (saved.error().code == Error::Code::Conflict) {
                askAboutConflict(m_incident->id, saved.error());
                return false;
            }
            showStatus(tr("Not saved: %1").arg(editErrorText(saved.error())), true);
            return false;
        }
        m_incident = std::move(*saved);
        m_basis = m_incident;
        Q_EMIT incidentEdited(*m_incident);
    }
    m_dirty.clear();
    updateHeader();
    updateBadges();
    if (!problem.isEmpty()) {
        showStatus(problem, true);
        return false;
    }
    showStatus(tr("All changes saved"));
    return true;
}

void PostmortemView::discardUnsavedEdits()
{
    m_saveTimer.stop();
    m_dirty.clear();
    m_unsaved.clear();
    m_unsavedBasis.clear();
}

QString PostmortemView::saveStatus() const { return m_status; }

ConflictDialog* PostmortemView::conflictDialog() const { return m_conflictDialog; }

void PostmortemView::rebase(const model::Incident& read)
{
    if (!m_basis || m_dirty.isEmpty()) {
        m_basis = read;
        return;
    }
    // Fields being edited keep what they started from (and the basis its older version); the
    // others show what was read.
    for (const Field& field : m_fields) {
        if (!m_dirty.contains(field.name))
            (*m_basis).*field.member = read.*field.member;
    }
}

void PostmortemView::askAboutConflict(qint64 incidentId, const Error& conflict)
{
    QStringList names;
    QHash<QString, QString> labels;
    for (const Field& field : m_fields)
        labels.insert(field.name, field.label);
    for (const FieldConflict& one : conflict.conflicts)
        names << labels.value(one.field, one.field);
    showStatus(tr("Not saved: someone else changed %1 meanwhile; choose which to keep").arg(names.join(tr(", "))), true);
    if (m_conflictDialog)
        return;
    m_conflictDialog = new ConflictDialog(tr("this postmortem"), conflict.conflicts, labels, this);
    m_conflictDialog->setAttribute(Qt::WA_DeleteOnClose);
    const std::vector<FieldConflict> conflicts = conflict.conflicts;
    connect(m_conflictDialog, &ConflictDialog::chosen, this, [this, incidentId, conflicts](ConflictDialog::Choice choice) {
        m_conflictDialog = nullptr; // saves may go on
        resolveConflict(incidentId, conflicts, choice == ConflictDialog::Choice::UseMine);
    });
    m_conflictDialog->open();
}

void PostmortemView::resolveConflict(qint64 incidentId, const std::vector<FieldConflict>& conflicts, bool useMine)
{
    if (!m_workspace || !m_incident || m_incident->id != incidentId)
        return; // another incident is shown: its edits are kept for it (m_unsaved)
    const auto fresh = m_workspace->postmortems().incident(incidentId);
    if (!fresh) {
        showStatus(tr("Not saved: %1").arg(editErrorText(fresh.error())), true);
        return;
    }
    m_incident = *fresh;
    if (useMine) {
        // The user has seen theirs: what is typed now goes over the incident as it is now.
        m_basis = *fresh;
    } else {
        // Their value goes into the field (Ctrl+Z brings the user's text back), and that field is
        // no longer being edited; other fields typed in are still saved.
        ++m_burst;
        for (const FieldConflict& conflict : conflicts) {
            const Field* shown = field(conflict.field);
            if (!shown)
                continue;
            const QString mine = typedText(*shown);
            const QString theirs = (*fresh).*shown->member;
            m_loading = true;
            setEditorText(*shown, theirs);
            m_loading = false;
            record<FieldEditCommand>(shown->name, shown->label, mine, typedText(*shown), m_burst);
            m_typed.insert(shown->name, typedText(*shown));
            m_dirty.remove(shown->name);
        }
        ++m_burst;
        rebase(*fresh);
    }
    updateBadges();
    m_preview->scheduleRender();
    if (saveEdits())
        Q_EMIT incidentEdited(*m_incident);
}

void PostmortemView::askAboutActionConflict(qint64 itemId, const model::ActionItemUpdate& update, const Error& conflict)
{
    askAboutActionItemConflict(
        this, m_actionModel, itemId, update, conflict, [this](const QString& message) { showConflictStatus(message); });
}

void PostmortemView::showConflictStatus(const QString& message)
{
    showStatus(message, message.startsWith(tr("Not saved")));
}

void PostmortemView::askAboutCauseConflict(int position, const QString& mine, const Error& conflict)
{
    const QString theirs = conflict.conflicts.empty() ? QString() : conflict.conflicts.front().theirs;
    const QPointer<RootCauseModel> causes(m_rootCauseModel);
    desktop::askAboutConflict(
        this, tr("root cause %1").arg(position), conflict, {{QStringLiteral("text"), tr("Root cause")}},
        [causes, position, theirs, mine](ConflictDialog::Choice choice) -> Result<void> {
            if (!causes)
                return {};
            return choice == ConflictDialog::Choice::UseMine ? causes->rewordOver(position, theirs, mine)
                                                             : causes->reload();
        },
        [this](const QString& message) { showConflictStatus(message); });
}

void PostmortemView::askAboutEntryConflict(
    const model::TimelineEntry& mine, const model::TimelineEntry& read, const Error& conflict)
{
    const QPointer<CuratedTimelineModel> timeline(m_timelineModel);
    desktop::askAboutConflict(
        this, tr("the timeline entry “%1”").arg(read.text), conflict,
        {{QStringLiteral("time"), tr("Time")}, {QStringLiteral("end"), tr("Ends")},
            {QStringLiteral("text"), tr("What happened")}, {QStringLiteral("note"), tr("Note")},
            {QStringLiteral("evidence"), tr("Evidence (event ids)")}},
        [timeline, mine, read, conflict](ConflictDialog::Choice choice) -> Result<void> {
            if (!timeline)
                return {};
            if (choice == ConflictDialog::Choice::KeepTheirs)
                return timeline->reload();
            auto written = timeline->writeOver(mine, read, conflict);
            return written ? Result<void>() : std::unexpected(written.error());
        },
        [this](const QString& message) { showConflictStatus(message); });
}

void PostmortemView::showStatus(const QString& text, bool problem)
{
    m_status = text;
    m_statusIsProblem = problem;
    m_statusLabel->setText(text.isEmpty() && m_incident ? tr("All changes saved") : text);
    QPalette palette = m_statusLabel->palette();
    palette.setColor(QPalette::WindowText, problem ? problemColour : palette.color(QPalette::PlaceholderText));
    m_statusLabel->setPalette(palette);
    m_statusLabel->setToolTip(problem ? text : QString());
}

void PostmortemView::showWriteFailure(const QString& message) { showStatus(tr("Not saved: %1").arg(message), true); }

void PostmortemView::updateBadges()
{
    for (const Field& field : m_fields) {
        if (!field.badge)
            continue;
        const std::optional<QString>& drafted = m_drafted.*field.update;
        field.badge->setVisible(drafted && !drafted->isEmpty() && editorText(field) == drafted->trimmed());
    }
}

void PostmortemView::updateHeader()
{
    if (!m_incident) {
        m_title->clear();
        m_subtitle->clear();
        return;
    }
    const Incident& i = *m_incident;
    const QTimeZone zone = model::displayZone(i, m_chosenZone);
    m_title->setText(i.title);
    m_title->setToolTip(i.title);
    QStringList parts{tr("Postmortem of #%1").arg(i.id), model::WindowTimeFormat(i.fromUs, i.toUs, zone).window(),
        QString::fromUtf8(zone.id())};
    m_subtitle->setText(parts.join(QStringLiteral("  ·  ")));
}

void PostmortemView::updateButtons()
{
    // A store that cannot be changed (a read-only file, a reviewer's role on a team store) is shown
    // for reading: nothing here offers to write to it.
    const bool open = m_incident && m_workspace && !m_workspace->isReadOnly();
    const bool selected = !m_timelineTable->selectionModel()->selectedRows().isEmpty();
    for (const Field& field : m_fields) {
        if (auto* line = qobject_cast<QLineEdit*>(field.editor))
            line->setReadOnly(!open);
        else if (auto* text = qobject_cast<QPlainTextEdit*>(field.editor))
            text->setReadOnly(!open);
        else
            field.editor->setEnabled(open);
    }
    m_rootCauseList->setEditTriggers(open ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                          : QAbstractItemView::NoEditTriggers);
    m_actionTable->setEditTriggers(open ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                | QAbstractItemView::AnyKeyPressed
                                        : QAbstractItemView::NoEditTriggers);
    m_draftAction->setEnabled(open && !m_drafting);
    m_draftButton->setEnabled(open && !m_drafting);
    m_addEntryButton->setEnabled(open && !m_drafting);
    m_editEntryButton->setEnabled(open && !m_drafting && selected);
    m_removeEntryButton->setEnabled(open && !m_drafting && selected);
    m_timelineTable->setEnabled(!m_drafting);
    m_draftProgress->setVisible(m_drafting);

    const int count = m_timelineModel->rowCount();
    int drafted = 0;
    for (int row = 0; row < count; ++row)
        drafted += m_timelineModel->index(row, 0).data(CuratedTimelineModel::DraftedRole).toBool() ? 1 : 0;
    const QString entries = count == 1 ? tr("1 entry") : tr("%1 entries").arg(count);
    m_timelineCount->setWordings(!open ? QStringList()
            : count == 0           ? QStringList{tr("empty: draft it from the evidence, or add entries"),
                                         tr("empty: draft it, or add entries"), tr("empty")}
            : drafted == 0         ? QStringList{entries}
                                   : QStringList{tr("%1  ·  %2 as the draft wrote them").arg(entries).arg(drafted),
                                         entries});

    const int cause = m_rootCauseList->currentIndex().row();
    m_causeUpButton->setEnabled(open && cause > 0);
    m_causeDownButton->setEnabled(open && cause >= 0 && cause + 1 < m_rootCauseModel->rowCount());
    m_causeRemoveButton->setEnabled(open && cause >= 0);
    m_newRootCause->setEnabled(open);
    m_newActionItem->setEnabled(open);
}

void PostmortemView::fitTables()
{
    const QFontMetrics metrics = fontMetrics();
    const int padding = 24;
    const auto width = [&](const QString& sample) { return metrics.horizontalAdvance(sample) + padding; };
    const auto headerWidth = [&](const QAbstractItemModel* model, int column) {
        return width(model->headerData(column, Qt::Horizontal).toString());
    };

    const model::WindowTimeFormat& format = m_timelineModel->timeFormat();
    QString sample = QStringLiteral("00:00:00–00:00:00");
    if (format.showsDates())
        sample = QStringLiteral("2026-06-18 00:00:00–2026-06-19 00:00:00");
    if (format.showsOffsets())
        sample += QStringLiteral(" +00:00 +00:00");
    m_timelineTable->setColumnWidth(CuratedTimelineModel::TimeColumn,
        std::max(width(sample), headerWidth(m_timelineModel, CuratedTimelineModel::TimeColumn)));
    m_timelineTable->setColumnWidth(CuratedTimelineModel::EvidenceColumn, width(tr("%1 events").arg(50)));
    m_timelineTable->setColumnWidth(CuratedTimelineModel::OriginColumn, width(tr("drafted, edited")));
    // The note takes room only when there are notes to show.
    const bool notes = std::ranges::any_of(
        m_timelineModel->entries(), [](const model::TimelineEntry& e) { return !e.note.isEmpty(); });
    m_timelineTable->setColumnWidth(CuratedTimelineModel::NoteColumn,
        notes ? metrics.averageCharWidth() * 24 : headerWidth(m_timelineModel, CuratedTimelineModel::NoteColumn) + 16);
}

// ---- the curated timeline ---------------------------------------------------------------------

Result<int> PostmortemView::addTimelineEntry(model::TimelineEntry entry, bool* alreadyThere)
{
    if (alreadyThere)
        *alreadyThere = false;
    if (!m_incident || !m_workspace)
        return fail(Error::Code::InvalidArgument, tr("Select an incident first"));
    if (const int row = m_timelineModel->rowCitingExactly(entry.eventIds); row >= 0) {
        if (alreadyThere)
            *alreadyThere = true;
        m_timelineTable->selectRow(row);
        return row;
    }
    entry.origin = model::TimelineEntry::Origin::User;
    entry.edited = false;
    auto row = m_timelineModel->addEntry(std::move(entry));
    if (row) {
        m_timelineTable->selectRow(*row);
        m_timelineTable->scrollTo(m_timelineModel->index(*row, 0));
        showStatus(tr("All changes saved"));
    }
    return row;
}

void PostmortemView::addEntryFromDialog()
{
    if (!m_incident)
        return;
    model::TimelineEntry entry;
    entry.incidentId = m_incident->id;
    // Next to the selected entry, else at the window's start.
    const QModelIndexList rows = m_timelineTable->selectionModel()->selectedRows();
    entry.timeUs = rows.isEmpty() ? m_incident->fromUs : m_timelineModel->entryAt(rows.front().row()).timeUs;
    auto* dialog = new TimelineEntryDialog(entry, m_timelineModel->zone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto checked = dialog->entry())
            (void)addTimelineEntry(*checked);
    });
    dialog->open();
}

void PostmortemView::editSelectedEntry()
{
    const QModelIndexList rows = m_timelineTable->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_drafting)
        return;
    auto* dialog = new TimelineEntryDialog(m_timelineModel->entryAt(rows.front().row()), m_timelineModel->zone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        auto checked = dialog->entry();
        if (!checked)
            return;
        if (auto row = m_timelineModel->updateEntry(*checked)) {
            m_timelineTable->selectRow(*row);
            showStatus(tr("All changes saved"));
        }
    });
    dialog->open();
}

void PostmortemView::removeSelectedEntry()
{
    const QModelIndexList rows = m_timelineTable->selectionModel()->selectedRows();
    if (rows.isEmpty() || m_drafting)
        return;
    const int row = rows.front().row();
    // Without asking: Edit › Undo brings it back, as the status line says.
    if (m_timelineModel->removeEntry(row) && m_timelineModel->rowCount() > 0)
        m_timelineTable->selectRow(std::min(row, m_timelineModel->rowCount() - 1));
}

// ---- root causes and action items -------------------------------------------------------------

void PostmortemView::addRootCause()
{
    const QString text = m_newRootCause->text().trimmed();
    if (text.isEmpty())
        return;
    if (auto row = m_rootCauseModel->addCause(text)) {
        m_newRootCause->clear();
        m_rootCauseList->setCurrentIndex(m_rootCauseModel->index(*row));
        showStatus(tr("All changes saved"));
    }
    updateButtons();
}

void PostmortemView::removeRootCause()
{
    const int row = m_rootCauseList->currentIndex().row();
    if (row >= 0 && m_rootCauseModel->removeCause(row) && m_rootCauseModel->rowCount() > 0)
        m_rootCauseList->setCurrentIndex(m_rootCauseModel->index(std::min(row, m_rootCauseModel->rowCount() - 1)));
    updateButtons();
}

void PostmortemView::moveRootCause(int by)
{
    const int row = m_rootCauseList->currentIndex().row();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_rootCauseModel->rowCount())
        return;
    if (m_rootCauseModel->moveCause(row, to))
        m_rootCauseList->setCurrentIndex(m_rootCauseModel->index(to));
    updateButtons();
}

void PostmortemView::addActionItem()
{
    const QString text = m_newActionItem->text().trimmed();
    if (text.isEmpty() || !m_incident)
        return;
    model::ActionItem item;
    item.incidentId = m_incident->id;
    item.description = text;
    if (auto row = m_actionModel->addItem(item)) {
        m_newActionItem->clear();
        // Ready for the owner: typing there starts the edit.
        m_actionTable->setCurrentIndex(m_actionModel->index(*row, ActionItemModel::OwnerColumn));
        m_actionTable->scrollTo(m_actionModel->index(*row, 0));
        showStatus(tr("All changes saved"));
    }
}

void PostmortemView::selectActionItem(qint64 id)
{
    const int row = m_actionModel->rowOf(id);
    if (row < 0)
        return;
    m_actionTable->selectRow(row);
    m_actionTable->scrollTo(m_actionModel->index(row, 0));
}

// ---- undo and the preview ---------------------------------------------------------------------

void PostmortemView::connectUndo()
{
    using model::ActionItem;
    using model::TimelineEntry;
    m_editing.timeline = m_timelineModel;
    m_editing.causes = m_rootCauseModel;
    m_editing.actions = m_actionModel;
    m_editing.writeField = [this](const QString& name, const QString& text) { return writeField(name, text); };
    m_editing.gone = [this](const QString& message) { showStatus(message, true); };
    m_editing.replayed = [this](const QString& what) { showStatus(what); };
    m_editing.showEntry = [this](qint64 id) {
        if (const int row = m_timelineModel->rowOf(id); row >= 0) {
            m_timelineTable->selectRow(row);
            m_timelineTable->scrollTo(m_timelineModel->index(row, 0));
        }
    };
    m_editing.showCause = [this](int row) { m_rootCauseList->setCurrentIndex(m_rootCauseModel->index(row)); };
    m_editing.showItem = [this](qint64 id) { selectActionItem(id); };

    // Every change the models write is an edit to undo, whoever made it: the buttons, an editor in
    // a table, the Timeline tab's Add to Postmortem.
    connect(m_timelineModel, &CuratedTimelineModel::entryAdded, this,
        [this](const TimelineEntry& entry) { record<EntryPresenceCommand>(entry, true); });
    connect(m_timelineModel, &CuratedTimelineModel::entryChanged, this,
        [this](const TimelineEntry& before, const TimelineEntry& after) { record<EntryEditCommand>(before, after); });
    connect(m_timelineModel, &CuratedTimelineModel::entryRemoved, this, [this](const TimelineEntry& entry) {
        if (m_editing.replaying)
            return;
        record<EntryPresenceCommand>(entry, false);
        sayRemoved(tr("timeline entry"), entry.text);
    });
    connect(m_rootCauseModel, &RootCauseModel::causeAdded, this,
        [this](int row, const QString& text) { record<CausePresenceCommand>(row, text, true); });
    connect(m_rootCauseModel, &RootCauseModel::causeReworded, this,
        [this](int row, const QString& before, const QString& after) {
            record<CauseRewordCommand>(row, before, after);
        });
    connect(m_rootCauseModel, &RootCauseModel::causeRemoved, this, [this](int row, const QString& text) {
        if (m_editing.replaying)
            return;
        record<CausePresenceCommand>(row, text, false);
        sayRemoved(tr("root cause"), text);
    });
    connect(m_rootCauseModel, &RootCauseModel::causeMoved, this,
        [this](int from, int to) { record<CauseMoveCommand>(from, to); });
    connect(m_actionModel, &ActionItemModel::itemAdded, this,
        [this](const ActionItem& item) { record<ItemPresenceCommand>(item, true); });
    connect(m_actionModel, &ActionItemModel::cellWritten, this,
        [this](qint64 id, int column, const QVariant& before, const QVariant& after) {
            record<ItemCellCommand>(id, column, before, after);
        });
    connect(m_actionModel, &ActionItemModel::itemRemoved, this, [this](const ActionItem& item) {
        if (m_editing.replaying)
            return;
        record<ItemPresenceCommand>(item, false);
        sayRemoved(tr("action item"), item.description);
    });
}

void PostmortemView::sayRemoved(const QString& what, const QString& text)
{
    QString shown = text.section(u'\n', 0, 0).simplified();
    if (shown.size() > 48)
        shown = shown.left(47) + u'…';
    showStatus(tr("Removed %1 “%2” — %3 to undo")
                   .arg(what, shown, QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
}

bool PostmortemView::eventFilter(QObject* watched, QEvent* event)
{
    if (m_actionTable && watched == m_actionTable->viewport()) {
        // The link gives the description room as the table narrows (ActionItemDelegate::fitColumns).
        if (event->type() == QEvent::Resize)
            ActionItemDelegate::fitColumns(m_actionTable, true);
        return QWidget::eventFilter(watched, event);
    }
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool undo = key->matches(QKeySequence::Undo);
        const bool redo = key->matches(QKeySequence::Redo);
        if (undo || redo) {
            // Taken here, so the field's own undo (or the window's shortcut) does not see it.
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                if (undo)
                    m_undoStack->undo();
                else
                    m_undoStack->redo();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PostmortemView::showPreview(bool shown)
{
    m_preview->setVisible(shown);
    m_copyMarkdownButton->setVisible(shown);
    QSettings().setValue(settings::previewShownKey, shown);
}

std::optional<model::Postmortem> PostmortemView::postmortemAsShown() const
{
    if (!m_incident)
        return std::nullopt;
    model::Postmortem postmortem;
    postmortem.incident = *m_incident;
    for (const Field& field : m_fields) {
        const QString text = editorText(field);
        // As saving does: an empty title keeps the one before.
        if (field.name == u"title" && text.isEmpty())
            continue;
        postmortem.incident.*field.member = text;
    }
    postmortem.timeline = m_timelineModel->entries();
    postmortem.rootCauses = m_rootCauseModel->causes();
    postmortem.actionItems = m_actionModel->items();
    postmortem.customSections = m_customSectionList;
    return postmortem;
}

// ---- drafting ---------------------------------------------------------------------------------

void PostmortemView::startDraft()
{
    if (m_drafting || !m_incident || !m_workspace)
        return;
    // What was typed is a person's, and must be in the store before the draft decides what to fill.
    saveEdits();
    m_drafting = true;
    m_draftIncidentId = m_incident->id;
    m_draftWatcher.setFuture(m_workspace->startDraft(m_incident->id).future());
    m_draftLabel->setText(tr("Drafting from the evidence…"));
    m_draftLabel->show();
    updateButtons();
    Q_EMIT draftStarted();
}

void PostmortemView::finishDraft()
{
    Result<draft::DraftOutcome> result = m_draftWatcher.future().result();
    m_drafting = false;
    m_lastDraft.reset();
    m_lastDraftError.reset();
    if (result)
        m_lastDraft = std::move(*result);
    else
        m_lastDraftError = result.error();
    // The draft committed through its own connection; this one reads what it wrote.
    if (m_incident && m_incident->id == m_draftIncidentId) {
        reload();
        m_draftLabel->setText(draftSummary());
        m_draftLabel->show();
        QPalette palette = m_draftLabel->palette();
        palette.setColor(QPalette::WindowText,
            m_lastDraftError ? problemColour : palette.color(QPalette::Active, QPalette::PlaceholderText));
        m_draftLabel->setPalette(palette);
    }
    updateButtons();
    Q_EMIT draftFinished();
}

QString PostmortemView::draftSummary() const
{
    if (m_lastDraftError)
        return tr("The draft could not be written: %1").arg(m_lastDraftError->toString());
    if (!m_lastDraft)
        return {};
    const draft::DraftOutcome& r = *m_lastDraft;
    QStringList parts;
    parts << (r.entriesAdded == 1 ? tr("1 entry added") : tr("%1 entries added").arg(r.entriesAdded));
    if (r.entriesReplaced > 0)
        parts << tr("%1 from the previous draft replaced").arg(r.entriesReplaced);
    if (const qint64 kept = r.entriesKeptEdited + r.entriesKeptUser; kept > 0)
        parts << (kept == 1 ? tr("1 kept as a person wrote it") : tr("%1 kept as people wrote them").arg(kept));
    if (const qint64 left = r.entriesCovered + r.entriesDismissed; left > 0)
        parts << tr("%1 left out (already cited, or removed by a person)").arg(left);
    QStringList filled;
    QStringList kept;
    for (const draft::FieldOutcome& field : r.fields) {
        if (field.action == draft::FieldOutcome::Action::Filled
            || field.action == draft::FieldOutcome::Action::Refreshed)
            filled << field.field;
        else if (field.action == draft::FieldOutcome::Action::Kept)
            kept << field.field;
    }
    QString text = tr("Drafted from the evidence: %1.").arg(parts.join(QStringLiteral(", ")));
    if (!filled.isEmpty()) {
        QString fields = listed(filled);
        fields[0] = fields[0].toUpper();
        text += u' ' + tr("%1 filled in.").arg(fields);
    }
    if (!kept.isEmpty())
        text += u' ' + tr("Your %1 kept.").arg(listed(kept));
    return text;
}

} // namespace aftermath::desktop
