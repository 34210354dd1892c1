#pragma once

#include "clienttablemodel.h"
#include "echoserver.h"
#include "linelogfile.h"
#include "logmodel.h"
#include "serverlogwriter.h"
#include "serveroptions.h"
#include "serversettings.h"
#include "sortedclients.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

class ClientsPane;
class ListenBar;
class LogPane;
class QSettings;
class QSplitter;
class ServerStatusBar;
class StatusLine;

// The server's window: choose where to listen, start and stop, watch the connected clients and
// their counters, disconnect some, and read a log of socket steps. All networking is
// EchoServer's; each part of the window is a panel of its own, and the window keeps the menus
// and the settings and wires the panels to the server. `settings` (may be null) remembers the
// user's choices.
class ServerWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerWindow)

public:
    explicit ServerWindow(const ServerOptions &options = {}, QSettings *settings = nullptr,
        QWidget *parent = nullptr);

    // Writes the log lines the filter lets through; CSV when the name ends in .csv, else text.
    bool saveLog(const QString &fileName);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPanels();
    void buildMenus();
    void wirePanels();
    void wireServer();
    void openLogFile(const QString &path);
    void restoreSettings(const ServerOptions &options);
    void rememberChoices();

    void toggleListening();
    void startListening();
    void showListening(bool listening);
    void showListeningStatus();
    void showError(const QString &message);
    void setStatus(const QString &text, bool isError);
    void showClientCount();
    void countTraffic(const QList<TrafficSample> &samples);
    void showTraffic();
    void disconnectClients(const QList<quint64> &ids);
    void askWhereToSaveLog();

    // A child, so that tests can find it (and lower its limits) by its object name.
    EchoServer m_server { this };
    ClientTableModel m_clients;
    SortedClients m_sortedClients { &m_clients };
    LineLogFile m_logFile;
    LogModel m_logLines;
    ServerLogWriter m_log { &m_logLines };
    ServerSettings m_settings;
    QString m_listeningOn;

    qint64 m_totalEchoed = 0;
    qint64 m_echoedAtLastRate = 0;
    QElapsedTimer m_rateClock;
    QTimer m_trafficTimer;

    ListenBar *m_listenBar = nullptr;
    StatusLine *m_status = nullptr;
    QSplitter *m_splitter = nullptr;
    ClientsPane *m_clientsPane = nullptr;
    LogPane *m_logPane = nullptr;
    ServerStatusBar *m_statusBar = nullptr;
};
