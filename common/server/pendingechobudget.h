#pragma once

#include <QtGlobal>

#include <atomic>

// The memory every session of a server may spend, together, on echo the kernel would not take
// yet. A session takes one buffer's worth before it reads, keeps it while some of its echo waits
// and gives it back once the kernel has taken everything; when the budget is spent, sessions
// keep nothing at all (see EchoSession). Shared by the worker threads: lock-free, and the
// counters publish no other data, so relaxed ordering is enough.
class PendingEchoBudget final
{
    Q_DISABLE_COPY_MOVE(PendingEchoBudget)

public:
    explicit PendingEchoBudget(qint64 limit)
        : m_limit(limit)
    { }

    bool tryTake(qint64 bytes)
    {
        qint64 used = m_used.load(std::memory_order_relaxed);
        do {
            if (used + bytes > m_limit)
                return false;
        } while (!m_used.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
        return true;
    }

    void give(qint64 bytes) { m_used.fetch_sub(bytes, std::memory_order_relaxed); }

    // Bytes of buffers freed since the last takeFreed(): tells when handing memory back to the
    // system may be worth it.
    void noteFreed(qint64 bytes) { m_freed.fetch_add(bytes, std::memory_order_relaxed); }
    qint64 takeFreed() { return m_freed.exchange(0, std::memory_order_relaxed); }

    qint64 limit() const { return m_limit; }
    qint64 used() const { return m_used.load(std::memory_order_relaxed); }

private:
    const qint64 m_limit;
    std::atomic<qint64> m_used { 0 };
    std::atomic<qint64> m_freed { 0 };
};
