#pragma once

#include "clientinfo.h"

#include <QObject>

#include <chrono>

class QSocketNotifier;
class QTimer;

// One accepted connection, living in a worker thread. Every byte read is written straight back
// in the same slot, unchanged; the bytes never leave the worker's thread.
//
// It works on the bare descriptor with two QSocketNotifiers rather than a QTcpSocket: QTcpSocket
// closes the descriptor the moment it reads the end of the client's stream, throwing away echo
// still waiting in its write buffer (a client that half-closes would lose the tail of its echo),
// and it keeps 48 KiB of buffers per connection after the first echo. Here an idle connection
// costs no buffer at all, reads go through one buffer per worker thread, and only echo the
// kernel would not take yet is kept, up to a high watermark.
class EchoSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoSession)

public:
    // Stop reading when this much echo is still waiting to be written; resume below the low mark.
    static constexpr qint64 defaultHighWatermark = 1024 * 1024;
    static constexpr qint64 defaultLowWatermark = 256 * 1024;
    static constexpr qint64 readChunk = 64 * 1024;
    // Reads per wake-up at most, so one busy client can't starve the others of its worker.
    static constexpr int readsPerWakeUp = 16;
    // How long a session closed by the server may take to hand over its last echo.
    static constexpr std::chrono::milliseconds closeGrace { 2000 };

    EchoSession(quint64 id, int worker, QObject *parent = nullptr);
    ~EchoSession() override;

    // Takes over an accepted descriptor; returns false (and closes nothing) if it is unusable,
    // with the reason in openError() (an errno value: ENOTCONN if the client reset it already).
    bool open(qintptr descriptor);
    int openError() const { return m_openError; }

    quint64 id() const { return m_info.id; }
    const ClientInfo &info() const { return m_info; }
    qint64 pendingEcho() const { return m_pending.size() - m_pendingOffset; }
    // The most echo that ever waited to be written: bounded by the high watermark plus one read.
    qint64 peakPendingEcho() const { return m_peakPendingEcho; }

    // Traffic since the last call, with running totals; resets the interval counters.
    TrafficSample takeSample();
    bool hasUnreportedTraffic() const { return m_sample.reads > 0 || m_sample.echoed > 0; }

    // Closes the connection from the server's side: the echo already read is still sent, for at
    // most closeGrace; finished() follows.
    void close(LeaveReason reason);
    ClientDeparture departure() const;

signals:
    void trafficPending(EchoSession *session);
    // The client shut down its sending side (a half-close) while some of its echo still waits
    // here: it gets that echo, then the session closes. At most once per session; an end of
    // stream with nothing left to echo is followed by finished() alone.
    void clientShutDownSending(EchoSession *session);
    void finished(EchoSession *session, const ClientDeparture &departure);

private:
    void onReadable();
    void onWritable();
    // Sends what it can of data without blocking; returns the bytes taken, or -1 on error.
    qint64 sendSome(const char *data, qint64 size);
    void keepPending(const char *data, qint64 size);
    void countEchoed(qint64 bytes);
    void notePreview(const char *data, qint64 size);
    void finishWithError(int error);
    void finish();

    int m_descriptor = -1;
    int m_openError = 0;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_graceTimer = nullptr;
    QByteArray m_pending; // echo the kernel has not taken yet, from m_pendingOffset on
    qsizetype m_pendingOffset = 0;
    ClientInfo m_info;
    TrafficSample m_sample;
    LeaveReason m_leaveReason = LeaveReason::PeerClosed;
    QString m_leaveDetail;
    qint64 m_peakPendingEcho = 0;
    bool m_peerDoneSending = false;
    bool m_closing = false;
    bool m_finished = false;
};
