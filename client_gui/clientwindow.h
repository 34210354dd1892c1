#pragma once

#include "clientoptions.h"
#include "clientsessionlog.h"
#include "clientsettings.h"
#include "echoclient.h"
#include "inputpanel.h"
#include "linelogfile.h"

#include <QMainWindow>
#include <QTime>
#include <QTimer>

#include <chrono>
#include <memory>

class ConnectionBar;
class FiguresPanel;
class FilePanel;
class ModeBar;
class QLabel;
class QSettings;
class StatusLine;
class StreamViews;
class TrafficBar;

// The client: where to connect, an input that sends keystrokes, lines or hex, what was sent and
// what came back side by side, round-trip times, and whether the echo matches. All networking
// and checking is EchoClient's (common/); each part of the window is a panel of its own, and
// the window keeps the menus and the settings and wires the panels to the client.
class ClientWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientWindow)

public:
    using InputMode = InputPanel::Mode;

    // `settings` remembers host, port, protocol, modes and geometry; --host/--port/--udp in
    // `options` win.
    explicit ClientWindow(
        const ClientOptions &options, QSettings *settings, QWidget *parent = nullptr);
    ~ClientWindow() override;

    // How long a connection attempt may take before it is given up (tests shorten it).
    void setConnectTimeout(std::chrono::milliseconds timeout);
    void setReconnectPolicy(const ReconnectPolicy &policy);
    // What "Send file…" does once a file is chosen.
    void sendFile(const QString &path);
    const RttTracker &roundTrips() const { return m_client.roundTrips(); }
    const EchoCheck &echoCheck() const { return m_client.echoCheck(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPanels();
    void buildMenus();
    void wirePanels();
    void wireClient();
    void applyChoices();
    void openLogFile(const QString &path);
    void restoreSettings(const ClientOptions &options);
    void saveSettings() const;
    void toggleConnection();
    void connectToServer();
    void showState(EchoClient::State state);
    void showConnectionStatus(EchoClient::State state);
    void showError(const QString &message);
    void showReconnectScheduled(qint64 delayMs, int attempt);
    void showLogFileState(const QString &text, bool failing);
    void setInputMode(InputMode mode);
    void setProtocol(EchoClient::Protocol protocol);
    void copyReceived();
    void saveReceived();
    void scheduleRefresh();
    void refreshFigures();

    EchoClient m_client { this };
    LineLogFile m_logFile;
    // After the client and the file it writes about and to: destroyed before them.
    std::unique_ptr<ClientSessionLog> m_sessionLog;
    ClientSettings m_settings;
    // Figures follow the traffic at most ~30 times a second, never once per packet.
    QTimer m_refreshTimer { this };
    // Kept so that the reason stays visible after EchoClient reports Disconnected.
    QString m_lastError;
    QTime m_nextAttemptAt;
    qint64 m_nextAttemptInMs = 0;
    int m_attempt = 0;

    ConnectionBar *m_connectionBar = nullptr;
    StatusLine *m_status = nullptr;
    QLabel *m_logFileLabel = nullptr;
    ModeBar *m_modes = nullptr;
    InputPanel *m_input = nullptr;
    StreamViews *m_views = nullptr;
    FiguresPanel *m_figures = nullptr;
    FilePanel *m_file = nullptr;
    TrafficBar *m_traffic = nullptr;
};
