#include "contrast.h"

#include <QPalette>

#include <cmath>

namespace {

constexpr double minimumTextContrast = 4.5;

double relativeLuminance(const QColor &colour)
{
    const auto linear = [](float channel) {
        return channel <= 0.04045f ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) +
        0.0722 * linear(rgb.blueF());
}

// What a translucent colour looks like painted over an opaque one.
QColor over(const QColor &top, const QColor &bottom)
{
    const float alpha = top.alphaF();
    return QColor::fromRgbF(top.redF() * alpha + bottom.redF() * (1 - alpha),
        top.greenF() * alpha + bottom.greenF() * (1 - alpha),
        top.blueF() * alpha + bottom.blueF() * (1 - alpha));
}

} // namespace

double contrastRatio(const QColor &first, const QColor &second)
{
    const double a = relativeLuminance(first);
    const double b = relativeLuminance(second);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

QColor readableOn(const QColor &background, const QColor &preferred)
{
    if (contrastRatio(background, preferred) >= minimumTextContrast)
        return preferred;
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    return contrastRatio(background, black) >= contrastRatio(background, white) ? black : white;
}

QPalette withReadablePlaceholder(QPalette palette)
{
    for (const auto group : { QPalette::Active, QPalette::Inactive }) {
        const QColor base = palette.color(group, QPalette::Base);
        if (contrastRatio(over(palette.color(group, QPalette::PlaceholderText), base), base) >=
            minimumTextContrast)
            continue;
        // The text colour faded towards the base, as little as it takes to still read.
        const QColor text = palette.color(group, QPalette::Text);
        QColor placeholder = text;
        for (int alpha = 128; alpha <= 255; alpha += 8) {
            placeholder = QColor(text.red(), text.green(), text.blue(), std::min(alpha, 255));
            if (contrastRatio(over(placeholder, base), base) >= minimumTextContrast)
                break;
        }
        palette.setColor(group, QPalette::PlaceholderText, over(placeholder, base));
    }
    return palette;
}
