#pragma once

#include <QByteArray>
#include <QString>
#include <QStringDecoder>

// Turning received bytes into text a person can read, never text that acts: C0 control bytes
// become the visible Unicode "control pictures" (NUL shows as ␀, not as nothing); C1 controls
// (U+0080–U+009F), Unicode direction controls (U+061C, U+200E/F, U+202A–E, U+2066–9) and the line
// and paragraph separators (U+2028/9) show as their code point in brackets, "⟨U+202E⟩", so a peer
// cannot reverse or break the line they appear in; invalid UTF-8 becomes U+FFFD. Every network
// byte that reaches a label, a log line or a log file goes through here.

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
    // `firstLength`, when given, receives how long the first character decoded from these bytes
    // is once made visible (so that a view can mark it whole), 0 when none was completed.
    QString decode(QByteArrayView bytes, qsizetype *firstLength = nullptr);
    void reset();

private:
    QStringDecoder m_decoder { QStringDecoder::Utf8 };
};
