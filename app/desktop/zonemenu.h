#pragma once

#include <QByteArray>
#include <QList>
#include <QMenu>
#include <QString>
#include <QStringList>

namespace aftermath::desktop {

// The zones most teams work in, offered besides UTC wherever the app asks for a zone.
QList<QByteArray> commonZones();
// Every zone this system knows, by IANA name: what a zone field completes and Other… lists.
QStringList knownZoneNames();

// A menu to choose a time zone from: a few special choices first (the system zone, ...), UTC, the
// common zones, the current choice when it is none of those, and Other… (any zone this system
// knows, typed or picked from the list). It is rebuilt each time it opens, with the current choice
// checked; zoneChosen() says what was picked.
class ZoneMenu : public QMenu {
    Q_OBJECT

public:
    // `pickerTitle` and `pickerLabel` are the Other… dialog's title and text.
    ZoneMenu(const QString& title, const QString& pickerTitle, const QString& pickerLabel, QWidget* parent = nullptr);

    // A choice listed before UTC; `key` is what zoneChosen() sends for it, never a zone's id.
    void addSpecialChoice(const QString& label, const QByteArray& key, const QString& toolTip = {});
    // What is chosen now: a special choice's key, or a zone's id. The Other… dialog starts from
    // this zone, or from the system zone for a special choice.
    void setCurrent(const QByteArray& key);
    QByteArray current() const { return m_current; }

Q_SIGNALS:
    // A special choice's key, or the id of a zone this system knows.
    void zoneChosen(const QByteArray& key);

private:
    struct Special {
        QString label;
        QByteArray key;
        QString toolTip;
    };
    void rebuild();
    void pickOther();

    QString m_pickerTitle;
    QString m_pickerLabel;
    QList<Special> m_specials;
    QByteArray m_current;
};

} // namespace aftermath::desktop
