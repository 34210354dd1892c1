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
    void saysHowLongTheFirstCharacterIsShown_data();
    void saysHowLongTheFirstCharacterIsShown();
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
    QTest::newRow("no-break space is text") << QByteArray("a\xc2\xa0z") << "a\u00a0z";
    // Characters that would act on the line instead of showing: by code point, never obeyed.
    QTest::newRow("C1 first (PAD)") << QByteArray("\xc2\x80") << "⟨U+0080⟩";
    QTest::newRow("C1 next line") << QByteArray("a\xc2\x85z") << "a⟨U+0085⟩z";
    QTest::newRow("C1 CSI before colour") << QByteArray("\xc2\x9b"
                                                        "31m")
                                          << "⟨U+009B⟩31m";
    QTest::newRow("C1 last (APC)") << QByteArray("\xc2\x9f") << "⟨U+009F⟩";
    QTest::newRow("arabic letter mark") << QByteArray("\xd8\x9c") << "⟨U+061C⟩";
    QTest::newRow("left-to-right mark") << QByteArray("\xe2\x80\x8e") << "⟨U+200E⟩";
    QTest::newRow("right-to-left mark") << QByteArray("\xe2\x80\x8f") << "⟨U+200F⟩";
    QTest::newRow("line separator") << QByteArray("a\xe2\x80\xa8z") << "a⟨U+2028⟩z";
    QTest::newRow("paragraph separator") << QByteArray("a\xe2\x80\xa9z") << "a⟨U+2029⟩z";
    QTest::newRow("left-to-right embedding") << QByteArray("\xe2\x80\xaa") << "⟨U+202A⟩";
    QTest::newRow("right-to-left embedding") << QByteArray("\xe2\x80\xab") << "⟨U+202B⟩";
    QTest::newRow("pop directional formatting") << QByteArray("\xe2\x80\xac") << "⟨U+202C⟩";
    QTest::newRow("left-to-right override") << QByteArray("\xe2\x80\xad") << "⟨U+202D⟩";
    QTest::newRow("right-to-left override") << QByteArray("abc\xe2\x80\xae"
                                                          "fed.exe")
                                            << "abc⟨U+202E⟩fed.exe";
    QTest::newRow("left-to-right isolate") << QByteArray("\xe2\x81\xa6") << "⟨U+2066⟩";
    QTest::newRow("right-to-left isolate") << QByteArray("\xe2\x81\xa7") << "⟨U+2067⟩";
    QTest::newRow("first strong isolate") << QByteArray("\xe2\x81\xa8") << "⟨U+2068⟩";
    QTest::newRow("pop directional isolate") << QByteArray("\xe2\x81\xa9") << "⟨U+2069⟩";
    QTest::newRow("zero width joiner stays (emoji)") << QByteArray("\xe2\x80\x8d") << "\u200d";
    QTest::newRow("hebrew letters stay") << QByteArray("\xd7\xa9") << "\u05e9";
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
    QTest::newRow("direction override shown, not obeyed")
        << QByteArray("user\xe2\x80\xaegnp.exe") << false << "user⟨U+202E⟩gnp.exe";
    QTest::newRow("C1 next line shown, line stays one")
        << QByteArray("a\xc2\x85z") << false << "a⟨U+0085⟩z";
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

void tst_ControlBytes::saysHowLongTheFirstCharacterIsShown_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("firstLength");
    QTest::newRow("ascii") << QByteArray("ab") << 1;
    QTest::newRow("control picture") << QByteArray("\x01z") << 1;
    QTest::newRow("outside the basic plane") << QByteArray("\xf0\x9f\x98\x80z") << 2;
    QTest::newRow("direction control") << QByteArray("\xe2\x80\xaez") << 8;
    QTest::newRow("half a character") << QByteArray("\xe2\x80") << 0;
}

void tst_ControlBytes::saysHowLongTheFirstCharacterIsShown()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, firstLength);
    StreamTextDecoder decoder;
    qsizetype length = -1;
    decoder.decode(bytes, &length);
    QCOMPARE(length, qsizetype(firstLength));
}

QTEST_GUILESS_MAIN(tst_ControlBytes)
#include "tst_controlbytes.moc"
