#include "listenaddresses.h"

#include <QCoreApplication>
#include <QNetworkInterface>

#include <algorithm>

QList<ListenAddressChoice> listenAddressChoices()
{
    QList<ListenAddressChoice> choices {
        { QCoreApplication::translate("ListenAddress", "Localhost only (127.0.0.1)"),
            QHostAddress(QHostAddress::LocalHost) },
        { QCoreApplication::translate("ListenAddress", "All interfaces (IPv4 + IPv6)"),
            QHostAddress(QHostAddress::Any) },
    };
    const auto offered = [&choices](const QHostAddress &address) {
        return std::any_of(choices.cbegin(), choices.cend(),
            [&address](const ListenAddressChoice &choice) { return choice.address == address; });
    };
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        if (!interface.flags().testFlag(QNetworkInterface::IsUp))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress address = entry.ip();
            if (address.isNull() || offered(address))
                continue;
            choices.append({ QCoreApplication::translate("ListenAddress", "%1 (%2)")
                                 .arg(address.toString(), interface.humanReadableName()),
                address });
        }
    }
    return choices;
}

QString listenAddressSetting(const QHostAddress &address)
{
    if (address == QHostAddress(QHostAddress::LocalHost))
        return QStringLiteral("localhost");
    if (address == QHostAddress(QHostAddress::Any))
        return QStringLiteral("any");
    return address.toString();
}
