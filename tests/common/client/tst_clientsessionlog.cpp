#include "clientsessionlog.h"
#include "echoclient.h"
#include "echoserver.h"
#include "linelogfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// The client's --log-file, against a real echo server: what was sent and what came back, shown
// the way every network byte is (never obeyed).
class tst_ClientSessionLog : public QObject
{
    Q_OBJECT

private slots:
    void writesSentAndReceivedBytesVisibly_data();
    void writesSentAndReceivedBytesVisibly();
    void namesAnIPv6ServerInBrackets();
};

void tst_ClientSessionLog::writesSentAndReceivedBytesVisibly_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");
    QTest::newRow("text") << QByteArray("hello") << QStringLiteral("5 bytes: \"hello\"");
    QTest::newRow("NUL and line break")
        << QByteArray("a\0b\n", 4) << QStringLiteral("4 bytes: \"a␀b␊\"");
    QTest::newRow("direction override") << QByteArray("ab\xe2\x80\xae"
                                                      "cd")
                                        << QStringLiteral("7 bytes: \"ab⟨U+202E⟩cd\"");
    QTest::newRow("C1 control") << QByteArray("\xc2\x85z")
                                << QStringLiteral("3 bytes: \"⟨U+0085⟩z\"");
}

void tst_ClientSessionLog::writesSentAndReceivedBytesVisibly()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("client.log"));
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    EchoClient client;
    LineLogFile file;
    QVERIFY(file.open(path));
    ClientSessionLog log(&client, &file);
    client.connectToServer(QStringLiteral("127.0.0.1"), server.port());
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QVERIFY(client.send(bytes));
    const auto written = [&path] {
        QFile log(path);
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
    };
    // The echo may come back in the same batch as the send or in a later one.
    QTRY_VERIFY2(
        written().contains(QStringLiteral("  recv  ") + shown + u'\n'), qPrintable(written()));
    QVERIFY2(written().contains(QStringLiteral("  send  ") + shown + u'\n'), qPrintable(written()));
}

void tst_ClientSessionLog::namesAnIPv6ServerInBrackets()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("client.log"));
    EchoServer server;
    if (!server.start(QHostAddress::LocalHostIPv6, 0))
        QSKIP("This machine has no IPv6 loopback (::1) to listen on");
    EchoClient client;
    LineLogFile file;
    QVERIFY(file.open(path));
    ClientSessionLog log(&client, &file);
    client.connectToServer(QStringLiteral("::1"), server.port());
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(written.readAll());
    const QString endpoint = QStringLiteral("[::1]:%1").arg(server.port());
    QVERIFY2(text.contains(QStringLiteral("  state  Connecting to %1\n").arg(endpoint)),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  state  Connected to %1\n").arg(endpoint)),
        qPrintable(text));
}

QTEST_GUILESS_MAIN(tst_ClientSessionLog)
#include "tst_clientsessionlog.moc"
