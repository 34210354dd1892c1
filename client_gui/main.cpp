#include "clientwindow.h"
#include "options.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("tcp-echo-client"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCP_ECHO_VERSION));

    // Parsed before any GUI application exists, so --help, --version and mistakes need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const auto parsed = parseClientOptions(arguments);
    const QString name = QCoreApplication::applicationName();

    switch (parsed.action) {
    case CommandLineAction::ShowHelp: {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describeClientOptions(parser);
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    case CommandLineAction::ShowVersion:
        std::printf(
            "%s %s\n", qPrintable(name), qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    case CommandLineAction::Fail:
        std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", qPrintable(name),
            qPrintable(parsed.error), qPrintable(name));
        return 2;
    case CommandLineAction::Run:
        break;
    }

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("tcp-echo"));
    QSettings settings;
    ClientWindow window(parsed.options, &settings);
    window.show();
    return QApplication::exec();
}
