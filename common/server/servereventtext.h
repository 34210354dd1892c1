#pragma once

#include "clientinfo.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>

// The words for what the echo server reports, in both of the server's voices, side by side so
// that an event is worded in one place:
// - Console: the headless server's lines (and its --log-file), each naming its client,
//   "client #3 127.0.0.1:40312: connection accepted", counts in plain digits;
// - Log: the window's log, where the client stands in a column of its own and the line says what
//   happened, "Connection accepted from 127.0.0.1:40312, served by worker 1".
// Remembers each client's address from its arrival until forget(), so later lines can name it.
class ServerEventText final
{
    Q_DECLARE_TR_FUNCTIONS(ServerEventText)

public:
    enum class Voice { Console, Log };

    // What clients did over a while, told in one line instead of one line per event.
    struct ClientTally
    {
        int arrived = 0;
        int shutDownSending = 0;
        int left = 0;
        qint64 received = 0; // in all, by the clients that left
        qint64 echoed = 0;
        // UDP peers: first heard from, and forgotten (their bytes are not in the totals above).
        int peersArrived = 0;
        int peersLeft = 0;

        bool isEmpty() const
        {
            return arrived == 0 && shutDownSending == 0 && left == 0 && peersArrived == 0 &&
                peersLeft == 0;
        }
    };

    explicit ServerEventText(Voice voice)
        : m_voice(voice)
    { }

    // The console says that the server listens in one line, the log in one per socket step, as
    // a C server takes them (QTcpServer makes the three calls in one go).
    static QString listening(const QString &endpoint, int workers, int maxClients);
    static QString socketCreated(const QHostAddress &address);
    static QString boundTo(const QString &endpoint);
    static QString listeningWithBacklog(const QString &endpoint, int backlog, int workers);
    static QString stoppedListening(const QString &endpoint);
    // UDP's socket step: "Created a UDP IPv4 socket for each worker (2), sharing the port with
    // SO_REUSEPORT" (then boundTo, and no listen: datagrams need no connection).
    static QString udpSocketsCreated(const QHostAddress &address, int sockets);
    // The console's line for UDP: "Serving UDP on 127.0.0.1:22000 with 2 worker sockets (at most
    // 10000 peers remembered)".
    static QString servingUdp(const QString &endpoint, int sockets, int maxPeers);

    // A TCP connection accepted, or a UDP peer's first datagram: "First datagram from
    // 127.0.0.1:5000 (UDP), served by worker 1" (log), "peer #3 127.0.0.1:5000 (UDP): first
    // datagram" (console).
    QString arrival(const ClientInfo &client);
    // Learns the client's address, as arrival() does, for an arrival that is not told alone.
    void remember(const ClientInfo &client)
    {
        m_names.insert(client.id, { clientEndpoint(client), client.transport });
    }
    // A half-close: the client shut down its sending side with pendingEcho bytes still to echo.
    QString shutDownSending(quint64 id, qint64 pendingEcho) const;
    QString departure(const ClientDeparture &departure) const;
    // After its departure is told: the client is named by its number only from then on.
    void forget(quint64 id) { m_names.remove(id); }
    void clear() { m_names.clear(); }

    // What a client sent and got back over a while (the log's data lines); the preview shows
    // the first bytes as every network byte is shown, never obeyed.
    static QString received(qint64 bytes, int reads, const QByteArray &preview, bool truncated);
    static QString echoed(qint64 bytes);
    // The same for a UDP peer, whose reads are datagrams: "Received 15 datagrams, 15 bytes:
    // "hello…"", "Echoed 15 datagrams, 15 bytes; 3 dropped: the kernel refused them".
    static QString receivedDatagrams(
        int datagrams, qint64 bytes, const QByteArray &preview, bool truncated);
    static QString echoedDatagrams(int datagrams, qint64 bytes, int dropped);

    // "In the last second: 412 clients connected, 410 left (41000 bytes received, 41000 bytes
    // echoed in total)"; an empty tally gives an empty string.
    QString clientsInLastSecond(const ClientTally &tally) const;

    static QString refusal(int count, int limit);
    // Connections gone before a worker could serve them (error: an errno value).
    static QString lostBeforeServed(int count, int error);

    // "client #3 127.0.0.1:40312" (console), "#3 127.0.0.1:40312" (log); without the address
    // when it is not known. A UDP peer: "peer #3 127.0.0.1:5000 (UDP)", "#3 127.0.0.1:5000 (UDP)".
    QString clientName(quint64 id) const;
    // "127.0.0.1:53422": an IPv4 client of a dual-stack server shows as IPv4, not ::ffff:…
    static QString clientEndpoint(const ClientInfo &client);
    // Whether a client remembered (from its arrival until forget()) is a UDP peer.
    bool isUdpPeer(quint64 id) const { return m_names.value(id).transport == Transport::Udp; }

private:
    struct Name
    {
        QString endpoint;
        Transport transport = Transport::Tcp;
    };

    static QString socketFamily(const QHostAddress &address);
    QString leaveReason(const ClientDeparture &departure) const;
    QString udpLeaveReason(const ClientDeparture &departure) const;
    QString byteCount(qint64 bytes) const;

    Voice m_voice;
    QHash<quint64, Name> m_names;
};
