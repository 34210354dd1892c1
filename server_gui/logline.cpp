#include "logline.h"

#include "linelogfile.h"

#include <iterator>

QString socketStepName(SocketStep step)
{
    // Not translated: they are the names of the system calls. In SocketStep's order.
    static const QString names[] = { QStringLiteral("socket"), QStringLiteral("bind"),
        QStringLiteral("listen"), QStringLiteral("accept"), QStringLiteral("recv"),
        QStringLiteral("send"), QStringLiteral("shutdown"), QStringLiteral("close"),
        QStringLiteral("recvfrom"), QStringLiteral("sendto"), QStringLiteral("forget"),
        QStringLiteral("error") };
    static_assert(std::size(names) == size_t(SocketStep::Error) + 1);
    return names[size_t(step)];
}

QString logLineText(const LogLine &line)
{
    return LineLogFile::formatLine(line.time, socketStepName(line.step), line.client, line.message);
}
