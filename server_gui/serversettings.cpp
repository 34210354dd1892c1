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

struct Setting
{
    Key key;
    const char *name;
    QVariant defaultValue;
};

constexpr QLatin1String clientColumnNames[] = { QLatin1String("client"), QLatin1String("address"),
    QLatin1String("port"), QLatin1String("since"), QLatin1String("received"),
    QLatin1String("echoed"), QLatin1String("lastActivity"), QLatin1String("worker") };
static_assert(std::size(clientColumnNames) == ClientTableModel::ColumnCount);

const QString descendingValue = QStringLiteral("descending");
const QString ascendingValue = QStringLiteral("ascending");

// The groups keep them apart from the client's when both share a file. The address and the port
// default to the command line's defaults.
const Setting &settingFor(Key key)
{
    static const Setting table[] = {
        { Key::Address, "server/address", listenAddressSetting(ServerOptions().address) },
        { Key::Port, "server/port", int(defaultPort) },
        { Key::ShowData, "log/showData", true },
        { Key::Geometry, "window/geometry", QByteArray() },
        { Key::Splitter, "window/splitter", QByteArray() },
        { Key::SortColumn, "clients/sortColumn",
            QString(clientColumnNames[ClientTableModel::ClientColumn]) },
        { Key::SortOrder, "clients/sortOrder", ascendingValue },
    };
    static_assert(std::size(table) == int(Key::SortOrder) + 1, "a row per key");
    const auto *found = std::find_if(std::begin(table), std::end(table),
        [key](const Setting &setting) { return setting.key == key; });
    Q_ASSERT(found != std::end(table));
    return *found;
}

// -1 for a name this version lacks.
int clientColumnNamed(const QString &name)
{
    const auto *found =
        std::find(std::cbegin(clientColumnNames), std::cend(clientColumnNames), name);
    return found == std::cend(clientColumnNames) ? -1 : int(found - std::cbegin(clientColumnNames));
}

} // namespace

QString ServerSettings::name(Key key)
{
    return QString::fromLatin1(settingFor(key).name);
}

QVariant ServerSettings::defaultValue(Key key)
{
    return settingFor(key).defaultValue;
}

QVariant ServerSettings::value(Key key) const
{
    if (!m_settings)
        return defaultValue(key);
    return m_settings->value(name(key), defaultValue(key));
}

bool ServerSettings::contains(Key key) const
{
    return m_settings && m_settings->contains(name(key));
}

void ServerSettings::setValue(Key key, const QVariant &value) const
{
    if (m_settings)
        m_settings->setValue(name(key), value);
}

QHostAddress ServerSettings::address() const
{
    return parseListenAddress(value(Key::Address).toString());
}

void ServerSettings::setAddress(const QHostAddress &address) const
{
    setValue(Key::Address, listenAddressSetting(address));
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
