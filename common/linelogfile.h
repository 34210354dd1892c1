#pragma once

#include <QFile>
#include <QObject>
#include <QString>
#include <QTime>

// A log file that lines are appended to as they happen, each handed to the kernel at once, so
// that whoever reads it (a person with `tail -f`, a test) sees every line the moment it is
// written. A line that cannot be written (a full disk, an I/O error) is counted, not kept: the
// first failure of a spell is announced once with its reason, and when writing works again the
// file first gets one line saying how many lines are missing there.
class LineLogFile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LineLogFile)

public:
    explicit LineLogFile(QObject *parent = nullptr);

    // Why `path` cannot be a log file, in words that follow "--log-file: ", or an empty string
    // when it can. It must be a regular file that can be written (not a folder, a device, a pipe
    // or a kernel interface file such as /proc/version), or one that can be created. Creates
    // nothing and changes nothing.
    static QString problemWith(const QString &path);

    // A line as both programs' log files have it: "09:41:07.123  accept  #3 127.0.0.1:40312
    // Connection accepted", the fields two spaces apart; an empty `subject` is left out.
    static QString formatLine(
        const QTime &time, const QString &step, const QString &subject, const QString &message);

    // Opens (creating or appending to) the file; on failure says why in errorString().
    bool open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    QString errorString() const { return m_file.errorString(); }
    QString fileName() const { return m_file.fileName(); }

    // One line; a line break is added.
    void append(const QString &line);
    // Lines that could not be written since writing last worked.
    qint64 missingLines() const { return m_missing; }

    // Makes `file` the log file `current` names for `receiver` (nullptr: none). The file named
    // before stops reporting to `receiver`; `file` has it say through `say` what happens to the
    // file itself (writeFailed, then writingResumed), where the user looks: never in the file.
    template<typename Receiver>
    static void attach(LineLogFile *&current, LineLogFile *file, Receiver *receiver,
        void (Receiver::*say)(const QString &))
    {
        if (current)
            current->disconnect(receiver);
        current = file;
        if (!file)
            return;
        connect(file, &LineLogFile::writeFailed, receiver, say);
        connect(file, &LineLogFile::writingResumed, receiver, say);
    }

signals:
    // The first line of a spell that could not be written; `message` names the file and why.
    void writeFailed(const QString &message);
    // Writing works again after a spell of failures; the file now says how many lines are missing.
    void writingResumed(const QString &message, qint64 missingLines);

private:
    bool write(const QByteArray &bytes);
    bool writeGapLine();

    QFile m_file;
    qint64 m_missing = 0;
    QString m_failure; // why the first missing line could not be written
    QTime m_firstFailure;
    QTime m_lastFailure;
    bool m_midLine = false; // a write that stopped part way left the file without a line break
};
