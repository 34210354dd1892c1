#pragma once

#include <QByteArray>

class QWidget;

// Puts a top-level window back where QWidget::saveGeometry() found it, the same on every Qt
// release: at the saved place and size when the screen allows it, and otherwise (a smaller
// screen, or the one it was on unplugged) as large as fits and wholly on the screen, frame
// included. Qt alone differs: 6.4 leaves a window larger than its screen as it was, 6.5 and
// later shrink it to 2 px less than the screen but leave the frame's sides off it. The frame is
// known only once the window exists, so the fit is made when it is first shown (on X11 the
// window manager has not framed it yet at that point: there the window's own area is fitted).
// Returns what QWidget::restoreGeometry() returns (false for an empty or invalid state).
bool restoreWindowGeometry(QWidget *window, const QByteArray &saved);
