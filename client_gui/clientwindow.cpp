#include "clientwindow.h"

#include "echoview.h"
#include "keystrokeinput.h"

#include <QAction>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

ClientWindow::ClientWindow(const ClientOptions &options, QWidget *parent)
    : QWidget(parent)
{
    setWindowTitle(tr("TCP Echo Client"));
    resize(720, 480);
    buildWidgets(options);

    m_counterTimer.setSingleShot(true);
    m_counterTimer.setInterval(EchoView::flushInterval);
    connect(&m_counterTimer, &QTimer::timeout, this, &ClientWindow::refreshCounters);

    connect(&m_client, &EchoClient::stateChanged, this, &ClientWindow::showState);
    connect(&m_client, &EchoClient::errorOccurred, this, &ClientWindow::showError);
    connect(&m_client, &EchoClient::received, this, &ClientWindow::showReceivedBytes);
    connect(m_inputEdit, &KeystrokeInput::bytesTyped, this, &ClientWindow::sendTypedBytes);
    connect(m_connectButton, &QPushButton::clicked, this, &ClientWindow::toggleConnection);
    connect(m_hostEdit, &QLineEdit::returnPressed, this, &ClientWindow::connectToServer);
    connect(m_clearButton, &QPushButton::clicked, m_echoView, &EchoView::clear);

    showState(m_client.state());
    if (options.connect)
        QMetaObject::invokeMethod(this, &ClientWindow::connectToServer, Qt::QueuedConnection);
}

ClientWindow::~ClientWindow()
{
    // The client's socket may still report a state change while it is torn down; by then this
    // window's widgets are no longer there to show it.
    disconnect(&m_client, nullptr, this, nullptr);
}

void ClientWindow::setConnectTimeout(std::chrono::milliseconds timeout)
{
    m_client.setConnectTimeout(timeout);
}

void ClientWindow::buildWidgets(const ClientOptions &options)
{
    const QKeySequence toggleShortcut(Qt::CTRL | Qt::Key_Return);

    m_hostEdit = new QLineEdit(options.host, this);
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setAccessibleName(tr("Server host"));
    m_hostEdit->setPlaceholderText(tr("host name or IP address"));
    auto *hostLabel = new QLabel(tr("&Host:"), this);
    hostLabel->setBuddy(m_hostEdit);

    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Server port"));
    m_portSpin->setRange(1, 65535);
    m_portSpin->setValue(options.port);
    auto *portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_portSpin);

    m_connectButton = new QPushButton(tr("Connect"), this);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setToolTip(tr("Connect to the server, or disconnect (%1)")
                                    .arg(toggleShortcut.toString(QKeySequence::NativeText)));
    // A button's own shortcut is replaced whenever its text changes; an action's is not.
    auto *toggleAction = new QAction(tr("Connect or disconnect"), this);
    toggleAction->setShortcuts({ toggleShortcut, QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    addAction(toggleAction);
    connect(toggleAction, &QAction::triggered, this, &ClientWindow::toggleConnection);

    m_statusIcon = new QLabel(this);
    m_statusIcon->setObjectName(QStringLiteral("statusIcon"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_statusIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_statusIcon->setAlignment(Qt::AlignTop);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setAccessibleName(tr("Connection status"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // As tall as the icon, so the layout does not jump when an error shows it.
    m_statusLabel->setMinimumHeight(iconSize);

    m_echoView = new EchoView(this);
    m_echoView->setObjectName(QStringLiteral("echoView"));
    m_echoView->setAccessibleName(tr("Received from the server"));
    auto *echoLabel = new QLabel(tr("&Received:"), this);
    echoLabel->setBuddy(m_echoView);

    m_inputEdit = new KeystrokeInput(this);
    m_inputEdit->setObjectName(QStringLiteral("inputEdit"));
    m_inputEdit->setAccessibleName(tr("Text to send"));
    m_inputEdit->setAccessibleDescription(
        tr("Every key is sent to the server the moment it is pressed."));
    m_inputEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *inputLabel = new QLabel(tr("&Type:"), this);
    inputLabel->setBuddy(m_inputEdit);

    m_countersLabel = new QLabel(this);
    m_countersLabel->setObjectName(QStringLiteral("countersLabel"));
    m_countersLabel->setAccessibleName(tr("Byte counters"));
    m_clearButton = new QPushButton(tr("C&lear"), this);
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_clearButton->setAccessibleName(tr("Clear received text"));
    m_clearButton->setToolTip(tr("Clear the received text"));

    auto *connectionRow = new QHBoxLayout;
    connectionRow->addWidget(hostLabel);
    connectionRow->addWidget(m_hostEdit, 1);
    connectionRow->addWidget(portLabel);
    connectionRow->addWidget(m_portSpin);
    connectionRow->addWidget(m_connectButton);

    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_statusIcon);
    statusRow->addWidget(m_statusLabel, 1);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(inputLabel);
    inputRow->addWidget(m_inputEdit, 1);

    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(m_countersLabel, 1);
    bottomRow->addWidget(m_clearButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(connectionRow);
    layout->addLayout(statusRow);
    layout->addWidget(echoLabel);
    layout->addWidget(m_echoView, 1);
    layout->addLayout(inputRow);
    layout->addLayout(bottomRow);

    // Tab goes where the eye goes, with the view (for selecting and copying) after the input.
    setTabOrder(m_hostEdit, m_portSpin);
    setTabOrder(m_portSpin, m_connectButton);
    setTabOrder(m_connectButton, m_inputEdit);
    setTabOrder(m_inputEdit, m_echoView);
    setTabOrder(m_echoView, m_clearButton);
}

void ClientWindow::toggleConnection()
{
    switch (m_client.state()) {
    case EchoClient::State::Disconnected:
        connectToServer();
        break;
    case EchoClient::State::Connecting:
    case EchoClient::State::Connected:
        m_client.disconnectFromServer();
        break;
    case EchoClient::State::Disconnecting:
        break;
    }
}

void ClientWindow::connectToServer()
{
    if (m_client.state() != EchoClient::State::Disconnected)
        return;
    const QString host = m_hostEdit->text().trimmed();
    if (host.isEmpty()) {
        showError(tr("Enter the server's host name or IP address."));
        m_hostEdit->setFocus();
        return;
    }
    m_lastError.clear();
    m_echoView->startNewStream();
    m_client.connectToServer(host, quint16(m_portSpin->value()));
}

void ClientWindow::showState(EchoClient::State state)
{
    const bool inputHadFocus = m_inputEdit->hasFocus();
    const bool idle = state == EchoClient::State::Disconnected;
    const bool connected = state == EchoClient::State::Connected;
    m_hostEdit->setEnabled(idle);
    m_portSpin->setEnabled(idle);
    m_inputEdit->setEnabled(connected);
    m_connectButton->setEnabled(state != EchoClient::State::Disconnecting);

    switch (state) {
    case EchoClient::State::Disconnected:
        m_connectButton->setText(tr("Connect"));
        m_inputEdit->clear();
        m_inputEdit->setPlaceholderText(tr("Connect first, then type here"));
        if (m_lastError.isEmpty())
            showStatus(tr("Disconnected"), false);
        else
            showStatus(m_lastError, true);
        if (inputHadFocus)
            m_connectButton->setFocus();
        break;
    case EchoClient::State::Connecting:
        m_connectButton->setText(tr("Cancel"));
        m_inputEdit->clear();
        showStatus(tr("Connecting to %1…").arg(m_client.serverDescription()), false);
        break;
    case EchoClient::State::Connected:
        m_connectButton->setText(tr("Disconnect"));
        m_inputEdit->setPlaceholderText(
            tr("Each key is sent as you press it; Enter sends a line break"));
        showStatus(tr("Connected to %1").arg(m_client.serverDescription()), false);
        m_inputEdit->setFocus();
        break;
    case EchoClient::State::Disconnecting:
        showStatus(tr("Disconnecting from %1…").arg(m_client.serverDescription()), false);
        break;
    }
    m_connectButton->setAccessibleName(m_connectButton->text());
    refreshCounters();
}

void ClientWindow::showError(const QString &message)
{
    m_lastError = message;
    showStatus(message, true);
}

void ClientWindow::showStatus(const QString &text, bool isError)
{
    // An icon and bold text rather than a colour, which could vanish on a dark palette.
    m_statusIcon->setVisible(isError);
    QFont font = m_statusLabel->font();
    font.setBold(isError);
    m_statusLabel->setFont(font);
    m_statusLabel->setText(text);
}

void ClientWindow::sendTypedBytes(const QByteArray &bytes)
{
    m_client.send(bytes);
    scheduleCounterRefresh();
}

void ClientWindow::showReceivedBytes(const QByteArray &bytes)
{
    m_echoView->appendBytes(bytes);
    scheduleCounterRefresh();
}

void ClientWindow::scheduleCounterRefresh()
{
    if (!m_counterTimer.isActive())
        m_counterTimer.start();
}

void ClientWindow::refreshCounters()
{
    const QLocale locale;
    m_countersLabel->setText(
        tr("Sent %1 bytes · Received %2 bytes")
            .arg(locale.toString(m_client.bytesSent()), locale.toString(m_client.bytesReceived())));
}
