#include "echosession.h"

#include <QTimer>

EchoSession::EchoSession(quint64 id, int worker, QObject *parent)
    : QObject(parent)
{
    m_info.id = id;
    m_info.worker = worker;
    m_sample.id = id;
    // A bounded read buffer: while the echo can't be written, Qt stops reading from the kernel,
    // the TCP window closes and the client is slowed down instead of our memory growing.
    m_socket.setReadBufferSize(readChunk);
    connect(&m_socket, &QTcpSocket::readyRead, this, &EchoSession::echoAvailableBytes);
    connect(&m_socket, &QTcpSocket::bytesWritten, this, &EchoSession::onBytesWritten);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &EchoSession::onErrorOccurred);
    connect(&m_socket, &QTcpSocket::disconnected, this, &EchoSession::onDisconnected);
}

bool EchoSession::open(qintptr descriptor)
{
    if (!m_socket.setSocketDescriptor(descriptor)) {
        m_leaveReason = LeaveReason::Error;
        m_leaveDetail = m_socket.errorString();
        return false;
    }
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_info.address = m_socket.peerAddress();
    m_info.port = m_socket.peerPort();
    m_info.since = QDateTime::currentDateTime();
    return true;
}

TrafficSample EchoSession::takeSample()
{
    TrafficSample sample = m_sample;
    m_sample.received = 0;
    m_sample.echoed = 0;
    m_sample.reads = 0;
    m_sample.preview.clear();
    m_sample.previewTruncated = false;
    return sample;
}

void EchoSession::close(LeaveReason reason)
{
    if (m_finished)
        return;
    m_leaveReason = reason;
    m_leaveDetail.clear();
    // Whatever echo is already queued goes out first; disconnected() follows once it has.
    m_socket.disconnectFromHost();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.flush();
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        onDisconnected();
        return;
    }
    // A client that never reads would keep the session waiting for ever.
    QTimer::singleShot(closeGrace, this, [this] {
        m_socket.abort();
        onDisconnected();
    });
}

void EchoSession::echoAvailableBytes()
{
    const bool wasQuiet = !hasUnreportedTraffic();
    while (m_socket.bytesToWrite() < defaultHighWatermark) {
        const QByteArray chunk = m_socket.read(readChunk);
        if (chunk.isEmpty())
            break;
        m_sample.received += chunk.size();
        m_sample.totalReceived += chunk.size();
        ++m_sample.reads;
        const qsizetype room = previewCapture - m_sample.preview.size();
        if (room > 0)
            m_sample.preview.append(chunk.first(qMin(room, chunk.size())));
        if (chunk.size() > room)
            m_sample.previewTruncated = true;
        m_socket.write(chunk);
        m_peakPendingEcho = qMax(m_peakPendingEcho, m_socket.bytesToWrite());
    }
    // Hand the echo to the kernel now rather than on the next event-loop turn.
    m_socket.flush();
    if (wasQuiet && hasUnreportedTraffic())
        emit trafficPending(this);
}

void EchoSession::onBytesWritten(qint64 bytes)
{
    const bool wasQuiet = !hasUnreportedTraffic();
    m_sample.echoed += bytes;
    m_sample.totalEchoed += bytes;
    if (wasQuiet)
        emit trafficPending(this);
    if (m_socket.bytesToWrite() < defaultLowWatermark && m_socket.bytesAvailable() > 0)
        echoAvailableBytes();
}

void EchoSession::onErrorOccurred(QAbstractSocket::SocketError error)
{
    if (m_leaveReason != LeaveReason::PeerClosed)
        return; // we are closing it ourselves; the reason is already known
    if (error == QAbstractSocket::RemoteHostClosedError)
        return;
    m_leaveReason = LeaveReason::Error;
    m_leaveDetail = m_socket.errorString();
}

void EchoSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(this, departure());
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
