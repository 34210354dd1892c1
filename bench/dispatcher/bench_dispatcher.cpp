// bench-dispatcher: what a wake-up costs a thread's event loop as idle sockets pile up.
//
// One thread holds N idle read notifiers (on N descriptors: N/2 Unix socketpairs, a notifier
// on each end, nothing ever written) and bounces one byte between the two ends of one more
// socketpair, each end with its own read notifier: every bounce is one wake-up of the loop and
// one activation. The figure is round trips (there and back) per second. The same run is made
// on three dispatchers: Qt's default on Debian (glib), Qt's own poll() dispatcher (what
// QT_NO_GLIB=1 gives, the echo workers' until now) and EpollEventDispatcher. Rounds alternate
// between them; each figure is the median of the runs.
//
// Prints a Markdown table (stdout), progress and every run (stderr). Every run stops itself
// after --seconds. No network: socketpairs only.
//
// usage: bench-dispatcher [--counts 100,1000,10000] [--runs 5] [--seconds 0.5]

#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSocketNotifier>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

enum class Dispatcher { Glib, Poll, Epoll };
constexpr std::array<Dispatcher, 3> dispatchers { Dispatcher::Glib, Dispatcher::Poll,
    Dispatcher::Epoll };
constexpr int warmUpRoundTrips = 200;

const char *label(Dispatcher dispatcher)
{
    switch (dispatcher) {
    case Dispatcher::Glib:
        return "Qt default (glib)";
    case Dispatcher::Poll:
        return "Qt poll (QT_NO_GLIB=1)";
    case Dispatcher::Epoll:
        return "EpollEventDispatcher";
    }
    return "";
}

struct Run
{
    double roundTripsPerSecond = 0;
    QByteArray dispatcherClass;
    bool failed = false;
};

class BenchThread final : public QThread
{
public:
    BenchThread(const std::vector<int> &idle, std::array<int, 2> active, double seconds)
        : m_idle(idle)
        , m_active(active)
        , m_seconds(seconds)
    { }

    Run result;

protected:
    void run() override
    {
        result.dispatcherClass = QAbstractEventDispatcher::instance()->metaObject()->className();
        std::vector<std::unique_ptr<QSocketNotifier>> idle;
        idle.reserve(m_idle.size());
        for (const int fd : m_idle)
            idle.push_back(std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read));

        QEventLoop loop;
        QElapsedTimer clock;
        qint64 bounces = 0;
        std::array<std::unique_ptr<QSocketNotifier>, 2> ends;
        for (size_t i = 0; i < 2; ++i) {
            const int fd = m_active[i];
            ends[i] = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
            QObject::connect(ends[i].get(), &QSocketNotifier::activated, &loop, [&, fd] {
                char byte;
                if (::recv(fd, &byte, 1, 0) != 1 || ::send(fd, &byte, 1, 0) != 1) {
                    result.failed = true;
                    loop.quit();
                    return;
                }
                if (++bounces == 2 * warmUpRoundTrips)
                    clock.start();
                if (bounces > 2 * warmUpRoundTrips && clock.elapsed() >= qint64(m_seconds * 1000)) {
                    const double counted = double(bounces - 2 * warmUpRoundTrips) / 2;
                    result.roundTripsPerSecond = counted * 1e9 / double(clock.nsecsElapsed());
                    loop.quit();
                }
            });
        }
        if (::send(m_active[0], "x", 1, 0) != 1)
            result.failed = true;
        else
            loop.exec();
        // Leave the pair empty for the next run: at most one byte is in flight.
        char byte;
        for (const int fd : m_active)
            while (::recv(fd, &byte, 1, MSG_DONTWAIT) == 1) { }
    }

private:
    const std::vector<int> &m_idle;
    const std::array<int, 2> m_active;
    const double m_seconds;
};

Run runOnce(
    Dispatcher dispatcher, const std::vector<int> &idle, std::array<int, 2> active, double seconds)
{
    // Qt picks a new thread's dispatcher from QT_NO_GLIB when the thread starts.
    if (dispatcher == Dispatcher::Poll)
        qputenv("QT_NO_GLIB", "1");
    else
        qunsetenv("QT_NO_GLIB");
    BenchThread thread(idle, active, seconds);
    if (dispatcher == Dispatcher::Epoll)
        thread.setEventDispatcher(new EpollEventDispatcher);
    thread.start();
    thread.wait();
    return thread.result;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

bool makePairs(int descriptors, std::vector<int> &out)
{
    for (int i = 0; i < descriptors / 2; ++i) {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
            return false;
        out.push_back(fds[0]);
        out.push_back(fds[1]);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QList<int> counts { 100, 1000, 10000 };
    int runs = 5;
    double seconds = 0.5;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--counts")) {
            counts.clear();
            for (const QString &count : args[i + 1].split(QLatin1Char(',')))
                counts.append(count.toInt());
        } else if (args[i] == QLatin1String("--runs")) {
            runs = std::max(1, args[i + 1].toInt());
        } else if (args[i] == QLatin1String("--seconds")) {
            seconds = std::clamp(args[i + 1].toDouble(), 0.05, 10.0);
        } else {
            std::fprintf(stderr,
                "usage: bench-dispatcher [--counts 100,1000,10000] [--runs 5] "
                "[--seconds 0.5]\n");
            return 2;
        }
    }

    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }

    int active[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, active) != 0) {
        std::perror("socketpair");
        return 2;
    }

    std::printf("| idle notifiers | %s | %s | %s | epoll ÷ poll | epoll ÷ glib |\n",
        label(Dispatcher::Glib), label(Dispatcher::Poll), label(Dispatcher::Epoll));
    std::printf("|---:|---:|---:|---:|---:|---:|\n");
    std::vector<int> idle;
    for (const int count : counts) {
        if (!makePairs(count - int(idle.size()), idle)) {
            std::fprintf(stderr, "cannot open %d descriptors (limit %llu): %s\n", count,
                (unsigned long long)limit.rlim_cur, std::strerror(errno));
            return 2;
        }
        const std::vector<int> notified(idle.begin(), idle.begin() + count);
        std::array<std::vector<double>, 3> figures;
        for (int r = 0; r < runs; ++r) {
            for (size_t k = 0; k < dispatchers.size(); ++k) {
                // A different dispatcher goes first in each run.
                const Dispatcher dispatcher = dispatchers[(k + size_t(r)) % dispatchers.size()];
                const Run run = runOnce(dispatcher, notified, { active[0], active[1] }, seconds);
                if (run.failed) {
                    std::fprintf(stderr, "the ping-pong failed on %s\n", label(dispatcher));
                    return 1;
                }
                std::fprintf(stderr, "N=%d run %d %s (%s): %.0f round trips/s\n", count, r + 1,
                    label(dispatcher), run.dispatcherClass.constData(), run.roundTripsPerSecond);
                figures[size_t(dispatcher)].push_back(run.roundTripsPerSecond);
            }
        }
        const double glib = median(figures[size_t(Dispatcher::Glib)]);
        const double poll = median(figures[size_t(Dispatcher::Poll)]);
        const double epoll = median(figures[size_t(Dispatcher::Epoll)]);
        std::printf("| %d | %.0f | %.0f | %.0f | %.2f× | %.2f× |\n", count, glib, poll, epoll,
            epoll / poll, epoll / glib);
        std::fflush(stdout);
    }
    for (const int fd : idle)
        ::close(fd);
    ::close(active[0]);
    ::close(active[1]);
    return 0;
}
