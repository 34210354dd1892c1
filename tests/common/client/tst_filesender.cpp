#include "filesender.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_FileSender : public QObject
{
    Q_OBJECT

private slots:
    void handsOnTheWholeFileInOrder_data();
    void handsOnTheWholeFileInOrder();
    void stopsAtTheWatermark();
    void cancelStopsHandingOn();
    void saysWhenTheFileCannotBeRead();

private:
    QString writeFile(qsizetype size);
    QTemporaryDir m_dir;
    QByteArray m_contents;
};

QString tst_FileSender::writeFile(qsizetype size)
{
    m_contents.resize(size);
    for (qsizetype i = 0; i < size; ++i)
        m_contents[i] = char(QRandomGenerator::global()->bounded(256));
    const QString path = m_dir.filePath(QStringLiteral("data.bin"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_contents) != size)
        return {};
    return path;
}

void tst_FileSender::handsOnTheWholeFileInOrder_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("empty") << qsizetype(0);
    QTest::newRow("one byte") << qsizetype(1);
    QTest::newRow("exactly one chunk") << qsizetype(FileSender::chunkSize);
    QTest::newRow("a few chunks and a bit") << qsizetype(5 * FileSender::chunkSize + 17);
}

void tst_FileSender::handsOnTheWholeFileInOrder()
{
    QFETCH(qsizetype, size);
    const QString path = writeFile(size);
    QVERIFY(!path.isEmpty());
    FileSender sender;
    QByteArray handedOn;
    connect(&sender, &FileSender::chunkReady, this,
        [&handedOn](const QByteArray &chunk) { handedOn += chunk; });
    QSignalSpy finished(&sender, &FileSender::finished);
    QVERIFY(sender.start(path));
    QCOMPARE(sender.size(), size);
    // The writer drains everything between pumps.
    for (int i = 0; i < 1000 && sender.isActive(); ++i)
        sender.pump(0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(handedOn, m_contents);
    QCOMPARE(sender.handedOn(), size);
    QVERIFY(!sender.isActive());
}

void tst_FileSender::stopsAtTheWatermark()
{
    const QString path = writeFile(20 * FileSender::chunkSize);
    QVERIFY(!path.isEmpty());
    FileSender sender;
    sender.setWatermark(3 * FileSender::chunkSize);
    QSignalSpy chunks(&sender, &FileSender::chunkReady);
    QVERIFY(sender.start(path));
    sender.pump(0);
    QCOMPARE(chunks.count(), 3);
    sender.pump(3 * FileSender::chunkSize); // nothing was written yet
    QCOMPARE(chunks.count(), 3);
    sender.pump(FileSender::chunkSize + 1); // a little more than one chunk written
    QCOMPARE(chunks.count(), 5);
    QVERIFY(sender.isActive());
}

void tst_FileSender::cancelStopsHandingOn()
{
    const QString path = writeFile(10 * FileSender::chunkSize);
    QVERIFY(!path.isEmpty());
    FileSender sender;
    QSignalSpy chunks(&sender, &FileSender::chunkReady);
    QSignalSpy finished(&sender, &FileSender::finished);
    QVERIFY(sender.start(path));
    sender.setWatermark(1);
    sender.pump(0);
    QCOMPARE(chunks.count(), 1);
    sender.cancel();
    QVERIFY(!sender.isActive());
    sender.pump(0);
    QCOMPARE(chunks.count(), 1);
    QCOMPARE(finished.count(), 0);
}

void tst_FileSender::saysWhenTheFileCannotBeRead()
{
    FileSender sender;
    const QString path = m_dir.filePath(QStringLiteral("missing.bin"));
    QVERIFY(!sender.start(path));
    QVERIFY2(sender.errorString().startsWith(QStringLiteral("Cannot read %1: ").arg(path)),
        qPrintable(sender.errorString()));
    QVERIFY(!sender.isActive());
}

QTEST_GUILESS_MAIN(tst_FileSender)
#include "tst_filesender.moc"
