#include "commandline.h"

#include "linelogfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

const QString CommandLine::portOption = QStringLiteral("port");
const QString CommandLine::logFileOption = QStringLiteral("log-file");

namespace {

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

} // namespace

void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
    parser.addVersionOption();
    addQtGuiOptions(parser);
}

void addLogFileOption(QCommandLineParser &parser, const QString &what)
{
    parser.addOption({ CommandLine::logFileOption, what, CommandLine::tr("path") });
}

QString readLogFile(const QCommandLineParser &parser, QString &logFile)
{
    if (!parser.isSet(CommandLine::logFileOption))
        return {};
    logFile = parser.value(CommandLine::logFileOption);
    if (logFile.trimmed().isEmpty())
        return CommandLine::tr("--log-file: the path is empty.");
    const QString problem = LineLogFile::problemWith(logFile);
    if (problem.isEmpty())
        return {};
    return CommandLine::tr("--log-file: %1").arg(problem);
}

QString readPort(const QCommandLineParser &parser, quint16 lowest, quint16 &port, bool &given)
{
    if (!parser.isSet(CommandLine::portOption))
        return {};
    const QString text = parser.value(CommandLine::portOption);
    bool ok = false;
    const uint value = text.trimmed().toUInt(&ok);
    if (!ok || value < lowest || value > 65535)
        return CommandLine::tr("--port: '%1' is not a port number (%2 to 65535).")
            .arg(text, QString::number(lowest));
    port = quint16(value);
    given = true;
    return {};
}

QString readCount(const QCommandLineParser &parser, const QString &option, int highest,
    const QString &error, int &count)
{
    if (!parser.isSet(option))
        return {};
    const QString text = parser.value(option);
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 1 || value > highest)
        return error.arg(text, QString::number(highest));
    count = value;
    return {};
}

bool parseStandardOptions(QCommandLineParser &parser, const QStringList &arguments,
    CommandLineAction &action, QString &error)
{
    if (!parser.parse(arguments)) {
        action = CommandLineAction::Fail;
        error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        action = CommandLineAction::ShowHelp;
        return false;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        action = CommandLineAction::ShowVersion;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        action = CommandLineAction::Fail;
        error = CommandLine::tr("Unexpected argument '%1'.")
                    .arg(parser.positionalArguments().constFirst());
        return false;
    }
    return true;
}

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
