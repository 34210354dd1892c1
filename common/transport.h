#pragma once

#include <QFlags>
#include <QString>

#include <optional>

// The two echo services of RFC 862: over TCP connections and over UDP datagrams.
enum class Transport : quint8 { Tcp = 1, Udp = 2 };
Q_DECLARE_FLAGS(Transports, Transport)
Q_DECLARE_OPERATORS_FOR_FLAGS(Transports)

// "TCP", "UDP": the protocols' own names, never translated.
inline QString transportName(Transport transport)
{
    return transport == Transport::Tcp ? QStringLiteral("TCP") : QStringLiteral("UDP");
}

// "tcp", "udp", "tcp,udp" (any order, any case, spaces allowed): as --protocols and the settings
// spell them. Nothing for an empty list or a word that is neither.
std::optional<Transports> parseTransports(const QString &text);
// "tcp", "udp" or "tcp,udp".
QString transportsText(Transports transports);
