// The cluster's public-key infrastructure: a CA made at first start, the API server's serving
// certificate and client certificates, all signed by that CA, handed around as PEM.
//
// Why OpenSSL directly: Qt can load and verify certificates (QSslCertificate, QSslKey) but has no API to
// generate keys or issue certificates, so keys, certificates and extensions are built here with OpenSSL
// 3's C API; everything past issuing (TLS, verification) goes through Qt.
//
// What is issued, as Kubernetes' own PKI (kubeadm, k3s) issues it, so that kubectl (Go's crypto/x509)
// accepts the result:
//  - keys: EC P-256, PEM "EC PRIVATE KEY" (SEC 1), which Go, OpenSSL and QSslKey all read;
//  - serial numbers: 127 random bits, always positive;
//  - notBefore backdated one hour, so that a node whose clock runs a little behind still accepts them;
//  - the CA: CN "tugboat-ca", basicConstraints CA:TRUE (critical), keyUsage keyCertSign, cRLSign and
//    digitalSignature (critical), a subject key identifier; 10 years;
//  - a serving certificate: basicConstraints CA:FALSE, keyUsage digitalSignature (critical),
//    extendedKeyUsage serverAuth, subjectAltName with the DNS names and IP addresses; Go ignores the
//    common name for host name checks, so every name the server answers to must be a SAN; 1 year;
//  - a client certificate: CN = user name, one O per group (how Kubernetes reads x509 identities),
//    extendedKeyUsage clientAuth; 1 year.
//
// Stateless; every function may be called from any thread.
#pragma once

#include "api/clock.h"
#include "api/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStringList>

namespace tugboat::apiserver {

// A certificate and its private key, both PEM. The key is a secret: never log it.
struct PemPair {
    QByteArray certificate;
    QByteArray privateKey;

    bool isEmpty() const { return certificate.isEmpty() || privateKey.isEmpty(); }
};

struct CaOptions {
    QString commonName = QStringLiteral("tugboat-ca");
    int validityDays = 3650;
    const api::Clock *clock = nullptr; // the system clock when null
};

struct ServingCertificateOptions {
    QString commonName = QStringLiteral("tugboat-apiserver");
    QStringList dnsNames;            // every name clients may dial; at least one name or address
    QList<QHostAddress> ipAddresses; // every address clients may dial
    int validityDays = 365;
    const api::Clock *clock = nullptr;
};

struct ClientCertificateOptions {
    QString userName;   // the subject's CN
    QStringList groups; // one O each
    int validityDays = 365;
    const api::Clock *clock = nullptr;
};

// A new self-signed CA.
api::Result<PemPair> createCertificateAuthority(const CaOptions &options = {});

// A serving certificate signed by `ca`. Fails (BadRequest) when there is no name and no address, or a
// DNS name is not ASCII.
api::Result<PemPair> issueServingCertificate(const PemPair &ca, const ServingCertificateOptions &options);

// A client certificate signed by `ca`, for x509 client authentication (CN=user, O=group).
api::Result<PemPair> issueClientCertificate(const PemPair &ca, const ClientCertificateOptions &options);

// The names a serving certificate always carries: localhost, this host's name, and the names pods use
// for the API server (kubernetes, kubernetes.default, kubernetes.default.svc,
// kubernetes.default.svc.cluster.local).
QStringList defaultServingDnsNames();
// 127.0.0.1 and ::1.
QList<QHostAddress> defaultServingIpAddresses();

// Lower-case hex SHA-256 of the CA certificate's DER encoding: what a join token pins. (k3s hashes the
// PEM bytes its /cacerts endpoint returns; the DER is used here so that re-encoding the PEM, line
// endings included, does not change the pin.) Empty when the PEM holds no certificate.
QString caHash(const QByteArray &caCertificatePem);
QString caHash(const QSslCertificate &caCertificate);

// The first certificate of a PEM text. NotFound when there is none.
api::Result<QSslCertificate> loadCertificate(const QByteArray &pem);
// An EC or RSA private key in PEM (SEC 1, PKCS#1 or unencrypted PKCS#8).
api::Result<QSslKey> loadPrivateKey(const QByteArray &pem);

// Ok when `pair.certificate` and `pair.privateKey` belong together.
api::Result<void> checkKeyPair(const PemPair &pair);
// Ok when `pair` is a matching key pair and its certificate was signed by the CA certificate.
api::Result<void> checkIssuedBy(const PemPair &pair, const QByteArray &caCertificatePem);
// Whether the certificate's SANs name every DNS name (exactly, case-insensitively) and every address.
bool coversNames(const QSslCertificate &certificate, const QStringList &dnsNames,
                 const QList<QHostAddress> &ipAddresses);

// A TLS configuration for a server presenting `serving`: TLS 1.2 or later, ALPN "http/1.1" (kubectl
// offers h2 too and falls back). The handshake sends the chain up to the CA (OpenSSL builds it from the
// CA set here), so an agent holding only a join token can take the CA from the handshake and pin it
// with caHash(). Client certificates are not asked for unless `requestClientCertificates`, in which
// case the CA is the only one trusted for them (QSslSocket::QueryPeer: the server decides what a
// missing or invalid one means).
api::Result<QSslConfiguration> serverTlsConfiguration(const PemPair &serving, const QByteArray &caCertificatePem,
                                                      bool requestClientCertificates = false);

} // namespace tugboat::apiserver
