#pragma once

#include <QHostAddress>
#include <QString>

// An IPv6 link-local address (fe80::/10) exists on every interface alike, so it means nothing
// without the interface it is on: "fe80::1%eth0". Without one, the kernel refuses to bind or
// connect (EINVAL, which Qt reports as "Unsupported socket operation").

// What is wrong with `address` as an address to listen on or connect to, as a sentence naming
// the fix, or an empty string when nothing is: a link-local address without an interface, or
// with an interface this machine does not have.
QString linkLocalAddressProblem(const QHostAddress &address);
