#include "rtttracker.h"

#include <QTest>

class tst_RttTracker : public QObject
{
    Q_OBJECT

private slots:
    void hasNoFiguresBeforeAnyRoundTrip();
    void timesASingleSend();
    void finishesASendOnlyWhenItsLastByteIsBack();
    void oneReadFinishesSeveralBatchedSends();
    void readsThatSplitAndMergeSends_data();
    void readsThatSplitAndMergeSends();
    void untimedBytesDelayLaterSendsButGiveNoSample();
    void medianAndPercentile99UseNearestRank();
    void keepsOnlyTheNewestSamples();
    void resetStartsANewStream();
    void formatsTimesInReadableUnits_data();
    void formatsTimesInReadableUnits();
};

void tst_RttTracker::hasNoFiguresBeforeAnyRoundTrip()
{
    RttTracker tracker;
    QVERIFY(!tracker.lastNs());
    QVERIFY(!tracker.medianNs());
    QVERIFY(!tracker.percentile99Ns());
    QVERIFY(tracker.recentNs(200).isEmpty());
    QCOMPARE(tracker.completedCount(), 0);
}

void tst_RttTracker::timesASingleSend()
{
    RttTracker tracker;
    tracker.noteSent(1, 1000);
    QCOMPARE(tracker.waitingCount(), 1);
    QCOMPARE(tracker.noteReceived(1, 1750), 1);
    QCOMPARE(tracker.lastNs(), 750);
    QCOMPARE(tracker.medianNs(), 750);
    QCOMPARE(tracker.waitingCount(), 0);
}

void tst_RttTracker::finishesASendOnlyWhenItsLastByteIsBack()
{
    RttTracker tracker;
    tracker.noteSent(5, 100);
    QCOMPARE(tracker.noteReceived(4, 200), 0);
    QVERIFY(!tracker.lastNs());
    QCOMPARE(tracker.noteReceived(1, 900), 1);
    QCOMPARE(tracker.lastNs(), 800);
}

void tst_RttTracker::oneReadFinishesSeveralBatchedSends()
{
    RttTracker tracker;
    tracker.noteSent(1, 100);
    tracker.noteSent(1, 200);
    tracker.noteSent(1, 300);
    QCOMPARE(tracker.noteReceived(3, 1000), 3);
    QCOMPARE(tracker.recentNs(10), (QList<qint64> { 900, 800, 700 }));
    QCOMPARE(tracker.completedCount(), 3);
}

void tst_RttTracker::readsThatSplitAndMergeSends_data()
{
    QTest::addColumn<QList<qint64>>("sends"); // sizes, sent at 0, 10, 20, …
    QTest::addColumn<QList<qint64>>("reads"); // sizes, read at 1000, 2000, 3000, …
    QTest::addColumn<QList<qint64>>("samples");

    QTest::newRow("one read per send")
        << QList<qint64> { 2, 3 } << QList<qint64> { 2, 3 } << QList<qint64> { 1000, 1990 };
    QTest::newRow("a send split over two reads")
        << QList<qint64> { 4 } << QList<qint64> { 1, 3 } << QList<qint64> { 2000 };
    QTest::newRow("a read ending inside the second send")
        << QList<qint64> { 2, 2 } << QList<qint64> { 3, 1 } << QList<qint64> { 1000, 1990 };
    QTest::newRow("two sends merged in one read")
        << QList<qint64> { 2, 2, 2 } << QList<qint64> { 4, 2 } << QList<qint64> { 1000, 990, 1980 };
}

void tst_RttTracker::readsThatSplitAndMergeSends()
{
    QFETCH(QList<qint64>, sends);
    QFETCH(QList<qint64>, reads);
    QFETCH(QList<qint64>, samples);
    RttTracker tracker;
    for (qsizetype i = 0; i < sends.size(); ++i)
        tracker.noteSent(sends.at(i), i * 10);
    for (qsizetype i = 0; i < reads.size(); ++i)
        tracker.noteReceived(reads.at(i), (i + 1) * 1000);
    QCOMPARE(tracker.recentNs(100), samples);
}

void tst_RttTracker::untimedBytesDelayLaterSendsButGiveNoSample()
{
    RttTracker tracker;
    tracker.noteSent(1000, 0, false);
    tracker.noteSent(1, 50);
    QCOMPARE(tracker.noteReceived(1000, 500), 0);
    QCOMPARE(tracker.noteReceived(1, 600), 1);
    QCOMPARE(tracker.recentNs(10), QList<qint64> { 550 });
}

void tst_RttTracker::medianAndPercentile99UseNearestRank()
{
    RttTracker tracker;
    // 1..100 in a scrambled order.
    for (qint64 i = 0; i < 100; ++i) {
        const qint64 value = (i * 37) % 100 + 1;
        tracker.noteSent(1, 0);
        tracker.noteReceived(1, value);
    }
    QCOMPARE(tracker.medianNs(), 50);
    QCOMPARE(tracker.percentile99Ns(), 99);
    QCOMPARE(tracker.percentileNs(100), 100);
}

void tst_RttTracker::keepsOnlyTheNewestSamples()
{
    RttTracker tracker(10);
    for (qint64 i = 1; i <= 25; ++i) {
        tracker.noteSent(1, 0);
        tracker.noteReceived(1, i);
    }
    QCOMPARE(tracker.completedCount(), 25);
    QCOMPARE(tracker.recentNs(100), (QList<qint64> { 16, 17, 18, 19, 20, 21, 22, 23, 24, 25 }));
    QCOMPARE(tracker.recentNs(3), (QList<qint64> { 23, 24, 25 }));
    QCOMPARE(tracker.lastNs(), 25);
    QCOMPARE(tracker.percentileNs(0), 16);
}

void tst_RttTracker::resetStartsANewStream()
{
    RttTracker tracker;
    tracker.noteSent(3, 0);
    tracker.noteReceived(1, 10);
    tracker.reset();
    tracker.noteSent(1, 100);
    QCOMPARE(tracker.noteReceived(1, 150), 1);
    QCOMPARE(tracker.recentNs(10), QList<qint64> { 50 });
}

void tst_RttTracker::formatsTimesInReadableUnits_data()
{
    QTest::addColumn<qint64>("nanoseconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("ns") << qint64(850) << QStringLiteral("850\u00a0ns");
    QTest::newRow("µs") << qint64(85'400) << QStringLiteral("85.4\u00a0µs");
    QTest::newRow("ms") << qint64(1'240'000) << QStringLiteral("1.24\u00a0ms");
    QTest::newRow("many ms") << qint64(250'000'000) << QStringLiteral("250\u00a0ms");
    QTest::newRow("s") << qint64(2'500'000'000) << QStringLiteral("2.50\u00a0s");
}

void tst_RttTracker::formatsTimesInReadableUnits()
{
    QFETCH(qint64, nanoseconds);
    QFETCH(QString, text);
    QCOMPARE(formatRoundTripTime(nanoseconds), text);
}

QTEST_GUILESS_MAIN(tst_RttTracker)
#include "tst_rtttracker.moc"
