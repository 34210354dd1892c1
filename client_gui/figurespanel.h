#pragma once

#include <QWidget>

class QLabel;
class RttChart;
class RttTracker;

// Whether the echo matches, and the round-trip times as figures and as a chart.
class FiguresPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FiguresPanel)

public:
    explicit FiguresPanel(QWidget *parent = nullptr);

    // `echoCheck`: the summary of the stream's or the datagrams' echo check.
    void showFigures(const QString &echoCheck, const RttTracker &roundTrips);

private:
    QLabel *m_echoCheckLabel = nullptr;
    QLabel *m_rttLabel = nullptr;
    RttChart *m_rttChart = nullptr;
};
