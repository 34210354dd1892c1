#include "reconnectpolicy.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_ReconnectPolicy : public QObject
{
    Q_OBJECT

private slots:
    void doublesUpToTheLongestWait();
    void startsOverAfterReset();
    void neverOverflowsHoweverLongItTries();
    void countsAShortConnectionAsAFailedAttempt_data();
    void countsAShortConnectionAsAFailedAttempt();
};

void tst_ReconnectPolicy::doublesUpToTheLongestWait()
{
    ReconnectPolicy policy;
    QList<qint64> seconds;
    for (int i = 0; i < 8; ++i)
        seconds.append(
            std::chrono::duration_cast<std::chrono::seconds>(policy.nextDelay()).count());
    QCOMPARE(seconds, (QList<qint64> { 1, 2, 4, 8, 16, 30, 30, 30 }));
    QCOMPARE(policy.attempts(), 8);
}

void tst_ReconnectPolicy::startsOverAfterReset()
{
    ReconnectPolicy policy(100ms, 1s);
    QCOMPARE(policy.nextDelay(), 100ms);
    QCOMPARE(policy.nextDelay(), 200ms);
    policy.reset();
    QCOMPARE(policy.attempts(), 0);
    QCOMPARE(policy.nextDelay(), 100ms);
}

void tst_ReconnectPolicy::neverOverflowsHoweverLongItTries()
{
    ReconnectPolicy policy(1ms, 24h);
    std::chrono::milliseconds delay {};
    for (int i = 0; i < 1000; ++i)
        delay = policy.nextDelay();
    QVERIFY(delay > 0ms);
    QVERIFY(delay <= 24h);
}

void tst_ReconnectPolicy::countsAShortConnectionAsAFailedAttempt_data()
{
    QTest::addColumn<int>("lastedMs");
    QTest::addColumn<int>("nextAttempt");
    QTest::addColumn<qint64>("nextDelayMs");
    QTest::newRow("closed at once") << 0 << 3 << qint64(4000);
    QTest::newRow("closed just before settling") << 1999 << 3 << qint64(4000);
    QTest::newRow("settled") << 2000 << 1 << qint64(1000);
    QTest::newRow("lasted an hour") << 3600000 << 1 << qint64(1000);
}

void tst_ReconnectPolicy::countsAShortConnectionAsAFailedAttempt()
{
    QFETCH(int, lastedMs);
    QFETCH(int, nextAttempt);
    QFETCH(qint64, nextDelayMs);
    ReconnectPolicy policy;
    QCOMPARE(policy.nextDelay(), 1s);
    QCOMPARE(policy.nextDelay(), 2s); // the second attempt connected, then:
    policy.connectionEnded(std::chrono::milliseconds(lastedMs));
    QCOMPARE(policy.nextDelay().count(), nextDelayMs);
    QCOMPARE(policy.attempts(), nextAttempt);
}

QTEST_GUILESS_MAIN(tst_ReconnectPolicy)
#include "tst_reconnectpolicy.moc"
