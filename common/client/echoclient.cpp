#include "echoclient.h"

#include "arrivaltime.h"
#include "hostport.h"
#include "linklocal.h"
#include "translations.h"

#include <QHostAddress>

EchoClient::EchoClient(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &EchoClient::onConnectTimeout);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EchoClient::startConnecting);
    connect(&m_socket, &QTcpSocket::bytesWritten, this, &EchoClient::onBytesWritten);
    connect(&m_file, &FileSender::chunkReady, this, &EchoClient::sendFileChunk);
    connect(&m_file, &FileSender::progressed, this, &EchoClient::fileProgress);
    connect(&m_file, &FileSender::finished, this, &EchoClient::fileFinished);
    connect(&m_file, &FileSender::failed, this, &EchoClient::fileStopped);
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
    m_reconnectTimer.stop();
    m_reconnectPolicy.reset();
    m_retrying = false;
    m_host = host.trimmed();
    m_port = port;
    // Said here: the socket would only report "Unsupported socket operation".
    if (const QString problem = linkLocalAddressProblem(QHostAddress(m_host)); !problem.isEmpty()) {
        emit errorOccurred(problem);
        return;
    }
    startConnecting();
}

void EchoClient::startConnecting()
{
    // Replacing a connection is no drop to reconnect after.
    m_replacing = true;
    m_socket.abort();
    m_replacing = false;
    stopFile(tr("The connection closed before the file was sent."));
    m_wasConnected = false;
    setState(State::Connecting);
    m_connectTimer.start(m_connectTimeout);
    // Unbuffered: the bytes stay in the kernel until onReadyRead(), which can then ask when
    // they arrived; memory stays bounded by the kernel's receive buffer.
    m_socket.connectToHost(m_host, m_port, QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void EchoClient::startNewStream()
{
    m_bytesSent = 0;
    m_bytesReceived = 0;
    m_roundTrips.reset();
    m_echoCheck.reset();
}

void EchoClient::disconnectFromServer()
{
    m_connectTimer.stop();
    m_retrying = false;
    m_reconnectPolicy.reset();
    m_reconnectTimer.stop();
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
    m_roundTrips.noteSent(bytes.size(), m_clock.nsecsElapsed());
    m_echoCheck.noteSent(bytes);
    m_socket.write(bytes);
    m_bytesSent += bytes.size();
    // Before flush(), whose bytesWritten() may hand on the next file chunk.
    emit sentData(bytes);
    // Out now, not on the next event-loop turn: a keystroke should leave at once.
    m_socket.flush();
    return true;
}

bool EchoClient::sendFile(const QString &path)
{
    m_fileError.clear();
    if (m_state != State::Connected) {
        m_fileError = tr("Connect first, then send the file.");
        return false;
    }
    if (m_file.isActive()) {
        m_fileError = tr("A file is already being sent.");
        return false;
    }
    if (!m_file.start(path)) {
        m_fileError = m_file.errorString();
        return false;
    }
    pumpFile();
    return true;
}

void EchoClient::cancelFile()
{
    stopFile(tr("Cancelled."));
}

void EchoClient::stopFile(const QString &reason)
{
    if (!m_file.isActive())
        return;
    m_file.cancel();
    emit fileStopped(reason);
}

void EchoClient::sendFileChunk(const QByteArray &chunk)
{
    m_roundTrips.noteSent(chunk.size(), m_clock.nsecsElapsed(), false);
    m_echoCheck.noteSent(chunk);
    m_socket.write(chunk);
    m_bytesSent += chunk.size();
    emit sentData(chunk);
}

void EchoClient::onBytesWritten()
{
    pumpFile();
}

void EchoClient::pumpFile()
{
    if (!m_file.isActive() || m_state != State::Connected)
        return;
    m_file.pump(m_socket.bytesToWrite());
    // The unbuffered socket wrote straight to the kernel, so no bytesWritten() will follow:
    // come back for more after a short pause, which leaves the event loop time for the window.
    if (m_file.isActive() && m_socket.bytesToWrite() == 0 && !m_pumpQueued) {
        m_pumpQueued = true;
        QTimer::singleShot(filePumpPause, this, [this] {
            m_pumpQueued = false;
            pumpFile();
        });
    }
}

void EchoClient::setAutoReconnect(bool on)
{
    m_autoReconnect = on;
    if (!on) {
        m_reconnectTimer.stop();
        m_retrying = false;
    }
}

void EchoClient::scheduleReconnect()
{
    m_retrying = true;
    const std::chrono::milliseconds delay = m_reconnectPolicy.nextDelay();
    m_reconnectTimer.start(delay);
    emit reconnectScheduled(delay.count(), m_reconnectPolicy.attempts());
}

QString EchoClient::serverDescription() const
{
    const QHostAddress peer = m_socket.peerAddress();
    return formatHostPort(peer.isNull() ? m_host : peer.toString(), m_port);
}

QString EchoClient::endpoint() const
{
    return formatHostPort(m_host, m_port);
}

QString EchoClient::localDescription() const
{
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        return {};
    return formatHostPort(m_socket.localAddress().toString(), m_socket.localPort());
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
    // Counters and checks describe one connection; the last one's stay until this one is up.
    startNewStream();
    m_wasConnected = true;
    m_retrying = false;
    // Not a success yet: the policy hears how long it lasted when it ends.
    m_connectedFor.start();
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, m_noDelay ? 1 : 0);
    m_arrivalTimes = enableArrivalTimes(m_socket.socketDescriptor());
    setState(State::Connected);
    emit connected();
}

void EchoClient::onReadyRead()
{
    // When the bytes reached the socket, not when this thread got round to reading them.
    // Only while a timed send waits: peeking copies the bytes, which a file transfer can spare.
    const std::optional<qint64> age = m_arrivalTimes && m_roundTrips.waitingCount() > 0
        ? newestArrivalAgeNs(m_socket.socketDescriptor())
        : std::nullopt;
    // One bounded piece per notification: readAll() on an unbuffered socket would keep reading
    // while a fast server keeps the kernel buffer full, and hand the window megabytes at once.
    const QByteArray bytes = m_socket.read(maximumReadSize);
    if (!bytes.isEmpty()) {
        const qint64 now = m_clock.nsecsElapsed();
        m_bytesReceived += bytes.size();
        m_roundTrips.noteReceived(bytes.size(), now - age.value_or(0));
        if (m_echoCheck.noteReceived(bytes))
            emit echoDifferenceFound(m_echoCheck.difference()->offset);
        emit received(bytes);
    }
    // An unbuffered QTcpSocket that reads the end of the stream (or an error) drops to
    // UnconnectedState without emitting errorOccurred() or stateChanged(): report it here.
    if (m_socket.state() == QAbstractSocket::UnconnectedState && m_state != State::Disconnected) {
        onSocketError(m_socket.error());
        onSocketStateChanged(QAbstractSocket::UnconnectedState);
    }
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
    stopFile(tr("The connection closed before the file was sent."));
    const bool dropped = m_state != State::Disconnecting;
    setState(State::Disconnected);
    if (wasConnected) {
        m_reconnectPolicy.connectionEnded(std::chrono::milliseconds(m_connectedFor.elapsed()));
        emit disconnected();
    }
    if (m_autoReconnect && dropped && !m_replacing && (wasConnected || m_retrying) &&
        !m_reconnectTimer.isActive())
        scheduleReconnect();
}

void EchoClient::onConnectTimeout()
{
    m_socket.abort();
    const qint64 ms = m_connectTimeout.count();
    const QString waited = ms % 1000 == 0
        ? (ms == 1000 ? tr("1 second") : tr("%n seconds", nullptr, int(ms / 1000)))
        : tr("%1 ms").arg(ms);
    emit errorOccurred(tr("No answer from %1 after %2: the connection attempt timed out. A "
                          "firewall may be dropping it, or the host is down.")
            .arg(endpoint(), waited));
    setState(State::Disconnected);
}

QString EchoClient::describe(QAbstractSocket::SocketError error) const
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return tr("Connection refused by %1: no server is listening on that port.").arg(endpoint());
    case QAbstractSocket::HostNotFoundError:
        return tr("Host \"%1\" not found: check the name, or use an IP address.").arg(m_host);
    case QAbstractSocket::RemoteHostClosedError:
        return tr("The server closed the connection.");
    case QAbstractSocket::SocketTimeoutError:
        return tr("%1 did not answer in time.").arg(endpoint());
    case QAbstractSocket::NetworkError:
        return tr("Cannot reach %1 (%2): no route to that host.")
            .arg(endpoint(), m_socket.errorString());
    case QAbstractSocket::SocketAccessError:
        return tr("Not allowed to connect to %1 (%2).").arg(endpoint(), m_socket.errorString());
    default:
        return tr("%1: %2").arg(endpoint(), m_socket.errorString());
    }
}
