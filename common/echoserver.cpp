#include "echoserver.h"

#include "echoworker.h"

#include <QCoreApplication>
#include <QTcpServer>
#include <QThread>

#include <functional>

// QTcpServer would wrap each connection in a QTcpSocket of this thread; we want the bare
// descriptor, so a worker can build the socket in its own thread.
class EchoListener final : public QTcpServer
{
public:
    explicit EchoListener(std::function<void(qintptr)> onConnection)
        : m_onConnection(std::move(onConnection))
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_onConnection(descriptor); }

private:
    std::function<void(qintptr)> m_onConnection;
};

EchoServer::EchoServer(QObject *parent)
    : QObject(parent)
{
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

bool EchoServer::start(const QHostAddress &address, quint16 port)
{
    if (isListening())
        stop();
    m_address = address;
    m_port = port;
    m_errorString.clear();
    m_listener =
        std::make_unique<EchoListener>([this](qintptr descriptor) { dispatch(descriptor); });
    if (!m_listener->listen(address, port)) {
        m_errorString = describeListenError();
        m_listener.reset();
        emit errorOccurred(m_errorString);
        return false;
    }
    m_port = m_listener->serverPort();
    startWorkers();
    emit listeningChanged(true);
    return true;
}

void EchoServer::stop()
{
    if (!m_listener)
        return;
    m_listener->close();
    m_listener.reset();
    stopWorkers();
    emit listeningChanged(false);
}

void EchoServer::disconnectClient(quint64 id)
{
    const auto it = m_clientWorker.constFind(id);
    if (it == m_clientWorker.cend())
        return;
    EchoWorker *worker = m_workers.at(size_t(*it)).worker;
    QMetaObject::invokeMethod(worker, [worker, id] { worker->disconnectClient(id); });
}

bool EchoServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

QString EchoServer::describeEndpoint(const QHostAddress &address, quint16 port)
{
    if (address == QHostAddress(QHostAddress::Any))
        return tr("all interfaces (IPv4 + IPv6), port %1").arg(port);
    if (address == QHostAddress(QHostAddress::AnyIPv4))
        return tr("all IPv4 interfaces, port %1").arg(port);
    if (address == QHostAddress(QHostAddress::AnyIPv6))
        return tr("all IPv6 interfaces, port %1").arg(port);
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
    return QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

void EchoServer::dispatch(qintptr descriptor)
{
    const quint64 id = m_nextId++;
    const int index = m_nextWorker;
    m_nextWorker = (m_nextWorker + 1) % int(m_workers.size());
    EchoWorker *worker = m_workers.at(size_t(index)).worker;
    // Known here at once, so disconnectClient() and clientCount() are right before the worker
    // has even seen the connection.
    m_clientWorker.insert(id, index);
    QMetaObject::invokeMethod(worker, [worker, descriptor, id] { worker->adopt(descriptor, id); });
}

void EchoServer::onClientArrived(const ClientInfo &client)
{
    emit clientArrived(client);
}

void EchoServer::onClientLeft(const ClientDeparture &departure)
{
    m_clientWorker.remove(departure.id);
    emit clientLeft(departure);
}

void EchoServer::startWorkers()
{
    const int count = workerCount();
    m_workers.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("echo worker %1").arg(i));
        auto *worker = new EchoWorker(i);
        worker->moveToThread(thread);
        connect(worker, &EchoWorker::clientArrived, this, &EchoServer::onClientArrived);
        connect(worker, &EchoWorker::clientLeft, this, &EchoServer::onClientLeft);
        connect(worker, &EchoWorker::trafficReported, this, &EchoServer::trafficReported);
        connect(worker, &EchoWorker::acceptFailed, this, &EchoServer::errorOccurred);
        thread->start();
        m_workers.push_back({ thread, worker });
    }
    m_nextWorker = 0;
}

void EchoServer::stopWorkers()
{
    for (const WorkerThread &w : m_workers) {
        // Blocking: every session is closed (and its departure queued to us) before we go on.
        QMetaObject::invokeMethod(w.worker, &EchoWorker::closeAll, Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        delete w.worker;
        delete w.thread;
    }
    m_workers.clear();
    // Deliver the departures the workers queued now, so they come before listeningChanged(false).
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    m_clientWorker.clear();
}

QString EchoServer::describeListenError() const
{
    const QString endpoint = describeEndpoint(m_address, m_port);
    switch (m_listener->serverError()) {
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
        return tr("Cannot listen on %1: %2").arg(endpoint, m_listener->errorString());
    }
}
