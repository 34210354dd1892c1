#include "datagramcheck.h"

#include <QTest>

namespace {

constexpr qint64 ms = 1000 * 1000;

} // namespace

class tst_DatagramCheck : public QObject
{
    Q_OBJECT

private slots:
    void matchesEchoesInOrder();
    void timesEachDatagram();
    void countsALaterDatagramBackFirstAsReordered();
    void countsACopyAsDuplicated();
    void countsAChangedDatagramAsCorruptedWhereItDiffers_data();
    void countsAChangedDatagramAsCorruptedWhereItDiffers();
    void countsADatagramNotBackInTimeAsLost();
    void countsAnEchoAfterTheLossAsLate();
    void keepsIdenticalDatagramsApart();
    void putsAChangedKeystrokeAgainstTheNewest();
    void takesAStaleDatagramForLostWhenAYoungerOneIsAlike();
    void staysBoundedWhenNothingComesBack();
    void summarisesForAPerson();
};

void tst_DatagramCheck::matchesEchoesInOrder()
{
    DatagramCheck check;
    QCOMPARE(check.noteSent("one", 0), 0);
    QCOMPARE(check.noteSent("two", 0), 1);
    QCOMPARE(check.waitingCount(), 2);
    QCOMPARE(check.noteReceived("one", ms).verdict, DatagramCheck::Verdict::InOrder);
    QCOMPARE(check.noteReceived("two", ms).number, 1);
    QCOMPARE(check.echoedCount(), 2);
    QCOMPARE(check.waitingCount(), 0);
    QCOMPARE(check.waitingBytes(), 0);
    QCOMPARE(check.reorderedCount() + check.lostCount() + check.duplicatedCount() +
            check.corruptedCount(),
        0);
}

void tst_DatagramCheck::timesEachDatagram()
{
    DatagramCheck check;
    check.noteSent("a", 10 * ms);
    check.noteSent("b", 11 * ms);
    QCOMPARE(check.noteReceived("b", 14 * ms).roundTripNs, 3 * ms);
    QCOMPARE(check.noteReceived("a", 15 * ms).roundTripNs, 5 * ms);
}

void tst_DatagramCheck::countsALaterDatagramBackFirstAsReordered()
{
    DatagramCheck check;
    check.noteSent("one", 0);
    check.noteSent("two", 0);
    check.noteSent("three", 0);
    QCOMPARE(check.noteReceived("two", ms).verdict, DatagramCheck::Verdict::InOrder);
    const DatagramCheck::Echo late = check.noteReceived("one", ms);
    QCOMPARE(late.verdict, DatagramCheck::Verdict::Reordered);
    QCOMPARE(late.number, 0);
    QCOMPARE(check.noteReceived("three", ms).verdict, DatagramCheck::Verdict::InOrder);
    QCOMPARE(check.reorderedCount(), 1);
    QCOMPARE(check.echoedCount(), 3);
}

void tst_DatagramCheck::countsACopyAsDuplicated()
{
    DatagramCheck check;
    check.noteSent("one", 0);
    check.noteReceived("one", ms);
    const DatagramCheck::Echo copy = check.noteReceived("one", ms);
    QCOMPARE(copy.verdict, DatagramCheck::Verdict::Duplicated);
    QCOMPARE(copy.roundTripNs, -1);
    QCOMPARE(check.duplicatedCount(), 1);
    QCOMPARE(check.echoedCount(), 1);
    QCOMPARE(check.receivedCount(), 2);
}

void tst_DatagramCheck::countsAChangedDatagramAsCorruptedWhereItDiffers_data()
{
    // Sent: "one", "two", FF FF FF; `backFirst` came back intact before `echo`.
    QTest::addColumn<QList<QByteArray>>("backFirst");
    QTest::addColumn<QByteArray>("echo");
    QTest::addColumn<int>("differsAt");
    QTest::addColumn<int>("number");
    QTest::newRow("a byte changed") << QList<QByteArray> { "one" } << QByteArray("twX") << 2 << 1;
    QTest::newRow("NUL for 0xff") << QList<QByteArray> { "one", "two" }
                                  << QByteArray("\xff\0\xff", 3) << 1 << 2;
    QTest::newRow("cut short") << QList<QByteArray> {} << QByteArray("on") << 1 << 0;
    QTest::newRow("longer") << QList<QByteArray> {} << QByteArray("one!") << 3 << 0;
    // Every waiting datagram differs in all 3 bytes: the newest is the likeliest.
    QTest::newRow("like none") << QList<QByteArray> {} << QByteArray("XYZ") << 0 << 2;
}

void tst_DatagramCheck::countsAChangedDatagramAsCorruptedWhereItDiffers()
{
    QFETCH(QList<QByteArray>, backFirst);
    QFETCH(QByteArray, echo);
    QFETCH(int, differsAt);
    QFETCH(int, number);
    DatagramCheck check;
    check.noteSent("one", 0);
    check.noteSent("two", 0);
    check.noteSent(QByteArray("\xff\xff\xff", 3), 0);
    for (const QByteArray &intact : backFirst)
        QCOMPARE(check.noteReceived(intact, ms).verdict, DatagramCheck::Verdict::InOrder);
    // Put against the waiting datagram it most resembles.
    const DatagramCheck::Echo result = check.noteReceived(echo, ms);
    QCOMPARE(result.verdict, DatagramCheck::Verdict::Corrupted);
    QCOMPARE(result.differsAt, differsAt);
    QCOMPARE(result.number, number);
    QCOMPARE(check.corruptedCount(), 1);
}

void tst_DatagramCheck::countsADatagramNotBackInTimeAsLost()
{
    DatagramCheck check(1000 * ms);
    check.noteSent("one", 0);
    check.noteSent("two", 10 * ms);
    check.noteSent("three", 20 * ms);
    check.noteReceived("one", ms);
    check.noteReceived("three", 21 * ms);
    QCOMPARE(check.nextLossAtNs(), 1010 * ms);
    QVERIFY(check.expire(1009 * ms).isEmpty());
    const QList<DatagramCheck::Lost> lost = check.expire(1010 * ms);
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.first().number, 1);
    QCOMPARE(lost.first().sentOffset, 3);
    QCOMPARE(check.lostCount(), 1);
    QCOMPARE(check.waitingCount(), 0);
    QCOMPARE(check.nextLossAtNs(), -1);
}

void tst_DatagramCheck::countsAnEchoAfterTheLossAsLate()
{
    DatagramCheck check(1000 * ms);
    check.noteSent("one", 0);
    QCOMPARE(check.expire(2000 * ms).size(), 1);
    QCOMPARE(check.noteReceived("one", 2001 * ms).verdict, DatagramCheck::Verdict::Late);
    QCOMPARE(check.noteReceived("one", 2002 * ms).verdict, DatagramCheck::Verdict::Duplicated);
    QCOMPARE(check.lostCount(), 1);
    QCOMPARE(check.lateCount(), 1);
    QCOMPARE(check.corruptedCount(), 0);
}

void tst_DatagramCheck::keepsIdenticalDatagramsApart()
{
    // Keystrokes repeat: "l", "l" are two datagrams, each echoed once.
    DatagramCheck check;
    check.noteSent("l", 0);
    check.noteSent("l", 0);
    QCOMPARE(check.noteReceived("l", ms).number, 0);
    QCOMPARE(check.noteReceived("l", ms).number, 1);
    QCOMPARE(check.noteReceived("l", ms).verdict, DatagramCheck::Verdict::Duplicated);
    QCOMPARE(check.echoedCount(), 2);
}

void tst_DatagramCheck::putsAChangedKeystrokeAgainstTheNewest()
{
    // "l" was lost (its time is not up yet); "r" comes back as a NUL: that was "r", not "l".
    DatagramCheck check(1000 * ms);
    check.noteSent("l", 0);
    check.noteSent("r", 600 * ms);
    QCOMPARE(check.noteReceived(QByteArray(1, '\0'), 601 * ms).number, 1);
    const QList<DatagramCheck::Lost> lost = check.expire(1000 * ms);
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.first().sentOffset, 0);
}

void tst_DatagramCheck::takesAStaleDatagramForLostWhenAYoungerOneIsAlike()
{
    // Round trips of 1 ms; "l" is typed, lost, and typed again 600 ms later: the echo answers
    // the second, and the first is the one lost.
    DatagramCheck check(1000 * ms);
    check.noteSent("h", 0);
    check.noteReceived("h", ms);
    check.noteSent("l", 10 * ms);
    check.noteSent("l", 610 * ms);
    QCOMPARE(check.noteReceived("l", 611 * ms).number, 2);
    QCOMPARE(check.reorderedCount(), 0);
    QCOMPARE(check.expire(1010 * ms).first().number, 1);

    // Alike and all young (a burst): answered oldest first, nothing reordered.
    DatagramCheck burst(1000 * ms);
    burst.noteSent("h", 0);
    burst.noteReceived("h", ms);
    for (int i = 0; i < 3; ++i)
        burst.noteSent("a", 10 * ms);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(burst.noteReceived("a", 11 * ms).number, i);
    QCOMPARE(burst.reorderedCount(), 0);
}

void tst_DatagramCheck::staysBoundedWhenNothingComesBack()
{
    DatagramCheck check;
    const qsizetype sent = DatagramCheck::maximumWaiting + 10;
    for (qsizetype i = 0; i < sent; ++i)
        check.noteSent(QByteArray::number(i), 0);
    QCOMPARE(check.expire(0).size(), 10);
    QCOMPARE(check.waitingCount(), DatagramCheck::maximumWaiting);
    QCOMPARE(check.lostCount(), 10);
    for (qsizetype i = 10; i < sent; ++i)
        check.noteReceived(QByteArray::number(i), 0);
    QCOMPARE(check.echoedCount(), DatagramCheck::maximumWaiting);
    QCOMPARE(check.waitingCount(), 0);
    // Only the newest rememberedCount are remembered: the first lost ones are forgotten, and an
    // echo of one now matches nothing.
    QVERIFY(DatagramCheck::maximumWaiting > DatagramCheck::rememberedCount);
    QCOMPARE(check.noteReceived("0", 0).verdict, DatagramCheck::Verdict::Corrupted);
    QCOMPARE(check.lateCount(), 0);
}

void tst_DatagramCheck::summarisesForAPerson()
{
    DatagramCheck check(1000 * ms);
    QCOMPARE(check.summary(), QStringLiteral("Echo check: nothing sent yet"));
    check.noteSent("a", 0);
    check.noteSent("b", 0);
    QCOMPARE(check.summary(),
        QStringLiteral("Datagrams: 2 sent, 0 came back whole and in order · 2 in flight"));
    check.noteReceived("a", ms);
    check.noteReceived("b", ms);
    QCOMPARE(check.summary(), QStringLiteral("Datagrams: 2 sent, 2 came back whole and in order"));
    check.noteSent("c", 0);
    check.noteSent("d", 0);
    check.noteReceived("b", ms);
    check.noteReceived("x", ms);
    check.expire(2000 * ms);
    QCOMPARE(check.summary(),
        QStringLiteral("Datagrams: 4 sent, 2 came back · lost 1 · duplicated 1 · reordered 0 · "
                       "corrupted 1"));
}

QTEST_GUILESS_MAIN(tst_DatagramCheck)
#include "tst_datagramcheck.moc"
