#include "pki.h"

#include <QCryptographicHash>
#include <QHostInfo>
#include <algorithm>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;
using api::Result;

namespace {

template <auto Free> struct Deleter {
    template <typename T> void operator()(T *p) const { Free(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

// Kubernetes' certificate helpers backdate the same way: clocks across a cluster are never exact.
constexpr qint64 kBackdateSeconds = 3600;
constexpr int kSerialBits = 127;

// The oldest queued OpenSSL error (the most specific), and clears the queue.
QString takeOpenSslError()
{
    const unsigned long first = ERR_get_error();
    ERR_clear_error();
    if (first == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buffer[256];
    ERR_error_string_n(first, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

Error opensslFailure(const char *what)
{
    return Error(ErrorCode::Internal, QStringLiteral("%1: %2").arg(QLatin1String(what), takeOpenSslError()));
}

bool isPrintableAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() > 32 && c.unicode() < 127; });
}

const api::Clock &clockOf(const api::Clock *clock)
{
    return clock ? *clock : api::Clock::system();
}

// OpenSSL must never prompt on the terminal for a passphrase: encrypted keys simply fail to load.
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

Result<X509Ptr> readCertificate(const QByteArray &pem)
{
    BioPtr bio = memoryBio(pem);
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
    if (!cert) {
        ERR_clear_error();
        return Error(ErrorCode::NotFound, QStringLiteral("no PEM certificate found"));
    }
    return cert;
}

Result<PKeyPtr> readPrivateKey(const QByteArray &pem)
{
    BioPtr bio = memoryBio(pem);
    PKeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    if (!key) {
        ERR_clear_error();
        return Error(ErrorCode::NotFound, QStringLiteral("no unencrypted PEM private key found"));
    }
    return key;
}

Result<PKeyPtr> generateKey()
{
    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return opensslFailure("generating an EC P-256 key");
    return key;
}

Result<PemPair> toPem(X509 *cert, EVP_PKEY *key)
{
    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert) != 1 ||
        PEM_write_bio_PrivateKey_traditional(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return opensslFailure("encoding PEM");
    return PemPair{bioContents(certBio.get()), bioContents(keyBio.get())};
}

bool addNameEntry(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()), int(utf8.size()), -1,
                                      0) == 1;
}

// A certificate with version, random serial, validity, subject and public key; no extensions yet.
Result<X509Ptr> newCertificate(EVP_PKEY *subjectKey, const QString &commonName, const QStringList &organizations,
                               const api::Clock &clock, int validityDays)
{
    X509Ptr cert(X509_new());
    BnPtr serial(BN_new());
    if (!cert || !serial)
        return opensslFailure("allocating a certificate");
    // 127 random bits with the top one set: always 16 DER bytes, never zero, never negative.
    do {
        if (BN_rand(serial.get(), kSerialBits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1)
            return opensslFailure("generating a serial number");
    } while (BN_is_zero(serial.get()));

    const time_t now = time_t(clock.nowMs() / 1000);
    X509_NAME *subject = X509_get_subject_name(cert.get());
    bool ok = X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
              BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr &&
              ASN1_TIME_set(X509_getm_notBefore(cert.get()), now - kBackdateSeconds) != nullptr &&
              ASN1_TIME_set(X509_getm_notAfter(cert.get()), now + time_t(validityDays) * 86400) != nullptr;
    for (const QString &organization : organizations)
        ok = ok && addNameEntry(subject, "O", organization);
    ok = ok && addNameEntry(subject, "CN", commonName) && X509_set_pubkey(cert.get(), subjectKey) == 1;
    if (!ok)
        return opensslFailure("filling in a certificate");
    return cert;
}

// Adds an extension written in OpenSSL's configuration syntax ("critical,CA:TRUE").
bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// The SAN extension, built from values rather than the configuration syntax so that no name can
// smuggle in a ',' or a second entry.
Result<void> addSubjectAltNames(X509 *cert, const QStringList &dnsNames, const QList<QHostAddress> &ips)
{
    NamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return opensslFailure("allocating subject alternative names");
    auto push = [&](int type, ASN1_STRING *value) {
        GENERAL_NAME *name = GENERAL_NAME_new();
        if (!name) {
            ASN1_STRING_free(value);
            return false;
        }
        GENERAL_NAME_set0_value(name, type, value);
        if (sk_GENERAL_NAME_push(names.get(), name) <= 0) {
            GENERAL_NAME_free(name);
            return false;
        }
        return true;
    };
    for (const QString &dns : dnsNames) {
        const QByteArray ascii = dns.toLatin1();
        ASN1_IA5STRING *value = ASN1_IA5STRING_new();
        if (!value || ASN1_STRING_set(value, ascii.constData(), int(ascii.size())) != 1 || !push(GEN_DNS, value))
            return opensslFailure("adding a DNS name");
    }
    for (const QHostAddress &ip : ips) {
        QByteArray raw;
        if (ip.protocol() == QAbstractSocket::IPv4Protocol) {
            const quint32 v4 = ip.toIPv4Address();
            const char bytes[4] = {char(v4 >> 24), char(v4 >> 16), char(v4 >> 8), char(v4)};
            raw = QByteArray(bytes, 4);
        } else {
            const Q_IPV6ADDR v6 = ip.toIPv6Address();
            raw = QByteArray(reinterpret_cast<const char *>(v6.c), 16);
        }
        ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
        if (!value ||
            ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char *>(raw.constData()), int(raw.size())) !=
                1 ||
            !push(GEN_IPADD, value))
            return opensslFailure("adding an IP address");
    }
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return opensslFailure("adding subject alternative names");
    return {};
}

struct LoadedCa {
    X509Ptr cert;
    PKeyPtr key;
};

Result<LoadedCa> loadCa(const PemPair &ca)
{
    auto cert = readCertificate(ca.certificate);
    if (!cert)
        return Error(ErrorCode::BadRequest, QStringLiteral("CA certificate: ") + cert.error().message());
    auto key = readPrivateKey(ca.privateKey);
    if (!key)
        return Error(ErrorCode::BadRequest, QStringLiteral("CA key: ") + key.error().message());
    if (X509_check_private_key(cert->get(), key->get()) != 1) {
        ERR_clear_error();
        return Error(ErrorCode::BadRequest, QStringLiteral("the CA key does not belong to the CA certificate"));
    }
    return LoadedCa{std::move(cert).value(), std::move(key).value()};
}

// Issues a leaf certificate for a new key, signed by the CA.
Result<PemPair> issueLeaf(const PemPair &caPem, const QString &commonName, const QStringList &organizations,
                          const char *extendedKeyUsage, const QStringList &dnsNames, const QList<QHostAddress> &ips,
                          const api::Clock &clock, int validityDays)
{
    auto ca = loadCa(caPem);
    if (!ca)
        return ca.error();
    auto key = generateKey();
    if (!key)
        return key.error();
    auto cert = newCertificate(key->get(), commonName, organizations, clock, validityDays);
    if (!cert)
        return cert.error();
    X509 *x = cert->get();
    X509 *issuer = ca->cert.get();
    if (X509_set_issuer_name(x, X509_get_subject_name(issuer)) != 1 ||
        !addExtension(x, issuer, NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(x, issuer, NID_key_usage, "critical,digitalSignature") ||
        !addExtension(x, issuer, NID_ext_key_usage, extendedKeyUsage) ||
        !addExtension(x, issuer, NID_subject_key_identifier, "hash") ||
        !addExtension(x, issuer, NID_authority_key_identifier, "keyid:always"))
        return opensslFailure("adding certificate extensions");
    if (!dnsNames.isEmpty() || !ips.isEmpty()) {
        if (auto sans = addSubjectAltNames(x, dnsNames, ips); !sans)
            return sans.error();
    }
    if (X509_sign(x, ca->key.get(), EVP_sha256()) <= 0)
        return opensslFailure("signing a certificate");
    return toPem(x, key->get());
}

} // namespace

Result<PemPair> createCertificateAuthority(const CaOptions &options)
{
    auto key = generateKey();
    if (!key)
        return key.error();
    auto cert = newCertificate(key->get(), options.commonName, {}, clockOf(options.clock), options.validityDays);
    if (!cert)
        return cert.error();
    X509 *x = cert->get();
    if (X509_set_issuer_name(x, X509_get_subject_name(x)) != 1 ||
        !addExtension(x, x, NID_basic_constraints, "critical,CA:TRUE") ||
        !addExtension(x, x, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature") ||
        !addExtension(x, x, NID_subject_key_identifier, "hash"))
        return opensslFailure("adding CA extensions");
    if (X509_sign(x, key->get(), EVP_sha256()) <= 0)
        return opensslFailure("self-signing the CA");
    return toPem(x, key->get());
}

Result<PemPair> issueServingCertificate(const PemPair &ca, const ServingCertificateOptions &options)
{
    if (options.dnsNames.isEmpty() && options.ipAddresses.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("a serving certificate needs a DNS name or an IP address"));
    for (const QString &dns : options.dnsNames) {
        if (dns.isEmpty() || !isPrintableAscii(dns))
            return Error(ErrorCode::BadRequest, QStringLiteral("invalid DNS name for a certificate: \"%1\"").arg(dns));
    }
    for (const QHostAddress &ip : options.ipAddresses) {
        if (ip.isNull())
            return Error(ErrorCode::BadRequest, QStringLiteral("a null IP address cannot be put in a certificate"));
    }
    return issueLeaf(ca, options.commonName, {}, "serverAuth", options.dnsNames, options.ipAddresses,
                     clockOf(options.clock), options.validityDays);
}

Result<PemPair> issueClientCertificate(const PemPair &ca, const ClientCertificateOptions &options)
{
    if (options.userName.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("a client certificate needs a user name"));
    return issueLeaf(ca, options.userName, options.groups, "clientAuth", {}, {}, clockOf(options.clock),
                     options.validityDays);
}

QStringList defaultServingDnsNames()
{
    QStringList names{QStringLiteral("localhost")};
    const QString host = QHostInfo::localHostName().toLower();
    if (!host.isEmpty() && isPrintableAscii(host) && !names.contains(host))
        names << host;
    names << QStringLiteral("kubernetes") << QStringLiteral("kubernetes.default")
          << QStringLiteral("kubernetes.default.svc") << QStringLiteral("kubernetes.default.svc.cluster.local");
    return names;
}

QList<QHostAddress> defaultServingIpAddresses()
{
    return {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
}

QString caHash(const QSslCertificate &caCertificate)
{
    if (caCertificate.isNull())
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(caCertificate.toDer(), QCryptographicHash::Sha256).toHex());
}

QString caHash(const QByteArray &caCertificatePem)
{
    auto cert = loadCertificate(caCertificatePem);
    return cert ? caHash(*cert) : QString();
}

Result<QSslCertificate> loadCertificate(const QByteArray &pem)
{
    const QList<QSslCertificate> certs = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return Error(ErrorCode::NotFound, QStringLiteral("no PEM certificate found"));
    return certs.first();
}

Result<QSslKey> loadPrivateKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return Error(ErrorCode::NotFound, QStringLiteral("no unencrypted PEM private key (EC or RSA) found"));
}

Result<void> checkKeyPair(const PemPair &pair)
{
    auto cert = readCertificate(pair.certificate);
    if (!cert)
        return cert.error();
    auto key = readPrivateKey(pair.privateKey);
    if (!key)
        return key.error();
    if (X509_check_private_key(cert->get(), key->get()) != 1) {
        ERR_clear_error();
        return Error(ErrorCode::BadRequest, QStringLiteral("the private key does not belong to the certificate"));
    }
    return {};
}

Result<void> checkIssuedBy(const PemPair &pair, const QByteArray &caCertificatePem)
{
    if (auto matching = checkKeyPair(pair); !matching)
        return matching;
    auto cert = readCertificate(pair.certificate);
    auto ca = readCertificate(caCertificatePem);
    if (!cert || !ca)
        return Error(ErrorCode::NotFound, QStringLiteral("no PEM certificate found"));
    const bool issued = X509_check_issued(ca->get(), cert->get()) == X509_V_OK &&
                        X509_verify(cert->get(), X509_get0_pubkey(ca->get())) == 1;
    ERR_clear_error();
    if (!issued)
        return Error(ErrorCode::BadRequest, QStringLiteral("the certificate was not issued by this CA"));
    return {};
}

bool coversNames(const QSslCertificate &certificate, const QStringList &dnsNames,
                 const QList<QHostAddress> &ipAddresses)
{
    const auto sans = certificate.subjectAlternativeNames();
    const QStringList presentNames = sans.values(QSsl::DnsEntry);
    for (const QString &name : dnsNames) {
        if (!presentNames.contains(name, Qt::CaseInsensitive))
            return false;
    }
    QList<QHostAddress> presentIps;
    for (const QString &text : sans.values(QSsl::IpAddressEntry))
        presentIps << QHostAddress(text);
    for (const QHostAddress &ip : ipAddresses) {
        const bool found =
            std::any_of(presentIps.begin(), presentIps.end(), [&](const QHostAddress &p) { return p.isEqual(ip); });
        if (!found)
            return false;
    }
    return true;
}

Result<QSslConfiguration> serverTlsConfiguration(const PemPair &serving, const QByteArray &caCertificatePem,
                                                 bool requestClientCertificates)
{
    auto cert = loadCertificate(serving.certificate);
    if (!cert)
        return Error(ErrorCode::BadRequest, QStringLiteral("serving certificate: ") + cert.error().message());
    auto key = loadPrivateKey(serving.privateKey);
    if (!key)
        return Error(ErrorCode::BadRequest, QStringLiteral("serving key: ") + key.error().message());
    auto ca = loadCertificate(caCertificatePem);
    if (!ca)
        return Error(ErrorCode::BadRequest, QStringLiteral("CA certificate: ") + ca.error().message());

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setLocalCertificate(*cert);
    config.setPrivateKey(*key);
    config.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    config.setCaCertificates({*ca});
    config.setPeerVerifyMode(requestClientCertificates ? QSslSocket::QueryPeer : QSslSocket::VerifyNone);
    return config;
}

} // namespace tugboat::apiserver
