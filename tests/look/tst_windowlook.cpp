#include "clientwindow.h"
#include "echoserver.h"
#include "serverwindow.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

std::unique_ptr<QMainWindow> makeServerWindow()
{
    return std::make_unique<ServerWindow>();
}

std::unique_ptr<QMainWindow> makeClientWindow()
{
    return std::make_unique<ClientWindow>(ClientOptions {}, nullptr);
}

void addWindowRows()
{
    QTest::addColumn<bool>("client");
    QTest::addColumn<QString>("programName");
    QTest::newRow("server") << false << QStringLiteral("TCP Echo Server");
    QTest::newRow("client") << true << QStringLiteral("TCP Echo Client");
}

// The button that has the keyboard when nothing in particular does.
QWidget *neutralFocus(QMainWindow &window)
{
    if (auto *listen = window.findChild<QPushButton *>(QStringLiteral("listenButton")))
        return listen;
    return window.findChild<QPushButton *>(QStringLiteral("connectButton"));
}

QList<QAction *> actionsWithShortcuts(QMainWindow &window)
{
    QList<QAction *> found;
    const auto actions = window.findChildren<QAction *>();
    for (QAction *action : actions) {
        if (!action->shortcuts().isEmpty())
            found.append(action);
    }
    return found;
}

bool isInAMenu(const QAction *action)
{
    const auto holders = action->associatedObjects();
    return std::any_of(holders.cbegin(), holders.cend(),
        [](const QObject *holder) { return qobject_cast<const QMenu *>(holder) != nullptr; });
}

// Records the shortcut events actions receive, and keeps them from doing anything.
class ShortcutRecorder final : public QObject
{
public:
    struct Hit
    {
        QAction *action;
        bool ambiguous;
    };
    QList<Hit> hits;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Shortcut)
            return false;
        hits.append({ qobject_cast<QAction *>(watched),
            static_cast<QShortcutEvent *>(event)->isAmbiguous() });
        return true;
    }
};

} // namespace

class tst_WindowLook : public QObject
{
    Q_OBJECT

private slots:
    void windowHasItsOwnIconReadableAt16Pixels_data();
    void windowHasItsOwnIconReadableAt16Pixels();
    void serverAndClientIconsDiffer();
    void aboutNamesVersionLicenceQtAndHomepage_data();
    void aboutNamesVersionLicenceQtAndHomepage();
    void everyShortcutIsShownInAMenu_data();
    void everyShortcutIsShownInAMenu();
    void eachShortcutReachesExactlyOneAction_data();
    void eachShortcutReachesExactlyOneAction();
    void menuMnemonicsDoNotClashWithTheControls_data();
    void menuMnemonicsDoNotClashWithTheControls();
    void clientMenuConnectsAndFollowsTheButton();
    void clientViewMenuFollowsTheShowAsChoice();
    void clientMenusUseStandardKeysAndQuitCloses();
};

void tst_WindowLook::windowHasItsOwnIconReadableAt16Pixels_data()
{
    addWindowRows();
}

void tst_WindowLook::windowHasItsOwnIconReadableAt16Pixels()
{
    QFETCH(bool, client);
    const auto window = client ? makeClientWindow() : makeServerWindow();
    const QIcon icon = window->windowIcon();
    QVERIFY(!icon.isNull());
    // Null when Qt cannot draw SVG (the svg icon engine and image format plugins are missing).
    const QImage small = icon.pixmap(16, 16).toImage();
    QVERIFY2(!small.isNull(), "no 16 px pixmap: is libqt6svg6 installed?");
    QCOMPARE(small.size(), QSize(16, 16));
    int opaque = 0;
    for (int y = 0; y < small.height(); ++y) {
        for (int x = 0; x < small.width(); ++x)
            opaque += qAlpha(small.pixel(x, y)) == 255 ? 1 : 0;
    }
    QVERIFY2(opaque > 16 * 16 / 2, qPrintable(QString::number(opaque)));
}

void tst_WindowLook::serverAndClientIconsDiffer()
{
    const QImage server = makeServerWindow()->windowIcon().pixmap(32, 32).toImage();
    const QImage client = makeClientWindow()->windowIcon().pixmap(32, 32).toImage();
    QVERIFY(!server.isNull());
    QVERIFY(!client.isNull());
    QVERIFY(server != client);
}

void tst_WindowLook::aboutNamesVersionLicenceQtAndHomepage_data()
{
    addWindowRows();
}

void tst_WindowLook::aboutNamesVersionLicenceQtAndHomepage()
{
    QFETCH(bool, client);
    QFETCH(QString, programName);
    const auto window = client ? makeClientWindow() : makeServerWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto *about = window->findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    QVERIFY(isInAMenu(about));
    QVERIFY(window->findChild<QAction *>(QStringLiteral("aboutQtAction")));

    about->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY(box = window->findChild<QMessageBox *>(QStringLiteral("aboutBox")));
    QTRY_VERIFY(box->isVisible());
    const QString text = box->text();
    QVERIFY2(text.contains(programName), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(TCP_ECHO_VERSION)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("MIT")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(QT_VERSION_STR)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("href=\"" TCP_ECHO_HOMEPAGE_URL "\"")), qPrintable(text));
    QVERIFY(!box->iconPixmap().isNull());
    // The link opens in the browser rather than being plain text.
    const auto labels = box->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
        [](const QLabel *label) { return label->openExternalLinks(); }));
    box->close();
}

void tst_WindowLook::everyShortcutIsShownInAMenu_data()
{
    addWindowRows();
}

void tst_WindowLook::everyShortcutIsShownInAMenu()
{
    QFETCH(bool, client);
    const auto window = client ? makeClientWindow() : makeServerWindow();
    const auto actions = actionsWithShortcuts(*window);
    QVERIFY(actions.size() >= 4);
    for (const QAction *action : actions)
        QVERIFY2(isInAMenu(action), qPrintable(action->text()));
}

void tst_WindowLook::eachShortcutReachesExactlyOneAction_data()
{
    addWindowRows();
}

void tst_WindowLook::eachShortcutReachesExactlyOneAction()
{
    QFETCH(bool, client);
    const auto window = client ? makeClientWindow() : makeServerWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("Ambiguous shortcut")));

    ShortcutRecorder recorder;
    const auto actions = actionsWithShortcuts(*window);
    for (QAction *action : actions) {
        // Enabled so that a clash with an action that is only sometimes enabled shows too.
        action->setEnabled(true);
        action->installEventFilter(&recorder);
    }
    for (QAction *action : actions) {
        QWidget *focus = neutralFocus(*window);
        if (action->shortcutContext() == Qt::WidgetWithChildrenShortcut) {
            const auto holders = action->associatedObjects();
            for (QObject *holder : holders) {
                if (auto *widget = qobject_cast<QWidget *>(holder);
                    widget && !qobject_cast<QMenu *>(widget))
                    focus = widget;
            }
        }
        focus->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), focus);
        const auto sequences = action->shortcuts();
        for (const QKeySequence &sequence : sequences) {
            const QString what = action->text() % u' ' % sequence.toString();
            recorder.hits.clear();
            QTest::keySequence(focus, sequence);
            QVERIFY2(recorder.hits.size() == 1, qPrintable(what));
            QVERIFY2(recorder.hits.constFirst().action == action, qPrintable(what));
            QVERIFY2(!recorder.hits.constFirst().ambiguous, qPrintable(what));
        }
    }
}

void tst_WindowLook::menuMnemonicsDoNotClashWithTheControls_data()
{
    addWindowRows();
}

void tst_WindowLook::menuMnemonicsDoNotClashWithTheControls()
{
    // Alt+letter of a menu title and of a control are both window-wide: two alike make Qt
    // cycle between them instead of acting.
    QFETCH(bool, client);
    const auto window = client ? makeClientWindow() : makeServerWindow();
    QStringList texts;
    const auto labels = window->findChildren<QLabel *>();
    for (const QLabel *label : labels)
        texts.append(label->text());
    const auto buttons = window->findChildren<QAbstractButton *>();
    for (const QAbstractButton *button : buttons)
        texts.append(button->text());
    const auto menus = window->menuBar()->actions();
    QVERIFY(menus.size() >= 3);
    for (const QAction *menu : menus)
        texts.append(menu->text());
    QHash<QChar, QString> owners;
    for (const QString &text : std::as_const(texts)) {
        const qsizetype amp = text.indexOf(u'&');
        if (amp < 0 || amp + 1 >= text.size())
            continue;
        const QChar letter = text.at(amp + 1).toLower();
        QVERIFY2(!owners.contains(letter), qPrintable(owners.value(letter) % u" / " % text));
        owners.insert(letter, text);
    }
}

void tst_WindowLook::clientMenuConnectsAndFollowsTheButton()
{
    EchoServer server;
    QVERIFY(server.start(QHostAddress::LocalHost, 0));
    ClientWindow window({}, nullptr);
    auto *connectAction = window.findChild<QAction *>(QStringLiteral("connectAction"));
    auto *button = window.findChild<QPushButton *>(QStringLiteral("connectButton"));
    auto *port = window.findChild<QSpinBox *>(QStringLiteral("portSpin"));
    QVERIFY(connectAction && button && port);
    QVERIFY(isInAMenu(connectAction));
    QCOMPARE(connectAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    port->setValue(server.port());
    QCOMPARE(connectAction->text(), button->text());

    connectAction->trigger();
    QTRY_COMPARE(button->text(), QStringLiteral("Disconnect"));
    QCOMPARE(connectAction->text(), button->text());
    auto *sendFile = window.findChild<QAction *>(QStringLiteral("sendFileAction"));
    QVERIFY(sendFile);
    QVERIFY(sendFile->isEnabled());

    connectAction->trigger();
    QTRY_COMPARE(button->text(), QStringLiteral("Connect"));
    QCOMPARE(connectAction->text(), button->text());
    QVERIFY(!sendFile->isEnabled());
}

void tst_WindowLook::clientViewMenuFollowsTheShowAsChoice()
{
    ClientWindow window({}, nullptr);
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("viewModeCombo"));
    QVERIFY(combo);
    QList<QAction *> modes;
    const auto menus = window.menuBar()->findChildren<QMenu *>();
    for (const QMenu *menu : menus) {
        const auto actions = menu->actions();
        for (QAction *action : actions) {
            if (action->isCheckable() && action->actionGroup())
                modes.append(action);
        }
    }
    QCOMPARE(modes.size(), combo->count());
    QVERIFY(modes.at(combo->currentIndex())->isChecked());

    modes.at(1)->trigger();
    QCOMPARE(combo->currentIndex(), 1);
    combo->setCurrentIndex(0);
    QVERIFY(modes.at(0)->isChecked());
    QVERIFY(!modes.at(1)->isChecked());
}

void tst_WindowLook::clientMenusUseStandardKeysAndQuitCloses()
{
    ClientWindow window({}, nullptr);
    auto *copy = window.findChild<QAction *>(QStringLiteral("copyReceivedAction"));
    auto *save = window.findChild<QAction *>(QStringLiteral("saveReceivedAction"));
    auto *quit = window.findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(copy && save && quit);
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    QCOMPARE(save->shortcut(), QKeySequence(QKeySequence::Save));
    QCOMPARE(quit->shortcut(), QKeySequence(QKeySequence::Quit));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    quit->trigger();
    QTRY_VERIFY(!window.isVisible());
}

QTEST_MAIN(tst_WindowLook)
#include "tst_windowlook.moc"
