#include "sortedclients.h"

#include "clienttablemodel.h"

#include <QItemSelectionModel>
#include <QSignalBlocker>

#include <algorithm>

SortedClients::SortedClients(ClientTableModel *clients, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_clients(clients)
{
    setSourceModel(clients);
    setSortRole(ClientTableModel::SortRole);
    // Re-sorted as the counters change, so the order shown is always true; the selection stays on
    // the same clients.
    setDynamicSortFilter(true);
    // Connected before any view's selection model: it must find the selection already taken.
    connect(this, &QAbstractItemModel::layoutAboutToBeChanged, this,
        &SortedClients::takeLargeSelection);
}

void SortedClients::keepSelectionOf(QItemSelectionModel *selection)
{
    if (m_selection)
        disconnect(
            this, &QAbstractItemModel::layoutChanged, this, &SortedClients::restoreSelection);
    m_selection = selection;
    if (selection)
        connect(this, &QAbstractItemModel::layoutChanged, this, &SortedClients::restoreSelection);
}

bool SortedClients::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (sortRole() != ClientTableModel::SortRole || left.model() != m_clients ||
        right.model() != m_clients || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    return m_clients->lessThan(left.row(), right.row(), left.column());
}

void SortedClients::takeLargeSelection()
{
    m_carrying = false;
    if (!m_selection || m_selection->model() != this)
        return;
    const QItemSelection selection = m_selection->selection();
    qsizetype rows = 0;
    for (const QItemSelectionRange &range : selection)
        rows += range.height();
    if (rows <= largeSelection)
        return;
    m_selectedSourceRows.clear();
    m_selectedSourceRows.reserve(size_t(rows));
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            m_selectedSourceRows.push_back(mapToSource(index(row, 0)).row());
    }
    // The selection model finds nothing to remap. Unannounced: the set of clients selected does
    // not change, and views repaint everything after a re-sort anyway.
    const QSignalBlocker quiet(m_selection);
    m_selection->clearSelection();
    m_carrying = true;
}

void SortedClients::restoreSelection()
{
    if (!m_carrying || !m_selection)
        return;
    m_carrying = false;
    std::vector<int> rows;
    rows.reserve(m_selectedSourceRows.size());
    for (const int sourceRow : m_selectedSourceRows) {
        const QModelIndex shown = mapFromSource(sourceModel()->index(sourceRow, 0));
        if (shown.isValid())
            rows.push_back(shown.row());
    }
    m_selectedSourceRows.clear();
    std::sort(rows.begin(), rows.end());
    // One range per run of adjacent rows, each spanning every column.
    QItemSelection selection;
    const int lastColumn = columnCount() - 1;
    for (size_t first = 0; first < rows.size();) {
        size_t last = first;
        while (last + 1 < rows.size() && rows[last + 1] == rows[last] + 1)
            ++last;
        selection.append(QItemSelectionRange(index(rows[first], 0), index(rows[last], lastColumn)));
        first = last + 1;
    }
    const QSignalBlocker quiet(m_selection);
    m_selection->select(selection, QItemSelectionModel::Select);
}
