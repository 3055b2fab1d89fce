#include "findingspanel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QScrollBar>
#include <QUrl>

#include <algorithm>

namespace aftermath::desktop {

using model::WindowTimeFormat;
using timeline::Finding;
using timeline::Run;

namespace {

const QString findingScheme = QStringLiteral("finding");
const QString runScheme = QStringLiteral("run");
const QString timeScheme = QStringLiteral("time");
const QString moreScheme = QStringLiteral("more");

QColor mix(const QColor& a, const QColor& b, double share)
{
    return QColor::fromRgbF(float(a.redF() * share + b.redF() * (1 - share)),
        float(a.greenF() * share + b.greenF() * (1 - share)), float(a.blueF() * share + b.blueF() * (1 - share)));
}

// Colours from the palette, so the panel reads on light and dark themes alike.
struct Colours {
    QString text;
    QString muted;
    QString selected;
    QString bad = QStringLiteral("#c01c28");
    QString good = QStringLiteral("#26803c");

    explicit Colours(const QPalette& p)
        : text(p.color(QPalette::Text).name()),
          muted(mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.55).name()),
          selected(mix(p.color(QPalette::Highlight), p.color(QPalette::Base), 0.22).name())
    {
    }
};

QString escaped(const QString& text) { return text.toHtmlEscaped(); }

QString heading(const QString& title, qsizetype count, const Colours& c)
{
    QString html = QStringLiteral("<p style='margin-top:16px; margin-bottom:4px; color:%1; font-weight:600'>%2")
                       .arg(c.muted, escaped(title.toUpper()));
    if (count > 0)
        html += QStringLiteral(" &nbsp;%1").arg(count);
    return html + QStringLiteral("</p>");
}

QString link(const QString& scheme, qint64 value, const QString& text)
{
    return QStringLiteral("<a href='%1:%2'>%3</a>").arg(scheme).arg(value).arg(text);
}

// Text kept on one line: a time ("2026-07-01 00:00:51"), a duration ("1 h 57 min").
QString unbroken(QString text) { return text.replace(u' ', QChar::Nbsp); }

// The widths of the cells that hold times, measured in the panel's font for the times this window
// has (plain and bold), so that a time always fits its cell, whatever the font, date and offset.
struct TimeWidths {
    int plain = 0;
    int bold = 0;

    TimeWidths(const QFont& font, const WindowTimeFormat& format, const timeline::Timeline& t)
    {
        QFont strong = font;
        strong.setBold(true);
        const QFontMetrics plainMetrics(font);
        const QFontMetrics boldMetrics(strong);
        for (const qint64 us : {t.fromUs, t.toUs}) {
            plain = std::max(plain, plainMetrics.horizontalAdvance(format.time(us)));
            bold = std::max(bold, boldMetrics.horizontalAdvance(format.time(us)));
        }
        // The cell's padding, and a little room to spare.
        plain += 12;
        bold += 12;
    }
};

QString phasesHtml(
    const timeline::Phases& phases, const WindowTimeFormat& format, const TimeWidths& widths, const Colours& c)
{
    const std::pair<QString, std::optional<qint64>> rows[] = {
        {FindingsPanel::tr("Trigger"), phases.trigger},
        {FindingsPanel::tr("Impact began"), phases.impactStart},
        {FindingsPanel::tr("Detected"), phases.detected},
        {FindingsPanel::tr("Mitigated"), phases.mitigated},
        {FindingsPanel::tr("Resolved"), phases.resolved},
    };
    QString html = heading(FindingsPanel::tr("Phases"), 0, c);
    html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='2'>");
    std::optional<qint64> previous;
    for (const auto& [name, value] : rows) {
        html += QStringLiteral("<tr><td width='96'>%1</td>").arg(escaped(name));
        if (value) {
            html += QStringLiteral("<td width='%1' style='white-space:nowrap'><b>%2</b></td>")
                        .arg(widths.bold)
                        .arg(link(timeScheme, *value, unbroken(format.time(*value))));
            const QString delta = previous && *value >= *previous
                ? QStringLiteral("+") + unbroken(model::formatDuration(*value - *previous))
                : QString();
            html += QStringLiteral("<td style='color:%1'>%2</td>").arg(c.muted, delta);
            previous = value;
        } else {
            html += QStringLiteral("<td colspan='2' style='color:%1'>%2</td>")
                        .arg(c.muted, FindingsPanel::tr("not seen in the evidence"));
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");

    // What a postmortem asks first: how long until someone knew, and until it was stopped.
    QStringList spans;
    if (phases.impactStart && phases.detected && *phases.detected >= *phases.impactStart)
        spans << FindingsPanel::tr("detected after %1")
                     .arg(model::formatDuration(*phases.detected - *phases.impactStart));
    if (phases.impactStart && phases.mitigated && *phases.mitigated >= *phases.impactStart)
        spans << FindingsPanel::tr("mitigated after %1")
                     .arg(model::formatDuration(*phases.mitigated - *phases.impactStart));
    if (!spans.isEmpty())
        html += QStringLiteral("<p style='margin-top:4px; color:%1'>%2</p>")
                    .arg(c.muted, FindingsPanel::tr("From the first error: %1.").arg(spans.join(QStringLiteral(", "))));
    return html;
}

// One finding: its time, its summary as a link, and why (muted) under it.
QString findingRow(const Finding& f, int index, int selected, const WindowTimeFormat& format, const TimeWidths& widths,
    const Colours& c)
{
    QString html = index == selected ? QStringLiteral("<tr bgcolor='%1'>").arg(c.selected) : QStringLiteral("<tr>");
    if (f.rank > 0)
        html += QStringLiteral("<td width='20' valign='top' align='right'><b>%1</b></td>").arg(f.rank);
    html += QStringLiteral("<td width='%1' valign='top' style='color:%2; white-space:nowrap'>%3</td>")
                .arg(widths.plain)
                .arg(c.muted, unbroken(format.time(f.timeUs)));
    html += QStringLiteral("<td valign='top'>%1").arg(link(findingScheme, index, escaped(f.summary)));
    if (!f.reason.isEmpty())
        html += QStringLiteral("<br><span style='color:%1'>%2</span>").arg(c.muted, escaped(f.reason));
    return html + QStringLiteral("</td></tr>");
}

QString runRow(const Run& r, int index, const WindowTimeFormat& format, const TimeWidths& widths, const Colours& c)
{
    const QString name = QStringList{r.job, r.run}.join(u' ').trimmed();
    QString outcome;
    switch (r.outcome) {
    case Run::Outcome::Succeeded:
        outcome
            = QStringLiteral("<span style='color:%1'>%2</span>")
                  .arg(c.good,
                      r.endedUs
                          ? FindingsPanel::tr("succeeded after %1").arg(model::formatDuration(*r.endedUs - r.startedUs))
                          : FindingsPanel::tr("succeeded"));
        break;
    case Run::Outcome::Failed:
        outcome = QStringLiteral("<span style='color:%1'>%2</span>").arg(c.bad, FindingsPanel::tr("failed"));
        break;
    case Run::Outcome::Unfinished:
        outcome = QStringLiteral("<span style='color:%1'>%2</span>").arg(c.bad, FindingsPanel::tr("never finished"));
        break;
    }
    QStringList details{outcome};
    if (r.retries > 0)
        details << (r.retries == 1 ? FindingsPanel::tr("1 retry") : FindingsPanel::tr("%1 retries").arg(r.retries));
    if (!r.version.isEmpty())
        details << escaped(r.version);
    return QStringLiteral("<tr><td width='%1' valign='top' style='color:%2; white-space:nowrap'>%3</td>"
                          "<td valign='top'>%4<br>%5</td></tr>")
        .arg(widths.plain)
        .arg(c.muted, unbroken(format.time(r.startedUs)), link(runScheme, index, escaped(name)),
            details.join(QStringLiteral(" · ")));
}

} // namespace

FindingsPanel::FindingsPanel(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("findingsPanel"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(12);
    // Lines break between words only: never inside a time ("2026-07-0" and "1 00:00:51") or a name.
    setWordWrapMode(QTextOption::WordWrap);
    connect(this, &QTextBrowser::anchorClicked, this, &FindingsPanel::followLink);
    setPlaceholder(tr("Findings appear here once a timeline is reconstructed."));
}

void FindingsPanel::setTimeline(const timeline::Timeline* timeline, const WindowTimeFormat& format)
{
    m_timeline = timeline;
    m_format = format;
    m_selected = -1;
    m_allSuspects = false;
    render();
    verticalScrollBar()->setValue(0);
}

void FindingsPanel::setPlaceholder(const QString& text)
{
    m_timeline = nullptr;
    m_placeholder = text;
    m_selected = -1;
    render();
}

void FindingsPanel::setSelectedFinding(int index)
{
    if (index == m_selected)
        return;
    m_selected = index;
    render();
}

void FindingsPanel::setShowAllSuspects(bool all)
{
    if (all == m_allSuspects)
        return;
    m_allSuspects = all;
    render();
}

QString FindingsPanel::html(const timeline::Timeline& t, const WindowTimeFormat& format, const QPalette& palette,
    const QFont& font, int selected, bool allSuspects)
{
    const Colours c(palette);
    const TimeWidths widths(font, format, t);
    QString html = phasesHtml(t.phases, format, widths, c);

    // Suspects by rank, then the other findings by type, each in the reconstruction's order.
    std::vector<int> suspects;
    for (int i = 0; i < int(t.findings.size()); ++i)
        if (t.findings[std::size_t(i)].type == Finding::Type::SuspectChange)
            suspects.push_back(i);
    std::stable_sort(suspects.begin(), suspects.end(),
        [&](int a, int b) { return t.findings[std::size_t(a)].rank < t.findings[std::size_t(b)].rank; });
    if (!suspects.empty()) {
        html += heading(tr("Suspects"), qsizetype(suspects.size()), c);
        html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3'>");
        const std::size_t shown
            = allSuspects ? suspects.size() : std::min<std::size_t>(suspects.size(), std::size_t(suspectsShown));
        for (std::size_t k = 0; k < shown; ++k)
            html += findingRow(t.findings[std::size_t(suspects[k])], suspects[k], selected, format, widths, c);
        html += QStringLiteral("</table>");
        if (shown < suspects.size())
            html += QStringLiteral("<p style='margin-top:2px'>%1</p>")
                        .arg(link(moreScheme, 1,
                            suspects.size() - shown == 1 ? tr("Show 1 more suspect…")
                                                         : tr("Show %1 more suspects…").arg(suspects.size() - shown)));
    }

    // New and surging messages (noisy logs) together, in the reconstruction's order, after the first
    // error they explain.
    const std::pair<std::vector<Finding::Type>, QString> sections[] = {
        {{Finding::Type::FirstError}, tr("First error")},
        {{Finding::Type::NewTemplate, Finding::Type::RateChange}, tr("New and surging messages")},
        {{Finding::Type::UnfinishedRun}, tr("Unfinished runs")},
        {{Finding::Type::RetryLoop}, tr("Retry loops")},
        {{Finding::Type::VersionChange}, tr("Version changes")},
    };
    for (const auto& [types, title] : sections) {
        QString rows;
        qsizetype count = 0;
        for (int i = 0; i < int(t.findings.size()); ++i) {
            if (std::find(types.begin(), types.end(), t.findings[std::size_t(i)].type) == types.end())
                continue;
            rows += findingRow(t.findings[std::size_t(i)], i, selected, format, widths, c);
            ++count;
        }
        if (count == 0)
            continue;
        html += heading(title, types.front() == Finding::Type::FirstError ? 0 : count, c);
        html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3'>") + rows
            + QStringLiteral("</table>");
    }

    if (!t.runs.empty()) {
        html += heading(tr("Runs"), qsizetype(t.runs.size()), c);
        html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3'>");
        for (int i = 0; i < int(t.runs.size()); ++i)
            html += runRow(t.runs[std::size_t(i)], i, format, widths, c);
        html += QStringLiteral("</table>");
    }
    if (t.findings.empty() && t.runs.empty())
        html += QStringLiteral("<p style='color:%1'>%2</p>")
                    .arg(c.muted, tr("No findings: no errors, suspect changes or unfinished runs in this window."));
    return html;
}

void FindingsPanel::render()
{
    const Colours c(palette());
    document()->setDefaultStyleSheet(QStringLiteral("a { color: %1; text-decoration: none; }").arg(c.text));
    const int scroll = verticalScrollBar()->value();
    if (m_timeline)
        setHtml(html(*m_timeline, m_format, palette(), font(), m_selected, m_allSuspects));
    else
        setHtml(QStringLiteral("<p style='color:%1'>%2</p>").arg(c.muted, escaped(m_placeholder)));
    // A new selection must not jump the panel back to the top.
    verticalScrollBar()->setValue(scroll);
}

void FindingsPanel::followLink(const QUrl& url)
{
    const QString scheme = url.scheme();
    bool ok = false;
    const qint64 value = url.path().toLongLong(&ok);
    if (!ok || !m_timeline)
        return;
    if (scheme == findingScheme && value >= 0 && value < qint64(m_timeline->findings.size()))
        Q_EMIT findingActivated(int(value));
    else if (scheme == runScheme && value >= 0 && value < qint64(m_timeline->runs.size()))
        Q_EMIT runActivated(int(value));
    else if (scheme == timeScheme)
        Q_EMIT timeActivated(value);
    else if (scheme == moreScheme)
        setShowAllSuspects(true);
}

void FindingsPanel::changeEvent(QEvent* event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        render();
}

} // namespace aftermath::desktop
