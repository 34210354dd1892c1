#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <vector>

// The real executable in headless mode, as a service manager or a shell script would run it.
class tst_Headless : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void printsEventsAndStopsCleanlyOnSignal_data();
    void printsEventsAndStopsCleanlyOnSignal();
    void refusesClientsPastTheLimit();
    void servesClientsAfterAStormOfResets();
    void saysWhenThePortIsTaken();
    void servesTheProtocolsItIsAskedFor_data();
    void servesTheProtocolsItIsAskedFor();
    void needsNoDisplay();
    void appendsEveryLineToTheLogFile();
    void writesTheConsoleWhereverStandardOutputGoes_data();
    void writesTheConsoleWhereverStandardOutputGoes();
    void keepsEchoingWhileStandardOutputIsNotRead();
    void keepsEchoingAfterStandardOutputsReaderLeft();
    void answersTheCommandLineWithoutADisplay_data();
    void answersTheCommandLineWithoutADisplay();
    void refusesALinkLocalAddressWithoutItsInterface();
    void listensOnALinkLocalAddressWithItsInterface();

private:
    bool startServer(const QStringList &extraArguments = {});
    // Starts the server with its stdout at `path`; the port comes from its --log-file.
    bool startServerWithOutputTo(const QString &path, QProcess &server, const QTemporaryDir &dir);
    QString output() const { return m_output; }

    QProcess m_server;
    QString m_output;
    quint16 m_port = 0;
};

void tst_Headless::init()
{
    m_output.clear();
    m_port = 0;
    m_server.setProgram(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE));
    // What the server says on stderr (a sanitizer's report, say) belongs in the test's output.
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(&m_server, &QProcess::readyReadStandardOutput, this,
        [this] { m_output += QString::fromLocal8Bit(m_server.readAllStandardOutput()); });
}

void tst_Headless::cleanup()
{
    disconnect(&m_server, nullptr, this, nullptr);
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished();
    }
}

bool tst_Headless::startServer(const QStringList &extraArguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    m_server.setProcessEnvironment(environment);
    m_server.setArguments(QStringList { QStringLiteral("--headless"), QStringLiteral("--port"),
                              QStringLiteral("0") } +
        extraArguments);
    m_server.start();
    if (!m_server.waitForStarted())
        return false;
    // "Listening on" for TCP, "Serving UDP on" when UDP alone is served.
    static const QRegularExpression listening(
        QStringLiteral("(?:Listening|Serving UDP) on 127\\.0\\.0\\.1:(\\d+)"));
    if (!QTest::qWaitFor([this] { return listening.match(m_output).hasMatch(); }, 10000))
        return false;
    m_port = quint16(listening.match(m_output).captured(1).toUInt());
    return m_port != 0;
}

void tst_Headless::printsEventsAndStopsCleanlyOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void tst_Headless::printsEventsAndStopsCleanlyOnSignal()
{
    QFETCH(int, signalNumber);
    QVERIFY(startServer({ QStringLiteral("--threads"), QStringLiteral("3") }));
    QVERIFY(m_output.contains(QStringLiteral("with 3 worker threads")));

    QTcpSocket leaving;
    leaving.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(leaving.waitForConnected());
    const QByteArray payload("bytes\0and\xff", 10);
    leaving.write(payload);
    QByteArray echoed;
    QTRY_VERIFY((echoed += leaving.readAll()).size() == payload.size());
    QCOMPARE(echoed, payload);
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(leaving.localPort());
    leaving.disconnectFromHost();
    QTRY_VERIFY(m_output.contains(endpoint + QStringLiteral(": closed the connection")));
    QVERIFY(m_output.contains(endpoint + QStringLiteral(": connection accepted")));

    QTcpSocket staying;
    staying.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(staying.waitForConnected());
    staying.write("xyz");
    QTRY_COMPARE(staying.bytesAvailable(), 3);

    ::kill(pid_t(m_server.processId()), signalNumber);
    QVERIFY(m_server.waitForFinished(10000));
    m_output += QString::fromLocal8Bit(m_server.readAllStandardOutput());
    QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_server.exitCode(), 0);
    QVERIFY(m_output.contains(QStringLiteral("disconnected because the server stopped")));
    QVERIFY2(m_output.contains(
                 QStringLiteral("Totals: 2 clients served, 13 bytes received, 13 bytes echoed")),
        qPrintable(m_output));
    QTRY_COMPARE(staying.state(), QAbstractSocket::UnconnectedState);
}

void tst_Headless::refusesClientsPastTheLimit()
{
    QVERIFY(startServer({ QStringLiteral("--max-clients"), QStringLiteral("1") }));
    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(first.waitForConnected());
    QTRY_VERIFY(m_output.contains(QStringLiteral("connection accepted")));
    QTcpSocket second;
    second.connectToHost(QHostAddress::LocalHost, m_port);
    QTRY_COMPARE(second.state(), QAbstractSocket::UnconnectedState);
    QTRY_VERIFY(m_output.contains(
        QStringLiteral("Refused 1 connection: the limit of 1 clients is reached.")));
}

void tst_Headless::servesClientsAfterAStormOfResets()
{
    constexpr int limit = 5;
    constexpr int resets = 200;
    QVERIFY(startServer({ QStringLiteral("--max-clients"), QString::number(limit) }));
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const linger hard { 1, 0 };
    for (int i = 0; i < resets; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        const auto closeIt = qScopeGuard([fd] { ::close(fd); });
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
    }

    // Each reset connection is told once: as lost before it was served (in lines that count
    // them), or, if the server took it over before the reset came, as a client that arrived and
    // left (in a line of its own or in the line that tells a busy second), or was refused while
    // such clients filled the places. None of them stays counted.
    static const QRegularExpression lostMany(
        QStringLiteral("(\\d+) clients reset their connection before they were served\\."));
    static const QRegularExpression refusedMany(QStringLiteral("Refused (\\d+) connections"));
    static const QRegularExpression leftInASecond(
        QStringLiteral("In the last second: .*\\b(\\d+) clients? left"));
    const auto refused = [this] {
        int count = int(m_output.count(QStringLiteral("Refused 1 connection:")));
        for (const auto &match : refusedMany.globalMatch(m_output))
            count += match.captured(1).toInt();
        return count;
    };
    const auto accounted = [this, &refused] {
        int count = int(
            m_output.count(QStringLiteral("A client reset its connection before it was served.")));
        for (const auto &match : lostMany.globalMatch(m_output))
            count += match.captured(1).toInt();
        for (const auto &match : leftInASecond.globalMatch(m_output))
            count += match.captured(1).toInt();
        return count + refused() + int(m_output.count(QStringLiteral(": connection lost"))) +
            int(m_output.count(QStringLiteral(": closed the connection")));
    };
    QTRY_COMPARE_WITH_TIMEOUT(accounted(), resets, 10000);
    QVERIFY2(!m_output.contains(QStringLiteral("Could not take over")), qPrintable(m_output));

    // The limit counts the clients there are: five are served, the sixth is refused.
    const int refusedBefore = refused();
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < limit; ++i) {
        clients.push_back(std::make_unique<QTcpSocket>());
        clients.back()->connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(clients.back()->waitForConnected());
        clients.back()->write("still served");
        QTRY_COMPARE(clients.back()->bytesAvailable(), 12);
    }
    QTcpSocket oneTooMany;
    oneTooMany.connectToHost(QHostAddress::LocalHost, m_port);
    QTRY_COMPARE(oneTooMany.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(refused(), refusedBefore + 1);
    QVERIFY(m_output.contains(QStringLiteral("the limit of 5 clients is reached.")));
}

void tst_Headless::saysWhenThePortIsTaken()
{
    QVERIFY(startServer());
    QProcess second;
    second.start(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE),
        { QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(m_port) });
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitCode(), 1);
    const QString said = QString::fromLocal8Bit(second.readAllStandardOutput());
    QVERIFY2(
        said.contains(QStringLiteral("Port %1 is already in use").arg(m_port)), qPrintable(said));
}

void tst_Headless::servesTheProtocolsItIsAskedFor_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("tcp");
    QTest::addColumn<bool>("udp");
    QTest::newRow("both unless told") << QStringList {} << true << true;
    QTest::newRow("--protocols tcp") << QStringList { "--protocols", "tcp" } << true << false;
    QTest::newRow("--protocols udp") << QStringList { "--protocols", "udp" } << false << true;
}

void tst_Headless::servesTheProtocolsItIsAskedFor()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, tcp);
    QFETCH(bool, udp);
    QVERIFY(startServer(arguments));
    QCOMPARE(m_output.contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(m_port)), tcp);
    QCOMPARE(m_output.contains(QStringLiteral("Serving UDP on 127.0.0.1:%1").arg(m_port)), udp);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QCOMPARE(client.waitForConnected(5000), tcp);
    if (!tcp)
        QCOMPARE(client.error(), QAbstractSocket::ConnectionRefusedError);

    if (udp) {
        QUdpSocket peer;
        peer.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(peer.waitForConnected(5000));
        QCOMPARE(peer.write(QByteArray("\0datagram\xff", 10)), 10);
        QTRY_VERIFY(peer.hasPendingDatagrams());
        QCOMPARE(peer.receiveDatagram().data(), QByteArray("\0datagram\xff", 10));
        QTRY_VERIFY2(
            m_output.contains(QStringLiteral("(UDP): first datagram")), qPrintable(m_output));
    } else {
        // A connected UDP socket hears of a port nobody serves: the ICMP reply becomes the
        // socket's pending error, which the next call returns. A plain socket, whose errors no Qt
        // notifier takes first.
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        QVERIFY(fd >= 0);
        const auto closeIt = qScopeGuard([fd] { ::close(fd); });
        sockaddr_in server {};
        server.sin_family = AF_INET;
        server.sin_port = htons(m_port);
        server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&server), sizeof server), 0);
        // Sent again while no reply came: the kernel rate-limits its port-unreachable replies
        // (net.ipv4.icmp_ratelimit), and other tests knock on closed ports too.
        QTRY_VERIFY([fd] {
            char byte = 0;
            if (::send(fd, "x", 1, MSG_DONTWAIT) < 0)
                return errno == ECONNREFUSED;
            return ::recv(fd, &byte, 1, MSG_DONTWAIT) < 0 && errno == ECONNREFUSED;
        }());
    }
}

void tst_Headless::needsNoDisplay()
{
    // startServer() removes DISPLAY and QT_QPA_PLATFORM: a window would fail to start.
    QVERIFY(startServer());
    QVERIFY(!m_output.contains(QStringLiteral("could not connect to display")));
}

void tst_Headless::appendsEveryLineToTheLogFile()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("headless.log"));
    QVERIFY(startServer({ QStringLiteral("--log-file"), path }));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected());
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(client.localPort());
    const auto logFile = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    QTRY_VERIFY2(logFile().contains(endpoint + QStringLiteral(": connection accepted")),
        qPrintable(logFile()));
    QVERIFY(logFile().contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(m_port)));
}

bool tst_Headless::startServerWithOutputTo(
    const QString &path, QProcess &server, const QTemporaryDir &dir)
{
    const QString logPath = dir.filePath(QStringLiteral("console.log"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    server.setProcessEnvironment(environment);
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.setStandardOutputFile(path);
    server.start(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE),
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--log-file"), logPath });
    if (!server.waitForStarted())
        return false;
    static const QRegularExpression listening(
        QStringLiteral("Listening on 127\\.0\\.0\\.1:(\\d+)"));
    const auto logged = [&logPath] {
        QFile file(logPath);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    if (!QTest::qWaitFor([&] { return listening.match(logged()).hasMatch(); }, 10000))
        return false;
    m_port = quint16(listening.match(logged()).captured(1).toUInt());
    return m_port != 0;
}

void tst_Headless::writesTheConsoleWhereverStandardOutputGoes_data()
{
    QTest::addColumn<QString>("path"); // empty: a file of the test's own
    QTest::newRow("regular file") << QString();
    QTest::newRow("/dev/null") << QStringLiteral("/dev/null");
}

void tst_Headless::writesTheConsoleWhereverStandardOutputGoes()
{
    QFETCH(QString, path);
    QTemporaryDir directory;
    const bool toFile = path.isEmpty();
    if (toFile)
        path = directory.filePath(QStringLiteral("stdout"));
    QProcess server;
    const auto killIt = qScopeGuard([&server] {
        server.kill();
        server.waitForFinished();
    });
    QVERIFY(startServerWithOutputTo(path, server, directory));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected());
    client.write("echo");
    QTRY_COMPARE(client.bytesAvailable(), 4);
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    if (toFile) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString said = QString::fromLocal8Bit(file.readAll());
        QVERIFY2(said.contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(m_port)),
            qPrintable(said));
        QVERIFY2(said.endsWith(
                     QStringLiteral("Totals: 1 client served, 4 bytes received, 4 bytes echoed\n")),
            qPrintable(said));
    }
}

void tst_Headless::keepsEchoingWhileStandardOutputIsNotRead()
{
    // stdout is a pipe (a FIFO, for QProcess to open) that is full before the server starts and
    // is not read until a client got its echo, as under `tcp-echo-server --headless | sleep 1d`.
    QTemporaryDir directory;
    const QByteArray fifo = QFile::encodeName(directory.filePath(QStringLiteral("stdout")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    const int readEnd = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(readEnd >= 0);
    const auto closeRead = qScopeGuard([readEnd] { ::close(readEnd); });
    // A description of the test's own: O_NONBLOCK here is not the server's.
    int writeEnd = ::open(fifo.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(writeEnd >= 0);
    const auto closeWrite = qScopeGuard([&writeEnd] {
        if (writeEnd >= 0)
            ::close(writeEnd);
    });
    const QByteArray filler(4096, '.');
    qint64 filled = 0;
    for (const qsizetype size : { filler.size(), qsizetype(1) }) {
        ssize_t done = 0;
        while ((done = ::write(writeEnd, filler.constData(), size_t(size))) > 0)
            filled += done;
        QCOMPARE(errno, EAGAIN);
    }

    QProcess server;
    const auto killIt = qScopeGuard([&server] {
        server.kill();
        server.waitForFinished();
    });
    QVERIFY(startServerWithOutputTo(QString::fromLocal8Bit(fifo), server, directory));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(client.waitForConnected());
    client.write("still echoed");
    QTRY_COMPARE(client.bytesAvailable(), 12);
    QCOMPARE(client.readAll(), QByteArray("still echoed"));
    client.disconnectFromHost();

    // Read again: the lines come out whole, in order, after what filled the pipe.
    QByteArray said;
    const auto readAll = [&] {
        char block[65536];
        ssize_t got = 0;
        while ((got = ::read(readEnd, block, sizeof block)) > 0)
            said.append(block, got);
        return QString::fromLocal8Bit(said.mid(filled));
    };
    QTRY_VERIFY2(
        readAll().contains(QStringLiteral(": closed the connection")), qPrintable(readAll()));
    QVERIFY(said.startsWith(QByteArray(filled, '.')));
    QVERIFY(readAll().indexOf(QStringLiteral("Listening on")) <
        readAll().indexOf(QStringLiteral(": connection accepted")));

    ::close(writeEnd);
    writeEnd = -1;
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
    QTRY_VERIFY2(readAll().endsWith(QStringLiteral(
                     "Totals: 1 client served, 12 bytes received, 12 bytes echoed\n")),
        qPrintable(readAll()));
}

void tst_Headless::keepsEchoingAfterStandardOutputsReaderLeft()
{
    // stdout is a pipe whose reader goes away, as under `tcp-echo-server --headless | head`:
    // every later console line fails to be written, and the server must go on serving.
    QTemporaryDir directory;
    const QByteArray fifo = QFile::encodeName(directory.filePath(QStringLiteral("stdout")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    int readEnd = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    QVERIFY(readEnd >= 0);
    const auto closeRead = qScopeGuard([&readEnd] {
        if (readEnd >= 0)
            ::close(readEnd);
    });
    QProcess server;
    const auto killIt = qScopeGuard([&server] {
        server.kill();
        server.waitForFinished();
    });
    QVERIFY(startServerWithOutputTo(QString::fromLocal8Bit(fifo), server, directory));
    ::close(readEnd);
    readEnd = -1;

    for (const QByteArray &bytes : { QByteArray("first"), QByteArray("second") }) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(client.waitForConnected());
        client.write(bytes);
        QTRY_COMPARE(client.bytesAvailable(), bytes.size());
        QCOMPARE(client.readAll(), bytes);
        client.disconnectFromHost();
    }
    QCOMPARE(server.state(), QProcess::Running);
    ::kill(pid_t(server.processId()), SIGTERM);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

void tst_Headless::answersTheCommandLineWithoutADisplay_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutStart");
    QTest::addColumn<QString>("stderrText");
    const QString server = QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE);
    const QString client = QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE);
    QTest::newRow("server version")
        << server << QStringList { QStringLiteral("--version") } << 0
        << QStringLiteral("tcp-echo-server %1\n").arg(TCP_ECHO_VERSION) << QString();
    QTest::newRow("server help") << server << QStringList { QStringLiteral("--help") } << 0
                                 << QStringLiteral("Usage: ") << QString();
    QTest::newRow("server bad port")
        << server << QStringList { QStringLiteral("--port"), QStringLiteral("x") } << 2 << QString()
        << QStringLiteral("tcp-echo-server: --port: 'x' is not a port number (0 to 65535).\n"
                          "Try 'tcp-echo-server --help'.\n");
    QTest::newRow("server bad thread count")
        << server << QStringList { QStringLiteral("--threads"), QStringLiteral("0") } << 2
        << QString()
        << QStringLiteral("tcp-echo-server: --threads: '0' is not a thread count (1 to 256).\n"
                          "Try 'tcp-echo-server --help'.\n");
    QTest::newRow("client version")
        << client << QStringList { QStringLiteral("--version") } << 0
        << QStringLiteral("tcp-echo-client %1\n").arg(TCP_ECHO_VERSION) << QString();
    QTest::newRow("client help") << client << QStringList { QStringLiteral("--help") } << 0
                                 << QStringLiteral("Usage: ") << QString();
    QTest::newRow("client port 0")
        << client << QStringList { QStringLiteral("--port"), QStringLiteral("0") } << 2 << QString()
        << QStringLiteral("tcp-echo-client: --port: '0' is not a port number (1 to 65535).\n"
                          "Try 'tcp-echo-client --help'.\n");
    // procfs calls it a regular file and, as root, lets it be opened; every write fails.
    for (const auto &[name, program, arguments] :
        { std::tuple { "headless server", server, QStringList { QStringLiteral("--headless") } },
            std::tuple { "server window", server, QStringList() },
            std::tuple { "client window", client, QStringList() } }) {
        const QString programName = program == server ? QStringLiteral("tcp-echo-server")
                                                      : QStringLiteral("tcp-echo-client");
        QTest::addRow("%s, kernel file as log file", name)
            << program
            << arguments +
                QStringList { QStringLiteral("--log-file"), QStringLiteral("/proc/version") }
            << 2 << QString()
            << QStringLiteral("%1: --log-file: '/proc/version' is not a regular file.\n"
                              "Try '%1 --help'.\n")
                   .arg(programName);
    }
    QTest::newRow("client empty log file")
        << client << QStringList { QStringLiteral("--log-file=") } << 2 << QString()
        << QStringLiteral("tcp-echo-client: --log-file: the path is empty.\n"
                          "Try 'tcp-echo-client --help'.\n");
}

void tst_Headless::answersTheCommandLineWithoutADisplay()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutStart);
    QFETCH(QString, stderrText);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), exitCode);
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    QVERIFY2(out.startsWith(stdoutStart), qPrintable(out));
    QCOMPARE(QString::fromLocal8Bit(process.readAllStandardError()), stderrText);
}

void tst_Headless::refusesALinkLocalAddressWithoutItsInterface()
{
    // The kernel refuses to bind it (Qt said "Unsupported socket operation"); the command line
    // now says what to add, and nothing is sent anywhere.
    QProcess process;
    process.start(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE),
        { QStringLiteral("--headless"), QStringLiteral("--address"), QStringLiteral("fe80::1"),
            QStringLiteral("--port"), QStringLiteral("0") });
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QString error = QString::fromLocal8Bit(process.readAllStandardError());
    static const QRegularExpression expected(QStringLiteral(
        "^tcp-echo-server: --address: 'fe80::1' is a link-local address, which needs its network "
        "interface: for example fe80::1%[^ ]+\\.\nTry 'tcp-echo-server --help'\\.\n$"));
    QVERIFY2(expected.match(error).hasMatch(), qPrintable(error));
    QCOMPARE(process.readAllStandardOutput(), QByteArray());
}

void tst_Headless::listensOnALinkLocalAddressWithItsInterface()
{
    // lo has no link-local address of its own: the server runs in a network namespace of its
    // own whose lo is given fe80::1. Binding is all that is tested; nothing is sent to it.
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"),
        { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin") });
    if (unshare.isEmpty() || ip.isEmpty())
        QSKIP("needs unshare and ip (util-linux, iproute2) to make a network namespace");
    QProcess probe;
    probe.start(unshare,
        { QStringLiteral("--net"), ip, QStringLiteral("link"), QStringLiteral("set"),
            QStringLiteral("lo"), QStringLiteral("up") });
    if (!probe.waitForFinished(10000) || probe.exitCode() != 0) {
        QSKIP(qPrintable(
            QStringLiteral("cannot make a network namespace to give lo a link-local address "
                           "(needs root or user namespaces): %1")
                .arg(QString::fromLocal8Bit(probe.readAllStandardError()).trimmed())));
    }
    m_server.setProgram(unshare);
    m_server.setArguments(
        { QStringLiteral("--net"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("\"$0\" link set lo up && \"$0\" -6 addr add fe80::1/64 dev lo nodad && "
                           "exec \"$1\" --headless --address fe80::1%lo --port 0"),
            ip, QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE) });
    m_server.start();
    QVERIFY(m_server.waitForStarted());
    static const QRegularExpression listening(
        QStringLiteral("Listening on \\[fe80::1%lo\\]:(\\d+)"));
    QTRY_VERIFY2_WITH_TIMEOUT(listening.match(m_output).hasMatch(), qPrintable(m_output), 10000);
    QVERIFY(listening.match(m_output).captured(1).toUInt() != 0);
    ::kill(pid_t(m_server.processId()), SIGTERM);
    QVERIFY(m_server.waitForFinished(10000));
    QCOMPARE(m_server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_headless.moc"
