#pragma once

#include "clientinfo.h"
#include "servereventtext.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstdio>

class EchoServer;

// The headless server's voice: one line per event on a stream (stdout), flushed at once, and a
// summary every few seconds while traffic flows. Data lines are left out: with thousands of
// clients they would be the whole output.
class ServerConsole final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConsole)

public:
    static constexpr std::chrono::milliseconds defaultSummaryInterval { 5000 };

    explicit ServerConsole(EchoServer *server, FILE *out = stdout, QObject *parent = nullptr);

    void setSummaryInterval(std::chrono::milliseconds interval);
    void printLine(const QString &text);
    void printTotals();

    qint64 totalReceived() const { return m_totalReceived; }
    qint64 totalEchoed() const { return m_totalEchoed; }
    qint64 clientsServed() const { return m_clientsServed; }

private:
    void countTraffic(const QList<TrafficSample> &samples);
    void printSummary();

    EchoServer *m_server = nullptr;
    FILE *m_out = nullptr;
    ServerEventText m_text;
    QTimer m_summaryTimer { this };
    QElapsedTimer m_sinceSummary;
    qint64 m_totalReceived = 0;
    qint64 m_totalEchoed = 0;
    qint64 m_echoedSinceSummary = 0;
    qint64 m_clientsServed = 0;
};
