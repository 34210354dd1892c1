#include "systemlimits.h"

#include <QFile>
#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

OpenFileLimit openFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        const auto value = [](rlim_t v) { return v == RLIM_INFINITY ? -1LL : (long long)v; };
        return { value(limit.rlim_cur), value(limit.rlim_max) };
    }
#endif
    return {};
}

OpenFileLimit raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
    return openFileLimit();
}

void tuneProcessForServing()
{
    qputenv("QT_NO_GLIB", "1");
    if (!qEnvironmentVariableIsSet("TZ") && QFile::exists(QStringLiteral("/etc/localtime")))
        qputenv("TZ", ":/etc/localtime");
}

void returnFreeMemoryToTheSystem()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
