#pragma once

#include "echoview.h"

#include <QWidget>

// What was sent and what came back, side by side, each under its own heading: which is which
// never rests on colour.
class StreamViews final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamViews)

public:
    explicit StreamViews(QWidget *parent = nullptr);

    EchoView *sent() const { return m_sent; }
    EchoView *received() const { return m_received; }

    void setMode(EchoView::Mode mode);
    // Whether each piece appended is a datagram whose boundaries both views show.
    void setDatagrams(bool on);
    // Both views start over: offsets, the echo check's mark, a half-decoded character.
    void startNewStream();
    void clear();

private:
    EchoView *m_sent = nullptr;
    EchoView *m_received = nullptr;
};
