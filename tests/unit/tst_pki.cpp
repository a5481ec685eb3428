// The cluster PKI: a CA and the certificates it signs verify as a TLS client would verify them, carry
// the names and usages kubectl needs, and the CA hash that join tokens pin is stable.
#include "api/clock.h"
#include "apiserver/pki.h"

#include <QCryptographicHash>
#include <QSet>
#include <QSslCertificateExtension>
#include <QSslConfiguration>
#include <QTest>

using namespace tugboat;
using namespace tugboat::apiserver;

namespace {

QSslCertificate cert(const QByteArray &pem)
{
    auto loaded = loadCertificate(pem);
    return loaded ? *loaded : QSslCertificate();
}

QVariant extension(const QSslCertificate &certificate, const QString &name)
{
    for (const QSslCertificateExtension &ext : certificate.extensions()) {
        if (ext.name() == name)
            return ext.value();
    }
    return {};
}

bool extensionIsCritical(const QSslCertificate &certificate, const QString &name)
{
    for (const QSslCertificateExtension &ext : certificate.extensions()) {
        if (ext.name() == name)
            return ext.isCritical();
    }
    return false;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class PkiTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void ca_isSelfSignedTenYearCaNamedTugboatCa();
    void ca_validityFollowsInjectedClockWithOneHourBackdate();
    void serving_chainVerifiesAgainstTheCaForEveryName_data();
    void serving_chainVerifiesAgainstTheCaForEveryName();
    void serving_isRejectedForNamesItDoesNotCarry();
    void serving_doesNotVerifyAgainstAnotherCa();
    void serving_carriesSansServerAuthAndOneYearValidity();
    void serving_refusesNoNamesAndNonAsciiNames();
    void client_carriesUserAsCnGroupsAsOAndClientAuth();
    void keys_areEcP256InSec1PemAndLoadIntoQSslKey();
    void serials_arePositiveAndDistinct();
    void caHash_isSha256OfDerAndStableAcrossPemEncodings();
    void caHash_isEmptyForTextWithoutCertificate();
    void checkIssuedBy_acceptsOwnCaAndRejectsOthersAndWrongKeys();
    void coversNames_requiresEveryNameAndAddress();
    void defaults_includeLoopbackAndKubernetesServiceNames();
    void serverTlsConfiguration_presentsServingCertificate();
    void caOperations_failCleanlyOnGarbage();

private:
    PemPair m_ca;
    PemPair m_otherCa;
    PemPair m_serving;
    QSslCertificate m_caCert;
};

void PkiTest::initTestCase()
{
    auto ca = createCertificateAuthority();
    QVERIFY2(ca.ok(), qPrintable(ca.errorMessage()));
    m_ca = *ca;
    auto other = createCertificateAuthority();
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    m_otherCa = *other;
    m_caCert = cert(m_ca.certificate);
    QVERIFY(!m_caCert.isNull());

    ServingCertificateOptions options;
    options.dnsNames = {QStringLiteral("localhost"), QStringLiteral("kubernetes.default.svc"),
                        QStringLiteral("node1.example")};
    options.ipAddresses = {QHostAddress(QStringLiteral("127.0.0.1")), QHostAddress(QStringLiteral("::1")),
                           QHostAddress(QStringLiteral("10.1.2.3"))};
    auto serving = issueServingCertificate(m_ca, options);
    QVERIFY2(serving.ok(), qPrintable(serving.errorMessage()));
    m_serving = *serving;

    // QSslCertificate::verify trusts the default configuration's CAs: add ours, as a client would.
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificate(m_caCert);
    QSslConfiguration::setDefaultConfiguration(config);
}

void PkiTest::ca_isSelfSignedTenYearCaNamedTugboatCa()
{
    QCOMPARE(m_caCert.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("tugboat-ca")});
    QVERIFY(m_caCert.isSelfSigned());
    QCOMPARE(extension(m_caCert, QStringLiteral("basicConstraints")).toMap().value(QStringLiteral("ca")).toBool(),
             true);
    QVERIFY(extensionIsCritical(m_caCert, QStringLiteral("basicConstraints")));
    const QStringList usages = extension(m_caCert, QStringLiteral("keyUsage")).toStringList();
    QVERIFY2(usages.contains(QStringLiteral("Certificate Sign")), qPrintable(usages.join(u", ")));
    const qint64 days = m_caCert.effectiveDate().daysTo(m_caCert.expiryDate());
    QVERIFY2(days >= 3650 && days <= 3651, qPrintable(QString::number(days)));
}

void PkiTest::ca_validityFollowsInjectedClockWithOneHourBackdate()
{
    api::FakeClock clock(1'700'000'000'000);
    CaOptions options;
    options.clock = &clock;
    auto ca = createCertificateAuthority(options);
    QVERIFY(ca.ok());
    const QSslCertificate c = cert(ca->certificate);
    QCOMPARE(c.effectiveDate(), clock.now().addSecs(-3600));
    QCOMPARE(c.expiryDate(), clock.now().addDays(3650));
}

void PkiTest::serving_chainVerifiesAgainstTheCaForEveryName_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("localhost") << QStringLiteral("localhost");
    QTest::newRow("service name") << QStringLiteral("kubernetes.default.svc");
    QTest::newRow("extra name") << QStringLiteral("node1.example");
    QTest::newRow("IPv4 loopback") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1");
    QTest::newRow("node IP") << QStringLiteral("10.1.2.3");
}

void PkiTest::serving_chainVerifiesAgainstTheCaForEveryName()
{
    QFETCH(QString, host);
    const QList<QSslError> errors = QSslCertificate::verify({cert(m_serving.certificate), m_caCert}, host);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.isEmpty() ? QString() : errors.first().errorString()));
}

void PkiTest::serving_isRejectedForNamesItDoesNotCarry()
{
    const QList<QSslError> errors =
        QSslCertificate::verify({cert(m_serving.certificate)}, QStringLiteral("evil.example"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().error(), QSslError::HostNameMismatch);
    QVERIFY(!QSslCertificate::verify({cert(m_serving.certificate)}, QStringLiteral("10.9.9.9")).isEmpty());
}

void PkiTest::serving_doesNotVerifyAgainstAnotherCa()
{
    ServingCertificateOptions options;
    options.dnsNames = {QStringLiteral("localhost")};
    auto foreign = issueServingCertificate(m_otherCa, options);
    QVERIFY(foreign.ok());
    const QList<QSslError> errors = QSslCertificate::verify({cert(foreign->certificate)}, QStringLiteral("localhost"));
    QVERIFY(!errors.isEmpty());
}

void PkiTest::serving_carriesSansServerAuthAndOneYearValidity()
{
    const QSslCertificate c = cert(m_serving.certificate);
    const auto sans = c.subjectAlternativeNames();
    QCOMPARE(sorted(sans.values(QSsl::DnsEntry)),
             sorted({QStringLiteral("localhost"), QStringLiteral("kubernetes.default.svc"),
                     QStringLiteral("node1.example")}));
    QCOMPARE(sorted(sans.values(QSsl::IpAddressEntry)),
             sorted({QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("10.1.2.3")}));
    QCOMPARE(extension(c, QStringLiteral("extendedKeyUsage")).toStringList(),
             QStringList{QStringLiteral("TLS Web Server Authentication")});
    QCOMPARE(extension(c, QStringLiteral("keyUsage")).toStringList(), QStringList{QStringLiteral("Digital Signature")});
    QCOMPARE(extension(c, QStringLiteral("basicConstraints")).toMap().value(QStringLiteral("ca")).toBool(), false);
    QCOMPARE(c.issuerInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("tugboat-ca")});
    QVERIFY(!c.isSelfSigned());
    const qint64 days = c.effectiveDate().daysTo(c.expiryDate());
    QVERIFY2(days >= 365 && days <= 366, qPrintable(QString::number(days)));
}

void PkiTest::serving_refusesNoNamesAndNonAsciiNames()
{
    auto none = issueServingCertificate(m_ca, ServingCertificateOptions{});
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code(), api::ErrorCode::BadRequest);
    ServingCertificateOptions options;
    options.dnsNames = {QStringLiteral("bücher.example")};
    auto nonAscii = issueServingCertificate(m_ca, options);
    QVERIFY(!nonAscii.ok());
    QVERIFY2(nonAscii.errorMessage().contains(QStringLiteral("bücher.example")), qPrintable(nonAscii.errorMessage()));
}

void PkiTest::client_carriesUserAsCnGroupsAsOAndClientAuth()
{
    ClientCertificateOptions options;
    options.userName = QStringLiteral("alice");
    options.groups = {QStringLiteral("dev"), QStringLiteral("ops")};
    auto client = issueClientCertificate(m_ca, options);
    QVERIFY2(client.ok(), qPrintable(client.errorMessage()));
    const QSslCertificate c = cert(client->certificate);
    QCOMPARE(c.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("alice")});
    QCOMPARE(sorted(c.subjectInfo(QSslCertificate::Organization)), sorted(options.groups));
    QCOMPARE(extension(c, QStringLiteral("extendedKeyUsage")).toStringList(),
             QStringList{QStringLiteral("TLS Web Client Authentication")});
    QVERIFY(c.subjectAlternativeNames().isEmpty());
    QVERIFY(checkIssuedBy(*client, m_ca.certificate).ok());
    QVERIFY(!issueClientCertificate(m_ca, ClientCertificateOptions{}).ok());
}

void PkiTest::keys_areEcP256InSec1PemAndLoadIntoQSslKey()
{
    for (const QByteArray &pem : {m_ca.privateKey, m_serving.privateKey}) {
        QVERIFY(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"));
        auto key = loadPrivateKey(pem);
        QVERIFY2(key.ok(), qPrintable(key.errorMessage()));
        QCOMPARE(key->algorithm(), QSsl::Ec);
        QCOMPARE(key->type(), QSsl::PrivateKey);
        QCOMPARE(key->length(), 256);
    }
    QCOMPARE(cert(m_serving.certificate).publicKey().algorithm(), QSsl::Ec);
}

void PkiTest::serials_arePositiveAndDistinct()
{
    QSet<QByteArray> serials;
    for (int i = 0; i < 8; ++i) {
        auto ca = createCertificateAuthority();
        QVERIFY(ca.ok());
        const QByteArray serial = cert(ca->certificate).serialNumber(); // "72:f9:..."
        QVERIFY(!serial.isEmpty());
        const QByteArray raw = QByteArray::fromHex(QByteArray(serial).replace(':', QByteArray()));
        QVERIFY2(static_cast<unsigned char>(raw.at(0)) < 0x80, serial.constData()); // DER sign bit clear
        serials.insert(serial);
    }
    QCOMPARE(serials.size(), 8);
}

void PkiTest::caHash_isSha256OfDerAndStableAcrossPemEncodings()
{
    const QString hash = caHash(m_ca.certificate);
    QCOMPARE(hash.size(), 64);
    QCOMPARE(hash, hash.toLower());
    QCOMPARE(hash, QString::fromLatin1(QCryptographicHash::hash(m_caCert.toDer(), QCryptographicHash::Sha256).toHex()));
    QCOMPARE(caHash(m_caCert), hash);
    QByteArray crlf = m_ca.certificate;
    crlf.replace("\n", "\r\n");
    QCOMPARE(caHash(crlf), hash);
    QCOMPARE(caHash(m_caCert.toPem()), hash);
    QCOMPARE(caHash(m_ca.certificate), hash); // stable across calls
    QVERIFY(caHash(m_otherCa.certificate) != hash);
}

void PkiTest::caHash_isEmptyForTextWithoutCertificate()
{
    QVERIFY(caHash(QByteArray("not a certificate")).isEmpty());
    QVERIFY(caHash(QSslCertificate()).isEmpty());
}

void PkiTest::checkIssuedBy_acceptsOwnCaAndRejectsOthersAndWrongKeys()
{
    QVERIFY(checkIssuedBy(m_serving, m_ca.certificate).ok());
    QVERIFY(checkKeyPair(m_ca).ok());
    const auto foreign = checkIssuedBy(m_serving, m_otherCa.certificate);
    QVERIFY(!foreign.ok());
    QVERIFY2(foreign.errorMessage().contains(QStringLiteral("not issued by this CA")),
             qPrintable(foreign.errorMessage()));
    const PemPair mismatched{m_serving.certificate, m_ca.privateKey};
    const auto wrongKey = checkIssuedBy(mismatched, m_ca.certificate);
    QVERIFY(!wrongKey.ok());
    QVERIFY2(wrongKey.errorMessage().contains(QStringLiteral("does not belong")), qPrintable(wrongKey.errorMessage()));
}

void PkiTest::coversNames_requiresEveryNameAndAddress()
{
    const QSslCertificate c = cert(m_serving.certificate);
    QVERIFY(coversNames(c, {QStringLiteral("LOCALHOST")}, {QHostAddress(QStringLiteral("::1"))}));
    QVERIFY(coversNames(c, {}, {}));
    QVERIFY(!coversNames(c, {QStringLiteral("localhost"), QStringLiteral("other")}, {}));
    QVERIFY(!coversNames(c, {}, {QHostAddress(QStringLiteral("10.1.2.4"))}));
    QVERIFY(!coversNames(c, {QStringLiteral("kubernetes")}, {})); // no wildcard or prefix matching
}

void PkiTest::defaults_includeLoopbackAndKubernetesServiceNames()
{
    const QStringList names = defaultServingDnsNames();
    for (const char *name : {"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                             "kubernetes.default.svc.cluster.local"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    const QList<QHostAddress> ips = defaultServingIpAddresses();
    QVERIFY(ips.contains(QHostAddress(QHostAddress::LocalHost)));
    QVERIFY(ips.contains(QHostAddress(QHostAddress::LocalHostIPv6)));
}

void PkiTest::serverTlsConfiguration_presentsServingCertificate()
{
    auto config = serverTlsConfiguration(m_serving, m_ca.certificate);
    QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
    QCOMPARE(config->localCertificate(), cert(m_serving.certificate));
    QVERIFY(!config->privateKey().isNull());
    QCOMPARE(config->peerVerifyMode(), QSslSocket::VerifyNone);
    QCOMPARE(config->allowedNextProtocols(), QList<QByteArray>{QSslConfiguration::NextProtocolHttp1_1});
    auto mutual = serverTlsConfiguration(m_serving, m_ca.certificate, true);
    QVERIFY(mutual.ok());
    QCOMPARE(mutual->peerVerifyMode(), QSslSocket::QueryPeer);
    QCOMPARE(mutual->caCertificates(), QList<QSslCertificate>{m_caCert});
}

void PkiTest::caOperations_failCleanlyOnGarbage()
{
    const PemPair garbage{QByteArray("junk"), QByteArray("junk")};
    ServingCertificateOptions options;
    options.dnsNames = {QStringLiteral("localhost")};
    auto serving = issueServingCertificate(garbage, options);
    QVERIFY(!serving.ok());
    QVERIFY2(serving.errorMessage().startsWith(QStringLiteral("CA certificate")), qPrintable(serving.errorMessage()));
    auto crossed = issueServingCertificate(PemPair{m_ca.certificate, m_otherCa.privateKey}, options);
    QVERIFY(!crossed.ok());
    QVERIFY(!loadCertificate("junk").ok());
    QVERIFY(!loadPrivateKey("junk").ok());
    QVERIFY(!serverTlsConfiguration(garbage, m_ca.certificate).ok());
}

QTEST_GUILESS_MAIN(PkiTest)
#include "tst_pki.moc"
