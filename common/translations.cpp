#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

bool install(const QString &name, const QString &directory)
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(QLocale(), name, QStringLiteral("_"), directory) &&
        QCoreApplication::installTranslator(translator))
        return true;
    delete translator;
    return false;
}

} // namespace

bool installTranslators()
{
    Q_ASSERT(QCoreApplication::instance());
    // Qt's own first: the translator installed last is asked first, so ours win where both
    // translate the same text. Without Qt's (a minimal system), Qt's strings stay English.
    install(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return install(QStringLiteral("tcp-echo"), QStringLiteral(":/i18n"));
}
