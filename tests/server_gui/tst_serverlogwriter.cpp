#include "logmodel.h"
#include "madeupevents.h"
#include "serverlogwriter.h"

#include <QTest>

#include <numeric>

namespace {

TrafficSample traffic(quint64 id, const QByteArray &bytes, int reads = 1)
{
    TrafficSample sample;
    sample.id = id;
    sample.received = bytes.size();
    sample.echoed = bytes.size();
    sample.reads = reads;
    sample.preview = bytes;
    return sample;
}

ClientInfo client(quint64 id)
{
    return madeup::client(id, 50000);
}

using madeup::departure;

// What a server listening on 127.0.0.1:22000 says first (socket, bind, listen), then client
// #1's arrival (accept): four lines.
void listenAndAcceptClient1(ServerLogWriter &writer, int workers)
{
    writer.listeningStarted(
        QHostAddress(QHostAddress::LocalHost), 22000, Transport::Tcp, 4096, workers);
    writer.clientArrived(client(1));
}

// The log as "step|client|message" lines, once every pending line has reached it.
QStringList rows(const LogModel &model)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(); ++row) {
        const LogLine &line = model.line(row);
        lines << socketStepName(line.step) + u'|' + line.client + u'|' + line.message;
    }
    return lines;
}

} // namespace

class tst_ServerLogWriter : public QObject
{
    Q_OBJECT

private slots:
    void floodOfSamplesBecomesAFewLinesPerClient();
    void quietClientsNextBytesShowAtOnce();
    void manyClientsGatheredLinesComeInTurns_data();
    void manyClientsGatheredLinesComeInTurns();
    void previewCoversEverySampleALineGathers();
    void showDataOffWritesNoDataLines();
    void gatheredDataIsWrittenBeforeTheClientLeaves();
    void disconnectByTheServerSaysWhoAndWhy();
    void halfCloseIsAShutdownLineBetweenItsDataAndTheClose_data();
    void halfCloseIsAShutdownLineBetweenItsDataAndTheClose();
    void listeningOnAllInterfacesNamesADualStackSocket();
};

void tst_ServerLogWriter::floodOfSamplesBecomesAFewLinesPerClient()
{
    LogModel model;
    ServerLogWriter writer(&model);
    listenAndAcceptClient1(writer, 2);
    writer.clientArrived(client(2));
    for (int i = 0; i < 500; ++i)
        writer.trafficReported({ traffic(1, "abcd", 2), traffic(2, "xy") });
    // socket, bind, listen, 2 accepts, then one recv and one send line per client at once.
    QTRY_VERIFY(model.rowCount() >= 9);
    QCOMPARE(rows(model).at(5),
        QStringLiteral("recv|#1 127.0.0.1:50001|Received 4 bytes in 2 "
                       "reads: \"abcd\""));
    QCOMPARE(rows(model).at(6), QStringLiteral("send|#1 127.0.0.1:50001|Echoed 4 bytes"));
    QCOMPARE(rows(model).at(7),
        QStringLiteral("recv|#2 127.0.0.1:50002|Received 2 bytes in 1 read: \"xy\""));
    // The other 499 samples of each client make one more pair at the end of the interval.
    QTRY_COMPARE(model.rowCount(), 13);
    const QStringList lines = rows(model);
    const QString received = QLocale().toString(499 * 4);
    const QString reads = QLocale().toString(499 * 2);
    // The preview is of the gathered bytes: their first 32, cut.
    QVERIFY2(lines.contains(QStringLiteral("recv|#1 127.0.0.1:50001|Received %1 bytes in %2 "
                                           "reads: \"%3…\"")
                     .arg(received, reads, QStringLiteral("abcd").repeated(8))),
        qPrintable(lines.join(u'\n')));
    QVERIFY(lines.contains(
        QStringLiteral("send|#2 127.0.0.1:50002|Echoed %1 bytes").arg(QLocale().toString(998))));
}

void tst_ServerLogWriter::quietClientsNextBytesShowAtOnce()
{
    LogModel model;
    ServerLogWriter writer(&model);
    listenAndAcceptClient1(writer, 1);
    writer.trafficReported({ traffic(1, "a") });
    QTRY_COMPARE(model.rowCount(), 6);
    // Two whole intervals of quiet, then a keystroke: it is logged without waiting for the
    // interval to end. The wait is the quiet spell under test, not a synchronisation.
    QTest::qWait(int(2.5 * ServerLogWriter::dataInterval.count()));
    QCOMPARE(model.rowCount(), 6);
    writer.trafficReported({ traffic(1, "b") });
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 8, int(ServerLogWriter::dataInterval.count() / 2));
    QCOMPARE(rows(model).at(6),
        QStringLiteral("recv|#1 127.0.0.1:50001|Received 1 byte in 1 read: \"b\""));
}

void tst_ServerLogWriter::manyClientsGatheredLinesComeInTurns_data()
{
    QTest::addColumn<int>("clients");
    QTest::addColumn<bool>("inTurns");
    // Up to ServerLogWriter's 1,000 clients a turn, every gathered line comes at once, once a
    // second (a log view updated once a second); beyond, in turns over the second.
    QTest::newRow("100 clients: at once") << 100 << false;
    QTest::newRow("3,000 clients: in turns") << 3000 << true;
}

void tst_ServerLogWriter::manyClientsGatheredLinesComeInTurns()
{
    QFETCH(int, clients);
    QFETCH(bool, inTurns);

    // 10,000 busy clients: their gathered lines must not all be written in one go (a stall of
    // the window), but in turns spread over the interval.
    LogModel model;
    ServerLogWriter writer(&model);
    writer.listeningStarted(QHostAddress(QHostAddress::LocalHost), 22000, Transport::Tcp, 4096, 2);
    QList<int> gatheredPerBatch;
    connect(&model, &QAbstractItemModel::rowsInserted, this,
        [&](const QModelIndex &, int first, int last) {
            int gathered = 0;
            for (int row = first; row <= last; ++row)
                gathered += model.line(row).message.endsWith(QStringLiteral("\"later\""));
            if (gathered > 0)
                gatheredPerBatch << gathered;
        });
    for (quint64 id = 1; id <= quint64(clients); ++id)
        writer.trafficReported({ traffic(id, "now") }); // written at once
    for (quint64 id = 1; id <= quint64(clients); ++id)
        writer.trafficReported({ traffic(id, "later") }); // gathered
    QTRY_COMPARE(std::accumulate(gatheredPerBatch.cbegin(), gatheredPerBatch.cend(), 0), clients);
    QStringList batches;
    for (const int lines : std::as_const(gatheredPerBatch))
        batches << QString::number(lines);
    const QString seen = QStringLiteral("gathered lines per batch: ") + batches.join(u' ');
    if (inTurns)
        QVERIFY2(gatheredPerBatch.size() > 1 && gatheredPerBatch.constFirst() < clients,
            qPrintable(seen));
    else
        QVERIFY2(gatheredPerBatch.size() == 1, qPrintable(seen));
}

void tst_ServerLogWriter::previewCoversEverySampleALineGathers()
{
    LogModel model;
    ServerLogWriter writer(&model);
    listenAndAcceptClient1(writer, 1);
    writer.trafficReported({ traffic(1, "hel") });
    // Keystrokes that arrive within one interval become one line, previewed whole.
    writer.trafficReported({ traffic(1, "lo\n") });
    writer.trafficReported({ traffic(1, "\xc3\xa9 and ") });
    QTRY_COMPARE(model.rowCount(), 8);
    QCOMPARE(rows(model).at(4),
        QStringLiteral("recv|#1 127.0.0.1:50001|Received 3 bytes in 1 read: \"hel\""));
    QCOMPARE(rows(model).at(6),
        QStringLiteral("recv|#1 127.0.0.1:50001|Received 10 bytes in 2 reads: \"lo\u240Aé and \""));
}

void tst_ServerLogWriter::showDataOffWritesNoDataLines()
{
    LogModel model;
    ServerLogWriter writer(&model);
    writer.setShowData(false);
    writer.clientArrived(client(1));
    writer.trafficReported({ traffic(1, "secret") });
    writer.clientLeft(departure(1, 6));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(rows(model).at(1),
        QStringLiteral("close|#1 127.0.0.1:50001|Client closed the connection (6 bytes received, "
                       "6 bytes echoed in total)"));
}

void tst_ServerLogWriter::gatheredDataIsWrittenBeforeTheClientLeaves()
{
    LogModel model;
    ServerLogWriter writer(&model);
    writer.clientArrived(client(1));
    writer.trafficReported({ traffic(1, "first") });
    writer.trafficReported({ traffic(1, "last") });
    writer.clientLeft(
        departure(1, 9, LeaveReason::Error, QStringLiteral("Connection reset by peer")));
    QTRY_COMPARE(model.rowCount(), 6);
    const QStringList lines = rows(model);
    QCOMPARE(lines.at(3),
        QStringLiteral("recv|#1 127.0.0.1:50001|Received 4 bytes in 1 read: "
                       "\"last\""));
    QCOMPARE(lines.at(5),
        QStringLiteral("error|#1 127.0.0.1:50001|Connection lost: Connection reset by peer (9 "
                       "bytes received, 9 bytes echoed in total)"));
    // Forgotten once gone: a later mention names it by number only.
    QCOMPARE(writer.clientName(1), QStringLiteral("#1"));
}

void tst_ServerLogWriter::disconnectByTheServerSaysWhoAndWhy()
{
    LogModel model;
    ServerLogWriter writer(&model);
    writer.clientArrived(client(4));
    writer.disconnecting(4, QStringLiteral("chosen in the client table"));
    writer.clientLeft(departure(4, 0, LeaveReason::DisconnectedByServer));
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(rows(model).at(1),
        QStringLiteral("shutdown|#4 127.0.0.1:50004|Disconnecting: chosen in the client table"));
    QCOMPARE(rows(model).at(2),
        QStringLiteral("close|#4 127.0.0.1:50004|Connection closed by the server (0 bytes "
                       "received, 0 bytes echoed in total)"));
}

void tst_ServerLogWriter::halfCloseIsAShutdownLineBetweenItsDataAndTheClose_data()
{
    QTest::addColumn<bool>("showData");
    QTest::addColumn<QByteArray>("lastBytes");
    QTest::addColumn<QStringList>("expected");
    const QString accept = QStringLiteral("accept|#3 127.0.0.1:50003|Connection accepted from "
                                          "127.0.0.1:50003, served by worker 1");
    QTest::newRow("data shown")
        << true << QByteArray("cd")
        << QStringList { accept,
               QStringLiteral("recv|#3 127.0.0.1:50003|Received 2 bytes in 1 read: \"ab\""),
               QStringLiteral("send|#3 127.0.0.1:50003|Echoed 2 bytes"),
               // Gathered within the interval: written before the shutdown it came before.
               QStringLiteral("recv|#3 127.0.0.1:50003|Received 2 bytes in 1 read: \"cd\""),
               QStringLiteral("shutdown|#3 127.0.0.1:50003|Client shut down its sending side; "
                              "echoing the remaining 2 bytes, then closing"),
               QStringLiteral("send|#3 127.0.0.1:50003|Echoed 2 bytes"),
               QStringLiteral("close|#3 127.0.0.1:50003|Client closed the connection (4 bytes "
                              "received, 4 bytes echoed in total)") };
    QTest::newRow("data hidden, one byte waiting")
        << false << QByteArray("c")
        << QStringList { accept,
               QStringLiteral("shutdown|#3 127.0.0.1:50003|Client shut down its sending side; "
                              "echoing the remaining 1 byte, then closing"),
               QStringLiteral("close|#3 127.0.0.1:50003|Client closed the connection (3 bytes "
                              "received, 3 bytes echoed in total)") };
}

void tst_ServerLogWriter::halfCloseIsAShutdownLineBetweenItsDataAndTheClose()
{
    QFETCH(bool, showData);
    QFETCH(QByteArray, lastBytes);
    QFETCH(QStringList, expected);
    LogModel model;
    ServerLogWriter writer(&model);
    writer.setShowData(showData);
    writer.clientArrived(client(3));
    writer.trafficReported({ traffic(3, "ab") });
    // Its last bytes, which the kernel would not take back yet: they wait in the session.
    TrafficSample last = traffic(3, lastBytes);
    last.echoed = 0;
    writer.trafficReported({ last });
    writer.clientShutDownSending(3, lastBytes.size());
    TrafficSample rest;
    rest.id = 3;
    rest.echoed = lastBytes.size();
    writer.trafficReported({ rest });
    writer.clientLeft(departure(3, 2 + lastBytes.size()));
    QTRY_COMPARE(rows(model), expected);
}

void tst_ServerLogWriter::listeningOnAllInterfacesNamesADualStackSocket()
{
    LogModel model;
    ServerLogWriter writer(&model);
    writer.listeningStarted(QHostAddress(QHostAddress::Any), 22000, Transport::Tcp, 4096, 4);
    writer.listeningStopped(QStringLiteral("all interfaces (IPv4 + IPv6), port 22000"));
    QTRY_COMPARE(model.rowCount(), 4);
    QCOMPARE(rows(model),
        (QStringList { QStringLiteral("socket||Created a TCP IPv6 socket that also accepts IPv4"),
            QStringLiteral("bind||Bound to all interfaces (IPv4 + IPv6), port 22000"),
            QStringLiteral("listen||Listening on all interfaces (IPv4 + IPv6), port 22000 "
                           "(backlog 4096, 4 worker threads)"),
            QStringLiteral("close||Stopped listening on all interfaces (IPv4 + IPv6), port "
                           "22000") }));
}

QTEST_GUILESS_MAIN(tst_ServerLogWriter)
#include "tst_serverlogwriter.moc"
