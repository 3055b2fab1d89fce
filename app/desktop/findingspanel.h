#pragma once

#include "model/timeformat.h"
#include "timeline/timeline.h"

#include <QTextBrowser>

namespace aftermath::desktop {

// What a reconstruction found, to be read at a glance: the phases with the time between them,
// the ranked suspects, the first error, the messages new or surging in noisy logs, unfinished
// runs, retry loops, version changes and the runs. Every finding and run is a link that shows the
// events it cites; a phase's time is a link to that moment of the timeline.
class FindingsPanel : public QTextBrowser {
    Q_OBJECT

public:
    // Suspects shown before "Show more".
    static constexpr int suspectsShown = 3;

    explicit FindingsPanel(QWidget* parent = nullptr);

    // Shows the findings of `timeline` (not owned; it must outlive its use here, or be replaced),
    // or, for nullptr, `placeholder`.
    void setTimeline(const timeline::Timeline* timeline, const model::WindowTimeFormat& format);
    void setPlaceholder(const QString& text);

    // The finding shown as selected (an index into the timeline's findings), or -1.
    int selectedFinding() const { return m_selected; }
    void setSelectedFinding(int index);
    bool showsAllSuspects() const { return m_allSuspects; }
    void setShowAllSuspects(bool all);

    // The panel as HTML: what setTimeline() shows, its time columns as wide as `font` needs.
    static QString html(const timeline::Timeline& timeline, const model::WindowTimeFormat& format,
        const QPalette& palette, const QFont& font, int selected, bool allSuspects);

Q_SIGNALS:
    // A finding's or run's link was followed (indices into the timeline's findings and runs).
    void findingActivated(int index);
    void runActivated(int index);
    // A phase's time was followed.
    void timeActivated(qint64 utcUs);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void followLink(const QUrl& url);

    const timeline::Timeline* m_timeline = nullptr;
    model::WindowTimeFormat m_format;
    QString m_placeholder;
    int m_selected = -1;
    bool m_allSuspects = false;
};

} // namespace aftermath::desktop
