#include "contrast.h"
#include "headlessserver.h"
#include "serveroptions.h"
#include "serverwindow.h"
#include "systemlimits.h"
#include "translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>

int main(int argc, char *argv[])
{
    ParsedCommandLine<ServerOptions> parsed;
    if (const auto status = startProgram(QStringLiteral("tcp-echo-server"), parsed,
            parseServerOptions, describeServerOptions, argc, argv))
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
