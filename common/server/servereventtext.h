#pragma once

#include "clientinfo.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>

// The sentences the server's log is made of, shared by the window and the headless console.
// Remembers each client's address from its arrival, so later lines can name it.
class ServerEventText final
{
    Q_DECLARE_TR_FUNCTIONS(ServerEventText)

public:
    QString arrival(const ClientInfo &client);
    // A half-close: the client shut down its sending side with pendingEcho bytes still to echo.
    QString shutDownSending(quint64 id, qint64 pendingEcho) const;
    // Forgets the client once its departure is told.
    QString departure(const ClientDeparture &departure);
    static QString refusal(int count, int limit);
    // Connections gone before a worker could serve them (error: an errno value).
    static QString lostBeforeServed(int count, int error);
    void clear() { m_names.clear(); }

    QString clientName(quint64 id) const;
    // "127.0.0.1:53422": an IPv4 client of a dual-stack server shows as IPv4, not ::ffff:…
    static QString clientEndpoint(const ClientInfo &client);

private:
    QHash<quint64, QString> m_names;
};
