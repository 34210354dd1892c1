#include "options.h"

#include "linelogfile.h"
#include "linklocal.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

#include <cstdio>
#include <optional>

namespace {

// The translations' context for the command line's words, shared by both programs.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

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
    parser.addOption({ logFileOption, what, CommandLine::tr("path") });
}

// The option's value, or an error naming it when the value is empty or the path cannot be a
// log file (checked now, so that a window does not start only to lose its log).
bool readLogFile(const QCommandLineParser &parser, QString &logFile, QString &error)
{
    if (!parser.isSet(logFileOption))
        return true;
    logFile = parser.value(logFileOption);
    if (logFile.trimmed().isEmpty()) {
        error = CommandLine::tr("--log-file: the path is empty.");
        return false;
    }
    const QString problem = LineLogFile::problemWith(logFile);
    if (problem.isEmpty())
        return true;
    error = CommandLine::tr("--log-file: %1").arg(problem);
    return false;
}

// Lines of QCommandLineParser's own that Qt 6.4's French translation (qtbase_fr) still lacks,
// having only their Qt 5 wording: listed here so that lupdate puts them in our translation,
// which is asked before Qt's.
[[maybe_unused]] constexpr const char *qtCommandLineTexts[] = {
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help on commandline options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Displays help including Qt specific options."),
    QT_TRANSLATE_NOOP("QCommandLineParser", "Unknown option '%1'."),
};

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
        result.error = CommandLine::tr("Unexpected argument '%1'.")
                           .arg(parser.positionalArguments().constFirst());
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

int printCommandLineAnswer(
    CommandLineAction action, const QString &error, void (*describeOptions)(QCommandLineParser &))
{
    Q_ASSERT(QCoreApplication::instance()); // QCommandLineParser::helpText() needs one
    const QByteArray name = QCoreApplication::applicationName().toLocal8Bit();
    switch (action) {
    case CommandLineAction::ShowHelp: {
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
            CommandLine::tr("Try '%1 --help'.")
                .arg(QString::fromLocal8Bit(name))
                .toLocal8Bit()
                .constData());
        return 2;
    case CommandLineAction::Run:
        break;
    }
    Q_ASSERT_X(false, "printCommandLineAnswer", "a command line that runs has no answer");
    return 0;
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
        CommandLine::tr("TCP echo server: every byte a client sends comes back to it unchanged."));
    addCommonOptions(parser);
    parser.addOption({ addressOption,
        CommandLine::tr(
            "Address to listen on: an IP address, 'localhost' (default) or 'any' for all "
            "interfaces."),
        CommandLine::tr("address") });
    parser.addOption(
        { portOption, CommandLine::tr("Port to listen on (default 22000; 0 picks a free one)."),
            CommandLine::tr("port") });
    parser.addOption({ listenOption, CommandLine::tr("Start listening at launch.") });
    parser.addOption({ headlessOption,
        CommandLine::tr(
            "Run without a window: listen at once, print one line per event, stop on Ctrl+C or "
            "SIGTERM.") });
    parser.addOption({ threadsOption,
        CommandLine::tr("Worker threads that echo (default: one per core, %1 here).")
            .arg(QThread::idealThreadCount()),
        CommandLine::tr("count") });
    parser.addOption({ maxClientsOption,
        CommandLine::tr(
            "Most clients served at once; further connections are closed at once (default "
            "10000)."),
        CommandLine::tr("count") });
    addLogFileOption(parser,
        CommandLine::tr(
            "Also append every line of the connection log to this file, as it happens."));
}

void describeClientOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(CommandLine::tr(
        "TCP echo client: what you type goes to the server, and you see what comes back."));
    addCommonOptions(parser);
    parser.addOption(
        { hostOption, CommandLine::tr("Server host name or address (default 127.0.0.1)."),
            CommandLine::tr("host") });
    parser.addOption(
        { portOption, CommandLine::tr("Server port (default 22000)."), CommandLine::tr("port") });
    parser.addOption({ connectOption, CommandLine::tr("Connect at launch.") });
    addLogFileOption(parser,
        CommandLine::tr(
            "Also append every state change, send, receipt and echo check to this file, as it "
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
                CommandLine::tr("--address: '%1' is not an IP address (try 127.0.0.1, ::1 or any).")
                    .arg(text));
            return result;
        }
        if (const QString problem = linkLocalAddressProblem(options.address); !problem.isEmpty()) {
            fail(result, CommandLine::tr("--address: %1").arg(problem));
            return result;
        }
    }
    if (parser.isSet(portOption)) {
        const QString text = parser.value(portOption);
        const auto port = parsePort(text, 0);
        if (!port) {
            fail(result,
                CommandLine::tr("--port: '%1' is not a port number (0 to 65535).").arg(text));
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
                CommandLine::tr("--threads: '%1' is not a thread count (1 to %2).")
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
                CommandLine::tr("--max-clients: '%1' is not a client count (1 to %2).")
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
            fail(result, CommandLine::tr("--host: '%1' is not a host name or address.").arg(text));
            return result;
        }
        if (const QString problem = linkLocalAddressProblem(QHostAddress(text));
            !problem.isEmpty()) {
            fail(result, CommandLine::tr("--host: %1").arg(problem));
            return result;
        }
        options.host = text;
        options.hostGiven = true;
    }
    if (parser.isSet(portOption)) {
        const QString text = parser.value(portOption);
        const auto port = parsePort(text, 1);
        if (!port) {
            fail(result,
                CommandLine::tr("--port: '%1' is not a port number (1 to 65535).").arg(text));
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
