#include "bytecount.h"
#include "echocheck.h"
#include "echoclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

// The client's engine against servers we did not write: socat as a true echo server, and a C
// server that behaves like the original exercise's (text up to the first NUL, plus a NUL).
class tst_ForeignServers : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void echoCheckMatchesAgainstSocat();
    void echoCheckShowsWhereTheOriginalServerDiffers();

private:
    // Starts `program`, which prints its port, or listens on one we chose: returns the port.
    quint16 startServer(
        const QString &program, const QStringList &arguments, const QRegularExpression &portLine);
    static quint16 freePort();

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

QTEST_GUILESS_MAIN(tst_ForeignServers)
#include "tst_foreignservers.moc"
