#pragma once

#include "clientinfo.h"
#include "echosession.h"
#include "mailbox.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <variant>
#include <vector>

// Owns the sessions handed to it and runs in its own thread. Per-packet work stays here.
//
// Everything that crosses between this thread and the server's goes through two mailboxes
// guarded by std::mutex: commands in (adopt a descriptor, disconnect a client, shut down) and
// events out (arrived, shut down its sending side, left, a batch of traffic samples at most
// every reportInterval). A mailbox that was empty is announced with an argument-less queued
// signal. Qt's queued arguments would do the same job, but they synchronise through Qt's
// futex-based QMutex, which ThreadSanitizer can't see unless Qt itself is instrumented;
// std::mutex it sees, so the engine's threading is checked for real (see docs/ARCHITECTURE.md).
class EchoWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoWorker)

public:
    static constexpr std::chrono::milliseconds reportInterval { 100 };

    // A connection that failed while this worker took it over (error: an errno value; ENOTCONN
    // when the client reset it in the meantime). It never arrived; the server uncounts it.
    struct TakeOverFailure
    {
        quint64 id = 0;
        int error = 0;
    };
    // A client's half-close, told only while echo still waits for it (see EchoSession).
    struct SendingShutDown
    {
        quint64 id = 0;
        qint64 pendingEcho = 0;
    };
    using Event = std::variant<ClientInfo, ClientDeparture, QList<TrafficSample>, SendingShutDown,
        TakeOverFailure>;

    EchoWorker(int index, const PendingEchoLimits &limits, QObject *parent = nullptr);
    ~EchoWorker() override;

    int index() const { return m_index; }

    // Called from the server's thread; carried out in the worker's.
    void adopt(qintptr descriptor, quint64 id);
    void disconnectClient(quint64 id);
    // Closes every session, reports their departures, then ends the worker's thread. Delete the
    // worker only after the thread has ended and takeEvents() has been called once more.
    void shutdown();

    // Called from the server's thread: the events since the last call, oldest first.
    std::vector<Event> takeEvents();

signals:
    void commandsPosted();
    void eventsPosted();

private:
    struct Adopt
    {
        qintptr descriptor;
        quint64 id;
    };
    struct Disconnect
    {
        quint64 id;
    };
    struct Shutdown
    {
    };
    using Command = std::variant<Adopt, Disconnect, Shutdown>;

    void post(Command command);
    void publish(Event event);
    void runCommands();
    void adoptNow(qintptr descriptor, quint64 id);
    void closeAll();
    void markPending(EchoSession *session);
    void reportTraffic();
    void reportTrafficOf(EchoSession *session);
    void onClientShutDownSending(EchoSession *session);
    void onSessionFinished(EchoSession *session, const ClientDeparture &departure);

    const int m_index = 0;
    const PendingEchoLimits m_limits;

    Mailbox<Command> m_inbox;
    Mailbox<Event> m_outbox;

    // Worker thread only.
    QHash<quint64, EchoSession *> m_sessions;
    QSet<EchoSession *> m_pending;
    QTimer *m_reportTimer = nullptr;
    bool m_watchingPasses = false;
};
