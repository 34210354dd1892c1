#include "echoclient.h"
#include "echoserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;

class tst_EchoClient : public QObject
{
    Q_OBJECT

private slots:
    void connectsAndReceivesTheEcho();
    void countsBytesBothWays();
    void refusesToSendWhileDisconnected();
    void explainsConnectionErrors_data();
    void explainsConnectionErrors();
    void namesAnIPv6ServerInBrackets();
    void givesUpAfterTheConnectTimeout();
    void saysWhenTheServerClosesAndCanConnectAgain();
    void disconnectsWhenAsked();
    void backsOffFromAServerThatClosesAtOnce();
    void startsOverAfterAConnectionThatLasted();
    void saysALinkLocalAddressNeedsItsInterface();

private:
    static quint16 closedPort();
};

// A port nothing listens on: one the system just handed out and took back.
quint16 tst_EchoClient::closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

void tst_EchoClient::connectsAndReceivesTheEcho()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    EchoClient client;
    QSignalSpy states(&client, &EchoClient::stateChanged);
    QSignalSpy connected(&client, &EchoClient::connected);
    QByteArray received;
    connect(&client, &EchoClient::received, this,
        [&received](const QByteArray &bytes) { received += bytes; });

    client.connectToServer(QStringLiteral("127.0.0.1"), server.port());
    QCOMPARE(client.state(), EchoClient::State::Connecting);
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(client.state(), EchoClient::State::Connected);
    QCOMPARE(states.at(0).at(0).value<EchoClient::State>(), EchoClient::State::Connecting);
    QCOMPARE(states.at(1).at(0).value<EchoClient::State>(), EchoClient::State::Connected);
    QCOMPARE(client.serverDescription(), QStringLiteral("127.0.0.1:%1").arg(server.port()));
    QVERIFY(client.localDescription().startsWith(QStringLiteral("127.0.0.1:")));

    const QByteArray payload("h\0\xffllo", 6);
    for (char byte : payload)
        QVERIFY(client.send(QByteArray(1, byte)));
    QTRY_COMPARE(received, payload);
}

void tst_EchoClient::countsBytesBothWays()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    EchoClient client;
    client.connectToServer(QStringLiteral("localhost"), server.port());
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QVERIFY(client.send(QByteArray(100000, 'x')));
    QCOMPARE(client.bytesSent(), 100000);
    QTRY_COMPARE(client.bytesReceived(), 100000);
}

void tst_EchoClient::refusesToSendWhileDisconnected()
{
    EchoClient client;
    QVERIFY(!client.send("lost?"));
    QCOMPARE(client.bytesSent(), 0);
}

void tst_EchoClient::explainsConnectionErrors_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("useClosedPort");
    QTest::addColumn<QString>("expected");
    QTest::newRow("refused") << "127.0.0.1" << true << "Connection refused by 127.0.0.1:";
    QTest::newRow("unknown host") << "nonexistent.invalid" << false
                                  << "Host \"nonexistent.invalid\" not found";
}

void tst_EchoClient::explainsConnectionErrors()
{
    QFETCH(QString, host);
    QFETCH(bool, useClosedPort);
    QFETCH(QString, expected);
    const quint16 port = useClosedPort ? closedPort() : 22000;
    QVERIFY(port != 0);
    EchoClient client;
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QSignalSpy disconnected(&client, &EchoClient::disconnected);
    client.connectToServer(host, port);
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 15000);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(expected), qPrintable(message));
    QTRY_COMPARE(client.state(), EchoClient::State::Disconnected);
    // It never was connected, so there is nothing to announce as a disconnection.
    QCOMPARE(disconnected.count(), 0);
}

void tst_EchoClient::namesAnIPv6ServerInBrackets()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHostIPv6, 0))
        QSKIP("This machine has no IPv6 loopback (::1) to listen on");
    const quint16 port = probe.serverPort();
    probe.close();
    EchoClient client;
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    client.connectToServer(QStringLiteral("::1"), port);
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 15000);
    QCOMPARE(errors.at(0).at(0).toString(),
        QStringLiteral("Connection refused by [::1]:%1: no server is listening on that port.")
            .arg(port));
}

void tst_EchoClient::givesUpAfterTheConnectTimeout()
{
    // A listener whose accept queue is full makes the kernel drop further SYNs: the connection
    // attempt hangs, as it would against a host behind a dropping firewall, but on loopback.
    QTcpServer full;
    full.setListenBacklogSize(0);
    QVERIFY(full.listen(QHostAddress::LocalHost, 0));
    full.pauseAccepting();
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    bool hanging = false;
    for (int i = 0; i < 8 && !hanging; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, full.serverPort());
        hanging = !socket->waitForConnected(300);
        fillers.push_back(std::move(socket));
    }
    if (!hanging)
        QSKIP("This kernel accepts every connection on loopback; no way to make one hang here.");

    EchoClient client;
    client.setConnectTimeout(300ms);
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    client.connectToServer(QStringLiteral("127.0.0.1"), full.serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 5000);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("timed out")), qPrintable(message));
    QCOMPARE(client.state(), EchoClient::State::Disconnected);
}

void tst_EchoClient::saysWhenTheServerClosesAndCanConnectAgain()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    EchoClient client;
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QSignalSpy disconnected(&client, &EchoClient::disconnected);
    client.connectToServer(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);

    server.stop();
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(client.state(), EchoClient::State::Disconnected);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("The server closed the connection."));

    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QByteArray received;
    connect(&client, &EchoClient::received, this,
        [&received](const QByteArray &bytes) { received += bytes; });
    client.connectToServer(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QVERIFY(client.send("again"));
    QTRY_COMPARE(received, QByteArray("again"));
}

void tst_EchoClient::disconnectsWhenAsked()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy left(&server, &EchoServer::clientLeft);
    EchoClient client;
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QSignalSpy disconnected(&client, &EchoClient::disconnected);
    client.connectToServer(QStringLiteral("127.0.0.1"), server.port());
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    client.disconnectFromServer();
    QTRY_COMPARE(client.state(), EchoClient::State::Disconnected);
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(errors.count(), 0);
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(left.at(0).at(0).value<ClientDeparture>().reason, LeaveReason::PeerClosed);
}

void tst_EchoClient::backsOffFromAServerThatClosesAtOnce()
{
    // Accepts every connection and closes it at once, as an overloaded or broken service does.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int accepted = 0;
    connect(&server, &QTcpServer::newConnection, this, [&server, &accepted] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            ++accepted;
            socket->close();
            socket->deleteLater();
        }
    });
    EchoClient client;
    client.setReconnectPolicy(ReconnectPolicy(20ms, 1s));
    client.setAutoReconnect(true);
    QSignalSpy scheduled(&client, &EchoClient::reconnectScheduled);
    client.connectToServer(QStringLiteral("127.0.0.1"), server.serverPort());

    // Each accepted-then-closed connection is a failed attempt: the waits double, and the
    // attempts are counted rather than starting again at 1.
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 5, 10000);
    client.disconnectFromServer();
    QVERIFY(accepted >= 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(scheduled.at(i).at(1).toInt(), i + 1);
        QCOMPARE(scheduled.at(i).at(0).toLongLong(), 20LL << i);
    }
    QCOMPARE(client.reconnectAttempt(), 0);
}

void tst_EchoClient::startsOverAfterAConnectionThatLasted()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    EchoClient client;
    // Any connection counts as having lasted: the server's stop below ends one that did.
    client.setReconnectPolicy(ReconnectPolicy(20ms, 1s, 0ms));
    client.setAutoReconnect(true);
    QSignalSpy scheduled(&client, &EchoClient::reconnectScheduled);
    client.connectToServer(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    server.stop();
    // Refused while the server is away: attempts 1, 2, 3 …
    QTRY_VERIFY(scheduled.count() >= 3);
    QCOMPARE(scheduled.at(2).at(1).toInt(), 3);
    QCOMPARE(client.reconnectAttempt(), scheduled.last().at(1).toInt());
    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == EchoClient::State::Connected, 10000);
    QCOMPARE(client.reconnectAttempt(), 0);
    scheduled.clear();
    server.stop();
    QTRY_VERIFY(!scheduled.isEmpty());
    QCOMPARE(scheduled.at(0).at(1).toInt(), 1);
    QCOMPARE(scheduled.at(0).at(0).toLongLong(), 20);
    client.disconnectFromServer();
}

void tst_EchoClient::saysALinkLocalAddressNeedsItsInterface()
{
    // Refused before any packet is sent: no traffic leaves for fe80::1.
    EchoClient client;
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QSignalSpy states(&client, &EchoClient::stateChanged);
    client.connectToServer(QStringLiteral("fe80::1"), 22000);
    QCOMPARE(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.startsWith(QStringLiteral(
                 "'fe80::1' is a link-local address, which needs its network interface: for "
                 "example fe80::1%")),
        qPrintable(message));
    QCOMPARE(states.count(), 0);
    QCOMPARE(client.state(), EchoClient::State::Disconnected);
}

QTEST_GUILESS_MAIN(tst_EchoClient)
#include "tst_echoclient.moc"
