// echo-reference-udp: the UDP yardsticks the project's server is measured against (RFC 862 over
// datagrams), in two modes. Plain Linux syscalls, no framework.
//
// - blocking: one thread, one blocking socket, recvfrom() then sendto() back to the sender: the
//   loop a course teaches, and the shortest path a datagram can take through a server. The
//   round-trip scenario (udp-rtt) compares with it.
// - mmsg: N threads (default: one per core, the count the project gives its echo workers), each
//   with its own SO_REUSEPORT socket on the same port, so the kernel spreads the peers over them
//   without a lock; each thread takes up to 64 datagrams with one recvmmsg() and sends their echoes
//   with one sendmmsg(). The throughput scenario (udp-64) compares with it.
//
// Echoes never block: a datagram whose echo the kernel refuses is dropped (and counted), as
// issue #15 asks of the project's server. Loopback only.

#include "reference_common.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using reference::blockStopSignals;
using reference::boundPort;
using reference::die;
using reference::parseNumber;

// The largest UDP payload over IPv4, and the buffer each datagram is received into.
constexpr std::size_t maxDatagram = 65'507;
constexpr std::size_t bufferSize = 65'536;
constexpr unsigned batch = 64;

std::atomic<unsigned long long> g_dropped { 0 };

int bindOn(std::uint16_t port, bool reusePort)
{
    const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    const int one = 1;
    if (reusePort && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        die("setsockopt SO_REUSEPORT");
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0)
        die("bind 127.0.0.1");
    return fd;
}

// One datagram at a time: recvfrom, sendto. The thread ends with the process.
void serveBlocking(int fd)
{
    std::vector<char> buffer(bufferSize);
    for (;;) {
        sockaddr_in from {};
        socklen_t fromLength = sizeof from;
        const ssize_t got = recvfrom(
            fd, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            die("recvfrom");
        }
        if (sendto(fd, buffer.data(), static_cast<std::size_t>(got), MSG_DONTWAIT,
                reinterpret_cast<const sockaddr *>(&from), fromLength) < 0)
            g_dropped.fetch_add(1, std::memory_order_relaxed);
    }
}

// Up to `batch` datagrams a wake-up, their echoes in one sendmmsg.
void serveBatched(int fd)
{
    std::vector<char> buffers(std::size_t(batch) * bufferSize);
    std::array<iovec, batch> vectors {};
    std::array<sockaddr_in, batch> senders {};
    std::array<mmsghdr, batch> messages {};
    for (;;) {
        for (unsigned i = 0; i < batch; ++i) {
            vectors[i] = { buffers.data() + std::size_t(i) * bufferSize, bufferSize };
            messages[i] = {};
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
            messages[i].msg_hdr.msg_name = &senders[i];
            messages[i].msg_hdr.msg_namelen = sizeof senders[i];
        }
        // Blocks for the first datagram, then takes whatever else is already there.
        const int got = recvmmsg(fd, messages.data(), batch, MSG_WAITFORONE, nullptr);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            die("recvmmsg");
        }
        for (int i = 0; i < got; ++i)
            vectors[std::size_t(i)].iov_len = messages[std::size_t(i)].msg_len;
        int done = 0;
        while (done < got) {
            const int sent =
                sendmmsg(fd, messages.data() + done, unsigned(got - done), MSG_DONTWAIT);
            if (sent < 0) {
                if (errno == EINTR)
                    continue;
                ++done; // refused: drop this one and go on with the rest
                g_dropped.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
            done += sent;
        }
    }
}

void usage(std::FILE *to)
{
    std::fputs("Usage: echo-reference-udp [--mode blocking|mmsg] [--port N] [--threads N]\n"
               "  --mode blocking  one thread: recvfrom(), sendto() (the default)\n"
               "  --mode mmsg      N threads, each with its own SO_REUSEPORT socket,\n"
               "                   recvmmsg()/sendmmsg() 64 datagrams at a time\n"
               "  --port N         UDP port on 127.0.0.1 (default 0: pick a free one)\n"
               "  --threads N      mmsg threads (default: one per core)\n"
               "Prints 'listening on 127.0.0.1:PORT' once ready; SIGINT/SIGTERM stop it and\n"
               "print how many echoes the kernel refused.\n",
        to);
}

} // namespace

int main(int argc, char *argv[])
{
    reference::programName = "echo-reference-udp";
    static_assert(maxDatagram < bufferSize);
    long port = 0;
    long threads = std::max(1u, std::thread::hardware_concurrency());
    bool batched = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            usage(stdout);
            return 0;
        }
        const bool known = argument == "--port" || argument == "--threads" || argument == "--mode";
        if (!known || i + 1 >= argc) {
            std::fprintf(stderr, "echo-reference-udp: %s '%s'\n",
                known ? "missing value for" : "unknown option", argv[i]);
            usage(stderr);
            return 2;
        }
        const std::string_view value = argv[++i];
        bool valid = true;
        if (argument == "--mode") {
            valid = value == "blocking" || value == "mmsg";
            batched = value == "mmsg";
        } else if (argument == "--port") {
            valid = parseNumber(value, 0, 65535, port);
        } else {
            valid = parseNumber(value, 1, 256, threads);
        }
        if (!valid) {
            std::fprintf(
                stderr, "echo-reference-udp: bad value for %s: '%s'\n", argv[i - 1], argv[i]);
            return 2;
        }
    }
    if (!batched)
        threads = 1;

    // Every thread inherits this mask, so only the sigwait below sees the stop signals.
    sigset_t stopSignals = blockStopSignals();

    std::vector<int> sockets { bindOn(static_cast<std::uint16_t>(port), batched) };
    const std::uint16_t actualPort = boundPort(sockets.front());
    for (long i = 1; i < threads; ++i)
        sockets.push_back(bindOn(actualPort, true));
    for (const int fd : sockets) {
        // Detached: the serving threads block in the kernel and end with the process.
        std::thread(batched ? serveBatched : serveBlocking, fd).detach();
    }
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(actualPort));
    std::fflush(stdout);

    int signalNumber = 0;
    sigwait(&stopSignals, &signalNumber);
    std::printf("echoes refused by the kernel (dropped): %llu\n", g_dropped.load());
    std::fflush(stdout);
    std::_Exit(0);
}
