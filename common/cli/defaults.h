#pragma once

#include <QtGlobal>

// Every default the user can change, written once: the options start from these, --help quotes
// them, the windows' settings fall back on them and the echo engine starts from them.

// The port both programs use unless told otherwise.
inline constexpr quint16 defaultPort = 22000;
// The server the client connects to unless told otherwise.
inline constexpr char defaultHost[] = "127.0.0.1";
// Clients the server serves at once; further connections are accepted and closed at once.
inline constexpr int defaultMaxClients = 10000;

// UDP peers the server remembers at once (oldest forgotten first), and how long a silent one is
// remembered, in seconds.
inline constexpr int defaultMaxUdpPeers = 10000;
inline constexpr int udpPeerTimeoutSeconds = 60;

// The largest values --max-clients and --threads take.
inline constexpr int mostClients = 1000000;
inline constexpr int mostWorkerThreads = 256;
