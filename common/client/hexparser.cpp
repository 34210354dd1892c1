#include "hexparser.h"

#include <QCoreApplication>

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// The translations' context for the hex parser's messages.
class HexParser
{
    Q_DECLARE_TR_FUNCTIONS(HexParser)
};

} // namespace

HexParseResult parseHexBytes(QStringView text)
{
    HexParseResult result;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        // A run of digits between spaces: its digits pair up into bytes.
        const qsizetype start = i;
        while (i < text.size() && !text.at(i).isSpace())
            ++i;
        const QStringView run = text.sliced(start, i - start);
        for (qsizetype j = 0; j < run.size(); ++j) {
            if (hexValue(run.at(j)) < 0) {
                result.error = HexParser::tr("“%1” at position %2 is not a hex digit (0–9, a–f).")
                                   .arg(run.at(j))
                                   .arg(start + j + 1);
                result.errorPosition = start + j;
                result.bytes.clear();
                return result;
            }
        }
        if (run.size() % 2 != 0) {
            result.error = HexParser::tr("“%1” has an odd number of hex digits: each byte is two "
                                         "digits (write 0a, not a).")
                               .arg(run.toString());
            result.errorPosition = start;
            result.bytes.clear();
            return result;
        }
        for (qsizetype j = 0; j < run.size(); j += 2)
            result.bytes.append(char(hexValue(run.at(j)) * 16 + hexValue(run.at(j + 1))));
    }
    if (result.bytes.isEmpty())
        result.error = HexParser::tr("Type bytes as hex, for example 48 65 6c 6c 6f.");
    return result;
}

QString formatHexBytes(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex(' '));
}
