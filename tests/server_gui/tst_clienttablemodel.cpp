#include "clienttablemodel.h"
#include "madeupevents.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

// Workers alternate with the client number, as the engine's round robin would give them.
ClientInfo client(quint64 id, const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
{
    ClientInfo info = madeup::client(id, 40000, address);
    info.worker = int(id % 2);
    return info;
}

using madeup::departure;
using madeup::traffic;

QList<quint64> shownIds(const ClientTableModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.clientId(row);
    return ids;
}

// The ids in the order a view of `sorted` shows them.
QList<quint64> sortedIds(const QSortFilterProxyModel &sorted)
{
    QList<quint64> ids;
    for (int row = 0; row < sorted.rowCount(); ++row) {
        ids << sorted.index(row, ClientTableModel::ClientColumn)
                   .data(ClientTableModel::ValueRole)
                   .toULongLong();
    }
    return ids;
}

// Three clients whose every column sorts differently by value than by its display text.
void addClientsThatTextWouldMisorder(ClientTableModel &model)
{
    const QDate today = QDate::currentDate();
    struct Fields
    {
        quint64 id;
        const char *address;
        quint16 port;
        QDateTime since;
        qint64 bytes;
        int worker;
    };
    const Fields rows[] = {
        { 9, "10.0.0.1", 9000, QDateTime(today, QTime(0, 0, 5)), 10, 9 },
        { 10, "9.0.0.1", 40000, QDateTime(today.addDays(-1), QTime(23, 59, 58)), 9, 8 },
        { 100, "192.0.2.1", 10000, QDateTime(today, QTime(0, 0, 1)), 1000, 0 },
    };
    for (const Fields &fields : rows) {
        ClientInfo info;
        info.id = fields.id;
        info.address = QHostAddress(QString::fromLatin1(fields.address));
        info.port = fields.port;
        info.since = fields.since;
        info.worker = fields.worker;
        model.addClient(info);
    }
    QList<TrafficSample> samples;
    for (const Fields &fields : rows)
        samples << traffic(fields.id, fields.bytes, fields.bytes);
    model.applyTraffic(samples);
}

} // namespace

class tst_ClientTableModel : public QObject
{
    Q_OBJECT

private slots:
    void thousandsOfArrivalsReachViewsInOneInsertion();
    void countersReachViewsCoalescedWithTheLatestTotals();
    void departuresLeaveInRunsAndKeepTheOrder();
    void clientThatComesAndGoesBetweenFlushesIsNeverShown();
    void ipv4ClientOfADualStackServerShowsAsIPv4();
    void cellsShowWhatATesterWantsToRead();
    void sortRoleOrdersByValueNotByText_data();
    void sortRoleOrdersByValueNotByText();
    void clientWithoutActivitySortsBeforeActiveOnes();
    void countersAndLastActivityFirstSortBusiestFirst();
    void countersChangeOnlyWhenViewsAreTold();
};

void tst_ClientTableModel::thousandsOfArrivalsReachViewsInOneInsertion()
{
    ClientTableModel model;
    // Checks every signal the model sends against what it then reports.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (quint64 id = 1; id <= 5000; ++id)
        model.addClient(client(id));
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 5000);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowOf(4321), 4320);
}

void tst_ClientTableModel::countersReachViewsCoalescedWithTheLatestTotals()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (quint64 id = 1; id <= 3; ++id)
        model.addClient(client(id));
    QTRY_COMPARE(model.rowCount(), 3);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    qint64 total = 0;
    for (int batch = 0; batch < 200; ++batch) {
        total += 10;
        model.applyTraffic({ traffic(1, 10, total), traffic(3, 10, total) });
    }
    QCOMPARE(changed.count(), 0);
    QTRY_COMPARE(changed.count(), 1);
    // Rows 0 to 2: the span of the rows that changed.
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 2);
    const auto value = [&model](int row, int column) {
        return model.index(row, column).data(ClientTableModel::ValueRole).toLongLong();
    };
    QCOMPARE(value(0, ClientTableModel::ReceivedColumn), 2000);
    QCOMPARE(value(2, ClientTableModel::EchoedColumn), 2000);
    QCOMPARE(value(1, ClientTableModel::ReceivedColumn), 0);
    QVERIFY(model.index(0, ClientTableModel::LastActivityColumn)
            .data(ClientTableModel::ValueRole)
            .toDateTime()
            .isValid());
    QVERIFY(!model.index(1, ClientTableModel::LastActivityColumn)
            .data(ClientTableModel::ValueRole)
            .toDateTime()
            .isValid());
}

void tst_ClientTableModel::departuresLeaveInRunsAndKeepTheOrder()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (quint64 id = 1; id <= 10; ++id)
        model.addClient(client(id));
    QTRY_COMPARE(model.rowCount(), 10);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (const quint64 id : { 2, 3, 4, 8 })
        model.removeClient(departure(id));
    model.removeClient(departure(3)); // told twice
    model.removeClient(departure(99)); // never known
    QCOMPARE(model.rowCount(), 10);
    QTRY_COMPARE(model.rowCount(), 6);
    QCOMPARE(removed.count(), 2);
    QCOMPARE(shownIds(model), (QList<quint64> { 1, 5, 6, 7, 9, 10 }));
    QCOMPARE(model.rowOf(9), 4);
    QCOMPARE(model.rowOf(2), -1);

    // Counters still land on the right rows after the rows moved.
    model.applyTraffic({ traffic(9, 5, 5) });
    QTRY_COMPARE(model.index(4, ClientTableModel::ReceivedColumn)
                     .data(ClientTableModel::ValueRole)
                     .toLongLong(),
        5);
}

void tst_ClientTableModel::clientThatComesAndGoesBetweenFlushesIsNeverShown()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addClient(client(1));
    model.removeClient(departure(1));
    model.addClient(client(2));
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.clientId(0), quint64(2));
    QCOMPARE(inserted.count(), 1);
}

void tst_ClientTableModel::ipv4ClientOfADualStackServerShowsAsIPv4()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addClient(client(1, QHostAddress(QStringLiteral("::ffff:192.0.2.9"))));
    model.addClient(client(2, QHostAddress(QStringLiteral("::1"))));
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ClientTableModel::AddressColumn).data().toString(),
        QStringLiteral("192.0.2.9"));
    QCOMPARE(
        model.index(1, ClientTableModel::AddressColumn).data().toString(), QStringLiteral("::1"));
}

void tst_ClientTableModel::cellsShowWhatATesterWantsToRead()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ClientInfo info = client(7);
    info.since = QDateTime(QDate(2026, 1, 2), QTime(9, 8, 7));
    info.worker = 2;
    model.addClient(info);
    QTRY_COMPARE(model.rowCount(), 1);
    const auto cell = [&model](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(cell(ClientTableModel::ClientColumn), QStringLiteral("#7"));
    QCOMPARE(cell(ClientTableModel::PortColumn), QStringLiteral("40007"));
    QCOMPARE(cell(ClientTableModel::SinceColumn), QStringLiteral("09:08:07"));
    QCOMPARE(cell(ClientTableModel::ReceivedColumn), QStringLiteral("0"));
    QCOMPARE(cell(ClientTableModel::LastActivityColumn), QStringLiteral("none yet"));
    QCOMPARE(cell(ClientTableModel::WorkerColumn), QStringLiteral("3"));
    QCOMPARE(model.headerData(ClientTableModel::EchoedColumn, Qt::Horizontal).toString(),
        QStringLiteral("Bytes echoed"));
}

void tst_ClientTableModel::sortRoleOrdersByValueNotByText_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QList<quint64>>("ascending");

    // By display text, each of these would come out in another order (#10 < #100 < #9, ...).
    QTest::newRow("client number")
        << int(ClientTableModel::ClientColumn) << QList<quint64> { 9, 10, 100 };
    QTest::newRow("address") << int(ClientTableModel::AddressColumn)
                             << QList<quint64> { 10, 9, 100 };
    QTest::newRow("port") << int(ClientTableModel::PortColumn) << QList<quint64> { 9, 100, 10 };
    QTest::newRow("connected since, across midnight")
        << int(ClientTableModel::SinceColumn) << QList<quint64> { 10, 100, 9 };
    QTest::newRow("bytes received")
        << int(ClientTableModel::ReceivedColumn) << QList<quint64> { 10, 9, 100 };
    QTest::newRow("bytes echoed") << int(ClientTableModel::EchoedColumn)
                                  << QList<quint64> { 10, 9, 100 };
    QTest::newRow("worker") << int(ClientTableModel::WorkerColumn) << QList<quint64> { 100, 10, 9 };
}

void tst_ClientTableModel::sortRoleOrdersByValueNotByText()
{
    QFETCH(int, column);
    QFETCH(QList<quint64>, ascending);

    ClientTableModel model;
    addClientsThatTextWouldMisorder(model);
    QTRY_COMPARE(model.rowCount(), 3);
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(ClientTableModel::SortRole);

    sorted.sort(column, Qt::AscendingOrder);
    QCOMPARE(sortedIds(sorted), ascending);
    sorted.sort(column, Qt::DescendingOrder);
    std::reverse(ascending.begin(), ascending.end());
    QCOMPARE(sortedIds(sorted), ascending);
}

void tst_ClientTableModel::clientWithoutActivitySortsBeforeActiveOnes()
{
    ClientTableModel model;
    for (quint64 id = 1; id <= 3; ++id)
        model.addClient(client(id));
    // Client 2 is counted but has sent nothing: its last activity reads "none yet", which as
    // text would sort after every time.
    model.applyTraffic({ traffic(1, 5, 5), traffic(2, 0, 0), traffic(3, 5, 5) });
    QTRY_COMPARE(model.rowCount(), 3);
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(ClientTableModel::SortRole);
    sorted.sort(ClientTableModel::LastActivityColumn, Qt::AscendingOrder);
    QCOMPARE(sortedIds(sorted).constFirst(), quint64(2));
    sorted.sort(ClientTableModel::LastActivityColumn, Qt::DescendingOrder);
    QCOMPARE(sortedIds(sorted).constLast(), quint64(2));
}

void tst_ClientTableModel::countersAndLastActivityFirstSortBusiestFirst()
{
    ClientTableModel model;
    const auto initialOrder = [&model](int column) {
        return Qt::SortOrder(
            model.headerData(column, Qt::Horizontal, Qt::InitialSortOrderRole).toInt());
    };
    for (const int column : { ClientTableModel::ReceivedColumn, ClientTableModel::EchoedColumn,
             ClientTableModel::LastActivityColumn })
        QCOMPARE(initialOrder(column), Qt::DescendingOrder);
    for (const int column : { ClientTableModel::ClientColumn, ClientTableModel::AddressColumn,
             ClientTableModel::PortColumn, ClientTableModel::SinceColumn,
             ClientTableModel::WorkerColumn })
        QCOMPARE(initialOrder(column), Qt::AscendingOrder);
}

void tst_ClientTableModel::countersChangeOnlyWhenViewsAreTold()
{
    // A sorting proxy reads the counters when it places rows: one it has not been told about
    // would put rows out of order until the next flush.
    ClientTableModel model;
    model.addClient(client(1));
    QTRY_COMPARE(model.rowCount(), 1);
    const auto received = [&model] {
        return model.index(0, ClientTableModel::ReceivedColumn)
            .data(ClientTableModel::SortRole)
            .toLongLong();
    };
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyTraffic({ traffic(1, 7, 7) });
    QCOMPARE(received(), 0);
    QCOMPARE(
        model.index(0, ClientTableModel::ReceivedColumn).data().toString(), QStringLiteral("0"));
    QVERIFY(!model.index(0, ClientTableModel::LastActivityColumn)
            .data(ClientTableModel::ValueRole)
            .toDateTime()
            .isValid());
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(received(), 7);
    QVERIFY(model.index(0, ClientTableModel::LastActivityColumn)
            .data(ClientTableModel::ValueRole)
            .toDateTime()
            .isValid());
}

QTEST_GUILESS_MAIN(tst_ClientTableModel)
#include "tst_clienttablemodel.moc"
