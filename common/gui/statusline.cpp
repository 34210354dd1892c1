#include "statusline.h"

#include <QHBoxLayout>
#include <QLabel>

StatusLine::StatusLine(
    QStyle::StandardPixmap errorIcon, const QString &accessibleName, QWidget *parent)
    : QWidget(parent)
{
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("statusIcon"));
    m_icon->setAccessibleName(tr("Error"));
    m_icon->setPixmap(style()->standardIcon(errorIcon, nullptr, this).pixmap(iconSize));
    m_icon->hide();

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("statusLabel"));
    m_text->setAccessibleName(accessibleName);
    // Addresses and host names come from people and the network: never read as markup.
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // As tall as the icon, so the layout does not jump when an error shows it.
    m_text->setMinimumHeight(iconSize);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
}

void StatusLine::showMessage(const QString &text, Kind kind)
{
    const bool isError = kind == Kind::Error;
    m_icon->setVisible(isError);
    QFont font = m_text->font();
    font.setBold(isError);
    m_text->setFont(font);
    m_text->setText(text);
}

QString StatusLine::text() const
{
    return m_text->text();
}
