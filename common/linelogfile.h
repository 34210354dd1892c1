#pragma once

#include <QFile>
#include <QString>

// A log file that lines are appended to as they happen, each flushed at once, so that whoever
// reads it (a person with `tail -f`, a test) sees every line the moment it is written.
class LineLogFile final
{
public:
    // Opens (creating or appending to) the file; on failure says why in errorString().
    bool open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    QString errorString() const { return m_file.errorString(); }
    QString fileName() const { return m_file.fileName(); }

    // One line; a line break is added.
    void append(const QString &line);

private:
    QFile m_file;
};
