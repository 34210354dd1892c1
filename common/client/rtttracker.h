#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <deque>
#include <optional>
#include <vector>

// Round-trip times of sends on one byte stream (or, through noteRoundTrip(), of datagrams). Each
// send is stamped with where it ends in the outgoing stream; once that many bytes have come back,
// its round trip is done. That holds however the replies are cut into reads: one read may finish
// several sends, and a send may take several reads. Times are nanoseconds on any monotonic clock
// the caller chooses.
class RttTracker final
{
public:
    // Enough for a stable median and 99th percentile; memory stays fixed however long it runs.
    static constexpr qsizetype defaultKeptSamples = 1000;
    // Sends waiting for their reply beyond this are forgotten (oldest first) rather than kept.
    static constexpr qsizetype maximumWaiting = 65536;

    explicit RttTracker(qsizetype keptSamples = defaultKeptSamples);

    // `timed` false: the bytes move the stream on (later sends wait for them) but give no sample,
    // for bulk data whose round trip says nothing about latency.
    void noteSent(qint64 byteCount, qint64 nowNs, bool timed = true);
    // Returns how many round trips this finished.
    int noteReceived(qint64 byteCount, qint64 nowNs);
    // A round trip measured by the caller (a datagram matched with its echo), kept like the rest.
    void noteRoundTrip(qint64 sampleNs) { keep(sampleNs); }
    void reset();

    qint64 completedCount() const { return m_completed; }
    qsizetype waitingCount() const { return qsizetype(m_waiting.size()); }

    std::optional<qint64> lastNs() const;
    std::optional<qint64> medianNs() const { return percentileNs(50); }
    std::optional<qint64> percentile99Ns() const { return percentileNs(99); }
    // Nearest-rank percentile of the kept samples.
    std::optional<qint64> percentileNs(int percent) const;
    // The newest `count` samples (or fewer), oldest first.
    QList<qint64> recentNs(qsizetype count) const;

private:
    struct Waiting
    {
        qint64 endOffset = 0;
        qint64 sentAtNs = 0;
    };

    void keep(qint64 sampleNs);

    std::deque<Waiting> m_waiting;
    std::vector<qint64> m_samples; // a ring once full
    qsizetype m_keptSamples = defaultKeptSamples;
    qsizetype m_next = 0;
    qint64 m_sentOffset = 0;
    qint64 m_receivedOffset = 0;
    qint64 m_completed = 0;
};

// "85 µs", "1.24 ms", "2.50 s": three significant digits at most, in the unit a person reads.
QString formatRoundTripTime(qint64 nanoseconds);
