#pragma once

#include <QByteArray>
#include <QLineEdit>
#include <QStringList>

// A line is typed and edited locally; Enter sends it with the chosen line ending. Up and Down
// recall earlier lines, as in a shell.
class LineInput final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LineInput)

public:
    static constexpr qsizetype maximumHistory = 100;

    explicit LineInput(QWidget *parent = nullptr);

    void setLineEnding(const QByteArray &bytes) { m_lineEnding = bytes; }
    QStringList history() const { return m_history; }

signals:
    void lineEntered(const QByteArray &bytes);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void sendLine();
    void recall(int step);

    QByteArray m_lineEnding = QByteArrayLiteral("\n");
    QStringList m_history;
    qsizetype m_recalled = 0; // == m_history.size() while editing a new line
    QString m_draft;
};
