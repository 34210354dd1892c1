#include "serverwindow.h"

#include "clientspane.h"
#include "helpmenu.h"
#include "listenbar.h"
#include "logfile.h"
#include "logpane.h"
#include "serverstatusbar.h"
#include "statusline.h"
#include "windowgeometry.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>

#include <chrono>

using Key = ServerSettings::Key;

namespace {

constexpr std::chrono::milliseconds trafficDisplayInterval { 1000 };

} // namespace

ServerWindow::ServerWindow(const ServerOptions &options, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("TCP Echo Server"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tcp-echo-server.svg")));
    m_server.setObjectName(QStringLiteral("echoServer"));
    m_server.setWorkerCount(options.threads);
    m_server.setMaxClients(options.maxClients);
    m_trafficTimer.setInterval(trafficDisplayInterval);
    connect(&m_trafficTimer, &QTimer::timeout, this, &ServerWindow::showTraffic);

    buildPanels();
    buildMenus();
    wirePanels();
    wireServer();
    // Wide enough for every column of the client table, the address stretching.
    resize(1000, 640);
    restoreSettings(options);
    rememberChoices();
    setStatus(tr("Stopped"), false);
    showClientCount();
    showTraffic();
    m_listenBar->focusListenButton();

    if (!options.logFile.isEmpty())
        openLogFile(options.logFile);
    if (options.listen)
        QMetaObject::invokeMethod(this, &ServerWindow::startListening, Qt::QueuedConnection);
}

void ServerWindow::buildPanels()
{
    auto *central = new QWidget(this);
    setCentralWidget(central);
    // Created in Tab order, which is also reading order.
    m_listenBar = new ListenBar(central);
    m_status = new StatusLine(QStyle::SP_MessageBoxCritical, tr("Server status"), central);
    m_splitter = new QSplitter(Qt::Vertical, central);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->setChildrenCollapsible(false);
    m_clientsPane = new ClientsPane(&m_clients, &m_sortedClients, m_splitter);
    m_logPane = new LogPane(&m_logLines, m_splitter);
    m_splitter->addWidget(m_clientsPane);
    m_splitter->addWidget(m_logPane);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_statusBar = new ServerStatusBar(this);
    setStatusBar(m_statusBar);

    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_listenBar);
    layout->addWidget(m_status);
    layout->addWidget(m_splitter, 1);
}

void ServerWindow::buildMenus()
{
    // Every menu item but Quit does what a control in the window does; the panels own those.
    QMenu *server = menuBar()->addMenu(tr("Se&rver"));
    server->addAction(m_listenBar->listenAction());
    server->addSeparator();
    QAction *quit = server->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *clients = menuBar()->addMenu(tr("Clie&nts"));
    clients->addAction(m_clientsPane->disconnectAction());

    QMenu *log = menuBar()->addMenu(tr("L&og"));
    log->addActions(m_logPane->menuActions());
    log->addSeparator();
    // Here rather than in a View menu: it changes what is logged (the --log-file too), not how
    // the log looks.
    log->addAction(m_logPane->showDataAction());

    addHelpMenu(this,
        { .action = tr("&About TCP Echo Server"),
            .title = tr("About TCP Echo Server"),
            .programName = tr("TCP Echo Server") });
}

void ServerWindow::wirePanels()
{
    connect(m_listenBar, &ListenBar::toggleRequested, this, &ServerWindow::toggleListening);
    connect(
        m_clientsPane, &ClientsPane::disconnectRequested, this, &ServerWindow::disconnectClients);
    connect(m_logPane, &LogPane::saveRequested, this, &ServerWindow::askWhereToSaveLog);
    connect(m_logPane, &LogPane::clearRequested, &m_logLines, &LogModel::clear);
    connect(m_logPane, &LogPane::showDataToggled, &m_log, &ServerLogWriter::setShowData);
}

void ServerWindow::wireServer()
{
    connect(&m_server, &EchoServer::listeningChanged, this, &ServerWindow::showListening);
    connect(&m_server, &EchoServer::errorOccurred, this, &ServerWindow::showError);
    connect(&m_server, &EchoServer::clientArrived, &m_clients, &ClientTableModel::addClient);
    connect(&m_server, &EchoServer::clientArrived, &m_log, &ServerLogWriter::clientArrived);
    connect(&m_server, &EchoServer::clientArrived, this, &ServerWindow::showClientCount);
    connect(&m_server, &EchoServer::clientLeft, &m_clients, &ClientTableModel::removeClient);
    connect(&m_server, &EchoServer::clientShutDownSending, &m_log,
        &ServerLogWriter::clientShutDownSending);
    connect(&m_server, &EchoServer::clientLeft, &m_log, &ServerLogWriter::clientLeft);
    connect(&m_server, &EchoServer::clientLeft, this, &ServerWindow::showClientCount);
    connect(&m_server, &EchoServer::trafficReported, &m_clients, &ClientTableModel::applyTraffic);
    connect(&m_server, &EchoServer::trafficReported, &m_log, &ServerLogWriter::trafficReported);
    connect(&m_server, &EchoServer::trafficReported, this, &ServerWindow::countTraffic);
    connect(&m_server, &EchoServer::clientsRefused, &m_log, &ServerLogWriter::clientsRefused);
    connect(&m_server, &EchoServer::connectionsLostBeforeServed, &m_log,
        &ServerLogWriter::connectionsLostBeforeServed);
    // A connection lost while a worker took it over was counted until then.
    connect(
        &m_server, &EchoServer::connectionsLostBeforeServed, this, &ServerWindow::showClientCount);
}

void ServerWindow::openLogFile(const QString &path)
{
    if (m_logFile.open(path))
        m_log.setLogFile(&m_logFile);
    else
        setStatus(tr("Cannot write the log file %1: %2").arg(path, m_logFile.errorString()), true);
}

void ServerWindow::restoreSettings(const ServerOptions &options)
{
    // What the command line says, when it says it; else what was remembered; else the command
    // line's defaults.
    QHostAddress address = options.address;
    if (!options.addressGiven && m_settings.contains(Key::Address)) {
        if (const QHostAddress remembered = m_settings.address(); !remembered.isNull())
            address = remembered;
    }
    quint16 port = options.port;
    if (!options.portGiven && m_settings.contains(Key::Port)) {
        bool ok = false;
        const uint remembered = m_settings.value(Key::Port).toUInt(&ok);
        if (ok && remembered >= 1 && remembered <= 65535)
            port = quint16(remembered);
    }
    // An address from the command line is offered even when it is not this machine's (the
    // error then says so); a remembered one that is gone falls back to localhost.
    m_listenBar->selectAddress(address, options.addressGiven);
    m_listenBar->setPort(port);
    m_listenBar->setTransports(
        options.transportsGiven ? options.transports : m_settings.transports());
    const bool showData = m_settings.value(Key::ShowData).toBool();
    m_logPane->setShowData(showData);
    m_log.setShowData(showData);
    const ServerSettings::ClientOrder order = m_settings.clientOrder();
    m_clientsPane->sortBy(order.column, order.order);
    restoreWindowGeometry(this, m_settings.value(Key::Geometry).toByteArray());
    m_splitter->restoreState(m_settings.value(Key::Splitter).toByteArray());
}

void ServerWindow::rememberChoices()
{
    // Connected after the initial values are set, so that values from the command line are used
    // for this run without being remembered; what the user picks in the window is.
    connect(m_listenBar, &ListenBar::addressChosen, this,
        [this](const QHostAddress &address) { m_settings.setAddress(address); });
    connect(m_listenBar, &ListenBar::portChanged, this, [this](int port) {
        if (port != 0)
            m_settings.setValue(Key::Port, port);
    });
    connect(m_listenBar, &ListenBar::transportsChosen, this,
        [this](Transports transports) { m_settings.setTransports(transports); });
    connect(m_logPane, &LogPane::showDataToggled, this,
        [this](bool show) { m_settings.setValue(Key::ShowData, show); });
    connect(m_clientsPane, &ClientsPane::sortOrderChanged, this,
        [this](int column, Qt::SortOrder order) { m_settings.setClientOrder(column, order); });
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setValue(Key::Geometry, saveGeometry());
    m_settings.setValue(Key::Splitter, m_splitter->saveState());
    QMainWindow::closeEvent(event);
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
    // Failure arrives as errorOccurred, success as listeningChanged; a transport that could not
    // be opened beside one that could, in errorString() by then.
    m_server.setTransports(m_listenBar->transports());
    m_server.start(m_listenBar->address(), m_listenBar->port());
}

void ServerWindow::showListening(bool listening)
{
    if (listening) {
        m_listeningOn = m_server.listeningDescription();
        showListeningStatus();
        m_log.listeningStarted(m_server.address(), m_server.port(), m_server.listeningTransports(),
            EchoServer::listenBacklog, m_server.workerCount());
        m_totalEchoed = 0;
        m_echoedAtLastRate = 0;
        m_rateClock.start();
        m_trafficTimer.start();
    } else {
        setStatus(tr("Stopped"), false);
        m_log.listeningStopped(m_listeningOn);
        m_clients.clear();
        m_trafficTimer.stop();
        m_rateClock.invalidate();
    }
    m_listenBar->showListening(listening);
    showClientCount();
    showTraffic();
}

void ServerWindow::showListeningStatus()
{
    const Transports open = m_server.listeningTransports();
    const QString protocols = open == (Transport::Tcp | Transport::Udp)
        ? tr("TCP and UDP")
        : transportName(open.testFlag(Transport::Tcp) ? Transport::Tcp : Transport::Udp);
    const QString listening = tr("Listening on %1 (%2)").arg(m_listeningOn, protocols);
    // One of the two could not be opened: the status says which, and why, until the next start.
    const QString trouble = m_server.errorString();
    if (trouble.isEmpty())
        setStatus(listening, false);
    else
        setStatus(tr("%1. %2").arg(listening, trouble), true);
}

void ServerWindow::showError(const QString &message)
{
    m_log.errorOccurred(message);
    // While listening, an error concerns one connection; the server itself is still fine.
    if (!m_server.isListening())
        setStatus(message, true);
}

void ServerWindow::setStatus(const QString &text, bool isError)
{
    m_status->showMessage(text, isError ? StatusLine::Kind::Error : StatusLine::Kind::Normal);
}

void ServerWindow::showClientCount()
{
    m_statusBar->showClientCount(m_server.tcpClientCount(),
        m_server.listeningTransports().testFlag(Transport::Udp)
            ? std::optional<int>(m_server.udpPeerCount())
            : std::nullopt);
}

void ServerWindow::countTraffic(const QList<TrafficSample> &samples)
{
    for (const TrafficSample &sample : samples)
        m_totalEchoed += sample.echoed;
}

void ServerWindow::showTraffic()
{
    if (!m_rateClock.isValid()) {
        m_statusBar->showEchoed(m_totalEchoed, std::nullopt);
        return;
    }
    const qint64 elapsed = m_rateClock.restart();
    const double rate =
        elapsed > 0 ? double(m_totalEchoed - m_echoedAtLastRate) * 1000.0 / double(elapsed) : 0.0;
    m_echoedAtLastRate = m_totalEchoed;
    m_statusBar->showEchoed(m_totalEchoed, rate);
}

void ServerWindow::disconnectClients(const QList<quint64> &ids)
{
    for (const quint64 id : ids) {
        m_log.disconnecting(id, tr("chosen in the client table"));
        m_server.disconnectClient(id);
    }
}

void ServerWindow::askWhereToSaveLog()
{
    const QString csvFilter = tr("CSV (*.csv)");
    QString chosenFilter;
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Save Log"),
        QStringLiteral("tcp-echo-server-log.txt"),
        tr("Text (*.txt)") + QStringLiteral(";;") + csvFilter, &chosenFilter);
    if (fileName.isEmpty())
        return;
    QString target = fileName;
    if (chosenFilter == csvFilter && !target.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        target += QStringLiteral(".csv");
    if (!saveLog(target))
        QMessageBox::warning(this, tr("Save Log"), tr("Could not write %1.").arg(target));
}

bool ServerWindow::saveLog(const QString &fileName)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const LogFileFormat format = fileName.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive)
        ? LogFileFormat::Csv
        : LogFileFormat::Text;
    return writeLogFile(file, m_logPane->shownLines(), format) && file.commit();
}
