#include "clientsettings.h"

#include "clientoptions.h"
#include "defaults.h"
#include "echoclient.h"
#include "echoview.h"
#include "inputpanel.h"
#include "lineending.h"

#include <QByteArray>
#include <QSettings>
#include <QStringList>

#include <iterator>

namespace {

using Key = ClientSettings::Key;

// Choices are stored as their enums' numbers.
std::span<const ClientSettings::Row> rows()
{
    static const ClientSettings::Row table[] = {
        { Key::Host, "client/host", ClientOptions().host },
        { Key::RecentHosts, "client/recentHosts", QStringList() },
        { Key::Port, "client/port", int(defaultPort) },
        { Key::InputMode, "client/inputMode", int(InputPanel::Mode::Keystroke) },
        { Key::LineEnding, "client/lineEnding", int(LineEnding::Lf) },
        { Key::ViewMode, "client/viewMode", int(EchoView::Mode::Text) },
        { Key::NoDelay, "client/noDelay", true },
        { Key::AutoReconnect, "client/autoReconnect", false },
        { Key::Protocol, "client/protocol", int(EchoClient::Protocol::Tcp) },
        { Key::DatagramSize, "client/datagramSize", EchoClient::defaultDatagramSize },
        { Key::Geometry, "client/geometry", QByteArray() },
    };
    static_assert(std::size(table) == std::size_t(Key::Geometry) + 1, "a row per key");
    return table;
}

} // namespace

ClientSettings::ClientSettings(QSettings *settings)
    : SettingsTable(settings, rows())
{ }
