#pragma once

#include "controlbytes.h"

#include <QMap>
#include <QTextCharFormat>
#include <QTimer>
#include <QWidget>

#include <chrono>
#include <deque>

class QPlainTextEdit;
class QTextCursor;

// Bytes of one direction of a connection, as text (decoded across reads, control bytes made
// visible) or as hex (offset, bytes, ASCII). Updated at most ~30 times a second whatever the
// traffic, and bounded: the oldest text goes, and only the newest bytes are kept for switching
// modes and saving. A few bytes can be marked (where an echo first differed; over UDP, the first
// lost, duplicated, reordered and corrupted datagrams). In datagram mode every other datagram is
// shaded, so that where one ends and the next begins shows in both text and hex.
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
    // Each shaded datagram is a piece of text of its own: a flood of tiny ones is shown over
    // several flushes rather than in one slow one.
    static constexpr qsizetype piecesPerFlush = 2048;
    // Datagram boundaries remembered for shading (the oldest shown bytes lose theirs first).
    static constexpr qsizetype rememberedDatagrams = 64 * 1024;
    static constexpr qsizetype maximumMarks = 8;

    explicit EchoView(QWidget *parent = nullptr);

    // One read of the stream, or, in datagram mode, one datagram.
    void appendBytes(const QByteArray &bytes);
    // Whether each appendBytes() is a datagram whose boundaries are shown.
    void setDatagrams(bool on);
    bool showsDatagrams() const { return m_datagrams; }
    // Whether the byte at `offset` of the stream is in a shaded (odd-numbered) datagram.
    bool isShaded(qint64 offset) const;
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

    // Marks the byte at `offset` of the stream (counted from startNewStream()) when it is shown;
    // up to maximumMarks marks are kept.
    void markByte(qint64 offset);
    // The text shown for the first marked byte, once shown; empty before.
    QString markedText() const;
    // The text shown for each marked byte shown so far, in stream order.
    QStringList markedTexts() const { return m_markedTexts.values(); }

    // Writes the kept bytes (the newest keptBytes), exactly as they arrived.
    bool saveBytes(const QString &path, QString *error) const;
    qsizetype savedByteCount() const { return m_history.size(); }

    void setMaximumCharacters(qsizetype count);
    qsizetype maximumCharacters() const { return m_maximumCharacters; }

protected:
    void changeEvent(QEvent *event) override;

private:
    // A piece of the text waiting to be shown, all in one format.
    struct Piece
    {
        qsizetype length = 0;
        bool shaded = false;
        qint64 mark = -1; // the stream offset of the marked byte it shows, or -1
    };

    bool isMarked(qint64 offset) const { return m_markOffsets.contains(offset); }
    void appendPiece(const QString &text, bool shaded, qint64 mark = -1);
    void dropPendingFront(qsizetype count);
    const QTextCharFormat &formatFor(bool shaded, bool marked) const;
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
    // m_pending cut into pieces of one format each; their lengths add up to its size.
    std::deque<Piece> m_pieces;
    qsizetype m_skippedCharacters = 0;
    qsizetype m_maximumCharacters = defaultMaximumCharacters;

    QByteArray m_pendingBytes; // hex mode
    qint64 m_pendingBytesOffset = 0;
    QByteArray m_hexRow; // the partly filled last row, already shown
    qint64 m_hexRowOffset = 0;
    qint64 m_skippedBytes = 0;

    QByteArray m_history;
    qint64 m_streamOffset = 0; // bytes appended since the stream started
    QList<qint64> m_markOffsets;
    QMap<qint64, QString> m_markedTexts; // by stream offset
    QTextCharFormat m_markFormat;
    QTextCharFormat m_shadeFormat;
    QTextCharFormat m_plainFormat;
    bool m_datagrams = false;
    // Where the newest datagrams start in the stream; the first is datagram m_firstDatagram.
    std::deque<qint64> m_datagramStarts;
    qint64 m_firstDatagram = 0;
};
