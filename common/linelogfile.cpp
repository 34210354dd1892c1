#include "linelogfile.h"

#include "translations.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

#include <cerrno>
#include <unistd.h>
#include <utility>

namespace {

// File systems whose files are the kernel's controls and reports, not storage: /proc/version
// takes no write, and a line written to /proc/sys/… or /sys/… would change a setting.
bool isKernelInterface(const QByteArray &fileSystemType)
{
    static const QByteArrayList types { "proc", "sysfs", "debugfs", "tracefs", "securityfs",
        "configfs", "cgroup", "cgroup2", "bpf", "efivarfs", "pstore", "fusectl", "binfmt_misc",
        "selinuxfs" };
    return types.contains(fileSystemType);
}

QString timeText(const QTime &time)
{
    return time.toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

LineLogFile::LineLogFile(QObject *parent)
    : QObject(parent)
{ }

QString LineLogFile::problemWith(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists()) {
        // exists() and isFile() follow symbolic links: a link to a regular file is one.
        if (!info.isFile() ||
            isKernelInterface(QStorageInfo(info.canonicalFilePath()).fileSystemType()))
            return tr("'%1' is not a regular file.").arg(path);
        // Opening an existing file to append creates nothing; a write of no bytes still meets a
        // file that refuses every write.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
            return tr("cannot write '%1': %2").arg(path, file.errorString());
        if (::write(file.handle(), "", 0) < 0)
            return tr("cannot write '%1': %2").arg(path, qt_error_string(errno));
        return {};
    }
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir())
        return tr("cannot create '%1': there is no folder %2.")
            .arg(path, QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isWritable())
        return tr("cannot create '%1': the folder %2 is not writable.")
            .arg(path, QDir::toNativeSeparators(folder.filePath()));
    return {};
}

QString LineLogFile::formatLine(
    const QTime &time, const QString &step, const QString &subject, const QString &message)
{
    const QString separator = QStringLiteral("  ");
    QString line = time.toString(QStringLiteral("HH:mm:ss.zzz")) + separator + step;
    if (!subject.isEmpty())
        line += separator + subject;
    return line + separator + message;
}

bool LineLogFile::open(const QString &path)
{
    m_file.setFileName(path);
    m_missing = 0;
    m_midLine = false;
    // Unbuffered: each line goes to the kernel as it is appended, and one that cannot be written
    // is not kept back to come out later in the wrong place.
    return m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered);
}

void LineLogFile::append(const QString &line)
{
    if (!m_file.isOpen())
        return;
    if (m_missing == 0 || writeGapLine()) {
        if (write((line + u'\n').toUtf8()))
            return;
    }
    m_lastFailure = QTime::currentTime();
    if (m_missing++ > 0)
        return;
    m_failure = m_file.errorString();
    m_firstFailure = m_lastFailure;
    emit writeFailed(tr("Cannot write the log file %1: %2. Lines that cannot be written are "
                        "counted, and the file will say how many are missing.")
            .arg(m_file.fileName(), m_failure));
}

bool LineLogFile::write(const QByteArray &bytes)
{
    qsizetype written = 0;
    while (written < bytes.size()) {
        const qint64 count = m_file.write(bytes.constData() + written, bytes.size() - written);
        if (count <= 0) {
            if (written > 0)
                m_midLine = true;
            return false;
        }
        written += count;
    }
    m_midLine = false;
    return true;
}

bool LineLogFile::writeGapLine()
{
    const QString gap = m_missing == 1
        ? tr("[1 line missing here: it could not be written at %1 (%2)]")
              .arg(timeText(m_firstFailure), m_failure)
        : tr("[%n lines missing here: they could not be written from %1 to %2 (%3)]", nullptr,
              pluralCount(m_missing))
              .arg(timeText(m_firstFailure), timeText(m_lastFailure), m_failure);
    // A line cut short by the failure gets its line break, so the gap line stands alone.
    const QByteArray bytes = (m_midLine ? QByteArray("\n") : QByteArray()) + gap.toUtf8() + '\n';
    if (!write(bytes))
        return false;
    const qint64 missing = std::exchange(m_missing, 0);
    emit writingResumed(missing == 1
            ? tr("The log file %1 is written again; 1 line is missing from it, marked where it "
                 "belongs.")
                  .arg(m_file.fileName())
            : tr("The log file %1 is written again; %n lines are missing from it, marked where "
                 "they belong.",
                  nullptr, pluralCount(missing))
                  .arg(m_file.fileName()),
        missing);
    return true;
}
