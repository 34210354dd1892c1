#include "listenbar.h"

#include "listenaddresses.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace {

const QKeySequence listenShortcut { Qt::CTRL | Qt::Key_L };

} // namespace

ListenBar::ListenBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildAddressAndPort(layout);
    buildTransports(layout);
    m_listenButton = new QPushButton(this);
    m_listenButton->setObjectName(QStringLiteral("listenButton"));
    m_listenButton->setDefault(true);
    // Enter on the focused button starts it, as in a dialog (a main window has no default button).
    m_listenButton->setAutoDefault(true);
    m_listenAction = new QAction(this);
    m_listenAction->setObjectName(QStringLiteral("listenAction"));
    m_listenAction->setShortcut(listenShortcut);
    layout->addStretch(1);
    layout->addWidget(m_listenButton);

    connect(m_listenButton, &QPushButton::clicked, this, &ListenBar::toggleRequested);
    connect(m_listenAction, &QAction::triggered, this, &ListenBar::toggleRequested);
    connect(m_addressCombo, &QComboBox::activated, this, [this] { emit addressChosen(address()); });
    connect(m_portSpin, &QSpinBox::valueChanged, this, &ListenBar::portChanged);
    for (QCheckBox *check : { m_tcpCheck, m_udpCheck }) {
        connect(check, &QCheckBox::toggled, this, &ListenBar::keepOneTransport);
        connect(check, &QCheckBox::clicked, this, [this] { emit transportsChosen(transports()); });
    }
    showListening(false);
}

void ListenBar::buildTransports(QHBoxLayout *layout)
{
    // RFC 862 has the echo service on both, on the same port number; so does the server unless
    // told otherwise.
    m_tcpCheck = new QCheckBox(transportName(Transport::Tcp), this);
    m_tcpCheck->setObjectName(QStringLiteral("tcpCheck"));
    m_tcpCheck->setAccessibleName(tr("Echo over TCP"));
    m_tcpCheck->setChecked(true);
    m_udpCheck = new QCheckBox(tr("&UDP"), this);
    m_udpCheck->setObjectName(QStringLiteral("udpCheck"));
    m_udpCheck->setAccessibleName(tr("Echo over UDP"));
    m_udpCheck->setChecked(true);
    layout->addSpacing(12);
    layout->addWidget(m_tcpCheck);
    layout->addWidget(m_udpCheck);
}

void ListenBar::keepOneTransport()
{
    // The one left ticked cannot be unticked: a server that opens nothing is no choice.
    m_tcpCheck->setEnabled(!m_listening && m_udpCheck->isChecked());
    m_udpCheck->setEnabled(!m_listening && m_tcpCheck->isChecked());
}

Transports ListenBar::transports() const
{
    Transports chosen;
    chosen.setFlag(Transport::Tcp, m_tcpCheck->isChecked());
    chosen.setFlag(Transport::Udp, m_udpCheck->isChecked());
    return chosen;
}

void ListenBar::setTransports(Transports transports)
{
    if (!transports)
        transports = Transport::Tcp | Transport::Udp;
    m_tcpCheck->setChecked(transports.testFlag(Transport::Tcp));
    m_udpCheck->setChecked(transports.testFlag(Transport::Udp));
    keepOneTransport();
}

void ListenBar::buildAddressAndPort(QHBoxLayout *layout)
{
    m_addressCombo = new QComboBox(this);
    m_addressCombo->setObjectName(QStringLiteral("addressCombo"));
    m_addressCombo->setAccessibleName(tr("Listen address"));
    m_addressCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const ListenAddressChoice &choice : listenAddressChoices())
        m_addressCombo->addItem(choice.label, QVariant::fromValue(choice.address));
    auto *addressLabel = new QLabel(tr("&Address:"), this);
    addressLabel->setBuddy(m_addressCombo);

    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Port"));
    m_portSpin->setRange(1, 65535);
    m_portSpin->setSpecialValueText(tr("Any free port"));
    auto *portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_portSpin);

    layout->addWidget(addressLabel);
    layout->addWidget(m_addressCombo);
    layout->addSpacing(12);
    layout->addWidget(portLabel);
    layout->addWidget(m_portSpin);
}

QHostAddress ListenBar::address() const
{
    return m_addressCombo->currentData().value<QHostAddress>();
}

void ListenBar::selectAddress(const QHostAddress &address, bool offerIfMissing)
{
    int index = m_addressCombo->findData(QVariant::fromValue(address));
    if (index < 0 && offerIfMissing) {
        QString text;
        if (address == QHostAddress(QHostAddress::AnyIPv4))
            text = tr("All IPv4 interfaces (0.0.0.0)");
        else if (address == QHostAddress(QHostAddress::AnyIPv6))
            text = tr("All IPv6 interfaces (::)");
        else
            text = tr("This address only (%1)").arg(address.toString());
        m_addressCombo->addItem(text, QVariant::fromValue(address));
        index = m_addressCombo->count() - 1;
    }
    m_addressCombo->setCurrentIndex(qMax(0, index));
}

quint16 ListenBar::port() const
{
    return quint16(m_portSpin->value());
}

void ListenBar::setPort(quint16 port)
{
    // In the spin box, port 0 would sit one arrow-click below port 1 and silently pick a random
    // port: it is there only when asked for.
    if (port == 0)
        m_portSpin->setMinimum(0);
    m_portSpin->setValue(port);
}

void ListenBar::showListening(bool listening)
{
    const QString shortcut = listenShortcut.toString(QKeySequence::NativeText);
    m_listenButton->setText(listening ? tr("Stop") : tr("Listen"));
    m_listenButton->setAccessibleName(m_listenButton->text());
    m_listenButton->setToolTip(listening
            ? tr("Stop listening and disconnect every client (%1)").arg(shortcut)
            : tr("Start listening for connections (%1)").arg(shortcut));
    m_listenAction->setText(listening ? tr("&Stop") : tr("&Listen"));

    m_listening = listening;
    m_addressCombo->setEnabled(!listening);
    m_portSpin->setEnabled(!listening);
    m_addressCombo->setToolTip(listening
            ? tr("Stop the server to change the address.")
            : tr("Which network interfaces accept connections. \"Localhost only\" can be reached "
                 "from this computer alone."));
    m_portSpin->setToolTip(listening
            ? tr("Stop the server to change the port.")
            : tr("The port clients connect to (TCP) and send datagrams to (UDP)."));
    const QString stopFirst = tr("Stop the server to change the protocols.");
    m_tcpCheck->setToolTip(listening ? stopFirst
                                     : tr("Echo over TCP connections: a byte stream, where "
                                          "several writes can arrive as one read."));
    m_udpCheck->setToolTip(listening ? stopFirst
                                     : tr("Echo UDP datagrams: each one is sent back on its own, "
                                          "boundaries kept, and may be lost."));
    keepOneTransport();
}

void ListenBar::focusListenButton()
{
    m_listenButton->setFocus();
}
