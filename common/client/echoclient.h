#pragma once

#include "datagramcheck.h"
#include "echocheck.h"
#include "filesender.h"
#include "reconnectpolicy.h"
#include "rtttracker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

#include <chrono>

// One connection to an echo server (or any TCP or UDP server): connect, send bytes, receive
// bytes, and errors put in words a person understands. It times every send's round trip, checks
// that what comes back is what was sent, streams files, and can reconnect when a connection
// drops. The transport is chosen at connect time: over TCP the bytes are one stream; over UDP
// each send() is one datagram, checked and timed on its own, on a connected socket so that an
// ICMP "port unreachable" can be reported.
class EchoClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoClient)

public:
    enum class State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)
    enum class Protocol { Tcp, Udp };
    Q_ENUM(Protocol)

    static constexpr std::chrono::milliseconds defaultConnectTimeout { 10000 };
    static constexpr qint64 maximumReadSize = 256 * 1024;
    static constexpr std::chrono::milliseconds filePumpPause { 2 };
    // The largest UDP payload: 65,535 less the IP (IPv4 only) and UDP headers.
    static constexpr qsizetype maximumDatagramSizeIpv4 = 65507;
    static constexpr qsizetype maximumDatagramSizeIpv6 = 65527;
    // A file's datagrams: fits in any path's MTU, so nothing is fragmented.
    static constexpr int defaultDatagramSize = 1200;
    // A file's datagrams in flight (sent, neither back nor lost) at most, so that the kernel's
    // receive buffers (about 200 KiB each by default) never overflow on loopback.
    static constexpr qint64 fileDatagramWindow = 48 * 1024;
    static constexpr int maximumDatagramsPerRead = 64;
    static constexpr std::chrono::milliseconds lossCheckInterval { 100 };

    explicit EchoClient(QObject *parent = nullptr);
    ~EchoClient() override;

    void connectToServer(const QString &host, quint16 port);
    // The transport of the next connection (the current one keeps its own).
    void setProtocol(Protocol protocol) { m_protocol = protocol; }
    Protocol protocol() const { return m_protocol; }
    // Whether the current (or last) connection is UDP: each send() a datagram.
    bool usesDatagrams() const { return m_socket == &m_udp; }
    // The size of a file's datagrams, 1 to maximumDatagramSize().
    void setDatagramSize(int bytes);
    int datagramSize() const { return m_datagramSize; }
    // The largest datagram the server's address family carries.
    qsizetype maximumDatagramSize() const;
    void disconnectFromServer();
    // Queues the bytes for sending (over UDP, as one datagram); returns false when not connected
    // or (errorOccurred() says why) the datagram is too large or could not be sent.
    bool send(const QByteArray &bytes);
    // Streams the file after whatever was sent before; false (fileErrorString()) when not
    // connected, a file is already being sent, or it cannot be read.
    bool sendFile(const QString &path);
    void cancelFile();
    bool isSendingFile() const { return m_file.isActive(); }
    QString fileErrorString() const { return m_fileError; }

    State state() const { return m_state; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    // "127.0.0.1:22000" or "[::1]:22000": where we are (or were) connected.
    QString serverDescription() const;
    // Our own end, "127.0.0.1:53422"; empty while not connected.
    QString localDescription() const;

    qint64 bytesSent() const { return m_bytesSent; }
    qint64 bytesReceived() const { return m_bytesReceived; }

    // Round trips of the sends made with send() (a file's chunks are not timed: they measure
    // throughput, not latency), and the echo check of everything sent, files included.
    const RttTracker &roundTrips() const { return m_roundTrips; }
    const EchoCheck &echoCheck() const { return m_echoCheck; }
    // Over UDP: each datagram matched with its echo (lost, duplicated, reordered, corrupted).
    const DatagramCheck &datagramCheck() const { return m_datagramCheck; }
    // The summary of whichever check the connection uses.
    QString echoSummary() const;

    // When on, a connection that drops (not by disconnectFromServer()) is tried again after
    // ReconnectPolicy's waits, until one lasts or disconnectFromServer() is called; one that
    // the server closes soon after accepting it counts as a failed attempt.
    void setAutoReconnect(bool on);
    bool isReconnectPending() const { return m_reconnectTimer.isActive(); }
    // Which automatic attempt is waiting or under way (1, 2, …), 0 when none is.
    int reconnectAttempt() const { return m_retrying ? m_reconnectPolicy.attempts() : 0; }
    void setReconnectPolicy(const ReconnectPolicy &policy) { m_reconnectPolicy = policy; }

    void setConnectTimeout(std::chrono::milliseconds timeout) { m_connectTimeout = timeout; }
    void setNoDelay(bool on);

signals:
    void stateChanged(EchoClient::State state);
    void connected();
    // The connection ended, by us or by the server; errorOccurred() says why when it was not us.
    void disconnected();
    void received(const QByteArray &bytes);
    // Every byte handed to the socket, keystrokes and file chunks alike, in order.
    void sentData(const QByteArray &bytes);
    // The first byte that came back different from what was sent (see echoCheck()); emitted
    // before received() carries it. Over UDP: the first byte of the first duplicated and of
    // the first reordered datagram, and the first differing byte of the first corrupted one.
    void echoDifferenceFound(qint64 offset);
    // Over UDP, the first datagram lost: where it starts among the bytes sent.
    void lostDatagramFound(qint64 sentOffset);
    // The datagram check changed with no traffic (datagrams counted lost).
    void datagramsLost(int count);
    void errorOccurred(const QString &message);
    void fileProgress(qint64 sent, qint64 size);
    void fileFinished();
    void fileStopped(const QString &reason);
    // The next automatic attempt starts after `delayMs`; `attempt` counts from 1.
    void reconnectScheduled(qint64 delayMs, int attempt);

private:
    void setState(State state);
    void onConnected();
    void onReadyRead();
    void onDatagramsReady();
    void noteDatagram(const QByteArray &datagram, qint64 nowNs);
    bool sendDatagram(const QByteArray &datagram);
    void reportDatagramError(int error);
    void checkForLostDatagrams();
    void onSocketError(QAbstractSocket::SocketError error);
    void onSocketStateChanged(QAbstractSocket::SocketState state);
    void onConnectTimeout();
    void onBytesWritten();
    void pumpFile();
    void startConnecting();
    void startNewStream();
    void sendFileChunk(const QByteArray &chunk);
    void stopFile(const QString &reason);
    void scheduleReconnect();
    QString describe(QAbstractSocket::SocketError error) const;
    // The server as the user named it, with the port: "[::1]:22000".
    QString endpoint() const;

    QTcpSocket m_tcp { this };
    QUdpSocket m_udp { this };
    // The one in use, chosen at connect time.
    QAbstractSocket *m_socket = &m_tcp;
    QTimer m_lossTimer { this };
    DatagramCheck m_datagramCheck;
    Protocol m_protocol = Protocol::Tcp;
    int m_datagramSize = defaultDatagramSize;
    // What was already marked this stream over UDP, so that only the first of each is.
    bool m_lostMarked = false;
    bool m_duplicateMarked = false;
    bool m_reorderMarked = false;
    bool m_corruptionMarked = false;
    // Said once until an echo comes back: every datagram sent meanwhile would say it again.
    bool m_refusedReported = false;
    QTimer m_connectTimer { this };
    QTimer m_reconnectTimer { this };
    QElapsedTimer m_clock;
    QElapsedTimer m_connectedFor;
    RttTracker m_roundTrips;
    EchoCheck m_echoCheck;
    FileSender m_file { this };
    QString m_fileError;
    ReconnectPolicy m_reconnectPolicy;
    State m_state = State::Disconnected;
    QString m_host;
    quint16 m_port = 0;
    qint64 m_bytesSent = 0;
    qint64 m_bytesReceived = 0;
    std::chrono::milliseconds m_connectTimeout = defaultConnectTimeout;
    bool m_noDelay = true;
    bool m_wasConnected = false;
    bool m_autoReconnect = false;
    // True from a drop until the next connection: failed attempts in between are retried too.
    bool m_retrying = false;
    bool m_replacing = false;
    bool m_arrivalTimes = false;
    bool m_pumpQueued = false;
};
