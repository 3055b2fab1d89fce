// The postmortem store: incidents and their postmortems (curated timeline, root causes, action
// items). Cold paths, so QSqlQuery with bound values throughout; the same statements run on SQLite
// and PostgreSQL, with the few that differ chosen by the store's engine (docs/team-store.md).

#include "eventblock.h"
#include "storeimpl.h"

#include "model/timestamp.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <initializer_list>

namespace aftermath::store {

using model::ActionItem;
using model::ActionItemUpdate;
using model::CustomSection;
using model::Incident;
using model::IncidentUpdate;
using model::RootCause;
using model::TimelineEntry;
using Code = Error::Code;
using model::actionStatusFromString;
using model::actionTypeFromString;

namespace {

// One atomic write: its own transaction, or, inside a transaction already open on this connection
// (an evidence transaction, atomically(), or a write made of other writes), a savepoint that lands
// with it. Destroying it unfinished undoes what it wrote. Writers wait for each other: on SQLite
// BEGIN IMMEDIATE takes the file's write lock; on PostgreSQL every postmortem writer takes one
// advisory lock, which waits at most the store's busy timeout (lock_timeout) and then fails as
// Locked, as SQLite's does.
class WriteScope {
public:
    static Result<WriteScope> begin(StoreImpl* d)
    {
        if (d->readOnly)
            return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
        const bool nested = d->inTransaction;
        const bool server = d->engine == Engine::PostgreSql;
        if (auto begun = execOn(d, nested ? "SAVEPOINT aftermath_write" : server ? "BEGIN" : "BEGIN IMMEDIATE");
            !begun)
            return std::unexpected(begun.error());
        if (server && !nested) {
            // The savepoint is where a failed statement returns the transaction to (queryError), so
            // that the driver can free it before the rollback.
            auto locked = execOn(d, serverWriteLockSql().constData());
            if (locked)
                locked = execOn(d, "SAVEPOINT aftermath_write");
            if (!locked) {
                execOn(d, "ROLLBACK");
                return std::unexpected(locked.error());
            }
        }
        d->inTransaction = true;
        return WriteScope(d, nested);
    }
    WriteScope(WriteScope&& other) noexcept
        : d(other.d), m_nested(other.m_nested), m_open(std::exchange(other.m_open, false))
    {
    }
    WriteScope& operator=(WriteScope&&) = delete;
    ~WriteScope()
    {
        if (!m_open)
            return;
        if (m_nested) {
            execOn(d, "ROLLBACK TO aftermath_write");
            execOn(d, "RELEASE aftermath_write");
        } else {
            execOn(d, "ROLLBACK");
            d->inTransaction = false;
        }
    }

    Result<void> commit()
    {
        if (auto done = execOn(d, m_nested ? "RELEASE aftermath_write" : "COMMIT"); !done)
            return done; // still open: the destructor undoes it
        m_open = false;
        if (!m_nested)
            d->inTransaction = false;
        return {};
    }

private:
    WriteScope(StoreImpl* store, bool nested) : d(store), m_nested(nested) {}
    StoreImpl* d;
    bool m_nested;
    bool m_open = true;
};

// A read of several tables as one snapshot (unless a transaction is already open).
class ReadScope {
public:
    explicit ReadScope(StoreImpl* store) : d(store)
    {
        m_own = !d->inTransaction
            && execOn(d, d->engine == Engine::PostgreSql ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
    }
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;
    ~ReadScope()
    {
        if (m_own)
            execOn(d, "COMMIT");
    }

private:
    StoreImpl* d;
    bool m_own = false;
};

// An INSERT that adds one row and tells its id: SQLite's rowid, PostgreSQL's RETURNING id (QPSQL
// has no lastInsertId for tables without OIDs).
QString returningId(const StoreImpl* d, const QString& insert)
{
    return d->engine == Engine::PostgreSql ? insert + QStringLiteral(" RETURNING id") : insert;
}
qint64 insertedId(const StoreImpl* d, QSqlQuery& query)
{
    if (d->engine == Engine::Sqlite)
        return query.lastInsertId().toLongLong();
    return query.next() ? query.value(0).toLongLong() : 0;
}

// Prepares `sql` on a forward-only query, binds `values` in order and runs it.
Result<void> run(QSqlQuery& query, const StoreImpl* d, const QString& sql, std::initializer_list<QVariant> values = {})
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return std::unexpected(queryError(d, query.lastError()));
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    return {};
}

// Absent and empty text mean the same in these columns: both are stored as NULL.
QVariant nullIfEmpty(const QString& text) { return text.isEmpty() ? QVariant() : QVariant(text); }
// For NOT NULL text columns: a null QString binds as NULL.
QVariant notNull(const QString& text) { return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text); }

template <typename T>
QVariant nullIfAbsent(const std::optional<T>& value)
{
    return value ? QVariant(*value) : QVariant();
}

// ---- incidents --------------------------------------------------------------------------------

// The incident's text columns, with the model field and the update field each one holds.
struct IncidentText {
    QLatin1StringView column;
    QString Incident::*field;
    std::optional<QString> IncidentUpdate::*update;
    QLatin1StringView otherName = {}; // when conflicts (and templates) call it otherwise

    // As conflicts name it (FieldConflict::field): the template's name.
    QLatin1StringView name() const { return otherName.isEmpty() ? column : otherName; }
};

constexpr IncidentText incidentTexts[] = {
    {QLatin1StringView("display_zone"), &Incident::displayZone, &IncidentUpdate::displayZone},
    {QLatin1StringView("severity"), &Incident::severity, &IncidentUpdate::severity},
    {QLatin1StringView("summary"), &Incident::summary, &IncidentUpdate::summary},
    {QLatin1StringView("authors"), &Incident::authors, &IncidentUpdate::authors},
    {QLatin1StringView("description"), &Incident::description, &IncidentUpdate::description},
    {QLatin1StringView("impact"), &Incident::impact, &IncidentUpdate::impact},
    {QLatin1StringView("trigger_text"), &Incident::trigger, &IncidentUpdate::trigger, QLatin1StringView("trigger")},
    {QLatin1StringView("detection"), &Incident::detection, &IncidentUpdate::detection},
    {QLatin1StringView("resolution"), &Incident::resolution, &IncidentUpdate::resolution},
    {QLatin1StringView("contributing_factors"), &Incident::contributingFactors, &IncidentUpdate::contributingFactors},
    {QLatin1StringView("went_well"), &Incident::wentWell, &IncidentUpdate::wentWell},
    {QLatin1StringView("went_wrong"), &Incident::wentWrong, &IncidentUpdate::wentWrong},
    {QLatin1StringView("got_lucky"), &Incident::gotLucky, &IncidentUpdate::gotLucky},
};

// The columns before the text columns, in the order readIncident reads them.
constexpr int incidentTextStart = 11;

// The baseline's two columns: its ends, or NULLs when the timeline chooses it.
std::pair<QVariant, QVariant> baselineColumns(const Incident& incident)
{
    if (!incident.baseline)
        return {QVariant(QMetaType::fromType<qint64>()), QVariant(QMetaType::fromType<qint64>())};
    return {QVariant(incident.baseline->first), QVariant(incident.baseline->second)};
}

const QString& incidentSelect()
{
    static const QString sql = []() -> QString {
        QString columns
            = QStringLiteral("SELECT id, title, window_from_us, window_to_us, status, created_at_us, updated_at_us, "
                             "baseline_from_us, baseline_to_us, uid, row_version");
        for (const IncidentText& text : incidentTexts)
            columns += QStringLiteral(", ") + text.column;
        return columns + QStringLiteral(" FROM incidents");
    }();
    return sql;
}

Incident readIncident(const QSqlQuery& query)
{
    Incident i;
    i.id = query.value(0).toLongLong();
    i.title = query.value(1).toString();
    i.fromUs = query.value(2).toLongLong();
    i.toUs = query.value(3).toLongLong();
    i.status = query.value(4).toString();
    i.createdAtUs = query.value(5).toLongLong();
    i.updatedAtUs = query.value(6).toLongLong();
    if (!query.value(7).isNull() && !query.value(8).isNull())
        i.baseline = std::pair{query.value(7).toLongLong(), query.value(8).toLongLong()};
    i.uid = query.value(9).toString();
    i.rowVersion = query.value(10).toLongLong();
    int column = incidentTextStart;
    for (const IncidentText& text : incidentTexts)
        i.*text.field = query.value(column++).toString();
    return i;
}

Result<void> validate(const Incident& incident, const QString& path)
{
    if (incident.title.trimmed().isEmpty())
        return fail(Code::InvalidArgument, QStringLiteral("an incident needs a title"), path);
    if (!model::isIncidentStatus(incident.status))
        return fail(Code::InvalidArgument,
            QStringLiteral("an incident's status is draft, in_review or final, not \"%1\"").arg(incident.status), path);
    if (incident.fromUs > incident.toUs)
        return fail(Code::InvalidArgument,
            QStringLiteral("the incident's window would end (%1) before it starts (%2); give the earlier time first")
                .arg(model::formatUtc(incident.toUs), model::formatUtc(incident.fromUs)),
            path);
    if (const auto& baseline = incident.baseline) {
        if (baseline->first >= baseline->second)
            return fail(Code::InvalidArgument,
                QStringLiteral("the baseline would end (%1) before it starts (%2); give the earlier time first")
                    .arg(model::formatUtc(baseline->second), model::formatUtc(baseline->first)),
                path);
        if (baseline->second > incident.fromUs)
            return fail(Code::InvalidArgument,
                QStringLiteral("the baseline must end by the window's start (%1), not at %2: it is what the window "
                               "is compared with; move or clear it")
                    .arg(model::formatUtc(incident.fromUs), model::formatUtc(baseline->second)),
                path);
    }
    return {};
}

Result<void> requireIncident(const StoreImpl* d, qint64 id)
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QStringLiteral("SELECT 1 FROM incidents WHERE id = ?"), {id}); !done)
        return done;
    if (!query.next())
        return fail(Code::NotFound,
            QStringLiteral("there is no incident %1; `aftermath-cli incident list` shows them").arg(id), d->path);
    return {};
}

// The rows `sql` selects for one incident (its only parameter), once the incident is known to exist.
Result<QSqlQuery> incidentRows(const StoreImpl* d, qint64 incidentId, const QString& sql)
{
    if (auto exists = requireIncident(d, incidentId); !exists)
        return std::unexpected(exists.error());
    QSqlQuery query(d->database());
    if (auto done = run(query, d, sql, {incidentId}); !done)
        return std::unexpected(done.error());
    return query;
}

std::vector<qint64> sortedUnique(std::vector<qint64> ids)
{
    std::ranges::sort(ids);
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// ---- several people at once ------------------------------------------------------------------

// Values as a conflict shows them to the person deciding.
QString asText(const QString& text) { return text; }
QString asEnd(const std::optional<qint64>& us) { return us ? model::formatUtc(*us) : QString(); }
QString asEventIds(const std::vector<qint64>& ids)
{
    QStringList shown;
    for (qint64 id : ids)
        shown << QString::number(id);
    return shown.join(QStringLiteral(", "));
}
QString asTime(qint64 us) { return model::formatUtc(us); }
QString asBaseline(const std::optional<std::pair<qint64, qint64>>& baseline)
{
    return baseline ? model::formatUtc(baseline->first) + QStringLiteral(" – ") + model::formatUtc(baseline->second)
                    : QString();
}

// Decides, field by field, whether an update based on an older copy may write over what is stored
// (model::IncidentUpdate says how); collects the fields it may not.
class ConflictCheck {
public:
    // `basedOn` and `startedFrom` as the update gives them; `storedVersion` the row's version now.
    template <typename Record>
    ConflictCheck(std::optional<qint64> basedOn, const std::optional<Record>& startedFrom, qint64 storedVersion)
        : m_checked((basedOn || startedFrom) && !(basedOn && *basedOn == storedVersion)),
          m_byField(startedFrom.has_value())
    {
    }

    // A field the update sets: `theirs` stored, `start` the editor's copy (when it gave one),
    // `mine` what it would write; `show` turns a value into text for the person deciding.
    template <typename T, typename Show>
    void field(QLatin1StringView name, const T& theirs, const T* start, const T& mine, Show show)
    {
        if (!m_checked || theirs == mine)
            return;
        if (m_byField && start && theirs == *start)
            return; // nobody else changed it: merged
        m_conflicts.push_back({QString(name), show(theirs), show(mine)});
    }

    bool clean() const { return m_conflicts.empty(); }

    // The refusal: what, which fields, what to do.
    Error error(const QString& what, std::optional<qint64> basedOn, qint64 storedVersion, const QString& path)
    {
        QStringList names;
        for (const FieldConflict& conflict : m_conflicts)
            names << conflict.field;
        const QString since = basedOn ? QStringLiteral(" (it was at version %1, it is at %2 now)")
                                            .arg(*basedOn)
                                            .arg(storedVersion)
                                      : QString();
        Error refused(Code::Conflict,
            QStringLiteral("%1 was changed by someone else since it was read%2, and %3 would overwrite that: %4; "
                           "nothing was saved: read it again, then keep their value or write yours over it")
                .arg(what, since, names.size() == 1 ? QStringLiteral("this field") : QStringLiteral("these fields"),
                    names.join(QStringLiteral(", "))),
            path);
        refused.conflicts = std::move(m_conflicts);
        return refused;
    }

private:
    bool m_checked;
    bool m_byField;
    std::vector<FieldConflict> m_conflicts;
};

// A change to the root cause `stored` by an editor who read `startedFrom` there: refused when it
// reads otherwise now, unless it already reads `mine` (both made the same change).
Result<void> causeStillReads(
    const RootCause& stored, const std::optional<QString>& startedFrom, const QString& mine, const QString& path)
{
    if (!startedFrom || stored.text == *startedFrom || stored.text == mine)
        return {};
    Error refused(Code::Conflict,
        QStringLiteral("root cause %1 of incident %2 was changed by someone else since it was read (it reads \"%3\" "
                       "now); nothing was saved: read it again, then keep theirs or write yours over it")
            .arg(stored.position)
            .arg(stored.incidentId)
            .arg(stored.text),
        path);
    refused.conflicts.push_back({QStringLiteral("text"), stored.text, mine});
    return std::unexpected(refused);
}

// An edit of a timeline entry by an editor who read `startedFrom`: the fields it left as they were
// take what is `stored` now into `wanted`; one both changed, to different values, is a conflict.
// For a removal (`wanted` null) every field someone else changed is one.
Result<void> mergeEntryEdit(const TimelineEntry& stored, const std::optional<TimelineEntry>& startedFrom,
    TimelineEntry* wanted, const QString& path)
{
    if (!startedFrom)
        return {};
    TimelineEntry start = *startedFrom;
    start.eventIds = sortedUnique(std::move(start.eventIds));
    ConflictCheck check(std::optional<qint64>(), startedFrom, 0);
    const auto merge = [&](QLatin1StringView name, auto member, auto show) {
        using Value = std::remove_cvref_t<decltype(stored.*member)>;
        if (!wanted)
            check.field(name, stored.*member, static_cast<const Value*>(nullptr), start.*member, show);
        else if ((*wanted).*member == start.*member)
            (*wanted).*member = stored.*member;
        else
            check.field(name, stored.*member, &(start.*member), (*wanted).*member, show);
    };
    merge(QLatin1StringView("time"), &TimelineEntry::timeUs, asTime);
    merge(QLatin1StringView("end"), &TimelineEntry::endUs, asEnd);
    merge(QLatin1StringView("text"), &TimelineEntry::text, asText);
    merge(QLatin1StringView("note"), &TimelineEntry::note, asText);
    merge(QLatin1StringView("evidence"), &TimelineEntry::eventIds, asEventIds);
    if (check.clean())
        return {};
    return std::unexpected(check.error(QStringLiteral("timeline entry %1").arg(stored.id), {}, 0, path));
}

// A pointer to the field of an optional copy, or null without a copy.
template <typename Record, typename T>
const T* startOf(const std::optional<Record>& copy, T Record::*member)
{
    return copy ? &((*copy).*member) : nullptr;
}

// ---- root causes ------------------------------------------------------------------------------

// Numbers `causes` 1.. in their order, writing the positions that changed.
Result<void> renumber(const StoreImpl* d, std::vector<RootCause>& causes)
{
    QSqlQuery query(d->database());
    for (std::size_t i = 0; i < causes.size(); ++i) {
        const int position = int(i) + 1;
        if (causes[i].position == position)
            continue;
        if (auto done = run(
                query, d, QStringLiteral("UPDATE root_causes SET position = ? WHERE id = ?"), {position, causes[i].id});
            !done)
            return done;
        causes[i].position = position;
    }
    return {};
}

Error noRootCause(const StoreImpl* d, qint64 incidentId, int position, std::size_t count)
{
    return {Code::NotFound,
        QStringLiteral("incident %1 has no root cause %2; it has %3 (`aftermath-cli rootcause list %1` shows them)")
            .arg(incidentId)
            .arg(position)
            .arg(count),
        d->path};
}

// An incident's root causes, read to change the ones at `positions`, which must all exist.
Result<std::vector<RootCause>> causesHaving(
    const PostmortemStore& store, const StoreImpl* d, qint64 incidentId, std::initializer_list<int> positions)
{
    auto causes = store.rootCauses(incidentId);
    if (!causes)
        return causes;
    for (const int position : positions) {
        if (position < 1 || position > int(causes->size()))
            return std::unexpected(noRootCause(d, incidentId, position, causes->size()));
    }
    return causes;
}

// ---- action items -----------------------------------------------------------------------------

bool isClosed(ActionItem::Status status)
{
    return status == ActionItem::Status::Done || status == ActionItem::Status::WontDo;
}

constexpr const char* actionItemSelect
    = "SELECT id, incident_id, description, owner, due_date, status, priority, type, link, created_at_us, "
      "closed_at_us, row_version FROM action_items";

ActionItem readActionItem(const QSqlQuery& query)
{
    ActionItem a;
    a.id = query.value(0).toLongLong();
    a.incidentId = query.value(1).toLongLong();
    a.description = query.value(2).toString();
    a.owner = query.value(3).toString();
    if (const QDate due = QDate::fromString(query.value(4).toString(), Qt::ISODate); due.isValid())
        a.due = due;
    a.status = actionStatusFromString(query.value(5).toString()).value_or(ActionItem::Status::Open);
    a.priority = query.value(6).toString();
    a.type = actionTypeFromString(query.value(7).toString());
    a.link = query.value(8).toString();
    a.createdAtUs = query.value(9).toLongLong();
    if (!query.value(10).isNull())
        a.closedAtUs = query.value(10).toLongLong();
    a.rowVersion = query.value(11).toLongLong();
    return a;
}

Result<void> validate(const ActionItem& item, const QString& path)
{
    if (item.description.trimmed().isEmpty())
        return fail(Code::InvalidArgument, QStringLiteral("an action item needs a description"), path);
    if (item.due && !item.due->isValid())
        return fail(Code::InvalidArgument, QStringLiteral("an action item's due date must be a real day"), path);
    return {};
}

QVariant dueValue(const std::optional<QDate>& due) { return due ? QVariant(due->toString(Qt::ISODate)) : QVariant(); }

QVariant typeValue(const std::optional<ActionItem::Type>& type)
{
    return type ? QVariant(toString(*type).toString()) : QVariant();
}

// ---- timeline entries -------------------------------------------------------------------------

constexpr const char* entrySelect
    = "SELECT id, incident_id, ts_us, end_us, text, note, origin, edited FROM timeline_entries";

TimelineEntry readEntry(const QSqlQuery& query)
{
    TimelineEntry e;
    e.id = query.value(0).toLongLong();
    e.incidentId = query.value(1).toLongLong();
    e.timeUs = query.value(2).toLongLong();
    if (!query.value(3).isNull())
        e.endUs = query.value(3).toLongLong();
    e.text = query.value(4).toString();
    e.note = query.value(5).toString();
    e.origin = query.value(6).toString() == u"draft" ? TimelineEntry::Origin::Draft : TimelineEntry::Origin::User;
    e.edited = query.value(7).toLongLong() != 0;
    return e;
}

QString originName(TimelineEntry::Origin origin)
{
    return origin == TimelineEntry::Origin::Draft ? QStringLiteral("draft") : QStringLiteral("user");
}

Result<void> validate(const TimelineEntry& entry, const QString& path)
{
    if (entry.text.trimmed().isEmpty())
        return fail(Code::InvalidArgument, QStringLiteral("a timeline entry needs some text"), path);
    if (entry.endUs && *entry.endUs < entry.timeUs)
        return fail(Code::InvalidArgument,
            QStringLiteral("a timeline entry cannot end (%1) before it starts (%2)")
                .arg(model::formatUtc(*entry.endUs), model::formatUtc(entry.timeUs)),
            path);
    return {};
}

// Replaces the events an entry cites; each must be in the store.
Result<void> writeCitations(const StoreImpl* d, qint64 entryId, const std::vector<qint64>& eventIds)
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QStringLiteral("DELETE FROM timeline_entry_events WHERE entry_id = ?"), {entryId});
        !done)
        return done;
    for (const qint64 eventId : eventIds) {
        if (auto done = run(query, d, QStringLiteral("SELECT 1 FROM event_blocks WHERE id = ? AND count > ?"),
                {blocks::blockIdOf(eventId), blocks::indexOf(eventId)});
            !done)
            return done;
        if (!query.next())
            return fail(Code::NotFound,
                QStringLiteral("a timeline entry cites event %1, which is not in the store; cite events that "
                               "`aftermath-cli events` lists")
                    .arg(eventId),
                d->path);
        if (auto done
            = run(query, d, QStringLiteral("INSERT INTO timeline_entry_events (entry_id, event_id) VALUES (?, ?)"),
                {entryId, eventId});
            !done)
            return done;
    }
    return {};
}

Result<TimelineEntry> readEntryById(const StoreImpl* d, qint64 entryId)
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QLatin1StringView(entrySelect) + QStringLiteral(" WHERE id = ?"), {entryId}); !done)
        return std::unexpected(done.error());
    if (!query.next())
        return fail(Code::NotFound, QStringLiteral("there is no timeline entry %1").arg(entryId), d->path);
    TimelineEntry entry = readEntry(query);
    if (auto done = run(query, d,
            QStringLiteral("SELECT event_id FROM timeline_entry_events WHERE entry_id = ? ORDER BY event_id"),
            {entryId});
        !done)
        return std::unexpected(done.error());
    while (query.next())
        entry.eventIds.push_back(query.value(0).toLongLong());
    return entry;
}

} // namespace

Result<void> SqlPostmortemStore::atomically(const std::function<Result<void>()>& work)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (auto done = work(); !done)
        return done; // the scope undoes what it wrote
    return scope->commit();
}

// ---- incidents --------------------------------------------------------------------------------

Result<Incident> SqlPostmortemStore::createIncident(Incident incident)
{
    if (d->readOnly)
        return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
    if (auto valid = validate(incident, d->path); !valid)
        return std::unexpected(valid.error());
    incident.createdAtUs = incident.updatedAtUs = d->clock->nowUtcUs();
    if (incident.uid.isEmpty()) {
        incident.uid = QUuid::createUuid().toString(QUuid::Id128);
    } else {
        // A copy of an incident from another store (push, pull) keeps its uid; it is there once.
        QSqlQuery query(d->database());
        if (auto done = run(query, d, QStringLiteral("SELECT id FROM incidents WHERE uid = ?"), {incident.uid}); !done)
            return std::unexpected(done.error());
        if (query.next())
            return fail(Code::InvalidArgument,
                QStringLiteral("incident %1 of this store is already a copy of this incident (uid %2); change that "
                               "one, or clear the uid to make a new incident")
                    .arg(query.value(0).toLongLong())
                    .arg(incident.uid),
                d->path);
    }
    incident.rowVersion = 1;
    QString columns
        = QStringLiteral("INSERT INTO incidents (title, window_from_us, window_to_us, status, created_at_us, "
                         "updated_at_us, baseline_from_us, baseline_to_us, uid");
    QString placeholders = QStringLiteral("?, ?, ?, ?, ?, ?, ?, ?, ?");
    for (const IncidentText& text : incidentTexts) {
        columns += QStringLiteral(", ") + text.column;
        placeholders += QStringLiteral(", ?");
    }
    const auto [baselineFrom, baselineTo] = baselineColumns(incident);
    QSqlQuery query(d->database());
    query.prepare(returningId(d, columns + QStringLiteral(") VALUES (") + placeholders + u')'));
    for (const QVariant& value : {QVariant(incident.title), QVariant(incident.fromUs), QVariant(incident.toUs),
             QVariant(incident.status), QVariant(incident.createdAtUs), QVariant(incident.updatedAtUs),
             baselineFrom, baselineTo, QVariant(incident.uid)})
        query.addBindValue(value);
    for (const IncidentText& text : incidentTexts)
        query.addBindValue(nullIfEmpty(incident.*text.field));
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    incident.id = insertedId(d, query);
    return incident;
}

Result<std::vector<Incident>> SqlPostmortemStore::incidents() const
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, incidentSelect() + QStringLiteral(" ORDER BY window_from_us, id")); !done)
        return std::unexpected(done.error());
    std::vector<Incident> result;
    while (query.next())
        result.push_back(readIncident(query));
    return result;
}

Result<Incident> SqlPostmortemStore::incident(qint64 id) const
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, incidentSelect() + QStringLiteral(" WHERE id = ?"), {id}); !done)
        return std::unexpected(done.error());
    if (!query.next())
        return fail(Code::NotFound,
            QStringLiteral("there is no incident %1; `aftermath-cli incident list` shows them").arg(id), d->path);
    return readIncident(query);
}

Result<Incident> SqlPostmortemStore::updateIncident(qint64 id, const IncidentUpdate& update, Writer writer)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto current = incident(id);
    if (!current)
        return std::unexpected(current.error());
    // Checked against the row as it is now, inside the write: no other writer gets between.
    ConflictCheck check(update.basedOn, update.startedFrom, current->rowVersion);
    const auto& start = update.startedFrom;
    if (update.title)
        check.field(QLatin1StringView("title"), current->title, startOf(start, &Incident::title), *update.title, asText);
    if (update.fromUs)
        check.field(QLatin1StringView("from"), current->fromUs, startOf(start, &Incident::fromUs), *update.fromUs, asTime);
    if (update.toUs)
        check.field(QLatin1StringView("to"), current->toUs, startOf(start, &Incident::toUs), *update.toUs, asTime);
    if (update.status)
        check.field(QLatin1StringView("status"), current->status, startOf(start, &Incident::status), *update.status,
            asText);
    if (update.baseline)
        check.field(QLatin1StringView("baseline"), current->baseline, startOf(start, &Incident::baseline),
            *update.baseline, asBaseline);
    for (const IncidentText& text : incidentTexts) {
        if (update.*text.update)
            check.field(text.name(), (*current).*text.field, startOf(start, text.field), *(update.*text.update), asText);
    }
    if (!check.clean())
        return std::unexpected(
            check.error(QStringLiteral("incident %1").arg(id), update.basedOn, current->rowVersion, d->path));
    Incident changed = *current;
    if (update.title)
        changed.title = *update.title;
    if (update.fromUs)
        changed.fromUs = *update.fromUs;
    if (update.toUs)
        changed.toUs = *update.toUs;
    if (update.status)
        changed.status = *update.status;
    if (update.baseline)
        changed.baseline = *update.baseline;
    for (const IncidentText& text : incidentTexts) {
        if (update.*text.update)
            changed.*text.field = *(update.*text.update);
    }
    if (auto valid = validate(changed, d->path); !valid)
        return std::unexpected(valid.error());
    changed.updatedAtUs = d->clock->nowUtcUs();
    ++changed.rowVersion;
    {
        QString sql = QStringLiteral(
            "UPDATE incidents SET title = ?, window_from_us = ?, window_to_us = ?, status = ?, updated_at_us = ?, "
            "baseline_from_us = ?, baseline_to_us = ?, row_version = row_version + 1");
        for (const IncidentText& text : incidentTexts)
            sql += QStringLiteral(", ") + text.column + QStringLiteral(" = ?");
        const auto [baselineFrom, baselineTo] = baselineColumns(changed);
        QSqlQuery query(d->database());
        query.prepare(sql + QStringLiteral(" WHERE id = ?"));
        for (const QVariant& value : {QVariant(changed.title), QVariant(changed.fromUs), QVariant(changed.toUs),
                 QVariant(changed.status), QVariant(changed.updatedAtUs),
                 baselineFrom, baselineTo})
            query.addBindValue(value);
        for (const IncidentText& text : incidentTexts)
            query.addBindValue(nullIfEmpty(changed.*text.field));
        query.addBindValue(id);
        if (!query.exec())
            return std::unexpected(queryError(d, query.lastError()));
        if (writer == Writer::Draft) {
            for (const IncidentText& text : incidentTexts) {
                if (!(update.*text.update))
                    continue;
                if (auto done = run(query, d,
                        QStringLiteral("INSERT INTO drafted_fields (incident_id, field, text) VALUES (?, ?, ?) "
                                       "ON CONFLICT (incident_id, field) DO UPDATE SET text = excluded.text"),
                        {id, QString(text.column), *(update.*text.update)});
                    !done)
                    return std::unexpected(done.error());
            }
        }
    }
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return changed;
}

Result<IncidentUpdate> SqlPostmortemStore::draftedFields(qint64 incidentId) const
{
    auto rows
        = incidentRows(d, incidentId, QStringLiteral("SELECT field, text FROM drafted_fields WHERE incident_id = ?"));
    if (!rows)
        return std::unexpected(rows.error());
    QSqlQuery& query = *rows;
    IncidentUpdate drafted;
    while (query.next()) {
        const QString field = query.value(0).toString();
        for (const IncidentText& text : incidentTexts) {
            if (field == text.column)
                drafted.*text.update = query.value(1).toString();
        }
    }
    return drafted;
}

Result<void> SqlPostmortemStore::recordDraft(
    qint64 incidentId, const IncidentUpdate& drafted, const std::vector<qint64>& dismissedEvents)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (auto exists = requireIncident(d, incidentId); !exists)
        return exists;
    QSqlQuery query(d->database());
    for (const char* table : {"drafted_fields", "dismissed_draft_events"}) {
        if (auto done = run(query, d,
                QStringLiteral("DELETE FROM %1 WHERE incident_id = ?").arg(QLatin1StringView(table)), {incidentId});
            !done)
            return done;
    }
    for (const IncidentText& text : incidentTexts) {
        if (!(drafted.*text.update))
            continue;
        if (auto done = run(query, d,
                QStringLiteral("INSERT INTO drafted_fields (incident_id, field, text) VALUES (?, ?, ?)"),
                {incidentId, QString(text.column), *(drafted.*text.update)});
            !done)
            return done;
    }
    for (qint64 eventId : dismissedEvents) {
        if (auto done = run(query, d,
                QStringLiteral("INSERT INTO dismissed_draft_events (incident_id, event_id) VALUES (?, ?) "
                               "ON CONFLICT DO NOTHING"),
                {incidentId, eventId});
            !done)
            return done;
    }
    return scope->commit();
}

// ---- the whole postmortem ---------------------------------------------------------------------

Result<model::Postmortem> SqlPostmortemStore::postmortem(qint64 id) const
{
    const ReadScope snapshot(d);
    model::Postmortem result;
    auto incident = this->incident(id);
    if (!incident)
        return std::unexpected(incident.error());
    result.incident = std::move(*incident);
    auto timeline = timelineEntries(id);
    if (!timeline)
        return std::unexpected(timeline.error());
    result.timeline = std::move(*timeline);
    auto causes = rootCauses(id);
    if (!causes)
        return std::unexpected(causes.error());
    result.rootCauses = std::move(*causes);
    auto actions = actionItems({.incidentId = id});
    if (!actions)
        return std::unexpected(actions.error());
    result.actionItems = std::move(*actions);
    auto sections = customSections(id);
    if (!sections)
        return std::unexpected(sections.error());
    result.customSections = std::move(*sections);
    return result;
}

Result<qint64> SqlPostmortemStore::createPostmortem(const model::Postmortem& postmortem)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    const auto created = createIncident(postmortem.incident);
    if (!created)
        return std::unexpected(created.error());
    const qint64 id = created->id;
    for (TimelineEntry entry : postmortem.timeline) {
        entry.id = 0;
        entry.incidentId = id;
        if (auto added = addTimelineEntry(std::move(entry)); !added)
            return std::unexpected(added.error());
    }
    std::vector<RootCause> causes = postmortem.rootCauses;
    std::ranges::stable_sort(causes, {}, &RootCause::position);
    for (const RootCause& cause : causes) {
        if (auto added = addRootCause(id, cause.text, std::nullopt); !added)
            return std::unexpected(added.error());
    }
    for (ActionItem item : postmortem.actionItems) {
        item.id = 0;
        item.incidentId = id;
        if (auto added = addActionItem(std::move(item)); !added)
            return std::unexpected(added.error());
    }
    std::vector<CustomSection> sections = postmortem.customSections;
    std::ranges::stable_sort(sections, {}, &CustomSection::position);
    QSqlQuery query(d->database());
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const CustomSection& section = sections[i];
        if (!model::customSectionAnchors().contains(section.after))
            return fail(Code::InvalidArgument,
                QStringLiteral("section \"%1\" follows \"%2\", which is not a field of a postmortem")
                    .arg(section.heading, section.after),
                d->path);
        if (auto done = run(query, d,
                QStringLiteral("INSERT INTO custom_sections (incident_id, position, after_field, heading, markdown, "
                               "from_evidence) VALUES (?, ?, ?, ?, ?, ?)"),
                {id, int(i) + 1, notNull(section.after), notNull(section.heading), notNull(section.markdown),
                    int(section.fromEvidence)});
            !done)
            return std::unexpected(done.error());
    }
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return id;
}

Result<std::vector<CustomSection>> SqlPostmortemStore::customSections(qint64 incidentId) const
{
    auto rows = incidentRows(d, incidentId,
        QStringLiteral("SELECT id, incident_id, after_field, heading, markdown, from_evidence FROM custom_sections "
                       "WHERE incident_id = ? ORDER BY position, id"));
    if (!rows)
        return std::unexpected(rows.error());
    QSqlQuery& query = *rows;
    std::vector<CustomSection> result;
    while (query.next()) {
        CustomSection section;
        section.id = query.value(0).toLongLong();
        section.incidentId = query.value(1).toLongLong();
        section.position = int(result.size()) + 1;
        section.after = query.value(2).toString();
        section.heading = query.value(3).toString();
        section.markdown = query.value(4).toString();
        section.fromEvidence = query.value(5).toBool();
        result.push_back(std::move(section));
    }
    return result;
}

// ---- root causes ------------------------------------------------------------------------------

Result<std::vector<RootCause>> SqlPostmortemStore::rootCauses(qint64 incidentId) const
{
    auto rows = incidentRows(d, incidentId,
        QStringLiteral("SELECT id, incident_id, text FROM root_causes WHERE incident_id = ? ORDER BY position, id"));
    if (!rows)
        return std::unexpected(rows.error());
    QSqlQuery& query = *rows;
    std::vector<RootCause> result;
    while (query.next()) {
        // Numbered by their order, whatever gaps another writer left in the stored positions.
        result.push_back({query.value(0).toLongLong(), query.value(1).toLongLong(), int(result.size()) + 1,
            query.value(2).toString()});
    }
    return result;
}

Result<RootCause> SqlPostmortemStore::addRootCause(
    qint64 incidentId, const QString& text, std::optional<int> position)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (text.trimmed().isEmpty())
        return fail(Code::InvalidArgument, QStringLiteral("a root cause needs some text"), d->path);
    auto causes = rootCauses(incidentId);
    if (!causes)
        return std::unexpected(causes.error());
    const int count = int(causes->size());
    const int at = position.value_or(count + 1);
    if (at < 1 || at > count + 1)
        return fail(Code::InvalidArgument,
            QStringLiteral("position %1 is out of range: incident %2 has %3 root causes, so give 1 to %4")
                .arg(at)
                .arg(incidentId)
                .arg(count)
                .arg(count + 1),
            d->path);
    RootCause cause{0, incidentId, count + 1, text};
    {
        QSqlQuery query(d->database());
        if (auto done
            = run(query, d,
                returningId(d, QStringLiteral("INSERT INTO root_causes (incident_id, position, text) VALUES (?, ?, ?)")),
                {incidentId, cause.position, text});
            !done)
            return std::unexpected(done.error());
        cause.id = insertedId(d, query);
    }
    causes->insert(causes->begin() + (at - 1), cause);
    if (auto done = renumber(d, *causes); !done)
        return std::unexpected(done.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return (*causes)[std::size_t(at - 1)];
}

Result<RootCause> SqlPostmortemStore::rewordRootCause(
    qint64 incidentId, int position, const QString& text, const std::optional<QString>& startedFrom)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (text.trimmed().isEmpty())
        return fail(Code::InvalidArgument, QStringLiteral("a root cause needs some text"), d->path);
    auto causes = causesHaving(*this, d, incidentId, {position});
    if (!causes)
        return std::unexpected(causes.error());
    RootCause cause = (*causes)[std::size_t(position - 1)];
    if (auto same = causeStillReads(cause, startedFrom, text, d->path); !same)
        return std::unexpected(same.error());
    cause.text = text;
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QStringLiteral("UPDATE root_causes SET text = ? WHERE id = ?"), {text, cause.id});
        !done)
        return std::unexpected(done.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return cause;
}

Result<RootCause> SqlPostmortemStore::removeRootCause(
    qint64 incidentId, int position, const std::optional<QString>& startedFrom)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto causes = causesHaving(*this, d, incidentId, {position});
    if (!causes)
        return std::unexpected(causes.error());
    const RootCause removed = (*causes)[std::size_t(position - 1)];
    if (auto same = causeStillReads(removed, startedFrom, startedFrom.value_or(QString()), d->path); !same)
        return std::unexpected(same.error());
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d, QStringLiteral("DELETE FROM root_causes WHERE id = ?"), {removed.id}); !done)
            return std::unexpected(done.error());
    }
    causes->erase(causes->begin() + (position - 1));
    if (auto done = renumber(d, *causes); !done)
        return std::unexpected(done.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return removed;
}

Result<void> SqlPostmortemStore::moveRootCause(
    qint64 incidentId, int from, int to, const std::optional<QString>& startedFrom)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto causes = causesHaving(*this, d, incidentId, {from, to});
    if (!causes)
        return std::unexpected(causes.error());
    auto& list = *causes;
    if (auto same = causeStillReads(list[std::size_t(from - 1)], startedFrom, startedFrom.value_or(QString()), d->path);
        !same)
        return same;
    if (from < to)
        std::rotate(list.begin() + (from - 1), list.begin() + from, list.begin() + to);
    else
        std::rotate(list.begin() + (to - 1), list.begin() + (from - 1), list.begin() + from);
    if (auto done = renumber(d, list); !done)
        return done;
    return scope->commit();
}

// ---- action items -----------------------------------------------------------------------------

Result<ActionItem> SqlPostmortemStore::addActionItem(ActionItem item)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (auto exists = requireIncident(d, item.incidentId); !exists)
        return std::unexpected(exists.error());
    if (auto valid = validate(item, d->path); !valid)
        return std::unexpected(valid.error());
    const qint64 now = d->clock->nowUtcUs();
    if (item.createdAtUs == 0)
        item.createdAtUs = now;
    if (isClosed(item.status))
        item.closedAtUs = item.closedAtUs.value_or(now);
    else
        item.closedAtUs.reset();
    item.rowVersion = 1;
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d,
                returningId(d,
                    QStringLiteral("INSERT INTO action_items (incident_id, description, owner, due_date, status, "
                                   "priority, type, link, created_at_us, closed_at_us) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
                {item.incidentId, item.description, nullIfEmpty(item.owner), dueValue(item.due),
                    toString(item.status).toString(), nullIfEmpty(item.priority), typeValue(item.type),
                    nullIfEmpty(item.link), item.createdAtUs, nullIfAbsent(item.closedAtUs)});
            !done)
            return std::unexpected(done.error());
        item.id = insertedId(d, query);
    }
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return item;
}

Result<ActionItem> SqlPostmortemStore::actionItem(qint64 id) const
{
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QLatin1StringView(actionItemSelect) + QStringLiteral(" WHERE id = ?"), {id}); !done)
        return std::unexpected(done.error());
    if (!query.next())
        return fail(Code::NotFound,
            QStringLiteral("there is no action item %1; `aftermath-cli action list` shows them").arg(id), d->path);
    return readActionItem(query);
}

Result<ActionItem> SqlPostmortemStore::updateActionItem(qint64 id, const ActionItemUpdate& update)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto current = actionItem(id);
    if (!current)
        return std::unexpected(current.error());
    ConflictCheck check(update.basedOn, update.startedFrom, current->rowVersion);
    const auto& start = update.startedFrom;
    if (update.description)
        check.field(QLatin1StringView("description"), current->description, startOf(start, &ActionItem::description),
            *update.description, asText);
    if (update.owner)
        check.field(QLatin1StringView("owner"), current->owner, startOf(start, &ActionItem::owner), *update.owner,
            asText);
    if (update.due)
        check.field(QLatin1StringView("due"), current->due, startOf(start, &ActionItem::due), *update.due,
            [](const std::optional<QDate>& due) { return due ? due->toString(Qt::ISODate) : QString(); });
    if (update.status)
        check.field(QLatin1StringView("status"), current->status, startOf(start, &ActionItem::status), *update.status,
            [](ActionItem::Status status) { return toString(status).toString(); });
    if (update.priority)
        check.field(QLatin1StringView("priority"), current->priority, startOf(start, &ActionItem::priority),
            *update.priority, asText);
    if (update.type)
        check.field(QLatin1StringView("type"), current->type, startOf(start, &ActionItem::type), *update.type,
            [](const std::optional<ActionItem::Type>& type) { return type ? toString(*type).toString() : QString(); });
    if (update.link)
        check.field(QLatin1StringView("link"), current->link, startOf(start, &ActionItem::link), *update.link, asText);
    if (!check.clean())
        return std::unexpected(
            check.error(QStringLiteral("action item %1").arg(id), update.basedOn, current->rowVersion, d->path));
    ActionItem item = *current;
    if (update.description)
        item.description = *update.description;
    if (update.owner)
        item.owner = *update.owner;
    if (update.due)
        item.due = *update.due;
    if (update.status)
        item.status = *update.status;
    if (update.priority)
        item.priority = *update.priority;
    if (update.type)
        item.type = *update.type;
    if (update.link)
        item.link = *update.link;
    if (auto valid = validate(item, d->path); !valid)
        return std::unexpected(valid.error());
    // Closed once, when it becomes done or won't do; done then won't do keeps the first close.
    if (isClosed(item.status) && !isClosed(current->status))
        item.closedAtUs = d->clock->nowUtcUs();
    else if (!isClosed(item.status))
        item.closedAtUs.reset();
    ++item.rowVersion;
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d,
                QStringLiteral("UPDATE action_items SET description = ?, owner = ?, due_date = ?, status = ?, "
                               "priority = ?, type = ?, link = ?, closed_at_us = ?, row_version = row_version + 1 "
                               "WHERE id = ?"),
                {item.description, nullIfEmpty(item.owner), dueValue(item.due), toString(item.status).toString(),
                    nullIfEmpty(item.priority), typeValue(item.type), nullIfEmpty(item.link),
                    nullIfAbsent(item.closedAtUs), id});
            !done)
            return std::unexpected(done.error());
    }
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return item;
}

Result<std::vector<ActionItem>> SqlPostmortemStore::actionItems(const ActionItemFilter& filter) const
{
    if (filter.incidentId) {
        if (auto exists = requireIncident(d, *filter.incidentId); !exists)
            return std::unexpected(exists.error());
    }
    QStringList conditions;
    QVariantList values;
    if (filter.incidentId) {
        conditions << QStringLiteral("incident_id = ?");
        values << *filter.incidentId;
    }
    if (filter.owner) {
        // ASCII case only, as SQLite's NOCASE: PostgreSQL's lower() under the "C" collation.
        conditions << (d->engine == Engine::Sqlite ? QStringLiteral("owner = ? COLLATE NOCASE")
                                                   : QStringLiteral("lower(owner COLLATE \"C\") = lower(? COLLATE \"C\")"));
        values << *filter.owner;
    }
    if (filter.status) {
        conditions << QStringLiteral("status = ?");
        values << toString(*filter.status).toString();
    }
    if (filter.unfinished)
        conditions << QStringLiteral("status IN ('open', 'in_progress')");
    QString sql = QLatin1StringView(actionItemSelect);
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    if (!query.prepare(sql + QStringLiteral(" ORDER BY id")))
        return std::unexpected(queryError(d, query.lastError()));
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    std::vector<ActionItem> result;
    while (query.next()) {
        ActionItem item = readActionItem(query);
        // Overdue is the model's rule (ActionItem::isOverdue), not a second one in SQL.
        if (!filter.overdueOn || item.isOverdue(*filter.overdueOn))
            result.push_back(std::move(item));
    }
    return result;
}

// ---- timeline entries -------------------------------------------------------------------------

Result<std::vector<TimelineEntry>> SqlPostmortemStore::timelineEntries(qint64 incidentId) const
{
    auto rows = incidentRows(
        d, incidentId, QLatin1StringView(entrySelect) + QStringLiteral(" WHERE incident_id = ? ORDER BY ts_us, id"));
    if (!rows)
        return std::unexpected(rows.error());
    QSqlQuery& query = *rows;
    std::vector<TimelineEntry> result;
    QHash<qint64, std::size_t> indexOf;
    while (query.next()) {
        indexOf.insert(query.value(0).toLongLong(), result.size());
        result.push_back(readEntry(query));
    }
    if (auto done = run(query, d,
            QStringLiteral("SELECT c.entry_id, c.event_id FROM timeline_entry_events c JOIN timeline_entries t ON "
                           "t.id = c.entry_id WHERE t.incident_id = ? ORDER BY c.entry_id, c.event_id"),
            {incidentId});
        !done)
        return std::unexpected(done.error());
    while (query.next()) {
        if (const auto found = indexOf.constFind(query.value(0).toLongLong()); found != indexOf.constEnd())
            result[*found].eventIds.push_back(query.value(1).toLongLong());
    }
    return result;
}

Result<TimelineEntry> SqlPostmortemStore::addTimelineEntry(TimelineEntry entry)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (auto exists = requireIncident(d, entry.incidentId); !exists)
        return std::unexpected(exists.error());
    if (auto valid = validate(entry, d->path); !valid)
        return std::unexpected(valid.error());
    entry.eventIds = sortedUnique(std::move(entry.eventIds));
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d,
                returningId(d,
                    QStringLiteral("INSERT INTO timeline_entries (incident_id, ts_us, end_us, text, note, origin, "
                                   "edited) VALUES (?, ?, ?, ?, ?, ?, ?)")),
                {entry.incidentId, entry.timeUs, nullIfAbsent(entry.endUs), entry.text, nullIfEmpty(entry.note),
                    originName(entry.origin), entry.edited ? 1 : 0});
            !done)
            return std::unexpected(done.error());
        entry.id = insertedId(d, query);
    }
    if (auto cited = writeCitations(d, entry.id, entry.eventIds); !cited)
        return std::unexpected(cited.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return entry;
}

Result<TimelineEntry> SqlPostmortemStore::updateTimelineEntry(
    const TimelineEntry& entry, const std::optional<TimelineEntry>& startedFrom)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto existing = readEntryById(d, entry.id);
    if (!existing)
        return std::unexpected(existing.error());
    TimelineEntry changed = entry;
    changed.eventIds = sortedUnique(entry.eventIds);
    if (auto merged = mergeEntryEdit(*existing, startedFrom, &changed, d->path); !merged)
        return std::unexpected(merged.error());
    if (auto valid = validate(changed, d->path); !valid)
        return std::unexpected(valid.error());
    changed.incidentId = existing->incidentId;
    changed.origin = existing->origin;
    changed.edited = existing->origin == TimelineEntry::Origin::Draft || existing->edited;
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d,
                QStringLiteral(
                    "UPDATE timeline_entries SET ts_us = ?, end_us = ?, text = ?, note = ?, edited = ? WHERE id = ?"),
                {changed.timeUs, nullIfAbsent(changed.endUs), changed.text, nullIfEmpty(changed.note),
                    changed.edited ? 1 : 0, changed.id});
            !done)
            return std::unexpected(done.error());
    }
    if (auto cited = writeCitations(d, changed.id, changed.eventIds); !cited)
        return std::unexpected(cited.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return changed;
}

Result<ActionItem> SqlPostmortemStore::removeActionItem(qint64 id)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto existing = actionItem(id);
    if (!existing)
        return std::unexpected(existing.error());
    QSqlQuery query(d->database());
    if (auto done = run(query, d, QStringLiteral("DELETE FROM action_items WHERE id = ?"), {id}); !done)
        return std::unexpected(done.error());
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return existing;
}

Result<void> SqlPostmortemStore::removeTimelineEntry(
    qint64 entryId, const std::optional<TimelineEntry>& startedFrom)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    auto existing = readEntryById(d, entryId);
    if (!existing)
        return std::unexpected(existing.error());
    // Removing it would drop whatever someone else changed in it since it was read.
    if (auto unchanged = mergeEntryEdit(*existing, startedFrom, nullptr, d->path); !unchanged)
        return unchanged;
    {
        QSqlQuery query(d->database());
        if (existing->origin == TimelineEntry::Origin::Draft) {
            if (auto done = run(query, d,
                    QStringLiteral("INSERT INTO dismissed_draft_events (incident_id, event_id) "
                                   "SELECT CAST(? AS BIGINT), event_id FROM timeline_entry_events WHERE entry_id = ? "
                                   "ON CONFLICT DO NOTHING"),
                    {existing->incidentId, entryId});
                !done)
                return done;
        }
        if (auto done = run(query, d, QStringLiteral("DELETE FROM timeline_entries WHERE id = ?"), {entryId}); !done)
            return done;
    }
    return scope->commit();
}

Result<qint64> SqlPostmortemStore::removeDraftedEntries(qint64 incidentId)
{
    auto scope = WriteScope::begin(d);
    if (!scope)
        return std::unexpected(scope.error());
    if (auto exists = requireIncident(d, incidentId); !exists)
        return std::unexpected(exists.error());
    qint64 removed = 0;
    {
        QSqlQuery query(d->database());
        if (auto done = run(query, d,
                QStringLiteral(
                    "DELETE FROM timeline_entries WHERE incident_id = ? AND origin = 'draft' AND edited = 0"),
                {incidentId});
            !done)
            return std::unexpected(done.error());
        removed = query.numRowsAffected();
    }
    if (auto committed = scope->commit(); !committed)
        return std::unexpected(committed.error());
    return removed;
}

Result<std::vector<qint64>> SqlPostmortemStore::dismissedDraftEvents(qint64 incidentId) const
{
    auto rows = incidentRows(d, incidentId,
        QStringLiteral("SELECT event_id FROM dismissed_draft_events WHERE incident_id = ? ORDER BY event_id"));
    if (!rows)
        return std::unexpected(rows.error());
    QSqlQuery& query = *rows;
    std::vector<qint64> result;
    while (query.next())
        result.push_back(query.value(0).toLongLong());
    return result;
}

} // namespace aftermath::store
