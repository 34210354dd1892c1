#include "clientwindow.h"
#include "serverwindow.h"

#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Where each window comes back after a restart: where and as large as the user left it when the
// screen allows that, and wholly on the screen when it does not (a smaller screen, or the one it
// was on unplugged). The same on every Qt release: nothing here depends on a pixel size that
// only one Qt version produces.
class tst_WindowGeometry : public QObject
{
    Q_OBJECT

private slots:
    void comesBackWhereTheUserLeftIt_data();
    void comesBackWhereTheUserLeftIt();
};

namespace {

enum class Placement { Fits, LargerThanTheScreen, BeyondTheRightEdge, AboveTheTop };

std::unique_ptr<QMainWindow> makeWindow(bool client, QSettings *settings)
{
    if (client)
        return std::make_unique<ClientWindow>(ClientOptions {}, settings);
    return std::make_unique<ServerWindow>(ServerOptions {}, settings);
}

// The window manager's frame around the window's own area (the offscreen platform draws one too).
QMargins frameMargins(const QWidget &window)
{
    const QRect frame = window.frameGeometry();
    const QRect inner = window.geometry();
    return { inner.left() - frame.left(), inner.top() - frame.top(), frame.right() - inner.right(),
        frame.bottom() - inner.bottom() };
}

// The window's own area as the user left it, for a screen whose free area is `available`. A size
// that fits lies halfway between the window's smallest and the room the screen has for it.
QRect savedGeometry(
    Placement placement, const QRect &available, const QMargins &frame, const QSize &smallest)
{
    const QPoint offset(20, 30);
    const QSize room = available.size().shrunkBy(frame) - QSize(offset.x(), offset.y());
    const QSize fitting = (smallest + room) / 2;
    const QPoint nearTopLeft = available.topLeft() + QPoint(frame.left(), frame.top()) + offset;
    switch (placement) {
    case Placement::Fits:
        return { nearTopLeft, fitting };
    case Placement::LargerThanTheScreen:
        return { nearTopLeft, available.size() + QSize(300, 200) };
    case Placement::BeyondTheRightEdge:
        return { QPoint(available.right() + 200, available.top() + 50), fitting };
    case Placement::AboveTheTop:
        return { QPoint(available.left() + 40, available.top() - 300), fitting };
    }
    return {};
}

QString describe(const QWidget &window, const QRect &available)
{
    QString text;
    QDebug(&text).nospace() << "frame " << window.frameGeometry() << " on a screen of "
                            << available;
    return text;
}

} // namespace

void tst_WindowGeometry::comesBackWhereTheUserLeftIt_data()
{
    QTest::addColumn<bool>("client");
    QTest::addColumn<Placement>("placement");
    for (const bool client : { false, true }) {
        const char *window = client ? "client" : "server";
        QTest::addRow("%s, fits on the screen", window) << client << Placement::Fits;
        QTest::addRow("%s, larger than the screen", window)
            << client << Placement::LargerThanTheScreen;
        QTest::addRow("%s, beyond the right edge", window)
            << client << Placement::BeyondTheRightEdge;
        QTest::addRow("%s, above the top", window) << client << Placement::AboveTheTop;
    }
}

void tst_WindowGeometry::comesBackWhereTheUserLeftIt()
{
    QFETCH(bool, client);
    QFETCH(Placement, placement);
    QTemporaryDir directory;
    QSettings settings(directory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);

    QRect saved;
    QMargins frame;
    {
        const auto window = makeWindow(client, &settings);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        const QRect available = window->screen()->availableGeometry();
        frame = frameMargins(*window);
        saved = savedGeometry(placement, available, frame, window->minimumSize());
        QVERIFY2(placement != Placement::Fits || available.contains(saved.marginsAdded(frame)),
            "the window's smallest size does not fit on this screen: no test of placing it");
        window->setGeometry(saved);
        // The offscreen platform takes any geometry, so the settings hold exactly this one.
        QCOMPARE(window->geometry(), saved);
        QVERIFY(window->close());
    }

    const auto window = makeWindow(client, &settings);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    const QRect available = window->screen()->availableGeometry();
    QVERIFY2(available.contains(window->frameGeometry()), qPrintable(describe(*window, available)));
    const QSize room = available.size().shrunkBy(frame);
    if (placement == Placement::LargerThanTheScreen) {
        // As large as the screen allows, near enough: Qt 6.5 and later keep room for a title bar
        // of the style's height, which the offscreen platform's thin frame does not need.
        QVERIFY2(
            window->width() >= room.width() * 9 / 10 && window->height() >= room.height() * 9 / 10,
            qPrintable(describe(*window, available)));
    } else {
        // The size the user left, which the screen holds.
        QCOMPARE(window->size(), saved.size());
    }
    if (placement == Placement::Fits)
        QCOMPARE(window->pos(), saved.topLeft() - QPoint(frame.left(), frame.top()));
}

QTEST_MAIN(tst_WindowGeometry)
#include "tst_windowgeometry.moc"
