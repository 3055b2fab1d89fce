#pragma once

#include <QLabel>
#include <QStringList>

namespace aftermath::desktop {

// A muted hint that says as much as fits and never a cut word: the longest of its wordings that
// fits its width (longest first), or nothing; the longest is also its tooltip. It gives way to
// the widgets beside it rather than widen the window.
class FittingLabel : public QLabel {
    Q_OBJECT

public:
    explicit FittingLabel(QWidget* parent = nullptr);

    void setWordings(const QStringList& wordings);
    const QStringList& wordings() const { return m_wordings; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void fit();

    QStringList m_wordings;
};

} // namespace aftermath::desktop
