#pragma once

#include <QAbstractEventDispatcher>
#include <QtGlobal>

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

// Qt 6.8 added a second interface whose timer functions take std::chrono durations and
// Qt::TimerId; the integer one still exists there but loses sub-millisecond intervals.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
using EpollEventDispatcherBase = QAbstractEventDispatcherV2;
#else
using EpollEventDispatcherBase = QAbstractEventDispatcher;
#endif

// A thread's Qt event loop waiting on Linux epoll, so that a wake-up costs what is ready and not
// what is registered. Qt's own Unix dispatcher builds a pollfd array of every enabled
// QSocketNotifier and calls poll() over all of them at each wake-up: at 5,000 idle clients a
// worker spends a quarter of its CPU in the kernel's poll bookkeeping for sockets that have
// nothing to say. Install it on a thread before it starts:
//     thread->setEventDispatcher(new EpollEventDispatcher);
// QSocketNotifiers, timers, posted events, queued signals and deleteLater() work unchanged.
//
// Level-triggered, deliberately. QSocketNotifier promises level-triggered behaviour: a notifier
// is activated again at the next wake-up as long as its descriptor stays readable (writable).
// The echo sessions rely on it: they read at most 16 times per activation so that one busy
// client can't starve the others, and expect to be called again for the rest. Edge-triggered
// epoll would report the rest never; emulating level-triggering on top of it would mean keeping
// our own list of "still ready" descriptors, guessing readiness for sockets their owners did not
// drain. Level-triggered epoll costs one epoll_ctl() per enable/disable and gives that for free;
// its ready list is rotated by the kernel, so a partial batch (at most maxEventsPerWait) is fair.
//
// One epoll registration per descriptor carries its read, write and exception notifiers
// (EPOLL_CTL_ADD, MOD, DEL as they are enabled and disabled; DEL when none is left, since epoll
// reports hang-ups and errors even for an empty interest mask). Read notifiers are activated on
// EPOLLIN, write on EPOLLOUT, exception on EPOLLPRI, and all three on EPOLLHUP and EPOLLERR, as
// Qt's poll() dispatcher does with POLLHUP and POLLERR (QEvent::SockClose is sent by Qt's Windows
// dispatcher only). Each batch is first turned into a list of activations, each stamped with
// the serial number of its notifier's registration; before each activation the registration is
// looked up again, so a notifier deleted or disabled by an earlier activation of the same batch
// (its own or another's) is skipped, and so is one registered anew on a reused descriptor.
//
// Timers live in one set ordered by deadline on the monotonic clock; the time to the first
// becomes epoll_wait()'s timeout, rounded up to whole milliseconds so that no timer fires early.
// A timerfd would give nanoseconds, but costs a descriptor and a timerfd_settime() each time the
// first deadline changes; Qt 6.4's timer intervals are whole milliseconds anyway. Precise and
// coarse timers both fire on time (the 5% latitude Qt gives coarse timers to align wake-ups is
// not used: a worker has few timers); very coarse timers are rounded to whole seconds as in Qt.
// A zero-interval timer fires once per processEvents(); timers due fire once per round, a timer
// whose event is still being handled (a nested event loop) is not fired again inside it.
//
// wakeUp() writes an eventfd, only when no write is already pending (an atomic flag, cleared
// after the eventfd is read), so a burst of posted events from other threads costs one write.
//
// A direct handler (registerDirectHandler) takes a descriptor's read side without a notifier:
// the dispatcher calls it as soon as the descriptor is readable (or hung up, or in error), with
// the same level-triggered promise, the same per-batch serial check and the same exclusion by
// ExcludeSocketNotifiers, but no QEvent, no QSocketNotifier::event() and no signal between epoll
// and the code that reads. For the hot path of a worker (the UDP echo port), where that
// delivery was over a quarter of the user-space time per datagram (about 0.1 µs).
//
// Not supported: sub-millisecond timer precision; a descriptor closed while its notifiers are
// enabled and kept open elsewhere (dup(), fork()) stays in epoll's set until every copy is closed
// and may report for the closed number: disable or delete notifiers before closing, as Qt's
// documentation asks. A notifier on a regular file (which epoll refuses) is treated as always
// ready, as poll() reports it.
class EpollEventDispatcher final : public EpollEventDispatcherBase
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    static constexpr int maxEventsPerWait = 256;

    // What a direct handler implements. Not owned: unregister it before it goes.
    class DirectHandler
    {
    public:
        // The descriptor is readable, hung up or in error; called again at the next wake-up
        // as long as it stays so (level-triggered), until unregistered.
        virtual void descriptorReady(int descriptor) = 0;

    protected:
        DirectHandler() = default;
        ~DirectHandler() = default;
        DirectHandler(const DirectHandler &) = default;
        DirectHandler &operator=(const DirectHandler &) = default;
    };

    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    void registerTimer(
        Qt::TimerId timerId, Duration interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(Qt::TimerId timerId) override;
    QList<TimerInfoV2> timersForObject(QObject *object) const override;
    Duration remainingTime(Qt::TimerId timerId) const override;
#else
    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
#endif
    bool unregisterTimers(QObject *object) override;

    // To be called, in the thread of the event loop that watches it, right before closing a
    // descriptor none of whose notifiers will be enabled again: they are forgotten at once, so
    // disabling or deleting them afterwards costs no epoll_ctl(); the kernel drops the
    // descriptor from the epoll set as it closes (it must not be open elsewhere, dup() or
    // fork()). Does nothing when that thread's dispatcher is not an EpollEventDispatcher.
    static void forgetBeforeClosing(int descriptor);

    // The dispatcher of the calling thread, when it is one of these (else nullptr).
    static EpollEventDispatcher *currentThreads();

    // Watches a descriptor's read side for `handler`, in this dispatcher's thread only, beside
    // any notifiers on it (a second handler replaces the first, with a warning). The handler
    // may unregister itself, or any other, from inside descriptorReady(): an unregistered one
    // is not called again, not even from the batch being delivered.
    void registerDirectHandler(int descriptor, DirectHandler *handler);
    void unregisterDirectHandler(int descriptor);

    // Thread-safe, like the two below.
    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;
    using Nanoseconds = std::chrono::nanoseconds;

    // The kinds of watcher a descriptor can have: QSocketNotifier::Type (Read, Write,
    // Exception) as 0, 1, 2, then a direct handler.
    static constexpr int directKind = 3;

    // A descriptor's notifiers, indexed by QSocketNotifier::Type, and its direct handler; one
    // serial number per kind (0: none).
    struct Registration
    {
        std::array<QSocketNotifier *, 3> notifiers {};
        DirectHandler *direct = nullptr;
        std::array<quint64, 4> serials {};
        bool inEpoll = false;
        bool alwaysReady = false; // a regular file: epoll refuses it, poll() calls it ready
    };
    struct Activation
    {
        int descriptor;
        int type;
        quint64 serial;
    };
    struct Timer
    {
        QObject *object = nullptr;
        Nanoseconds interval {};
        Qt::TimerType type = Qt::CoarseTimer;
        Clock::time_point deadline;
        bool firing = false;
    };

    // What one processEvents() has to deliver; one per nesting level, so that an event loop run
    // from inside an activation leaves the outer one's list alone.
    struct Round
    {
        std::vector<Activation> activations;
        std::vector<int> dueTimers;
    };

    Registration *registrationOf(int descriptor);
    void updateEpoll(int descriptor, Registration &registration);
    int waitTimeout(bool includeTimers) const;
    bool wait(int timeout, bool includeNotifiers, std::vector<Activation> &activations);
    void collectActivations(int descriptor, quint32 events, std::vector<Activation> &out);
    int activate(const std::vector<Activation> &activations);
    void drainWakeUps();

    void addTimer(int id, Nanoseconds interval, Qt::TimerType type, QObject *object);
    bool removeTimer(int id);
    Nanoseconds timeLeft(int id) const; // negative: no such timer
    int activateTimers(std::vector<int> &due);

    const int m_epoll = -1;
    const int m_wakeUpFd = -1;
    std::atomic<bool> m_wakeUpPending { false };
    std::atomic<bool> m_interrupted { false };

    // The event loop's thread only.
    std::vector<Registration> m_registrations; // indexed by descriptor
    std::vector<int> m_alwaysReady;
    quint64 m_nextSerial = 1;
    std::unordered_map<int, Timer> m_timers;
    std::set<std::pair<Clock::time_point, int>> m_deadlines;
    std::deque<Round> m_rounds; // a deque: growing it moves no Round that is in use
    size_t m_depth = 0;
};
