#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

namespace {

struct Message
{
    QString context;
    QString source;
    QString translationType; // "", "unfinished", "vanished" or "obsolete"
    QStringList translations; // one, or one per plural form
    bool numerus = false;
};

// Every message of a Qt Linguist .ts file, as written; an empty list when it can't be read.
QList<Message> readMessages(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            Message message;
            message.context = context;
            message.numerus = xml.attributes().value(QLatin1StringView("numerus")) == u"yes";
            messages.append(message);
        } else if (xml.name() == u"source" && !messages.isEmpty()) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == u"translation" && !messages.isEmpty()) {
            Message &message = messages.last();
            message.translationType = xml.attributes().value(QLatin1StringView("type")).toString();
            if (!message.numerus)
                message.translations << xml.readElementText();
        } else if (xml.name() == u"numerusform" && !messages.isEmpty()) {
            messages.last().translations << xml.readElementText();
        }
    }
    if (xml.hasError()) {
        error = xml.errorString();
        return {};
    }
    return messages;
}

QString describe(const Message &message)
{
    return message.context + QStringLiteral(": \"") + message.source + u'"';
}

// The placeholders a translation must keep: %1…%99, %n, %Ln, %L1…
QStringList placeholders(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%L?(\\d{1,2}|n)"));
    QStringList found;
    for (const auto &match : placeholder.globalMatch(text))
        found << match.captured();
    found.sort();
    return found;
}

// "&Listen" has one keyboard accelerator; "&&" is a literal ampersand.
int accelerators(const QString &text)
{
    QString rest = text;
    rest.remove(QStringLiteral("&&"));
    static const QRegularExpression accelerator(QStringLiteral("&[^&\\s]"));
    return int(rest.count(accelerator));
}

} // namespace

class tst_TranslationFiles : public QObject
{
    Q_OBJECT

private slots:
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
    void translationsMatchTheSources_data();
    void translationsMatchTheSources();
};

void tst_TranslationFiles::everyMessageIsTranslated_data()
{
    QTest::addColumn<QString>("tsFile");
    const QStringList files = QStringLiteral(TCP_ECHO_TS_FILES).split(u',', Qt::SkipEmptyParts);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void tst_TranslationFiles::everyMessageIsTranslated()
{
    QFETCH(QString, tsFile);
    QString error;
    const QList<Message> messages = readMessages(tsFile, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);

    QStringList problems;
    for (const Message &message : messages) {
        if (!message.translationType.isEmpty()) {
            problems << message.translationType + QStringLiteral(": ") + describe(message);
            continue;
        }
        if (message.translations.isEmpty() ||
            std::any_of(message.translations.cbegin(), message.translations.cend(),
                [](const QString &text) { return text.trimmed().isEmpty(); })) {
            problems << QStringLiteral("empty: ") + describe(message);
            continue;
        }
        for (const QString &translation : message.translations) {
            // A plural form may leave out %n ("1 octet" for "%n bytes"); nothing else may.
            QStringList expected = placeholders(message.source);
            QStringList got = placeholders(translation);
            if (message.numerus) {
                expected.removeAll(QStringLiteral("%n"));
                expected.removeAll(QStringLiteral("%Ln"));
                got.removeAll(QStringLiteral("%n"));
                got.removeAll(QStringLiteral("%Ln"));
            }
            if (expected != got)
                problems << QStringLiteral("placeholders %1 became %2: ")
                                .arg(expected.join(u' '), got.join(u' ')) +
                        describe(message);
            if (accelerators(message.source) != accelerators(translation))
                problems << QStringLiteral("keyboard accelerator lost or added in \"%1\": ")
                                .arg(translation) +
                        describe(message);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_TranslationFiles::translationsMatchTheSources_data()
{
    everyMessageIsTranslated_data();
}

// A string added to the code, or changed, comes out of lupdate unfinished; one removed comes
// out vanished. Either means the .ts needs `cmake --build <build> --target update_translations`
// and a translator.
void tst_TranslationFiles::translationsMatchTheSources()
{
    QFETCH(QString, tsFile);
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString copy = directory.filePath(QFileInfo(tsFile).fileName());
    QVERIFY(QFile::copy(tsFile, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);

    // The same folders as the update_translations target reads, the same options but one:
    // without -no-obsolete, messages that are gone from the code show as vanished.
    const QDir sources(QStringLiteral(TCP_ECHO_SOURCE_DIR));
    QStringList arguments;
    for (const QString &folder :
        QStringLiteral(TCP_ECHO_TRANSLATED_DIRS).split(u',', Qt::SkipEmptyParts)) {
        if (sources.exists(folder))
            arguments << sources.filePath(folder);
    }
    arguments << QStringLiteral("-locations") << QStringLiteral("none") << QStringLiteral("-ts")
              << copy;
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(TCP_ECHO_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(60000), qPrintable(lupdate.errorString()));
    const QString output = QString::fromLocal8Bit(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
        qPrintable(output));
    // lupdate's warnings (a tr() it cannot place in a context) are strings nobody can translate.
    QVERIFY2(!output.contains(QStringLiteral("warning"), Qt::CaseInsensitive) &&
            !output.contains(QStringLiteral("cannot be called"), Qt::CaseInsensitive),
        qPrintable(output));

    QString error;
    const QList<Message> before = readMessages(tsFile, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<Message> after = readMessages(copy, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList stale;
    for (const Message &message : after) {
        if (!message.translationType.isEmpty())
            stale << message.translationType + QStringLiteral(": ") + describe(message);
    }
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(u'\n')));
    QCOMPARE(after.size(), before.size());
}

QTEST_GUILESS_MAIN(tst_TranslationFiles)
#include "tst_translationfiles.moc"
