#include "transport.h"

#include <QStringList>

std::optional<Transports> parseTransports(const QString &text)
{
    Transports transports;
    const QStringList words = text.split(QLatin1Char(','));
    for (const QString &word : words) {
        const QString name = word.trimmed().toLower();
        if (name == QLatin1String("tcp"))
            transports |= Transport::Tcp;
        else if (name == QLatin1String("udp"))
            transports |= Transport::Udp;
        else
            return std::nullopt;
    }
    return transports;
}

QString transportsText(Transports transports)
{
    QStringList words;
    if (transports.testFlag(Transport::Tcp))
        words += QStringLiteral("tcp");
    if (transports.testFlag(Transport::Udp))
        words += QStringLiteral("udp");
    return words.join(QLatin1Char(','));
}
