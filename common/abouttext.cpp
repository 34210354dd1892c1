#include "abouttext.h"

#include <QCoreApplication>
#include <QtGlobal>

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
