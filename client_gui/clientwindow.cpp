#include "clientwindow.h"

#include "aboutbox.h"
#include "echoview.h"
#include "hexinput.h"
#include "keystrokeinput.h"
#include "lineending.h"
#include "lineinput.h"
#include "rttchart.h"
#include "windowgeometry.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// Settings keys; the group keeps them apart from the server's when both share a file.
const QString hostKey = QStringLiteral("client/host");
const QString recentHostsKey = QStringLiteral("client/recentHosts");
const QString portKey = QStringLiteral("client/port");
const QString inputModeKey = QStringLiteral("client/inputMode");
const QString lineEndingKey = QStringLiteral("client/lineEnding");
const QString viewModeKey = QStringLiteral("client/viewMode");
const QString noDelayKey = QStringLiteral("client/noDelay");
const QString autoReconnectKey = QStringLiteral("client/autoReconnect");
const QString geometryKey = QStringLiteral("client/geometry");

// The order of the line-ending choices in their combo box.
constexpr LineEnding lineEndings[] = { LineEnding::Lf, LineEnding::Cr, LineEnding::CrLf };

QString formatSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace

ClientWindow::ClientWindow(const ClientOptions &options, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("TCP Echo Client"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tcp-echo-client.svg")));
    resize(1120, 720);
    buildWidgets();
    buildMenus();
    restoreSettings(options);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(EchoView::flushInterval);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ClientWindow::refreshFigures);

    connect(&m_client, &EchoClient::stateChanged, this, &ClientWindow::showState);
    connect(&m_client, &EchoClient::errorOccurred, this, &ClientWindow::showError);
    connect(
        &m_client, &EchoClient::reconnectScheduled, this, &ClientWindow::showReconnectScheduled);
    connect(&m_client, &EchoClient::sentData, this, &ClientWindow::showSentBytes);
    connect(&m_client, &EchoClient::received, this, &ClientWindow::showReceivedBytes);
    connect(&m_client, &EchoClient::echoDifferenceFound, m_echoView, &EchoView::markByte);
    connect(&m_client, &EchoClient::fileProgress, this, &ClientWindow::showFileProgress);
    connect(&m_client, &EchoClient::fileFinished, this, &ClientWindow::showFileFinished);
    connect(&m_client, &EchoClient::fileStopped, this, &ClientWindow::showFileStopped);

    connect(m_inputEdit, &KeystrokeInput::bytesTyped, this, &ClientWindow::sendBytes);
    connect(m_lineEdit, &LineInput::lineEntered, this, &ClientWindow::sendBytes);
    connect(m_hexInput, &HexInput::bytesEntered, this, &ClientWindow::sendBytes);
    connect(m_connectButton, &QPushButton::clicked, this, &ClientWindow::toggleConnection);
    connect(m_hostEdit, &QLineEdit::returnPressed, this, &ClientWindow::connectToServer);
    connect(m_reconnectCheck, &QCheckBox::toggled, &m_client, &EchoClient::setAutoReconnect);
    connect(m_noDelayCheck, &QCheckBox::toggled, &m_client, &EchoClient::setNoDelay);
    connect(m_inputModeCombo, &QComboBox::currentIndexChanged, this, &ClientWindow::setInputMode);
    connect(m_lineEndingCombo, &QComboBox::currentIndexChanged, this, &ClientWindow::setLineEnding);
    connect(m_viewModeCombo, &QComboBox::currentIndexChanged, this, &ClientWindow::setViewMode);
    connect(m_sendFileButton, &QPushButton::clicked, this, &ClientWindow::chooseFileToSend);
    connect(m_cancelFileButton, &QPushButton::clicked, &m_client, &EchoClient::cancelFile);
    connect(m_copyButton, &QPushButton::clicked, this, &ClientWindow::copyReceived);
    connect(m_saveButton, &QPushButton::clicked, this, &ClientWindow::saveReceived);
    connect(m_clearButton, &QPushButton::clicked, this, &ClientWindow::clearViews);

    m_client.setAutoReconnect(m_reconnectCheck->isChecked());
    m_client.setNoDelay(m_noDelayCheck->isChecked());
    setInputMode(m_inputModeCombo->currentIndex());
    setLineEnding(m_lineEndingCombo->currentIndex());
    setViewMode(m_viewModeCombo->currentIndex());
    showState(m_client.state());
    if (!options.logFile.isEmpty()) {
        if (m_logFile.open(options.logFile))
            m_sessionLog = std::make_unique<ClientSessionLog>(&m_client, &m_logFile);
        else
            showStatus(tr("Cannot write the log file %1: %2")
                           .arg(options.logFile, m_logFile.errorString()),
                true);
    }
    if (options.connect)
        QMetaObject::invokeMethod(this, &ClientWindow::connectToServer, Qt::QueuedConnection);
}

ClientWindow::~ClientWindow()
{
    saveSettings();
    // The client's socket may still report a state change while it is torn down; by then this
    // window's widgets are no longer there to show it.
    disconnect(&m_client, nullptr, this, nullptr);
    disconnect(&m_client, nullptr, m_echoView, nullptr);
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

void ClientWindow::buildWidgets()
{
    const QKeySequence toggleShortcut(Qt::CTRL | Qt::Key_Return);

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

    m_connectButton = new QPushButton(tr("Connect"), this);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setToolTip(tr("Connect to the server, or disconnect (%1)")
            .arg(toggleShortcut.toString(QKeySequence::NativeText)));
    // A button's own shortcut is replaced whenever its text changes; an action's is not.
    m_connectAction = new QAction(m_connectButton->text(), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcuts({ toggleShortcut, QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    connect(m_connectAction, &QAction::triggered, this, &ClientWindow::toggleConnection);

    m_reconnectCheck = new QCheckBox(tr("&Reconnect automatically"), this);
    m_reconnectCheck->setObjectName(QStringLiteral("reconnectCheck"));
    m_reconnectCheck->setToolTip(
        tr("When the connection drops, try again after 1, 2, 4 … up to 30 seconds"));

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

    m_inputModeCombo = new QComboBox(this);
    m_inputModeCombo->setObjectName(QStringLiteral("inputModeCombo"));
    m_inputModeCombo->setAccessibleName(tr("Input mode"));
    m_inputModeCombo->addItem(tr("Keystroke: each key at once"));
    m_inputModeCombo->addItem(tr("Line: Enter sends the line"));
    m_inputModeCombo->addItem(tr("Hex: bytes as hex digits"));
    auto *inputModeLabel = new QLabel(tr("Sen&d:"), this);
    inputModeLabel->setBuddy(m_inputModeCombo);

    m_lineEndingCombo = new QComboBox(this);
    m_lineEndingCombo->setObjectName(QStringLiteral("lineEndingCombo"));
    m_lineEndingCombo->setAccessibleName(tr("Line ending sent for Enter"));
    m_lineEndingCombo->addItem(tr("LF (\\n)"));
    m_lineEndingCombo->addItem(tr("CR (\\r)"));
    m_lineEndingCombo->addItem(tr("CR LF (\\r\\n)"));
    auto *lineEndingLabel = new QLabel(tr("&Enter sends:"), this);
    lineEndingLabel->setBuddy(m_lineEndingCombo);

    m_noDelayCheck = new QCheckBox(tr("TCP_&NODELAY"), this);
    m_noDelayCheck->setObjectName(QStringLiteral("noDelayCheck"));
    m_noDelayCheck->setAccessibleName(tr("TCP_NODELAY: send small writes at once"));
    m_noDelayCheck->setToolTip(tr("On: each keystroke leaves at once. Off: Nagle's algorithm "
                                  "holds small writes back while earlier ones are unanswered."));

    m_viewModeCombo = new QComboBox(this);
    m_viewModeCombo->setObjectName(QStringLiteral("viewModeCombo"));
    m_viewModeCombo->setAccessibleName(tr("Show bytes as"));
    m_viewModeCombo->addItem(tr("Text"));
    m_viewModeCombo->addItem(tr("Hex"));
    auto *viewModeLabel = new QLabel(tr("Sho&w as:"), this);
    viewModeLabel->setBuddy(m_viewModeCombo);

    m_sentView = new EchoView(this);
    m_sentView->setObjectName(QStringLiteral("sentView"));
    m_sentView->setAccessibleName(tr("Sent to the server"));
    auto *sentLabel = new QLabel(tr("→ Sent t&o the server"), this);
    sentLabel->setBuddy(m_sentView);
    m_echoView = new EchoView(this);
    m_echoView->setObjectName(QStringLiteral("echoView"));
    m_echoView->setAccessibleName(tr("Received from the server"));
    auto *echoLabel = new QLabel(tr("← Rece&ived from the server"), this);
    echoLabel->setBuddy(m_echoView);
    // Side by side, each under its own heading: which is which never rests on colour.
    auto *sentPane = new QWidget(this);
    auto *sentLayout = new QVBoxLayout(sentPane);
    sentLayout->setContentsMargins(0, 0, 0, 0);
    sentLayout->addWidget(sentLabel);
    sentLayout->addWidget(m_sentView);
    auto *echoPane = new QWidget(this);
    auto *echoLayout = new QVBoxLayout(echoPane);
    echoLayout->setContentsMargins(0, 0, 0, 0);
    echoLayout->addWidget(echoLabel);
    echoLayout->addWidget(m_echoView);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("viewSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(sentPane);
    splitter->addWidget(echoPane);

    m_inputEdit = new KeystrokeInput(this);
    m_inputEdit->setObjectName(QStringLiteral("inputEdit"));
    m_inputEdit->setAccessibleName(tr("Text to send"));
    m_inputEdit->setAccessibleDescription(
        tr("Every key is sent to the server the moment it is pressed."));
    m_inputEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lineEdit = new LineInput(this);
    m_lineEdit->setObjectName(QStringLiteral("lineEdit"));
    m_lineEdit->setAccessibleName(tr("Line to send"));
    m_lineEdit->setAccessibleDescription(
        tr("Enter sends the line; Up and Down recall earlier lines."));
    m_lineEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hexInput = new HexInput(this);
    m_hexInput->setObjectName(QStringLiteral("hexInput"));
    m_inputStack = new QStackedWidget(this);
    m_inputStack->setObjectName(QStringLiteral("inputStack"));
    m_inputStack->addWidget(m_inputEdit);
    m_inputStack->addWidget(m_lineEdit);
    m_inputStack->addWidget(m_hexInput);
    auto *inputLabel = new QLabel(tr("&Type:"), this);
    inputLabel->setBuddy(m_inputStack);

    m_echoCheckLabel = new QLabel(this);
    m_echoCheckLabel->setObjectName(QStringLiteral("echoCheckLabel"));
    m_echoCheckLabel->setAccessibleName(tr("Echo check"));
    m_echoCheckLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rttLabel = new QLabel(this);
    m_rttLabel->setObjectName(QStringLiteral("rttLabel"));
    m_rttLabel->setAccessibleName(tr("Round-trip times"));
    m_rttLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rttChart = new RttChart(this);
    m_rttChart->setObjectName(QStringLiteral("rttChart"));
    m_rttChart->setAccessibleName(tr("Chart of the last 200 round-trip times"));

    m_sendFileButton = new QPushButton(tr("Send &file…"), this);
    m_sendFileButton->setObjectName(QStringLiteral("sendFileButton"));
    m_sendFileButton->setToolTip(
        tr("Stream a file to the server; the echo check says whether it all came back"));
    m_fileProgress = new QProgressBar(this);
    m_fileProgress->setObjectName(QStringLiteral("fileProgress"));
    m_fileProgress->setAccessibleName(tr("File sending progress"));
    m_fileProgress->setRange(0, 1000);
    m_fileProgress->setValue(0);
    // A bare "0%" would read as a transfer that is stuck.
    m_fileProgress->setFormat(tr("No file sent yet"));
    m_cancelFileButton = new QPushButton(tr("Cancel file"), this);
    m_cancelFileButton->setObjectName(QStringLiteral("cancelFileButton"));
    m_cancelFileButton->setEnabled(false);
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));
    m_fileLabel->setAccessibleName(tr("File sending"));
    m_fileLabel->setWordWrap(true);

    m_countersLabel = new QLabel(this);
    m_countersLabel->setObjectName(QStringLiteral("countersLabel"));
    m_countersLabel->setAccessibleName(tr("Byte counters"));
    m_copyButton = new QPushButton(tr("Cop&y"), this);
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_copyButton->setAccessibleName(tr("Copy received text"));
    m_copyButton->setToolTip(tr("Copy the received text (the selection, if any)"));
    m_saveButton = new QPushButton(tr("S&ave…"), this);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setAccessibleName(tr("Save received bytes"));
    m_saveButton->setToolTip(
        tr("Save the newest received bytes (up to 1 MiB), exactly as they arrived"));
    m_clearButton = new QPushButton(tr("C&lear"), this);
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_clearButton->setAccessibleName(tr("Clear sent and received text"));
    m_clearButton->setToolTip(tr("Clear both views; the counters keep counting"));

    auto *connectionRow = new QHBoxLayout;
    connectionRow->addWidget(hostLabel);
    connectionRow->addWidget(m_hostCombo, 1);
    connectionRow->addWidget(portLabel);
    connectionRow->addWidget(m_portSpin);
    connectionRow->addWidget(m_connectButton);
    connectionRow->addWidget(m_reconnectCheck);

    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_statusIcon);
    statusRow->addWidget(m_statusLabel, 1);

    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(inputModeLabel);
    modeRow->addWidget(m_inputModeCombo);
    modeRow->addWidget(lineEndingLabel);
    modeRow->addWidget(m_lineEndingCombo);
    modeRow->addWidget(m_noDelayCheck);
    modeRow->addStretch(1);
    modeRow->addWidget(viewModeLabel);
    modeRow->addWidget(m_viewModeCombo);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(inputLabel, 0, Qt::AlignTop);
    inputRow->addWidget(m_inputStack, 1);

    auto *figures = new QGridLayout;
    figures->addWidget(m_echoCheckLabel, 0, 0);
    figures->addWidget(m_rttLabel, 1, 0);
    figures->addWidget(m_rttChart, 0, 1, 2, 1);
    figures->setColumnStretch(0, 1);
    figures->setColumnStretch(1, 1);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_sendFileButton);
    fileRow->addWidget(m_fileProgress, 1);
    fileRow->addWidget(m_cancelFileButton);

    auto *bottomRow = new QHBoxLayout;
    bottomRow->addWidget(m_countersLabel, 1);
    bottomRow->addWidget(m_copyButton);
    bottomRow->addWidget(m_saveButton);
    bottomRow->addWidget(m_clearButton);

    auto *central = new QWidget(this);
    setCentralWidget(central);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(connectionRow);
    layout->addLayout(statusRow);
    layout->addLayout(modeRow);
    layout->addWidget(splitter, 1);
    layout->addLayout(inputRow);
    layout->addLayout(figures);
    layout->addLayout(fileRow);
    layout->addWidget(m_fileLabel);
    layout->addLayout(bottomRow);

    // Tab goes where the eye goes: connection, modes, input, then the views and the buttons.
    setTabOrder(m_hostCombo, m_portSpin);
    setTabOrder(m_portSpin, m_connectButton);
    setTabOrder(m_connectButton, m_reconnectCheck);
    setTabOrder(m_reconnectCheck, m_inputModeCombo);
    setTabOrder(m_inputModeCombo, m_lineEndingCombo);
    setTabOrder(m_lineEndingCombo, m_noDelayCheck);
    setTabOrder(m_noDelayCheck, m_viewModeCombo);
    setTabOrder(m_viewModeCombo, m_inputEdit);
    setTabOrder(m_inputEdit, m_lineEdit);
    setTabOrder(m_lineEdit, m_hexInput->edit());
    setTabOrder(m_hexInput->edit(), m_sentView);
    setTabOrder(m_sentView, m_echoView);
    setTabOrder(m_echoView, m_sendFileButton);
    setTabOrder(m_sendFileButton, m_cancelFileButton);
    setTabOrder(m_cancelFileButton, m_copyButton);
    setTabOrder(m_copyButton, m_saveButton);
    setTabOrder(m_saveButton, m_clearButton);
}

void ClientWindow::buildMenus()
{
    // Every menu item does what a control in the window does, through the same slot.
    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(m_connectAction);
    QAction *reconnect = connection->addAction(m_reconnectCheck->text());
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    reconnect->setCheckable(true);
    connect(reconnect, &QAction::toggled, m_reconnectCheck, &QCheckBox::setChecked);
    connect(m_reconnectCheck, &QCheckBox::toggled, reconnect, &QAction::setChecked);
    connection->addSeparator();
    m_sendFileAction = connection->addAction(tr("Send &File…"));
    m_sendFileAction->setObjectName(QStringLiteral("sendFileAction"));
    m_sendFileAction->setShortcut(QKeySequence::Open);
    connect(m_sendFileAction, &QAction::triggered, this, &ClientWindow::chooseFileToSend);
    m_cancelFileAction = connection->addAction(tr("Cancel F&ile"));
    m_cancelFileAction->setObjectName(QStringLiteral("cancelFileAction"));
    m_cancelFileAction->setEnabled(false);
    connect(m_cancelFileAction, &QAction::triggered, &m_client, &EchoClient::cancelFile);
    connection->addSeparator();
    QAction *save = connection->addAction(tr("&Save Received…"));
    save->setObjectName(QStringLiteral("saveReceivedAction"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &ClientWindow::saveReceived);
    QAction *copy = connection->addAction(tr("C&opy Received"));
    copy->setObjectName(QStringLiteral("copyReceivedAction"));
    copy->setShortcut(QKeySequence::Copy);
    connect(copy, &QAction::triggered, this, &ClientWindow::copyReceived);
    QAction *clear = connection->addAction(tr("C&lear Sent and Received"));
    clear->setObjectName(QStringLiteral("clearAction"));
    connect(clear, &QAction::triggered, this, &ClientWindow::clearViews);
    connection->addSeparator();
    QAction *quit = connection->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewModeActions = new QActionGroup(this);
    for (int index = 0; index < m_viewModeCombo->count(); ++index) {
        QAction *mode = view->addAction(tr("Show as %1").arg(m_viewModeCombo->itemText(index)));
        mode->setCheckable(true);
        mode->setData(index);
        mode->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + index)));
        m_viewModeActions->addAction(mode);
    }
    m_viewModeActions->actions().constFirst()->setChecked(true);
    connect(m_viewModeActions, &QActionGroup::triggered, this,
        [this](QAction *mode) { m_viewModeCombo->setCurrentIndex(mode->data().toInt()); });
    connect(m_viewModeCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (QAction *mode = m_viewModeActions->actions().value(index))
            mode->setChecked(true);
    });

    // Qt gives the menu bar's overflow button (for a window too narrow for every menu) no name.
    if (auto *more = menuBar()->findChild<QToolButton *>(QStringLiteral("qt_menubar_ext_button")))
        more->setAccessibleName(tr("More menus"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About TCP Echo Client"));
    about->setObjectName(QStringLiteral("aboutAction"));
    connect(about, &QAction::triggered, this, &ClientWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void ClientWindow::restoreSettings(const ClientOptions &options)
{
    QString host = options.host;
    int port = options.port;
    if (m_settings) {
        m_hostCombo->addItems(m_settings->value(recentHostsKey).toStringList());
        if (!options.hostGiven)
            host = m_settings->value(hostKey, host).toString();
        if (!options.portGiven)
            port = m_settings->value(portKey, port).toInt();
        const auto index = [this](const QString &key, int count) {
            return qBound(0, m_settings->value(key, 0).toInt(), count - 1);
        };
        m_inputModeCombo->setCurrentIndex(index(inputModeKey, m_inputModeCombo->count()));
        m_lineEndingCombo->setCurrentIndex(index(lineEndingKey, m_lineEndingCombo->count()));
        m_viewModeCombo->setCurrentIndex(index(viewModeKey, m_viewModeCombo->count()));
        m_noDelayCheck->setChecked(m_settings->value(noDelayKey, true).toBool());
        m_reconnectCheck->setChecked(m_settings->value(autoReconnectKey, false).toBool());
        restoreWindowGeometry(this, m_settings->value(geometryKey).toByteArray());
    } else {
        m_noDelayCheck->setChecked(true);
    }
    m_hostEdit->setText(host);
    m_portSpin->setValue(port);
}

void ClientWindow::saveSettings() const
{
    if (!m_settings)
        return;
    m_settings->setValue(hostKey, m_hostEdit->text().trimmed());
    m_settings->setValue(portKey, m_portSpin->value());
    m_settings->setValue(inputModeKey, m_inputModeCombo->currentIndex());
    m_settings->setValue(lineEndingKey, m_lineEndingCombo->currentIndex());
    m_settings->setValue(viewModeKey, m_viewModeCombo->currentIndex());
    m_settings->setValue(noDelayKey, m_noDelayCheck->isChecked());
    m_settings->setValue(autoReconnectKey, m_reconnectCheck->isChecked());
    m_settings->setValue(geometryKey, saveGeometry());
}

void ClientWindow::rememberHost(const QString &host)
{
    QStringList recent;
    for (int i = 0; i < m_hostCombo->count(); ++i)
        recent.append(m_hostCombo->itemText(i));
    recent.removeAll(host);
    recent.prepend(host);
    while (recent.size() > maximumRecentHosts)
        recent.removeLast();
    m_hostCombo->clear();
    m_hostCombo->addItems(recent);
    m_hostEdit->setText(host);
    if (m_settings)
        m_settings->setValue(recentHostsKey, recent);
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
    const QString host = m_hostEdit->text().trimmed();
    if (host.isEmpty()) {
        showError(tr("Enter the server's host name or IP address."));
        m_hostEdit->setFocus();
        return;
    }
    m_lastError.clear();
    rememberHost(host);
    m_client.connectToServer(host, quint16(m_portSpin->value()));
}

void ClientWindow::showState(EchoClient::State state)
{
    const bool inputHadFocus = m_inputStack->isAncestorOf(QApplication::focusWidget());
    const bool idle = state == EchoClient::State::Disconnected && !m_client.isReconnectPending();
    const bool connected = state == EchoClient::State::Connected;
    m_hostCombo->setEnabled(idle);
    m_portSpin->setEnabled(idle);
    m_inputStack->setEnabled(connected);
    setSendFileEnabled(connected && !m_client.isSendingFile());
    m_connectButton->setEnabled(state != EchoClient::State::Disconnecting);

    switch (state) {
    case EchoClient::State::Disconnected:
        m_inputEdit->clear();
        m_inputEdit->setPlaceholderText(tr("Connect first, then type here"));
        if (m_client.isReconnectPending()) {
            m_connectButton->setText(tr("Cancel"));
            const QString reason = m_lastError.isEmpty() ? tr("Disconnected.") : m_lastError;
            showStatus(tr("%1 Trying again at %2 (in %3 s, attempt %4).")
                           .arg(reason, QLocale().toString(m_nextAttemptAt, QLocale::LongFormat))
                           .arg(qMax<qint64>(1, (m_nextAttemptInMs + 999) / 1000))
                           .arg(m_attempt),
                !m_lastError.isEmpty());
        } else {
            m_connectButton->setText(tr("Connect"));
            if (m_lastError.isEmpty())
                showStatus(tr("Disconnected"), false);
            else
                showStatus(m_lastError, true);
        }
        if (inputHadFocus)
            m_connectButton->setFocus();
        break;
    case EchoClient::State::Connecting:
        m_connectButton->setText(tr("Cancel"));
        m_inputEdit->clear();
        showStatus(tr("Connecting to %1…").arg(m_client.serverDescription()), false);
        break;
    case EchoClient::State::Connected:
        // A new connection is a new stream: offsets, the echo check and the mark start over;
        // until now the last connection's bytes stayed in view.
        m_sentView->startNewStream();
        m_echoView->startNewStream();
        m_lastError.clear();
        m_connectButton->setText(tr("Disconnect"));
        m_inputEdit->setPlaceholderText(
            tr("Each key is sent as you press it; Enter sends a line break"));
        showStatus(tr("Connected to %1").arg(m_client.serverDescription()), false);
        m_inputStack->currentWidget()->setFocus();
        break;
    case EchoClient::State::Disconnecting:
        showStatus(tr("Disconnecting from %1…").arg(m_client.serverDescription()), false);
        break;
    }
    m_connectButton->setAccessibleName(m_connectButton->text());
    m_connectAction->setText(m_connectButton->text());
    refreshFigures();
}

void ClientWindow::showError(const QString &message)
{
    m_lastError = message;
    if (m_client.state() == EchoClient::State::Disconnected)
        showState(EchoClient::State::Disconnected);
    else
        showStatus(message, true);
}

void ClientWindow::showReconnectScheduled(qint64 delayMs, int attempt)
{
    m_nextAttemptInMs = delayMs;
    m_nextAttemptAt = QTime::currentTime().addMSecs(int(delayMs));
    m_attempt = attempt;
    showState(m_client.state());
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

void ClientWindow::setInputMode(int index)
{
    m_inputStack->setCurrentIndex(qBound(0, index, m_inputStack->count() - 1));
    // Hex input has no Enter key of its own to translate.
    m_lineEndingCombo->setEnabled(index != int(InputMode::Hex));
    if (m_client.state() == EchoClient::State::Connected)
        m_inputStack->currentWidget()->setFocus();
}

void ClientWindow::setLineEnding(int index)
{
    const QByteArray bytes = lineEndingBytes(lineEndings[qBound(0, index, 2)]);
    m_inputEdit->setEnterBytes(bytes);
    m_lineEdit->setLineEnding(bytes);
}

void ClientWindow::setViewMode(int index)
{
    const EchoView::Mode mode = index == 1 ? EchoView::Mode::Hex : EchoView::Mode::Text;
    m_sentView->setMode(mode);
    m_echoView->setMode(mode);
}

void ClientWindow::sendBytes(const QByteArray &bytes)
{
    m_client.send(bytes);
}

void ClientWindow::showSentBytes(const QByteArray &bytes)
{
    m_sentView->appendBytes(bytes);
    scheduleRefresh();
}

void ClientWindow::showReceivedBytes(const QByteArray &bytes)
{
    m_echoView->appendBytes(bytes);
    scheduleRefresh();
}

void ClientWindow::chooseFileToSend()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file to the server"));
    if (!path.isEmpty())
        sendFile(path);
}

void ClientWindow::setSendFileEnabled(bool enabled)
{
    m_sendFileButton->setEnabled(enabled);
    m_sendFileAction->setEnabled(enabled);
}

void ClientWindow::setCancelFileEnabled(bool enabled)
{
    m_cancelFileButton->setEnabled(enabled);
    m_cancelFileAction->setEnabled(enabled);
}

void ClientWindow::sendFile(const QString &path)
{
    if (!m_client.sendFile(path)) {
        m_fileLabel->setText(m_client.fileErrorString());
        return;
    }
    m_fileSent = 0;
    m_fileSize = 0;
    m_fileProgress->setValue(0);
    m_fileProgress->setFormat(QStringLiteral("%p%"));
    setSendFileEnabled(false);
    setCancelFileEnabled(true);
    m_fileLabel->setText(tr("Sending %1…").arg(path));
}

void ClientWindow::showFileProgress(qint64 sent, qint64 size)
{
    m_fileSent = sent;
    m_fileSize = size;
    scheduleRefresh();
}

void ClientWindow::showFileFinished()
{
    setSendFileEnabled(m_client.state() == EchoClient::State::Connected);
    setCancelFileEnabled(false);
    m_fileProgress->setValue(m_fileProgress->maximum());
    m_fileLabel->setText(
        tr("File sent (%1); the echo check says whether it all came back the same.")
            .arg(formatSize(m_fileSize)));
}

void ClientWindow::showFileStopped(const QString &reason)
{
    setSendFileEnabled(m_client.state() == EchoClient::State::Connected);
    setCancelFileEnabled(false);
    m_fileLabel->setText(tr("File stopped after %1 of %2: %3")
            .arg(formatSize(m_fileSent), formatSize(m_fileSize), reason));
}

void ClientWindow::copyReceived()
{
    QGuiApplication::clipboard()->setText(m_echoView->selectedOrAllText());
}

void ClientWindow::saveReceived()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save received bytes"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_echoView->saveBytes(path, &error))
        QMessageBox::warning(this, tr("Save received bytes"), error);
}

void ClientWindow::clearViews()
{
    m_sentView->clear();
    m_echoView->clear();
}

void ClientWindow::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void ClientWindow::refreshFigures()
{
    const QLocale locale;
    m_countersLabel->setText(tr("Sent %1 bytes · Received %2 bytes")
            .arg(locale.toString(m_client.bytesSent()), locale.toString(m_client.bytesReceived())));

    const EchoCheck &check = m_client.echoCheck();
    m_echoCheckLabel->setText(check.summary());

    const RttTracker &rtt = m_client.roundTrips();
    if (const auto last = rtt.lastNs()) {
        m_rttLabel->setText(tr("Round trip: last %1 · median %2 · 99th percentile %3 (of the "
                               "last %4)")
                .arg(formatRoundTripTime(*last), formatRoundTripTime(*rtt.medianNs()),
                    formatRoundTripTime(*rtt.percentile99Ns()))
                .arg(locale.toString(
                    qMin<qint64>(rtt.completedCount(), RttTracker::defaultKeptSamples))));
    } else {
        m_rttLabel->setText(tr("Round trip: none yet"));
    }
    m_rttChart->setSamples(rtt.recentNs(RttChart::shownSamples));

    if (m_fileSize > 0) {
        m_fileProgress->setValue(int(m_fileSent * m_fileProgress->maximum() / m_fileSize));
        m_fileProgress->setFormat(
            tr("%1 of %2").arg(formatSize(m_fileSent), formatSize(m_fileSize)));
    }
}

void ClientWindow::showAbout()
{
    openAboutBox(this, tr("About TCP Echo Client"), tr("TCP Echo Client"));
}
