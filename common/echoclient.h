#pragma once

#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

// One connection to an echo server (or any TCP server): connect, send bytes, receive bytes,
// and errors put in words a person understands.
class EchoClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoClient)

public:
    enum class State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds defaultConnectTimeout { 10000 };

    explicit EchoClient(QObject *parent = nullptr);
    ~EchoClient() override;

    void connectToServer(const QString &host, quint16 port);
    void disconnectFromServer();
    // Queues the bytes for sending; returns false when not connected.
    bool send(const QByteArray &bytes);

    State state() const { return m_state; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    // "127.0.0.1:22000" or "[::1]:22000": where we are (or were) connected.
    QString serverDescription() const;
    // Our own end, "127.0.0.1:53422"; empty while not connected.
    QString localDescription() const;

    qint64 bytesSent() const { return m_bytesSent; }
    qint64 bytesReceived() const { return m_bytesReceived; }

    void setConnectTimeout(std::chrono::milliseconds timeout) { m_connectTimeout = timeout; }
    void setNoDelay(bool on);
    bool noDelay() const { return m_noDelay; }

signals:
    void stateChanged(EchoClient::State state);
    void connected();
    // The connection ended, by us or by the server; errorOccurred() says why when it was not us.
    void disconnected();
    void received(const QByteArray &bytes);
    void errorOccurred(const QString &message);

private:
    void setState(State state);
    void onConnected();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError error);
    void onSocketStateChanged(QAbstractSocket::SocketState state);
    void onConnectTimeout();
    QString describe(QAbstractSocket::SocketError error) const;

    QTcpSocket m_socket { this };
    QTimer m_connectTimer { this };
    State m_state = State::Disconnected;
    QString m_host;
    quint16 m_port = 0;
    qint64 m_bytesSent = 0;
    qint64 m_bytesReceived = 0;
    std::chrono::milliseconds m_connectTimeout = defaultConnectTimeout;
    bool m_noDelay = true;
    bool m_wasConnected = false;
};
