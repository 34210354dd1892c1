#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Two connected descriptors. TCP on loopback, for urgent data (the exception notifier); a Unix
// socketpair otherwise, whose writes are in the peer's queue when write() returns.
class SocketPair
{
    Q_DISABLE_COPY_MOVE(SocketPair)

public:
    enum Kind { Unix, LoopbackTcp };

    explicit SocketPair(Kind kind = Unix)
    {
        if (kind == Unix) {
            int fds[2];
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
                near = fds[0];
                far = fds[1];
            }
            return;
        }
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto *raw = reinterpret_cast<sockaddr *>(&address);
        if (listener >= 0 && ::bind(listener, raw, sizeof address) == 0 &&
            ::listen(listener, 1) == 0 && ::getsockname(listener, raw, &length) == 0) {
            far = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (far >= 0 && ::connect(far, raw, sizeof address) == 0)
                near = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        }
        if (listener >= 0)
            ::close(listener);
    }
    ~SocketPair()
    {
        closeNear();
        if (far >= 0)
            ::close(far);
    }

    bool isOpen() const { return near >= 0 && far >= 0; }
    void closeNear()
    {
        if (near >= 0)
            ::close(near);
        near = -1;
    }
    bool sendToNear(int flags = 0) const { return ::send(far, "x", 1, flags) == 1; }
    bool readNear() const
    {
        char byte;
        return ::recv(near, &byte, 1, 0) == 1;
    }

    int near = -1; // the end the notifiers watch
    int far = -1;
};

bool kernelSaysReady(int fd, short events)
{
    pollfd p { fd, events, 0 };
    return ::poll(&p, 1, 0) == 1 && (p.revents & events);
}

// Enough rounds for a notifier or timer that should fire to have fired: each processEvents()
// without waiting reports every descriptor that is ready and every timer that is due.
void runRounds(int rounds = 5)
{
    for (int i = 0; i < rounds; ++i)
        QCoreApplication::processEvents();
}

QAbstractEventDispatcher *dispatcher()
{
    return QAbstractEventDispatcher::instance();
}

// How many waits it takes until a timer fires: 1 when nothing else keeps the loop awake (a
// disabled notifier whose descriptor epoll still watches would, at every wait).
int waitsUntilTimer(std::chrono::milliseconds interval)
{
    QObject context;
    bool fired = false;
    QTimer::singleShot(interval, Qt::PreciseTimer, &context, [&] { fired = true; });
    int waits = 0;
    while (!fired && waits < 1000) {
        ++waits;
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
    }
    return waits;
}

class TimerObject : public QObject
{
public:
    std::function<void(int id)> onTimer;
    QList<int> fired;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        fired.append(event->timerId());
        if (onTimer)
            onTimer(event->timerId());
    }
};

class EventCounter : public QObject
{
public:
    int count = 0;
    bool repost = false;

protected:
    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::User)
            return QObject::event(event);
        ++count;
        if (repost)
            QCoreApplication::postEvent(this, new QEvent(QEvent::User));
        return true;
    }
};

class AtomicEventCounter : public QObject
{
public:
    std::atomic<int> count { 0 };

protected:
    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::User)
            return QObject::event(event);
        ++count;
        return true;
    }
};

// Fails the test instead of hanging it when an expected wake-up never comes.
class Guard
{
public:
    explicit Guard(std::chrono::milliseconds timeout = 5s)
    {
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { m_expired = true; });
        m_timer.start(timeout);
    }
    bool expired() const { return m_expired; }
    template<typename Functor> void whenExpired(QObject *context, Functor functor)
    {
        QObject::connect(&m_timer, &QTimer::timeout, context, functor);
    }

private:
    QTimer m_timer;
    bool m_expired = false;
};

EpollEventDispatcher *epoll()
{
    return EpollEventDispatcher::currentThreads();
}

// A direct handler that counts its calls and then does what a test asks.
class CountingHandler final : public EpollEventDispatcher::DirectHandler
{
public:
    int calls = 0;
    int lastDescriptor = -1;
    std::function<void()> then;

    void descriptorReady(int descriptor) override
    {
        ++calls;
        lastDescriptor = descriptor;
        if (then)
            then();
    }
};

} // namespace

class tst_EpollEventDispatcher : public QObject
{
    Q_OBJECT

public:
    enum class Type { Read, Write, Exception };
    enum class Change { DeleteOther, DisableOther, DeleteItself, DisableItself };
    enum class Neighbour { Delete, Disable, Replace };
    enum class Kill { Itself, TheOther, TheOtherAndStartOne, ItselfAndStartOne };
    enum class Waker { WakeUp, PostEvent, Interrupt };
    enum class Quit { FromTimer, FromNotifier, FromPostedEvent, Nested };
    enum class HangUp { PipeWriterClosed, PipeReaderClosed };
    enum class HandlerChange { UnregistersItself, UnregistersTheOther, ReplacesTheOther };

private slots:
    void initTestCase();
    void cleanup();

    void notifierFiresOnlyWhileEnabled_data();
    void notifierFiresOnlyWhileEnabled();
    void readNotifierFiresAgainUntilTheDataIsRead();
    void notifiersOnOneDescriptorFireIndependently_data();
    void notifiersOnOneDescriptorFireIndependently();
    void notifierChangedBySiblingOrItselfMidBatch_data();
    void notifierChangedBySiblingOrItselfMidBatch();
    void notifierChangedByAnotherDescriptorsMidBatch_data();
    void notifierChangedByAnotherDescriptorsMidBatch();
    void descriptorClosedWhileRegistered();
    void forgottenDescriptorIsClosedFromInsideItsOwnActivation();
    void regularFileIsAlwaysReady();
    void hangUpOrErrorWakesTheNotifier_data();
    void hangUpOrErrorWakesTheNotifier();

    void directHandlerIsCalledWhileReadableUntilUnregistered();
    void directHandlerAndNotifiersOnOneDescriptorAreIndependent();
    void directHandlerChangedMidBatch_data();
    void directHandlerChangedMidBatch();
    void hangUpCallsTheDirectHandler();
    void secondDirectHandlerReplacesTheFirst();
    void forgottenDescriptorTakesItsDirectHandlerAlong();
    void excludedNotifiersHoldDirectHandlersBackToo();
    void currentThreadsIsOnlyAnEpollDispatcher();

    void timerFiresNoEarlierThanItsInterval_data();
    void timerFiresNoEarlierThanItsInterval();
    void repeatingTimerKeepsItsPace();
    void lateTimerDoesNotBurstToCatchUp();
    void zeroTimerFiresOncePerRound();
    void singleShotTimerFiresOnce();
    void timerKilledFromATimerEvent_data();
    void timerKilledFromATimerEvent();
    void timerIsNotReenteredFromANestedLoop();
    void remainingTimeCountsDown();
    void registeredTimersListsAnObjectsTimers();

    void postedEventsAndDeleteLaterAreDelivered();
    void eventPostedFromAnEventWaitsForTheNextRound();
    void otherThreadEndsTheWait_data();
    void otherThreadEndsTheWait();
    void manyWakeUpsAreOneAndTheNextStillWorks();
    void interruptFromInsideKeepsTheLoopFromBlocking();

    void eventLoopQuits_data();
    void eventLoopQuits();
    void workerThreadRunsOnItAndExits_data();
    void workerThreadRunsOnItAndExits();
    void eventPostedBeforeTheThreadStartsIsDelivered();
    void processEventsWithoutWaitingReturnsAtOnce();
    void processEventsWaitsForMoreEvents();
    void excludedNotifiersWaitTheirTurn();
};

void tst_EpollEventDispatcher::initTestCase()
{
    QVERIFY2(qobject_cast<EpollEventDispatcher *>(dispatcher()),
        "the test thread must run on the dispatcher under test");
}

void tst_EpollEventDispatcher::cleanup()
{
    // Nothing of one test may wake the next: deferred deletes and posted events go now.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
}

void tst_EpollEventDispatcher::notifierFiresOnlyWhileEnabled_data()
{
    QTest::addColumn<Type>("type");
    QTest::newRow("read") << Type::Read;
    QTest::newRow("write") << Type::Write;
    QTest::newRow("exception (urgent data)") << Type::Exception;
}

void tst_EpollEventDispatcher::notifierFiresOnlyWhileEnabled()
{
    QFETCH(Type, type);
    SocketPair pair(SocketPair::LoopbackTcp);
    QVERIFY(pair.isOpen());
    QSocketNotifier notifier(pair.near, QSocketNotifier::Type(type));
    notifier.setEnabled(false);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });

    if (type == Type::Read)
        QVERIFY(pair.sendToNear());
    if (type == Type::Exception)
        QVERIFY(pair.sendToNear(MSG_OOB));
    const short event = type == Type::Read ? POLLIN : type == Type::Write ? POLLOUT : POLLPRI;
    QTRY_VERIFY(kernelSaysReady(pair.near, event));

    runRounds();
    QCOMPARE(activations, 0);
    notifier.setEnabled(true);
    QTRY_VERIFY(activations > 0);
    notifier.setEnabled(false);
    const int before = activations;
    runRounds();
    QCOMPARE(activations, before);
    QVERIFY(waitsUntilTimer(10ms) <= 2);
}

void tst_EpollEventDispatcher::readNotifierFiresAgainUntilTheDataIsRead()
{
    // Level-triggered, as QSocketNotifier promises: the echo sessions read at most 16 times per
    // activation and count on being called again for the rest.
    SocketPair pair;
    QVERIFY(pair.isOpen());
    QSocketNotifier notifier(pair.near, QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
    QVERIFY(pair.sendToNear());
    QVERIFY(pair.sendToNear());

    QCoreApplication::processEvents();
    QCOMPARE(activations, 1);
    QCoreApplication::processEvents();
    QCOMPARE(activations, 2);
    QVERIFY(pair.readNear());
    QCoreApplication::processEvents();
    QCOMPARE(activations, 3);
    QVERIFY(pair.readNear());
    runRounds();
    QCOMPARE(activations, 3);
}

void tst_EpollEventDispatcher::notifiersOnOneDescriptorFireIndependently_data()
{
    QTest::addColumn<bool>("readEnabled");
    QTest::addColumn<bool>("writeEnabled");
    QTest::addColumn<bool>("exceptionEnabled");
    QTest::newRow("read and write") << true << true << false;
    QTest::newRow("read, write disabled") << true << false << false;
    QTest::newRow("write, read disabled") << false << true << false;
    QTest::newRow("all three") << true << true << true;
    QTest::newRow("exception only") << false << false << true;
    QTest::newRow("none") << false << false << false;
}

void tst_EpollEventDispatcher::notifiersOnOneDescriptorFireIndependently()
{
    QFETCH(bool, readEnabled);
    QFETCH(bool, writeEnabled);
    QFETCH(bool, exceptionEnabled);
    SocketPair pair(SocketPair::LoopbackTcp);
    QVERIFY(pair.isOpen());
    // All three enabled first, then some switched off: the descriptor's one epoll registration
    // must follow each change without losing the others.
    QSocketNotifier read(pair.near, QSocketNotifier::Read);
    QSocketNotifier write(pair.near, QSocketNotifier::Write);
    QSocketNotifier exception(pair.near, QSocketNotifier::Exception);
    std::array<int, 3> activations {};
    connect(&read, &QSocketNotifier::activated, this, [&] { ++activations[0]; });
    connect(&write, &QSocketNotifier::activated, this, [&] { ++activations[1]; });
    connect(&exception, &QSocketNotifier::activated, this, [&] { ++activations[2]; });
    read.setEnabled(readEnabled);
    write.setEnabled(writeEnabled);
    exception.setEnabled(exceptionEnabled);

    QVERIFY(pair.sendToNear());
    QVERIFY(pair.sendToNear(MSG_OOB));
    QTRY_VERIFY(kernelSaysReady(pair.near, POLLIN) && kernelSaysReady(pair.near, POLLPRI));
    runRounds();
    QCOMPARE(activations[0] > 0, readEnabled);
    QCOMPARE(activations[1] > 0, writeEnabled);
    QCOMPARE(activations[2] > 0, exceptionEnabled);
    if (!readEnabled && !writeEnabled && !exceptionEnabled)
        QVERIFY(waitsUntilTimer(10ms) <= 2);
}

void tst_EpollEventDispatcher::notifierChangedBySiblingOrItselfMidBatch_data()
{
    // The read notifier is activated first, then the write notifier of the same descriptor,
    // in one wake-up; the read notifier's slot changes one of them.
    QTest::addColumn<Change>("change");
    QTest::addColumn<int>("readFirst");
    QTest::addColumn<int>("writeFirst");
    QTest::addColumn<int>("readSecond");
    QTest::addColumn<int>("writeSecond");
    QTest::newRow("read deletes write") << Change::DeleteOther << 1 << 0 << 2 << 0;
    QTest::newRow("read disables write") << Change::DisableOther << 1 << 0 << 2 << 0;
    QTest::newRow("read deletes itself") << Change::DeleteItself << 1 << 1 << 1 << 2;
    QTest::newRow("read disables itself") << Change::DisableItself << 1 << 1 << 1 << 2;
}

void tst_EpollEventDispatcher::notifierChangedBySiblingOrItselfMidBatch()
{
    QFETCH(Change, change);
    QFETCH(int, readFirst);
    QFETCH(int, writeFirst);
    QFETCH(int, readSecond);
    QFETCH(int, writeSecond);
    SocketPair pair;
    QVERIFY(pair.isOpen());
    QVERIFY(pair.sendToNear());
    auto read = std::make_unique<QSocketNotifier>(pair.near, QSocketNotifier::Read);
    auto write = std::make_unique<QSocketNotifier>(pair.near, QSocketNotifier::Write);
    int reads = 0;
    int writes = 0;
    connect(read.get(), &QSocketNotifier::activated, this, [&] {
        if (++reads > 1)
            return;
        switch (change) {
        case Change::DeleteOther:
            write.reset();
            break;
        case Change::DisableOther:
            write->setEnabled(false);
            break;
        case Change::DeleteItself:
            read.reset();
            break;
        case Change::DisableItself:
            read->setEnabled(false);
            break;
        }
    });
    connect(write.get(), &QSocketNotifier::activated, this, [&] { ++writes; });

    QCoreApplication::processEvents();
    QCOMPARE(reads, readFirst);
    QCOMPARE(writes, writeFirst);
    QCoreApplication::processEvents();
    QCOMPARE(reads, readSecond);
    QCOMPARE(writes, writeSecond);
}

void tst_EpollEventDispatcher::notifierChangedByAnotherDescriptorsMidBatch_data()
{
    // Two readable descriptors reported in one wake-up; whichever notifier comes first changes
    // the other, which must then not be activated from that same batch.
    QTest::addColumn<Neighbour>("change");
    QTest::addColumn<int>("firstRound");
    QTest::addColumn<int>("secondRound");
    QTest::addColumn<int>("replacementSecondRound");
    QTest::newRow("deletes it") << Neighbour::Delete << 1 << 2 << 0;
    QTest::newRow("disables it") << Neighbour::Disable << 1 << 2 << 0;
    QTest::newRow("replaces it with a new notifier") << Neighbour::Replace << 1 << 2 << 1;
}

void tst_EpollEventDispatcher::notifierChangedByAnotherDescriptorsMidBatch()
{
    QFETCH(Neighbour, change);
    QFETCH(int, firstRound);
    QFETCH(int, secondRound);
    QFETCH(int, replacementSecondRound);
    SocketPair one;
    SocketPair two;
    QVERIFY(one.isOpen() && two.isOpen());
    QVERIFY(one.sendToNear());
    QVERIFY(two.sendToNear());
    std::array<std::unique_ptr<QSocketNotifier>, 2> notifiers {
        std::make_unique<QSocketNotifier>(one.near, QSocketNotifier::Read),
        std::make_unique<QSocketNotifier>(two.near, QSocketNotifier::Read),
    };
    std::unique_ptr<QSocketNotifier> replacement;
    int activations = 0;
    int replacementActivations = 0;
    for (size_t i = 0; i < 2; ++i) {
        connect(notifiers[i].get(), &QSocketNotifier::activated, this, [&, i] {
            if (++activations > 1)
                return;
            std::unique_ptr<QSocketNotifier> &other = notifiers[1 - i];
            const qintptr descriptor = other->socket();
            switch (change) {
            case Neighbour::Delete:
                other.reset();
                break;
            case Neighbour::Disable:
                other->setEnabled(false);
                break;
            case Neighbour::Replace:
                other.reset();
                replacement = std::make_unique<QSocketNotifier>(descriptor, QSocketNotifier::Read);
                connect(replacement.get(), &QSocketNotifier::activated, this,
                    [&] { ++replacementActivations; });
                break;
            }
        });
    }

    QCoreApplication::processEvents();
    QCOMPARE(activations, firstRound);
    QCOMPARE(replacementActivations, 0);
    QCoreApplication::processEvents();
    QCOMPARE(activations, secondRound);
    QCOMPARE(replacementActivations, replacementSecondRound);
}

void tst_EpollEventDispatcher::descriptorClosedWhileRegistered()
{
    // Qt's documentation asks for notifiers to go before their descriptor; a dispatcher must
    // still survive the other order, and a new socket given the same number must work.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    auto first = std::make_unique<SocketPair>();
    QVERIFY(first->isOpen());
    const int number = first->near;
    auto stale = std::make_unique<QSocketNotifier>(number, QSocketNotifier::Read);
    int staleActivations = 0;
    connect(stale.get(), &QSocketNotifier::activated, this, [&] { ++staleActivations; });
    QVERIFY(first->sendToNear());
    QCoreApplication::processEvents();
    QCOMPARE(staleActivations, 1);

    first->closeNear(); // the kernel drops it from the epoll set, the dispatcher doesn't know
    runRounds();
    QCOMPARE(staleActivations, 1);

    SocketPair second; // the lowest free number: the one just closed
    QVERIFY(second.isOpen());
    QCOMPARE(second.near, number);
    QSocketNotifier write(second.near, QSocketNotifier::Write);
    int writes = 0;
    connect(&write, &QSocketNotifier::activated, this, [&] { ++writes; });
    QCoreApplication::processEvents();
    QCOMPARE(writes, 1);

    stale.reset();
    QCoreApplication::processEvents();
    QCOMPARE(writes, 2);
    QSocketNotifier read(second.near, QSocketNotifier::Read);
    int reads = 0;
    connect(&read, &QSocketNotifier::activated, this, [&] { ++reads; });
    QVERIFY(second.sendToNear());
    QCoreApplication::processEvents();
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 3);
}

void tst_EpollEventDispatcher::forgottenDescriptorIsClosedFromInsideItsOwnActivation()
{
    // What a session does when it reads the end of the stream: forgets and closes its descriptor
    // in its read notifier's slot, while its write notifier is due in the same batch and still
    // enabled. The write notifier does not fire for the closed descriptor, disabling either
    // asks nothing of epoll (on the closed descriptor it would fail, with a warning), the loop
    // sleeps, and a socket given the same number is watched afresh.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    auto first = std::make_unique<SocketPair>();
    QVERIFY(first->isOpen());
    const int number = first->near;
    QSocketNotifier read(number, QSocketNotifier::Read);
    QSocketNotifier write(number, QSocketNotifier::Write);
    write.setEnabled(false);
    int reads = 0;
    int writes = 0;
    connect(&write, &QSocketNotifier::activated, this, [&] { ++writes; });
    connect(&read, &QSocketNotifier::activated, this, [&] {
        ++reads;
        EpollEventDispatcher::forgetBeforeClosing(number);
        first->closeNear();
        read.setEnabled(false);
    });
    QVERIFY(first->sendToNear());
    write.setEnabled(true); // readable and writable: both due in the next batch, read first
    QCoreApplication::processEvents();
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 0);
    write.setEnabled(false);
    runRounds();
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 0);
    QVERIFY(waitsUntilTimer(10ms) <= 2);

    SocketPair second; // the lowest free number: the one just closed
    QVERIFY(second.isOpen());
    QCOMPARE(second.near, number);
    QSocketNotifier again(second.near, QSocketNotifier::Read);
    int againReads = 0;
    connect(&again, &QSocketNotifier::activated, this, [&] { ++againReads; });
    QVERIFY(second.sendToNear());
    QCoreApplication::processEvents();
    QCOMPARE(againReads, 1);
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 0);
}

void tst_EpollEventDispatcher::regularFileIsAlwaysReady()
{
    // epoll refuses regular files; poll() calls them always ready, and so does the dispatcher.
    QTemporaryFile file;
    QVERIFY(file.open());
    QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
    Guard guard;
    QVERIFY(dispatcher()->processEvents(QEventLoop::WaitForMoreEvents));
    QVERIFY(!guard.expired());
    QCOMPARE(activations, 1);
    notifier.setEnabled(false);
    runRounds();
    QCOMPARE(activations, 1);
}

void tst_EpollEventDispatcher::hangUpOrErrorWakesTheNotifier_data()
{
    // Where poll() reports only POLLHUP or POLLERR, with no POLLIN or POLLOUT beside it.
    QTest::addColumn<HangUp>("hangUp");
    QTest::newRow("pipe's reader, the writer closed (hang-up)") << HangUp::PipeWriterClosed;
    QTest::newRow("full pipe's writer, the reader closed (error)") << HangUp::PipeReaderClosed;
}

void tst_EpollEventDispatcher::hangUpOrErrorWakesTheNotifier()
{
    QFETCH(HangUp, hangUp);
    int fds[2];
    QCOMPARE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    const int watched = hangUp == HangUp::PipeWriterClosed ? fds[0] : fds[1];
    const int closed = hangUp == HangUp::PipeWriterClosed ? fds[1] : fds[0];
    if (hangUp == HangUp::PipeReaderClosed) {
        const QByteArray block(4096, 'x');
        while (::write(watched, block.constData(), size_t(block.size())) > 0) { }
    }
    QSocketNotifier notifier(watched,
        hangUp == HangUp::PipeWriterClosed ? QSocketNotifier::Read : QSocketNotifier::Write);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
    runRounds();
    QCOMPARE(activations, 0);
    ::close(closed);
    QCoreApplication::processEvents();
    QCOMPARE(activations, 1);
    notifier.setEnabled(false);
    ::close(watched);
}

void tst_EpollEventDispatcher::directHandlerIsCalledWhileReadableUntilUnregistered()
{
    SocketPair pair;
    QVERIFY(pair.isOpen());
    CountingHandler handler;
    epoll()->registerDirectHandler(pair.near, &handler);
    auto unregister = qScopeGuard([&] { epoll()->unregisterDirectHandler(pair.near); });
    runRounds();
    QCOMPARE(handler.calls, 0);

    QVERIFY(pair.sendToNear());
    QVERIFY(pair.sendToNear());
    Guard guard;
    QVERIFY(dispatcher()->processEvents(QEventLoop::WaitForMoreEvents));
    QVERIFY(!guard.expired());
    QCOMPARE(handler.calls, 1);
    QCOMPARE(handler.lastDescriptor, pair.near);
    // Level-triggered: called again while something is left to read, as a read notifier is.
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 2);
    QVERIFY(pair.readNear());
    QVERIFY(pair.readNear());
    runRounds();
    QCOMPARE(handler.calls, 2);

    QVERIFY(pair.sendToNear());
    epoll()->unregisterDirectHandler(pair.near);
    runRounds();
    QCOMPARE(handler.calls, 2);
    // Out of epoll's set: the readable descriptor no longer keeps the loop awake.
    QVERIFY(waitsUntilTimer(10ms) <= 2);
}

void tst_EpollEventDispatcher::directHandlerAndNotifiersOnOneDescriptorAreIndependent()
{
    SocketPair pair;
    QVERIFY(pair.isOpen());
    auto read = std::make_unique<QSocketNotifier>(pair.near, QSocketNotifier::Read);
    QSocketNotifier write(pair.near, QSocketNotifier::Write);
    int reads = 0;
    int writes = 0;
    connect(read.get(), &QSocketNotifier::activated, this, [&] { ++reads; });
    connect(&write, &QSocketNotifier::activated, this, [&] { ++writes; });
    CountingHandler handler;
    epoll()->registerDirectHandler(pair.near, &handler);
    auto unregister = qScopeGuard([&] { epoll()->unregisterDirectHandler(pair.near); });

    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 0); // writable, not readable
    QCOMPARE(writes, 1);
    QVERIFY(pair.sendToNear());
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 1);
    QCOMPARE(reads, 1);
    QCOMPARE(writes, 2);

    // The read notifier gone, the handler still hears the descriptor, and the other way round.
    read.reset();
    write.setEnabled(false);
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 2);
    epoll()->unregisterDirectHandler(pair.near);
    write.setEnabled(true);
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 2);
    QCOMPARE(writes, 3);
}

void tst_EpollEventDispatcher::directHandlerChangedMidBatch_data()
{
    // Two readable descriptors reported in one wake-up, each with a direct handler; whichever is
    // called first changes something, which the rest of that same batch must respect.
    QTest::addColumn<HandlerChange>("change");
    QTest::addColumn<int>("firstRound");
    QTest::addColumn<int>("secondRound");
    QTest::addColumn<int>("replacementSecondRound");
    QTest::newRow("unregisters itself") << HandlerChange::UnregistersItself << 2 << 3 << 0;
    QTest::newRow("unregisters the other") << HandlerChange::UnregistersTheOther << 1 << 2 << 0;
    QTest::newRow("replaces the other") << HandlerChange::ReplacesTheOther << 1 << 2 << 1;
}

void tst_EpollEventDispatcher::directHandlerChangedMidBatch()
{
    QFETCH(HandlerChange, change);
    QFETCH(int, firstRound);
    QFETCH(int, secondRound);
    QFETCH(int, replacementSecondRound);
    SocketPair one;
    SocketPair two;
    QVERIFY(one.isOpen() && two.isOpen());
    QVERIFY(one.sendToNear());
    QVERIFY(two.sendToNear());
    const std::array<int, 2> descriptors { one.near, two.near };
    std::array<CountingHandler, 2> handlers;
    CountingHandler replacement;
    for (size_t i = 0; i < 2; ++i) {
        handlers[i].then = [&, i] {
            if (handlers[0].calls + handlers[1].calls > 1)
                return;
            const int other = descriptors[1 - i];
            switch (change) {
            case HandlerChange::UnregistersItself:
                epoll()->unregisterDirectHandler(descriptors[i]);
                break;
            case HandlerChange::UnregistersTheOther:
                epoll()->unregisterDirectHandler(other);
                break;
            case HandlerChange::ReplacesTheOther:
                epoll()->unregisterDirectHandler(other);
                epoll()->registerDirectHandler(other, &replacement);
                break;
            }
        };
        epoll()->registerDirectHandler(descriptors[i], &handlers[i]);
    }
    auto unregister = qScopeGuard([&] {
        for (const int descriptor : descriptors)
            epoll()->unregisterDirectHandler(descriptor);
    });

    QCoreApplication::processEvents();
    QCOMPARE(handlers[0].calls + handlers[1].calls, firstRound);
    QCOMPARE(replacement.calls, 0);
    QCoreApplication::processEvents();
    QCOMPARE(handlers[0].calls + handlers[1].calls, secondRound);
    QCOMPARE(replacement.calls, replacementSecondRound);
}

void tst_EpollEventDispatcher::hangUpCallsTheDirectHandler()
{
    // A pipe whose writer closed reports only EPOLLHUP: the handler must hear of it.
    int fds[2];
    QCOMPARE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
    CountingHandler handler;
    epoll()->registerDirectHandler(fds[0], &handler);
    auto cleanUp = qScopeGuard([&] {
        epoll()->unregisterDirectHandler(fds[0]);
        ::close(fds[0]);
    });
    runRounds();
    QCOMPARE(handler.calls, 0);
    ::close(fds[1]);
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 1);
}

void tst_EpollEventDispatcher::secondDirectHandlerReplacesTheFirst()
{
    SocketPair pair;
    QVERIFY(pair.isOpen());
    CountingHandler first;
    CountingHandler second;
    epoll()->registerDirectHandler(pair.near, &first);
    auto unregister = qScopeGuard([&] { epoll()->unregisterDirectHandler(pair.near); });
    QTest::ignoreMessage(QtWarningMsg,
        qPrintable(QStringLiteral(
            "EpollEventDispatcher: a second direct handler for descriptor %1 replaces the first")
                .arg(pair.near)));
    epoll()->registerDirectHandler(pair.near, &second);
    QVERIFY(pair.sendToNear());
    QCoreApplication::processEvents();
    QCOMPARE(first.calls, 0);
    QCOMPARE(second.calls, 1);
}

void tst_EpollEventDispatcher::forgottenDescriptorTakesItsDirectHandlerAlong()
{
    // As a session's notifiers: forgotten right before closing, nothing is asked of epoll
    // afterwards (on the closed descriptor it would fail, with a warning), and a socket given
    // the same number is not taken for the old one.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    auto first = std::make_unique<SocketPair>();
    QVERIFY(first->isOpen());
    const int number = first->near;
    CountingHandler handler;
    epoll()->registerDirectHandler(number, &handler);
    QVERIFY(first->sendToNear());
    EpollEventDispatcher::forgetBeforeClosing(number);
    first->closeNear();
    epoll()->unregisterDirectHandler(number);
    runRounds();
    QCOMPARE(handler.calls, 0);

    SocketPair second; // the lowest free number: the one just closed
    QVERIFY(second.isOpen());
    QCOMPARE(second.near, number);
    QVERIFY(second.sendToNear());
    runRounds();
    QCOMPARE(handler.calls, 0);
    CountingHandler again;
    epoll()->registerDirectHandler(number, &again);
    QCoreApplication::processEvents();
    QCOMPARE(again.calls, 1);
    epoll()->unregisterDirectHandler(number);
}

void tst_EpollEventDispatcher::excludedNotifiersHoldDirectHandlersBackToo()
{
    SocketPair pair;
    QVERIFY(pair.isOpen());
    CountingHandler handler;
    epoll()->registerDirectHandler(pair.near, &handler);
    auto unregister = qScopeGuard([&] { epoll()->unregisterDirectHandler(pair.near); });
    QVERIFY(pair.sendToNear());
    bool fired = false;
    QTimer::singleShot(10ms, Qt::PreciseTimer, this, [&] { fired = true; });
    while (!fired)
        dispatcher()->processEvents(
            QEventLoop::WaitForMoreEvents | QEventLoop::ExcludeSocketNotifiers);
    QCOMPARE(handler.calls, 0);
    QCoreApplication::processEvents();
    QCOMPARE(handler.calls, 1);
}

void tst_EpollEventDispatcher::currentThreadsIsOnlyAnEpollDispatcher()
{
    QCOMPARE(EpollEventDispatcher::currentThreads(), dispatcher());
    std::atomic<bool> sawOne { true };
    std::unique_ptr<QThread> thread(
        QThread::create([&] { sawOne = EpollEventDispatcher::currentThreads() != nullptr; }));
    thread->start();
    QVERIFY(thread->wait(5000));
    QVERIFY(!sawOne);
}

void tst_EpollEventDispatcher::timerFiresNoEarlierThanItsInterval_data()
{
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("earliest"); // what Qt allows each type
    QTest::newRow("precise 0 ms") << Qt::PreciseTimer << 0 << 0;
    QTest::newRow("precise 15 ms") << Qt::PreciseTimer << 15 << 15;
    QTest::newRow("coarse 0 ms") << Qt::CoarseTimer << 0 << 0;
    QTest::newRow("coarse 40 ms (5%)") << Qt::CoarseTimer << 40 << 38;
    QTest::newRow("very coarse 0 ms") << Qt::VeryCoarseTimer << 0 << 0;
    QTest::newRow("very coarse 1 s (whole seconds)") << Qt::VeryCoarseTimer << 1000 << 500;
}

void tst_EpollEventDispatcher::timerFiresNoEarlierThanItsInterval()
{
    QFETCH(Qt::TimerType, type);
    QFETCH(int, interval);
    QFETCH(int, earliest);
    QTimer timer;
    timer.setTimerType(type);
    timer.setSingleShot(true);
    QElapsedTimer clock;
    qint64 firedAfter = -1;
    connect(&timer, &QTimer::timeout, this, [&] { firedAfter = clock.nsecsElapsed(); });
    clock.start();
    timer.start(interval);
    QTRY_VERIFY(firedAfter >= 0);
    QVERIFY2(firedAfter >= qint64(earliest) * 1000000,
        qPrintable(QStringLiteral("fired after %1 ns").arg(firedAfter)));
}

void tst_EpollEventDispatcher::repeatingTimerKeepsItsPace()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QElapsedTimer clock;
    std::vector<qint64> firings;
    connect(&timer, &QTimer::timeout, this, [&] { firings.push_back(clock.nsecsElapsed()); });
    clock.start();
    timer.start(10ms);
    QTRY_VERIFY(firings.size() >= 4);
    timer.stop();
    for (size_t i = 0; i < firings.size(); ++i)
        QVERIFY2(firings[i] >= qint64(i + 1) * 10000000, qPrintable(QString::number(i)));
}

void tst_EpollEventDispatcher::lateTimerDoesNotBurstToCatchUp()
{
    // A loop held up for five intervals does not owe the timer five firings in a row: the one
    // already due fires, then the pace starts again from there.
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QElapsedTimer clock;
    std::vector<qint64> firings;
    connect(&timer, &QTimer::timeout, this, [&] {
        firings.push_back(clock.nsecsElapsed());
        if (firings.size() == 1) {
            QElapsedTimer busy; // the thread is busy, not waiting for anything
            busy.start();
            while (busy.elapsed() < 55) { }
        }
    });
    clock.start();
    timer.start(10ms);
    QTRY_VERIFY(firings.size() >= 4);
    timer.stop();
    for (size_t i = 2; i < firings.size(); ++i)
        QVERIFY2(firings[i] - firings[i - 1] >= 10000000, qPrintable(QString::number(i)));
}

void tst_EpollEventDispatcher::zeroTimerFiresOncePerRound()
{
    TimerObject object;
    object.startTimer(0);
    for (int round = 1; round <= 3; ++round) {
        QCoreApplication::processEvents();
        QCOMPARE(object.fired.size(), round);
    }
}

void tst_EpollEventDispatcher::singleShotTimerFiresOnce()
{
    int zero = 0;
    int later = 0;
    QTimer::singleShot(0, this, [&] { ++zero; });
    QTimer::singleShot(5ms, Qt::PreciseTimer, this, [&] { ++later; });
    QTRY_COMPARE(later, 1);
    QCOMPARE(zero, 1);
    QTimer control;
    int controlTicks = 0;
    connect(&control, &QTimer::timeout, this, [&] { ++controlTicks; });
    control.start(5ms);
    QTRY_VERIFY(controlTicks >= 3); // several more rounds with timers due
    QCOMPARE(zero, 1);
    QCOMPARE(later, 1);
}

void tst_EpollEventDispatcher::timerKilledFromATimerEvent_data()
{
    // Two zero-interval timers, both due in the same round; whichever fires first acts.
    QTest::addColumn<Kill>("kill");
    QTest::addColumn<int>("firstRound");
    QTest::addColumn<int>("secondRound");
    QTest::newRow("kills itself") << Kill::Itself << 2 << 1;
    QTest::newRow("kills the other") << Kill::TheOther << 1 << 1;
    // The new timer may get the killed one's id: it must still wait for the next round.
    QTest::newRow("kills the other, starts one") << Kill::TheOtherAndStartOne << 1 << 2;
    QTest::newRow("kills itself, starts one") << Kill::ItselfAndStartOne << 2 << 2;
}

void tst_EpollEventDispatcher::timerKilledFromATimerEvent()
{
    QFETCH(Kill, kill);
    QFETCH(int, firstRound);
    QFETCH(int, secondRound);
    TimerObject object;
    const int first = object.startTimer(0);
    const int second = object.startTimer(0);
    bool acted = false;
    object.onTimer = [&](int id) {
        if (std::exchange(acted, true))
            return;
        const int other = id == first ? second : first;
        switch (kill) {
        case Kill::Itself:
            object.killTimer(id);
            break;
        case Kill::TheOther:
            object.killTimer(other);
            break;
        case Kill::TheOtherAndStartOne:
            object.killTimer(other);
            object.startTimer(0);
            break;
        case Kill::ItselfAndStartOne:
            object.killTimer(id);
            object.startTimer(0);
            break;
        }
    };
    QCoreApplication::processEvents();
    QCOMPARE(object.fired.size(), firstRound);
    object.fired.clear();
    QCoreApplication::processEvents();
    QCOMPARE(object.fired.size(), secondRound);
}

void tst_EpollEventDispatcher::timerIsNotReenteredFromANestedLoop()
{
    TimerObject object;
    int depth = 0;
    int deepest = 0;
    int blocksInside = 0;
    object.onTimer = [&](int) {
        deepest = std::max(deepest, ++depth);
        if (object.fired.size() == 1) {
            // The zero timer stays due while its event runs this loop: the loop must neither
            // fire it again nor spin on it, but sleep until its own timer.
            QEventLoop loop;
            QSignalSpy blocks(dispatcher(), &QAbstractEventDispatcher::aboutToBlock);
            QTimer::singleShot(20ms, &loop, &QEventLoop::quit);
            loop.exec();
            blocksInside = int(blocks.count());
        }
        --depth;
    };
    object.startTimer(0);
    QCoreApplication::processEvents();
    QCOMPARE(object.fired.size(), 1);
    QCOMPARE(deepest, 1);
    QVERIFY(blocksInside >= 1);
    QCoreApplication::processEvents();
    QCOMPARE(object.fired.size(), 2);
}

void tst_EpollEventDispatcher::remainingTimeCountsDown()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QCOMPARE(timer.remainingTime(), -1);
    QElapsedTimer clock;
    clock.start();
    timer.start(10s);
    const int atStart = timer.remainingTime();
    QVERIFY2(atStart > 9000 && atStart <= 10000, qPrintable(QString::number(atStart)));
    QTRY_VERIFY(clock.elapsed() >= 50);
    const int later = timer.remainingTime();
    QVERIFY2(later >= 9000 && later <= 10000 - 50, qPrintable(QString::number(later)));
    timer.start(0);
    QCOMPARE(timer.remainingTime(), 0);
    timer.stop();
    QCOMPARE(timer.remainingTime(), -1);
}

void tst_EpollEventDispatcher::registeredTimersListsAnObjectsTimers()
{
    TimerObject object;
    TimerObject other;
    const int precise = object.startTimer(100, Qt::PreciseTimer);
    const int coarse = object.startTimer(2000, Qt::CoarseTimer);
    const int veryCoarse = object.startTimer(5000, Qt::VeryCoarseTimer);
    other.startTimer(300);

    QMap<int, std::pair<qint64, Qt::TimerType>> expected {
        { precise, { 100, Qt::PreciseTimer } },
        { coarse, { 2000, Qt::CoarseTimer } },
        { veryCoarse, { 5000, Qt::VeryCoarseTimer } },
    };
    const auto listed = [&] {
        QMap<int, std::pair<qint64, Qt::TimerType>> timers;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        for (const auto &timer : dispatcher()->timersForObject(&object)) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timer.interval);
            timers.insert(int(qToUnderlying(timer.timerId)), { ms.count(), timer.timerType });
        }
#else
        for (const auto &timer : dispatcher()->registeredTimers(&object))
            timers.insert(timer.timerId, { timer.interval, timer.timerType });
#endif
        return timers;
    };
    QCOMPARE(listed(), expected);
    object.killTimer(coarse);
    expected.remove(coarse);
    QCOMPARE(listed(), expected);
    QVERIFY(dispatcher()->unregisterTimers(&object));
    QVERIFY(listed().isEmpty());
    QVERIFY(!dispatcher()->unregisterTimers(&object));
}

void tst_EpollEventDispatcher::postedEventsAndDeleteLaterAreDelivered()
{
    EventCounter receiver;
    QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
    QCOMPARE(receiver.count, 0);
    QCoreApplication::processEvents();
    QCOMPARE(receiver.count, 1);

    // deleteLater() before a loop runs, and from inside the running loop: both objects go
    // while the loop runs, with no help from Qt Test's own DeferredDelete sending.
    QEventLoop loop;
    QPointer<QObject> before = new QObject;
    QPointer<QObject> inside = new QObject;
    int destroyed = 0;
    for (QObject *object : { before.data(), inside.data() }) {
        connect(object, &QObject::destroyed, &loop, [&] {
            if (++destroyed == 2)
                loop.quit();
        });
    }
    before->deleteLater();
    QTimer::singleShot(0, &loop, [&] { inside->deleteLater(); });
    Guard guard;
    guard.whenExpired(&loop, [&] { loop.exit(-1); });
    QCOMPARE(loop.exec(), 0);
    QVERIFY(before.isNull());
    QVERIFY(inside.isNull());
}

void tst_EpollEventDispatcher::eventPostedFromAnEventWaitsForTheNextRound()
{
    EventCounter receiver;
    receiver.repost = true; // an event that posts itself again, forever
    QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
    QCoreApplication::processEvents(); // must come back
    const int afterOne = receiver.count;
    QVERIFY(afterOne >= 1 && afterOne <= 2);
    QCoreApplication::processEvents();
    QVERIFY(receiver.count > afterOne);
    receiver.repost = false;
    QCoreApplication::processEvents();
}

void tst_EpollEventDispatcher::otherThreadEndsTheWait_data()
{
    QTest::addColumn<Waker>("waker");
    QTest::newRow("wakeUp()") << Waker::WakeUp;
    QTest::newRow("postEvent()") << Waker::PostEvent;
    QTest::newRow("interrupt()") << Waker::Interrupt;
}

void tst_EpollEventDispatcher::otherThreadEndsTheWait()
{
    QFETCH(Waker, waker);
    QAbstractEventDispatcher *loopDispatcher = dispatcher();
    EventCounter receiver;
    std::atomic<bool> blocking { false };
    std::atomic<bool> acted { false };
    const auto connection =
        connect(loopDispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [&] {
            blocking = true;
            blocking.notify_all();
        });
    Guard guard;
    std::thread other([&] {
        blocking.wait(false);
        acted = true;
        switch (waker) {
        case Waker::WakeUp:
            loopDispatcher->wakeUp();
            break;
        case Waker::PostEvent:
            QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
            break;
        case Waker::Interrupt:
            loopDispatcher->interrupt();
            break;
        }
    });
    loopDispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    const bool actedBeforeReturn = acted;
    blocking = true; // lets the other thread finish should aboutToBlock never have come
    blocking.notify_all();
    other.join();
    disconnect(connection);
    QVERIFY(!guard.expired());
    QVERIFY(actedBeforeReturn);
    // A posted event is delivered by the call it woke, not one later.
    QCOMPARE(receiver.count, waker == Waker::PostEvent ? 1 : 0);
}

void tst_EpollEventDispatcher::manyWakeUpsAreOneAndTheNextStillWorks()
{
    QAbstractEventDispatcher *loopDispatcher = dispatcher();
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([loopDispatcher] {
            for (int i = 0; i < 1000; ++i)
                loopDispatcher->wakeUp();
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    Guard guard;
    QVERIFY(loopDispatcher->processEvents(QEventLoop::WaitForMoreEvents));
    QVERIFY(!guard.expired());

    // All of them were taken at once: the next wait sleeps until its timer...
    bool timerFired = false;
    QTimer::singleShot(20ms, Qt::PreciseTimer, this, [&] { timerFired = true; });
    loopDispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(timerFired);

    // ...and one more wake-up still gets through.
    std::atomic<bool> blocking { false };
    const auto connection =
        connect(loopDispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [&] {
            blocking = true;
            blocking.notify_all();
        });
    std::thread waker([&] {
        blocking.wait(false);
        loopDispatcher->wakeUp();
    });
    loopDispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    blocking = true;
    blocking.notify_all();
    waker.join();
    disconnect(connection);
    QVERIFY(!guard.expired());
}

void tst_EpollEventDispatcher::interruptFromInsideKeepsTheLoopFromBlocking()
{
    // As QEventLoop::exit() does from an event handler: the wait that follows doesn't block.
    QSignalSpy aboutToBlock(dispatcher(), &QAbstractEventDispatcher::aboutToBlock);
    QMetaObject::invokeMethod(this, [] { dispatcher()->interrupt(); }, Qt::QueuedConnection);
    Guard guard;
    dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(!guard.expired());
    QCOMPARE(aboutToBlock.count(), 0);
}

void tst_EpollEventDispatcher::eventLoopQuits_data()
{
    QTest::addColumn<Quit>("quit");
    QTest::addColumn<int>("expected");
    QTest::newRow("quit() from a timer") << Quit::FromTimer << 0;
    QTest::newRow("exit(5) from a socket notifier") << Quit::FromNotifier << 5;
    QTest::newRow("exit(6) from a queued call") << Quit::FromPostedEvent << 6;
    QTest::newRow("inner loop first, then the outer") << Quit::Nested << 7;
}

void tst_EpollEventDispatcher::eventLoopQuits()
{
    QFETCH(Quit, quit);
    QFETCH(int, expected);
    QEventLoop loop;
    SocketPair pair;
    QVERIFY(pair.isOpen());
    QSocketNotifier notifier(pair.near, QSocketNotifier::Read);
    connect(&notifier, &QSocketNotifier::activated, &loop, [&] { loop.exit(5); });
    QList<int> order;
    switch (quit) {
    case Quit::FromTimer:
        QTimer::singleShot(0, &loop, &QEventLoop::quit);
        break;
    case Quit::FromNotifier:
        QVERIFY(pair.sendToNear());
        break;
    case Quit::FromPostedEvent:
        QMetaObject::invokeMethod(&loop, [&] { loop.exit(6); }, Qt::QueuedConnection);
        break;
    case Quit::Nested:
        QTimer::singleShot(0, &loop, [&] {
            QEventLoop inner;
            QTimer::singleShot(5ms, &inner, [&] { inner.exit(1); });
            order.append(inner.exec());
            order.append(2);
            loop.exit(7);
        });
        break;
    }
    Guard guard;
    guard.whenExpired(&loop, [&] { loop.exit(-1); });
    QCOMPARE(loop.exec(), expected);
    if (quit == Quit::Nested)
        QCOMPARE(order, QList<int>({ 1, 2 }));
}

void tst_EpollEventDispatcher::workerThreadRunsOnItAndExits_data()
{
    QTest::addColumn<bool>("quit");
    QTest::addColumn<int>("expected");
    QTest::newRow("exit(3)") << false << 3;
    QTest::newRow("quit()") << true << 0;
}

namespace {

// As an echo worker runs: its own dispatcher, a timer and a socket notifier in its thread.
class WorkerThread final : public QThread
{
public:
    explicit WorkerThread(int descriptor)
        : m_descriptor(descriptor)
    { }

    std::atomic<int> ticks { 0 };
    std::atomic<int> reads { 0 };
    std::atomic<int> result { -100 };

protected:
    void run() override
    {
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] { ++ticks; });
        timer.start(5ms);
        QSocketNotifier notifier(m_descriptor, QSocketNotifier::Read);
        QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [this] {
            char byte;
            while (::recv(m_descriptor, &byte, 1, 0) == 1)
                ++reads;
        });
        result = exec();
    }

private:
    const int m_descriptor;
};

} // namespace

void tst_EpollEventDispatcher::workerThreadRunsOnItAndExits()
{
    QFETCH(bool, quit);
    QFETCH(int, expected);
    SocketPair pair;
    QVERIFY(pair.isOpen());
    WorkerThread thread(pair.near);
    auto *threadDispatcher = new EpollEventDispatcher;
    thread.setEventDispatcher(threadDispatcher);
    QCOMPARE(thread.eventDispatcher(), threadDispatcher);
    thread.start();
    const auto stop = qScopeGuard([&] { // when a check below fails
        thread.quit();
        thread.wait();
    });
    QTRY_VERIFY(thread.ticks >= 3);
    QVERIFY(pair.sendToNear());
    QVERIFY(pair.sendToNear());
    QTRY_COMPARE(thread.reads.load(), 2);
    if (quit)
        thread.quit();
    else
        thread.exit(3);
    QVERIFY(thread.wait(5000));
    QCOMPARE(thread.result.load(), expected);
}

void tst_EpollEventDispatcher::eventPostedBeforeTheThreadStartsIsDelivered()
{
    // Posted while the thread has no dispatcher yet: nobody wakes it, the first round sends it.
    QThread thread;
    AtomicEventCounter receiver;
    receiver.moveToThread(&thread);
    QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
    thread.setEventDispatcher(new EpollEventDispatcher);
    thread.start();
    const auto stop = qScopeGuard([&] {
        thread.quit();
        thread.wait();
    });
    QTRY_COMPARE(receiver.count.load(), 1);
}

void tst_EpollEventDispatcher::processEventsWithoutWaitingReturnsAtOnce()
{
    Guard guard;
    QSignalSpy aboutToBlock(dispatcher(), &QAbstractEventDispatcher::aboutToBlock);
    QVERIFY(!dispatcher()->processEvents(QEventLoop::AllEvents));
    QVERIFY(!guard.expired());
    QCOMPARE(aboutToBlock.count(), 0);

    SocketPair pair;
    QVERIFY(pair.isOpen());
    QSocketNotifier notifier(pair.near, QSocketNotifier::Read);
    QVERIFY(pair.sendToNear());
    QVERIFY(dispatcher()->processEvents(QEventLoop::AllEvents));
}

void tst_EpollEventDispatcher::processEventsWaitsForMoreEvents()
{
    QSignalSpy aboutToBlock(dispatcher(), &QAbstractEventDispatcher::aboutToBlock);
    QSignalSpy awake(dispatcher(), &QAbstractEventDispatcher::awake);
    bool fired = false;
    QTimer::singleShot(30ms, Qt::PreciseTimer, this, [&] { fired = true; });
    QElapsedTimer clock;
    clock.start();
    while (!fired)
        dispatcher()->processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(clock.elapsed() >= 30);
    QVERIFY(aboutToBlock.count() >= 1);
    QCOMPARE(awake.count(), aboutToBlock.count());
}

void tst_EpollEventDispatcher::excludedNotifiersWaitTheirTurn()
{
    SocketPair pair;
    QVERIFY(pair.isOpen());
    QSocketNotifier notifier(pair.near, QSocketNotifier::Read);
    int activations = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
    QVERIFY(pair.sendToNear());
    bool fired = false;
    QTimer::singleShot(10ms, Qt::PreciseTimer, this, [&] { fired = true; });
    // The ready descriptor neither fires nor ends the wait: only the timer does.
    while (!fired)
        dispatcher()->processEvents(
            QEventLoop::WaitForMoreEvents | QEventLoop::ExcludeSocketNotifiers);
    QCOMPARE(activations, 0);
    QCoreApplication::processEvents();
    QCOMPARE(activations, 1);
}

int main(int argc, char *argv[])
{
    // The test thread itself runs on the dispatcher under test, so Qt Test's own waits
    // (QTRY_*, QSignalSpy::wait) go through it too.
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    tst_EpollEventDispatcher test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
