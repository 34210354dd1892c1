#include "echosession.h"

#include "controlbytes.h"

#include <QSocketNotifier>
#include <QTimer>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Every read of a worker's sessions lands here first: one buffer per thread, not per client.
thread_local std::array<char, EchoSession::readChunk> readBuffer;

QString describeErrno(int error)
{
    if (error == ECONNRESET)
        return EchoSession::tr("the client reset the connection");
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

EchoSession::EchoSession(quint64 id, int worker, QObject *parent)
    : QObject(parent)
{
    m_info.id = id;
    m_info.worker = worker;
    m_sample.id = id;
}

EchoSession::~EchoSession()
{
    // The notifiers go before the descriptor they watch.
    delete m_readNotifier;
    delete m_writeNotifier;
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

bool EchoSession::open(qintptr descriptor)
{
    const int fd = int(descriptor);
    sockaddr_storage peer {};
    socklen_t peerSize = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerSize) != 0) {
        m_openError = errno;
        m_leaveReason = LeaveReason::Error;
        m_leaveDetail = describeErrno(m_openError);
        return false;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (!(flags & O_NONBLOCK))
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

    m_descriptor = fd;
    const QHostAddress address(reinterpret_cast<const sockaddr *>(&peer));
    m_info.address = address;
    m_info.port = peer.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
    m_info.since = QDateTime::currentDateTime();

    m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &EchoSession::onReadable);
    // The write notifier comes only when the kernel first refuses some echo: most sessions
    // never need one, and each notifier costs the event loop work to register.
    return true;
}

TrafficSample EchoSession::takeSample()
{
    TrafficSample sample = m_sample;
    m_sample.received = 0;
    m_sample.echoed = 0;
    m_sample.reads = 0;
    m_sample.preview = QByteArray();
    m_sample.previewTruncated = false;
    return sample;
}

void EchoSession::close(LeaveReason reason)
{
    if (m_finished || m_closing)
        return;
    m_closing = true;
    m_leaveReason = reason;
    m_leaveDetail.clear();
    m_readNotifier->setEnabled(false);
    if (pendingEcho() == 0) {
        finish();
        return;
    }
    // What was read is still echoed, unless the client won't take it in time.
    m_graceTimer = new QTimer(this);
    m_graceTimer->setSingleShot(true);
    connect(m_graceTimer, &QTimer::timeout, this, &EchoSession::finish);
    m_graceTimer->start(closeGrace);
}

ClientDeparture EchoSession::departure() const
{
    ClientDeparture departure;
    departure.id = m_info.id;
    departure.reason = m_leaveReason;
    departure.detail = m_leaveDetail;
    departure.totalReceived = m_sample.totalReceived;
    departure.totalEchoed = m_sample.totalEchoed;
    return departure;
}

void EchoSession::onReadable()
{
    const bool wasQuiet = !hasUnreportedTraffic();
    for (int i = 0; i < readsPerWakeUp && !m_finished; ++i) {
        if (pendingEcho() >= defaultHighWatermark) {
            // Backpressure: the kernel's receive window fills and the client is slowed down.
            m_readNotifier->setEnabled(false);
            break;
        }
        const ssize_t count = ::recv(m_descriptor, readBuffer.data(), readBuffer.size(), 0);
        if (count > 0) {
            m_sample.received += count;
            m_sample.totalReceived += count;
            ++m_sample.reads;
            notePreview(readBuffer.data(), count);
            if (pendingEcho() > 0) {
                keepPending(readBuffer.data(), count); // behind what is already waiting
                continue;
            }
            const qint64 sent = sendSome(readBuffer.data(), count);
            if (sent < 0)
                break;
            if (sent < count)
                keepPending(readBuffer.data() + sent, count - sent);
            continue;
        }
        if (count == 0) {
            // The client shut down its sending side: it still gets all of its echo.
            m_peerDoneSending = true;
            m_readNotifier->setEnabled(false);
            if (pendingEcho() == 0)
                finish();
            else
                emit clientShutDownSending(this);
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            finishWithError(errno);
        break;
    }
    if (wasQuiet && hasUnreportedTraffic() && !m_finished)
        emit trafficPending(this);
}

void EchoSession::onWritable()
{
    const bool wasQuiet = !hasUnreportedTraffic();
    const qint64 sent = sendSome(m_pending.constData() + m_pendingOffset, pendingEcho());
    if (sent < 0)
        return;
    m_pendingOffset += sent;
    if (pendingEcho() == 0) {
        m_pending = QByteArray(); // an idle session keeps no buffer
        m_pendingOffset = 0;
        m_writeNotifier->setEnabled(false);
        if (m_peerDoneSending || m_closing) {
            finish();
            return;
        }
    } else if (m_pendingOffset > m_pending.size() / 2) {
        m_pending.remove(0, m_pendingOffset);
        m_pendingOffset = 0;
    }
    if (!m_peerDoneSending && !m_closing && !m_readNotifier->isEnabled() &&
        pendingEcho() < defaultLowWatermark)
        m_readNotifier->setEnabled(true);
    if (wasQuiet && hasUnreportedTraffic())
        emit trafficPending(this);
}

qint64 EchoSession::sendSome(const char *data, qint64 size)
{
    qint64 total = 0;
    while (total < size) {
        const ssize_t sent = ::send(m_descriptor, data + total, size_t(size - total), MSG_NOSIGNAL);
        if (sent > 0) {
            total += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        countEchoed(total);
        finishWithError(sent < 0 ? errno : EPIPE);
        return -1;
    }
    countEchoed(total);
    return total;
}

void EchoSession::keepPending(const char *data, qint64 size)
{
    m_pending.append(data, size);
    m_peakPendingEcho = qMax(m_peakPendingEcho, pendingEcho());
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &EchoSession::onWritable);
    }
    m_writeNotifier->setEnabled(true);
}

void EchoSession::countEchoed(qint64 bytes)
{
    if (bytes <= 0)
        return;
    const bool wasQuiet = !hasUnreportedTraffic();
    m_sample.echoed += bytes;
    m_sample.totalEchoed += bytes;
    // Announced by the caller when it read; a write on its own announces here.
    if (wasQuiet && m_sample.reads == 0)
        emit trafficPending(this);
}

void EchoSession::notePreview(const char *data, qint64 size)
{
    capturePreview(m_sample.preview, m_sample.previewTruncated, QByteArrayView(data, size));
}

void EchoSession::finishWithError(int error)
{
    if (!m_closing) {
        m_leaveReason = LeaveReason::Error;
        m_leaveDetail = describeErrno(error);
    }
    finish();
}

void EchoSession::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    // Disabled, not deleted: this may run inside one of their own signals. They go with the
    // session, which the worker deletes later.
    m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_graceTimer)
        m_graceTimer->stop();
    ::close(m_descriptor);
    m_descriptor = -1;
    m_pending = QByteArray();
    m_pendingOffset = 0;
    emit finished(this, departure());
}
