#include "controlbytes.h"

namespace {

constexpr char16_t controlPicturesBase = 0x2400; // ␀ is U+2400, ␁ U+2401, …
constexpr char16_t deletePicture = 0x2421; // ␡

// Characters that would act on the text around them rather than show: shown by code point.
bool isShownByCodePoint(char16_t u)
{
    return (u >= 0x80 && u <= 0x9F) // C1 controls
        || u == 0x061C // Arabic letter mark
        || u == 0x200E || u == 0x200F // left-to-right and right-to-left marks
        || (u >= 0x2028 && u <= 0x202E) // line and paragraph separators, embeddings, overrides
        || (u >= 0x2066 && u <= 0x2069); // isolates
}

void appendCodePointMark(QString &out, char16_t u)
{
    out += QStringLiteral("⟨U+") + QString::number(uint(u), 16).toUpper().rightJustified(4, u'0') +
        QChar(u'⟩');
}

bool isUtf8Continuation(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

} // namespace

QString formatControlBytes(QStringView text, LineBreaks lineBreaks)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u < 0x7F) // most of the time: printable ASCII
            out.append(c);
        else if (u == u'\n' && lineBreaks == LineBreaks::Keep)
            out.append(c);
        else if (u < 0x20)
            out.append(QChar(char16_t(controlPicturesBase + u)));
        else if (u == 0x7F)
            out.append(QChar(deletePicture));
        else if (isShownByCodePoint(u))
            appendCodePointMark(out, u);
        else
            out.append(c);
    }
    return out;
}

void capturePreview(QByteArray &preview, bool &truncated, QByteArrayView bytes, bool alreadyCut)
{
    if (truncated)
        return;
    const qsizetype room = previewCaptureBytes - preview.size();
    if (room > 0)
        preview.append(bytes.first(qMin(room, bytes.size())));
    if (bytes.size() > room || alreadyCut)
        truncated = true;
}

QString previewBytes(QByteArrayView bytes, bool truncated, qsizetype maxBytes)
{
    if (bytes.size() > maxBytes) {
        qsizetype cut = maxBytes;
        // Step back over at most three continuation bytes so no character is cut in half.
        for (int i = 0; i < 3 && cut > 0 && isUtf8Continuation(bytes[cut]); ++i)
            --cut;
        bytes = bytes.first(cut);
        truncated = true;
    }
    QString text = formatControlBytes(QString::fromUtf8(bytes), LineBreaks::Show);
    if (truncated)
        text.append(u'…');
    return text;
}

QString StreamTextDecoder::decode(QByteArrayView bytes, qsizetype *firstLength)
{
    const QString text = m_decoder.decode(bytes);
    if (firstLength) {
        const qsizetype first = text.isEmpty() ? 0 : (text.at(0).isHighSurrogate() ? 2 : 1);
        *firstLength = formatControlBytes(QStringView(text).first(qMin(first, text.size()))).size();
    }
    return formatControlBytes(text);
}

void StreamTextDecoder::reset()
{
    m_decoder.resetState();
}
