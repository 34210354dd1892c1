#pragma once

#include "clientinfo.h"
#include "defaults.h"
#include "echosession.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

class EchoWorker;
class ClientAdmission;
class PendingEchoBudget;
class QThread;
class QTimer;
class EchoListener;
class UdpSocketGroup;

// The echo server as the GUI thread sees it. The listening socket is bound here; N worker
// threads accept from it and echo, each serving the connections it accepted, without ever
// involving this thread. What comes back here are events and coalesced traffic samples (at most
// ~10 a second per worker).
class EchoServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoServer)

public:
    // Room for bursts of thousands of connects (the kernel caps it at net.core.somaxconn).
    static constexpr int listenBacklog = 4096;

    explicit EchoServer(QObject *parent = nullptr);
    ~EchoServer() override;

    // 0 means one worker per core. Takes effect at the next start().
    void setWorkerCount(int count);
    int workerCount() const;
    // Past this many clients, new connections are accepted and closed at once.
    void setMaxClients(int count);
    int maxClients() const;

    // Echo the kernel won't take yet that one client's session may keep (it stops reading from
    // that client beyond it), and that all sessions together may keep (past it, sessions keep
    // none). Take effect at the next start(). Lowered by tests; users get the defaults.
    static constexpr qint64 defaultPendingEchoAllowance = EchoSession::defaultPendingEchoAllowance;
    static constexpr qint64 defaultPendingEchoBudget = 64 * 1024 * 1024;
    void setPendingEchoAllowance(qint64 bytes) { m_pendingEchoAllowance = qMax<qint64>(1, bytes); }
    qint64 pendingEchoAllowance() const { return m_pendingEchoAllowance; }
    void setPendingEchoBudget(qint64 bytes) { m_pendingEchoBudget = qMax<qint64>(0, bytes); }
    qint64 pendingEchoBudget() const { return m_pendingEchoBudget; }

    // Which echo services start() opens on its port: TCP, UDP or both (the default, as RFC 862
    // has it). Takes effect at the next start().
    void setTransports(Transports transports) { m_transports = transports; }
    Transports transports() const { return m_transports; }
    // UDP peers remembered at once (past it the least recently heard goes), and how long a
    // silent one is remembered. Take effect at the next start(). Lowered by tests.
    void setMaxUdpPeers(int count) { m_maxUdpPeers = qMax(1, count); }
    int maxUdpPeers() const { return m_maxUdpPeers; }
    void setUdpPeerTimeout(std::chrono::milliseconds timeout) { m_udpPeerTimeout = timeout; }
    std::chrono::milliseconds udpPeerTimeout() const { return m_udpPeerTimeout; }

    // Opens every transport asked for. When one of them cannot be opened (its port in use, say)
    // while another can, errorOccurred names the one that failed and the server serves the
    // other: start() returns true. Returns false and sets errorString() (also emitted as
    // errorOccurred) when none could be opened.
    bool start(const QHostAddress &address, quint16 port);
    void stop();
    void disconnectClient(quint64 id);

    bool isListening() const;
    // The transports start() opened (none when not listening).
    Transports listeningTransports() const;
    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    QString errorString() const { return m_errorString; }
    // The clients that arrived and have not left, as this thread was told (clientArrived,
    // clientLeft).
    int clientCount() const { return int(m_clientWorker.size()); }
    // Of those, the TCP connections and the UDP peers.
    int tcpClientCount() const { return clientCount() - udpPeerCount(); }
    int udpPeerCount() const { return int(m_udpPeerIds.size()); }

    // "127.0.0.1:22000", "[::1]:22000", "all interfaces, port 22000"
    static QString describeEndpoint(const QHostAddress &address, quint16 port);
    QString listeningDescription() const { return describeEndpoint(m_address, m_port); }

signals:
    void listeningChanged(bool listening);
    void errorOccurred(const QString &message);
    void clientArrived(const ClientInfo &client);
    // The client shut down its sending side (a half-close) with pendingEcho bytes of its echo
    // still to send: it gets them, then clientLeft follows. Said at most once per client, and
    // only while echo waits: an end of stream with nothing left to echo is a plain clientLeft.
    void clientShutDownSending(quint64 id, qint64 pendingEcho);
    void clientLeft(const ClientDeparture &departure);
    void trafficReported(const QList<TrafficSample> &samples);
    // Connections turned away at the client limit: reported at most once a second, with a count.
    void clientsRefused(int count, int limit);
    // Connections that were gone before a worker could serve them, almost always because the
    // client reset them at once (error: an errno value, ENOTCONN then). They never counted as
    // clients, nor arrived or left. Reported at most once a second per error, with a count.
    void connectionsLostBeforeServed(int count, int error);

private:
    void collectTurnedAway();
    void onConnectionsTurnedAway();
    void reportRefusals();
    void reportLostConnections();
    void countDeparture();
    void returnFreedMemory();
    bool reportAcceptTrouble();
    void onOutOfDescriptors();
    void onAcceptFailed(const QString &message);
    void deliverWorkerEvents();
    void startWorkers();
    void stopWorkers();
    QString describeListenError() const;
    // Why a transport could not be opened: an errno value (EADDRINUSE…), else 0 and the detail.
    struct OpenFailure
    {
        int error = 0;
        QString detail;
        quint16 port = 0;
    };
    struct OpenFailures
    {
        QString tcpMessage; // as told when TCP alone was asked for
        OpenFailure tcp;
        OpenFailure udp;
    };
    OpenFailures openTransports();
    bool openTcp(quint16 port, OpenFailures &failures);
    bool openUdp(quint16 port, OpenFailures &failures);
    QString describeFailure(Transport transport, const OpenFailure &failure) const;
    QString describeStartFailure(const OpenFailures &failures) const;

    // With port 0, how many ports the system picks for TCP before one is free for UDP too.
    static constexpr int udpPortAttempts = 5;
    static constexpr std::chrono::milliseconds refusalReportInterval { 1000 };
    // Memory is handed back to the system at most this often, once enough was freed.
    static constexpr std::chrono::milliseconds trimInterval { 1000 };
    static constexpr qint64 trimAfterFreedBytes = 4 * 1024 * 1024;
    static constexpr int trimAfterDepartures = 1000;

    struct WorkerThread
    {
        QThread *thread = nullptr;
        EchoWorker *worker = nullptr;
    };

    std::unique_ptr<EchoListener> m_listener;
    std::unique_ptr<UdpSocketGroup> m_udp; // open while UDP is served
    // Outlives the workers: client ids go on growing across restarts.
    std::unique_ptr<ClientAdmission> m_admission;
    std::vector<WorkerThread> m_workers;
    QHash<quint64, int> m_clientWorker; // client id -> worker index
    QSet<quint64> m_udpPeerIds;
    std::unique_ptr<PendingEchoBudget> m_budget;
    QTimer *m_refusalTimer = nullptr;
    QTimer *m_lossTimer = nullptr;
    QTimer *m_trimTimer = nullptr;
    QElapsedTimer m_lastAcceptError;
    int m_refusedSinceReport = 0;
    std::map<int, int> m_lostSinceReport; // errno value → connections
    qint64 m_freedSinceTrim = 0;
    int m_departuresSinceTrim = 0;
    qint64 m_pendingEchoAllowance = defaultPendingEchoAllowance;
    qint64 m_pendingEchoBudget = defaultPendingEchoBudget;
    int m_requestedWorkers = 0;
    Transports m_transports = Transport::Tcp | Transport::Udp;
    int m_maxUdpPeers = defaultMaxUdpPeers;
    std::chrono::milliseconds m_udpPeerTimeout { std::chrono::seconds(udpPeerTimeoutSeconds) };
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_errorString;
};
