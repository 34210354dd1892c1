#include "serverlogwriter.h"

#include "controlbytes.h"
#include "echoserver.h"
#include "linelogfile.h"
#include "logmodel.h"
#include "servereventtext.h"

ServerLogWriter::ServerLogWriter(LogModel *log, QObject *parent)
    : QObject(parent)
    , m_log(log)
{
    m_dataTimer.setInterval(dataInterval);
    connect(&m_dataTimer, &QTimer::timeout, this, &ServerLogWriter::writeNextTurn);
}

void ServerLogWriter::setShowData(bool show)
{
    m_showData = show;
    if (!show)
        m_data.clear();
}

void ServerLogWriter::setLogFile(LineLogFile *file)
{
    LineLogFile::attach(m_file, file, this, &ServerLogWriter::writeToLogOnly);
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
    const QHostAddress &address, quint16 port, Transports transports, int backlog, int workers)
{
    const QString endpoint = EchoServer::describeEndpoint(address, port);
    if (transports.testFlag(Transport::Tcp)) {
        // QTcpServer makes these three calls in one go; one line each shows the steps a C server
        // takes.
        write(SocketStep::Socket, 0, ServerEventText::socketCreated(address));
        write(SocketStep::Bind, 0, ServerEventText::boundTo(endpoint));
        write(SocketStep::Listen, 0,
            ServerEventText::listeningWithBacklog(endpoint, backlog, workers));
    }
    if (transports.testFlag(Transport::Udp)) {
        // No listen and no accept: each worker's socket takes datagrams from any peer.
        write(SocketStep::Socket, 0, ServerEventText::udpSocketsCreated(address, workers));
        write(SocketStep::Bind, 0, ServerEventText::boundTo(endpoint));
    }
    m_turns = 1;
    m_nextTurn = 0;
    m_dataTimer.start(dataInterval);
}

void ServerLogWriter::listeningStopped(const QString &endpoint)
{
    writeDueData();
    m_dataTimer.stop();
    write(SocketStep::Close, 0, ServerEventText::stoppedListening(endpoint));
    m_text.clear();
    m_data.clear();
    m_udpPeers.clear();
}

void ServerLogWriter::clientArrived(const ClientInfo &client)
{
    // A UDP peer arrives with its first datagram, which recvfrom took.
    const bool udp = client.transport == Transport::Udp;
    if (udp)
        m_udpPeers.insert(client.id);
    write(udp ? SocketStep::RecvFrom : SocketStep::Accept, client.id, m_text.arrival(client));
}

void ServerLogWriter::clientShutDownSending(quint64 id, qint64 pendingEcho)
{
    // Data gathered but not yet written was read before the end of the stream.
    const auto data = m_data.find(id);
    if (data != m_data.end() && data->due)
        writeData(id, *data);
    write(SocketStep::Shutdown, id, m_text.shutDownSending(id, pendingEcho));
}

void ServerLogWriter::clientLeft(const ClientDeparture &departure)
{
    const auto data = m_data.find(departure.id);
    if (data != m_data.end()) {
        if (data->due)
            writeData(departure.id, *data);
        m_data.erase(data);
    }
    SocketStep step = SocketStep::Close;
    if (m_udpPeers.remove(departure.id))
        step = SocketStep::Forget;
    else if (departure.reason == LeaveReason::Error)
        step = SocketStep::Error;
    write(step, departure.id, m_text.departure(departure));
    m_text.forget(departure.id);
}

void ServerLogWriter::trafficReported(const QList<TrafficSample> &samples)
{
    if (!m_showData)
        return;
    for (const TrafficSample &sample : samples) {
        if (sample.received == 0 && sample.echoed == 0 && sample.reads == 0 &&
            sample.datagramsEchoed == 0 && sample.echoesDropped == 0)
            continue;
        PendingData &data = m_data[sample.id];
        // The preview is of the first bytes of the whole line, however many samples it gathers.
        capturePreview(
            data.preview, data.previewTruncated, sample.preview, sample.previewTruncated);
        data.received += sample.received;
        data.echoed += sample.echoed;
        data.reads += sample.reads;
        data.datagramsEchoed += sample.datagramsEchoed;
        data.echoesDropped += sample.echoesDropped;
        data.due = true;
        if (!data.recent)
            writeData(sample.id, data);
    }
}

void ServerLogWriter::writeData(quint64 id, PendingData &data)
{
    if (m_udpPeers.contains(id)) {
        writeDatagrams(id, data);
        return;
    }
    if (data.received > 0) {
        write(SocketStep::Recv, id,
            ServerEventText::received(
                data.received, data.reads, data.preview, data.previewTruncated));
    }
    if (data.echoed > 0)
        write(SocketStep::Send, id, ServerEventText::echoed(data.echoed));
    data = PendingData {};
    data.recent = true;
}

void ServerLogWriter::writeDatagrams(quint64 id, PendingData &data)
{
    // A datagram of 0 bytes is still a datagram: counted by number, not by bytes.
    if (data.reads > 0) {
        write(SocketStep::RecvFrom, id,
            ServerEventText::receivedDatagrams(
                data.reads, data.received, data.preview, data.previewTruncated));
    }
    if (data.datagramsEchoed > 0 || data.echoesDropped > 0) {
        write(SocketStep::SendTo, id,
            ServerEventText::echoedDatagrams(
                data.datagramsEchoed, data.echoed, data.echoesDropped));
    }
    data = PendingData {};
    data.recent = true;
}

void ServerLogWriter::writeNextTurn()
{
    if (m_nextTurn == 0) {
        // A new round: as many turns as the clients gathering data need.
        const auto clients = int(qMin(m_data.size(), qsizetype(maximumTurns * clientsPerTurn)));
        m_turns = qBound(1, (clients + clientsPerTurn - 1) / clientsPerTurn, maximumTurns);
        m_dataTimer.setInterval(dataInterval / m_turns);
    }
    writeDueData(m_nextTurn, m_turns);
    m_nextTurn = (m_nextTurn + 1) % m_turns;
}

void ServerLogWriter::writeDueData(int turn, int turns)
{
    for (auto it = m_data.begin(); it != m_data.end();) {
        if (it.key() % quint64(turns) != quint64(turn)) {
            ++it;
        } else if (it->due) {
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
