#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

// Whether what comes back is what was sent. Only the sent bytes not yet back are kept, so memory
// is bounded by what is in flight, not by how much was ever sent. The first difference is kept;
// after it the streams are out of step, so later bytes are only counted.
class EchoCheck final
{
    Q_DECLARE_TR_FUNCTIONS(EchoCheck)

public:
    // Past this much in flight the check gives up (a server that never answers would otherwise
    // make it keep everything sent).
    static constexpr qsizetype defaultMaximumInFlight = 32 * 1024 * 1024;

    struct Difference
    {
        qint64 offset = 0; // 0-based position in the received stream
        // Empty while more came back than was sent; filled in once something is sent there.
        std::optional<quint8> sent;
        quint8 received = 0;
    };

    explicit EchoCheck(qsizetype maximumInFlight = defaultMaximumInFlight);

    void noteSent(QByteArrayView bytes);
    // Returns true when these bytes held the first difference.
    bool noteReceived(QByteArrayView bytes);
    void reset();

    qint64 bytesSent() const { return m_sent; }
    qint64 bytesReceived() const { return m_received; }
    // Bytes that compared equal, from the start of the stream.
    qint64 matchedBytes() const { return m_matched; }
    qint64 inFlight() const { return qMax<qint64>(0, m_sent - m_received); }
    // Bytes that came back beyond everything sent so far.
    qint64 extraBytes() const { return qMax<qint64>(0, m_received - m_sent); }
    std::optional<Difference> difference() const { return m_difference; }
    bool gaveUp() const { return m_gaveUp; }

    // One line for a person: "Echo matches (1,234 bytes)", "Differs at byte 6: sent 0x74 't',
    // got 0x00", with what is in flight.
    QString summary() const;

private:
    void compact();

    QByteArray m_pending; // sent, not yet compared; starts at m_head
    qsizetype m_head = 0;
    qsizetype m_maximumInFlight = defaultMaximumInFlight;
    qint64 m_sent = 0;
    qint64 m_received = 0;
    qint64 m_matched = 0;
    std::optional<Difference> m_difference;
    bool m_gaveUp = false;
};
