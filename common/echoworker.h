#pragma once

#include "clientinfo.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

class EchoSession;

// Owns the sessions handed to it and runs in its own thread. Per-packet work stays here; what
// leaves is one event per arrival or departure and, at most every reportInterval, one batch of
// traffic samples.
class EchoWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoWorker)

public:
    static constexpr std::chrono::milliseconds reportInterval { 100 };

    explicit EchoWorker(int index, QObject *parent = nullptr);
    ~EchoWorker() override;

    int index() const { return m_index; }

    // All of these run in the worker's thread (the server invokes them queued).
    void adopt(qintptr descriptor, quint64 id);
    void disconnectClient(quint64 id);
    void closeAll();

signals:
    void clientArrived(const ClientInfo &client);
    void clientLeft(const ClientDeparture &departure);
    void trafficReported(const QList<TrafficSample> &samples);
    void acceptFailed(const QString &message);

private:
    void markPending(EchoSession *session);
    void reportTraffic();
    void onSessionFinished(EchoSession *session, const ClientDeparture &departure);

    int m_index = 0;
    QHash<quint64, EchoSession *> m_sessions;
    QSet<EchoSession *> m_pending;
    QTimer *m_reportTimer = nullptr;
};
