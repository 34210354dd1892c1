#include "logmodel.h"

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogModel::flushPending);
}

QString LogModel::timeText(QTime time)
{
    return time.toString(QStringLiteral("HH:mm:ss.zzz"));
}

void LogModel::append(LogLine line)
{
    if (!line.time.isValid())
        line.time = QTime::currentTime();
    m_pending.push_back(std::move(line));
    // Lines the ring would drop at once anyway need not wait in memory.
    if (m_pending.size() > size_t(m_maximumLines))
        m_pending.pop_front();
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

size_t LogModel::slot(int row) const
{
    return size_t((m_first + row) % m_maximumLines);
}

void LogModel::clear()
{
    beginResetModel();
    m_ring.clear();
    m_first = 0;
    m_count = 0;
    m_pending.clear();
    endResetModel();
}

void LogModel::setMaximumLines(int lines)
{
    beginResetModel();
    std::vector<LogLine> kept;
    const int keep = qMin(m_count, qMax(1, lines));
    kept.reserve(size_t(keep));
    for (int row = m_count - keep; row < m_count; ++row)
        kept.push_back(std::move(m_ring[slot(row)]));
    m_maximumLines = qMax(1, lines);
    m_ring = std::move(kept);
    m_ring.resize(size_t(m_maximumLines));
    m_first = 0;
    m_count = keep;
    endResetModel();
    if (m_pending.size() > size_t(m_maximumLines))
        m_pending.erase(m_pending.begin(),
            m_pending.begin() + std::ptrdiff_t(m_pending.size() - size_t(m_maximumLines)));
}

const LogLine &LogModel::line(int row) const
{
    Q_ASSERT(row >= 0 && row < m_count);
    return m_ring[slot(row)];
}

void LogModel::flushPending()
{
    if (m_pending.empty())
        return;
    // Allocated once: the ring never moves its lines, it only overwrites the oldest.
    if (m_ring.empty())
        m_ring.resize(size_t(m_maximumLines));
    const int incoming = int(m_pending.size());
    // One removal and one insertion per batch: views relayout once, however many lines.
    const int overflow = m_count + incoming - m_maximumLines;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_first = (m_first + overflow) % m_maximumLines;
        m_count -= overflow;
        endRemoveRows();
    }
    beginInsertRows({}, m_count, m_count + incoming - 1);
    for (LogLine &line : m_pending) {
        m_ring[slot(m_count)] = std::move(line);
        ++m_count;
    }
    endInsertRows();
    m_pending.clear();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_count)
        return {};
    const LogLine &entry = line(index.row());
    if (role == ClientIdRole)
        return QVariant::fromValue(entry.clientId);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return timeText(entry.time);
    case StepColumn:
        return socketStepName(entry.step);
    case ClientColumn:
        return entry.client;
    case MessageColumn:
        return entry.message;
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case StepColumn:
        return tr("Step");
    case ClientColumn:
        return tr("Client");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}
