#pragma once

#include "settingstable.h"
#include "transport.h"

#include <QHostAddress>

enum class ServerSetting {
    Address,
    Port,
    Transports,
    ShowData,
    Geometry,
    Splitter,
    SortColumn,
    SortOrder,
};

// What the server window remembers between runs (SettingsTable), and how the values that are
// more than a number or a flag are stored.
class ServerSettings final : public SettingsTable<ServerSetting>
{
public:
    using Key = ServerSetting;

    // The client table's order, as its header shows it.
    struct ClientOrder
    {
        int column = 0;
        Qt::SortOrder order = Qt::AscendingOrder;
    };

    explicit ServerSettings(QSettings *settings = nullptr);

    // The listen address, stored as listenAddressSetting() writes it; null when what was stored
    // is not an address.
    QHostAddress address() const;
    void setAddress(const QHostAddress &address) const;
    // TCP, UDP or both; both when what was stored names neither.
    Transports transports() const;
    void setTransports(Transports transports) const;
    // The sort column is stored by name, not number, so that it survives columns being added or
    // moved in a later version; a name this version lacks gives the default order.
    ClientOrder clientOrder() const;
    void setClientOrder(int column, Qt::SortOrder order) const;
};
