// bench-server-window: the Server window with N clients streaming echo through it at full speed.
//
// The clients run on their own thread (plain non-blocking sockets and epoll, so that they cost
// the GUI thread nothing) and check every echoed byte. On the GUI thread a 5 ms timer measures
// the event loop's lag: how late each tick fires compared with when it was due. At the end the
// client table's counters are compared with what each client sent, byte for byte.
//
// Prints a Markdown table and one JSON line. Exit status 1 on a wrong byte, a short echo, a
// failed connection or a table counter that differs from what was sent; 0 otherwise (a missed
// target shows as "no"). Every loop is bounded by a deadline.
//
// usage: bench-server-window [--clients N] [--seconds S]

#include "clienttablemodel.h"
#include "logmodel.h"
#include "serverwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t maxInFlight = 512 * 1024; // sent but not yet echoed, per client
constexpr std::size_t chunk = 16 * 1024;
constexpr auto drainTimeout = std::chrono::seconds(30);
constexpr auto tableTimeout = std::chrono::seconds(10);
constexpr int probeIntervalMs = 5;

// Byte `offset` of client `id`'s stream: varied (NUL, control and high bytes), and different per
// client, so a byte echoed on the wrong connection or at the wrong place is seen.
std::uint8_t patternByte(int id, std::int64_t offset)
{
    std::uint64_t x = std::uint64_t(offset) * 0x9E3779B97F4A7C15ULL + std::uint64_t(id) * 1000003;
    x ^= x >> 29;
    return std::uint8_t(x >> 7);
}

struct Connection
{
    int fd = -1;
    int id = 0;
    quint16 localPort = 0;
    std::int64_t sent = 0;
    std::int64_t received = 0;
};

// The clients: connect, stream for `duration`, then stop sending and read every echo back.
class LoadThread
{
public:
    LoadThread(quint16 port, int clients, std::chrono::seconds duration)
        : m_port(port)
        , m_clientCount(clients)
        , m_duration(duration)
    { }

    ~LoadThread()
    {
        if (m_thread.joinable())
            m_thread.join();
        closeAll();
    }

    bool connectAll()
    {
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (int i = 0; i < m_clientCount; ++i) {
            Connection c;
            c.id = i;
            c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address))
                return fail("connect: " + std::string(std::strerror(errno)));
            const int one = 1;
            ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
            sockaddr_in local {};
            socklen_t length = sizeof local;
            ::getsockname(c.fd, reinterpret_cast<sockaddr *>(&local), &length);
            c.localPort = ntohs(local.sin_port);
            m_connections.push_back(c);
        }
        return true;
    }

    void start()
    {
        m_thread = std::thread([this] { run(); });
    }
    bool finished() const { return m_finished.load(); }
    void join() { m_thread.join(); }
    void closeAll()
    {
        for (Connection &c : m_connections) {
            if (c.fd >= 0)
                ::close(c.fd);
            c.fd = -1;
        }
    }

    const std::vector<Connection> &connections() const { return m_connections; }
    std::string error() const
    {
        std::lock_guard lock(m_errorMutex);
        return m_error;
    }
    double floodSeconds() const { return m_floodSeconds; }

private:
    bool fail(const std::string &message)
    {
        std::lock_guard lock(m_errorMutex);
        if (m_error.empty())
            m_error = message;
        return false;
    }

    void run()
    {
        const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
        for (std::size_t i = 0; i < m_connections.size(); ++i) {
            epoll_event event {};
            event.events = EPOLLIN | EPOLLOUT;
            event.data.u64 = i;
            ::epoll_ctl(epoll, EPOLL_CTL_ADD, m_connections[i].fd, &event);
        }
        std::vector<std::uint8_t> buffer(256 * 1024);
        std::vector<std::uint8_t> outgoing(chunk);
        std::vector<epoll_event> events(m_connections.size());
        const auto start = Clock::now();
        const auto stopSending = start + m_duration;
        const auto giveUp = stopSending + drainTimeout;
        bool sending = true;
        bool ok = true;
        while (ok && Clock::now() < giveUp) {
            if (sending && Clock::now() >= stopSending) {
                sending = false;
                m_floodSeconds = std::chrono::duration<double>(Clock::now() - start).count();
                for (std::size_t i = 0; i < m_connections.size(); ++i) {
                    epoll_event event {};
                    event.events = EPOLLIN;
                    event.data.u64 = i;
                    ::epoll_ctl(epoll, EPOLL_CTL_MOD, m_connections[i].fd, &event);
                }
            }
            if (!sending &&
                std::all_of(m_connections.cbegin(), m_connections.cend(),
                    [](const Connection &c) { return c.received == c.sent; }))
                break;
            const int ready = ::epoll_wait(epoll, events.data(), int(events.size()), 100);
            for (int e = 0; e < ready && ok; ++e) {
                Connection &c = m_connections[events[size_t(e)].data.u64];
                if (events[size_t(e)].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                    // Bounded: at most a few reads per wake-up, so sending gets its turn.
                    for (int reads = 0; reads < 4; ++reads) {
                        const ssize_t n = ::read(c.fd, buffer.data(), buffer.size());
                        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                            break;
                        if (n <= 0) {
                            ok = fail("client " + std::to_string(c.id) + ": connection closed " +
                                "after " + std::to_string(c.received) + " of " +
                                std::to_string(c.sent) + " bytes echoed");
                            break;
                        }
                        for (ssize_t k = 0; k < n; ++k) {
                            if (buffer[size_t(k)] != patternByte(c.id, c.received + k)) {
                                ok = fail("client " + std::to_string(c.id) + ": wrong byte at " +
                                    std::to_string(c.received + k));
                                break;
                            }
                        }
                        c.received += n;
                        if (c.received > c.sent)
                            ok = fail("client " + std::to_string(c.id) + ": more echoed than sent");
                        if (!ok || n < ssize_t(buffer.size()))
                            break;
                    }
                }
                if (sending && (events[size_t(e)].events & EPOLLOUT)) {
                    while (c.sent - c.received < maxInFlight) {
                        for (std::size_t k = 0; k < chunk; ++k)
                            outgoing[k] = patternByte(c.id, c.sent + std::int64_t(k));
                        const ssize_t n = ::write(c.fd, outgoing.data(), chunk);
                        if (n <= 0)
                            break;
                        c.sent += n;
                    }
                }
            }
        }
        if (ok &&
            std::any_of(m_connections.cbegin(), m_connections.cend(),
                [](const Connection &c) { return c.received != c.sent; }))
            fail("echo not complete within the drain timeout");
        ::close(epoll);
        m_finished = true;
    }

    quint16 m_port;
    int m_clientCount;
    std::chrono::seconds m_duration;
    std::vector<Connection> m_connections;
    std::thread m_thread;
    std::atomic<bool> m_finished { false };
    mutable std::mutex m_errorMutex;
    std::string m_error;
    double m_floodSeconds = 0;
};

// Runs the event loop (waiting for events, not spinning) until `done` holds or `timeout`
// passes; true when it held.
template<typename Condition>
bool processEventsUntil(Condition done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(20);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

qint64 procStatusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray name = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name))
            return line.mid(name.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index =
        std::size_t(std::clamp(p * double(values.size() - 1), 0.0, double(values.size() - 1)));
    return values[index];
}

int argumentValue(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    // A benchmark runs where there may be no display; the window still lays out and paints.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int clientCount =
        std::clamp(argumentValue(arguments, QStringLiteral("--clients"), 100), 1, 1000);
    const int seconds =
        std::clamp(argumentValue(arguments, QStringLiteral("--seconds"), 30), 1, 600);

    QTemporaryDir settingsDirectory;
    QSettings settings(
        settingsDirectory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ServerOptions options;
    options.port = 0;
    options.portGiven = true;
    options.listen = true;
    ServerWindow window(options, &settings);
    window.show();

    auto *status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    auto *table = window.findChild<QTableView *>(QStringLiteral("clientTable"));
    auto *logView = window.findChild<QTableView *>(QStringLiteral("logView"));
    auto *sortedClients = table ? qobject_cast<QSortFilterProxyModel *>(table->model()) : nullptr;
    auto *clients =
        sortedClients ? qobject_cast<ClientTableModel *>(sortedClients->sourceModel()) : nullptr;
    auto *logFilter = logView ? qobject_cast<QSortFilterProxyModel *>(logView->model()) : nullptr;
    auto *logLines = logFilter ? qobject_cast<LogModel *>(logFilter->sourceModel()) : nullptr;
    if (!status || !clients || !logLines) {
        std::fprintf(stderr, "bench-server-window: the window's parts were not found\n");
        return 2;
    }
    const QRegularExpression listening(QStringLiteral(R"(^Listening on 127\.0\.0\.1:(\d+)$)"));
    if (!processEventsUntil(
            [&] { return listening.match(status->text()).hasMatch(); }, std::chrono::seconds(10))) {
        std::fprintf(
            stderr, "bench-server-window: not listening: %s\n", qPrintable(status->text()));
        return 2;
    }
    const auto port = quint16(listening.match(status->text()).captured(1).toUInt());

    LoadThread load(port, clientCount, std::chrono::seconds(seconds));
    if (!load.connectAll()) {
        std::fprintf(stderr, "bench-server-window: %s\n", load.error().c_str());
        return 1;
    }
    if (!processEventsUntil(
            [&] { return clients->rowCount() == clientCount; }, std::chrono::seconds(10))) {
        std::fprintf(stderr, "bench-server-window: the table shows %d of %d clients\n",
            clients->rowCount(), clientCount);
        return 1;
    }

    qint64 logLinesWritten = 0;
    QObject::connect(logLines, &QAbstractItemModel::rowsInserted, &app,
        [&](const QModelIndex &, int first, int last) { logLinesWritten += last - first + 1; });

    // The probe: lateness of each tick of a precise 5 ms timer on the GUI thread.
    std::vector<double> lagMs;
    lagMs.reserve(size_t(seconds) * 1000 / probeIntervalMs + 10000);
    QElapsedTimer probeClock;
    qint64 lastTickNs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(probeIntervalMs);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = probeClock.nsecsElapsed();
        lagMs.push_back(std::max(0.0, double(now - lastTickNs) / 1e6 - probeIntervalMs));
        lastTickNs = now;
    });
    probeClock.start();
    probe.start();
    load.start();

    const auto loadLimit = std::chrono::seconds(seconds) + drainTimeout + std::chrono::seconds(5);
    processEventsUntil([&] { return load.finished(); }, loadLimit);
    probe.stop();
    load.join();
    const double floodSeconds = load.floodSeconds();
    const qint64 linesDuringRun = logLinesWritten;

    int exitStatus = 0;
    std::string problem = load.error();
    qint64 totalSent = 0;
    for (const Connection &c : load.connections())
        totalSent += c.sent;

    // Every echo is back: the table must now say exactly what each client sent.
    const auto tableMatches = [&] {
        for (const Connection &c : load.connections()) {
            bool found = false;
            for (int row = 0; row < clients->rowCount(); ++row) {
                const auto value = [&](int column) {
                    return clients->index(row, column)
                        .data(ClientTableModel::ValueRole)
                        .toLongLong();
                };
                if (value(ClientTableModel::PortColumn) != c.localPort)
                    continue;
                found = value(ClientTableModel::ReceivedColumn) == c.sent &&
                    value(ClientTableModel::EchoedColumn) == c.sent;
                break;
            }
            if (!found)
                return false;
        }
        return true;
    };
    const bool countersExact = problem.empty() && processEventsUntil(tableMatches, tableTimeout);
    if (problem.empty() && !countersExact)
        problem = "the client table's counters differ from what the clients sent";
    qint64 tableReceived = 0;
    qint64 tableEchoed = 0;
    for (int row = 0; row < clients->rowCount(); ++row) {
        tableReceived += clients->index(row, ClientTableModel::ReceivedColumn)
                             .data(ClientTableModel::ValueRole)
                             .toLongLong();
        tableEchoed += clients->index(row, ClientTableModel::EchoedColumn)
                           .data(ClientTableModel::ValueRole)
                           .toLongLong();
    }
    load.closeAll();
    const bool rowsGone =
        processEventsUntil([&] { return clients->rowCount() == 0; }, tableTimeout);
    if (problem.empty() && !rowsGone)
        problem = "rows of departed clients stayed in the table";
    if (!problem.empty())
        exitStatus = 1;

    const double p50 = percentile(lagMs, 0.50);
    const double p99 = percentile(lagMs, 0.99);
    const double maxLag = lagMs.empty() ? 0 : *std::max_element(lagMs.cbegin(), lagMs.cend());
    const auto stalls =
        std::count_if(lagMs.cbegin(), lagMs.cend(), [](double ms) { return ms > 200; });
    const double peakMiB = double(procStatusKiB("VmHWM")) / 1024.0;
    const double mibPerSecond = floodSeconds > 0 ? double(totalSent) / floodSeconds / 1048576.0 : 0;
    const double linesPerSecond = floodSeconds > 0 ? double(linesDuringRun) / floodSeconds : 0;
    const auto yesNo = [](bool ok) { return ok ? "yes" : "**no**"; };

    std::printf("| figure | value | target | met |\n| --- | --- | --- | --- |\n");
    std::printf("| clients streaming | %d for %.1f s | 100 for 30 s | %s |\n", clientCount,
        floodSeconds, yesNo(clientCount >= 100 && floodSeconds >= 30));
    std::printf("| echoed through the window | %.1f MiB/s (%lld bytes) | | |\n", mibPerSecond,
        static_cast<long long>(totalSent));
    std::printf("| event-loop lag p50 | %.2f ms | | |\n", p50);
    std::printf("| event-loop lag p99 | %.2f ms | <= 50 ms | %s |\n", p99, yesNo(p99 <= 50));
    std::printf("| event-loop lag max | %.1f ms | | |\n", maxLag);
    std::printf("| stalls > 200 ms | %lld | 0 | %s |\n", static_cast<long long>(stalls),
        yesNo(stalls == 0));
    std::printf(
        "| peak memory (VmHWM) | %.1f MiB | < 200 MiB | %s |\n", peakMiB, yesNo(peakMiB < 200));
    std::printf("| table counters = bytes sent | %s (%lld received, %lld echoed) | exact | %s |\n",
        countersExact ? "exact" : "differ", static_cast<long long>(tableReceived),
        static_cast<long long>(tableEchoed), yesNo(countersExact));
    std::printf("| log lines written | %.1f per second (%lld kept) | bounded | %s |\n",
        linesPerSecond, static_cast<long long>(logLines->rowCount()),
        yesNo(logLines->rowCount() <= logLines->maximumLines()));
    std::printf(
        "{\"clients\":%d,\"seconds\":%.2f,\"bytes_sent\":%lld,\"mib_per_s\":%.2f,"
        "\"lag_ms_p50\":%.3f,\"lag_ms_p99\":%.3f,\"lag_ms_max\":%.3f,\"stalls_over_200ms\":%lld,"
        "\"probe_ticks\":%zu,\"peak_rss_mib\":%.1f,\"counters_exact\":%s,"
        "\"log_lines_per_s\":%.2f,\"error\":\"%s\"}\n",
        clientCount, floodSeconds, static_cast<long long>(totalSent), mibPerSecond, p50, p99,
        maxLag, static_cast<long long>(stalls), lagMs.size(), peakMiB,
        countersExact ? "true" : "false", linesPerSecond, problem.c_str());
    if (!problem.empty())
        std::fprintf(stderr, "bench-server-window: %s\n", problem.c_str());
    return exitStatus;
}
