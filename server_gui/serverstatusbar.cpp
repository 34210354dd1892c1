#include "serverstatusbar.h"

#include "bytecount.h"

#include <QLabel>
#include <QLocale>

namespace {

QString rateText(double bytesPerSecond)
{
    const QLocale locale;
    if (bytesPerSecond < 1024)
        return ServerStatusBar::tr("%1 B/s").arg(locale.toString(qRound64(bytesPerSecond)));
    if (bytesPerSecond < 1024 * 1024) {
        return ServerStatusBar::tr("%1 KB/s").arg(locale.toString(bytesPerSecond / 1024, 'f', 1));
    }
    return ServerStatusBar::tr("%1 MB/s").arg(
        locale.toString(bytesPerSecond / (1024 * 1024), 'f', 1));
}

} // namespace

ServerStatusBar::ServerStatusBar(QWidget *parent)
    : QStatusBar(parent)
{
    // As QMainWindow::statusBar() makes its own.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_clientCount = new QLabel(this);
    m_clientCount->setObjectName(QStringLiteral("clientCountLabel"));
    m_clientCount->setAccessibleName(tr("Connected clients"));
    m_echoed = new QLabel(this);
    m_echoed->setObjectName(QStringLiteral("echoedLabel"));
    m_echoed->setAccessibleName(tr("Total bytes echoed"));
    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("rateLabel"));
    m_rate->setAccessibleName(tr("Current echo rate"));
    // Room for large figures, so the bar doesn't shift as they grow.
    m_echoed->setMinimumWidth(fontMetrics().horizontalAdvance(
        tr("%1 bytes echoed").arg(QLocale().toString(Q_INT64_C(999999999999)))));
    m_rate->setMinimumWidth(
        fontMetrics().horizontalAdvance(tr("Echo rate: %1").arg(QStringLiteral("9,999.9 MB/s"))));
    m_echoed->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_rate->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    addWidget(m_clientCount, 1);
    addPermanentWidget(m_echoed);
    addPermanentWidget(m_rate);
}

void ServerStatusBar::showClientCount(int tcpClients, std::optional<int> udpPeers)
{
    QString text;
    if (tcpClients == 0)
        text = tr("No clients connected");
    else if (tcpClients == 1)
        text = tr("1 client connected");
    else
        text = tr("%1 clients connected").arg(QLocale().toString(tcpClients));
    // UDP has no connections: a peer is an address that sent datagrams lately.
    if (udpPeers) {
        QString peers;
        if (*udpPeers == 0)
            peers = tr("no UDP peers");
        else if (*udpPeers == 1)
            peers = tr("1 UDP peer");
        else
            peers = tr("%1 UDP peers").arg(QLocale().toString(*udpPeers));
        text = tr("%1 · %2").arg(text, peers);
    }
    m_clientCount->setText(text);
}

void ServerStatusBar::showEchoed(qint64 total, std::optional<double> bytesPerSecond)
{
    m_echoed->setText(tr("%1 echoed").arg(formatByteCount(total)));
    m_rate->setText(
        bytesPerSecond ? tr("Echo rate: %1").arg(rateText(*bytesPerSecond)) : tr("Echo rate: –"));
}
