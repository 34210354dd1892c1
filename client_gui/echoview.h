#pragma once

#include "controlbytes.h"

#include <QTextCharFormat>
#include <QTimer>
#include <QWidget>

#include <chrono>

class QPlainTextEdit;
class QTextCursor;

// Bytes of one direction of a connection, as text (decoded across reads, control bytes made
// visible) or as hex (offset, bytes, ASCII). Updated at most ~30 times a second whatever the
// traffic, and bounded: the oldest text goes, and only the newest bytes are kept for switching
// modes and saving. One byte can be marked (where an echo first differed).
class EchoView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoView)

public:
    enum class Mode { Text, Hex };
    Q_ENUM(Mode)

    static constexpr qsizetype defaultMaximumCharacters = 1024 * 1024;
    static constexpr std::chrono::milliseconds flushInterval { 33 };
    // Per flush, so that one flush stays far below a frame's worth of work; a backlog is shown
    // over the next flushes, and text that cannot be shown in time is skipped (and says so).
    static constexpr qsizetype charactersPerFlush = 64 * 1024;
    static constexpr qsizetype hexBytesPerFlush = 16 * 1024;
    static constexpr int hexBytesPerRow = 16;
    // The newest bytes kept, for re-showing them in the other mode and for saving.
    static constexpr qsizetype keptBytes = 1024 * 1024;
    // Enough rows for the newest 1 MiB in hex (plus a header and a partial row); text is bounded
    // by characters well before this.
    static constexpr int maximumBlocks = int(keptBytes / hexBytesPerRow) + 2;
    // Laying out a paragraph costs its whole length on every append, so a stream without line
    // breaks is shown in pieces of this length (plainText() joins them again).
    static constexpr int maximumBlockLength = 4096;

    explicit EchoView(QWidget *parent = nullptr);

    void appendBytes(const QByteArray &bytes);
    // The text shown, lines separated by '\n'; bytes not yet flushed are not included.
    QString plainText() const;
    // The selected text, or all of it when nothing is selected.
    QString selectedOrAllText() const;
    // Clears what is shown; a character split across the clear still decodes as one.
    void clear();
    // Clears, and forgets any half character and any mark: the next bytes start a new stream.
    void startNewStream();

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    // Marks the byte at `offset` of the stream (counted from startNewStream()) when it is shown.
    void markByte(qint64 offset);
    // The text shown for the marked byte, once shown; empty before.
    QString markedText() const;

    // Writes the kept bytes (the newest keptBytes), exactly as they arrived.
    bool saveBytes(const QString &path, QString *error) const;
    qsizetype savedByteCount() const { return m_history.size(); }

    void setMaximumCharacters(qsizetype count);
    qsizetype maximumCharacters() const { return m_maximumCharacters; }

protected:
    void changeEvent(QEvent *event) override;

private:
    // Decodes (or, in hex, keeps) the bytes for the next flush; `streamOffset` is the first's.
    void queueForDisplay(const QByteArray &bytes, qint64 streamOffset);
    void flush();
    void flushText(QTextCursor &cursor);
    void flushHex(QTextCursor &cursor);
    void writeHexRow(QTextCursor &cursor, qint64 offset, QByteArrayView row);
    void insert(QTextCursor &cursor, QStringView text, const QTextCharFormat &format = {});
    void trimToBound();
    void rebuild();
    // Empties the widget and everything waiting to be shown; the kept bytes stay.
    void dropShown();
    void updateMarkFormat();

    QPlainTextEdit *m_text = nullptr;
    QTimer m_flushTimer { this };
    Mode m_mode = Mode::Text;
    StreamTextDecoder m_decoder;
    QString m_pending;
    // Position in m_pending of the marked byte's text, or -1.
    qsizetype m_pendingMark = -1;
    qsizetype m_pendingMarkLength = 0; // as shown: "⟨U+202E⟩" is one character, marked whole
    qsizetype m_skippedCharacters = 0;
    qsizetype m_maximumCharacters = defaultMaximumCharacters;

    QByteArray m_pendingBytes; // hex mode
    qint64 m_pendingBytesOffset = 0;
    QByteArray m_hexRow; // the partly filled last row, already shown
    qint64 m_hexRowOffset = 0;
    qint64 m_skippedBytes = 0;

    QByteArray m_history;
    qint64 m_streamOffset = 0; // bytes appended since the stream started
    qint64 m_markOffset = -1;
    QString m_markedText;
    QTextCharFormat m_markFormat;
};
