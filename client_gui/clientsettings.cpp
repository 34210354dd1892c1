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

#include <algorithm>
#include <iterator>

namespace {

using Key = ClientSettings::Key;

struct Setting
{
    Key key;
    const char *name;
    QVariant defaultValue;
};

// The "client/" group keeps them apart from the server's when both share a file. Choices are
// stored as their enums' numbers.
const Setting &settingFor(Key key)
{
    static const Setting table[] = {
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
    static_assert(sizeof(table) / sizeof(table[0]) == int(Key::Geometry) + 1, "a row per key");
    const auto *found = std::find_if(std::begin(table), std::end(table),
        [key](const Setting &setting) { return setting.key == key; });
    Q_ASSERT(found != std::end(table));
    return *found;
}

} // namespace

QString ClientSettings::name(Key key)
{
    return QString::fromLatin1(settingFor(key).name);
}

QVariant ClientSettings::defaultValue(Key key)
{
    return settingFor(key).defaultValue;
}

QVariant ClientSettings::value(Key key) const
{
    if (!m_settings)
        return defaultValue(key);
    return m_settings->value(name(key), defaultValue(key));
}

bool ClientSettings::contains(Key key) const
{
    return m_settings && m_settings->contains(name(key));
}

void ClientSettings::setValue(Key key, const QVariant &value) const
{
    if (m_settings)
        m_settings->setValue(name(key), value);
}
