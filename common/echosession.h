#pragma once

#include "clientinfo.h"

#include <QObject>
#include <QTcpSocket>

#include <chrono>

// One accepted connection, living in a worker thread. Every byte read is written straight back
// in the same slot, unchanged; the bytes never leave the worker's thread.
class EchoSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoSession)

public:
    // Stop reading when this much echo is still waiting to be written; resume below the low mark.
    static constexpr qint64 defaultHighWatermark = 1024 * 1024;
    static constexpr qint64 defaultLowWatermark = 256 * 1024;
    static constexpr qint64 readChunk = 64 * 1024;
    // How long a session closed by the server may take to hand over its last echo.
    static constexpr std::chrono::milliseconds closeGrace { 2000 };

    EchoSession(quint64 id, int worker, QObject *parent = nullptr);

    // Takes over an accepted descriptor. On failure the descriptor is closed and false returned.
    bool open(qintptr descriptor);

    quint64 id() const { return m_info.id; }
    const ClientInfo &info() const { return m_info; }
    qint64 pendingEcho() const { return m_socket.bytesToWrite(); }
    // The most echo that ever waited to be written: bounded by the high watermark plus one read.
    qint64 peakPendingEcho() const { return m_peakPendingEcho; }

    // Traffic since the last call, with running totals; resets the interval counters.
    TrafficSample takeSample();
    bool hasUnreportedTraffic() const { return m_sample.reads > 0 || m_sample.echoed > 0; }

    // Closes the connection from the server's side; finished() follows.
    void close(LeaveReason reason);
    ClientDeparture departure() const;

signals:
    void trafficPending(EchoSession *session);
    void finished(EchoSession *session, const ClientDeparture &departure);

private:
    void echoAvailableBytes();
    void onBytesWritten(qint64 bytes);
    void onErrorOccurred(QAbstractSocket::SocketError error);
    void onDisconnected();

    // A little more than a preview shows, so the preview can be cut on a character boundary.
    static constexpr qsizetype previewCapture = 36;

    QTcpSocket m_socket { this };
    ClientInfo m_info;
    TrafficSample m_sample;
    LeaveReason m_leaveReason = LeaveReason::PeerClosed;
    QString m_leaveDetail;
    qint64 m_peakPendingEcho = 0;
    bool m_finished = false;
};
