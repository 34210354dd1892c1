#include "logview.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QScrollBar>

LogView::LogView(QWidget *parent)
    : QTableView(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setWordWrap(false);
    // Tab leaves the log for the next control, rather than walking its cells.
    setTabKeyNavigation(false);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    // Whether to follow is decided by where the user left the scroll bar, not by where a batch
    // of new rows (which moves the maximum) happens to leave it.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
        [this](int value) { m_follow = value >= verticalScrollBar()->maximum(); });
}

void LogView::setModel(QAbstractItemModel *model)
{
    if (this->model())
        disconnect(this->model(), nullptr, this, nullptr);
    QTableView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            scrollToBottom();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { m_follow = true; });
}

bool LogView::isAtBottom() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum();
}
