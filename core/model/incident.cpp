#include "incident.h"

namespace aftermath::model {

QStringView toString(ActionItem::Status status)
{
    switch (status) {
    case ActionItem::Status::Open:
        return u"open";
    case ActionItem::Status::InProgress:
        return u"in_progress";
    case ActionItem::Status::Done:
        return u"done";
    case ActionItem::Status::WontDo:
        return u"wont_do";
    }
    return u"open";
}

QStringView toString(ActionItem::Type type)
{
    switch (type) {
    case ActionItem::Type::Prevent:
        return u"prevent";
    case ActionItem::Type::Mitigate:
        return u"mitigate";
    case ActionItem::Type::Detect:
        return u"detect";
    case ActionItem::Type::Process:
        return u"process";
    case ActionItem::Type::Spike:
        return u"spike";
    }
    return u"prevent";
}

std::optional<ActionItem::Status> actionStatusFromString(QStringView name)
{
    for (const auto status : {ActionItem::Status::Open, ActionItem::Status::InProgress, ActionItem::Status::Done,
             ActionItem::Status::WontDo}) {
        if (name == toString(status))
            return status;
    }
    return std::nullopt;
}

std::optional<ActionItem::Type> actionTypeFromString(QStringView name)
{
    for (const auto type : {ActionItem::Type::Prevent, ActionItem::Type::Mitigate, ActionItem::Type::Detect,
             ActionItem::Type::Process, ActionItem::Type::Spike}) {
        if (name == toString(type))
            return type;
    }
    return std::nullopt;
}

bool isIncidentStatus(QStringView status) { return status == u"draft" || status == u"in_review" || status == u"final"; }

const QStringList& customSectionAnchors()
{
    static const QStringList anchors = {QString(), QStringLiteral("date"), QStringLiteral("authors"),
        QStringLiteral("status"), QStringLiteral("summary"), QStringLiteral("description"), QStringLiteral("impact"),
        QStringLiteral("trigger"), QStringLiteral("detection"), QStringLiteral("resolution"),
        QStringLiteral("timeline"), QStringLiteral("root_causes"), QStringLiteral("contributing_factors"),
        QStringLiteral("lessons"), QStringLiteral("went_well"), QStringLiteral("went_wrong"),
        QStringLiteral("got_lucky"), QStringLiteral("action_items"), QStringLiteral("evidence")};
    return anchors;
}

} // namespace aftermath::model
