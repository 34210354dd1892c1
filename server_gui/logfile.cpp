#include "logfile.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QStringList>

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

} // namespace

bool writeLogFile(QIODevice &device, const QAbstractItemModel &model, LogFileFormat format)
{
    const int columns = model.columnCount();
    const auto row = [&model, columns](int r) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells << model.index(r, c).data().toString();
        return cells;
    };
    QString text;
    if (format == LogFileFormat::Csv) {
        QStringList header;
        for (int c = 0; c < columns; ++c)
            header << csvField(model.headerData(c, Qt::Horizontal).toString());
        text += header.join(u',') + QStringLiteral("\r\n");
        for (int r = 0; r < model.rowCount(); ++r) {
            QStringList cells = row(r);
            for (QString &cell : cells)
                cell = csvField(cell);
            text += cells.join(u',') + QStringLiteral("\r\n");
        }
    } else {
        for (int r = 0; r < model.rowCount(); ++r) {
            QStringList cells = row(r);
            cells.removeAll(QString());
            text += cells.join(QStringLiteral("  ")) + u'\n';
        }
    }
    return device.write(text.toUtf8()) >= 0;
}
