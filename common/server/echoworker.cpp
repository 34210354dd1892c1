#include "echoworker.h"

#include "echosession.h"

#include <QAbstractEventDispatcher>
#include <QThread>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

EchoWorker::EchoWorker(int index, const PendingEchoLimits &limits, QObject *parent)
    : QObject(parent)
    , m_index(index)
    , m_limits(limits)
    , m_reportTimer(new QTimer(this))
{
    m_reportTimer->setInterval(reportInterval);
    m_reportTimer->setSingleShot(true);
    connect(m_reportTimer, &QTimer::timeout, this, &EchoWorker::reportTraffic);
    // Queued: emitted from the server's thread, run in ours.
    connect(
        this, &EchoWorker::commandsPosted, this, &EchoWorker::runCommands, Qt::QueuedConnection);
}

EchoWorker::~EchoWorker()
{
    qDeleteAll(m_sessions);
}

void EchoWorker::adopt(qintptr descriptor, quint64 id)
{
    post(Adopt { descriptor, id });
}

void EchoWorker::disconnectClient(quint64 id)
{
    post(Disconnect { id });
}

void EchoWorker::shutdown()
{
    post(Shutdown {});
}

std::vector<EchoWorker::Event> EchoWorker::takeEvents()
{
    return m_outbox.takeAll();
}

void EchoWorker::post(Command command)
{
    if (m_inbox.post(std::move(command)))
        emit commandsPosted();
}

void EchoWorker::publish(Event event)
{
    if (m_outbox.post(std::move(event)))
        emit eventsPosted();
}

void EchoWorker::runCommands()
{
    for (const Command &command : m_inbox.takeAll()) {
        if (const auto *adopt = std::get_if<Adopt>(&command)) {
            adoptNow(adopt->descriptor, adopt->id);
        } else if (const auto *disconnect = std::get_if<Disconnect>(&command)) {
            if (EchoSession *session = m_sessions.value(disconnect->id))
                session->close(LeaveReason::DisconnectedByServer);
        } else {
            closeAll();
            // The server deletes this object once the thread has ended: a last pass through the
            // outbox's lock hands it everything written above, in a way ThreadSanitizer sees.
            m_outbox.passThrough();
            QThread::currentThread()->quit();
            return;
        }
    }
}

void EchoWorker::adoptNow(qintptr descriptor, quint64 id)
{
    if (!m_watchingPasses) {
        // In the worker's thread now, where its event loop runs.
        m_watchingPasses = true;
        connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::awake, this,
            &EchoSession::startEventLoopPass);
    }
    auto *session = new EchoSession(id, m_index, this);
    session->setPendingEchoLimits(m_limits);
    if (!session->open(descriptor)) {
        publish(TakeOverFailure { id, session->openError() });
#ifdef Q_OS_UNIX
        ::close(int(descriptor));
#endif
        delete session;
        return;
    }
    connect(session, &EchoSession::trafficPending, this, &EchoWorker::markPending);
    connect(
        session, &EchoSession::clientShutDownSending, this, &EchoWorker::onClientShutDownSending);
    connect(session, &EchoSession::finished, this, &EchoWorker::onSessionFinished);
    m_sessions.insert(id, session);
    publish(session->info());
}

void EchoWorker::closeAll()
{
    // Traffic not yet reported is owed to the totals.
    reportTraffic();
    // Copy: closing a session can remove it from the hash at once.
    const auto sessions = m_sessions.values();
    for (EchoSession *session : sessions)
        session->close(LeaveReason::ServerStopped);
    // Those still flushing their echo are cut off: the server is going away.
    const auto remaining = m_sessions.values();
    m_sessions.clear();
    m_pending.clear();
    m_reportTimer->stop();
    for (EchoSession *session : remaining) {
        const ClientDeparture departure = session->departure();
        delete session;
        publish(departure);
    }
}

void EchoWorker::markPending(EchoSession *session)
{
    m_pending.insert(session);
    if (!m_reportTimer->isActive())
        m_reportTimer->start();
}

void EchoWorker::reportTraffic()
{
    if (m_pending.isEmpty())
        return;
    QList<TrafficSample> samples;
    samples.reserve(m_pending.size());
    for (EchoSession *session : std::as_const(m_pending))
        samples.append(session->takeSample());
    m_pending.clear();
    publish(std::move(samples));
}

void EchoWorker::reportTrafficOf(EchoSession *session)
{
    // Whether or not it is marked pending: a session that reads and meets the end of the stream
    // in the same wake-up would announce that traffic only at the end of the wake-up.
    m_pending.remove(session);
    if (session->hasUnreportedTraffic())
        publish(QList<TrafficSample> { session->takeSample() });
}

void EchoWorker::onClientShutDownSending(EchoSession *session)
{
    // What it sent before shutting down is reported first, so a log reads in order.
    reportTrafficOf(session);
    publish(SendingShutDown { session->id(), session->pendingEcho() });
}

void EchoWorker::onSessionFinished(EchoSession *session, const ClientDeparture &departure)
{
    // Its last traffic is reported before its departure, so a log reads in order.
    reportTrafficOf(session);
    m_sessions.remove(departure.id);
    publish(departure);
    session->deleteLater();
}
