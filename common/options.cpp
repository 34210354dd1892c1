#include "options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <optional>

namespace {

const QString addressOption = QStringLiteral("address");
const QString portOption = QStringLiteral("port");
const QString listenOption = QStringLiteral("listen");
const QString headlessOption = QStringLiteral("headless");
const QString threadsOption = QStringLiteral("threads");
const QString maxClientsOption = QStringLiteral("max-clients");
const QString hostOption = QStringLiteral("host");
const QString connectOption = QStringLiteral("connect");
const QString logFileOption = QStringLiteral("log-file");

void addLogFileOption(QCommandLineParser &parser, const QString &what)
{
    parser.addOption({ logFileOption, what, QCoreApplication::translate("Options", "path") });
}

// The option's value, or an error naming it when the value is empty.
bool readLogFile(const QCommandLineParser &parser, QString &logFile, QString &error)
{
    if (!parser.isSet(logFileOption))
        return true;
    logFile = parser.value(logFileOption);
    if (!logFile.trimmed().isEmpty())
        return true;
    error = QCoreApplication::translate("Options", "--log-file: the path is empty.");
    return false;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Options", text);
}

// The options Qt's GUI application object takes for itself (-platform offscreen, -style …):
// accepted here, hidden from --help, so the same command line can go to both.
void addQtGuiOptions(QCommandLineParser &parser)
{
    const QStringList withValue { QStringLiteral("platform"), QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"), QStringLiteral("plugin"),
        QStringLiteral("qwindowgeometry"), QStringLiteral("geometry"),
        QStringLiteral("qwindowtitle"), QStringLiteral("title"), QStringLiteral("qwindowicon"),
        QStringLiteral("icon"), QStringLiteral("display"), QStringLiteral("style"),
        QStringLiteral("stylesheet"), QStringLiteral("session") };
    const QStringList flags { QStringLiteral("reverse"), QStringLiteral("widgetcount"),
        QStringLiteral("nograb"), QStringLiteral("dograb"), QStringLiteral("sync") };
    for (const QString &name : withValue) {
        QCommandLineOption option(name, QString(), QStringLiteral("value"));
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
    for (const QString &name : flags) {
        QCommandLineOption option(name);
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addVersionOption();
    addQtGuiOptions(parser);
}

std::optional<quint16> parsePort(const QString &text, quint16 lowest)
{
    bool ok = false;
    const uint value = text.trimmed().toUInt(&ok);
    if (!ok || value < lowest || value > 65535)
        return std::nullopt;
    return quint16(value);
}

constexpr int maxThreads = 256;
constexpr int maxClientsLimit = 1000000;

std::optional<int> parseCount(const QString &text, int highest)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 1 || value > highest)
        return std::nullopt;
    return value;
}

template<typename Options>
bool handleStandardOptions(
    QCommandLineParser &parser, const QStringList &arguments, ParsedCommandLine<Options> &result)
{
    if (!parser.parse(arguments)) {
        result.action = CommandLineAction::Fail;
        result.error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        result.action = CommandLineAction::ShowHelp;
        return false;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        result.action = CommandLineAction::ShowVersion;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.action = CommandLineAction::Fail;
        result.error =
            tr("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst());
        return false;
    }
    return true;
}

template<typename Options> void fail(ParsedCommandLine<Options> &result, const QString &error)
{
    result.action = CommandLineAction::Fail;
    result.error = error;
}

} // namespace

QStringList argumentsFrom(int argc, char **argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

std::optional<int> finishCommandLine(CommandLineAction action, const QString &error,
    void (*describeOptions)(QCommandLineParser &), int &argc, char **argv)
{
    const QByteArray name = QCoreApplication::applicationName().toLocal8Bit();
    switch (action) {
    case CommandLineAction::ShowHelp: {
        // QCommandLineParser::helpText() needs an application object; a core one needs no display.
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describeOptions(parser);
        std::fputs(parser.helpText().toLocal8Bit().constData(), stdout);
        return 0;
    }
    case CommandLineAction::ShowVersion:
        std::printf("%s %s\n", name.constData(),
            QCoreApplication::applicationVersion().toLocal8Bit().constData());
        return 0;
    case CommandLineAction::Fail:
        std::fprintf(stderr, "%s: %s\n%s\n", name.constData(), error.toLocal8Bit().constData(),
            tr("Try '%1 --help'.").arg(QString::fromLocal8Bit(name)).toLocal8Bit().constData());
        return 2;
    case CommandLineAction::Run:
        break;
    }
    return std::nullopt;
}

QHostAddress parseListenAddress(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == u"any" || value == u"all" || value == u"*")
        return QHostAddress(QHostAddress::Any);
    if (value == u"localhost")
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(value))
        return {};
    return address;
}

void describeServerOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("TCP echo server: every byte a client sends comes back to it unchanged."));
    addCommonOptions(parser);
    parser.addOption({ addressOption,
        tr("Address to listen on: an IP address, 'localhost' (default) or 'any' for all "
           "interfaces."),
        tr("address") });
    parser.addOption(
        { portOption, tr("Port to listen on (default 22000; 0 picks a free one)."), tr("port") });
    parser.addOption({ listenOption, tr("Start listening at launch.") });
    parser.addOption({ headlessOption,
        tr("Run without a window: listen at once, print one line per event, stop on Ctrl+C or "
           "SIGTERM.") });
    parser.addOption({ threadsOption,
        tr("Worker threads that echo (default: one per core, %1 here).")
            .arg(QThread::idealThreadCount()),
        tr("count") });
    parser.addOption({ maxClientsOption,
        tr("Most clients served at once; further connections are closed at once (default "
           "10000)."),
        tr("count") });
    addLogFileOption(
        parser, tr("Also append every line of the connection log to this file, as it happens."));
}

void describeClientOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("TCP echo client: what you type goes to the server, and you see what comes back."));
    addCommonOptions(parser);
    parser.addOption(
        { hostOption, tr("Server host name or address (default 127.0.0.1)."), tr("host") });
    parser.addOption({ portOption, tr("Server port (default 22000)."), tr("port") });
    parser.addOption({ connectOption, tr("Connect at launch.") });
    addLogFileOption(parser,
        tr("Also append every state change, send, receipt and echo check to this file, as it "
           "happens."));
}

ParsedCommandLine<ServerOptions> parseServerOptions(const QStringList &arguments)
{
    ParsedCommandLine<ServerOptions> result;
    QCommandLineParser parser;
    describeServerOptions(parser);
    if (!handleStandardOptions(parser, arguments, result))
        return result;

    ServerOptions &options = result.options;
    if (parser.isSet(addressOption)) {
        const QString text = parser.value(addressOption);
        options.address = parseListenAddress(text);
        options.addressGiven = true;
        if (options.address.isNull()) {
            fail(result,
                tr("--address: '%1' is not an IP address (try 127.0.0.1, ::1 or any).").arg(text));
            return result;
        }
    }
    if (parser.isSet(portOption)) {
        const QString text = parser.value(portOption);
        const auto port = parsePort(text, 0);
        if (!port) {
            fail(result, tr("--port: '%1' is not a port number (0 to 65535).").arg(text));
            return result;
        }
        options.port = *port;
        options.portGiven = true;
    }
    options.listen = parser.isSet(listenOption);
    options.headless = parser.isSet(headlessOption);
    if (parser.isSet(threadsOption)) {
        const auto threads = parseCount(parser.value(threadsOption), maxThreads);
        if (!threads) {
            fail(result,
                tr("--threads: '%1' is not a thread count (1 to %2).")
                    .arg(parser.value(threadsOption))
                    .arg(maxThreads));
            return result;
        }
        options.threads = *threads;
    }
    if (parser.isSet(maxClientsOption)) {
        const auto count = parseCount(parser.value(maxClientsOption), maxClientsLimit);
        if (!count) {
            fail(result,
                tr("--max-clients: '%1' is not a client count (1 to %2).")
                    .arg(parser.value(maxClientsOption))
                    .arg(maxClientsLimit));
            return result;
        }
        options.maxClients = *count;
    }
    QString error;
    if (!readLogFile(parser, options.logFile, error))
        fail(result, error);
    return result;
}

ParsedCommandLine<ClientOptions> parseClientOptions(const QStringList &arguments)
{
    ParsedCommandLine<ClientOptions> result;
    QCommandLineParser parser;
    describeClientOptions(parser);
    if (!handleStandardOptions(parser, arguments, result))
        return result;

    ClientOptions &options = result.options;
    if (parser.isSet(hostOption)) {
        const QString text = parser.value(hostOption).trimmed();
        if (text.isEmpty() || text.contains(u' ')) {
            fail(result, tr("--host: '%1' is not a host name or address.").arg(text));
            return result;
        }
        options.host = text;
        options.hostGiven = true;
    }
    if (parser.isSet(portOption)) {
        const QString text = parser.value(portOption);
        const auto port = parsePort(text, 1);
        if (!port) {
            fail(result, tr("--port: '%1' is not a port number (1 to 65535).").arg(text));
            return result;
        }
        options.port = *port;
        options.portGiven = true;
    }
    options.connect = parser.isSet(connectOption);
    QString error;
    if (!readLogFile(parser, options.logFile, error))
        fail(result, error);
    return result;
}
