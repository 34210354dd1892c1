#pragma once

#include "echoserver.h"
#include "echosession.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>
#include <QTest>

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
        connect(&socket, &QTcpSocket::readyRead, this, [this] {
            if (reading)
                received += socket.readAll();
        });
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

    // Leaves the echo in the kernel (and at most one byte in Qt's buffer), in a small receive
    // buffer that does not grow: the echo soon backs up into the server.
    void stopReading()
    {
        reading = false;
        socket.setReadBufferSize(1);
        const int size = 64 * 1024;
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }

    // A small send buffer that does not grow: what the kernel takes from this client is soon
    // bounded by what the server reads.
    void limitSendBuffer()
    {
        const int size = 64 * 1024;
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }

    void resumeReading()
    {
        reading = true;
        socket.setReadBufferSize(0);
        received += socket.readAll();
    }

    QTcpSocket socket;
    QByteArray received;
    bool reading = true;
};

// Sends without reading, block by block, until the server reports that some of the echo waits in
// the server itself because the kernel would take no more; then shuts down its sending side. So
// the end of the stream reaches the server with echo still to send, however large the kernel's
// buffers are on this machine. The server must be allowed to keep more echo than one block
// beyond that (allowanceForEchoWaiting), or it would stop reading before the end. Returns what
// was sent, or nothing if the server never said so.
inline constexpr qint64 allowanceForEchoWaiting = 1024 * 1024;

inline QByteArray sendUntilEchoWaitsThenShutDown(EchoServer &server, quint64 id, TestClient &client)
{
    constexpr qsizetype block = 256 * 1024;
    constexpr qint64 enoughWaiting = 256 * 1024;
    static_assert(enoughWaiting + block < allowanceForEchoWaiting);
    if (server.pendingEchoAllowance() < allowanceForEchoWaiting)
        return {};
    qint64 received = 0;
    qint64 echoed = 0;
    QObject context;
    QObject::connect(
        &server, &EchoServer::trafficReported, &context, [&](const QList<TrafficSample> &samples) {
            for (const TrafficSample &sample : samples) {
                if (sample.id == id) {
                    received = sample.totalReceived;
                    echoed = sample.totalEchoed;
                }
            }
        });
    client.stopReading();
    QByteArray sent;
    while (received - echoed < enoughWaiting) {
        if (sent.size() >= 64 * block) // far more than any kernel buffers
            return {};
        QByteArray bytes(block, Qt::Uninitialized);
        for (qsizetype i = 0; i < block; ++i)
            bytes[i] = char((sent.size() + i) * 7 / 5);
        client.socket.write(bytes);
        sent += bytes;
        if (!QTest::qWaitFor([&] { return received == sent.size(); }, 10000))
            return {};
    }
    client.shutdownSending();
    return sent;
}
