#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

// Sending a file: the button that chooses one, its progress, Cancel, and what became of it; over
// UDP, the size of the datagrams it is cut into. It
// owns the menu items that do what its buttons do, so that each pair is enabled together.
class FilePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilePanel)

public:
    explicit FilePanel(QWidget *parent = nullptr);

    QAction *sendAction() const { return m_sendAction; }
    QAction *cancelAction() const { return m_cancelAction; }

    int datagramSize() const;
    void setDatagramSize(int bytes);
    // The datagram size matters (and can be changed) only over UDP.
    void setDatagramSizeEnabled(bool enabled);

    // Whether a file can be chosen now (connected, and no file on its way).
    void setSendEnabled(bool enabled);
    void showStarted(const QString &path);
    // Why the file could not be sent at all.
    void showRefused(const QString &reason);
    // Notes how far the file is; showProgress() shows it, at most as often as figures refresh.
    void recordProgress(qint64 sent, qint64 size);
    void showProgress();
    // `canSendAnother`: whether another file can be sent now.
    void showFinished(bool canSendAnother);
    void showStopped(const QString &reason, bool canSendAnother);

signals:
    void fileChosen(const QString &path);
    void cancelRequested();
    void datagramSizeChanged(int bytes);

private:
    void chooseFile();
    void setCancelEnabled(bool enabled);

    QPushButton *m_sendButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_label = nullptr;
    QSpinBox *m_datagramSpin = nullptr;
    QAction *m_sendAction = nullptr;
    QAction *m_cancelAction = nullptr;
    qint64 m_sent = 0;
    qint64 m_size = 0;
};
