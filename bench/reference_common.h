#pragma once

// What the reference servers (echo-reference, echo-reference-udp) share: plain Linux and the C++
// library, no framework, so that each stays a yardstick anyone can read in one sitting.

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <pthread.h>
#include <string_view>
#include <sys/socket.h>

namespace reference {

// The program's name, for its messages; main() sets it first.
inline const char *programName = "echo-reference";

[[noreturn]] inline void die(const char *what)
{
    std::fprintf(stderr, "%s: %s: %s\n", programName, what, std::strerror(errno));
    std::exit(1);
}

// The port an IPv4 socket is bound to (the one the system picked for port 0).
inline std::uint16_t boundPort(int fd)
{
    sockaddr_in address {};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) < 0)
        die("getsockname");
    return ntohs(address.sin_port);
}

// A whole decimal number within [lowest, highest].
inline bool parseNumber(std::string_view text, long lowest, long highest, long &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && value >= lowest &&
        value <= highest;
}

// Blocks SIGINT and SIGTERM in this thread and every thread it starts after, so that only a
// sigwait() on the returned set sees them.
inline sigset_t blockStopSignals()
{
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    return stopSignals;
}

} // namespace reference
