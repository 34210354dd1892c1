#include "windowgeometry.h"

#include <QEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace {

void fitOnScreen(QWidget *window)
{
    if (window->windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen))
        return;
    const QRect frame = window->frameGeometry();
    const QScreen *screen = QGuiApplication::screenAt(frame.center());
    if (!screen)
        screen = window->screen();
    const QRect available = screen->availableGeometry();
    if (available.contains(frame))
        return;
    const QRect inner = window->geometry();
    const QMargins margins(inner.left() - frame.left(), inner.top() - frame.top(),
        frame.right() - inner.right(), frame.bottom() - inner.bottom());
    QRect fitted(frame.topLeft(), frame.size().boundedTo(available.size()));
    // Right and bottom first, so that the title bar stays on screen if nothing else can.
    if (fitted.right() > available.right())
        fitted.moveRight(available.right());
    if (fitted.bottom() > available.bottom())
        fitted.moveBottom(available.bottom());
    if (fitted.left() < available.left())
        fitted.moveLeft(available.left());
    if (fitted.top() < available.top())
        fitted.moveTop(available.top());
    window->setGeometry(fitted.marginsRemoved(margins));
}

// Fits the window on its screen when it is first shown, then goes.
class FitOnFirstShow final : public QObject
{
public:
    explicit FitOnFirstShow(QWidget *window)
        : QObject(window)
    {
        window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && watched == parent()) {
            watched->removeEventFilter(this);
            fitOnScreen(static_cast<QWidget *>(watched));
            deleteLater();
        }
        return false;
    }
};

} // namespace

bool restoreWindowGeometry(QWidget *window, const QByteArray &saved)
{
    if (!window->restoreGeometry(saved))
        return false;
    if (window->isVisible())
        fitOnScreen(window);
    else
        new FitOnFirstShow(window);
    return true;
}
