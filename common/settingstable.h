#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

#include <cstddef>
#include <span>

// What a window remembers between runs: every setting is one row of a table, its key, its name
// in the settings file and its default, and is read and written through that table only. Over
// no QSettings nothing is remembered and every value is its default; tests pass a QSettings over
// a temporary file.
template<typename Key> class SettingsTable
{
public:
    struct Row
    {
        Key key;
        const char *name;
        QVariant defaultValue;
    };

    // `rows` has one row per key, in the enum's order, and outlives the table.
    SettingsTable(QSettings *settings, std::span<const Row> rows)
        : m_settings(settings)
        , m_rows(rows)
    { }

    // What was stored, else the default.
    QVariant value(Key key) const
    {
        return m_settings ? m_settings->value(name(key), defaultValue(key)) : defaultValue(key);
    }
    bool contains(Key key) const { return m_settings && m_settings->contains(name(key)); }
    void setValue(Key key, const QVariant &value) const
    {
        if (m_settings)
            m_settings->setValue(name(key), value);
    }
    QVariant defaultValue(Key key) const { return row(key).defaultValue; }

private:
    QString name(Key key) const { return QString::fromLatin1(row(key).name); }
    const Row &row(Key key) const
    {
        const auto index = std::size_t(key);
        Q_ASSERT(index < m_rows.size() && m_rows[index].key == key);
        return m_rows[index];
    }

    QSettings *m_settings = nullptr;
    std::span<const Row> m_rows;
};
