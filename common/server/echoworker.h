#pragma once

#include "clientinfo.h"
#include "echosession.h"
#include "mailbox.h"
#include "udpechoport.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <sys/socket.h>
#include <variant>
#include <vector>

class ClientAdmission;
class QSocketNotifier;
class UdpEchoPort;

// Accepts connections from the server's listening socket and serves them, in its own thread:
// a connection is accepted in the thread that serves it, and per-packet work stays here.
//
// Every worker watches the one listening descriptor in its own epoll set (level-triggered: a
// worker that finds the queue already emptied by another gets EAGAIN and goes back to sleep).
// A connection gone by the time it is accepted (the client reset it in the queue) is closed and
// told as lost, one past the client limit is closed and told as refused (ClientAdmission, shared
// by the workers, keeps both exact and the limit too); neither is ever counted as a client.
// Running out of descriptors (EMFILE and the like) stops this worker's accepting for
// retryInterval, so a level-triggered listening socket can't spin it, while the connections
// wait in the kernel's queue.
//
// Everything that crosses between this thread and the server's goes through two mailboxes
// guarded by std::mutex: commands in (start accepting, disconnect a client, shut down) and
// events out (arrived, shut down its sending side, left, a batch of traffic samples at most
// every reportInterval, connections turned away, accepting troubles). A mailbox that was empty
// is announced with an argument-less queued signal (the outbox announceDelay after its first
// event). Qt's queued arguments would do the same job, but they synchronise through Qt's
// futex-based QMutex, which ThreadSanitizer can't see unless Qt itself is instrumented;
// std::mutex it sees, so the engine's threading is checked for real (see docs/ARCHITECTURE.md).
class EchoWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoWorker)

public:
    static constexpr std::chrono::milliseconds reportInterval { 100 };
    // How long events wait in the outbox before the server's thread is told of them: a connect
    // storm or churn then wakes that thread a few hundred times a second, not once per event.
    static constexpr std::chrono::milliseconds announceDelay { 5 };
    static constexpr std::chrono::milliseconds retryInterval { 100 };
    // Accepted per wake-up at most, so a connect storm can't starve the sessions of the worker.
    static constexpr int acceptBatch = 64;
    // How long a worker ahead of the others (ClientAdmission::isAhead) leaves the next
    // connections to them; it takes one itself after that, should none of them have.
    static constexpr std::chrono::milliseconds fairShareWait { 10 };

    // Connections were turned away (ClientAdmission holds how many): told once per batch.
    struct ConnectionsTurnedAway
    {
    };
    // accept() failed for want of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM).
    struct OutOfDescriptors
    {
    };
    struct AcceptFailed
    {
        QString message;
    };
    // A client's half-close, told only while echo still waits for it (see EchoSession).
    struct SendingShutDown
    {
        quint64 id = 0;
        qint64 pendingEcho = 0;
    };
    using Event = std::variant<ClientInfo, ClientDeparture, QList<TrafficSample>, SendingShutDown,
        ConnectionsTurnedAway, OutOfDescriptors, AcceptFailed>;

    EchoWorker(int index, const PendingEchoLimits &limits, ClientAdmission *admission,
        QObject *parent = nullptr);
    ~EchoWorker() override;

    int index() const { return m_index; }

    // Called from the server's thread; carried out in the worker's.
    // Starts accepting from a listening descriptor, which stays open until shutdown() is done.
    void acceptFrom(qintptr listening);
    // Starts echoing the datagrams of this worker's UDP socket (see UdpEchoPort), which stays
    // open until shutdown() is done. Its peers are clients of this worker too.
    void serveUdp(qintptr descriptor, const UdpPeerLimits &limits);
    void disconnectClient(quint64 id);
    // Stops accepting, closes every session, reports their departures, then ends the worker's
    // thread. Delete the worker only after the thread has ended and takeEvents() has been
    // called once more.
    void shutdown();

    // Called from the server's thread: the events since the last call, oldest first.
    std::vector<Event> takeEvents();

signals:
    void commandsPosted();
    void eventsPosted();

private:
    struct AcceptFrom
    {
        qintptr listening;
    };
    struct ServeUdp
    {
        qintptr descriptor;
        UdpPeerLimits limits;
    };
    struct Disconnect
    {
        quint64 id;
    };
    struct Shutdown
    {
    };
    using Command = std::variant<AcceptFrom, ServeUdp, Disconnect, Shutdown>;

    void post(Command command);
    void publish(Event event);
    void runCommands();
    void startAccepting(qintptr listening);
    void startServingUdp(const ServeUdp &command);
    void closeClient(quint64 id);
    void finish();
    void stopAccepting();
    void acceptPending();
    void serve(int descriptor, const sockaddr_storage &peer);
    void pauseAccepting(std::chrono::milliseconds pause);
    void turnAway(bool firstToTell);
    void closeAll();
    void markPending(EchoSession *session);
    void reportTraffic();
    void reportTrafficOf(EchoSession *session);
    void onClientShutDownSending(EchoSession *session);
    void onSessionFinished(EchoSession *session, const ClientDeparture &departure);

    const int m_index = 0;
    const PendingEchoLimits m_limits;
    ClientAdmission *const m_admission;

    Mailbox<Command> m_inbox;
    Mailbox<Event> m_outbox;

    // Worker thread only.
    QHash<quint64, EchoSession *> m_sessions;
    QSet<EchoSession *> m_pending;
    QTimer *m_reportTimer = nullptr;
    QTimer *m_announceTimer = nullptr;
    QSocketNotifier *m_acceptNotifier = nullptr;
    UdpEchoPort *m_udp = nullptr;
    QTimer *m_retryTimer = nullptr;
    bool m_leftToOthers = false;
};
