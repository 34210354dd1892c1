#include "serversettings.h"

#include "clienttablemodel.h"
#include "listenaddresses.h"
#include "serveroptions.h"

#include <QByteArray>
#include <QSettings>

#include <algorithm>
#include <iterator>

namespace {

using Key = ServerSettings::Key;

constexpr QLatin1String clientColumnNames[] = { QLatin1String("client"), QLatin1String("protocol"),
    QLatin1String("address"), QLatin1String("port"), QLatin1String("since"),
    QLatin1String("received"), QLatin1String("echoed"), QLatin1String("datagrams"),
    QLatin1String("lastActivity"), QLatin1String("worker") };
static_assert(std::size(clientColumnNames) == ClientTableModel::ColumnCount);

const QString descendingValue = QStringLiteral("descending");
const QString ascendingValue = QStringLiteral("ascending");

// The groups keep them apart from the client's when both share a file. The address and the port
// default to the command line's defaults.
std::span<const ServerSettings::Row> rows()
{
    static const ServerSettings::Row table[] = {
        { Key::Address, "server/address", listenAddressSetting(ServerOptions().address) },
        { Key::Port, "server/port", int(defaultPort) },
        { Key::Transports, "server/protocols", transportsText(ServerOptions().transports) },
        { Key::ShowData, "log/showData", true },
        { Key::Geometry, "window/geometry", QByteArray() },
        { Key::Splitter, "window/splitter", QByteArray() },
        { Key::SortColumn, "clients/sortColumn",
            QString(clientColumnNames[ClientTableModel::ClientColumn]) },
        { Key::SortOrder, "clients/sortOrder", ascendingValue },
    };
    static_assert(std::size(table) == std::size_t(Key::SortOrder) + 1, "a row per key");
    return table;
}

// -1 for a name this version lacks.
int clientColumnNamed(const QString &name)
{
    const auto *found =
        std::find(std::cbegin(clientColumnNames), std::cend(clientColumnNames), name);
    return found == std::cend(clientColumnNames) ? -1 : int(found - std::cbegin(clientColumnNames));
}

} // namespace

ServerSettings::ServerSettings(QSettings *settings)
    : SettingsTable(settings, rows())
{ }

QHostAddress ServerSettings::address() const
{
    return parseListenAddress(value(Key::Address).toString());
}

void ServerSettings::setAddress(const QHostAddress &address) const
{
    setValue(Key::Address, listenAddressSetting(address));
}

Transports ServerSettings::transports() const
{
    const std::optional<Transports> stored = parseTransports(value(Key::Transports).toString());
    return stored && *stored ? *stored : ServerOptions().transports;
}

void ServerSettings::setTransports(Transports transports) const
{
    setValue(Key::Transports, transportsText(transports));
}

ServerSettings::ClientOrder ServerSettings::clientOrder() const
{
    int column = clientColumnNamed(value(Key::SortColumn).toString());
    QString order = value(Key::SortOrder).toString();
    if (column < 0) {
        column = clientColumnNamed(defaultValue(Key::SortColumn).toString());
        order = defaultValue(Key::SortOrder).toString();
    }
    return { column, order == descendingValue ? Qt::DescendingOrder : Qt::AscendingOrder };
}

void ServerSettings::setClientOrder(int column, Qt::SortOrder order) const
{
    if (column < 0 || column >= ClientTableModel::ColumnCount)
        return;
    setValue(Key::SortColumn, QString(clientColumnNames[column]));
    setValue(Key::SortOrder, order == Qt::DescendingOrder ? descendingValue : ascendingValue);
}
