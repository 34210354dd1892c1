#pragma once

#include <QFile>
#include <QObject>

// Streams a file a chunk at a time, only while little is waiting to go out, so a file of any
// size costs a few chunks of memory and the event loop stays free between chunks.
class FileSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileSender)

public:
    // Unless setChunkSize() says otherwise (one chunk per datagram, say).
    static constexpr qint64 chunkSize = 64 * 1024;
    // Chunks are handed on only while fewer bytes than this wait to be written.
    static constexpr qint64 defaultWatermark = 512 * 1024;

    explicit FileSender(QObject *parent = nullptr);

    // Opens the file; false (and errorString()) when it cannot be read.
    bool start(const QString &path);
    // Hands on chunks (chunkReady) until `waiting` plus what was handed on reaches the
    // watermark or the file ends; call again whenever bytes have been written.
    void pump(qint64 waiting);
    void cancel();

    bool isActive() const { return m_file.isOpen(); }
    QString fileName() const { return m_fileName; }
    QString errorString() const { return m_error; }
    qint64 size() const { return m_size; }
    qint64 handedOn() const { return m_handedOn; }
    void setWatermark(qint64 bytes) { m_watermark = qMax<qint64>(bytes, 1); }
    void setChunkSize(qint64 bytes) { m_chunkSize = qMax<qint64>(bytes, 1); }

signals:
    void chunkReady(const QByteArray &chunk);
    void progressed(qint64 handedOn, qint64 size);
    // Every byte of the file was handed on.
    void finished();
    void failed(const QString &message);

private:
    QFile m_file;
    QString m_fileName;
    QString m_error;
    qint64 m_size = 0;
    qint64 m_handedOn = 0;
    qint64 m_watermark = defaultWatermark;
    qint64 m_chunkSize = chunkSize;
    bool m_pumping = false;
};
