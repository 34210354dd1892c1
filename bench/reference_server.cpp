// echo-reference: the smallest fast echo server we know how to write, as the yardstick the
// project's server is measured against. Plain epoll, no framework.
//
// Threads: one event loop per thread (default: one per core, the same count the project's
// server gives its workers), each with its own SO_REUSEPORT listener on the same port, so the
// kernel spreads new connections over the loops and no lock or hand-off sits on the data path.
// That is the fairest baseline for a server that accepts in one thread and echoes in N workers:
// the reference gets the same number of threads and spends none of them on hand-offs.

#include "reference_common.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <pthread.h>
#include <signal.h>
#include <string_view>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using reference::blockStopSignals;
using reference::boundPort;
using reference::die;
using reference::parseNumber;

// Largest read; also the most a connection keeps in memory while the kernel won't take its echo.
constexpr std::size_t readChunk = 64 * 1024;
// Bounds one connection's turn, so a fast sender can't starve the others on the same loop.
constexpr int readsPerTurn = 16;
constexpr int acceptsPerTurn = 64;
constexpr int eventsPerWait = 256;

struct Connection
{
    int fd = -1;
    // Echo the kernel did not take yet. While it is non-empty the connection waits for EPOLLOUT
    // only and reads nothing, so the client is slowed down instead of this buffer growing.
    std::vector<char> pending;
    std::size_t pendingOffset = 0;
};

class EventLoop final
{
public:
    EventLoop(int listener, int stopEvent)
        : m_listener(listener)
        , m_stopEvent(stopEvent)
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        if (m_epoll < 0)
            die("epoll_create1");
        watch(m_listener, EPOLLIN, EPOLL_CTL_ADD);
        watch(m_stopEvent, EPOLLIN, EPOLL_CTL_ADD);
        // Lets us refuse politely when out of descriptors instead of spinning on the listener.
        m_spareFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    }

    ~EventLoop()
    {
        for (auto &connection : m_connections) {
            if (connection)
                ::close(connection->fd);
        }
        ::close(m_listener);
        ::close(m_epoll);
        if (m_spareFd >= 0)
            ::close(m_spareFd);
    }

    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    void run()
    {
        std::array<epoll_event, eventsPerWait> events {};
        for (;;) {
            const int count = epoll_wait(m_epoll, events.data(), eventsPerWait, -1);
            if (count < 0) {
                if (errno == EINTR)
                    continue;
                die("epoll_wait");
            }
            for (int i = 0; i < count; ++i) {
                const int fd = events[i].data.fd;
                if (fd == m_stopEvent)
                    return;
                if (fd == m_listener)
                    acceptPending();
                else
                    serve(fd, events[i].events);
            }
        }
    }

private:
    void watch(int fd, std::uint32_t events, int operation)
    {
        epoll_event event {};
        event.events = events;
        event.data.fd = fd;
        if (epoll_ctl(m_epoll, operation, fd, &event) < 0)
            die("epoll_ctl");
    }

    void acceptPending()
    {
        for (int i = 0; i < acceptsPerTurn; ++i) {
            const int fd = accept4(m_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE)
                    refuseOne();
                else if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
                    std::fprintf(stderr, "echo-reference: accept: %s\n", std::strerror(errno));
                return;
            }
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            const auto index = static_cast<std::size_t>(fd);
            if (index >= m_connections.size())
                m_connections.resize(index + 1);
            m_connections[index] = std::make_unique<Connection>();
            m_connections[index]->fd = fd;
            watch(fd, EPOLLIN, EPOLL_CTL_ADD);
        }
    }

    // Out of descriptors: accept and close one connection with the spare descriptor, so the
    // level-triggered listener does not wake us again for the same connection at once.
    void refuseOne()
    {
        if (m_spareFd < 0)
            return;
        ::close(m_spareFd);
        const int fd = accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0)
            ::close(fd);
        m_spareFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        std::fprintf(stderr, "echo-reference: out of descriptors, refused a connection\n");
    }

    void serve(int fd, std::uint32_t events)
    {
        const auto index = static_cast<std::size_t>(fd);
        if (index >= m_connections.size() || !m_connections[index])
            return;
        Connection &connection = *m_connections[index];
        if (!connection.pending.empty()) {
            if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
                flushPending(connection);
            return;
        }
        for (int turn = 0; turn < readsPerTurn; ++turn) {
            const ssize_t got = ::read(fd, m_buffer.data(), m_buffer.size());
            if (got == 0) {
                drop(connection);
                return;
            }
            if (got < 0) {
                if (errno != EAGAIN && errno != EINTR)
                    drop(connection);
                return;
            }
            const auto length = static_cast<std::size_t>(got);
            const auto written = writeSome(connection.fd, m_buffer.data(), length);
            if (!written) {
                drop(connection);
                return;
            }
            if (*written < length) {
                connection.pending.assign(m_buffer.data() + *written, m_buffer.data() + length);
                connection.pendingOffset = 0;
                watch(fd, EPOLLOUT, EPOLL_CTL_MOD);
                return;
            }
            if (length < m_buffer.size())
                return; // drained; level-triggered epoll tells us when more arrives
        }
    }

    void flushPending(Connection &connection)
    {
        const std::size_t left = connection.pending.size() - connection.pendingOffset;
        const auto written =
            writeSome(connection.fd, connection.pending.data() + connection.pendingOffset, left);
        if (!written) {
            drop(connection);
            return;
        }
        connection.pendingOffset += *written;
        if (*written < left)
            return;
        // Give the memory back: idle connections should cost only their bookkeeping.
        std::vector<char>().swap(connection.pending);
        connection.pendingOffset = 0;
        watch(connection.fd, EPOLLIN, EPOLL_CTL_MOD);
    }

    // The bytes the kernel took, or nothing when the connection is broken.
    static std::optional<std::size_t> writeSome(int fd, const char *data, std::size_t length)
    {
        std::size_t done = 0;
        while (done < length) {
            const ssize_t sent = ::send(fd, data + done, length - done, MSG_NOSIGNAL);
            if (sent < 0) {
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN)
                    break;
                return std::nullopt;
            }
            done += static_cast<std::size_t>(sent);
        }
        return done;
    }

    void drop(Connection &connection)
    {
        const int fd = connection.fd;
        ::close(fd); // also leaves the epoll set
        m_connections[static_cast<std::size_t>(fd)].reset();
    }

    int m_epoll = -1;
    int m_listener = -1;
    int m_stopEvent = -1;
    int m_spareFd = -1;
    // Indexed by descriptor: descriptors are small and dense.
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::array<char, readChunk> m_buffer {};
};

int listenOn(std::uint16_t port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    const int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        die("setsockopt");
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0)
        die("bind 127.0.0.1");
    if (listen(fd, SOMAXCONN) < 0)
        die("listen");
    return fd;
}

void usage(std::FILE *to)
{
    std::fputs("Usage: echo-reference [--port N] [--threads N]\n"
               "  --port N     port on 127.0.0.1 (default 0: pick a free one)\n"
               "  --threads N  event loops, each with its own SO_REUSEPORT listener\n"
               "               (default: one per core)\n"
               "Prints 'listening on 127.0.0.1:PORT' once ready; SIGINT/SIGTERM stop it.\n",
        to);
}

// Many idle connections need many descriptors; the soft limit is often far below the hard one.
void raiseDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    reference::programName = "echo-reference";
    long port = 0;
    long threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            usage(stdout);
            return 0;
        }
        const bool known = argument == "--port" || argument == "--threads";
        if (!known || i + 1 >= argc) {
            std::fprintf(stderr, "echo-reference: %s '%s'\n",
                known ? "missing value for" : "unknown option", argv[i]);
            usage(stderr);
            return 2;
        }
        const std::string_view value = argv[++i];
        const bool valid = argument == "--port" ? parseNumber(value, 0, 65535, port)
                                                : parseNumber(value, 1, 256, threads);
        if (!valid) {
            std::fprintf(stderr, "echo-reference: bad value for %s: '%s'\n", argv[i - 1], argv[i]);
            return 2;
        }
    }

    raiseDescriptorLimit();
    // Every thread inherits this mask, so only the sigwait below ever sees the stop signals.
    sigset_t stopSignals = blockStopSignals();
    signal(SIGPIPE, SIG_IGN);

    const int stopEvent = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stopEvent < 0)
        die("eventfd");
    std::vector<int> listeners { listenOn(static_cast<std::uint16_t>(port)) };
    const std::uint16_t actualPort = boundPort(listeners.front());
    for (long i = 1; i < threads; ++i)
        listeners.push_back(listenOn(actualPort));

    std::vector<std::thread> loops;
    for (const int listener : listeners) {
        loops.emplace_back([listener, stopEvent] {
            EventLoop loop(listener, stopEvent);
            loop.run();
        });
    }
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(actualPort));
    std::fflush(stdout);

    int signalNumber = 0;
    sigwait(&stopSignals, &signalNumber);
    const std::uint64_t wake = 1;
    if (::write(stopEvent, &wake, sizeof wake) < 0)
        die("write eventfd");
    for (auto &loop : loops)
        loop.join();
    ::close(stopEvent);
    return 0;
}
