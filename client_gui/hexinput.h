#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QLineEdit;

// Bytes typed as hex ("48 65 6c 6c 6f"); Enter sends them. Invalid hex is refused with a message
// under the box, the mistake is selected, and nothing is sent.
class HexInput final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HexInput)

public:
    explicit HexInput(QWidget *parent = nullptr);

    QLineEdit *edit() const { return m_edit; }
    QString errorText() const;

signals:
    void bytesEntered(const QByteArray &bytes);

private:
    void sendBytes();
    void showError(const QString &message);

    QLineEdit *m_edit = nullptr;
    QLabel *m_error = nullptr;
};
