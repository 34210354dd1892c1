#include "trafficbar.h"

#include "namedcontrols.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

TrafficBar::TrafficBar(QWidget *parent)
    : QWidget(parent)
{
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("countersLabel"));
    m_counters->setAccessibleName(tr("Byte counters"));
    auto *copy =
        namedButton(this, tr("Cop&y"), QStringLiteral("copyButton"), tr("Copy received text"),
            tr("Copy the received text (the selection, if any)"), &TrafficBar::copyRequested);
    auto *save =
        namedButton(this, tr("S&ave…"), QStringLiteral("saveButton"), tr("Save received bytes"),
            tr("Save the newest received bytes (up to 1 MiB), exactly as they arrived"),
            &TrafficBar::saveRequested);
    auto *clear = namedButton(this, tr("C&lear"), QStringLiteral("clearButton"),
        tr("Clear sent and received text"), tr("Clear both views; the counters keep counting"),
        &TrafficBar::clearRequested);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_counters, 1);
    layout->addWidget(copy);
    layout->addWidget(save);
    layout->addWidget(clear);

    buildMenuActions();
}

void TrafficBar::buildMenuActions()
{
    auto *save = namedAction(this, tr("&Save Received…"), QStringLiteral("saveReceivedAction"),
        &TrafficBar::saveRequested, QKeySequence::Save);
    auto *copy = namedAction(this, tr("C&opy Received"), QStringLiteral("copyReceivedAction"),
        &TrafficBar::copyRequested, QKeySequence::Copy);
    auto *clear = namedAction(this, tr("C&lear Sent and Received"), QStringLiteral("clearAction"),
        &TrafficBar::clearRequested);
    m_menuActions = { save, copy, clear };
}

void TrafficBar::showCounters(qint64 sent, qint64 received)
{
    const QLocale locale;
    m_counters->setText(tr("Sent %1 bytes · Received %2 bytes")
            .arg(locale.toString(sent), locale.toString(received)));
}
