#include "serverwindow.h"

#include "logview.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace {

const QKeySequence listenShortcut { Qt::CTRL | Qt::Key_L };

} // namespace

ServerWindow::ServerWindow(const ServerOptions &options, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("TCP Echo Server"));
    m_server.setWorkerCount(options.threads);
    m_server.setMaxClients(options.maxClients);
    buildControls(options);
    buildMenu();
    connectServer();
    showListeningState(false);
    setStatus(tr("Stopped"), false);
    showClientCount();
    resize(720, 480);
    m_listenButton->setFocus();

    if (options.listen)
        QMetaObject::invokeMethod(this, &ServerWindow::startListening, Qt::QueuedConnection);
}

void ServerWindow::buildControls(const ServerOptions &options)
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_addressCombo = new QComboBox(central);
    m_addressCombo->setObjectName(QStringLiteral("addressCombo"));
    m_addressCombo->setAccessibleName(tr("Listen address"));
    m_addressCombo->addItem(tr("Localhost only (127.0.0.1)"),
        QVariant::fromValue(QHostAddress(QHostAddress::LocalHost)));
    m_addressCombo->addItem(
        tr("All interfaces (IPv4 + IPv6)"), QVariant::fromValue(QHostAddress(QHostAddress::Any)));
    if (options.addressGiven) {
        int index = m_addressCombo->findData(QVariant::fromValue(options.address));
        if (index < 0) {
            QString text;
            if (options.address == QHostAddress(QHostAddress::AnyIPv4))
                text = tr("All IPv4 interfaces (0.0.0.0)");
            else if (options.address == QHostAddress(QHostAddress::AnyIPv6))
                text = tr("All IPv6 interfaces (::)");
            else
                text = tr("This address only (%1)").arg(options.address.toString());
            m_addressCombo->addItem(text, QVariant::fromValue(options.address));
            index = m_addressCombo->count() - 1;
        }
        m_addressCombo->setCurrentIndex(index);
    }

    m_portSpin = new QSpinBox(central);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Port"));
    // Port 0 ("any free port") is offered only when asked for on the command line: in the spin
    // box it would sit one arrow-click below port 1 and silently pick a random port.
    m_portSpin->setRange(options.port == 0 ? 0 : 1, 65535);
    m_portSpin->setSpecialValueText(tr("Any free port"));
    m_portSpin->setValue(options.port);

    m_listenButton = new QPushButton(central);
    m_listenButton->setObjectName(QStringLiteral("listenButton"));
    m_listenButton->setDefault(true);
    // Enter on the focused button starts it, as in a dialog (a main window has no default button).
    m_listenButton->setAutoDefault(true);

    auto *addressLabel = new QLabel(tr("&Address:"), central);
    addressLabel->setBuddy(m_addressCombo);
    auto *portLabel = new QLabel(tr("&Port:"), central);
    portLabel->setBuddy(m_portSpin);

    auto *controls = new QHBoxLayout;
    controls->addWidget(addressLabel);
    controls->addWidget(m_addressCombo);
    controls->addSpacing(12);
    controls->addWidget(portLabel);
    controls->addWidget(m_portSpin);
    controls->addStretch(1);
    controls->addWidget(m_listenButton);
    layout->addLayout(controls);

    m_statusIcon = new QLabel(central);
    m_statusIcon->setObjectName(QStringLiteral("statusIcon"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_statusIcon->setPixmap(style()
                                ->standardIcon(QStyle::SP_MessageBoxCritical, nullptr, this)
                                .pixmap(iconSize, iconSize));
    m_statusIcon->setAccessibleName(tr("Error"));
    m_statusIcon->hide();

    m_statusLabel = new QLabel(central);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setAccessibleName(tr("Server status"));
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setWordWrap(true);
    // So that an error message can be copied into a bug report or a search.
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *status = new QHBoxLayout;
    status->addWidget(m_statusIcon, 0, Qt::AlignTop);
    status->addWidget(m_statusLabel, 1);
    layout->addLayout(status);

    m_logView = new LogView(central);
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setAccessibleName(tr("Connection log"));
    auto *logLabel = new QLabel(tr("Connection &log:"), central);
    logLabel->setBuddy(m_logView);
    layout->addWidget(logLabel);
    layout->addWidget(m_logView, 1);

    setCentralWidget(central);
    setTabOrder(m_addressCombo, m_portSpin);
    setTabOrder(m_portSpin, m_listenButton);
    setTabOrder(m_listenButton, m_logView);

    m_clientCountLabel = new QLabel(this);
    m_clientCountLabel->setObjectName(QStringLiteral("clientCountLabel"));
    m_clientCountLabel->setAccessibleName(tr("Connected clients"));
    statusBar()->addWidget(m_clientCountLabel);
}

void ServerWindow::buildMenu()
{
    QMenu *menu = menuBar()->addMenu(tr("&Server"));
    m_listenAction = menu->addAction(tr("&Listen"));
    m_listenAction->setObjectName(QStringLiteral("listenAction"));
    m_listenAction->setShortcut(listenShortcut);
    connect(m_listenAction, &QAction::triggered, this, &ServerWindow::toggleListening);
    menu->addSeparator();
    QAction *quit = menu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    connect(m_listenButton, &QPushButton::clicked, this, &ServerWindow::toggleListening);
}

void ServerWindow::connectServer()
{
    connect(&m_server, &EchoServer::listeningChanged, this, [this](bool listening) {
        if (listening) {
            m_listeningOn = m_server.listeningDescription();
            setStatus(tr("Listening on %1").arg(m_listeningOn), false);
            m_logView->appendLine(tr("Listening on %1").arg(m_listeningOn));
        } else {
            setStatus(tr("Stopped"), false);
            m_logView->appendLine(tr("Stopped listening on %1").arg(m_listeningOn));
            m_eventText.clear();
        }
        showListeningState(listening);
        showClientCount();
    });
    connect(&m_server, &EchoServer::errorOccurred, this, &ServerWindow::showError);
    connect(&m_server, &EchoServer::clientArrived, this, &ServerWindow::logArrival);
    connect(&m_server, &EchoServer::clientLeft, this, &ServerWindow::logDeparture);
    connect(&m_server, &EchoServer::trafficReported, this, &ServerWindow::logTraffic);
    connect(&m_server, &EchoServer::clientsRefused, this, &ServerWindow::logRefusals);
}

void ServerWindow::toggleListening()
{
    if (m_server.isListening())
        m_server.stop();
    else
        startListening();
}

void ServerWindow::startListening()
{
    if (m_server.isListening())
        return;
    // Failure arrives as errorOccurred, success as listeningChanged.
    m_server.start(
        m_addressCombo->currentData().value<QHostAddress>(), quint16(m_portSpin->value()));
}

void ServerWindow::showListeningState(bool listening)
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

void ServerWindow::showError(const QString &message)
{
    m_logView->appendLine(tr("Error: %1").arg(message));
    // While listening, an error concerns one connection; the server itself is still fine.
    if (!m_server.isListening())
        setStatus(message, true);
}

void ServerWindow::setStatus(const QString &text, bool isError)
{
    m_statusLabel->setText(text);
    // Bold and an icon rather than a colour, which could vanish on a dark palette.
    QFont font = m_statusLabel->font();
    font.setBold(isError);
    m_statusLabel->setFont(font);
    m_statusIcon->setVisible(isError);
}

void ServerWindow::showClientCount()
{
    const int count = m_server.clientCount();
    if (count == 0)
        m_clientCountLabel->setText(tr("No clients connected"));
    else if (count == 1)
        m_clientCountLabel->setText(tr("1 client connected"));
    else
        m_clientCountLabel->setText(tr("%1 clients connected").arg(count));
}

void ServerWindow::logArrival(const ClientInfo &client)
{
    m_logView->appendLine(m_eventText.arrival(client));
    showClientCount();
}

void ServerWindow::logDeparture(const ClientDeparture &departure)
{
    m_logView->appendLine(m_eventText.departure(departure));
    showClientCount();
}

void ServerWindow::logTraffic(const QList<TrafficSample> &samples)
{
    for (const QString &line : m_eventText.traffic(samples))
        m_logView->appendLine(line);
}

void ServerWindow::logRefusals(int count, int limit)
{
    m_logView->appendLine(ServerEventText::refusal(count, limit));
}
