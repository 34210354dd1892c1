#include "logview.h"

#include <QFontDatabase>
#include <QTime>

LogView::LogView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMaximumBlockCount(m_maximumLines);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogView::flushPending);
}

void LogView::appendLine(const QString &text)
{
    m_pending.append(QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz")) + u' ' + text);
    // Lines the document would drop at once anyway need not wait in memory.
    if (m_pending.size() > m_maximumLines)
        m_pending.removeFirst();
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void LogView::setMaximumLines(int lines)
{
    m_maximumLines = qMax(1, lines);
    setMaximumBlockCount(m_maximumLines);
    while (m_pending.size() > m_maximumLines)
        m_pending.removeFirst();
}

void LogView::flushPending()
{
    if (m_pending.isEmpty())
        return;
    // One insertion for the whole batch: one layout and one repaint, however many lines.
    appendPlainText(m_pending.join(u'\n'));
    m_pending.clear();
}
