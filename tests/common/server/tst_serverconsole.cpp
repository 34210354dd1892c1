#include "echoserver.h"
#include "linelogfile.h"
#include "serverconsole.h"
#include "testclient.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <unistd.h>
#include <vector>

// The headless server's console, fed by a real server, written to a pipe instead of stdout.
class tst_ServerConsole : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void saysWhenAClientShutsDownSendingBeforeItsClose_data();
    void saysWhenAClientShutsDownSendingBeforeItsClose();
    void saysOnceWhenTheLogFileCannotBeWritten();
    void tellsAFewClientsALineEachAndManyInOneLine_data();
    void tellsAFewClientsALineEachAndManyInOneLine();
    void tellsAChurnInALineASecond();
    void tellsManyUdpPeersApartFromClients();
    void keepsServingWhenTheOutputIsNotRead();

private:
    // What the console wrote so far (read from the pipe without waiting).
    QString output();

    int m_out = -1; // the console's end of the pipe
    int m_in = -1;
    QByteArray m_written;
};

void tst_ServerConsole::init()
{
    int ends[2];
    QCOMPARE(::pipe2(ends, O_CLOEXEC), 0);
    m_in = ends[0];
    m_out = ends[1];
    QCOMPARE(::fcntl(m_in, F_SETFL, O_NONBLOCK), 0);
    m_written.clear();
}

void tst_ServerConsole::cleanup()
{
    ::close(m_in);
    ::close(m_out);
    m_in = m_out = -1;
}

QString tst_ServerConsole::output()
{
    char block[65536];
    ssize_t got = 0;
    while ((got = ::read(m_in, block, sizeof block)) > 0)
        m_written.append(block, got);
    return QString::fromLocal8Bit(m_written);
}

namespace {

// Clients that each connect, send `payload`, read its echo and close, `together` at a time.
void churn(EchoServer &server, int clients, const QByteArray &payload, int together = 20)
{
    QSignalSpy left(&server, &EchoServer::clientLeft);
    const int before = int(left.count());
    for (int done = 0; done < clients; done += together) {
        std::vector<std::unique_ptr<TestClient>> batch;
        for (int i = 0; i < qMin(together, clients - done); ++i) {
            batch.push_back(std::make_unique<TestClient>(server.port()));
            batch.back()->socket.write(payload);
        }
        for (const auto &client : batch) {
            QTRY_COMPARE(client->received, payload);
            client->socket.disconnectFromHost();
        }
        QTRY_COMPARE(int(left.count()) - before, done + int(batch.size()));
    }
}

// Client events told in lines of their own and in the lines that tell a while.
struct Told
{
    int arrivalLines = 0;
    int departureLines = 0;
    int coalescedLines = 0;
    int arrived = 0; // in all, alone or coalesced
    int left = 0;
    qint64 received = 0; // by the clients that left
    qint64 echoed = 0;
};

Told told(const QString &output)
{
    Told t;
    static const QRegularExpression departure(
        QStringLiteral(": closed the connection \\((\\d+) bytes received, (\\d+) bytes echoed"));
    static const QRegularExpression coalesced(QStringLiteral("In the last second: (.*)\n"));
    static const QRegularExpression connected(QStringLiteral("(\\d+) clients? connected"));
    static const QRegularExpression gone(QStringLiteral(
        "(\\d+) clients? left \\((\\d+) bytes received, (\\d+) bytes echoed in total\\)"));
    t.arrivalLines = int(output.count(QStringLiteral(": connection accepted")));
    for (const auto &match : departure.globalMatch(output)) {
        ++t.departureLines;
        t.received += match.captured(1).toLongLong();
        t.echoed += match.captured(2).toLongLong();
    }
    t.arrived = t.arrivalLines;
    t.left = t.departureLines;
    for (const auto &line : coalesced.globalMatch(output)) {
        ++t.coalescedLines;
        const QString text = line.captured(1);
        if (const auto match = connected.match(text); match.hasMatch())
            t.arrived += match.captured(1).toInt();
        if (const auto match = gone.match(text); match.hasMatch()) {
            t.left += match.captured(1).toInt();
            t.received += match.captured(2).toLongLong();
            t.echoed += match.captured(3).toLongLong();
        }
    }
    return t;
}

} // namespace

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
    // The lines counted below are TCP's: a UDP socket would add a line of its own.
    server.setTransports(Transport::Tcp);
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

void tst_ServerConsole::tellsAFewClientsALineEachAndManyInOneLine_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<bool>("coalesced");
    // Two lines each: two clients are within the five lines a second, two hundred are not.
    QTest::newRow("2 clients") << 2 << false;
    QTest::newRow("200 clients") << 200 << true;
}

void tst_ServerConsole::tellsAFewClientsALineEachAndManyInOneLine()
{
    QFETCH(int, clients);
    QFETCH(bool, coalesced);
    EchoServer server;
    ServerConsole console(&server, m_out);
    // All of them within one while, however slow the machine: it ends when the server stops.
    console.setCoalescingInterval(std::chrono::hours(1));
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const QByteArray payload(100, 'e');
    churn(server, clients, payload);
    server.stop();
    console.printTotals();

    const qint64 bytes = qint64(clients) * payload.size();
    QTRY_VERIFY2(output().contains(QStringLiteral("Totals: ")), qPrintable(output()));
    const Told t = told(output());
    QVERIFY2(output().contains(QStringLiteral("Totals: %1 clients served, %2 bytes received, %2 "
                                              "bytes echoed\n")
                     .arg(clients)
                     .arg(bytes)),
        qPrintable(output()));
    QCOMPARE(t.arrived, clients);
    QCOMPARE(t.left, clients);
    QCOMPARE(t.received, bytes);
    QCOMPARE(t.echoed, bytes);
    if (coalesced) {
        QCOMPARE(t.arrivalLines + t.departureLines, ServerConsole::clientLinesPerSecond);
        QCOMPARE(t.coalescedLines, 1);
    } else {
        QCOMPARE(t.arrivalLines, clients);
        QCOMPARE(t.departureLines, clients);
        QCOMPARE(t.coalescedLines, 0);
    }
}

void tst_ServerConsole::tellsAChurnInALineASecond()
{
    EchoServer server;
    ServerConsole console(&server, m_out);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const QByteArray payload(10, 'c');
    constexpr int clients = 300;
    churn(server, clients, payload);
    // Told while the server runs, a second at most after the churn.
    QTRY_COMPARE(told(output()).left, clients);
    const Told t = told(output());
    QCOMPARE(t.arrived, clients);
    QCOMPARE(t.echoed, qint64(clients) * payload.size());
    QVERIFY(t.coalescedLines >= 1);
    QVERIFY2(t.arrivalLines + t.departureLines <=
            ServerConsole::clientLinesPerSecond * (t.coalescedLines + 1),
        qPrintable(output()));

    // Quiet again: the next second is told with what came in it, and from then on a client gets
    // its own lines.
    TestClient first(server.port());
    QTRY_COMPARE(told(output()).arrived, clients + 1);
    TestClient second(server.port());
    QTRY_VERIFY(second.isConnected());
    QTRY_VERIFY2(
        output().contains(
            QStringLiteral("127.0.0.1:%1: connection accepted").arg(second.socket.localPort())),
        qPrintable(output().right(2000)));
}

void tst_ServerConsole::tellsManyUdpPeersApartFromClients()
{
    EchoServer server;
    ServerConsole console(&server, m_out);
    // All of them within one while, however slow the machine: it ends when the server stops.
    console.setCoalescingInterval(std::chrono::hours(1));
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    QTRY_VERIFY2(
        output().contains(QStringLiteral("Serving UDP on 127.0.0.1:%1").arg(server.port())),
        qPrintable(output()));
    constexpr int peers = 40;
    std::vector<std::unique_ptr<QUdpSocket>> sockets;
    for (int i = 0; i < peers; ++i) {
        auto socket = std::make_unique<QUdpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket->waitForConnected(5000));
        QCOMPARE(socket->write("x"), 1);
        sockets.push_back(std::move(socket));
    }
    QTRY_COMPARE(arrived.count(), peers);
    QCOMPARE(server.udpPeerCount(), peers);
    QCOMPARE(server.tcpClientCount(), 0);
    server.stop();
    console.flush();

    // A few peers get a line each, the rest are counted as peers, never as clients connected.
    QString said;
    QTRY_VERIFY((said = output()).contains(QStringLiteral("Stopped listening")));
    static const QRegularExpression coalesced(
        QStringLiteral(R"(In the last second: (\d+) new UDP peers, (\d+) UDP peers forgotten\n)"));
    const QRegularExpressionMatch tally = coalesced.match(said);
    QVERIFY2(tally.hasMatch(), qPrintable(said));
    const int toldArrivals = int(said.count(QStringLiteral("(UDP): first datagram")));
    const int toldDepartures =
        int(said.count(QStringLiteral("(UDP): forgotten because the server stopped")));
    QCOMPARE(toldArrivals + toldDepartures, ServerConsole::clientLinesPerSecond);
    QCOMPARE(tally.captured(1).toInt() + toldArrivals, peers);
    QCOMPARE(tally.captured(2).toInt() + toldDepartures, peers);
    QVERIFY2(!said.contains(QStringLiteral("clients connected")), qPrintable(said));
}

void tst_ServerConsole::keepsServingWhenTheOutputIsNotRead()
{
    // The pipe is full before the console writes a line, and nobody reads it for a while.
    QCOMPARE(::fcntl(m_out, F_SETFL, O_NONBLOCK), 0);
    const QByteArray filler(4096, '.');
    qint64 filled = 0;
    for (const qsizetype size : { filler.size(), qsizetype(1) }) {
        ssize_t done = 0;
        while ((done = ::write(m_out, filler.constData(), size_t(size))) > 0)
            filled += done;
        QCOMPARE(errno, EAGAIN);
    }
    QCOMPARE(::fcntl(m_out, F_SETFL, 0), 0);

    EchoServer server;
    auto console = std::make_unique<ServerConsole>(&server, m_out);
    console->setOutputCapacity(4096);
    QSignalSpy arrived(&server, &EchoServer::clientArrived);
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    TestClient client(server.port());
    QTRY_COMPARE(arrived.count(), 1);
    constexpr int lines = 500;
    for (int i = 0; i < lines; ++i)
        console->printLine(QStringLiteral("line %1 of a console nobody reads").arg(i));
    client.socket.write("still echoed");
    QTRY_COMPARE(client.received, QByteArray("still echoed"));
    QVERIFY(console->droppedLines() > 0);

    // Read again: what fitted goes out whole and in order, then one line says how many did not.
    QTRY_VERIFY2(output().contains(QStringLiteral("standard output was not being read")),
        qPrintable(output().right(2000)));
    QVERIFY(m_written.startsWith(QByteArray(filled, '.')));
    const QString said = QString::fromLocal8Bit(m_written.mid(filled));
    static const QRegularExpression line(
        QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} line (\\d+) of a console nobody reads$"));
    static const QRegularExpression note(QStringLiteral(
        "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\d+) console lines? not written: standard output was "
        "not being read$"));
    int next = 0;
    int notWritten = -1;
    for (const QString &text : said.split(u'\n', Qt::SkipEmptyParts)) {
        if (const auto match = line.match(text); match.hasMatch()) {
            QCOMPARE(notWritten, -1);
            QCOMPARE(match.captured(1).toInt(), next++);
        } else if (const auto match = note.match(text); match.hasMatch()) {
            QCOMPARE(notWritten, -1);
            notWritten = match.captured(1).toInt();
        } else {
            QVERIFY2(text.contains(QStringLiteral("Listening on")) ||
                    text.contains(QStringLiteral("Serving UDP on")) ||
                    text.contains(QStringLiteral(": connection accepted")),
                qPrintable(text));
        }
    }
    QVERIFY(next > 0);
    QCOMPARE(next + notWritten, lines);
    QCOMPARE(console->droppedLines(), qint64(notWritten));

    // Lines go out again, and the totals too when the console is closed.
    console->printLine(QStringLiteral("after the gap"));
    QTRY_VERIFY(output().endsWith(QStringLiteral(" after the gap\n")));
    console->printTotals();
    console.reset();
    QVERIFY2(output().contains(QStringLiteral("Totals: 1 client served")), qPrintable(output()));
}

QTEST_GUILESS_MAIN(tst_ServerConsole)
#include "tst_serverconsole.moc"
