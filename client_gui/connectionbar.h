#pragma once

#include "echoclient.h"

#include <QStringList>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

// Where to connect: the host (recent ones in its list), the port, TCP or UDP, Connect / Cancel /
// Disconnect,
// and whether to reconnect by itself. It owns the menu items that do what its button and check
// box do, so that each pair is named and enabled together.
class ConnectionBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionBar)

public:
    static constexpr qsizetype maximumRecentHosts = 10;

    explicit ConnectionBar(QWidget *parent = nullptr);

    // The host as typed, without surrounding spaces.
    QString host() const;
    void setHost(const QString &host);
    quint16 port() const;
    void setPort(int port);
    QStringList recentHosts() const;
    void setRecentHosts(const QStringList &hosts);
    // Puts `host` in the box and first in the list (which keeps maximumRecentHosts).
    void rememberHost(const QString &host);
    EchoClient::Protocol protocol() const;
    void setProtocol(EchoClient::Protocol protocol);
    bool reconnects() const;
    void setReconnects(bool on);

    QAction *connectAction() const { return m_connectAction; }
    QAction *reconnectAction() const { return m_reconnectAction; }

    // Host and port can change only while idle; the button says what it would do now.
    void showState(EchoClient::State state, bool reconnectPending);
    void focusHost();
    void focusConnectButton();

signals:
    // The button or its menu item: connect, cancel or disconnect, whichever it says.
    void toggleRequested();
    // Enter in the host box.
    void hostEntered();
    void reconnectToggled(bool on);
    void protocolChanged(EchoClient::Protocol protocol);

private:
    void buildHostAndPort(QHBoxLayout *layout);
    void buildButtons(QHBoxLayout *layout);

    QComboBox *m_hostCombo = nullptr;
    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QComboBox *m_protocolCombo = nullptr;
    QPushButton *m_connectButton = nullptr;
    QCheckBox *m_reconnectCheck = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_reconnectAction = nullptr;
};
