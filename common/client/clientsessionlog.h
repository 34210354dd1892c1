#pragma once

#include "echoclient.h"

#include <QObject>
#include <QTimer>

#include <chrono>

class LineLogFile;

// The client's side of a session, written line by line to a log file as it happens: state
// changes and errors at once; what was sent and received gathered over a short interval (a
// flood costs a few lines a second, not one per read), each batch followed by the echo check
// when it has changed.
//
//   10:41:07.123  state  Connected to 127.0.0.1:22000
//   10:41:07.410  send   5 bytes: "hello"
//   10:41:07.410  recv   5 bytes: "hello"
//   10:41:07.410  check  Echo matches (5 bytes)
//
// Over UDP the gathered lines count datagrams too, and the check is the datagram check:
//
//   10:41:08.002  send   3 datagrams, 3 bytes: "abc"
//   10:41:09.104  check  Datagrams: 3 sent, 2 came back · lost 1 · duplicated 0 · …
class ClientSessionLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientSessionLog)

public:
    static constexpr std::chrono::milliseconds gatherInterval { 100 };

    ClientSessionLog(EchoClient *client, LineLogFile *file, QObject *parent = nullptr);
    ~ClientSessionLog() override;

private:
    struct Gathered
    {
        qint64 bytes = 0;
        qint64 datagrams = 0;
        QByteArray preview;
        bool truncated = false;
    };

    void write(const QString &step, const QString &message);
    void gather(Gathered &gathered, const QByteArray &bytes);
    void writeGathered();
    void onStateChanged(EchoClient::State state);

    EchoClient *m_client = nullptr;
    LineLogFile *m_file = nullptr;
    Gathered m_sent;
    Gathered m_received;
    QString m_lastCheck;
    QTimer m_gatherTimer { this };
};
