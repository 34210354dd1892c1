#pragma once

#include "echoserver.h"
#include "options.h"
#include "servereventtext.h"

#include <QMainWindow>

class LogView;
class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

// The server's window: choose where to listen, start and stop, and watch a log of who connects,
// what they send and how they leave. All networking is EchoServer's; this only wires and shows.
class ServerWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerWindow)

public:
    explicit ServerWindow(const ServerOptions &options = {}, QWidget *parent = nullptr);

private:
    void buildControls(const ServerOptions &options);
    void buildMenu();
    void connectServer();

    void toggleListening();
    void startListening();
    void showListeningState(bool listening);
    void showError(const QString &message);
    void setStatus(const QString &text, bool isError);
    void showClientCount();

    void logArrival(const ClientInfo &client);
    void logDeparture(const ClientDeparture &departure);
    void logTraffic(const QList<TrafficSample> &samples);
    void logRefusals(int count, int limit);

    EchoServer m_server;
    ServerEventText m_eventText;
    QString m_listeningOn;

    QComboBox *m_addressCombo = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QPushButton *m_listenButton = nullptr;
    QAction *m_listenAction = nullptr;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_clientCountLabel = nullptr;
    LogView *m_logView = nullptr;
};
