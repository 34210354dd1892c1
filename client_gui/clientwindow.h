#pragma once

#include "echoclient.h"
#include "options.h"

#include <QTimer>
#include <QWidget>

#include <chrono>

class EchoView;
class KeystrokeInput;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The client: where to connect, a box whose every keystroke goes straight to the server, and a
// view of what comes back. All networking is EchoClient's; the window wires and displays.
class ClientWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientWindow)

public:
    explicit ClientWindow(const ClientOptions &options = {}, QWidget *parent = nullptr);
    ~ClientWindow() override;

    // How long a connection attempt may take before it is given up (tests shorten it).
    void setConnectTimeout(std::chrono::milliseconds timeout);

private:
    void buildWidgets(const ClientOptions &options);
    void toggleConnection();
    void connectToServer();
    void showState(EchoClient::State state);
    void showError(const QString &message);
    void showStatus(const QString &text, bool isError);
    void sendTypedBytes(const QByteArray &bytes);
    void showReceivedBytes(const QByteArray &bytes);
    void scheduleCounterRefresh();
    void refreshCounters();

    EchoClient m_client { this };
    // Counters follow the traffic at most ~30 times a second, never once per packet.
    QTimer m_counterTimer { this };
    // Kept so that the reason stays visible after EchoClient reports Disconnected.
    QString m_lastError;

    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QPushButton *m_connectButton = nullptr;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_statusLabel = nullptr;
    KeystrokeInput *m_inputEdit = nullptr;
    EchoView *m_echoView = nullptr;
    QLabel *m_countersLabel = nullptr;
    QPushButton *m_clearButton = nullptr;
};
