#include "options.h"
#include "serverwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tcp-echo-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCP_ECHO_VERSION));

    // Parsed before any application object, so --help, --version and bad values need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const auto parsed = parseServerOptions(arguments);
    const QString appName = QCoreApplication::applicationName();

    switch (parsed.action) {
    case CommandLineAction::ShowHelp: {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describeServerOptions(parser);
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    case CommandLineAction::ShowVersion:
        std::printf("%s %s\n", qPrintable(appName), TCP_ECHO_VERSION);
        return 0;
    case CommandLineAction::Fail:
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", qPrintable(appName),
            qPrintable(parsed.error), qPrintable(appName));
        return 2;
    case CommandLineAction::Run:
        break;
    }

    QApplication app(argc, argv);
    ServerWindow window(parsed.options);
    window.show();
    return app.exec();
}
