#include "hostport.h"

#include <QHostAddress>
#include <QTest>

class tst_HostPort : public QObject
{
    Q_OBJECT

private slots:
    void bracketsOnlyIPv6Addresses_data();
    void bracketsOnlyIPv6Addresses();
};

void tst_HostPort::bracketsOnlyIPv6Addresses_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");
    QTest::newRow("IPv4") << "127.0.0.1"
                          << "127.0.0.1:22000";
    QTest::newRow("host name") << "localhost"
                               << "localhost:22000";
    QTest::newRow("IPv6") << "::1"
                          << "[::1]:22000";
    QTest::newRow("IPv6 with its interface") << "fe80::1%lo"
                                             << "[fe80::1%lo]:22000";
    QTest::newRow("IPv4-mapped IPv6") << QHostAddress(QStringLiteral("::ffff:127.0.0.1")).toString()
                                      << "[::ffff:127.0.0.1]:22000";
}

void tst_HostPort::bracketsOnlyIPv6Addresses()
{
    QFETCH(QString, host);
    QFETCH(QString, expected);
    QCOMPARE(formatHostPort(host, 22000), expected);
}

QTEST_GUILESS_MAIN(tst_HostPort)
#include "tst_hostport.moc"
