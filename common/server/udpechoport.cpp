#include "udpechoport.h"

#include "clientadmission.h"
#include "controlbytes.h"

#include <QHashFunctions>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// The socket address for address:port, and whether it is IPv6.
socklen_t socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage &storage)
{
    storage = {};
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof(sockaddr_in);
    }
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    // Any (dual-stack) and AnyIPv6 are both in6addr_any; they differ in IPV6_V6ONLY.
    const Q_IPV6ADDR bytes = address == QHostAddress(QHostAddress::Any)
        ? QHostAddress(QHostAddress::AnyIPv6).toIPv6Address()
        : address.toIPv6Address();
    std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
    in6->sin6_scope_id = address.scopeId().toUInt();
    return sizeof(sockaddr_in6);
}

constexpr quint32 netOffset(quint32 offset)
{
    return quint32(SKF_NET_OFF) + offset;
}

} // namespace

bool UdpSocketGroup::open(const QHostAddress &address, quint16 port, int count)
{
    close();
    m_error = 0;
    if (!openProbe(address, port))
        return false;
    for (int i = 0; i < count; ++i) {
        const int descriptor = openOne(address, m_port, true);
        if (descriptor < 0) {
            close();
            return false;
        }
        m_descriptors.push_back(descriptor);
    }
    m_guarded = attachGuard(m_descriptors.front(), count);
    return true;
}

void UdpSocketGroup::close()
{
    for (const int descriptor : m_descriptors)
        ::close(descriptor);
    m_descriptors.clear();
    m_guarded = false;
}

bool UdpSocketGroup::openProbe(const QHostAddress &address, quint16 port)
{
    // Without SO_REUSEPORT: binding fails if anything holds the port, a reuseport group too.
    const int probe = openOne(address, port, false);
    if (probe < 0)
        return false;
    sockaddr_storage bound {};
    socklen_t size = sizeof bound;
    ::getsockname(probe, reinterpret_cast<sockaddr *>(&bound), &size);
    m_port = bound.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&bound)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&bound)->sin_port);
    ::close(probe);
    return true;
}

int UdpSocketGroup::openOne(const QHostAddress &address, quint16 port, bool reusePort)
{
    sockaddr_storage storage {};
    const socklen_t size = socketAddress(address, port, storage);
    const int descriptor =
        ::socket(storage.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
    if (descriptor < 0) {
        m_error = errno;
        return -1;
    }
    const int on = 1;
    if (storage.ss_family == AF_INET6) {
        // Dual-stack for Any only, as QTcpServer does.
        const int v6Only = address == QHostAddress(QHostAddress::Any) ? 0 : 1;
        ::setsockopt(descriptor, IPPROTO_IPV6, IPV6_V6ONLY, &v6Only, sizeof v6Only);
    }
    if (reusePort)
        ::setsockopt(descriptor, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    if (::bind(descriptor, reinterpret_cast<const sockaddr *>(&storage), size) != 0) {
        m_error = errno;
        ::close(descriptor);
        return -1;
    }
    return descriptor;
}

bool UdpSocketGroup::attachGuard(int descriptor, int count)
{
    // A = hash of the sender's address and port, read from the IP and UDP headers (the data
    // starts past the UDP header; SKF_NET_OFF reaches the IP header), then A % count: only the
    // group's first `count` sockets, ours, are ever picked. A dual-stack socket gets IPv4
    // packets too, so the IP version is read first.
    const sock_filter program[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, netOffset(0)), // 0: version and header length
        BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 4),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 6, 7, 0), // IPv6: to 10
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, netOffset(0)), // 3: X = IPv4 header length
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, netOffset(0)), // source port
        BPF_STMT(BPF_ST, 0),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, netOffset(12)), // source address
        BPF_STMT(BPF_LDX | BPF_W | BPF_MEM, 0),
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_JMP | BPF_JA, 13), // to 23
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, netOffset(8)), // 10: source address, 4 words
        BPF_STMT(BPF_MISC | BPF_TAX, 0),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, netOffset(12)),
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_MISC | BPF_TAX, 0),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, netOffset(16)),
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_MISC | BPF_TAX, 0),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, netOffset(20)),
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_MISC | BPF_TAX, 0),
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, netOffset(40)), // source port
        BPF_STMT(BPF_ALU | BPF_XOR | BPF_X, 0),
        BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 0x9e3779b1), // 23: mix the bits
        BPF_STMT(BPF_ALU | BPF_RSH | BPF_K, 16),
        BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, quint32(count)),
        BPF_STMT(BPF_RET | BPF_A, 0),
    };
    sock_fprog fprog { quint16(std::size(program)), const_cast<sock_filter *>(program) };
    return ::setsockopt(descriptor, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &fprog, sizeof fprog) ==
        0;
}

struct UdpEchoPort::Batch
{
    std::array<mmsghdr, batchSize> in {};
    std::array<mmsghdr, batchSize> out {};
    std::array<iovec, batchSize> inVectors {};
    std::array<iovec, batchSize> outVectors {};
    std::array<sockaddr_storage, batchSize> senders {};
    std::unique_ptr<char[]> buffers { new char[size_t(batchSize) * bufferSize] };

    char *buffer(int slot) const { return buffers.get() + size_t(slot) * bufferSize; }
};

size_t UdpEchoPort::PeerKeyHash::operator()(const PeerKey &key) const noexcept
{
    // Seeded: spoofed sources can't be picked to fall in one bucket.
    return qHashBits(key.address.data(), key.address.size(), seed ^ key.port);
}

UdpEchoPort::UdpEchoPort(int descriptor, int worker, const UdpPeerLimits &limits,
    ClientAdmission *admission, std::chrono::milliseconds reportInterval, QObject *parent)
    : QObject(parent)
    , m_descriptor(descriptor)
    , m_worker(worker)
    , m_limits(limits)
    , m_admission(admission)
    , m_batch(std::make_unique<Batch>())
    , m_byAddress(16, PeerKeyHash { size_t(QRandomGenerator::system()->generate64()) })
    , m_dispatcher(EpollEventDispatcher::currentThreads())
    , m_reportTimer(new QTimer(this))
    , m_expiryTimer(new QTimer(this))
{
    if (m_dispatcher) {
        m_dispatcher->registerDirectHandler(descriptor, this);
    } else {
        m_notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &UdpEchoPort::onReadable);
    }
    m_reportTimer->setInterval(reportInterval);
    m_reportTimer->setSingleShot(true);
    connect(m_reportTimer, &QTimer::timeout, this, &UdpEchoPort::reportTraffic);
    // Coarse: a silent peer goes between timeout and timeout + a quarter of it (1 s at most).
    m_expiryTimer->setInterval(std::clamp(
        limits.timeout / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000)));
    connect(m_expiryTimer, &QTimer::timeout, this, &UdpEchoPort::expireSilentPeers);
    m_expiryTimer->start();
}

UdpEchoPort::~UdpEchoPort()
{
    stopWatching();
}

void UdpEchoPort::descriptorReady(int /*descriptor*/)
{
    onReadable();
}

void UdpEchoPort::stopWatching()
{
    // The dispatcher is gone with its thread if this outlives it.
    if (m_dispatcher)
        m_dispatcher->unregisterDirectHandler(m_descriptor);
    m_dispatcher = nullptr;
    delete m_notifier;
    m_notifier = nullptr;
}

void UdpEchoPort::forget(quint64 id, LeaveReason reason)
{
    // Rare (a user's choice): a walk through the peers is fine.
    const auto it = std::find_if(
        m_peers.begin(), m_peers.end(), [id](const Peer &peer) { return peer.info.id == id; });
    if (it != m_peers.end())
        depart(it, reason);
}

void UdpEchoPort::stop()
{
    stopWatching();
    m_expiryTimer->stop();
    m_reportTimer->stop();
    reportTraffic();
    while (!m_peers.empty())
        depart(std::prev(m_peers.end()), LeaveReason::ServerStopped);
}

void UdpEchoPort::onReadable()
{
    for (int round = 0; round < batchesPerWakeUp; ++round) {
        const int width = m_receiveWidth;
        const int count = receiveBatch(width);
        if (count <= 0)
            return;
        takeBatch(count);
        echoBatch(count);
        if (!mayReadAgain(width, count))
            return;
    }
}

bool UdpEchoPort::mayReadAgain(int width, int count)
{
    // A recvmmsg that gets fewer datagrams than it asked for has tried one more, which the
    // kernel did not have: in a ping-pong (one datagram a wake-up), a tenth of the worker's
    // system time a round trip. So after a batch of one, read one at a time; the socket is
    // level-triggered, so a datagram left waiting wakes the loop again at once. Every
    // narrowReadsBeforeABatch wake-ups a whole batch is tried again, and kept while it brings
    // more than one.
    if (width == 1) {
        if (++m_narrowReads >= narrowReadsBeforeABatch) {
            m_narrowReads = 0;
            m_receiveWidth = batchSize;
        }
        return false;
    }
    if (count == 1)
        m_receiveWidth = 1;
    return count == width;
}

void UdpEchoPort::takeBatch(int count)
{
    Batch &batch = *m_batch;
    const Clock::time_point now = Clock::now();
    for (int slot = 0; slot < count; ++slot) {
        Peer &peer = peerFor(batch.senders[size_t(slot)], now);
        const qint64 size = batch.in[size_t(slot)].msg_len;
        peer.sample.received += size;
        peer.sample.totalReceived += size;
        ++peer.sample.reads;
        ++peer.sample.totalDatagramsReceived;
        capturePreview(peer.sample.preview, peer.sample.previewTruncated,
            QByteArrayView(batch.buffer(slot), size));
        markPending(peer);
        m_senders[size_t(slot)] = &peer;
    }
}

int UdpEchoPort::receiveBatch(int width)
{
    Batch &batch = *m_batch;
    if (width == 1) {
        // recvfrom: none of the message headers recvmmsg copies in and out.
        socklen_t size = sizeof(sockaddr_storage);
        ssize_t received = -1;
        do {
            received = ::recvfrom(m_descriptor, batch.buffer(0), size_t(bufferSize), MSG_DONTWAIT,
                reinterpret_cast<sockaddr *>(&batch.senders[0]), &size);
        } while (received < 0 && errno == EINTR);
        if (received < 0)
            return -1;
        batch.in[0].msg_len = unsigned(received);
        batch.in[0].msg_hdr.msg_namelen = size;
        return 1;
    }
    for (int slot = 0; slot < width; ++slot) {
        const auto i = size_t(slot);
        batch.inVectors[i] = { batch.buffer(slot), size_t(bufferSize) };
        msghdr &header = batch.in[i].msg_hdr;
        header = {};
        header.msg_name = &batch.senders[i];
        header.msg_namelen = sizeof(sockaddr_storage);
        header.msg_iov = &batch.inVectors[i];
        header.msg_iovlen = 1;
    }
    int count = -1;
    do {
        count = ::recvmmsg(m_descriptor, batch.in.data(), unsigned(width), MSG_DONTWAIT, nullptr);
    } while (count < 0 && errno == EINTR);
    // EAGAIN: nothing (left) to read. Other errors of an unconnected socket are left for the
    // next datagram, as the dispatcher calls again while one waits.
    return count;
}

void UdpEchoPort::echoBatch(int count)
{
    Batch &batch = *m_batch;
    for (int slot = 0; slot < count; ++slot) {
        const auto i = size_t(slot);
        batch.outVectors[i] = { batch.buffer(slot), batch.in[i].msg_len };
        msghdr &header = batch.out[i].msg_hdr;
        header = {};
        header.msg_name = &batch.senders[i];
        header.msg_namelen = batch.in[i].msg_hdr.msg_namelen;
        header.msg_iov = &batch.outVectors[i];
        header.msg_iovlen = 1;
    }
    int done = 0;
    while (done < count) {
        const int sent = send(done, count - done);
        if (sent < 0 && errno == EINTR)
            continue;
        // Refused (EAGAIN, ENOBUFS, or the address is unreachable): dropped and counted, never
        // waited for, and the next echo of the batch is tried.
        const int echoed = std::max(sent, 0);
        for (int slot = done; slot < done + echoed; ++slot) {
            if (Peer *peer = m_senders[size_t(slot)]) {
                peer->sample.echoed += batch.in[size_t(slot)].msg_len;
                peer->sample.totalEchoed += batch.in[size_t(slot)].msg_len;
                ++peer->sample.datagramsEchoed;
                ++peer->sample.totalDatagramsEchoed;
            }
        }
        done += echoed;
        if (sent < 0) {
            if (Peer *peer = m_senders[size_t(done)]) {
                ++peer->sample.echoesDropped;
                ++peer->sample.totalEchoesDropped;
            }
            ++done;
        }
    }
    m_senders.fill(nullptr);
}

int UdpEchoPort::send(int first, int count)
{
    if (count > 1)
        return ::sendmmsg(m_descriptor, m_batch->out.data() + first, unsigned(count), MSG_DONTWAIT);
    // One echo: sendto, as for recvfrom above.
    const msghdr &header = m_batch->out[size_t(first)].msg_hdr;
    const ssize_t sent = ::sendto(m_descriptor, header.msg_iov->iov_base, header.msg_iov->iov_len,
        MSG_DONTWAIT, static_cast<const sockaddr *>(header.msg_name), header.msg_namelen);
    return sent < 0 ? -1 : 1;
}

UdpEchoPort::PeerKey UdpEchoPort::keyOf(const sockaddr_storage &address)
{
    PeerKey key;
    if (address.ss_family == AF_INET6) {
        const auto &in6 = reinterpret_cast<const sockaddr_in6 &>(address);
        std::memcpy(key.address.data(), &in6.sin6_addr, 16);
        key.port = ntohs(in6.sin6_port);
    } else {
        const auto &in = reinterpret_cast<const sockaddr_in &>(address);
        key.address[10] = 0xff;
        key.address[11] = 0xff;
        std::memcpy(key.address.data() + 12, &in.sin_addr, 4);
        key.port = ntohs(in.sin_port);
    }
    return key;
}

UdpEchoPort::Peer &UdpEchoPort::peerFor(const sockaddr_storage &address, Clock::time_point now)
{
    const PeerKey key = keyOf(address);
    const auto found = m_byAddress.find(key);
    if (found == m_byAddress.end())
        return admit(key, address, now);
    // Heard now: to the front of the list, in O(1).
    m_peers.splice(m_peers.begin(), m_peers, found->second);
    Peer &peer = *found->second;
    peer.lastHeard = now;
    return peer;
}

UdpEchoPort::Peer &UdpEchoPort::admit(
    const PeerKey &key, const sockaddr_storage &address, Clock::time_point now)
{
    // At the cap, the least recently heard goes first.
    while (!m_peers.empty() && int(m_byAddress.size()) >= m_limits.maxPeers)
        depart(std::prev(m_peers.end()), LeaveReason::Forgotten);
    Peer &peer = m_peers.emplace_front();
    peer.key = key;
    peer.lastHeard = now;
    peer.info.id = m_admission->takeId();
    const auto *socketAddress = reinterpret_cast<const sockaddr *>(&address);
    peer.info.address = QHostAddress(socketAddress);
    peer.info.port = key.port;
    peer.info.worker = m_worker;
    peer.info.since = QDateTime::currentDateTime();
    peer.info.transport = Transport::Udp;
    peer.sample.id = peer.info.id;
    m_byAddress.emplace(key, m_peers.begin());
    emit peerArrived(peer.info);
    return peer;
}

void UdpEchoPort::depart(PeerList::iterator peer, LeaveReason reason)
{
    // Its last traffic first, so a log reads in order.
    if (peer->pending) {
        m_pending.erase(&*peer);
        emit trafficSampled(QList<TrafficSample> { takeSample(*peer) });
    }
    // A peer of the batch being echoed may be forgotten to make room for a later one.
    std::replace(m_senders.begin(), m_senders.end(), &*peer, static_cast<Peer *>(nullptr));
    const ClientDeparture departure { peer->info.id, reason, QString(), peer->sample.totalReceived,
        peer->sample.totalEchoed };
    m_byAddress.erase(peer->key);
    m_peers.erase(peer);
    emit peerLeft(departure);
}

void UdpEchoPort::markPending(Peer &peer)
{
    if (peer.pending)
        return;
    peer.pending = true;
    m_pending.insert(&peer);
    if (!m_reportTimer->isActive())
        m_reportTimer->start();
}

void UdpEchoPort::reportTraffic()
{
    if (m_pending.empty())
        return;
    QList<TrafficSample> samples;
    samples.reserve(qsizetype(m_pending.size()));
    for (Peer *peer : m_pending)
        samples.append(takeSample(*peer));
    m_pending.clear();
    emit trafficSampled(samples);
}

TrafficSample UdpEchoPort::takeSample(Peer &peer)
{
    peer.pending = false;
    TrafficSample sample = peer.sample;
    peer.sample.received = 0;
    peer.sample.echoed = 0;
    peer.sample.reads = 0;
    peer.sample.preview = QByteArray();
    peer.sample.previewTruncated = false;
    peer.sample.datagramsEchoed = 0;
    peer.sample.echoesDropped = 0;
    return sample;
}

void UdpEchoPort::expireSilentPeers()
{
    const Clock::time_point now = Clock::now();
    while (!m_peers.empty() && now - m_peers.back().lastHeard >= m_limits.timeout)
        depart(std::prev(m_peers.end()), LeaveReason::Expired);
}
