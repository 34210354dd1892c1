#include "keystrokeinput.h"

#include "controlbytes.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QKeyEvent>

namespace {

// Ctrl+Alt is how Windows reports AltGr, which types characters (€, @) rather than controls.
bool isControlChord(Qt::KeyboardModifiers modifiers)
{
    return modifiers.testFlag(Qt::ControlModifier) && !modifiers.testFlag(Qt::AltModifier);
}

bool containsControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

} // namespace

QByteArray bytesForKey(int key, Qt::KeyboardModifiers modifiers, const QString &text)
{
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return QByteArrayLiteral("\n");
    case Qt::Key_Backspace:
        return QByteArrayLiteral("\x08");
    case Qt::Key_Tab:
        return QByteArrayLiteral("\t");
    case Qt::Key_Escape:
        return QByteArrayLiteral("\x1b");
    default:
        break;
    }
    // Alt+key is the window's (mnemonics such as Alt+F for "Send file…"), not a byte.
    if (modifiers.testFlag(Qt::AltModifier) && !modifiers.testFlag(Qt::ControlModifier))
        return {};
    if (isControlChord(modifiers)) {
        // ASCII caret notation: Ctrl+@ is 0x00, Ctrl+A 0x01 … Ctrl+Z 0x1A … Ctrl+_ 0x1F.
        if (key >= Qt::Key_At && key <= Qt::Key_Underscore)
            return QByteArray(1, char(key - Qt::Key_At));
        if (key == Qt::Key_Space)
            return QByteArray(1, '\0');
        return {};
    }
    // Some platforms put a control character in text() for keys such as Delete (0x7F); those
    // have no agreed meaning on a raw TCP stream, so they send nothing rather than a surprise.
    if (containsControlCharacter(text))
        return {};
    return text.toUtf8();
}

KeystrokeInput::KeystrokeInput(QWidget *parent)
    : QLineEdit(parent)
{
    // Every way text could enter the box must also send it; dropping and the context menu's
    // Paste would only change the box.
    setAcceptDrops(false);
    setContextMenuPolicy(Qt::NoContextMenu);
}

bool KeystrokeInput::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Claim keys that send bytes before any shortcut (or QLineEdit's Copy/Undo) does: in an
        // echo tool Ctrl+C is 0x03. Ctrl+Return stays with the window's Connect/Disconnect.
        auto *key = static_cast<QKeyEvent *>(event);
        const bool connectShortcut = isControlChord(key->modifiers()) &&
            (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter);
        if (!connectShortcut &&
            (key->matches(QKeySequence::Paste) ||
                !bytesForKey(key->key(), key->modifiers(), key->text()).isEmpty())) {
            event->accept();
            return true;
        }
    } else if (event->type() == QEvent::KeyPress) {
        // Tab is a character here, not a focus move; Shift+Tab still leaves the box.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab &&
            !(key->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier))) {
            keyPressEvent(key);
            return true;
        }
    }
    return QLineEdit::event(event);
}

void KeystrokeInput::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Paste)) {
        sendText(QGuiApplication::clipboard()->text());
        return;
    }
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        emit bytesTyped(m_enterBytes);
        clear();
        return;
    }
    const QByteArray bytes = bytesForKey(event->key(), event->modifiers(), event->text());
    if (bytes.isEmpty()) {
        // Not QLineEdit's: its editing keys (Delete, Ctrl+Z…) would change the box unsent.
        event->ignore();
        return;
    }
    send(bytes);
}

void KeystrokeInput::inputMethodEvent(QInputMethodEvent *event)
{
    // Composed text (dead keys, input methods) is sent when committed; the pre-edit is not shown.
    sendText(event->commitString());
    event->accept();
}

void KeystrokeInput::mouseReleaseEvent(QMouseEvent *event)
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (event->button() == Qt::MiddleButton && clipboard->supportsSelection()) {
        sendText(clipboard->text(QClipboard::Selection));
        return;
    }
    QLineEdit::mouseReleaseEvent(event);
}

void KeystrokeInput::sendText(const QString &text)
{
    if (!text.isEmpty())
        send(text.toUtf8());
}

void KeystrokeInput::send(const QByteArray &bytes)
{
    emit bytesTyped(bytes);

    // The box shows the current line as the echo view would show it.
    if (bytes == "\x08") {
        QString line = text();
        const bool surrogatePair = line.size() >= 2 && line.back().isLowSurrogate();
        line.chop(surrogatePair ? 2 : 1);
        setText(line);
        return;
    }
    const QString shown = formatControlBytes(QString::fromUtf8(bytes));
    const qsizetype lastBreak = shown.lastIndexOf(u'\n');
    setText(lastBreak < 0 ? text() + shown : shown.mid(lastBreak + 1));
}
