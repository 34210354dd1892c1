#pragma once

#include "translations.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// Command-line options of both programs, parsed without an application object so that --help,
// --version and bad values work without a display, and so that tests can call the parsers.

enum class CommandLineAction { Run, ShowHelp, ShowVersion, Fail };

template<typename Options> struct ParsedCommandLine
{
    CommandLineAction action = CommandLineAction::Run;
    Options options;
    QString error; // one line naming the option, when action is Fail
};

// The port both programs use unless told otherwise; the one place it is written.
inline constexpr quint16 defaultPort = 22000;

struct ServerOptions
{
    QHostAddress address { QHostAddress::LocalHost };
    quint16 port = defaultPort;
    bool listen = false;
    bool headless = false;
    int threads = 0; // 0: one worker thread per core
    int maxClients = 10000;
    QString logFile; // every log line is also appended here, flushed per line
    bool addressGiven = false;
    bool portGiven = false;
};

struct ClientOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = defaultPort;
    bool connect = false;
    QString logFile; // every log line is also appended here, flushed per line
    bool hostGiven = false;
    bool portGiven = false;
};

// `arguments` includes the program name first, as QCoreApplication::arguments() does.
ParsedCommandLine<ServerOptions> parseServerOptions(const QStringList &arguments);
ParsedCommandLine<ClientOptions> parseClientOptions(const QStringList &arguments);

// The parsers as --help describes them.
void describeServerOptions(QCommandLineParser &parser);
void describeClientOptions(QCommandLineParser &parser);

// The program's arguments as QStrings (argv[0] first), without an application object.
QStringList argumentsFrom(int argc, char **argv);

// What both programs do with --help, --version and a bad value: print the help (stdout), the
// version (stdout) or one line naming the problem (stderr). Needs an application object.
// Returns the exit status: 0, or 2 for a bad value. `action` is not Run.
int printCommandLineAnswer(
    CommandLineAction action, const QString &error, void (*describeOptions)(QCommandLineParser &));

// Returns the exit status when the program should end now (--help, --version, a bad value),
// nothing when it should run. Only those answers need words, and none needs a display: so here
// a core application object (no display) is made, the user's language installed, and the
// command line parsed again, so that the help and the error are in that language. `parsed`
// was parsed before any application object existed, to learn whether the program runs.
template<typename Options>
std::optional<int> finishCommandLine(const ParsedCommandLine<Options> &parsed,
    ParsedCommandLine<Options> (*parse)(const QStringList &),
    void (*describeOptions)(QCommandLineParser &), int &argc, char **argv)
{
    if (parsed.action == CommandLineAction::Run)
        return std::nullopt;
    const QCoreApplication app(argc, argv);
    installTranslators();
    const auto inUserLanguage = parse(argumentsFrom(argc, argv));
    return printCommandLineAnswer(inUserLanguage.action, inUserLanguage.error, describeOptions);
}

// "any"/"all", "localhost" or an IPv4/IPv6 address; a null address when it is none of those.
QHostAddress parseListenAddress(const QString &text);
