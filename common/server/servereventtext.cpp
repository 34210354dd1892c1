#include "servereventtext.h"

#include "bytecount.h"
#include "controlbytes.h"
#include "defaults.h"
#include "echoserver.h"

#include <cerrno>
#include <cstring>

QString ServerEventText::listening(const QString &endpoint, int workers, int maxClients)
{
    return tr("Listening on %1 with %n worker threads (at most %2 clients)", nullptr, workers)
        .arg(endpoint)
        .arg(maxClients);
}

QString ServerEventText::socketFamily(const QHostAddress &address)
{
    if (address == QHostAddress(QHostAddress::Any))
        return tr("IPv6 socket that also accepts IPv4");
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return tr("IPv6 socket");
    return tr("IPv4 socket");
}

QString ServerEventText::socketCreated(const QHostAddress &address)
{
    return tr("Created a TCP %1").arg(socketFamily(address));
}

QString ServerEventText::udpSocketsCreated(const QHostAddress &address, int sockets)
{
    return tr("Created a UDP %1 for each worker (%n), sharing the port with SO_REUSEPORT", nullptr,
        sockets)
        .arg(socketFamily(address));
}

QString ServerEventText::boundTo(const QString &endpoint)
{
    return tr("Bound to %1").arg(endpoint);
}

QString ServerEventText::listeningWithBacklog(const QString &endpoint, int backlog, int workers)
{
    return tr("Listening on %1 (backlog %2, %n worker threads)", nullptr, workers)
        .arg(endpoint)
        .arg(backlog);
}

QString ServerEventText::stoppedListening(const QString &endpoint)
{
    return tr("Stopped listening on %1").arg(endpoint);
}

QString ServerEventText::servingUdp(const QString &endpoint, int sockets, int maxPeers)
{
    return tr(
        "Serving UDP on %1 with %n worker sockets (at most %2 peers remembered)", nullptr, sockets)
        .arg(endpoint)
        .arg(maxPeers);
}

QString ServerEventText::clientEndpoint(const ClientInfo &client)
{
    bool isIPv4 = false;
    const quint32 ipv4 = client.address.toIPv4Address(&isIPv4);
    return EchoServer::describeEndpoint(isIPv4 ? QHostAddress(ipv4) : client.address, client.port);
}

QString ServerEventText::clientName(quint64 id) const
{
    const Name name = m_names.value(id);
    if (name.transport == Transport::Udp) {
        return m_voice == Voice::Log ? tr("#%1 %2 (UDP)").arg(id).arg(name.endpoint)
                                     : tr("peer #%1 %2 (UDP)").arg(id).arg(name.endpoint);
    }
    const QString &endpoint = name.endpoint;
    if (m_voice == Voice::Log)
        return endpoint.isEmpty() ? tr("#%1").arg(id) : tr("#%1 %2").arg(id).arg(endpoint);
    return endpoint.isEmpty() ? tr("client #%1").arg(id)
                              : tr("client #%1 %2").arg(id).arg(endpoint);
}

QString ServerEventText::byteCount(qint64 bytes) const
{
    return formatByteCount(
        bytes, m_voice == Voice::Console ? DigitGrouping::Plain : DigitGrouping::Grouped);
}

QString ServerEventText::arrival(const ClientInfo &client)
{
    remember(client);
    const QString endpoint = m_names.value(client.id).endpoint;
    if (client.transport == Transport::Udp) {
        if (m_voice == Voice::Log) {
            return tr("First datagram from %1 (UDP), served by worker %2")
                .arg(endpoint)
                .arg(client.worker + 1);
        }
        return tr("%1: first datagram").arg(clientName(client.id));
    }
    if (m_voice == Voice::Log) {
        return tr("Connection accepted from %1, served by worker %2")
            .arg(endpoint)
            .arg(client.worker + 1);
    }
    return tr("%1: connection accepted").arg(clientName(client.id));
}

QString ServerEventText::shutDownSending(quint64 id, qint64 pendingEcho) const
{
    if (m_voice == Voice::Log) {
        return tr("Client shut down its sending side; echoing the remaining %1, then closing")
            .arg(byteCount(pendingEcho));
    }
    return tr("%1: shut down its sending side; echoing the remaining %2, then closing")
        .arg(clientName(id), byteCount(pendingEcho));
}

QString ServerEventText::udpLeaveReason(const ClientDeparture &departure) const
{
    // No connection to close: the server forgets the peer, which may send again.
    const bool log = m_voice == Voice::Log;
    switch (departure.reason) {
    case LeaveReason::DisconnectedByServer:
        return log ? tr("UDP peer forgotten by the server") : tr("forgotten by the server");
    case LeaveReason::ServerStopped:
        return log ? tr("UDP peer forgotten because the server stopped")
                   : tr("forgotten because the server stopped");
    default:
        return leaveReason(departure);
    }
}

QString ServerEventText::leaveReason(const ClientDeparture &departure) const
{
    const bool log = m_voice == Voice::Log;
    QString what;
    switch (departure.reason) {
    case LeaveReason::PeerClosed:
        what = log ? tr("Client closed the connection") : tr("closed the connection");
        break;
    case LeaveReason::Error:
        what = log ? tr("Connection lost") : tr("connection lost");
        break;
    case LeaveReason::DisconnectedByServer:
        what = log ? tr("Connection closed by the server") : tr("disconnected by the server");
        break;
    case LeaveReason::ServerStopped:
        what = log ? tr("Disconnected because the server stopped")
                   : tr("disconnected because the server stopped");
        break;
    case LeaveReason::Expired:
        what = log ? tr("UDP peer silent for %1 s, forgotten").arg(udpPeerTimeoutSeconds)
                   : tr("silent for %1 s, forgotten").arg(udpPeerTimeoutSeconds);
        break;
    case LeaveReason::Forgotten:
        what = log ? tr("UDP peer forgotten to make room for a newer one")
                   : tr("forgotten to make room for a newer UDP peer");
        break;
    }
    if (!departure.detail.isEmpty())
        what = tr("%1: %2").arg(what, departure.detail);
    return what;
}

QString ServerEventText::departure(const ClientDeparture &departure) const
{
    const QString received = byteCount(departure.totalReceived);
    const QString echoed = byteCount(departure.totalEchoed);
    const QString reason =
        isUdpPeer(departure.id) ? udpLeaveReason(departure) : leaveReason(departure);
    if (m_voice == Voice::Log) {
        return tr("%1 (%2)").arg(
            reason, tr("%1 received, %2 echoed in total").arg(received, echoed));
    }
    return tr("%1: %2 (%3 received, %4 echoed in total)")
        .arg(clientName(departure.id), reason, received, echoed);
}

QString ServerEventText::clientsInLastSecond(const ClientTally &tally) const
{
    QStringList parts;
    if (tally.arrived > 0) {
        parts += tally.arrived == 1 ? tr("1 client connected")
                                    : tr("%n clients connected", nullptr, tally.arrived);
    }
    if (tally.shutDownSending > 0) {
        parts += tally.shutDownSending == 1
            ? tr("1 client shut down its sending side")
            : tr("%n clients shut down their sending side", nullptr, tally.shutDownSending);
    }
    if (tally.left > 0) {
        const QString received = byteCount(tally.received);
        const QString echoed = byteCount(tally.echoed);
        parts += tally.left == 1
            ? tr("1 client left (%1 received, %2 echoed in total)").arg(received, echoed)
            : tr("%n clients left (%1 received, %2 echoed in total)", nullptr, tally.left)
                  .arg(received, echoed);
    }
    if (tally.peersArrived > 0) {
        parts += tally.peersArrived == 1 ? tr("1 new UDP peer")
                                         : tr("%n new UDP peers", nullptr, tally.peersArrived);
    }
    if (tally.peersLeft > 0) {
        parts += tally.peersLeft == 1 ? tr("1 UDP peer forgotten")
                                      : tr("%n UDP peers forgotten", nullptr, tally.peersLeft);
    }
    if (parts.isEmpty())
        return {};
    return tr("In the last second: %1").arg(parts.join(QStringLiteral(", ")));
}

QString ServerEventText::received(
    qint64 bytes, int reads, const QByteArray &preview, bool truncated)
{
    const QString readCount = reads == 1 ? tr("1 read") : tr("%Ln reads", nullptr, reads);
    const QString message = tr("Received %1 in %2").arg(formatByteCount(bytes), readCount);
    if (preview.isEmpty())
        return message;
    return tr("%1: \"%2\"").arg(message, previewBytes(preview, truncated));
}

QString ServerEventText::echoed(qint64 bytes)
{
    return tr("Echoed %1").arg(formatByteCount(bytes));
}

QString ServerEventText::receivedDatagrams(
    int datagrams, qint64 bytes, const QByteArray &preview, bool truncated)
{
    const QString count =
        datagrams == 1 ? tr("1 datagram") : tr("%Ln datagrams", nullptr, datagrams);
    const QString message = tr("Received %1, %2").arg(count, formatByteCount(bytes));
    if (preview.isEmpty())
        return message;
    return tr("%1: \"%2\"").arg(message, previewBytes(preview, truncated));
}

QString ServerEventText::echoedDatagrams(int datagrams, qint64 bytes, int dropped)
{
    const QString count =
        datagrams == 1 ? tr("1 datagram") : tr("%Ln datagrams", nullptr, datagrams);
    const QString message = tr("Echoed %1, %2").arg(count, formatByteCount(bytes));
    if (dropped == 0)
        return message;
    return dropped == 1
        ? tr("%1; 1 dropped: the kernel refused it").arg(message)
        : tr("%1; %Ln dropped: the kernel refused them", nullptr, dropped).arg(message);
}

QString ServerEventText::refusal(int count, int limit)
{
    return count == 1
        ? tr("Refused 1 connection: the limit of %1 clients is reached.").arg(limit)
        : tr("Refused %n connections: the limit of %1 clients is reached.", nullptr, count)
              .arg(limit);
}

QString ServerEventText::lostBeforeServed(int count, int error)
{
    if (error == ENOTCONN || error == ECONNRESET || error == ECONNABORTED) {
        return count == 1
            ? tr("A client reset its connection before it was served.")
            : tr("%n clients reset their connection before they were served.", nullptr, count);
    }
    const QString reason = QString::fromLocal8Bit(std::strerror(error));
    return count == 1
        ? tr("Lost 1 connection before it was served: %1").arg(reason)
        : tr("Lost %n connections before they were served: %1", nullptr, count).arg(reason);
}
