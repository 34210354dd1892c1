#pragma once

#include <QTableView>

// The log's table: rows of one line's height (so thousands of rows cost nothing to lay out),
// following new lines only while the user is at the bottom, so scrolling up to read stays put.
class LogView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    explicit LogView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    bool isAtBottom() const;

private:
    bool m_follow = true;
};
