#pragma once

#include "translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <optional>

// What both programs' command lines have in common. The options are parsed without an
// application object so that --help, --version and bad values work without a display, and so
// that tests can call the parsers (serveroptions.h, clientoptions.h).

enum class CommandLineAction { Run, ShowHelp, ShowVersion, Fail };

template<typename Options> struct ParsedCommandLine
{
    CommandLineAction action = CommandLineAction::Run;
    Options options;
    QString error; // one line naming the option, when action is Fail
};

// The program's arguments as QStrings (argv[0] first), without an application object.
QStringList argumentsFrom(int argc, char **argv);

// What both programs do with --help, --version and a bad value: print the help (stdout), the
// version (stdout) or one line naming the problem (stderr). Needs an application object.
// Returns the exit status: 0, or 2 for a bad value. `action` is not Run.
int printCommandLineAnswer(
    CommandLineAction action, const QString &error, void (*describeOptions)(QCommandLineParser &));

// Returns the exit status when the program should end now (--help, --version, a bad value),
// nothing when it should run. Only those answers need words, and none needs a display: so here
// a core application object (no display) is made, the user's language installed, and the
// command line parsed again, so that the help and the error are in that language. `parsed`
// was parsed before any application object existed, to learn whether the program runs.
template<typename Options>
std::optional<int> finishCommandLine(const ParsedCommandLine<Options> &parsed,
    ParsedCommandLine<Options> (*parse)(const QStringList &),
    void (*describeOptions)(QCommandLineParser &), int &argc, char **argv)
{
    if (parsed.action == CommandLineAction::Run)
        return std::nullopt;
    const QCoreApplication app(argc, argv);
    installTranslators();
    const auto inUserLanguage = parse(argumentsFrom(argc, argv));
    return printCommandLineAnswer(inUserLanguage.action, inUserLanguage.error, describeOptions);
}

// How both programs' main() begins: names the program (for --version and the settings' path),
// parses its command line into `parsed` before any application object exists, so that --help,
// --version and bad values need no display, and answers those (finishCommandLine). Returns the
// exit status when the program should end now, nothing when it should run.
template<typename Options>
std::optional<int> startProgram(const QString &name, ParsedCommandLine<Options> &parsed,
    ParsedCommandLine<Options> (*parse)(const QStringList &),
    void (*describeOptions)(QCommandLineParser &), int &argc, char **argv)
{
    QCoreApplication::setApplicationName(name);
    QCoreApplication::setApplicationVersion(QStringLiteral(TCP_ECHO_VERSION));
    parsed = parse(argumentsFrom(argc, argv));
    return finishCommandLine(parsed, parse, describeOptions, argc, argv);
}

// The pieces both programs' parsers are made of.

// The translations' context for the command line's words, shared by both programs.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    static const QString portOption;
    static const QString logFileOption;
};

// --help, --version, and Qt's own GUI options (-platform offscreen, -style …), which are
// accepted and hidden from --help so that the same command line can go to both.
void addCommonOptions(QCommandLineParser &parser);
void addLogFileOption(QCommandLineParser &parser, const QString &what);

// Parses `arguments`; false when the answer is already known (help, version, a parse error or
// an unexpected argument), which `action` and `error` then say.
bool parseStandardOptions(QCommandLineParser &parser, const QStringList &arguments,
    CommandLineAction &action, QString &error);

// Reads what it is about from the parsed command line into the options; returns one line naming
// the option when its value is bad, an empty string when it is fine or not given.
template<typename Options> using OptionReader = QString (*)(const QCommandLineParser &, Options &);

// A program's parser: the options `describeOptions` adds, read in the readers' order. The first
// bad value ends it; the options read after it keep their defaults.
template<typename Options>
ParsedCommandLine<Options> parseCommandLine(const QStringList &arguments,
    void (*describeOptions)(QCommandLineParser &),
    std::initializer_list<OptionReader<Options>> readers)
{
    ParsedCommandLine<Options> result;
    QCommandLineParser parser;
    describeOptions(parser);
    if (!parseStandardOptions(parser, arguments, result.action, result.error))
        return result;
    for (const OptionReader<Options> read : readers) {
        result.error = read(parser, result.options);
        if (!result.error.isEmpty()) {
            result.action = CommandLineAction::Fail;
            break;
        }
    }
    return result;
}

// --port, when it is given, into `port` (and `given` set): a number from `lowest` to 65535.
QString readPort(const QCommandLineParser &parser, quint16 lowest, quint16 &port, bool &given);
// A count (--threads, --max-clients), when it is given, into `count`: a number from 1 to
// `highest`. `error` says what is wrong with a value (%1) that is not, and the range (%2).
QString readCount(const QCommandLineParser &parser, const QString &option, int highest,
    const QString &error, int &count);

// The --log-file value into `logFile` when it is given; returns the error when the value is
// empty or the path cannot be a log file (checked now, so that a window does not start only to
// lose its log), an empty string when it is fine.
QString readLogFile(const QCommandLineParser &parser, QString &logFile);

// The readers of what both programs' options have alike, for parseCommandLine's list.
// --port into options.port (and options.portGiven): a number from `lowest` to 65535.
template<quint16 lowest, typename Options>
QString readPortOf(const QCommandLineParser &parser, Options &options)
{
    return readPort(parser, lowest, options.port, options.portGiven);
}
// --log-file into options.logFile (readLogFile).
template<typename Options> QString readLogFileOf(const QCommandLineParser &parser, Options &options)
{
    return readLogFile(parser, options.logFile);
}
