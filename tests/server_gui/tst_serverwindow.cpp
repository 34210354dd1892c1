#include "logview.h"
#include "options.h"
#include "serverwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

namespace {

// The system picks the port, so tests never collide with each other or with a real server.
ServerOptions anyFreePort()
{
    ServerOptions options;
    options.port = 0;
    options.portGiven = true;
    return options;
}

const QRegularExpression listeningOnLocalhost { QStringLiteral(
    R"(^Listening on 127\.0\.0\.1:(\d+)$)") };

// The window under test, reached the way a user sees it: through its named widgets.
struct ServerWindowParts
{
    explicit ServerWindowParts(const ServerOptions &options = anyFreePort())
        : window(options)
    { }

    ServerWindow window;
    QComboBox *address = window.findChild<QComboBox *>(QStringLiteral("addressCombo"));
    QSpinBox *port = window.findChild<QSpinBox *>(QStringLiteral("portSpin"));
    QPushButton *listen = window.findChild<QPushButton *>(QStringLiteral("listenButton"));
    QLabel *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    QLabel *statusIcon = window.findChild<QLabel *>(QStringLiteral("statusIcon"));
    QLabel *clientCount = window.findChild<QLabel *>(QStringLiteral("clientCountLabel"));
    LogView *log = window.findChild<LogView *>(QStringLiteral("logView"));

    bool complete() const
    {
        return address && port && listen && status && statusIcon && clientCount && log;
    }

    // The port the status line names, 0 when it doesn't say "Listening on 127.0.0.1:<port>".
    quint16 listeningPort() const
    {
        const auto match = listeningOnLocalhost.match(status->text());
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

    bool logContains(const QString &text) const { return log->toPlainText().contains(text); }
};

} // namespace

class tst_ServerWindow : public QObject
{
    Q_OBJECT

private slots:
    void startsStoppedOnLocalhostWithTheDefaultPort();
    void commandLineAddressIsOfferedAndSelected_data();
    void commandLineAddressIsOfferedAndSelected();
    void listenButtonStartsListeningAndLocksTheControls();
    void listensOnTheChosenFreePort();
    void listensOnTheSelectedAddress_data();
    void listensOnTheSelectedAddress();
    void portInUseIsShownAndAnotherPortCanBeTried();
    void listenOptionStartsListeningWithoutAClick();
    void shortcutTogglesListening();
    void acceptedClientIsLoggedWithItsAddressAndPort();
    void echoedDataIsLoggedWithByteCountAndVisiblePreview_data();
    void echoedDataIsLoggedWithByteCountAndVisiblePreview();
    void clientClosingItsConnectionIsLogged();
    void stopDisconnectsEveryClient();
    void statusBarCountsConnectedClients();
    void logLinesAreTimestampedAndShownInBatches();
    void logKeepsOnlyTheNewestLines();
};

void tst_ServerWindow::startsStoppedOnLocalhostWithTheDefaultPort()
{
    ServerWindowParts ui { ServerOptions {} };
    QVERIFY(ui.complete());
    QCOMPARE(ui.window.windowTitle(), QStringLiteral("TCP Echo Server"));
    QCOMPARE(ui.address->currentText(), QStringLiteral("Localhost only (127.0.0.1)"));
    QCOMPARE(ui.address->count(), 2);
    QCOMPARE(ui.port->value(), 22000);
    QCOMPARE(ui.port->minimum(), 1);
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QVERIFY(ui.listen->toolTip().contains(
        QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText)));
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QVERIFY(ui.address->isEnabled());
    QVERIFY(ui.port->isEnabled());
    QVERIFY(ui.log->isReadOnly());
    QCOMPARE(ui.window.focusWidget(), ui.listen);
}

void tst_ServerWindow::commandLineAddressIsOfferedAndSelected_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<int>("itemCount");
    QTest::addColumn<QString>("selected");

    QTest::newRow("localhost") << QStringLiteral("localhost") << 2
                               << QStringLiteral("Localhost only (127.0.0.1)");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << 2
                               << QStringLiteral("Localhost only (127.0.0.1)");
    QTest::newRow("any") << QStringLiteral("any") << 2
                         << QStringLiteral("All interfaces (IPv4 + IPv6)");
    QTest::newRow("IPv6 loopback")
        << QStringLiteral("::1") << 3 << QStringLiteral("This address only (::1)");
    QTest::newRow("other IPv4") << QStringLiteral("192.0.2.7") << 3
                                << QStringLiteral("This address only (192.0.2.7)");
    QTest::newRow("all IPv4") << QStringLiteral("0.0.0.0") << 3
                              << QStringLiteral("All IPv4 interfaces (0.0.0.0)");
}

void tst_ServerWindow::commandLineAddressIsOfferedAndSelected()
{
    QFETCH(QString, given);
    QFETCH(int, itemCount);
    QFETCH(QString, selected);

    ServerOptions options;
    options.address = parseListenAddress(given);
    options.addressGiven = true;
    QVERIFY(!options.address.isNull());
    ServerWindowParts ui { options };
    QVERIFY(ui.complete());
    QCOMPARE(ui.address->count(), itemCount);
    QCOMPARE(ui.address->currentText(), selected);
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
    QTRY_VERIFY(ui.logContains(QStringLiteral("Listening on 127.0.0.1:%1").arg(port)));

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));

    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QVERIFY(ui.address->isEnabled());
    QVERIFY(ui.port->isEnabled());
    QTRY_VERIFY(ui.logContains(QStringLiteral("Stopped listening on 127.0.0.1:%1").arg(port)));
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
    QCOMPARE(ui.status->text(), QStringLiteral("Listening on 127.0.0.1:%1").arg(port));
    QCOMPARE(ui.listen->text(), QStringLiteral("Stop"));
}

void tst_ServerWindow::listensOnTheSelectedAddress_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("connectTo");
    QTest::addColumn<QString>("statusPattern");

    QTest::newRow("localhost") << QString() << QStringLiteral("127.0.0.1")
                               << QStringLiteral(R"(^Listening on 127\.0\.0\.1:(\d+)$)");
    QTest::newRow("IPv6 loopback from the command line")
        << QStringLiteral("::1") << QStringLiteral("::1")
        << QStringLiteral(R"(^Listening on \[::1\]:(\d+)$)");
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
    QTRY_VERIFY(ui.logContains(QStringLiteral("already in use")));

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

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(client.waitForConnected(5000));
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
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY(ui.listeningPort() != 0);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(client.waitForConnected(5000));
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(client.localPort());
    QTRY_VERIFY(ui.logContains(QStringLiteral("client #1 %1: connection accepted").arg(endpoint)));
}

void tst_ServerWindow::echoedDataIsLoggedWithByteCountAndVisiblePreview_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QString>("expected");

    QTest::newRow("text") << QByteArray("hello")
                          << QStringLiteral("received 5 bytes in 1 read, echoed 5: \"hello\"");
    QTest::newRow("NUL byte") << QByteArray("a\0b", 3)
                              << QStringLiteral("echoed 3: \"a") + QChar(0x2400) + u"b\"";
    QTest::newRow("line break") << QByteArray("hi\r\n")
                                << QStringLiteral("echoed 4: \"hi") + QChar(0x240D) +
            QChar(0x240A) + u'"';
    QTest::newRow("one byte") << QByteArray("x") << QStringLiteral("received 1 byte in 1 read");
}

void tst_ServerWindow::echoedDataIsLoggedWithByteCountAndVisiblePreview()
{
    QFETCH(QByteArray, sent);
    QFETCH(QString, expected);

    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY(ui.listeningPort() != 0);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(client.waitForConnected(5000));
    client.write(sent);
    QTRY_COMPARE(client.bytesAvailable(), sent.size());
    QCOMPARE(client.readAll(), sent);

    const QString prefix = QStringLiteral("client #1 127.0.0.1:%1: ").arg(client.localPort());
    QTRY_VERIFY2(ui.logContains(expected), qPrintable(ui.log->toPlainText()));
    QVERIFY(ui.logContains(prefix + QStringLiteral("received")));
}

void tst_ServerWindow::clientClosingItsConnectionIsLogged()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY(ui.listeningPort() != 0);

    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(client.waitForConnected(5000));
    const QString name = QStringLiteral("client #1 127.0.0.1:%1").arg(client.localPort());
    QTRY_VERIFY(ui.logContains(name + QStringLiteral(": connection accepted")));
    client.write("bye");
    QTRY_COMPARE(client.bytesAvailable(), 3);
    client.disconnectFromHost();

    QTRY_VERIFY2(ui.logContains(name +
                     QStringLiteral(": closed the connection (3 bytes received, 3 bytes "
                                    "echoed in total)")),
        qPrintable(ui.log->toPlainText()));
    QVERIFY(ui.status->text().startsWith(QStringLiteral("Listening on")));
}

void tst_ServerWindow::stopDisconnectsEveryClient()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    const quint16 port = ui.listeningPort();
    QVERIFY(port != 0);

    QTcpSocket first;
    QTcpSocket second;
    first.connectToHost(QHostAddress::LocalHost, port);
    second.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(first.waitForConnected(5000));
    QVERIFY(second.waitForConnected(5000));
    QTRY_VERIFY(ui.logContains(QStringLiteral("client #2")));
    // Read now: a closed socket no longer knows its port.
    const QList<quint16> clientPorts { first.localPort(), second.localPort() };
    QSignalSpy firstGone(&first, &QTcpSocket::disconnected);
    QSignalSpy secondGone(&second, &QTcpSocket::disconnected);

    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.status->text(), QStringLiteral("Stopped"));
    QCOMPARE(ui.listen->text(), QStringLiteral("Listen"));
    QTRY_COMPARE(firstGone.count(), 1);
    QTRY_COMPARE(secondGone.count(), 1);
    QTRY_VERIFY(ui.logContains(QStringLiteral("Stopped listening on 127.0.0.1:%1").arg(port)));
    for (const quint16 clientPort : clientPorts) {
        QVERIFY2(ui.logContains(QStringLiteral("127.0.0.1:%1: disconnected because the server "
                                               "stopped")
                                    .arg(clientPort)),
            qPrintable(ui.log->toPlainText()));
    }
    // Departures come before the stop, so the log reads in the order things happened.
    const QString text = ui.log->toPlainText();
    QVERIFY(text.lastIndexOf(QStringLiteral("server stopped")) <
        text.indexOf(QStringLiteral("Stopped listening")));
}

void tst_ServerWindow::statusBarCountsConnectedClients()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected"));
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QVERIFY(ui.listeningPort() != 0);

    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
    QVERIFY(first.waitForConnected(5000));
    QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("1 client connected"));
    {
        QTcpSocket second;
        second.connectToHost(QHostAddress::LocalHost, ui.listeningPort());
        QVERIFY(second.waitForConnected(5000));
        QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("2 clients connected"));
    }
    QTRY_COMPARE(ui.clientCount->text(), QStringLiteral("1 client connected"));
    QTest::mouseClick(ui.listen, Qt::LeftButton);
    QCOMPARE(ui.clientCount->text(), QStringLiteral("No clients connected"));
}

void tst_ServerWindow::logLinesAreTimestampedAndShownInBatches()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    ui.log->appendLine(QStringLiteral("first"));
    ui.log->appendLine(QStringLiteral("second"));
    ui.log->appendLine(QStringLiteral("third"));
    // Nothing reaches the widget until the flush timer fires.
    QVERIFY(ui.log->toPlainText().isEmpty());

    QTRY_COMPARE(ui.log->document()->blockCount(), 3);
    const QStringList lines = ui.log->toPlainText().split(u'\n');
    const QRegularExpression stamped(QStringLiteral(R"(^\d\d:\d\d:\d\d\.\d\d\d (\w+)$)"));
    QStringList texts;
    for (const QString &line : lines) {
        const auto match = stamped.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        texts << match.captured(1);
    }
    QCOMPARE(texts, QStringList({ "first", "second", "third" }));
}

void tst_ServerWindow::logKeepsOnlyTheNewestLines()
{
    ServerWindowParts ui;
    QVERIFY(ui.complete());
    QCOMPARE(ui.log->maximumLines(), 10000);
    const int extra = 50;
    // Two batches, so both the pending buffer and the document must stay bounded.
    for (int i = 0; i < ui.log->maximumLines() / 2; ++i)
        ui.log->appendLine(QStringLiteral("line %1").arg(i));
    QTRY_COMPARE(ui.log->document()->blockCount(), ui.log->maximumLines() / 2);
    for (int i = ui.log->maximumLines() / 2; i < ui.log->maximumLines() + extra; ++i)
        ui.log->appendLine(QStringLiteral("line %1").arg(i));

    const QString last = QStringLiteral(" line %1").arg(ui.log->maximumLines() + extra - 1);
    QTRY_VERIFY(ui.log->document()->lastBlock().text().endsWith(last));
    QCOMPARE(ui.log->document()->blockCount(), ui.log->maximumLines());
    QVERIFY2(
        ui.log->document()->firstBlock().text().endsWith(QStringLiteral(" line %1").arg(extra)),
        qPrintable(ui.log->document()->firstBlock().text()));
}

QTEST_MAIN(tst_ServerWindow)
#include "tst_serverwindow.moc"
