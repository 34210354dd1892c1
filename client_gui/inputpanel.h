#pragma once

#include "echoclient.h"
#include "lineending.h"

#include <QByteArray>
#include <QWidget>

class HexInput;
class KeystrokeInput;
class LineInput;
class QStackedWidget;

// Where the user types what to send: each keystroke at once, a line at a time, or bytes as hex;
// one of the three at a time. Typing is possible only while connected.
class InputPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InputPanel)

public:
    enum class Mode { Keystroke, Line, Hex };
    Q_ENUM(Mode)

    explicit InputPanel(QWidget *parent = nullptr);

    void setMode(Mode mode);
    // What Enter sends in keystroke and line mode.
    void setLineEnding(LineEnding ending);
    void showState(EchoClient::State state);
    // Whether the keyboard is in one of the inputs.
    bool hasFocusInside() const;
    void focusInput();

signals:
    void bytesEntered(const QByteArray &bytes);

private:
    KeystrokeInput *m_keystrokeEdit = nullptr;
    LineInput *m_lineEdit = nullptr;
    HexInput *m_hexInput = nullptr;
    QStackedWidget *m_stack = nullptr;
};
