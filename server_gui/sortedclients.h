#pragma once

#include <QPointer>
#include <QSortFilterProxyModel>

#include <vector>

class ClientTableModel;
class QItemSelectionModel;

// The client table in the order the user chose, kept in that order as the counters change.
// Built for thousands of busy clients, where every flush of the table re-sorts them all:
// - rows are compared through ClientTableModel::lessThan, the order of its SortRole without a
//   QVariant per side;
// - a large selection is carried across each re-sort by source row, in one pass, rather than by
//   QItemSelectionModel, which makes a persistent index of every selected row and merges them
//   back (20 ms or more per flush with 10,000 rows selected).
class SortedClients final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SortedClients)

public:
    // Selections of more rows than this are carried by SortedClients; smaller ones by Qt, which
    // also keeps a Shift+click's extension apart from the rest of the selection.
    static constexpr int largeSelection = 1000;

    explicit SortedClients(ClientTableModel *clients, QObject *parent = nullptr);

    // Call once the view has its selection model (QAbstractItemView::setModel makes it), so that
    // the selection is restored after the selection model has handled each re-sort.
    void keepSelectionOf(QItemSelectionModel *selection);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void takeLargeSelection();
    void restoreSelection();

    const ClientTableModel *m_clients = nullptr;
    QPointer<QItemSelectionModel> m_selection;
    std::vector<int> m_selectedSourceRows; // between layoutAboutToBeChanged and layoutChanged
    bool m_carrying = false;
};
