#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

// Where the server window offers to listen: localhost only, all interfaces, then each address
// of each interface that is up (IPv6 included), without repeats.
struct ListenAddressChoice
{
    QString label;
    QHostAddress address;
};

QList<ListenAddressChoice> listenAddressChoices();

// How a listen address is remembered in the settings: "localhost", "any" or the address, so that
// parseListenAddress() reads it back.
QString listenAddressSetting(const QHostAddress &address);
