#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

#include <sys/socket.h>

// A plain socket as any foreign client would use it, collecting what it receives. Driven by the
// test's event loop (QTRY_*), never by blocking waits: the server's listener shares that loop.
class TestClient final : public QObject
{
    Q_OBJECT

public:
    explicit TestClient(quint16 port, QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool isConnected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    bool isClosed() const { return socket.state() == QAbstractSocket::UnconnectedState; }

    // Closes with RST instead of FIN, as a crashed or killed peer does.
    void reset()
    {
        const linger hard { 1, 0 };
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        socket.abort();
    }

    // Stops sending but keeps receiving, as `shutdown(fd, SHUT_WR)` does.
    void shutdownSending()
    {
        socket.flush();
        ::shutdown(int(socket.socketDescriptor()), SHUT_WR);
    }

    QTcpSocket socket;
    QByteArray received;
};
