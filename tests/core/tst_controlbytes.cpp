#include "controlbytes.h"

#include <QTest>

class tst_ControlBytes : public QObject
{
    Q_OBJECT

private slots:
    void makesControlBytesVisible_data();
    void makesControlBytesVisible();
    void previewsAreOneLineAndShort_data();
    void previewsAreOneLineAndShort();
    void decodesCharactersSplitAcrossReads();
    void showsInvalidUtf8AsReplacementCharacters();
};

void tst_ControlBytes::makesControlBytesVisible_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("hello") << "hello";
    QTest::newRow("nul") << QByteArray("a\0b", 3) << "a␀b";
    QTest::newRow("line feed stays a break") << QByteArray("a\nb") << "a\nb";
    QTest::newRow("carriage return") << QByteArray("a\r\n") << "a␍\n";
    QTest::newRow("tab, backspace, escape") << QByteArray("\t\b\x1b") << "␉␈␛";
    QTest::newRow("delete") << QByteArray("\x7f") << "␡";
    QTest::newRow("utf-8 text") << QByteArray("é€") << "é€";
}

void tst_ControlBytes::makesControlBytesVisible()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    StreamTextDecoder decoder;
    QCOMPARE(decoder.decode(bytes), expected);
}

void tst_ControlBytes::previewsAreOneLineAndShort_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("expected");
    QTest::newRow("short") << QByteArray("hello") << false << "hello";
    QTest::newRow("line feed shown") << QByteArray("hi\n") << false << "hi␊";
    QTest::newRow("said to be cut") << QByteArray("abc") << true << "abc…";
    QTest::newRow("cut at 32") << QByteArray(40, 'x') << false << QString(32, u'x') + u'…';
    // 31 ASCII bytes then a two-byte character: cutting at 32 would split it, so it goes whole.
    QTest::newRow("cut on a character boundary")
        << QByteArray(31, 'a') + QByteArray("ééé") << false << QString(31, u'a') + u'…';
}

void tst_ControlBytes::previewsAreOneLineAndShort()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, truncated);
    QFETCH(QString, expected);
    QCOMPARE(previewBytes(bytes, truncated), expected);
}

void tst_ControlBytes::decodesCharactersSplitAcrossReads()
{
    const QByteArray euro = QStringLiteral("€").toUtf8();
    QCOMPARE(euro.size(), 3);
    StreamTextDecoder decoder;
    QString shown = decoder.decode(QByteArray(QByteArray("a") + euro.left(1)));
    shown += decoder.decode(euro.mid(1, 1));
    shown += decoder.decode(QByteArray(euro.mid(2) + "b"));
    QCOMPARE(shown, QStringLiteral("a€b"));
}

void tst_ControlBytes::showsInvalidUtf8AsReplacementCharacters()
{
    StreamTextDecoder decoder;
    QCOMPARE(decoder.decode(QByteArray("a\xff"
                                       "b")),
        QStringLiteral("a\uFFFDb"));
}

QTEST_GUILESS_MAIN(tst_ControlBytes)
#include "tst_controlbytes.moc"
