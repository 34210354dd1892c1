#pragma once

#include <QStatusBar>

#include <optional>

class QLabel;

// The window's foot: how many TCP clients are connected and UDP peers heard from, how many bytes
// were echoed in all and at what rate.
class ServerStatusBar final : public QStatusBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerStatusBar)

public:
    explicit ServerStatusBar(QWidget *parent = nullptr);

    // UDP peers only while UDP is served.
    void showClientCount(int tcpClients, std::optional<int> udpPeers);
    // No rate while the server is stopped.
    void showEchoed(qint64 total, std::optional<double> bytesPerSecond);

private:
    QLabel *m_clientCount = nullptr;
    QLabel *m_echoed = nullptr;
    QLabel *m_rate = nullptr;
};
