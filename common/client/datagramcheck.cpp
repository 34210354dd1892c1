#include "datagramcheck.h"

#include <QHash>
#include <QLocale>

#include <algorithm>

DatagramCheck::DatagramCheck(qint64 lossTimeoutNs)
    : m_lossTimeoutNs(qMax<qint64>(lossTimeoutNs, 1))
{ }

qint64 DatagramCheck::noteSent(const QByteArray &datagram, qint64 nowNs)
{
    const qint64 number = m_sentCount++;
    m_waiting.push_back({ number, m_sentBytes, nowNs, datagram });
    m_sentBytes += datagram.size();
    m_waitingBytes += datagram.size();
    return number;
}

DatagramCheck::Echo DatagramCheck::noteReceived(QByteArrayView datagram, qint64 nowNs)
{
    ++m_receivedCount;
    const auto same = [datagram](const Waiting &waiting) {
        return QByteArrayView(waiting.bytes) == datagram;
    };
    auto found = std::find_if(m_waiting.begin(), m_waiting.end(), same);
    // Echoes come back in order, so the oldest of several alike is the one, unless it was sent
    // so long ago (many round trips) that it is more likely lost and a younger one is answered.
    if (found != m_waiting.end() && m_smoothedRoundTripNs > 0) {
        const qint64 stale = qMax(minimumStaleNs, 10 * m_smoothedRoundTripNs);
        if (nowNs - found->sentAtNs > stale) {
            const auto younger =
                std::find_if(found + 1, m_waiting.end(), [&](const Waiting &waiting) {
                    return nowNs - waiting.sentAtNs <= stale && same(waiting);
                });
            if (younger != m_waiting.end())
                found = younger;
        }
    }
    if (found != m_waiting.end())
        return matchWaiting(found, nowNs);
    if (const Echo echo = matchRemembered(datagram); echo.verdict != Verdict::Corrupted)
        return echo;
    return corrupted(datagram);
}

DatagramCheck::Echo DatagramCheck::matchWaiting(std::deque<Waiting>::iterator found, qint64 nowNs)
{
    Echo echo;
    echo.number = found->number;
    echo.roundTripNs = nowNs - found->sentAtNs;
    // Smoothed as TCP does (RFC 6298): an eighth of each new sample.
    m_smoothedRoundTripNs = m_smoothedRoundTripNs == 0
        ? echo.roundTripNs
        : m_smoothedRoundTripNs + (echo.roundTripNs - m_smoothedRoundTripNs) / 8;
    ++m_echoed;
    // Reordered: a datagram sent later came back before this one.
    if (found->number < m_highestEchoed) {
        echo.verdict = Verdict::Reordered;
        ++m_reordered;
    } else {
        m_highestEchoed = found->number;
    }
    m_waitingBytes -= found->bytes.size();
    remember(found->bytes, false);
    m_waiting.erase(found);
    return echo;
}

DatagramCheck::Echo DatagramCheck::matchRemembered(QByteArrayView datagram)
{
    const size_t hash = qHash(datagram);
    // The newest first: a copy is most likely of what came back last.
    const auto found =
        std::find_if(m_remembered.rbegin(), m_remembered.rend(), [&](const Remembered &remembered) {
            return remembered.hash == hash && remembered.size == datagram.size();
        });
    Echo echo;
    echo.verdict = Verdict::Corrupted;
    if (found == m_remembered.rend())
        return echo;
    if (found->lost) {
        // Counted once as late; a further copy of it is a duplicate.
        found->lost = false;
        echo.verdict = Verdict::Late;
        ++m_late;
    } else {
        echo.verdict = Verdict::Duplicated;
        ++m_duplicated;
    }
    return echo;
}

DatagramCheck::Echo DatagramCheck::corrupted(QByteArrayView datagram)
{
    Echo echo;
    echo.verdict = Verdict::Corrupted;
    ++m_corrupted;
    if (m_waiting.empty()) {
        echo.differsAt = 0;
        return echo;
    }
    const auto against = likeliestOriginal(datagram);
    const QByteArrayView sent(against->bytes);
    const qsizetype common = qMin(sent.size(), datagram.size());
    echo.differsAt = common;
    for (qsizetype i = 0; i < common; ++i) {
        if (sent[i] != datagram[i]) {
            echo.differsAt = i;
            break;
        }
    }
    // A cut echo differs where it ends; an empty one, at its start.
    echo.differsAt = qBound<qsizetype>(0, echo.differsAt, qMax<qsizetype>(datagram.size() - 1, 0));
    echo.number = against->number;
    m_waitingBytes -= against->bytes.size();
    remember(against->bytes, false);
    m_waiting.erase(against);
    return echo;
}

std::deque<DatagramCheck::Waiting>::iterator DatagramCheck::likeliestOriginal(
    QByteArrayView datagram)
{
    // The one of the same size with the fewest bytes changed, else the one with the longest
    // common start; on a tie the newest, since an echo usually follows its datagram closely (a
    // changed keystroke is the one just typed, not an older one that is about to count lost).
    // Only the newest few are compared, and only their first bytes, so that a flood of changed
    // echoes costs little.
    constexpr qsizetype compared = 1024;
    constexpr qsizetype candidates = 256;
    auto best = m_waiting.end();
    qsizetype bestScore = -1;
    const qsizetype first = qMax<qsizetype>(0, qsizetype(m_waiting.size()) - candidates);
    for (auto it = m_waiting.end(); it != m_waiting.begin() + first;) {
        --it;
        const QByteArrayView sent(it->bytes);
        const qsizetype length = std::min({ sent.size(), datagram.size(), compared });
        qsizetype score = 0;
        if (sent.size() == datagram.size()) {
            for (qsizetype i = 0; i < length; ++i)
                score += sent[i] == datagram[i] ? 1 : 0;
            score += compared + 1; // the same size beats any common start
        } else {
            while (score < length && sent[score] == datagram[score])
                ++score;
        }
        if (score > bestScore) {
            bestScore = score;
            best = it;
        }
    }
    return best;
}

QList<DatagramCheck::Lost> DatagramCheck::expire(qint64 nowNs)
{
    QList<Lost> lost;
    while (!m_waiting.empty() &&
        (nowNs - m_waiting.front().sentAtNs >= m_lossTimeoutNs ||
            qsizetype(m_waiting.size()) > maximumWaiting || m_waitingBytes > maximumWaitingBytes))
        loseOldest(lost);
    return lost;
}

void DatagramCheck::loseOldest(QList<Lost> &lost)
{
    const Waiting &oldest = m_waiting.front();
    lost.append({ oldest.number, oldest.sentOffset });
    ++m_lost;
    m_waitingBytes -= oldest.bytes.size();
    remember(oldest.bytes, true);
    m_waiting.pop_front();
}

void DatagramCheck::remember(const QByteArray &bytes, bool lost)
{
    if (qsizetype(m_remembered.size()) >= rememberedCount)
        m_remembered.pop_front();
    m_remembered.push_back({ qHash(bytes), bytes.size(), lost });
}

qint64 DatagramCheck::nextLossAtNs() const
{
    return m_waiting.empty() ? -1 : m_waiting.front().sentAtNs + m_lossTimeoutNs;
}

void DatagramCheck::reset()
{
    *this = DatagramCheck(m_lossTimeoutNs);
}

QString DatagramCheck::summary() const
{
    if (m_sentCount == 0 && m_receivedCount == 0)
        return tr("Echo check: nothing sent yet");
    const QLocale locale;
    QString text;
    if (m_lost + m_duplicated + m_reordered + m_corrupted + m_late == 0) {
        text = tr("Datagrams: %1 sent, %2 came back whole and in order")
                   .arg(locale.toString(m_sentCount), locale.toString(m_echoed));
    } else {
        text = tr("Datagrams: %1 sent, %2 came back · lost %3 · duplicated %4 · reordered %5 · "
                  "corrupted %6")
                   .arg(locale.toString(m_sentCount), locale.toString(m_echoed),
                       locale.toString(m_lost), locale.toString(m_duplicated),
                       locale.toString(m_reordered), locale.toString(m_corrupted));
        if (m_late > 0)
            text += tr(" · %1 came back after being counted lost").arg(locale.toString(m_late));
    }
    if (!m_waiting.empty())
        text += tr(" · %1 in flight").arg(locale.toString(qint64(m_waiting.size())));
    return text;
}
