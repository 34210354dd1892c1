#pragma once

#include "clientinfo.h"

#include <QObject>

#include <chrono>
#include <memory>

class PendingEchoBudget;
class QSocketNotifier;
class QTimer;
struct sockaddr;

// How much echo the kernel refused a session may keep: its own allowance, and a budget shared by
// all sessions of a server (nullptr: none).
struct PendingEchoLimits
{
    qint64 allowance = 64 * 1024;
    PendingEchoBudget *budget = nullptr;
};

// One accepted connection, living in a worker thread. Every byte read is written straight back
// in the same slot, unchanged; the bytes never leave the worker's thread.
//
// It works on the bare descriptor with two QSocketNotifiers rather than a QTcpSocket: QTcpSocket
// closes the descriptor the moment it reads the end of the client's stream, throwing away echo
// still waiting in its write buffer (a client that half-closes would lose the tail of its echo),
// and it keeps 48 KiB of buffers per connection after the first echo. Here an idle connection
// costs no buffer at all and reads go through one buffer per worker thread.
//
// Only echo the kernel would not take yet is kept, and little of it, so that a client that does
// not read costs the server almost nothing: at most the allowance (one read), in one buffer taken
// from the shared budget, freed as soon as the kernel has taken it all. Reading stops at the
// allowance and resumes below half of it; the rest waits in the kernel's socket buffers, which
// TCP bounds by slowing the client down. When the budget is spent, the session keeps nothing:
// it peeks at what arrived, echoes it, and consumes only what the kernel took, so a client that
// reads its echo is still served while clients that don't hold every buffer.
class EchoSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoSession)

public:
    static constexpr qint64 defaultPendingEchoAllowance = PendingEchoLimits {}.allowance;
    static constexpr qint64 readChunk = 64 * 1024;
    // Reads per wake-up at most, so one busy client can't starve the others of its worker. Shared
    // out among the sessions that read in the event loop's last pass: with hundreds of busy
    // clients each gets one read a pass, so a pass (and a ping-pong's wait for it) stays short.
    static constexpr int readsPerWakeUp = 16;
    // How long a session closed by the server may take to hand over its last echo.
    static constexpr std::chrono::milliseconds closeGrace { 2000 };

    EchoSession(quint64 id, int worker, QObject *parent = nullptr);
    ~EchoSession() override;

    // Tells the sessions of the calling thread that its event loop starts a new pass (the
    // worker calls it when the loop wakes up); see readsPerWakeUp.
    static void startEventLoopPass();

    // Before open(); the allowance is at least 1 byte.
    void setPendingEchoLimits(const PendingEchoLimits &limits);
    // Takes over an accepted descriptor; returns false (and closes nothing) if it is unusable,
    // with the reason in openError() (an errno value: ENOTCONN if the client reset it already).
    bool open(qintptr descriptor);
    // Takes over a non-blocking descriptor whose peer the caller knows already (a worker that
    // accepted it): no system call but TCP_NODELAY.
    void open(qintptr descriptor, const sockaddr *peer);
    int openError() const { return m_openError; }

    quint64 id() const { return m_info.id; }
    const ClientInfo &info() const { return m_info; }
    qint64 pendingEcho() const { return m_pendingEnd - m_pendingBegin; }
    // The most echo that ever waited to be written here: bounded by the allowance.
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
    enum class Next { Read, Stop };

    void onReadable();
    void onWritable();
    Next readAndEcho();
    Next readBehindPendingEcho();
    Next echoWithoutKeeping();
    Next readFailed(int error);
    void countReceived(const char *data, qint64 size);
    // Sends what it can of data without blocking; returns the bytes taken, or -1 on error.
    qint64 sendSome(const char *data, qint64 size);
    void keepPending(const char *data, qint64 size);
    void freePending();
    void giveBackBudget();
    void stopReading();
    void resumeReading();
    void waitUntilWritable();
    void watchWritable();
    void reachedEndOfStream();
    void countEchoed(qint64 bytes);
    void finishWithError(int error);
    void finish();

    int m_descriptor = -1;
    int m_openError = 0;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_graceTimer = nullptr;
    PendingEchoLimits m_limits;
    // The budget this session holds: 0, or one allowance while it reads or while echo waits.
    qint64 m_budgetHeld = 0;
    // Echo the kernel has not taken yet: m_pending[m_pendingBegin, m_pendingEnd), in a buffer
    // of m_limits.allowance bytes that exists only while some echo waits.
    std::unique_ptr<char[]> m_pending;
    qint64 m_pendingBegin = 0;
    qint64 m_pendingEnd = 0;
    ClientInfo m_info;
    TrafficSample m_sample;
    LeaveReason m_leaveReason = LeaveReason::PeerClosed;
    QString m_leaveDetail;
    qint64 m_peakPendingEcho = 0;
    bool m_peerDoneSending = false;
    bool m_closing = false;
    bool m_finished = false;
};
