#include "servereventtext.h"

#include "bytecount.h"
#include "echoserver.h"

#include <cerrno>
#include <cstring>

namespace {

QString leaveReasonText(const ClientDeparture &departure)
{
    QString what;
    switch (departure.reason) {
    case LeaveReason::PeerClosed:
        what = ServerEventText::tr("closed the connection");
        break;
    case LeaveReason::Error:
        what = ServerEventText::tr("connection lost");
        break;
    case LeaveReason::DisconnectedByServer:
        what = ServerEventText::tr("disconnected by the server");
        break;
    case LeaveReason::ServerStopped:
        what = ServerEventText::tr("disconnected because the server stopped");
        break;
    }
    if (!departure.detail.isEmpty())
        what = ServerEventText::tr("%1: %2").arg(what, departure.detail);
    return what;
}

} // namespace

QString ServerEventText::clientEndpoint(const ClientInfo &client)
{
    bool isIPv4 = false;
    const quint32 ipv4 = client.address.toIPv4Address(&isIPv4);
    return EchoServer::describeEndpoint(isIPv4 ? QHostAddress(ipv4) : client.address, client.port);
}

QString ServerEventText::clientName(quint64 id) const
{
    const QString endpoint = m_names.value(id);
    if (endpoint.isEmpty())
        return tr("client #%1").arg(id);
    return tr("client #%1 %2").arg(id).arg(endpoint);
}

QString ServerEventText::arrival(const ClientInfo &client)
{
    m_names.insert(client.id, clientEndpoint(client));
    return tr("%1: connection accepted").arg(clientName(client.id));
}

QString ServerEventText::shutDownSending(quint64 id, qint64 pendingEcho) const
{
    return tr("%1: shut down its sending side; echoing the remaining %2, then closing")
        .arg(clientName(id), formatByteCount(pendingEcho, DigitGrouping::Plain));
}

QString ServerEventText::departure(const ClientDeparture &departure)
{
    const QString line = tr("%1: %2 (%3 received, %4 echoed in total)")
                             .arg(clientName(departure.id), leaveReasonText(departure),
                                 formatByteCount(departure.totalReceived, DigitGrouping::Plain),
                                 formatByteCount(departure.totalEchoed, DigitGrouping::Plain));
    m_names.remove(departure.id);
    return line;
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
