#include "echocheck.h"

#include "bytecount.h"

#include <QLocale>

namespace {

QString describeByte(quint8 byte)
{
    const QString hex = QStringLiteral("0x%1").arg(byte, 2, 16, QLatin1Char('0'));
    if (byte >= 0x21 && byte <= 0x7e)
        return QStringLiteral("%1 '%2'").arg(hex, QChar(char16_t(byte)));
    return hex;
}

} // namespace

EchoCheck::EchoCheck(qsizetype maximumInFlight)
    : m_maximumInFlight(qMax<qsizetype>(maximumInFlight, 1))
{ }

void EchoCheck::noteSent(QByteArrayView bytes)
{
    const qint64 start = m_sent;
    m_sent += bytes.size();
    // A byte that came back before anything was sent at its place is compared once it is.
    if (m_difference && !m_difference->sent && m_difference->offset >= start &&
        m_difference->offset < m_sent) {
        m_difference->sent = quint8(bytes[m_difference->offset - start]);
    }
    if (m_difference || m_gaveUp)
        return;
    m_pending.append(bytes);
    if (m_pending.size() - m_head > m_maximumInFlight) {
        m_gaveUp = true;
        m_pending = QByteArray();
        m_head = 0;
    }
}

bool EchoCheck::noteReceived(QByteArrayView bytes)
{
    const qint64 start = m_received;
    m_received += bytes.size();
    if (m_difference || m_gaveUp)
        return false;

    const qsizetype available = m_pending.size() - m_head;
    const qsizetype comparable = qMin(available, bytes.size());
    const char *sent = m_pending.constData() + m_head;
    for (qsizetype i = 0; i < comparable; ++i) {
        if (sent[i] != bytes[i]) {
            m_matched += i;
            m_difference = Difference { start + i, quint8(sent[i]), quint8(bytes[i]) };
            m_pending = QByteArray();
            m_head = 0;
            return true;
        }
    }
    m_matched += comparable;
    if (comparable < bytes.size()) {
        m_difference = Difference { start + comparable, std::nullopt, quint8(bytes[comparable]) };
        m_pending = QByteArray();
        m_head = 0;
        return true;
    }
    m_head += comparable;
    compact();
    return false;
}

void EchoCheck::reset()
{
    m_pending = QByteArray();
    m_head = 0;
    m_sent = 0;
    m_received = 0;
    m_matched = 0;
    m_difference.reset();
    m_gaveUp = false;
}

QString EchoCheck::summary() const
{
    const QLocale locale;
    QString text;
    if (m_gaveUp) {
        text = tr("Echo not checked: more than %1 bytes were sent without coming back")
                   .arg(locale.toString(qint64(m_maximumInFlight)));
    } else if (m_difference) {
        const Difference &d = *m_difference;
        const QString position = locale.toString(d.offset + 1);
        if (d.sent) {
            text = tr("Differs at byte %1: sent %2, got %3")
                       .arg(position, describeByte(*d.sent), describeByte(d.received));
        } else {
            text = tr("Differs at byte %1: got %2 where nothing was sent yet (%3 more came back "
                      "than was sent)")
                       .arg(position, describeByte(d.received), formatByteCount(extraBytes()));
        }
    } else if (m_sent == 0 && m_received == 0) {
        return tr("Echo check: nothing sent yet");
    } else {
        text = tr("Echo matches (%1)").arg(formatByteCount(m_matched));
    }
    if (inFlight() > 0)
        text += tr(" · %1 in flight").arg(formatByteCount(inFlight()));
    return text;
}

void EchoCheck::compact()
{
    // Drop compared bytes now and then, not on every read (each drop moves what is left).
    if (m_head == m_pending.size()) {
        m_pending.clear();
        m_head = 0;
    } else if (m_head >= 64 * 1024 && m_head * 2 >= m_pending.size()) {
        m_pending.remove(0, m_head);
        m_head = 0;
    }
}
