#include "serverconsole.h"

#include "bytecount.h"
#include "echoserver.h"
#include "linelogfile.h"

#include <QLocale>
#include <QTime>

#include <limits>

ServerConsole::ServerConsole(EchoServer *server, int fd, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_output(fd)
{
    m_utcOffsetMs = QDateTime::currentDateTime().offsetFromUtc() * 1000LL;
    m_output.setDropNote([this](qint64 dropped) {
        const QString note = dropped == 1
            ? tr("1 console line not written: standard output was not being read")
            : tr("%n console lines not written: standard output was not being read", nullptr,
                  int(qMin<qint64>(dropped, std::numeric_limits<int>::max())));
        return (timestamp() + u' ' + note + u'\n').toLocal8Bit();
    });
    m_secondTimer.setInterval(coalescingInterval);
    connect(&m_secondTimer, &QTimer::timeout, this, &ServerConsole::endCoalescingSecond);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &ServerConsole::flush);
    m_summaryTimer.setInterval(defaultSummaryInterval);
    connect(&m_summaryTimer, &QTimer::timeout, this, &ServerConsole::printSummary);

    connect(server, &EchoServer::listeningChanged, this, [this](bool listening) {
        if (listening) {
            printListening();
            m_sinceSummary.start();
            m_summaryTimer.start();
        } else {
            printCoalescedClients();
            m_secondTimer.stop();
            m_coalescing = false;
            m_clientLinesThisSecond = 0;
            printLine(ServerEventText::stoppedListening(m_server->listeningDescription()));
            m_summaryTimer.stop();
            m_text.clear();
        }
    });
    connect(server, &EchoServer::errorOccurred, this,
        [this](const QString &message) { printLine(tr("Error: %1").arg(message)); });
    connect(server, &EchoServer::clientArrived, this, [this](const ClientInfo &client) {
        ++m_clientsServed;
        if (takeClientLine()) {
            printLine(m_text.arrival(client));
        } else {
            m_text.remember(client);
            ++(client.transport == Transport::Udp ? m_coalesced.peersArrived : m_coalesced.arrived);
        }
    });
    connect(server, &EchoServer::clientShutDownSending, this, [this](quint64 id, qint64 pending) {
        if (takeClientLine())
            printLine(m_text.shutDownSending(id, pending));
        else
            ++m_coalesced.shutDownSending;
    });
    connect(server, &EchoServer::clientLeft, this, [this](const ClientDeparture &departure) {
        if (takeClientLine()) {
            printLine(m_text.departure(departure));
        } else if (m_text.isUdpPeer(departure.id)) {
            ++m_coalesced.peersLeft;
        } else {
            ++m_coalesced.left;
            m_coalesced.received += departure.totalReceived;
            m_coalesced.echoed += departure.totalEchoed;
        }
        m_text.forget(departure.id);
    });
    connect(server, &EchoServer::clientsRefused, this,
        [this](int count, int limit) { printLine(ServerEventText::refusal(count, limit)); });
    connect(server, &EchoServer::connectionsLostBeforeServed, this, [this](int count, int error) {
        printLine(ServerEventText::lostBeforeServed(count, error));
    });
    connect(server, &EchoServer::trafficReported, this, &ServerConsole::countTraffic);
}

void ServerConsole::setSummaryInterval(std::chrono::milliseconds interval)
{
    m_summaryTimer.setInterval(interval);
}

void ServerConsole::setCoalescingInterval(std::chrono::milliseconds interval)
{
    m_secondTimer.setInterval(interval);
}

ServerConsole::~ServerConsole()
{
    flush();
}

QString ServerConsole::timestamp() const
{
    constexpr qint64 msPerDay = 24 * 60 * 60 * 1000;
    const qint64 local = QDateTime::currentMSecsSinceEpoch() + m_utcOffsetMs;
    const QTime time =
        QTime::fromMSecsSinceStartOfDay(int(((local % msPerDay) + msPerDay) % msPerDay));
    return time.toString(QStringLiteral("HH:mm:ss.zzz"));
}

void ServerConsole::setLogFile(LineLogFile *file)
{
    LineLogFile::attach(m_file, file, this, &ServerConsole::printToConsole);
}

void ServerConsole::printLine(const QString &text)
{
    const QString line = timestamp() + u' ' + text;
    if (m_file)
        m_file->append(line);
    bufferLine(line);
}

void ServerConsole::printToConsole(const QString &text)
{
    bufferLine(timestamp() + u' ' + text);
}

void ServerConsole::bufferLine(const QString &line)
{
    m_output.append((line + u'\n').toLocal8Bit());
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ServerConsole::flush()
{
    m_flushTimer.stop();
    m_output.flush();
}

bool ServerConsole::takeClientLine()
{
    ++m_clientLinesThisSecond;
    if (!m_secondTimer.isActive())
        m_secondTimer.start();
    if (!m_coalescing && m_clientLinesThisSecond <= clientLinesPerSecond)
        return true;
    m_coalescing = true;
    return false;
}

void ServerConsole::endCoalescingSecond()
{
    printCoalescedClients();
    // Coalescing lasts while the seconds stay busy: a steady churn gets one line a second, not
    // the first few clients' lines each second and then the rest.
    m_coalescing = m_clientLinesThisSecond > clientLinesPerSecond;
    m_clientLinesThisSecond = 0;
    if (!m_coalescing)
        m_secondTimer.stop();
}

void ServerConsole::printCoalescedClients()
{
    if (m_coalesced.isEmpty())
        return;
    printLine(m_text.clientsInLastSecond(m_coalesced));
    m_coalesced = {};
}

void ServerConsole::printTotals()
{
    printCoalescedClients();
    const QString served = m_clientsServed == 1
        ? tr("1 client served")
        : tr("%n clients served", nullptr, int(m_clientsServed));
    printLine(tr("Totals: %1, %2 received, %3 echoed")
            .arg(served, formatByteCount(m_totalReceived, DigitGrouping::Plain),
                formatByteCount(m_totalEchoed, DigitGrouping::Plain)));
    flush();
}

void ServerConsole::countTraffic(const QList<TrafficSample> &samples)
{
    for (const TrafficSample &sample : samples) {
        m_totalReceived += sample.received;
        m_totalEchoed += sample.echoed;
        m_echoedSinceSummary += sample.echoed;
    }
}

void ServerConsole::printSummary()
{
    m_utcOffsetMs = QDateTime::currentDateTime().offsetFromUtc() * 1000LL; // daylight saving

    if (m_echoedSinceSummary == 0) {
        m_sinceSummary.restart();
        return;
    }
    const double seconds = qMax<qint64>(1, m_sinceSummary.restart()) / 1000.0;
    const double megabytesPerSecond = m_echoedSinceSummary / seconds / 1e6;
    printLine(tr("Summary: %1, %2 echoed in the last %3 s (%4 MB/s); %5 received, %6 echoed in all")
            .arg(clientCounts())
            .arg(formatByteCount(m_echoedSinceSummary, DigitGrouping::Plain))
            .arg(QLocale().toString(seconds, 'f', 1))
            .arg(QLocale().toString(megabytesPerSecond, 'f', 2))
            .arg(formatByteCount(m_totalReceived, DigitGrouping::Plain),
                formatByteCount(m_totalEchoed, DigitGrouping::Plain)));
    m_echoedSinceSummary = 0;
}

void ServerConsole::printListening()
{
    const Transports open = m_server->listeningTransports();
    const QString endpoint = m_server->listeningDescription();
    if (open.testFlag(Transport::Tcp)) {
        printLine(
            ServerEventText::listening(endpoint, m_server->workerCount(), m_server->maxClients()));
    }
    if (open.testFlag(Transport::Udp)) {
        printLine(ServerEventText::servingUdp(
            endpoint, m_server->workerCount(), m_server->maxUdpPeers()));
    }
}

QString ServerConsole::clientCounts() const
{
    const Transports open = m_server->listeningTransports();
    QStringList counts;
    if (open.testFlag(Transport::Tcp)) {
        const int clients = m_server->tcpClientCount();
        counts +=
            clients == 1 ? tr("1 client connected") : tr("%n clients connected", nullptr, clients);
    }
    // UDP has no connections: a peer is an address that sent datagrams lately.
    if (open.testFlag(Transport::Udp)) {
        const int peers = m_server->udpPeerCount();
        counts += peers == 1 ? tr("1 UDP peer") : tr("%n UDP peers", nullptr, peers);
    }
    return counts.join(tr(", "));
}
