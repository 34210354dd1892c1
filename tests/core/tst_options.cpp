#include "options.h"

#include <QTest>

class tst_Options : public QObject
{
    Q_OBJECT

private slots:
    void parsesServerCommandLines_data();
    void parsesServerCommandLines();
    void parsesClientCommandLines_data();
    void parsesClientCommandLines();
};

Q_DECLARE_METATYPE(CommandLineAction)

namespace {
QStringList split(const char *line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}
} // namespace

void tst_Options::parsesServerCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLineAction>("action");
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("listen");
    QTest::addColumn<QString>("error");

    const QHostAddress localhost(QHostAddress::LocalHost);
    const auto run = CommandLineAction::Run;
    const auto fail = CommandLineAction::Fail;
    QTest::newRow("defaults") << split("srv") << run << localhost << 22000 << false << "";
    QTest::newRow("port and listen")
        << split("srv --port 4000 --listen") << run << localhost << 4000 << true << "";
    QTest::newRow("port 0 picks one")
        << split("srv --port=0") << run << localhost << 0 << false << "";
    QTest::newRow("any") << split("srv --address any") << run << QHostAddress(QHostAddress::Any)
                         << 22000 << false << "";
    QTest::newRow("ipv6") << split("srv --address ::1") << run
                          << QHostAddress(QStringLiteral("::1")) << 22000 << false << "";
    QTest::newRow("qt's own options pass")
        << split("srv -platform offscreen --listen") << run << localhost << 22000 << true << "";
    QTest::newRow("help") << split("srv --help") << CommandLineAction::ShowHelp << localhost
                          << 22000 << false << "";
    QTest::newRow("version") << split("srv --version") << CommandLineAction::ShowVersion
                             << localhost << 22000 << false << "";
    QTest::newRow("port too big") << split("srv --port 70000") << fail << localhost << 22000
                                  << false << "--port: '70000' is not a port number (0 to 65535).";
    QTest::newRow("port not a number")
        << split("srv --port abc") << fail << localhost << 22000 << false
        << "--port: 'abc' is not a port number (0 to 65535).";
    QTest::newRow("bad address")
        << split("srv --address foo") << fail << QHostAddress() << 22000 << false
        << "--address: 'foo' is not an IP address (try 127.0.0.1, ::1 or any).";
    QTest::newRow("missing value") << split("srv --port") << fail << localhost << 22000 << false
                                   << "Missing value after '--port'.";
    QTest::newRow("unknown option") << split("srv --frobnicate") << fail << localhost << 22000
                                    << false << "Unknown option 'frobnicate'.";
    QTest::newRow("stray argument") << split("srv 22000") << fail << localhost << 22000 << false
                                    << "Unexpected argument '22000'.";
}

void tst_Options::parsesServerCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLineAction, action);
    QFETCH(QHostAddress, address);
    QFETCH(int, port);
    QFETCH(bool, listen);
    QFETCH(QString, error);

    const auto parsed = parseServerOptions(arguments);
    QCOMPARE(parsed.action, action);
    QCOMPARE(parsed.error, error);
    if (!address.isNull())
        QCOMPARE(parsed.options.address, address);
    QCOMPARE(int(parsed.options.port), port);
    QCOMPARE(parsed.options.listen, listen);
}

void tst_Options::parsesClientCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLineAction>("action");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("connect");
    QTest::addColumn<QString>("error");

    const auto run = CommandLineAction::Run;
    const auto fail = CommandLineAction::Fail;
    QTest::newRow("defaults") << split("cli") << run << "127.0.0.1" << 22000 << false << "";
    QTest::newRow("all given") << split("cli --host ::1 --port 5 --connect") << run << "::1" << 5
                               << true << "";
    QTest::newRow("host name") << split("cli --host=localhost") << run << "localhost" << 22000
                               << false << "";
    QTest::newRow("port 0 is no server port")
        << split("cli --port 0") << fail << "127.0.0.1" << 22000 << false
        << "--port: '0' is not a port number (1 to 65535).";
    QTest::newRow("negative port") << split("cli --port -1") << fail << "127.0.0.1" << 22000
                                   << false << "--port: '-1' is not a port number (1 to 65535).";
    QTest::newRow("version") << split("cli -v") << CommandLineAction::ShowVersion << "127.0.0.1"
                             << 22000 << false << "";
    QTest::newRow("help") << split("cli -h") << CommandLineAction::ShowHelp << "127.0.0.1" << 22000
                          << false << "";
}

void tst_Options::parsesClientCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLineAction, action);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, connect);
    QFETCH(QString, error);

    const auto parsed = parseClientOptions(arguments);
    QCOMPARE(parsed.action, action);
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.options.host, host);
    QCOMPARE(int(parsed.options.port), port);
    QCOMPARE(parsed.options.connect, connect);
}

QTEST_GUILESS_MAIN(tst_Options)
#include "tst_options.moc"
