#pragma once

#include "store/evidencestore.h"

#include <QTimeZone>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace aftermath::desktop {

// The one filter bar (Ctrl+F) of the Timeline and Events tabs: text (model::TextQuery: words,
// "phrases", -exclusions), level, kind, source, service, run and a time range (From, To). It says what to find; the tab it
// is on finds it. Typing is coalesced: changed() comes a moment after the last key, at once on
// Enter or when a list choice changes.
class FilterBar : public QWidget {
    Q_OBJECT

public:
    explicit FilterBar(QWidget* parent = nullptr);

    // The filter as a query without a window (the tab adds its own).
    store::EventQuery query() const;
    bool isEmpty() const;

    // How the From and To fields read a time: in `zone`, a time of day on the day `dayOfUs` falls on
    // (the incident's first day); none, and a time of day alone is refused. changed() follows when
    // the range it gives changes.
    void setTimeContext(const QTimeZone& zone, std::optional<qint64> dayOfUs);

    // The sources offered in the Source list (display names); keeps the choice when still there.
    void setSources(const QStringList& names);

    // Puts the cursor in the text field, its text selected.
    void focusText();
    // Back to no filter; changed() follows when anything was set.
    void clear();

    QLineEdit* textField() const { return m_text; }
    QComboBox* levelChoice() const { return m_level; }
    QComboBox* kindChoice() const { return m_kind; }
    QComboBox* sourceChoice() const { return m_source; }
    QLineEdit* serviceField() const { return m_service; }
    QLineEdit* runField() const { return m_run; }
    QLineEdit* fromField() const { return m_from; }
    QLineEdit* toField() const { return m_to; }

    // How long typing waits before changed().
    static constexpr int typingPauseMs = 250;

Q_SIGNALS:
    void changed();

private:
    void scheduleChange();
    void changeNow();
    // The From or To field's time: none when empty, else what it reads as, or why it does not.
    std::optional<Result<qint64>> typedTime(const QLineEdit* field) const;
    void showRangeProblem();

    QLineEdit* m_text;
    QComboBox* m_level;
    QComboBox* m_kind;
    QComboBox* m_source;
    QLineEdit* m_service;
    QLineEdit* m_run;
    QLineEdit* m_from;
    QLineEdit* m_to;
    QToolButton* m_clear;
    QTimeZone m_zone;
    std::optional<qint64> m_dayOfUs;
    QTimer m_typing;
};

} // namespace aftermath::desktop
