#pragma once

#include "clientinfo.h"

#include <QDateTime>
#include <QHostAddress>

// The engine's reports as the server window's models receive them, made up for tests: a client
// from 127.0.0.1 whose port follows its number, its traffic, its departure.
namespace madeup {

inline ClientInfo client(quint64 id, quint16 firstPort = 40000,
    const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
{
    ClientInfo info;
    info.id = id;
    info.address = address;
    info.port = quint16(firstPort + id % 20000);
    info.since = QDateTime::currentDateTime();
    return info;
}

// `bytes` received and echoed in one read, `totalBytes` each way so far.
inline TrafficSample traffic(quint64 id, qint64 bytes, qint64 totalBytes)
{
    TrafficSample sample;
    sample.id = id;
    sample.received = bytes;
    sample.echoed = bytes;
    sample.reads = 1;
    sample.totalReceived = totalBytes;
    sample.totalEchoed = totalBytes;
    return sample;
}

// `totalBytes` received and echoed in all; `detail` says what the error was.
inline ClientDeparture departure(quint64 id, qint64 totalBytes = 0,
    LeaveReason reason = LeaveReason::PeerClosed, const QString &detail = {})
{
    ClientDeparture gone;
    gone.id = id;
    gone.reason = reason;
    gone.detail = detail;
    gone.totalReceived = totalBytes;
    gone.totalEchoed = totalBytes;
    return gone;
}

} // namespace madeup
