#pragma once

#include "controlbytes.h"

#include <QTimer>
#include <QWidget>

#include <chrono>

class QPlainTextEdit;
class QTextCursor;

// What came back from the server, as text: decoded across reads, control bytes made visible,
// updated at most ~30 times a second whatever the traffic, and bounded (the oldest text goes).
class EchoView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoView)

public:
    static constexpr qsizetype defaultMaximumCharacters = 1024 * 1024;
    static constexpr int maximumBlocks = 20000;
    static constexpr std::chrono::milliseconds flushInterval { 33 };
    // Per flush, so that one flush stays far below a frame's worth of work; a backlog is shown
    // over the next flushes, and text that cannot be shown in time is skipped (and says so).
    static constexpr qsizetype charactersPerFlush = 64 * 1024;
    // Laying out a paragraph costs its whole length on every append, so a stream without line
    // breaks is shown in pieces of this length (plainText() joins them again).
    static constexpr int maximumBlockLength = 4096;

    explicit EchoView(QWidget *parent = nullptr);

    void appendBytes(const QByteArray &bytes);
    // The text shown, lines separated by '\n'; bytes not yet flushed are not included.
    QString plainText() const;
    // Clears what is shown; a character split across the clear still decodes as one.
    void clear();
    // Clears, and forgets any half character: the next bytes start a new stream.
    void startNewStream();

    void setMaximumCharacters(qsizetype count);
    qsizetype maximumCharacters() const { return m_maximumCharacters; }

private:
    void flush();
    void insert(QTextCursor &cursor, QStringView text);
    void trimToBound();

    QPlainTextEdit *m_text = nullptr;
    QTimer m_flushTimer { this };
    StreamTextDecoder m_decoder;
    QString m_pending;
    qsizetype m_skippedCharacters = 0;
    qsizetype m_maximumCharacters = defaultMaximumCharacters;
};
