#include "lineinput.h"

#include <QKeyEvent>

LineInput::LineInput(QWidget *parent)
    : QLineEdit(parent)
{ }

void LineInput::keyPressEvent(QKeyEvent *event)
{
    const bool plain = !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier));
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (plain) {
            sendLine();
            return;
        }
        break;
    case Qt::Key_Up:
        recall(-1);
        return;
    case Qt::Key_Down:
        recall(+1);
        return;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

void LineInput::sendLine()
{
    const QString line = text();
    emit lineEntered(line.toUtf8() + m_lineEnding);
    if (!line.isEmpty() && (m_history.isEmpty() || m_history.constLast() != line)) {
        m_history.append(line);
        if (m_history.size() > maximumHistory)
            m_history.removeFirst();
    }
    m_recalled = m_history.size();
    m_draft.clear();
    clear();
}

void LineInput::recall(int step)
{
    const qsizetype target = m_recalled + step;
    if (target < 0 || target > m_history.size())
        return;
    // The line being typed is kept while older lines are looked at, and comes back after them.
    if (m_recalled == m_history.size())
        m_draft = text();
    m_recalled = target;
    setText(target == m_history.size() ? m_draft : m_history.at(target));
}
