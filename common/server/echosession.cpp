#include "echosession.h"

#include "controlbytes.h"
#include "epolleventdispatcher.h"
#include "pendingechobudget.h"

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
#include <utility>

namespace {

// Every read of a worker's sessions lands here first: one buffer per thread, not per client.
thread_local std::array<char, EchoSession::readChunk> readBuffer;

// Sessions of this thread that read in the event loop's current and last pass.
struct EventLoopPass
{
    int readers = 0;
    int readersBefore = 0;
};
thread_local EventLoopPass eventLoopPass;

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
    freePending();
    giveBackBudget();
}

void EchoSession::setPendingEchoLimits(const PendingEchoLimits &limits)
{
    m_limits = limits;
    m_limits.allowance = qMax<qint64>(1, limits.allowance);
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
    open(descriptor, reinterpret_cast<const sockaddr *>(&peer));
    return true;
}

void EchoSession::open(qintptr descriptor, const sockaddr *peer)
{
    const int fd = int(descriptor);
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

    m_descriptor = fd;
    m_info.address = QHostAddress(peer);
    m_info.port = peer->sa_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(peer)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(peer)->sin_port);
    m_info.since = QDateTime::currentDateTime();

    m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &EchoSession::onReadable);
    // The write notifier comes only when the kernel first refuses some echo: most sessions
    // never need one, and each notifier costs the event loop work to register.
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

void EchoSession::startEventLoopPass()
{
    eventLoopPass.readersBefore = std::exchange(eventLoopPass.readers, 0);
}

void EchoSession::onReadable()
{
    const bool wasQuiet = !hasUnreportedTraffic();
    ++eventLoopPass.readers;
    const int reads = qMax(1, readsPerWakeUp / qMax(1, eventLoopPass.readersBefore));
    for (int i = 0; i < reads && !m_finished; ++i) {
        Next next = Next::Stop;
        if (pendingEcho() >= m_limits.allowance)
            stopReading(); // the kernel's receive window fills and the client is slowed down
        else if (pendingEcho() > 0)
            next = readBehindPendingEcho();
        else
            next = readAndEcho();
        if (next == Next::Stop)
            break;
    }
    if (m_finished)
        return;
    // Held across the reads of one wake-up, given back unless some echo waits.
    if (pendingEcho() == 0)
        giveBackBudget();
    if (wasQuiet && hasUnreportedTraffic())
        emit trafficPending(this);
}

EchoSession::Next EchoSession::readAndEcho()
{
    // Whatever the kernel refuses of this read's echo must fit in a buffer the budget allows.
    if (m_budgetHeld == 0) {
        if (m_limits.budget && !m_limits.budget->tryTake(m_limits.allowance))
            return echoWithoutKeeping();
        m_budgetHeld = m_limits.allowance;
    }
    const auto size = size_t(qMin(readChunk, m_limits.allowance));
    const ssize_t count = ::recv(m_descriptor, readBuffer.data(), size, 0);
    if (count == 0) {
        reachedEndOfStream();
        return Next::Stop;
    }
    if (count < 0)
        return readFailed(errno);
    countReceived(readBuffer.data(), count);
    const qint64 sent = sendSome(readBuffer.data(), count);
    if (sent < 0)
        return Next::Stop;
    if (sent < count)
        keepPending(readBuffer.data() + sent, count - sent);
    return Next::Read;
}

EchoSession::Next EchoSession::readBehindPendingEcho()
{
    // Into the same buffer, behind what waits: the order is kept, and the end of the client's
    // stream is still seen while echo waits.
    if (m_pendingBegin > 0) {
        std::memmove(m_pending.get(), m_pending.get() + m_pendingBegin, size_t(pendingEcho()));
        m_pendingEnd -= m_pendingBegin;
        m_pendingBegin = 0;
    }
    char *end = m_pending.get() + m_pendingEnd;
    const ssize_t count = ::recv(m_descriptor, end, size_t(m_limits.allowance - m_pendingEnd), 0);
    if (count == 0) {
        reachedEndOfStream();
        return Next::Stop;
    }
    if (count < 0)
        return readFailed(errno);
    countReceived(end, count);
    m_pendingEnd += count;
    m_peakPendingEcho = qMax(m_peakPendingEcho, pendingEcho());
    return Next::Read;
}

EchoSession::Next EchoSession::echoWithoutKeeping()
{
    // The budget is spent: look at what arrived, echo it, and take from the kernel only what it
    // took back. The rest stays in the kernel's receive buffer until the socket is writable.
    const ssize_t count = ::recv(m_descriptor, readBuffer.data(), readBuffer.size(), MSG_PEEK);
    if (count == 0) {
        reachedEndOfStream();
        return Next::Stop;
    }
    if (count < 0)
        return readFailed(errno);
    const qint64 sent = sendSome(readBuffer.data(), count);
    if (sent < 0)
        return Next::Stop;
    if (sent > 0) {
        // Those bytes are in the receive buffer already: they come out whole.
        const ssize_t taken = ::recv(m_descriptor, readBuffer.data(), size_t(sent), 0);
        if (taken != sent) {
            finishWithError(taken < 0 ? errno : EIO);
            return Next::Stop;
        }
        countReceived(readBuffer.data(), sent);
    }
    if (sent < count) {
        waitUntilWritable();
        return Next::Stop;
    }
    return Next::Read;
}

EchoSession::Next EchoSession::readFailed(int error)
{
    if (error == EINTR)
        return Next::Read;
    if (error != EAGAIN && error != EWOULDBLOCK)
        finishWithError(error);
    return Next::Stop;
}

void EchoSession::countReceived(const char *data, qint64 size)
{
    m_sample.received += size;
    m_sample.totalReceived += size;
    ++m_sample.reads;
    capturePreview(m_sample.preview, m_sample.previewTruncated, QByteArrayView(data, size));
}

void EchoSession::onWritable()
{
    const bool wasQuiet = !hasUnreportedTraffic();
    if (pendingEcho() > 0) {
        const qint64 sent = sendSome(m_pending.get() + m_pendingBegin, pendingEcho());
        if (sent < 0)
            return;
        m_pendingBegin += sent;
    }
    if (pendingEcho() == 0) {
        // An idle session keeps no buffer, and no budget.
        freePending();
        giveBackBudget();
        m_writeNotifier->setEnabled(false);
        if (m_peerDoneSending || m_closing) {
            finish();
            return;
        }
        resumeReading();
    } else if (pendingEcho() <= m_limits.allowance / 2) {
        resumeReading();
    }
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
        const int error = sent < 0 ? errno : EPIPE;
        countEchoed(total);
        finishWithError(error);
        return -1;
    }
    countEchoed(total);
    return total;
}

void EchoSession::keepPending(const char *data, qint64 size)
{
    // Only when nothing waits yet (later reads go behind it, into the same buffer), with the
    // budget for it already held.
    if (!m_pending)
        m_pending.reset(new char[size_t(m_limits.allowance)]);
    std::memcpy(m_pending.get(), data, size_t(size));
    m_pendingBegin = 0;
    m_pendingEnd = size;
    m_peakPendingEcho = qMax(m_peakPendingEcho, pendingEcho());
    watchWritable();
}

void EchoSession::freePending()
{
    m_pendingBegin = 0;
    m_pendingEnd = 0;
    if (!m_pending)
        return;
    m_pending.reset();
    if (m_limits.budget)
        m_limits.budget->noteFreed(m_limits.allowance);
}

void EchoSession::giveBackBudget()
{
    if (m_budgetHeld > 0 && m_limits.budget)
        m_limits.budget->give(m_budgetHeld);
    m_budgetHeld = 0;
}

void EchoSession::stopReading()
{
    m_readNotifier->setEnabled(false);
}

void EchoSession::resumeReading()
{
    if (!m_peerDoneSending && !m_closing && !m_finished)
        m_readNotifier->setEnabled(true);
}

void EchoSession::waitUntilWritable()
{
    stopReading();
    watchWritable();
}

void EchoSession::watchWritable()
{
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(m_descriptor, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &EchoSession::onWritable);
    }
    m_writeNotifier->setEnabled(true);
}

void EchoSession::reachedEndOfStream()
{
    // The client shut down its sending side: it still gets all of its echo.
    m_peerDoneSending = true;
    // Finishing closes the descriptor, which takes it out of the epoll set with no system call
    // of its own; disabling the read notifier first would cost one.
    if (pendingEcho() == 0) {
        finish();
        return;
    }
    stopReading();
    emit clientShutDownSending(this);
}

void EchoSession::countEchoed(qint64 bytes)
{
    // Announced by the caller, once per quiet period.
    m_sample.echoed += bytes;
    m_sample.totalEchoed += bytes;
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
    // The descriptor leaves the epoll set as it closes, below: that saves an epoll_ctl().
    EpollEventDispatcher::forgetBeforeClosing(m_descriptor);
    // Disabled, not deleted: this may run inside one of their own signals. They go with the
    // session, which the worker deletes later.
    m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    if (m_graceTimer)
        m_graceTimer->stop();
    ::close(m_descriptor);
    m_descriptor = -1;
    freePending();
    giveBackBudget();
    emit finished(this, departure());
}
