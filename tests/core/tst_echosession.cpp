#include "echosession.h"

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
    void stopsReadingWhileTheClientDoesNotRead();
    void echoesEverythingBeforeClosingAfterTheClientStopsSending();
    void tellsAResetFromAnOrderlyClose();
    void reportsTrafficOncePerQuietPeriod();
    void closesFromTheServerSide();

private:
    bool connectPair();

    std::unique_ptr<DescriptorListener> m_listener;
    std::unique_ptr<QTcpSocket> m_client;
    std::unique_ptr<EchoSession> m_session;
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

void tst_EchoSession::stopsReadingWhileTheClientDoesNotRead()
{
    QVERIFY(connectPair());
    QTRY_COMPARE(m_client->state(), QAbstractSocket::ConnectedState);
    // The client takes at most one byte into its own buffer: in effect it never reads.
    m_client->setReadBufferSize(1);

    constexpr qint64 total = 64 * 1024 * 1024;
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(64);
    for (char &byte : block)
        byte = char(generator.bounded(256));
    for (qint64 sent = 0; sent < total; sent += block.size())
        m_client->write(block);

    // The client's send stalls once every buffer between the two is full: it has not moved for
    // several samples in a row.
    qint64 lastPending = -1;
    int unchanged = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const qint64 pending = m_client->bytesToWrite();
            unchanged = (pending == lastPending && pending > 0) ? unchanged + 1 : 0;
            lastPending = pending;
            return unchanged >= 5;
        }(),
        30000);
    QVERIFY(m_client->bytesToWrite() > total / 2);
    QVERIFY2(
        m_session->peakPendingEcho() <= EchoSession::defaultHighWatermark + EchoSession::readChunk,
        qPrintable(QString::number(m_session->peakPendingEcho())));
    QVERIFY(m_session->peakPendingEcho() >= EchoSession::defaultHighWatermark);

    // Once the client reads, the session resumes and every byte comes back in order.
    QByteArray received;
    received.reserve(total);
    m_client->setReadBufferSize(0);
    connect(m_client.get(), &QTcpSocket::readyRead, this, [&] { received += m_client->readAll(); });
    received += m_client->readAll();
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), total, 60000);
    for (qint64 offset = 0; offset < total; offset += block.size())
        QVERIFY2(QByteArrayView(received).sliced(offset, block.size()) == block,
            qPrintable(QStringLiteral("at offset %1").arg(offset)));
    QVERIFY(
        m_session->peakPendingEcho() <= EchoSession::defaultHighWatermark + EchoSession::readChunk);
}

void tst_EchoSession::echoesEverythingBeforeClosingAfterTheClientStopsSending()
{
    // The client sends more than the kernel buffers between the two hold while nobody reads,
    // then shuts down its sending side: the end of its stream reaches the session while echo
    // is still waiting in the session.
    m_smallKernelBuffers = true;
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
