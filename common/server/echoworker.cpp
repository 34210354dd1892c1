#include "echoworker.h"

#include "clientadmission.h"
#include "echosession.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <utility>

EchoWorker::EchoWorker(
    int index, const PendingEchoLimits &limits, ClientAdmission *admission, QObject *parent)
    : QObject(parent)
    , m_index(index)
    , m_limits(limits)
    , m_admission(admission)
    , m_reportTimer(new QTimer(this))
    , m_announceTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
{
    m_announceTimer->setInterval(announceDelay);
    m_announceTimer->setSingleShot(true);
    connect(m_announceTimer, &QTimer::timeout, this, &EchoWorker::eventsPosted);
    m_reportTimer->setInterval(reportInterval);
    m_reportTimer->setSingleShot(true);
    connect(m_reportTimer, &QTimer::timeout, this, &EchoWorker::reportTraffic);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        if (!m_acceptNotifier)
            return;
        m_admission->setAccepting(m_index, true);
        m_acceptNotifier->setEnabled(true);
    });
    // Queued: emitted from the server's thread, run in ours.
    connect(
        this, &EchoWorker::commandsPosted, this, &EchoWorker::runCommands, Qt::QueuedConnection);
}

EchoWorker::~EchoWorker()
{
    qDeleteAll(m_sessions);
}

void EchoWorker::acceptFrom(qintptr listening)
{
    post(AcceptFrom { listening });
}

void EchoWorker::serveUdp(qintptr descriptor, const UdpPeerLimits &limits)
{
    post(ServeUdp { descriptor, limits });
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
        m_announceTimer->start();
}

void EchoWorker::runCommands()
{
    for (const Command &command : m_inbox.takeAll()) {
        if (const auto *acceptFrom = std::get_if<AcceptFrom>(&command)) {
            startAccepting(acceptFrom->listening);
        } else if (const auto *serveUdp = std::get_if<ServeUdp>(&command)) {
            startServingUdp(*serveUdp);
        } else if (const auto *disconnect = std::get_if<Disconnect>(&command)) {
            closeClient(disconnect->id);
        } else {
            finish();
            return;
        }
    }
}

void EchoWorker::closeClient(quint64 id)
{
    if (EchoSession *session = m_sessions.value(id))
        session->close(LeaveReason::DisconnectedByServer);
    else if (m_udp)
        m_udp->forget(id, LeaveReason::DisconnectedByServer);
}

void EchoWorker::finish()
{
    // The listening descriptor and the UDP socket are closed by the server once every worker
    // has let go.
    stopAccepting();
    closeAll();
    if (m_udp) {
        m_udp->stop();
        delete m_udp;
        m_udp = nullptr;
    }
    // The server takes the events once the thread has ended; this thread's timers stop
    // here, not in another thread when the worker is deleted.
    m_announceTimer->stop();
    // The server deletes this object once the thread has ended: a last pass through the
    // outbox's lock hands it everything written above, in a way ThreadSanitizer sees.
    m_outbox.passThrough();
    QThread::currentThread()->quit();
}

void EchoWorker::startServingUdp(const ServeUdp &command)
{
    m_udp = new UdpEchoPort(
        int(command.descriptor), m_index, command.limits, m_admission, reportInterval, this);
    connect(
        m_udp, &UdpEchoPort::peerArrived, this, [this](const ClientInfo &info) { publish(info); });
    connect(m_udp, &UdpEchoPort::trafficSampled, this,
        [this](const QList<TrafficSample> &samples) { publish(samples); });
    connect(m_udp, &UdpEchoPort::peerLeft, this,
        [this](const ClientDeparture &departure) { publish(departure); });
}

void EchoWorker::startAccepting(qintptr listening)
{
    // In the worker's thread now, where its event loop runs.
    connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::awake, this,
        &EchoSession::startEventLoopPass);
    m_acceptNotifier = new QSocketNotifier(listening, QSocketNotifier::Read, this);
    connect(m_acceptNotifier, &QSocketNotifier::activated, this, &EchoWorker::acceptPending);
}

void EchoWorker::stopAccepting()
{
    m_admission->setAccepting(m_index, false);
    m_retryTimer->stop();
    delete m_acceptNotifier;
    m_acceptNotifier = nullptr;
}

void EchoWorker::acceptPending()
{
    const int listening = int(m_acceptNotifier->socket());
    for (int i = 0; i < acceptBatch; ++i) {
        // Every waiting worker was woken for these connections: let the others take them.
        if (!std::exchange(m_leftToOthers, false) && m_admission->isAhead(m_index)) {
            m_leftToOthers = true;
            pauseAccepting(fairShareWait);
            return;
        }
        const int descriptor = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (descriptor >= 0) {
            // Asked here rather than from accept4(), which hands out the address of a connection
            // the client reset in the queue as if it were there: this says ENOTCONN instead.
            sockaddr_storage peer {};
            socklen_t peerSize = sizeof peer;
            if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&peer), &peerSize) != 0) {
                const int error = errno;
                ::close(descriptor);
                turnAway(m_admission->noteLost(error));
            } else if (!m_admission->admit(m_index)) {
                ::close(descriptor);
                turnAway(m_admission->noteRefused());
            } else {
                serve(descriptor, peer);
            }
            continue;
        }
        const int error = errno;
        switch (error) {
        case EINTR:
        case ECONNABORTED: // the client gave up while queued; take the next one
            continue;
        case EAGAIN: // another worker took it, or the queue is empty
            return;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
            pauseAccepting(retryInterval);
            publish(OutOfDescriptors {});
            return;
        default:
            pauseAccepting(retryInterval);
            publish(AcceptFailed { QString::fromLocal8Bit(std::strerror(error)) });
            return;
        }
    }
}

void EchoWorker::serve(int descriptor, const sockaddr_storage &peer)
{
    auto *session = new EchoSession(m_admission->takeId(), m_index, this);
    session->setPendingEchoLimits(m_limits);
    session->open(descriptor, reinterpret_cast<const sockaddr *>(&peer));
    connect(session, &EchoSession::trafficPending, this, &EchoWorker::markPending);
    connect(
        session, &EchoSession::clientShutDownSending, this, &EchoWorker::onClientShutDownSending);
    connect(session, &EchoSession::finished, this, &EchoWorker::onSessionFinished);
    m_sessions.insert(session->id(), session);
    publish(session->info());
}

void EchoWorker::pauseAccepting(std::chrono::milliseconds pause)
{
    // Level-triggered: left enabled, the notifier would call again at once, and again.
    m_acceptNotifier->setEnabled(false);
    m_admission->setAccepting(m_index, false);
    m_retryTimer->start(pause);
}

void EchoWorker::turnAway(bool firstToTell)
{
    if (firstToTell)
        publish(ConnectionsTurnedAway {});
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
        m_admission->release(m_index);
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
    // Its descriptor is closed: the place is free for the next connection, in any worker.
    m_admission->release(m_index);
    publish(departure);
    session->deleteLater();
}
