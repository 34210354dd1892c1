#pragma once

#include "commandline.h"
#include "defaults.h"
#include "transport.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

class QCommandLineParser;

// The server's command line (tcp-echo-server), with or without a window.
struct ServerOptions
{
    QHostAddress address { QHostAddress::LocalHost };
    quint16 port = defaultPort;
    // The echo services opened on the port: TCP and UDP, as RFC 862 has it, unless --protocols.
    Transports transports = Transport::Tcp | Transport::Udp;
    bool listen = false;
    bool headless = false;
    int threads = 0; // 0: one worker thread per core
    int maxClients = defaultMaxClients;
    QString logFile; // every log line is also appended here, flushed per line
    bool addressGiven = false;
    bool portGiven = false;
    bool transportsGiven = false;
};

// `arguments` includes the program name first, as QCoreApplication::arguments() does.
ParsedCommandLine<ServerOptions> parseServerOptions(const QStringList &arguments);
// The parser as --help describes it.
void describeServerOptions(QCommandLineParser &parser);

// "any"/"all", "localhost" or an IPv4/IPv6 address; a null address when it is none of those.
QHostAddress parseListenAddress(const QString &text);
