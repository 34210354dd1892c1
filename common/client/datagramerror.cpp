#include "datagramerror.h"

#ifdef Q_OS_LINUX
#include <array>
#include <cstring>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

bool enableDatagramErrors(qintptr socketDescriptor)
{
    const int on = 1;
    // Only the option of the socket's own family takes; either one is enough.
    const bool v4 =
        ::setsockopt(int(socketDescriptor), IPPROTO_IP, IP_RECVERR, &on, sizeof on) == 0;
    const bool v6 =
        ::setsockopt(int(socketDescriptor), IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on) == 0;
    return v4 || v6;
}

std::optional<int> takeDatagramError(qintptr socketDescriptor)
{
    std::optional<int> newest;
    // Bounded: the queue holds at most what the socket's receive buffer allows, a few hundred.
    for (int i = 0; i < 1024; ++i) {
        std::array<char, 512> data {};
        alignas(cmsghdr) std::array<char, 512> control {};
        iovec vector { data.data(), data.size() };
        msghdr message {};
        message.msg_iov = &vector;
        message.msg_iovlen = 1;
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        if (::recvmsg(int(socketDescriptor), &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
            break;
        for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
            header = CMSG_NXTHDR(&message, header)) {
            const bool v4 = header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_RECVERR;
            const bool v6 = header->cmsg_level == IPPROTO_IPV6 && header->cmsg_type == IPV6_RECVERR;
            if (!v4 && !v6)
                continue;
            sock_extended_err error {};
            std::memcpy(&error, CMSG_DATA(header), sizeof error);
            newest = int(error.ee_errno);
        }
    }
    // The same error also waits as the socket's pending error, which the next send would
    // return instead of sending.
    int pending = 0;
    socklen_t length = sizeof pending;
    ::getsockopt(int(socketDescriptor), SOL_SOCKET, SO_ERROR, &pending, &length);
    if (!newest && pending != 0)
        newest = pending;
    return newest;
}

#else

bool enableDatagramErrors(qintptr)
{
    return false;
}

std::optional<int> takeDatagramError(qintptr)
{
    return std::nullopt;
}

#endif
