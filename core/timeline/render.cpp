#include "render.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace aftermath::timeline {

namespace {

using model::WindowTimeFormat;

QString entryText(const Entry& e)
{
    QString text = e.summary;
    if (e.count > 1)
        text += QStringLiteral(" ×%1").arg(e.count);
    return text;
}

QJsonValue timeValue(const std::optional<qint64>& us, const QTimeZone& zone)
{
    return us ? QJsonValue(model::formatInZone(*us, zone)) : QJsonValue(QJsonValue::Null);
}

// At most maxEvidence ids: an entry keeps more (maxCited), which `aftermath-cli events` lists.
QJsonArray ids(const std::vector<qint64>& eventIds)
{
    QJsonArray array;
    for (std::size_t i = 0; i < std::min(eventIds.size(), maxEvidence); ++i)
        array.append(eventIds[i]);
    return array;
}

// Where the entries listed leave out the background group, a line saying what it holds.
QString backgroundLine(const Timeline& t, bool all)
{
    const BackgroundGroup group = backgroundGroup(t);
    if (all || group.entries == 0)
        return {};
    const QLocale locale = QLocale::c();
    return QStringLiteral("Background: %1 %2 of %3 %4, steady before the incident began, folded (--all lists them)\n")
        .arg(locale.toString(group.entries), group.entries == 1 ? QStringLiteral("entry") : QStringLiteral("entries"),
            locale.toString(group.events), group.events == 1 ? QStringLiteral("event") : QStringLiteral("events"));
}

const std::pair<const char*, std::optional<qint64> Phases::*> phaseNames[] = {
    {"trigger", &Phases::trigger},
    {"impact_start", &Phases::impactStart},
    {"detected", &Phases::detected},
    {"mitigated", &Phases::mitigated},
    {"resolved", &Phases::resolved},
};

} // namespace

QString renderText(const Timeline& t, const QTimeZone& zone, bool all)
{
    // Dates when the window spans days, offsets when it crosses a daylight-saving change.
    const WindowTimeFormat time(t.fromUs, t.toUs, zone);
    QString out
        = QStringLiteral("Timeline %1 to %2 (times in %3)\n\n")
              .arg(model::formatInZone(t.fromUs, zone), model::formatInZone(t.toUs, zone), time.zoneLabelWithOffsets());
    for (const Entry& e : t.entries) {
        if (!all && !e.key)
            continue;
        out += QStringLiteral("%1  %2  %3  [%4]\n")
                   .arg(time.span(e.timeUs, e.endUs)
                            .leftJustified((time.showsDates() ? 21 : 17) + (time.showsOffsets() ? 14 : 0)),
                       model::toString(e.kind).toString().leftJustified(9), entryText(e), e.source);
        if (e.background)
            out.insert(out.size() - 1, QStringLiteral("  (background)"));
    }
    if (const QString line = backgroundLine(t, all); !line.isEmpty())
        out += u'\n' + line;
    const auto backgroundRuns = std::ranges::count_if(t.runs, &Run::background);
    if (qsizetype(t.runs.size()) > (all ? 0 : backgroundRuns)) {
        out += QStringLiteral("\nRuns\n");
        for (const Run& r : t.runs) {
            if (!all && r.background)
                continue;
            const QString name = QStringList{r.job, r.run}.join(u' ').trimmed();
            out += QStringLiteral("  %1  %2: %3").arg(time.time(r.startedUs), name, toString(r.outcome));
            if (r.endedUs)
                out += QStringLiteral(" at %1 after %2")
                           .arg(time.time(*r.endedUs), model::formatDuration(*r.endedUs - r.startedUs));
            if (r.retries > 0)
                out += QStringLiteral(", %1 retries").arg(r.retries);
            if (!r.version.isEmpty())
                out += QStringLiteral(", version %1").arg(r.version);
            out += QStringLiteral("  [%1]\n")
                       .arg(r.sources.isEmpty() ? r.source : r.sources.join(QStringLiteral(", ")));
        }
    }
    if (!all && backgroundRuns > 0)
        out += QStringLiteral("\n%1 %2 of jobs that ran steadily before the incident, in the background (--all lists them)\n")
                   .arg(QLocale::c().toString(qint64(backgroundRuns)), backgroundRuns == 1 ? QStringLiteral("run") : QStringLiteral("runs"));
    if (!t.findings.empty()) {
        out += QStringLiteral("\nFindings\n");
        for (const Finding& f : t.findings) {
            out += QStringLiteral("  %1  %2").arg(time.time(f.timeUs), toString(f.type));
            if (f.rank > 0)
                out += QStringLiteral(" #%1").arg(f.rank);
            out += QStringLiteral(": ") + f.summary;
            if (!f.reason.isEmpty())
                out += QStringLiteral(" (") + f.reason + u')';
            out += u'\n';
        }
    }
    out += QStringLiteral("\nPhases\n");
    std::optional<qint64> previous;
    for (const auto& [name, member] : phaseNames) {
        const auto& value = t.phases.*member;
        out += QStringLiteral("  %1 %2").arg(
            QString::fromLatin1(name).leftJustified(13), value ? time.time(*value) : QStringLiteral("not seen"));
        if (value && previous && *value >= *previous)
            out += QStringLiteral("  (+%1)").arg(model::formatDuration(*value - *previous));
        out += u'\n';
        if (value)
            previous = value;
    }
    return out;
}

QString renderMarkdown(const Timeline& t, const QTimeZone& zone, bool all)
{
    const WindowTimeFormat time(t.fromUs, t.toUs, zone);
    QString out = QStringLiteral("Times in %1.\n\n").arg(time.zoneLabelWithOffsets());
    for (const Entry& e : t.entries) {
        if (!all && !e.key)
            continue;
        // Log text must not become Markdown structure.
        QString text = entryText(e);
        for (const QChar special : {u'\\', u'`', u'*', u'_', u'[', u']', u'<', u'>', u'#', u'|'})
            text.replace(special, QStringLiteral("\\") + special);
        out += QStringLiteral("- **%1** %2 (%3%4)\n")
                   .arg(time.span(e.timeUs, e.endUs), text, e.source,
                       e.background ? QStringLiteral("; background") : QString());
    }
    if (const QString line = backgroundLine(t, all); !line.isEmpty())
        out += u'\n' + line;
    return out;
}

QString renderJson(const Timeline& t, const QTimeZone& zone, bool all)
{
    QJsonObject root;
    root.insert(QStringLiteral("tz"), QString::fromUtf8(zone.id()));
    root.insert(QStringLiteral("window"),
        QJsonObject{{QStringLiteral("from"), model::formatInZone(t.fromUs, zone)},
            {QStringLiteral("to"), model::formatInZone(t.toUs, zone)}});
    QJsonArray entries;
    for (const Entry& e : t.entries) {
        if (!all && !e.key)
            continue;
        QJsonObject entry{{QStringLiteral("time"), model::formatInZone(e.timeUs, zone)},
            {QStringLiteral("end"), timeValue(e.endUs, zone)},
            {QStringLiteral("kind"), model::toString(e.kind).toString()}, {QStringLiteral("source"), e.source},
            {QStringLiteral("summary"), e.summary}, {QStringLiteral("count"), e.count}, {QStringLiteral("key"), e.key},
            {QStringLiteral("event_ids"), ids(e.eventIds)}};
        if (e.background)
            entry.insert(QStringLiteral("background"), true);
        entries.append(entry);
    }
    if (const BackgroundGroup group = backgroundGroup(t); group.entries > 0)
        root.insert(QStringLiteral("background"),
            QJsonObject{{QStringLiteral("entries"), group.entries}, {QStringLiteral("events"), group.events}});
    if (t.baseline)
        root.insert(QStringLiteral("baseline"),
            QJsonObject{{QStringLiteral("from"), model::formatInZone(t.baseline->first, zone)},
                {QStringLiteral("to"), model::formatInZone(t.baseline->second, zone)}});
    root.insert(QStringLiteral("entries"), entries);
    QJsonArray runs;
    for (const Run& r : t.runs) {
        QJsonObject run{{QStringLiteral("job"), r.job},
            {QStringLiteral("tenant"), r.tenant.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.tenant)},
            {QStringLiteral("run"), r.run}, {QStringLiteral("run_id"), r.runId},
            {QStringLiteral("sources"), QJsonArray::fromStringList(r.sources)},
            {QStringLiteral("started"), model::formatInZone(r.startedUs, zone)},
            {QStringLiteral("ended"), timeValue(r.endedUs, zone)}, {QStringLiteral("outcome"), toString(r.outcome)},
            {QStringLiteral("retries"), r.retries},
            {QStringLiteral("version"), r.version.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.version)},
            {QStringLiteral("source"), r.source}};
        if (r.background)
            run.insert(QStringLiteral("background"), true);
        runs.append(run);
    }
    root.insert(QStringLiteral("runs"), runs);
    QJsonArray findings;
    for (const Finding& f : t.findings) {
        QJsonObject finding{{QStringLiteral("type"), toString(f.type)},
            {QStringLiteral("time"), model::formatInZone(f.timeUs, zone)}, {QStringLiteral("summary"), f.summary},
            {QStringLiteral("rank"), f.rank > 0 ? QJsonValue(f.rank) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("reason"), f.reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.reason)},
            {QStringLiteral("event_ids"), ids(f.eventIds)}};
        if (f.type == Finding::Type::NewTemplate || f.type == Finding::Type::RateChange)
            finding.insert(QStringLiteral("rate_per_hour"),
                QJsonObject{{QStringLiteral("before"), f.ratePerHourBefore}, {QStringLiteral("after"), f.ratePerHourAfter}});
        findings.append(finding);
    }
    root.insert(QStringLiteral("findings"), findings);
    QJsonObject phases;
    for (const auto& [name, member] : phaseNames)
        phases.insert(QLatin1StringView(name), timeValue(t.phases.*member, zone));
    root.insert(QStringLiteral("phases"), phases);
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace aftermath::timeline
