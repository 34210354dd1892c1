#pragma once

#include "clientinfo.h"
#include "servereventtext.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstdio>

class EchoServer;
class LineLogFile;

// The headless server's voice: one line per event on a stream (stdout) and a summary every few
// seconds while traffic flows. Data lines are left out: with thousands of clients they would be
// the whole output. Lines are written out at the end of each event-loop turn, so a burst of
// connections costs one write, not two per connection.
class ServerConsole final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConsole)

public:
    static constexpr std::chrono::milliseconds defaultSummaryInterval { 5000 };

    explicit ServerConsole(EchoServer *server, FILE *out = stdout, QObject *parent = nullptr);
    ~ServerConsole() override;

    void setSummaryInterval(std::chrono::milliseconds interval);
    // Every line is also appended here, flushed per line (nullptr: nowhere else). When the file
    // cannot be written, and when it can again, the console says so (not the file).
    void setLogFile(LineLogFile *file);
    void printLine(const QString &text);
    void printTotals();
    // Writes out what is buffered now (also done at the end of every event-loop turn).
    void flush();

    qint64 totalReceived() const { return m_totalReceived; }
    qint64 totalEchoed() const { return m_totalEchoed; }

private:
    void countTraffic(const QList<TrafficSample> &samples);
    void printSummary();
    // Not to the log file: what the console says about the file itself.
    void printToConsole(const QString &text);
    void bufferLine(const QString &line);
    QString timestamp() const;

    EchoServer *m_server = nullptr;
    FILE *m_out = nullptr;
    LineLogFile *m_file = nullptr;
    ServerEventText m_text { ServerEventText::Voice::Console };
    QTimer m_summaryTimer { this };
    QTimer m_flushTimer { this };
    QByteArray m_buffer;
    // Local time without asking the C library for every line (which re-reads the time zone).
    qint64 m_utcOffsetMs = 0;
    QElapsedTimer m_sinceSummary;
    qint64 m_totalReceived = 0;
    qint64 m_totalEchoed = 0;
    qint64 m_echoedSinceSummary = 0;
    qint64 m_clientsServed = 0;
};
