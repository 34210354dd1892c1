#include "hostport.h"

QString formatHostPort(const QString &host, quint16 port)
{
    // Only an IPv6 address has a colon; a host name or an IPv4 address never does.
    if (host.contains(u':'))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}
