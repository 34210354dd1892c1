#pragma once

#include <QByteArray>

// What Enter sends. Terminals and protocols disagree: Unix sends LF, Telnet and HTTP want CR LF.
enum class LineEnding { Lf, Cr, CrLf };

inline QByteArray lineEndingBytes(LineEnding ending)
{
    switch (ending) {
    case LineEnding::Cr:
        return QByteArrayLiteral("\r");
    case LineEnding::CrLf:
        return QByteArrayLiteral("\r\n");
    case LineEnding::Lf:
        break;
    }
    return QByteArrayLiteral("\n");
}
