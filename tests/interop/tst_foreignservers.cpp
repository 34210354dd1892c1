#include "bytecount.h"
#include "echocheck.h"
#include "echoclient.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

// The client's engine against servers we did not write: socat as a true echo server, and a C
// server that behaves like the original exercise's (text up to the first NUL, plus a NUL); over
// UDP, socat in its two ways of serving datagrams and a Python echo server.
class tst_ForeignServers : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void echoCheckMatchesAgainstSocat();
    void echoCheckShowsWhereTheOriginalServerDiffers();
    void datagramsComeBackFromForeignUdpServers_data();
    void datagramsComeBackFromForeignUdpServers();

private:
    // Starts `program`, which prints its port, or listens on one we chose: returns the port.
    quint16 startServer(
        const QString &program, const QStringList &arguments, const QRegularExpression &portLine);
    static quint16 freePort();
    static quint16 freeUdpPort();
    // Whether someone has bound the UDP port (socat, a moment after it starts). No datagram is
    // sent to find out: socat's UDP-LISTEN would take the sender of the first for its peer.
    static bool udpPortTaken(quint16 port);

    QProcess m_server;
};

void tst_ForeignServers::cleanup()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished();
    }
}

quint16 tst_ForeignServers::freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

quint16 tst_ForeignServers::freeUdpPort()
{
    QUdpSocket probe;
    return probe.bind(QHostAddress::LocalHost, 0) ? probe.localPort() : 0;
}

bool tst_ForeignServers::udpPortTaken(quint16 port)
{
    // Read from the kernel's table rather than by binding the port ourselves, which for a moment
    // would keep socat from binding it.
    QFile table(QStringLiteral("/proc/net/udp"));
    if (!table.open(QIODevice::ReadOnly))
        return false;
    const QByteArray local =
        QByteArray(":") + QByteArray::number(port, 16).toUpper().rightJustified(4, '0') + ' ';
    return table.readAll().contains(local);
}

void tst_ForeignServers::echoCheckMatchesAgainstSocat()
{
    const QString socat = QStandardPaths::findExecutable(QStringLiteral("socat"));
    if (socat.isEmpty())
        QFAIL("socat is missing (scripts/test installs it)");
    EchoClient client;
    // socat can't tell which port it took, so it gets one that was free a moment ago; if someone
    // else took it in between, socat exits and another port is tried.
    for (int attempt = 0; attempt < 3 && client.state() != EchoClient::State::Connected;
        ++attempt) {
        cleanup();
        const quint16 port = freePort();
        m_server.start(socat,
            { QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(port),
                QStringLiteral("PIPE") });
        QVERIFY(m_server.waitForStarted());
        // Refused until socat listens: connect again after each refusal, for a bounded time.
        const bool settled = QTest::qWaitFor(
            [&] {
                if (client.state() == EchoClient::State::Disconnected)
                    client.connectToServer(QStringLiteral("127.0.0.1"), port);
                return client.state() == EchoClient::State::Connected ||
                    m_server.state() == QProcess::NotRunning;
            },
            10000);
        QVERIFY2(settled, "neither connected to socat nor saw it exit within 10 s");
    }
    QCOMPARE(client.state(), EchoClient::State::Connected);

    const QByteArray payload = QByteArray("hello\0with NUL\xff\n", 16) + QByteArray(100000, 'x');
    QVERIFY(client.send(payload));
    QTRY_COMPARE(client.bytesReceived(), payload.size());
    QCOMPARE(client.echoCheck().summary(),
        QStringLiteral("Echo matches (%1)").arg(formatByteCount(payload.size())));
}

void tst_ForeignServers::echoCheckShowsWhereTheOriginalServerDiffers()
{
    m_server.start(QStringLiteral(TCP_ECHO_ORIGINAL_SERVER), { QStringLiteral("0") });
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY(m_server.canReadLine());
    const QString line = QString::fromLocal8Bit(m_server.readLine());
    static const QRegularExpression listening(QStringLiteral("listening on (\\d+)"));
    const auto match = listening.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));

    EchoClient client;
    QSignalSpy differences(&client, &EchoClient::echoDifferenceFound);
    client.connectToServer(QStringLiteral("127.0.0.1"), quint16(match.captured(1).toUInt()));
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);

    // A line comes back with a NUL after it: one byte more than was sent.
    QVERIFY(client.send("test\n"));
    QTRY_COMPARE(client.bytesReceived(), 6);
    QVERIFY(client.echoCheck().summary().startsWith(
        QStringLiteral("Differs at byte 6: got 0x00 where nothing was sent yet")));
    // The next line's first byte is where that NUL stands: now it is a difference of bytes.
    QVERIFY(client.send("test\n"));
    QTRY_COMPARE(client.bytesReceived(), 12);
    QCOMPARE(client.echoCheck().difference()->offset, 5);
    QVERIFY2(client.echoCheck().summary().startsWith(
                 QStringLiteral("Differs at byte 6: sent 0x74 't', got 0x00")),
        qPrintable(client.echoCheck().summary()));
    QCOMPARE(differences.count(), 1);
}

void tst_ForeignServers::datagramsComeBackFromForeignUdpServers_data()
{
    // The program, and its arguments with {port} for a free UDP port; none: it prints its own.
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    // socat reads at most 8 KiB of a datagram unless told more with -b.
    QTest::newRow("socat UDP-RECVFROM fork EXEC:cat")
        << "socat"
        << QStringList { "-b", "65536", "UDP4-RECVFROM:{port},bind=127.0.0.1,fork", "EXEC:cat" };
    QTest::newRow("socat UDP-LISTEN PIPE")
        << "socat" << QStringList { "-b", "65536", "UDP4-LISTEN:{port},bind=127.0.0.1", "PIPE" };
    QTest::newRow("Python SOCK_DGRAM")
        << "python3" << QStringList { QStringLiteral(TCP_ECHO_UDP_ECHO_SERVER) };
}

void tst_ForeignServers::datagramsComeBackFromForeignUdpServers()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    const QString executable = QStandardPaths::findExecutable(program);
    if (executable.isEmpty())
        QSKIP(qPrintable(
            QStringLiteral("%1 is missing (scripts/bootstrap.sh installs it)").arg(program)));

    quint16 port = 0;
    const bool printsItsPort = !arguments.join(u' ').contains(QStringLiteral("{port}"));
    if (printsItsPort) {
        m_server.start(executable, arguments);
        QVERIFY(m_server.waitForStarted());
        QTRY_VERIFY(m_server.canReadLine());
        port = quint16(m_server.readLine().trimmed().toUInt());
    } else {
        port = freeUdpPort();
        arguments.replaceInStrings(QStringLiteral("{port}"), QString::number(port));
        m_server.start(executable, arguments);
        QVERIFY(m_server.waitForStarted());
    }
    QVERIFY(port != 0);
    QVERIFY2(QTest::qWaitFor([port] { return udpPortTaken(port); }, 10000),
        "the server did not bind its port within 10 s");

    EchoClient client;
    client.setProtocol(EchoClient::Protocol::Udp);
    client.connectToServer(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QByteArray everyByte;
    for (int i = 0; i < 1024; ++i)
        everyByte.append(char(i % 256));
    const QList<QByteArray> datagrams { "hello", QByteArray("\0\xff\0", 3), everyByte,
        QByteArray(30000, '\xff') };
    QList<QByteArray> received;
    connect(&client, &EchoClient::received, this,
        [&received](const QByteArray &bytes) { received.append(bytes); });
    // One at a time: socat hands a datagram to a pipe, where two in a row could run together.
    for (const QByteArray &datagram : datagrams) {
        QVERIFY(client.send(datagram));
        QTRY_COMPARE(client.datagramCheck().waitingCount(), 0);
    }
    QCOMPARE(received, datagrams);
    QCOMPARE(
        client.echoSummary(), QStringLiteral("Datagrams: 4 sent, 4 came back whole and in order"));
}

QTEST_GUILESS_MAIN(tst_ForeignServers)
#include "tst_foreignservers.moc"
