#pragma once

#include <QByteArray>
#include <QString>

// Bytes typed as hex: "48 65 6c 6c 6f", "48656c6c6f" or any mix; each byte is two digits, spaces
// are optional between bytes. On a mistake, `error` says what and `errorPosition` where.
struct HexParseResult
{
    QByteArray bytes;
    QString error;
    qsizetype errorPosition = -1; // index into the text, or -1

    bool ok() const { return error.isEmpty(); }
};

HexParseResult parseHexBytes(QStringView text);

// "48 65 6c", lower case, one space between bytes.
QString formatHexBytes(QByteArrayView bytes);
