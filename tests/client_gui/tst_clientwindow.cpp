#include "clientwindow.h"
#include "echoserver.h"
#include "echoview.h"
#include "hexinput.h"
#include "keystrokeinput.h"
#include "lineinput.h"
#include "rttchart.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkDatagram>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <memory>
#include <sys/socket.h>

using namespace std::chrono_literals;

namespace {

// The window's widgets as a test drives them, found the way a user would name them.
struct ClientUi
{
    explicit ClientUi(ClientWindow &window)
        : window(window)
        , host(window.findChild<QLineEdit *>("hostEdit"))
        , port(window.findChild<QSpinBox *>("portSpin"))
        , connectButton(window.findChild<QPushButton *>("connectButton"))
        , status(window.findChild<QLabel *>("statusLabel"))
        , statusIcon(window.findChild<QLabel *>("statusIcon"))
        , input(window.findChild<KeystrokeInput *>("inputEdit"))
        , echo(window.findChild<EchoView *>("echoView"))
        , counters(window.findChild<QLabel *>("countersLabel"))
        , clearButton(window.findChild<QPushButton *>("clearButton"))
    { }

    bool isComplete() const
    {
        return host && port && connectButton && status && statusIcon && input && echo && counters &&
            clearButton;
    }

    void connectTo(const QString &hostName, quint16 portNumber) const
    {
        host->setText(hostName);
        port->setValue(portNumber);
        QTest::mouseClick(connectButton, Qt::LeftButton);
    }

    bool showsError() const { return statusIcon->isVisibleTo(&window) && status->font().bold(); }

    ClientWindow &window;
    QLineEdit *host;
    QSpinBox *port;
    QPushButton *connectButton;
    QLabel *status;
    QLabel *statusIcon;
    KeystrokeInput *input;
    EchoView *echo;
    QLabel *counters;
    QPushButton *clearButton;
};

// QTest::keyClicks() knows only Latin-1 keys; a key event carrying the text is what a keyboard
// layout with these characters sends.
void typeText(QWidget *widget, const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype length = text.at(i).isHighSurrogate() ? 2 : 1;
        QTest::sendKeyEvent(
            QTest::Click, widget, Qt::Key_unknown, text.mid(i, length), Qt::NoModifier);
        i += length - 1;
    }
}

// A server that is not ours: it records what arrives and, when asked, answers each read with
// the same bytes plus a NUL, as the original exercise's server did.
class RecordingServer final : public QObject
{
public:
    explicit RecordingServer(bool appendNul = false)
        : m_appendNul(appendNul)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_peer.reset(m_server.nextPendingConnection());
            connect(m_peer.get(), &QTcpSocket::readyRead, this, [this] {
                const QByteArray bytes = m_peer->readAll();
                received += bytes;
                if (m_appendNul)
                    m_peer->write(bytes + QByteArray(1, '\0'));
            });
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    bool hasPeer() const { return m_peer != nullptr; }

    QByteArray received;

private:
    QTcpServer m_server;
    std::unique_ptr<QTcpSocket> m_peer;
    bool m_appendNul = false;
};

// A UDP echo server of the test's own, which can drop or repeat datagrams (by their index).
class UdpPeer final : public QObject
{
public:
    UdpPeer()
    {
        m_socket.bind(QHostAddress::LocalHost, 0);
        connect(&m_socket, &QUdpSocket::readyRead, this, [this] {
            while (m_socket.hasPendingDatagrams()) {
                const QNetworkDatagram datagram = m_socket.receiveDatagram();
                const int index = count++;
                if (index == drop)
                    continue;
                for (int i = 0; i < (index == repeat ? 2 : 1); ++i)
                    m_socket.writeDatagram(datagram.makeReply(datagram.data()));
            }
        });
    }
    quint16 port() const { return m_socket.localPort(); }

    int drop = -1;
    int repeat = -1;
    int count = 0;

private:
    QUdpSocket m_socket;
};

// The options of a client started with --udp.
ClientOptions udpOptions()
{
    ClientOptions options;
    options.udp = true;
    return options;
}

QString connectedTo(quint16 port)
{
    return QStringLiteral("Connected to 127.0.0.1:%1").arg(port);
}

} // namespace

class tst_ClientWindow : public QObject
{
    Q_OBJECT

private slots:
    void startsDisconnectedWithDefaults();
    void takesHostAndPortFromOptions();
    void connectsAtLaunchWhenAsked();
    void connectingEnablesInputAndMovesFocusToIt();
    void typedCharactersComeBackAsEcho();
    void nonAsciiCharactersComeBackIntact_data();
    void nonAsciiCharactersComeBackIntact();
    void enterBreaksTheLineInTheView();
    void controlKeysSendControlBytes();
    void countersShowBytesSentAndReceived();
    void clearButtonEmptiesTheView();
    void showsBytesOfAServerThatIsNoEchoServer();
    void showsConnectionRefused();
    void showsUnknownHost();
    void showsConnectTimeout();
    void cancelStopsAConnectionAttempt();
    void showsServerClosingTheConnectionAndConnectsAgain();
    void disconnectButtonDisconnects();
    void showsTheServerResettingTheConnection();
    void shortcutTogglesTheConnection();
    void enterInTheHostBoxConnects();
    void emptyHostIsAnError();

    void keystrokeModeSendsControlBytes();
    void enterSendsTheChosenLineEnding_data();
    void enterSendsTheChosenLineEnding();
    void pasteSendsThePastedText();
    void lineModeRecallsEarlierLines();
    void hexModeSendsExactlyTheBytesTyped();
    void hexModeRefusesInvalidHexAndSendsNothing();
    void hexViewShowsTheExactBytes();
    void sentAndReceivedAreShownSideBySide();
    void echoCheckSaysTheEchoMatches();
    void echoCheckFindsTheNulAServerAppends();
    void roundTripIsTimedForEveryKeystroke();
    void noDelayIsOnByDefault();
    void sendsAFileAndTheEchoCheckPasses();
    void cancellingAFileStopsIt();
    void reconnectsAfterTheConnectionDrops();
    void logFileWriteFailureIsSaidInTheWindow();
    void retriesAServerThatClosesAtOnceEverMoreSlowly();
    void stoppingTheRetriesLeavesItDisconnected();
    void remembersHostPortAndModes();
    void commandLineHostAndPortWinOverRemembered();
    void remembersRecentHosts();
    void copyPutsTheReceivedTextOnTheClipboard();
    void controlsHaveAccessibleNames();
    void tabMovesThroughTheConnectionRow();
    void mnemonicsAreUnique();
    void remembersTheProtocolAndUdpOptionWins();
    void udpKeystrokesComeBackAsDatagramsWithTheirBoundaries();
    void udpLossAndDuplicationAreCountedAndMarked();
    void udpSaysWhenNoServerListens();
    void udpRefusesALineTooLongForADatagram();
    void udpSendsAFileInDatagrams();

    void init();
    void cleanup();

private:
    QSettings *settings() { return m_settings.get(); }
    void connectWindow(const ClientUi &ui, quint16 port);
    // Starts `server` and connects the window `ui` drives to it; waits until it takes input.
    void connectToEchoServer(EchoServer &server, const ClientUi &ui);
    // Has `server` listen and connects the window `ui` drives to it.
    void connectToRecorder(RecordingServer &server, const ClientUi &ui);
    // Connects the window to 127.0.0.1:`port`; waits until it takes input.
    void connectForInput(const ClientUi &ui, quint16 port);
    // Makes `silent` a listener that never accepts, with an accept queue of one that `filler`
    // fills: Linux then drops the next SYN, so a connection attempt gets no answer at all.
    void fillSilentListener(QTcpServer &silent, QTcpSocket &filler);
    // A file of `size` random bytes in the test's folder; its path, or nothing if not written.
    QString writeRandomFile(const QString &name, qsizetype size);

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

QString tst_ClientWindow::writeRandomFile(const QString &name, qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (char &byte : data)
        byte = char(QRandomGenerator::global()->bounded(256));
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != size)
        return {};
    return path;
}

void tst_ClientWindow::init()
{
    static int count = 0;
    m_settings = std::make_unique<QSettings>(
        m_dir.filePath(QStringLiteral("settings%1.ini").arg(++count)), QSettings::IniFormat);
}

void tst_ClientWindow::cleanup()
{
    m_settings.reset();
}

void tst_ClientWindow::connectWindow(const ClientUi &ui, quint16 port)
{
    ui.connectTo(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(ui.status->text(), connectedTo(port));
}

void tst_ClientWindow::fillSilentListener(QTcpServer &silent, QTcpSocket &filler)
{
    silent.setListenBacklogSize(0);
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    silent.pauseAccepting();
    filler.connectToHost(QHostAddress::LocalHost, silent.serverPort());
    QTRY_COMPARE(filler.state(), QAbstractSocket::ConnectedState);
}

void tst_ClientWindow::connectToEchoServer(EchoServer &server, const ClientUi &ui)
{
    QVERIFY(ui.isComplete());
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    connectForInput(ui, server.port());
}

void tst_ClientWindow::connectToRecorder(RecordingServer &server, const ClientUi &ui)
{
    QVERIFY(server.listen());
    connectWindow(ui, server.port());
}

void tst_ClientWindow::connectForInput(const ClientUi &ui, quint16 port)
{
    ui.connectTo(QStringLiteral("127.0.0.1"), port);
    QTRY_VERIFY(ui.input->isEnabled());
}

void tst_ClientWindow::startsDisconnectedWithDefaults()
{
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    QCOMPARE(window.windowTitle(), QStringLiteral("TCP Echo Client"));
    QCOMPARE(ui.host->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(ui.port->value(), 22000);
    QCOMPARE(ui.port->minimum(), 1);
    QCOMPARE(ui.port->maximum(), 65535);
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY(ui.connectButton->toolTip().contains(QStringLiteral("Ctrl+Return")));
    QCOMPARE(ui.status->text(), QStringLiteral("Disconnected"));
    QVERIFY(!ui.showsError());
    QVERIFY(ui.host->isEnabled());
    QVERIFY(ui.port->isEnabled());
    QVERIFY(!ui.input->isEnabled());
    QCOMPARE(ui.counters->text(), QStringLiteral("Sent 0 bytes · Received 0 bytes"));
    QVERIFY(!ui.input->accessibleName().isEmpty());
    QVERIFY(!ui.host->accessibleName().isEmpty());
    QVERIFY(!ui.port->accessibleName().isEmpty());
}

void tst_ClientWindow::takesHostAndPortFromOptions()
{
    ClientOptions options;
    options.host = QStringLiteral("::1");
    options.port = 4242;
    ClientWindow window(options, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    QCOMPARE(ui.host->text(), QStringLiteral("::1"));
    QCOMPARE(ui.port->value(), 4242);
    QCOMPARE(ui.status->text(), QStringLiteral("Disconnected"));
}

void tst_ClientWindow::connectsAtLaunchWhenAsked()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientOptions options;
    options.port = server.port();
    options.connect = true;
    ClientWindow window(options, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    QTRY_COMPARE(ui.status->text(), connectedTo(server.port()));
    QVERIFY(ui.input->isEnabled());
}

void tst_ClientWindow::connectingEnablesInputAndMovesFocusToIt()
{
    EchoServer server;
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    connectToEchoServer(server, ui);
    QCOMPARE(ui.status->text(), connectedTo(server.port()));
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Disconnect"));
    QVERIFY(!ui.host->isEnabled());
    QVERIFY(!ui.port->isEnabled());
    QVERIFY(!ui.showsError());
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);
}

void tst_ClientWindow::typedCharactersComeBackAsEcho()
{
    EchoServer server;
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    connectToEchoServer(server, ui);

    QTest::keyClicks(ui.input, QStringLiteral("hello"));
    QCOMPARE(ui.input->text(), QStringLiteral("hello"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("hello"));
}

void tst_ClientWindow::nonAsciiCharactersComeBackIntact_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("e acute (2 bytes)") << QStringLiteral("é");
    QTest::newRow("euro sign (3 bytes)") << QStringLiteral("€");
    QTest::newRow("emoji (4 bytes, surrogate pair)") << QStringLiteral("😀");
    QTest::newRow("mixed") << QStringLiteral("né €5");
}

void tst_ClientWindow::nonAsciiCharactersComeBackIntact()
{
    QFETCH(QString, typed);
    EchoServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToEchoServer(server, ui);

    typeText(ui.input, typed);
    QTRY_COMPARE(ui.echo->plainText(), typed);
    QCOMPARE(ui.input->text(), typed);
}

void tst_ClientWindow::enterBreaksTheLineInTheView()
{
    EchoServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToEchoServer(server, ui);

    QTest::keyClicks(ui.input, QStringLiteral("first"));
    QTest::keyClick(ui.input, Qt::Key_Return);
    QCOMPARE(ui.input->text(), QString());
    QTest::keyClicks(ui.input, QStringLiteral("second"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("first\nsecond"));
    QCOMPARE(ui.input->text(), QStringLiteral("second"));
}

void tst_ClientWindow::controlKeysSendControlBytes()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);

    QTest::keyClicks(ui.input, QStringLiteral("ab"));
    QTest::keyClick(ui.input, Qt::Key_Backspace);
    QCOMPARE(ui.input->text(), QStringLiteral("a"));
    QTest::keyClick(ui.input, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), ui.input); // Tab is sent, it does not move focus
    QTest::keyClick(ui.input, Qt::Key_C, Qt::ControlModifier); // 0x03, not Copy
    QTest::keyClick(ui.input, Qt::Key_A, Qt::ControlModifier); // 0x01, not Select All
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("ab␈␉␃␁"));
    QCOMPARE(ui.input->text(), QStringLiteral("a␉␃␁"));
}

void tst_ClientWindow::countersShowBytesSentAndReceived()
{
    EchoServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToEchoServer(server, ui);

    typeText(ui.input, QStringLiteral("hello é"));
    QTRY_COMPARE(ui.counters->text(), QStringLiteral("Sent 8 bytes · Received 8 bytes"));
}

void tst_ClientWindow::clearButtonEmptiesTheView()
{
    EchoServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToEchoServer(server, ui);
    QTest::keyClicks(ui.input, QStringLiteral("old"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("old"));

    QTest::mouseClick(ui.clearButton, Qt::LeftButton);
    QCOMPARE(ui.echo->plainText(), QString());
    QTest::keyClicks(ui.input, QStringLiteral("new"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("new"));
}

void tst_ClientWindow::showsBytesOfAServerThatIsNoEchoServer()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.serverPort());
    QTRY_VERIFY(server.hasPendingConnections());
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());

    // A NUL, then "é" split across two reads: the first read ends inside the character.
    peer->write(QByteArrayLiteral("a\0b\xc3"));
    QVERIFY(peer->flush());
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("a␀b"));
    peer->write(QByteArrayLiteral("\xa9"));
    QVERIFY(peer->flush());
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("a␀bé"));
    QTRY_COMPARE(ui.counters->text(), QStringLiteral("Sent 0 bytes · Received 5 bytes"));
}

void tst_ClientWindow::showsConnectionRefused()
{
    quint16 port = 0;
    {
        EchoServer server;
        QVERIFY(server.start(QHostAddress::LocalHost, 0));
        port = server.port();
        server.stop();
    }
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), port);

    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QCOMPARE(ui.status->text(),
        QStringLiteral("Connection refused by 127.0.0.1:%1: no server is listening on that port.")
            .arg(port));
    QVERIFY(ui.showsError());
    QVERIFY(ui.host->isEnabled());
    QVERIFY(!ui.input->isEnabled());
}

void tst_ClientWindow::showsUnknownHost()
{
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("nonexistent.invalid"), 22000);

    // The resolver may take a while to say no.
    QTRY_COMPARE_WITH_TIMEOUT(ui.connectButton->text(), QStringLiteral("Connect"), 30000);
    QVERIFY2(ui.status->text().startsWith(QStringLiteral("Host \"nonexistent.invalid\" not found")),
        qPrintable(ui.status->text()));
    QVERIFY(ui.showsError());
}

void tst_ClientWindow::showsConnectTimeout()
{
    // Linux drops the SYN of the window's attempt: it gets no answer at all.
    QTcpServer silent;
    QTcpSocket filler;
    fillSilentListener(silent, filler);

    ClientWindow window({}, settings());
    window.setConnectTimeout(500ms);
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), silent.serverPort());
    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Cancel"));
    QCOMPARE(
        ui.status->text(), QStringLiteral("Connecting to 127.0.0.1:%1…").arg(silent.serverPort()));
    QVERIFY(!ui.host->isEnabled());

    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY2(
        ui.status->text().contains(QStringLiteral("timed out")), qPrintable(ui.status->text()));
    QVERIFY(ui.showsError());
    QVERIFY(ui.host->isEnabled());
}

void tst_ClientWindow::cancelStopsAConnectionAttempt()
{
    QTcpServer silent;
    QTcpSocket filler;
    fillSilentListener(silent, filler);

    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), silent.serverPort());
    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Cancel"));

    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY(!ui.showsError());
    QVERIFY(ui.host->isEnabled());
}

void tst_ClientWindow::showsServerClosingTheConnectionAndConnectsAgain()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), port);
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);
    QTest::keyClicks(ui.input, QStringLiteral("before"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("before"));

    server.stop();
    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QCOMPARE(ui.status->text(), QStringLiteral("The server closed the connection."));
    QVERIFY(ui.showsError());
    QVERIFY(!ui.input->isEnabled());
    QVERIFY(ui.host->isEnabled());

    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QTRY_COMPARE(ui.status->text(), connectedTo(port));
    QVERIFY(!ui.showsError());
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);
    QTest::keyClicks(ui.input, QStringLiteral("after"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("after"));
}

void tst_ClientWindow::disconnectButtonDisconnects()
{
    EchoServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToEchoServer(server, ui);

    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY(!ui.showsError());
    QVERIFY(!ui.input->isEnabled());
    QVERIFY(ui.host->isEnabled());
    QVERIFY(ui.port->isEnabled());
}

void tst_ClientWindow::showsTheServerResettingTheConnection()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    ui.connectTo(QStringLiteral("127.0.0.1"), server.serverPort());
    QTRY_VERIFY(server.hasPendingConnections());
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    QTRY_COMPARE(ui.status->text(), connectedTo(server.serverPort()));
    peer->write("last words");
    QVERIFY(peer->flush());
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("last words"));

    // Closing with RST, as a crashed or killed server does.
    const linger hard { 1, 0 };
    ::setsockopt(int(peer->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    peer->abort();
    QTRY_COMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY(ui.showsError());
    QVERIFY(!ui.status->text().isEmpty());
    QVERIFY(ui.host->isEnabled());
    QVERIFY(!ui.input->isEnabled());
}

void tst_ClientWindow::shortcutTogglesTheConnection()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.port->setValue(server.port());
    ui.host->setFocus();

    QTest::keyClick(ui.host, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(ui.status->text(), connectedTo(server.port()));
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);

    // From the input box too, where every other Ctrl key is sent as a byte.
    QTest::keyClick(ui.input, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
}

void tst_ClientWindow::enterInTheHostBoxConnects()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.port->setValue(server.port());
    QTest::keyClick(ui.host, Qt::Key_Return);
    QTRY_COMPARE(ui.status->text(), connectedTo(server.port()));
}

void tst_ClientWindow::emptyHostIsAnError()
{
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("  "), 22000);
    QCOMPARE(ui.status->text(), QStringLiteral("Enter the server's host name or IP address."));
    QVERIFY(ui.showsError());
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
}

void tst_ClientWindow::keystrokeModeSendsControlBytes()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    connectToRecorder(server, ui);
    QTRY_COMPARE(QApplication::focusWidget(), ui.input);

    QTest::keyClick(ui.input, Qt::Key_A);
    QTest::keyClick(ui.input, Qt::Key_C, Qt::ControlModifier);
    QTest::keyClick(ui.input, Qt::Key_Backspace);
    QTest::keyClick(ui.input, Qt::Key_Tab);
    QTest::keyClick(ui.input, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(server.received, QByteArray("a\x03\x08\x09\x1a"));
}

void tst_ClientWindow::enterSendsTheChosenLineEnding_data()
{
    QTest::addColumn<int>("inputMode");
    QTest::addColumn<int>("lineEnding");
    QTest::addColumn<QByteArray>("bytes");
    const int keystroke = int(ClientWindow::InputMode::Keystroke);
    const int line = int(ClientWindow::InputMode::Line);
    QTest::newRow("keystroke, LF") << keystroke << 0 << QByteArray("hi\n");
    QTest::newRow("keystroke, CR") << keystroke << 1 << QByteArray("hi\r");
    QTest::newRow("keystroke, CR LF") << keystroke << 2 << QByteArray("hi\r\n");
    QTest::newRow("line, LF") << line << 0 << QByteArray("hi\n");
    QTest::newRow("line, CR") << line << 1 << QByteArray("hi\r");
    QTest::newRow("line, CR LF") << line << 2 << QByteArray("hi\r\n");
}

void tst_ClientWindow::enterSendsTheChosenLineEnding()
{
    QFETCH(int, inputMode);
    QFETCH(int, lineEnding);
    QFETCH(QByteArray, bytes);
    RecordingServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(inputMode);
    window.findChild<QComboBox *>("lineEndingCombo")->setCurrentIndex(lineEnding);
    connectToRecorder(server, ui);
    QWidget *input = inputMode == int(ClientWindow::InputMode::Line)
        ? static_cast<QWidget *>(window.findChild<LineInput *>("lineEdit"))
        : ui.input;

    QTest::keyClicks(input, QStringLiteral("hi"));
    if (inputMode == int(ClientWindow::InputMode::Line))
        QCOMPARE(server.received, QByteArray()); // nothing leaves before Enter
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_COMPARE(server.received, bytes);
}

void tst_ClientWindow::pasteSendsThePastedText()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToRecorder(server, ui);
    QGuiApplication::clipboard()->setText(QStringLiteral("pasted é"));
    QTest::keyClick(ui.input, Qt::Key_V, Qt::ControlModifier);
    QTRY_COMPARE(server.received, QByteArray("pasted \xc3\xa9"));
}

void tst_ClientWindow::lineModeRecallsEarlierLines()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(1);
    connectToRecorder(server, ui);
    auto *line = window.findChild<LineInput *>("lineEdit");
    QVERIFY(line && line->isEnabled());

    QTest::keyClicks(line, QStringLiteral("one"));
    QTest::keyClick(line, Qt::Key_Return);
    QTest::keyClicks(line, QStringLiteral("two"));
    QTest::keyClick(line, Qt::Key_Return);
    QTest::keyClicks(line, QStringLiteral("draft"));
    QTest::keyClick(line, Qt::Key_Up);
    QCOMPARE(line->text(), QStringLiteral("two"));
    QTest::keyClick(line, Qt::Key_Up);
    QCOMPARE(line->text(), QStringLiteral("one"));
    QTest::keyClick(line, Qt::Key_Down);
    QTest::keyClick(line, Qt::Key_Down);
    QCOMPARE(line->text(), QStringLiteral("draft"));
    QTest::keyClick(line, Qt::Key_Up);
    QTest::keyClick(line, Qt::Key_Up);
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(server.received, QByteArray("one\ntwo\none\n"));
}

void tst_ClientWindow::hexModeSendsExactlyTheBytesTyped()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(2);
    connectToRecorder(server, ui);
    auto *hex = window.findChild<QLineEdit *>("hexEdit");
    QVERIFY(hex && hex->isEnabled());

    QTest::keyClicks(hex, QStringLiteral("48 65 00ff 0d0a"));
    QTest::keyClick(hex, Qt::Key_Return);
    QTRY_COMPARE(server.received, QByteArray("He\0\xff\r\n", 6));
    QCOMPARE(hex->text(), QString());
}

void tst_ClientWindow::hexModeRefusesInvalidHexAndSendsNothing()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    window.show();
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(2);
    connectToRecorder(server, ui);
    auto *hex = window.findChild<QLineEdit *>("hexEdit");
    auto *error = window.findChild<QLabel *>("hexErrorLabel");
    QVERIFY(hex && error);
    QVERIFY(!error->isVisible());

    QTest::keyClicks(hex, QStringLiteral("48 6g"));
    QTest::keyClick(hex, Qt::Key_Return);
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("“g” at position 5 is not a hex digit (0–9, a–f)."));
    QCOMPARE(hex->text(), QStringLiteral("48 6g")); // kept for correcting
    QCOMPARE(hex->selectedText(), QStringLiteral("g"));

    hex->clear();
    QTest::keyClicks(hex, QStringLiteral("486"));
    QTest::keyClick(hex, Qt::Key_Return);
    QVERIFY(error->text().contains(QStringLiteral("odd number of hex digits")));

    hex->clear();
    QTest::keyClicks(hex, QStringLiteral("41"));
    QVERIFY(!error->isVisible()); // typing clears the complaint
    QTest::keyClick(hex, Qt::Key_Return);
    QTRY_COMPARE(server.received, QByteArray("A"));
}

void tst_ClientWindow::hexViewShowsTheExactBytes()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("viewModeCombo")->setCurrentIndex(1);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(2);
    connectWindow(ui, server.port());
    auto *hex = window.findChild<QLineEdit *>("hexEdit");
    QTest::keyClicks(hex, QStringLiteral("48656c6c6f 00 ff 0a 41 42 43 44 45 46 47 48 49"));
    QTest::keyClick(hex, Qt::Key_Return);

    const QString expected = QStringLiteral(
        "00000000  48 65 6c 6c 6f 00 ff 0a  41 42 43 44 45 46 47 48  |Hello...ABCDEFGH|\n"
        "00000010  49                                                |I|");
    QTRY_COMPARE(ui.echo->plainText(), expected);
    QCOMPARE(window.findChild<EchoView *>("sentView")->plainText(), expected);

    // Back to text: the same bytes, decoded.
    window.findChild<QComboBox *>("viewModeCombo")->setCurrentIndex(0);
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("Hello␀\uFFFD\nABCDEFGHI"));
}

void tst_ClientWindow::sentAndReceivedAreShownSideBySide()
{
    RecordingServer server;
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectToRecorder(server, ui);
    QTest::keyClicks(ui.input, QStringLiteral("out"));
    auto *sent = window.findChild<EchoView *>("sentView");
    QVERIFY(sent);
    QTRY_COMPARE(sent->plainText(), QStringLiteral("out"));
    QCOMPARE(ui.echo->plainText(), QString()); // this server answers nothing
    QVERIFY(!sent->accessibleName().isEmpty());
    QVERIFY(sent->accessibleName() != ui.echo->accessibleName());
}

void tst_ClientWindow::echoCheckSaysTheEchoMatches()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    auto *check = window.findChild<QLabel *>("echoCheckLabel");
    QVERIFY(check);
    QCOMPARE(check->text(), QStringLiteral("Echo check: nothing sent yet"));
    connectWindow(ui, server.port());
    typeText(ui.input, QStringLiteral("hello é"));
    QTRY_COMPARE(check->text(), QStringLiteral("Echo matches (8 bytes)"));
}

void tst_ClientWindow::echoCheckFindsTheNulAServerAppends()
{
    RecordingServer server(true);
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(1);
    connectToRecorder(server, ui);
    auto *line = window.findChild<LineInput *>("lineEdit");
    auto *check = window.findChild<QLabel *>("echoCheckLabel");

    QTest::keyClicks(line, QStringLiteral("test"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(check->text(),
        QStringLiteral("Differs at byte 6: got 0x00 where nothing was sent yet (1 byte more came "
                       "back than was sent)"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("test\n␀"));
    QCOMPARE(ui.echo->markedText(), QStringLiteral("␀"));
    QCOMPARE(window.echoCheck().difference()->offset, 5);

    // The next line puts a byte where the NUL came back: now both sides are known.
    QTest::keyClicks(line, QStringLiteral("test"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("test\n␀test\n␀"));
    QTRY_COMPARE(check->text(), QStringLiteral("Differs at byte 6: sent 0x74 't', got 0x00"));
    QCOMPARE(ui.echo->markedText(), QStringLiteral("␀"));
    QCOMPARE(server.received, QByteArray("test\ntest\n"));
}

void tst_ClientWindow::roundTripIsTimedForEveryKeystroke()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    auto *rtt = window.findChild<QLabel *>("rttLabel");
    auto *chart = window.findChild<RttChart *>("rttChart");
    QVERIFY(rtt && chart);
    QCOMPARE(rtt->text(), QStringLiteral("Round trip: none yet"));
    connectWindow(ui, server.port());

    for (const char *key : { "a", "b", "c" }) {
        const qint64 before = window.roundTrips().completedCount();
        QTest::keyClicks(ui.input, QString::fromLatin1(key));
        QTRY_COMPARE(window.roundTrips().completedCount(), before + 1);
    }
    QTRY_VERIFY(rtt->text().startsWith(QStringLiteral("Round trip: last ")));
    QVERIFY2(rtt->text().contains(QStringLiteral("median")), qPrintable(rtt->text()));
    QVERIFY2(rtt->text().contains(QStringLiteral("99th percentile")), qPrintable(rtt->text()));
    QTRY_COMPARE(chart->samples().size(), 3);
    for (const qint64 sample : chart->samples())
        QVERIFY(sample > 0);
}

void tst_ClientWindow::noDelayIsOnByDefault()
{
    ClientWindow window({}, settings());
    auto *noDelay = window.findChild<QCheckBox *>("noDelayCheck");
    QVERIFY(noDelay);
    QVERIFY(noDelay->isChecked());
    QVERIFY(noDelay->text().contains(QStringLiteral("NODELAY")));
}

void tst_ClientWindow::sendsAFileAndTheEchoCheckPasses()
{
    const QString path = writeRandomFile(QStringLiteral("random.bin"), 3 * 1024 * 1024 + 123);
    QVERIFY(!path.isEmpty());
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectWindow(ui, server.port());

    window.sendFile(path);
    auto *fileLabel = window.findChild<QLabel *>("fileLabel");
    auto *progress = window.findChild<QProgressBar *>("fileProgress");
    QVERIFY(fileLabel && progress);
    QTRY_VERIFY_WITH_TIMEOUT(fileLabel->text().startsWith(QStringLiteral("File sent")), 20000);
    QCOMPARE(progress->value(), progress->maximum());
    QTRY_COMPARE_WITH_TIMEOUT(window.findChild<QLabel *>("echoCheckLabel")->text(),
        QStringLiteral("Echo matches (3,145,851 bytes)"), 20000);
    QTRY_COMPARE(
        ui.counters->text(), QStringLiteral("Sent 3,145,851 bytes · Received 3,145,851 bytes"));
    QVERIFY(window.findChild<QPushButton *>("sendFileButton")->isEnabled());
}

void tst_ClientWindow::cancellingAFileStopsIt()
{
    const QString path = m_dir.filePath(QStringLiteral("big.bin"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(256 * 1024 * 1024)); // sparse: no disk or time spent
    }
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectWindow(ui, server.port());

    window.sendFile(path);
    auto *cancel = window.findChild<QPushButton *>("cancelFileButton");
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    auto *fileLabel = window.findChild<QLabel *>("fileLabel");
    QVERIFY2(fileLabel->text().startsWith(QStringLiteral("File stopped after")),
        qPrintable(fileLabel->text()));
    QVERIFY(fileLabel->text().endsWith(QStringLiteral("Cancelled.")));
    QVERIFY(!cancel->isEnabled());
    // What was handed on comes back, and the check agrees with it.
    QTRY_COMPARE(window.echoCheck().inFlight(), 0);
    QVERIFY(!window.echoCheck().difference());
    QVERIFY(window.echoCheck().bytesSent() < 256 * 1024 * 1024);
}

void tst_ClientWindow::reconnectsAfterTheConnectionDrops()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    const quint16 port = server.port();
    ClientWindow window({}, settings());
    window.setReconnectPolicy(ReconnectPolicy(100ms, 400ms));
    const ClientUi ui(window);
    auto *reconnect = window.findChild<QCheckBox *>("reconnectCheck");
    QVERIFY(reconnect);
    QVERIFY(!reconnect->isChecked());
    reconnect->setChecked(true);
    connectWindow(ui, port);
    QTest::keyClicks(ui.input, QStringLiteral("before"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("before"));

    server.stop();
    QTRY_VERIFY2(ui.status->text().contains(QStringLiteral("Trying again at")),
        qPrintable(ui.status->text()));
    QVERIFY(ui.status->text().startsWith(QStringLiteral("The server closed the connection.")));
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Cancel"));
    // Refused attempts are retried too, with longer waits.
    QTRY_VERIFY(ui.status->text().contains(QStringLiteral("attempt 2")));
    // While it retries, what the last connection showed stays.
    QCOMPARE(ui.echo->plainText(), QStringLiteral("before"));
    QCOMPARE(ui.counters->text(), QStringLiteral("Sent 6 bytes · Received 6 bytes"));

    QVERIFY(server.start(QHostAddress::LocalHost, port));
    QTRY_COMPARE(ui.status->text(), connectedTo(port));
    QTest::keyClicks(ui.input, QStringLiteral("back"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("back"));
}

void tst_ClientWindow::logFileWriteFailureIsSaidInTheWindow()
{
    // Every write to /dev/full fails with ENOSPC, as on a full disk. (The command line refuses
    // a device as --log-file; the window is given it directly.)
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientOptions options;
    options.logFile = QStringLiteral("/dev/full");
    ClientWindow window(options, settings());
    const ClientUi ui(window);
    auto *logFileLabel = window.findChild<QLabel *>("logFileLabel");
    QVERIFY(logFileLabel);
    QVERIFY(!logFileLabel->isVisibleTo(&window));
    connectWindow(ui, server.port());
    // Still said once the status has moved on to the connection.
    QCOMPARE(ui.status->text(), connectedTo(server.port()));
    QVERIFY(logFileLabel->isVisibleTo(&window));
    QCOMPARE(logFileLabel->text(),
        QStringLiteral("Cannot write the log file /dev/full: No space left on device. Lines that "
                       "cannot be written are counted, and the file will say how many are "
                       "missing."));
    QVERIFY(logFileLabel->font().bold());
}

void tst_ClientWindow::retriesAServerThatClosesAtOnceEverMoreSlowly()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, this, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            socket->close();
            socket->deleteLater();
        }
    });
    ClientWindow window({}, settings());
    window.setReconnectPolicy(ReconnectPolicy(20ms, 1s));
    const ClientUi ui(window);
    window.findChild<QCheckBox *>("reconnectCheck")->setChecked(true);
    ui.connectTo(QStringLiteral("127.0.0.1"), server.serverPort());
    // Every connection was accepted, and every one closed at once: each is a failed attempt.
    const auto attemptShown = [&ui] {
        static const QRegularExpression attempt(QStringLiteral("attempt (\\d+)\\)"));
        return attempt.match(ui.status->text()).captured(1).toInt();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(attemptShown() >= 4, qPrintable(ui.status->text()), 10000);
    QVERIFY(ui.status->text().startsWith(QStringLiteral("The server closed the connection.")));
    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
}

void tst_ClientWindow::stoppingTheRetriesLeavesItDisconnected()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    window.setReconnectPolicy(ReconnectPolicy(60s, 60s));
    const ClientUi ui(window);
    window.findChild<QCheckBox *>("reconnectCheck")->setChecked(true);
    connectWindow(ui, server.port());
    server.stop();
    QTRY_VERIFY(ui.status->text().contains(QStringLiteral("Trying again at")));

    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QCOMPARE(ui.status->text(), QStringLiteral("The server closed the connection."));
    QVERIFY(ui.host->isEnabled());
}

void tst_ClientWindow::remembersHostPortAndModes()
{
    QSize size;
    {
        ClientWindow window({}, settings());
        const ClientUi ui(window);
        ui.host->setText(QStringLiteral("localhost"));
        ui.port->setValue(4321);
        window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(1);
        window.findChild<QComboBox *>("lineEndingCombo")->setCurrentIndex(2);
        window.findChild<QComboBox *>("viewModeCombo")->setCurrentIndex(1);
        window.findChild<QCheckBox *>("noDelayCheck")->setChecked(false);
        window.findChild<QCheckBox *>("reconnectCheck")->setChecked(true);
        // A size the screen holds, frame and all (tst_windowgeometry tries ones it does not).
        size = (window.minimumSize() + window.screen()->availableGeometry().size() / 4 * 3) / 2;
        window.resize(size);
    }
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    QCOMPARE(ui.host->text(), QStringLiteral("localhost"));
    QCOMPARE(ui.port->value(), 4321);
    QCOMPARE(window.findChild<QComboBox *>("inputModeCombo")->currentIndex(), 1);
    QCOMPARE(window.findChild<QComboBox *>("lineEndingCombo")->currentIndex(), 2);
    QCOMPARE(window.findChild<QComboBox *>("viewModeCombo")->currentIndex(), 1);
    QVERIFY(!window.findChild<QCheckBox *>("noDelayCheck")->isChecked());
    QVERIFY(window.findChild<QCheckBox *>("reconnectCheck")->isChecked());
    QCOMPARE(window.size(), size);
}

void tst_ClientWindow::commandLineHostAndPortWinOverRemembered()
{
    {
        ClientWindow window({}, settings());
        const ClientUi ui(window);
        ui.host->setText(QStringLiteral("localhost"));
        ui.port->setValue(4321);
        window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(2);
    }
    ClientOptions options;
    options.host = QStringLiteral("::1");
    options.hostGiven = true;
    options.port = 5555;
    options.portGiven = true;
    ClientWindow window(options, settings());
    const ClientUi ui(window);
    QCOMPARE(ui.host->text(), QStringLiteral("::1"));
    QCOMPARE(ui.port->value(), 5555);
    QCOMPARE(window.findChild<QComboBox *>("inputModeCombo")->currentIndex(), 2);
}

void tst_ClientWindow::remembersRecentHosts()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    {
        ClientWindow window({}, settings());
        const ClientUi ui(window);
        for (const QString &host : { QStringLiteral("127.0.0.1"), QStringLiteral("localhost") }) {
            ui.connectTo(host, server.port());
            QTRY_VERIFY(ui.input->isEnabled());
            QTest::mouseClick(ui.connectButton, Qt::LeftButton);
            QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
        }
    }
    ClientWindow window({}, settings());
    auto *hosts = window.findChild<QComboBox *>("hostCombo");
    QVERIFY(hosts);
    QCOMPARE(hosts->count(), 2);
    QCOMPARE(hosts->itemText(0), QStringLiteral("localhost"));
    QCOMPARE(hosts->itemText(1), QStringLiteral("127.0.0.1"));
    QCOMPARE(ClientUi(window).host->text(), QStringLiteral("localhost"));
}

void tst_ClientWindow::copyPutsTheReceivedTextOnTheClipboard()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, settings());
    const ClientUi ui(window);
    connectWindow(ui, server.port());
    QTest::keyClicks(ui.input, QStringLiteral("copy me"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("copy me"));
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(window.findChild<QPushButton *>("copyButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("copy me"));
}

void tst_ClientWindow::controlsHaveAccessibleNames()
{
    ClientWindow window({}, settings());
    const auto widgets = window.findChildren<QWidget *>();
    int named = 0;
    for (QWidget *widget : widgets) {
        const bool control = qobject_cast<QAbstractButton *>(widget) ||
            qobject_cast<QComboBox *>(widget) || qobject_cast<QSpinBox *>(widget) ||
            qobject_cast<QProgressBar *>(widget) || qobject_cast<EchoView *>(widget) ||
            qobject_cast<RttChart *>(widget) ||
            (qobject_cast<QLineEdit *>(widget) && !widget->objectName().isEmpty() &&
                widget->objectName() != QStringLiteral("qt_spinbox_lineedit"));
        if (!control)
            continue;
        const auto *button = qobject_cast<QAbstractButton *>(widget);
        const bool hasName =
            !widget->accessibleName().isEmpty() || (button && !button->text().isEmpty());
        QVERIFY2(hasName, qPrintable(widget->objectName()));
        ++named;
    }
    QVERIFY(named >= 15);
}

void tst_ClientWindow::tabMovesThroughTheConnectionRow()
{
    ClientWindow window({}, settings());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    auto *hostCombo = window.findChild<QComboBox *>("hostCombo");
    hostCombo->setFocus();
    QTRY_VERIFY(hostCombo->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY(ui.port->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), window.findChild<QComboBox *>("protocolCombo"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), ui.connectButton);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), window.findChild<QCheckBox *>("reconnectCheck"));
}

void tst_ClientWindow::mnemonicsAreUnique()
{
    // Two controls with the same Alt+letter make Qt cycle between them instead of acting.
    ClientWindow window({}, settings());
    QStringList texts;
    for (const QLabel *label : window.findChildren<QLabel *>())
        texts.append(label->text());
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>())
        texts.append(button->text());
    QSet<QChar> letters;
    for (const QString &text : texts) {
        const qsizetype amp = text.indexOf(u'&');
        if (amp < 0 || amp + 1 >= text.size())
            continue;
        const QChar letter = text.at(amp + 1).toLower();
        QVERIFY2(!letters.contains(letter), qPrintable(text));
        letters.insert(letter);
    }
    QVERIFY(letters.size() >= 10);
}

void tst_ClientWindow::remembersTheProtocolAndUdpOptionWins()
{
    {
        ClientWindow window({}, settings());
        auto *protocol = window.findChild<QComboBox *>("protocolCombo");
        QVERIFY(protocol);
        QCOMPARE(protocol->currentText(), QStringLiteral("TCP"));
        auto *size = window.findChild<QSpinBox *>("datagramSizeSpin");
        QVERIFY(size);
        QCOMPARE(size->value(), 1200);
        QVERIFY(!size->isEnabled()); // a TCP file is one stream
        auto *noDelay = window.findChild<QCheckBox *>("noDelayCheck");
        QVERIFY(noDelay->isEnabled());
        protocol->setCurrentIndex(protocol->findText(QStringLiteral("UDP")));
        QVERIFY(size->isEnabled());
        QVERIFY(!noDelay->isEnabled());
        size->setValue(512);
    }
    {
        ClientWindow window({}, settings());
        QCOMPARE(
            window.findChild<QComboBox *>("protocolCombo")->currentText(), QStringLiteral("UDP"));
        QCOMPARE(window.findChild<QSpinBox *>("datagramSizeSpin")->value(), 512);
        window.findChild<QComboBox *>("protocolCombo")->setCurrentIndex(0);
    }
    ClientWindow window(udpOptions(), settings());
    QCOMPARE(window.findChild<QComboBox *>("protocolCombo")->currentText(), QStringLiteral("UDP"));
}

void tst_ClientWindow::udpKeystrokesComeBackAsDatagramsWithTheirBoundaries()
{
    UdpPeer peer;
    ClientWindow window(udpOptions(), settings());
    const ClientUi ui(window);
    auto *sent = window.findChild<EchoView *>("sentView");
    connectForInput(ui, peer.port());
    QVERIFY(ui.status->text().contains(
        QStringLiteral("UDP datagrams to 127.0.0.1:%1").arg(peer.port())));
    QVERIFY(!window.findChild<QComboBox *>("protocolCombo")->isEnabled());

    typeText(ui.input, QStringLiteral("héllo"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("héllo"));
    QCOMPARE(peer.count, 5);
    // Each key a datagram, every other one shaded, in both views: "é" is bytes 1-2.
    for (EchoView *view : { sent, ui.echo }) {
        QVERIFY(view->showsDatagrams());
        QVERIFY(!view->isShaded(0));
        QVERIFY(view->isShaded(1) && view->isShaded(2));
        QVERIFY(!view->isShaded(3));
        QVERIFY(view->isShaded(4));
    }
    QTRY_COMPARE(window.findChild<QLabel *>("echoCheckLabel")->text(),
        QStringLiteral("Datagrams: 5 sent, 5 came back whole and in order"));
    QTRY_COMPARE(window.roundTrips().completedCount(), 5);
    QVERIFY(window.findChild<QLabel *>("rttLabel")
            ->text()
            .startsWith(QStringLiteral("Round trip: last")));

    // Over TCP, the same views show no boundaries.
    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    window.findChild<QComboBox *>("protocolCombo")->setCurrentIndex(0);
    connectWindow(ui, server.port());
    QVERIFY(!ui.echo->showsDatagrams());
}

void tst_ClientWindow::udpLossAndDuplicationAreCountedAndMarked()
{
    UdpPeer peer;
    peer.drop = 0;
    peer.repeat = 1;
    ClientWindow window(udpOptions(), settings());
    const ClientUi ui(window);
    auto *sent = window.findChild<EchoView *>("sentView");
    connectForInput(ui, peer.port());
    typeText(ui.input, QStringLiteral("ab"));
    QTRY_COMPARE(ui.echo->plainText(), QStringLiteral("bb"));
    // The copy is marked where it was received; the lost "a", after a second, where it was sent.
    QTRY_COMPARE(ui.echo->markedTexts(), QStringList { QStringLiteral("b") });
    QTRY_COMPARE(window.findChild<QLabel *>("echoCheckLabel")->text(),
        QStringLiteral("Datagrams: 2 sent, 1 came back · lost 1 · duplicated 1 · reordered 0 · "
                       "corrupted 0"));
    QTRY_COMPARE(sent->markedTexts(), QStringList { QStringLiteral("a") });
}

void tst_ClientWindow::udpSaysWhenNoServerListens()
{
    quint16 port = 0;
    {
        QUdpSocket probe;
        QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
        port = probe.localPort();
    }
    ClientWindow window(udpOptions(), settings());
    const ClientUi ui(window);
    connectForInput(ui, port);
    typeText(ui.input, QStringLiteral("x"));
    QTRY_VERIFY2(ui.status->text().contains(
                     QStringLiteral("no server is listening on UDP port %1").arg(port)),
        qPrintable(ui.status->text()));
    QVERIFY(ui.showsError());
}

void tst_ClientWindow::udpRefusesALineTooLongForADatagram()
{
    UdpPeer peer;
    ClientWindow window(udpOptions(), settings());
    const ClientUi ui(window);
    window.findChild<QComboBox *>("inputModeCombo")->setCurrentIndex(1);
    ui.connectTo(QStringLiteral("127.0.0.1"), peer.port());
    auto *line = window.findChild<LineInput *>("lineEdit");
    QTRY_VERIFY(line->isEnabled());
    // Within a line edit's 32,767 characters, beyond a datagram's bytes: "€" is 3 bytes.
    line->setText(QString(22000, u'€'));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY2(ui.status->text().contains(QStringLiteral("holds at most 65,507 bytes")),
        qPrintable(ui.status->text()));
    QCOMPARE(peer.count, 0);
    QTest::keyClicks(line, QStringLiteral("ok"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(peer.count, 1);
}

void tst_ClientWindow::udpSendsAFileInDatagrams()
{
    const QString path = writeRandomFile(QStringLiteral("udp.bin"), 50 * 1000);
    QVERIFY(!path.isEmpty());
    UdpPeer peer;
    ClientWindow window(udpOptions(), settings());
    const ClientUi ui(window);
    window.findChild<QSpinBox *>("datagramSizeSpin")->setValue(1000);
    connectForInput(ui, peer.port());
    window.sendFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.findChild<QLabel *>("fileLabel")->text().startsWith(QStringLiteral("File sent")),
        20000);
    QTRY_COMPARE(window.findChild<QLabel *>("echoCheckLabel")->text(),
        QStringLiteral("Datagrams: 50 sent, 50 came back whole and in order"));
    QCOMPARE(peer.count, 50);
}

QTEST_MAIN(tst_ClientWindow)
#include "tst_clientwindow.moc"
