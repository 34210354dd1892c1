#include "connectionbar.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildHostAndPort(layout);
    buildButtons(layout);

    connect(m_hostEdit, &QLineEdit::returnPressed, this, &ConnectionBar::hostEntered);
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectionBar::toggleRequested);
    connect(m_connectAction, &QAction::triggered, this, &ConnectionBar::toggleRequested);
    connect(m_reconnectCheck, &QCheckBox::toggled, this, &ConnectionBar::reconnectToggled);
    connect(m_reconnectAction, &QAction::toggled, m_reconnectCheck, &QCheckBox::setChecked);
    connect(m_reconnectCheck, &QCheckBox::toggled, m_reconnectAction, &QAction::setChecked);
    connect(m_protocolCombo, &QComboBox::currentIndexChanged, this,
        [this] { emit protocolChanged(protocol()); });
}

void ConnectionBar::buildHostAndPort(QHBoxLayout *layout)
{
    m_hostCombo = new QComboBox(this);
    m_hostCombo->setObjectName(QStringLiteral("hostCombo"));
    m_hostCombo->setEditable(true);
    m_hostCombo->setInsertPolicy(QComboBox::NoInsert);
    // Completing inline would change what is typed into a host the user did not mean.
    m_hostCombo->setCompleter(nullptr);
    m_hostCombo->setToolTip(tr("Recent hosts are in the list"));
    m_hostEdit = m_hostCombo->lineEdit();
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setAccessibleName(tr("Server host"));
    m_hostCombo->setAccessibleName(tr("Server host"));
    m_hostEdit->setPlaceholderText(tr("host name or IP address"));
    auto *hostLabel = new QLabel(tr("Ho&st:"), this);
    hostLabel->setBuddy(m_hostCombo);

    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Server port"));
    m_portSpin->setRange(1, 65535);
    auto *portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_portSpin);

    layout->addWidget(hostLabel);
    layout->addWidget(m_hostCombo, 1);
    // Named by what it shows; the letters of "Protocol" are all taken as mnemonics already.
    m_protocolCombo = new QComboBox(this);
    m_protocolCombo->setObjectName(QStringLiteral("protocolCombo"));
    m_protocolCombo->setAccessibleName(tr("Protocol"));
    m_protocolCombo->setToolTip(tr("TCP: one byte stream. UDP: every send is a datagram of its "
                                   "own, echoed (or lost) on its own."));
    m_protocolCombo->addItem(tr("TCP"), int(EchoClient::Protocol::Tcp));
    m_protocolCombo->addItem(tr("UDP"), int(EchoClient::Protocol::Udp));

    layout->addWidget(portLabel);
    layout->addWidget(m_portSpin);
    layout->addWidget(m_protocolCombo);
}

void ConnectionBar::buildButtons(QHBoxLayout *layout)
{
    const QKeySequence toggleShortcut(Qt::CTRL | Qt::Key_Return);
    m_connectButton = new QPushButton(tr("Connect"), this);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setToolTip(tr("Connect to the server, or disconnect (%1)")
            .arg(toggleShortcut.toString(QKeySequence::NativeText)));
    // A button's own shortcut is replaced whenever its text changes; an action's is not.
    m_connectAction = new QAction(m_connectButton->text(), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcuts({ toggleShortcut, QKeySequence(Qt::CTRL | Qt::Key_Enter) });

    m_reconnectCheck = new QCheckBox(tr("&Reconnect automatically"), this);
    m_reconnectCheck->setObjectName(QStringLiteral("reconnectCheck"));
    m_reconnectCheck->setToolTip(
        tr("When the connection drops, try again after 1, 2, 4 … up to 30 seconds"));
    m_reconnectAction = new QAction(m_reconnectCheck->text(), this);
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setCheckable(true);

    layout->addWidget(m_connectButton);
    layout->addWidget(m_reconnectCheck);
}

QString ConnectionBar::host() const
{
    return m_hostEdit->text().trimmed();
}

void ConnectionBar::setHost(const QString &host)
{
    m_hostEdit->setText(host);
}

quint16 ConnectionBar::port() const
{
    return quint16(m_portSpin->value());
}

void ConnectionBar::setPort(int port)
{
    m_portSpin->setValue(port);
}

QStringList ConnectionBar::recentHosts() const
{
    QStringList hosts;
    for (int i = 0; i < m_hostCombo->count(); ++i)
        hosts.append(m_hostCombo->itemText(i));
    return hosts;
}

void ConnectionBar::setRecentHosts(const QStringList &hosts)
{
    m_hostCombo->clear();
    m_hostCombo->addItems(hosts);
}

void ConnectionBar::rememberHost(const QString &host)
{
    QStringList recent = recentHosts();
    recent.removeAll(host);
    recent.prepend(host);
    while (recent.size() > maximumRecentHosts)
        recent.removeLast();
    setRecentHosts(recent);
    m_hostEdit->setText(host);
}

EchoClient::Protocol ConnectionBar::protocol() const
{
    return EchoClient::Protocol(m_protocolCombo->currentData().toInt());
}

void ConnectionBar::setProtocol(EchoClient::Protocol protocol)
{
    const int index = m_protocolCombo->findData(int(protocol));
    m_protocolCombo->setCurrentIndex(qMax(index, 0));
}

bool ConnectionBar::reconnects() const
{
    return m_reconnectCheck->isChecked();
}

void ConnectionBar::setReconnects(bool on)
{
    m_reconnectCheck->setChecked(on);
}

void ConnectionBar::showState(EchoClient::State state, bool reconnectPending)
{
    const bool idle = state == EchoClient::State::Disconnected && !reconnectPending;
    m_hostCombo->setEnabled(idle);
    m_portSpin->setEnabled(idle);
    m_protocolCombo->setEnabled(idle);
    m_connectButton->setEnabled(state != EchoClient::State::Disconnecting);
    switch (state) {
    case EchoClient::State::Disconnected:
        m_connectButton->setText(reconnectPending ? tr("Cancel") : tr("Connect"));
        break;
    case EchoClient::State::Connecting:
        m_connectButton->setText(tr("Cancel"));
        break;
    case EchoClient::State::Connected:
        m_connectButton->setText(tr("Disconnect"));
        break;
    case EchoClient::State::Disconnecting:
        break;
    }
    m_connectButton->setAccessibleName(m_connectButton->text());
    m_connectAction->setText(m_connectButton->text());
}

void ConnectionBar::focusHost()
{
    m_hostEdit->setFocus();
}

void ConnectionBar::focusConnectButton()
{
    m_connectButton->setFocus();
}
