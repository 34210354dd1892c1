#pragma once

class QAbstractItemModel;
class QIODevice;

enum class LogFileFormat {
    Text, // one line per row, columns separated by spaces, as the log reads on screen
    Csv, // RFC 4180: a header row, fields quoted where needed
};

// Writes every row of a log model (or of a filtered view of one) as it is displayed.
bool writeLogFile(QIODevice &device, const QAbstractItemModel &model, LogFileFormat format);
