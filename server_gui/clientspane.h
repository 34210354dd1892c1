#pragma once

#include <QList>
#include <QWidget>

class ClientTableModel;
class QAction;
class QPushButton;
class QTableView;
class SortedClients;

// The connected clients, one row each, in the order the user chose by clicking a header, and
// Disconnect for the selected ones. It owns the menu item (also the table's context menu and
// the Delete key) that does what its button does.
class ClientsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientsPane)

public:
    // `sortedClients` orders `clients`; both outlive the pane.
    ClientsPane(ClientTableModel *clients, SortedClients *sortedClients, QWidget *parent = nullptr);

    QAction *disconnectAction() const { return m_disconnectAction; }

    void sortBy(int column, Qt::SortOrder order);

signals:
    // The button, its menu item, the context menu or Delete, with the clients chosen.
    void disconnectRequested(const QList<quint64> &ids);
    // A click on a header.
    void sortOrderChanged(int column, Qt::SortOrder order);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildTable();
    void fitColumns();
    void buildDisconnect();
    QList<quint64> selectedClientIds() const;
    void updateDisconnectEnabled();
    void resumeSortingAfterClick();

    ClientTableModel *m_clients = nullptr;
    SortedClients *m_sortedClients = nullptr;
    // Set while the left button is down on the table: rows hold still while it chooses them.
    bool m_choosingRows = false;
    QTableView *m_table = nullptr;
    QPushButton *m_disconnectButton = nullptr;
    QAction *m_disconnectAction = nullptr;
};
