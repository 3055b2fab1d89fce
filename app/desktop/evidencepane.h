#pragma once

#include "model/event.h"
#include "model/timeformat.h"

#include <QHash>
#include <QTextBrowser>

#include <vector>

namespace aftermath::desktop {

// The events behind what is selected in the timeline view: for each, its time, level and kind,
// the source file and line (or JSON location) it was read from, and its whole message.
class EvidencePane : public QTextBrowser {
    Q_OBJECT

public:
    explicit EvidencePane(QWidget* parent = nullptr);

    // Shows `events` under `caption` (plain text). `cited` is how many events the selection
    // stands for, when more than were kept as evidence; `paths` maps source ids to their files.
    // `templateText`, when not empty, is the message template the events share ("<*>" where
    // they differ), shown above them.
    void showEvents(const QString& caption, const std::vector<model::StoredEvent>& events,
        const model::WindowTimeFormat& format, qint64 cited, const QHash<qint64, QString>& paths,
        const QString& templateText = {});
    // Shows a muted line instead of events.
    void showPlaceholder(const QString& text);

    // The events shown, in order.
    const std::vector<model::StoredEvent>& events() const { return m_events; }
    // The template shown above them, or empty.
    const QString& templateText() const { return m_template; }

private:
    std::vector<model::StoredEvent> m_events;
    QString m_template;
};

} // namespace aftermath::desktop
