#include "keystrokeinput.h"

#include <QApplication>
#include <QClipboard>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

class tst_KeystrokeInput : public QObject
{
    Q_OBJECT

private slots:
    void mapsKeysToBytes_data();
    void mapsKeysToBytes();
    void sendsEachCharacterAsItIsTyped();
    void enterSendsALineBreakAndStartsANewLine();
    void backspaceSendsItsByteAndRemovesTheLastCharacter();
    void tabIsSentInsteadOfMovingFocus();
    void controlKeysAreSentInsteadOfEditing();
    void pasteSendsTheClipboardText();
    void keysWithoutBytesSendNothing();
    void enterSendsTheChosenLineEnding();
};

void tst_KeystrokeInput::mapsKeysToBytes_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<Qt::KeyboardModifiers>("modifiers");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");

    const Qt::KeyboardModifiers none = Qt::NoModifier;
    const Qt::KeyboardModifiers ctrl = Qt::ControlModifier;
    QTest::newRow("a") << int(Qt::Key_A) << none << QStringLiteral("a") << QByteArray("a");
    QTest::newRow("shift A") << int(Qt::Key_A) << Qt::KeyboardModifiers(Qt::ShiftModifier)
                             << QStringLiteral("A") << QByteArray("A");
    QTest::newRow("space") << int(Qt::Key_Space) << none << QStringLiteral(" ") << QByteArray(" ");
    QTest::newRow("é is UTF-8") << int(Qt::Key_Eacute) << none << QStringLiteral("é")
                                << QByteArray("\xc3\xa9");
    QTest::newRow("€ is UTF-8") << int(Qt::Key_unknown) << none << QStringLiteral("€")
                                << QByteArray("\xe2\x82\xac");
    QTest::newRow("AltGr as Ctrl+Alt types €")
        << int(Qt::Key_E) << Qt::KeyboardModifiers(Qt::ControlModifier | Qt::AltModifier)
        << QStringLiteral("€") << QByteArray("\xe2\x82\xac");
    QTest::newRow("Enter") << int(Qt::Key_Return) << none << QStringLiteral("\r")
                           << QByteArray("\n");
    QTest::newRow("keypad Enter") << int(Qt::Key_Enter) << Qt::KeyboardModifiers(Qt::KeypadModifier)
                                  << QStringLiteral("\r") << QByteArray("\n");
    QTest::newRow("Backspace") << int(Qt::Key_Backspace) << none << QStringLiteral("\b")
                               << QByteArray("\x08");
    QTest::newRow("Tab") << int(Qt::Key_Tab) << none << QStringLiteral("\t") << QByteArray("\x09");
    QTest::newRow("Escape") << int(Qt::Key_Escape) << none << QStringLiteral("\x1b")
                            << QByteArray("\x1b");
    QTest::newRow("Ctrl+A") << int(Qt::Key_A) << ctrl << QString() << QByteArray("\x01");
    QTest::newRow("Ctrl+C") << int(Qt::Key_C) << ctrl << QStringLiteral("\x03")
                            << QByteArray("\x03");
    QTest::newRow("Ctrl+Shift+C") << int(Qt::Key_C)
                                  << Qt::KeyboardModifiers(Qt::ControlModifier | Qt::ShiftModifier)
                                  << QString() << QByteArray("\x03");
    QTest::newRow("Alt+F is the window's")
        << int(Qt::Key_F) << Qt::KeyboardModifiers(Qt::AltModifier) << QStringLiteral("f")
        << QByteArray();
    QTest::newRow("Ctrl+Z") << int(Qt::Key_Z) << ctrl << QString() << QByteArray("\x1a");
    QTest::newRow("Ctrl+@ is NUL") << int(Qt::Key_At) << ctrl << QString() << QByteArray(1, '\0');
    QTest::newRow("Ctrl+Space is NUL")
        << int(Qt::Key_Space) << ctrl << QString() << QByteArray(1, '\0');
    QTest::newRow("Ctrl+[ is ESC")
        << int(Qt::Key_BracketLeft) << ctrl << QString() << QByteArray("\x1b");
    QTest::newRow("Ctrl+1 sends nothing") << int(Qt::Key_1) << ctrl << QString() << QByteArray();
    QTest::newRow("arrow sends nothing") << int(Qt::Key_Left) << none << QString() << QByteArray();
    QTest::newRow("Delete sends nothing")
        << int(Qt::Key_Delete) << none << QStringLiteral("\x7f") << QByteArray();
    QTest::newRow("Shift alone sends nothing")
        << int(Qt::Key_Shift) << Qt::KeyboardModifiers(Qt::ShiftModifier) << QString()
        << QByteArray();
}

void tst_KeystrokeInput::mapsKeysToBytes()
{
    QFETCH(int, key);
    QFETCH(Qt::KeyboardModifiers, modifiers);
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QCOMPARE(bytesForKey(key, modifiers, text), bytes);
}

void tst_KeystrokeInput::sendsEachCharacterAsItIsTyped()
{
    KeystrokeInput input;
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClicks(&input, QStringLiteral("hi"));
    QCOMPARE(typed.size(), 2);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("h"));
    QCOMPARE(typed.at(1).at(0).toByteArray(), QByteArray("i"));
    QCOMPARE(input.text(), QStringLiteral("hi"));
}

void tst_KeystrokeInput::enterSendsALineBreakAndStartsANewLine()
{
    KeystrokeInput input;
    QTest::keyClicks(&input, QStringLiteral("line"));
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(&input, Qt::Key_Return);
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("\n"));
    QCOMPARE(input.text(), QString());
}

void tst_KeystrokeInput::backspaceSendsItsByteAndRemovesTheLastCharacter()
{
    KeystrokeInput input;
    QTest::keyClicks(&input, QStringLiteral("ab"));
    QTest::sendKeyEvent(
        QTest::Click, &input, Qt::Key_unknown, QStringLiteral("😀"), Qt::NoModifier);
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(&input, Qt::Key_Backspace);
    QCOMPARE(input.text(), QStringLiteral("ab")); // the whole surrogate pair goes
    QTest::keyClick(&input, Qt::Key_Backspace);
    QCOMPARE(input.text(), QStringLiteral("a"));
    QCOMPARE(typed.size(), 2);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("\x08"));
    QCOMPARE(typed.at(1).at(0).toByteArray(), QByteArray("\x08"));
}

void tst_KeystrokeInput::tabIsSentInsteadOfMovingFocus()
{
    QWidget window;
    auto *input = new KeystrokeInput(&window);
    auto *next = new KeystrokeInput(&window);
    auto *layout = new QVBoxLayout(&window);
    layout->addWidget(input);
    layout->addWidget(next);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    input->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), input);

    QSignalSpy typed(input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(input, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), input);
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("\t"));

    // Shift+Tab still leaves the box, so keyboard users are not trapped in it.
    QTest::keyClick(input, Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), next);
    QCOMPARE(typed.size(), 1);
}

void tst_KeystrokeInput::controlKeysAreSentInsteadOfEditing()
{
    KeystrokeInput input;
    QTest::keyClicks(&input, QStringLiteral("abc"));
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(&input, Qt::Key_A, Qt::ControlModifier); // not Select All
    QTest::keyClick(&input, Qt::Key_Z, Qt::ControlModifier); // not Undo
    QCOMPARE(typed.size(), 2);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("\x01"));
    QCOMPARE(typed.at(1).at(0).toByteArray(), QByteArray("\x1a"));
    QCOMPARE(input.text(), QStringLiteral("abc␁␚"));
    QVERIFY(!input.hasSelectedText());
}

void tst_KeystrokeInput::pasteSendsTheClipboardText()
{
    KeystrokeInput input;
    QGuiApplication::clipboard()->setText(QStringLiteral("pasted é\nnext"));
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(&input, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.at(0).at(0).toByteArray(), QByteArray("pasted \xc3\xa9\nnext"));
    QCOMPARE(input.text(), QStringLiteral("next")); // the current line
    QGuiApplication::clipboard()->setText(QStringLiteral(" more"));
    QTest::keyClick(&input, Qt::Key_Insert, Qt::ShiftModifier);
    QCOMPARE(typed.size(), 2);
    QCOMPARE(typed.at(1).at(0).toByteArray(), QByteArray(" more"));
    QCOMPARE(input.text(), QStringLiteral("next more"));
}

void tst_KeystrokeInput::keysWithoutBytesSendNothing()
{
    KeystrokeInput input;
    QTest::keyClicks(&input, QStringLiteral("ab"));
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    QTest::keyClick(&input, Qt::Key_Left);
    QTest::keyClick(&input, Qt::Key_Delete);
    QCOMPARE(typed.size(), 0);
    QCOMPARE(input.text(), QStringLiteral("ab"));
}

void tst_KeystrokeInput::enterSendsTheChosenLineEnding()
{
    KeystrokeInput input;
    QSignalSpy typed(&input, &KeystrokeInput::bytesTyped);
    for (const QByteArray &ending : { QByteArray("\r"), QByteArray("\r\n"), QByteArray("\n") }) {
        input.setEnterBytes(ending);
        QTest::keyClicks(&input, QStringLiteral("x"));
        QTest::keyClick(&input, Qt::Key_Return);
        QCOMPARE(typed.last().at(0).toByteArray(), ending);
        QCOMPARE(input.text(), QString()); // a new line starts whatever the ending
    }
}

QTEST_MAIN(tst_KeystrokeInput)
#include "tst_keystrokeinput.moc"
