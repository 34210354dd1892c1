#include "logmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

LogLine line(const QString &message, SocketStep step = SocketStep::Recv)
{
    LogLine entry;
    entry.step = step;
    entry.message = message;
    return entry;
}

QStringList messages(const LogModel &model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << model.index(row, LogModel::MessageColumn).data().toString();
    return texts;
}

} // namespace

class tst_LogModel : public QObject
{
    Q_OBJECT

private slots:
    void stepsAreNamedAfterTheSocketCalls_data();
    void stepsAreNamedAfterTheSocketCalls();
    void linesReachViewsInOneBatchStampedWithTheTime();
    void ringKeepsTheNewestLinesInOrderAsItWraps();
    void floodBeyondTheLimitKeepsOnlyTheNewest();
    void clearEmptiesLinesAndPendingOnes();
    void columnsAreTimeStepClientMessage();
};

void tst_LogModel::stepsAreNamedAfterTheSocketCalls_data()
{
    QTest::addColumn<SocketStep>("step");
    QTest::addColumn<QString>("name");
    QTest::newRow("socket") << SocketStep::Socket << QStringLiteral("socket");
    QTest::newRow("bind") << SocketStep::Bind << QStringLiteral("bind");
    QTest::newRow("listen") << SocketStep::Listen << QStringLiteral("listen");
    QTest::newRow("accept") << SocketStep::Accept << QStringLiteral("accept");
    QTest::newRow("recv") << SocketStep::Recv << QStringLiteral("recv");
    QTest::newRow("send") << SocketStep::Send << QStringLiteral("send");
    QTest::newRow("shutdown") << SocketStep::Shutdown << QStringLiteral("shutdown");
    QTest::newRow("close") << SocketStep::Close << QStringLiteral("close");
    QTest::newRow("recvfrom") << SocketStep::RecvFrom << QStringLiteral("recvfrom");
    QTest::newRow("sendto") << SocketStep::SendTo << QStringLiteral("sendto");
    QTest::newRow("forget") << SocketStep::Forget << QStringLiteral("forget");
    QTest::newRow("error") << SocketStep::Error << QStringLiteral("error");
}

void tst_LogModel::stepsAreNamedAfterTheSocketCalls()
{
    QFETCH(SocketStep, step);
    QFETCH(QString, name);
    QCOMPARE(socketStepName(step), name);
}

void tst_LogModel::linesReachViewsInOneBatchStampedWithTheTime()
{
    LogModel model;
    // Checks every signal the model sends against what it then reports.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const QTime before = QTime::currentTime();
    for (int i = 0; i < 100; ++i)
        model.append(line(QStringLiteral("line %1").arg(i)));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 100);
    QTRY_COMPARE(model.rowCount(), 100);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.pendingCount(), 0);
    QVERIFY(model.line(0).time >= before.addMSecs(-1));
    QVERIFY(model.line(99).time <= QTime::currentTime());
}

void tst_LogModel::ringKeepsTheNewestLinesInOrderAsItWraps()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaximumLines(5);
    int next = 0;
    // Batches of 3 into a ring of 5: every batch after the first wraps around.
    for (int batch = 0; batch < 7; ++batch) {
        for (int i = 0; i < 3; ++i)
            model.append(line(QString::number(next++)));
        QTRY_COMPARE(model.pendingCount(), 0);
        QCOMPARE(model.rowCount(), qMin(next, 5));
        QStringList expected;
        for (int i = qMax(0, next - 5); i < next; ++i)
            expected << QString::number(i);
        QCOMPARE(messages(model), expected);
    }
}

void tst_LogModel::floodBeyondTheLimitKeepsOnlyTheNewest()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaximumLines(10);
    model.append(line(QStringLiteral("old")));
    QTRY_COMPARE(model.rowCount(), 1);
    for (int i = 0; i < 25; ++i)
        model.append(line(QString::number(i)));
    QCOMPARE(model.pendingCount(), 10);
    QTRY_COMPARE(model.pendingCount(), 0);
    QCOMPARE(messages(model).first(), QStringLiteral("15"));
    QCOMPARE(messages(model).last(), QStringLiteral("24"));
    QCOMPARE(model.rowCount(), 10);
}

void tst_LogModel::clearEmptiesLinesAndPendingOnes()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(line(QStringLiteral("shown")));
    QTRY_COMPARE(model.rowCount(), 1);
    model.append(line(QStringLiteral("pending")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 0);
    model.append(line(QStringLiteral("after")));
    QTRY_COMPARE(messages(model), QStringList { QStringLiteral("after") });
}

void tst_LogModel::columnsAreTimeStepClientMessage()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogLine entry = line(QStringLiteral("Echoed 5 bytes"), SocketStep::Send);
    entry.time = QTime(13, 14, 15, 16);
    entry.clientId = 3;
    entry.client = QStringLiteral("#3 127.0.0.1:40000");
    model.append(entry);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 4);
    QStringList headers;
    QStringList cells;
    for (int column = 0; column < model.columnCount(); ++column) {
        headers << model.headerData(column, Qt::Horizontal).toString();
        cells << model.index(0, column).data().toString();
    }
    QCOMPARE(headers, (QStringList { "Time", "Step", "Client", "Message" }));
    QCOMPARE(
        cells, (QStringList { "13:14:15.016", "send", "#3 127.0.0.1:40000", "Echoed 5 bytes" }));
    QCOMPARE(model.index(0, 0).data(LogModel::ClientIdRole).value<quint64>(), quint64(3));
}

QTEST_GUILESS_MAIN(tst_LogModel)
#include "tst_logmodel.moc"
