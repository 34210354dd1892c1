#pragma once

#include <QObject>
#include <QTcpServer>

// The server's listening socket: bound and listening with QTcpServer, in the server's thread,
// for its error reporting (a port already in use is told exactly: no SO_REUSEPORT, so no second
// server can share the port). It accepts nothing itself: every worker watches the descriptor in
// its own event loop and accepts from it (EchoWorker), so a connection is accepted in the thread
// that serves it.
class EchoListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoListener)

public:
    explicit EchoListener(QObject *parent = nullptr);
    ~EchoListener() override;

    bool listen(const QHostAddress &address, quint16 port, int backlog);
    // Only once no worker watches the descriptor any more.
    void close();
    bool isListening() const { return m_server.isListening(); }
    qintptr descriptor() const { return m_server.socketDescriptor(); }
    quint16 port() const { return m_server.serverPort(); }
    QAbstractSocket::SocketError listenError() const { return m_server.serverError(); }
    QString listenErrorString() const { return m_server.errorString(); }

private:
    QTcpServer m_server { this };
};
