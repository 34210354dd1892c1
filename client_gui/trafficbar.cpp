#include "trafficbar.h"

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
    auto *copy = new QPushButton(tr("Cop&y"), this);
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setAccessibleName(tr("Copy received text"));
    copy->setToolTip(tr("Copy the received text (the selection, if any)"));
    auto *save = new QPushButton(tr("S&ave…"), this);
    save->setObjectName(QStringLiteral("saveButton"));
    save->setAccessibleName(tr("Save received bytes"));
    save->setToolTip(tr("Save the newest received bytes (up to 1 MiB), exactly as they arrived"));
    auto *clear = new QPushButton(tr("C&lear"), this);
    clear->setObjectName(QStringLiteral("clearButton"));
    clear->setAccessibleName(tr("Clear sent and received text"));
    clear->setToolTip(tr("Clear both views; the counters keep counting"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_counters, 1);
    layout->addWidget(copy);
    layout->addWidget(save);
    layout->addWidget(clear);

    connect(copy, &QPushButton::clicked, this, &TrafficBar::copyRequested);
    connect(save, &QPushButton::clicked, this, &TrafficBar::saveRequested);
    connect(clear, &QPushButton::clicked, this, &TrafficBar::clearRequested);
    buildMenuActions();
}

void TrafficBar::buildMenuActions()
{
    auto *save = new QAction(tr("&Save Received…"), this);
    save->setObjectName(QStringLiteral("saveReceivedAction"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &TrafficBar::saveRequested);
    auto *copy = new QAction(tr("C&opy Received"), this);
    copy->setObjectName(QStringLiteral("copyReceivedAction"));
    copy->setShortcut(QKeySequence::Copy);
    connect(copy, &QAction::triggered, this, &TrafficBar::copyRequested);
    auto *clear = new QAction(tr("C&lear Sent and Received"), this);
    clear->setObjectName(QStringLiteral("clearAction"));
    connect(clear, &QAction::triggered, this, &TrafficBar::clearRequested);
    m_menuActions = { save, copy, clear };
}

void TrafficBar::showCounters(qint64 sent, qint64 received)
{
    const QLocale locale;
    m_counters->setText(tr("Sent %1 bytes · Received %2 bytes")
            .arg(locale.toString(sent), locale.toString(received)));
}
