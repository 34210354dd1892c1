#include "echoclient.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <functional>

// EchoClient over UDP against a UDP peer in the test, which echoes, or misbehaves as a row asks:
// drops, repeats, holds back or changes datagrams.
class EchoPeer final : public QObject
{
    Q_OBJECT

public:
    // Given the datagram and how many came before it, what goes back (nothing, it, two of it …).
    using Behaviour = std::function<QList<QByteArray>(const QByteArray &datagram, int index)>;

    explicit EchoPeer(const QHostAddress &address = QHostAddress::LocalHost)
    {
        if (m_socket.bind(address, 0))
            connect(&m_socket, &QUdpSocket::readyRead, this, &EchoPeer::answer);
    }
    bool isListening() const { return m_socket.state() == QAbstractSocket::BoundState; }
    quint16 port() const { return m_socket.localPort(); }
    void setBehaviour(Behaviour behaviour) { m_behaviour = std::move(behaviour); }
    QList<QByteArray> received() const { return m_received; }

private:
    void answer()
    {
        while (m_socket.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = m_socket.receiveDatagram();
            const int index = int(m_received.size());
            m_received.append(datagram.data());
            const QList<QByteArray> replies =
                m_behaviour ? m_behaviour(datagram.data(), index) : QList { datagram.data() };
            for (const QByteArray &reply : replies)
                m_socket.writeDatagram(reply, datagram.senderAddress(), datagram.senderPort());
        }
    }

    QUdpSocket m_socket;
    Behaviour m_behaviour;
    QList<QByteArray> m_received;
};

class tst_UdpEchoClient : public QObject
{
    Q_OBJECT

private slots:
    void sendsEachPieceAsOneDatagramWithExactBytes_data();
    void sendsEachPieceAsOneDatagramWithExactBytes();
    void refusesADatagramTooLargeForItsAddressFamily_data();
    void refusesADatagramTooLargeForItsAddressFamily();
    void saysWhenNoServerListensOnThePort();
    void checksEachDatagram_data();
    void checksEachDatagram();
    void sendsAFileInDatagramsOfTheChosenSize();
    void disconnectsAndConnectsOverTcpAgain();

private:
    static void connectTo(EchoClient &client, const QString &host, quint16 port);
};

void tst_UdpEchoClient::connectTo(EchoClient &client, const QString &host, quint16 port)
{
    client.setProtocol(EchoClient::Protocol::Udp);
    client.connectToServer(host, port);
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QVERIFY(client.usesDatagrams());
}

void tst_UdpEchoClient::sendsEachPieceAsOneDatagramWithExactBytes_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QByteArray everyByte;
    for (int i = 0; i < 65507; ++i)
        everyByte.append(char(i % 256));
    QTest::newRow("keystrokes") << QList<QByteArray> { "h", "i", "i" };
    QTest::newRow("NUL and 0xFF") << QList<QByteArray> { QByteArray("\0\xff\0", 3),
        QByteArray("\xff", 1), QByteArray(1, '\0') };
    QTest::newRow("65,507 bytes, every value") << QList<QByteArray> { everyByte };
}

void tst_UdpEchoClient::sendsEachPieceAsOneDatagramWithExactBytes()
{
    QFETCH(QList<QByteArray>, pieces);
    EchoPeer peer;
    QVERIFY(peer.isListening());
    EchoClient client;
    connectTo(client, QStringLiteral("127.0.0.1"), peer.port());
    QList<QByteArray> received;
    connect(&client, &EchoClient::received, this,
        [&received](const QByteArray &bytes) { received.append(bytes); });

    for (const QByteArray &piece : pieces)
        QVERIFY(client.send(piece));
    QTRY_COMPARE(received.size(), pieces.size());
    // The boundaries are kept both ways: what was one send is one datagram, and one echo.
    QCOMPARE(peer.received(), pieces);
    QCOMPARE(received, pieces);
    const DatagramCheck &check = client.datagramCheck();
    QCOMPARE(check.echoedCount(), pieces.size());
    QCOMPARE(check.lostCount() + check.duplicatedCount() + check.reorderedCount() +
            check.corruptedCount(),
        0);
    QCOMPARE(client.roundTrips().completedCount(), pieces.size());
    QVERIFY(client.echoSummary().endsWith(QStringLiteral("came back whole and in order")));
}

void tst_UdpEchoClient::refusesADatagramTooLargeForItsAddressFamily_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("sent");
    QTest::newRow("IPv4, largest") << "127.0.0.1" << 65507 << true;
    QTest::newRow("IPv4, one more") << "127.0.0.1" << 65508 << false;
    QTest::newRow("IPv6, largest") << "::1" << 65527 << true;
    QTest::newRow("IPv6, one more") << "::1" << 65528 << false;
}

void tst_UdpEchoClient::refusesADatagramTooLargeForItsAddressFamily()
{
    QFETCH(QString, host);
    QFETCH(int, size);
    QFETCH(bool, sent);
    EchoPeer peer { QHostAddress(host) };
    if (!peer.isListening())
        QSKIP("this machine has no IPv6 loopback");
    EchoClient client;
    connectTo(client, host, peer.port());
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QSignalSpy received(&client, &EchoClient::received);

    QCOMPARE(client.send(QByteArray(size, 'x')), sent);
    if (sent) {
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toByteArray().size(), size);
        QCOMPARE(errors.count(), 0);
        return;
    }
    QCOMPARE(errors.count(), 1);
    const QString limit = QLocale().toString(size - 1);
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("at most %1 bytes").arg(limit)),
        qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(client.bytesSent(), 0);
    QCOMPARE(client.datagramCheck().sentCount(), 0);
    QCOMPARE(client.state(), EchoClient::State::Connected);
}

void tst_UdpEchoClient::saysWhenNoServerListensOnThePort()
{
    quint16 port = 0;
    {
        // A port the system just handed out and took back: nothing is bound to it.
        QUdpSocket probe;
        QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
        port = probe.localPort();
    }
    EchoClient client;
    connectTo(client, QStringLiteral("127.0.0.1"), port);
    QSignalSpy errors(&client, &EchoClient::errorOccurred);
    QVERIFY(client.send("anyone?"));
    QTRY_COMPARE(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("no server is listening on UDP port %1").arg(port)),
        qPrintable(message));
    // Still able to send: a server may start listening at any moment.
    QCOMPARE(client.state(), EchoClient::State::Connected);
    // Said once, not again for every datagram that meets the same closed port.
    QVERIFY(client.send("still nobody?"));
    QVERIFY(client.send("hello?"));
    QCOMPARE(client.datagramCheck().sentCount(), 3);
    // By the time all three count lost (a second), their ICMP answers have long been read.
    QTRY_COMPARE(client.datagramCheck().lostCount(), 3);
    QCOMPARE(errors.count(), 1);
}

void tst_UdpEchoClient::checksEachDatagram_data()
{
    using Behaviour = EchoPeer::Behaviour;
    QTest::addColumn<Behaviour>("behaviour");
    QTest::addColumn<int>("lost");
    QTest::addColumn<int>("duplicated");
    QTest::addColumn<int>("reordered");
    QTest::addColumn<int>("corrupted");
    // Where the first of its kind is marked: in the bytes received, or (lost) sent; -1: none.
    QTest::addColumn<qint64>("receivedMark");
    QTest::addColumn<qint64>("sentMark");

    // Sent: "one", "two", "three" (offsets 0, 3, 6 among the bytes sent).
    QTest::newRow("all echoed") << Behaviour() << 0 << 0 << 0 << 0 << qint64(-1) << qint64(-1);
    QTest::newRow("second dropped") << Behaviour([](const QByteArray &d, int i) {
        return i == 1 ? QList<QByteArray>() : QList { d };
    }) << 1 << 0 << 0 << 0 << qint64(-1)
                                    << qint64(3);
    QTest::newRow("second doubled") << Behaviour([](const QByteArray &d, int i) {
        return i == 1 ? QList { d, d } : QList { d };
    }) << 0 << 1 << 0 << 0 << qint64(6)
                                    << qint64(-1);
    auto held = std::make_shared<QByteArray>();
    QTest::newRow("first two swapped") << Behaviour([held](const QByteArray &d, int i) {
        if (i == 0) {
            *held = d;
            return QList<QByteArray>();
        }
        return i == 1 ? QList { d, *held } : QList { d };
    }) << 0 << 0 << 1 << 0 << qint64(3) << qint64(-1);
    QTest::newRow("a byte of the second changed") << Behaviour([](QByteArray d, int i) {
        if (i == 1)
            d[2] = '\0';
        return QList { d };
    }) << 0 << 0 << 0 << 1 << qint64(5) << qint64(-1);
}

void tst_UdpEchoClient::checksEachDatagram()
{
    QFETCH(EchoPeer::Behaviour, behaviour);
    QFETCH(int, lost);
    QFETCH(int, duplicated);
    QFETCH(int, reordered);
    QFETCH(int, corrupted);
    QFETCH(qint64, receivedMark);
    QFETCH(qint64, sentMark);
    EchoPeer peer;
    QVERIFY(peer.isListening());
    peer.setBehaviour(behaviour);
    EchoClient client;
    connectTo(client, QStringLiteral("127.0.0.1"), peer.port());
    QSignalSpy receivedMarks(&client, &EchoClient::echoDifferenceFound);
    QSignalSpy sentMarks(&client, &EchoClient::lostDatagramFound);

    for (const char *word : { "one", "two", "three" })
        QVERIFY(client.send(word));
    const DatagramCheck &check = client.datagramCheck();
    // Every datagram accounted for: back, or counted lost after a second.
    QTRY_COMPARE_WITH_TIMEOUT(check.waitingCount(), 0, 5000);
    QTRY_COMPARE(check.receivedCount(), 3 - lost + duplicated);
    QCOMPARE(check.lostCount(), lost);
    QCOMPARE(check.duplicatedCount(), duplicated);
    QCOMPARE(check.reorderedCount(), reordered);
    QCOMPARE(check.corruptedCount(), corrupted);
    QCOMPARE(check.echoedCount(), 3 - lost - corrupted);
    QCOMPARE(client.roundTrips().completedCount(), 3 - lost - corrupted);
    QCOMPARE(receivedMarks.count(), receivedMark < 0 ? 0 : 1);
    if (receivedMark >= 0)
        QCOMPARE(receivedMarks.at(0).at(0).toLongLong(), receivedMark);
    QCOMPARE(sentMarks.count(), sentMark < 0 ? 0 : 1);
    if (sentMark >= 0)
        QCOMPARE(sentMarks.at(0).at(0).toLongLong(), sentMark);
}

void tst_UdpEchoClient::sendsAFileInDatagramsOfTheChosenSize()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray contents;
    for (int i = 0; i < 300000; ++i)
        contents.append(char((i * 7) % 251));
    QFile file(dir.filePath(QStringLiteral("data.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(contents), contents.size());
    file.close();

    EchoPeer peer;
    QVERIFY(peer.isListening());
    EchoClient client;
    QCOMPARE(client.datagramSize(), 1200);
    client.setDatagramSize(1000);
    connectTo(client, QStringLiteral("127.0.0.1"), peer.port());
    QSignalSpy finished(&client, &EchoClient::fileFinished);
    QByteArray received;
    connect(&client, &EchoClient::received, this,
        [&received](const QByteArray &bytes) { received += bytes; });

    QVERIFY(client.sendFile(file.fileName()));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), contents.size(), 20000);
    QCOMPARE(received, contents);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(peer.received().size(), 300);
    for (const QByteArray &datagram : peer.received())
        QCOMPARE(datagram.size(), 1000);
    // Paced: on loopback nothing is dropped, so every datagram came back.
    QCOMPARE(client.datagramCheck().lostCount(), 0);
    QCOMPARE(client.datagramCheck().echoedCount(), 300);
}

void tst_UdpEchoClient::disconnectsAndConnectsOverTcpAgain()
{
    EchoPeer peer;
    QVERIFY(peer.isListening());
    EchoClient client;
    connectTo(client, QStringLiteral("127.0.0.1"), peer.port());
    QSignalSpy disconnected(&client, &EchoClient::disconnected);
    client.disconnectFromServer();
    QTRY_COMPARE(client.state(), EchoClient::State::Disconnected);
    QCOMPARE(disconnected.count(), 1);
    QVERIFY(!client.send("x"));

    // The same client, now over TCP: the transport is chosen at each connect.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    client.setProtocol(EchoClient::Protocol::Tcp);
    client.connectToServer(QStringLiteral("127.0.0.1"), server.serverPort());
    QTRY_COMPARE(client.state(), EchoClient::State::Connected);
    QVERIFY(!client.usesDatagrams());
    QTRY_VERIFY(server.hasPendingConnections());
}

QTEST_GUILESS_MAIN(tst_UdpEchoClient)
#include "tst_udpechoclient.moc"
