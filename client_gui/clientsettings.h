#pragma once

#include <QVariant>

class QSettings;

// What the client window remembers between runs. Every setting is one row of a table, its key
// and its default, and is read and written through that table only. Over no QSettings nothing
// is remembered and every value is its default; tests pass a QSettings over a temporary file.
class ClientSettings final
{
public:
    enum class Key {
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

    explicit ClientSettings(QSettings *settings = nullptr)
        : m_settings(settings)
    { }

    // What was stored, else the default.
    QVariant value(Key key) const;
    bool contains(Key key) const;
    void setValue(Key key, const QVariant &value) const;

private:
    static QString name(Key key);
    static QVariant defaultValue(Key key);

    QSettings *m_settings = nullptr;
};
