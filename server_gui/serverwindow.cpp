#include "serverwindow.h"

#include "bytecount.h"
#include "helpmenu.h"
#include "listenaddresses.h"
#include "logfile.h"
#include "logview.h"
#include "statusline.h"
#include "windowgeometry.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace {

const QKeySequence listenShortcut { Qt::CTRL | Qt::Key_L };

const QString addressKey = QStringLiteral("server/address");
const QString portKey = QStringLiteral("server/port");
const QString showDataKey = QStringLiteral("log/showData");
const QString geometryKey = QStringLiteral("window/geometry");
const QString splitterKey = QStringLiteral("window/splitter");
const QString sortColumnKey = QStringLiteral("clients/sortColumn");
const QString sortOrderKey = QStringLiteral("clients/sortOrder");
const QString descendingValue = QStringLiteral("descending");
const QString ascendingValue = QStringLiteral("ascending");

// The sort column is remembered by name, not number, so that it survives columns being added or
// moved in a later version.
constexpr QLatin1String clientColumnKeys[] = { QLatin1String("client"), QLatin1String("address"),
    QLatin1String("port"), QLatin1String("since"), QLatin1String("received"),
    QLatin1String("echoed"), QLatin1String("lastActivity"), QLatin1String("worker") };
static_assert(std::size(clientColumnKeys) == ClientTableModel::ColumnCount);

constexpr std::chrono::milliseconds trafficDisplayInterval { 1000 };

QString rateText(double bytesPerSecond)
{
    const QLocale locale;
    if (bytesPerSecond < 1024)
        return ServerWindow::tr("%1 B/s").arg(locale.toString(qRound64(bytesPerSecond)));
    if (bytesPerSecond < 1024 * 1024)
        return ServerWindow::tr("%1 KB/s").arg(locale.toString(bytesPerSecond / 1024, 'f', 1));
    return ServerWindow::tr("%1 MB/s").arg(locale.toString(bytesPerSecond / (1024 * 1024), 'f', 1));
}

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
    m_logFilter.setSourceModel(&m_logLines);
    m_logFilter.setFilterKeyColumn(-1);
    m_logFilter.setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_trafficTimer.setInterval(trafficDisplayInterval);
    connect(&m_trafficTimer, &QTimer::timeout, this, &ServerWindow::showTraffic);

    buildControls();
    buildMenu();
    buildStatusBar();
    connectServer();
    resize(900, 640);
    restoreSettings(options);
    rememberChoices();
    showListeningState(false);
    setStatus(tr("Stopped"), false);
    showClientCount();
    showTraffic();
    m_listenButton->setFocus();

    if (!options.logFile.isEmpty()) {
        if (m_logFile.open(options.logFile))
            m_log.setLogFile(&m_logFile);
        else
            setStatus(tr("Cannot write the log file %1: %2")
                          .arg(options.logFile, m_logFile.errorString()),
                true);
    }

    if (options.listen)
        QMetaObject::invokeMethod(this, &ServerWindow::startListening, Qt::QueuedConnection);
}

void ServerWindow::buildControls()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_addressCombo = new QComboBox(central);
    m_addressCombo->setObjectName(QStringLiteral("addressCombo"));
    m_addressCombo->setAccessibleName(tr("Listen address"));
    m_addressCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const ListenAddressChoice &choice : listenAddressChoices())
        m_addressCombo->addItem(choice.label, QVariant::fromValue(choice.address));

    m_portSpin = new QSpinBox(central);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setAccessibleName(tr("Port"));
    m_portSpin->setRange(1, 65535);
    m_portSpin->setSpecialValueText(tr("Any free port"));

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

    m_status = new StatusLine(QStyle::SP_MessageBoxCritical, tr("Server status"), central);
    layout->addWidget(m_status);

    m_splitter = new QSplitter(Qt::Vertical, central);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(buildClientPane());
    m_splitter->addWidget(buildLogPane());
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);

    setCentralWidget(central);
    setTabOrder(m_addressCombo, m_portSpin);
    setTabOrder(m_portSpin, m_listenButton);
    setTabOrder(m_listenButton, m_clientTable);
    setTabOrder(m_clientTable, m_disconnectButton);
    setTabOrder(m_disconnectButton, m_filterEdit);
    setTabOrder(m_filterEdit, m_showDataCheck);
    setTabOrder(m_showDataCheck, m_saveLogButton);
    setTabOrder(m_saveLogButton, m_clearLogButton);
    setTabOrder(m_clearLogButton, m_logView);
}

QWidget *ServerWindow::buildClientPane()
{
    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);

    m_clientTable = new QTableView(pane);
    m_clientTable->setObjectName(QStringLiteral("clientTable"));
    m_clientTable->setAccessibleName(tr("Connected clients"));
    m_clientTable->setModel(&m_sortedClients);
    m_sortedClients.keepSelectionOf(m_clientTable->selectionModel());
    m_clientTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clientTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_clientTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clientTable->setWordWrap(false);
    // Tab leaves the table for the next control, rather than walking its cells.
    m_clientTable->setTabKeyNavigation(false);
    m_clientTable->setAlternatingRowColors(true);
    m_clientTable->verticalHeader()->hide();
    // Fixed heights and widths: measuring thousands of rows' contents would stall the view.
    m_clientTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_clientTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_clientTable->horizontalHeader();
    header->setHighlightSections(false);
    header->setSortIndicator(ClientTableModel::ClientColumn, Qt::AscendingOrder);
    m_clientTable->setSortingEnabled(true);
    m_clientTable->viewport()->installEventFilter(this);
    fitClientColumns();

    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    m_disconnectAction->setShortcut(QKeySequence::Delete);
    m_disconnectAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_disconnectAction->setToolTip(tr("Disconnect the selected clients (%1)")
            .arg(QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText)));
    m_clientTable->addAction(m_disconnectAction);
    m_clientTable->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_disconnectButton = new QPushButton(tr("&Disconnect"), pane);
    m_disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    m_disconnectButton->setAccessibleName(tr("Disconnect the selected clients"));
    m_disconnectButton->setToolTip(m_disconnectAction->toolTip());

    auto *clientsLabel = new QLabel(tr("&Clients:"), pane);
    clientsLabel->setBuddy(m_clientTable);
    auto *top = new QHBoxLayout;
    top->addWidget(clientsLabel);
    top->addStretch(1);
    top->addWidget(m_disconnectButton);
    layout->addLayout(top);
    layout->addWidget(m_clientTable, 1);

    connect(
        m_disconnectAction, &QAction::triggered, this, &ServerWindow::disconnectSelectedClients);
    connect(
        m_disconnectButton, &QPushButton::clicked, this, &ServerWindow::disconnectSelectedClients);
    connect(m_clientTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ServerWindow::updateDisconnectEnabled);
    // Rows that go take their selection with them.
    connect(&m_sortedClients, &QAbstractItemModel::rowsRemoved, this,
        &ServerWindow::updateDisconnectEnabled);
    connect(&m_sortedClients, &QAbstractItemModel::modelReset, this,
        &ServerWindow::updateDisconnectEnabled);
    updateDisconnectEnabled();
    return pane;
}

void ServerWindow::fitClientColumns()
{
    // The address takes what the other columns leave; each of those is as wide as its header
    // (room for the sort arrow included) or its widest usual value, measured on sample texts:
    // ResizeToContents would measure every row, 10,000 of them at each change.
    QHeaderView *header = m_clientTable->horizontalHeader();
    header->setStretchLastSection(false);
    const QFontMetrics metrics(m_clientTable->font());
    // The delegate's text margins, then the grid line and a little air.
    const int margins =
        2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_clientTable) + 1) + 8;
    for (int column = 0; column < ClientTableModel::ColumnCount; ++column) {
        int width = header->sectionSizeHint(column);
        for (const QString &sample : ClientTableModel::sampleTexts(column))
            width = qMax(width, metrics.horizontalAdvance(sample) + margins);
        header->resizeSection(column, width);
    }
    header->setSectionResizeMode(ClientTableModel::AddressColumn, QHeaderView::Stretch);
}

QWidget *ServerWindow::buildLogPane()
{
    auto *pane = new QWidget;
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);

    m_filterEdit = new QLineEdit(pane);
    m_filterEdit->setObjectName(QStringLiteral("logFilterEdit"));
    m_filterEdit->setAccessibleName(tr("Filter the log"));
    m_filterEdit->setPlaceholderText(tr("Filter by client or text"));
    m_filterEdit->setClearButtonEnabled(true);

    m_showDataCheck = new QCheckBox(tr("Show da&ta"), pane);
    m_showDataCheck->setObjectName(QStringLiteral("showDataCheck"));
    m_showDataCheck->setAccessibleName(tr("Show data lines"));
    m_showDataCheck->setToolTip(
        tr("Log what each client sends and what is echoed (gathered to about one line a second "
           "per client)"));

    m_saveLogButton = new QPushButton(tr("&Save log…"), pane);
    m_saveLogButton->setObjectName(QStringLiteral("saveLogButton"));
    m_saveLogButton->setAccessibleName(tr("Save the log to a file"));
    m_saveLogButton->setToolTip(tr("Save the lines shown as text or CSV (%1)")
            .arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_clearLogButton = new QPushButton(tr("Cl&ear"), pane);
    m_clearLogButton->setObjectName(QStringLiteral("clearLogButton"));
    m_clearLogButton->setAccessibleName(tr("Clear the log"));

    m_logView = new LogView(pane);
    m_logView->setObjectName(QStringLiteral("logView"));
    m_logView->setAccessibleName(tr("Connection log"));
    m_logView->setModel(&m_logFilter);
    const QFontMetrics metrics(m_logView->font());
    m_logView->horizontalHeader()->resizeSection(
        LogModel::TimeColumn, metrics.horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    m_logView->horizontalHeader()->resizeSection(
        LogModel::StepColumn, metrics.horizontalAdvance(QStringLiteral("shutdown")) + 16);
    m_logView->horizontalHeader()->resizeSection(LogModel::ClientColumn,
        metrics.horizontalAdvance(QStringLiteral("#0000 127.0.0.1:00000")) + 16);

    auto *logLabel = new QLabel(tr("Connection &log:"), pane);
    logLabel->setBuddy(m_logView);
    auto *filterLabel = new QLabel(tr("&Filter:"), pane);
    filterLabel->setBuddy(m_filterEdit);
    auto *top = new QHBoxLayout;
    top->addWidget(logLabel);
    top->addSpacing(12);
    top->addWidget(filterLabel);
    top->addWidget(m_filterEdit, 1);
    top->addWidget(m_showDataCheck);
    top->addWidget(m_saveLogButton);
    top->addWidget(m_clearLogButton);
    layout->addLayout(top);
    layout->addWidget(m_logView, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, &m_logFilter,
        &QSortFilterProxyModel::setFilterFixedString);
    connect(m_showDataCheck, &QCheckBox::toggled, this, [this](bool show) {
        m_log.setShowData(show);
        if (m_settings)
            m_settings->setValue(showDataKey, show);
    });
    connect(m_saveLogButton, &QPushButton::clicked, this, &ServerWindow::askWhereToSaveLog);
    connect(m_clearLogButton, &QPushButton::clicked, &m_logLines, &LogModel::clear);
    return pane;
}

void ServerWindow::buildStatusBar()
{
    m_clientCountLabel = new QLabel(this);
    m_clientCountLabel->setObjectName(QStringLiteral("clientCountLabel"));
    m_clientCountLabel->setAccessibleName(tr("Connected clients"));
    m_echoedLabel = new QLabel(this);
    m_echoedLabel->setObjectName(QStringLiteral("echoedLabel"));
    m_echoedLabel->setAccessibleName(tr("Total bytes echoed"));
    m_rateLabel = new QLabel(this);
    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    m_rateLabel->setAccessibleName(tr("Current echo rate"));
    // Room for large figures, so the bar doesn't shift as they grow.
    m_echoedLabel->setMinimumWidth(fontMetrics().horizontalAdvance(
        tr("%1 bytes echoed").arg(QLocale().toString(Q_INT64_C(999999999999)))));
    m_rateLabel->setMinimumWidth(
        fontMetrics().horizontalAdvance(tr("Echo rate: %1").arg(QStringLiteral("9,999.9 MB/s"))));
    m_echoedLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_rateLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addWidget(m_clientCountLabel, 1);
    statusBar()->addPermanentWidget(m_echoedLabel);
    statusBar()->addPermanentWidget(m_rateLabel);
}

void ServerWindow::buildMenu()
{
    QMenu *server = menuBar()->addMenu(tr("Se&rver"));
    m_listenAction = server->addAction(tr("&Listen"));
    m_listenAction->setObjectName(QStringLiteral("listenAction"));
    m_listenAction->setShortcut(listenShortcut);
    connect(m_listenAction, &QAction::triggered, this, &ServerWindow::toggleListening);
    server->addSeparator();
    QAction *quit = server->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *clients = menuBar()->addMenu(tr("Clie&nts"));
    clients->addAction(m_disconnectAction);

    QMenu *log = menuBar()->addMenu(tr("L&og"));
    QAction *save = log->addAction(tr("&Save Log…"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &ServerWindow::askWhereToSaveLog);
    QAction *clear = log->addAction(tr("&Clear"));
    connect(clear, &QAction::triggered, &m_logLines, &LogModel::clear);
    QAction *filter = log->addAction(tr("&Filter"));
    filter->setShortcut(QKeySequence::Find);
    connect(filter, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    log->addSeparator();
    // The check box holds the choice and acts on it; the menu item only mirrors it. Here rather
    // than in a View menu: it changes what is logged (the --log-file too), not how the log looks.
    m_showDataAction = log->addAction(m_showDataCheck->text());
    m_showDataAction->setObjectName(QStringLiteral("showDataAction"));
    m_showDataAction->setCheckable(true);
    m_showDataAction->setChecked(m_showDataCheck->isChecked());
    connect(m_showDataAction, &QAction::toggled, m_showDataCheck, &QCheckBox::setChecked);
    connect(m_showDataCheck, &QCheckBox::toggled, m_showDataAction, &QAction::setChecked);

    addHelpMenu(this,
        { .action = tr("&About TCP Echo Server"),
            .title = tr("About TCP Echo Server"),
            .programName = tr("TCP Echo Server") });

    connect(m_listenButton, &QPushButton::clicked, this, &ServerWindow::toggleListening);
}

void ServerWindow::connectServer()
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

void ServerWindow::restoreSettings(const ServerOptions &options)
{
    QHostAddress address = options.address;
    quint16 port = options.port;
    bool showData = true;
    if (m_settings) {
        if (!options.addressGiven) {
            const QHostAddress remembered =
                parseListenAddress(m_settings->value(addressKey).toString());
            if (!remembered.isNull())
                address = remembered;
        }
        if (!options.portGiven) {
            bool ok = false;
            const uint remembered = m_settings->value(portKey).toUInt(&ok);
            if (ok && remembered >= 1 && remembered <= 65535)
                port = quint16(remembered);
        }
        showData = m_settings->value(showDataKey, true).toBool();
        restoreWindowGeometry(this, m_settings->value(geometryKey).toByteArray());
        m_splitter->restoreState(m_settings->value(splitterKey).toByteArray());
    }
    restoreClientOrder();
    // An address from the command line is offered even when it is not this machine's (the
    // error then says so); a remembered one that is gone falls back to localhost.
    selectAddress(address, options.addressGiven);
    // Port 0 ("any free port") is offered only when asked for on the command line: in the spin
    // box it would sit one arrow-click below port 1 and silently pick a random port.
    if (port == 0)
        m_portSpin->setMinimum(0);
    m_portSpin->setValue(port);
    m_showDataCheck->setChecked(showData);
    m_log.setShowData(showData);
}

void ServerWindow::restoreClientOrder()
{
    int column = ClientTableModel::ClientColumn;
    Qt::SortOrder order = Qt::AscendingOrder;
    if (m_settings) {
        const QString name = m_settings->value(sortColumnKey).toString();
        const auto *found =
            std::find(std::cbegin(clientColumnKeys), std::cend(clientColumnKeys), name);
        if (found != std::cend(clientColumnKeys)) {
            column = int(found - std::cbegin(clientColumnKeys));
            if (m_settings->value(sortOrderKey).toString() == descendingValue)
                order = Qt::DescendingOrder;
        }
    }
    m_clientTable->sortByColumn(column, order);
}

void ServerWindow::rememberClientOrder(int column, Qt::SortOrder order)
{
    if (!m_settings || column < 0 || column >= ClientTableModel::ColumnCount)
        return;
    m_settings->setValue(sortColumnKey, QString(clientColumnKeys[column]));
    m_settings->setValue(
        sortOrderKey, order == Qt::DescendingOrder ? descendingValue : ascendingValue);
}

void ServerWindow::selectAddress(const QHostAddress &address, bool offerIfMissing)
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

void ServerWindow::rememberChoices()
{
    // Connected after the initial values are set, so that values from the command line are used
    // for this run without being remembered; what the user picks in the window is.
    connect(m_addressCombo, &QComboBox::activated, this, [this] {
        if (m_settings)
            m_settings->setValue(addressKey,
                listenAddressSetting(m_addressCombo->currentData().value<QHostAddress>()));
    });
    connect(m_portSpin, &QSpinBox::valueChanged, this, [this](int port) {
        if (m_settings && port != 0)
            m_settings->setValue(portKey, port);
    });
    connect(m_clientTable->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
        &ServerWindow::rememberClientOrder);
}

void ServerWindow::closeEvent(QCloseEvent *event)
{
    if (m_settings) {
        m_settings->setValue(geometryKey, saveGeometry());
        m_settings->setValue(splitterKey, m_splitter->saveState());
    }
    QMainWindow::closeEvent(event);
}

bool ServerWindow::eventFilter(QObject *watched, QEvent *event)
{
    // A click or drag in the client table picks rows by where they are on screen: a re-sort in
    // between (the counters change four times a second) would move other clients under it.
    if (m_clientTable && watched == m_clientTable->viewport()) {
        switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonDblClick:
            if (static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
                m_choosingRows = true;
                m_sortedClients.setDynamicSortFilter(false);
            }
            break;
        case QEvent::MouseButtonRelease:
            if (m_choosingRows &&
                !static_cast<QMouseEvent *>(event)->buttons().testFlag(Qt::LeftButton)) {
                m_choosingRows = false;
                // Once the view has handled the release, which may still select by position.
                QMetaObject::invokeMethod(
                    this, &ServerWindow::resumeSortingAfterClick, Qt::QueuedConnection);
            }
            break;
        default:
            break;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void ServerWindow::resumeSortingAfterClick()
{
    // Another click may have begun since the release.
    if (!m_choosingRows)
        m_sortedClients.setDynamicSortFilter(true);
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

void ServerWindow::showListening(bool listening)
{
    if (listening) {
        m_listeningOn = m_server.listeningDescription();
        setStatus(tr("Listening on %1").arg(m_listeningOn), false);
        m_log.listeningStarted(
            m_server.address(), m_server.port(), EchoServer::listenBacklog, m_server.workerCount());
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
    showListeningState(listening);
    showClientCount();
    showTraffic();
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
    const int count = m_server.clientCount();
    if (count == 0)
        m_clientCountLabel->setText(tr("No clients connected"));
    else if (count == 1)
        m_clientCountLabel->setText(tr("1 client connected"));
    else
        m_clientCountLabel->setText(tr("%1 clients connected").arg(QLocale().toString(count)));
}

void ServerWindow::countTraffic(const QList<TrafficSample> &samples)
{
    for (const TrafficSample &sample : samples)
        m_totalEchoed += sample.echoed;
}

void ServerWindow::showTraffic()
{
    m_echoedLabel->setText(tr("%1 echoed").arg(formatByteCount(m_totalEchoed)));
    if (!m_rateClock.isValid()) {
        m_rateLabel->setText(tr("Echo rate: –"));
        return;
    }
    const qint64 elapsed = m_rateClock.restart();
    const double rate =
        elapsed > 0 ? double(m_totalEchoed - m_echoedAtLastRate) * 1000.0 / double(elapsed) : 0.0;
    m_echoedAtLastRate = m_totalEchoed;
    m_rateLabel->setText(tr("Echo rate: %1").arg(rateText(rate)));
}

QList<quint64> ServerWindow::selectedClientIds() const
{
    QList<quint64> ids;
    const QModelIndexList rows = m_clientTable->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (const quint64 id = m_clients.clientId(m_sortedClients.mapToSource(row).row()))
            ids.append(id);
    }
    return ids;
}

void ServerWindow::disconnectSelectedClients()
{
    const QList<quint64> ids = selectedClientIds();
    for (const quint64 id : ids) {
        m_log.disconnecting(id, tr("chosen in the client table"));
        m_server.disconnectClient(id);
    }
}

void ServerWindow::updateDisconnectEnabled()
{
    const bool any = m_clientTable->selectionModel()->hasSelection();
    m_disconnectAction->setEnabled(any);
    m_disconnectButton->setEnabled(any);
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
    return writeLogFile(file, m_logFilter, format) && file.commit();
}
