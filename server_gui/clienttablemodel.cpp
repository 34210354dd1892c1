#include "clienttablemodel.h"

#include "defaults.h"

#include <QLocale>

#include <algorithm>

ClientTableModel::ClientTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &ClientTableModel::flush);
}

void ClientTableModel::addClient(const ClientInfo &client)
{
    Row row;
    row.info = client;
    bool isIPv4 = false;
    const quint32 ipv4 = client.address.toIPv4Address(&isIPv4);
    row.address = isIPv4 ? QHostAddress(ipv4).toString() : client.address.toString();
    const Q_IPV6ADDR ipv6 =
        isIPv4 ? QHostAddress(ipv4).toIPv6Address() : client.address.toIPv6Address();
    row.addressKey = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(ipv6.c), sizeof(ipv6.c)).toHex());
    m_index.insert(client.id, int(m_rows.size()));
    m_rows.push_back(std::move(row));
    scheduleFlush();
}

void ClientTableModel::removeClient(const ClientDeparture &departure)
{
    const auto it = m_index.constFind(departure.id);
    if (it == m_index.cend())
        return;
    Row &row = m_rows[size_t(*it)];
    if (row.gone)
        return;
    row.gone = true;
    ++m_gone;
    scheduleFlush();
}

void ClientTableModel::applyTraffic(const QList<TrafficSample> &samples)
{
    const QDateTime now = QDateTime::currentDateTime();
    for (const TrafficSample &sample : samples) {
        const auto it = m_index.constFind(sample.id);
        if (it == m_index.cend())
            continue;
        Row &row = m_rows[size_t(*it)];
        row.latest.received = sample.totalReceived;
        row.latest.echoed = sample.totalEchoed;
        row.latest.datagramsReceived = sample.totalDatagramsReceived;
        row.latest.datagramsEchoed = sample.totalDatagramsEchoed;
        row.latest.echoesDropped = sample.totalEchoesDropped;
        if (sample.received > 0 || sample.echoed > 0)
            row.latest.lastActivity = now;
        row.changed = true;
        m_changed = true;
    }
    if (m_changed)
        scheduleFlush();
}

void ClientTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_shown = 0;
    m_gone = 0;
    m_changed = false;
    endResetModel();
}

quint64 ClientTableModel::clientId(int row) const
{
    return row >= 0 && row < m_shown ? m_rows[size_t(row)].info.id : 0;
}

int ClientTableModel::rowOf(quint64 id) const
{
    const int row = m_index.value(id, -1);
    return row < m_shown ? row : -1;
}

bool ClientTableModel::lessThan(int left, int right, int column) const
{
    const Row &a = m_rows[size_t(left)];
    const Row &b = m_rows[size_t(right)];
    switch (column) {
    case ClientColumn:
        return a.info.id < b.info.id;
    case ProtocolColumn:
        return a.info.transport < b.info.transport;
    case AddressColumn:
        return a.addressKey < b.addressKey;
    case PortColumn:
        return a.info.port < b.info.port;
    case SinceColumn:
        return a.info.since < b.info.since;
    case ReceivedColumn:
        return a.shown.received < b.shown.received;
    case EchoedColumn:
        return a.shown.echoed < b.shown.echoed;
    case DatagramsColumn:
        return a.shown.datagramsReceived < b.shown.datagramsReceived;
    case LastActivityColumn:
        return a.shown.lastActivity < b.shown.lastActivity;
    case WorkerColumn:
        return a.info.worker < b.info.worker;
    default:
        return false;
    }
}

void ClientTableModel::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ClientTableModel::flush()
{
    if (m_gone > 0)
        removeGoneRows();
    if (int(m_rows.size()) > m_shown) {
        // New rows arrive with their counters so far.
        for (auto row = m_rows.begin() + m_shown; row != m_rows.end(); ++row) {
            row->shown = row->latest;
            row->changed = false;
        }
        beginInsertRows({}, m_shown, int(m_rows.size()) - 1);
        m_shown = int(m_rows.size());
        endInsertRows();
    }
    if (!m_changed)
        return;
    // One signal for the span of changed rows: views repaint only what they show of it.
    int first = -1;
    int last = -1;
    for (int i = 0; i < m_shown; ++i) {
        Row &row = m_rows[size_t(i)];
        if (!row.changed)
            continue;
        row.changed = false;
        row.shown = row.latest;
        if (first < 0)
            first = i;
        last = i;
    }
    m_changed = false;
    if (first >= 0)
        emit dataChanged(index(first, ReceivedColumn), index(last, LastActivityColumn));
}

void ClientTableModel::removeGoneRows()
{
    // Rows the views have not seen yet go silently.
    const auto unseen = m_rows.begin() + m_shown;
    m_rows.erase(std::remove_if(unseen, m_rows.end(), [](const Row &row) { return row.gone; }),
        m_rows.end());
    // Shown rows go in runs, from the end, so each run is one removal for the views.
    int end = m_shown;
    while (end > 0) {
        if (!m_rows[size_t(end - 1)].gone) {
            --end;
            continue;
        }
        int begin = end - 1;
        while (begin > 0 && m_rows[size_t(begin - 1)].gone)
            --begin;
        beginRemoveRows({}, begin, end - 1);
        m_rows.erase(m_rows.begin() + begin, m_rows.begin() + end);
        m_shown -= end - begin;
        endRemoveRows();
        end = begin;
    }
    m_gone = 0;
    reindex();
}

void ClientTableModel::reindex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_rows.size()));
    for (int i = 0; i < int(m_rows.size()); ++i)
        m_index.insert(m_rows[size_t(i)].info.id, i);
}

QStringList ClientTableModel::sampleTexts(int column)
{
    switch (column) {
    case ClientColumn:
        return { tr("#%1").arg(9999999) };
    case ProtocolColumn:
        return { transportName(Transport::Tcp), transportName(Transport::Udp) };
    case AddressColumn:
        return { QStringLiteral("255.255.255.255") };
    case PortColumn:
        return { QStringLiteral("65535") };
    case SinceColumn:
        return { QStringLiteral("00:00:00") };
    case ReceivedColumn:
    case EchoedColumn:
        return { QLocale().toString(999'999'999'999LL) }; // a terabyte
    case DatagramsColumn:
        return { datagramText(999'999, 999'999, 0) };
    case LastActivityColumn:
        return { QStringLiteral("00:00:00.000"), tr("none yet") };
    case WorkerColumn:
        return { QStringLiteral("00") };
    default:
        return {};
    }
}

int ClientTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int ClientTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shown)
        return {};
    const Row &row = m_rows[size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return alignment(index.column());
    if (role == ValueRole || role == SortRole)
        return value(row, index.column(), role);
    if (role == Qt::DisplayRole)
        return displayText(row, index.column());
    return {};
}

QVariant ClientTableModel::alignment(int column)
{
    switch (column) {
    case PortColumn:
    case ReceivedColumn:
    case EchoedColumn:
    case DatagramsColumn:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case WorkerColumn:
        return QVariant::fromValue(Qt::AlignCenter);
    default:
        return {};
    }
}

QVariant ClientTableModel::value(const Row &row, int column, int role)
{
    switch (column) {
    case ClientColumn:
        return QVariant::fromValue(row.info.id);
    case ProtocolColumn:
        return role == SortRole ? QVariant(int(row.info.transport))
                                : QVariant(transportName(row.info.transport));
    case AddressColumn:
        return role == SortRole ? row.addressKey : row.address;
    case PortColumn:
        return row.info.port;
    case SinceColumn:
        return row.info.since;
    case ReceivedColumn:
        return row.shown.received;
    case EchoedColumn:
        return row.shown.echoed;
    case DatagramsColumn:
        return row.shown.datagramsReceived;
    case LastActivityColumn:
        return row.shown.lastActivity;
    case WorkerColumn:
        return row.info.worker + 1;
    default:
        return {};
    }
}

QVariant ClientTableModel::displayText(const Row &row, int column)
{
    const QLocale locale;
    switch (column) {
    case ClientColumn:
        return tr("#%1").arg(row.info.id);
    case ProtocolColumn:
        return transportName(row.info.transport);
    case AddressColumn:
        return row.address;
    case PortColumn:
        return QString::number(row.info.port);
    case SinceColumn:
        return row.info.since.time().toString(QStringLiteral("HH:mm:ss"));
    case ReceivedColumn:
        return locale.toString(row.shown.received);
    case EchoedColumn:
        return locale.toString(row.shown.echoed);
    case DatagramsColumn:
        // A TCP connection carries a byte stream: it has no datagrams to count.
        return row.info.transport == Transport::Udp
            ? datagramText(
                  row.shown.datagramsReceived, row.shown.datagramsEchoed, row.shown.echoesDropped)
            : QString();
    case LastActivityColumn:
        return row.shown.lastActivity.isValid()
            ? row.shown.lastActivity.time().toString(QStringLiteral("HH:mm:ss.zzz"))
            : tr("none yet");
    case WorkerColumn:
        return QString::number(row.info.worker + 1);
    default:
        return {};
    }
}

QVariant ClientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole)
        return headerToolTip(section);
    // The first click on a counter or on the last activity shows the busiest clients first.
    if (role == Qt::InitialSortOrderRole) {
        const bool busiestFirst = section == ReceivedColumn || section == EchoedColumn ||
            section == DatagramsColumn || section == LastActivityColumn;
        return int(busiestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClientColumn:
        return tr("Client");
    case ProtocolColumn:
        return tr("Protocol");
    case AddressColumn:
        return tr("Address");
    case PortColumn:
        return tr("Port");
    case SinceColumn:
        // A UDP peer never connects: "since" its first datagram (the tooltip says so).
        return tr("Since");
    case ReceivedColumn:
        return tr("Bytes received");
    case EchoedColumn:
        return tr("Bytes echoed");
    case DatagramsColumn:
        return tr("Datagrams");
    case LastActivityColumn:
        return tr("Last activity");
    case WorkerColumn:
        return tr("Worker");
    default:
        return {};
    }
}

QVariant ClientTableModel::headerToolTip(int section)
{
    switch (section) {
    case SinceColumn:
        return tr("When the connection was accepted; for a UDP peer, when its first datagram "
                  "arrived");
    case DatagramsColumn:
        return tr("UDP datagrams received / echoed, and echoes the kernel refused (dropped)");
    case LastActivityColumn:
        return tr("When bytes last came or went; a UDP peer silent for %1 s is forgotten")
            .arg(udpPeerTimeoutSeconds);
    case WorkerColumn:
        return tr("The worker thread that reads and echoes this client's bytes (1 = the first)");
    default:
        return {};
    }
}

QString ClientTableModel::datagramText(qint64 received, qint64 echoed, qint64 dropped)
{
    const QLocale locale;
    const QString counts = tr("%1 / %2").arg(locale.toString(received), locale.toString(echoed));
    return dropped > 0 ? tr("%1 (%2 dropped)").arg(counts, locale.toString(dropped)) : counts;
}
