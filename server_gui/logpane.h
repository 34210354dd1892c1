#pragma once

#include <QSortFilterProxyModel>
#include <QWidget>

class LogModel;
class LogView;
class QAction;
class QCheckBox;
class QHBoxLayout;
class QLineEdit;

// The connection log: the lines a filter lets through, whether data lines are logged, Save and
// Clear. It owns the Log menu's items, which do what its controls do.
class LogPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPane)

public:
    // `lines` outlives the pane.
    explicit LogPane(LogModel *lines, QWidget *parent = nullptr);

    // What the view shows: the lines the filter lets through.
    const QAbstractItemModel &shownLines() const { return m_filter; }

    void setShowData(bool show);

    // Save, Clear and Filter, in the order the menu lists them; Show data goes apart.
    QList<QAction *> menuActions() const { return m_menuActions; }
    QAction *showDataAction() const { return m_showDataAction; }

signals:
    void saveRequested();
    void clearRequested();
    void showDataToggled(bool show);

private:
    void buildControls(QHBoxLayout *layout);
    void buildView();
    void buildMenuActions();

    QSortFilterProxyModel m_filter;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_showDataCheck = nullptr;
    LogView *m_view = nullptr;
    QList<QAction *> m_menuActions;
    QAction *m_showDataAction = nullptr;
};
