#include "clientwindow.h"
#include "echoserver.h"
#include "echoview.h"
#include "keystrokeinput.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

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
    void shortcutTogglesTheConnection();
    void enterInTheHostBoxConnects();
    void emptyHostIsAnError();
};

void tst_ClientWindow::startsDisconnectedWithDefaults()
{
    ClientWindow window;
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
    ClientWindow window(options);
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
    ClientWindow window(options);
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    QTRY_COMPARE(ui.status->text(), connectedTo(server.port()));
    QVERIFY(ui.input->isEnabled());
}

void tst_ClientWindow::connectingEnablesInputAndMovesFocusToIt()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());

    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());
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
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());

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
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());

    typeText(ui.input, typed);
    QTRY_COMPARE(ui.echo->plainText(), typed);
    QCOMPARE(ui.input->text(), typed);
}

void tst_ClientWindow::enterBreaksTheLineInTheView()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());

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
    ClientWindow window;
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
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());

    typeText(ui.input, QStringLiteral("hello é"));
    QTRY_COMPARE(ui.counters->text(), QStringLiteral("Sent 8 bytes · Received 8 bytes"));
}

void tst_ClientWindow::clearButtonEmptiesTheView()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());
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
    ClientWindow window;
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
    ClientWindow window;
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
    ClientWindow window;
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
    // A listener that never accepts, with an accept queue of one that a first connection fills:
    // Linux then drops the next SYN, so the window's attempt gets no answer at all.
    QTcpServer silent;
    silent.setListenBacklogSize(0);
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    silent.pauseAccepting();
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, silent.serverPort());
    QTRY_COMPARE(filler.state(), QAbstractSocket::ConnectedState);

    ClientWindow window;
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
    silent.setListenBacklogSize(0);
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    silent.pauseAccepting();
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, silent.serverPort());
    QTRY_COMPARE(filler.state(), QAbstractSocket::ConnectedState);

    ClientWindow window;
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
    ClientWindow window;
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
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("127.0.0.1"), server.port());
    QTRY_VERIFY(ui.input->isEnabled());

    QTest::mouseClick(ui.connectButton, Qt::LeftButton);
    QTRY_COMPARE(ui.status->text(), QStringLiteral("Disconnected"));
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
    QVERIFY(!ui.showsError());
    QVERIFY(!ui.input->isEnabled());
    QVERIFY(ui.host->isEnabled());
    QVERIFY(ui.port->isEnabled());
}

void tst_ClientWindow::shortcutTogglesTheConnection()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window;
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
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.port->setValue(server.port());
    QTest::keyClick(ui.host, Qt::Key_Return);
    QTRY_COMPARE(ui.status->text(), connectedTo(server.port()));
}

void tst_ClientWindow::emptyHostIsAnError()
{
    ClientWindow window;
    const ClientUi ui(window);
    QVERIFY(ui.isComplete());
    ui.connectTo(QStringLiteral("  "), 22000);
    QCOMPARE(ui.status->text(), QStringLiteral("Enter the server's host name or IP address."));
    QVERIFY(ui.showsError());
    QCOMPARE(ui.connectButton->text(), QStringLiteral("Connect"));
}

QTEST_MAIN(tst_ClientWindow)
#include "tst_clientwindow.moc"
