#include "rtttracker.h"

#include <QLocale>

#include <algorithm>

QString formatRoundTripTime(qint64 nanoseconds)
{
    const QLocale locale;
    const auto scaled = [&locale](double value, const QString &unit) -> QString {
        const int decimals = value < 10 ? 2 : (value < 100 ? 1 : 0);
        return locale.toString(value, 'f', decimals) + u'\u00a0' + unit;
    };
    const double ns = double(nanoseconds);
    if (nanoseconds < 1000)
        return locale.toString(nanoseconds) + QStringLiteral("\u00a0ns");
    if (nanoseconds < 1000 * 1000)
        return scaled(ns / 1e3, QStringLiteral("µs"));
    if (nanoseconds < 1000 * 1000 * 1000)
        return scaled(ns / 1e6, QStringLiteral("ms"));
    return scaled(ns / 1e9, QStringLiteral("s"));
}

RttTracker::RttTracker(qsizetype keptSamples)
    : m_keptSamples(qMax<qsizetype>(keptSamples, 1))
{
    m_samples.reserve(size_t(m_keptSamples));
}

void RttTracker::noteSent(qint64 byteCount, qint64 nowNs, bool timed)
{
    if (byteCount <= 0)
        return;
    m_sentOffset += byteCount;
    if (!timed)
        return;
    if (qsizetype(m_waiting.size()) >= maximumWaiting)
        m_waiting.pop_front();
    m_waiting.push_back({ m_sentOffset, nowNs });
}

int RttTracker::noteReceived(qint64 byteCount, qint64 nowNs)
{
    if (byteCount <= 0)
        return 0;
    m_receivedOffset += byteCount;
    int finished = 0;
    while (!m_waiting.empty() && m_waiting.front().endOffset <= m_receivedOffset) {
        keep(nowNs - m_waiting.front().sentAtNs);
        m_waiting.pop_front();
        ++finished;
    }
    return finished;
}

void RttTracker::reset()
{
    m_waiting.clear();
    m_samples.clear();
    m_next = 0;
    m_sentOffset = 0;
    m_receivedOffset = 0;
    m_completed = 0;
}

std::optional<qint64> RttTracker::lastNs() const
{
    if (m_samples.empty())
        return std::nullopt;
    const qsizetype last = (m_next + qsizetype(m_samples.size()) - 1) % qsizetype(m_samples.size());
    return m_samples[size_t(last)];
}

std::optional<qint64> RttTracker::percentileNs(int percent) const
{
    if (m_samples.empty())
        return std::nullopt;
    std::vector<qint64> sorted = m_samples;
    // Nearest rank: the smallest sample with at least `percent` % of the samples at or below it.
    const size_t count = sorted.size();
    size_t rank = (size_t(qBound(0, percent, 100)) * count + 99) / 100;
    rank = std::clamp<size_t>(rank, 1, count);
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(rank - 1), sorted.end());
    return sorted[rank - 1];
}

QList<qint64> RttTracker::recentNs(qsizetype count) const
{
    const qsizetype size = qsizetype(m_samples.size());
    count = qBound<qsizetype>(0, count, size);
    QList<qint64> recent;
    recent.reserve(count);
    // Before the ring is full m_next is the size, so this starts at the right place either way.
    for (qsizetype i = size - count; i < size; ++i)
        recent.append(m_samples[size_t((m_next + i) % size)]);
    return recent;
}

void RttTracker::keep(qint64 sampleNs)
{
    ++m_completed;
    if (qsizetype(m_samples.size()) < m_keptSamples) {
        m_samples.push_back(sampleNs);
        m_next = qsizetype(m_samples.size()) % m_keptSamples;
        return;
    }
    m_samples[size_t(m_next)] = sampleNs;
    m_next = (m_next + 1) % m_keptSamples;
}
