#include "echocheck.h"

#include <QTest>

class tst_EchoCheck : public QObject
{
    Q_OBJECT

private slots:
    void saysSoBeforeAnythingWasSent();
    void matchesAnExactEchoHoweverItIsCut_data();
    void matchesAnExactEchoHoweverItIsCut();
    void reportsTheFirstDifferingByte();
    void reportsBytesBeyondWhatWasSent();
    void comparesAnExtraByteWithWhatIsSentLater();
    void countsMissingBytesAsInFlight();
    void keepsTheFirstDifferenceAndOnlyCountsAfterIt();
    void aServerThatAppendsANulDiffersRightAfterTheEcho();
    void givesUpInsteadOfKeepingUnboundedHistory();
    void doesNotKeepBytesThatCameBack();
    void resetForgetsEverything();
};

void tst_EchoCheck::saysSoBeforeAnythingWasSent()
{
    EchoCheck check;
    QCOMPARE(check.summary(), QStringLiteral("Echo check: nothing sent yet"));
}

void tst_EchoCheck::matchesAnExactEchoHoweverItIsCut_data()
{
    QTest::addColumn<int>("sendPiece");
    QTest::addColumn<int>("receivePiece");
    QTest::newRow("byte by byte") << 1 << 1;
    QTest::newRow("sent in bytes, read in sevens") << 1 << 7;
    QTest::newRow("sent in sevens, read in bytes") << 7 << 1;
    QTest::newRow("all at once") << 5000 << 5000;
}

void tst_EchoCheck::matchesAnExactEchoHoweverItIsCut()
{
    QFETCH(int, sendPiece);
    QFETCH(int, receivePiece);
    QByteArray data;
    for (int i = 0; i < 1234; ++i)
        data.append(char(i * 7));
    EchoCheck check;
    for (qsizetype i = 0; i < data.size(); i += sendPiece)
        check.noteSent(QByteArrayView(data).sliced(i, qMin<qsizetype>(sendPiece, data.size() - i)));
    for (qsizetype i = 0; i < data.size(); i += receivePiece) {
        QVERIFY(!check.noteReceived(
            QByteArrayView(data).sliced(i, qMin<qsizetype>(receivePiece, data.size() - i))));
    }
    QVERIFY(!check.difference());
    QCOMPARE(check.matchedBytes(), 1234);
    QCOMPARE(check.inFlight(), 0);
    QCOMPARE(check.summary(), QStringLiteral("Echo matches (1,234 bytes)"));
}

void tst_EchoCheck::reportsTheFirstDifferingByte()
{
    EchoCheck check;
    check.noteSent("hello test");
    QVERIFY(!check.noteReceived("hello"));
    QVERIFY(check.noteReceived(QByteArrayView("\0est", 4)));
    QVERIFY(check.difference());
    QCOMPARE(check.difference()->offset, 5);
    QCOMPARE(check.difference()->sent, quint8(' '));
    QCOMPARE(check.difference()->received, quint8(0));
    QCOMPARE(check.matchedBytes(), 5);
    QCOMPARE(check.summary(),
        QStringLiteral("Differs at byte 6: sent 0x20, got 0x00 · 1 byte in flight"));
}

void tst_EchoCheck::reportsBytesBeyondWhatWasSent()
{
    EchoCheck check;
    check.noteSent("ab");
    QVERIFY(check.noteReceived("abc"));
    QCOMPARE(check.difference()->offset, 2);
    QVERIFY(!check.difference()->sent);
    QCOMPARE(check.difference()->received, quint8('c'));
    QCOMPARE(check.extraBytes(), 1);
    QCOMPARE(check.summary(),
        QStringLiteral("Differs at byte 3: got 0x63 'c' where nothing was sent yet (1 byte more "
                       "came back than was sent)"));
}

void tst_EchoCheck::comparesAnExtraByteWithWhatIsSentLater()
{
    // Keystrokes to a server that appends a NUL: "t" comes back as "t\0" before "e" is typed.
    EchoCheck check;
    check.noteSent("t");
    QVERIFY(check.noteReceived(QByteArrayView("t\0", 2)));
    QVERIFY(!check.difference()->sent);
    check.noteSent("e");
    QCOMPARE(check.difference()->offset, 1);
    QCOMPARE(check.difference()->sent, quint8('e'));
    QCOMPARE(check.summary(), QStringLiteral("Differs at byte 2: sent 0x65 'e', got 0x00"));
    check.noteSent("st");
    QVERIFY(!check.noteReceived("e"));
    QCOMPARE(check.difference()->offset, 1); // the first difference stays
    QCOMPARE(check.summary(),
        QStringLiteral("Differs at byte 2: sent 0x65 'e', got 0x00 · 1 byte in flight"));
}

void tst_EchoCheck::countsMissingBytesAsInFlight()
{
    EchoCheck check;
    check.noteSent("0123456789");
    QVERIFY(!check.noteReceived("0123456"));
    QVERIFY(!check.difference());
    QCOMPARE(check.inFlight(), 3);
    QCOMPARE(check.summary(), QStringLiteral("Echo matches (7 bytes) · 3 bytes in flight"));
}

void tst_EchoCheck::keepsTheFirstDifferenceAndOnlyCountsAfterIt()
{
    EchoCheck check;
    check.noteSent("abcdef");
    QVERIFY(check.noteReceived("aX"));
    QVERIFY(!check.noteReceived("Y"));
    check.noteSent("more");
    QCOMPARE(check.difference()->offset, 1);
    QCOMPARE(check.bytesSent(), 10);
    QCOMPARE(check.bytesReceived(), 3);
    QCOMPARE(check.inFlight(), 7);
}

void tst_EchoCheck::aServerThatAppendsANulDiffersRightAfterTheEcho()
{
    // The original exercise's server answered "hi" with "hi\0".
    EchoCheck check;
    check.noteSent("h");
    check.noteSent("i");
    QVERIFY(check.noteReceived(QByteArrayView("hi\0", 3)));
    QCOMPARE(check.difference()->offset, 2);
    QCOMPARE(check.difference()->received, quint8(0));
    QVERIFY(check.summary().startsWith(QStringLiteral("Differs at byte 3: got 0x00")));
}

void tst_EchoCheck::givesUpInsteadOfKeepingUnboundedHistory()
{
    EchoCheck check(100);
    check.noteSent(QByteArray(60, 'x'));
    QVERIFY(!check.gaveUp());
    check.noteSent(QByteArray(60, 'x'));
    QVERIFY(check.gaveUp());
    QVERIFY(!check.noteReceived(QByteArray(120, 'y')));
    QVERIFY(!check.difference());
    QVERIFY(check.summary().startsWith(QStringLiteral("Echo not checked")));
}

void tst_EchoCheck::doesNotKeepBytesThatCameBack()
{
    // With the bound at 1 MiB, 64 MiB echoed in 64 KiB pieces must never hit it.
    EchoCheck check(1024 * 1024);
    const QByteArray piece(64 * 1024, 'p');
    for (int i = 0; i < 1024; ++i) {
        check.noteSent(piece);
        QVERIFY(!check.noteReceived(piece));
    }
    QVERIFY(!check.gaveUp());
    QCOMPARE(check.matchedBytes(), 64 * 1024 * 1024);
}

void tst_EchoCheck::resetForgetsEverything()
{
    EchoCheck check;
    check.noteSent("abc");
    check.noteReceived("x");
    check.reset();
    check.noteSent("ok");
    QVERIFY(!check.noteReceived("ok"));
    QCOMPARE(check.summary(), QStringLiteral("Echo matches (2 bytes)"));
}

QTEST_GUILESS_MAIN(tst_EchoCheck)
#include "tst_echocheck.moc"
