#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <optional>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <utility>

using namespace std::chrono_literals;

namespace {

// The events that activate a notifier of each QSocketNotifier::Type, as poll() reports them to
// Qt's own dispatcher: a hang-up or an error wakes every kind, so its owner learns of it.
// A direct handler (the fourth kind) takes the read side.
constexpr std::array<quint32, 4> activatingEvents {
    EPOLLIN | EPOLLHUP | EPOLLERR,
    EPOLLOUT | EPOLLHUP | EPOLLERR,
    EPOLLPRI | EPOLLHUP | EPOLLERR,
    EPOLLIN | EPOLLHUP | EPOLLERR,
};
constexpr std::array<quint32, 4> interest { EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLIN };

const char *typeName(int type)
{
    static constexpr std::array<const char *, 3> names { "read", "write", "exception" };
    return names.at(size_t(type));
}

int createEpoll()
{
    const int fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0)
        qFatal("EpollEventDispatcher: epoll_create1() failed (%s); cannot run an event loop",
            qPrintable(qt_error_string(errno)));
    return fd;
}

int createEventFd()
{
    const int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0)
        qFatal("EpollEventDispatcher: eventfd() failed (%s); cannot run an event loop",
            qPrintable(qt_error_string(errno)));
    return fd;
}

// Qt's very coarse timers keep whole seconds only.
std::chrono::nanoseconds effectiveInterval(std::chrono::nanoseconds interval, Qt::TimerType type)
{
    if (type != Qt::VeryCoarseTimer || interval <= 0ns)
        return interval;
    return std::max<std::chrono::nanoseconds>(
        1s, std::chrono::round<std::chrono::seconds>(interval));
}

// The descriptor a notifier watches and its type as an index (read, write, exception), when
// both are ones this dispatcher can watch.
std::optional<std::pair<int, int>> watchedBy(const QSocketNotifier *notifier)
{
    const qintptr socket = notifier->socket();
    const int type = int(notifier->type());
    if (socket < 0 || socket > INT_MAX || type < 0 || type > 2)
        return std::nullopt;
    return std::pair { int(socket), type };
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : EpollEventDispatcherBase(parent)
    , m_epoll(createEpoll())
    , m_wakeUpFd(createEventFd())
{
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = m_wakeUpFd;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeUpFd, &event) != 0)
        qFatal("EpollEventDispatcher: cannot watch its wake-up eventfd (%s)",
            qPrintable(qt_error_string(errno)));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeUpFd);
    ::close(m_epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    QCoreApplication::sendPostedEvents();

    const bool includeNotifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    const bool includeTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents) &&
        !(includeNotifiers && !m_alwaysReady.empty());
    int timeout = 0;
    if (mayWait && !m_interrupted.load()) {
        timeout = waitTimeout(includeTimers);
        if (timeout != 0) {
            emit aboutToBlock();
            if (m_interrupted.load())
                timeout = 0;
        }
    }

    if (m_rounds.size() <= m_depth)
        m_rounds.emplace_back();
    Round &round = m_rounds[m_depth];
    ++m_depth;
    round.activations.clear();
    const bool wokenUp = wait(timeout, includeNotifiers, round.activations);
    if (timeout != 0)
        emit awake();

    // Like Qt's own dispatchers, an interrupt() does not cut a batch short: it only keeps the
    // next wait from blocking.
    int handled = 0;
    if (wokenUp) {
        ++handled;
        // Delivered in this call: what woke it was most likely a posted event.
        QCoreApplication::sendPostedEvents();
    }
    handled += activate(round.activations);
    if (includeTimers)
        handled += activateTimers(round.dueTimers);
    --m_depth;
    return handled > 0;
}

int EpollEventDispatcher::waitTimeout(bool includeTimers) const
{
    if (!includeTimers)
        return -1;
    for (const auto &[deadline, id] : m_deadlines) {
        // A timer whose event is being handled further up the stack waits for that to finish.
        if (m_timers.at(id).firing)
            continue;
        const auto left = deadline - Clock::now();
        if (left <= 0ns)
            return 0;
        const auto milliseconds = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        return int(std::min<qint64>(milliseconds, INT_MAX));
    }
    return -1;
}

bool EpollEventDispatcher::wait(
    int timeout, bool includeNotifiers, std::vector<Activation> &activations)
{
    bool wokenUp = false;
    if (includeNotifiers) {
        std::array<epoll_event, maxEventsPerWait> events;
        int count = ::epoll_wait(m_epoll, events.data(), maxEventsPerWait, timeout);
        if (count < 0) {
            if (errno != EINTR)
                qErrnoWarning(errno, "EpollEventDispatcher: epoll_wait() failed");
            count = 0;
        }
        for (int i = 0; i < count; ++i) {
            if (events[size_t(i)].data.fd == m_wakeUpFd)
                wokenUp = true;
            else
                collectActivations(
                    events[size_t(i)].data.fd, events[size_t(i)].events, activations);
        }
        for (const int descriptor : m_alwaysReady)
            collectActivations(descriptor, EPOLLIN | EPOLLOUT, activations);
    } else {
        // Notifiers stay out of this wait: only a wake-up or a timer ends it.
        pollfd wakeUp { m_wakeUpFd, POLLIN, 0 };
        const int count = ::poll(&wakeUp, 1, timeout);
        if (count < 0 && errno != EINTR)
            qErrnoWarning(errno, "EpollEventDispatcher: poll() failed");
        wokenUp = count > 0;
    }
    if (wokenUp)
        drainWakeUps();
    return wokenUp;
}

void EpollEventDispatcher::collectActivations(
    int descriptor, quint32 events, std::vector<Activation> &out)
{
    const Registration *registration = registrationOf(descriptor);
    if (!registration)
        return;
    for (int type = 0; type <= directKind; ++type) {
        const quint64 serial = registration->serials[size_t(type)];
        if (serial != 0 && (events & activatingEvents[size_t(type)]))
            out.push_back({ descriptor, type, serial });
    }
}

int EpollEventDispatcher::activate(const std::vector<Activation> &activations)
{
    int activated = 0;
    std::optional<QEvent> event; // made when a notifier needs one: a direct handler does not
    for (const Activation &activation : activations) {
        // Looked up again each time: an earlier activation may have deleted, disabled or
        // replaced this notifier, and its serial then no longer matches.
        const Registration *registration = registrationOf(activation.descriptor);
        if (!registration || registration->serials[size_t(activation.type)] != activation.serial)
            continue;
        ++activated;
        if (activation.type == directKind) {
            registration->direct->descriptorReady(activation.descriptor);
            continue;
        }
        if (!event)
            event.emplace(QEvent::SockAct);
        QCoreApplication::sendEvent(registration->notifiers[size_t(activation.type)], &*event);
    }
    return activated;
}

void EpollEventDispatcher::drainWakeUps()
{
    eventfd_t value = 0;
    while (::eventfd_read(m_wakeUpFd, &value) != 0 && errno == EINTR) { }
    // Cleared only after the read: a wakeUp() in between would otherwise leave the flag set
    // with nothing in the eventfd, and every later wakeUp() would be swallowed.
    m_wakeUpPending.store(false);
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.exchange(true))
        return;
    while (::eventfd_write(m_wakeUpFd, 1) != 0 && errno == EINTR) { }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

EpollEventDispatcher::Registration *EpollEventDispatcher::registrationOf(int descriptor)
{
    if (descriptor < 0 || size_t(descriptor) >= m_registrations.size())
        return nullptr;
    return &m_registrations[size_t(descriptor)];
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const auto watched = watchedBy(notifier);
    if (!watched)
        return;
    const auto [descriptor, type] = *watched;
    if (size_t(descriptor) >= m_registrations.size())
        m_registrations.resize(size_t(descriptor) + 1);
    Registration &registration = m_registrations[size_t(descriptor)];
    QSocketNotifier *&slot = registration.notifiers[size_t(type)];
    if (slot && slot != notifier)
        qWarning("EpollEventDispatcher: a second %s notifier for descriptor %d replaces the first",
            typeName(type), descriptor);
    slot = notifier;
    registration.serials[size_t(type)] = m_nextSerial++;
    updateEpoll(descriptor, registration);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const auto watched = watchedBy(notifier);
    if (!watched)
        return;
    const auto [descriptor, type] = *watched;
    Registration *registration = registrationOf(descriptor);
    if (!registration || registration->notifiers[size_t(type)] != notifier)
        return;
    registration->notifiers[size_t(type)] = nullptr;
    registration->serials[size_t(type)] = 0;
    updateEpoll(descriptor, *registration);
}

void EpollEventDispatcher::forgetBeforeClosing(int descriptor)
{
    EpollEventDispatcher *dispatcher = currentThreads();
    if (!dispatcher)
        return;
    Registration *registration = dispatcher->registrationOf(descriptor);
    // One that epoll refused is watched without epoll: let unregistering do its bookkeeping.
    if (registration && !registration->alwaysReady)
        *registration = Registration {};
}

EpollEventDispatcher *EpollEventDispatcher::currentThreads()
{
    return qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
}

void EpollEventDispatcher::registerDirectHandler(int descriptor, DirectHandler *handler)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (descriptor < 0 || !handler)
        return;
    if (size_t(descriptor) >= m_registrations.size())
        m_registrations.resize(size_t(descriptor) + 1);
    Registration &registration = m_registrations[size_t(descriptor)];
    if (registration.direct && registration.direct != handler)
        qWarning("EpollEventDispatcher: a second direct handler for descriptor %d replaces the "
                 "first",
            descriptor);
    registration.direct = handler;
    registration.serials[directKind] = m_nextSerial++;
    updateEpoll(descriptor, registration);
}

void EpollEventDispatcher::unregisterDirectHandler(int descriptor)
{
    Q_ASSERT(QThread::currentThread() == thread());
    Registration *registration = registrationOf(descriptor);
    if (!registration || !registration->direct)
        return;
    registration->direct = nullptr;
    registration->serials[directKind] = 0;
    updateEpoll(descriptor, *registration);
}

void EpollEventDispatcher::updateEpoll(int descriptor, Registration &registration)
{
    quint32 mask = 0;
    for (size_t type = 0; type <= directKind; ++type) {
        if (registration.serials[type] != 0)
            mask |= interest[type];
    }
    if (registration.alwaysReady) {
        if (mask == 0) {
            registration.alwaysReady = false;
            std::erase(m_alwaysReady, descriptor);
        }
        return;
    }
    if (mask == 0) {
        // Errors ignored: a descriptor closed before its notifiers went has left the set already.
        if (registration.inEpoll)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, descriptor, nullptr);
        registration.inEpoll = false;
        return;
    }
    epoll_event event {};
    event.events = mask;
    event.data.fd = descriptor;
    const int operation = registration.inEpoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    int result = ::epoll_ctl(m_epoll, operation, descriptor, &event);
    // The descriptor was closed (and its number maybe reused) while a notifier stayed: the
    // kernel forgot it. Or epoll still holds a file that was closed here but is open elsewhere.
    if (result != 0 && operation == EPOLL_CTL_MOD && errno == ENOENT)
        result = ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event);
    else if (result != 0 && operation == EPOLL_CTL_ADD && errno == EEXIST)
        result = ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, descriptor, &event);
    registration.inEpoll = result == 0;
    if (result == 0)
        return;
    if (errno == EPERM) { // a regular file or a directory: always ready, as poll() has it
        registration.alwaysReady = true;
        m_alwaysReady.push_back(descriptor);
        return;
    }
    qErrnoWarning(errno, "EpollEventDispatcher: cannot watch descriptor %d", descriptor);
}

void EpollEventDispatcher::addTimer(
    int id, Nanoseconds interval, Qt::TimerType type, QObject *object)
{
    removeTimer(id);
    Timer timer;
    timer.object = object;
    timer.interval = effectiveInterval(std::max(interval, Nanoseconds::zero()), type);
    timer.type = type;
    timer.deadline = Clock::now() + timer.interval;
    m_deadlines.emplace(timer.deadline, id);
    m_timers.emplace(id, timer);
}

bool EpollEventDispatcher::removeTimer(int id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase({ it->second.deadline, id });
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool removed = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.object != object) {
            ++it;
            continue;
        }
        m_deadlines.erase({ it->second.deadline, it->first });
        it = m_timers.erase(it);
        removed = true;
    }
    return removed;
}

EpollEventDispatcher::Nanoseconds EpollEventDispatcher::timeLeft(int id) const
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return Nanoseconds(-1);
    return std::max(Nanoseconds::zero(), it->second.deadline - Clock::now());
}

int EpollEventDispatcher::activateTimers(std::vector<int> &due)
{
    if (m_deadlines.empty())
        return 0;
    // Only the timers due now, each once: a zero-interval timer, or one started by a timer
    // event, waits for the next round.
    const Clock::time_point now = Clock::now();
    due.clear();
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now; ++it)
        due.push_back(it->second);

    int fired = 0;
    for (const int id : due) {
        const auto it = m_timers.find(id); // an earlier timer event may have killed it
        if (it == m_timers.end())
            continue;
        Timer &timer = it->second;
        if (timer.firing || timer.deadline > now)
            continue;
        auto node = m_deadlines.extract({ timer.deadline, id });
        timer.deadline += timer.interval;
        if (timer.deadline <= now)
            timer.deadline = now + timer.interval; // late: no burst to catch up
        node.value().first = timer.deadline;
        m_deadlines.insert(std::move(node));
        timer.firing = true;
        QObject *object = timer.object;

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        QTimerEvent event { Qt::TimerId(id) };
#else
        QTimerEvent event(id);
#endif
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        // The timer may be gone, and the map rehashed by timers started in the event.
        if (const auto again = m_timers.find(id); again != m_timers.end())
            again->second.firing = false;
    }
    return fired;
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

void EpollEventDispatcher::registerTimer(
    Qt::TimerId timerId, Duration interval, Qt::TimerType timerType, QObject *object)
{
    addTimer(int(qToUnderlying(timerId)), interval, timerType, object);
}

bool EpollEventDispatcher::unregisterTimer(Qt::TimerId timerId)
{
    return removeTimer(int(qToUnderlying(timerId)));
}

QList<QAbstractEventDispatcher::TimerInfoV2> EpollEventDispatcher::timersForObject(
    QObject *object) const
{
    QList<TimerInfoV2> timers;
    for (const auto &[id, timer] : m_timers) {
        if (timer.object == object)
            timers.append({ timer.interval, Qt::TimerId(id), timer.type });
    }
    return timers;
}

QAbstractEventDispatcher::Duration EpollEventDispatcher::remainingTime(Qt::TimerId timerId) const
{
    const Nanoseconds left = timeLeft(int(qToUnderlying(timerId)));
    return left < 0ns ? Duration::min() : left;
}

#else

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    addTimer(timerId, std::chrono::milliseconds(interval), timerType, object);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return removeTimer(timerId);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    QList<TimerInfo> timers;
    for (const auto &[id, timer] : m_timers) {
        if (timer.object == object) {
            const auto interval =
                std::chrono::duration_cast<std::chrono::milliseconds>(timer.interval);
            timers.append(TimerInfo(id, int(interval.count()), timer.type));
        }
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const Nanoseconds left = timeLeft(timerId);
    if (left < 0ns)
        return -1;
    return int(std::chrono::round<std::chrono::milliseconds>(left).count());
}

#endif
