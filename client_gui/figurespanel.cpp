#include "figurespanel.h"

#include "rttchart.h"
#include "rtttracker.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

FiguresPanel::FiguresPanel(QWidget *parent)
    : QWidget(parent)
{
    m_echoCheckLabel = new QLabel(this);
    m_echoCheckLabel->setObjectName(QStringLiteral("echoCheckLabel"));
    m_echoCheckLabel->setAccessibleName(tr("Echo check"));
    m_echoCheckLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rttLabel = new QLabel(this);
    m_rttLabel->setObjectName(QStringLiteral("rttLabel"));
    m_rttLabel->setAccessibleName(tr("Round-trip times"));
    m_rttLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rttChart = new RttChart(this);
    m_rttChart->setObjectName(QStringLiteral("rttChart"));
    m_rttChart->setAccessibleName(tr("Chart of the last 200 round-trip times"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_echoCheckLabel, 0, 0);
    layout->addWidget(m_rttLabel, 1, 0);
    layout->addWidget(m_rttChart, 0, 1, 2, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
}

void FiguresPanel::showFigures(const QString &echoCheck, const RttTracker &roundTrips)
{
    m_echoCheckLabel->setText(echoCheck);
    if (const auto last = roundTrips.lastNs()) {
        const QLocale locale;
        m_rttLabel->setText(tr("Round trip: last %1 · median %2 · 99th percentile %3 (of the "
                               "last %4)")
                .arg(formatRoundTripTime(*last), formatRoundTripTime(*roundTrips.medianNs()),
                    formatRoundTripTime(*roundTrips.percentile99Ns()))
                .arg(locale.toString(
                    qMin<qint64>(roundTrips.completedCount(), RttTracker::defaultKeptSamples))));
    } else {
        m_rttLabel->setText(tr("Round trip: none yet"));
    }
    m_rttChart->setSamples(roundTrips.recentNs(RttChart::shownSamples));
}
