#pragma once

#include <QString>

class QWidget;

// Help → About for either program: its name and version, the licence, the Qt it was built with
// and runs on, and where the project lives, beside the window's icon. Opens without blocking and
// deletes itself when closed.
void openAboutBox(QWidget *window, const QString &title, const QString &programName);
