#include "clientoptions.h"
#include "clientwindow.h"
#include "contrast.h"
#include "translations.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>

int main(int argc, char *argv[])
{
    ParsedCommandLine<ClientOptions> parsed;
    if (const auto status = startProgram(QStringLiteral("tcp-echo-client"), parsed,
            parseClientOptions, describeClientOptions, argc, argv))
        return *status;

    // The window's Wayland app id: docks match it to the .desktop file for its name and icon.
    QApplication::setDesktopFileName(QStringLiteral(TCP_ECHO_DESKTOP_FILE_NAME));
    QApplication app(argc, argv);
    QApplication::setPalette(withReadablePlaceholder(QApplication::palette()));
    installTranslators();
    QCoreApplication::setOrganizationName(QStringLiteral("tcp-echo"));
    QSettings settings;
    ClientWindow window(parsed.options, &settings);
    window.show();
    return QApplication::exec();
}
