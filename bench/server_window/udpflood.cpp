#include "udpflood.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t batch = 64;
constexpr std::size_t header = 8;
constexpr std::size_t receiveBytes = 256; // larger echoes come back cut (MSG_TRUNC): wrong
constexpr auto drainTime = std::chrono::milliseconds(500);
// At most this many datagrams in one tick: a thread that got no CPU for a while sends what it
// owes a little at a time instead of all at once.
constexpr std::int64_t maxBurst = 2000;

std::uint64_t splitMix(std::uint64_t value)
{
    value += 0x9E3779B97F4A7C15ULL;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
}

// Datagram `seq` of peer `id`: seq in its first 8 bytes, then pseudo-random bytes (NUL, control
// and high bytes among them) that depend on both.
void fillDatagram(std::uint8_t *datagram, int id, std::uint64_t seq)
{
    std::memcpy(datagram, &seq, header);
    for (std::size_t word = 0; word < (UdpFlood::datagramBytes - header) / 8; ++word) {
        const std::uint64_t bytes =
            splitMix((std::uint64_t(id) << 40) ^ (seq * 4 + word) ^ 0x5EED0000000000ULL);
        std::memcpy(datagram + header + word * 8, &bytes, 8);
    }
}

sockaddr_in loopback(std::uint16_t port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

int connectedUdpSocket(std::uint16_t port)
{
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    // Room for the echoes between two reads (the kernel caps it at net.core.rmem_max).
    const int receiveBuffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    const sockaddr_in server = loopback(port);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

UdpFlood::~UdpFlood()
{
    if (m_thread.joinable())
        m_thread.join();
    for (const UdpFloodPeer &peer : m_peers)
        ::close(peer.fd);
    if (m_probeFd >= 0)
        ::close(m_probeFd);
}

bool UdpFlood::open()
{
    for (int id = 0; id < m_plan.peers; ++id) {
        UdpFloodPeer peer;
        peer.id = id;
        peer.fd = connectedUdpSocket(m_plan.port);
        if (peer.fd < 0)
            return fail("UDP socket " + std::to_string(id) + ": " + std::strerror(errno));
        sockaddr_in local {};
        socklen_t length = sizeof local;
        getsockname(peer.fd, reinterpret_cast<sockaddr *>(&local), &length);
        peer.localPort = ntohs(local.sin_port);
        m_peers.push_back(std::move(peer));
    }
    return true;
}

bool UdpFlood::probeEchoed()
{
    static constexpr std::array<char, 6> probe { 'r', 'e', 'a', 'd', 'y', '?' };
    if (m_probeEchoed)
        return true;
    // A socket of its own, so that the flood's sockets only ever receive the flood's echoes.
    if (m_probeFd < 0)
        m_probeFd = connectedUdpSocket(m_plan.port);
    const int fd = m_probeFd;
    if (fd < 0)
        return false;
    std::array<char, 64> echo {};
    while (true) {
        const ssize_t got = ::recv(fd, echo.data(), echo.size(), MSG_DONTWAIT);
        if (got == ssize_t(probe.size()) && std::equal(probe.begin(), probe.end(), echo.begin())) {
            m_probeEchoed = true;
            return true;
        }
        if (got < 0 && errno != ECONNREFUSED)
            break; // nothing (more) waiting; a refusal means nothing was bound yet: send again
    }
    ::send(fd, probe.data(), probe.size(), MSG_DONTWAIT);
    return false;
}

void UdpFlood::start()
{
    m_thread = std::thread([this] {
        run();
        m_finished = true;
    });
}

UdpFloodResult UdpFlood::join()
{
    if (m_thread.joinable())
        m_thread.join();
    UdpFloodResult result;
    result.peers = m_peers;
    result.error = m_error;
    result.floodSeconds = m_floodSeconds;
    for (const UdpFloodPeer &peer : m_peers) {
        result.sentDatagrams += peer.sentDatagrams;
        result.echoedDatagrams += peer.echoedDatagrams;
    }
    return result;
}

bool UdpFlood::fail(const std::string &message)
{
    if (m_error.empty())
        m_error = message;
    return false;
}

bool UdpFlood::run()
{
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0)
        return fail(std::string("epoll_create1: ") + std::strerror(errno));
    for (std::size_t i = 0; i < m_peers.size(); ++i) {
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.u64 = i;
        epoll_ctl(epoll, EPOLL_CTL_ADD, m_peers[i].fd, &event);
    }
    const auto start = Clock::now();
    const auto end = start + m_plan.duration;
    std::int64_t sent = 0;
    bool ok = true;
    while (ok && Clock::now() < end) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = std::int64_t(elapsed * m_plan.datagramsPerSecond);
        ok = sendDue(std::min(due, sent + maxBurst), sent) && receiveReady(epoll, 1);
    }
    m_floodSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    // What is still on its way may come back within drainTime; the rest was dropped.
    const auto drainEnd = Clock::now() + drainTime;
    const auto allBack = [this] {
        return std::all_of(m_peers.cbegin(), m_peers.cend(),
            [](const UdpFloodPeer &p) { return p.echoedDatagrams == p.sentDatagrams; });
    };
    while (ok && !allBack() && Clock::now() < drainEnd)
        ok = receiveReady(epoll, 5);
    ::close(epoll);
    return ok;
}

// Sends datagrams until `sent` reaches `due`, spread over the peers, one sendmmsg per batch.
bool UdpFlood::sendDue(std::int64_t due, std::int64_t &sent)
{
    std::array<std::array<std::uint8_t, datagramBytes>, batch> datagrams {};
    std::array<iovec, batch> vectors {};
    std::array<mmsghdr, batch> messages {};
    const std::size_t peerCount = m_peers.size();
    m_nextPeer = (m_nextPeer + 1) % peerCount;
    for (std::size_t p = 0; p < peerCount && sent < due; ++p) {
        UdpFloodPeer &peer = m_peers[(m_nextPeer + p) % peerCount];
        const auto peersLeft = std::int64_t(peerCount - p);
        const std::int64_t share = (due - sent + peersLeft - 1) / peersLeft;
        const auto count = std::size_t(std::min<std::int64_t>(share, std::int64_t(batch)));
        for (std::size_t i = 0; i < count; ++i) {
            fillDatagram(datagrams[i].data(), peer.id, std::uint64_t(peer.sentDatagrams) + i);
            vectors[i] = { datagrams[i].data(), datagramBytes };
            messages[i] = {};
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        const int done = sendmmsg(peer.fd, messages.data(), unsigned(count), MSG_DONTWAIT);
        if (done < 0) {
            if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)
                return true; // the kernel's queue is full: try again at the next tick
            return fail("peer " + std::to_string(peer.id) + ": sendmmsg: " + std::strerror(errno));
        }
        peer.sentDatagrams += done;
        peer.echoed.resize(std::size_t(peer.sentDatagrams), false);
        sent += done;
    }
    return true;
}

bool UdpFlood::receiveReady(int epoll, int waitMillis)
{
    std::array<epoll_event, 64> events {};
    const int count = epoll_wait(epoll, events.data(), int(events.size()), waitMillis);
    if (count < 0 && errno != EINTR)
        return fail(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < count; ++i) {
        if (!receiveAll(m_peers[events[std::size_t(i)].data.u64]))
            return false;
    }
    return true;
}

bool UdpFlood::receiveAll(UdpFloodPeer &peer)
{
    std::array<std::array<std::uint8_t, receiveBytes>, batch> buffers {};
    std::array<iovec, batch> vectors {};
    std::array<mmsghdr, batch> messages {};
    for (int round = 0; round < 64; ++round) {
        for (std::size_t i = 0; i < batch; ++i) {
            vectors[i] = { buffers[i].data(), receiveBytes };
            messages[i] = {};
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        const int got = recvmmsg(peer.fd, messages.data(), unsigned(batch), MSG_DONTWAIT, nullptr);
        if (got < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return true;
            return fail("peer " + std::to_string(peer.id) + ": recvmmsg: " + std::strerror(errno));
        }
        for (std::size_t i = 0; i < std::size_t(got); ++i) {
            const bool cut = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
            if (!checkEcho(peer, buffers[i].data(), cut ? receiveBytes + 1 : messages[i].msg_len))
                return false;
        }
        if (std::size_t(got) < batch)
            return true;
    }
    return true;
}

bool UdpFlood::checkEcho(UdpFloodPeer &peer, const std::uint8_t *data, std::size_t length)
{
    const std::string who = "peer " + std::to_string(peer.id) + ": ";
    if (length != datagramBytes)
        return fail(who + "a datagram of " + std::to_string(length) +
            " bytes came back; all sent were " + std::to_string(datagramBytes));
    std::uint64_t seq = 0;
    std::memcpy(&seq, data, header);
    if (seq >= std::uint64_t(peer.sentDatagrams))
        return fail(who + "an echo names datagram " + std::to_string(seq) + ", only " +
            std::to_string(peer.sentDatagrams) + " were sent");
    std::array<std::uint8_t, datagramBytes> expected {};
    fillDatagram(expected.data(), peer.id, seq);
    const auto wrong = std::mismatch(expected.begin(), expected.end(), data).first;
    if (wrong != expected.end()) {
        const auto at = std::size_t(wrong - expected.begin());
        return fail(who + "datagram " + std::to_string(seq) + ": echoed byte " +
            std::to_string(at) + " is " + std::to_string(data[at]) + ", " + std::to_string(*wrong) +
            " was sent");
    }
    if (peer.echoed[seq])
        return fail(who + "datagram " + std::to_string(seq) + " came back twice");
    peer.echoed[seq] = true;
    ++peer.echoedDatagrams;
    return true;
}
