#pragma once

#include "clientinfo.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <chrono>
#include <vector>

// One row per connected client. Arrivals, departures and counters are applied to the rows at
// once but announced to views in one batch a few times a second, so neither thousands of
// clients nor a flood of traffic samples turns into thousands of view updates.
class ClientTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTableModel)

public:
    enum Column {
        ClientColumn,
        AddressColumn,
        PortColumn,
        SinceColumn,
        ReceivedColumn,
        EchoedColumn,
        LastActivityColumn,
        WorkerColumn,
        ColumnCount
    };
    // The raw value behind a cell: id, address text, port, QDateTime, byte count, worker.
    static constexpr int ValueRole = Qt::UserRole;

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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        ClientInfo info;
        QString address; // an IPv4 client of a dual-stack server shows as IPv4
        qint64 received = 0;
        qint64 echoed = 0;
        QDateTime lastActivity;
        bool changed = false;
        bool gone = false;
    };

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
