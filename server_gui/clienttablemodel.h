#pragma once

#include "clientinfo.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <chrono>
#include <vector>

// One row per connected client: a TCP connection or a UDP peer. Arrivals, departures and counters
// are gathered as they come and reach the rows in one batch a few times a second, announced as they
// land, so neither thousands of clients nor a flood of traffic samples turns into thousands of view
// updates, and a sorting proxy never reads a value it has not been told about.
class ClientTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTableModel)

public:
    enum Column {
        ClientColumn,
        ProtocolColumn,
        AddressColumn,
        PortColumn,
        SinceColumn,
        ReceivedColumn,
        EchoedColumn,
        DatagramsColumn,
        LastActivityColumn,
        WorkerColumn,
        ColumnCount
    };
    // The raw value behind a cell: id, address text, port, QDateTime, byte count, worker.
    static constexpr int ValueRole = Qt::UserRole;
    // What the table sorts by: the raw value, typed so that QSortFilterProxyModel compares
    // numbers as numbers (#10 after #9) and times as times (not by their display text); for the
    // address, its bytes, so that 9.0.0.1 comes before 10.0.0.1.
    static constexpr int SortRole = Qt::UserRole + 1;

    static constexpr std::chrono::milliseconds flushInterval { 250 };

    explicit ClientTableModel(QObject *parent = nullptr);

    void addClient(const ClientInfo &client);
    void removeClient(const ClientDeparture &departure);
    void applyTraffic(const QList<TrafficSample> &samples);
    // Every row goes at once (the server stopped).
    void clear();

    quint64 clientId(int row) const;
    // -1 when the client is not shown (yet, or any more).
    int rowOf(quint64 id) const;
    // Whether row `left` sorts before row `right` by `column`: the order SortRole gives, without
    // making a QVariant of each side (a re-sort of 10,000 rows makes some 300,000 comparisons).
    bool lessThan(int left, int right, int column) const;

    // Texts as wide as the column's values usually get (digits, times, a long IPv4 address), so
    // that views size columns from them rather than by measuring every row.
    static QStringList sampleTexts(int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Counters
    {
        qint64 received = 0;
        qint64 echoed = 0;
        // UDP peers only.
        qint64 datagramsReceived = 0;
        qint64 datagramsEchoed = 0;
        qint64 echoesDropped = 0;
        QDateTime lastActivity;
    };
    struct Row
    {
        ClientInfo info;
        QString address; // an IPv4 client of a dual-stack server shows as IPv4
        QString addressKey; // fixed-width hex of the IPv6 form: text order is numeric order
        Counters shown; // what views have been told
        Counters latest; // what the server said since; shown at the next flush
        bool changed = false;
        bool gone = false;
    };

    // data() for each role.
    static QVariant alignment(int column);
    static QVariant value(const Row &row, int column, int role);
    static QVariant displayText(const Row &row, int column);
    static QVariant headerToolTip(int section);
    // "15 / 15", "15 / 12 (3 dropped)": received / echoed.
    static QString datagramText(qint64 received, qint64 echoed, qint64 dropped);

    void scheduleFlush();
    void flush();
    void removeGoneRows();
    void reindex();

    // Rows [0, m_shown) are what views know; rows past it arrived since the last flush.
    std::vector<Row> m_rows;
    int m_shown = 0;
    QHash<quint64, int> m_index; // id -> position in m_rows
    int m_gone = 0;
    bool m_changed = false;
    QTimer m_flushTimer;
};
