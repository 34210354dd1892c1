#include "echolistener.h"

EchoListener::EchoListener(QObject *parent)
    : QObject(parent)
{ }

EchoListener::~EchoListener()
{
    close();
}

bool EchoListener::listen(const QHostAddress &address, quint16 port, int backlog)
{
    close();
    m_server.setListenBacklogSize(backlog);
    if (!m_server.listen(address, port))
        return false;
    // QTcpServer's own notifier would accept in this thread; the workers accept instead.
    m_server.pauseAccepting();
    return true;
}

void EchoListener::close()
{
    m_server.close();
}
