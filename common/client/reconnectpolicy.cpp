#include "reconnectpolicy.h"

#include <algorithm>

ReconnectPolicy::ReconnectPolicy(std::chrono::milliseconds first, std::chrono::milliseconds longest,
    std::chrono::milliseconds settled)
    : m_first(std::max(first, std::chrono::milliseconds(1)))
    , m_longest(std::max(longest, m_first))
    , m_settled(std::max(settled, std::chrono::milliseconds(0)))
{ }

std::chrono::milliseconds ReconnectPolicy::nextDelay()
{
    // Doubling stops well before it could overflow: 2^20 times a millisecond is over 17 minutes.
    const int doublings = std::min(m_attempts, 20);
    ++m_attempts;
    return std::min(m_first * (std::chrono::milliseconds::rep(1) << doublings), m_longest);
}

void ReconnectPolicy::connectionEnded(std::chrono::milliseconds lasted)
{
    if (lasted >= m_settled)
        reset();
}
