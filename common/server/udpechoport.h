#pragma once

#include "clientinfo.h"
#include "epolleventdispatcher.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>

#include <array>
#include <chrono>
#include <list>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unordered_map>
#include <unordered_set>
#include <vector>

class ClientAdmission;
class QSocketNotifier;
class QTimer;

// What a worker's UDP port may remember: peers at once (its share of the server's cap) and for
// how long a silent one is remembered.
struct UdpPeerLimits
{
    int maxPeers = 10000;
    std::chrono::milliseconds timeout { 60000 };
};

// The server's UDP sockets: one per worker, all bound to the same port with SO_REUSEPORT, so the
// kernel spreads the datagrams over the workers by a hash of the sender's address and port (a
// peer is always served by the same worker). Opened in the server's thread, closed by it once
// the workers have let go.
//
// SO_REUSEPORT lets any socket of the same user join the group later, and the kernel would then
// hand it a share of our peers. Two guards against that:
// - before the group is bound, a probe socket WITHOUT SO_REUSEPORT is bound to the port and
//   closed: it fails (EADDRINUSE) if anything holds the port, a reuseport group included, so a
//   port in use is told exactly and we never join another program's group;
// - the group gets a classic BPF program (SO_ATTACH_REUSEPORT_CBPF) that picks a socket by the
//   same kind of hash of the sender, but only among the first N sockets, ours: a socket that
//   joins later gets index N or more and never receives a datagram. Should the kernel refuse
//   the program, the group falls back to the kernel's own hash and the guard is only the probe.
class UdpSocketGroup final
{
public:
    UdpSocketGroup() = default;
    ~UdpSocketGroup() { close(); }
    UdpSocketGroup(const UdpSocketGroup &) = delete;
    UdpSocketGroup &operator=(const UdpSocketGroup &) = delete;

    // Binds `count` sockets to address:port (0: the system picks it). Returns false with
    // error() (an errno value) if the port could not be had.
    bool open(const QHostAddress &address, quint16 port, int count);
    void close();
    bool isOpen() const { return !m_descriptors.empty(); }
    quint16 port() const { return m_port; }
    int error() const { return m_error; }
    // Whether the BPF guard is in place (else the kernel's own hash spreads the datagrams).
    bool isGuarded() const { return m_guarded; }
    const std::vector<int> &descriptors() const { return m_descriptors; }

private:
    bool openProbe(const QHostAddress &address, quint16 port);
    int openOne(const QHostAddress &address, quint16 port, bool reusePort);
    static bool attachGuard(int descriptor, int count);

    std::vector<int> m_descriptors;
    quint16 m_port = 0;
    int m_error = 0;
    bool m_guarded = false;
};

// One worker's UDP echo: reads the datagrams of its socket in batches (recvmmsg) and sends every
// one back to its sender (sendmmsg), byte for byte, without ever blocking: an echo the kernel
// refuses (EAGAIN, ENOBUFS…) is dropped and counted. Lives in the worker's thread.
//
// On a worker's EpollEventDispatcher the socket is watched by a direct handler: the dispatcher
// calls onReadable() straight from its epoll batch, without a QSocketNotifier, a QEvent and a
// signal on the way (a quarter of the worker's user-space time per datagram in a ping-pong).
// Any other dispatcher gets a QSocketNotifier, to the same effect.
//
// Memory: one batch of `batchSize` 64 KiB buffers, allocated once (1 MiB per worker), plus the
// peers it remembers, each a few hundred bytes, at most limits.maxPeers.
//
// A peer (address and port) is a client: arrived at its first datagram, with traffic samples
// at most every reportInterval, gone after limits.timeout of silence (Expired, checked by a
// coarse timer, never per datagram), or when a new peer needs its place at the cap (the least
// recently heard goes, Forgotten), or by forget() and stop(). The peers sit in a list ordered by
// when they were last heard and a hash on their address: every datagram costs O(1).
class UdpEchoPort final : public QObject, private EpollEventDispatcher::DirectHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UdpEchoPort)

public:
    static constexpr int batchSize = 16;
    static constexpr int bufferSize = 64 * 1024;
    // Batches per wake-up at most, so that a flood can't starve the worker's TCP clients.
    static constexpr int batchesPerWakeUp = 4;
    // Reads one datagram at a time at most this many wake-ups in a row before trying a batch.
    static constexpr int narrowReadsBeforeABatch = 8;

    UdpEchoPort(int descriptor, int worker, const UdpPeerLimits &limits, ClientAdmission *admission,
        std::chrono::milliseconds reportInterval, QObject *parent = nullptr);
    ~UdpEchoPort() override;

    // Forgets a peer (disconnectClient): its last traffic, then its departure.
    void forget(quint64 id, LeaveReason reason);
    // Stops reading and forgets every peer (ServerStopped).
    void stop();
    int peerCount() const { return int(m_byAddress.size()); }

signals:
    void peerArrived(const ClientInfo &info);
    void trafficSampled(const QList<TrafficSample> &samples);
    void peerLeft(const ClientDeparture &departure);

private:
    using Clock = std::chrono::steady_clock;
    // An address and port as bytes: IPv4 is kept as a v4-mapped IPv6 address.
    struct PeerKey
    {
        std::array<quint8, 16> address {};
        quint16 port = 0;
        bool operator==(const PeerKey &other) const = default;
    };
    struct PeerKeyHash
    {
        size_t seed = 0;
        size_t operator()(const PeerKey &key) const noexcept;
    };
    struct Peer
    {
        PeerKey key;
        ClientInfo info;
        TrafficSample sample;
        Clock::time_point lastHeard;
        bool pending = false; // traffic not yet reported
    };
    using PeerList = std::list<Peer>; // most recently heard first
    struct Batch;

    void descriptorReady(int descriptor) override;
    void stopWatching();
    void onReadable();
    int receiveBatch(int width);
    void takeBatch(int count);
    bool mayReadAgain(int width, int count);
    void echoBatch(int count);
    int send(int first, int count); // as sendmmsg
    Peer &peerFor(const sockaddr_storage &address, Clock::time_point now);
    Peer &admit(const PeerKey &key, const sockaddr_storage &address, Clock::time_point now);
    void depart(PeerList::iterator peer, LeaveReason reason);
    void markPending(Peer &peer);
    void reportTraffic();
    void expireSilentPeers();
    static TrafficSample takeSample(Peer &peer);
    static PeerKey keyOf(const sockaddr_storage &address);

    const int m_descriptor;
    const int m_worker;
    const UdpPeerLimits m_limits;
    ClientAdmission *const m_admission;
    std::unique_ptr<Batch> m_batch;
    // The peers of the datagrams of the batch being echoed, by slot.
    std::array<Peer *, batchSize> m_senders {};
    // How many datagrams the next recvmmsg asks for, batchSize or 1 (see mayReadAgain()).
    int m_receiveWidth = batchSize;
    int m_narrowReads = 0;
    PeerList m_peers;
    std::unordered_map<PeerKey, PeerList::iterator, PeerKeyHash> m_byAddress;
    std::unordered_set<Peer *> m_pending;
    // One of the two watches the socket, until stop().
    QPointer<EpollEventDispatcher> m_dispatcher;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_reportTimer = nullptr;
    QTimer *m_expiryTimer = nullptr;
};
