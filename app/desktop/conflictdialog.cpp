#include "conflictdialog.h"

#include "actionitemmodel.h"
#include "editmessages.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace aftermath::desktop {

namespace {

QPlainTextEdit* valueView(const QString& text, const QString& objectName)
{
    auto* view = new QPlainTextEdit(text);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setPlaceholderText(ConflictDialog::tr("(empty)"));
    // Tall enough for a few lines of a paragraph; longer text scrolls.
    const int lines = std::clamp(int(text.count(u'\n')) + 2, 2, 6);
    view->setFixedHeight(view->fontMetrics().lineSpacing() * lines + 14);
    return view;
}

} // namespace

ConflictDialog::ConflictDialog(const QString& what, const std::vector<FieldConflict>& conflicts,
    const QHash<QString, QString>& labels, QWidget* parent)
    : QDialog(parent), m_conflicts(conflicts), m_labels(labels)
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Changed by Someone Else"));
    QStringList names;
    for (const FieldConflict& conflict : m_conflicts)
        names << m_labels.value(conflict.field, conflict.field);

    auto* heading = new QLabel(tr("<b>Someone else changed %1 while you were editing it.</b>").arg(what.toHtmlEscaped()));
    auto* explanation = new QLabel(
        tr("You both changed %1. Your edit is not saved yet. Keep their value, or use yours and write it over "
           "theirs. Fields only one of you changed are kept either way.")
            .arg(names.join(tr(", "))));
    explanation->setWordWrap(true);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->addWidget(new QLabel(tr("<b>Field</b>")), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Their value</b> (saved)")), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Your value</b> (not saved)")), 0, 2);
    int row = 1;
    for (const FieldConflict& conflict : m_conflicts) {
        auto* label = new QLabel(m_labels.value(conflict.field, conflict.field));
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(label, row, 0);
        grid->addWidget(valueView(conflict.theirs, QStringLiteral("theirs_") + conflict.field), row, 1);
        grid->addWidget(valueView(conflict.mine, QStringLiteral("mine_") + conflict.field), row, 2);
        ++row;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    grid->setRowStretch(row, 1); // the fields packed at the top, the room left below them
    auto* fields = new QWidget;
    fields->setLayout(grid);
    auto* scroll = new QScrollArea;
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* buttons = new QDialogButtonBox;
    auto* copyMine = buttons->addButton(tr("Copy Mine"), QDialogButtonBox::ActionRole);
    copyMine->setObjectName(QStringLiteral("copyMineButton"));
    copyMine->setToolTip(tr("Put your text on the clipboard; the choice stays open"));
    auto* keepTheirs = buttons->addButton(tr("Keep Theirs"), QDialogButtonBox::RejectRole);
    keepTheirs->setObjectName(QStringLiteral("keepTheirsButton"));
    auto* useMine = buttons->addButton(tr("Use Mine"), QDialogButtonBox::AcceptRole);
    useMine->setObjectName(QStringLiteral("useMineButton"));
    useMine->setDefault(true);
    connect(copyMine, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(mineAsText()); });
    connect(keepTheirs, &QPushButton::clicked, this, [this] {
        m_choice = Choice::KeepTheirs;
        accept();
    });
    connect(useMine, &QPushButton::clicked, this, [this] {
        m_choice = Choice::UseMine;
        accept();
    });
    // Closing the window keeps the edit unsaved and chooses nothing: treated as keeping theirs only
    // after the person's text is on the clipboard, so that it is never lost.
    connect(this, &QDialog::rejected, this, [this] {
        QApplication::clipboard()->setText(mineAsText());
        m_choice = Choice::KeepTheirs;
    });
    connect(this, &QDialog::finished, this, [this] { Q_EMIT chosen(m_choice); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(explanation);
    layout->addWidget(scroll, 1);
    layout->addWidget(buttons);
    resize(720, std::min(520, 170 + 90 * int(m_conflicts.size())));
}

QString ConflictDialog::mineAsText() const
{
    QStringList parts;
    for (const FieldConflict& conflict : m_conflicts)
        parts << m_labels.value(conflict.field, conflict.field) + QStringLiteral(":\n") + conflict.mine;
    return parts.join(QStringLiteral("\n\n"));
}

void askAboutConflict(QWidget* parent, const QString& what, const Error& conflict,
    const QHash<QString, QString>& labels, std::function<Result<void>(ConflictDialog::Choice)> resolve,
    const std::function<void(const QString&)>& report)
{
    report(ConflictDialog::tr("Not saved: someone else changed %1 meanwhile; choose which to keep").arg(what));
    auto* dialog = new ConflictDialog(what, conflict.conflicts, labels, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &ConflictDialog::chosen, dialog, [resolve = std::move(resolve), report](ConflictDialog::Choice choice) {
        const auto done = resolve(choice);
        report(done ? ConflictDialog::tr("All changes saved")
                    : ConflictDialog::tr("Not saved: %1").arg(editErrorText(done.error())));
    });
    dialog->open();
}

void askAboutActionItemConflict(QWidget* parent, ActionItemModel* items, qint64 itemId,
    const model::ActionItemUpdate& update, const Error& conflict, const std::function<void(const QString&)>& report)
{
    const QHash<QString, QString> labels{{QStringLiteral("description"), ConflictDialog::tr("Description")},
        {QStringLiteral("owner"), ConflictDialog::tr("Owner")}, {QStringLiteral("due"), ConflictDialog::tr("Due")},
        {QStringLiteral("status"), ConflictDialog::tr("Status")},
        {QStringLiteral("priority"), ConflictDialog::tr("Priority")},
        {QStringLiteral("type"), ConflictDialog::tr("Type")}, {QStringLiteral("link"), ConflictDialog::tr("Link")}};
    QString what = ConflictDialog::tr("this action item");
    if (const int row = items->rowOf(itemId); row >= 0)
        what = ConflictDialog::tr("action item “%1”").arg(items->itemAt(row).description);
    const QPointer<ActionItemModel> target(items);
    askAboutConflict(
        parent, what, conflict, labels,
        [target, itemId, update](ConflictDialog::Choice choice) -> Result<void> {
            if (!target)
                return {};
            return choice == ConflictDialog::Choice::UseMine ? target->writeOver(itemId, update)
                                                             : target->refreshItem(itemId);
        },
        report);
}

} // namespace aftermath::desktop
