#pragma once

#include <chrono>

// How long to wait before each new attempt after a connection dropped: doubling from `first` up
// to `longest` (1, 2, 4, 8, 16, 30, 30… seconds by default). A connection counts as a success,
// and the waits start again from `first`, only once it has lasted `settled`: a server that
// accepts and closes at once is retried ever more slowly, not every second for ever.
class ReconnectPolicy final
{
public:
    explicit ReconnectPolicy(std::chrono::milliseconds first = std::chrono::seconds(1),
        std::chrono::milliseconds longest = std::chrono::seconds(30),
        std::chrono::milliseconds settled = std::chrono::seconds(2));

    // The wait before the next attempt; each call counts one attempt.
    std::chrono::milliseconds nextDelay();
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }
    // A connection ended after `lasted`: long enough, and it was a success (the count starts
    // over); shorter, and it was one more failed attempt.
    void connectionEnded(std::chrono::milliseconds lasted);

private:
    std::chrono::milliseconds m_first;
    std::chrono::milliseconds m_longest;
    std::chrono::milliseconds m_settled;
    int m_attempts = 0;
};
