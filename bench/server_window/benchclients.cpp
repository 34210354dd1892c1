#include "benchclients.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t maxInFlight = 512 * 1024; // Stream: sent but not yet echoed, per client
constexpr std::size_t chunk = 16 * 1024;
constexpr auto drainTimeout = std::chrono::seconds(30);
constexpr auto connectTimeout = std::chrono::seconds(90);
constexpr int connectAhead = 64; // connects not yet answered by an echo, at most

// Byte `offset` of client `id`'s stream: varied (NUL, control and high bytes), and different per
// client, so a byte echoed on the wrong connection or at the wrong place is seen.
std::uint8_t patternByte(int id, std::int64_t offset)
{
    std::uint64_t x = std::uint64_t(offset) * 0x9E3779B97F4A7C15ULL + std::uint64_t(id) * 1000003;
    x ^= x >> 29;
    return std::uint8_t(x >> 7);
}

sockaddr_in loopback(std::uint16_t port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

std::uint16_t localPortOf(int fd)
{
    sockaddr_in local {};
    socklen_t length = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length);
    return ntohs(local.sin_port);
}

long long peakMemoryKiB()
{
    FILE *status = std::fopen("/proc/self/status", "r");
    if (!status)
        return -1;
    char line[256];
    long long kib = -1;
    while (std::fgets(line, sizeof line, status)) {
        if (std::strncmp(line, "VmHWM:", 6) == 0)
            kib = std::atoll(line + 6);
    }
    std::fclose(status);
    return kib;
}

// The control socket between the bench and its clients' process: whole values, both ways.
bool writeAll(int fd, const void *data, std::size_t size)
{
    const auto *bytes = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, bytes, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        size -= std::size_t(n);
    }
    return true;
}

bool readAll(int fd, void *data, std::size_t size)
{
    auto *bytes = static_cast<char *>(data);
    while (size > 0) {
        const ssize_t n = ::read(fd, bytes, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        size -= std::size_t(n);
    }
    return true;
}

template<typename T> void append(std::string &out, const T &value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

template<typename T> bool take(int fd, T &value)
{
    return readAll(fd, &value, sizeof value);
}

bool writeText(int fd, const std::string &text)
{
    const auto size = std::uint32_t(text.size());
    return writeAll(fd, &size, sizeof size) && writeAll(fd, text.data(), text.size());
}

bool readText(int fd, std::string &text)
{
    std::uint32_t size = 0;
    if (!take(fd, size) || size > 65536)
        return false;
    text.resize(size);
    return readAll(fd, text.data(), size);
}

} // namespace

LoadClients::~LoadClients()
{
    closeAll();
}

bool LoadClients::fail(const std::string &message)
{
    std::lock_guard lock(m_errorMutex);
    if (m_error.empty())
        m_error = message;
    return false;
}

std::string LoadClients::error() const
{
    std::lock_guard lock(m_errorMutex);
    return m_error;
}

LoadResult LoadClients::result() const
{
    LoadResult result;
    result.connections = m_connections;
    result.error = error();
    result.connectSeconds = m_connectSeconds;
    result.floodSeconds = m_floodSeconds;
    result.messages = m_messages;
    return result;
}

void LoadClients::closeAll()
{
    for (Connection &c : m_connections) {
        if (c.fd >= 0)
            ::close(c.fd);
        c.fd = -1;
    }
    if (m_epoll >= 0)
        ::close(m_epoll);
    m_epoll = -1;
}

bool LoadClients::connectAll()
{
    const auto start = Clock::now();
    sockaddr_in address = loopback(m_plan.port);
    for (int i = 0; i < m_plan.clients; ++i) {
        Connection c;
        c.id = i;
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address))
            return fail("connect: " + std::string(std::strerror(errno)));
        const int one = 1;
        ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        c.localPort = localPortOf(c.fd);
        m_connections.push_back(c);
    }
    m_connectSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return true;
}

bool LoadClients::connectPaced()
{
    const auto start = Clock::now();
    const auto giveUp = start + connectTimeout;
    sockaddr_in address = loopback(m_plan.port);
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_connections.reserve(std::size_t(m_plan.clients));
    std::vector<std::uint8_t> buffer(64 * 1024);
    std::vector<std::uint8_t> outgoing(std::size_t(m_plan.messageBytes));
    std::vector<epoll_event> events(1024);
    int waiting = 0;
    int answered = 0;
    while (answered < m_plan.clients) {
        if (Clock::now() >= giveUp) {
            return fail(std::to_string(answered) + " of " + std::to_string(m_plan.clients) +
                " clients connected and echoed within " + std::to_string(connectTimeout.count()) +
                " s");
        }
        while (int(m_connections.size()) < m_plan.clients && waiting < connectAhead) {
            Connection c;
            c.id = int(m_connections.size());
            c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (c.fd < 0)
                return fail("socket: " + std::string(std::strerror(errno)));
            const int one = 1;
            ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (::connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) &&
                errno != EINPROGRESS) {
                ::close(c.fd);
                return fail("connect: " + std::string(std::strerror(errno)));
            }
            epoll_event event {};
            event.events = EPOLLOUT;
            event.data.u64 = m_connections.size();
            ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
            c.watched = EPOLLOUT;
            m_connections.push_back(c);
            ++waiting;
        }
        const int ready = ::epoll_wait(m_epoll, events.data(), int(events.size()), 100);
        for (int e = 0; e < ready; ++e) {
            Connection &c = m_connections[events[size_t(e)].data.u64];
            const std::uint32_t what = events[size_t(e)].events;
            if (c.localPort == 0) { // still connecting
                int error = 0;
                socklen_t length = sizeof error;
                ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                if (error != 0 || (what & (EPOLLERR | EPOLLHUP)))
                    return fail("client " + std::to_string(c.id) +
                        ": connect: " + std::strerror(error != 0 ? error : ECONNRESET));
                c.localPort = localPortOf(c.fd);
                if (!sendMessage(c, outgoing))
                    return false;
                continue;
            }
            if ((what & EPOLLOUT) && c.waitingToWrite && !sendMessage(c, outgoing))
                return false;
            if (what & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                const bool wasWaiting = c.received < c.messageEnd;
                bool closed = false;
                if (!readEcho(c, buffer, closed))
                    return false;
                if (wasWaiting && c.received == c.messageEnd) {
                    --waiting;
                    ++answered;
                }
            }
        }
    }
    m_connectSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return true;
}

bool LoadClients::run()
{
    return m_plan.shape == LoadShape::Stream ? runStream() : runMessages();
}

bool LoadClients::runStream()
{
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    for (std::size_t i = 0; i < m_connections.size(); ++i) {
        epoll_event event {};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.u64 = i;
        ::epoll_ctl(epoll, EPOLL_CTL_ADD, m_connections[i].fd, &event);
    }
    std::vector<std::uint8_t> buffer(256 * 1024);
    std::vector<std::uint8_t> outgoing(chunk);
    std::vector<epoll_event> events(m_connections.size());
    const auto start = Clock::now();
    const auto stopSending = start + m_plan.duration;
    const auto giveUp = stopSending + drainTimeout;
    bool sending = true;
    bool ok = true;
    while (ok && Clock::now() < giveUp) {
        if (sending && Clock::now() >= stopSending) {
            sending = false;
            m_floodSeconds = std::chrono::duration<double>(Clock::now() - start).count();
            for (std::size_t i = 0; i < m_connections.size(); ++i) {
                epoll_event event {};
                event.events = EPOLLIN;
                event.data.u64 = i;
                ::epoll_ctl(epoll, EPOLL_CTL_MOD, m_connections[i].fd, &event);
            }
        }
        if (!sending &&
            std::all_of(m_connections.cbegin(), m_connections.cend(),
                [](const Connection &c) { return c.received == c.sent; }))
            break;
        const int ready = ::epoll_wait(epoll, events.data(), int(events.size()), 100);
        for (int e = 0; e < ready && ok; ++e) {
            Connection &c = m_connections[events[size_t(e)].data.u64];
            if (events[size_t(e)].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                bool closed = false;
                ok = readEcho(c, buffer, closed);
            }
            if (ok && sending && (events[size_t(e)].events & EPOLLOUT)) {
                while (c.sent - c.received < maxInFlight) {
                    for (std::size_t k = 0; k < chunk; ++k)
                        outgoing[k] = patternByte(c.id, c.sent + std::int64_t(k));
                    const ssize_t n = ::write(c.fd, outgoing.data(), chunk);
                    if (n <= 0)
                        break;
                    c.sent += n;
                }
            }
        }
    }
    if (ok && std::any_of(m_connections.cbegin(), m_connections.cend(), [](const Connection &c) {
            return c.received != c.sent;
        }))
        ok = fail("echo not complete within the drain timeout");
    ::close(epoll);
    return ok;
}

bool LoadClients::runMessages()
{
    std::vector<std::uint8_t> buffer(64 * 1024);
    std::vector<std::uint8_t> outgoing(std::size_t(m_plan.messageBytes));
    std::vector<epoll_event> events(1024);
    const auto start = Clock::now();
    const auto stopSending = start + m_plan.duration;
    const auto giveUp = stopSending + drainTimeout;
    bool ok = true;
    int outstanding = 0; // clients whose last message is not all back
    for (Connection &c : m_connections) {
        if (!(ok = sendMessage(c, outgoing)))
            break;
        ++outstanding;
    }
    bool sending = true;
    while (ok && Clock::now() < giveUp) {
        if (sending && Clock::now() >= stopSending) {
            sending = false;
            m_floodSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        }
        if (!sending && outstanding == 0)
            break;
        const int ready = ::epoll_wait(m_epoll, events.data(), int(events.size()), 100);
        for (int e = 0; e < ready && ok; ++e) {
            Connection &c = m_connections[events[size_t(e)].data.u64];
            const std::uint32_t what = events[size_t(e)].events;
            if ((what & EPOLLOUT) && c.waitingToWrite)
                ok = sendMessage(c, outgoing);
            if (!ok || !(what & (EPOLLIN | EPOLLERR | EPOLLHUP)))
                continue;
            const bool wasWaiting = c.received < c.messageEnd;
            bool closed = false;
            ok = readEcho(c, buffer, closed);
            if (!ok || !wasWaiting || c.received < c.messageEnd)
                continue;
            if (sending) {
                ++m_messages;
                ok = sendMessage(c, outgoing);
            } else {
                --outstanding;
            }
        }
    }
    if (ok && outstanding > 0)
        ok = fail(
            std::to_string(outstanding) + " clients' echo not complete within the drain timeout");
    return ok;
}

bool LoadClients::readEcho(Connection &c, std::vector<std::uint8_t> &buffer, bool &closed)
{
    // Bounded: at most a few reads per wake-up, so sending gets its turn.
    for (int reads = 0; reads < 4; ++reads) {
        const ssize_t n = ::read(c.fd, buffer.data(), buffer.size());
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n <= 0) {
            closed = true;
            return fail("client " + std::to_string(c.id) + ": connection closed after " +
                std::to_string(c.received) + " of " + std::to_string(c.sent) + " bytes echoed");
        }
        for (ssize_t k = 0; k < n; ++k) {
            if (buffer[size_t(k)] != patternByte(c.id, c.received + k))
                return fail("client " + std::to_string(c.id) + ": wrong byte at " +
                    std::to_string(c.received + k));
        }
        c.received += n;
        if (c.received > c.sent)
            return fail("client " + std::to_string(c.id) + ": more echoed than sent");
        if (n < ssize_t(buffer.size()))
            return true;
    }
    return true;
}

bool LoadClients::sendMessage(Connection &c, std::vector<std::uint8_t> &outgoing)
{
    if (!c.waitingToWrite)
        c.messageEnd = c.sent + m_plan.messageBytes;
    while (c.sent < c.messageEnd) {
        const auto length = std::size_t(c.messageEnd - c.sent);
        for (std::size_t k = 0; k < length; ++k)
            outgoing[k] = patternByte(c.id, c.sent + std::int64_t(k));
        const ssize_t n = ::write(c.fd, outgoing.data(), length);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0)
            return fail("client " + std::to_string(c.id) + ": write: " + std::strerror(errno));
        c.sent += n;
    }
    const bool waiting = c.sent < c.messageEnd;
    // Read always; wait for room to write only while the kernel holds part of the message back.
    const std::uint32_t wanted = EPOLLIN | (waiting ? std::uint32_t(EPOLLOUT) : 0U);
    if (c.watched != wanted) {
        epoll_event event {};
        event.events = wanted;
        event.data.u64 = std::uint64_t(c.id);
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
        c.watched = wanted;
    }
    c.waitingToWrite = waiting;
    return true;
}

ClientsThread::~ClientsThread()
{
    if (m_thread.joinable())
        m_thread.join();
}

void ClientsThread::start()
{
    m_thread = std::thread([this] {
        m_clients.run();
        m_finished = true;
    });
}

LoadResult ClientsThread::join()
{
    m_thread.join();
    return m_clients.result();
}

ClientsProcess::ClientsProcess(int clients, std::chrono::seconds duration, int messageBytes)
{
    m_plan.clients = clients;
    m_plan.duration = duration;
    m_plan.shape = LoadShape::Messages;
    m_plan.messageBytes = messageBytes;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        return;
    m_child = ::fork();
    if (m_child == 0) {
        ::close(pair[0]);
        serveParent(pair[1], m_plan);
        ::_exit(0);
    }
    ::close(pair[1]);
    m_control = pair[0];
    if (m_child < 0) {
        ::close(m_control);
        m_control = -1;
    }
}

ClientsProcess::~ClientsProcess()
{
    if (m_child <= 0)
        return;
    // A child still busy (the bench gave up on it) is ended; one that is done exits on EOF.
    if (!m_finished)
        ::kill(m_child, SIGKILL);
    ::close(m_control);
    ::waitpid(m_child, nullptr, 0);
}

void ClientsProcess::serveParent(int control, const LoadPlan &plan)
{
    // If the bench dies, the reads below see EOF and the child leaves.
    ::signal(SIGPIPE, SIG_IGN);
    char command = 0;
    LoadPlan connectTo = plan;
    if (!take(control, command) || command != 'P' || !take(control, connectTo.port))
        return;
    LoadClients clients(connectTo);
    const bool connected = clients.connectPaced();
    const double connectSeconds = clients.result().connectSeconds;
    if (!writeAll(control, "C", 1) || !writeAll(control, &connectSeconds, sizeof connectSeconds) ||
        !writeText(control, clients.error()))
        return;
    if (connected) {
        if (!take(control, command) || command != 'S')
            return;
        clients.run();
    }
    const LoadResult result = clients.result();
    std::string out;
    append(out, result.connectSeconds);
    append(out, result.floodSeconds);
    append(out, result.messages);
    append(out, peakMemoryKiB());
    append(out, std::uint32_t(result.connections.size()));
    for (const Connection &c : result.connections) {
        append(out, c.localPort);
        append(out, c.sent);
        append(out, c.received);
    }
    if (!writeAll(control, "R", 1) || !writeText(control, result.error) ||
        !writeAll(control, out.data(), out.size()))
        return;
    // Connected until the bench has read the table; then every client closes at once.
    take(control, command);
    clients.closeAll();
}

bool ClientsProcess::readable() const
{
    pollfd ready { m_control, POLLIN, 0 };
    return ::poll(&ready, 1, 0) > 0;
}

void ClientsProcess::beginConnecting(std::uint16_t port)
{
    writeAll(m_control, "P", 1) && writeAll(m_control, &port, sizeof port);
}

bool ClientsProcess::connected()
{
    if (m_connected)
        return true;
    if (!readable())
        return false;
    m_connected = true;
    char answer = 0;
    if (!take(m_control, answer) || answer != 'C' || !take(m_control, m_connectSeconds) ||
        !readText(m_control, m_connectError)) {
        m_connectError = "the clients' process ended while connecting";
    }
    return true;
}

void ClientsProcess::start()
{
    writeAll(m_control, "S", 1);
}

bool ClientsProcess::finished()
{
    if (m_finished)
        return true;
    if (!readable())
        return false;
    m_finished = true;
    char answer = 0;
    std::uint32_t count = 0;
    if (!take(m_control, answer) || answer != 'R' || !readText(m_control, m_result.error) ||
        !take(m_control, m_result.connectSeconds) || !take(m_control, m_result.floodSeconds) ||
        !take(m_control, m_result.messages) || !take(m_control, m_result.peakKiB) ||
        !take(m_control, count)) {
        m_result.error = "the clients' process ended before reporting";
        return true;
    }
    // One read for all of them: the bench's own work must not show as the window's lag.
    constexpr std::size_t recordSize =
        sizeof(Connection::localPort) + sizeof(Connection::sent) + sizeof(Connection::received);
    std::vector<char> records(std::size_t(count) * recordSize);
    if (!readAll(m_control, records.data(), records.size())) {
        m_result.error = "the clients' process ended while reporting";
        return true;
    }
    m_result.connections.resize(count);
    const char *at = records.data();
    for (Connection &c : m_result.connections) {
        std::memcpy(&c.localPort, at, sizeof c.localPort);
        std::memcpy(&c.sent, at + sizeof c.localPort, sizeof c.sent);
        std::memcpy(&c.received, at + sizeof c.localPort + sizeof c.sent, sizeof c.received);
        at += recordSize;
    }
    return true;
}

void ClientsProcess::closeAll()
{
    writeAll(m_control, "X", 1);
}
