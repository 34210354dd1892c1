#include "filesender.h"

#include <QFileInfo>

FileSender::FileSender(QObject *parent)
    : QObject(parent)
{ }

bool FileSender::start(const QString &path)
{
    cancel();
    m_fileName = QFileInfo(path).fileName();
    m_error.clear();
    m_handedOn = 0;
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read %1: %2").arg(path, m_file.errorString());
        return false;
    }
    m_size = m_file.size();
    return true;
}

void FileSender::pump(qint64 waiting)
{
    // A receiver of chunkReady may cause bytes to be written and pump() to be called again.
    if (m_pumping)
        return;
    m_pumping = true;
    while (m_file.isOpen() && waiting < m_watermark) {
        const QByteArray chunk = m_file.read(m_chunkSize);
        if (chunk.isEmpty()) {
            const bool atEnd = m_file.atEnd() || m_file.error() == QFileDevice::NoError;
            const QString error = m_file.errorString();
            m_file.close();
            if (atEnd) {
                emit finished();
            } else {
                m_error = tr("Reading %1 failed: %2").arg(m_fileName, error);
                emit failed(m_error);
            }
            break;
        }
        m_handedOn += chunk.size();
        waiting += chunk.size();
        emit chunkReady(chunk);
        emit progressed(m_handedOn, m_size);
        if (m_file.isOpen() && m_file.atEnd()) {
            m_file.close();
            emit finished();
        }
    }
    m_pumping = false;
}

void FileSender::cancel()
{
    if (m_file.isOpen())
        m_file.close();
}
