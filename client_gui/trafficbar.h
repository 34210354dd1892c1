#pragma once

#include <QList>
#include <QWidget>

class QAction;
class QLabel;

// How many bytes went each way, and what can be done with what came back: copy it, save it, or
// clear both views. It owns the menu items that do what its buttons do.
class TrafficBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficBar)

public:
    explicit TrafficBar(QWidget *parent = nullptr);

    // Save, copy and clear, in the order a menu lists them.
    QList<QAction *> menuActions() const { return m_menuActions; }

    void showCounters(qint64 sent, qint64 received);

signals:
    void copyRequested();
    void saveRequested();
    void clearRequested();

private:
    void buildMenuActions();

    QLabel *m_counters = nullptr;
    QList<QAction *> m_menuActions;
};
