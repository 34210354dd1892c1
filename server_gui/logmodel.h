#pragma once

#include "logline.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <chrono>
#include <deque>
#include <vector>

// The server's log as a table (time, step, client, message) that can take a flood: lines wait in
// a pending batch and reach the views at most ~30 times a second, and only the newest
// maximumLines are kept, in a ring, so dropping the oldest costs nothing however long it runs.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { TimeColumn, StepColumn, ClientColumn, MessageColumn, ColumnCount };
    // The client's id (quint64, 0 for none) on any column.
    static constexpr int ClientIdRole = Qt::UserRole;

    static constexpr int defaultMaximumLines = 10000;
    static constexpr std::chrono::milliseconds flushInterval { 33 };

    explicit LogModel(QObject *parent = nullptr);

    // Stamps the line with the current time unless it has one; shown at the next flush.
    void append(LogLine line);
    void clear();

    int maximumLines() const { return m_maximumLines; }
    void setMaximumLines(int lines);
    // Lines waiting for the next flush.
    int pendingCount() const { return int(m_pending.size()); }
    const LogLine &line(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "HH:mm:ss.zzz", as the time column shows it.
    static QString timeText(QTime time);

private:
    void flushPending();
    size_t slot(int row) const;

    std::vector<LogLine> m_ring; // m_maximumLines slots once the first line arrives
    int m_first = 0; // index in m_ring of row 0
    int m_count = 0;
    // A deque: a burst beyond maximumLines (data lines of 10,000 clients at once) drops its
    // oldest line at each append, which a vector would pay for by moving every other line.
    std::deque<LogLine> m_pending;
    QTimer m_flushTimer;
    int m_maximumLines = defaultMaximumLines;
};
