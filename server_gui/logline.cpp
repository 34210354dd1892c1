#include "logline.h"

QString socketStepName(SocketStep step)
{
    // Not translated: they are the names of the system calls.
    switch (step) {
    case SocketStep::Socket:
        return QStringLiteral("socket");
    case SocketStep::Bind:
        return QStringLiteral("bind");
    case SocketStep::Listen:
        return QStringLiteral("listen");
    case SocketStep::Accept:
        return QStringLiteral("accept");
    case SocketStep::Recv:
        return QStringLiteral("recv");
    case SocketStep::Send:
        return QStringLiteral("send");
    case SocketStep::Shutdown:
        return QStringLiteral("shutdown");
    case SocketStep::Close:
        return QStringLiteral("close");
    case SocketStep::Error:
        break;
    }
    return QStringLiteral("error");
}

QString logLineText(const LogLine &line)
{
    QString text = line.time.toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral("  ") +
        socketStepName(line.step);
    if (!line.client.isEmpty())
        text += QStringLiteral("  ") + line.client;
    return text + QStringLiteral("  ") + line.message;
}
