#include "clientoptions.h"
#include "clientwindow.h"
#include "servereventtext.h"
#include "serveroptions.h"
#include "serverwindow.h"
#include "translations.h"

#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

// A French user's view. CMake runs this test with LANG=fr_FR.UTF-8 and nothing that overrides it
// (no LC_ALL, LC_MESSAGES or LANGUAGE): the language reaches the windows through the system
// locale and installTranslators(), exactly as in the programs' main().
class tst_French : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void serverWindowSpeaksFrench();
    void clientWindowSpeaksFrench();
    void headlessConsoleTellsABusySecondInFrench();
    void commandLineHelpIsFrench_data();
    void commandLineHelpIsFrench();
    void commandLineErrorsAreFrench_data();
    void commandLineErrorsAreFrench();
    void commandLineStaysEnglishInAnEnglishLocale();

private:
    QTemporaryDir m_directory;
};

namespace {

const QString nbsp(QChar(0x00a0)); // French puts a non-breaking space before a colon

// What a menu bar shows, without the keyboard accelerators' ampersands.
QStringList menuTitles(const QMainWindow &window)
{
    QStringList titles;
    for (const QAction *action : window.menuBar()->actions())
        titles << QString(action->text()).remove(u'&');
    return titles;
}

QString buddyLabelText(const QWidget &window, const QWidget *buddy)
{
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->buddy() == buddy)
            return QString(label->text()).remove(u'&');
    }
    return {};
}

// LANG as given; LANGUAGE too when given (a list of languages that wins over LANG for messages).
QProcessEnvironment environmentIn(const QString &lang, const QString &language)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "LC_ALL", "LC_MESSAGES", "LANGUAGE", "DISPLAY", "QT_QPA_PLATFORM" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("LANG"), lang);
    if (!language.isEmpty())
        environment.insert(QStringLiteral("LANGUAGE"), language);
    return environment;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments, const QString &lang,
    const QString &language = {})
{
    QProcess process;
    process.setProcessEnvironment(environmentIn(lang, language));
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(30000))
        return result;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

void tst_French::initTestCase()
{
    QCOMPARE(QLocale().language(), QLocale::French);
    QVERIFY2(installTranslators(), "no French translation built into the program");
    QVERIFY(m_directory.isValid());
}

void tst_French::serverWindowSpeaksFrench()
{
    QSettings settings(m_directory.filePath(QStringLiteral("server.ini")), QSettings::IniFormat);
    ServerOptions options;
    options.port = 0;
    ServerWindow window(options, &settings);
    window.show();

    QCOMPARE(window.windowTitle(), QStringLiteral("Serveur écho TCP"));
    auto *listen = window.findChild<QPushButton *>(QStringLiteral("listenButton"));
    QVERIFY(listen);
    QCOMPARE(listen->text(), QStringLiteral("Écouter"));
    const QStringList menus = menuTitles(window);
    QVERIFY2(menus.contains(QStringLiteral("Serveur")), qPrintable(menus.join(u' ')));
    QVERIFY2(menus.contains(QStringLiteral("Journal")), qPrintable(menus.join(u' ')));
    QVERIFY2(menus.contains(QStringLiteral("Aide")), qPrintable(menus.join(u' ')));
    QCOMPARE(buddyLabelText(window, window.findChild<QComboBox *>(QStringLiteral("addressCombo"))),
        QStringLiteral("Adresse") + nbsp + u':');
    auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    QVERIFY(status);
    QCOMPARE(status->text(), QStringLiteral("Arrêté"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("clientCountLabel"))->text(),
        QStringLiteral("Aucun client connecté"));

    // What the engine says in common/ reaches the window in French too.
    QTest::mouseClick(listen, Qt::LeftButton);
    QTRY_VERIFY(status->text().startsWith(QStringLiteral("À l’écoute sur 127.0.0.1:")));
    QCOMPARE(listen->text(), QStringLiteral("Arrêter"));
}

void tst_French::clientWindowSpeaksFrench()
{
    QSettings settings(m_directory.filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
    ClientWindow window(ClientOptions {}, &settings);
    window.show();

    QCOMPARE(window.windowTitle(), QStringLiteral("Client écho TCP"));
    auto *connect = window.findChild<QPushButton *>(QStringLiteral("connectButton"));
    QVERIFY(connect);
    QCOMPARE(connect->text(), QStringLiteral("Se connecter"));
    const QStringList menus = menuTitles(window);
    QVERIFY2(menus.contains(QStringLiteral("Connexion")), qPrintable(menus.join(u' ')));
    QVERIFY2(menus.contains(QStringLiteral("Aide")), qPrintable(menus.join(u' ')));
    QCOMPARE(buddyLabelText(window, window.findChild<QComboBox *>(QStringLiteral("hostCombo"))),
        QStringLiteral("Hôte") + nbsp + u':');
}

void tst_French::headlessConsoleTellsABusySecondInFrench()
{
    const ServerEventText text(ServerEventText::Voice::Console);
    QCOMPARE(text.clientsInLastSecond({ 412, 1, 410, 41000, 40000 }),
        QStringLiteral("Dans la dernière seconde") + nbsp +
            QStringLiteral(": 412 clients connectés, 1 client a fermé son sens d’envoi, 410 "
                           "clients partis (au total 41000 octets en réception, 40000 octets en "
                           "écho)"));
    QCOMPARE(text.clientsInLastSecond({ 1, 0, 0, 0, 0 }),
        QStringLiteral("Dans la dernière seconde") + nbsp + QStringLiteral(": 1 client connecté"));
}

void tst_French::commandLineHelpIsFrench_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("language");
    const QString server = QStringLiteral("Serveur d’écho (RFC 862)") + nbsp +
        QStringLiteral(": chaque octet envoyé par un client TCP, et chaque datagramme UDP, revient "
                       "inchangé à son expéditeur.");
    const QString client = QStringLiteral("Client d’écho (RFC 862)") + nbsp +
        QStringLiteral(": ce que vous tapez part au serveur en TCP ou en UDP, et vous voyez ce qui "
                       "revient.");
    const QString french = QStringLiteral("fr_FR.UTF-8");
    QTest::newRow("server") << QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE) << server << french
                            << QString();
    QTest::newRow("client") << QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE) << client << french
                            << QString();
    QTest::newRow("client, LANGUAGE=fr, LANG=C.UTF-8")
        << QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE) << client << QStringLiteral("C.UTF-8")
        << QStringLiteral("fr");
}

// --help is answered before any window or display exists, so its French must come without one.
void tst_French::commandLineHelpIsFrench()
{
    QFETCH(QString, program);
    QFETCH(QString, description);
    QFETCH(QString, lang);
    QFETCH(QString, language);
    const Run help = run(program, { QStringLiteral("--help") }, lang, language);
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(description), qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("--port <port>")), qPrintable(help.out));
    // Qt's own --help line, which our translation carries for Qt 6.4's French.
    QVERIFY2(
        help.out.contains(QStringLiteral("Afficher l’aide sur les options")), qPrintable(help.out));
    QVERIFY2(!help.out.contains(QStringLiteral("default")), qPrintable(help.out));
}

// A French user's two ways: LANG=fr_FR.UTF-8, or LANGUAGE=fr beside any LANG, which needs no
// French locale on the system (C.UTF-8 is always there). Where fr_FR.UTF-8 is not generated, Qt
// 6.8 first warns that it switched to C.UTF-8 (Qt 6.4 does not): only our lines are checked there.
void tst_French::commandLineErrorsAreFrench_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("onlyOurLines");
    QTest::newRow("LANG=fr_FR.UTF-8") << QStringLiteral("fr_FR.UTF-8") << QString() << true;
    QTest::newRow("LANGUAGE=fr, LANG=C.UTF-8")
        << QStringLiteral("C.UTF-8") << QStringLiteral("fr") << false;
}

void tst_French::commandLineErrorsAreFrench()
{
    QFETCH(QString, lang);
    QFETCH(QString, language);
    QFETCH(bool, onlyOurLines);
    const Run bad = run(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE),
        { QStringLiteral("--port"), QStringLiteral("x") }, lang, language);
    QCOMPARE(bad.exitCode, 2);
    const QString expected = QStringLiteral("tcp-echo-server: --port") + nbsp +
        QStringLiteral(": « x » n’est pas un numéro de port (de 0 à 65535).\n"
                       "Essayez « tcp-echo-server --help ».\n")
            .replace(QStringLiteral("« "), QStringLiteral("«") + nbsp)
            .replace(QStringLiteral(" »"), nbsp + QStringLiteral("»"));
    if (onlyOurLines)
        QVERIFY2(bad.err.endsWith(expected), qPrintable(bad.err));
    else
        QCOMPARE(bad.err, expected);
}

// The same programs, the same way, in English: the French above comes from the locale.
void tst_French::commandLineStaysEnglishInAnEnglishLocale()
{
    const Run help = run(QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE), { QStringLiteral("--help") },
        QStringLiteral("C.UTF-8"));
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(
                 QStringLiteral("Echo client (RFC 862): what you type goes to the server")),
        qPrintable(help.out));
}

QTEST_MAIN(tst_French)
#include "tst_french.moc"
