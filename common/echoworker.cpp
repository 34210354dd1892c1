#include "echoworker.h"

#include "echosession.h"

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

EchoWorker::EchoWorker(int index, QObject *parent)
    : QObject(parent)
    , m_index(index)
    , m_reportTimer(new QTimer(this))
{
    m_reportTimer->setInterval(reportInterval);
    m_reportTimer->setSingleShot(true);
    connect(m_reportTimer, &QTimer::timeout, this, &EchoWorker::reportTraffic);
}

EchoWorker::~EchoWorker()
{
    qDeleteAll(m_sessions);
}

void EchoWorker::adopt(qintptr descriptor, quint64 id)
{
    auto *session = new EchoSession(id, m_index, this);
    if (!session->open(descriptor)) {
        emit acceptFailed(
            tr("Could not take over connection #%1: %2").arg(id).arg(session->departure().detail));
#ifdef Q_OS_UNIX
        ::close(int(descriptor));
#endif
        delete session;
        return;
    }
    connect(session, &EchoSession::trafficPending, this, &EchoWorker::markPending);
    connect(session, &EchoSession::finished, this, &EchoWorker::onSessionFinished);
    m_sessions.insert(id, session);
    emit clientArrived(session->info());
}

void EchoWorker::disconnectClient(quint64 id)
{
    if (EchoSession *session = m_sessions.value(id))
        session->close(LeaveReason::DisconnectedByServer);
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
    for (EchoSession *session : remaining) {
        emit clientLeft(session->departure());
        delete session;
    }
    m_pending.clear();
    m_reportTimer->stop();
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
    emit trafficReported(samples);
}

void EchoWorker::onSessionFinished(EchoSession *session, const ClientDeparture &departure)
{
    // Its last traffic is reported before its departure, so a log reads in order.
    if (m_pending.remove(session) && session->hasUnreportedTraffic())
        emit trafficReported({ session->takeSample() });
    m_sessions.remove(departure.id);
    emit clientLeft(departure);
    session->deleteLater();
}
