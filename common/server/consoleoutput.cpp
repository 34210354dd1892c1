#include "consoleoutput.h"

#include <QMetaObject>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <poll.h>

// What the owner and the thread share; the thread keeps it alive when it outlives its owner.
struct ConsoleOutput::Shared
{
    std::mutex mutex;
    std::condition_variable wake; // the thread: lines to write, or closing
    std::condition_variable written; // the owner: the queue is written out
    QByteArray queue;
    bool flushed = false;
    bool writing = false;
    bool closing = false;
    bool reportWritten = false; // call resume() once the queue is written out
    ConsoleOutput *owner = nullptr;
};

namespace {

// Blocking, as the descriptor is; false when it takes nothing more (a closed pipe, an I/O
// error), and the rest is dropped.
bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t done = ::write(fd, data, size_t(left));
        if (done >= 0) {
            data += done;
            left -= done;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // Someone else made the description non-blocking.
            pollfd writable { fd, POLLOUT, 0 };
            ::poll(&writable, 1, -1);
        } else if (errno != EINTR) {
            return false;
        }
    }
    return true;
}

} // namespace

ConsoleOutput::ConsoleOutput(int fd, QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->owner = this;
    m_thread = std::thread(&ConsoleOutput::writeLines, fd, m_shared);
}

ConsoleOutput::~ConsoleOutput()
{
    const bool written = waitForWritten(closingWait);
    {
        const std::lock_guard lock(m_shared->mutex);
        m_shared->owner = nullptr;
        m_shared->closing = true;
    }
    m_shared->wake.notify_one();
    // A thread still blocked in write() would hold up the exit for as long as nobody reads.
    if (written)
        m_thread.join();
    else
        m_thread.detach();
}

void ConsoleOutput::writeLines(int fd, const std::shared_ptr<Shared> &shared)
{
    bool broken = false;
    std::unique_lock lock(shared->mutex);
    for (;;) {
        shared->wake.wait(lock, [&] { return shared->flushed || shared->closing; });
        if (shared->queue.isEmpty() && shared->closing)
            return;
        QByteArray batch;
        batch.swap(shared->queue);
        shared->flushed = false;
        shared->writing = true;
        lock.unlock();
        if (!broken && !batch.isEmpty())
            broken = !writeAll(fd, batch);
        batch.clear();
        lock.lock();
        shared->writing = false;
        if (shared->queue.isEmpty()) {
            shared->written.notify_all();
            if (shared->reportWritten && shared->owner) {
                shared->reportWritten = false;
                QMetaObject::invokeMethod(
                    shared->owner, [owner = shared->owner] { owner->resume(); },
                    Qt::QueuedConnection);
            }
        }
    }
}

void ConsoleOutput::setCapacity(qsizetype bytes)
{
    m_capacity = bytes;
}

void ConsoleOutput::setDropNote(std::function<QByteArray(qint64)> note)
{
    m_dropNote = std::move(note);
}

void ConsoleOutput::append(const QByteArray &line)
{
    if (m_dropping) {
        ++m_droppedInSpell;
        ++m_droppedTotal;
        return;
    }
    const std::lock_guard lock(m_shared->mutex);
    if (m_shared->queue.size() + line.size() > m_capacity) {
        // Dropped from here until the queue is written out, not in and out line by line.
        m_dropping = true;
        m_droppedInSpell = 1;
        ++m_droppedTotal;
        m_shared->reportWritten = true;
        m_shared->flushed = true; // an empty queue is written out at once
        m_shared->wake.notify_one();
        return;
    }
    m_shared->queue += line;
}

void ConsoleOutput::enqueue(const QByteArray &line)
{
    const std::lock_guard lock(m_shared->mutex);
    m_shared->queue += line;
}

void ConsoleOutput::flush()
{
    {
        const std::lock_guard lock(m_shared->mutex);
        if (m_shared->queue.isEmpty())
            return;
        m_shared->flushed = true;
    }
    m_shared->wake.notify_one();
}

bool ConsoleOutput::waitForWritten(std::chrono::milliseconds timeout)
{
    flush();
    std::unique_lock lock(m_shared->mutex);
    return m_shared->written.wait_for(
        lock, timeout, [this] { return m_shared->queue.isEmpty() && !m_shared->writing; });
}

void ConsoleOutput::resume()
{
    if (!m_dropping)
        return;
    m_dropping = false;
    // Whatever the capacity, the note itself is never dropped.
    if (m_dropNote)
        enqueue(m_dropNote(m_droppedInSpell));
    m_droppedInSpell = 0;
    flush();
}
