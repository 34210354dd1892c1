#pragma once

#include <QColor>

class QPalette;

// WCAG 2 contrast: 1 (same luminance) to 21 (black on white); text wants 4.5 at least.
double contrastRatio(const QColor &first, const QColor &second);

// `preferred` when it reads well on `background`; else black or white, whichever reads better.
// For colours the palette pairs badly, as Breeze Dark's white text on its light-blue selection.
QColor readableOn(const QColor &background, const QColor &preferred);

// `palette` with its placeholder text made readable on its base where it is not: Qt 6.4's KDE
// theme leaves a dark palette's placeholder at Qt's default, half-transparent black, which
// vanishes on a dark base; Qt's own light one is a grey just below text contrast.
QPalette withReadablePlaceholder(QPalette palette);
