#include "clientwindow.h"
#include "options.h"
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
    void commandLineHelpIsFrench_data();
    void commandLineHelpIsFrench();
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

QProcessEnvironment environmentIn(const QString &lang)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "LC_ALL", "LC_MESSAGES", "LANGUAGE", "DISPLAY", "QT_QPA_PLATFORM" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("LANG"), lang);
    return environment;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments, const QString &lang)
{
    QProcess process;
    process.setProcessEnvironment(environmentIn(lang));
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

void tst_French::commandLineHelpIsFrench_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("description");
    QTest::newRow("server") << QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE)
                            << QStringLiteral("Serveur d’écho TCP") + nbsp +
            QStringLiteral(": chaque octet qu’un client envoie lui revient inchangé.");
    QTest::newRow("client") << QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE)
                            << QStringLiteral("Client d’écho TCP") + nbsp +
            QStringLiteral(": ce que vous tapez part au serveur, et vous voyez ce qui revient.");
}

// --help is answered before any window or display exists, so its French must come without one.
void tst_French::commandLineHelpIsFrench()
{
    QFETCH(QString, program);
    QFETCH(QString, description);
    const Run help = run(program, { QStringLiteral("--help") }, QStringLiteral("fr_FR.UTF-8"));
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(description), qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("--port <port>")), qPrintable(help.out));
    // Qt's own --help line, which our translation carries for Qt 6.4's French.
    QVERIFY2(
        help.out.contains(QStringLiteral("Afficher l’aide sur les options")), qPrintable(help.out));
    QVERIFY2(!help.out.contains(QStringLiteral("default")), qPrintable(help.out));
}

void tst_French::commandLineErrorsAreFrench()
{
    const Run bad = run(QStringLiteral(TCP_ECHO_SERVER_EXECUTABLE),
        { QStringLiteral("--port"), QStringLiteral("x") }, QStringLiteral("fr_FR.UTF-8"));
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(bad.err,
        QStringLiteral("tcp-echo-server: --port") + nbsp +
            QStringLiteral(": « x » n’est pas un numéro de port (de 0 à 65535).\n"
                           "Essayez « tcp-echo-server --help ».\n")
                .replace(QStringLiteral("« "), QStringLiteral("«") + nbsp)
                .replace(QStringLiteral(" »"), nbsp + QStringLiteral("»")));
}

// The same programs, the same way, in English: the French above comes from the locale.
void tst_French::commandLineStaysEnglishInAnEnglishLocale()
{
    const Run help = run(QStringLiteral(TCP_ECHO_CLIENT_EXECUTABLE), { QStringLiteral("--help") },
        QStringLiteral("C.UTF-8"));
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("TCP echo client: what you type goes to the server")),
        qPrintable(help.out));
}

QTEST_MAIN(tst_French)
#include "tst_french.moc"
