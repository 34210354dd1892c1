#include "linelogfile.h"

bool LineLogFile::open(const QString &path)
{
    m_file.setFileName(path);
    return m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

void LineLogFile::append(const QString &line)
{
    if (!m_file.isOpen())
        return;
    m_file.write((line + u'\n').toUtf8());
    m_file.flush();
}
