#include "arrivaltime.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

class tst_ArrivalTime : public QObject
{
    Q_OBJECT

private slots:
    void saysHowLongAgoBytesArrivedWithoutReadingThem();
    void saysNothingWhenNothingWaits();
};

void tst_ArrivalTime::saysHowLongAgoBytesArrivedWithoutReadingThem()
{
#ifndef Q_OS_LINUX
    QSKIP("The kernel's receive timestamps are read on Linux only");
#endif
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(
        QHostAddress::LocalHost, server.serverPort(), QIODevice::ReadWrite | QIODevice::Unbuffered);
    QTRY_VERIFY(server.hasPendingConnections());
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    QVERIFY(enableArrivalTimes(client.socketDescriptor()));

    // The kernel switches stamping on a moment after it is asked (in deferred work), so the first
    // bytes may come unstamped: write until a stamp is there.
    std::optional<qint64> age;
    const QDeadlineTimer deadline(10000);
    while (!age && !deadline.hasExpired()) {
        QElapsedTimer sinceWrite;
        sinceWrite.start();
        peer->write("hi");
        QVERIFY(peer->flush());
        QTRY_VERIFY(client.bytesAvailable() >= 2);
        age = newestArrivalAgeNs(client.socketDescriptor());
        if (age) {
            QVERIFY(*age >= 0);
            // It arrived after the write: no older than the time since.
            QVERIFY2(*age <= sinceWrite.nsecsElapsed(), qPrintable(QString::number(*age)));
        }
        QCOMPARE(client.bytesAvailable(), 2); // peeked, not taken
        QCOMPARE(client.read(16), QByteArray("hi"));
    }
    QVERIFY(age);
}

void tst_ArrivalTime::saysNothingWhenNothingWaits()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    enableArrivalTimes(client.socketDescriptor());
    QVERIFY(!newestArrivalAgeNs(client.socketDescriptor()));
}

QTEST_GUILESS_MAIN(tst_ArrivalTime)
#include "tst_arrivaltime.moc"
