#include "evidencepane.h"

#include "timeline/templateminer.h"

#include <QDir>
#include <QFontDatabase>

namespace aftermath::desktop {

using model::Level;

namespace {

QString mutedColour(const QPalette& p)
{
    const QColor text = p.color(QPalette::Text);
    const QColor base = p.color(QPalette::Base);
    return QColor::fromRgbF(float(text.redF() * 0.55 + base.redF() * 0.45),
        float(text.greenF() * 0.55 + base.greenF() * 0.45), float(text.blueF() * 0.55 + base.blueF() * 0.45))
        .name();
}

QString levelColour(Level level)
{
    switch (level) {
    case Level::Error:
    case Level::Critical:
    case Level::Fatal:
        return QStringLiteral("#c01c28");
    case Level::Warning:
        return QStringLiteral("#b35c00");
    default:
        return {};
    }
}

// "etl-incident/etl-nhs-s.log, line 812" or "ecs-task-events.json at /3/detail": where in its
// source the event was read.
QString location(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    if (e.line > 0 && !e.locator.isEmpty())
        return EvidencePane::tr("%1, line %2 at %3").arg(stored.sourceName).arg(e.line).arg(e.locator);
    if (e.line > 0)
        return EvidencePane::tr("%1, line %2").arg(stored.sourceName).arg(e.line);
    if (!e.locator.isEmpty())
        return EvidencePane::tr("%1 at %2").arg(stored.sourceName, e.locator);
    return stored.sourceName;
}

} // namespace

EvidencePane::EvidencePane(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("evidencePane"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(10);
}

void EvidencePane::showEvents(const QString& caption, const std::vector<model::StoredEvent>& events,
    const model::WindowTimeFormat& format, qint64 cited, const QHash<qint64, QString>& paths,
    const QString& templateText)
{
    m_events = events;
    m_template = templateText;
    const QString muted = mutedColour(palette());
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();

    QString count;
    if (cited > qint64(events.size()))
        // An entry's first events are shown; how many Add to Postmortem cites, its tooltip says.
        count = tr("the first %1 of %2 events").arg(events.size()).arg(cited);
    else
        count = events.size() == 1 ? tr("1 event") : tr("%1 events").arg(events.size());
    // Events are read one by one: a fraction of a second when they have one.
    const model::WindowTimeFormat precise = format.withPrecision(model::WindowTimeFormat::Precision::Fraction);
    QString html = QStringLiteral("<p style='margin-bottom:6px'><b>%1</b> <span style='color:%2'>— %3</span></p>")
                       .arg(caption.toHtmlEscaped(), muted, count);
    if (!templateText.isEmpty()) {
        // What the events share, with the parts where they differ muted, so that the words stand out.
        const QString placeholder = QStringLiteral("<*>");
        QStringList parts;
        for (const QString& part : templateText.split(placeholder))
            parts << part.toHtmlEscaped();
        const QString shown
            = parts.join(QStringLiteral("<span style='color:%1'>%2</span>").arg(muted, placeholder.toHtmlEscaped()));
        html += QStringLiteral("<p style='margin-top:0; margin-bottom:4px'><span style='color:%1'>%2</span> "
                               "<span style='font-family:\"%3\"; white-space:pre-wrap'>%4</span></p>")
                    .arg(muted, tr("Template:"), mono, shown);
    }

    for (const model::StoredEvent& stored : events) {
        const model::Event& e = stored.event;
        QStringList facts;
        if (e.level != Level::Unknown) {
            const QString level = model::toString(e.level).toString();
            const QString colour = levelColour(e.level);
            facts << (colour.isEmpty() ? level : QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, level));
        }
        // The kind, unless it says what the level already said ("error").
        if (e.kind != model::EventKind::Log && model::toString(e.kind) != model::toString(e.level))
            facts << model::toString(e.kind).toString();
        const QString path = paths.value(e.sourceId);
        facts << QStringLiteral("<span title='%1'>%2</span>")
                     .arg(QDir::toNativeSeparators(path).toHtmlEscaped(), location(stored).toHtmlEscaped());
        if (!e.service.isEmpty())
            facts << e.service.toHtmlEscaped();
        if (!e.runId.isEmpty())
            facts << tr("run %1").arg(e.runId.toHtmlEscaped());
        if (!e.actor.isEmpty())
            facts << tr("by %1").arg(e.actor.toHtmlEscaped());
        // What this event puts where the template varies.
        if (!templateText.isEmpty()) {
            if (const QStringList values = timeline::templateParameters(templateText, e.message); !values.isEmpty()) {
                QStringList escaped;
                for (const QString& value : values)
                    escaped << value.toHtmlEscaped();
                facts << tr("values: %1")
                             .arg(QStringLiteral("<span style='font-family:\"%1\"'>%2</span>")
                                     .arg(mono, escaped.join(QStringLiteral(", "))));
            }
        }

        html += QStringLiteral("<p style='margin-top:10px; margin-bottom:2px'><b>%1</b>&nbsp;&nbsp; "
                               "<span style='color:%2'>%3</span></p>")
                    .arg(precise.time(e.timeUs), muted, facts.join(QStringLiteral(" · ")));
        html += QStringLiteral("<pre style='white-space:pre-wrap; margin-top:0; margin-left:12px; font-family:\"%1\"'>"
                               "%2</pre>")
                    .arg(mono, e.message.toHtmlEscaped());
    }
    setHtml(html);
}

void EvidencePane::showPlaceholder(const QString& text)
{
    m_events.clear();
    m_template.clear();
    setHtml(QStringLiteral("<p style='color:%1'>%2</p>").arg(mutedColour(palette()), text.toHtmlEscaped()));
}

} // namespace aftermath::desktop
