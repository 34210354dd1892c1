#include "echoclient.h"

#include <QHostAddress>

EchoClient::EchoClient(QObject *parent)
    : QObject(parent)
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &EchoClient::onConnectTimeout);
    connect(&m_socket, &QTcpSocket::connected, this, &EchoClient::onConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &EchoClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &EchoClient::onSocketError);
    connect(&m_socket, &QTcpSocket::stateChanged, this, &EchoClient::onSocketStateChanged);
}

EchoClient::~EchoClient()
{
    // The socket, destroyed after this body, would report its closing to a half-gone object.
    m_socket.disconnect(this);
}

void EchoClient::connectToServer(const QString &host, quint16 port)
{
    m_socket.abort();
    m_host = host.trimmed();
    m_port = port;
    m_bytesSent = 0;
    m_bytesReceived = 0;
    m_wasConnected = false;
    setState(State::Connecting);
    m_connectTimer.start(m_connectTimeout);
    m_socket.connectToHost(m_host, m_port);
}

void EchoClient::disconnectFromServer()
{
    m_connectTimer.stop();
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        setState(State::Disconnected);
        return;
    }
    if (m_state == State::Connecting) {
        // disconnectFromHost() would only close the socket once the attempt succeeds: cancel now.
        m_socket.abort();
        return;
    }
    if (m_state == State::Connected)
        setState(State::Disconnecting);
    m_socket.disconnectFromHost();
}

bool EchoClient::send(const QByteArray &bytes)
{
    if (m_state != State::Connected)
        return false;
    m_socket.write(bytes);
    m_bytesSent += bytes.size();
    // Out now, not on the next event-loop turn: a keystroke should leave at once.
    m_socket.flush();
    return true;
}

QString EchoClient::serverDescription() const
{
    const QHostAddress peer = m_socket.peerAddress();
    const QString host = peer.isNull() ? m_host : peer.toString();
    if (host.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(host).arg(m_port);
    return QStringLiteral("%1:%2").arg(host).arg(m_port);
}

QString EchoClient::localDescription() const
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return {};
    const QHostAddress local = m_socket.localAddress();
    if (local.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("[%1]:%2").arg(local.toString()).arg(m_socket.localPort());
    return QStringLiteral("%1:%2").arg(local.toString()).arg(m_socket.localPort());
}

void EchoClient::setNoDelay(bool on)
{
    m_noDelay = on;
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, on ? 1 : 0);
}

void EchoClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EchoClient::onConnected()
{
    m_connectTimer.stop();
    m_wasConnected = true;
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, m_noDelay ? 1 : 0);
    setState(State::Connected);
    emit connected();
}

void EchoClient::onReadyRead()
{
    const QByteArray bytes = m_socket.readAll();
    if (bytes.isEmpty())
        return;
    m_bytesReceived += bytes.size();
    emit received(bytes);
}

void EchoClient::onSocketError(QAbstractSocket::SocketError error)
{
    m_connectTimer.stop();
    emit errorOccurred(describe(error));
}

void EchoClient::onSocketStateChanged(QAbstractSocket::SocketState state)
{
    if (state != QAbstractSocket::UnconnectedState)
        return;
    m_connectTimer.stop();
    const bool wasConnected = m_wasConnected;
    m_wasConnected = false;
    setState(State::Disconnected);
    if (wasConnected)
        emit disconnected();
}

void EchoClient::onConnectTimeout()
{
    m_socket.abort();
    const qint64 ms = m_connectTimeout.count();
    const QString waited = ms % 1000 == 0
        ? (ms == 1000 ? tr("1 second") : tr("%1 seconds").arg(ms / 1000))
        : tr("%1 ms").arg(ms);
    emit errorOccurred(tr("No answer from %1:%2 after %3: the connection attempt timed out. A "
                          "firewall may be dropping it, or the host is down.")
                           .arg(m_host)
                           .arg(m_port)
                           .arg(waited));
    setState(State::Disconnected);
}

QString EchoClient::describe(QAbstractSocket::SocketError error) const
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return tr("Connection refused by %1:%2: no server is listening on that port.")
            .arg(m_host)
            .arg(m_port);
    case QAbstractSocket::HostNotFoundError:
        return tr("Host \"%1\" not found: check the name, or use an IP address.").arg(m_host);
    case QAbstractSocket::RemoteHostClosedError:
        return tr("The server closed the connection.");
    case QAbstractSocket::SocketTimeoutError:
        return tr("%1:%2 did not answer in time.").arg(m_host).arg(m_port);
    case QAbstractSocket::NetworkError:
        return tr("Cannot reach %1:%2 (%3): no route to that host.")
            .arg(m_host)
            .arg(m_port)
            .arg(m_socket.errorString());
    case QAbstractSocket::SocketAccessError:
        return tr("Not allowed to connect to %1:%2 (%3).")
            .arg(m_host)
            .arg(m_port)
            .arg(m_socket.errorString());
    default:
        return tr("%1:%2: %3").arg(m_host).arg(m_port).arg(m_socket.errorString());
    }
}
