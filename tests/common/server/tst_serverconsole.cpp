#include "echoserver.h"
#include "linelogfile.h"
#include "serverconsole.h"
#include "testclient.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>
#include <cstdlib>

// The headless server's console, fed by a real server, written to memory instead of stdout.
class tst_ServerConsole : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void saysWhenAClientShutsDownSendingBeforeItsClose_data();
    void saysWhenAClientShutsDownSendingBeforeItsClose();
    void saysOnceWhenTheLogFileCannotBeWritten();

private:
    QString output() const;

    char *m_buffer = nullptr;
    size_t m_size = 0;
    FILE *m_out = nullptr;
};

void tst_ServerConsole::init()
{
    m_out = ::open_memstream(&m_buffer, &m_size);
    QVERIFY(m_out);
}

void tst_ServerConsole::cleanup()
{
    std::fclose(m_out);
    std::free(m_buffer);
    m_out = nullptr;
    m_buffer = nullptr;
    m_size = 0;
}

QString tst_ServerConsole::output() const
{
    // The console flushes the stream after each write, which brings m_buffer up to date.
    return QString::fromLocal8Bit(m_buffer, qsizetype(m_size));
}

void tst_ServerConsole::saysWhenAClientShutsDownSendingBeforeItsClose_data()
{
    QTest::addColumn<bool>("echoWaits");
    QTest::newRow("shuts down sending with echo waiting") << true;
    QTest::newRow("closes after its echo") << false;
}

void tst_ServerConsole::saysWhenAClientShutsDownSendingBeforeItsClose()
{
    QFETCH(bool, echoWaits);
    EchoServer server;
    ServerConsole console(&server, m_out);
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    server.setPendingEchoAllowance(allowanceForEchoWaiting);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestClient client(server.port());
    QTRY_COMPARE(arrived.count(), 1);
    const quint64 id = arrived.at(0).at(0).value<ClientInfo>().id;
    const QString name =
        QStringLiteral("client #%1 127.0.0.1:%2").arg(id).arg(client.socket.localPort());
    const QString closed = name + QStringLiteral(": closed the connection");

    if (echoWaits) {
        const QByteArray sent = sendUntilEchoWaitsThenShutDown(server, id, client);
        QVERIFY(!sent.isEmpty());
        const QRegularExpression shutDown(QRegularExpression::escape(name) +
            QStringLiteral(": shut down its sending side; echoing the remaining \\d+ bytes, "
                           "then closing\n"));
        // Said while the echo still waits, before the client reads any of it.
        QTRY_VERIFY2(shutDown.match(output()).hasMatch(), qPrintable(output()));
        QVERIFY(!output().contains(closed));
        client.resumeReading();
        QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), sent.size(), 20000);
        QVERIFY(client.received == sent);
        QTRY_VERIFY2(output().contains(closed), qPrintable(output()));
        QVERIFY(output().indexOf(shutDown) < output().indexOf(closed));
        QCOMPARE(output().count(QStringLiteral("shut down its sending side")), 1);
    } else {
        client.socket.write("hello");
        QTRY_COMPARE(client.received, QByteArray("hello"));
        client.socket.disconnectFromHost();
        QTRY_VERIFY2(output().contains(closed), qPrintable(output()));
        QVERIFY2(!output().contains(QStringLiteral("shut down")), qPrintable(output()));
    }
}

void tst_ServerConsole::saysOnceWhenTheLogFileCannotBeWritten()
{
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    EchoServer server;
    ServerConsole console(&server, m_out);
    LineLogFile logFile;
    QVERIFY(logFile.open(QStringLiteral("/dev/full")));
    console.setLogFile(&logFile);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestClient first(server.port());
    TestClient second(server.port());
    QTRY_COMPARE(output().count(QStringLiteral(": connection accepted")), 2);
    console.flush();
    const QString failure = QStringLiteral(
        "Cannot write the log file /dev/full: No space left on device. Lines that cannot be "
        "written are counted, and the file will say how many are missing.\n");
    QVERIFY2(output().contains(failure), qPrintable(output()));
    QCOMPARE(output().count(QStringLiteral("Cannot write the log file")), 1);
    // The console still has every line.
    QVERIFY(output().contains(QStringLiteral("Listening on 127.0.0.1:%1").arg(server.port())));
    QCOMPARE(logFile.missingLines(), 3);
}

QTEST_GUILESS_MAIN(tst_ServerConsole)
#include "tst_serverconsole.moc"
