#pragma once

#include "commandline.h"
#include "defaults.h"

#include <QString>
#include <QStringList>

class QCommandLineParser;

// The client's command line (tcp-echo-client).
struct ClientOptions
{
    QString host = QString::fromLatin1(defaultHost);
    quint16 port = defaultPort;
    bool connect = false;
    bool udp = false; // UDP rather than TCP, whatever the window remembers
    QString logFile; // every log line is also appended here, flushed per line
    bool hostGiven = false;
    bool portGiven = false;
};

// `arguments` includes the program name first, as QCoreApplication::arguments() does.
ParsedCommandLine<ClientOptions> parseClientOptions(const QStringList &arguments);
// The parser as --help describes it.
void describeClientOptions(QCommandLineParser &parser);
