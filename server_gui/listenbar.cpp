#include "listenbar.h"

#include "listenaddresses.h"

#include <QAction>
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
    showListening(false);
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

    m_addressCombo->setEnabled(!listening);
    m_portSpin->setEnabled(!listening);
    m_addressCombo->setToolTip(listening
            ? tr("Stop the server to change the address.")
            : tr("Which network interfaces accept connections. \"Localhost only\" can be reached "
                 "from this computer alone."));
    m_portSpin->setToolTip(listening ? tr("Stop the server to change the port.")
                                     : tr("The TCP port clients connect to."));
}

void ListenBar::focusListenButton()
{
    m_listenButton->setFocus();
}
