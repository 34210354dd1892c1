#include "echoserver.h"

#include "clientadmission.h"
#include "echolistener.h"
#include "echoworker.h"
#include "epolleventdispatcher.h"
#include "hostport.h"
#include "pendingechobudget.h"
#include "systemlimits.h"
#include "udpechoport.h"

#include <QThread>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <utility>

EchoServer::EchoServer(QObject *parent)
    : QObject(parent)
    , m_admission(std::make_unique<ClientAdmission>(defaultMaxClients))
    , m_refusalTimer(new QTimer(this))
    , m_lossTimer(new QTimer(this))
    , m_trimTimer(new QTimer(this))
{
    m_refusalTimer->setInterval(refusalReportInterval);
    m_refusalTimer->setSingleShot(true);
    connect(m_refusalTimer, &QTimer::timeout, this, &EchoServer::reportRefusals);
    m_lossTimer->setInterval(refusalReportInterval);
    m_lossTimer->setSingleShot(true);
    connect(m_lossTimer, &QTimer::timeout, this, &EchoServer::reportLostConnections);
    m_trimTimer->setInterval(trimInterval);
    m_trimTimer->setSingleShot(true);
    connect(m_trimTimer, &QTimer::timeout, this, &EchoServer::returnFreedMemory);
    qRegisterMetaType<ClientInfo>();
    qRegisterMetaType<ClientDeparture>();
    qRegisterMetaType<TrafficSample>();
    qRegisterMetaType<QList<TrafficSample>>();
}

EchoServer::~EchoServer()
{
    // Whoever listened may be half destroyed by now (a window deleting its children).
    blockSignals(true);
    stop();
}

void EchoServer::setWorkerCount(int count)
{
    m_requestedWorkers = qMax(0, count);
}

int EchoServer::workerCount() const
{
    return m_requestedWorkers > 0 ? m_requestedWorkers : qMax(1, QThread::idealThreadCount());
}

void EchoServer::setMaxClients(int count)
{
    m_admission->setLimit(qMax(1, count));
}

int EchoServer::maxClients() const
{
    return m_admission->limit();
}

bool EchoServer::start(const QHostAddress &address, quint16 port)
{
    if (isListening())
        stop();
    m_address = address;
    m_port = port;
    m_errorString.clear();
    const OpenFailures failures = openTransports();
    if (!m_listener && !m_udp) {
        m_errorString = describeStartFailure(failures);
        emit errorOccurred(m_errorString);
        return false;
    }
    // One of the two could not be opened: the other serves, and the message says which.
    if (m_transports.testFlag(Transport::Tcp) && !m_listener) {
        m_errorString =
            tr("%1; serving UDP only.").arg(describeFailure(Transport::Tcp, failures.tcp));
    } else if (m_transports.testFlag(Transport::Udp) && !m_udp) {
        m_errorString =
            tr("%1; serving TCP only.").arg(describeFailure(Transport::Udp, failures.udp));
    }
    m_port = m_listener ? m_listener->port() : m_udp->port();
    startWorkers();
    emit listeningChanged(true);
    if (!m_errorString.isEmpty())
        emit errorOccurred(m_errorString);
    return true;
}

EchoServer::OpenFailures EchoServer::openTransports()
{
    const bool tcp = m_transports.testFlag(Transport::Tcp);
    const bool udp = m_transports.testFlag(Transport::Udp);
    const quint16 asked = m_port;
    OpenFailures failures;
    for (int attempt = 1; attempt <= udpPortAttempts; ++attempt) {
        if (tcp && !openTcp(asked, failures)) {
            if (udp)
                openUdp(asked, failures);
            return failures;
        }
        // The same port for both (RFC 862): with port 0, the one the system gave TCP.
        if (!udp || openUdp(tcp ? m_listener->port() : asked, failures))
            return failures;
        // That port is taken for UDP only: with port 0, both try another one.
        if (!tcp || asked != 0 || failures.udp.error != EADDRINUSE || attempt == udpPortAttempts)
            return failures;
        m_listener.reset();
    }
    return failures;
}

bool EchoServer::openTcp(quint16 port, OpenFailures &failures)
{
    m_listener = std::make_unique<EchoListener>();
    if (m_listener->listen(m_address, port, listenBacklog))
        return true;
    failures.tcpMessage = describeListenError();
    switch (m_listener->listenError()) {
    case QAbstractSocket::AddressInUseError:
        failures.tcp = { EADDRINUSE, {}, port };
        break;
    case QAbstractSocket::SocketAccessError:
        failures.tcp = { EACCES, {}, port };
        break;
    case QAbstractSocket::SocketAddressNotAvailableError:
        failures.tcp = { EADDRNOTAVAIL, {}, port };
        break;
    default:
        failures.tcp = { 0, m_listener->listenErrorString(), port };
        break;
    }
    m_listener.reset();
    return false;
}

bool EchoServer::openUdp(quint16 port, OpenFailures &failures)
{
    // One socket per worker (see UdpSocketGroup).
    m_udp = std::make_unique<UdpSocketGroup>();
    if (m_udp->open(m_address, port, workerCount()))
        return true;
    const int error = m_udp->error();
    failures.udp = { error, QString::fromLocal8Bit(std::strerror(error)), port };
    m_udp.reset();
    return false;
}

QString EchoServer::describeFailure(Transport transport, const OpenFailure &failure) const
{
    const QString protocol =
        transport == Transport::Tcp ? QStringLiteral("TCP") : QStringLiteral("UDP");
    const QString endpoint = describeEndpoint(m_address, failure.port);
    switch (failure.error) {
    case EADDRINUSE:
        return tr("%1 port %2 is already in use (%3)")
            .arg(protocol)
            .arg(failure.port)
            .arg(endpoint);
    case EACCES:
        return tr("Not allowed to open %1 on %2: ports below 1024 need administrator rights")
            .arg(protocol, endpoint);
    case EADDRNOTAVAIL:
        return tr("Cannot open %1 on %2: that address does not belong to this machine")
            .arg(protocol, endpoint);
    default:
        return tr("Cannot open %1 on %2: %3").arg(protocol, endpoint, failure.detail);
    }
}

QString EchoServer::describeStartFailure(const OpenFailures &failures) const
{
    // TCP's own words when it was asked for (and UDP, if asked for too, most often failed the
    // same way); UDP's when it was asked for alone.
    if (m_transports.testFlag(Transport::Tcp))
        return failures.tcpMessage;
    if (failures.udp.error == EADDRINUSE) {
        return tr("%1. Stop the other program or choose another port.")
            .arg(describeFailure(Transport::Udp, failures.udp));
    }
    return tr("%1.").arg(describeFailure(Transport::Udp, failures.udp));
}

void EchoServer::stop()
{
    if (!m_listener && !m_udp)
        return;
    // The workers let go of the listening descriptor and the UDP sockets before they are closed.
    stopWorkers();
    if (m_listener)
        m_listener->close();
    m_listener.reset();
    m_udp.reset();
    reportRefusals();
    reportLostConnections();
    emit listeningChanged(false);
}

void EchoServer::disconnectClient(quint64 id)
{
    const auto it = m_clientWorker.constFind(id);
    if (it == m_clientWorker.cend())
        return;
    EchoWorker *worker = m_workers.at(size_t(*it)).worker;
    worker->disconnectClient(id);
}

bool EchoServer::isListening() const
{
    return (m_listener && m_listener->isListening()) || (m_udp && m_udp->isOpen());
}

Transports EchoServer::listeningTransports() const
{
    Transports open;
    if (m_listener && m_listener->isListening())
        open |= Transport::Tcp;
    if (m_udp && m_udp->isOpen())
        open |= Transport::Udp;
    return open;
}

QString EchoServer::describeEndpoint(const QHostAddress &address, quint16 port)
{
    if (address == QHostAddress(QHostAddress::Any))
        return tr("all interfaces (IPv4 + IPv6), port %1").arg(port);
    if (address == QHostAddress(QHostAddress::AnyIPv4))
        return tr("all IPv4 interfaces, port %1").arg(port);
    if (address == QHostAddress(QHostAddress::AnyIPv6))
        return tr("all IPv6 interfaces, port %1").arg(port);
    return formatHostPort(address.toString(), port);
}

void EchoServer::collectTurnedAway()
{
    ClientAdmission::TurnedAway turnedAway = m_admission->takeTurnedAway();
    m_refusedSinceReport += turnedAway.refused;
    for (const auto &[error, count] : turnedAway.lost)
        m_lostSinceReport[error] += count;
}

void EchoServer::onConnectionsTurnedAway()
{
    collectTurnedAway();
    // The first of a spell is told at once, the rest once a second with a count.
    if (!m_refusalTimer->isActive())
        reportRefusals();
    if (!m_lossTimer->isActive())
        reportLostConnections();
}

void EchoServer::reportRefusals()
{
    collectTurnedAway();
    if (m_refusedSinceReport == 0)
        return;
    const int count = std::exchange(m_refusedSinceReport, 0);
    emit clientsRefused(count, maxClients());
    m_refusalTimer->start();
}

void EchoServer::reportLostConnections()
{
    collectTurnedAway();
    if (m_lostSinceReport.empty())
        return;
    const std::map<int, int> lost = std::exchange(m_lostSinceReport, {});
    for (const auto &[error, count] : lost)
        emit connectionsLostBeforeServed(count, error);
    m_lossTimer->start();
}

void EchoServer::countDeparture()
{
    ++m_departuresSinceTrim;
    if (m_budget)
        m_freedSinceTrim += m_budget->takeFreed();
    // Freed memory inside the heap stays resident until it is handed back; many clients leaving,
    // or their echo buffers, make that worth a system call, once a second at most.
    if (!m_trimTimer->isActive() &&
        (m_freedSinceTrim >= trimAfterFreedBytes || m_departuresSinceTrim >= trimAfterDepartures))
        m_trimTimer->start();
}

void EchoServer::returnFreedMemory()
{
    m_freedSinceTrim = 0;
    m_departuresSinceTrim = 0;
    if (m_budget)
        m_budget->takeFreed();
    returnFreeMemoryToTheSystem();
}

bool EchoServer::reportAcceptTrouble()
{
    // Accepting is retried every 100 ms; saying so once a second is plenty.
    if (m_lastAcceptError.isValid() && m_lastAcceptError.elapsed() < refusalReportInterval.count())
        return false;
    m_lastAcceptError.start();
    return true;
}

void EchoServer::onOutOfDescriptors()
{
    if (reportAcceptTrouble())
        emit errorOccurred(tr("Out of file descriptors (limit %1): new connections wait until "
                              "clients leave. Raise the limit with ulimit -n.")
                .arg(openFileLimit().soft));
}

void EchoServer::onAcceptFailed(const QString &message)
{
    if (reportAcceptTrouble())
        emit errorOccurred(tr("Could not accept a connection: %1").arg(message));
}

void EchoServer::startWorkers()
{
    m_budget = std::make_unique<PendingEchoBudget>(m_pendingEchoBudget);
    const PendingEchoLimits limits { m_pendingEchoAllowance, m_budget.get() };
    const int count = workerCount();
    m_admission->setWorkerCount(count);
    // The peer cap is shared out: each worker remembers its part of it (rounded up).
    const UdpPeerLimits udpLimits { (m_maxUdpPeers + count - 1) / count, m_udpPeerTimeout };
    m_workers.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("echo worker %1").arg(i));
        // A wake-up costs what is ready, not every connection the worker holds.
        thread->setEventDispatcher(new EpollEventDispatcher);
        auto *worker = new EchoWorker(i, limits, m_admission.get());
        worker->moveToThread(thread);
        connect(worker, &EchoWorker::eventsPosted, this, &EchoServer::deliverWorkerEvents);
        thread->start();
        if (m_listener)
            worker->acceptFrom(m_listener->descriptor());
        if (m_udp)
            worker->serveUdp(m_udp->descriptors().at(size_t(i)), udpLimits);
        m_workers.push_back({ thread, worker });
    }
}

void EchoServer::stopWorkers()
{
    for (const WorkerThread &w : m_workers)
        w.worker->shutdown();
    for (const WorkerThread &w : m_workers)
        w.thread->wait();
    // Every departure is in the mailboxes now: deliver them before listeningChanged(false).
    deliverWorkerEvents();
    for (const WorkerThread &w : m_workers) {
        delete w.worker;
        delete w.thread;
    }
    m_workers.clear();
    m_clientWorker.clear();
    m_udpPeerIds.clear();
    m_admission->reset();
    // The sessions, and with them every buffer the budget paid for, are gone.
    if (m_budget)
        m_freedSinceTrim += m_budget->takeFreed();
    m_budget.reset();
}

void EchoServer::deliverWorkerEvents()
{
    // Collected first: a receiver may stop() the server, and with it the workers, mid-delivery.
    std::vector<EchoWorker::Event> events;
    for (const WorkerThread &w : m_workers) {
        std::vector<EchoWorker::Event> taken = w.worker->takeEvents();
        std::move(taken.begin(), taken.end(), std::back_inserter(events));
    }
    for (const EchoWorker::Event &event : events) {
        if (const auto *client = std::get_if<ClientInfo>(&event)) {
            // Known from here on, so disconnectClient() and clientCount() agree with what the
            // receivers of clientArrived and clientLeft were told.
            m_clientWorker.insert(client->id, client->worker);
            if (client->transport == Transport::Udp)
                m_udpPeerIds.insert(client->id);
            emit clientArrived(*client);
        } else if (const auto *departure = std::get_if<ClientDeparture>(&event)) {
            m_clientWorker.remove(departure->id);
            m_udpPeerIds.remove(departure->id);
            countDeparture();
            emit clientLeft(*departure);
        } else if (const auto *samples = std::get_if<QList<TrafficSample>>(&event)) {
            emit trafficReported(*samples);
        } else if (const auto *shutDown = std::get_if<EchoWorker::SendingShutDown>(&event)) {
            emit clientShutDownSending(shutDown->id, shutDown->pendingEcho);
        } else if (std::holds_alternative<EchoWorker::ConnectionsTurnedAway>(event)) {
            onConnectionsTurnedAway();
        } else if (std::holds_alternative<EchoWorker::OutOfDescriptors>(event)) {
            onOutOfDescriptors();
        } else {
            onAcceptFailed(std::get<EchoWorker::AcceptFailed>(event).message);
        }
    }
}

QString EchoServer::describeListenError() const
{
    const QString endpoint = describeEndpoint(m_address, m_port);
    switch (m_listener->listenError()) {
    case QAbstractSocket::AddressInUseError:
        return tr("Port %1 is already in use (%2). Stop the other program or choose another port.")
            .arg(m_port)
            .arg(endpoint);
    case QAbstractSocket::SocketAccessError:
        return tr("Not allowed to listen on %1: ports below 1024 need administrator rights.")
            .arg(endpoint);
    case QAbstractSocket::SocketAddressNotAvailableError:
        return tr("Cannot listen on %1: that address does not belong to this machine.")
            .arg(endpoint);
    default:
        return tr("Cannot listen on %1: %2").arg(endpoint, m_listener->listenErrorString());
    }
}
