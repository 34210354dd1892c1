#pragma once

#include "clientsessionlog.h"
#include "echoclient.h"
#include "linelogfile.h"
#include "options.h"

#include <QMainWindow>
#include <QTime>
#include <QTimer>

#include <chrono>
#include <memory>

class EchoView;
class HexInput;
class QAction;
class QActionGroup;
class KeystrokeInput;
class LineInput;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;
class QStackedWidget;
class RttChart;

// The client: where to connect, an input that sends keystrokes, lines or hex, what was sent and
// what came back side by side, round-trip times, and whether the echo matches. All networking
// and checking is EchoClient's (common/); the window wires and displays.
class ClientWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientWindow)

public:
    enum class InputMode { Keystroke, Line, Hex };
    Q_ENUM(InputMode)

    static constexpr qsizetype maximumRecentHosts = 10;

    // `settings` remembers host, port, modes and geometry; --host/--port in `options` win.
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
    void buildWidgets();
    void buildMenus();
    void restoreSettings(const ClientOptions &options);
    void saveSettings() const;
    void rememberHost(const QString &host);
    void toggleConnection();
    void connectToServer();
    void showState(EchoClient::State state);
    void showError(const QString &message);
    void showReconnectScheduled(qint64 delayMs, int attempt);
    void showStatus(const QString &text, bool isError);
    void showLogFileState(const QString &text, bool failing);
    void setInputMode(int index);
    void setLineEnding(int index);
    void setViewMode(int index);
    void sendBytes(const QByteArray &bytes);
    void showSentBytes(const QByteArray &bytes);
    void showReceivedBytes(const QByteArray &bytes);
    void chooseFileToSend();
    void setSendFileEnabled(bool enabled);
    void setCancelFileEnabled(bool enabled);
    void showFileProgress(qint64 sent, qint64 size);
    void showFileFinished();
    void showFileStopped(const QString &reason);
    void copyReceived();
    void saveReceived();
    void clearViews();
    void scheduleRefresh();
    void refreshFigures();
    void showAbout();

    EchoClient m_client { this };
    LineLogFile m_logFile;
    // After the client and the file it writes about and to: destroyed before them.
    std::unique_ptr<ClientSessionLog> m_sessionLog;
    QSettings *m_settings = nullptr;
    // Figures follow the traffic at most ~30 times a second, never once per packet.
    QTimer m_refreshTimer { this };
    // Kept so that the reason stays visible after EchoClient reports Disconnected.
    QString m_lastError;
    QTime m_nextAttemptAt;
    qint64 m_nextAttemptInMs = 0;
    int m_attempt = 0;
    qint64 m_fileSent = 0;
    qint64 m_fileSize = 0;

    QComboBox *m_hostCombo = nullptr;
    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QPushButton *m_connectButton = nullptr;
    QCheckBox *m_reconnectCheck = nullptr;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_statusLabel = nullptr;
    QComboBox *m_inputModeCombo = nullptr;
    QComboBox *m_lineEndingCombo = nullptr;
    QComboBox *m_viewModeCombo = nullptr;
    QCheckBox *m_noDelayCheck = nullptr;
    EchoView *m_sentView = nullptr;
    EchoView *m_echoView = nullptr;
    QStackedWidget *m_inputStack = nullptr;
    KeystrokeInput *m_inputEdit = nullptr;
    LineInput *m_lineEdit = nullptr;
    HexInput *m_hexInput = nullptr;
    QLabel *m_echoCheckLabel = nullptr;
    QLabel *m_rttLabel = nullptr;
    RttChart *m_rttChart = nullptr;
    QPushButton *m_sendFileButton = nullptr;
    QProgressBar *m_fileProgress = nullptr;
    QPushButton *m_cancelFileButton = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_logFileLabel = nullptr;
    QLabel *m_countersLabel = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_sendFileAction = nullptr;
    QAction *m_cancelFileAction = nullptr;
    QActionGroup *m_viewModeActions = nullptr;
};
