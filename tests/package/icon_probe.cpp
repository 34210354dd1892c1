// Draws icon files the way the programs draw their window icons (QIcon of an SVG file), and says
// whether each came out.
//
//     icon_probe FILE...
//
// Exits 1 when one is blank. check_package.py runs it on the icons an unpacked .deb installs,
// with only the Qt plugins that the .deb's dependencies install: Qt's SVG icon engine must be
// among them, or nothing is drawn.

#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QTextStream>

int main(int argc, char **argv)
{
    QGuiApplication application(argc, argv);
    const QStringList files = QGuiApplication::arguments().mid(1);
    QTextStream out(stdout);
    if (files.isEmpty()) {
        out << "usage: icon_probe FILE...\n";
        return 2;
    }
    const int side = 64;
    int failures = 0;
    for (const QString &file : files) {
        const QImage image =
            QIcon(file).pixmap(side).toImage().convertToFormat(QImage::Format_ARGB32);
        int painted = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                painted += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        }
        // An icon that covers a tenth of its square is drawn; without the engine nothing is.
        const bool drawn = painted * 10 >= side * side;
        out << (drawn ? "ok: " : "FAIL: ") << file << ": " << painted << " of " << side * side
            << " pixels painted at " << side << " px\n";
        failures += drawn ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
}
