#pragma once

#include "clientinfo.h"
#include "logline.h"
#include "servereventtext.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

class LineLogFile;
class LogModel;

// Turns what the echo server reports into log lines, one socket step each, written to a
// LogModel. Data lines are gathered per client: the first bytes after a quiet spell show at once
// (typing stays live), then at most one recv and one send line per client per dataInterval, so
// a flood costs a few lines a second per client.
class ServerLogWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerLogWriter)

public:
    static constexpr std::chrono::milliseconds dataInterval { 1000 };

    explicit ServerLogWriter(LogModel *log, QObject *parent = nullptr);

    // Every line is also appended here as it is written (nullptr: nowhere else). When the file
    // cannot be written, and when it can again, the log says so (not the file).
    void setLogFile(LineLogFile *file);

    // Off: data lines are neither written nor gathered.
    void setShowData(bool show);
    bool showData() const { return m_showData; }

    // The socket steps of each transport opened.
    void listeningStarted(
        const QHostAddress &address, quint16 port, Transports transports, int backlog, int workers);
    void listeningStopped(const QString &endpoint);
    void clientArrived(const ClientInfo &client);
    // A half-close: a shutdown line, after the data the client sent before it.
    void clientShutDownSending(quint64 id, qint64 pendingEcho);
    void clientLeft(const ClientDeparture &departure);
    void trafficReported(const QList<TrafficSample> &samples);
    void clientsRefused(int count, int limit);
    void connectionsLostBeforeServed(int count, int error);
    void errorOccurred(const QString &message);
    // The server is asked to disconnect a client; `why` is said in the log.
    void disconnecting(quint64 id, const QString &why);

    // "#3 127.0.0.1:40312" while the client is connected, "#3" after.
    QString clientName(quint64 id) const { return m_text.clientName(id); }

private:
    struct PendingData
    {
        qint64 received = 0;
        qint64 echoed = 0;
        int reads = 0; // datagrams, for a UDP peer
        int datagramsEchoed = 0;
        int echoesDropped = 0;
        QByteArray preview;
        bool previewTruncated = false;
        bool due = false; // something gathered, not yet written
        bool recent = false; // a line was written within the current interval
    };

    void write(SocketStep step, quint64 clientId, const QString &message);
    void writeToLogOnly(const QString &message);
    void writeData(quint64 id, PendingData &data);
    // A UDP peer's data: recvfrom and sendto lines counting datagrams.
    void writeDatagrams(quint64 id, PendingData &data);
    // Writes what the clients whose turn it is gathered: ids equal to `turn` modulo `turns`.
    void writeDueData(int turn = 0, int turns = 1);
    void writeNextTurn();

    // Clients take turns by id, each turn writing the lines of about clientsPerTurn clients, the
    // turns spread over dataInterval: one turn a second up to 1,000 clients (a log view updated
    // once a second), ten for 10,000 (ten batches of 2,000 lines, not a 40 ms one of 20,000).
    static constexpr int clientsPerTurn = 1000;
    static constexpr int maximumTurns = 10;

    LogModel *m_log = nullptr;
    LineLogFile *m_file = nullptr;
    ServerEventText m_text { ServerEventText::Voice::Log };
    QHash<quint64, PendingData> m_data;
    QSet<quint64> m_udpPeers;
    QTimer m_dataTimer;
    int m_turns = 1; // in this round of dataInterval
    int m_nextTurn = 0;
    bool m_showData = true;
};
