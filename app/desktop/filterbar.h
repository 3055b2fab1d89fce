#pragma once

#include "store/evidencestore.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace aftermath::desktop {

// The one filter bar (Ctrl+F) of the Timeline and Events tabs: text (model::TextQuery: words,
// "phrases", -exclusions), level, kind, source, service and run. It says what to find; the tab it
// is on finds it. Typing is coalesced: changed() comes a moment after the last key, at once on
// Enter or when a list choice changes.
class FilterBar : public QWidget {
    Q_OBJECT

public:
    explicit FilterBar(QWidget* parent = nullptr);

    // The filter as a query without a window (the tab adds its own).
    store::EventQuery query() const;
    bool isEmpty() const { return query().isWindowOnly(); }

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

    // How long typing waits before changed().
    static constexpr int typingPauseMs = 250;

Q_SIGNALS:
    void changed();

private:
    void scheduleChange();
    void changeNow();

    QLineEdit* m_text;
    QComboBox* m_level;
    QComboBox* m_kind;
    QComboBox* m_source;
    QLineEdit* m_service;
    QLineEdit* m_run;
    QToolButton* m_clear;
    QTimer m_typing;
};

} // namespace aftermath::desktop
