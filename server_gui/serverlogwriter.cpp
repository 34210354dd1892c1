#include "serverlogwriter.h"

#include "bytecount.h"
#include "controlbytes.h"
#include "echoserver.h"
#include "linelogfile.h"
#include "logmodel.h"
#include "servereventtext.h"

namespace {

QString readsText(int reads)
{
    return reads == 1 ? ServerLogWriter::tr("1 read")
                      : ServerLogWriter::tr("%Ln reads", nullptr, reads);
}

QString totalsText(const ClientDeparture &departure)
{
    return ServerLogWriter::tr("%1 received, %2 echoed in total")
        .arg(formatByteCount(departure.totalReceived), formatByteCount(departure.totalEchoed));
}

} // namespace

ServerLogWriter::ServerLogWriter(LogModel *log, QObject *parent)
    : QObject(parent)
    , m_log(log)
{
    m_dataTimer.setInterval(dataInterval);
    connect(&m_dataTimer, &QTimer::timeout, this, &ServerLogWriter::writeDueData);
}

void ServerLogWriter::setShowData(bool show)
{
    m_showData = show;
    if (!show)
        m_data.clear();
}

QString ServerLogWriter::clientName(quint64 id) const
{
    const QString endpoint = m_names.value(id);
    return endpoint.isEmpty() ? tr("#%1").arg(id) : tr("#%1 %2").arg(id).arg(endpoint);
}

void ServerLogWriter::setLogFile(LineLogFile *file)
{
    if (m_file)
        m_file->disconnect(this);
    m_file = file;
    if (!file)
        return;
    connect(file, &LineLogFile::writeFailed, this, &ServerLogWriter::writeToLogOnly);
    connect(file, &LineLogFile::writingResumed, this, &ServerLogWriter::writeToLogOnly);
}

void ServerLogWriter::writeToLogOnly(const QString &message)
{
    LogLine line;
    line.time = QTime::currentTime();
    line.step = SocketStep::Error;
    line.message = message;
    m_log->append(std::move(line));
}

void ServerLogWriter::write(SocketStep step, quint64 clientId, const QString &message)
{
    LogLine line;
    line.time = QTime::currentTime();
    line.step = step;
    line.clientId = clientId;
    if (clientId != 0)
        line.client = clientName(clientId);
    line.message = message;
    if (m_file)
        m_file->append(logLineText(line));
    m_log->append(std::move(line));
}

void ServerLogWriter::listeningStarted(
    const QHostAddress &address, quint16 port, int backlog, int workers)
{
    // QTcpServer makes these three calls in one go; one line each shows the steps a C server
    // takes.
    QString family;
    if (address == QHostAddress(QHostAddress::Any))
        family = tr("IPv6 socket that also accepts IPv4");
    else if (address.protocol() == QAbstractSocket::IPv6Protocol)
        family = tr("IPv6 socket");
    else
        family = tr("IPv4 socket");
    write(SocketStep::Socket, 0, tr("Created a TCP %1").arg(family));
    write(SocketStep::Bind, 0, tr("Bound to %1").arg(EchoServer::describeEndpoint(address, port)));
    write(SocketStep::Listen, 0,
        tr("Listening on %1 (backlog %2, %n worker threads)", nullptr, workers)
            .arg(EchoServer::describeEndpoint(address, port))
            .arg(backlog));
    m_dataTimer.start();
}

void ServerLogWriter::listeningStopped(const QString &endpoint)
{
    writeDueData();
    m_dataTimer.stop();
    write(SocketStep::Close, 0, tr("Stopped listening on %1").arg(endpoint));
    m_names.clear();
    m_data.clear();
}

void ServerLogWriter::clientArrived(const ClientInfo &client)
{
    m_names.insert(client.id, ServerEventText::clientEndpoint(client));
    write(SocketStep::Accept, client.id,
        tr("Connection accepted from %1, served by worker %2")
            .arg(ServerEventText::clientEndpoint(client))
            .arg(client.worker + 1));
}

void ServerLogWriter::clientShutDownSending(quint64 id, qint64 pendingEcho)
{
    // Data gathered but not yet written was read before the end of the stream.
    const auto data = m_data.find(id);
    if (data != m_data.end() && data->due)
        writeData(id, *data);
    write(SocketStep::Shutdown, id,
        tr("Client shut down its sending side; echoing the remaining %1, then closing")
            .arg(formatByteCount(pendingEcho)));
}

void ServerLogWriter::clientLeft(const ClientDeparture &departure)
{
    const auto data = m_data.find(departure.id);
    if (data != m_data.end()) {
        if (data->due)
            writeData(departure.id, *data);
        m_data.erase(data);
    }
    QString what;
    SocketStep step = SocketStep::Close;
    switch (departure.reason) {
    case LeaveReason::PeerClosed:
        what = tr("Client closed the connection");
        break;
    case LeaveReason::Error:
        step = SocketStep::Error;
        what = tr("Connection lost");
        break;
    case LeaveReason::DisconnectedByServer:
        what = tr("Connection closed by the server");
        break;
    case LeaveReason::ServerStopped:
        what = tr("Disconnected because the server stopped");
        break;
    }
    if (!departure.detail.isEmpty())
        what = tr("%1: %2").arg(what, departure.detail);
    write(step, departure.id, tr("%1 (%2)").arg(what, totalsText(departure)));
    m_names.remove(departure.id);
}

void ServerLogWriter::trafficReported(const QList<TrafficSample> &samples)
{
    if (!m_showData)
        return;
    for (const TrafficSample &sample : samples) {
        if (sample.received == 0 && sample.echoed == 0)
            continue;
        PendingData &data = m_data[sample.id];
        // The preview is of the first bytes of the whole line, however many samples it gathers.
        capturePreview(
            data.preview, data.previewTruncated, sample.preview, sample.previewTruncated);
        data.received += sample.received;
        data.echoed += sample.echoed;
        data.reads += sample.reads;
        data.due = true;
        if (!data.recent)
            writeData(sample.id, data);
    }
}

void ServerLogWriter::writeData(quint64 id, PendingData &data)
{
    if (data.received > 0) {
        QString message =
            tr("Received %1 in %2").arg(formatByteCount(data.received), readsText(data.reads));
        if (!data.preview.isEmpty())
            message =
                tr("%1: \"%2\"").arg(message, previewBytes(data.preview, data.previewTruncated));
        write(SocketStep::Recv, id, message);
    }
    if (data.echoed > 0)
        write(SocketStep::Send, id, tr("Echoed %1").arg(formatByteCount(data.echoed)));
    data = PendingData {};
    data.recent = true;
}

void ServerLogWriter::writeDueData()
{
    for (auto it = m_data.begin(); it != m_data.end();) {
        if (it->due) {
            writeData(it.key(), *it);
            ++it;
        } else {
            // Quiet for a whole interval: its next bytes show at once.
            it = m_data.erase(it);
        }
    }
}

void ServerLogWriter::clientsRefused(int count, int limit)
{
    write(SocketStep::Close, 0, ServerEventText::refusal(count, limit));
}

void ServerLogWriter::connectionsLostBeforeServed(int count, int error)
{
    write(SocketStep::Accept, 0, ServerEventText::lostBeforeServed(count, error));
}

void ServerLogWriter::errorOccurred(const QString &message)
{
    write(SocketStep::Error, 0, message);
}

void ServerLogWriter::disconnecting(quint64 id, const QString &why)
{
    write(SocketStep::Shutdown, id, tr("Disconnecting: %1").arg(why));
}
