#include "serveroptions.h"

#include "linklocal.h"

#include <QCommandLineParser>
#include <QThread>

namespace {

const QString addressOption = QStringLiteral("address");
const QString listenOption = QStringLiteral("listen");
const QString headlessOption = QStringLiteral("headless");
const QString threadsOption = QStringLiteral("threads");
const QString maxClientsOption = QStringLiteral("max-clients");
const QString protocolsOption = QStringLiteral("protocols");

QString readAddress(const QCommandLineParser &parser, ServerOptions &options)
{
    if (!parser.isSet(addressOption))
        return {};
    const QString text = parser.value(addressOption);
    options.address = parseListenAddress(text);
    options.addressGiven = true;
    if (options.address.isNull()) {
        return CommandLine::tr("--address: '%1' is not an IP address (try 127.0.0.1, ::1 or any).")
            .arg(text);
    }
    if (const QString problem = linkLocalAddressProblem(options.address); !problem.isEmpty())
        return CommandLine::tr("--address: %1").arg(problem);
    return {};
}

QString readProtocols(const QCommandLineParser &parser, ServerOptions &options)
{
    if (!parser.isSet(protocolsOption))
        return {};
    const QString text = parser.value(protocolsOption);
    const std::optional<Transports> transports = parseTransports(text);
    if (!transports || !*transports)
        return CommandLine::tr("--protocols: '%1' is not tcp, udp or tcp,udp.").arg(text);
    options.transports = *transports;
    options.transportsGiven = true;
    return {};
}

QString readSwitches(const QCommandLineParser &parser, ServerOptions &options)
{
    options.listen = parser.isSet(listenOption);
    options.headless = parser.isSet(headlessOption);
    return {};
}

QString readThreads(const QCommandLineParser &parser, ServerOptions &options)
{
    return readCount(parser, threadsOption, mostWorkerThreads,
        CommandLine::tr("--threads: '%1' is not a thread count (1 to %2)."), options.threads);
}

QString readMaxClients(const QCommandLineParser &parser, ServerOptions &options)
{
    return readCount(parser, maxClientsOption, mostClients,
        CommandLine::tr("--max-clients: '%1' is not a client count (1 to %2)."),
        options.maxClients);
}

} // namespace

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
        CommandLine::tr("Echo server (RFC 862): every byte a TCP client sends, and every UDP "
                        "datagram, comes back to its sender unchanged."));
    addCommonOptions(parser);
    parser.addOption({ addressOption,
        CommandLine::tr(
            "Address to listen on: an IP address, 'localhost' (default) or 'any' for all "
            "interfaces."),
        CommandLine::tr("address") });
    parser.addOption({ CommandLine::portOption,
        CommandLine::tr("Port to listen on (default %1; 0 picks a free one).").arg(defaultPort),
        CommandLine::tr("port") });
    parser.addOption({ protocolsOption,
        CommandLine::tr("Echo services to open on the port: tcp, udp or tcp,udp (default)."),
        CommandLine::tr("list") });
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
            "Most TCP clients served at once; further connections are closed at once (default "
            "%1). UDP peers are not counted: they hold no connection.")
            .arg(defaultMaxClients),
        CommandLine::tr("count") });
    addLogFileOption(parser,
        CommandLine::tr(
            "Also append every line of the connection log to this file, as it happens."));
}

ParsedCommandLine<ServerOptions> parseServerOptions(const QStringList &arguments)
{
    return parseCommandLine<ServerOptions>(arguments, describeServerOptions,
        { readAddress, readPortOf<0>, readProtocols, readSwitches, readThreads, readMaxClients,
            readLogFileOf });
}
