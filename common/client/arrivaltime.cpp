#include "arrivaltime.h"

#ifdef Q_OS_LINUX
#include <array>
#include <cstring>
#include <ctime>
#include <sys/socket.h>
#endif

#ifdef Q_OS_LINUX

bool enableArrivalTimes(qintptr socketDescriptor)
{
    const int on = 1;
    return ::setsockopt(int(socketDescriptor), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) == 0;
}

std::optional<qint64> newestArrivalAgeNs(qintptr socketDescriptor)
{
    // The kernel reports the stamp of the newest segment the call went through, so the peek
    // covers as much as EchoClient reads at once.
    static thread_local std::array<char, 256 * 1024> data;
    alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(timespec)) + 64> control {};
    iovec vector { data.data(), data.size() };
    msghdr message {};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.data();
    message.msg_controllen = control.size();
    if (::recvmsg(int(socketDescriptor), &message, MSG_PEEK | MSG_DONTWAIT) <= 0)
        return std::nullopt;
    for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
        header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_TIMESTAMPNS)
            continue;
        timespec arrived {};
        std::memcpy(&arrived, CMSG_DATA(header), sizeof arrived);
        timespec now {};
        ::clock_gettime(CLOCK_REALTIME, &now);
        const qint64 age = (qint64(now.tv_sec) - qint64(arrived.tv_sec)) * 1000000000 +
            (qint64(now.tv_nsec) - qint64(arrived.tv_nsec));
        // A clock stepped backwards in between would give a negative age: then it just arrived.
        return qMax<qint64>(0, age);
    }
    return std::nullopt;
}

#else

bool enableArrivalTimes(qintptr)
{
    return false;
}

std::optional<qint64> newestArrivalAgeNs(qintptr)
{
    return std::nullopt;
}

#endif
