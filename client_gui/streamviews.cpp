#include "streamviews.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

QWidget *headed(QLabel *heading, QWidget *view, QWidget *parent)
{
    auto *pane = new QWidget(parent);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading);
    layout->addWidget(view);
    return pane;
}

} // namespace

StreamViews::StreamViews(QWidget *parent)
    : QWidget(parent)
{
    m_sent = new EchoView(this);
    m_sent->setObjectName(QStringLiteral("sentView"));
    m_sent->setAccessibleName(tr("Sent to the server"));
    auto *sentLabel = new QLabel(tr("→ Sent t&o the server"), this);
    sentLabel->setBuddy(m_sent);
    m_received = new EchoView(this);
    m_received->setObjectName(QStringLiteral("echoView"));
    m_received->setAccessibleName(tr("Received from the server"));
    auto *receivedLabel = new QLabel(tr("← Rece&ived from the server"), this);
    receivedLabel->setBuddy(m_received);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("viewSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(headed(sentLabel, m_sent, this));
    splitter->addWidget(headed(receivedLabel, m_received, this));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void StreamViews::setMode(EchoView::Mode mode)
{
    m_sent->setMode(mode);
    m_received->setMode(mode);
}

void StreamViews::setDatagrams(bool on)
{
    m_sent->setDatagrams(on);
    m_received->setDatagrams(on);
}

void StreamViews::startNewStream()
{
    m_sent->startNewStream();
    m_received->startNewStream();
}

void StreamViews::clear()
{
    m_sent->clear();
    m_received->clear();
}
