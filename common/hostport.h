#pragma once

#include <QString>

// A host and port as people write them: "127.0.0.1:22000", "example.org:22000", and "[::1]:22000"
// (an IPv6 address in brackets, so that its colons don't run into the port's).
QString formatHostPort(const QString &host, quint16 port);
