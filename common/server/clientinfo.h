#pragma once

#include "transport.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QMetaType>

// What the server tells the outside world about its clients. Plain values, so they can cross
// from a worker thread to the GUI thread in a queued signal.

// A "client" is a TCP connection or a UDP peer (an address and port datagrams came from,
// remembered until it has been silent for a while).
struct ClientInfo
{
    quint64 id = 0;
    QHostAddress address;
    quint16 port = 0;
    int worker = 0;
    QDateTime since;
    Transport transport = Transport::Tcp;
};

// One client's traffic over one reporting interval, plus its running totals.
struct TrafficSample
{
    quint64 id = 0;
    qint64 received = 0;
    qint64 echoed = 0;
    int reads = 0;
    qint64 totalReceived = 0;
    qint64 totalEchoed = 0;
    QByteArray preview; // the first bytes received in this interval
    bool previewTruncated = false;
    // UDP only (reads counts the datagrams received): datagrams echoed, and echoes the kernel
    // refused (dropped and counted, never waited for), in this interval and in all.
    int datagramsEchoed = 0;
    int echoesDropped = 0;
    qint64 totalDatagramsReceived = 0;
    qint64 totalDatagramsEchoed = 0;
    qint64 totalEchoesDropped = 0;
};

enum class LeaveReason {
    PeerClosed, // the client closed (or reset) its connection
    Error, // a socket error other than the peer closing
    DisconnectedByServer, // disconnectClient() was called
    ServerStopped, // stop() closed every session
    Expired, // a UDP peer silent for the peer timeout (60 s) is forgotten
    Forgotten, // a UDP peer forgotten to make room: the oldest goes at the peer cap
};

struct ClientDeparture
{
    quint64 id = 0;
    LeaveReason reason = LeaveReason::PeerClosed;
    QString detail;
    qint64 totalReceived = 0;
    qint64 totalEchoed = 0;
};

Q_DECLARE_METATYPE(ClientInfo)
Q_DECLARE_METATYPE(TrafficSample)
Q_DECLARE_METATYPE(ClientDeparture)
