#include "echoclient.h"

#include "arrivaltime.h"
#include "datagramerror.h"
#include "hostport.h"
#include "linklocal.h"
#include "translations.h"

#include <QHostAddress>
#include <QLocale>

#include <system_error>

EchoClient::EchoClient(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &EchoClient::onConnectTimeout);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EchoClient::startConnecting);
    connect(&m_tcp, &QTcpSocket::bytesWritten, this, &EchoClient::onBytesWritten);
    m_lossTimer.setInterval(lossCheckInterval);
    connect(&m_lossTimer, &QTimer::timeout, this, &EchoClient::checkForLostDatagrams);
    connect(&m_file, &FileSender::chunkReady, this, &EchoClient::sendFileChunk);
    connect(&m_file, &FileSender::progressed, this, &EchoClient::fileProgress);
    connect(&m_file, &FileSender::finished, this, &EchoClient::fileFinished);
    connect(&m_file, &FileSender::failed, this, &EchoClient::fileStopped);
    connect(&m_tcp, &QTcpSocket::readyRead, this, &EchoClient::onReadyRead);
    connect(&m_udp, &QUdpSocket::readyRead, this, &EchoClient::onDatagramsReady);
    for (QAbstractSocket *socket :
        { static_cast<QAbstractSocket *>(&m_tcp), static_cast<QAbstractSocket *>(&m_udp) }) {
        connect(socket, &QAbstractSocket::connected, this, &EchoClient::onConnected);
        connect(socket, &QAbstractSocket::errorOccurred, this, &EchoClient::onSocketError);
        connect(socket, &QAbstractSocket::stateChanged, this, &EchoClient::onSocketStateChanged);
    }
}

EchoClient::~EchoClient()
{
    // The sockets, destroyed after this body, would report their closing to a half-gone object.
    m_tcp.disconnect(this);
    m_udp.disconnect(this);
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
    m_socket->abort();
    m_replacing = false;
    stopFile(tr("The connection closed before the file was sent."));
    m_socket = m_protocol == Protocol::Udp ? static_cast<QAbstractSocket *>(&m_udp) : &m_tcp;
    m_wasConnected = false;
    setState(State::Connecting);
    m_connectTimer.start(m_connectTimeout);
    // Unbuffered: the bytes stay in the kernel until onReadyRead(), which can then ask when
    // they arrived; memory stays bounded by the kernel's receive buffer.
    m_socket->connectToHost(m_host, m_port, QIODevice::ReadWrite | QIODevice::Unbuffered);
}

void EchoClient::startNewStream()
{
    m_bytesSent = 0;
    m_bytesReceived = 0;
    m_roundTrips.reset();
    m_echoCheck.reset();
    m_datagramCheck.reset();
    m_lossTimer.stop();
    m_lostMarked = m_duplicateMarked = m_reorderMarked = m_corruptionMarked = false;
    m_refusedReported = false;
}

void EchoClient::disconnectFromServer()
{
    m_connectTimer.stop();
    m_retrying = false;
    m_reconnectPolicy.reset();
    m_reconnectTimer.stop();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        setState(State::Disconnected);
        return;
    }
    if (m_state == State::Connecting) {
        // disconnectFromHost() would only close the socket once the attempt succeeds: cancel now.
        m_socket->abort();
        return;
    }
    if (m_state == State::Connected)
        setState(State::Disconnecting);
    m_socket->disconnectFromHost();
}

bool EchoClient::send(const QByteArray &bytes)
{
    if (m_state != State::Connected)
        return false;
    if (usesDatagrams())
        return sendDatagram(bytes);
    m_roundTrips.noteSent(bytes.size(), m_clock.nsecsElapsed());
    m_echoCheck.noteSent(bytes);
    m_socket->write(bytes);
    m_bytesSent += bytes.size();
    // Before flush(), whose bytesWritten() may hand on the next file chunk.
    emit sentData(bytes);
    // Out now, not on the next event-loop turn: a keystroke should leave at once.
    m_socket->flush();
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
    // Over UDP each chunk is a datagram, and only a window of them is in flight at a time.
    m_file.setChunkSize(usesDatagrams() ? m_datagramSize : FileSender::chunkSize);
    m_file.setWatermark(usesDatagrams() ? fileDatagramWindow : FileSender::defaultWatermark);
    if (!m_file.start(path)) {
        m_fileError = m_file.errorString();
        return false;
    }
    // From the event loop, not from here: a small file would otherwise be sent, and finished,
    // before the caller has heard that it started.
    QMetaObject::invokeMethod(this, &EchoClient::pumpFile, Qt::QueuedConnection);
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
    if (usesDatagrams()) {
        if (!sendDatagram(chunk))
            stopFile(tr("A datagram of the file could not be sent."));
        return;
    }
    m_roundTrips.noteSent(chunk.size(), m_clock.nsecsElapsed(), false);
    m_echoCheck.noteSent(chunk);
    m_socket->write(chunk);
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
    // Paced by the echoes: each one back (or given up as lost) makes room for the next.
    if (usesDatagrams()) {
        m_file.pump(m_datagramCheck.waitingBytes());
        return;
    }
    m_file.pump(m_socket->bytesToWrite());
    // The unbuffered socket wrote straight to the kernel, so no bytesWritten() will follow:
    // come back for more after a short pause, which leaves the event loop time for the window.
    if (m_file.isActive() && m_socket->bytesToWrite() == 0 && !m_pumpQueued) {
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
    const QHostAddress peer = m_socket->peerAddress();
    return formatHostPort(peer.isNull() ? m_host : peer.toString(), m_port);
}

QString EchoClient::endpoint() const
{
    return formatHostPort(m_host, m_port);
}

QString EchoClient::localDescription() const
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return {};
    return formatHostPort(m_socket->localAddress().toString(), m_socket->localPort());
}

void EchoClient::setNoDelay(bool on)
{
    m_noDelay = on;
    if (m_socket == &m_tcp && m_tcp.state() == QAbstractSocket::ConnectedState)
        m_tcp.setSocketOption(QAbstractSocket::LowDelayOption, on ? 1 : 0);
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
    if (usesDatagrams()) {
        enableDatagramErrors(m_udp.socketDescriptor());
        m_arrivalTimes = false;
    } else {
        m_tcp.setSocketOption(QAbstractSocket::LowDelayOption, m_noDelay ? 1 : 0);
        m_arrivalTimes = enableArrivalTimes(m_tcp.socketDescriptor());
    }
    setState(State::Connected);
    emit connected();
}

void EchoClient::onReadyRead()
{
    // When the bytes reached the socket, not when this thread got round to reading them.
    // Only while a timed send waits: peeking copies the bytes, which a file transfer can spare.
    const std::optional<qint64> age = m_arrivalTimes && m_roundTrips.waitingCount() > 0
        ? newestArrivalAgeNs(m_socket->socketDescriptor())
        : std::nullopt;
    // One bounded piece per notification: readAll() on an unbuffered socket would keep reading
    // while a fast server keeps the kernel buffer full, and hand the window megabytes at once.
    const QByteArray bytes = m_socket->read(maximumReadSize);
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
    if (m_socket->state() == QAbstractSocket::UnconnectedState && m_state != State::Disconnected) {
        onSocketError(m_socket->error());
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
    m_lossTimer.stop();
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
    m_socket->abort();
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
            .arg(endpoint(), m_socket->errorString());
    case QAbstractSocket::SocketAccessError:
        return tr("Not allowed to connect to %1 (%2).").arg(endpoint(), m_socket->errorString());
    default:
        return tr("%1: %2").arg(endpoint(), m_socket->errorString());
    }
}

void EchoClient::setDatagramSize(int bytes)
{
    // Beyond what the server's address family carries, sending says so.
    m_datagramSize = qBound(1, bytes, int(maximumDatagramSizeIpv6));
}

qsizetype EchoClient::maximumDatagramSize() const
{
    const QHostAddress peer = m_udp.state() == QAbstractSocket::ConnectedState
        ? m_udp.peerAddress()
        : QHostAddress(m_host);
    bool mapped = false;
    peer.toIPv4Address(&mapped);
    return peer.protocol() == QAbstractSocket::IPv6Protocol && !mapped ? maximumDatagramSizeIpv6
                                                                       : maximumDatagramSizeIpv4;
}

QString EchoClient::echoSummary() const
{
    return usesDatagrams() ? m_datagramCheck.summary() : m_echoCheck.summary();
}

bool EchoClient::sendDatagram(const QByteArray &datagram)
{
    if (datagram.isEmpty())
        return false;
    if (const qsizetype maximum = maximumDatagramSize(); datagram.size() > maximum) {
        const QLocale locale;
        emit errorOccurred(tr("Not sent: a UDP datagram to %1 holds at most %2 bytes, and this "
                              "one has %3.")
                .arg(endpoint(), locale.toString(qint64(maximum)),
                    locale.toString(qint64(datagram.size()))));
        return false;
    }
    qint64 written = m_udp.write(datagram);
    if (written < 0) {
        // An error the network reported about an earlier datagram takes this send's place.
        if (const auto error = takeDatagramError(m_udp.socketDescriptor())) {
            reportDatagramError(*error);
            written = m_udp.write(datagram);
        }
    }
    if (written != datagram.size()) {
        emit errorOccurred(
            tr("%1: the datagram could not be sent (%2).").arg(endpoint(), m_udp.errorString()));
        return false;
    }
    m_datagramCheck.noteSent(datagram, m_clock.nsecsElapsed());
    m_bytesSent += datagram.size();
    emit sentData(datagram);
    if (!m_lossTimer.isActive())
        m_lossTimer.start();
    return true;
}

void EchoClient::onDatagramsReady()
{
    // A bounded number per notification, so that a flood leaves the event loop time to breathe;
    // the socket notifies again for the rest.
    for (int i = 0; i < maximumDatagramsPerRead && m_udp.hasPendingDatagrams(); ++i) {
        QByteArray datagram(qMax<qint64>(m_udp.pendingDatagramSize(), 0), Qt::Uninitialized);
        const qint64 size = m_udp.readDatagram(datagram.data(), datagram.size());
        if (size < 0)
            break;
        datagram.truncate(size);
        noteDatagram(datagram, m_clock.nsecsElapsed());
    }
    // Readable with nothing to read: the network sent an error back instead of an echo.
    if (const auto error = takeDatagramError(m_udp.socketDescriptor()))
        reportDatagramError(*error);
    pumpFile();
}

void EchoClient::noteDatagram(const QByteArray &datagram, qint64 nowNs)
{
    const qint64 offset = m_bytesReceived;
    m_bytesReceived += datagram.size();
    m_refusedReported = false;
    const DatagramCheck::Echo echo = m_datagramCheck.noteReceived(datagram, nowNs);
    if (echo.roundTripNs >= 0)
        m_roundTrips.noteRoundTrip(echo.roundTripNs);
    const auto markFirst = [this](bool &marked, qint64 at) {
        if (!marked) {
            marked = true;
            emit echoDifferenceFound(at);
        }
    };
    // An empty datagram has no byte to mark.
    if (!datagram.isEmpty()) {
        switch (echo.verdict) {
        case DatagramCheck::Verdict::Duplicated:
            markFirst(m_duplicateMarked, offset);
            break;
        case DatagramCheck::Verdict::Reordered:
            markFirst(m_reorderMarked, offset);
            break;
        case DatagramCheck::Verdict::Corrupted:
            markFirst(m_corruptionMarked, offset + echo.differsAt);
            break;
        case DatagramCheck::Verdict::InOrder:
        case DatagramCheck::Verdict::Late:
            break;
        }
    }
    if (m_datagramCheck.waitingCount() == 0)
        m_lossTimer.stop();
    emit received(datagram);
}

void EchoClient::checkForLostDatagrams()
{
    const QList<DatagramCheck::Lost> lost = m_datagramCheck.expire(m_clock.nsecsElapsed());
    if (m_datagramCheck.waitingCount() == 0)
        m_lossTimer.stop();
    if (lost.isEmpty())
        return;
    if (!m_lostMarked) {
        m_lostMarked = true;
        emit lostDatagramFound(lost.first().sentOffset);
    }
    emit datagramsLost(int(lost.size()));
    pumpFile();
}

void EchoClient::reportDatagramError(int error)
{
    if (error == int(std::errc::connection_refused)) {
        if (m_refusedReported)
            return;
        m_refusedReported = true;
        emit errorOccurred(tr("No echo from %1: no server is listening on UDP port %2 (the host "
                              "answered \"port unreachable\").")
                .arg(endpoint())
                .arg(m_port));
        return;
    }
    emit errorOccurred(tr("%1: %2").arg(endpoint(), qt_error_string(error)));
}
