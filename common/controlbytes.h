#pragma once

#include <QByteArray>
#include <QString>
#include <QStringDecoder>

// Turning received bytes into text a person can read: control bytes become the visible Unicode
// "control pictures" (NUL shows as ␀, not as nothing), invalid UTF-8 becomes U+FFFD.

enum class LineBreaks {
    Keep, // '\n' stays a line break (multi-line views)
    Show, // '\n' shows as ␊ (one-line log previews)
};

QString formatControlBytes(QStringView text, LineBreaks lineBreaks = LineBreaks::Keep);

// How many bytes a preview gathers: a little more than it shows, so that it can be cut on a
// character boundary.
constexpr qsizetype previewCaptureBytes = 36;

// Adds bytes to a preview being gathered, up to previewCaptureBytes. `truncated` becomes true
// once something did not fit, or when `alreadyCut` says these bytes were themselves cut.
void capturePreview(
    QByteArray &preview, bool &truncated, QByteArrayView bytes, bool alreadyCut = false);

// A one-line preview of at most maxBytes bytes, cut on a character boundary, "…" when cut.
QString previewBytes(QByteArrayView bytes, bool truncated = false, qsizetype maxBytes = 32);

// Stateful decoding of a byte stream that arrives in pieces: a UTF-8 character split across two
// reads still shows as one character.
class StreamTextDecoder final
{
public:
    QString decode(QByteArrayView bytes);
    void reset();

private:
    QStringDecoder m_decoder { QStringDecoder::Utf8 };
};
