#include "controlbytes.h"

namespace {

constexpr char16_t controlPicturesBase = 0x2400; // ␀ is U+2400, ␁ U+2401, …
constexpr char16_t deletePicture = 0x2421; // ␡

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
        if (u == u'\n' && lineBreaks == LineBreaks::Keep)
            out.append(c);
        else if (u < 0x20)
            out.append(QChar(char16_t(controlPicturesBase + u)));
        else if (u == 0x7F)
            out.append(QChar(deletePicture));
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

QString StreamTextDecoder::decode(QByteArrayView bytes)
{
    const QString text = m_decoder.decode(bytes);
    return formatControlBytes(text);
}

void StreamTextDecoder::reset()
{
    m_decoder.resetState();
}
