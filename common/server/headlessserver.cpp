#include "headlessserver.h"

#include "echoserver.h"
#include "linelogfile.h"
#include "serverconsole.h"
#include "systemlimits.h"
#include "terminationsignals.h"
#include "translations.h"

#include <QCoreApplication>

#include <csignal>

namespace {

class HeadlessServer
{
    Q_DECLARE_TR_FUNCTIONS(HeadlessServer)
};

} // namespace

int runHeadless(int &argc, char **argv, const ServerOptions &options)
{
    // Standard output may be a pipe whose reader goes away (`| head`): writing to it then fails
    // with EPIPE and the console stops writing, instead of the signal ending the server.
    ::signal(SIGPIPE, SIG_IGN);
    tuneProcessForServing();
    QCoreApplication app(argc, argv);
    installTranslators();
    EchoServer server;
    server.setWorkerCount(options.threads);
    server.setMaxClients(options.maxClients);
    server.setTransports(options.transports);
    ServerConsole console(&server);
    LineLogFile logFile;
    if (!options.logFile.isEmpty()) {
        // The path was checked with the other options; this is a file that went away since.
        if (!logFile.open(options.logFile)) {
            return printCommandLineAnswer(CommandLineAction::Fail,
                HeadlessServer::tr("--log-file: cannot write '%1': %2")
                    .arg(options.logFile, logFile.errorString()),
                describeServerOptions);
        }
        console.setLogFile(&logFile);
    }
    if (!server.start(options.address, options.port))
        return 1; // the console has printed why
    TerminationSignals signals_;
    QObject::connect(&signals_, &TerminationSignals::received, &app, [&](int signalNumber) {
        console.printLine(HeadlessServer::tr("Signal %1 received: stopping").arg(signalNumber));
        server.stop();
        console.printTotals();
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}
