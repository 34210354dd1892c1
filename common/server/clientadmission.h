#pragma once

#include <QtGlobal>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

// The client limit and the client ids of one server, shared by its workers, which accept
// connections concurrently; and the connections they turned away, gathered for the server's
// thread, which tells them once a second.
//
// A place is taken (admit) only for a connection that is still there once accepted, and given
// back (release) when its session has closed its descriptor, so the limit counts the clients
// the kernel holds for us, exactly, whichever worker accepts. Each worker's own count tells it
// whether it is ahead of the others (isAhead), so that it can let them take the next
// connections: the workers race for every connection, and the one the scheduler favours would
// otherwise take most of a burst. The places and ids are lock-free (relaxed: they publish no
// other data); the turned-away counts sit under a std::mutex, which ThreadSanitizer sees, and
// are rare.
class ClientAdmission final
{
    Q_DISABLE_COPY_MOVE(ClientAdmission)

public:
    struct TurnedAway
    {
        int refused = 0;
        std::map<int, int> lost; // errno value → connections
        bool isEmpty() const { return refused == 0 && lost.empty(); }
    };

    // How many clients more than another worker that accepts a worker may serve before it lets
    // the others take the next connections.
    static constexpr int fairShareSlack = 8;

    explicit ClientAdmission(int limit)
        : m_limit(limit)
    { }

    // Before the workers start, with no client admitted.
    void setWorkerCount(int count)
    {
        m_workers = count;
        m_served = std::make_unique<std::atomic<int>[]>(size_t(count));
        m_accepting = std::make_unique<std::atomic<bool>[]>(size_t(count));
        for (int i = 0; i < count; ++i)
            m_accepting[size_t(i)].store(true, std::memory_order_relaxed);
    }

    void setLimit(int limit) { m_limit.store(limit, std::memory_order_relaxed); }
    int limit() const { return m_limit.load(std::memory_order_relaxed); }
    int admitted() const { return m_admitted.load(std::memory_order_relaxed); }

    // Takes a place for a client of that worker, or returns false at the limit.
    bool admit(int worker)
    {
        int admitted = m_admitted.load(std::memory_order_relaxed);
        do {
            if (admitted >= limit())
                return false;
        } while (
            !m_admitted.compare_exchange_weak(admitted, admitted + 1, std::memory_order_relaxed));
        m_served[size_t(worker)].fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    void release(int worker)
    {
        m_served[size_t(worker)].fetch_sub(1, std::memory_order_relaxed);
        m_admitted.fetch_sub(1, std::memory_order_relaxed);
    }
    // Every worker stopped: no place is held.
    void reset()
    {
        m_admitted.store(0, std::memory_order_relaxed);
        for (int i = 0; i < m_workers; ++i)
            m_served[size_t(i)].store(0, std::memory_order_relaxed);
    }

    // Whether that worker serves fairShareSlack clients or more beyond another worker that is
    // accepting: one that paused (for want of descriptors, or being ahead itself) takes no
    // connection, so at least one worker always does.
    bool isAhead(int worker) const
    {
        const int mine = m_served[size_t(worker)].load(std::memory_order_relaxed);
        for (int i = 0; i < m_workers; ++i) {
            if (m_accepting[size_t(i)].load(std::memory_order_relaxed) &&
                mine - m_served[size_t(i)].load(std::memory_order_relaxed) >= fairShareSlack)
                return true;
        }
        return false;
    }
    void setAccepting(int worker, bool accepting)
    {
        m_accepting[size_t(worker)].store(accepting, std::memory_order_relaxed);
    }

    quint64 takeId() { return m_nextId.fetch_add(1, std::memory_order_relaxed); }

    // Both return whether nothing was waiting to be told, that is whether the server's thread
    // needs telling.
    bool noteRefused()
    {
        const std::lock_guard lock(m_mutex);
        const bool wasEmpty = m_turnedAway.isEmpty();
        ++m_turnedAway.refused;
        return wasEmpty;
    }
    bool noteLost(int error)
    {
        const std::lock_guard lock(m_mutex);
        const bool wasEmpty = m_turnedAway.isEmpty();
        ++m_turnedAway.lost[error];
        return wasEmpty;
    }

    TurnedAway takeTurnedAway()
    {
        const std::lock_guard lock(m_mutex);
        return std::exchange(m_turnedAway, {});
    }

private:
    std::atomic<int> m_limit;
    std::atomic<int> m_admitted { 0 };
    std::atomic<quint64> m_nextId { 1 };
    int m_workers = 0;
    std::unique_ptr<std::atomic<int>[]> m_served; // clients per worker
    std::unique_ptr<std::atomic<bool>[]> m_accepting; // per worker
    std::mutex m_mutex;
    TurnedAway m_turnedAway;
};
