#pragma once

// The clients of bench-server-window: plain non-blocking sockets and epoll on a thread or in a
// process of their own, so that they cost the window's GUI thread nothing. Every echoed byte is
// checked against what was sent.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

// How the clients load the server.
enum class LoadShape {
    // Each client writes 16 KiB at a time with up to 512 KiB in flight: a flood.
    Stream,
    // Each client sends a small message, waits for all of its echo, and sends the next one at
    // once: every client busy all the time, as many of them as the server holds.
    Messages,
};

struct Connection
{
    int fd = -1;
    int id = 0;
    std::uint16_t localPort = 0;
    std::int64_t sent = 0;
    std::int64_t received = 0;
    std::int64_t messageEnd = 0; // Messages: where the message being sent ends in the stream
    bool waitingToWrite = false; // Messages: the kernel refused part of it; waiting for EPOLLOUT
    std::uint32_t watched = 0; // Messages: the epoll events asked for
};

struct LoadPlan
{
    std::uint16_t port = 0;
    int clients = 100;
    std::chrono::seconds duration { 30 };
    LoadShape shape = LoadShape::Stream;
    int messageBytes = 64;
};

// What the clients report once every echo is back (or they gave up).
struct LoadResult
{
    std::vector<Connection> connections;
    std::string error;
    double connectSeconds = 0;
    double floodSeconds = 0;
    std::int64_t messages = 0; // Messages: messages fully echoed while sending
    long long peakKiB = -1; // the clients' process, when it is one of its own
};

// The clients themselves: connect, send for the plan's duration, stop sending and read every
// echo back. Every loop is bounded by a deadline.
class LoadClients
{
public:
    explicit LoadClients(const LoadPlan &plan)
        : m_plan(plan)
    { }
    ~LoadClients();
    LoadClients(const LoadClients &) = delete;
    LoadClients &operator=(const LoadClients &) = delete;

    // Blocking connects, one after the other (the Stream run, 100 clients: the accept backlog
    // holds them all while the window's thread waits here).
    bool connectAll();
    // Non-blocking connects, at most 64 ahead of the server: each sends its first message and
    // counts as connected once it has come back. Needs the server to accept meanwhile, so it
    // runs where the window's event loop is not waiting for it (the clients' own process).
    bool connectPaced();
    // Sends and drains on the calling thread; true when every byte came back right.
    bool run();
    void closeAll();

    LoadResult result() const;
    std::string error() const;

private:
    bool fail(const std::string &message);
    bool runStream();
    bool runMessages();
    bool readEcho(Connection &c, std::vector<std::uint8_t> &buffer, bool &closed);
    bool sendMessage(Connection &c, std::vector<std::uint8_t> &outgoing);

    LoadPlan m_plan;
    std::vector<Connection> m_connections;
    int m_epoll = -1;
    mutable std::mutex m_errorMutex;
    std::string m_error;
    double m_connectSeconds = 0;
    double m_floodSeconds = 0;
    std::int64_t m_messages = 0;
};

// The clients on a thread of the bench's own process: what the 100-client Stream run has always
// used. Each client and its server session then share the process's descriptor limit.
class ClientsThread
{
public:
    explicit ClientsThread(const LoadPlan &plan)
        : m_clients(plan)
    { }
    ~ClientsThread();

    bool connectAll() { return m_clients.connectAll(); }
    void start();
    bool finished() const { return m_finished.load(); }
    LoadResult join();
    void closeAll() { m_clients.closeAll(); }
    std::string error() const { return m_clients.error(); }

private:
    LoadClients m_clients;
    std::thread m_thread;
    std::atomic<bool> m_finished { false };
};

// The clients in a child process, forked before the application starts any thread: 10,000
// clients and their 10,000 server sessions would not fit in one process's descriptor limit, and
// the window's peak memory is then the window's alone. The parent steers the child through a
// socket pair; no call here blocks the parent for longer than reading a finished answer.
class ClientsProcess
{
public:
    // Forks; in the child this never returns (the child serves the parent and exits).
    explicit ClientsProcess(int clients, std::chrono::seconds duration, int messageBytes);
    ~ClientsProcess();
    ClientsProcess(const ClientsProcess &) = delete;
    ClientsProcess &operator=(const ClientsProcess &) = delete;

    bool valid() const { return m_child > 0; }
    void beginConnecting(std::uint16_t port);
    // Has the child answered the connect? Then connectError() tells how it went (empty: all
    // connected) and connectSeconds() how long it took.
    bool connected();
    std::string connectError() const { return m_connectError; }
    double connectSeconds() const { return m_connectSeconds; }
    void start();
    bool finished();
    LoadResult result() const { return m_result; }
    void closeAll();

private:
    static void serveParent(int control, const LoadPlan &plan);
    bool readable() const;

    LoadPlan m_plan;
    pid_t m_child = -1;
    int m_control = -1;
    bool m_connected = false;
    std::string m_connectError;
    double m_connectSeconds = 0;
    LoadResult m_result;
    bool m_finished = false;
};
