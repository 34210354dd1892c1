#include "clientspane.h"

#include "clienttablemodel.h"
#include "sortedclients.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

ClientsPane::ClientsPane(ClientTableModel *clients, SortedClients *sortedClients, QWidget *parent)
    : QWidget(parent)
    , m_clients(clients)
    , m_sortedClients(sortedClients)
{
    // Created in Tab order: the table, then Disconnect, which sits above it.
    buildTable();
    buildDisconnect();
    auto *clientsLabel = new QLabel(tr("&Clients:"), this);
    clientsLabel->setBuddy(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(clientsLabel);
    top->addStretch(1);
    top->addWidget(m_disconnectButton);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    const auto disconnectSelected = [this] { emit disconnectRequested(selectedClientIds()); };
    connect(m_disconnectAction, &QAction::triggered, this, disconnectSelected);
    connect(m_disconnectButton, &QPushButton::clicked, this, disconnectSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &ClientsPane::updateDisconnectEnabled);
    // Rows that go take their selection with them.
    connect(m_sortedClients, &QAbstractItemModel::rowsRemoved, this,
        &ClientsPane::updateDisconnectEnabled);
    connect(m_sortedClients, &QAbstractItemModel::modelReset, this,
        &ClientsPane::updateDisconnectEnabled);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
        &ClientsPane::sortOrderChanged);
    updateDisconnectEnabled();
}

void ClientsPane::buildTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("clientTable"));
    m_table->setAccessibleName(tr("Connected clients"));
    m_table->setModel(m_sortedClients);
    m_sortedClients->keepSelectionOf(m_table->selectionModel());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    // Tab leaves the table for the next control, rather than walking its cells.
    m_table->setTabKeyNavigation(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed heights and widths: measuring thousands of rows' contents would stall the view.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSortIndicator(ClientTableModel::ClientColumn, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->viewport()->installEventFilter(this);
    fitColumns();
}

void ClientsPane::fitColumns()
{
    // The address takes what the other columns leave; each of those is as wide as its header
    // (room for the sort arrow included) or its widest usual value, measured on sample texts:
    // ResizeToContents would measure every row, 10,000 of them at each change.
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    const QFontMetrics metrics(m_table->font());
    // The delegate's text margins, then the grid line and a little air.
    const int margins =
        2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 8;
    for (int column = 0; column < ClientTableModel::ColumnCount; ++column) {
        int width = header->sectionSizeHint(column);
        for (const QString &sample : ClientTableModel::sampleTexts(column))
            width = qMax(width, metrics.horizontalAdvance(sample) + margins);
        header->resizeSection(column, width);
    }
    header->setSectionResizeMode(ClientTableModel::AddressColumn, QHeaderView::Stretch);
}

void ClientsPane::buildDisconnect()
{
    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    m_disconnectAction->setShortcut(QKeySequence::Delete);
    m_disconnectAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_disconnectAction->setToolTip(tr("Disconnect the selected clients (%1)")
            .arg(QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText)));
    m_table->addAction(m_disconnectAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_disconnectButton = new QPushButton(tr("&Disconnect"), this);
    m_disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    m_disconnectButton->setAccessibleName(tr("Disconnect the selected clients"));
    m_disconnectButton->setToolTip(m_disconnectAction->toolTip());
}

void ClientsPane::sortBy(int column, Qt::SortOrder order)
{
    m_table->sortByColumn(column, order);
}

bool ClientsPane::eventFilter(QObject *watched, QEvent *event)
{
    // A click or drag in the table picks rows by where they are on screen: a re-sort in between
    // (the counters change four times a second) would move other clients under it.
    if (m_table && watched == m_table->viewport()) {
        switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonDblClick:
            if (static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
                m_choosingRows = true;
                m_sortedClients->setDynamicSortFilter(false);
            }
            break;
        case QEvent::MouseButtonRelease:
            if (m_choosingRows &&
                !static_cast<QMouseEvent *>(event)->buttons().testFlag(Qt::LeftButton)) {
                m_choosingRows = false;
                // Once the view has handled the release, which may still select by position.
                QMetaObject::invokeMethod(
                    this, &ClientsPane::resumeSortingAfterClick, Qt::QueuedConnection);
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ClientsPane::resumeSortingAfterClick()
{
    // Another click may have begun since the release.
    if (!m_choosingRows)
        m_sortedClients->setDynamicSortFilter(true);
}

QList<quint64> ClientsPane::selectedClientIds() const
{
    QList<quint64> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (const quint64 id = m_clients->clientId(m_sortedClients->mapToSource(row).row()))
            ids.append(id);
    }
    return ids;
}

void ClientsPane::updateDisconnectEnabled()
{
    const bool any = m_table->selectionModel()->hasSelection();
    m_disconnectAction->setEnabled(any);
    m_disconnectButton->setEnabled(any);
}
