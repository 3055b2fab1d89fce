#pragma once

#include <QString>

namespace aftermath::model {

// An incident under investigation: its window and the postmortem's fields.
struct Incident {
    qint64 id = 0;
    QString title;
    qint64 fromUs = 0; // the window, UTC microseconds, inclusive
    qint64 toUs = 0;
    QString displayZone; // IANA id the timeline is shown in
    QString severity;
    QString status = QStringLiteral("draft"); // draft | in_review | final
    QString summary;
    qint64 createdAtUs = 0;
    qint64 updatedAtUs = 0;

    bool operator==(const Incident&) const = default;
};

} // namespace aftermath::model
