#pragma once

// The UDP flood of bench-server-window: a few connected UDP sockets on a thread of the bench's
// own process send datagrams at a fixed total rate (100,000 a second by default) to the window's
// server for a few seconds and check every echo that comes back, byte for byte. Datagrams the
// server or the kernel drop are counted, not waited for: UDP may lose them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

struct UdpFloodPlan
{
    std::uint16_t port = 0;
    int peers = 16;
    int datagramsPerSecond = 100'000;
    std::chrono::seconds duration { 5 };
};

// One socket of the flood and what it sent and got back.
struct UdpFloodPeer
{
    int fd = -1;
    int id = 0;
    std::uint16_t localPort = 0;
    std::int64_t sentDatagrams = 0;
    std::int64_t echoedDatagrams = 0;
    std::vector<bool> echoed; // by sequence number: has its echo come back?
};

struct UdpFloodResult
{
    std::vector<UdpFloodPeer> peers;
    std::string error; // empty when every echo that came back was right
    double floodSeconds = 0;
    std::int64_t sentDatagrams = 0;
    std::int64_t echoedDatagrams = 0;
};

class UdpFlood
{
public:
    static constexpr std::size_t datagramBytes = 32;

    explicit UdpFlood(const UdpFloodPlan &plan)
        : m_plan(plan)
    { }
    ~UdpFlood();
    UdpFlood(const UdpFlood &) = delete;
    UdpFlood &operator=(const UdpFlood &) = delete;

    // Opens and connects the sockets; false (see error()) when one could not be.
    bool open();
    // Sends a probe datagram from a socket of its own and takes its echo if it is back: call
    // until true (the server's UDP socket may be bound after its TCP listener). Stays true.
    bool probeEchoed();
    // Floods on a thread of its own, then reads the echoes still on their way (at most 0.5 s).
    void start();
    bool finished() const { return m_finished.load(); }
    UdpFloodResult join();
    std::string error() const { return m_error; }

private:
    bool run();
    bool sendDue(std::int64_t due, std::int64_t &sent);
    bool receiveReady(int epoll, int waitMillis);
    bool receiveAll(UdpFloodPeer &peer);
    bool checkEcho(UdpFloodPeer &peer, const std::uint8_t *data, std::size_t length);
    bool fail(const std::string &message);

    UdpFloodPlan m_plan;
    std::vector<UdpFloodPeer> m_peers;
    std::string m_error;
    double m_floodSeconds = 0;
    int m_probeFd = -1;
    bool m_probeEchoed = false;
    std::size_t m_nextPeer = 0; // where the next tick's sending starts
    std::thread m_thread;
    std::atomic<bool> m_finished { false };
};
