#include "zonemenu.h"

#include "showwarning.h"

#include <QActionGroup>
#include <QInputDialog>
#include <QTimeZone>

#include <algorithm>

namespace aftermath::desktop {

QList<QByteArray> commonZones()
{
    return {QByteArrayLiteral("Europe/London"), QByteArrayLiteral("Europe/Berlin"),
        QByteArrayLiteral("America/New_York"), QByteArrayLiteral("America/Chicago"),
        QByteArrayLiteral("America/Los_Angeles"), QByteArrayLiteral("Asia/Kolkata"), QByteArrayLiteral("Asia/Tokyo"),
        QByteArrayLiteral("Australia/Sydney")};
}

QStringList knownZoneNames()
{
    QStringList zones;
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds())
        zones << QString::fromUtf8(id);
    return zones;
}

ZoneMenu::ZoneMenu(const QString& title, const QString& pickerTitle, const QString& pickerLabel, QWidget* parent)
    : QMenu(title, parent), m_pickerTitle(pickerTitle), m_pickerLabel(pickerLabel)
{
    setToolTipsVisible(true);
    connect(this, &QMenu::aboutToShow, this, &ZoneMenu::rebuild);
    rebuild();
}

void ZoneMenu::addSpecialChoice(const QString& label, const QByteArray& key, const QString& toolTip)
{
    m_specials.append({label, key, toolTip});
    rebuild();
}

void ZoneMenu::setCurrent(const QByteArray& key)
{
    m_current = key;
    rebuild();
}

void ZoneMenu::rebuild()
{
    clear();
    auto* group = new QActionGroup(this);
    const auto add = [&](const QString& label, const QByteArray& key) {
        QAction* action = addAction(label);
        action->setCheckable(true);
        action->setChecked(key == m_current);
        action->setData(key);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, key] { Q_EMIT zoneChosen(key); });
        return action;
    };

    bool listed = false;
    for (const Special& special : std::as_const(m_specials)) {
        add(special.label, special.key)->setToolTip(special.toolTip);
        listed = listed || special.key == m_current;
    }
    add(tr("UTC"), QByteArrayLiteral("UTC"));
    addSeparator();
    listed = listed || m_current == "UTC";
    for (const QByteArray& id : commonZones()) {
        add(QString::fromUtf8(id), id);
        listed = listed || m_current == id;
    }
    if (!listed && !m_current.isEmpty())
        add(QString::fromUtf8(m_current), m_current);
    addSeparator();
    QAction* other = addAction(tr("&Other…"));
    connect(other, &QAction::triggered, this, &ZoneMenu::pickOther);
}

void ZoneMenu::pickOther()
{
    QWidget* window = parentWidget() ? parentWidget()->window() : nullptr;
    auto* dialog = new QInputDialog(window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(m_pickerTitle);
    dialog->setLabelText(m_pickerLabel);
    dialog->setComboBoxItems(knownZoneNames());
    dialog->setComboBoxEditable(true);
    const bool special
        = std::any_of(m_specials.begin(), m_specials.end(), [this](const Special& s) { return s.key == m_current; });
    dialog->setTextValue(QString::fromUtf8(special ? QTimeZone::systemTimeZoneId() : m_current));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, window](const QString& text) {
        const QTimeZone zone(text.trimmed().toUtf8());
        if (!zone.isValid()) {
            showWarning(window, tr("Unknown Time Zone"),
                tr("\"%1\" is not a time zone this system knows; use an IANA name such as Europe/Paris")
                    .arg(text.trimmed()));
            return;
        }
        Q_EMIT zoneChosen(zone.id());
    });
    dialog->open();
}

} // namespace aftermath::desktop
