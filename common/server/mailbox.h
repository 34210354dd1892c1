#pragma once

#include <mutex>
#include <utility>
#include <vector>

// Letters from one thread to another: a std::vector under a std::mutex, a pthread mutex, which
// ThreadSanitizer sees (Qt's own QMutex it cannot; docs/ARCHITECTURE.md). The sender learns
// whether the mailbox was empty, so that only the first letter of a batch is announced; the
// receiver takes every letter at once, oldest first.
template<typename Letter> class Mailbox
{
public:
    // Returns whether the mailbox was empty, that is whether the receiver needs telling.
    bool post(Letter letter)
    {
        const std::lock_guard lock(m_mutex);
        const bool wasEmpty = m_letters.empty();
        m_letters.push_back(std::move(letter));
        return wasEmpty;
    }

    std::vector<Letter> takeAll()
    {
        std::vector<Letter> letters;
        const std::lock_guard lock(m_mutex);
        letters.swap(m_letters);
        return letters;
    }

    // A pass through the lock with nothing in hand: what this thread wrote before it is seen by
    // the thread that next takes the letters, in a way ThreadSanitizer sees too.
    void passThrough() { const std::lock_guard lock(m_mutex); }

private:
    std::mutex m_mutex;
    std::vector<Letter> m_letters;
};
