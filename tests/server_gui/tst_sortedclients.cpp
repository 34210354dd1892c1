#include "clienttablemodel.h"
#include "madeupevents.h"
#include "sortedclients.h"

#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <map>
#include <set>

namespace {

using madeup::client;
using madeup::departure;
using madeup::traffic;

quint64 idAt(const QAbstractItemModel &sorted, int row)
{
    return sorted.index(row, ClientTableModel::ClientColumn)
        .data(ClientTableModel::ValueRole)
        .toULongLong();
}

// The ids in the order a view of `sorted` shows them.
QList<quint64> sortedIds(const QAbstractItemModel &sorted)
{
    QList<quint64> ids;
    for (int row = 0; row < sorted.rowCount(); ++row)
        ids << idAt(sorted, row);
    return ids;
}

// Many clients with every column varied and ties in each: several clients per address, per
// worker and per second of arrival, and counters drawn from a small range.
void addVariedClients(ClientTableModel &model, int count, QRandomGenerator &random)
{
    const QDateTime start(QDate(2026, 1, 2), QTime(23, 59, 0));
    for (int i = 0; i < count; ++i) {
        ClientInfo info;
        info.id = quint64(i + 1);
        info.address = random.bounded(3) == 0
            ? QHostAddress(QStringLiteral("2001:db8::%1").arg(random.bounded(50), 0, 16))
            : QHostAddress(quint32(0x0A000000 + random.bounded(300)));
        info.port = quint16(1024 + random.bounded(60000));
        info.worker = random.bounded(4);
        info.since = start.addSecs(random.bounded(120)); // across midnight
        info.transport = random.bounded(3) == 0 ? Transport::Udp : Transport::Tcp;
        model.addClient(info);
    }
}

// Traffic for about `share` of the shown clients, none for the others; totals only grow.
QList<TrafficSample> variedTraffic(const ClientTableModel &model, std::map<quint64, qint64> &totals,
    QRandomGenerator &random, double share)
{
    QList<TrafficSample> samples;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (random.generateDouble() >= share)
            continue;
        const quint64 id = model.clientId(row);
        const qint64 bytes = random.bounded(1, 200);
        totals[id] += bytes;
        TrafficSample sample = traffic(id, bytes, totals[id]);
        // Datagram counts that grow too, with ties (as if most datagrams were about 8 bytes).
        sample.totalDatagramsReceived = totals[id] / 8;
        samples << sample;
    }
    return samples;
}

QList<qint64> sortedValues(const QSortFilterProxyModel &sorted, int column)
{
    QList<qint64> values;
    for (int row = 0; row < sorted.rowCount(); ++row) {
        values << sorted.index(row, column).data(ClientTableModel::SortRole).toLongLong();
    }
    return values;
}

} // namespace

class tst_SortedClients : public QObject
{
    Q_OBJECT

private slots:
    void ordersAsTheSortRoleDoes_data();
    void ordersAsTheSortRoleDoes();
    void tenThousandBusyClientsStaySortedAsTheyComeAndGo_data();
    void tenThousandBusyClientsStaySortedAsTheyComeAndGo();
    void selectionStaysOnTheSameClientsThroughReSorts_data();
    void selectionStaysOnTheSameClientsThroughReSorts();
};

void tst_SortedClients::ordersAsTheSortRoleDoes_data()
{
    QTest::addColumn<int>("column");
    const char *names[] = { "client", "protocol", "address", "port", "since", "received", "echoed",
        "datagrams", "last activity", "worker" };
    static_assert(std::size(names) == ClientTableModel::ColumnCount);
    for (int column = 0; column < ClientTableModel::ColumnCount; ++column)
        QTest::newRow(names[column]) << column;
}

void tst_SortedClients::ordersAsTheSortRoleDoes()
{
    QFETCH(int, column);

    // SortedClients compares rows without QVariants; the order must be the SortRole's exactly,
    // ties included (both sorts are stable over the same source order).
    QRandomGenerator random(1400 + quint32(column));
    ClientTableModel model;
    addVariedClients(model, 2000, random);
    QTRY_COMPARE(model.rowCount(), 2000);
    std::map<quint64, qint64> totals;
    // Some clients never send: their last activity is "none yet".
    model.applyTraffic(variedTraffic(model, totals, random, 0.7));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTRY_COMPARE(changed.count(), 1);

    QSortFilterProxyModel byRole;
    byRole.setSourceModel(&model);
    byRole.setSortRole(ClientTableModel::SortRole);
    SortedClients sorted(&model);
    for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
        byRole.sort(column, order);
        sorted.sort(column, order);
        QCOMPARE(sortedIds(sorted), sortedIds(byRole));
    }
}

void tst_SortedClients::tenThousandBusyClientsStaySortedAsTheyComeAndGo_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::newRow("bytes received, busiest first")
        << int(ClientTableModel::ReceivedColumn) << Qt::DescendingOrder;
    QTest::newRow("bytes echoed, quietest first")
        << int(ClientTableModel::EchoedColumn) << Qt::AscendingOrder;
    QTest::newRow("client number") << int(ClientTableModel::ClientColumn) << Qt::AscendingOrder;
}

void tst_SortedClients::tenThousandBusyClientsStaySortedAsTheyComeAndGo()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);

    QRandomGenerator random(14);
    ClientTableModel model;
    // No QAbstractItemModelTester here: it checks every row at every signal (minutes at 10,000).
    SortedClients sorted(&model);
    sorted.sort(column, order);
    addVariedClients(model, 10000, random);
    QTRY_COMPARE(sorted.rowCount(), 10000);

    std::map<quint64, qint64> totals;
    quint64 nextId = 10001;
    for (int round = 0; round < 4; ++round) {
        // Between two flushes: most clients busy, some leave, some arrive (and some of those
        // send at once, before views know them).
        QList<TrafficSample> samples = variedTraffic(model, totals, random, 0.9);
        model.applyTraffic(samples);
        for (int i = 0; i < 300; ++i) {
            const quint64 id = model.clientId(random.bounded(model.rowCount()));
            model.removeClient(departure(id));
            totals[id] = -1; // gone
        }
        for (int i = 0; i < 200; ++i) {
            ClientInfo info = client(nextId);
            model.addClient(info);
            if (i % 2 == 0) {
                totals[nextId] += 5;
                model.applyTraffic({ traffic(nextId, 5, totals[nextId]) });
            }
            ++nextId;
        }
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QTRY_COMPARE(changed.count(), 1);

        // Exactly the clients still here, each with its own total, in order.
        QList<quint64> expectedIds;
        for (quint64 id = 1; id < nextId; ++id) {
            if (totals.count(id) == 0 || totals[id] >= 0)
                expectedIds << id;
        }
        QList<quint64> shown = sortedIds(sorted);
        std::sort(shown.begin(), shown.end());
        QCOMPARE(shown, expectedIds);
        for (int row = 0; row < sorted.rowCount(); ++row) {
            const quint64 id = sorted.index(row, ClientTableModel::ClientColumn)
                                   .data(ClientTableModel::ValueRole)
                                   .toULongLong();
            const qint64 received = sorted.index(row, ClientTableModel::ReceivedColumn)
                                        .data(ClientTableModel::ValueRole)
                                        .toLongLong();
            QCOMPARE(received, totals.count(id) ? totals[id] : 0);
        }
        const QList<qint64> values = sortedValues(sorted, column);
        if (order == Qt::AscendingOrder)
            QVERIFY(std::is_sorted(values.cbegin(), values.cend()));
        else
            QVERIFY(std::is_sorted(values.crbegin(), values.crend()));
    }
}

void tst_SortedClients::selectionStaysOnTheSameClientsThroughReSorts_data()
{
    QTest::addColumn<int>("every"); // every n-th client selected ...
    QTest::addColumn<QList<quint64>>("except"); // ... but these
    QTest::newRow("one client") << 0 << QList<quint64> {};
    QTest::newRow("all") << 1 << QList<quint64> {};
    QTest::newRow("all but three") << 1 << QList<quint64> { 1, 5000, 9999 };
    QTest::newRow("every other") << 2 << QList<quint64> {};
    QTest::newRow("every tenth") << 10 << QList<quint64> {};
}

void tst_SortedClients::selectionStaysOnTheSameClientsThroughReSorts()
{
    QFETCH(int, every);
    QFETCH(QList<quint64>, except);

    // Selections above SortedClients::largeSelection rows are carried by SortedClients, smaller
    // ones (every tenth, one client) by QItemSelectionModel: both must follow their clients.
    QRandomGenerator random(7);
    ClientTableModel model;
    SortedClients sorted(&model);
    QItemSelectionModel selection(&sorted);
    sorted.keepSelectionOf(&selection);
    sorted.sort(ClientTableModel::ReceivedColumn, Qt::DescendingOrder);
    for (quint64 id = 1; id <= 10000; ++id)
        model.addClient(client(id));
    QTRY_COMPARE(sorted.rowCount(), 10000);

    std::set<quint64> chosen;
    for (quint64 id = 1; id <= 10000; ++id) {
        const bool picked = every == 0 ? id == 4242 : (id - 1) % quint64(every) == 0;
        if (picked && !except.contains(id))
            chosen.insert(id);
    }
    QItemSelection rows;
    for (int row = 0; row < sorted.rowCount(); ++row) {
        if (chosen.count(idAt(sorted, row)))
            rows.select(sorted.index(row, 0), sorted.index(row, ClientTableModel::ColumnCount - 1));
    }
    selection.select(rows, QItemSelectionModel::ClearAndSelect);
    // The selected clients, each selected in every column (as a click on its row selects).
    const auto selectedIds = [&] {
        std::set<quint64> ids;
        for (const QItemSelectionRange &range : selection.selection()) {
            if (range.left() != 0 || range.right() != ClientTableModel::ColumnCount - 1)
                return std::set<quint64> {};
            for (int row = range.top(); row <= range.bottom(); ++row)
                ids.insert(idAt(sorted, row));
        }
        return ids;
    };
    QCOMPARE(selectedIds(), chosen);
    QSignalSpy selectionChanged(&selection, &QItemSelectionModel::selectionChanged);

    std::map<quint64, qint64> totals;
    for (int round = 0; round < 3; ++round) {
        const QList<quint64> before = sortedIds(sorted);
        QList<TrafficSample> samples;
        for (quint64 id = 1; id <= 10000; ++id) {
            const qint64 bytes = random.bounded(1, 1000);
            totals[id] += bytes;
            samples << traffic(id, bytes, totals[id]);
        }
        model.applyTraffic(samples);
        QTRY_VERIFY(sortedIds(sorted) != before); // re-sorted
        QCOMPARE(selectedIds(), chosen);
    }
    // The same clients all along: nothing to announce.
    QCOMPARE(selectionChanged.count(), 0);

    // A client that leaves takes its selection with it; the others keep theirs.
    const quint64 leaving = *chosen.begin();
    model.removeClient(departure(leaving));
    QTRY_COMPARE(sorted.rowCount(), 9999);
    chosen.erase(leaving);
    const QList<quint64> before = sortedIds(sorted);
    QList<TrafficSample> samples;
    for (const quint64 id : before) {
        totals[id] += random.bounded(1, 1000);
        samples << traffic(id, 1, totals[id]);
    }
    model.applyTraffic(samples);
    QTRY_VERIFY(sortedIds(sorted) != before);
    QCOMPARE(selectedIds(), chosen);
}

QTEST_GUILESS_MAIN(tst_SortedClients)
#include "tst_sortedclients.moc"
