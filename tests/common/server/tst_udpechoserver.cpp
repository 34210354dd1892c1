#include "controlbytes.h"
#include "echoserver.h"
#include "servereventtext.h"
#include "testclient.h"

#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
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
    void servesIPv4AndIPv6PeersOnADualStackPort();
    void givesEveryPeerItsOwnEchoOnly();
    void tellsOfAPeerAtItsFirstDatagram();
    void countsDatagramsAndBytesInTrafficSamples();
    void echoesABurstThatFollowsAPingPong();
    void forgetsAPeerSilentForTheTimeout();
    void forgetsTheLeastRecentlyHeardPeerAtTheCap();
    void remembersAtMostTheCapUnderManyNewPeers();
    void servesTcpAndUdpOnTheSamePort();
    void servesTcpWhenTheUdpPortIsTaken();
    void servesUdpWhenTheTcpPortIsTaken();
    void failsWhenBothPortsAreTaken();
    void refusesUdpWhenServingTcpOnly();
    void servesUdpOnly();
    void aStrangerJoiningThePortStealsNothing_data();
    void aStrangerJoiningThePortStealsNothing();
    void disconnectForgetsAPeer();
    void stopTellsEveryPeerItLeft();
    void staysResponsiveUnderAFloodNobodyReads();
    void wordsUdpEventsWithoutConnections();
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

void tst_UdpEchoServer::servesIPv4AndIPv6PeersOnADualStackPort()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::Any, 0));
    QCOMPARE(server.listeningTransports(), Transport::Tcp | Transport::Udp);
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    TestPeer v4(QHostAddress::LocalHost);
    TestPeer v6(QHostAddress::LocalHostIPv6);
    v4.send("over IPv4", server.port(), QHostAddress::LocalHost);
    QTRY_COMPARE(v4.received, QList<QByteArray> { "over IPv4" });
    v6.send("over IPv6", server.port(), QHostAddress::LocalHostIPv6);
    QTRY_COMPARE(v6.received, QList<QByteArray> { "over IPv6" });
    QTRY_COMPARE(arrived.count(), 2);
    // The IPv4 peer of the dual-stack socket is named as IPv4, as a TCP client is. (Workers'
    // events may arrive in either order.)
    QStringList endpoints;
    for (const QList<QVariant> &args : std::as_const(arrived))
        endpoints.append(ServerEventText::clientEndpoint(args.at(0).value<ClientInfo>()));
    endpoints.sort();
    QCOMPARE(endpoints,
        QStringList({ QStringLiteral("127.0.0.1:%1").arg(v4.port()),
            QStringLiteral("[::1]:%1").arg(v6.port()) }));
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

void tst_UdpEchoServer::echoesABurstThatFollowsAPingPong()
{
    // A ping-pong makes the port read one datagram at a time; a burst that follows must still
    // come back whole, each datagram once, and the ping-pong after it too.
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestPeer peer;
    QList<QByteArray> expected;
    for (int i = 0; i < 40; ++i) {
        expected.append(QByteArray::number(i));
        peer.send(expected.last(), server.port());
        QTRY_COMPARE(peer.received.size(), expected.size());
    }
    // 100: well within the server socket's default receive buffer (about 250 small datagrams
    // on loopback; more would be dropped by the kernel, as UDP may).
    for (int i = 0; i < 100; ++i) {
        expected.append(QByteArrayLiteral("burst ") + QByteArray::number(i));
        peer.send(expected.last(), server.port());
    }
    QTRY_COMPARE(peer.received.size(), expected.size());
    for (int i = 0; i < 20; ++i) {
        expected.append(QByteArrayLiteral("after ") + QByteArray::number(i));
        peer.send(expected.last(), server.port());
        QTRY_COMPARE(peer.received.size(), expected.size());
    }
    QList<QByteArray> received = peer.received;
    std::sort(received.begin(), received.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(received, expected);
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

void tst_UdpEchoServer::remembersAtMostTheCapUnderManyNewPeers()
{
    EchoServer server;
    server.setWorkerCount(2);
    server.setMaxUdpPeers(50); // 25 per worker
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    int most = 0;
    connect(&server, &EchoServer::clientArrived, this,
        [&] { most = qMax(most, server.udpPeerCount()); });
    const int count = 300;
    std::vector<std::unique_ptr<TestPeer>> peers;
    for (int i = 0; i < count; ++i) {
        peers.push_back(std::make_unique<TestPeer>());
        peers.back()->send("new", server.port());
    }
    for (const auto &peer : peers)
        QTRY_COMPARE(peer->received.size(), 1);
    QTRY_COMPARE(arrived.count(), count);
    QTRY_COMPARE(left.count() + server.udpPeerCount(), count);
    QVERIFY2(most <= 50, qPrintable(QString::number(most)));
    QVERIFY(server.udpPeerCount() <= 50);
    QVERIFY(server.udpPeerCount() >= 40);
    for (const ClientDeparture &departure : departures(left))
        QCOMPARE(departure.reason, LeaveReason::Forgotten);
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

    // Neither: nothing to open.
    server.setTransports({});
    QVERIFY(!server.start(QHostAddress::LocalHost, 0));
    QCOMPARE(server.errorString(), QStringLiteral("Nothing to serve: choose TCP, UDP or both."));

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

void tst_UdpEchoServer::aStrangerJoiningThePortStealsNothing_data()
{
    QTest::addColumn<QHostAddress>("serverAddress");
    QTest::addColumn<QHostAddress>("peerAddress");
    const QHostAddress v4(QHostAddress::LocalHost);
    const QHostAddress v6(QHostAddress::LocalHostIPv6);
    QTest::newRow("IPv4") << v4 << v4;
    QTest::newRow("IPv6") << v6 << v6;
    QTest::newRow("dual-stack, IPv4 peers") << QHostAddress(QHostAddress::Any) << v4;
}

void tst_UdpEchoServer::aStrangerJoiningThePortStealsNothing()
{
    QFETCH(QHostAddress, serverAddress);
    QFETCH(QHostAddress, peerAddress);
    EchoServer server;
    server.setWorkerCount(2);
    QVERIFY(server.start(serverAddress, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    // Another program of the same user joins the port's SO_REUSEPORT group, as the kernel allows.
    const int fd =
        ::socket(serverAddress.protocol() == QAbstractSocket::IPv4Protocol ? AF_INET : AF_INET6,
            SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    QVERIFY(fd >= 0);
    const auto closeStranger = qScopeGuard([fd] { ::close(fd); });
    const int on = 1;
    const int off = 0;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    if (serverAddress == QHostAddress(QHostAddress::Any))
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    sockaddr_storage at {};
    socklen_t atSize = sizeof(sockaddr_in);
    if (serverAddress.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&at);
        in->sin_family = AF_INET;
        in->sin_port = htons(server.port());
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&at);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(server.port());
        in6->sin6_addr =
            serverAddress == QHostAddress(QHostAddress::Any) ? in6addr_any : in6addr_loopback;
        atSize = sizeof(sockaddr_in6);
    }
    QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr *>(&at), atSize), 0);
    // Peers enough that the kernel's own hash would hand it some of them.
    const int count = 24;
    std::vector<std::unique_ptr<TestPeer>> peers;
    for (int i = 0; i < count; ++i) {
        peers.push_back(std::make_unique<TestPeer>(peerAddress));
        peers.back()->send("mine", server.port(), peerAddress);
    }
    for (const auto &peer : peers)
        QTRY_COMPARE(peer->received, QList<QByteArray> { "mine" });
    char byte = 0;
    QCOMPARE(::recv(fd, &byte, 1, 0), -1);
    QCOMPARE(errno, EAGAIN);
    // And the group's hash spreads the peers over both workers.
    QTRY_COMPARE(arrived.count(), count);
    QSet<int> workers;
    for (const QList<QVariant> &args : std::as_const(arrived))
        workers.insert(args.at(0).value<ClientInfo>().worker);
    QCOMPARE(workers.size(), 2);
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

void tst_UdpEchoServer::wordsUdpEventsWithoutConnections()
{
    ClientInfo peer;
    peer.id = 3;
    peer.address = QHostAddress(QStringLiteral("::ffff:127.0.0.1"));
    peer.port = 5000;
    peer.transport = Transport::Udp;
    ServerEventText log(ServerEventText::Voice::Log);
    ServerEventText console(ServerEventText::Voice::Console);
    QCOMPARE(log.arrival(peer),
        QStringLiteral("First datagram from 127.0.0.1:5000 (UDP), served by worker 1"));
    QCOMPARE(console.arrival(peer), QStringLiteral("peer #3 127.0.0.1:5000 (UDP): first datagram"));
    const ClientDeparture expired { 3, LeaveReason::Expired, {}, 15, 15 };
    QCOMPARE(console.departure(expired),
        QStringLiteral("peer #3 127.0.0.1:5000 (UDP): silent for 60 s, forgotten (15 bytes "
                       "received, 15 bytes echoed in total)"));
    const ClientDeparture stopped { 3, LeaveReason::ServerStopped, {}, 1, 1 };
    QVERIFY(!log.departure(stopped).contains(QStringLiteral("onnect")));
    QVERIFY(!console.departure(stopped).contains(QStringLiteral("onnect")));
    const ClientDeparture forgotten { 3, LeaveReason::DisconnectedByServer, {}, 1, 1 };
    QCOMPARE(log.departure(forgotten),
        QStringLiteral(
            "UDP peer forgotten by the server (1 byte received, 1 byte echoed in total)"));
    const QByteArray preview("hello\n\x1b[2J");
    const QString received = ServerEventText::receivedDatagrams(15, 15, preview, false);
    QCOMPARE(received,
        QStringLiteral("Received 15 datagrams, 15 bytes: \"%1\"").arg(previewBytes(preview)));
    QVERIFY(received.startsWith(QStringLiteral("Received 15 datagrams, 15 bytes: \"hello")));
    // Shown, never obeyed.
    QVERIFY(!received.contains(QChar(0x1b)));
    QVERIFY(!received.contains(QChar('\n')));
    QCOMPARE(ServerEventText::receivedDatagrams(1, 0, {}, false),
        QStringLiteral("Received 1 datagram, 0 bytes"));
    QCOMPARE(ServerEventText::echoedDatagrams(15, 15, 0),
        QStringLiteral("Echoed 15 datagrams, 15 bytes"));
    QCOMPARE(ServerEventText::echoedDatagrams(12, 1200, 3),
        QStringLiteral("Echoed 12 datagrams, 1,200 bytes; 3 dropped: the kernel refused them"));
    QCOMPARE(ServerEventText::udpSocketsCreated(QHostAddress(QHostAddress::LocalHost), 2),
        QStringLiteral(
            "Created a UDP IPv4 socket for each worker (2), sharing the port with SO_REUSEPORT"));
    QCOMPARE(ServerEventText::servingUdp(QStringLiteral("127.0.0.1:22000"), 2, 10000),
        QStringLiteral("Serving UDP on 127.0.0.1:22000 with 2 worker sockets (at most 10000 peers "
                       "remembered)"));
    // A TCP client keeps its words.
    ClientInfo tcp;
    tcp.id = 4;
    tcp.address = QHostAddress(QHostAddress::LocalHost);
    tcp.port = 40312;
    QCOMPARE(
        console.arrival(tcp), QStringLiteral("client #4 127.0.0.1:40312: connection accepted"));
}

QTEST_GUILESS_MAIN(tst_UdpEchoServer)
#include "tst_udpechoserver.moc"
