#pragma once

#include <QList>
#include <QWidget>

// The last round-trip times as bars, newest on the right, scaled to the largest shown; drawn
// in the palette's colours so it reads on light and dark themes alike.
class RttChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RttChart)

public:
    static constexpr qsizetype shownSamples = 200;

    explicit RttChart(QWidget *parent = nullptr);

    void setSamples(const QList<qint64> &nanoseconds);
    QList<qint64> samples() const { return m_samples; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<qint64> m_samples;
};
