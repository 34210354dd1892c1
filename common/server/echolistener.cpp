#include "echolistener.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

EchoListener::EchoListener(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryInterval);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
    });
}

EchoListener::~EchoListener()
{
    close();
}

bool EchoListener::listen(const QHostAddress &address, quint16 port, int backlog)
{
    close();
    m_server.setListenBacklogSize(backlog);
    if (!m_server.listen(address, port))
        return false;
    m_server.pauseAccepting();
    m_notifier = new QSocketNotifier(m_server.socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EchoListener::acceptPending);
    return true;
}

void EchoListener::close()
{
    m_retryTimer.stop();
    delete m_notifier;
    m_notifier = nullptr;
    m_server.close();
}

void EchoListener::acceptPending()
{
    const int listening = int(m_server.socketDescriptor());
    for (int i = 0; i < acceptBatch && m_notifier; ++i) {
        const int descriptor = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (descriptor >= 0) {
            sockaddr_storage peer {};
            socklen_t peerSize = sizeof peer;
            if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&peer), &peerSize) != 0) {
                const int error = errno;
                ::close(descriptor);
                emit connectionLost(error);
                continue;
            }
            emit accepted(descriptor);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED: // the client gave up while queued; take the next one
            continue;
        case EAGAIN:
            return;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
            m_notifier->setEnabled(false);
            m_retryTimer.start();
            emit outOfDescriptors();
            return;
        default:
            m_notifier->setEnabled(false);
            m_retryTimer.start();
            emit acceptFailed(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
    }
}
