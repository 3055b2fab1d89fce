#include "importsummarydialog.h"

#include "importreportmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace aftermath::desktop {

using ingest::FileReport;
using Status = FileReport::Status;

namespace {

QString eventsText(qint64 count)
{
    const QString number = QLocale().toString(count);
    return count == 1 ? ImportSummaryDialog::tr("%1 event").arg(number)
                      : ImportSummaryDialog::tr("%1 events").arg(number);
}

QString filesText(qint64 count)
{
    const QString number = QLocale().toString(count);
    return count == 1 ? ImportSummaryDialog::tr("%1 file").arg(number)
                      : ImportSummaryDialog::tr("%1 files").arg(number);
}

// "2 imported, 1 unchanged, 1 failed": each status that occurs, in a fixed order.
QString statusCounts(const ImportReportModel& model)
{
    int imported = 0;
    int unchanged = 0;
    int empty = 0;
    int failed = 0;
    int cancelled = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.isCancelled(row)) {
            ++cancelled;
            continue;
        }
        switch (model.reports()[std::size_t(row)].status) {
        case Status::Ok:
        case Status::Appended:
        case Status::Replaced:
        case Status::Resumed:
            ++imported;
            break;
        case Status::Unchanged:
            ++unchanged;
            break;
        case Status::Empty:
            ++empty;
            break;
        case Status::Error:
            ++failed;
            break;
        }
    }
    QStringList parts;
    if (imported > 0)
        parts << ImportSummaryDialog::tr("%1 imported").arg(imported);
    if (unchanged > 0)
        parts << ImportSummaryDialog::tr("%1 unchanged").arg(unchanged);
    if (empty > 0)
        parts << ImportSummaryDialog::tr("%1 empty").arg(empty);
    if (failed > 0)
        parts << ImportSummaryDialog::tr("%1 failed").arg(failed);
    if (cancelled > 0)
        parts << ImportSummaryDialog::tr("%1 not imported (cancelled)").arg(cancelled);
    return parts.join(QStringLiteral(", "));
}

} // namespace

ImportSummaryDialog::ImportSummaryDialog(QWidget* parent) : QDialog(parent), m_model(new ImportReportModel(this))
{
    setObjectName(QStringLiteral("importSummaryDialog"));
    setWindowTitle(tr("Import Summary"));
    setModal(false);

    m_icon = new QLabel(this);
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);

    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("importHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.25);
    m_headline->setFont(headlineFont);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("importDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("importReportsView"));
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_closeButton = buttons->button(QDialogButtonBox::Close);
    m_closeButton->setDefault(true);
    QPushButton* copy = buttons->addButton(tr("&Copy Summary"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copySummaryButton"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(plainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->setSpacing(4);
    text->addWidget(m_headline);
    text->addWidget(m_details);
    auto* top = new QHBoxLayout;
    top->setSpacing(12);
    top->addWidget(m_icon, 0, Qt::AlignTop);
    top->addLayout(text, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addStretch(0); // takes the room when the table is hidden
    layout->addWidget(buttons);

    resize(900, 420);
}

void ImportSummaryDialog::setTone(QStyle::StandardPixmap icon)
{
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
}

void ImportSummaryDialog::setOutcome(const workspace::ImportOutcome& outcome, const QString& storePath)
{
    m_model->setReports(outcome.reports, outcome.cancelledReports);
    const int errors = outcome.errorCount();
    const QString added = tr("%1 added").arg(eventsText(outcome.eventsAdded()));
    if (outcome.cancelled) {
        m_headline->setText(tr("Import cancelled: %1 before it stopped").arg(added));
        setTone(QStyle::SP_MessageBoxWarning);
    } else if (outcome.reports.empty()) {
        m_headline->setText(tr("Nothing to import"));
        setTone(QStyle::SP_MessageBoxInformation);
    } else if (errors > 0) {
        m_headline->setText(tr("%1; %2 could not be imported").arg(added, filesText(errors)));
        setTone(QStyle::SP_MessageBoxWarning);
    } else {
        m_headline->setText(added);
        setTone(QStyle::SP_MessageBoxInformation);
    }

    QStringList lines;
    if (!outcome.reports.empty())
        lines << tr("%1: %2.").arg(filesText(qint64(outcome.reports.size())), statusCounts(*m_model));
    const bool zoneAssumed = std::any_of(outcome.reports.begin(), outcome.reports.end(),
        [](const FileReport& report) { return !report.zoneAssumed.isEmpty(); });
    if (zoneAssumed)
        lines << tr("Times written without an offset were read as %1.").arg(outcome.zone);
    else if (outcome.eventsAdded() > 0)
        lines << tr("Every time carried its own offset; no zone was assumed.");
    lines << tr("Store: %1").arg(QDir::toNativeSeparators(storePath));
    m_details->setText(lines.join(u'\n'));
    setWindowTitle(outcome.cancelled ? tr("Import Cancelled") : tr("Import Summary"));
    m_table->setHidden(false);
    fitColumns();
    fitHeight(900);
    m_closeButton->setFocus();
}

void ImportSummaryDialog::setFailure(const Error& error, const QString& storePath)
{
    m_model->setReports({});
    m_headline->setText(tr("Nothing was imported"));
    const QString message = error.context.isEmpty()
        ? QDir::toNativeSeparators(storePath) + QStringLiteral(": ") + error.message
        : error.toString();
    m_details->setText(tr("The store could not be opened for writing.\n%1").arg(message));
    setTone(QStyle::SP_MessageBoxCritical);
    setWindowTitle(tr("Import Failed"));
    m_table->setHidden(true);
    fitHeight(640);
    m_closeButton->setFocus();
}

void ImportSummaryDialog::fitHeight(int width)
{
    // Tall enough for the rows up to a point (then the table scrolls), never a mostly empty table.
    if (!m_table->isHidden()) {
        const int rows = std::clamp(m_model->rowCount(), 3, 14);
        const int tableHeight = m_table->horizontalHeader()->sizeHint().height()
            + rows * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth() + 2;
        m_table->setFixedHeight(tableHeight);
    }
    layout()->activate();
    const int height
        = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : layout()->totalSizeHint().height();
    resize(width, height);
    // The user may resize it afterwards.
    m_table->setMinimumHeight(
        m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->verticalHeader()->defaultSectionSize());
    m_table->setMaximumHeight(QWIDGETSIZE_MAX);
}

void ImportSummaryDialog::fitColumns()
{
    QHeaderView* header = m_table->horizontalHeader();
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 28;
    // Fit the short columns to their contents; the input name may take up to a third of the
    // table, and Details gets the rest.
    for (const int column :
        {ImportReportModel::StatusColumn, ImportReportModel::FormatColumn, ImportReportModel::EventsColumn}) {
        int width = metrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()) + padding;
        for (int row = 0; row < m_model->rowCount(); ++row)
            width = std::max(width, metrics.horizontalAdvance(m_model->index(row, column).data().toString()) + padding);
        m_table->setColumnWidth(column, width);
    }
    int inputWidth
        = metrics.horizontalAdvance(m_model->headerData(ImportReportModel::InputColumn, Qt::Horizontal).toString());
    for (int row = 0; row < m_model->rowCount(); ++row)
        inputWidth = std::max(inputWidth,
            metrics.horizontalAdvance(m_model->index(row, ImportReportModel::InputColumn).data().toString()));
    m_table->setColumnWidth(ImportReportModel::InputColumn, std::min(inputWidth + padding, std::max(width() / 3, 200)));
    header->setSectionResizeMode(QHeaderView::Interactive);
}

QString ImportSummaryDialog::headline() const { return m_headline->text(); }

QString ImportSummaryDialog::details() const { return m_details->text(); }

QString ImportSummaryDialog::plainText() const
{
    QStringList lines{headline(), details(), QString()};
    QStringList header;
    for (int column = 0; column < m_model->columnCount(); ++column)
        header << m_model->headerData(column, Qt::Horizontal).toString();
    lines << header.join(u'\t');
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const FileReport& report = m_model->reports()[std::size_t(row)];
        lines << QStringList{QDir::toNativeSeparators(report.path), m_model->statusText(row), report.format,
            QString::number(report.events), ImportReportModel::details(report)}
                     .join(u'\t');
    }
    return lines.join(u'\n') + u'\n';
}

} // namespace aftermath::desktop
