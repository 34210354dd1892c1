#include "clientoptions.h"

#include "linklocal.h"

#include <QCommandLineParser>
#include <QHostAddress>

namespace {

const QString hostOption = QStringLiteral("host");
const QString connectOption = QStringLiteral("connect");
const QString udpOption = QStringLiteral("udp");

QString readHost(const QCommandLineParser &parser, ClientOptions &options)
{
    if (!parser.isSet(hostOption))
        return {};
    const QString text = parser.value(hostOption).trimmed();
    if (text.isEmpty() || text.contains(u' '))
        return CommandLine::tr("--host: '%1' is not a host name or address.").arg(text);
    if (const QString problem = linkLocalAddressProblem(QHostAddress(text)); !problem.isEmpty())
        return CommandLine::tr("--host: %1").arg(problem);
    options.host = text;
    options.hostGiven = true;
    return {};
}

QString readSwitches(const QCommandLineParser &parser, ClientOptions &options)
{
    options.connect = parser.isSet(connectOption);
    options.udp = parser.isSet(udpOption);
    return {};
}

} // namespace

void describeClientOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(CommandLine::tr(
        "Echo client (RFC 862): what you type goes to the server over TCP or UDP, and you see "
        "what comes back."));
    addCommonOptions(parser);
    parser.addOption({ hostOption,
        CommandLine::tr("Server host name or address (default %1).")
            .arg(QLatin1StringView(defaultHost)),
        CommandLine::tr("host") });
    parser.addOption({ CommandLine::portOption,
        CommandLine::tr("Server port (default %1).").arg(defaultPort), CommandLine::tr("port") });
    parser.addOption({ connectOption, CommandLine::tr("Connect at launch.") });
    parser.addOption({ udpOption,
        CommandLine::tr("Use UDP (RFC 862): each keystroke, line or hex entry is one datagram, "
                        "and each datagram's echo is checked.") });
    addLogFileOption(parser,
        CommandLine::tr(
            "Also append every state change, send, receipt and echo check to this file, as it "
            "happens."));
}

ParsedCommandLine<ClientOptions> parseClientOptions(const QStringList &arguments)
{
    return parseCommandLine<ClientOptions>(
        arguments, describeClientOptions, { readHost, readPortOf<1>, readSwitches, readLogFileOf });
}
