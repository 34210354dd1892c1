#include "linklocal.h"

#include <QCoreApplication>
#include <QNetworkInterface>

namespace {

class LinkLocal
{
    Q_DECLARE_TR_FUNCTIONS(LinkLocal)
};

// The interface to suggest: the one that has this very address, else the first that has a
// link-local address at all, else the classic name.
QString likelyInterface(const QHostAddress &address)
{
    QString withLinkLocal;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        if (interface.type() == QNetworkInterface::Loopback)
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            QHostAddress candidate = entry.ip();
            if (!candidate.isLinkLocal() || candidate.protocol() != QAbstractSocket::IPv6Protocol)
                continue;
            candidate.setScopeId({});
            if (candidate == address)
                return interface.name();
            if (withLinkLocal.isEmpty())
                withLinkLocal = interface.name();
        }
    }
    return withLinkLocal.isEmpty() ? QStringLiteral("eth0") : withLinkLocal;
}

} // namespace

QString linkLocalAddressProblem(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol || !address.isLinkLocal())
        return {};
    QHostAddress bare = address;
    bare.setScopeId({});
    const QString example = bare.toString() + u'%' + likelyInterface(bare);
    const QString scope = address.scopeId();
    if (scope.isEmpty()) {
        return LinkLocal::tr(
            "'%1' is a link-local address, which needs its network interface: for example %2.")
            .arg(address.toString(), example);
    }
    bool numeric = false;
    scope.toUInt(&numeric);
    if (!numeric && QNetworkInterface::interfaceIndexFromName(scope) == 0) {
        return LinkLocal::tr("'%1': this machine has no network interface '%2' (for example %3).")
            .arg(address.toString(), scope, example);
    }
    return {};
}
