#pragma once

#include "transport.h"

#include <QHostAddress>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QPushButton;
class QSpinBox;

// Where to listen: the address (each item carries its QHostAddress), the port, which echo
// services to open on it (TCP, UDP or both), and Listen / Stop.
// It owns the menu item that does what its button does, so that the pair is named together.
class ListenBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenBar)

public:
    explicit ListenBar(QWidget *parent = nullptr);

    QHostAddress address() const;
    // An address that is not in the list is added when `offerIfMissing`, else the first item
    // (localhost) is chosen.
    void selectAddress(const QHostAddress &address, bool offerIfMissing);
    quint16 port() const;
    // Port 0 ("any free port") is offered only once it is set here.
    void setPort(quint16 port);
    // At least one: the bar does not let the last one be unticked.
    Transports transports() const;
    void setTransports(Transports transports);

    QAction *listenAction() const { return m_listenAction; }

    // The address and port can change only while stopped; the button says what it would do now.
    void showListening(bool listening);
    void focusListenButton();

signals:
    // The button or its menu item: listen or stop, whichever it says.
    void toggleRequested();
    // The user picked an address in the list.
    void addressChosen(const QHostAddress &address);
    void portChanged(int port);
    // The user ticked or unticked TCP or UDP.
    void transportsChosen(Transports transports);

private:
    void buildAddressAndPort(QHBoxLayout *layout);
    void buildTransports(QHBoxLayout *layout);
    void keepOneTransport();

    QComboBox *m_addressCombo = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QCheckBox *m_tcpCheck = nullptr;
    QCheckBox *m_udpCheck = nullptr;
    QPushButton *m_listenButton = nullptr;
    QAction *m_listenAction = nullptr;
    bool m_listening = false;
};
