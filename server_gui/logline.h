#pragma once

#include <QString>
#include <QTime>

// The socket call a log line stands for: the steps a socket programming course teaches, so that
// a student can match what the server does with the calls in their own code.
// UDP has no connection: recvfrom and sendto carry its datagrams, and a peer is "forgotten"
// (not a call: the server stops remembering an address that has been silent).
enum class SocketStep {
    Socket,
    Bind,
    Listen,
    Accept,
    Recv,
    Send,
    Shutdown,
    Close,
    RecvFrom,
    SendTo,
    Forget,
    Error
};

// "socket", "bind", … as the C functions are spelt; "forget" for a UDP peer the server stops
// remembering, "error" for errors.
QString socketStepName(SocketStep step);

// One line of the server's log.
struct LogLine
{
    QTime time;
    SocketStep step = SocketStep::Error;
    quint64 clientId = 0; // 0: the line is about the listening socket, not a client
    QString client; // "#3 127.0.0.1:40312", empty when clientId is 0
    QString message;
};

// "09:41:07.123  accept  #3 127.0.0.1:40312  Connection accepted", as a log file has it.
QString logLineText(const LogLine &line);
