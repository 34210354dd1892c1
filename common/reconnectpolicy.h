#pragma once

#include <chrono>

// How long to wait before each new attempt after a connection dropped: doubling from `first` up
// to `longest` (1, 2, 4, 8, 16, 30, 30… seconds by default), back to `first` once connected.
class ReconnectPolicy final
{
public:
    explicit ReconnectPolicy(std::chrono::milliseconds first = std::chrono::seconds(1),
        std::chrono::milliseconds longest = std::chrono::seconds(30));

    // The wait before the next attempt; each call counts one attempt.
    std::chrono::milliseconds nextDelay();
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }

private:
    std::chrono::milliseconds m_first;
    std::chrono::milliseconds m_longest;
    int m_attempts = 0;
};
