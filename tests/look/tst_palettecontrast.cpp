#include "clientwindow.h"
#include "contrast.h"
#include "echoserver.h"
#include "echoview.h"
#include "rttchart.h"
#include "serverwindow.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QTcpSocket>
#include <QTest>

namespace {

constexpr double textContrast = 4.5; // WCAG AA, normal text
constexpr double graphicsContrast = 3.0; // WCAG AA, parts of a chart

// What KDE's Breeze Dark gives every Qt program (its kdeglobals colours): what a dark desktop
// user sees. Its selection pairs white text with a light blue, below text contrast.
QPalette breezeDark()
{
    QPalette palette;
    const auto set = [&palette](QPalette::ColorRole role, const char *name) {
        palette.setColor(role, QColor(QString::fromLatin1(name)));
    };
    set(QPalette::Window, "#2a2e32");
    set(QPalette::WindowText, "#fcfcfc");
    set(QPalette::Base, "#1b1e20");
    set(QPalette::AlternateBase, "#232629");
    set(QPalette::Text, "#fcfcfc");
    set(QPalette::Button, "#31363b");
    set(QPalette::ButtonText, "#fcfcfc");
    set(QPalette::BrightText, "#ffffff");
    set(QPalette::Highlight, "#3daee9");
    set(QPalette::HighlightedText, "#fcfcfc");
    set(QPalette::ToolTipBase, "#31363b");
    set(QPalette::ToolTipText, "#fcfcfc");
    set(QPalette::Link, "#1d99f3");
    set(QPalette::LinkVisited, "#9b59b6");
    set(QPalette::Light, "#40464c");
    set(QPalette::Midlight, "#383d43");
    set(QPalette::Mid, "#1e2124");
    set(QPalette::Dark, "#141618");
    set(QPalette::Shadow, "#0b0c0d");
    set(QPalette::PlaceholderText, "#a1a9b1");
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x71, 0x73));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x71, 0x73));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x71, 0x73));
    return palette;
}

QRgb mostCommonColour(const QImage &image)
{
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            ++counts[image.pixel(x, y)];
    }
    QRgb common = 0;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            common = it.key();
        }
    }
    return common;
}

// The contrast of the strongest pixel against the background of what the widget painted: the
// core of the glyphs, whatever colour they were given (the palette's or a hard-coded one).
double paintedContrast(const QImage &image)
{
    const QColor background = QColor::fromRgb(mostCommonColour(image));
    double best = 1;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            best = std::max(best, contrastRatio(QColor::fromRgb(image.pixel(x, y)), background));
    }
    return best;
}

double paintedContrast(QWidget *widget)
{
    return paintedContrast(widget->grab().toImage().convertToFormat(QImage::Format_RGB32));
}

QString describe(const QWidget *widget, double contrast)
{
    const auto *label = qobject_cast<const QLabel *>(widget);
    return QStringLiteral("%1 \"%2\": contrast %3")
        .arg(widget->objectName(), label ? label->text() : QString())
        .arg(contrast, 0, 'f', 2);
}

// The models paint no colours of their own, so the views draw with the palette.
bool modelSetsColours(const QAbstractItemModel *model)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            const QModelIndex index = model->index(row, column);
            if (index.data(Qt::ForegroundRole).isValid() ||
                index.data(Qt::BackgroundRole).isValid())
                return true;
        }
    }
    return false;
}

} // namespace

class tst_PaletteContrast : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanupTestCase();
    void serverTextReadsOnThePalette_data();
    void serverTextReadsOnThePalette();
    void clientTextReadsOnThePalette_data();
    void clientTextReadsOnThePalette();
    void markedByteReadsOnTheSelectionColour_data();
    void markedByteReadsOnTheSelectionColour();
    void roundTripChartReadsOnThePalette_data();
    void roundTripChartReadsOnThePalette();
    void placeholderTextIsMadeReadable_data();
    void placeholderTextIsMadeReadable();
    void contrastRatioFollowsWcag();
};

namespace {

void addPaletteRows()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << QApplication::style()->standardPalette();
    QTest::newRow("dark") << breezeDark();
}

} // namespace

void tst_PaletteContrast::init()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
}

void tst_PaletteContrast::cleanupTestCase()
{
    QApplication::setPalette(QApplication::style()->standardPalette());
}

void tst_PaletteContrast::serverTextReadsOnThePalette_data()
{
    addPaletteRows();
}

void tst_PaletteContrast::serverTextReadsOnThePalette()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    EchoServer occupying;
    QVERIFY(occupying.start(QHostAddress::LocalHost, 0));

    ServerWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    auto *count = window.findChild<QLabel *>(QStringLiteral("clientCountLabel"));
    auto *port = window.findChild<QSpinBox *>(QStringLiteral("portSpin"));
    auto *listen = window.findChild<QPushButton *>(QStringLiteral("listenButton"));
    QVERIFY(status && count && port && listen);
    for (QWidget *label : { static_cast<QWidget *>(status), static_cast<QWidget *>(count) }) {
        const double contrast = paintedContrast(label);
        QVERIFY2(contrast >= textContrast, qPrintable(describe(label, contrast)));
    }

    // An error (the port is taken) is bold and has an icon; its text still reads.
    port->setValue(occupying.port());
    QTest::mouseClick(listen, Qt::LeftButton);
    QTRY_VERIFY(status->font().bold());
    const double errorContrast = paintedContrast(status);
    QVERIFY2(errorContrast >= textContrast, qPrintable(describe(status, errorContrast)));

    // The client table and the log, with a client in one and lines in the other, draw with the
    // palette's text on its bases: their models set no colours.
    port->setMinimum(0);
    port->setValue(0);
    QTest::mouseClick(listen, Qt::LeftButton);
    const auto listening =
        QRegularExpression(QStringLiteral(":(\\d+) \\(TCP and UDP\\)$")).match(status->text());
    QVERIFY2(listening.hasMatch(), qPrintable(status->text()));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, quint16(listening.captured(1).toUInt()));
    QVERIFY(client.waitForConnected());
    for (const QString &name : { QStringLiteral("clientTable"), QStringLiteral("logView") }) {
        const auto *view = window.findChild<QAbstractItemView *>(name);
        QVERIFY2(view, qPrintable(name));
        QTRY_VERIFY2(view->model()->rowCount() > 0, qPrintable(name));
        QVERIFY2(!modelSetsColours(view->model()), qPrintable(name));
        const QPalette used = view->palette();
        QVERIFY(
            contrastRatio(used.color(QPalette::Text), used.color(QPalette::Base)) >= textContrast);
        QVERIFY(contrastRatio(used.color(QPalette::Text), used.color(QPalette::AlternateBase)) >=
            textContrast);
    }
}

void tst_PaletteContrast::clientTextReadsOnThePalette_data()
{
    addPaletteRows();
}

void tst_PaletteContrast::clientTextReadsOnThePalette()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    ClientWindow window({}, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList names = { QStringLiteral("statusLabel"), QStringLiteral("echoCheckLabel"),
        QStringLiteral("rttLabel"), QStringLiteral("countersLabel") };
    for (const QString &name : names) {
        auto *label = window.findChild<QLabel *>(name);
        QVERIFY2(label, qPrintable(name));
        QVERIFY2(!label->text().isEmpty(), qPrintable(name));
        const double contrast = paintedContrast(label);
        QVERIFY2(contrast >= textContrast, qPrintable(describe(label, contrast)));
    }

    // An error: bold, with an icon, and still readable.
    auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    window.findChild<QLineEdit *>(QStringLiteral("hostEdit"))->clear();
    QTest::mouseClick(
        window.findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QTRY_VERIFY(status->font().bold());
    const double contrast = paintedContrast(status);
    QVERIFY2(contrast >= textContrast, qPrintable(describe(status, contrast)));
}

void tst_PaletteContrast::markedByteReadsOnTheSelectionColour_data()
{
    addPaletteRows();
}

void tst_PaletteContrast::markedByteReadsOnTheSelectionColour()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    EchoView view;
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.markByte(3);
    view.appendBytes(QByteArrayLiteral("helXo world"));
    QTRY_COMPARE(view.markedText(), QStringLiteral("X"));

    const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb highlight = palette.color(QPalette::Highlight).rgb();
    QRect marked;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixel(x, y) == highlight)
                marked |= QRect(x, y, 1, 1);
        }
    }
    QVERIFY2(
        marked.width() > 3 && marked.height() > 5, "the mark is not drawn in the selection colour");
    const double contrast = paintedContrast(image.copy(marked));
    QVERIFY2(contrast >= textContrast, qPrintable(QString::number(contrast)));
}

void tst_PaletteContrast::roundTripChartReadsOnThePalette_data()
{
    addPaletteRows();
}

void tst_PaletteContrast::roundTripChartReadsOnThePalette()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(palette);
    RttChart chart;
    chart.resize(400, 100);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    // Before any round trip: a message, which must read like text.
    const double emptyContrast = paintedContrast(&chart);
    QVERIFY2(emptyContrast >= textContrast, qPrintable(QString::number(emptyContrast)));

    QList<qint64> samples;
    // All alike, so that every bar is solid and none is cut off the scale and hatched.
    for (int i = 0; i < 100; ++i)
        samples.append(50'000);
    chart.setSamples(samples);
    const QImage image = chart.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const int captionHeight = chart.fontMetrics().height() + 1;
    const double captionContrast =
        paintedContrast(image.copy(0, 0, image.width() / 2, captionHeight));
    QVERIFY2(captionContrast >= textContrast, qPrintable(QString::number(captionContrast)));
    // The newest bar, at the right, against the plot's background at the left.
    const QColor bar = QColor::fromRgb(image.pixel(image.width() - 4, image.height() - 4));
    const QColor background = QColor::fromRgb(image.pixel(4, image.height() - 4));
    QVERIFY(bar != background);
    QVERIFY2(contrastRatio(bar, background) >= graphicsContrast,
        qPrintable(QString::number(contrastRatio(bar, background))));
}

void tst_PaletteContrast::placeholderTextIsMadeReadable_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("Qt's light") << QApplication::style()->standardPalette();
    QTest::newRow("Breeze Dark") << breezeDark();
    // What Qt 6.4's KDE platform theme gives from a Breeze Dark kdeglobals: Qt's default
    // placeholder, half-transparent black.
    QPalette kdeDark = breezeDark();
    kdeDark.setColor(QPalette::PlaceholderText, QColor(0, 0, 0, 128));
    QTest::newRow("Qt 6.4 KDE theme, dark") << kdeDark;
}

void tst_PaletteContrast::placeholderTextIsMadeReadable()
{
    QFETCH(QPalette, palette);
    QApplication::setPalette(withReadablePlaceholder(palette));
    QLineEdit edit;
    edit.setPlaceholderText(QStringLiteral("Filter by client or text"));
    edit.resize(300, edit.sizeHint().height());
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));
    const QImage image = edit.grab().toImage().convertToFormat(QImage::Format_RGB32);
    // Inside the frame, where the placeholder is drawn on the base.
    const QRect inside = image.rect().adjusted(4, 3, -4, -3);
    const double contrast = paintedContrast(image.copy(inside));
    QVERIFY2(contrast >= textContrast, qPrintable(QString::number(contrast)));
    // Still a placeholder: fainter than typed text.
    const QPalette used = QApplication::palette();
    QVERIFY(contrastRatio(used.color(QPalette::PlaceholderText), used.color(QPalette::Base)) <
        contrastRatio(used.color(QPalette::Text), used.color(QPalette::Base)));
}

void tst_PaletteContrast::contrastRatioFollowsWcag()
{
    QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white) * 10), 210);
    QCOMPARE(contrastRatio(Qt::gray, Qt::gray), 1.0);
    // #767676 on white is the lightest grey that passes 4.5.
    QVERIFY(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
    QVERIFY(contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
    QCOMPARE(readableOn(QColor(0x3d, 0xae, 0xe9), QColor(0xfc, 0xfc, 0xfc)), QColor(Qt::black));
    QCOMPARE(readableOn(Qt::white, Qt::black), QColor(Qt::black));
}

QTEST_MAIN(tst_PaletteContrast)
#include "tst_palettecontrast.moc"
