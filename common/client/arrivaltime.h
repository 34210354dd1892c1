#pragma once

#include <QtGlobal>

#include <optional>

// When the bytes waiting on a TCP socket reached this machine, according to the kernel.
// A window's round trip would otherwise include whatever the GUI thread did (painting the key
// just typed) between the echo's arrival and the read. Linux only; elsewhere, and when the
// kernel does not say, the functions answer false / nothing and the read time is used.

// Asks the kernel to stamp received data (SO_TIMESTAMPNS). The kernel turns stamping on a
// moment later, so the first bytes after this may come unstamped.
bool enableArrivalTimes(qintptr socketDescriptor);

// How long ago, in nanoseconds, the newest of the waiting bytes arrived; peeks, reads nothing.
std::optional<qint64> newestArrivalAgeNs(qintptr socketDescriptor);
