#include "clientsessionlog.h"
#include "echoclient.h"
#include "echoserver.h"
#include "linelogfile.h"

#include <QFile>
#include <QNetworkDatagram>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <memory>

// The client's --log-file, against a real echo server: what was sent and what came back, shown
// the way every network byte is (never obeyed).
class tst_ClientSessionLog : public QObject
{
    Q_OBJECT

private slots:
    void writesSentAndReceivedBytesVisibly_data();
    void writesSentAndReceivedBytesVisibly();
    void namesAnIPv6ServerInBrackets();
    void countsDatagramsAndTheirLosses();
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

namespace {

// A client that keeps a --log-file in a folder of its own.
struct LoggedClient
{
    QTemporaryDir directory;
    QString path = directory.filePath(QStringLiteral("client.log"));
    EchoClient client;
    LineLogFile file;
    std::unique_ptr<ClientSessionLog> log;

    bool open()
    {
        if (!file.open(path))
            return false;
        log = std::make_unique<ClientSessionLog>(&client, &file);
        return true;
    }

    QString written() const
    {
        QFile log(path);
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
    }
};

} // namespace

void tst_ClientSessionLog::writesSentAndReceivedBytesVisibly()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    LoggedClient logged;
    QVERIFY(logged.open());
    logged.client.connectToServer(QStringLiteral("127.0.0.1"), server.port());
    QTRY_COMPARE(logged.client.state(), EchoClient::State::Connected);
    QVERIFY(logged.client.send(bytes));
    // The echo may come back in the same batch as the send or in a later one.
    QTRY_VERIFY2(logged.written().contains(QStringLiteral("  recv  ") + shown + u'\n'),
        qPrintable(logged.written()));
    QVERIFY2(logged.written().contains(QStringLiteral("  send  ") + shown + u'\n'),
        qPrintable(logged.written()));
}

void tst_ClientSessionLog::namesAnIPv6ServerInBrackets()
{
    EchoServer server;
    if (!server.start(QHostAddress::LocalHostIPv6, 0))
        QSKIP("This machine has no IPv6 loopback (::1) to listen on");
    LoggedClient logged;
    QVERIFY(logged.open());
    logged.client.connectToServer(QStringLiteral("::1"), server.port());
    QTRY_COMPARE(logged.client.state(), EchoClient::State::Connected);
    const QString text = logged.written();
    const QString endpoint = QStringLiteral("[::1]:%1").arg(server.port());
    QVERIFY2(text.contains(QStringLiteral("  state  Connecting to %1\n").arg(endpoint)),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  state  Connected to %1\n").arg(endpoint)),
        qPrintable(text));
}

void tst_ClientSessionLog::countsDatagramsAndTheirLosses()
{
    // A UDP echo server that loses the second datagram.
    QUdpSocket server;
    QVERIFY(server.bind(QHostAddress::LocalHost, 0));
    int seen = 0;
    connect(&server, &QUdpSocket::readyRead, this, [&server, &seen] {
        while (server.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = server.receiveDatagram();
            if (seen++ != 1)
                server.writeDatagram(datagram.makeReply(datagram.data()));
        }
    });
    LoggedClient logged;
    QVERIFY(logged.open());
    logged.client.setProtocol(EchoClient::Protocol::Udp);
    logged.client.connectToServer(QStringLiteral("127.0.0.1"), server.localPort());
    QTRY_COMPARE(logged.client.state(), EchoClient::State::Connected);
    for (const QByteArray &datagram :
        { QByteArray("one"), QByteArray("t\0o", 3), QByteArray("three") })
        QVERIFY(logged.client.send(datagram));
    QTRY_VERIFY2(logged.written().contains(QStringLiteral("  check  Datagrams: 3 sent, 2 came back "
                                                          "· lost 1 · duplicated 0 · reordered 0 "
                                                          "· corrupted 0\n")),
        qPrintable(logged.written()));
    const QString text = logged.written();
    QVERIFY2(text.contains(QStringLiteral("  state  Connecting to 127.0.0.1:%1 over UDP\n")
                     .arg(server.localPort())),
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("  send  3 datagrams, 11 bytes: \"onet␀othree\"\n")),
        qPrintable(text));
    // The two echoes in one gathered line, or (on a slow machine) in one each.
    const bool together =
        text.contains(QStringLiteral("  recv  2 datagrams, 8 bytes: \"onethree\"\n"));
    const bool apart = text.contains(QStringLiteral("  recv  1 datagram, 3 bytes: \"one\"\n")) &&
        text.contains(QStringLiteral("  recv  1 datagram, 5 bytes: \"three\"\n"));
    QVERIFY2(together || apart, qPrintable(text));
}

QTEST_GUILESS_MAIN(tst_ClientSessionLog)
#include "tst_clientsessionlog.moc"
