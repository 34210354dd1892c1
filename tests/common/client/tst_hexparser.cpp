#include "hexparser.h"

#include <QTest>

class tst_HexParser : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidHex_data();
    void parsesValidHex();
    void refusesInvalidHex_data();
    void refusesInvalidHex();
    void formatsBytesAsHex();
};

void tst_HexParser::parsesValidHex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("spaced") << QStringLiteral("48 65 6c 6c 6f") << QByteArray("Hello");
    QTest::newRow("no spaces") << QStringLiteral("48656c6c6f") << QByteArray("Hello");
    QTest::newRow("mixed, upper case, extra blanks")
        << QStringLiteral("  4865 6C\t6c6F ") << QByteArray("Hello");
    QTest::newRow("NUL and 0xff") << QStringLiteral("00 ff") << QByteArray("\0\xff", 2);
}

void tst_HexParser::parsesValidHex()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    const HexParseResult result = parseHexBytes(text);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.bytes, bytes);
    QCOMPARE(result.errorPosition, -1);
}

void tst_HexParser::refusesInvalidHex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qsizetype>("position");
    QTest::addColumn<QString>("error");
    QTest::newRow("not a digit") << QStringLiteral("48 6g") << qsizetype(4)
                                 << QStringLiteral(
                                        "“g” at position 5 is not a hex digit (0–9, a–f).");
    QTest::newRow("odd digit count")
        << QStringLiteral("48 656") << qsizetype(3)
        << QStringLiteral("“656” has an odd number of hex digits: "
                          "each byte is two digits (write 0a, not a).");
    QTest::newRow("single digit") << QStringLiteral("a") << qsizetype(0)
                                  << QStringLiteral("“a” has an odd number of hex digits: each "
                                                    "byte is two digits (write 0a, not a).");
    QTest::newRow("empty") << QStringLiteral("  ") << qsizetype(-1)
                           << QStringLiteral("Type bytes as hex, for example 48 65 6c 6c 6f.");
}

void tst_HexParser::refusesInvalidHex()
{
    QFETCH(QString, text);
    QFETCH(qsizetype, position);
    QFETCH(QString, error);
    const HexParseResult result = parseHexBytes(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.error, error);
    QCOMPARE(result.errorPosition, position);
    QVERIFY(result.bytes.isEmpty());
}

void tst_HexParser::formatsBytesAsHex()
{
    QCOMPARE(formatHexBytes(QByteArrayView("He\0\xff", 4)), QStringLiteral("48 65 00 ff"));
}

QTEST_GUILESS_MAIN(tst_HexParser)
#include "tst_hexparser.moc"
