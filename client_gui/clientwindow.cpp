#include "clientwindow.h"

#include "connectionbar.h"
#include "echoview.h"
#include "figurespanel.h"
#include "filepanel.h"
#include "helpmenu.h"
#include "modebar.h"
#include "statusline.h"
#include "streamviews.h"
#include "trafficbar.h"
#include "windowgeometry.h"

#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

using Key = ClientSettings::Key;

ClientWindow::ClientWindow(const ClientOptions &options, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("TCP Echo Client"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tcp-echo-client.svg")));
    resize(1120, 720);
    buildPanels();
    buildMenus();
    restoreSettings(options);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(EchoView::flushInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ClientWindow::refreshFigures);
    wireClient();
    wirePanels();
    applyChoices();
    showState(m_client.state());
    if (!options.logFile.isEmpty())
        openLogFile(options.logFile);
    if (options.connect)
        QMetaObject::invokeMethod(this, &ClientWindow::connectToServer, Qt::QueuedConnection);
}

ClientWindow::~ClientWindow()
{
    saveSettings();
    // The client's socket may still report a state change while it is torn down; by then this
    // window's widgets are no longer there to show it.
    disconnect(&m_client, nullptr, this, nullptr);
    disconnect(&m_client, nullptr, m_views->received(), nullptr);
}

void ClientWindow::setConnectTimeout(std::chrono::milliseconds timeout)
{
    m_client.setConnectTimeout(timeout);
}

void ClientWindow::setReconnectPolicy(const ReconnectPolicy &policy)
{
    m_client.setReconnectPolicy(policy);
}

void ClientWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void ClientWindow::buildPanels()
{
    auto *central = new QWidget(this);
    setCentralWidget(central);
    // Created in Tab order (connection, modes, input, then the views and the buttons under
    // them) and laid out in reading order, where the input sits under the views it feeds.
    m_connectionBar = new ConnectionBar(central);
    m_status = new StatusLine(QStyle::SP_MessageBoxWarning, tr("Connection status"), central);
    // Shown only once the --log-file cannot be written.
    m_logFileLabel = new QLabel(central);
    m_logFileLabel->setObjectName(QStringLiteral("logFileLabel"));
    m_logFileLabel->setAccessibleName(tr("Log file"));
    m_logFileLabel->setTextFormat(Qt::PlainText);
    m_logFileLabel->setWordWrap(true);
    m_logFileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_logFileLabel->hide();
    m_modes = new ModeBar(central);
    m_input = new InputPanel(central);
    m_views = new StreamViews(central);
    m_figures = new FiguresPanel(central);
    m_file = new FilePanel(central);
    m_traffic = new TrafficBar(central);

    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_connectionBar);
    layout->addWidget(m_status);
    layout->addWidget(m_logFileLabel);
    layout->addWidget(m_modes);
    layout->addWidget(m_views, 1);
    layout->addWidget(m_input);
    layout->addWidget(m_figures);
    layout->addWidget(m_file);
    layout->addWidget(m_traffic);
}

void ClientWindow::buildMenus()
{
    // Every menu item does what a control in the window does; the panels own those items.
    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addActions(
        { m_connectionBar->connectAction(), m_connectionBar->reconnectAction() });
    connection->addSeparator();
    connection->addActions({ m_file->sendAction(), m_file->cancelAction() });
    connection->addSeparator();
    connection->addActions(m_traffic->menuActions());
    connection->addSeparator();
    QAction *quit = connection->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_modes->viewModeActions()->actions());

    // Qt gives the menu bar's overflow button (for a window too narrow for every menu) no name.
    if (auto *more = menuBar()->findChild<QToolButton *>(QStringLiteral("qt_menubar_ext_button")))
        more->setAccessibleName(tr("More menus"));

    addHelpMenu(this,
        { .action = tr("&About TCP Echo Client"),
            .title = tr("About TCP Echo Client"),
            .programName = tr("TCP Echo Client") });
}

void ClientWindow::wireClient()
{
    connect(&m_client, &EchoClient::stateChanged, this, &ClientWindow::showState);
    connect(&m_client, &EchoClient::errorOccurred, this, &ClientWindow::showError);
    connect(
        &m_client, &EchoClient::reconnectScheduled, this, &ClientWindow::showReconnectScheduled);
    connect(&m_client, &EchoClient::sentData, this, [this](const QByteArray &bytes) {
        m_views->sent()->appendBytes(bytes);
        scheduleRefresh();
    });
    connect(&m_client, &EchoClient::received, this, [this](const QByteArray &bytes) {
        m_views->received()->appendBytes(bytes);
        scheduleRefresh();
    });
    connect(&m_client, &EchoClient::echoDifferenceFound, m_views->received(), &EchoView::markByte);
    connect(&m_client, &EchoClient::lostDatagramFound, m_views->sent(), &EchoView::markByte);
    connect(&m_client, &EchoClient::datagramsLost, this, &ClientWindow::scheduleRefresh);
    connect(&m_client, &EchoClient::fileProgress, this, [this](qint64 sent, qint64 size) {
        m_file->recordProgress(sent, size);
        scheduleRefresh();
    });
    connect(&m_client, &EchoClient::fileFinished, this,
        [this] { m_file->showFinished(m_client.state() == EchoClient::State::Connected); });
    connect(&m_client, &EchoClient::fileStopped, this, [this](const QString &reason) {
        m_file->showStopped(reason, m_client.state() == EchoClient::State::Connected);
    });
}

void ClientWindow::wirePanels()
{
    connect(
        m_connectionBar, &ConnectionBar::toggleRequested, this, &ClientWindow::toggleConnection);
    connect(m_connectionBar, &ConnectionBar::hostEntered, this, &ClientWindow::connectToServer);
    connect(m_connectionBar, &ConnectionBar::reconnectToggled, &m_client,
        &EchoClient::setAutoReconnect);
    connect(m_connectionBar, &ConnectionBar::protocolChanged, this, &ClientWindow::setProtocol);
    connect(m_file, &FilePanel::datagramSizeChanged, &m_client, &EchoClient::setDatagramSize);
    connect(m_modes, &ModeBar::inputModeChanged, this, &ClientWindow::setInputMode);
    connect(m_modes, &ModeBar::lineEndingChanged, m_input, &InputPanel::setLineEnding);
    connect(m_modes, &ModeBar::noDelayToggled, &m_client, &EchoClient::setNoDelay);
    connect(m_modes, &ModeBar::viewModeChanged, m_views, &StreamViews::setMode);
    connect(m_input, &InputPanel::bytesEntered, &m_client, &EchoClient::send);
    connect(m_file, &FilePanel::fileChosen, this, &ClientWindow::sendFile);
    connect(m_file, &FilePanel::cancelRequested, &m_client, &EchoClient::cancelFile);
    connect(m_traffic, &TrafficBar::copyRequested, this, &ClientWindow::copyReceived);
    connect(m_traffic, &TrafficBar::saveRequested, this, &ClientWindow::saveReceived);
    connect(m_traffic, &TrafficBar::clearRequested, m_views, &StreamViews::clear);
}

// What the panels show after the settings were restored, handed to those that act on it.
void ClientWindow::applyChoices()
{
    m_client.setAutoReconnect(m_connectionBar->reconnects());
    m_client.setNoDelay(m_modes->noDelay());
    setProtocol(m_connectionBar->protocol());
    m_client.setDatagramSize(m_file->datagramSize());
    setInputMode(m_modes->inputMode());
    m_input->setLineEnding(m_modes->lineEnding());
    m_views->setMode(m_modes->viewMode());
}

void ClientWindow::openLogFile(const QString &path)
{
    // Said in the window, which outlasts the status line's next change: the file cannot.
    connect(&m_logFile, &LineLogFile::writeFailed, this,
        [this](const QString &message) { showLogFileState(message, true); });
    connect(&m_logFile, &LineLogFile::writingResumed, this,
        [this](const QString &message) { showLogFileState(message, false); });
    if (m_logFile.open(path))
        m_sessionLog = std::make_unique<ClientSessionLog>(&m_client, &m_logFile);
    else
        m_status->showMessage(
            tr("Cannot write the log file %1: %2").arg(path, m_logFile.errorString()),
            StatusLine::Kind::Error);
}

void ClientWindow::restoreSettings(const ClientOptions &options)
{
    m_connectionBar->setRecentHosts(m_settings.value(Key::RecentHosts).toStringList());
    // What the command line says, when it says it; else what was remembered; else the command
    // line's defaults.
    const bool rememberedHost = !options.hostGiven && m_settings.contains(Key::Host);
    m_connectionBar->setHost(
        rememberedHost ? m_settings.value(Key::Host).toString() : options.host);
    const bool rememberedPort = !options.portGiven && m_settings.contains(Key::Port);
    m_connectionBar->setPort(rememberedPort ? m_settings.value(Key::Port).toInt() : options.port);
    m_connectionBar->setReconnects(m_settings.value(Key::AutoReconnect).toBool());
    m_connectionBar->setProtocol(options.udp
            ? EchoClient::Protocol::Udp
            : EchoClient::Protocol(m_settings.value(Key::Protocol).toInt()));
    m_file->setDatagramSize(m_settings.value(Key::DatagramSize).toInt());
    m_modes->setInputMode(InputMode(m_settings.value(Key::InputMode).toInt()));
    m_modes->setLineEnding(LineEnding(m_settings.value(Key::LineEnding).toInt()));
    m_modes->setViewMode(EchoView::Mode(m_settings.value(Key::ViewMode).toInt()));
    m_modes->setNoDelay(m_settings.value(Key::NoDelay).toBool());
    restoreWindowGeometry(this, m_settings.value(Key::Geometry).toByteArray());
}

void ClientWindow::saveSettings() const
{
    m_settings.setValue(Key::Host, m_connectionBar->host());
    m_settings.setValue(Key::Port, int(m_connectionBar->port()));
    m_settings.setValue(Key::AutoReconnect, m_connectionBar->reconnects());
    m_settings.setValue(Key::Protocol, int(m_connectionBar->protocol()));
    m_settings.setValue(Key::DatagramSize, m_file->datagramSize());
    m_settings.setValue(Key::InputMode, int(m_modes->inputMode()));
    m_settings.setValue(Key::LineEnding, int(m_modes->lineEnding()));
    m_settings.setValue(Key::ViewMode, int(m_modes->viewMode()));
    m_settings.setValue(Key::NoDelay, m_modes->noDelay());
    m_settings.setValue(Key::Geometry, saveGeometry());
}

void ClientWindow::toggleConnection()
{
    if (m_client.isReconnectPending()) {
        m_client.disconnectFromServer();
        showState(m_client.state());
        return;
    }
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
    const QString host = m_connectionBar->host();
    if (host.isEmpty()) {
        showError(tr("Enter the server's host name or IP address."));
        m_connectionBar->focusHost();
        return;
    }
    m_lastError.clear();
    m_connectionBar->rememberHost(host);
    m_settings.setValue(Key::RecentHosts, m_connectionBar->recentHosts());
    m_client.connectToServer(host, m_connectionBar->port());
}

void ClientWindow::showState(EchoClient::State state)
{
    const bool inputHadFocus = m_input->hasFocusInside();
    const bool connected = state == EchoClient::State::Connected;
    m_connectionBar->showState(state, m_client.isReconnectPending());
    m_input->showState(state);
    m_file->setSendEnabled(connected && !m_client.isSendingFile());
    if (connected) {
        // A new connection is a new stream: offsets, the echo check and the mark start over;
        // until now the last connection's bytes stayed in view.
        m_views->startNewStream();
        m_views->setDatagrams(m_client.usesDatagrams());
        m_lastError.clear();
    }
    showConnectionStatus(state);
    if (connected)
        m_input->focusInput();
    else if (state == EchoClient::State::Disconnected && inputHadFocus)
        m_connectionBar->focusConnectButton();
    refreshFigures();
}

void ClientWindow::showConnectionStatus(EchoClient::State state)
{
    const QString server = m_client.serverDescription();
    switch (state) {
    case EchoClient::State::Disconnected:
        if (m_client.isReconnectPending()) {
            const QString reason = m_lastError.isEmpty() ? tr("Disconnected.") : m_lastError;
            m_status->showMessage(
                tr("%1 Trying again at %2 (in %3 s, attempt %4).")
                    .arg(reason, QLocale().toString(m_nextAttemptAt, QLocale::LongFormat))
                    .arg(qMax<qint64>(1, (m_nextAttemptInMs + 999) / 1000))
                    .arg(m_attempt),
                m_lastError.isEmpty() ? StatusLine::Kind::Normal : StatusLine::Kind::Error);
        } else if (m_lastError.isEmpty()) {
            m_status->showMessage(tr("Disconnected"));
        } else {
            m_status->showMessage(m_lastError, StatusLine::Kind::Error);
        }
        break;
    case EchoClient::State::Connecting:
        if (const int attempt = m_client.reconnectAttempt(); attempt > 0)
            m_status->showMessage(tr("Connecting to %1… (attempt %2)").arg(server).arg(attempt));
        else
            m_status->showMessage(tr("Connecting to %1…").arg(server));
        break;
    case EchoClient::State::Connected:
        m_status->showMessage(m_client.usesDatagrams()
                ? tr("Sending UDP datagrams to %1 (no connection: the echoes say whether a "
                     "server is there)")
                      .arg(server)
                : tr("Connected to %1").arg(server));
        break;
    case EchoClient::State::Disconnecting:
        m_status->showMessage(tr("Disconnecting from %1…").arg(server));
        break;
    }
}

void ClientWindow::showError(const QString &message)
{
    m_lastError = message;
    if (m_client.state() == EchoClient::State::Disconnected)
        showState(EchoClient::State::Disconnected);
    else
        m_status->showMessage(message, StatusLine::Kind::Error);
}

void ClientWindow::showReconnectScheduled(qint64 delayMs, int attempt)
{
    m_nextAttemptInMs = delayMs;
    m_nextAttemptAt = QTime::currentTime().addMSecs(int(delayMs));
    m_attempt = attempt;
    showState(m_client.state());
}

void ClientWindow::showLogFileState(const QString &text, bool failing)
{
    // Bold while failing, as errors are in the status line.
    QFont font = m_logFileLabel->font();
    font.setBold(failing);
    m_logFileLabel->setFont(font);
    m_logFileLabel->setText(text);
    m_logFileLabel->show();
}

void ClientWindow::setProtocol(EchoClient::Protocol protocol)
{
    m_client.setProtocol(protocol);
    m_file->setDatagramSizeEnabled(protocol == EchoClient::Protocol::Udp);
    m_modes->setNoDelayAvailable(protocol == EchoClient::Protocol::Tcp);
}

void ClientWindow::setInputMode(InputMode mode)
{
    m_input->setMode(mode);
    if (m_client.state() == EchoClient::State::Connected)
        m_input->focusInput();
}

void ClientWindow::sendFile(const QString &path)
{
    if (m_client.sendFile(path))
        m_file->showStarted(path);
    else
        m_file->showRefused(m_client.fileErrorString());
}

void ClientWindow::copyReceived()
{
    QGuiApplication::clipboard()->setText(m_views->received()->selectedOrAllText());
}

void ClientWindow::saveReceived()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save received bytes"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_views->received()->saveBytes(path, &error))
        QMessageBox::warning(this, tr("Save received bytes"), error);
}

void ClientWindow::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void ClientWindow::refreshFigures()
{
    m_traffic->showCounters(m_client.bytesSent(), m_client.bytesReceived());
    m_figures->showFigures(m_client.echoSummary(), m_client.roundTrips());
    m_file->showProgress();
}
