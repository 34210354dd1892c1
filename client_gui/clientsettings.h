#pragma once

#include "settingstable.h"

enum class ClientSetting {
    Host,
    RecentHosts,
    Port,
    InputMode,
    LineEnding,
    ViewMode,
    NoDelay,
    AutoReconnect,
    Protocol,
    DatagramSize,
    Geometry,
};

// What the client window remembers between runs (SettingsTable), under "client/" so that it stays
// apart from the server's when both share a file.
class ClientSettings final : public SettingsTable<ClientSetting>
{
public:
    using Key = ClientSetting;

    explicit ClientSettings(QSettings *settings = nullptr);
};
