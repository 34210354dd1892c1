#include "clienttablemodel.h"
#include "echoserver.h"
#include "listenaddresses.h"
#include "logmodel.h"
#include "logview.h"
#include "serveroptions.h"
#include "serverwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkDatagram>
#include <QNetworkInterface>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <algorithm>
#include <memory>
#include <sys/socket.h>
#include <vector>

namespace {

// The system picks the port, so tests never collide with each other or with a real server.
ServerOptions anyFreePort()
{
    ServerOptions options;
    options.port = 0;
    options.portGiven = true;
    return options;
}

// Also every log line appended to the file at `path` (--log-file).
ServerOptions anyFreePortLoggingTo(const QString &path)
{
    ServerOptions options = anyFreePort();
    options.logFile = path;
    return options;
}

const QRegularExpression listeningOnLocalhost { QStringLiteral(
    R"(^Listening on 127\.0\.0\.1:(\d+) \(TCP and UDP\)$)") };

// The three ways a user disconnects the selected clients, as data rows for ServerWindowParts::
// disconnectSelected().
void addDisconnectWays()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("button") << QStringLiteral("button");
    QTest::newRow("Delete key") << QStringLiteral("key");
    QTest::newRow("context menu") << QStringLiteral("menu");
}

// The window under test, reached the way a user sees it: through its named widgets. Its
// settings live in a temporary file, never in the user's.
struct ServerWindowParts
{
    explicit ServerWindowParts(
        const ServerOptions &options = anyFreePort(), const QString &settingsFile = QString())
        : settings(settingsFile.isEmpty() ? directory.filePath(QStringLiteral("settings.ini"))
                                          : settingsFile,
              QSettings::IniFormat)
        , window(options, &settings)
    { }

    QTemporaryDir directory;
    QSettings settings;
    ServerWindow window;
    QComboBox *address = window.findChild<QComboBox *>(QStringLiteral("addressCombo"));
    QSpinBox *port = window.findChild<QSpinBox *>(QStringLiteral("portSpin"));
    QCheckBox *tcp = window.findChild<QCheckBox *>(QStringLiteral("tcpCheck"));
    QCheckBox *udp = window.findChild<QCheckBox *>(QStringLiteral("udpCheck"));
    QPushButton *listen = window.findChild<QPushButton *>(QStringLiteral("listenButton"));
    QLabel *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    QLabel *statusIcon = window.findChild<QLabel *>(QStringLiteral("statusIcon"));
    QLabel *clientCount = window.findChild<QLabel *>(QStringLiteral("clientCountLabel"));
    QLabel *echoed = window.findChild<QLabel *>(QStringLiteral("echoedLabel"));
    QLabel *rate = window.findChild<QLabel *>(QStringLiteral("rateLabel"));
    QTableView *table = window.findChild<QTableView *>(QStringLiteral("clientTable"));
    QPushButton *disconnect = window.findChild<QPushButton *>(QStringLiteral("disconnectButton"));
    QAction *disconnectAction = window.findChild<QAction *>(QStringLiteral("disconnectAction"));
    QAction *showDataAction = window.findChild<QAction *>(QStringLiteral("showDataAction"));
    QLineEdit *filter = window.findChild<QLineEdit *>(QStringLiteral("logFilterEdit"));
    QCheckBox *showData = window.findChild<QCheckBox *>(QStringLiteral("showDataCheck"));
    QPushButton *saveLog = window.findChild<QPushButton *>(QStringLiteral("saveLogButton"));
    QPushButton *clearLog = window.findChild<QPushButton *>(QStringLiteral("clearLogButton"));
    QSplitter *splitter = window.findChild<QSplitter *>(QStringLiteral("splitter"));
    LogView *log = window.findChild<LogView *>(QStringLiteral("logView"));

    bool complete() const
    {
        return address && port && tcp && udp && listen && status && statusIcon && clientCount &&
            echoed && rate && table && disconnect && disconnectAction && showDataAction && filter &&
            showData && saveLog && clearLog && splitter && log && clients() && logLines();
    }

    // What the table shows: the clients in the order the user chose.
    QSortFilterProxyModel *sortedClients() const
    {
        return table ? qobject_cast<QSortFilterProxyModel *>(table->model()) : nullptr;
    }
    ClientTableModel *clients() const
    {
        return sortedClients() ? qobject_cast<ClientTableModel *>(sortedClients()->sourceModel())
                               : nullptr;
    }
    QSortFilterProxyModel *logFilter() const
    {
        return log ? qobject_cast<QSortFilterProxyModel *>(log->model()) : nullptr;
    }
    LogModel *logLines() const
    {
        return logFilter() ? qobject_cast<LogModel *>(logFilter()->sourceModel()) : nullptr;
    }

    // Clicks Listen, as a user starts the server; true when the window then listens.
    bool clickListen()
    {
        QTest::mouseClick(listen, Qt::LeftButton);
        return listeningPort() != 0;
    }

    // The port the status line names, 0 when it doesn't say "Listening on 127.0.0.1:<port>" for
    // both protocols, as the window does unless told otherwise.
    quint16 listeningPort() const
    {
        const auto match = listeningOnLocalhost.match(status->text());
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

    // Every line the log keeps (whatever the filter shows) as "step|client|message".
    QStringList logRows() const
    {
        QStringList rows;
        const LogModel *model = logLines();
        for (int r = 0; r < model->rowCount(); ++r) {
            const LogLine &line = model->line(r);
            rows << socketStepName(line.step) + u'|' + line.client + u'|' + line.message;
        }
        return rows;
    }
    QString logText() const { return logRows().join(u'\n'); }
    bool logContains(const QString &text) const { return logText().contains(text); }

    // Disconnects the selected clients the way `how` names: "button", "key" (Delete) or "menu".
    void disconnectSelected(const QString &how)
    {
        if (how == u"button") {
            QTest::mouseClick(disconnect, Qt::LeftButton);
        } else if (how == u"key") {
            table->setFocus();
            QTest::keyClick(table, Qt::Key_Delete);
        } else {
            disconnectAction->trigger();
        }
    }

    int rowOfPort(quint16 clientPort) const
    {
        for (int r = 0; r < clients()->rowCount(); ++r) {
            if (clients()
                    ->index(r, ClientTableModel::PortColumn)
                    .data(ClientTableModel::ValueRole) == clientPort)
                return r;
        }
        return -1;
    }
    qint64 counter(quint16 clientPort, int column) const
    {
        const int row = rowOfPort(clientPort);
        return row < 0
            ? -1
            : clients()->index(row, column).data(ClientTableModel::ValueRole).toLongLong();
    }

    // The clients' ports (or numbers) from the top of the table down, as the user sees them.
    QList<quint16> shownPorts() const
    {
        QList<quint16> ports;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            ports << quint16(table->model()
                    ->index(r, ClientTableModel::PortColumn)
                    .data(ClientTableModel::ValueRole)
                    .toUInt());
        }
        return ports;
    }
    QList<quint64> shownNumbers() const
    {
        QList<quint64> numbers;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            numbers << table->model()
                           ->index(r, ClientTableModel::ClientColumn)
                           .data(ClientTableModel::ValueRole)
                           .toULongLong();
        }
        return numbers;
    }
    QList<quint16> selectedPorts() const
    {
        QList<quint16> ports;
        const QModelIndexList rows = table->selectionModel()->selectedRows();
        for (const QModelIndex &row : rows) {
            ports << quint16(row.siblingAtColumn(ClientTableModel::PortColumn)
                    .data(ClientTableModel::ValueRole)
                    .toUInt());
        }
        return ports;
    }

    // Where the client's row is on screen, wherever the sort has put it.
    QPoint rowCentre(quint16 clientPort) const
    {
        const QModelIndex source = clients()->index(rowOfPort(clientPort), 0);
        return table->visualRect(sortedClients()->mapFromSource(source)).center();
    }
    void clickHeader(int column) const
    {
        QHeaderView *header = table->horizontalHeader();
        const QPoint centre(
            header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
            header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, centre);
    }
};

// A client of the window's server, connected before it is returned.
std::unique_ptr<QTcpSocket> connectedClient(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(5000))
        return {};
    return socket;
}

// `count` clients connected to `port` one after another; fewer when one could not connect.
std::vector<std::unique_ptr<QTcpSocket>> connectedClients(quint16 port, int count)
{
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(connectedClient(port));
        if (!clients.back()) {
            clients.pop_back();
            break;
        }
    }
    return clients;
}

QString expectedLabelFor(const QHostAddress &address)
{
    for (const ListenAddressChoice &choice : listenAddressChoices()) {
        if (choice.address == address)
            return choice.label;
    }
    return {};
}

} // namespace

class tst_ServerWindow : public QObject
{
    Q_OBJECT

private slots:
    void startsStoppedOnLocalhostWithTheDefaultPort();
    void offersEveryAddressOfEveryInterface();
    void commandLineAddressIsOfferedAndSelected_data();
    void commandLineAddressIsOfferedAndSelected();
    void listenButtonStartsListeningAndLocksTheControls();
    void listeningIsLoggedAsSocketBindListen();
    void listensOnTheChosenFreePort();
    void listensOnTheSelectedAddress_data();
    void listensOnTheSelectedAddress();
    void portInUseIsShownAndAnotherPortCanBeTried();
    void protocolCheckBoxesChooseWhatListensAndAreRemembered();
    void protocolsFromTheCommandLineAreUsedButNotRemembered();
    void oneProtocolsPortInUseLeavesTheOtherServing_data();
    void oneProtocolsPortInUseLeavesTheOtherServing();
    void udpPeerIsShownInTheTableAndLoggedAsRecvfromAndSendto();
    void listenOptionStartsListeningWithoutAClick();
    void shortcutTogglesListening();
    void acceptedClientIsLoggedWithItsAddressAndPort();
    void logFileGetsEveryLineAsItHappens();
    void unwritableLogFileIsSaidInTheStatus();
    void logFileWriteFailureIsSaidOnceInTheLog();
    void echoedDataIsLoggedWithByteCountAndVisiblePreview_data();
    void echoedDataIsLoggedWithByteCountAndVisiblePreview();
    void showDataOffLeavesDataOutOfTheLog_data();
    void showDataOffLeavesDataOutOfTheLog();
    void showDataMenuItemAndCheckBoxStayInStep();
    void clientClosingItsConnectionIsLogged();
    void halfCloseIsLoggedAsShutdownBeforeClose();
    void stopDisconnectsEveryClient();
    void statusBarCountsConnectedClients();
    void statusBarShowsBytesEchoedAndTheEchoRate();
    void tableGainsAndLosesRowsAsClientsComeAndGo();
    void tableCountersMatchWhatTheClientSent();
    void disconnectClosesExactlyTheChosenClients_data();
    void disconnectClosesExactlyTheChosenClients();
    void disconnectIsEnabledOnlyWithASelection();
    void clientColumnsFitTheDefaultWindowWithoutScrollingSideways();
    void clientsAreListedByNumberAsNumbers();
    void clickingBytesReceivedPutsTheBusiestClientFirst();
    void selectionFollowsItsClientWhenTheOrderChanges_data();
    void selectionFollowsItsClientWhenTheOrderChanges();
    void rowsHoldStillWhileTheMouseIsChoosingThem();
    void sortOrderComesFromTheSettings_data();
    void sortOrderComesFromTheSettings();
    void sortOrderChosenByClickingIsRemembered();
    void logKeepsOnlyTheNewestLines();
    void filterNarrowsTheLogByClientOrText();
    void saveWritesTheLogAsTextOrCsv_data();
    void saveWritesTheLogAsTextOrCsv();
    void clearEmptiesTheLog();
    void settingsRoundTrip();
    void commandLineValuesOverrideRememberedOnes();
    void tabReachesEveryControlAndEachHasAnAccessibleName();
};

void tst_ServerWindow::startsStoppedOnLocalhostWithTheDefaultPort()
{
    ServerWindowParts ui { ServerOptions {} };
    QVERIFY(ui.complete());
    QCOMPARE(ui.window.windowTitle(), QStringLiteral("TCP Echo Server"));
    QCOMPARE(ui.address->currentText(), QStringLiteral("Localhost only (127.0.0.1)"));
    QCOMPARE(ui.address->itemText(1), QStringLiteral("All interfaces (IPv4 + IPv6)"));
    QCOMPARE(ui.port->value(), 22000);
    QCOMPARE(ui.port->minimum(), 1);
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QVERIFY(ui.listen->toolTip().contains(
        QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText)));
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QVERIFY(ui.address->isEnabled());
    QVERIFY(ui.port->isEnabled());
    QVERIFY(ui.showData->isChecked());
    QCOMPARE(ui.clients()->rowCount(), 0);
    QCOMPARE(ui.log->editTriggers(), QAbstractItemView::NoEditTriggers);
    QCOMPARE(ui.window.focusWidget(), ui.listen);
}

void tst_ServerWindow::offersEveryAddressOfEveryInterface()
{
    ServerWindowParts ui { ServerOptions {} };
    QVERIFY(ui.complete());
    const QList<ListenAddressChoice> choices = listenAddressChoices();
    QCOMPARE(ui.address->count(), choices.size());
    QList<QHostAddress> offered;
    for (int i = 0; i < ui.address->count(); ++i)
        offered << ui.address->itemData(i).value<QHostAddress>();
    // The loopback interface is up wherever these tests run; its 127.0.0.1 is offered once.
    QCOMPARE(offered.count(QHostAddress(QHostAddress::LocalHost)), 1);
    QVERIFY(offered.contains(QHostAddress(QHostAddress::Any)));
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        if (!interface.flags().testFlag(QNetworkInterface::IsUp))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries())
            QVERIFY2(offered.contains(entry.ip()), qPrintable(entry.ip().toString()));
    }
}

void tst_ServerWindow::commandLineAddressIsOfferedAndSelected_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("addedItem"); // empty: the address is among the offered ones

    QTest::newRow("localhost") << QStringLiteral("localhost") << QString();
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << QString();
    QTest::newRow("any") << QStringLiteral("any") << QString();
    QTest::newRow("other IPv4") << QStringLiteral("192.0.2.7")
                                << QStringLiteral("This address only (192.0.2.7)");
    QTest::newRow("all IPv4") << QStringLiteral("0.0.0.0")
                              << QStringLiteral("All IPv4 interfaces (0.0.0.0)");
    QTest::newRow("all IPv6") << QStringLiteral("::") << QStringLiteral("All IPv6 interfaces (::)");
}

void tst_ServerWindow::commandLineAddressIsOfferedAndSelected()
{
    QFETCH(QString, given);
    QFETCH(QString, addedItem);

    ServerOptions options;
    options.address = parseListenAddress(given);
    options.addressGiven = true;
    QVERIFY(!options.address.isNull());
    ServerWindowParts ui { options };
    QVERIFY(ui.complete());
    const int offered = int(listenAddressChoices().size());
    QCOMPARE(ui.address->count(), addedItem.isEmpty() ? offered : offered + 1);
    QCOMPARE(ui.address->currentText(),
        addedItem.isEmpty() ? expectedLabelFor(options.address) : addedItem);
    QCOMPARE(ui.address->currentData().value<QHostAddress>(), options.address);
}

void tst_ServerWindow::listenButtonStartsListeningAndLocksTheControls()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QCOMPARE(ui.port->value(), 0);
    QCOMPARE(ui.port->text(), QStringLiteral("Any free port"));

    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const quint16 port = ui.listeningPort();
    QVERIFY2(port != 0, qPrintable(ui.status->text()));
    QCOMPARE(ui.listen->text(), QStringLiteral("Stop"));
    QVERIFY(!ui.address->isEnabled());
    QVERIFY(!ui.port->isEnabled());
    QVERIFY(ui.address->toolTip().contains(QStringLiteral("Stop the server")));
    QVERIFY(ui.port->toolTip().contains(QStringLiteral("Stop the server")));
    QVERIFY(!ui.status->font().bold());
    QVERIFY(ui.statusIcon->isHidden());

    auto client = connectedClient(port);
    QVERIFY(client);

    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QVERIFY(ui.address->isEnabled());
    QVERIFY(ui.port->isEnabled());
    QVERIFY(!ui.address->toolTip().contains(QStringLiteral("Stop the server")));
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("close||Stopped listening on 127.0.0.1:%1").arg(port)),
        qPrintable(ui.logText()));
}

void tst_ServerWindow::listeningIsLoggedAsSocketBindListen()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const quint16 port = ui.listeningPort();
    QVERIFY(port != 0);

    // TCP's three calls, then UDP's two: a datagram socket neither listens nor accepts.
    QTRY_COMPARE(ui.logLines()->rowCount(), 5);
    const QStringList rows = ui.logRows();
    QCOMPARE(rows.at(0), QStringLiteral("socket||Created a TCP IPv4 socket"));
    QCOMPARE(rows.at(1), QStringLiteral("bind||Bound to 127.0.0.1:%1").arg(port));
    QVERIFY2(rows.at(2).startsWith(
                 QStringLiteral("listen||Listening on 127.0.0.1:%1 (backlog ").arg(port)),
        qPrintable(rows.at(2)));
    const int workers = ui.window.findChild<EchoServer *>()->workerCount();
    QCOMPARE(rows.at(3),
        QStringLiteral("socket||Created a UDP IPv4 socket for each worker (%1), sharing the port "
                       "with SO_REUSEPORT")
            .arg(workers));
    QCOMPARE(rows.at(4), QStringLiteral("bind||Bound to 127.0.0.1:%1").arg(port));
    // Each line is stamped with the time it happened.
    const QRegularExpression stamp(QStringLiteral(R"(^\d\d:\d\d:\d\d\.\d\d\d$)"));
    const QModelIndex time = ui.log->model()->index(0, LogModel::TimeColumn);
    QVERIFY2(stamp.match(time.data().toString()).hasMatch(), qPrintable(time.data().toString()));
    QCOMPARE(ui.log->model()->index(0, LogModel::StepColumn).data().toString(),
        QStringLiteral("socket"));
}

void tst_ServerWindow::listensOnTheChosenFreePort()
{
    // A port found free a moment ago: the one way to try a port typed into the spin box.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ServerWindowParts ui { ServerOptions {} };
    QVERIFY(ui.complete());
    ui.port->setValue(port);
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(
        ui.status->text(), QStringLiteral("Listening on 127.0.0.1:%1 (TCP and UDP)").arg(port));
    QCOMPARE(ui.listen->text(), QStringLiteral("Stop"));
}

void tst_ServerWindow::listensOnTheSelectedAddress_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("connectTo");
    QTest::addColumn<QString>("statusPattern");

    QTest::newRow("localhost") << QString() << QStringLiteral("127.0.0.1")
                               << QStringLiteral(
                                      R"(^Listening on 127\.0\.0\.1:(\d+) \(TCP and UDP\)$)");
    QTest::newRow("IPv6 loopback from the command line")
        << QStringLiteral("::1") << QStringLiteral("::1")
        << QStringLiteral(R"(^Listening on \[::1\]:(\d+) \(TCP and UDP\)$)");
}

void tst_ServerWindow::listensOnTheSelectedAddress()
{
    QFETCH(QString, given);
    QFETCH(QString, connectTo);
    QFETCH(QString, statusPattern);

    ServerOptions options = anyFreePort();
    if (!given.isEmpty()) {
        options.address = parseListenAddress(given);
        options.addressGiven = true;
    }
    ServerWindowParts ui { options };
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const auto match = QRegularExpression(statusPattern).match(ui.status->text());
    QVERIFY2(match.hasMatch(), qPrintable(ui.status->text()));

    QTcpSocket client;
    client.connectToHost(QHostAddress(connectTo), quint16(match.captured(1).toUInt()));
    QVERIFY(client.waitForConnected(5000));
    client.write("ping");
    QTRY_COMPARE(client.bytesAvailable(), 4);
    QCOMPARE(client.readAll(), QByteArray("ping"));
}

void tst_ServerWindow::portInUseIsShownAndAnotherPortCanBeTried()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    // The UDP side too: the server serves UDP alone when only its TCP port is taken.
    QUdpSocket udpOccupier;
    QVERIFY(udpOccupier.bind(
        QHostAddress::LocalHost, occupier.serverPort(), QUdpSocket::DontShareAddress));

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.port->setValue(occupier.serverPort());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY2(ui.status->text().contains(QStringLiteral("already in use")),
        qPrintable(ui.status->text()));
    QVERIFY(ui.status->text().contains(QString::number(occupier.serverPort())));
    QVERIFY(ui.status->font().bold());
    QVERIFY(!ui.statusIcon->isHidden());
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QVERIFY(ui.port->isEnabled());
    QTRY_VERIFY2(ui.logContains(
                     QStringLiteral("error||Port %1 is already in use").arg(occupier.serverPort())),
        qPrintable(ui.logText()));

    ui.port->setValue(0);
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY2(ui.listeningPort() != 0, qPrintable(ui.status->text()));
    QVERIFY(ui.listeningPort() != occupier.serverPort());
    QVERIFY(!ui.status->font().bold());
    QVERIFY(ui.statusIcon->isHidden());
    QCOMPARE(ui.listen->text(), QStringLiteral("Stop"));
}

void tst_ServerWindow::listenOptionStartsListeningWithoutAClick()
{
    ServerOptions options = anyFreePort();
    options.listen = true;
    ServerWindowParts ui { options };
    QVERIFY(ui.complete());
    QTRY_VERIFY2(ui.listeningPort() != 0, qPrintable(ui.status->text()));
    QCOMPARE(ui.listen->text(), QStringLiteral("Stop"));
    QVERIFY(connectedClient(ui.listeningPort()));
}

void tst_ServerWindow::shortcutTogglesListening()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&ui.window));

    QTest::keyClick(&ui.window, Qt::Key_L, Qt::ControlModifier);
    QVERIFY2(ui.listeningPort() != 0, qPrintable(ui.status->text()));
    QTest::keyClick(&ui.window, Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
}

void tst_ServerWindow::acceptedClientIsLoggedWithItsAddressAndPort()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(client->localPort());
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("accept|#1 %1|Connection accepted from %1, served by worker ")
                .arg(endpoint)),
        qPrintable(ui.logText()));
}

void tst_ServerWindow::logFileGetsEveryLineAsItHappens()
{
    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("server.log"));
    ServerWindowParts ui(anyFreePortLoggingTo(path));
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    client->write("hello");
    const auto logFile = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(client->localPort());
    // Written as it happens, not when the window gets round to showing it.
    QTRY_VERIFY2(logFile().contains(QStringLiteral("  recv  #1 %1  Received 5 bytes in 1 read: "
                                                   "\"hello\"")
                         .arg(endpoint)),
        qPrintable(logFile()));
    const QString text = logFile();
    QVERIFY(text.contains(QStringLiteral("  listen  ")));
    QVERIFY(text.contains(QStringLiteral("  accept  #1 %1  Connection accepted").arg(endpoint)));
    QVERIFY(text.contains(QStringLiteral("  send  #1 %1  Echoed 5 bytes").arg(endpoint)));
}

void tst_ServerWindow::unwritableLogFileIsSaidInTheStatus()
{
    QTemporaryDir directory;
    ServerWindowParts ui(
        anyFreePortLoggingTo(directory.filePath(QStringLiteral("no/such/folder/server.log"))));
    QVERIFY(ui.complete());
    QVERIFY2(ui.status->text().startsWith(QStringLiteral("Cannot write the log file ")),
        qPrintable(ui.status->text()));
    QVERIFY(ui.statusIcon->isVisibleTo(&ui.window));
    // The window still works.
    QVERIFY(ui.clickListen());
}

void tst_ServerWindow::logFileWriteFailureIsSaidOnceInTheLog()
{
    // Every write to /dev/full fails with ENOSPC, as on a full disk. (The command line refuses
    // a device as --log-file; the window is given it directly.)
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    ServerWindowParts ui(anyFreePortLoggingTo(QStringLiteral("/dev/full")));
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    QTRY_VERIFY2(
        ui.logText().contains(QStringLiteral("Connection accepted")), qPrintable(ui.logText()));
    const QString failure = QStringLiteral(
        "error||Cannot write the log file /dev/full: No space left on device. Lines that cannot "
        "be written are counted, and the file will say how many are missing.");
    QCOMPARE(ui.logRows().count(failure), 1);
    QCOMPARE(ui.logText().count(QStringLiteral("Cannot write the log file")), 1);
}

void tst_ServerWindow::echoedDataIsLoggedWithByteCountAndVisiblePreview_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QString>("received");
    QTest::addColumn<QString>("echoed");

    QTest::newRow("text") << QByteArray("hello")
                          << QStringLiteral("Received 5 bytes in 1 read: \"hello\"")
                          << QStringLiteral("Echoed 5 bytes");
    QTest::newRow("NUL byte") << QByteArray("a\0b", 3)
                              << QStringLiteral("Received 3 bytes in 1 read: \"a") + QChar(0x2400) +
            u"b\"" << QStringLiteral("Echoed 3 bytes");
    QTest::newRow("line break") << QByteArray("hi\r\n")
                                << QStringLiteral("Received 4 bytes in 1 read: \"hi") +
            QChar(0x240D) + QChar(0x240A) + u'"'
                                << QStringLiteral("Echoed 4 bytes");
    QTest::newRow("one byte") << QByteArray("x")
                              << QStringLiteral("Received 1 byte in 1 read: \"x\"")
                              << QStringLiteral("Echoed 1 byte");
    // Would reverse the rest of the line, or show as a box, if they were not made visible.
    QTest::newRow("direction override")
        << QByteArray("ab\xe2\x80\xae"
                      "cd")
        << QStringLiteral("Received 7 bytes in 1 read: \"ab⟨U+202E⟩cd\"")
        << QStringLiteral("Echoed 7 bytes");
    QTest::newRow("C1 control") << QByteArray("\xc2\x9b"
                                              "1m")
                                << QStringLiteral("Received 4 bytes in 1 read: \"⟨U+009B⟩1m\"")
                                << QStringLiteral("Echoed 4 bytes");
}

void tst_ServerWindow::echoedDataIsLoggedWithByteCountAndVisiblePreview()
{
    QFETCH(QByteArray, sent);
    QFETCH(QString, received);
    QFETCH(QString, echoed);

    QTemporaryDir directory;
    const QString path = directory.filePath(QStringLiteral("server.log"));
    ServerWindowParts ui(anyFreePortLoggingTo(path));
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    client->write(sent);
    QTRY_COMPARE(client->bytesAvailable(), sent.size());
    QCOMPARE(client->readAll(), sent);

    const QString name = QStringLiteral("#1 127.0.0.1:%1").arg(client->localPort());
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("recv|%1|%2").arg(name, received)), qPrintable(ui.logText()));
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("send|%1|%2").arg(name, echoed)), qPrintable(ui.logText()));
    // The log file gets the same visible text.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString written = QString::fromUtf8(file.readAll());
    QVERIFY2(written.contains(QStringLiteral("  recv  %1  %2\n").arg(name, received)),
        qPrintable(written));
}

void tst_ServerWindow::showDataOffLeavesDataOutOfTheLog_data()
{
    QTest::addColumn<bool>("fromTheMenu");
    QTest::newRow("check box") << false;
    QTest::newRow("Log menu") << true;
}

void tst_ServerWindow::showDataOffLeavesDataOutOfTheLog()
{
    QFETCH(bool, fromTheMenu);

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    if (fromTheMenu)
        ui.showDataAction->trigger();
    else
        QTest::mouseClick(ui.showData, Qt::LeftButton);
    QVERIFY(!ui.showData->isChecked());
    QVERIFY(!ui.showDataAction->isChecked());
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    client->write("quiet");
    QTRY_COMPARE(client->bytesAvailable(), 5);
    // The table still counts it, so the traffic has reached the window by then.
    QTRY_COMPARE(ui.counter(client->localPort(), ClientTableModel::EchoedColumn), 5);
    client->disconnectFromHost();
    QTRY_VERIFY(ui.logContains(QStringLiteral("Client closed the connection")));
    QVERIFY2(!ui.logContains(QStringLiteral("recv|")), qPrintable(ui.logText()));
    QVERIFY2(!ui.logContains(QStringLiteral("send|")), qPrintable(ui.logText()));
}

void tst_ServerWindow::showDataMenuItemAndCheckBoxStayInStep()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    // In the Log menu, with the log's other commands, and reachable there by its own letter.
    QMenu *logMenu = nullptr;
    const auto menus = ui.window.menuBar()->actions();
    for (const QAction *menu : menus) {
        if (menu->text() == u"L&og")
            logMenu = menu->menu();
    }
    QVERIFY(logMenu);
    QVERIFY(logMenu->actions().contains(ui.showDataAction));
    QSet<QChar> letters;
    const auto items = logMenu->actions();
    for (const QAction *item : items) {
        const qsizetype amp = item->text().indexOf(u'&');
        if (amp < 0)
            continue;
        const QChar letter = item->text().at(amp + 1).toLower();
        QVERIFY2(!letters.contains(letter), qPrintable(item->text()));
        letters.insert(letter);
    }
    QVERIFY(ui.showDataAction->isCheckable());
    QCOMPARE(ui.showDataAction->text(), ui.showData->text());
    QVERIFY(ui.showData->isChecked());
    QVERIFY(ui.showDataAction->isChecked());

    ui.showDataAction->trigger();
    QVERIFY(!ui.showData->isChecked());
    QVERIFY(!ui.showDataAction->isChecked());
    QCOMPARE(ui.settings.value(QStringLiteral("log/showData")).toBool(), false);

    QTest::mouseClick(ui.showData, Qt::LeftButton);
    QVERIFY(ui.showData->isChecked());
    QVERIFY(ui.showDataAction->isChecked());
    QCOMPARE(ui.settings.value(QStringLiteral("log/showData")).toBool(), true);

    // Remembered off, both start off.
    QTest::mouseClick(ui.showData, Qt::LeftButton);
    ui.settings.sync();
    ServerWindowParts again { anyFreePort(), ui.settings.fileName() };
    QVERIFY(again.complete());
    QVERIFY(!again.showData->isChecked());
    QVERIFY(!again.showDataAction->isChecked());
}

void tst_ServerWindow::clientClosingItsConnectionIsLogged()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    const QString name = QStringLiteral("#1 127.0.0.1:%1").arg(client->localPort());
    QTRY_VERIFY(ui.logContains(QStringLiteral("accept|%1|").arg(name)));
    client->write("bye");
    QTRY_COMPARE(client->bytesAvailable(), 3);
    client->disconnectFromHost();

    QTRY_VERIFY2(ui.logContains(QStringLiteral("close|%1|Client closed the connection (3 bytes "
                                               "received, 3 bytes echoed in total)")
                         .arg(name)),
        qPrintable(ui.logText()));
    QVERIFY(ui.status->text().startsWith(QStringLiteral("Listening on")));
}

void tst_ServerWindow::halfCloseIsLoggedAsShutdownBeforeClose()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    // Room for more waiting echo than one block beyond the 256 KiB looked for below, so that
    // the server reads everything sent, up to the end of the stream.
    auto *server = ui.window.findChild<EchoServer *>(QStringLiteral("echoServer"));
    QVERIFY(server);
    server->setPendingEchoAllowance(1024 * 1024);
    QVERIFY(ui.clickListen());
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    const quint16 clientPort = client->localPort();
    const QString name = QStringLiteral("#1 127.0.0.1:%1").arg(clientPort);
    QTRY_VERIFY(ui.rowOfPort(clientPort) >= 0);

    // The client sends without reading until the table shows echo waiting in the server (the
    // kernel would take no more), then shuts down its sending side: the server reads the end of
    // its stream with echo still to send.
    client->setReadBufferSize(1);
    const int size = 64 * 1024;
    ::setsockopt(int(client->socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    const QByteArray block(256 * 1024, 'e');
    qint64 sent = 0;
    const auto waiting = [&] {
        return ui.counter(clientPort, ClientTableModel::ReceivedColumn) -
            ui.counter(clientPort, ClientTableModel::EchoedColumn);
    };
    while (waiting() < 256 * 1024) {
        QVERIFY(sent < 64 * block.size());
        client->write(block);
        sent += block.size();
        QTRY_COMPARE_WITH_TIMEOUT(
            ui.counter(clientPort, ClientTableModel::ReceivedColumn), sent, 10000);
    }
    ::shutdown(int(client->socketDescriptor()), SHUT_WR);
    const QString shutDown =
        QStringLiteral("shutdown|%1|Client shut down its sending side; echoing the remaining ")
            .arg(name);
    QTRY_VERIFY2(ui.logContains(shutDown), qPrintable(ui.logText()));
    QVERIFY(!ui.logContains(QStringLiteral("close|%1|").arg(name)));

    client->setReadBufferSize(0);
    qint64 received = 0;
    QTRY_VERIFY_WITH_TIMEOUT((received += client->readAll().size()) == sent, 20000);
    const QString closed = QStringLiteral("close|%1|Client closed the connection").arg(name);
    QTRY_VERIFY2(ui.logContains(closed), qPrintable(ui.logText()));
    QVERIFY(ui.logText().indexOf(shutDown) < ui.logText().indexOf(closed));
    QCOMPARE(ui.logText().count(shutDown), 1);
}

void tst_ServerWindow::stopDisconnectsEveryClient()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const quint16 port = ui.listeningPort();
    QVERIFY(port != 0);

    auto first = connectedClient(port);
    auto second = connectedClient(port);
    QVERIFY(first && second);
    QTRY_COMPARE(ui.clients()->rowCount(), 2);
    // Read now: a closed socket no longer knows its port.
    const QList<quint16> clientPorts { first->localPort(), second->localPort() };
    QSignalSpy firstGone(first.get(), &QTcpSocket::disconnected);
    QSignalSpy secondGone(second.get(), &QTcpSocket::disconnected);

    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QCOMPARE(ui.clients()->rowCount(), 0);
    QTRY_COMPARE(firstGone.count(), 1);
    QTRY_COMPARE(secondGone.count(), 1);
    QTRY_VERIFY(ui.logContains(QStringLiteral("Stopped listening on 127.0.0.1:%1").arg(port)));
    for (const quint16 clientPort : clientPorts) {
        QVERIFY2(ui.logContains(QStringLiteral("close|#%1 127.0.0.1:%2|Disconnected because the "
                                               "server stopped")
                         .arg(clientPorts.indexOf(clientPort) + 1)
                         .arg(clientPort)),
            qPrintable(ui.logText()));
    }
    // Departures come before the stop, so the log reads in the order things happened.
    const QString text = ui.logText();
    QVERIFY(text.lastIndexOf(QStringLiteral("server stopped")) <
        text.indexOf(QStringLiteral("Stopped listening")));
}

void tst_ServerWindow::statusBarCountsConnectedClients()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected"));
    QVERIFY(ui.clickListen());
    // UDP is served too: its peers are counted apart, since they hold no connection.
    QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected · no UDP peers"));

    auto first = connectedClient(ui.listeningPort());
    QVERIFY(first);
    QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("1 client connected · no UDP peers"));
    QUdpSocket peer;
    peer.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(peer.waitForConnected(5000));
    QCOMPARE(peer.write("x"), 1);
    QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("1 client connected · 1 UDP peer"));
    {
        auto second = connectedClient(ui.listeningPort());
        QVERIFY(second);
        QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("2 clients connected · 1 UDP peer"));
    }
    QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("1 client connected · 1 UDP peer"));
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected"));
}

void tst_ServerWindow::statusBarShowsBytesEchoedAndTheEchoRate()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QCOMPARE(ui.echoed->text(), QStringLiteral("0 bytes echoed"));
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    const QByteArray payload(700, 'e');
    client->write(payload);
    QTRY_COMPARE(client->bytesAvailable(), payload.size());
    QTRY_COMPARE(ui.echoed->text(), QStringLiteral("700 bytes echoed"));
    const QRegularExpression rate(QStringLiteral(R"(^Echo rate: [\d.,]+ (B|KB|MB)/s$)"));
    QVERIFY2(rate.match(ui.rate->text()).hasMatch(), qPrintable(ui.rate->text()));
    // Nothing flows now: the rate falls to zero while the total stays.
    QTRY_COMPARE(ui.rate->text(), QStringLiteral("Echo rate: 0 B/s"));
    QCOMPARE(ui.echoed->text(), QStringLiteral("700 bytes echoed"));
}

void tst_ServerWindow::tableGainsAndLosesRowsAsClientsComeAndGo()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());

    auto clients = connectedClients(ui.listeningPort(), 3);
    QCOMPARE(clients.size(), size_t(3));
    QTRY_COMPARE(ui.clients()->rowCount(), 3);
    for (int i = 0; i < 3; ++i) {
        const int row = ui.rowOfPort(clients[size_t(i)]->localPort());
        QVERIFY(row >= 0);
        const auto cell = [&](int column) { return ui.clients()->index(row, column).data(); };
        QCOMPARE(cell(ClientTableModel::ClientColumn).toString(), QStringLiteral("#%1").arg(i + 1));
        QCOMPARE(cell(ClientTableModel::AddressColumn).toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(cell(ClientTableModel::ReceivedColumn).toString(), QStringLiteral("0"));
        QVERIFY(!cell(ClientTableModel::SinceColumn).toString().isEmpty());
        QVERIFY(cell(ClientTableModel::WorkerColumn).toInt() >= 1);
    }

    const quint16 leaving = clients[1]->localPort();
    clients[1]->disconnectFromHost();
    QTRY_COMPARE(ui.clients()->rowCount(), 2);
    QCOMPARE(ui.rowOfPort(leaving), -1);
    QVERIFY(ui.rowOfPort(clients[0]->localPort()) >= 0);
    QVERIFY(ui.rowOfPort(clients[2]->localPort()) >= 0);

    clients.clear();
    QTRY_COMPARE(ui.clients()->rowCount(), 0);
}

void tst_ServerWindow::tableCountersMatchWhatTheClientSent()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());

    auto client = connectedClient(ui.listeningPort());
    auto quiet = connectedClient(ui.listeningPort());
    QVERIFY(client && quiet);
    QByteArray payload(300'000, Qt::Uninitialized);
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 7 % 251);
    QByteArray echoed;
    for (int part = 0; part < 3; ++part) {
        client->write(payload.mid(part * 100'000, 100'000));
        QTRY_VERIFY(
            (echoed += client->readAll()).size() == (part + 1) * 100'000 || !client->isValid());
    }
    QCOMPARE(echoed, payload);

    const quint16 port = client->localPort();
    QTRY_COMPARE(ui.counter(port, ClientTableModel::ReceivedColumn), payload.size());
    QTRY_COMPARE(ui.counter(port, ClientTableModel::EchoedColumn), payload.size());
    const int row = ui.rowOfPort(port);
    QVERIFY(ui.clients()
            ->index(row, ClientTableModel::LastActivityColumn)
            .data(ClientTableModel::ValueRole)
            .toDateTime()
            .isValid());
    QCOMPARE(ui.counter(quiet->localPort(), ClientTableModel::ReceivedColumn), 0);
    QCOMPARE(ui.clients()
                 ->index(ui.rowOfPort(quiet->localPort()), ClientTableModel::LastActivityColumn)
                 .data()
                 .toString(),
        QStringLiteral("none yet"));
}

void tst_ServerWindow::disconnectClosesExactlyTheChosenClients_data()
{
    addDisconnectWays();
}

void tst_ServerWindow::disconnectClosesExactlyTheChosenClients()
{
    QFETCH(QString, how);

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&ui.window));
    QVERIFY(ui.clickListen());

    std::vector<std::unique_ptr<QTcpSocket>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> gone;
    QList<quint16> ports;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(connectedClient(ui.listeningPort()));
        QVERIFY(clients.back());
        ports << clients.back()->localPort();
        gone.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QTcpSocket::disconnected));
    }
    QTRY_COMPARE(ui.clients()->rowCount(), 4);

    // Clients 2 and 4, chosen the way a user does: a click, then a Ctrl+click.
    QTest::mouseClick(ui.table->viewport(), Qt::LeftButton, {}, ui.rowCentre(ports[1]));
    QTest::mouseClick(
        ui.table->viewport(), Qt::LeftButton, Qt::ControlModifier, ui.rowCentre(ports[3]));
    QCOMPARE(ui.table->selectionModel()->selectedRows().size(), 2);
    QVERIFY(ui.disconnect->isEnabled());

    // What the context menu shows are the table's actions.
    QVERIFY(ui.table->actions().contains(ui.disconnectAction));
    QCOMPARE(ui.table->contextMenuPolicy(), Qt::ActionsContextMenu);
    ui.disconnectSelected(how);

    QTRY_COMPARE(gone[1]->count(), 1);
    QTRY_COMPARE(gone[3]->count(), 1);
    QTRY_COMPARE(ui.clients()->rowCount(), 2);
    QVERIFY(ui.rowOfPort(ports[0]) >= 0);
    QVERIFY(ui.rowOfPort(ports[2]) >= 0);
    // The others are still served.
    for (const int kept : { 0, 2 }) {
        QCOMPARE(gone[size_t(kept)]->count(), 0);
        clients[size_t(kept)]->write("still here");
        QTRY_COMPARE(clients[size_t(kept)]->bytesAvailable(), 10);
    }
    for (const int chosen : { 1, 3 }) {
        const QString name = QStringLiteral("#%1 127.0.0.1:%2").arg(chosen + 1).arg(ports[chosen]);
        QTRY_VERIFY2(
            ui.logContains(QStringLiteral("shutdown|%1|Disconnecting: chosen in the client "
                                          "table")
                    .arg(name)),
            qPrintable(ui.logText()));
        QTRY_VERIFY2(
            ui.logContains(QStringLiteral("close|%1|Connection closed by the server").arg(name)),
            qPrintable(ui.logText()));
    }
    QVERIFY(!ui.logContains(QStringLiteral("#1 127.0.0.1:%1|Disconnecting").arg(ports[0])));
    QVERIFY(!ui.logContains(QStringLiteral("#3 127.0.0.1:%1|Disconnecting").arg(ports[2])));
    QVERIFY(!ui.disconnect->isEnabled());
}

void tst_ServerWindow::disconnectIsEnabledOnlyWithASelection()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(!ui.disconnect->isEnabled());
    QVERIFY(!ui.disconnectAction->isEnabled());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    QTRY_COMPARE(ui.clients()->rowCount(), 1);
    ui.table->selectRow(0);
    QVERIFY(ui.disconnect->isEnabled());
    QVERIFY(ui.disconnectAction->isEnabled());
    ui.table->clearSelection();
    QVERIFY(!ui.disconnect->isEnabled());
}

void tst_ServerWindow::clientColumnsFitTheDefaultWindowWithoutScrollingSideways()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
    QVERIFY(ui.clickListen());
    // More clients than the table shows at once, so that its vertical scroll bar takes room.
    const auto clients = connectedClients(ui.listeningPort(), 40);
    QCOMPARE(clients.size(), size_t(40));
    QTRY_COMPARE(ui.clients()->rowCount(), 40);
    QTRY_VERIFY(ui.table->verticalScrollBar()->isVisible());

    QHeaderView *header = ui.table->horizontalHeader();
    QCOMPARE(ui.table->horizontalScrollBar()->maximum(), 0);
    const int lastColumn = ClientTableModel::WorkerColumn;
    QVERIFY2(header->sectionViewportPosition(lastColumn) + header->sectionSize(lastColumn) <=
            ui.table->viewport()->width(),
        "the Worker column is cut off");
    // Every title and every usual value shows whole, sorted or not.
    const QFontMetrics metrics(ui.table->font());
    for (int column = 0; column < ClientTableModel::ColumnCount; ++column) {
        header->setSortIndicator(column, Qt::DescendingOrder);
        QVERIFY2(header->sectionSize(column) >= header->sectionSizeHint(column),
            qPrintable(header->model()->headerData(column, Qt::Horizontal).toString()));
        for (const QString &sample : ClientTableModel::sampleTexts(column))
            QVERIFY2(header->sectionSize(column) > metrics.horizontalAdvance(sample),
                qPrintable(sample));
    }
    QCOMPARE(ui.table->horizontalScrollBar()->maximum(), 0);
}

void tst_ServerWindow::clientsAreListedByNumberAsNumbers()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
    QVERIFY(ui.clickListen());

    const auto clients = connectedClients(ui.listeningPort(), 10);
    QCOMPARE(clients.size(), size_t(10));
    QTRY_COMPARE(ui.clients()->rowCount(), 10);
    const QHeaderView *header = ui.table->horizontalHeader();
    QVERIFY(header->isSortIndicatorShown());
    QCOMPARE(header->sortIndicatorSection(), int(ClientTableModel::ClientColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QList<quint64> numbers { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    QCOMPARE(ui.shownNumbers(), numbers);
    QCOMPARE(ui.table->model()->index(9, ClientTableModel::ClientColumn).data().toString(),
        QStringLiteral("#10"));

    // As text, #10 would sit between #1 and #2.
    ui.clickHeader(ClientTableModel::ClientColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    std::reverse(numbers.begin(), numbers.end());
    QCOMPARE(ui.shownNumbers(), numbers);
}

void tst_ServerWindow::clickingBytesReceivedPutsTheBusiestClientFirst()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
    QVERIFY(ui.clickListen());

    auto quiet = connectedClient(ui.listeningPort());
    auto busy = connectedClient(ui.listeningPort());
    auto light = connectedClient(ui.listeningPort());
    QVERIFY(quiet && busy && light);
    busy->write(QByteArray(5000, 'b'));
    light->write(QByteArray(50, 'l'));
    QTRY_COMPARE(busy->bytesAvailable(), 5000);
    QTRY_COMPARE(light->bytesAvailable(), 50);
    QTRY_COMPARE(ui.clients()->rowCount(), 3);
    QTRY_COMPARE(ui.counter(busy->localPort(), ClientTableModel::ReceivedColumn), 5000);
    QTRY_COMPARE(ui.counter(light->localPort(), ClientTableModel::ReceivedColumn), 50);

    // One click: the busiest first, as a user looking for who sends most expects.
    ui.clickHeader(ClientTableModel::ReceivedColumn);
    const QHeaderView *header = ui.table->horizontalHeader();
    QCOMPARE(header->sortIndicatorSection(), int(ClientTableModel::ReceivedColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(ui.shownPorts(),
        (QList<quint16> { busy->localPort(), light->localPort(), quiet->localPort() }));

    ui.clickHeader(ClientTableModel::ReceivedColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(ui.shownPorts(),
        (QList<quint16> { quiet->localPort(), light->localPort(), busy->localPort() }));
}

void tst_ServerWindow::selectionFollowsItsClientWhenTheOrderChanges_data()
{
    addDisconnectWays();
}

void tst_ServerWindow::selectionFollowsItsClientWhenTheOrderChanges()
{
    QFETCH(QString, how);

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&ui.window));
    QVERIFY(ui.clickListen());

    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 3; ++i) {
        sockets.push_back(connectedClient(ui.listeningPort()));
        QVERIFY(sockets.back());
    }
    QTRY_COMPARE(ui.clients()->rowCount(), 3);
    // Named by where the model holds them (the order they were announced in, which depends on
    // the workers): the chosen one ends up on another row of the screen than of the model, so
    // that a row not mapped through the sort would name another client.
    std::vector<QTcpSocket *> byModelRow;
    QList<quint16> ports;
    for (int row = 0; row < 3; ++row) {
        const QVariant port = ui.clients()
                                  ->index(row, ClientTableModel::PortColumn)
                                  .data(ClientTableModel::ValueRole);
        for (const auto &socket : sockets) {
            if (socket->localPort() == port)
                byModelRow.push_back(socket.get());
        }
        ports << quint16(port.toUInt());
    }
    QCOMPARE(byModelRow.size(), size_t(3));
    const quint64 chosenNumber = ui.clients()->clientId(0);
    std::vector<std::unique_ptr<QSignalSpy>> gone;
    for (QTcpSocket *socket : byModelRow)
        gone.push_back(std::make_unique<QSignalSpy>(socket, &QTcpSocket::disconnected));
    const auto send = [&byModelRow](int client, int bytes) {
        byModelRow[size_t(client)]->write(QByteArray(bytes, 'x'));
    };

    send(0, 100);
    send(1, 10);
    QTRY_COMPARE(ui.counter(ports[0], ClientTableModel::ReceivedColumn), 100);
    QTRY_COMPARE(ui.counter(ports[1], ClientTableModel::ReceivedColumn), 10);
    ui.clickHeader(ClientTableModel::ReceivedColumn);
    QCOMPARE(ui.shownPorts(), (QList<quint16> { ports[0], ports[1], ports[2] }));

    QTest::mouseClick(ui.table->viewport(), Qt::LeftButton, {}, ui.rowCentre(ports[0]));
    QCOMPARE(ui.selectedPorts(), QList<quint16> { ports[0] });

    // The other two overtake it: its row goes from the top to the bottom, its selection too.
    send(1, 1000);
    send(2, 500);
    QTRY_COMPARE(ui.shownPorts(), (QList<quint16> { ports[1], ports[2], ports[0] }));
    QCOMPARE(ui.selectedPorts(), QList<quint16> { ports[0] });

    ui.disconnectSelected(how);

    QTRY_COMPARE(gone[0]->count(), 1);
    QTRY_COMPARE(ui.clients()->rowCount(), 2);
    QCOMPARE(ui.shownPorts(), (QList<quint16> { ports[1], ports[2] }));
    for (const int kept : { 1, 2 }) {
        QCOMPARE(gone[size_t(kept)]->count(), 0);
        byModelRow[size_t(kept)]->readAll();
        send(kept, 5);
        QTRY_COMPARE(byModelRow[size_t(kept)]->bytesAvailable(), 5);
    }
    QTRY_VERIFY2(ui.logContains(QStringLiteral("shutdown|#%1 127.0.0.1:%2|Disconnecting: chosen "
                                               "in the client table")
                         .arg(chosenNumber)
                         .arg(ports[0])),
        qPrintable(ui.logText()));
    QCOMPARE(ui.logText().count(QStringLiteral("Disconnecting: chosen in the client table")), 1);
}

void tst_ServerWindow::rowsHoldStillWhileTheMouseIsChoosingThem()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&ui.window));
    QVERIFY(ui.clickListen());

    auto first = connectedClient(ui.listeningPort());
    auto second = connectedClient(ui.listeningPort());
    QVERIFY(first && second);
    const quint16 firstPort = first->localPort();
    const quint16 secondPort = second->localPort();
    first->write(QByteArray(100, 'f'));
    second->write(QByteArray(10, 's'));
    QTRY_COMPARE(ui.counter(firstPort, ClientTableModel::ReceivedColumn), 100);
    QTRY_COMPARE(ui.counter(secondPort, ClientTableModel::ReceivedColumn), 10);
    ui.clickHeader(ClientTableModel::ReceivedColumn);
    QCOMPARE(ui.shownPorts(), (QList<quint16> { firstPort, secondPort }));

    const QPoint pressed = ui.rowCentre(secondPort);
    QTest::mousePress(ui.table->viewport(), Qt::LeftButton, {}, pressed);
    QCOMPARE(ui.selectedPorts(), QList<quint16> { secondPort });

    // The second client overtakes the first while the button is still down: the table is told,
    // but the rows stay where the user is pointing.
    bool toldOfOvertaking = false;
    QObject context;
    connect(ui.clients(), &QAbstractItemModel::dataChanged, &context, [&] {
        toldOfOvertaking = ui.counter(secondPort, ClientTableModel::ReceivedColumn) == 1010;
    });
    second->write(QByteArray(1000, 's'));
    QTRY_VERIFY(toldOfOvertaking);
    QCOMPARE(ui.shownPorts(), (QList<quint16> { firstPort, secondPort }));

    QTest::mouseRelease(ui.table->viewport(), Qt::LeftButton, {}, pressed);
    QTRY_COMPARE(ui.shownPorts(), (QList<quint16> { secondPort, firstPort }));
    QCOMPARE(ui.selectedPorts(), QList<quint16> { secondPort });
}

void tst_ServerWindow::sortOrderComesFromTheSettings_data()
{
    QTest::addColumn<QString>("rememberedColumn"); // empty: nothing remembered
    QTest::addColumn<QString>("rememberedOrder");
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");

    QTest::newRow("nothing remembered: by client number")
        << QString() << QString() << int(ClientTableModel::ClientColumn) << false;
    QTest::newRow("bytes received, descending")
        << QStringLiteral("received") << QStringLiteral("descending")
        << int(ClientTableModel::ReceivedColumn) << true;
    QTest::newRow("port, ascending") << QStringLiteral("port") << QStringLiteral("ascending")
                                     << int(ClientTableModel::PortColumn) << false;
    QTest::newRow("a column this version lacks")
        << QStringLiteral("cpu") << QStringLiteral("descending")
        << int(ClientTableModel::ClientColumn) << false;
    QTest::newRow("an order that means nothing")
        << QStringLiteral("worker") << QStringLiteral("sideways")
        << int(ClientTableModel::WorkerColumn) << false;
}

void tst_ServerWindow::sortOrderComesFromTheSettings()
{
    QFETCH(QString, rememberedColumn);
    QFETCH(QString, rememberedOrder);
    QFETCH(int, column);
    QFETCH(bool, descending);

    QTemporaryDir directory;
    const QString file = directory.filePath(QStringLiteral("settings.ini"));
    if (!rememberedColumn.isEmpty()) {
        QSettings remembered(file, QSettings::IniFormat);
        remembered.setValue(QStringLiteral("clients/sortColumn"), rememberedColumn);
        remembered.setValue(QStringLiteral("clients/sortOrder"), rememberedOrder);
    }
    ServerWindowParts ui { anyFreePort(), file };
    QVERIFY(ui.complete());
    const Qt::SortOrder order = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    QCOMPARE(ui.table->horizontalHeader()->sortIndicatorSection(), column);
    QCOMPARE(ui.table->horizontalHeader()->sortIndicatorOrder(), order);
    QCOMPARE(ui.sortedClients()->sortColumn(), column);
    QCOMPARE(ui.sortedClients()->sortOrder(), order);
    QCOMPARE(ui.sortedClients()->sortRole(), ClientTableModel::SortRole);
}

void tst_ServerWindow::sortOrderChosenByClickingIsRemembered()
{
    QTemporaryDir directory;
    const QString file = directory.filePath(QStringLiteral("settings.ini"));
    {
        ServerWindowParts ui { anyFreePort(), file };
        QVERIFY(ui.complete());
        ui.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
        ui.clickHeader(ClientTableModel::PortColumn);
        ui.clickHeader(ClientTableModel::PortColumn);
        QCOMPARE(ui.table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QVERIFY(ui.window.close());
    }
    {
        QSettings remembered(file, QSettings::IniFormat);
        QCOMPARE(remembered.value(QStringLiteral("clients/sortColumn")).toString(),
            QStringLiteral("port"));
        QCOMPARE(remembered.value(QStringLiteral("clients/sortOrder")).toString(),
            QStringLiteral("descending"));
    }
    ServerWindowParts ui { anyFreePort(), file };
    QVERIFY(ui.complete());
    QCOMPARE(
        ui.table->horizontalHeader()->sortIndicatorSection(), int(ClientTableModel::PortColumn));
    QCOMPARE(ui.table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(ui.sortedClients()->sortColumn(), int(ClientTableModel::PortColumn));
    QCOMPARE(ui.sortedClients()->sortOrder(), Qt::DescendingOrder);
}

void tst_ServerWindow::logKeepsOnlyTheNewestLines()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    LogModel *lines = ui.logLines();
    QCOMPARE(lines->maximumLines(), 10000);
    const int extra = 50;
    const auto add = [lines](int i) {
        LogLine line;
        line.step = SocketStep::Recv;
        line.message = QStringLiteral("line %1").arg(i);
        lines->append(line);
    };
    // Two batches, so both the pending buffer and the ring must stay bounded.
    for (int i = 0; i < lines->maximumLines() / 2; ++i)
        add(i);
    QTRY_COMPARE(lines->rowCount(), lines->maximumLines() / 2);
    for (int i = lines->maximumLines() / 2; i < lines->maximumLines() + extra; ++i)
        add(i);

    QTRY_COMPARE(lines->line(lines->rowCount() - 1).message,
        QStringLiteral("line %1").arg(lines->maximumLines() + extra - 1));
    QCOMPARE(lines->rowCount(), 10000);
    QCOMPARE(ui.log->model()->rowCount(), 10000);
    QCOMPARE(lines->line(0).message, QStringLiteral("line %1").arg(extra));
    // The view follows the newest line while the user has not scrolled away.
    QVERIFY(ui.log->isAtBottom());
}

void tst_ServerWindow::filterNarrowsTheLogByClientOrText()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());
    auto first = connectedClient(ui.listeningPort());
    auto second = connectedClient(ui.listeningPort());
    QVERIFY(first && second);
    second->write("marmalade");
    QTRY_COMPARE(second->bytesAvailable(), 9);
    QTRY_VERIFY(ui.logContains(QStringLiteral("Echoed 9 bytes")));
    const int all = ui.logLines()->rowCount();

    QTest::keyClicks(ui.filter, QStringLiteral("#2 "));
    QAbstractItemModel *shown = ui.log->model();
    QVERIFY(shown->rowCount() >= 3); // accept, recv, send
    QVERIFY(shown->rowCount() < all);
    for (int r = 0; r < shown->rowCount(); ++r)
        QVERIFY(shown->index(r, LogModel::ClientColumn).data().toString().startsWith(u"#2 "));

    ui.filter->clear();
    QCOMPARE(shown->rowCount(), all);
    QTest::keyClicks(ui.filter, QStringLiteral("MARMALADE"));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, LogModel::StepColumn).data().toString(), QStringLiteral("recv"));
}

void tst_ServerWindow::saveWritesTheLogAsTextOrCsv_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QStringList>("expectedLines");

    QTest::newRow("text") << QStringLiteral("log.txt")
                          << QStringList { QStringLiteral("  socket  Created a TCP IPv4 socket"),
                                 QStringLiteral("  error  Quoted \"x\", with a comma") };
    QTest::newRow("CSV") << QStringLiteral("log.csv")
                         << QStringList { QStringLiteral("Time,Step,Client,Message"),
                                QStringLiteral(",socket,,Created a TCP IPv4 socket"),
                                QStringLiteral(",error,,\"Quoted \"\"x\"\", with a comma\"") };
}

void tst_ServerWindow::saveWritesTheLogAsTextOrCsv()
{
    QFETCH(QString, fileName);
    QFETCH(QStringList, expectedLines);

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    LogLine line;
    line.step = SocketStep::Error;
    line.message = QStringLiteral("Quoted \"x\", with a comma");
    ui.logLines()->append(line);
    // Listening's five lines (TCP's socket, bind, listen; UDP's socket, bind) and that one.
    QTRY_COMPARE(ui.logLines()->rowCount(), 6);

    const QString path = ui.directory.filePath(fileName);
    QVERIFY(ui.window.saveLog(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    for (const QString &expected : expectedLines)
        QVERIFY2(text.contains(expected), qPrintable(text));
    const int lineCount = int(text.count(u'\n'));
    QCOMPARE(lineCount, fileName.endsWith(u".csv") ? 7 : 6);
    QVERIFY(text.contains(LogModel::timeText(ui.logLines()->line(0).time)));
}

void tst_ServerWindow::clearEmptiesTheLog()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    // TCP's socket, bind and listen, UDP's socket and bind.
    QTRY_COMPARE(ui.logLines()->rowCount(), 5);
    QTest::mouseClick(ui.clearLog, Qt::LeftButton);
    QCOMPARE(ui.logLines()->rowCount(), 0);
    QCOMPARE(ui.log->model()->rowCount(), 0);
    // The log goes on after a clear.
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    QTRY_COMPARE(ui.logLines()->rowCount(), 1);
}

void tst_ServerWindow::settingsRoundTrip()
{
    QTemporaryDir directory;
    const QString file = directory.filePath(QStringLiteral("settings.ini"));
    QList<int> splitterSizes;
    QSize size;
    {
        ServerWindowParts ui { ServerOptions {}, file };
        QVERIFY(ui.complete());
        ui.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
        ui.address->setFocus();
        QTest::keyClick(ui.address, Qt::Key_Down); // a user's choice: "All interfaces"
        QCOMPARE(ui.address->currentData().value<QHostAddress>(), QHostAddress(QHostAddress::Any));
        ui.port->setValue(23456);
        QTest::mouseClick(ui.showData, Qt::LeftButton);
        // A size the screen holds, frame and all (tst_windowgeometry tries ones it does not).
        ui.window.resize(
            (ui.window.minimumSize() + ui.window.screen()->availableGeometry().size() / 4 * 3) / 2);
        ui.splitter->setSizes({ 150, 400 });
        splitterSizes = ui.splitter->sizes();
        size = ui.window.size();
        QVERIFY(ui.window.close());
    }
    ServerWindowParts ui { ServerOptions {}, file };
    QVERIFY(ui.complete());
    QCOMPARE(ui.address->currentData().value<QHostAddress>(), QHostAddress(QHostAddress::Any));
    QCOMPARE(ui.port->value(), 23456);
    QVERIFY(!ui.showData->isChecked());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
    QCOMPARE(ui.window.size(), size);
    QCOMPARE(ui.splitter->sizes(), splitterSizes);
}

void tst_ServerWindow::commandLineValuesOverrideRememberedOnes()
{
    QTemporaryDir directory;
    const QString file = directory.filePath(QStringLiteral("settings.ini"));
    {
        QSettings remembered(file, QSettings::IniFormat);
        remembered.setValue(QStringLiteral("server/address"), QStringLiteral("any"));
        remembered.setValue(QStringLiteral("server/port"), 23456);
    }
    {
        ServerWindowParts ui { ServerOptions {}, file };
        QVERIFY(ui.complete());
        QCOMPARE(ui.address->currentData().value<QHostAddress>(), QHostAddress(QHostAddress::Any));
        QCOMPARE(ui.port->value(), 23456);
    }
    ServerOptions options;
    options.address = QHostAddress(QHostAddress::LocalHost);
    options.addressGiven = true;
    options.port = 24000;
    options.portGiven = true;
    {
        ServerWindowParts ui { options, file };
        QVERIFY(ui.complete());
        QCOMPARE(
            ui.address->currentData().value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(ui.port->value(), 24000);
        QVERIFY(ui.window.close());
    }
    // Used for that run only: what the user chose before is still remembered.
    QSettings remembered(file, QSettings::IniFormat);
    QCOMPARE(remembered.value(QStringLiteral("server/address")).toString(), QStringLiteral("any"));
    QCOMPARE(remembered.value(QStringLiteral("server/port")).toInt(), 23456);
}

namespace {

// The widgets Tab reaches from `first`, one press at a time.
QList<QWidget *> tabChain(QWidget *first, int presses)
{
    first->setFocus(Qt::TabFocusReason);
    QList<QWidget *> reached { QApplication::focusWidget() };
    for (int i = 0; i < presses; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached << QApplication::focusWidget();
    }
    return reached;
}

} // namespace

void tst_ServerWindow::tabReachesEveryControlAndEachHasAnAccessibleName()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.window.show();
    QVERIFY(QTest::qWaitForWindowActive(&ui.window));

    // Stopped: Disconnect is disabled (no client), so Tab passes over it.
    const QList<QWidget *> stopped { ui.address, ui.port, ui.tcp, ui.udp, ui.listen, ui.table,
        ui.filter, ui.showData, ui.saveLog, ui.clearLog, ui.log };
    QCOMPARE(tabChain(ui.address, int(stopped.size()) - 1), stopped);

    // Listening with a client selected: the address and port are locked, Disconnect is reached.
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    auto client = connectedClient(ui.listeningPort());
    QVERIFY(client);
    QTRY_COMPARE(ui.clients()->rowCount(), 1);
    ui.table->selectRow(0);
    const QList<QWidget *> listening { ui.listen, ui.table, ui.disconnect, ui.filter, ui.showData,
        ui.saveLog, ui.clearLog, ui.log };
    QCOMPARE(tabChain(ui.listen, int(listening.size()) - 1), listening);

    const QList<QWidget *> controls { ui.address, ui.port, ui.tcp, ui.udp, ui.listen, ui.table,
        ui.disconnect, ui.filter, ui.showData, ui.saveLog, ui.clearLog, ui.log, ui.clientCount,
        ui.echoed, ui.rate, ui.status };
    for (QWidget *control : controls)
        QVERIFY2(!control->accessibleName().isEmpty(), qPrintable(control->objectName()));
}

void tst_ServerWindow::protocolCheckBoxesChooseWhatListensAndAreRemembered()
{
    QTemporaryDir directory;
    const QString settingsFile = directory.filePath(QStringLiteral("settings.ini"));
    {
        ServerWindowParts ui(anyFreePort(), settingsFile);
        QVERIFY(ui.complete());
        ui.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&ui.window));
        // Both, as RFC 862 has it; either can be unticked, but not the last one.
        QVERIFY(ui.tcp->isChecked() && ui.udp->isChecked());
        QVERIFY(ui.tcp->isEnabled() && ui.udp->isEnabled());
        QTest::mouseClick(ui.udp, Qt::LeftButton);
        QVERIFY(!ui.udp->isChecked());
        QVERIFY(!ui.tcp->isEnabled());
        QTest::mouseClick(ui.listen, Qt::LeftButton);
        QTRY_VERIFY(ui.status->text().endsWith(QStringLiteral(" (TCP)")));
        QVERIFY(!ui.udp->isEnabled());
        QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected"));
        // Three lines: TCP's socket, bind and listen, and no UDP socket.
        QTRY_COMPARE(ui.logLines()->rowCount(), 3);
        QVERIFY(!ui.logText().contains(QStringLiteral("UDP")));
        QTest::mouseClick(ui.listen, Qt::LeftButton);
        QVERIFY(ui.udp->isEnabled());
    }
    ServerWindowParts again(anyFreePort(), settingsFile);
    QVERIFY(again.complete());
    QVERIFY(again.tcp->isChecked());
    QVERIFY(!again.udp->isChecked());
}

void tst_ServerWindow::protocolsFromTheCommandLineAreUsedButNotRemembered()
{
    QTemporaryDir directory;
    const QString settingsFile = directory.filePath(QStringLiteral("settings.ini"));
    ServerOptions options = anyFreePort();
    options.transports = Transport::Udp;
    options.transportsGiven = true;
    {
        ServerWindowParts ui(options, settingsFile);
        QVERIFY(ui.complete());
        QVERIFY(!ui.tcp->isChecked());
        QVERIFY(ui.udp->isChecked());
        QTest::mouseClick(ui.listen, Qt::LeftButton);
        QTRY_VERIFY(ui.status->text().endsWith(QStringLiteral(" (UDP)")));
        // UDP alone: a socket and a bind, neither listen nor accept.
        QTRY_COMPARE(ui.logLines()->rowCount(), 2);
        QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected · no UDP peers"));
    }
    ServerWindowParts again(anyFreePort(), settingsFile);
    QVERIFY(again.complete());
    QVERIFY(again.tcp->isChecked() && again.udp->isChecked());
}

void tst_ServerWindow::oneProtocolsPortInUseLeavesTheOtherServing_data()
{
    QTest::addColumn<bool>("tcpTaken");
    QTest::newRow("TCP port taken") << true;
    QTest::newRow("UDP port taken") << false;
}

void tst_ServerWindow::oneProtocolsPortInUseLeavesTheOtherServing()
{
    QFETCH(bool, tcpTaken);
    // One protocol's side of a port taken, the other's free (tests running beside this one take
    // ports too: a port whose other side is busy is let go and another tried).
    QTcpServer tcpOccupier;
    QUdpSocket udpOccupier;
    quint16 port = 0;
    for (int attempt = 0; attempt < 20 && port == 0; ++attempt) {
        if (tcpTaken) {
            QVERIFY(tcpOccupier.listen(QHostAddress::LocalHost, 0));
            QUdpSocket probe;
            if (probe.bind(QHostAddress::LocalHost, tcpOccupier.serverPort()))
                port = tcpOccupier.serverPort();
            else
                tcpOccupier.close();
        } else {
            QVERIFY(udpOccupier.bind(QHostAddress::LocalHost, 0));
            QTcpServer probe;
            if (probe.listen(QHostAddress::LocalHost, udpOccupier.localPort()))
                port = udpOccupier.localPort();
            else
                udpOccupier.close();
        }
    }
    QVERIFY(port != 0);
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.port->setValue(port);
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const QString serving = tcpTaken ? QStringLiteral("UDP") : QStringLiteral("TCP");
    const QString taken = tcpTaken ? QStringLiteral("TCP") : QStringLiteral("UDP");
    // Listening, for the one protocol, and the status says why not the other, as an error.
    QTRY_COMPARE(ui.listen->text(), QStringLiteral("Stop"));
    const QString status = ui.status->text();
    QVERIFY2(status.startsWith(QStringLiteral("Listening on 127.0.0.1:%1 (%2). %3 port %1 is "
                                              "already in use")
                     .arg(port)
                     .arg(serving, taken)),
        qPrintable(status));
    QVERIFY2(status.endsWith(QStringLiteral("serving %1 only.").arg(serving)), qPrintable(status));
    QVERIFY(ui.status->font().bold());
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("error||%1 port %2 is already in use").arg(taken).arg(port)),
        qPrintable(ui.logText()));

    // And the other one echoes.
    if (tcpTaken) {
        QUdpSocket peer;
        peer.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(peer.waitForConnected(5000));
        QCOMPARE(peer.write("ping"), 4);
        QTRY_VERIFY(peer.hasPendingDatagrams());
        QCOMPARE(peer.receiveDatagram().data(), QByteArray("ping"));
    } else {
        auto client = connectedClient(port);
        QVERIFY(client);
        client->write("ping");
        QTRY_COMPARE(client->bytesAvailable(), 4);
        QCOMPARE(client->readAll(), QByteArray("ping"));
    }
}

void tst_ServerWindow::udpPeerIsShownInTheTableAndLoggedAsRecvfromAndSendto()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QVERIFY(ui.clickListen());
    QUdpSocket peer;
    peer.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(peer.waitForConnected(5000));
    // Three datagrams, one of them empty: UDP keeps each one, even one of no bytes.
    for (const QByteArray &datagram : { QByteArray("ab"), QByteArray(), QByteArray("\0\xff", 2) })
        QCOMPARE(peer.write(datagram), datagram.size());
    QList<QByteArray> echoes;
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            while (peer.hasPendingDatagrams())
                echoes += peer.receiveDatagram().data();
            return echoes.size() == 3;
        }(),
        "three echoes", 5000);
    QCOMPARE(echoes, (QList<QByteArray> { "ab", {}, QByteArray("\0\xff", 2) }));

    QTRY_COMPARE(ui.clients()->rowCount(), 1);
    const auto cell = [&](int column) { return ui.clients()->index(0, column).data().toString(); };
    QCOMPARE(cell(ClientTableModel::ProtocolColumn), QStringLiteral("UDP"));
    QCOMPARE(cell(ClientTableModel::AddressColumn), QStringLiteral("127.0.0.1"));
    QCOMPARE(cell(ClientTableModel::PortColumn), QString::number(peer.localPort()));
    QTRY_COMPARE(cell(ClientTableModel::DatagramsColumn), QStringLiteral("3 / 3"));
    QCOMPARE(cell(ClientTableModel::ReceivedColumn), QStringLiteral("4"));
    QCOMPARE(cell(ClientTableModel::EchoedColumn), QStringLiteral("4"));

    // The log: the first datagram as the peer's arrival, then the datagrams counted, by step.
    const QString name = QStringLiteral("#%1 127.0.0.1:%2 (UDP)")
                             .arg(ui.clients()->clientId(0))
                             .arg(peer.localPort());
    QTRY_VERIFY2(ui.logContains(QStringLiteral("recvfrom|%1|First datagram from").arg(name)),
        qPrintable(ui.logText()));
    QTRY_VERIFY2(
        ui.logContains(QStringLiteral("sendto|%1|Echoed").arg(name)), qPrintable(ui.logText()));
    qint64 datagrams = 0;
    static const QRegularExpression received(QStringLiteral(R"(Received (\d+) datagrams?)"));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            datagrams = 0;
            for (const QString &row : ui.logRows()) {
                if (row.startsWith(QStringLiteral("recvfrom|%1|Received").arg(name)))
                    datagrams += received.match(row).captured(1).toLongLong();
            }
            return datagrams == 3;
        }(),
        5000);
    // Stopping forgets the peer, with its totals.
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QTRY_VERIFY2(ui.logContains(QStringLiteral("forget|%1|").arg(name)), qPrintable(ui.logText()));
}

QTEST_MAIN(tst_ServerWindow)
#include "tst_serverwindow.moc"
