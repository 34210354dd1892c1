#pragma once

#include <QHostAddress>
#include <QVariant>

class QSettings;

// What the server window remembers between runs. Every setting is one row of a table, its key
// and its default, and is read and written through that table only. Over no QSettings nothing
// is remembered and every value is its default; tests pass a QSettings over a temporary file.
class ServerSettings final
{
public:
    enum class Key {
        Address,
        Port,
        ShowData,
        Geometry,
        Splitter,
        SortColumn,
        SortOrder,
    };

    // The client table's order, as its header shows it.
    struct ClientOrder
    {
        int column = 0;
        Qt::SortOrder order = Qt::AscendingOrder;
    };

    explicit ServerSettings(QSettings *settings = nullptr)
        : m_settings(settings)
    { }

    // What was stored, else the default.
    QVariant value(Key key) const;
    bool contains(Key key) const;
    void setValue(Key key, const QVariant &value) const;

    // The listen address, stored as listenAddressSetting() writes it; null when what was stored
    // is not an address.
    QHostAddress address() const;
    void setAddress(const QHostAddress &address) const;
    // The sort column is stored by name, not number, so that it survives columns being added or
    // moved in a later version; a name this version lacks gives the default order.
    ClientOrder clientOrder() const;
    void setClientOrder(int column, Qt::SortOrder order) const;

private:
    static QString name(Key key);
    static QVariant defaultValue(Key key);

    QSettings *m_settings = nullptr;
};
