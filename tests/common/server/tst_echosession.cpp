#include "echosession.h"
#include "pendingechobudget.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <sys/socket.h>

namespace {

// Hands over bare descriptors, as the real listener does, so a session can adopt them.
class DescriptorListener final : public QTcpServer
{
public:
    QList<qintptr> descriptors;

protected:
    void incomingConnection(qintptr descriptor) override { descriptors.append(descriptor); }
};

} // namespace

class tst_EchoSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void stopsReadingWhileTheClientDoesNotRead_data();
    void stopsReadingWhileTheClientDoesNotRead();
    void keepsNoEchoOnceTheBudgetIsSpent();
    void holdsTheBudgetOnlyWhileEchoWaits();
    void echoesEverythingBeforeClosingAfterTheClientStopsSending();
    void tellsAResetFromAnOrderlyClose();
    void reportsTrafficOncePerQuietPeriod();
    void closesFromTheServerSide();

private:
    bool connectPair();
    // Connects one more client and hands its descriptor to a session of the caller's.
    bool connectAnother(QTcpSocket &client, EchoSession &session);
    // Writes `total` bytes of a pattern; returns the block the pattern repeats.
    static QByteArray writeWithoutReading(QTcpSocket &client, qint64 total);
    // True once the client's writing has not moved for several polls: every buffer between it
    // and the session is full and the session reads no more.
    static bool waitUntilSendingStalls(QTcpSocket &client);
    static bool readsBackInOrder(QTcpSocket &client, const QByteArray &block, qint64 total);

    std::unique_ptr<DescriptorListener> m_listener;
    std::unique_ptr<QTcpSocket> m_client;
    std::unique_ptr<EchoSession> m_session;
    // Outlives the session, which gives its share back when it goes.
    std::unique_ptr<PendingEchoBudget> m_budget;
    bool m_smallKernelBuffers = false;
};

void tst_EchoSession::init()
{
    m_listener = std::make_unique<DescriptorListener>();
    m_client = std::make_unique<QTcpSocket>();
    m_session = std::make_unique<EchoSession>(1, 0);
    m_smallKernelBuffers = false;
}

void tst_EchoSession::cleanup()
{
    m_session.reset();
    m_client.reset();
    m_listener.reset();
    m_budget.reset();
}

bool tst_EchoSession::connectPair()
{
    if (!m_listener->listen(QHostAddress::LocalHost, 0))
        return false;
    m_client->connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
    if (!QTest::qWaitFor([this] { return !m_listener->descriptors.isEmpty(); }))
        return false;
    const qintptr descriptor = m_listener->descriptors.takeFirst();
    if (m_smallKernelBuffers) {
        // Small kernel buffers on both ends, so the session's own backlog is what fills.
        const int size = 64 * 1024;
        for (const qintptr fd : { descriptor, m_client->socketDescriptor() }) {
            ::setsockopt(int(fd), SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
            ::setsockopt(int(fd), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        }
    }
    return m_session->open(descriptor);
}

bool tst_EchoSession::connectAnother(QTcpSocket &client, EchoSession &session)
{
    client.connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
    if (!QTest::qWaitFor([this] { return !m_listener->descriptors.isEmpty(); }))
        return false;
    return session.open(m_listener->descriptors.takeFirst());
}

QByteArray tst_EchoSession::writeWithoutReading(QTcpSocket &client, qint64 total)
{
    // The client takes at most one byte into its own buffer: in effect it never reads.
    client.setReadBufferSize(1);
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(64);
    for (char &byte : block)
        byte = char(generator.bounded(256));
    for (qint64 sent = 0; sent < total; sent += block.size())
        client.write(block);
    return block;
}

bool tst_EchoSession::waitUntilSendingStalls(QTcpSocket &client)
{
    qint64 lastPending = -1;
    int unchanged = 0;
    return QTest::qWaitFor(
        [&] {
            const qint64 pending = client.bytesToWrite();
            unchanged = (pending == lastPending && pending > 0) ? unchanged + 1 : 0;
            lastPending = pending;
            return unchanged >= 5;
        },
        30000);
}

bool tst_EchoSession::readsBackInOrder(QTcpSocket &client, const QByteArray &block, qint64 total)
{
    QByteArray received;
    received.reserve(total);
    client.setReadBufferSize(0);
    QObject context;
    connect(&client, &QTcpSocket::readyRead, &context, [&] { received += client.readAll(); });
    received += client.readAll();
    if (!QTest::qWaitFor([&] { return received.size() >= total; }, 60000))
        return false;
    for (qint64 offset = 0; offset < total; offset += block.size()) {
        if (QByteArrayView(received).sliced(offset, block.size()) != block)
            return false;
    }
    return received.size() == total;
}

void tst_EchoSession::stopsReadingWhileTheClientDoesNotRead_data()
{
    QTest::addColumn<qint64>("allowance");
    QTest::newRow("default allowance") << EchoSession::defaultPendingEchoAllowance;
    // Not much lower: reads far below the loopback's 64 KiB segments open the client's window
    // so slowly that its sending can seem to stall before the kernel ever refuses any echo.
    QTest::newRow("16 KiB") << qint64(16 * 1024);
    QTest::newRow("1 MiB") << qint64(1024 * 1024);
}

void tst_EchoSession::stopsReadingWhileTheClientDoesNotRead()
{
    QFETCH(qint64, allowance);
    m_session->setPendingEchoLimits({ allowance, nullptr });
    QVERIFY(connectPair());
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    constexpr qint64 total = 64 * 1024 * 1024;
    const QByteArray block = writeWithoutReading(*m_client, total);

    QVERIFY(waitUntilSendingStalls(*m_client));
    QVERIFY(m_client->bytesToWrite() > total / 2);
    // It kept some echo, never more than its allowance.
    QVERIFY2(m_session->peakPendingEcho() > 0 && m_session->peakPendingEcho() <= allowance,
        qPrintable(QString::number(m_session->peakPendingEcho())));

    // Once the client reads, the session resumes and every byte comes back in order.
    QVERIFY(readsBackInOrder(*m_client, block, total));
    QVERIFY(m_session->peakPendingEcho() <= allowance);
}

void tst_EchoSession::keepsNoEchoOnceTheBudgetIsSpent()
{
    m_budget = std::make_unique<PendingEchoBudget>(0);
    m_session->setPendingEchoLimits({ EchoSession::defaultPendingEchoAllowance, m_budget.get() });
    QVERIFY(connectPair());
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    constexpr qint64 total = 32 * 1024 * 1024;
    const QByteArray block = writeWithoutReading(*m_client, total);

    // It stops reading all the same, keeping nothing: what the kernel refused stays in the
    // kernel, not in the session.
    QVERIFY(waitUntilSendingStalls(*m_client));
    QVERIFY(m_client->bytesToWrite() > total / 2);
    QCOMPARE(m_session->peakPendingEcho(), 0);
    QVERIFY(readsBackInOrder(*m_client, block, total));
    QCOMPARE(m_session->peakPendingEcho(), 0);
    QCOMPARE(m_budget->used(), 0);
}

void tst_EchoSession::holdsTheBudgetOnlyWhileEchoWaits()
{
    // Room for one session's buffer: the client that doesn't read takes it, the other one is
    // served without it.
    constexpr qint64 allowance = 16 * 1024;
    m_budget = std::make_unique<PendingEchoBudget>(allowance);
    m_session->setPendingEchoLimits({ allowance, m_budget.get() });
    QVERIFY(connectPair());
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    constexpr qint64 total = 32 * 1024 * 1024;
    const QByteArray block = writeWithoutReading(*m_client, total);
    QVERIFY(waitUntilSendingStalls(*m_client));
    QCOMPARE(m_budget->used(), allowance);
    QVERIFY(m_session->pendingEcho() > 0);

    QTcpSocket reader;
    EchoSession other(2, 0);
    other.setPendingEchoLimits({ allowance, m_budget.get() });
    QVERIFY(connectAnother(reader, other));
    QByteArray echoed;
    connect(&reader, &QTcpSocket::readyRead, this, [&] { echoed += reader.readAll(); });
    const QByteArray message(200 * 1024, 'x');
    reader.write(message);
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), message.size(), 20000);
    QVERIFY(echoed == message);
    QCOMPARE(other.peakPendingEcho(), 0);
    QCOMPARE(m_budget->used(), allowance);

    // Once its echo is all taken, the session gives the budget back.
    QVERIFY(readsBackInOrder(*m_client, block, total));
    QTRY_COMPARE(m_budget->used(), 0);
}

void tst_EchoSession::echoesEverythingBeforeClosingAfterTheClientStopsSending()
{
    // The client sends more than the kernel buffers between the two hold while nobody reads,
    // then shuts down its sending side: the end of its stream reaches the session while echo
    // is still waiting in the session.
    m_smallKernelBuffers = true;
    m_session->setPendingEchoLimits({ 1024 * 1024, nullptr });
    QVERIFY(connectPair());
    QSignalSpy finished(m_session.get(), &EchoSession::finished);
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    m_client->setReadBufferSize(1);
    // Well inside what the kernel buffers (4 x 128 KiB here) and the session (1 MiB) hold together,
    // so that the client can finish sending however the kernel accounts its buffers.
    QByteArray payload(1280 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(5);
    for (char &byte : payload)
        byte = char(generator.bounded(256));
    m_client->write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->bytesToWrite(), 0, 20000);
    QTRY_VERIFY(m_session->pendingEcho() > 256 * 1024);
    ::shutdown(int(m_client->socketDescriptor()), SHUT_WR);

    QByteArray received;
    m_client->setReadBufferSize(0);
    connect(m_client.get(), &QTcpSocket::readyRead, this, [&] { received += m_client->readAll(); });
    received += m_client->readAll();
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), payload.size(), 20000);
    QVERIFY(received == payload);
    QTRY_COMPARE(finished.count(), 1);
    const auto departure = finished.at(0).at(1).value<ClientDeparture>();
    QCOMPARE(departure.reason, LeaveReason::PeerClosed);
    QCOMPARE(departure.totalReceived, payload.size());
    QCOMPARE(departure.totalEchoed, payload.size());
}

void tst_EchoSession::tellsAResetFromAnOrderlyClose()
{
    QVERIFY(connectPair());
    QSignalSpy finished(m_session.get(), &EchoSession::finished);
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    const linger hard { 1, 0 };
    ::setsockopt(int(m_client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    m_client->abort();
    QTRY_COMPARE(finished.count(), 1);
    const auto departure = finished.at(0).at(1).value<ClientDeparture>();
    QCOMPARE(departure.reason, LeaveReason::Error);
    QVERIFY2(departure.detail.contains(QStringLiteral("reset")), qPrintable(departure.detail));
}

void tst_EchoSession::reportsTrafficOncePerQuietPeriod()
{
    QVERIFY(connectPair());
    QSignalSpy pending(m_session.get(), &EchoSession::trafficPending);
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    m_client->write("abc");
    QTRY_COMPARE(m_client->bytesAvailable(), 3);
    m_client->write("def");
    QTRY_COMPARE(m_client->bytesAvailable(), 6);
    // Announced once: the worker collects whatever accumulated when its timer fires.
    QCOMPARE(pending.count(), 1);
    const TrafficSample sample = m_session->takeSample();
    QCOMPARE(sample.received, 6);
    QCOMPARE(sample.echoed, 6);
    QCOMPARE(sample.preview, QByteArray("abcdef"));
    QVERIFY(!m_session->hasUnreportedTraffic());
    m_client->write("g");
    QTRY_COMPARE(pending.count(), 2);
    QTRY_COMPARE(m_session->takeSample().totalEchoed, 7);
}

void tst_EchoSession::closesFromTheServerSide()
{
    QVERIFY(connectPair());
    QSignalSpy finished(m_session.get(), &EchoSession::finished);
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    m_session->close(LeaveReason::DisconnectedByServer);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(
        finished.at(0).at(1).value<ClientDeparture>().reason, LeaveReason::DisconnectedByServer);
    QTRY_COMPARE(m_client->state(), QAbstractSocket::UnconnectedState);
}

QTEST_GUILESS_MAIN(tst_EchoSession)
#include "tst_echosession.moc"
