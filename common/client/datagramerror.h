#pragma once

#include <QtGlobal>

#include <optional>

// What the network said about datagrams we sent (an ICMP "port unreachable", say), which Qt's
// QUdpSocket does not report: its readyRead() fires with nothing to read and the error is gone.
// The kernel keeps such errors in the socket's error queue once asked to (IP_RECVERR); these
// take them from there. Linux only; elsewhere nothing is reported.

// Asks the kernel to queue the errors of a connected UDP socket (IPv4 or IPv6).
bool enableDatagramErrors(qintptr socketDescriptor);

// The errno (ECONNREFUSED, EHOSTUNREACH, …) of the newest queued error, emptying the queue;
// nothing when none was queued.
std::optional<int> takeDatagramError(qintptr socketDescriptor);
