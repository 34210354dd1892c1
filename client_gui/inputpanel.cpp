#include "inputpanel.h"

#include "hexinput.h"
#include "keystrokeinput.h"
#include "lineinput.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>

namespace {

// A text input as the panel shows it: named, told to screen readers by its name and what it
// does, in the fixed-width font of the views.
void describeTextInput(QWidget *input, const QString &objectName, const QString &accessibleName,
    const QString &description)
{
    input->setObjectName(objectName);
    input->setAccessibleName(accessibleName);
    input->setAccessibleDescription(description);
    input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

} // namespace

InputPanel::InputPanel(QWidget *parent)
    : QWidget(parent)
{
    m_keystrokeEdit = new KeystrokeInput(this);
    describeTextInput(m_keystrokeEdit, QStringLiteral("inputEdit"), tr("Text to send"),
        tr("Every key is sent to the server the moment it is pressed."));
    m_lineEdit = new LineInput(this);
    describeTextInput(m_lineEdit, QStringLiteral("lineEdit"), tr("Line to send"),
        tr("Enter sends the line; Up and Down recall earlier lines."));
    m_hexInput = new HexInput(this);
    m_hexInput->setObjectName(QStringLiteral("hexInput"));

    // In the order of Mode.
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("inputStack"));
    m_stack->addWidget(m_keystrokeEdit);
    m_stack->addWidget(m_lineEdit);
    m_stack->addWidget(m_hexInput);
    auto *label = new QLabel(tr("&Type:"), this);
    label->setBuddy(m_stack);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label, 0, Qt::AlignTop);
    layout->addWidget(m_stack, 1);

    connect(m_keystrokeEdit, &KeystrokeInput::bytesTyped, this, &InputPanel::bytesEntered);
    connect(m_lineEdit, &LineInput::lineEntered, this, &InputPanel::bytesEntered);
    connect(m_hexInput, &HexInput::bytesEntered, this, &InputPanel::bytesEntered);
}

void InputPanel::setMode(Mode mode)
{
    switch (mode) {
    case Mode::Keystroke:
        m_stack->setCurrentWidget(m_keystrokeEdit);
        break;
    case Mode::Line:
        m_stack->setCurrentWidget(m_lineEdit);
        break;
    case Mode::Hex:
        m_stack->setCurrentWidget(m_hexInput);
        break;
    }
}

void InputPanel::setLineEnding(LineEnding ending)
{
    const QByteArray bytes = lineEndingBytes(ending);
    m_keystrokeEdit->setEnterBytes(bytes);
    m_lineEdit->setLineEnding(bytes);
}

void InputPanel::showState(EchoClient::State state)
{
    m_stack->setEnabled(state == EchoClient::State::Connected);
    switch (state) {
    case EchoClient::State::Disconnected:
        m_keystrokeEdit->clear();
        m_keystrokeEdit->setPlaceholderText(tr("Connect first, then type here"));
        break;
    case EchoClient::State::Connecting:
        m_keystrokeEdit->clear();
        break;
    case EchoClient::State::Connected:
        m_keystrokeEdit->setPlaceholderText(
            tr("Each key is sent as you press it; Enter sends a line break"));
        break;
    case EchoClient::State::Disconnecting:
        break;
    }
}

bool InputPanel::hasFocusInside() const
{
    return m_stack->isAncestorOf(QApplication::focusWidget());
}

void InputPanel::focusInput()
{
    m_stack->currentWidget()->setFocus();
}
