#include "echoserver.h"
#include "systemlimits.h"
#include "testclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

class tst_EchoServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void listensOnThePortTheSystemPicks();
    void echoesBytesUnchanged_data();
    void echoesBytesUnchanged();
    void echoesManySmallWritesInOrder();
    void servesManyClientsEachWithItsOwnBytes_data();
    void servesManyClientsEachWithItsOwnBytes();
    void reportsClientArrivalWithItsAddressAndPort();
    void reportsTrafficThatAddsUpToWhatWasSent();
    void reportsPortAlreadyInUse();
    void keepsServingOthersWhenAClientLeavesMidStream_data();
    void keepsServingOthersWhenAClientLeavesMidStream();
    void echoesEverythingToAClientThatStopsSending();
    void tellsOfAHalfCloseOnlyWhileEchoWaits_data();
    void tellsOfAHalfCloseOnlyWhileEchoWaits();
    void reportsTheTrafficOfAClientThatSendsAndClosesAtOnce();
    void disconnectsOnlyTheChosenClient();
    void stopClosesEveryClientAndCanListenAgain();
    void refusesClientsPastTheLimitAndSaysSoOnceASecond();
    void countsNoClientThatResetBeforeItWasServed();
    void acceptsInTheWorkersWhileTheMainThreadIsBusy_data();
    void acceptsInTheWorkersWhileTheMainThreadIsBusy();
    void boundsTheEchoKeptForClientsThatDoNotRead();
    void keepsServingWhenDescriptorsRunOut_data();
    void keepsServingWhenDescriptorsRunOut();
    void describesEndpointsInWords_data();
    void describesEndpointsInWords();

private:
    static QByteArray randomBytes(qsizetype size, quint32 seed);
};

QByteArray tst_EchoServer::randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

void tst_EchoServer::init()
{
    // Qt's warnings (a timer stopped from the wrong thread, a notifier on a closed descriptor)
    // are bugs of the engine's threading.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
}

void tst_EchoServer::listensOnThePortTheSystemPicks()
{
    EchoServer server;
    QSignalSpy listening(&server, &EchoServer::listeningChanged);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QVERIFY(server.isListening());
    QVERIFY(server.port() != 0);
    QCOMPARE(listening.count(), 1);
    QCOMPARE(listening.at(0).at(0).toBool(), true);
    QCOMPARE(server.listeningDescription(), QStringLiteral("127.0.0.1:%1").arg(server.port()));
}

void tst_EchoServer::echoesBytesUnchanged_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("ascii") << QByteArray("hello, world\n");
    QTest::newRow("utf-8") << QStringLiteral("héllo € 漢字 🙂").toUtf8();
    QTest::newRow("nul bytes") << QByteArray("a\0b\0\0c", 6);
    QTest::newRow("single nul") << QByteArray(1, '\0');
    QTest::newRow("0xff and high bytes") << QByteArray("\xff\xfe\x80\xc3", 4);
    QTest::newRow("invalid utf-8") << QByteArray("\xc3\x28\xa0\xa1\xe2\x28\xa1", 7);
    QTest::newRow("1 MiB random") << randomBytes(1024 * 1024, 22000);
}

void tst_EchoServer::echoesBytesUnchanged()
{
    QFETCH(QByteArray, payload);
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestClient client(server.port());
    QTRY_VERIFY(client.isConnected());
    client.socket.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), payload.size(), 20000);
    QVERIFY(client.received == payload);
}

void tst_EchoServer::echoesManySmallWritesInOrder()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestClient client(server.port());
    QTRY_VERIFY(client.isConnected());
    client.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QByteArray sent;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray piece = QByteArray::number(i) + ',';
        client.socket.write(piece);
        client.socket.flush();
        sent += piece;
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), sent.size(), 20000);
    QCOMPARE(client.received, sent);
}

void tst_EchoServer::servesManyClientsEachWithItsOwnBytes_data()
{
    QTest::addColumn<int>("clientCount");
    QTest::addColumn<int>("workers");
    QTest::newRow("50 clients, 4 workers") << 50 << 4;
    QTest::newRow("200 clients, 3 workers") << 200 << 3;
}

void tst_EchoServer::servesManyClientsEachWithItsOwnBytes()
{
    QFETCH(int, clientCount);
    QFETCH(int, workers);
    EchoServer server;
    server.setWorkerCount(workers);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    std::vector<std::unique_ptr<TestClient>> clients;
    std::vector<QByteArray> payloads;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<TestClient>(server.port()));
        payloads.push_back(randomBytes(4096 + i * 97, quint32(i)));
    }
    for (const auto &client : clients)
        QTRY_VERIFY(client->isConnected());
    for (size_t i = 0; i < clients.size(); ++i)
        clients[i]->socket.write(payloads[i]);
    for (size_t i = 0; i < clients.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(clients[i]->received.size(), payloads[i].size(), 20000);
        QVERIFY2(
            clients[i]->received == payloads[i], qPrintable(QStringLiteral("client %1").arg(i)));
    }
    QTRY_COMPARE(arrived.count(), clientCount);
    QCOMPARE(server.clientCount(), clientCount);
    QSet<int> workersUsed;
    for (const QList<QVariant> &args : arrived)
        workersUsed.insert(args.at(0).value<ClientInfo>().worker);
    QCOMPARE(workersUsed.size(), workers);
}

void tst_EchoServer::reportsClientArrivalWithItsAddressAndPort()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    TestClient client(server.port());
    QTRY_COMPARE(arrived.count(), 1);
    const auto info = arrived.at(0).at(0).value<ClientInfo>();
    QCOMPARE(info.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(info.port, client.socket.localPort());
    QVERIFY(info.id > 0);
    QVERIFY(info.since.isValid());
}

void tst_EchoServer::reportsTrafficThatAddsUpToWhatWasSent()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy traffic(&server, &EchoServer::trafficReported);
    TestClient client(server.port());
    QTRY_VERIFY(client.isConnected());
    const QByteArray payload = randomBytes(300000, 7);
    client.socket.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), payload.size(), 20000);

    qint64 received = 0;
    qint64 echoed = 0;
    TrafficSample last;
    // Counters are exact even though the reports are coalesced.
    QTRY_VERIFY([&] {
        received = echoed = 0;
        for (const QList<QVariant> &args : traffic) {
            for (const TrafficSample &sample : args.at(0).value<QList<TrafficSample>>()) {
                received += sample.received;
                echoed += sample.echoed;
                last = sample;
            }
        }
        return received == payload.size() && echoed == payload.size();
    }());
    QCOMPARE(last.totalReceived, payload.size());
    QCOMPARE(last.totalEchoed, payload.size());
    // Coalesced: far fewer reports than reads.
    QVERIFY2(traffic.count() < 100, qPrintable(QString::number(traffic.count())));
}

void tst_EchoServer::reportsPortAlreadyInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    EchoServer server;
    // TCP alone: with UDP too, UDP would serve on the port (tst_udpechoserver covers that).
    server.setTransports(Transport::Tcp);
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    QSignalSpy listening(&server, &EchoServer::listeningChanged);
    QVERIFY(!server.start(QHostAddress::LocalHost, occupant.serverPort()));
    QVERIFY(!server.isListening());
    QCOMPARE(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(
        message.contains(QStringLiteral("Port %1 is already in use").arg(occupant.serverPort())),
        qPrintable(message));
    QCOMPARE(server.errorString(), message);
    QCOMPARE(listening.count(), 0);
    // The same server object can then listen elsewhere.
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
}

void tst_EchoServer::keepsServingOthersWhenAClientLeavesMidStream_data()
{
    QTest::addColumn<bool>("withReset");
    QTest::newRow("closes") << false;
    QTest::newRow("resets") << true;
}

void tst_EchoServer::keepsServingOthersWhenAClientLeavesMidStream()
{
    QFETCH(bool, withReset);
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestClient leaving(server.port());
    TestClient staying(server.port());
    QTRY_VERIFY(leaving.isConnected() && staying.isConnected());

    leaving.socket.write(randomBytes(2 * 1024 * 1024, 1));
    leaving.socket.flush();
    QTRY_VERIFY(!leaving.received.isEmpty());
    if (withReset)
        leaving.reset();
    else
        leaving.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(left.count(), 1, 10000);
    const auto departure = left.at(0).at(0).value<ClientDeparture>();
    QVERIFY(departure.reason == LeaveReason::PeerClosed || departure.reason == LeaveReason::Error);

    const QByteArray payload = randomBytes(100000, 2);
    staying.socket.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(staying.received.size(), payload.size(), 10000);
    QVERIFY(staying.received == payload);
    QCOMPARE(server.clientCount(), 1);
}

void tst_EchoServer::echoesEverythingToAClientThatStopsSending()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestClient client(server.port());
    QTRY_VERIFY(client.isConnected());
    const QByteArray payload = randomBytes(512 * 1024, 3);
    client.socket.write(payload);
    QTRY_COMPARE(client.socket.bytesToWrite(), 0);
    client.shutdownSending();
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), payload.size(), 20000);
    QVERIFY(client.received == payload);
    QTRY_COMPARE(left.count(), 1);
    QTRY_VERIFY(client.isClosed());
}

enum class Ending { ShutDownSendingWithEchoWaiting, CloseAfterEcho, ShutDownSendingAfterEcho };

void tst_EchoServer::tellsOfAHalfCloseOnlyWhileEchoWaits_data()
{
    QTest::addColumn<Ending>("ending");
    QTest::addColumn<int>("halfCloses");
    QTest::newRow("shuts down sending with echo waiting")
        << Ending::ShutDownSendingWithEchoWaiting << 1;
    QTest::newRow("closes after its echo") << Ending::CloseAfterEcho << 0;
    // The server sees the same end of stream as for a close, with nothing left to echo.
    QTest::newRow("shuts down sending after its echo") << Ending::ShutDownSendingAfterEcho << 0;
}

void tst_EchoServer::tellsOfAHalfCloseOnlyWhileEchoWaits()
{
    QFETCH(Ending, ending);
    QFETCH(int, halfCloses);
    EchoServer server;
    server.setPendingEchoAllowance(allowanceForEchoWaiting);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy shutDown(&server, &EchoServer::clientShutDownSending);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    QStringList told;
    QObject context;
    connect(&server, &EchoServer::clientShutDownSending, &context,
        [&told] { told << QStringLiteral("shut down sending"); });
    connect(
        &server, &EchoServer::clientLeft, &context, [&told] { told << QStringLiteral("left"); });
    TestClient client(server.port());
    QTRY_COMPARE(arrived.count(), 1);
    const quint64 id = arrived.at(0).at(0).value<ClientInfo>().id;

    QByteArray sent;
    if (ending == Ending::ShutDownSendingWithEchoWaiting) {
        sent = sendUntilEchoWaitsThenShutDown(server, id, client);
        QVERIFY(!sent.isEmpty());
        // Told while the echo still waits, not when the session ends.
        QTRY_COMPARE(shutDown.count(), 1);
        QCOMPARE(left.count(), 0);
        client.resumeReading();
    } else {
        sent = QByteArrayLiteral("hello");
        client.socket.write(sent);
        QTRY_COMPARE(client.received, sent);
        if (ending == Ending::CloseAfterEcho)
            client.socket.disconnectFromHost();
        else
            client.shutdownSending();
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), sent.size(), 20000);
    QVERIFY(client.received == sent);
    QTRY_COMPARE(left.count(), 1);
    QCOMPARE(left.at(0).at(0).value<ClientDeparture>().reason, LeaveReason::PeerClosed);
    QCOMPARE(shutDown.count(), halfCloses);
    if (halfCloses == 0)
        return;
    QCOMPARE(shutDown.at(0).at(0).value<quint64>(), id);
    const qint64 pendingEcho = shutDown.at(0).at(1).value<qint64>();
    QVERIFY2(
        pendingEcho > 0 && pendingEcho <= sent.size(), qPrintable(QString::number(pendingEcho)));
    QCOMPARE(told, (QStringList { QStringLiteral("shut down sending"), QStringLiteral("left") }));
}

void tst_EchoServer::reportsTheTrafficOfAClientThatSendsAndClosesAtOnce()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    qint64 receivedBeforeLeaving = -1;
    qint64 echoedBeforeLeaving = -1;
    qint64 received = 0;
    qint64 echoed = 0;
    QObject context;
    connect(
        &server, &EchoServer::trafficReported, &context, [&](const QList<TrafficSample> &samples) {
            for (const TrafficSample &sample : samples) {
                received += sample.received;
                echoed += sample.echoed;
            }
        });
    QSignalSpy left(&server, &EchoServer::clientLeft);
    connect(&server, &EchoServer::clientLeft, &context, [&] {
        receivedBeforeLeaving = received;
        echoedBeforeLeaving = echoed;
    });

    // Connected, sent and closed before the event loop runs again: the server's session finds
    // the bytes and the end of the stream in one wake-up.
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QCOMPARE(::send(fd, "bytes", 5, 0), 5);
    ::close(fd);

    QTRY_COMPARE(left.count(), 1);
    const auto departure = left.at(0).at(0).value<ClientDeparture>();
    QCOMPARE(departure.totalReceived, 5);
    QCOMPARE(receivedBeforeLeaving, departure.totalReceived);
    QCOMPARE(echoedBeforeLeaving, departure.totalEchoed);
}

void tst_EchoServer::disconnectsOnlyTheChosenClient()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    TestClient first(server.port());
    QTRY_COMPARE(arrived.count(), 1);
    TestClient second(server.port());
    QTRY_COMPARE(arrived.count(), 2);
    const auto firstInfo = arrived.at(0).at(0).value<ClientInfo>();
    QCOMPARE(firstInfo.port, first.socket.localPort());

    server.disconnectClient(firstInfo.id);
    QTRY_VERIFY(first.isClosed());
    QTRY_COMPARE(left.count(), 1);
    const auto departure = left.at(0).at(0).value<ClientDeparture>();
    QCOMPARE(departure.id, firstInfo.id);
    QCOMPARE(departure.reason, LeaveReason::DisconnectedByServer);

    second.socket.write("still here");
    QTRY_COMPARE(second.received, QByteArray("still here"));
    QVERIFY(second.isConnected());
}

void tst_EchoServer::stopClosesEveryClientAndCanListenAgain()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    QSignalSpy listening(&server, &EchoServer::listeningChanged);
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(std::make_unique<TestClient>(port));
    QTRY_COMPARE(arrived.count(), 3);

    server.stop();
    QVERIFY(!server.isListening());
    // Departures are delivered before the server says it stopped.
    QCOMPARE(left.count(), 3);
    QCOMPARE(listening.count(), 1);
    for (const QList<QVariant> &args : left)
        QCOMPARE(args.at(0).value<ClientDeparture>().reason, LeaveReason::ServerStopped);
    QCOMPARE(server.clientCount(), 0);
    for (const auto &client : clients)
        QTRY_VERIFY(client->isClosed());

    QVERIFY(server.start(QHostAddress::LocalHost, port));
    TestClient again(port);
    QTRY_VERIFY(again.isConnected());
    again.socket.write("back");
    QTRY_COMPARE(again.received, QByteArray("back"));
}

void tst_EchoServer::refusesClientsPastTheLimitAndSaysSoOnceASecond()
{
    EchoServer server;
    server.setMaxClients(2);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy refused(&server, &EchoServer::clientsRefused);
    TestClient first(server.port());
    TestClient second(server.port());
    QTRY_COMPARE(arrived.count(), 2);

    TestClient third(server.port());
    QTRY_VERIFY(third.isClosed());
    QTRY_COMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toInt(), 1);
    QCOMPARE(refused.at(0).at(1).toInt(), 2);

    // A burst within the second is told once, with its count.
    std::vector<std::unique_ptr<TestClient>> burst;
    for (int i = 0; i < 5; ++i)
        burst.push_back(std::make_unique<TestClient>(server.port()));
    for (const auto &client : burst)
        QTRY_VERIFY(client->isClosed());
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 2, 3000);
    QCOMPARE(refused.at(1).at(0).toInt(), 5);
    QCOMPARE(arrived.count(), 2);

    first.socket.write("served");
    QTRY_COMPARE(first.received, QByteArray("served"));
    QCOMPARE(server.clientCount(), 2);
}

// Connects to the server and resets the connection at once (SO_LINGER {1, 0}, then close), all
// before the caller's event loop runs again: the listener, which shares that loop, then accepts
// connections that are already gone.
static void connectAndResetAtOnce(quint16 port, int count)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const linger hard { 1, 0 };
    for (int i = 0; i < count; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        const auto closeIt = qScopeGuard([fd] { ::close(fd); });
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
    }
}

void tst_EchoServer::countsNoClientThatResetBeforeItWasServed()
{
    constexpr int limit = 5;
    constexpr int resets = 40;
    EchoServer server;
    server.setMaxClients(limit);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    int refusedInAll = 0;
    int lostInAll = 0;
    QList<qint64> lossesToldAt;
    QElapsedTimer clock;
    clock.start();
    QObject context;
    connect(&server, &EchoServer::clientsRefused, &context,
        [&](int count, int) { refusedInAll += count; });
    connect(&server, &EchoServer::connectionsLostBeforeServed, &context, [&](int count, int error) {
        QCOMPARE(error, ENOTCONN);
        lostInAll += count;
        lossesToldAt.append(clock.elapsed());
    });

    connectAndResetAtOnce(server.port(), resets);
    // Each is told once: as lost before it was served (the reset reached the server first), or,
    // should the server accept one before its reset arrives, as a client that arrived and left
    // (or was refused while such clients filled the places). None stays counted.
    QTRY_COMPARE_WITH_TIMEOUT(lostInAll + left.count() + refusedInAll, resets, 5000);
    QCOMPARE(arrived.count(), left.count());
    QCOMPARE(server.clientCount(), 0);
    QVERIFY(lostInAll > 0);
    // Losses are told in a line a second at most, with a count.
    for (qsizetype i = 1; i < lossesToldAt.size(); ++i)
        QVERIFY2(lossesToldAt.at(i) - lossesToldAt.at(i - 1) >= 900,
            qPrintable(QString::number(lossesToldAt.at(i))));

    // The limit counts the clients there are: five are served, the sixth is refused.
    const int arrivedBefore = int(arrived.count());
    const int refusedBefore = refusedInAll;
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < limit; ++i)
        clients.push_back(std::make_unique<TestClient>(server.port()));
    QTRY_COMPARE(arrived.count(), arrivedBefore + limit);
    QCOMPARE(server.clientCount(), limit);
    for (const auto &client : clients) {
        client->socket.write("served");
        QTRY_COMPARE(client->received, QByteArray("served"));
    }
    TestClient oneTooMany(server.port());
    QTRY_VERIFY(oneTooMany.isClosed());
    QTRY_COMPARE(refusedInAll, refusedBefore + 1);

    // Arrivals and departures still add up to the count as the clients leave.
    clients.clear();
    QTRY_COMPARE(server.clientCount(), 0);
    QCOMPARE(arrived.count(), left.count());
}

void tst_EchoServer::acceptsInTheWorkersWhileTheMainThreadIsBusy_data()
{
    QTest::addColumn<int>("workers");
    QTest::addColumn<int>("connections");
    QTest::addColumn<int>("limit");
    // Every worker must serve some when there are enough clients that none may be left out by
    // the fair share (a worker lets the others go first once 8 clients ahead of one of them).
    QTest::addColumn<bool>("everyWorkerServes");
    QTest::newRow("1 worker, 20 connections") << 1 << 20 << 1000 << true;
    QTest::newRow("2 workers, 40 connections") << 2 << 40 << 1000 << true;
    QTest::newRow("4 workers, 80 connections") << 4 << 80 << 1000 << true;
    QTest::newRow("4 workers, 60 connections, limit 25") << 4 << 60 << 25 << false;
    QTest::newRow("3 workers, 30 connections, limit 1") << 3 << 30 << 1 << false;
}

// Each with its own bytes, connected and sent all at once while the test's thread (the server's
// main thread) runs no event loop: the workers must accept, count and echo by themselves, and
// keep the limit exact while several accept at the same time.
void tst_EchoServer::acceptsInTheWorkersWhileTheMainThreadIsBusy()
{
    QFETCH(int, workers);
    QFETCH(int, connections);
    QFETCH(int, limit);
    QFETCH(bool, everyWorkerServes);
    EchoServer server;
    server.setWorkerCount(workers);
    server.setMaxClients(limit);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy left(&server, &EchoServer::clientLeft);
    int refusedInAll = 0;
    QObject context;
    connect(&server, &EchoServer::clientsRefused, &context, [&](int count, int toldLimit) {
        QCOMPARE(toldLimit, limit);
        refusedInAll += count;
    });

    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<int> clients;
    const auto closeClients = qScopeGuard([&clients] {
        for (int fd : clients)
            ::close(fd);
    });
    for (int i = 0; i < connections; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        clients.push_back(fd);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    }
    const auto message = [](int i) -> QByteArray {
        return QByteArray("client ") + QByteArray::number(i);
    };
    for (int i = 0; i < connections; ++i) {
        const QByteArray bytes = message(i);
        QCOMPARE(::send(clients[size_t(i)], bytes.constData(), size_t(bytes.size()), 0),
            ssize_t(bytes.size()));
    }
    // Still without the event loop: each gets its echo back, or is closed (refused).
    int served = 0;
    int closed = 0;
    for (int i = 0; i < connections; ++i) {
        const QByteArray expected = message(i);
        QByteArray reply;
        bool ended = false;
        while (!ended && reply.size() < expected.size()) {
            pollfd ready { clients[size_t(i)], POLLIN, 0 };
            QVERIFY2(::poll(&ready, 1, 10000) == 1,
                qPrintable(QStringLiteral("client %1 got neither its echo nor the end").arg(i)));
            char buffer[64];
            const ssize_t count = ::recv(clients[size_t(i)], buffer, sizeof buffer, 0);
            if (count > 0)
                reply.append(buffer, qsizetype(count));
            else
                ended = true; // the end of the stream, or a reset: refused
        }
        if (ended) {
            QVERIFY2(reply.isEmpty(), reply.constData());
            ++closed;
        } else {
            QCOMPARE(reply, expected);
            ++served;
        }
    }
    const int admitted = qMin(connections, limit);
    QCOMPARE(served, admitted);
    QCOMPARE(closed, connections - admitted);

    // The main thread hears of it all once it runs its event loop again.
    QTRY_COMPARE(arrived.count(), admitted);
    QTRY_COMPARE(refusedInAll, connections - admitted);
    QCOMPARE(server.clientCount(), admitted);
    QSet<quint64> ids;
    QSet<int> workersUsed;
    for (const QList<QVariant> &args : arrived) {
        ids.insert(args.at(0).value<ClientInfo>().id);
        workersUsed.insert(args.at(0).value<ClientInfo>().worker);
    }
    QCOMPARE(ids.size(), admitted);
    if (everyWorkerServes)
        QCOMPARE(workersUsed.size(), workers);

    for (int fd : clients)
        ::close(fd);
    clients.clear();
    QTRY_COMPARE(server.clientCount(), 0);
    QCOMPARE(left.count(), arrived.count());
}

void tst_EchoServer::boundsTheEchoKeptForClientsThatDoNotRead()
{
    // Lowered limits, so a few clients are enough: room in the budget for three of them.
    constexpr qint64 allowance = 16 * 1024;
    constexpr qint64 budget = 3 * allowance;
    constexpr int nonReaders = 6;
    // Each non-reader is fed block by block for as long as the kernel takes its bytes: how much
    // the kernel holds depends on its autotuned buffers (up to tcp_rmem + tcp_wmem, tens of MiB on
    // some machines), so no fixed amount is sure to exceed it.
    constexpr qsizetype block = 1024 * 1024;
    constexpr qsizetype mostFed = 256 * block;
    EchoServer server;
    server.setPendingEchoAllowance(allowance);
    server.setPendingEchoBudget(budget);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);

    // What the server holds for a client is what it read and has not echoed yet, as its reports
    // say: from the outside, whatever the engine believes it keeps. Each report is exact for its
    // client; reports of different clients come at different times, so their sum is the true
    // total only once nothing moves.
    QHash<quint64, qint64> kept;
    qint64 mostKeptByOne = 0;
    QObject context;
    connect(
        &server, &EchoServer::trafficReported, &context, [&](const QList<TrafficSample> &samples) {
            for (const TrafficSample &sample : samples) {
                kept[sample.id] = sample.totalReceived - sample.totalEchoed;
                mostKeptByOne = qMax(mostKeptByOne, kept[sample.id]);
            }
        });
    const auto keptInAll = [&kept] {
        qint64 inAll = 0;
        for (const qint64 bytes : std::as_const(kept))
            inAll += bytes;
        return inAll;
    };

    std::vector<std::unique_ptr<TestClient>> clients;
    std::vector<QByteArray> sent(nonReaders);
    for (int i = 0; i < nonReaders; ++i)
        clients.push_back(std::make_unique<TestClient>(server.port()));
    TestClient pinger(server.port());
    QTRY_COMPARE(arrived.count(), nonReaders + 1);
    for (const auto &client : clients) {
        client->stopReading();
        client->limitSendBuffer();
    }

    // Each stalls: the server stops reading from a client whose echo it cannot hand over, and
    // what the client writes then stays in its own socket's buffer.
    for (int i = 0; i < nonReaders; ++i) {
        TestClient &client = *clients[size_t(i)];
        QByteArray &bytes = sent[size_t(i)];
        qint64 lastPending = -1;
        int unchanged = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const qint64 pending = client.socket.bytesToWrite();
                if (pending < block && bytes.size() < mostFed) {
                    const QByteArray more = randomBytes(block, quint32(100 + i + bytes.size()));
                    bytes += more;
                    client.socket.write(more);
                    unchanged = 0;
                    lastPending = -1;
                    return false;
                }
                unchanged = (pending == lastPending) ? unchanged + 1 : 0;
                lastPending = pending;
                return unchanged >= 5;
            }(),
            60000);
        QVERIFY2(bytes.size() < mostFed, "the kernel kept taking bytes: the server never stopped");
    }
    // A client that reads is served all the same.
    pinger.socket.write("ping");
    QTRY_COMPARE(pinger.received, QByteArray("ping"));

    QVERIFY2(mostKeptByOne > 0 && mostKeptByOne <= allowance,
        qPrintable(QString::number(mostKeptByOne)));
    // Nothing moves now: the last report of each client is its state, and together they keep
    // no more than the budget.
    QTRY_VERIFY2(
        keptInAll() > 0 && keptInAll() <= budget, qPrintable(QString::number(keptInAll())));

    // When they read at last, every byte comes back, in order.
    for (const auto &client : clients)
        client->resumeReading();
    for (int i = 0; i < nonReaders; ++i) {
        TestClient &client = *clients[size_t(i)];
        QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), sent[size_t(i)].size(), 60000);
        QVERIFY2(client.received == sent[size_t(i)], qPrintable(QString::number(i)));
    }
    QVERIFY(mostKeptByOne <= allowance);
}

void tst_EchoServer::keepsServingWhenDescriptorsRunOut_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("1 worker") << 1;
    // Each accepts, so each runs out, pauses and tries again; still told once a second.
    QTest::newRow("3 workers") << 3;
}

void tst_EchoServer::keepsServingWhenDescriptorsRunOut()
{
    QFETCH(int, workers);
    EchoServer server;
    server.setWorkerCount(workers);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QSignalSpy errors(&server, &EchoServer::errorOccurred);
    TestClient first(server.port());
    QTRY_COMPARE(arrived.count(), 1);

    // Leave this process only a few descriptors, then use them up with raw connections that
    // the kernel completes but the server cannot accept.
    rlimit saved {};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &saved), 0);
    const auto restore = qScopeGuard([&saved] { setrlimit(RLIMIT_NOFILE, &saved); });
    const rlim_t open = rlim_t(QDir(QStringLiteral("/proc/self/fd")).count());
    rlimit lowered = saved;
    lowered.rlim_cur = open + 6;
    QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    QCOMPARE(openFileLimit().soft, (long long)lowered.rlim_cur);

    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::vector<int> raw;
    const auto closeRaw = qScopeGuard([&raw] {
        for (int fd : raw)
            ::close(fd);
    });
    for (int i = 0; i < 64; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            break;
        raw.push_back(fd);
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    }
    QVERIFY(!raw.empty());
    QVERIFY(raw.size() < 64);

    QTRY_VERIFY(!errors.isEmpty());
    QVERIFY2(errors.at(0).at(0).toString().contains(QStringLiteral("Out of file descriptors")),
        qPrintable(errors.at(0).at(0).toString()));
    // Told once a second at most, however often accepting is retried.
    QCOMPARE(errors.count(), 1);
    first.socket.write("still served");
    QTRY_COMPARE(first.received, QByteArray("still served"));

    // Descriptors come back: the waiting connections are accepted and echoed.
    const int waiting = raw.back();
    raw.pop_back();
    for (int fd : raw)
        ::close(fd);
    raw.clear();
    raw.push_back(waiting);
    QCOMPARE(::send(waiting, "late", 4, 0), 4);
    QByteArray reply;
    const auto readReply = [&reply, waiting] {
        char buffer[8];
        const auto count = ::recv(waiting, buffer, sizeof buffer, MSG_DONTWAIT);
        if (count > 0)
            reply.append(buffer, count);
        return reply;
    };
    QTRY_COMPARE_WITH_TIMEOUT(readReply(), QByteArray("late"), 10000);
}

void tst_EchoServer::describesEndpointsInWords_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ipv4") << QHostAddress(QHostAddress::LocalHost) << "127.0.0.1:22000";
    QTest::newRow("ipv6") << QHostAddress(QHostAddress::LocalHostIPv6) << "[::1]:22000";
    QTest::newRow("any") << QHostAddress(QHostAddress::Any)
                         << "all interfaces (IPv4 + IPv6), port 22000";
}

void tst_EchoServer::describesEndpointsInWords()
{
    QFETCH(QHostAddress, address);
    QFETCH(QString, expected);
    QCOMPARE(EchoServer::describeEndpoint(address, 22000), expected);
}

QTEST_GUILESS_MAIN(tst_EchoServer)
#include "tst_echoserver.moc"
