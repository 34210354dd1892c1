// echo-loadgen: drives one benchmark scenario against an echo server on 127.0.0.1 and prints
// one JSON line with the result. Every echoed byte is compared with the byte that was sent;
// a wrong byte, a short reply, a reset or a failed connection ends the run with exit status 1.
//
// What is sent: each connection sends its own slice of one pseudo-random (xorshift64) byte
// pattern, starting at a per-connection offset, so the data has NUL, control and high bytes
// and a byte echoed on the wrong connection or at the wrong place is seen. The pattern's
// period is a prime, so a lost or repeated chunk of any power-of-two size is seen too.
//
// Every loop here ends by itself: each is bounded by a deadline and by a count.

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using Nanos = std::int64_t;
constexpr Nanos nanosPerMilli = 1'000'000;
constexpr Nanos nanosPerSecond = 1'000'000'000;

// How long one echo may take before the server is declared stuck.
constexpr Nanos echoTimeout = 5 * nanosPerSecond;
constexpr std::size_t readBufferSize = 256 * 1024;
constexpr std::size_t streamWrite = 64 * 1024;

Nanos now()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int millisUntil(Nanos deadline, int cap)
{
    const Nanos left = deadline - now();
    if (left <= 0)
        return 0;
    return static_cast<int>(std::min<Nanos>(cap, (left + nanosPerMilli - 1) / nanosPerMilli));
}

void sleepMillis(int millis)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(millis));
}

[[gnu::format(printf, 1, 2)]] std::string format(const char *pattern, ...)
{
    std::array<char, 512> text {};
    va_list arguments;
    va_start(arguments, pattern);
    std::vsnprintf(text.data(), text.size(), pattern, arguments);
    va_end(arguments);
    return text.data();
}

std::string jsonEscape(std::string_view text)
{
    std::string escaped;
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            escaped += '\\';
            escaped += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            escaped += format("\\u%04x", static_cast<unsigned>(c));
        } else {
            escaped += c;
        }
    }
    return escaped;
}

// The scenario being run, for the failure line.
std::string &currentScenario()
{
    static std::string name = "none";
    return name;
}

// May be called from any of the fleet threads: the first failure is reported, and the process
// ends without running static destructors under the feet of the other threads.
[[noreturn]] void fail(const std::string &message)
{
    static std::mutex reporting;
    reporting.lock(); // never unlocked: a second failure waits here until the process is gone
    std::fprintf(
        stderr, "echo-loadgen: %s: FAILED: %s\n", currentScenario().c_str(), message.c_str());
    std::printf("{\"scenario\":\"%s\",\"ok\":false,\"error\":\"%s\"}\n",
        jsonEscape(currentScenario()).c_str(), jsonEscape(message).c_str());
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(1);
}

[[noreturn]] void failSystem(const std::string &what)
{
    fail(what + ": " + std::strerror(errno));
}

// One JSON object on one line, built up key by key.
class ResultLine final
{
public:
    explicit ResultLine(std::string_view scenario)
        : m_text("{\"scenario\":\"" + jsonEscape(scenario) + "\",\"ok\":true")
    { }

    ResultLine &number(std::string_view key, double value, int decimals = 1)
    {
        m_text += format(",\"%s\":%.*f", std::string(key).c_str(), decimals, value);
        return *this;
    }

    ResultLine &integer(std::string_view key, long long value)
    {
        m_text += format(",\"%s\":%lld", std::string(key).c_str(), value);
        return *this;
    }

    ResultLine &optionalInteger(std::string_view key, std::optional<long> value)
    {
        if (value)
            return integer(key, *value);
        m_text += format(",\"%s\":null", std::string(key).c_str());
        return *this;
    }

    ResultLine &boolean(std::string_view key, bool value)
    {
        m_text += format(",\"%s\":%s", std::string(key).c_str(), value ? "true" : "false");
        return *this;
    }

    void print() const
    {
        std::printf("%s}\n", m_text.c_str());
        std::fflush(stdout);
    }

private:
    std::string m_text;
};

class Pattern final
{
public:
    static constexpr std::size_t period = 1'048'573; // prime
    static constexpr std::size_t maxSpan = readBufferSize; // longest window at() hands out

    Pattern()
        : m_bytes(period + maxSpan)
    {
        std::uint64_t state = 0x9E3779B97F4A7C15ULL;
        for (std::size_t i = 0; i < period; ++i) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            m_bytes[i] = static_cast<std::uint8_t>(state >> 56);
        }
        // The tail repeats the head, so any window of up to maxSpan bytes is contiguous.
        std::copy_n(m_bytes.begin(), maxSpan, m_bytes.begin() + period);
    }

    // The stream's bytes from `offset` on; at most maxSpan of them may be used.
    const std::uint8_t *at(std::uint64_t offset) const { return m_bytes.data() + offset % period; }

private:
    std::vector<std::uint8_t> m_bytes;
};

const Pattern &pattern()
{
    static const Pattern instance;
    return instance;
}

// One client connection and where it is in its byte stream.
struct Peer
{
    int fd = -1;
    std::uint64_t index = 0; // names the connection in messages; picks its stream
    std::uint64_t base = 0; // where its stream starts in the pattern
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::uint64_t messageEnd = 0; // stream offset at which the message in flight is complete
    Nanos sentAt = 0; // when that message was started (or the connect, while connecting)
    std::uint32_t watched = 0; // the epoll events asked for (fleets only)
    bool connected = false;
    bool verified = false; // has had an echo back
};

void resetPeer(Peer &peer, std::uint64_t index)
{
    peer = Peer {};
    peer.index = index;
    peer.base = (index + 1) * 0x9E3779B1ULL % Pattern::period;
}

sockaddr_in loopback(std::uint32_t hostOrderAddress, std::uint16_t port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(hostOrderAddress);
    return address;
}

// 127.0.0.2 .. 127.0.0.250: spreads connections over source addresses so that sockets left in
// TIME_WAIT by many short connections can't use up the ephemeral ports of one address.
std::uint32_t spreadSource(std::uint64_t index)
{
    return (127U << 24) | static_cast<std::uint32_t>(2 + index % 249);
}

// Kernel buffer sizes for a connection's own socket (0: the kernel's default, autotuned).
struct SocketBuffers
{
    int receive = 0;
    int send = 0;
};

// Starts a non-blocking connect to 127.0.0.1:port from `source` (0: let the kernel choose).
void startConnect(Peer &peer, std::uint16_t port, std::uint32_t source, SocketBuffers buffers = {})
{
    peer.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (peer.fd < 0)
        failSystem(
            format("connection %" PRIu64 ": socket (raise the descriptor limit?)", peer.index));
    const int one = 1;
    setsockopt(peer.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Before connect(), so that the window the server sees matches.
    if (buffers.receive > 0)
        setsockopt(peer.fd, SOL_SOCKET, SO_RCVBUF, &buffers.receive, sizeof buffers.receive);
    if (buffers.send > 0)
        setsockopt(peer.fd, SOL_SOCKET, SO_SNDBUF, &buffers.send, sizeof buffers.send);
    if (source != 0) {
        // The port is then chosen at connect(), per destination, not at bind().
        setsockopt(peer.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        const sockaddr_in local = loopback(source, 0);
        if (bind(peer.fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) < 0)
            failSystem(format("connection %" PRIu64 ": bind to a 127.x source", peer.index));
    }
    const sockaddr_in server = loopback(INADDR_LOOPBACK, port);
    if (connect(peer.fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) < 0 &&
        errno != EINPROGRESS) {
        const int error = errno;
        if (error == EADDRNOTAVAIL)
            fail(format("connection %" PRIu64 ": no free local port (TIME_WAIT?)", peer.index));
        errno = error;
        failSystem(format("connection %" PRIu64 " to 127.0.0.1:%u", peer.index, port));
    }
    peer.sentAt = now();
}

// After the socket became writable: did the connect work?
void finishConnect(Peer &peer, std::uint16_t port)
{
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(peer.fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        failSystem("getsockopt SO_ERROR");
    if (error != 0) {
        errno = error;
        failSystem(format("connection %" PRIu64 " to 127.0.0.1:%u failed", peer.index, port));
    }
    peer.connected = true;
}

Peer connectNow(std::uint16_t port, std::uint64_t index)
{
    Peer peer;
    resetPeer(peer, index);
    startConnect(peer, port, 0);
    pollfd waiting { peer.fd, POLLOUT, 0 };
    const Nanos deadline = now() + echoTimeout;
    while (poll(&waiting, 1, millisUntil(deadline, 1000)) == 0) {
        if (now() >= deadline)
            fail(format(
                "connection %" PRIu64 " to 127.0.0.1:%u: no answer within 5 s", peer.index, port));
    }
    finishConnect(peer, port);
    return peer;
}

void checkEcho(const Peer &peer, const std::uint8_t *data, std::size_t length)
{
    if (peer.received + length > peer.sent)
        fail(format("connection %" PRIu64 ": the server echoed %" PRIu64 " bytes but only %" PRIu64
                    " were sent",
            peer.index, peer.received + length, peer.sent));
    const std::uint8_t *expected = pattern().at(peer.base + peer.received);
    if (std::memcmp(data, expected, length) == 0)
        return;
    const auto wrong =
        static_cast<std::size_t>(std::mismatch(data, data + length, expected).first - data);
    fail(format("connection %" PRIu64 ": echoed byte %" PRIu64 " is 0x%02x, 0x%02x was sent",
        peer.index, peer.received + wrong, data[wrong], expected[wrong]));
}

// Reads and checks whatever has arrived; false when nothing had.
bool receive(Peer &peer)
{
    thread_local std::vector<std::uint8_t> buffer(readBufferSize);
    const ssize_t got = ::read(peer.fd, buffer.data(), buffer.size());
    if (got > 0) {
        checkEcho(peer, buffer.data(), static_cast<std::size_t>(got));
        peer.received += static_cast<std::uint64_t>(got);
        return true;
    }
    if (got == 0)
        fail(format("connection %" PRIu64 ": the server closed it after echoing %" PRIu64
                    " of %" PRIu64 " bytes",
            peer.index, peer.received, peer.sent));
    if (errno == EAGAIN || errno == EINTR)
        return false;
    failSystem(format("connection %" PRIu64 ": read after %" PRIu64 " of %" PRIu64 " bytes echoed",
        peer.index, peer.received, peer.sent));
}

// Sends up to `length` more bytes of the peer's stream; returns how many the kernel took.
std::size_t transmit(Peer &peer, std::size_t length)
{
    length = std::min(length, Pattern::maxSpan);
    const ssize_t sent = ::send(peer.fd, pattern().at(peer.base + peer.sent), length, MSG_NOSIGNAL);
    if (sent >= 0) {
        peer.sent += static_cast<std::uint64_t>(sent);
        return static_cast<std::size_t>(sent);
    }
    if (errno == EAGAIN || errno == EINTR)
        return 0;
    failSystem(
        format("connection %" PRIu64 ": send after %" PRIu64 " bytes", peer.index, peer.sent));
}

void closePeer(Peer &peer)
{
    if (peer.fd >= 0)
        ::close(peer.fd);
    peer.fd = -1;
}

class Epoll final
{
public:
    Epoll()
        : m_fd(epoll_create1(EPOLL_CLOEXEC))
    {
        if (m_fd < 0)
            failSystem("epoll_create1");
    }
    ~Epoll() { ::close(m_fd); }
    Epoll(const Epoll &) = delete;
    Epoll &operator=(const Epoll &) = delete;

    void add(int fd, std::uint32_t events, std::uint64_t key)
    {
        control(EPOLL_CTL_ADD, fd, events, key);
    }
    void modify(int fd, std::uint32_t events, std::uint64_t key)
    {
        control(EPOLL_CTL_MOD, fd, events, key);
    }

    // The ready events, after waiting at most `millis`.
    const std::vector<epoll_event> &wait(int millis)
    {
        m_ready.resize(1024);
        const int count =
            epoll_wait(m_fd, m_ready.data(), static_cast<int>(m_ready.size()), millis);
        if (count < 0 && errno != EINTR)
            failSystem("epoll_wait");
        m_ready.resize(static_cast<std::size_t>(std::max(count, 0)));
        return m_ready;
    }

private:
    void control(int operation, int fd, std::uint32_t events, std::uint64_t key)
    {
        epoll_event event {};
        event.events = events;
        event.data.u64 = key;
        if (epoll_ctl(m_fd, operation, fd, &event) < 0)
            failSystem("epoll_ctl");
    }

    int m_fd = -1;
    std::vector<epoll_event> m_ready;
};

// Round-trip times; the count is bounded so a very fast server can't eat our memory.
class Latencies final
{
public:
    static constexpr std::size_t maxSamples = 4'000'000;

    void add(Nanos sample)
    {
        if (m_samples.size() < maxSamples)
            m_samples.push_back(sample);
    }
    std::size_t count() const { return m_samples.size(); }

    void merge(const Latencies &other)
    {
        const std::size_t room = maxSamples - std::min(maxSamples, m_samples.size());
        m_samples.insert(m_samples.end(), other.m_samples.begin(),
            other.m_samples.begin() +
                static_cast<std::ptrdiff_t>(std::min(room, other.m_samples.size())));
    }

    // Nearest-rank percentile in microseconds.
    double micros(double fraction)
    {
        if (m_samples.empty())
            return 0;
        const auto rank =
            static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(m_samples.size())));
        const auto nth =
            m_samples.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
        std::nth_element(m_samples.begin(), nth, m_samples.end());
        return static_cast<double>(*nth) / 1000.0;
    }

    ResultLine &report(ResultLine &line)
    {
        return line.integer("round_trips", static_cast<long long>(count()))
            .number("p50_us", micros(0.50))
            .number("p99_us", micros(0.99))
            .number("p999_us", micros(0.999))
            .number("max_us", micros(1.0));
    }

private:
    std::vector<Nanos> m_samples;
};

// What /proc tells about the server; nothing when no --server-pid was given.
std::optional<long> serverStatusKib(pid_t pid, std::string_view field)
{
    if (pid <= 0)
        return std::nullopt;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':')
            return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
    }
    fail(format("cannot read %.*s of server process %d", static_cast<int>(field.size()),
        field.data(), static_cast<int>(pid)));
}

struct Descriptors
{
    long all = 0;
    long sockets = 0; // the listener and connections; what a leaked connection would add to
    bool operator==(const Descriptors &) const = default;
};

std::optional<Descriptors> serverDescriptors(pid_t pid)
{
    if (pid <= 0)
        return std::nullopt;
    const std::string path = "/proc/" + std::to_string(pid) + "/fd";
    DIR *directory = opendir(path.c_str());
    if (!directory)
        failSystem(
            format("cannot list the descriptors of server process %d", static_cast<int>(pid)));
    Descriptors count;
    std::array<char, 64> target {};
    while (const dirent *entry = readdir(directory)) {
        if (entry->d_name[0] == '.')
            continue;
        ++count.all;
        const std::string link = path + "/" + entry->d_name;
        const ssize_t length = readlink(link.c_str(), target.data(), target.size() - 1);
        if (length > 0 &&
            std::string_view(target.data(), static_cast<std::size_t>(length))
                .starts_with("socket:"))
            ++count.sockets;
    }
    closedir(directory);
    return count;
}

// The counts once they stopped changing (the server may still be closing a probe).
std::optional<Descriptors> settledDescriptors(pid_t pid)
{
    auto count = serverDescriptors(pid);
    for (int i = 0; count && i < 30; ++i) {
        sleepMillis(100);
        const auto again = serverDescriptors(pid);
        if (again == count)
            break;
        count = again;
    }
    return count;
}

// The kernel's count of connection attempts a listener dropped because its accept queue was
// full (TcpExt ListenOverflows) plus the SYN cookies it sent instead (a full SYN queue). Counts
// the whole network namespace, so other loopback traffic shows too; a connect pacing that keeps
// within a server's backlog leaves it unchanged.
long listenOverflows()
{
    std::ifstream netstat("/proc/net/netstat");
    std::string names;
    std::string values;
    while (std::getline(netstat, names) && std::getline(netstat, values)) {
        if (!names.starts_with("TcpExt:"))
            continue;
        std::istringstream nameWords(names);
        std::istringstream valueWords(values);
        std::string name;
        std::string value;
        long total = 0;
        while (nameWords >> name && valueWords >> value) {
            if (name == "ListenOverflows" || name == "SyncookiesSent")
                total += std::strtol(value.c_str(), nullptr, 10);
        }
        return total;
    }
    return 0;
}

struct Options
{
    std::string scenario;
    std::uint16_t port = 0;
    double duration = -1; // seconds; the scenario's default when negative
    long connections = -1; // the scenario's default when negative
    pid_t serverPid = 0;
    long threads = 0; // the load generator's threads for many connections; 0: see threadsFor()
    bool halfClose = false; // flood: shut down the sending side before reading the echo back
    long window = 0; // udp-64: datagrams in flight per socket; 0: the default (4)
};

Nanos durationOf(const Options &options, double defaultSeconds)
{
    const double seconds = options.duration >= 0 ? options.duration : defaultSeconds;
    return static_cast<Nanos>(seconds * static_cast<double>(nanosPerSecond));
}

double seconds(Nanos span)
{
    return static_cast<double>(span) / static_cast<double>(nanosPerSecond);
}

// One 1-byte round trip on a connection that `epoll` watches alone.
Nanos pingOnce(Peer &peer, Epoll &epoll)
{
    const Nanos sentAt = now();
    if (transmit(peer, 1) != 1)
        fail("could not send a 1-byte ping on an idle connection");
    while (peer.received < peer.sent) {
        if (epoll.wait(1000).empty() && now() - sentAt > echoTimeout)
            fail(format("no echo of byte %" PRIu64 " within 5 s", peer.sent - 1));
        receive(peer);
    }
    return now() - sentAt;
}

// Ping-pong until `deadline`; the first round trips warm up and are not counted.
void pingPongUntil(Peer &peer, Epoll &epoll, Nanos deadline, Latencies &latencies)
{
    constexpr long warmUp = 200;
    constexpr long maxRoundTrips = 5'000'000;
    for (long trip = 0; trip < maxRoundTrips && now() < deadline; ++trip) {
        const Nanos roundTrip = pingOnce(peer, epoll);
        if (trip >= warmUp)
            latencies.add(roundTrip);
    }
}

// pingpong: one connection, one byte at a time.
void runPingPong(const Options &options)
{
    Peer peer = connectNow(options.port, 0);
    Epoll epoll;
    epoll.add(peer.fd, EPOLLIN, 0);
    Latencies latencies;
    const Nanos start = now();
    pingPongUntil(peer, epoll, start + durationOf(options, 3.0), latencies);
    const Nanos elapsed = now() - start;
    closePeer(peer);
    ResultLine line("pingpong");
    latencies.report(line).number("duration_s", seconds(elapsed), 2).print();
}

// stream: one connection writing 64 KiB at a time while reading the echo.
void runStream(const Options &options)
{
    constexpr std::uint64_t maxBytes = 64ULL << 30;
    Peer peer = connectNow(options.port, 0);
    Epoll epoll;
    epoll.add(peer.fd, EPOLLIN | EPOLLOUT, 0);
    const Nanos start = now();
    const Nanos deadline = start + durationOf(options, 3.0);
    Nanos lastProgress = start;
    while (now() < deadline && peer.sent < maxBytes) {
        for (const epoll_event &event : epoll.wait(millisUntil(deadline, 100))) {
            if (event.events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                for (int i = 0; i < 8 && receive(peer); ++i)
                    lastProgress = now();
            }
            if (event.events & EPOLLOUT)
                transmit(peer, streamWrite);
        }
        if (now() - lastProgress > echoTimeout)
            fail(format("no echo for 5 s after %" PRIu64 " of %" PRIu64 " bytes", peer.received,
                peer.sent));
    }
    const Nanos elapsed = now() - start;
    const std::uint64_t echoedInTime = peer.received;
    // Whatever is still in flight must come back too.
    epoll.modify(peer.fd, EPOLLIN, 0);
    const Nanos drainDeadline = now() + 2 * echoTimeout;
    while (peer.received < peer.sent) {
        if (now() > drainDeadline)
            fail(format(
                "short reply: %" PRIu64 " of %" PRIu64 " bytes echoed", peer.received, peer.sent));
        if (!epoll.wait(millisUntil(drainDeadline, 100)).empty())
            receive(peer);
    }
    closePeer(peer);
    ResultLine("stream")
        .number("mb_per_s", static_cast<double>(echoedInTime) / 1e6 / seconds(elapsed))
        .number("echoed_mb", static_cast<double>(peer.received) / 1e6)
        .number("duration_s", seconds(elapsed), 2)
        .print();
}

// Many connections driven by one epoll loop. Each sends a message of `messageSize` bytes and
// waits for its echo; then, depending on the scenario, sends the next, stays idle, or closes
// and is replaced by a fresh connection.
class Fleet final
{
public:
    enum class AfterEcho { SendNext, StayIdle, CloseAndReplace };

    // Connects still waiting for their first echo; keeps us inside the server's accept backlog.
    static constexpr std::size_t maxUnverified = 32;

    Fleet(std::uint16_t port, std::size_t messageSize, AfterEcho after, bool spreadSources,
        SocketBuffers buffers = {})
        : m_port(port)
        , m_messageSize(messageSize)
        , m_after(after)
        , m_spreadSources(spreadSources)
        , m_buffers(buffers)
    { }

    ~Fleet()
    {
        for (Peer &peer : m_peers)
            closePeer(peer);
    }

    Fleet(const Fleet &) = delete;
    Fleet &operator=(const Fleet &) = delete;

    // Fleet `member` of `members` numbers its connections member, member + members, …, so that
    // connections of different fleets get different streams and source addresses.
    void number(std::uint64_t member, std::uint64_t members)
    {
        m_nextIndex = member;
        m_indexStride = members;
    }

    // Opens `count` connections, at most maxUnverified at a time, until each had an echo. A
    // connection that has had its echo waits for run() before it sends again, so the ones still
    // connecting don't queue behind thousands of busy ones.
    void establish(std::size_t count, Nanos timeout)
    {
        m_peers.resize(count);
        const Nanos deadline = now() + timeout;
        std::size_t opened = 0;
        while (m_verified < count) {
            while (opened < count && opened - m_verified < maxUnverified) {
                open(opened, nextIndex());
                ++opened;
            }
            if (now() > deadline)
                fail(format("only %zu of %zu connections had their echo within %.0f s", m_verified,
                    count, seconds(timeout)));
            pump(deadline);
        }
    }

    // Runs the traffic until `deadline` or until `maxEchoes` round trips were measured; the
    // round trips that end before `measureFrom` warm up and are not measured.
    void run(Nanos measureFrom, Nanos deadline, std::uint64_t maxEchoes)
    {
        m_measureFrom = measureFrom;
        m_measureUntil = deadline;
        m_running = true;
        if (m_after == AfterEcho::SendNext) {
            for (std::size_t slot = 0; slot < m_peers.size(); ++slot) {
                Peer &peer = m_peers[slot];
                if (peer.fd >= 0 && peer.connected && peer.sent == peer.messageEnd &&
                    peer.received == peer.sent)
                    startMessage(peer, slot);
            }
        }
        while (now() < deadline && m_echoes < maxEchoes)
            pump(deadline);
        m_running = false;
    }

    // Lets every message in flight come back, sending no new ones.
    void drain(Nanos timeout)
    {
        m_sending = false;
        const Nanos deadline = now() + timeout;
        while (busy()) {
            if (now() > deadline)
                fail("short reply: not every message in flight was echoed within the drain time");
            pump(deadline);
        }
    }

    // Hands the connections over to the caller, who closes them (they stay open here).
    std::vector<Peer> takePeers() { return std::exchange(m_peers, {}); }

    // Round trips measured by run().
    std::uint64_t echoes() const { return m_echoes; }
    // Every round trip so far, measured or not.
    std::uint64_t completed() const { return m_completed; }
    Latencies &latencies() { return m_latencies; }

private:
    std::uint64_t nextIndex() { return std::exchange(m_nextIndex, m_nextIndex + m_indexStride); }

    void open(std::size_t slot, std::uint64_t index)
    {
        Peer &peer = m_peers[slot];
        resetPeer(peer, index);
        startConnect(peer, m_port, m_spreadSources ? spreadSource(index) : 0, m_buffers);
        peer.watched = EPOLLOUT;
        m_epoll.add(peer.fd, peer.watched, slot);
    }

    bool busy() const
    {
        return std::any_of(m_peers.begin(), m_peers.end(), [](const Peer &peer) {
            return peer.fd >= 0 && (!peer.connected || peer.received < peer.messageEnd);
        });
    }

    void pump(Nanos deadline)
    {
        for (const epoll_event &event : m_epoll.wait(millisUntil(deadline, 100)))
            handle(static_cast<std::size_t>(event.data.u64), event.events);
        const Nanos current = now();
        if (current - m_lastStallCheck > 100 * nanosPerMilli) {
            m_lastStallCheck = current;
            checkStalls(current);
        }
    }

    void handle(std::size_t slot, std::uint32_t events)
    {
        Peer &peer = m_peers[slot];
        if (peer.fd < 0)
            return;
        if (!peer.connected) {
            finishConnect(peer, m_port);
            startMessage(peer, slot);
            return;
        }
        if (events & EPOLLOUT)
            continueMessage(peer, slot);
        if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
            while (peer.received < peer.sent && receive(peer)) { }
            if (peer.received == peer.messageEnd && peer.sent == peer.messageEnd)
                echoed(peer, slot);
        }
    }

    void startMessage(Peer &peer, std::size_t slot)
    {
        peer.sentAt = now();
        peer.messageEnd = peer.sent + m_messageSize;
        continueMessage(peer, slot);
    }

    // Small messages go out in one send; the rest waits for EPOLLOUT if the kernel is full.
    void continueMessage(Peer &peer, std::size_t slot)
    {
        if (peer.sent < peer.messageEnd)
            transmit(peer, static_cast<std::size_t>(peer.messageEnd - peer.sent));
        const std::uint32_t wanted = peer.sent < peer.messageEnd ? EPOLLIN | EPOLLOUT : EPOLLIN;
        // One system call less per message when nothing changes, as with every small message.
        if (wanted != peer.watched) {
            peer.watched = wanted;
            m_epoll.modify(peer.fd, wanted, slot);
        }
    }

    void echoed(Peer &peer, std::size_t slot)
    {
        ++m_completed;
        if (m_running) {
            const Nanos current = now();
            if (current >= m_measureFrom && current < m_measureUntil) {
                m_latencies.add(current - peer.sentAt);
                ++m_echoes;
            }
        }
        if (!peer.verified) {
            peer.verified = true;
            ++m_verified;
        }
        switch (m_after) {
        case AfterEcho::SendNext:
            if (m_sending && m_running)
                startMessage(peer, slot);
            break;
        case AfterEcho::StayIdle:
            break;
        case AfterEcho::CloseAndReplace:
            closePeer(peer);
            if (m_sending)
                open(slot, nextIndex());
            break;
        }
    }

    void checkStalls(Nanos current) const
    {
        for (const Peer &peer : m_peers) {
            if (peer.fd < 0 || current - peer.sentAt < echoTimeout)
                continue;
            if (!peer.connected)
                fail(format("connection %" PRIu64 ": connect not finished within 5 s", peer.index));
            if (peer.received < peer.sent)
                fail(format("connection %" PRIu64 ": no full echo within 5 s (%" PRIu64
                            " of %" PRIu64 " bytes)",
                    peer.index, peer.received, peer.sent));
        }
    }

    std::uint16_t m_port;
    std::size_t m_messageSize;
    AfterEcho m_after;
    bool m_spreadSources;
    SocketBuffers m_buffers;
    Epoll m_epoll;
    std::vector<Peer> m_peers;
    Latencies m_latencies;
    std::uint64_t m_nextIndex = 0;
    std::uint64_t m_indexStride = 1;
    std::size_t m_verified = 0;
    std::uint64_t m_echoes = 0;
    std::uint64_t m_completed = 0;
    Nanos m_measureFrom = 0;
    Nanos m_measureUntil = 0;
    bool m_running = false;
    bool m_sending = true;
    Nanos m_lastStallCheck = 0;
};

// The connections of one scenario shared out over several fleets, each driven by a thread of its
// own with its own epoll: on a loaded machine one thread can't keep 10,000 busy connections
// going (it spends its time in the kernel's TCP paths, as the server does). With one thread the
// fleet runs in the calling thread.
class Crowd final
{
public:
    Crowd(std::size_t threads, std::uint16_t port, std::size_t messageSize, Fleet::AfterEcho after,
        bool spreadSources)
    {
        threads = std::max<std::size_t>(threads, 1);
        for (std::size_t i = 0; i < threads; ++i) {
            m_fleets.push_back(std::make_unique<Fleet>(port, messageSize, after, spreadSources));
            m_fleets.back()->number(i, threads);
        }
    }

    std::size_t threads() const { return m_fleets.size(); }

    void establish(std::size_t count, Nanos timeout)
    {
        inParallel([&](Fleet &fleet, std::size_t i) { fleet.establish(share(count, i), timeout); });
    }

    void run(Nanos measureFrom, Nanos deadline, std::uint64_t maxEchoes)
    {
        const std::uint64_t each = maxEchoes / m_fleets.size();
        inParallel([&](Fleet &fleet, std::size_t) { fleet.run(measureFrom, deadline, each); });
    }

    void drain(Nanos timeout)
    {
        inParallel([&](Fleet &fleet, std::size_t) { fleet.drain(timeout); });
    }

    std::uint64_t echoes() const { return sum(&Fleet::echoes); }
    std::uint64_t completed() const { return sum(&Fleet::completed); }

    // Every fleet's round trips in one set.
    Latencies latencies() const
    {
        Latencies all;
        for (const auto &fleet : m_fleets)
            all.merge(fleet->latencies());
        return all;
    }

private:
    std::size_t share(std::size_t count, std::size_t i) const
    {
        const std::size_t n = m_fleets.size();
        return count / n + (i < count % n ? 1 : 0);
    }

    template<typename Work> void inParallel(const Work &work)
    {
        if (m_fleets.size() == 1) {
            work(*m_fleets.front(), 0);
            return;
        }
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < m_fleets.size(); ++i)
            threads.emplace_back([&work, this, i] { work(*m_fleets[i], i); });
    }

    std::uint64_t sum(std::uint64_t (Fleet::*figure)() const) const
    {
        std::uint64_t total = 0;
        for (const auto &fleet : m_fleets)
            total += ((*fleet).*figure)();
        return total;
    }

    std::vector<std::unique_ptr<Fleet>> m_fleets;
};

// The connections asked for (or the scenario's default), once we know we may open them: a
// limit too low fails at once with the figures instead of half-way through connecting.
std::size_t connectionsOf(const Options &options, long defaultCount)
{
    const long count = options.connections > 0 ? options.connections : defaultCount;
    constexpr long spare = 64; // stdio, epolls, /proc, a ping connection
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < static_cast<rlim_t>(count + spare))
        fail(format("%ld connections need %ld descriptors, but the limit is %llu (ulimit -Hn)",
            count, count + spare, static_cast<unsigned long long>(limit.rlim_cur)));
    return static_cast<std::size_t>(count);
}

// The load generator's threads for `connections` busy connections: --threads, or one per core
// we may use (the server and we share them), but no more than one per `perThread` connections.
std::size_t threadsFor(const Options &options, std::size_t connections, std::size_t perThread)
{
    if (options.threads > 0)
        return static_cast<std::size_t>(options.threads);
    cpu_set_t cores;
    CPU_ZERO(&cores);
    std::size_t available = 1;
    if (sched_getaffinity(0, sizeof cores, &cores) == 0)
        available = static_cast<std::size_t>(std::max(CPU_COUNT(&cores), 1));
    return std::clamp<std::size_t>(connections / perThread, 1, available);
}

// many: N connections (default 1000), 64-byte ping-pong on each. They are all connected and
// have had one echo each before the clock starts; then every one of them sends, and the round
// trips of the first 0.5 s warm up (one cycle of 10,000 connections takes 0.1–0.3 s here).
void runMany(const Options &options)
{
    constexpr Nanos warmUp = 500 * nanosPerMilli;
    const std::size_t count = connectionsOf(options, 1000);
    Crowd crowd(
        threadsFor(options, count, 500), options.port, 64, Fleet::AfterEcho::SendNext, true);
    const long overflowsBefore = listenOverflows();
    const Nanos connectStart = now();
    crowd.establish(count, 60 * nanosPerSecond);
    const Nanos connected = now() - connectStart;
    const Nanos measureFrom = now() + warmUp;
    const Nanos measured = durationOf(options, 3.0);
    crowd.run(measureFrom, measureFrom + measured, 100'000'000);
    crowd.drain(2 * echoTimeout);
    Latencies latencies = crowd.latencies();
    ResultLine line("many");
    line.integer("connections", static_cast<long long>(count))
        .integer("threads", static_cast<long long>(crowd.threads()))
        .number("msgs_per_s", static_cast<double>(crowd.echoes()) / seconds(measured))
        .number("connect_s", seconds(connected), 2)
        .integer("listen_overflows", listenOverflows() - overflowsBefore);
    latencies.report(line).number("duration_s", seconds(measured), 2).print();
}

pid_t requireServerPid(const Options &options)
{
    if (options.serverPid <= 0) {
        std::fprintf(
            stderr, "echo-loadgen: --scenario %s needs --server-pid\n", options.scenario.c_str());
        std::exit(2);
    }
    return options.serverPid;
}

// idle: many connections that each echo one byte once and then sit there.
void runIdle(const Options &options)
{
    const pid_t pid = requireServerPid(options);
    const std::size_t count = connectionsOf(options, 10'000);
    const long before = *serverStatusKib(pid, "VmRSS");
    const long overflowsBefore = listenOverflows();
    const Nanos start = now();
    Crowd crowd(threadsFor(options, count, 500), options.port, 1, Fleet::AfterEcho::StayIdle, true);
    crowd.establish(count, 60 * nanosPerSecond);
    const Nanos elapsed = now() - start;
    const long after = *serverStatusKib(pid, "VmRSS");
    // Some servers finish their bookkeeping a little later; take the larger reading.
    sleepMillis(300);
    const long settled = *serverStatusKib(pid, "VmRSS");
    const long growth = std::max(after, settled) - before;
    ResultLine("idle")
        .integer("connections", static_cast<long long>(count))
        .integer("threads", static_cast<long long>(crowd.threads()))
        .integer("rss_before_kib", before)
        .integer("rss_after_kib", std::max(after, settled))
        .number("kib_per_connection", static_cast<double>(growth) / static_cast<double>(count), 2)
        .number("connect_s", seconds(elapsed), 2)
        .integer("listen_overflows", listenOverflows() - overflowsBefore)
        .print();
}

// flood: one connection sends up to 200 MiB and never reads, beside a 1-byte ping-pong.
void runFlood(const Options &options)
{
    const pid_t pid = requireServerPid(options);
    constexpr std::uint64_t floodLimit = 200ULL << 20;
    constexpr Nanos samplePeriod = 10 * nanosPerMilli;
    enum : std::uint64_t { pingKey, floodKey };
    Peer ping = connectNow(options.port, 0);
    Peer flood = connectNow(options.port, 1);
    Epoll epoll;
    epoll.add(ping.fd, EPOLLIN, pingKey);
    // The same connection's round trips without the flood, for comparison.
    Latencies quiet;
    pingPongUntil(ping, epoll, now() + nanosPerSecond / 2, quiet);
    epoll.add(flood.fd, EPOLLOUT, floodKey);
    const long rssBefore = *serverStatusKib(pid, "VmRSS");
    long peak = rssBefore;
    Latencies latencies;
    const Nanos start = now();
    const Nanos deadline = start + durationOf(options, 5.0);
    Nanos nextSample = start;
    Nanos sentAt = 0;
    bool floodOpen = true;
    for (long turn = 0; turn < 100'000'000 && now() < deadline; ++turn) {
        const Nanos current = now();
        const bool pingIdle = ping.received == ping.sent;
        // Sampled between pings, so that reading /proc never counts in a round trip; a stuck
        // ping must not stop the sampling though.
        if (current >= nextSample && (pingIdle || current >= nextSample + samplePeriod)) {
            peak = std::max(peak, *serverStatusKib(pid, "VmRSS"));
            nextSample = current + samplePeriod;
        }
        if (pingIdle) {
            sentAt = now();
            if (transmit(ping, 1) != 1)
                fail("could not send a 1-byte ping on an idle connection");
        } else if (current - sentAt > echoTimeout) {
            fail("the ping connection had no echo for 5 s while the other one flooded");
        }
        const Nanos wakeAt = std::min(deadline, nextSample + samplePeriod);
        for (const epoll_event &event : epoll.wait(millisUntil(wakeAt, 20))) {
            if (event.data.u64 == pingKey) {
                receive(ping);
                if (ping.received == ping.sent)
                    latencies.add(now() - sentAt);
            } else if (floodOpen) {
                for (int i = 0; i < 4 && flood.sent < floodLimit; ++i) {
                    if (transmit(flood,
                            static_cast<std::size_t>(std::min<std::uint64_t>(
                                streamWrite, floodLimit - flood.sent))) == 0)
                        break;
                }
                if (flood.sent >= floodLimit) {
                    epoll.modify(flood.fd, 0, floodKey);
                    floodOpen = false;
                }
            }
        }
    }
    const Nanos elapsed = now() - start;
    const std::uint64_t floodSent = flood.sent;

    // Now read the flood's echo: all of it must come back, unchanged, once we read again.
    // Optionally after a half-close, which a server must answer with the rest of its echo.
    if (options.halfClose)
        ::shutdown(flood.fd, SHUT_WR);
    epoll.modify(flood.fd, EPOLLIN, floodKey);
    const Nanos drainDeadline = now() + 4 * echoTimeout;
    while (flood.received < flood.sent || ping.received < ping.sent) {
        if (now() > drainDeadline)
            fail(format("short reply: the flood got %" PRIu64 " of %" PRIu64 " bytes back",
                flood.received, flood.sent));
        for (const epoll_event &event : epoll.wait(millisUntil(drainDeadline, 100))) {
            Peer &peer = event.data.u64 == pingKey ? ping : flood;
            for (int i = 0; i < 16 && peer.received < peer.sent && receive(peer); ++i) { }
        }
        if (now() >= nextSample) {
            peak = std::max(peak, *serverStatusKib(pid, "VmRSS"));
            nextSample = now() + samplePeriod;
        }
    }
    const long highWater = *serverStatusKib(pid, "VmHWM");
    closePeer(ping);
    closePeer(flood);
    ResultLine line("flood");
    line.integer("rss_before_kib", rssBefore)
        .integer("peak_rss_kib", peak)
        .number("peak_rss_mib", static_cast<double>(peak) / 1024.0)
        .integer("hwm_kib", highWater)
        .number("flood_sent_mib", static_cast<double>(floodSent) / (1024.0 * 1024.0))
        .number("quiet_p99_us", quiet.micros(0.99));
    latencies.report(line).number("duration_s", seconds(elapsed), 2).print();
}

// nonreaders: N connections each echo one byte, then send without ever reading again, beside a
// 1-byte ping-pong; then they close at once with their echo unread (so the kernel resets them).
// Reports the server's RSS before they connect, at its peak and once they have gone and the
// server had a moment to give memory back, and the ping-pong's round trips beside them.
//
// Like a cheap attacker, each keeps small buffers of its own (4 KiB to receive, 64 KiB to send)
// and sends at most 8 MiB: more than the kernel holds for one connection on loopback (3 to 9 MiB,
// most of it in the server's autotuned receive buffer), so whatever a server reads beyond that
// stays in its own memory. Thousands of them still reach the kernel's TCP memory limit
// (net.ipv4.tcp_mem) for the few seconds of the round: that too is what such clients do.
void runNonReaders(const Options &options)
{
    const pid_t pid = requireServerPid(options);
    const std::size_t count = connectionsOf(options, 300);
    constexpr std::uint64_t perConnectionLimit = 8ULL << 20;
    constexpr SocketBuffers attackerBuffers { 4 * 1024, 64 * 1024 };
    constexpr Nanos samplePeriod = 10 * nanosPerMilli;
    constexpr Nanos settleTime = 1500 * nanosPerMilli; // a server may trim once a second
    // Bytes written to the non-readers per turn of the loop at most, so that our own copying
    // delays a ping's echo by well under a millisecond.
    constexpr std::size_t writesPerTurn = 16;
    constexpr std::uint64_t pingKey = 0;
    Peer ping = connectNow(options.port, 0);
    Epoll pingEpoll;
    pingEpoll.add(ping.fd, EPOLLIN, pingKey);
    Latencies quiet;
    pingPongUntil(ping, pingEpoll, now() + nanosPerSecond / 2, quiet);
    const auto descriptorsBefore = settledDescriptors(pid);
    const long rssBefore = *serverStatusKib(pid, "VmRSS");

    Fleet fleet(options.port, 1, Fleet::AfterEcho::StayIdle, false, attackerBuffers);
    fleet.establish(count, 60 * nanosPerSecond);
    std::vector<Peer> readers = fleet.takePeers();
    Epoll floodEpoll;
    for (std::size_t i = 0; i < readers.size(); ++i)
        floodEpoll.add(readers[i].fd, EPOLLOUT, i);
    std::size_t sending = readers.size();
    std::uint64_t flooded = 0;

    long peak = rssBefore;
    Latencies latencies;
    const Nanos start = now();
    const Nanos deadline = start + durationOf(options, 3.0);
    Nanos nextSample = start;
    Nanos sentAt = 0;
    for (long turn = 0; turn < 100'000'000 && now() < deadline; ++turn) {
        const Nanos current = now();
        bool pingIdle = ping.received == ping.sent;
        // Sampled between pings, as in flood, so reading /proc never counts in a round trip.
        if (current >= nextSample && (pingIdle || current >= nextSample + samplePeriod)) {
            peak = std::max(peak, *serverStatusKib(pid, "VmRSS"));
            nextSample = current + samplePeriod;
        }
        if (pingIdle) {
            sentAt = now();
            if (transmit(ping, 1) != 1)
                fail("could not send a 1-byte ping on an idle connection");
        } else if (current - sentAt > echoTimeout) {
            fail(format("the ping connection had no echo for 5 s beside %zu connections that "
                        "do not read",
                count));
        }
        // The ping first; the non-readers get a bounded share of each turn.
        const bool flooding = sending > 0;
        const int wait = flooding ? 0 : millisUntil(std::min(deadline, nextSample), 5);
        if (!pingEpoll.wait(wait).empty()) {
            receive(ping);
            if (ping.received == ping.sent)
                latencies.add(now() - sentAt);
        }
        if (!flooding)
            continue;
        std::size_t writes = 0;
        for (const epoll_event &event : floodEpoll.wait(0)) {
            if (writes >= writesPerTurn)
                break;
            Peer &peer = readers[event.data.u64];
            const std::size_t sent = transmit(peer,
                static_cast<std::size_t>(
                    std::min<std::uint64_t>(streamWrite, perConnectionLimit - peer.sent)));
            flooded += sent;
            ++writes;
            if (peer.sent >= perConnectionLimit) {
                floodEpoll.modify(peer.fd, 0, event.data.u64);
                --sending;
            }
        }
        if (writes == 0) {
            // Every non-reader is blocked: wait for the ping (or a non-reader) a little.
            if (!pingEpoll.wait(millisUntil(std::min(deadline, nextSample), 1)).empty()) {
                receive(ping);
                if (ping.received == ping.sent)
                    latencies.add(now() - sentAt);
            }
        }
    }
    const Nanos elapsed = now() - start;

    // They leave with their echo unread; then the server has a moment to give memory back.
    for (Peer &peer : readers)
        closePeer(peer);
    const Nanos leftAt = now();
    auto descriptors = serverDescriptors(pid);
    while (descriptorsBefore && descriptors->sockets > descriptorsBefore->sockets &&
        now() - leftAt < 10 * nanosPerSecond) {
        sleepMillis(20);
        descriptors = serverDescriptors(pid);
    }
    const Nanos goneAfter = now() - leftAt;
    // The ping connection is still served, before and after the settling time.
    while (ping.received < ping.sent) {
        if (pingEpoll.wait(1000).empty() && now() - sentAt > echoTimeout)
            fail("the ping connection had no echo for 5 s after the others left");
        receive(ping);
    }
    pingOnce(ping, pingEpoll);
    sleepMillis(static_cast<int>(settleTime / nanosPerMilli));
    pingOnce(ping, pingEpoll);
    const long rssAfter = *serverStatusKib(pid, "VmRSS");
    closePeer(ping);

    const auto mib = [](long kib) { return static_cast<double>(kib) / 1024.0; };
    ResultLine line("nonreaders");
    line.integer("connections", static_cast<long long>(count))
        .integer("rss_before_kib", rssBefore)
        .integer("peak_rss_kib", peak)
        .integer("rss_after_kib", rssAfter)
        .number("rss_before_mib", mib(rssBefore))
        .number("peak_rss_mib", mib(peak))
        .number("rss_after_mib", mib(rssAfter))
        .number("peak_rss_growth_kib_per_connection",
            static_cast<double>(peak - rssBefore) / static_cast<double>(count), 1)
        .number("flooded_mib", static_cast<double>(flooded) / (1024.0 * 1024.0))
        .integer("still_sending", static_cast<long long>(sending))
        .number("gone_s", seconds(goneAfter), 2)
        .number("quiet_p99_us", quiet.micros(0.99));
    latencies.report(line).number("duration_s", seconds(elapsed), 2).print();
}

// churn: connect, echo 100 bytes, close; a few connections at a time, again and again.
void runChurn(const Options &options)
{
    const std::size_t concurrent = connectionsOf(options, 8);
    const auto before = settledDescriptors(options.serverPid);
    const long overflowsBefore = listenOverflows();
    Crowd crowd(threadsFor(options, concurrent, 4), options.port, 100,
        Fleet::AfterEcho::CloseAndReplace, true);
    const Nanos start = now();
    const Nanos deadline = start + durationOf(options, 10.0);
    crowd.establish(concurrent, 30 * nanosPerSecond);
    crowd.run(start, deadline, 5'000'000);
    const Nanos elapsed = now() - start;
    const std::uint64_t cycles = crowd.completed();
    crowd.drain(2 * echoTimeout);
    // Closed connections leave the server a moment later.
    auto after = serverDescriptors(options.serverPid);
    const Nanos settleStart = now();
    while (before && after->all > before->all && now() - settleStart < 5 * nanosPerSecond) {
        sleepMillis(20);
        after = serverDescriptors(options.serverPid);
    }
    const auto field = [](const std::optional<Descriptors> &count, long Descriptors::*member) {
        return count ? std::optional<long>((*count).*member) : std::nullopt;
    };
    ResultLine("churn")
        .integer("cycles", static_cast<long long>(cycles))
        .number("cycles_per_s", static_cast<double>(cycles) / seconds(elapsed))
        .integer("concurrent", static_cast<long long>(concurrent))
        .integer("threads", static_cast<long long>(crowd.threads()))
        .integer("listen_overflows", listenOverflows() - overflowsBefore)
        .optionalInteger("fd_before", field(before, &Descriptors::all))
        .optionalInteger("fd_after", field(after, &Descriptors::all))
        .optionalInteger("sockets_before", field(before, &Descriptors::sockets))
        .optionalInteger("sockets_after", field(after, &Descriptors::sockets))
        .number("fd_settle_s", seconds(now() - settleStart), 2)
        .number("duration_s", seconds(elapsed), 2)
        .print();
}

// UDP (RFC 862 over datagrams) ----------------------------------------------------------------

// The machine's UDP receive-buffer drops (/proc/net/snmp, "Udp: ... RcvbufErrors"): where
// loopback datagrams get lost. Counts everyone's UDP, so only a hint; -1 when unreadable.
long udpReceiveBufferErrors()
{
    std::ifstream snmp("/proc/net/snmp");
    std::string header;
    std::string values;
    while (std::getline(snmp, header)) {
        if (header.rfind("Udp:", 0) != 0 || !std::getline(snmp, values))
            continue;
        std::istringstream names(header);
        std::istringstream numbers(values);
        std::string name;
        std::string number;
        while (names >> name && numbers >> number) {
            if (name == "RcvbufErrors")
                return std::strtol(number.c_str(), nullptr, 10);
        }
    }
    return -1;
}

// A UDP socket connect()ed to 127.0.0.1:port, so that it hears from the server only and an ICMP
// port-unreachable comes back as ECONNREFUSED.
int connectUdp(std::uint16_t port, bool nonBlocking)
{
    const int fd =
        socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0)
        failSystem("UDP socket");
    const sockaddr_in server = loopback(INADDR_LOOPBACK, port);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) < 0)
        failSystem(format("connect a UDP socket to 127.0.0.1:%u", port));
    return fd;
}

[[noreturn]] void failUdp(const std::string &what, std::uint16_t port)
{
    if (errno == ECONNREFUSED)
        fail(format("%s: no server is listening on UDP port %u", what.c_str(), port));
    failSystem(what);
}

// udp-rtt: one connected socket, a 1-byte datagram and its echo, again and again. Blocking
// send()/recv() (with a 5 s receive timeout): the shortest path on the client's side too.
void runUdpRoundTrips(const Options &options)
{
    constexpr long warmUp = 200;
    constexpr long maxRoundTrips = 5'000'000;
    const int fd = connectUdp(options.port, false);
    const timeval timeout { echoTimeout / nanosPerSecond, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const std::uint8_t *bytes = pattern().at(0x5EED);
    std::vector<std::uint8_t> echo(65'536);
    Latencies latencies;
    const Nanos start = now();
    const Nanos deadline = start + durationOf(options, 3.0);
    long trip = 0;
    for (; trip < maxRoundTrips && now() < deadline; ++trip) {
        const std::uint8_t sent = bytes[trip % static_cast<long>(Pattern::maxSpan)];
        const Nanos sentAt = now();
        if (::send(fd, &sent, 1, 0) != 1)
            failUdp(format("send of datagram %ld", trip), options.port);
        const ssize_t got = ::recv(fd, echo.data(), echo.size(), 0);
        const Nanos roundTrip = now() - sentAt;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            fail(format("no echo of datagram %ld (1 byte) within 5 s", trip));
        if (got < 0)
            failUdp(format("recv of the echo of datagram %ld", trip), options.port);
        if (got != 1)
            fail(format("datagram %ld: 1 byte sent, a datagram of %zd bytes came back", trip, got));
        if (echo[0] != sent)
            fail(format("datagram %ld: echoed byte 0x%02x, 0x%02x was sent (a late or duplicated "
                        "echo?)",
                trip, echo[0], sent));
        if (trip >= warmUp)
            latencies.add(roundTrip);
    }
    const Nanos elapsed = now() - start;
    ::close(fd);
    ResultLine line("udp-rtt");
    latencies.report(line).number("duration_s", seconds(elapsed), 2).print();
}

// One socket of udp-64 and the datagrams it has sent. Datagram `seq` carries seq in its first 8
// bytes and then the peer's pattern bytes for that seq, so every echoed byte can be checked.
struct UdpPeer
{
    static constexpr Nanos echoed = 0;
    static constexpr Nanos lost = -1;
    int fd = -1;
    std::uint64_t index = 0;
    std::uint64_t base = 0;
    std::vector<Nanos> sentAt; // by seq: when sent while in flight, else echoed or lost
    std::uint64_t oldest = 0; // no datagram before it is in flight
    int inFlight = 0;
};

// udp-64: N sockets, each keeping W datagrams in flight; one thread, level-triggered epoll.
// A datagram with no echo within lossTimeout counts as lost and is replaced at once, so the run
// never stalls; its echo, if it comes later, is checked and counted as late.
class UdpFlock final
{
public:
    static constexpr std::size_t datagramBytes = 64;
    static constexpr std::size_t header = 8;
    static constexpr Nanos lossTimeout = 100 * nanosPerMilli;
    static constexpr Nanos warmUp = 300 * nanosPerMilli;
    static constexpr std::size_t maxPerPeer = 20'000'000;
    static constexpr std::size_t batch = 32; // datagrams per recvmmsg() or sendmmsg()
    static constexpr std::size_t receiveBytes = 2048; // larger echoes come back cut: MSG_TRUNC

    UdpFlock(std::uint16_t port, std::size_t peers, int window)
        : m_port(port)
        , m_window(window)
        , m_peers(peers)
    {
        for (std::size_t i = 0; i < peers; ++i) {
            UdpPeer &peer = m_peers[i];
            peer.fd = connectUdp(port, true);
            peer.index = i;
            peer.base = (i + 1) * 0x9E3779B1ULL % Pattern::period;
            m_epoll.add(peer.fd, EPOLLIN, i);
        }
    }
    ~UdpFlock()
    {
        for (const UdpPeer &peer : m_peers)
            ::close(peer.fd);
    }
    UdpFlock(const UdpFlock &) = delete;
    UdpFlock &operator=(const UdpFlock &) = delete;

    void run(Nanos measured)
    {
        const Nanos start = now();
        m_measureFrom = start + warmUp;
        m_measureTo = m_measureFrom + measured;
        m_sending = true;
        topUpAll();
        Nanos nextScan = start + 10 * nanosPerMilli;
        while (now() < m_measureTo) {
            serveReady(10);
            if (now() >= nextScan) {
                expire(now() - lossTimeout);
                topUpAll();
                nextScan = now() + 10 * nanosPerMilli;
            }
        }
        // Stop sending; what is still in flight has lossTimeout to come back.
        m_sending = false;
        const Nanos drainUntil = now() + lossTimeout;
        while (inFlight() > 0 && now() < drainUntil)
            serveReady(millisUntil(drainUntil, 10));
        expire(std::numeric_limits<Nanos>::max());
    }

    void report(ResultLine &line)
    {
        const double measuredSeconds = seconds(m_measureTo - m_measureFrom);
        line.number("datagrams_per_s", static_cast<double>(m_echoedInWindow) / measuredSeconds, 0)
            .integer("peers", static_cast<long long>(m_peers.size()))
            .integer("window", m_window)
            .integer("datagram_bytes", datagramBytes)
            .integer("sent", static_cast<long long>(m_sent))
            .integer("echoed", static_cast<long long>(m_echoed))
            .integer("lost", static_cast<long long>(m_lost))
            .integer("late", static_cast<long long>(m_late))
            .integer("send_refused", static_cast<long long>(m_sendRefused))
            .number("measured_s", measuredSeconds, 2);
        m_latencies.report(line);
    }

private:
    std::size_t inFlight() const
    {
        std::size_t count = 0;
        for (const UdpPeer &peer : m_peers)
            count += static_cast<std::size_t>(peer.inFlight);
        return count;
    }

    void topUpAll()
    {
        for (UdpPeer &peer : m_peers)
            topUp(peer);
    }

    // Sends what the peer's window has room for, with one sendmmsg() per batch.
    void topUp(UdpPeer &peer)
    {
        while (m_sending && peer.inFlight < m_window && peer.sentAt.size() < maxPerPeer) {
            const auto room = static_cast<std::size_t>(m_window - peer.inFlight);
            const std::size_t count = std::min({ room, batch, maxPerPeer - peer.sentAt.size() });
            for (std::size_t i = 0; i < count; ++i) {
                const std::uint64_t seq = peer.sentAt.size() + i;
                std::uint8_t *datagram = m_out[i].data();
                std::memcpy(datagram, &seq, header);
                std::memcpy(datagram + header, pattern().at(peer.base + seq * datagramBytes),
                    datagramBytes - header);
                m_outVectors[i] = { datagram, datagramBytes };
                m_outMessages[i] = {};
                m_outMessages[i].msg_hdr.msg_iov = &m_outVectors[i];
                m_outMessages[i].msg_hdr.msg_iovlen = 1;
            }
            const int sent =
                sendmmsg(peer.fd, m_outMessages.data(), static_cast<unsigned>(count), 0);
            if (sent < 0) {
                if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR) {
                    ++m_sendRefused; // tried again at the next scan
                    return;
                }
                failUdp(format("peer %" PRIu64 ": send of datagram %zu", peer.index,
                            peer.sentAt.size()),
                    m_port);
            }
            const Nanos sentAt = now();
            peer.sentAt.insert(peer.sentAt.end(), static_cast<std::size_t>(sent), sentAt);
            peer.inFlight += sent;
            m_sent += static_cast<std::uint64_t>(sent);
            if (static_cast<std::size_t>(sent) < count)
                return;
        }
    }

    void serveReady(int millis)
    {
        for (const epoll_event &event : m_epoll.wait(millis)) {
            UdpPeer &peer = m_peers[event.data.u64];
            receiveAll(peer);
            topUp(peer);
        }
    }

    // Takes and checks every echo waiting on the peer's socket, a batch per recvmmsg().
    void receiveAll(UdpPeer &peer)
    {
        for (;;) {
            for (std::size_t i = 0; i < batch; ++i) {
                m_inVectors[i] = { m_in[i].data(), m_in[i].size() };
                m_inMessages[i] = {};
                m_inMessages[i].msg_hdr.msg_iov = &m_inVectors[i];
                m_inMessages[i].msg_hdr.msg_iovlen = 1;
            }
            const int got = recvmmsg(
                peer.fd, m_inMessages.data(), static_cast<unsigned>(batch), MSG_DONTWAIT, nullptr);
            if (got < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    return;
                failUdp(format("peer %" PRIu64 ": recvmmsg", peer.index), m_port);
            }
            const Nanos arrived = now();
            for (std::size_t i = 0; i < static_cast<std::size_t>(got); ++i) {
                const bool cut = (m_inMessages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
                checkEcho(peer, m_in[i].data(), cut ? m_in[i].size() + 1 : m_inMessages[i].msg_len,
                    arrived);
            }
            if (static_cast<std::size_t>(got) < batch)
                return;
        }
    }

    // One echoed datagram: its length, its sequence number and every byte, then its bookkeeping.
    void checkEcho(UdpPeer &peer, const std::uint8_t *echo, std::size_t length, Nanos arrived)
    {
        if (length != datagramBytes)
            fail(format("peer %" PRIu64 ": a datagram of %s%zu bytes came back; all sent were %zu "
                        "bytes",
                peer.index, length > receiveBytes ? "more than " : "",
                std::min(length, receiveBytes), datagramBytes));
        std::uint64_t seq = 0;
        std::memcpy(&seq, echo, header);
        if (seq >= peer.sentAt.size())
            fail(format("peer %" PRIu64 ": an echo names datagram %" PRIu64 ", only %zu were sent "
                        "(bytes 0-7 wrong)",
                peer.index, seq, peer.sentAt.size()));
        const std::uint8_t *expected = pattern().at(peer.base + seq * datagramBytes);
        const std::uint8_t *body = echo + header;
        if (std::memcmp(body, expected, datagramBytes - header) != 0) {
            const auto wrong =
                std::mismatch(body, body + datagramBytes - header, expected).first - body;
            fail(format("peer %" PRIu64 ": datagram %" PRIu64 ": echoed byte %td is 0x%02x, 0x%02x "
                        "was sent",
                peer.index, seq, wrong + static_cast<std::ptrdiff_t>(header), body[wrong],
                expected[wrong]));
        }
        Nanos &state = peer.sentAt[seq];
        if (state == UdpPeer::echoed)
            fail(format("peer %" PRIu64 ": datagram %" PRIu64 " came back twice", peer.index, seq));
        if (state == UdpPeer::lost) {
            ++m_late;
        } else {
            m_latencies.add(arrived - state);
            --peer.inFlight;
            ++m_echoed;
            if (arrived >= m_measureFrom && arrived < m_measureTo)
                ++m_echoedInWindow;
        }
        state = UdpPeer::echoed;
    }

    // Declares lost every datagram in flight that was sent before `sentBefore`.
    void expire(Nanos sentBefore)
    {
        for (UdpPeer &peer : m_peers) {
            for (std::uint64_t seq = peer.oldest; seq < peer.sentAt.size(); ++seq) {
                Nanos &state = peer.sentAt[seq];
                if (state > 0 && state < sentBefore) {
                    state = UdpPeer::lost;
                    --peer.inFlight;
                    ++m_lost;
                }
            }
            while (peer.oldest < peer.sentAt.size() && peer.sentAt[peer.oldest] <= 0)
                ++peer.oldest;
        }
    }

    std::uint16_t m_port;
    int m_window;
    std::vector<UdpPeer> m_peers;
    Epoll m_epoll;
    Latencies m_latencies;
    bool m_sending = false;
    Nanos m_measureFrom = 0;
    Nanos m_measureTo = 0;
    std::uint64_t m_sent = 0;
    std::uint64_t m_echoed = 0;
    std::uint64_t m_echoedInWindow = 0;
    std::uint64_t m_lost = 0;
    std::uint64_t m_late = 0;
    std::uint64_t m_sendRefused = 0;
    std::array<std::array<std::uint8_t, datagramBytes>, batch> m_out {};
    std::array<iovec, batch> m_outVectors {};
    std::array<mmsghdr, batch> m_outMessages {};
    std::array<std::array<std::uint8_t, receiveBytes>, batch> m_in {};
    std::array<iovec, batch> m_inVectors {};
    std::array<mmsghdr, batch> m_inMessages {};
};

// udp-64: 64 sockets (--connections), 4 datagrams of 64 bytes in flight on each (--window).
void runUdpMany(const Options &options)
{
    const auto peers = static_cast<std::size_t>(options.connections > 0 ? options.connections : 64);
    const int window = options.window > 0 ? static_cast<int>(options.window) : 4;
    const long dropsBefore = udpReceiveBufferErrors();
    UdpFlock flock(options.port, peers, window);
    flock.run(durationOf(options, 3.0));
    const long dropsAfter = udpReceiveBufferErrors();
    ResultLine line("udp-64");
    flock.report(line);
    line.optionalInteger("udp_rcvbuf_errors",
            dropsBefore < 0 || dropsAfter < 0 ? std::nullopt
                                              : std::optional<long>(dropsAfter - dropsBefore))
        .print();
}

// 10,000 connections need 10,000 descriptors; the soft limit is often 1,024.
void raiseDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void usage(std::FILE *to)
{
    std::fputs("Usage: echo-loadgen --scenario NAME --port P [--duration S] [--connections N]\n"
               "                    [--server-pid PID] [--threads N] [--half-close] [--window W]\n"
               "Scenarios (all traffic to 127.0.0.1):\n"
               "  pingpong  1 connection, 1-byte round trips (default 3 s)\n"
               "  stream    1 connection, 64 KiB writes while reading the echo (default 3 s)\n"
               "  many      N connections (default 1000), 64-byte round trips (default 3 s,\n"
               "            after all have connected and 0.5 s of warm-up)\n"
               "  idle      N connections (default 10000) echo 1 byte once; server RSS growth\n"
               "            (needs --server-pid)\n"
               "  flood     one connection sends up to 200 MiB without reading, beside a 1-byte\n"
               "            ping-pong (0.5 s alone first); server peak RSS (needs --server-pid;\n"
               "            default 5 s); then all of the flood's echo must come back\n"
               "            (with --half-close: after shutting down the sending side)\n"
               "  churn     connect, echo 100 bytes, close; N at a time (default 8) for 10 s;\n"
               "            server descriptors before/after with --server-pid\n"
               "  nonreaders N connections (default 300) send up to 8 MiB each and never read,\n"
               "            beside a 1-byte ping-pong (default 3 s), then close; server RSS\n"
               "            before, at the peak and after (needs --server-pid)\n"
               "  udp-rtt   1 connected UDP socket, 1-byte datagram round trips (default 3 s)\n"
               "  udp-64    N UDP sockets (default 64), each with --window W (default 4)\n"
               "            64-byte datagrams in flight, for 0.3 s of warm-up and S s (default\n"
               "            3 s); echoed datagrams per second; no echo within 100 ms: lost\n"
               "            (counted and replaced)\n"
               "many, idle and churn share their connections out over --threads N threads\n"
               "(default: one per core, at most one per 500 connections; churn: per 4).\n"
               "Prints one JSON line; exit status 1 on any wrong byte, short reply or failed\n"
               "connection, 2 on bad options.\n",
        to);
}

template<typename Number> bool parseValue(std::string_view text, Number &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

std::optional<Options> parseOptions(int argc, char *argv[])
{
    Options options;
    long port = -1;
    long pid = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        if (name == "--help" || name == "-h") {
            usage(stdout);
            std::exit(0);
        }
        if (name == "--half-close") {
            options.halfClose = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "echo-loadgen: missing value for '%s'\n", argv[i]);
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        bool valid = true;
        if (name == "--scenario")
            options.scenario = value;
        else if (name == "--port")
            valid = parseValue(value, port) && port > 0 && port <= 65535;
        else if (name == "--duration")
            valid = parseValue(value, options.duration) && options.duration > 0 &&
                options.duration <= 600;
        else if (name == "--connections")
            valid = parseValue(value, options.connections) && options.connections > 0 &&
                options.connections <= 100'000;
        else if (name == "--server-pid")
            valid = parseValue(value, pid) && pid > 0;
        else if (name == "--window")
            valid =
                parseValue(value, options.window) && options.window > 0 && options.window <= 1024;
        else if (name == "--threads")
            valid =
                parseValue(value, options.threads) && options.threads > 0 && options.threads <= 64;
        else {
            std::fprintf(stderr, "echo-loadgen: unknown option '%s'\n", argv[i - 1]);
            return std::nullopt;
        }
        if (!valid) {
            std::fprintf(stderr, "echo-loadgen: bad value for %s: '%s'\n", argv[i - 1], argv[i]);
            return std::nullopt;
        }
    }
    if (options.scenario.empty() || port < 0) {
        std::fputs("echo-loadgen: --scenario and --port are required\n", stderr);
        return std::nullopt;
    }
    options.port = static_cast<std::uint16_t>(port);
    options.serverPid = static_cast<pid_t>(pid);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    const auto options = parseOptions(argc, argv);
    if (!options) {
        usage(stderr);
        return 2;
    }
    currentScenario() = options->scenario;
    raiseDescriptorLimit();
    const std::string_view scenario = options->scenario;
    if (scenario == "pingpong")
        runPingPong(*options);
    else if (scenario == "stream")
        runStream(*options);
    else if (scenario == "many")
        runMany(*options);
    else if (scenario == "idle")
        runIdle(*options);
    else if (scenario == "flood")
        runFlood(*options);
    else if (scenario == "churn")
        runChurn(*options);
    else if (scenario == "nonreaders")
        runNonReaders(*options);
    else if (scenario == "udp-rtt")
        runUdpRoundTrips(*options);
    else if (scenario == "udp-64")
        runUdpMany(*options);
    else {
        std::fprintf(stderr, "echo-loadgen: unknown scenario '%s'\n", options->scenario.c_str());
        usage(stderr);
        return 2;
    }
    return 0;
}
