#include "bytecount.h"

#include "translations.h"

#include <QCoreApplication>
#include <QLocale>

namespace {

class ByteCount
{
    Q_DECLARE_TR_FUNCTIONS(ByteCount)
};

} // namespace

QString formatByteCount(qint64 bytes, DigitGrouping grouping)
{
    if (bytes == 1)
        return ByteCount::tr("1 byte");
    const QString digits =
        grouping == DigitGrouping::Grouped ? QLocale().toString(bytes) : QString::number(bytes);
    return ByteCount::tr("%1 bytes", nullptr, pluralCount(bytes)).arg(digits);
}
