#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <deque>

// Whether each datagram sent comes back once, whole, and in the order it was sent: the echo
// check of UDP, where the datagram, not the byte, is what is lost, duplicated or reordered.
// A datagram that comes back is matched with the oldest one sent with the same bytes that is
// still waiting (unless that one is many round trips old and a younger one is waiting too); one
// that matches none is a copy of one already back (duplicated), one that was already given up
// (late), or else a changed one (corrupted), put against the waiting datagram it most resembles
// (the newest, when several do alike). Memory is bounded by the datagrams waiting and a short
// memory of those already back.
class DatagramCheck final
{
    Q_DECLARE_TR_FUNCTIONS(DatagramCheck)

public:
    // A datagram whose echo has not come back after this long is lost.
    static constexpr qint64 defaultLossTimeoutNs = 1000LL * 1000 * 1000;
    // Past this many waiting datagrams (or bytes) the oldest is counted lost early.
    static constexpr qsizetype maximumWaiting = 8192;
    static constexpr qint64 maximumWaitingBytes = 32 * 1024 * 1024;
    // How many answered or lost datagrams are remembered to recognise a copy or a late echo.
    static constexpr qsizetype rememberedCount = 4096;
    // A waiting datagram older than this (or ten smoothed round trips, if more) is taken for lost
    // rather than answered when a younger one with the same bytes is waiting too.
    static constexpr qint64 minimumStaleNs = 50LL * 1000 * 1000;

    enum class Verdict { InOrder, Reordered, Duplicated, Late, Corrupted };

    struct Echo
    {
        Verdict verdict = Verdict::InOrder;
        qint64 number = -1; // 0-based sequence number of the datagram it echoes; -1: none
        qint64 roundTripNs = -1; // for InOrder and Reordered
        qsizetype differsAt = -1; // for Corrupted: first byte (in the echo) that differs
    };

    struct Lost
    {
        qint64 number = 0;
        qint64 sentOffset = 0; // where its first byte is in everything sent
    };

    explicit DatagramCheck(qint64 lossTimeoutNs = defaultLossTimeoutNs);

    // Returns the datagram's sequence number.
    qint64 noteSent(const QByteArray &datagram, qint64 nowNs);
    Echo noteReceived(QByteArrayView datagram, qint64 nowNs);
    // The datagrams that became lost by `nowNs` (or by the bounds), oldest first.
    QList<Lost> expire(qint64 nowNs);
    void reset();

    qint64 sentCount() const { return m_sentCount; }
    qint64 receivedCount() const { return m_receivedCount; }
    qint64 echoedCount() const { return m_echoed; }
    qint64 lostCount() const { return m_lost; }
    qint64 duplicatedCount() const { return m_duplicated; }
    qint64 reorderedCount() const { return m_reordered; }
    qint64 corruptedCount() const { return m_corrupted; }
    qint64 lateCount() const { return m_late; }
    qsizetype waitingCount() const { return qsizetype(m_waiting.size()); }
    qint64 waitingBytes() const { return m_waitingBytes; }
    // When the oldest waiting datagram becomes lost; -1 when none waits.
    qint64 nextLossAtNs() const;

    // One line for a person: "12 datagrams sent, 12 came back whole and in order", or the
    // counts of what went wrong, with what is in flight.
    QString summary() const;

private:
    struct Waiting
    {
        qint64 number = 0;
        qint64 sentOffset = 0;
        qint64 sentAtNs = 0;
        QByteArray bytes;
    };
    struct Remembered
    {
        size_t hash = 0;
        qsizetype size = 0;
        bool lost = false;
    };

    void remember(const QByteArray &bytes, bool lost);
    Echo matchWaiting(std::deque<Waiting>::iterator found, qint64 nowNs);
    Echo matchRemembered(QByteArrayView datagram);
    Echo corrupted(QByteArrayView datagram);
    std::deque<Waiting>::iterator likeliestOriginal(QByteArrayView datagram);
    void loseOldest(QList<Lost> &lost);

    std::deque<Waiting> m_waiting;
    std::deque<Remembered> m_remembered;
    qint64 m_lossTimeoutNs = defaultLossTimeoutNs;
    qint64 m_waitingBytes = 0;
    qint64 m_sentCount = 0;
    qint64 m_sentBytes = 0;
    qint64 m_receivedCount = 0;
    qint64 m_highestEchoed = -1;
    qint64 m_smoothedRoundTripNs = 0;
    qint64 m_echoed = 0;
    qint64 m_lost = 0;
    qint64 m_duplicated = 0;
    qint64 m_reordered = 0;
    qint64 m_corrupted = 0;
    qint64 m_late = 0;
};
