#pragma once

#include <QByteArray>
#include <QLineEdit>

// The bytes a key press sends, the way a terminal would: the typed text as UTF-8, Enter "\n",
// Backspace 0x08, Tab 0x09, Escape 0x1B, Ctrl+@…Ctrl+_ (so Ctrl+A…Ctrl+Z) 0x00…0x1F,
// Ctrl+Space 0x00; empty for keys that send nothing (arrows, function keys, modifiers alone)
// and for Alt+key, which is left to the window's mnemonics.
// Paste is not handled here: it needs the clipboard, and Ctrl+V alone would be 0x16.
QByteArray bytesForKey(int key, Qt::KeyboardModifiers modifiers, const QString &text);

// A one-line box that sends every keystroke the moment it is typed, like a terminal; it shows
// what was typed on the current line, and Enter starts a new one.
class KeystrokeInput final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeystrokeInput)

public:
    explicit KeystrokeInput(QWidget *parent = nullptr);

    // What Enter sends ("\n" unless set): LF, CR or CR LF.
    void setEnterBytes(const QByteArray &bytes) { m_enterBytes = bytes; }

signals:
    void bytesTyped(const QByteArray &bytes);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void sendText(const QString &text);
    void send(const QByteArray &bytes);

    QByteArray m_enterBytes = QByteArrayLiteral("\n");
};
