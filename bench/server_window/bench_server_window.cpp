// bench-server-window: the Server window with many clients echoing through it.
//
// Two runs:
// - stream (the default, up to 1,000 clients): N clients (100) stream echo at full speed for S
//   seconds (30), on a thread of the bench's own process.
// - messages (more than 1,000 clients, or --messages): N clients (10,000 with --clients 10000)
//   each send a small message, wait for its echo and send the next at once, all of them busy
//   all the time, from a child process; meanwhile the bench clicks a column header to sort,
//   selects every row and then unselects one with Ctrl+click.
// - UDP flood (--udp-flood): N UDP sockets (16) send 32-byte datagrams at R a second in all
//   (--rate, 100,000) for S seconds (5), from a thread of the bench's own process; the server
//   listens on TCP and UDP on one port.
// The clients check every echoed byte. On the GUI thread a 5 ms timer measures the event loop's
// lag: how late each tick fires compared with when it was due. At the end the client table's
// counters are compared with what each client sent, byte for byte.
//
// Prints a Markdown table and one JSON line. Exit status 1 on a wrong byte, a short echo, a
// failed connection, a table counter that differs from what was sent, or (messages) a table that
// is not sorted or selected as clicked; 2 when it could not be set up; 0 otherwise (a missed
// target shows as "no"). Every loop is bounded by a deadline.
//
// usage: bench-server-window [--clients N] [--seconds S] [--messages] [--message-bytes B]
//                            [--udp-flood [--rate R]]

#include "benchclients.h"
#include "clienttablemodel.h"
#include "logmodel.h"
#include "serverwindow.h"
#include "systemlimits.h"
#include "udpflood.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr auto tableTimeout = std::chrono::seconds(10);
constexpr int probeIntervalMs = 5;

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

const char *yesNo(bool ok)
{
    return ok ? "yes" : "**no**";
}

// The probe: lateness of each tick of a precise 5 ms timer on the GUI thread.
class LagProbe
{
public:
    LagProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(probeIntervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            m_lagMs.push_back(std::max(0.0, double(now - m_lastTickNs) / 1e6 - probeIntervalMs));
            m_cpuMs.push_back(double(cpu - m_lastCpuNs) / 1e6);
            m_tickNs.push_back(now);
            m_lastTickNs = now;
            m_lastCpuNs = cpu;
        });
    }

    void start(int seconds)
    {
        m_lagMs.reserve(size_t(seconds) * 1000 / probeIntervalMs + 10000);
        m_tickNs.reserve(m_lagMs.capacity());
        m_cpuMs.reserve(m_lagMs.capacity());
        m_clock.start();
        m_lastTickNs = 0;
        m_lastCpuNs = threadCpuNs();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 now() const { return m_clock.nsecsElapsed(); }

    const std::vector<double> &lagMs() const { return m_lagMs; }
    double maxLag() const
    {
        return m_lagMs.empty() ? 0 : *std::max_element(m_lagMs.cbegin(), m_lagMs.cend());
    }
    long long stalls() const
    {
        return std::count_if(m_lagMs.cbegin(), m_lagMs.cend(), [](double ms) { return ms > 200; });
    }
    // Of the time between the ticks that fired more than 200 ms late, the share the GUI thread
    // spent running (its own work) rather than waiting for a CPU (a busy machine).
    double stallCpuShare() const
    {
        double waited = 0;
        double ran = 0;
        for (std::size_t i = 0; i < m_lagMs.size(); ++i) {
            if (m_lagMs[i] > 200) {
                waited += m_lagMs[i] + probeIntervalMs;
                ran += m_cpuMs[i];
            }
        }
        return waited > 0 ? ran / waited : 0;
    }
    // The worst lag of the ticks that fired in [fromNs, toNs].
    double maxLagBetween(qint64 fromNs, qint64 toNs) const
    {
        double worst = 0;
        for (std::size_t i = 0; i < m_tickNs.size(); ++i) {
            if (m_tickNs[i] >= fromNs && m_tickNs[i] <= toNs)
                worst = std::max(worst, m_lagMs[i]);
        }
        return worst;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    static qint64 threadCpuNs()
    {
        timespec now {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
    }

    qint64 m_lastTickNs = 0;
    qint64 m_lastCpuNs = 0;
    std::vector<double> m_lagMs;
    std::vector<double> m_cpuMs; // the GUI thread's CPU time since the tick before
    std::vector<qint64> m_tickNs;
};

struct WindowParts
{
    QApplication *app = nullptr;
    QTableView *table = nullptr;
    QSortFilterProxyModel *sortedClients = nullptr;
    ClientTableModel *clients = nullptr;
    LogModel *logLines = nullptr;
    QLabel *status = nullptr;
    quint16 port = 0;
};

// Once every echo is back, the table must say exactly what each client sent.
bool tableMatches(const ClientTableModel &clients, const std::vector<Connection> &connections)
{
    QHash<quint16, std::pair<qint64, qint64>> shown;
    shown.reserve(clients.rowCount());
    for (int row = 0; row < clients.rowCount(); ++row) {
        const auto value = [&](int column) {
            return clients.index(row, column).data(ClientTableModel::ValueRole).toLongLong();
        };
        shown.insert(quint16(value(ClientTableModel::PortColumn)),
            { value(ClientTableModel::ReceivedColumn), value(ClientTableModel::EchoedColumn) });
    }
    return std::all_of(connections.cbegin(), connections.cend(), [&](const Connection &c) {
        const auto it = shown.constFind(c.localPort);
        return it != shown.cend() && it->first == c.sent && it->second == c.sent;
    });
}

std::pair<qint64, qint64> tableTotals(const ClientTableModel &clients)
{
    qint64 received = 0;
    qint64 echoed = 0;
    for (int row = 0; row < clients.rowCount(); ++row) {
        received += clients.index(row, ClientTableModel::ReceivedColumn)
                        .data(ClientTableModel::ValueRole)
                        .toLongLong();
        echoed += clients.index(row, ClientTableModel::EchoedColumn)
                      .data(ClientTableModel::ValueRole)
                      .toLongLong();
    }
    return { received, echoed };
}

int runStream(const WindowParts &ui, int clientCount, int seconds)
{
    LoadPlan plan;
    plan.port = ui.port;
    plan.clients = clientCount;
    plan.duration = std::chrono::seconds(seconds);
    ClientsThread load(plan);
    if (!load.connectAll()) {
        std::fprintf(stderr, "bench-server-window: %s\n", load.error().c_str());
        return 1;
    }
    if (!processEventsUntil(
            [&] { return ui.clients->rowCount() == clientCount; }, std::chrono::seconds(10))) {
        std::fprintf(stderr, "bench-server-window: the table shows %d of %d clients\n",
            ui.clients->rowCount(), clientCount);
        return 1;
    }

    qint64 logLinesWritten = 0;
    QObject::connect(ui.logLines, &QAbstractItemModel::rowsInserted, ui.app,
        [&](const QModelIndex &, int first, int last) { logLinesWritten += last - first + 1; });

    LagProbe probe;
    probe.start(seconds);
    load.start();
    const auto loadLimit = std::chrono::seconds(seconds) + std::chrono::seconds(35);
    processEventsUntil([&] { return load.finished(); }, loadLimit);
    probe.stop();
    const LoadResult result = load.join();
    const qint64 linesDuringRun = logLinesWritten;

    std::string problem = result.error;
    qint64 totalSent = 0;
    for (const Connection &c : result.connections)
        totalSent += c.sent;
    const bool countersExact = problem.empty() &&
        processEventsUntil(
            [&] { return tableMatches(*ui.clients, result.connections); }, tableTimeout);
    if (problem.empty() && !countersExact)
        problem = "the client table's counters differ from what the clients sent";
    const auto [tableReceived, tableEchoed] = tableTotals(*ui.clients);
    load.closeAll();
    const bool rowsGone =
        processEventsUntil([&] { return ui.clients->rowCount() == 0; }, tableTimeout);
    if (problem.empty() && !rowsGone)
        problem = "rows of departed clients stayed in the table";

    const double floodSeconds = result.floodSeconds;
    const double p50 = percentile(probe.lagMs(), 0.50);
    const double p99 = percentile(probe.lagMs(), 0.99);
    const double maxLag = probe.maxLag();
    const long long stalls = probe.stalls();
    const double peakMiB = double(procStatusKiB("VmHWM")) / 1024.0;
    const double mibPerSecond = floodSeconds > 0 ? double(totalSent) / floodSeconds / 1048576.0 : 0;
    const double linesPerSecond = floodSeconds > 0 ? double(linesDuringRun) / floodSeconds : 0;

    std::printf("| figure | value | target | met |\n| --- | --- | --- | --- |\n");
    std::printf("| clients streaming | %d for %.1f s | 100 for 30 s | %s |\n", clientCount,
        floodSeconds, yesNo(clientCount >= 100 && floodSeconds >= 30));
    std::printf("| echoed through the window | %.1f MiB/s (%lld bytes) | | |\n", mibPerSecond,
        static_cast<long long>(totalSent));
    std::printf("| event-loop lag p50 | %.2f ms | | |\n", p50);
    std::printf("| event-loop lag p99 | %.2f ms | <= 50 ms | %s |\n", p99, yesNo(p99 <= 50));
    std::printf("| event-loop lag max | %.1f ms | | |\n", maxLag);
    std::printf("| stalls > 200 ms | %lld | 0 | %s |\n", stalls, yesNo(stalls == 0));
    std::printf(
        "| peak memory (VmHWM) | %.1f MiB | < 200 MiB | %s |\n", peakMiB, yesNo(peakMiB < 200));
    std::printf("| table counters = bytes sent | %s (%lld received, %lld echoed) | exact | %s |\n",
        countersExact ? "exact" : "differ", static_cast<long long>(tableReceived),
        static_cast<long long>(tableEchoed), yesNo(countersExact));
    std::printf("| log lines written | %.1f per second (%lld kept) | bounded | %s |\n",
        linesPerSecond, static_cast<long long>(ui.logLines->rowCount()),
        yesNo(ui.logLines->rowCount() <= ui.logLines->maximumLines()));
    std::printf("{\"run\":\"stream\",\"clients\":%d,\"seconds\":%.2f,\"bytes_sent\":%lld,"
                "\"mib_per_s\":%.2f,\"lag_ms_p50\":%.3f,\"lag_ms_p99\":%.3f,\"lag_ms_max\":%.3f,"
                "\"stalls_over_200ms\":%lld,\"probe_ticks\":%zu,\"peak_rss_mib\":%.1f,"
                "\"counters_exact\":%s,\"log_lines_per_s\":%.2f,\"error\":\"%s\"}\n",
        clientCount, floodSeconds, static_cast<long long>(totalSent), mibPerSecond, p50, p99,
        maxLag, stalls, probe.lagMs().size(), peakMiB, countersExact ? "true" : "false",
        linesPerSecond, problem.c_str());
    if (!problem.empty())
        std::fprintf(stderr, "bench-server-window: %s\n", problem.c_str());
    return problem.empty() ? 0 : 1;
}

// What a user does to the table while every client is busy, timed on the GUI thread.
struct TableAction
{
    const char *name = "";
    double callMs = -1; // how long the click or key press itself took to handle
    qint64 atNs = -1;
    double lagMs = 0; // the worst probe lag from the action to 2 s after it
};

QPoint sectionCentre(const QHeaderView *header, int column)
{
    return { header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
        header->height() / 2 };
}

int selectedRowCount(const QTableView &table)
{
    return int(table.selectionModel()->selectedRows().size());
}

// The table after the actions: sorted by bytes received, busiest first, and every row selected
// but the one Ctrl+clicked. Empty when so.
std::string checkSortAndSelection(const WindowParts &ui, quint64 unselectedId)
{
    const QHeaderView *header = ui.table->horizontalHeader();
    if (header->sortIndicatorSection() != ClientTableModel::ReceivedColumn ||
        header->sortIndicatorOrder() != Qt::DescendingOrder)
        return "the header click did not sort by bytes received, busiest first";
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < ui.sortedClients->rowCount(); ++row) {
        const qint64 received = ui.sortedClients->index(row, ClientTableModel::ReceivedColumn)
                                    .data(ClientTableModel::SortRole)
                                    .toLongLong();
        if (received > previous)
            return "row " + std::to_string(row) + " is out of order after the run";
        previous = received;
    }
    const int expected = ui.clients->rowCount() - 1;
    if (selectedRowCount(*ui.table) != expected)
        return std::to_string(selectedRowCount(*ui.table)) + " rows selected, not " +
            std::to_string(expected);
    const QModelIndex unselected = ui.sortedClients->mapFromSource(
        ui.clients->index(ui.clients->rowOf(unselectedId), ClientTableModel::ClientColumn));
    if (!unselected.isValid() || ui.table->selectionModel()->isRowSelected(unselected.row()))
        return "the Ctrl+clicked client did not stay unselected";
    return {};
}

int runMessages(
    const WindowParts &ui, ClientsProcess &load, int clientCount, int seconds, int messageBytes)
{
    // Arrival: every client connects (64 at a time ahead of the server) and echoes once.
    LagProbe arrivalProbe;
    arrivalProbe.start(60);
    load.beginConnecting(ui.port);
    if (!processEventsUntil([&] { return load.connected(); }, std::chrono::seconds(100))) {
        std::fprintf(stderr, "bench-server-window: the clients did not connect\n");
        return 1;
    }
    if (!load.connectError().empty()) {
        std::fprintf(stderr, "bench-server-window: %s\n", load.connectError().c_str());
        return 1;
    }
    if (!processEventsUntil(
            [&] { return ui.clients->rowCount() == clientCount; }, std::chrono::seconds(10))) {
        std::fprintf(stderr, "bench-server-window: the table shows %d of %d clients\n",
            ui.clients->rowCount(), clientCount);
        return 1;
    }
    const double shownSeconds = double(arrivalProbe.now()) / 1e9;
    arrivalProbe.stop();

    qint64 logLinesWritten = 0;
    QObject::connect(ui.logLines, &QAbstractItemModel::rowsInserted, ui.app,
        [&](const QModelIndex &, int first, int last) { logLinesWritten += last - first + 1; });

    LagProbe probe;
    TableAction actions[3];
    quint64 unselectedId = 0;
    const auto at = [&](double share) {
        return std::chrono::milliseconds(qRound(seconds * share * 1000));
    };
    const auto act = [&](TableAction &action, const char *name, const auto &doIt) {
        action.name = name;
        action.atNs = probe.now();
        QElapsedTimer call;
        call.start();
        doIt();
        action.callMs = double(call.nsecsElapsed()) / 1e6;
    };
    QHeaderView *header = ui.table->horizontalHeader();
    QTimer::singleShot(at(0.3), ui.app, [&] {
        act(actions[0], "sort click on Bytes received", [&] {
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                sectionCentre(header, ClientTableModel::ReceivedColumn));
        });
    });
    QTimer::singleShot(at(0.5), ui.app, [&] {
        act(actions[1], "select all (Ctrl+A)",
            [&] { QTest::keyClick(ui.table, Qt::Key_A, Qt::ControlModifier); });
    });
    QTimer::singleShot(at(0.7), ui.app, [&] {
        const QModelIndex third = ui.sortedClients->index(2, ClientTableModel::ClientColumn);
        unselectedId = third.data(ClientTableModel::ValueRole).toULongLong();
        act(actions[2], "selection change (Ctrl+click on a row)", [&] {
            QTest::mouseClick(ui.table->viewport(), Qt::LeftButton, Qt::ControlModifier,
                ui.table->visualRect(third).center());
        });
    });

    probe.start(seconds);
    load.start();
    const auto loadLimit = std::chrono::seconds(seconds) + std::chrono::seconds(35);
    processEventsUntil([&] { return load.finished(); }, loadLimit);
    probe.stop();
    const qint64 linesDuringRun = logLinesWritten;
    const LoadResult result = load.result();
    for (TableAction &action : actions)
        action.lagMs = probe.maxLagBetween(action.atNs, action.atNs + 2'000'000'000LL);

    std::string problem = load.finished() ? result.error : "the clients did not finish";
    qint64 totalSent = 0;
    for (const Connection &c : result.connections)
        totalSent += c.sent;
    const bool countersExact = problem.empty() &&
        processEventsUntil(
            [&] { return tableMatches(*ui.clients, result.connections); }, tableTimeout);
    if (problem.empty() && !countersExact)
        problem = "the client table's counters differ from what the clients sent";
    const bool actionsDone = std::all_of(std::cbegin(actions), std::cend(actions),
        [](const TableAction &action) { return action.callMs >= 0; });
    std::string tableProblem =
        actionsDone ? checkSortAndSelection(ui, unselectedId) : "the run ended before the clicks";
    if (problem.empty())
        problem = tableProblem;
    const bool columnsFit = ui.table->horizontalScrollBar()->maximum() == 0;
    const auto [tableReceived, tableEchoed] = tableTotals(*ui.clients);
    load.closeAll();
    const bool rowsGone =
        processEventsUntil([&] { return ui.clients->rowCount() == 0; }, tableTimeout * 3);
    if (problem.empty() && !rowsGone)
        problem = "rows of departed clients stayed in the table";

    const double floodSeconds = result.floodSeconds;
    const double p50 = percentile(probe.lagMs(), 0.50);
    const double p99 = percentile(probe.lagMs(), 0.99);
    const double maxLag = probe.maxLag();
    const long long stalls = probe.stalls();
    const double peakMiB = double(procStatusKiB("VmHWM")) / 1024.0;
    const double messagesPerSecond = floodSeconds > 0 ? double(result.messages) / floodSeconds : 0;
    const double linesPerSecond = floodSeconds > 0 ? double(linesDuringRun) / floodSeconds : 0;

    std::printf("| figure | value | target | met |\n| --- | --- | --- | --- |\n");
    std::printf("| clients busy | %d for %.1f s, each sending %d-byte messages one after "
                "another | 10,000 for 30 s | %s |\n",
        clientCount, floodSeconds, messageBytes, yesNo(clientCount >= 10000 && floodSeconds >= 30));
    std::printf("| arrival: all connected, echoed once, shown | %.1f s (clients %.1f s), lag max "
                "%.1f ms, %lld stalls > 200 ms | | |\n",
        shownSeconds, load.connectSeconds(), arrivalProbe.maxLag(), arrivalProbe.stalls());
    std::printf("| messages echoed | %.0f per second (%lld bytes) | | |\n", messagesPerSecond,
        static_cast<long long>(totalSent));
    std::printf("| event-loop lag p50 | %.2f ms | | |\n", p50);
    std::printf("| event-loop lag p99 | %.2f ms | <= 50 ms | %s |\n", p99, yesNo(p99 <= 50));
    std::printf("| event-loop lag max | %.1f ms | | |\n", maxLag);
    const std::string stallShare = stalls > 0 ? " (the GUI thread running for " +
            std::to_string(qRound(probe.stallCpuShare() * 100)) + "% of them)"
                                              : std::string();
    std::printf(
        "| stalls > 200 ms | %lld%s | 0 | %s |\n", stalls, stallShare.c_str(), yesNo(stalls == 0));
    for (const TableAction &action : actions) {
        std::printf("| %s | handled in %.1f ms, lag max %.1f ms in the next 2 s | < 200 ms | "
                    "%s |\n",
            action.name, action.callMs, action.lagMs,
            yesNo(action.callMs >= 0 && action.callMs < 200 && action.lagMs < 200));
    }
    std::printf("| table sorted and selected as clicked, after the run | %s | yes | %s |\n",
        tableProblem.empty() ? "yes" : tableProblem.c_str(), yesNo(tableProblem.empty()));
    std::printf("| columns fit (no horizontal scroll bar) | %s | yes | %s |\n",
        columnsFit ? "yes" : "no", yesNo(columnsFit));
    std::printf("| peak memory of the window's process (VmHWM) | %.1f MiB | < 300 MiB | %s |\n",
        peakMiB, yesNo(peakMiB < 300));
    std::printf("| table counters = bytes sent | %s (%lld received, %lld echoed) | exact | %s |\n",
        countersExact ? "exact" : "differ", static_cast<long long>(tableReceived),
        static_cast<long long>(tableEchoed), yesNo(countersExact));
    std::printf("| log lines written | %.1f per second (%lld kept) | bounded | %s |\n",
        linesPerSecond, static_cast<long long>(ui.logLines->rowCount()),
        yesNo(ui.logLines->rowCount() <= ui.logLines->maximumLines()));
    std::printf("| peak memory of the clients' process | %.1f MiB | | |\n",
        double(result.peakKiB) / 1024.0);
    std::printf(
        "{\"run\":\"messages\",\"clients\":%d,\"seconds\":%.2f,\"message_bytes\":%d,"
        "\"arrival_s\":%.2f,\"arrival_lag_ms_max\":%.3f,\"messages_per_s\":%.0f,"
        "\"bytes_sent\":%lld,\"lag_ms_p50\":%.3f,\"lag_ms_p99\":%.3f,\"lag_ms_max\":%.3f,"
        "\"stalls_over_200ms\":%lld,\"stall_cpu_share\":%.2f,\"probe_ticks\":%zu,"
        "\"sort_click_ms\":%.1f,"
        "\"sort_click_lag_ms\":%.1f,\"select_all_ms\":%.1f,\"select_all_lag_ms\":%.1f,"
        "\"selection_change_ms\":%.1f,\"selection_change_lag_ms\":%.1f,\"columns_fit\":%s,"
        "\"peak_rss_mib\":%.1f,\"counters_exact\":%s,\"log_lines_per_s\":%.2f,\"error\":\"%s\"}\n",
        clientCount, floodSeconds, messageBytes, shownSeconds, arrivalProbe.maxLag(),
        messagesPerSecond, static_cast<long long>(totalSent), p50, p99, maxLag, stalls,
        probe.stallCpuShare(), probe.lagMs().size(), actions[0].callMs, actions[0].lagMs,
        actions[1].callMs, actions[1].lagMs, actions[2].callMs, actions[2].lagMs,
        columnsFit ? "true" : "false", peakMiB, countersExact ? "true" : "false", linesPerSecond,
        problem.c_str());
    if (!problem.empty())
        std::fprintf(stderr, "bench-server-window: %s\n", problem.c_str());
    return problem.empty() ? 0 : 1;
}

// One descriptor per client in the window's process, and, for the stream and UDP runs, one more
// for the client itself; the messages run's clients hold theirs in their own process. Raises the
// soft limit; false (with a message) when it is still too low.
bool enoughDescriptors(int clientCount, bool messages)
{
    const OpenFileLimit limit = raiseOpenFileLimit();
    const long long needed = (messages ? 1LL : 2LL) * clientCount + 256;
    if (limit.soft >= 0 && limit.soft < needed) {
        std::fprintf(stderr,
            "bench-server-window: %d clients need about %lld descriptors; the limit is %lld\n",
            clientCount, needed, limit.soft);
        return false;
    }
    return true;
}

// The window's widgets and models the bench reads; null where one was not found.
WindowParts findWindowParts(QApplication &app, const ServerWindow &window)
{
    WindowParts ui;
    ui.app = &app;
    ui.status = window.findChild<QLabel *>(QStringLiteral("statusLabel"));
    ui.table = window.findChild<QTableView *>(QStringLiteral("clientTable"));
    auto *logView = window.findChild<QTableView *>(QStringLiteral("logView"));
    ui.sortedClients =
        ui.table ? qobject_cast<QSortFilterProxyModel *>(ui.table->model()) : nullptr;
    ui.clients = ui.sortedClients
        ? qobject_cast<ClientTableModel *>(ui.sortedClients->sourceModel())
        : nullptr;
    auto *logFilter = logView ? qobject_cast<QSortFilterProxyModel *>(logView->model()) : nullptr;
    ui.logLines = logFilter ? qobject_cast<LogModel *>(logFilter->sourceModel()) : nullptr;
    return ui;
}

// A port free on 127.0.0.1 for TCP and for UDP (the server takes both); 0 when none was found.
quint16 freeTcpAndUdpPort()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        quint16 port = 0;
        if (bind(tcp, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
            getsockname(tcp, reinterpret_cast<sockaddr *>(&address), &length) == 0 &&
            bind(udp, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0)
            port = ntohs(address.sin_port);
        ::close(tcp);
        ::close(udp);
        if (port != 0)
            return port;
    }
    return 0;
}

// After the flood, each peer's row must lie between what came back and what was sent: UDP may
// drop a datagram either way but never adds one. Empty when every row does.
std::string checkUdpCounters(
    const ClientTableModel &clients, const std::vector<UdpFloodPeer> &peers)
{
    QHash<quint16, std::pair<qint64, qint64>> shown;
    for (int row = 0; row < clients.rowCount(); ++row) {
        const auto value = [&](int column) {
            return clients.index(row, column).data(ClientTableModel::ValueRole).toLongLong();
        };
        shown.insert(quint16(value(ClientTableModel::PortColumn)),
            { value(ClientTableModel::ReceivedColumn), value(ClientTableModel::EchoedColumn) });
    }
    for (const UdpFloodPeer &peer : peers) {
        const auto it = shown.constFind(peer.localPort);
        const qint64 sent = peer.sentDatagrams * qint64(UdpFlood::datagramBytes);
        const qint64 back = peer.echoedDatagrams * qint64(UdpFlood::datagramBytes);
        if (it == shown.cend())
            return "no row for UDP peer port " + std::to_string(peer.localPort);
        if (!(back <= it->second && it->second <= it->first && it->first <= sent))
            return "UDP peer port " + std::to_string(peer.localPort) + ": the table says " +
                std::to_string(it->first) + " bytes received, " + std::to_string(it->second) +
                " echoed; the peer sent " + std::to_string(sent) + " and got " +
                std::to_string(back) + " back";
    }
    return {};
}

void printUdpFloodTable(const UdpFloodPlan &plan, const UdpFloodResult &result,
    const LagProbe &probe, const std::string &countersProblem, const WindowParts &ui,
    double linesPerSecond)
{
    const double seconds = result.floodSeconds;
    const double sentRate = seconds > 0 ? double(result.sentDatagrams) / seconds : 0;
    const double echoedRate = seconds > 0 ? double(result.echoedDatagrams) / seconds : 0;
    const double p50 = percentile(probe.lagMs(), 0.50);
    const double p99 = percentile(probe.lagMs(), 0.99);
    const long long stalls = probe.stalls();
    const double peakMiB = double(procStatusKiB("VmHWM")) / 1024.0;
    const long long lost = result.sentDatagrams - result.echoedDatagrams;
    std::printf("| figure | value | target | met |\n| --- | --- | --- | --- |\n");
    std::printf("| UDP peers flooding | %d for %.1f s, %zu-byte datagrams | 16 for 5 s | %s |\n",
        plan.peers, seconds, UdpFlood::datagramBytes, yesNo(plan.peers >= 16 && seconds >= 5));
    std::printf("| datagrams sent | %.0f per second (%lld) | ~100,000 per second | %s |\n",
        sentRate, static_cast<long long>(result.sentDatagrams), yesNo(sentRate >= 90'000));
    std::printf("| datagrams echoed back (each checked) | %.0f per second (%lld; %lld dropped on "
                "the way, %.1f%%) | | |\n",
        echoedRate, static_cast<long long>(result.echoedDatagrams), lost,
        result.sentDatagrams > 0 ? 100.0 * double(lost) / double(result.sentDatagrams) : 0.0);
    std::printf("| event-loop lag p50 | %.2f ms | | |\n", p50);
    std::printf("| event-loop lag p99 | %.2f ms | <= 50 ms | %s |\n", p99, yesNo(p99 <= 50));
    std::printf("| event-loop lag max | %.1f ms | | |\n", probe.maxLag());
    std::printf("| stalls > 200 ms | %lld | 0 | %s |\n", stalls, yesNo(stalls == 0));
    std::printf(
        "| peak memory (VmHWM) | %.1f MiB | < 200 MiB | %s |\n", peakMiB, yesNo(peakMiB < 200));
    std::printf(
        "| table rows: echoed back <= echoed <= received <= sent, per peer | %s | yes | %s |\n",
        countersProblem.empty() ? "yes" : countersProblem.c_str(), yesNo(countersProblem.empty()));
    std::printf("| log lines written | %.1f per second (%lld kept) | bounded | %s |\n",
        linesPerSecond, static_cast<long long>(ui.logLines->rowCount()),
        yesNo(ui.logLines->rowCount() <= ui.logLines->maximumLines()));
    std::printf("{\"run\":\"udp-flood\",\"peers\":%d,\"seconds\":%.2f,\"rate\":%d,"
                "\"sent\":%lld,\"echoed\":%lld,\"sent_per_s\":%.0f,\"echoed_per_s\":%.0f,"
                "\"lag_ms_p50\":%.3f,\"lag_ms_p99\":%.3f,\"lag_ms_max\":%.3f,"
                "\"stalls_over_200ms\":%lld,\"probe_ticks\":%zu,\"peak_rss_mib\":%.1f,"
                "\"counters_ok\":%s,\"log_lines_per_s\":%.2f,\"error\":\"%s\"}\n",
        plan.peers, seconds, plan.datagramsPerSecond, static_cast<long long>(result.sentDatagrams),
        static_cast<long long>(result.echoedDatagrams), sentRate, echoedRate, p50, p99,
        probe.maxLag(), stalls, probe.lagMs().size(), peakMiB,
        countersProblem.empty() ? "true" : "false", linesPerSecond, result.error.c_str());
}

int runUdpFlood(const WindowParts &ui, const UdpFloodPlan &plan)
{
    UdpFlood flood(plan);
    if (!flood.open()) {
        std::fprintf(stderr, "bench-server-window: %s\n", flood.error().c_str());
        return 2;
    }
    // The window's server may bind its UDP socket after its TCP listener.
    if (!processEventsUntil([&] { return flood.probeEchoed(); }, std::chrono::seconds(10))) {
        std::fprintf(stderr, "bench-server-window: no UDP echo on port %u within 10 s\n", ui.port);
        return 2;
    }
    qint64 logLinesWritten = 0;
    QObject::connect(ui.logLines, &QAbstractItemModel::rowsInserted, ui.app,
        [&](const QModelIndex &, int first, int last) { logLinesWritten += last - first + 1; });

    LagProbe probe;
    probe.start(int(plan.duration.count()));
    flood.start();
    processEventsUntil([&] { return flood.finished(); }, plan.duration + std::chrono::seconds(30));
    probe.stop();
    const qint64 linesDuringRun = logLinesWritten;
    const UdpFloodResult result = flood.join();

    std::string countersProblem = "not checked: an echo was wrong";
    if (result.error.empty()) {
        processEventsUntil(
            [&] { return checkUdpCounters(*ui.clients, result.peers).empty(); }, tableTimeout);
        countersProblem = checkUdpCounters(*ui.clients, result.peers);
    }
    const double linesPerSecond =
        result.floodSeconds > 0 ? double(linesDuringRun) / result.floodSeconds : 0;
    printUdpFloodTable(plan, result, probe, countersProblem, ui, linesPerSecond);
    const std::string problem = result.error.empty() ? countersProblem : result.error;
    if (!problem.empty())
        std::fprintf(stderr, "bench-server-window: %s\n", problem.c_str());
    return problem.empty() ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const bool udpFlood = arguments.contains(QStringLiteral("--udp-flood"));
    const int clientCount = std::clamp(
        argumentValue(arguments, QStringLiteral("--clients"), udpFlood ? 16 : 100), 1, 10000);
    const int seconds = std::clamp(
        argumentValue(arguments, QStringLiteral("--seconds"), udpFlood ? 5 : 30), 1, 600);
    const bool messages =
        !udpFlood && (clientCount > 1000 || arguments.contains(QStringLiteral("--messages")));
    const int messageBytes =
        std::clamp(argumentValue(arguments, QStringLiteral("--message-bytes"), 64), 1, 65536);

    if (!enoughDescriptors(clientCount, messages))
        return 2;
    // Forked before the application object exists, so no thread is running yet.
    std::unique_ptr<ClientsProcess> clientsProcess;
    if (messages) {
        clientsProcess = std::make_unique<ClientsProcess>(
            clientCount, std::chrono::seconds(seconds), messageBytes);
        if (!clientsProcess->valid()) {
            std::fprintf(stderr, "bench-server-window: cannot start the clients' process\n");
            return 2;
        }
    }

    // A benchmark runs where there may be no display; the window still lays out and paints.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    tuneProcessForServing(); // as tcp-echo-server does, after the application object

    QTemporaryDir settingsDirectory;
    QSettings settings(
        settingsDirectory.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ServerOptions options;
    // TCP and UDP share the port; for UDP the bench picks one free for both.
    options.port = udpFlood ? freeTcpAndUdpPort() : 0;
    options.portGiven = true;
    options.listen = true;
    ServerWindow window(options, &settings);
    window.show();

    WindowParts ui = findWindowParts(app, window);
    if (!ui.status || !ui.clients || !ui.logLines) {
        std::fprintf(stderr, "bench-server-window: the window's parts were not found\n");
        return 2;
    }
    if (udpFlood) {
        ui.port = options.port;
        const int rate =
            std::clamp(argumentValue(arguments, QStringLiteral("--rate"), 100'000), 1, 1'000'000);
        return runUdpFlood(ui,
            { .port = options.port,
                .peers = clientCount,
                .datagramsPerSecond = rate,
                .duration = std::chrono::seconds(seconds) });
    }
    const QRegularExpression listening(QStringLiteral(R"(^Listening on 127\.0\.0\.1:(\d+)$)"));
    if (!processEventsUntil([&] { return listening.match(ui.status->text()).hasMatch(); },
            std::chrono::seconds(10))) {
        std::fprintf(
            stderr, "bench-server-window: not listening: %s\n", qPrintable(ui.status->text()));
        return 2;
    }
    ui.port = quint16(listening.match(ui.status->text()).captured(1).toUInt());

    if (clientsProcess)
        return runMessages(ui, *clientsProcess, clientCount, seconds, messageBytes);
    return runStream(ui, clientCount, seconds);
}
