#pragma once

#include <QStyle>
#include <QWidget>

class QLabel;

// One line saying how things stand. An error shows an icon and bold text rather than a colour,
// which could vanish on a dark palette; the text can be selected, to copy an error into a bug
// report or a search. Its parts are named "statusIcon" and "statusLabel".
class StatusLine final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusLine)

public:
    enum class Kind { Normal, Error };

    // `errorIcon`: the style's icon shown beside an error; `accessibleName` names the text.
    explicit StatusLine(
        QStyle::StandardPixmap errorIcon, const QString &accessibleName, QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind = Kind::Normal);
    QString text() const;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
};
