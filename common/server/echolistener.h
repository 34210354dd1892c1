#pragma once

#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <chrono>

class QSocketNotifier;

// Binds and listens with QTcpServer (for its error reporting), then accepts by itself: Qt 6.4
// treats EMFILE as a temporary error and retries at once, spinning a core while descriptors are
// exhausted. Here running out pauses accepting for a moment; the waiting connections stay
// queued in the kernel and are taken once descriptors are free again.
//
// A connection the client reset while it waited in the queue is still handed out by accept();
// it is closed here and told as lost, so it is never counted as a client.
class EchoListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoListener)

public:
    static constexpr std::chrono::milliseconds retryInterval { 100 };
    // Accepted per wake-up at most, so a connect storm can't starve the rest of the event loop.
    static constexpr int acceptBatch = 256;

    explicit EchoListener(QObject *parent = nullptr);
    ~EchoListener() override;

    bool listen(const QHostAddress &address, quint16 port, int backlog);
    void close();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QAbstractSocket::SocketError listenError() const { return m_server.serverError(); }
    QString listenErrorString() const { return m_server.errorString(); }

signals:
    void accepted(qintptr descriptor);
    // A connection that was gone by the time it was accepted (error: an errno value, ENOTCONN
    // for a client that reset it).
    void connectionLost(int error);
    void outOfDescriptors();
    void acceptFailed(const QString &message);

private:
    void acceptPending();

    QTcpServer m_server { this };
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_retryTimer { this };
};
