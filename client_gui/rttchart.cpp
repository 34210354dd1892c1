#include "rttchart.h"

#include "rtttracker.h"

#include <QPainter>

#include <algorithm>

RttChart::RttChart(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void RttChart::setSamples(const QList<qint64> &nanoseconds)
{
    m_samples = nanoseconds.size() > shownSamples ? nanoseconds.last(shownSamples) : nanoseconds;
    update();
}

QSize RttChart::sizeHint() const
{
    return { 2 * int(shownSamples), 4 * fontMetrics().height() };
}

QSize RttChart::minimumSizeHint() const
{
    return { int(shownSamples) / 2, 3 * fontMetrics().height() };
}

void RttChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect frame = rect().adjusted(0, 0, -1, -1);
    painter.fillRect(frame, palette().base());
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(frame);

    const int textHeight = fontMetrics().height();
    const QRect plot = frame.adjusted(1, textHeight + 2, -1, -1);
    if (m_samples.isEmpty() || plot.height() <= 0) {
        // Text, not PlaceholderText: the placeholder grey is below text contrast on white.
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(frame, Qt::AlignCenter, tr("No round trips yet"));
        return;
    }
    // Scaled to the 98th percentile of what is shown (once there are enough to have one), so
    // one slow outlier does not flatten the rest; taller bars are cut and drawn hatched.
    QList<qint64> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    const qsizetype scaleIndex =
        sorted.size() < 50 ? sorted.size() - 1 : (sorted.size() - 1) * 98 / 100;
    const qint64 scale = std::max<qint64>(1, sorted.at(scaleIndex));
    const qint64 largest = sorted.constLast();
    // Bars keep their place: the newest is always at the right edge.
    const qreal barWidth = qreal(plot.width()) / qreal(shownSamples);
    const QColor bar = palette().color(QPalette::Highlight);
    const qsizetype first = shownSamples - m_samples.size();
    for (qsizetype i = 0; i < m_samples.size(); ++i) {
        const bool clipped = m_samples.at(i) > scale;
        const qreal height = clipped ? qreal(plot.height())
                                     : qreal(plot.height()) * qreal(m_samples.at(i)) / qreal(scale);
        const QRectF rectangle(plot.left() + qreal(first + i) * barWidth,
            plot.bottom() + 1 - height, std::max<qreal>(barWidth - 0.5, 1.0), height);
        painter.fillRect(rectangle, clipped ? QBrush(bar, Qt::Dense4Pattern) : QBrush(bar));
    }
    painter.setPen(palette().color(QPalette::Text));
    const QString caption = largest > scale
        ? tr("Last %1 round trips: scale 0–%2, highest %3 (hatched: off the scale)")
              .arg(m_samples.size())
              .arg(formatRoundTripTime(scale), formatRoundTripTime(largest))
        : tr("Last %1 round trips: scale 0–%2")
              .arg(m_samples.size())
              .arg(formatRoundTripTime(scale));
    const QRect captionRect = frame.adjusted(4, 1, -4, 0);
    painter.drawText(captionRect, Qt::AlignLeft | Qt::AlignTop,
        fontMetrics().elidedText(caption, Qt::ElideRight, captionRect.width()));
}
