#include "helpmenu.h"

#include "aboutbox.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>

namespace {

class HelpMenu
{
    Q_DECLARE_TR_FUNCTIONS(HelpMenu)
};

} // namespace

QMenu *addHelpMenu(QMainWindow *window, const AboutTexts &about)
{
    QMenu *help = window->menuBar()->addMenu(HelpMenu::tr("&Help"));
    QAction *aboutProgram = help->addAction(about.action);
    aboutProgram->setObjectName(QStringLiteral("aboutAction"));
    QObject::connect(aboutProgram, &QAction::triggered, window,
        [window, about] { openAboutBox(window, about.title, about.programName); });
    QAction *aboutQt = help->addAction(HelpMenu::tr("About &Qt"));
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    QObject::connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    return help;
}
