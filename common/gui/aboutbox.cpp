#include "aboutbox.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QtGlobal>

namespace {

QString aboutText(const QString &programName)
{
    const QString homepage = QStringLiteral(TCP_ECHO_HOMEPAGE_URL);
    return QCoreApplication::translate("AboutText",
        "<h3>%1 %2</h3>"
        "<p>A TCP echo server and client, for seeing how sockets behave and for testing anything "
        "that speaks TCP.</p>"
        "<p>Licence: MIT</p>"
        "<p>Runs on Qt %3 (built with Qt %4).</p>"
        "<p><a href=\"%5\">%5</a></p>")
        .arg(programName.toHtmlEscaped(), QStringLiteral(TCP_ECHO_VERSION),
            QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
            homepage.toHtmlEscaped());
}

} // namespace

void openAboutBox(QWidget *window, const QString &title, const QString &programName)
{
    auto *box = new QMessageBox(window);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(title);
    box->setTextFormat(Qt::RichText);
    box->setText(aboutText(programName));
    box->setIconPixmap(window->windowIcon().pixmap(64));
    box->open();
}
