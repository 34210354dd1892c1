#pragma once

#include <QByteArray>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <unistd.h>

// Where the headless console's lines go: a descriptor (stdout) written by a thread of its own, so
// that a terminal on hold, a pipe nobody reads or a slow pager never holds up the echo engine.
// Lines wait in a bounded queue and go out whole, in order; when the queue is full they are
// dropped whole and counted, and once everything queued has been written one line (worded by the
// owner) says how many. The descriptor stays blocking: O_NONBLOCK would be set on what the shell
// and every process sharing the terminal write to.
class ConsoleOutput final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleOutput)

public:
    // About 2,500 lines: minutes of what a coalescing console says, on top of the 64 KiB a pipe
    // holds. The thread may hold as much again while it writes.
    static constexpr qsizetype defaultCapacity = 256 * 1024;
    // How long closing waits for the queue to be written (the totals are the last line).
    static constexpr std::chrono::milliseconds closingWait { 2000 };

    explicit ConsoleOutput(int fd = STDOUT_FILENO, QObject *parent = nullptr);
    // Waits up to closingWait for the queue to be written; a descriptor that takes nothing more
    // is left to the thread, which the end of the process ends.
    ~ConsoleOutput() override;

    // Bytes of lines that may wait to be written.
    void setCapacity(qsizetype bytes);
    // The line, with its line break, that says how many lines were dropped.
    void setDropNote(std::function<QByteArray(qint64 dropped)> note);

    // One whole line with its line break; the thread writes it after the next flush().
    void append(const QByteArray &line);
    void flush();
    // flush(), then waits at most `timeout` for everything queued to be written.
    bool waitForWritten(std::chrono::milliseconds timeout);

    // Lines dropped since the start, said or not yet.
    qint64 droppedLines() const { return m_droppedTotal; }

private:
    struct Shared;
    static void writeLines(int fd, const std::shared_ptr<Shared> &shared);
    // On the owner's thread, once the queue is written out after lines were dropped.
    void resume();
    void enqueue(const QByteArray &line);

    std::shared_ptr<Shared> m_shared;
    std::thread m_thread;
    qsizetype m_capacity = defaultCapacity;
    std::function<QByteArray(qint64)> m_dropNote;
    bool m_dropping = false; // until the queue is written out
    qint64 m_droppedInSpell = 0;
    qint64 m_droppedTotal = 0;
};
