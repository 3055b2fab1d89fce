#include "actionitemsview.h"

#include "actionitemdelegate.h"
#include "actionitemmodel.h"
#include "conflictdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace aftermath::desktop {

using model::ActionItem;

namespace {
// The status filter's choices besides the statuses themselves (whose data is the enum's value).
constexpr int anyStatus = -1;
constexpr int notDone = -2;
} // namespace

ActionItemsView::ActionItemsView(const Clock& clock, QWidget* parent)
    : QWidget(parent), m_clock(clock), m_model(new ActionItemModel(this))
{
    setObjectName(QStringLiteral("actionItemsView"));

    auto* title = new QLabel(tr("Action items of every incident"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    title->setFont(titleFont);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("actionItemsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    // The filters.
    m_owner = new QComboBox(this);
    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_owner->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_owner->setMinimumWidth(fontMetrics().averageCharWidth() * 16);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), anyStatus);
    m_status->addItem(tr("Not done"), notDone); // open or in progress: what is still to do
    for (const auto status : {ActionItem::Status::Open, ActionItem::Status::InProgress, ActionItem::Status::Done,
             ActionItem::Status::WontDo})
        m_status->addItem(ActionItemModel::statusLabel(status), int(status));
    m_incident = new QComboBox(this);
    m_incident->setObjectName(QStringLiteral("incidentFilter"));
    m_incident->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_incident->setMinimumContentsLength(40);
    m_overdue = new QCheckBox(tr("&Overdue only"), this);
    m_overdue->setObjectName(QStringLiteral("overdueFilter"));
    m_overdue->setToolTip(tr("Items not done or dropped whose due date has passed"));
    for (QComboBox* combo : {m_owner, m_status, m_incident})
        connect(combo, &QComboBox::currentIndexChanged, this, &ActionItemsView::applyFilters);
    connect(m_overdue, &QCheckBox::toggled, this, &ActionItemsView::applyFilters);

    const auto labelled = [this](const QString& text, QWidget* buddy) {
        auto* label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };
    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(12, 0, 12, 8);
    filters->setSpacing(6);
    filters->addWidget(labelled(tr("O&wner:"), m_owner));
    filters->addWidget(m_owner);
    filters->addSpacing(12);
    filters->addWidget(labelled(tr("&Status:"), m_status));
    filters->addWidget(m_status);
    filters->addSpacing(12);
    filters->addWidget(labelled(tr("In&cident:"), m_incident));
    filters->addWidget(m_incident);
    filters->addSpacing(12);
    filters->addWidget(m_overdue);
    filters->addStretch(1);

    auto* titles = new QVBoxLayout;
    titles->setContentsMargins(12, 10, 12, 8);
    titles->setSpacing(2);
    titles->addWidget(title);
    titles->addWidget(m_summary);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("actionItemsTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new ActionItemDelegate(m_table));
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->setToolTip(tr("Double-click an item to open its incident's postmortem; press F2 or start typing to "
                           "change a cell"));
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(ActionItemModel::DescriptionColumn, QHeaderView::Stretch);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            Q_EMIT openRequested(index.data(ActionItemModel::IncidentIdRole).toLongLong(),
                index.data(ActionItemModel::ItemIdRole).toLongLong());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ActionItemsView::fitColumns);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ActionItemsView::fitColumns);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this,
        [this](const QPoint& pos) { ActionItemDelegate::showContextMenu(m_table, pos); });
    connect(m_model, &ActionItemModel::itemsEdited, this, [this] {
        updateSummary();
        Q_EMIT itemsEdited();
    });
    connect(m_model, &ActionItemModel::writeFailed, this,
        [this](const QString& message) { m_summary->setText(tr("Not saved: %1").arg(message)); });
    connect(m_model, &ActionItemModel::editConflicted, this,
        [this](qint64 itemId, const model::ActionItemUpdate& update, const Error& conflict) {
            askAboutActionItemConflict(
                this, m_model, itemId, update, conflict, [this](const QString& message) { m_summary->setText(message); });
        });

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("actionItemsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setContentsMargins(32, 32, 32, 32);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(titles);
    layout->addLayout(filters);
    layout->addWidget(m_stack, 1);

    fitColumns();
    setStore(nullptr);
}

void ActionItemsView::setStore(store::PostmortemStore* store, bool readOnly)
{
    m_store = store;
    // Double-click opens the postmortem; F2 or typing changes a cell here.
    m_table->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                      : QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_rebuilding = true;
    m_status->setCurrentIndex(0);
    m_overdue->setChecked(false);
    m_rebuilding = false;
    reload();
    // Clearing the incident and owner choices, rebuilt by reload().
    m_rebuilding = true;
    m_owner->setCurrentIndex(0);
    m_incident->setCurrentIndex(0);
    m_rebuilding = false;
    applyFilters();
}

void ActionItemsView::reload()
{
    rebuildChoices();
    applyFilters();
}

void ActionItemsView::rebuildChoices()
{
    m_rebuilding = true;
    const QString owner = m_owner->currentData().toString();
    const QVariant incident = m_incident->currentData();

    QStringList owners;
    QHash<qint64, QString> titles;
    m_incident->clear();
    m_incident->addItem(tr("All incidents"), QVariant());
    if (m_store) {
        if (const auto items = m_store->actionItems()) {
            for (const ActionItem& item : *items)
                if (!item.owner.isEmpty() && !owners.contains(item.owner, Qt::CaseInsensitive))
                    owners << item.owner;
        }
        if (auto incidents = m_store->incidents()) {
            // The latest window first, as the Incidents tab lists them.
            std::stable_sort(incidents->begin(), incidents->end(),
                [](const model::Incident& a, const model::Incident& b) { return a.fromUs > b.fromUs; });
            for (const model::Incident& i : *incidents) {
                titles.insert(i.id, i.title);
                m_incident->addItem(tr("#%1 %2").arg(i.id).arg(i.title), i.id);
            }
        }
    }
    owners.sort(Qt::CaseInsensitive);
    m_owner->clear();
    m_owner->addItem(tr("Anyone"), QString());
    for (const QString& name : owners)
        m_owner->addItem(name, name);
    m_owner->setCurrentIndex(std::max(0, m_owner->findData(owner, Qt::UserRole, Qt::MatchFixedString)));
    m_incident->setCurrentIndex(incident.isValid() ? std::max(0, m_incident->findData(incident)) : 0);
    m_model->setIncidentTitles(std::move(titles));
    m_rebuilding = false;
}

void ActionItemsView::applyFilters()
{
    if (m_rebuilding)
        return;
    const QDate today = localToday(m_clock);
    store::ActionItemFilter filter;
    if (const QString owner = m_owner->currentData().toString(); !owner.isEmpty())
        filter.owner = owner;
    if (const int status = m_status->currentData().toInt(); status >= 0)
        filter.status = ActionItem::Status(status);
    else if (status == notDone)
        filter.unfinished = true;
    if (const QVariant incident = m_incident->currentData(); incident.isValid())
        filter.incidentId = incident.toLongLong();
    if (m_overdue->isChecked())
        filter.overdueOn = today;
    m_model->setToday(today);
    m_model->setStore(m_store);
    m_model->setFilter(filter);
    updateSummary();
}

void ActionItemsView::setOwnerFilter(const QString& owner)
{
    const int index = owner.isEmpty() ? 0 : m_owner->findData(owner, Qt::UserRole, Qt::MatchFixedString);
    if (index < 0) {
        m_owner->addItem(owner, owner);
        m_owner->setCurrentIndex(m_owner->count() - 1);
        return;
    }
    m_owner->setCurrentIndex(index);
}

void ActionItemsView::setStatusFilter(std::optional<ActionItem::Status> status)
{
    m_status->setCurrentIndex(std::max(0, m_status->findData(status ? int(*status) : anyStatus)));
}

void ActionItemsView::setIncidentFilter(std::optional<qint64> incidentId)
{
    m_incident->setCurrentIndex(incidentId ? std::max(0, m_incident->findData(*incidentId)) : 0);
}

void ActionItemsView::setOverdueOnly(bool overdue) { m_overdue->setChecked(overdue); }

QString ActionItemsView::summary() const { return m_summary->text(); }

void ActionItemsView::updateSummary()
{
    const int count = m_model->rowCount();
    const int overdue = m_model->overdueCount();
    const QString today = m_model->today().toString(Qt::ISODate);
    QString text = count == 1 ? tr("1 action item") : tr("%1 action items").arg(count);
    text += overdue == 0 ? tr("  ·  none overdue on %1").arg(today)
                         : tr("  ·  %1 overdue on %2").arg(overdue).arg(today);
    m_summary->setText(m_store ? text : QString());

    const bool filtered = m_owner->currentIndex() > 0 || m_status->currentIndex() > 0 || m_incident->currentIndex() > 0
        || m_overdue->isChecked();
    if (count > 0) {
        m_stack->setCurrentWidget(m_table);
        return;
    }
    m_empty->setText(!m_store ? tr("Open a store to see its action items.")
            : filtered        ? tr("No action items match these filters.")
                              : tr("No action items yet. Add them on an incident's Postmortem tab; they are tracked "
                                          "here across every incident."));
    m_stack->setCurrentWidget(m_empty);
}

void ActionItemsView::fitColumns() { ActionItemDelegate::fitColumns(m_table); }

} // namespace aftermath::desktop
