#include "clientwindow.h"
#include "options.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tcp-echo-client"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCP_ECHO_VERSION));

    // Parsed before any GUI application exists, so --help, --version and mistakes need no display.
    const auto parsed = parseClientOptions(argumentsFrom(argc, argv));
    if (const auto status =
            finishCommandLine(parsed.action, parsed.error, describeClientOptions, argc, argv))
        return *status;

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("tcp-echo"));
    QSettings settings;
    ClientWindow window(parsed.options, &settings);
    window.show();
    return QApplication::exec();
}
