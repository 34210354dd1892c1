#pragma once

#include <QString>

class QMainWindow;
class QMenu;

// What the Help menu says about one program; each window translates its own.
struct AboutTexts
{
    QString action; // "&About TCP Echo Client"
    QString title; // the About box's title
    QString programName;
};

// Adds Help → About <program> (the About box) and About Qt to the window's menu bar.
QMenu *addHelpMenu(QMainWindow *window, const AboutTexts &about);
