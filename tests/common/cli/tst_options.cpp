#include "clientoptions.h"
#include "serveroptions.h"

#include <QFile>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class tst_Options : public QObject
{
    Q_OBJECT

private slots:
    void parsesServerCommandLines_data();
    void parsesServerCommandLines();
    void parsesTheServersProtocols_data();
    void parsesTheServersProtocols();
    void parsesClientCommandLines_data();
    void parsesClientCommandLines();
    void checksTheLogFileBeforeRunning_data();
    void checksTheLogFileBeforeRunning();
    void linkLocalAddressesNeedTheirInterface_data();
    void linkLocalAddressesNeedTheirInterface();
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
    QTest::newRow("no threads") << split("srv --threads 0") << fail << localhost << 22000 << false
                                << "--threads: '0' is not a thread count (1 to 256).";
    // What the user typed is quoted as it is, even when it looks like a placeholder.
    QTest::newRow("threads like a placeholder")
        << split("srv --threads %1") << fail << localhost << 22000 << false
        << "--threads: '%1' is not a thread count (1 to 256).";
    QTest::newRow("too many clients")
        << split("srv --max-clients 1000001") << fail << localhost << 22000 << false
        << "--max-clients: '1000001' is not a client count (1 to 1000000).";
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

void tst_Options::parsesTheServersProtocols_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("transports");
    QTest::addColumn<bool>("given");
    QTest::addColumn<QString>("error");
    const int tcp = int(Transport::Tcp);
    const int udp = int(Transport::Udp);
    QTest::newRow("both unless told") << split("srv") << (tcp | udp) << false << "";
    QTest::newRow("tcp") << split("srv --protocols tcp") << tcp << true << "";
    QTest::newRow("udp") << split("srv --protocols=udp") << udp << true << "";
    QTest::newRow("both, any order and case")
        << split("srv --protocols UDP,tcp") << (tcp | udp) << true << "";
    QTest::newRow("spaces around the names")
        << QStringList { "srv", "--protocols", " tcp , udp " } << (tcp | udp) << true << "";
    QTest::newRow("twice the same") << split("srv --protocols udp,udp") << udp << true << "";
    QTest::newRow("unknown name") << split("srv --protocols sctp") << (tcp | udp) << false
                                  << "--protocols: 'sctp' is not tcp, udp or tcp,udp.";
    QTest::newRow("empty") << QStringList { "srv", "--protocols", "" } << (tcp | udp) << false
                           << "--protocols: '' is not tcp, udp or tcp,udp.";
    QTest::newRow("an empty name in the list")
        << split("srv --protocols tcp,") << (tcp | udp) << false
        << "--protocols: 'tcp,' is not tcp, udp or tcp,udp.";
}

void tst_Options::parsesTheServersProtocols()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, transports);
    QFETCH(bool, given);
    QFETCH(QString, error);

    const auto parsed = parseServerOptions(arguments);
    QCOMPARE(parsed.action, error.isEmpty() ? CommandLineAction::Run : CommandLineAction::Fail);
    QCOMPARE(parsed.error, error);
    QCOMPARE(int(parsed.options.transports), transports);
    QCOMPARE(parsed.options.transportsGiven, given);
    // Written back as the settings store it, it reads the same.
    QCOMPARE(parseTransports(transportsText(parsed.options.transports)),
        std::optional<Transports>(parsed.options.transports));
}

void tst_Options::parsesClientCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLineAction>("action");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("connect");
    QTest::addColumn<bool>("udp");
    QTest::addColumn<QString>("error");

    const auto run = CommandLineAction::Run;
    const auto fail = CommandLineAction::Fail;
    QTest::newRow("defaults") << split("cli") << run << "127.0.0.1" << 22000 << false << false
                              << "";
    QTest::newRow("all given") << split("cli --host ::1 --port 5 --connect") << run << "::1" << 5
                               << true << false << "";
    QTest::newRow("udp") << split("cli --udp --connect") << run << "127.0.0.1" << 22000 << true
                         << true << "";
    QTest::newRow("host name") << split("cli --host=localhost") << run << "localhost" << 22000
                               << false << false << "";
    QTest::newRow("port 0 is no server port")
        << split("cli --port 0") << fail << "127.0.0.1" << 22000 << false << false
        << "--port: '0' is not a port number (1 to 65535).";
    QTest::newRow("negative port")
        << split("cli --port -1") << fail << "127.0.0.1" << 22000 << false << false
        << "--port: '-1' is not a port number (1 to 65535).";
    QTest::newRow("version") << split("cli -v") << CommandLineAction::ShowVersion << "127.0.0.1"
                             << 22000 << false << false << "";
    QTest::newRow("help") << split("cli -h") << CommandLineAction::ShowHelp << "127.0.0.1" << 22000
                          << false << false << "";
}

void tst_Options::parsesClientCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLineAction, action);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, connect);
    QFETCH(bool, udp);
    QFETCH(QString, error);

    const auto parsed = parseClientOptions(arguments);
    QCOMPARE(parsed.action, action);
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.options.host, host);
    QCOMPARE(int(parsed.options.port), port);
    QCOMPARE(parsed.options.connect, connect);
    QCOMPARE(parsed.options.udp, udp);
}

void tst_Options::checksTheLogFileBeforeRunning_data()
{
    // "{dir}" stands for a fresh temporary folder.
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("error");
    QTest::newRow("new file") << "{dir}/new.log"
                              << "";
    QTest::newRow("existing file") << "{dir}/existing.log"
                                   << "";
    QTest::newRow("link to a file") << "{dir}/link.log"
                                    << "";
    QTest::newRow("folder") << "{dir}"
                            << "--log-file: '{dir}' is not a regular file.";
    // procfs says it is a regular file, takes the open (as root) and fails every write.
    QTest::newRow("kernel file") << "/proc/version"
                                 << "--log-file: '/proc/version' is not a regular file.";
    QTest::newRow("device") << "/dev/null"
                            << "--log-file: '/dev/null' is not a regular file.";
    // Opening a pipe to write would wait for a reader: it must be refused without opening.
    QTest::newRow("pipe") << "{dir}/pipe"
                          << "--log-file: '{dir}/pipe' is not a regular file.";
    QTest::newRow("no such folder") << "{dir}/none/x.log"
                                    << "--log-file: cannot create '{dir}/none/x.log': there is no "
                                       "folder {dir}/none.";
}

void tst_Options::checksTheLogFileBeforeRunning()
{
    QFETCH(QString, path);
    QFETCH(QString, error);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString dir = directory.path();
    path.replace(QStringLiteral("{dir}"), dir);
    error.replace(QStringLiteral("{dir}"), dir);
    QFile existing(dir + QStringLiteral("/existing.log"));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    QCOMPARE(existing.write("kept\n"), 5);
    existing.close();
    QVERIFY(QFile::link(existing.fileName(), dir + QStringLiteral("/link.log")));
    QCOMPARE(::mkfifo(QFile::encodeName(dir + QStringLiteral("/pipe")).constData(), 0600), 0);

    const QStringList arguments { QStringLiteral("--log-file"), path };
    const auto server = parseServerOptions(QStringList { QStringLiteral("srv") } + arguments);
    const auto client = parseClientOptions(QStringList { QStringLiteral("cli") } + arguments);
    QCOMPARE(server.error, error);
    QCOMPARE(client.error, error);
    const auto expected = error.isEmpty() ? CommandLineAction::Run : CommandLineAction::Fail;
    QCOMPARE(server.action, expected);
    QCOMPARE(client.action, expected);
    // Checking changes nothing: no file is created, none is written.
    QCOMPARE(QFile::exists(dir + QStringLiteral("/new.log")), false);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("kept\n"));
}

void tst_Options::linkLocalAddressesNeedTheirInterface_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("errorStart");
    // Only parsed here: nothing is sent to these addresses.
    QTest::newRow("server, no interface")
        << split("srv --address fe80::1")
        << "--address: 'fe80::1' is a link-local address, which needs its network interface: for "
           "example fe80::1%";
    QTest::newRow("client, no interface")
        << split("cli --host fe80::1")
        << "--host: 'fe80::1' is a link-local address, which needs its network interface: for "
           "example fe80::1%";
    QTest::newRow("server, unknown interface")
        << split("srv --address fe80::1%nosuchif7")
        << "--address: 'fe80::1%nosuchif7': this machine has no network interface 'nosuchif7' "
           "(for example fe80::1%";
    QTest::newRow("server, with its interface") << split("srv --address fe80::1%lo") << "";
    QTest::newRow("client, with its interface") << split("cli --host fe80::1%lo") << "";
    QTest::newRow("IPv4 link-local needs none") << split("srv --address 169.254.1.1") << "";
    QTest::newRow("host name") << split("cli --host fe80") << "";
}

void tst_Options::linkLocalAddressesNeedTheirInterface()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, errorStart);
    CommandLineAction action = CommandLineAction::Fail;
    QString error;
    QString scope;
    if (arguments.constFirst() == u"srv") {
        const auto parsed = parseServerOptions(arguments);
        action = parsed.action;
        error = parsed.error;
        scope = parsed.options.address.scopeId();
    } else {
        const auto parsed = parseClientOptions(arguments);
        action = parsed.action;
        error = parsed.error;
        scope = QHostAddress(parsed.options.host).scopeId();
    }
    if (errorStart.isEmpty()) {
        QCOMPARE(error, QString());
        QCOMPARE(action, CommandLineAction::Run);
        if (arguments.constLast().endsWith(QStringLiteral("%lo")))
            QCOMPARE(scope, QStringLiteral("lo"));
        return;
    }
    QCOMPARE(action, CommandLineAction::Fail);
    QVERIFY2(error.startsWith(errorStart), qPrintable(error));
    QVERIFY2(error.endsWith(u'.') || error.endsWith(QStringLiteral(").")), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
}

QTEST_GUILESS_MAIN(tst_Options)
#include "tst_options.moc"
