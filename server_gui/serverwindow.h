#pragma once

#include "clienttablemodel.h"
#include "echoserver.h"
#include "linelogfile.h"
#include "logmodel.h"
#include "serverlogwriter.h"
#include "serveroptions.h"
#include "sortedclients.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QSortFilterProxyModel>
#include <QTimer>

class LogView;
class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QSplitter;
class QTableView;
class StatusLine;

// The server's window: choose where to listen, start and stop, watch the connected clients and
// their counters, disconnect some, and read a log of socket steps. All networking is
// EchoServer's; this only wires and shows. `settings` (may be null) remembers the user's choices.
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
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildControls();
    QWidget *buildClientPane();
    void fitClientColumns();
    QWidget *buildLogPane();
    void buildStatusBar();
    void buildMenu();
    void connectServer();
    void restoreSettings(const ServerOptions &options);
    void restoreClientOrder();
    void rememberClientOrder(int column, Qt::SortOrder order);
    void selectAddress(const QHostAddress &address, bool offerIfMissing);
    void rememberChoices();

    void toggleListening();
    void startListening();
    void showListening(bool listening);
    void showListeningState(bool listening);
    void showError(const QString &message);
    void setStatus(const QString &text, bool isError);
    void showClientCount();
    void showTraffic();
    void countTraffic(const QList<TrafficSample> &samples);
    QList<quint64> selectedClientIds() const;
    void disconnectSelectedClients();
    void resumeSortingAfterClick();
    void updateDisconnectEnabled();
    void askWhereToSaveLog();

    // A child, so that tests can find it (and lower its limits) by its object name.
    EchoServer m_server { this };
    ClientTableModel m_clients;
    SortedClients m_sortedClients { &m_clients };
    // Set while the left button is down on the table: rows hold still while it chooses them.
    bool m_choosingRows = false;
    LineLogFile m_logFile;
    LogModel m_logLines;
    QSortFilterProxyModel m_logFilter;
    ServerLogWriter m_log { &m_logLines };
    QSettings *m_settings = nullptr;
    QString m_listeningOn;

    qint64 m_totalEchoed = 0;
    qint64 m_echoedAtLastRate = 0;
    QElapsedTimer m_rateClock;
    QTimer m_trafficTimer;

    QComboBox *m_addressCombo = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QPushButton *m_listenButton = nullptr;
    QAction *m_listenAction = nullptr;
    StatusLine *m_status = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_clientTable = nullptr;
    QPushButton *m_disconnectButton = nullptr;
    QAction *m_disconnectAction = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_showDataCheck = nullptr;
    QAction *m_showDataAction = nullptr;
    QPushButton *m_saveLogButton = nullptr;
    QPushButton *m_clearLogButton = nullptr;
    LogView *m_logView = nullptr;
    QLabel *m_clientCountLabel = nullptr;
    QLabel *m_echoedLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
};
