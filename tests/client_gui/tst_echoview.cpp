#include "contrast.h"
#include "echoview.h"

#include <QFile>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>

class tst_EchoView : public QObject
{
    Q_OBJECT

private slots:
    void showsDecodedText_data();
    void showsDecodedText();
    void joinsACharacterSplitAcrossAppends_data();
    void joinsACharacterSplitAcrossAppends();
    void batchesUpdatesInsteadOfOnePerAppend();
    void staysWithinItsBoundAndKeepsTheNewestText();
    void staysWithinItsBoundWhenOneAppendIsLargerThanIt();
    void showsALongLineWithoutBreaksWhole();
    void showsABacklogOverSeveralFlushes();
    void saysWhenTextWasSkipped();
    void clearEmptiesTheView();
    void startingANewStreamForgetsAHalfCharacter();
    void usesAMonospaceFont();
    void hexModeShowsOffsetBytesAndAscii();
    void hexRowsGrowAcrossAppends();
    void hexModeStaysWithinItsBound();
    void switchingModesShowsTheKeptBytesAgain();
    void marksTheByteWhereTheEchoDiffered_data();
    void marksTheByteWhereTheEchoDiffered();
    void marksAByteAlreadyShown();
    void keepsOnlyTheNewestBytes();
    void savesTheKeptBytesExactly();
    void copiesTheSelectionOrEverything();
    void shadesEveryOtherDatagram_data();
    void shadesEveryOtherDatagram();
    void shadeKeepsTheTextReadable_data();
    void shadeKeepsTheTextReadable();
    void showsNoBoundariesInAStream();
    void keepsSeveralMarks_data();
    void keepsSeveralMarks();
};

namespace {

// The background drawn behind the shown character at `position` of the document.
QColor backgroundAt(const EchoView &view, int position)
{
    auto *text = view.findChild<QPlainTextEdit *>();
    QTextCursor cursor(text->document());
    cursor.setPosition(position + 1);
    const QBrush brush = cursor.charFormat().background();
    return brush.style() == Qt::NoBrush ? QColor() : brush.color();
}

QString documentText(const EchoView &view)
{
    return view.findChild<QPlainTextEdit *>()->document()->toPlainText();
}

} // namespace

void tst_EchoView::showsDecodedText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");
    QTest::newRow("ascii") << QByteArray("hello") << QStringLiteral("hello");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << QStringLiteral("a␀b");
    QTest::newRow("line break") << QByteArray("one\ntwo") << QStringLiteral("one\ntwo");
    QTest::newRow("CR LF") << QByteArray("one\r\ntwo") << QStringLiteral("one␍\ntwo");
    QTest::newRow("tab and escape") << QByteArray("\t\x1b") << QStringLiteral("␉␛");
    QTest::newRow("DEL") << QByteArray("\x7f") << QStringLiteral("␡");
    QTest::newRow("utf-8") << QByteArray("\xc3\xa9\xe2\x82\xac") << QStringLiteral("é€");
    QTest::newRow("invalid utf-8") << QByteArray("a\xff") << QStringLiteral("a\uFFFD");
    QTest::newRow("C1 control") << QByteArray("a\xc2\x9b") << QStringLiteral("a⟨U+009B⟩");
    QTest::newRow("direction override") << QByteArray("a\xe2\x80\xae"
                                                      "bc\n")
                                        << QStringLiteral("a⟨U+202E⟩bc\n");
    QTest::newRow("paragraph separator breaks no line")
        << QByteArray("a\xe2\x80\xa9z") << QStringLiteral("a⟨U+2029⟩z");
}

void tst_EchoView::showsDecodedText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    EchoView view;
    view.appendBytes(bytes);
    QTRY_COMPARE(view.plainText(), shown);
}

void tst_EchoView::joinsACharacterSplitAcrossAppends_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("shown");
    QTest::newRow("e acute") << QByteArray("\xc3\xa9") << QStringLiteral("é");
    QTest::newRow("euro") << QByteArray("\xe2\x82\xac") << QStringLiteral("€");
    QTest::newRow("emoji") << QByteArray("\xf0\x9f\x98\x80") << QStringLiteral("😀");
}

void tst_EchoView::joinsACharacterSplitAcrossAppends()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, shown);
    // Every way of cutting the character in two, with the first part flushed to the widget.
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        EchoView view;
        view.appendBytes(QByteArrayLiteral("x").append(bytes.left(cut)));
        QTRY_COMPARE(view.plainText(), QStringLiteral("x"));
        view.appendBytes(bytes.mid(cut));
        QTRY_COMPARE(view.plainText(), QStringLiteral("x") + shown);
    }
}

void tst_EchoView::batchesUpdatesInsteadOfOnePerAppend()
{
    EchoView view;
    auto *text = view.findChild<QPlainTextEdit *>();
    QVERIFY(text);
    QSignalSpy changes(text->document(), &QTextDocument::contentsChanged);
    for (int i = 0; i < 1000; ++i)
        view.appendBytes(QByteArrayLiteral("x"));
    QCOMPARE(view.plainText(), QString()); // nothing reaches the widget on append
    QTRY_COMPARE(view.plainText(), QString(1000, u'x'));
    QCOMPARE(changes.size(), 1);
}

void tst_EchoView::staysWithinItsBoundAndKeepsTheNewestText()
{
    EchoView view;
    view.setMaximumCharacters(10000);
    const auto line = [](int i) {
        return QByteArray::number(i).rightJustified(99, '.').append('\n');
    };
    for (int i = 0; i < 500; ++i) {
        view.appendBytes(line(i));
        // Let flushes happen in between, as they would with real traffic.
        if (i % 50 == 0)
            QTRY_VERIFY(view.plainText().endsWith(QString::fromLatin1(line(i))));
    }
    view.appendBytes(QByteArrayLiteral("the end"));
    QTRY_VERIFY(view.plainText().endsWith(QStringLiteral("the end")));
    const QString shown = view.plainText();
    QVERIFY2(shown.size() <= 10000, qPrintable(QString::number(shown.size())));
    QVERIFY(shown.contains(QString::fromLatin1(line(499))));
    QVERIFY(!shown.contains(QString::fromLatin1(line(0))));
}

void tst_EchoView::staysWithinItsBoundWhenOneAppendIsLargerThanIt()
{
    EchoView view;
    view.setMaximumCharacters(1000);
    QByteArray bytes;
    for (int i = 0; i < 10000; ++i)
        bytes += QByteArray::number(i % 10);
    view.appendBytes(bytes);
    QTRY_VERIFY(!view.plainText().isEmpty());
    const QString shown = view.plainText();
    QVERIFY(shown.size() <= 1000);
    QVERIFY(QString::fromLatin1(bytes).endsWith(shown));
}

void tst_EchoView::showsALongLineWithoutBreaksWhole()
{
    EchoView view;
    QByteArray line;
    for (int i = 0; i < 5 * EchoView::maximumBlockLength; ++i)
        line += char('a' + i % 26);
    view.appendBytes(line);
    view.appendBytes(QByteArrayLiteral("\nnext"));
    QTRY_COMPARE(view.plainText(), QString::fromLatin1(line) + QStringLiteral("\nnext"));
}

void tst_EchoView::showsABacklogOverSeveralFlushes()
{
    EchoView view;
    const QByteArray bytes(3 * EchoView::charactersPerFlush, 'b');
    view.appendBytes(bytes);
    QTRY_VERIFY(!view.plainText().isEmpty());
    QVERIFY(view.plainText().size() <= EchoView::charactersPerFlush);
    QTRY_COMPARE(view.plainText(), QString::fromLatin1(bytes));
}

void tst_EchoView::saysWhenTextWasSkipped()
{
    EchoView view;
    // One more character than the view keeps arrives before the first flush.
    view.appendBytes(QByteArray(view.maximumCharacters() + 1, 's'));
    QTRY_VERIFY(!view.plainText().isEmpty());
    QVERIFY2(view.plainText().startsWith(QStringLiteral("[… text not shown")),
        qPrintable(view.plainText().left(100)));
    QVERIFY(view.plainText().contains(QStringLiteral("(characters skipped: 1)")));
}

void tst_EchoView::clearEmptiesTheView()
{
    EchoView view;
    view.appendBytes(QByteArrayLiteral("shown"));
    QTRY_COMPARE(view.plainText(), QStringLiteral("shown"));
    view.appendBytes(QByteArrayLiteral("pending"));
    view.clear();
    QCOMPARE(view.plainText(), QString());
    view.appendBytes(QByteArrayLiteral("new"));
    QTRY_COMPARE(view.plainText(), QStringLiteral("new"));
}

void tst_EchoView::startingANewStreamForgetsAHalfCharacter()
{
    EchoView view;
    view.appendBytes(QByteArrayLiteral("\xc3"));
    view.startNewStream();
    view.appendBytes(QByteArrayLiteral("ok"));
    QTRY_COMPARE(view.plainText(), QStringLiteral("ok"));
}

void tst_EchoView::usesAMonospaceFont()
{
    EchoView view;
    auto *text = view.findChild<QPlainTextEdit *>();
    QVERIFY(text);
    QCOMPARE(text->font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
}

void tst_EchoView::hexModeShowsOffsetBytesAndAscii()
{
    EchoView view;
    view.setMode(EchoView::Mode::Hex);
    QByteArray bytes;
    for (int i = 0; i < 20; ++i)
        bytes.append(char(0x3c + i));
    bytes.append(QByteArray("\0\xff\n", 3));
    view.appendBytes(bytes);
    QTRY_COMPARE(view.plainText(),
        QStringLiteral(
            "00000000  3c 3d 3e 3f 40 41 42 43  44 45 46 47 48 49 4a 4b  |<=>?@ABCDEFGHIJK|\n"
            "00000010  4c 4d 4e 4f 00 ff 0a                              |LMNO...|"));
}

void tst_EchoView::hexRowsGrowAcrossAppends()
{
    EchoView view;
    view.setMode(EchoView::Mode::Hex);
    // One byte at a time with a flush after each, as keystrokes arrive.
    for (int i = 0; i < 17; ++i) {
        view.appendBytes(QByteArray(1, 'a'));
        QTRY_VERIFY2(view.plainText().endsWith(u'|' + QString(i % 16 + 1, u'a') + u'|'),
            qPrintable(view.plainText()));
    }
    QCOMPARE(view.plainText(),
        QStringLiteral(
            "00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
            "00000010  61                                                |a|"));
}

void tst_EchoView::hexModeStaysWithinItsBound()
{
    // The newest 1 MiB is shown, as rows of 16 bytes; what came before is said to be skipped.
    EchoView view;
    view.setMode(EchoView::Mode::Hex);
    constexpr qsizetype total = 2 * 1024 * 1024;
    view.appendBytes(QByteArray(total, 'z'));
    auto *text = view.findChild<QPlainTextEdit *>();
    const QString lastRow =
        QStringLiteral("%1  ").arg(total - EchoView::hexBytesPerRow, 8, 16, QLatin1Char('0'));
    QTRY_VERIFY_WITH_TIMEOUT(text->document()->lastBlock().text().startsWith(lastRow), 20000);
    QVERIFY(text->document()->blockCount() <= EchoView::maximumBlocks);
    QVERIFY(view.plainText().startsWith(QStringLiteral("[… bytes not shown")));
    const QString firstRow =
        QStringLiteral("%1  ").arg(total - EchoView::keptBytes, 8, 16, QLatin1Char('0'));
    QCOMPARE(text->document()->findBlockByNumber(1).text().left(10), firstRow);
    QCOMPARE(
        text->document()->blockCount(), int(EchoView::keptBytes / EchoView::hexBytesPerRow) + 1);
}

void tst_EchoView::switchingModesShowsTheKeptBytesAgain()
{
    EchoView view;
    view.appendBytes(QByteArrayLiteral("Hi\xc3\xa9"));
    QTRY_COMPARE(view.plainText(), QStringLiteral("Hié"));
    view.setMode(EchoView::Mode::Hex);
    QTRY_COMPARE(view.plainText(),
        QStringLiteral("00000000  48 69 c3 a9                                       |Hi..|"));
    view.setMode(EchoView::Mode::Text);
    QTRY_COMPARE(view.plainText(), QStringLiteral("Hié"));
}

void tst_EchoView::marksTheByteWhereTheEchoDiffered_data()
{
    QTest::addColumn<EchoView::Mode>("mode");
    QTest::addColumn<QByteArray>("differing");
    QTest::addColumn<QString>("marked");
    QTest::newRow("text") << EchoView::Mode::Text << QByteArray(1, '\0') << QStringLiteral("␀");
    QTest::newRow("hex") << EchoView::Mode::Hex << QByteArray(1, '\0') << QStringLiteral("00");
    // Shown as several characters, marked whole.
    QTest::newRow("text, direction control")
        << EchoView::Mode::Text << QByteArray("\xe2\x80\xae") << QStringLiteral("⟨U+202E⟩");
    QTest::newRow("hex, C1 control")
        << EchoView::Mode::Hex << QByteArray("\x85") << QStringLiteral("85");
}

void tst_EchoView::marksTheByteWhereTheEchoDiffered()
{
    QFETCH(EchoView::Mode, mode);
    QFETCH(QByteArray, differing);
    QFETCH(QString, marked);
    EchoView view;
    view.setMode(mode);
    view.appendBytes(QByteArrayLiteral("hello"));
    view.markByte(7);
    view.appendBytes(QByteArray("\nx") + differing + QByteArray("y"));
    QTRY_COMPARE(view.markedText(), marked);

    // The mark is drawn bold and underlined, not by colour alone.
    auto *text = view.findChild<QPlainTextEdit *>();
    QTextCursor cursor(text->document());
    // In hex, the pair between spaces: the offset column is made of zeros too.
    const bool hex = mode == EchoView::Mode::Hex;
    const QString needle = hex ? u' ' + marked + u' ' : marked;
    const int position = int(text->document()->toPlainText().indexOf(needle)) + (hex ? 1 : 0);
    QVERIFY(position >= 1);
    cursor.setPosition(position + 1);
    QVERIFY(cursor.charFormat().fontUnderline());
    QCOMPARE(cursor.charFormat().fontWeight(), int(QFont::Bold));
    cursor.setPosition(position + int(marked.size()));
    QVERIFY(cursor.charFormat().fontUnderline());
    cursor.setPosition(position + int(marked.size()) + 1);
    QVERIFY(!cursor.charFormat().fontUnderline());
}

void tst_EchoView::marksAByteAlreadyShown()
{
    EchoView view;
    view.appendBytes(QByteArrayLiteral("abc"));
    QTRY_COMPARE(view.plainText(), QStringLiteral("abc"));
    view.markByte(1);
    QTRY_COMPARE(view.markedText(), QStringLiteral("b"));
    QCOMPARE(view.plainText(), QStringLiteral("abc"));
}

void tst_EchoView::keepsOnlyTheNewestBytes()
{
    EchoView view;
    for (int i = 0; i < 3; ++i)
        view.appendBytes(QByteArray(EchoView::keptBytes, char('a' + i)));
    QVERIFY(view.savedByteCount() <= EchoView::keptBytes + EchoView::keptBytes / 4);
    QVERIFY(view.savedByteCount() >= EchoView::keptBytes);
}

void tst_EchoView::savesTheKeptBytesExactly()
{
    QTemporaryDir dir;
    EchoView view;
    const QByteArray bytes("raw\0\xff\xc3", 6);
    view.appendBytes(bytes);
    const QString path = dir.filePath(QStringLiteral("received.bin"));
    QString error;
    QVERIFY2(view.saveBytes(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes);

    QVERIFY(!view.saveBytes(dir.filePath(QStringLiteral("no/such/dir/x.bin")), &error));
    QVERIFY(error.startsWith(QStringLiteral("Cannot save to ")));
}

void tst_EchoView::copiesTheSelectionOrEverything()
{
    EchoView view;
    view.appendBytes(QByteArrayLiteral("one\ntwo"));
    QTRY_COMPARE(view.selectedOrAllText(), QStringLiteral("one\ntwo"));
    auto *text = view.findChild<QPlainTextEdit *>();
    QTextCursor cursor(text->document());
    cursor.setPosition(2);
    cursor.setPosition(5, QTextCursor::KeepAnchor);
    text->setTextCursor(cursor);
    QCOMPARE(view.selectedOrAllText(), QStringLiteral("e\nt"));
}

void tst_EchoView::shadesEveryOtherDatagram_data()
{
    QTest::addColumn<EchoView::Mode>("mode");
    // Where, in the document, the first byte of each of the datagrams "ab", "c", "de" is shown.
    QTest::addColumn<QList<int>>("positions");
    QTest::newRow("text") << EchoView::Mode::Text << QList { 0, 2, 3 };
    // "00000000  61 62 63 64 65": pairs start at 10, 13, 16 …
    QTest::newRow("hex") << EchoView::Mode::Hex << QList { 10, 16, 19 };
}

void tst_EchoView::shadesEveryOtherDatagram()
{
    QFETCH(EchoView::Mode, mode);
    QFETCH(QList<int>, positions);
    EchoView view;
    view.setMode(mode);
    view.setDatagrams(true);
    for (const char *datagram : { "ab", "c", "de" })
        view.appendBytes(datagram);
    QTRY_VERIFY(documentText(view).contains(mode == EchoView::Mode::Hex ? "|abcde|" : "abcde"));
    QVERIFY(!view.isShaded(0));
    QVERIFY(!view.isShaded(1));
    QVERIFY(view.isShaded(2));
    QVERIFY(!view.isShaded(3));
    // The first and third datagrams on the base, the second on a shade: a boundary shows.
    const QColor first = backgroundAt(view, positions[0]);
    const QColor second = backgroundAt(view, positions[1]);
    const QColor third = backgroundAt(view, positions[2]);
    QVERIFY(second.isValid());
    QVERIFY(first != second);
    QCOMPARE(third, first);
    // Both bytes of the first datagram alike.
    QCOMPARE(backgroundAt(view, positions[0] + (mode == EchoView::Mode::Hex ? 3 : 1)), first);

    // Shown again alike in the other mode.
    view.setMode(mode == EchoView::Mode::Hex ? EchoView::Mode::Text : EchoView::Mode::Hex);
    QTRY_VERIFY(documentText(view).contains(mode == EchoView::Mode::Hex ? "abcde" : "|abcde|"));
    QVERIFY(view.isShaded(2));
}

void tst_EchoView::shadeKeepsTheTextReadable_data()
{
    QTest::addColumn<QColor>("base");
    QTest::addColumn<QColor>("text");
    QTest::addColumn<QColor>("highlight");
    QTest::newRow("light") << QColor(255, 255, 255) << QColor(0, 0, 0) << QColor(48, 140, 198);
    QTest::newRow("dark (Breeze)")
        << QColor(27, 30, 32) << QColor(252, 252, 252) << QColor(61, 174, 233);
}

void tst_EchoView::shadeKeepsTheTextReadable()
{
    QFETCH(QColor, base);
    QFETCH(QColor, text);
    QFETCH(QColor, highlight);
    EchoView view;
    QPalette palette = view.palette();
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Highlight, highlight);
    view.setPalette(palette);
    view.setDatagrams(true);
    view.appendBytes("a");
    view.appendBytes("b");
    QTRY_COMPARE(view.plainText(), QStringLiteral("ab"));
    const QColor shade = backgroundAt(view, 1);
    QVERIFY(shade.isValid());
    QVERIFY2(contrastRatio(shade, text) >= 4.5, qPrintable(shade.name()));
    // Far enough from the base to be seen.
    QVERIFY2(contrastRatio(shade, base) >= 1.15, qPrintable(shade.name()));
}

void tst_EchoView::showsNoBoundariesInAStream()
{
    EchoView view;
    for (const char *piece : { "ab", "c", "de" })
        view.appendBytes(piece);
    QTRY_COMPARE(view.plainText(), QStringLiteral("abcde"));
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!view.isShaded(i));
        QCOMPARE(backgroundAt(view, i), backgroundAt(view, 0));
    }
}

void tst_EchoView::keepsSeveralMarks_data()
{
    QTest::addColumn<EchoView::Mode>("mode");
    QTest::addColumn<QStringList>("marked");
    QTest::newRow("text") << EchoView::Mode::Text << QStringList { "b", "␀", "e" };
    QTest::newRow("hex") << EchoView::Mode::Hex << QStringList { "62", "00", "65" };
}

void tst_EchoView::keepsSeveralMarks()
{
    QFETCH(EchoView::Mode, mode);
    QFETCH(QStringList, marked);
    EchoView view;
    view.setMode(mode);
    view.setDatagrams(true);
    view.appendBytes("ab");
    // One before it is shown, one already shown, one in what comes later.
    view.markByte(1);
    QTRY_COMPARE(view.markedTexts(), QStringList { marked.at(0) });
    view.appendBytes(QByteArray("c\0", 2));
    view.markByte(3);
    view.markByte(5);
    view.appendBytes("de");
    QTRY_COMPARE(view.markedTexts(), marked);
    QCOMPARE(view.markedText(), marked.at(0));
}

QTEST_MAIN(tst_EchoView)
#include "tst_echoview.moc"
