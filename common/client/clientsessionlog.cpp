#include "clientsessionlog.h"

#include "bytecount.h"
#include "controlbytes.h"
#include "echocheck.h"
#include "hostport.h"
#include "linelogfile.h"

#include <QTime>

ClientSessionLog::ClientSessionLog(EchoClient *client, LineLogFile *file, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_file(file)
{
    m_gatherTimer.setSingleShot(true);
    m_gatherTimer.setInterval(gatherInterval);
    connect(&m_gatherTimer, &QTimer::timeout, this, &ClientSessionLog::writeGathered);
    connect(client, &EchoClient::stateChanged, this, &ClientSessionLog::onStateChanged);
    connect(client, &EchoClient::errorOccurred, this,
        [this](const QString &message) { write(QStringLiteral("error"), message); });
    connect(client, &EchoClient::sentData, this,
        [this](const QByteArray &bytes) { gather(m_sent, bytes); });
    connect(client, &EchoClient::received, this,
        [this](const QByteArray &bytes) { gather(m_received, bytes); });
    connect(client, &EchoClient::fileFinished, this,
        [this] { write(QStringLiteral("file"), tr("File sent")); });
    connect(client, &EchoClient::fileStopped, this, [this](const QString &reason) {
        write(QStringLiteral("file"), tr("File stopped: %1").arg(reason));
    });
    // Losses are counted with no traffic: the check line says so within a gathering interval.
    connect(client, &EchoClient::datagramsLost, this, [this] {
        if (!m_gatherTimer.isActive())
            m_gatherTimer.start();
    });
    connect(client, &EchoClient::reconnectScheduled, this, [this](qint64 delayMs, int attempt) {
        write(QStringLiteral("state"),
            tr("Next connection attempt (%1) in %2 ms").arg(attempt).arg(delayMs));
    });
}

ClientSessionLog::~ClientSessionLog()
{
    writeGathered();
}

void ClientSessionLog::write(const QString &step, const QString &message)
{
    m_file->append(LineLogFile::formatLine(QTime::currentTime(), step, QString(), message));
}

void ClientSessionLog::gather(Gathered &gathered, const QByteArray &bytes)
{
    gathered.bytes += bytes.size();
    ++gathered.datagrams;
    capturePreview(gathered.preview, gathered.truncated, bytes);
    if (!m_gatherTimer.isActive())
        m_gatherTimer.start();
}

void ClientSessionLog::writeGathered()
{
    for (auto [step, gathered] : { std::pair { QStringLiteral("send"), &m_sent },
             std::pair { QStringLiteral("recv"), &m_received } }) {
        if (gathered->datagrams == 0)
            continue;
        const QString preview = previewBytes(gathered->preview, gathered->truncated);
        if (m_client->usesDatagrams()) {
            const QString count = gathered->datagrams == 1
                ? tr("1 datagram, %1: \"%2\"")
                : tr("%n datagrams, %1: \"%2\"", nullptr, int(gathered->datagrams));
            write(step, count.arg(formatByteCount(gathered->bytes), preview));
        } else {
            write(step, tr("%1: \"%2\"").arg(formatByteCount(gathered->bytes), preview));
        }
        *gathered = Gathered {};
    }
    const EchoCheck &echoCheck = m_client->echoCheck();
    const DatagramCheck &datagramCheck = m_client->datagramCheck();
    const bool nothing = m_client->usesDatagrams()
        ? datagramCheck.sentCount() == 0 && datagramCheck.receivedCount() == 0
        : echoCheck.bytesSent() == 0 && echoCheck.bytesReceived() == 0;
    if (nothing)
        return;
    const QString check = m_client->echoSummary();
    if (check != m_lastCheck) {
        write(QStringLiteral("check"), check);
        m_lastCheck = check;
    }
}

void ClientSessionLog::onStateChanged(EchoClient::State state)
{
    writeGathered();
    switch (state) {
    case EchoClient::State::Connecting:
        write(QStringLiteral("state"),
            m_client->usesDatagrams()
                ? tr("Connecting to %1 over UDP")
                      .arg(formatHostPort(m_client->host(), m_client->port()))
                : tr("Connecting to %1").arg(formatHostPort(m_client->host(), m_client->port())));
        break;
    case EchoClient::State::Connected:
        m_lastCheck.clear();
        write(QStringLiteral("state"), tr("Connected to %1").arg(m_client->serverDescription()));
        break;
    case EchoClient::State::Disconnecting:
        write(QStringLiteral("state"), tr("Disconnecting"));
        break;
    case EchoClient::State::Disconnected:
        write(QStringLiteral("state"), tr("Disconnected"));
        break;
    }
}
