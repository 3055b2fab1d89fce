#include "filterbar.h"

#include "model/timestamp.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>

#include <tuple>

namespace aftermath::desktop {

namespace {

// The levels from `from`, and those above it too when `andAbove`.
std::vector<model::Level> levelsFrom(model::Level from, bool andAbove)
{
    std::vector<model::Level> levels;
    for (int l = int(from); l <= (andAbove ? int(model::Level::Fatal) : int(from)); ++l)
        levels.push_back(model::Level(l));
    return levels;
}

QString itemText(QStringView name) { return name.toString().replace(u'_', u' '); }

} // namespace

FilterBar::FilterBar(QWidget* parent)
    : QWidget(parent), m_text(new QLineEdit(this)), m_level(new QComboBox(this)), m_kind(new QComboBox(this)),
      m_source(new QComboBox(this)), m_service(new QLineEdit(this)), m_run(new QLineEdit(this)),
      m_from(new QLineEdit(this)), m_to(new QLineEdit(this)), m_clear(new QToolButton(this)),
      m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("filterBar"));
    m_text->setObjectName(QStringLiteral("filterText"));
    m_text->setPlaceholderText(tr("Find: words, \"a phrase\", -leave out"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(160);
    m_text->setToolTip(tr("<p>Events where a word starts with each word typed (any case), with each \"quoted "
                          "phrase\", and with none of the -words.</p>"));

    m_level->setObjectName(QStringLiteral("filterLevel"));
    m_level->addItem(tr("Any level"));
    m_level->addItem(tr("Warning and above"), QVariant::fromValue(int(model::Level::Warning) | 0x100));
    m_level->addItem(tr("Error and above"), QVariant::fromValue(int(model::Level::Error) | 0x100));
    m_level->insertSeparator(m_level->count());
    for (int l = 0; l < model::levelCount; ++l)
        m_level->addItem(itemText(model::toString(model::Level(l))), QVariant::fromValue(l));

    m_kind->setObjectName(QStringLiteral("filterKind"));
    m_kind->addItem(tr("Any kind"));
    m_kind->insertSeparator(m_kind->count());
    for (int k = 0; k < model::eventKindCount; ++k)
        m_kind->addItem(itemText(model::toString(model::EventKind(k))), QVariant::fromValue(k));

    m_source->setObjectName(QStringLiteral("filterSource"));
    m_source->addItem(tr("Any source"));
    // Source names can be long paths: the list shows them whole, the closed box a part.
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_source->setMinimumContentsLength(14);

    m_service->setObjectName(QStringLiteral("filterService"));
    m_service->setPlaceholderText(tr("Service"));
    m_service->setClearButtonEnabled(true);
    m_service->setMinimumWidth(70);
    m_service->setMaximumWidth(160);
    m_run->setObjectName(QStringLiteral("filterRun"));
    m_run->setPlaceholderText(tr("Run"));
    m_run->setClearButtonEnabled(true);
    m_run->setMinimumWidth(60);
    m_run->setMaximumWidth(120);

    for (auto [field, name, hint] : {std::tuple{m_from, "filterFrom", tr("From 14:00")},
             std::tuple{m_to, "filterTo", tr("To 16:30")}}) {
        field->setObjectName(QLatin1StringView(name));
        field->setPlaceholderText(hint);
        field->setClearButtonEnabled(true);
        field->setMinimumWidth(70);
        field->setMaximumWidth(150);
    }
    showRangeProblem();

    m_clear->setObjectName(QStringLiteral("filterClear"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Show everything again (Esc in the find field)"));
    m_clear->setAutoRaise(true);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 3);
    layout->addWidget(m_level);
    layout->addWidget(m_kind);
    layout->addWidget(m_source);
    layout->addWidget(m_service, 1);
    layout->addWidget(m_run, 1);
    layout->addWidget(m_from, 1);
    layout->addWidget(m_to, 1);
    layout->addWidget(m_clear);

    m_typing.setSingleShot(true);
    m_typing.setInterval(typingPauseMs);
    connect(&m_typing, &QTimer::timeout, this, &FilterBar::changeNow);
    for (QLineEdit* field : {m_text, m_service, m_run, m_from, m_to}) {
        connect(field, &QLineEdit::textEdited, this, &FilterBar::scheduleChange);
        connect(field, &QLineEdit::returnPressed, this, &FilterBar::changeNow);
    }
    for (QComboBox* choice : {m_level, m_kind, m_source})
        connect(choice, &QComboBox::currentIndexChanged, this, &FilterBar::changeNow);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);
    auto* escape = new QAction(this);
    escape->setShortcut(QKeySequence(Qt::Key_Escape));
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, this, &FilterBar::clear);
    addAction(escape);
}

store::EventQuery FilterBar::query() const
{
    store::EventQuery query;
    query.text = model::TextQuery::parse(m_text->text());
    if (const QVariant level = m_level->currentData(); level.isValid()) {
        const int value = level.toInt();
        query.levels = levelsFrom(model::Level(value & 0xff), (value & 0x100) != 0);
    }
    if (const QVariant kind = m_kind->currentData(); kind.isValid())
        query.kinds = {model::EventKind(kind.toInt())};
    if (m_source->currentIndex() > 0)
        query.sources = {m_source->currentText()};
    if (const QString service = m_service->text().trimmed(); !service.isEmpty())
        query.services = {service};
    if (const QString run = m_run->text().trimmed(); !run.isEmpty())
        query.runs = {run};
    // A time that does not read is left out (the field says why).
    if (const auto from = typedTime(m_from); from && *from)
        query.fromUs = **from;
    if (const auto to = typedTime(m_to); to && *to)
        query.toUs = **to;
    return query;
}

bool FilterBar::isEmpty() const
{
    const store::EventQuery q = query();
    return q.isWindowOnly() && !q.fromUs && !q.toUs;
}

std::optional<Result<qint64>> FilterBar::typedTime(const QLineEdit* field) const
{
    if (field->text().trimmed().isEmpty())
        return std::nullopt;
    return model::parseTypedTime(field->text(), m_zone, m_dayOfUs);
}

void FilterBar::setTimeContext(const QTimeZone& zone, std::optional<qint64> dayOfUs)
{
    const store::EventQuery before = query();
    m_zone = zone;
    m_dayOfUs = dayOfUs;
    showRangeProblem();
    const store::EventQuery after = query();
    if (before.fromUs != after.fromUs || before.toUs != after.toUs)
        Q_EMIT changed();
}

void FilterBar::showRangeProblem()
{
    const QString help = tr("A time in the zone shown: 14:05 on the incident's first day, or a date and time "
                            "(2026-06-18 14:05); events and entries outside are left out");
    for (QLineEdit* field : {m_from, m_to}) {
        const auto time = typedTime(field);
        const bool bad = time && !*time;
        field->setToolTip(bad ? time->error().message : help);
        field->setStyleSheet(bad ? QStringLiteral("color: #c01c28;") : QString());
    }
}

void FilterBar::setSources(const QStringList& names)
{
    const QString chosen = m_source->currentIndex() > 0 ? m_source->currentText() : QString();
    {
        const QSignalBlocker blocker(m_source);
        while (m_source->count() > 1)
            m_source->removeItem(1);
        m_source->addItems(names);
        const int again = chosen.isEmpty() ? -1 : m_source->findText(chosen);
        m_source->setCurrentIndex(std::max(0, again));
    }
    if (!chosen.isEmpty() && m_source->currentIndex() == 0)
        changeNow();
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::clear()
{
    const bool wasSet = !isEmpty();
    {
        const QSignalBlocker text(m_text), level(m_level), kind(m_kind), source(m_source), service(m_service),
            run(m_run), from(m_from), to(m_to);
        m_from->clear();
        m_to->clear();
        m_text->clear();
        m_level->setCurrentIndex(0);
        m_kind->setCurrentIndex(0);
        m_source->setCurrentIndex(0);
        m_service->clear();
        m_run->clear();
    }
    m_typing.stop();
    if (wasSet)
        Q_EMIT changed();
}

void FilterBar::scheduleChange() { m_typing.start(); }

void FilterBar::changeNow()
{
    m_typing.stop();
    showRangeProblem();
    Q_EMIT changed();
}

} // namespace aftermath::desktop
