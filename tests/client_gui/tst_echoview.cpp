#include "echoview.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

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
};

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

QTEST_MAIN(tst_EchoView)
#include "tst_echoview.moc"
