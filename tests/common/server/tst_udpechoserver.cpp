#include "echoserver.h"
#include "testclient.h"

#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUdpSocket>

#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

namespace {

// A UDP peer as any foreign program would be, collecting the datagrams it gets back, in the
// test's event loop.
class TestPeer final : public QObject
{
public:
    explicit TestPeer(const QHostAddress &bind = QHostAddress::LocalHost)
    {
        QVERIFY(socket.bind(bind, 0));
        const int size = 1024 * 1024;
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        connect(&socket, &QUdpSocket::readyRead, this, [this] {
            while (socket.hasPendingDatagrams())
                received.append(socket.receiveDatagram(70000).data());
        });
    }
    void send(
        const QByteArray &datagram, quint16 port, const QHostAddress &to = QHostAddress::LocalHost)
    {
        QCOMPARE(socket.writeDatagram(datagram, to, port), datagram.size());
    }
    quint16 port() const { return socket.localPort(); }

    QUdpSocket socket;
    QList<QByteArray> received;
};

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

QList<ClientDeparture> departures(const QSignalSpy &spy)
{
    QList<ClientDeparture> all;
    for (const QList<QVariant> &args : spy)
        all.append(args.at(0).value<ClientDeparture>());
    return all;
}

} // namespace

class tst_UdpEchoServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void echoesEveryDatagramExactly_data();
    void echoesEveryDatagramExactly();
    void givesEveryPeerItsOwnEchoOnly();
    void tellsOfAPeerAtItsFirstDatagram();
    void countsDatagramsAndBytesInTrafficSamples();
    void forgetsAPeerSilentForTheTimeout();
    void forgetsTheLeastRecentlyHeardPeerAtTheCap();
    void servesTcpAndUdpOnTheSamePort();
    void servesTcpWhenTheUdpPortIsTaken();
    void servesUdpWhenTheTcpPortIsTaken();
    void failsWhenBothPortsAreTaken();
    void refusesUdpWhenServingTcpOnly();
    void servesUdpOnly();
    void disconnectForgetsAPeer();
    void stopTellsEveryPeerItLeft();
    void staysResponsiveUnderAFloodNobodyReads();
};

void tst_UdpEchoServer::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void tst_UdpEchoServer::echoesEveryDatagramExactly_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<QByteArray>("datagram");
    const QHostAddress v4(QHostAddress::LocalHost);
    const QHostAddress v6(QHostAddress::LocalHostIPv6);
    QTest::newRow("1 byte") << v4 << QByteArray("x");
    QTest::newRow("nul byte") << v4 << QByteArray(1, '\0');
    QTest::newRow("0xff bytes") << v4 << QByteArray("\xff\xff\x00\xfe", 4);
    QTest::newRow("1200 bytes") << v4 << randomBytes(1200, 1);
    QTest::newRow("65507 bytes over IPv4") << v4 << randomBytes(65507, 2);
    QTest::newRow("65527 bytes over IPv6") << v6 << randomBytes(65527, 3);
    QTest::newRow("1200 bytes over IPv6") << v6 << randomBytes(1200, 4);
}

void tst_UdpEchoServer::echoesEveryDatagramExactly()
{
    QFETCH(QHostAddress, address);
    QFETCH(QByteArray, datagram);
    EchoServer server;
    QVERIFY(server.start(address, 0));
    QCOMPARE(server.listeningTransports(), Transport::Tcp | Transport::Udp);
    TestPeer peer(address);
    peer.send(datagram, server.port(), address);
    QTRY_COMPARE(peer.received.size(), 1);
    QCOMPARE(peer.received.at(0).size(), datagram.size());
    QVERIFY(peer.received.at(0) == datagram);
}

void tst_UdpEchoServer::givesEveryPeerItsOwnEchoOnly()
{
    EchoServer server;
    server.setWorkerCount(2);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<TestPeer>> peers;
    for (int i = 0; i < 6; ++i)
        peers.push_back(std::make_unique<TestPeer>());
    const int rounds = 5;
    for (int round = 0; round < rounds; ++round) {
        for (size_t i = 0; i < peers.size(); ++i) {
            const QByteArray datagram =
                QByteArray::number(qulonglong(i)) + '.' + QByteArray::number(round);
            peers[i]->send(datagram, server.port());
        }
    }
    for (size_t i = 0; i < peers.size(); ++i) {
        QTRY_COMPARE(peers[i]->received.size(), rounds);
        const QByteArray own = QByteArray::number(qulonglong(i)) + '.';
        for (const QByteArray &echo : std::as_const(peers[i]->received))
            QVERIFY2(echo.startsWith(own), echo.constData());
    }
    QTRY_COMPARE(server.udpPeerCount(), int(peers.size()));
    QCOMPARE(server.tcpClientCount(), 0);
}

void tst_UdpEchoServer::tellsOfAPeerAtItsFirstDatagram()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    TestPeer peer;
    peer.send("one", server.port());
    peer.send("two", server.port());
    QTRY_COMPARE(peer.received.size(), 2);
    QTRY_COMPARE(arrived.count(), 1);
    const auto info = arrived.at(0).at(0).value<ClientInfo>();
    QCOMPARE(info.transport, Transport::Udp);
    QCOMPARE(info.port, peer.port());
    QCOMPARE(info.address, QHostAddress(QHostAddress::LocalHost));
    QVERIFY(info.id != 0);
    QVERIFY(info.since.isValid());
    QCOMPARE(server.udpPeerCount(), 1);
    QCOMPARE(server.clientCount(), 1);
}

void tst_UdpEchoServer::countsDatagramsAndBytesInTrafficSamples()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy traffic(&server, &EchoServer::trafficReported);
    TestPeer peer;
    const QList<QByteArray> datagrams { "hello", QByteArray(), QByteArray(100, 'z'), "end" };
    for (const QByteArray &datagram : datagrams)
        peer.send(datagram, server.port());
    QTRY_COMPARE(peer.received.size(), datagrams.size());
    TrafficSample last;
    QTRY_VERIFY([&] {
        for (const QList<QVariant> &args : std::as_const(traffic)) {
            for (const TrafficSample &sample : args.at(0).value<QList<TrafficSample>>())
                last = sample;
        }
        return last.totalDatagramsEchoed == datagrams.size();
    }());
    QCOMPARE(last.totalDatagramsReceived, datagrams.size());
    QCOMPARE(last.totalReceived, 108);
    QCOMPARE(last.totalEchoed, 108);
    QCOMPARE(last.totalEchoesDropped, 0);
    int reads = 0;
    qint64 received = 0;
    QByteArray firstPreview;
    for (const QList<QVariant> &args : std::as_const(traffic)) {
        for (const TrafficSample &sample : args.at(0).value<QList<TrafficSample>>()) {
            reads += sample.reads;
            received += sample.received;
            if (firstPreview.isEmpty())
                firstPreview = sample.preview;
        }
    }
    QCOMPARE(reads, datagrams.size());
    QCOMPARE(received, 108);
    QVERIFY(firstPreview.startsWith("hello"));
}

void tst_UdpEchoServer::forgetsAPeerSilentForTheTimeout()
{
    EchoServer server;
    server.setUdpPeerTimeout(300ms);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestPeer peer;
    peer.send("hi", server.port());
    QTRY_COMPARE(arrived.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(left.count(), 1, 5000);
    const ClientDeparture departure = left.at(0).at(0).value<ClientDeparture>();
    QCOMPARE(departure.id, arrived.at(0).at(0).value<ClientInfo>().id);
    QCOMPARE(departure.reason, LeaveReason::Expired);
    QCOMPARE(departure.totalReceived, 2);
    QCOMPARE(departure.totalEchoed, 2);
    QCOMPARE(server.udpPeerCount(), 0);
    // Heard again: a new peer.
    peer.send("again", server.port());
    QTRY_COMPARE(arrived.count(), 2);
    QVERIFY(arrived.at(1).at(0).value<ClientInfo>().id != departure.id);
}

void tst_UdpEchoServer::forgetsTheLeastRecentlyHeardPeerAtTheCap()
{
    EchoServer server;
    server.setWorkerCount(1);
    server.setMaxUdpPeers(3);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestPeer a, b, c, d;
    for (TestPeer *peer : { &a, &b, &c }) {
        peer->send("x", server.port());
        QTRY_COMPARE(peer->received.size(), 1);
    }
    // a is heard again: b is now the least recently heard.
    a.send("y", server.port());
    QTRY_COMPARE(a.received.size(), 2);
    QTRY_COMPARE(arrived.count(), 3);
    const quint64 bId = arrived.at(1).at(0).value<ClientInfo>().id;
    QCOMPARE(arrived.at(1).at(0).value<ClientInfo>().port, b.port());
    d.send("z", server.port());
    QTRY_COMPARE(d.received.size(), 1);
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(departures(left).at(0).id, bId);
    QCOMPARE(departures(left).at(0).reason, LeaveReason::Forgotten);
    QTRY_COMPARE(server.udpPeerCount(), 3);
}

void tst_UdpEchoServer::servesTcpAndUdpOnTheSamePort()
{
    EchoServer server;
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QCOMPARE(server.listeningTransports(), Transport::Tcp | Transport::Udp);
    QCOMPARE(errors.count(), 0);
    TestClient client(server.port());
    QTRY_VERIFY(client.isConnected());
    client.socket.write("tcp");
    TestPeer peer;
    peer.send("udp", server.port());
    QTRY_COMPARE(client.received, QByteArray("tcp"));
    QTRY_COMPARE(peer.received, QList<QByteArray> { "udp" });
    QTRY_COMPARE(server.tcpClientCount(), 1);
    QTRY_COMPARE(server.udpPeerCount(), 1);
}

void tst_UdpEchoServer::servesTcpWhenTheUdpPortIsTaken()
{
    QUdpSocket occupant;
    QVERIFY(occupant.bind(QHostAddress::LocalHost, 0, QUdpSocket::DontShareAddress));
    const quint16 port = occupant.localPort();
    EchoServer server;
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QCOMPARE(server.listeningTransports(), Transports(Transport::Tcp));
    QCOMPARE(server.port(), port);
    QCOMPARE(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    QCOMPARE(message,
        QStringLiteral("UDP port %1 is already in use (127.0.0.1:%1); serving TCP only.")
            .arg(port));
    TestClient client(port);
    QTRY_VERIFY(client.isConnected());
    client.socket.write("still TCP");
    QTRY_COMPARE(client.received, QByteArray("still TCP"));
}

void tst_UdpEchoServer::servesUdpWhenTheTcpPortIsTaken()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const quint16 port = occupant.serverPort();
    EchoServer server;
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QCOMPARE(server.listeningTransports(), Transports(Transport::Udp));
    QCOMPARE(server.port(), port);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toString(),
        QStringLiteral("TCP port %1 is already in use (127.0.0.1:%1); serving UDP only.")
            .arg(port));
    TestPeer peer;
    peer.send("still UDP", port);
    QTRY_COMPARE(peer.received, QList<QByteArray> { "still UDP" });
}

void tst_UdpEchoServer::failsWhenBothPortsAreTaken()
{
    QTcpServer tcp;
    QVERIFY(tcp.listen(QHostAddress::LocalHost, 0));
    QUdpSocket udp;
    QVERIFY(udp.bind(QHostAddress::LocalHost, tcp.serverPort(), QUdpSocket::DontShareAddress));
    EchoServer server;
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    QSignalSpy listening(&server, &EchoServer::listeningChanged);
    QVERIFY(!server.start(QHostAddress::LocalHost, tcp.serverPort()));
    QVERIFY(!server.isListening());
    QCOMPARE(server.listeningTransports(), Transports());
    QCOMPARE(listening.count(), 0);
    QCOMPARE(errors.count(), 1);
    QVERIFY2(server.errorString().contains(
                 QStringLiteral("Port %1 is already in use").arg(tcp.serverPort())),
        qPrintable(server.errorString()));

    // UDP alone, its port taken.
    server.setTransports(Transport::Udp);
    QVERIFY(!server.start(QHostAddress::LocalHost, tcp.serverPort()));
    QVERIFY2(server.errorString().startsWith(
                 QStringLiteral("UDP port %1 is already in use").arg(tcp.serverPort())),
        qPrintable(server.errorString()));
}

void tst_UdpEchoServer::refusesUdpWhenServingTcpOnly()
{
    EchoServer server;
    server.setTransports(Transport::Tcp);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QCOMPARE(server.listeningTransports(), Transports(Transport::Tcp));
    // A connected UDP socket learns of the ICMP port unreachable as ECONNREFUSED.
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(server.port());
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to), 0);
    QCOMPARE(::send(fd, "?", 1, 0), 1);
    pollfd ready { fd, POLLIN, 0 };
    QCOMPARE(::poll(&ready, 1, 5000), 1);
    char byte = 0;
    QCOMPARE(::recv(fd, &byte, 1, MSG_DONTWAIT), -1);
    QCOMPARE(errno, ECONNREFUSED);
}

void tst_UdpEchoServer::servesUdpOnly()
{
    EchoServer server;
    server.setTransports(Transport::Udp);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QVERIFY(server.isListening());
    QVERIFY(server.port() != 0);
    QCOMPARE(server.listeningTransports(), Transports(Transport::Udp));
    TestPeer peer;
    peer.send("udp only", server.port());
    QTRY_COMPARE(peer.received, QList<QByteArray> { "udp only" });
    TestClient client(server.port());
    QTRY_VERIFY(client.isClosed());
}

void tst_UdpEchoServer::disconnectForgetsAPeer()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestPeer peer;
    peer.send("abc", server.port());
    QTRY_COMPARE(arrived.count(), 1);
    const quint64 id = arrived.at(0).at(0).value<ClientInfo>().id;
    server.disconnectClient(id);
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(departures(left).at(0).id, id);
    QCOMPARE(departures(left).at(0).reason, LeaveReason::DisconnectedByServer);
    QCOMPARE(server.udpPeerCount(), 0);
}

void tst_UdpEchoServer::stopTellsEveryPeerItLeft()
{
    EchoServer server;
    server.setWorkerCount(2);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    std::vector<std::unique_ptr<TestPeer>> peers;
    for (int i = 0; i < 4; ++i) {
        peers.push_back(std::make_unique<TestPeer>());
        peers.back()->send("p", port);
    }
    QTRY_COMPARE(arrived.count(), 4);
    server.stop();
    QCOMPARE(left.count(), 4);
    for (const ClientDeparture &departure : departures(left))
        QCOMPARE(departure.reason, LeaveReason::ServerStopped);
    QCOMPARE(server.udpPeerCount(), 0);
    // The port can be had again at once.
    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QCOMPARE(server.listeningTransports(), Transport::Tcp | Transport::Udp);
    peers.front()->send("back", port);
    QTRY_COMPARE(peers.front()->received.size(), 2);
}

void tst_UdpEchoServer::staysResponsiveUnderAFloodNobodyReads()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy traffic(&server, &EchoServer::trafficReported);
    // A sender that never reads: its echoes pile up in a small receive buffer and are lost.
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(server.port());
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const QByteArray datagram(1000, 'f');
    const int flood = 20000;
    int sent = 0;
    for (int i = 0; i < flood; ++i) {
        // Blocking send: paced by the kernel, never lost on our side.
        if (::sendto(fd, datagram.constData(), size_t(datagram.size()), 0,
                reinterpret_cast<const sockaddr *>(&to), sizeof to) == datagram.size())
            ++sent;
    }
    QCOMPARE(sent, flood);
    // Still served: a fresh peer gets its echo.
    TestPeer fresh;
    fresh.send("fresh", server.port());
    QTRY_COMPARE(fresh.received, QList<QByteArray> { "fresh" });
    QTRY_COMPARE(server.udpPeerCount(), 2);
    // Every datagram that reached the server was echoed or dropped, none kept.
    qint64 received = 0;
    qint64 settled = 0;
    QTRY_VERIFY([&] {
        received = 0;
        settled = 0;
        for (const QList<QVariant> &args : std::as_const(traffic)) {
            for (const TrafficSample &sample : args.at(0).value<QList<TrafficSample>>()) {
                received += sample.reads;
                settled += sample.datagramsEchoed + sample.echoesDropped;
            }
        }
        return received > 0 && received == settled;
    }());
    QVERIFY(received <= flood + 1);
}

QTEST_GUILESS_MAIN(tst_UdpEchoServer)
#include "tst_udpechoserver.moc"
