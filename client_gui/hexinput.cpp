#include "hexinput.h"

#include "hexparser.h"

#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

HexInput::HexInput(QWidget *parent)
    : QWidget(parent)
{
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("hexEdit"));
    m_edit->setAccessibleName(tr("Bytes to send, as hex"));
    m_edit->setPlaceholderText(tr("Bytes as hex, e.g. 48 65 6c 6c 6f; Enter sends them"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("hexErrorLabel"));
    m_error->setAccessibleName(tr("Hex input problem"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    // Bold rather than a colour, which could vanish on a dark palette.
    QFont font = m_error->font();
    font.setBold(true);
    m_error->setFont(font);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::returnPressed, this, &HexInput::sendBytes);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { showError({}); });
}

QString HexInput::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

void HexInput::sendBytes()
{
    const HexParseResult parsed = parseHexBytes(m_edit->text());
    if (!parsed.ok()) {
        showError(parsed.error);
        if (parsed.errorPosition >= 0)
            m_edit->setSelection(int(parsed.errorPosition), 1);
        return;
    }
    showError({});
    emit bytesEntered(parsed.bytes);
    m_edit->clear();
}

void HexInput::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}
