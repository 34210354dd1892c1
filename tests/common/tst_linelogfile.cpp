#include "linelogfile.h"

#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstring>
#include <sys/mount.h>

class tst_LineLogFile : public QObject
{
    Q_OBJECT

private slots:
    void appendsEachLineAtOnce();
    void saysOnceWhenLinesCannotBeWritten();
    void marksTheGapWhenAFullDiskHasRoomAgain();
};

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void tst_LineLogFile::appendsEachLineAtOnce()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("log"));
    LineLogFile log;
    QVERIFY(log.open(path));
    log.append(QStringLiteral("one"));
    QCOMPARE(contents(path), QByteArray("one\n"));
    log.append(QStringLiteral("two ✓"));
    QCOMPARE(contents(path), QByteArray("one\ntwo ✓\n"));
    QCOMPARE(log.missingLines(), 0);
}

void tst_LineLogFile::saysOnceWhenLinesCannotBeWritten()
{
    // Every write to /dev/full fails with ENOSPC, as on a full disk; no root needed.
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    LineLogFile log;
    QVERIFY(log.open(QStringLiteral("/dev/full")));
    QSignalSpy failed(&log, &LineLogFile::writeFailed);
    QSignalSpy resumed(&log, &LineLogFile::writingResumed);
    for (int i = 0; i < 5; ++i)
        log.append(QStringLiteral("line %1").arg(i));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(),
        QStringLiteral("Cannot write the log file /dev/full: No space left on device. Lines that "
                       "cannot be written are counted, and the file will say how many are "
                       "missing."));
    QCOMPARE(log.missingLines(), 5);
    QCOMPARE(resumed.count(), 0);
}

void tst_LineLogFile::marksTheGapWhenAFullDiskHasRoomAgain()
{
    // A real full file system: a small tmpfs of our own, which only root may mount.
    QTemporaryDir mountPoint;
    QVERIFY(mountPoint.isValid());
    const QByteArray where = QFile::encodeName(mountPoint.path());
    if (::mount("tcp-echo-test", where.constData(), "tmpfs", MS_NOSUID | MS_NODEV,
            "size=64k,mode=0700") != 0) {
        QSKIP(qPrintable(
            QStringLiteral("cannot mount a small tmpfs to fill (%1); run as root to test a full "
                           "disk")
                .arg(QString::fromLocal8Bit(std::strerror(errno)))));
    }
    const auto unmount = qScopeGuard([&where] { ::umount2(where.constData(), MNT_DETACH); });

    const QString path = mountPoint.filePath(QStringLiteral("server.log"));
    LineLogFile log;
    QVERIFY(log.open(path));
    QSignalSpy failed(&log, &LineLogFile::writeFailed);
    QSignalSpy resumed(&log, &LineLogFile::writingResumed);
    log.append(QStringLiteral("before the disk filled up"));

    // Fill what is left, in pages; a bounded loop, since the file system is 64 KiB.
    const QString fillerPath = mountPoint.filePath(QStringLiteral("filler"));
    {
        QFile filler(fillerPath);
        QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        const QByteArray page(4096, 'f');
        int pages = 0;
        while (filler.write(page) == page.size() && pages < 64)
            ++pages;
        QVERIFY2(pages < 64, "the tmpfs did not fill up");
    }

    // The log's last page still takes some lines; then writing fails.
    int written = 0;
    while (failed.isEmpty() && written < 1000)
        log.append(
            QStringLiteral("line %1 of the log, written while the disk fills").arg(written++));
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("No space left on device")),
        qPrintable(failed.at(0).at(0).toString()));
    for (int i = 0; i < 3; ++i)
        log.append(QStringLiteral("lost %1").arg(i));
    QCOMPARE(failed.count(), 1); // said once, not per line
    QCOMPARE(log.missingLines(), 4);
    QCOMPARE(resumed.count(), 0);

    QVERIFY(QFile::remove(fillerPath));
    log.append(QStringLiteral("after room came back"));
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.at(0).at(1).toLongLong(), 4);
    QCOMPARE(log.missingLines(), 0);
    QVERIFY(resumed.at(0).at(0).toString().contains(
        QStringLiteral("4 lines are missing from it, marked where they belong")));

    const QList<QByteArray> lines = contents(path).split('\n');
    QCOMPARE(lines.constLast(), QByteArray()); // the file ends with a line break
    QCOMPARE(lines.at(lines.size() - 2), QByteArray("after room came back"));
    const QByteArray gap = lines.at(lines.size() - 3);
    QVERIFY2(gap.startsWith("[4 lines missing here: they could not be written from ") &&
            gap.endsWith(" (No space left on device)]"),
        gap.constData());
    // Before the gap: every line whole, or the one the disk filled in the middle of, cut short
    // but on a line of its own.
    QCOMPARE(lines.constFirst(), QByteArray("before the disk filled up"));
    for (qsizetype i = 1; i < lines.size() - 3; ++i) {
        const QByteArray expected =
            QStringLiteral("line %1 of the log, written while the disk fills").arg(i - 1).toUtf8();
        if (i < lines.size() - 4)
            QCOMPARE(lines.at(i), expected);
        else
            QVERIFY2(expected.startsWith(lines.at(i)), lines.at(i).constData());
    }
    // All but the line that failed are there, and that one at most in part.
    const qsizetype before = lines.size() - 4;
    QVERIFY2(before == written - 1 || before == written, qPrintable(QString::number(before)));
}

QTEST_GUILESS_MAIN(tst_LineLogFile)
#include "tst_linelogfile.moc"
