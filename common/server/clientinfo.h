#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QMetaType>

// What the server tells the outside world about its clients. Plain values, so they can cross
// from a worker thread to the GUI thread in a queued signal.

struct ClientInfo
{
    quint64 id = 0;
    QHostAddress address;
    quint16 port = 0;
    int worker = 0;
    QDateTime since;
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
};

enum class LeaveReason {
    PeerClosed, // the client closed (or reset) its connection
    Error, // a socket error other than the peer closing
    DisconnectedByServer, // disconnectClient() was called
    ServerStopped, // stop() closed every session
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
