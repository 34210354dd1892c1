#include "contrast.h"
#include "echoserver.h"
#include "linelogfile.h"
#include "serverconsole.h"
#include "serveroptions.h"
#include "serverwindow.h"
#include "systemlimits.h"
#include "terminationsignals.h"
#include "translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>

namespace {

// The same engine with no window and no display: events on stdout, Ctrl+C or SIGTERM stops it.
int runHeadless(int &argc, char **argv, const ServerOptions &options)
{
    tuneProcessForServing();
    QCoreApplication app(argc, argv);
    installTranslators();
    EchoServer server;
    server.setWorkerCount(options.threads);
    server.setMaxClients(options.maxClients);
    ServerConsole console(&server);
    LineLogFile logFile;
    if (!options.logFile.isEmpty()) {
        // The path was checked with the other options; this is a file that went away since.
        if (!logFile.open(options.logFile)) {
            return printCommandLineAnswer(CommandLineAction::Fail,
                QCoreApplication::translate("main", "--log-file: cannot write '%1': %2")
                    .arg(options.logFile, logFile.errorString()),
                describeServerOptions);
        }
        console.setLogFile(&logFile);
    }
    if (!server.start(options.address, options.port))
        return 1; // the console has printed why
    TerminationSignals signals_;
    QObject::connect(&signals_, &TerminationSignals::received, &app, [&](int signalNumber) {
        console.printLine(
            QCoreApplication::translate("main", "Signal %1 received: stopping").arg(signalNumber));
        server.stop();
        console.printTotals();
        QCoreApplication::quit();
    });
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tcp-echo-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCP_ECHO_VERSION));

    // Parsed before any application object, so --help, --version and bad values need no display.
    const auto parsed = parseServerOptions(argumentsFrom(argc, argv));
    if (const auto status =
            finishCommandLine(parsed, parseServerOptions, describeServerOptions, argc, argv))
        return *status;
    const QString appName = QCoreApplication::applicationName();

    // Each client costs a descriptor; the usual soft limit of 1024 would refuse clients early.
    raiseOpenFileLimit();
    if (parsed.options.headless)
        return runHeadless(argc, argv, parsed.options);

    // The window's Wayland app id: docks match it to the .desktop file for its name and icon.
    QApplication::setDesktopFileName(QStringLiteral(TCP_ECHO_DESKTOP_FILE_NAME));
    QApplication app(argc, argv);
    QApplication::setPalette(withReadablePlaceholder(QApplication::palette()));
    installTranslators();
    tuneProcessForServing(); // after the application: the GUI thread keeps the desktop's loop
    QSettings settings(QStringLiteral("tcp-echo"), appName);
    ServerWindow window(parsed.options, &settings);
    window.show();
    return app.exec();
}
