#pragma once

#include "clientinfo.h"
#include "consoleoutput.h"
#include "servereventtext.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <unistd.h>

class EchoServer;
class LineLogFile;

// The headless server's voice: one line per event on a descriptor (stdout) and a summary every
// few seconds while traffic flows. Data lines are left out: with thousands of clients they would
// be the whole output. Past clientLinesPerSecond, what clients do (arrive, shut down sending,
// leave) is told in one line a second, until a second with fewer. Lines are handed to the
// ConsoleOutput's thread at the end of each event-loop turn, so a burst costs one write, and a
// terminal or pipe that takes nothing never holds up the server.
class ServerConsole final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConsole)

public:
    static constexpr std::chrono::milliseconds defaultSummaryInterval { 5000 };
    // About as fast as a person reads a scrolling terminal: a client or two connecting and
    // leaving each second still gets its lines; a test script's burst or a load run is told in
    // one line a second.
    static constexpr int clientLinesPerSecond = 5;
    static constexpr std::chrono::milliseconds coalescingInterval { 1000 };

    explicit ServerConsole(EchoServer *server, int fd = STDOUT_FILENO, QObject *parent = nullptr);
    ~ServerConsole() override;

    void setSummaryInterval(std::chrono::milliseconds interval);
    // How long a while the line that tells many clients' events covers (a second).
    void setCoalescingInterval(std::chrono::milliseconds interval);
    // Every line is also appended here, flushed per line (nullptr: nowhere else). When the file
    // cannot be written, and when it can again, the console says so (not the file).
    void setLogFile(LineLogFile *file);
    void printLine(const QString &text);
    void printTotals();
    // Hands what is buffered to the output's thread (also done at the end of every event-loop
    // turn); waits for nothing.
    void flush();
    // Bytes of lines that may wait for the descriptor before lines are dropped.
    void setOutputCapacity(qsizetype bytes) { m_output.setCapacity(bytes); }
    qint64 droppedLines() const { return m_output.droppedLines(); }

    qint64 totalReceived() const { return m_totalReceived; }
    qint64 totalEchoed() const { return m_totalEchoed; }

private:
    void countTraffic(const QList<TrafficSample> &samples);
    void printSummary();
    // A line for each transport opened.
    void printListening();
    // "3 clients connected, 2 UDP peers", each for a transport served.
    QString clientCounts() const;
    // Whether a client's line is said on its own; if not, its event is counted for the line
    // that tells the second.
    bool takeClientLine();
    void endCoalescingSecond();
    void printCoalescedClients();
    // Not to the log file: what the console says about the file itself.
    void printToConsole(const QString &text);
    void bufferLine(const QString &line);
    QString timestamp() const;

    EchoServer *m_server = nullptr;
    ConsoleOutput m_output;
    LineLogFile *m_file = nullptr;
    ServerEventText m_text { ServerEventText::Voice::Console };
    QTimer m_summaryTimer { this };
    QTimer m_flushTimer { this };
    QTimer m_secondTimer { this };
    int m_clientLinesThisSecond = 0;
    bool m_coalescing = false;
    ServerEventText::ClientTally m_coalesced;
    // Local time without asking the C library for every line (which re-reads the time zone).
    qint64 m_utcOffsetMs = 0;
    QElapsedTimer m_sinceSummary;
    qint64 m_totalReceived = 0;
    qint64 m_totalEchoed = 0;
    qint64 m_echoedSinceSummary = 0;
    qint64 m_clientsServed = 0;
};
