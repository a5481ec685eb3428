// The control plane's credentials in its data dir: made at first start, reused and repaired later.
//
// Files (mode 0600, the data dir 0700):
//   ca.crt, ca.key           the cluster CA (pki.h); never replaced once made, since agents pin it
//   server.crt, server.key   the API server's serving certificate, re-issued at start when it no longer
//                            names every requested DNS name and IP, expires within 30 days, or does not
//                            match the CA or its key
//   tokens.json              the token store (tokens.h): hashes only
//   node-token               one line, the join token `K10<ca-hash>::<id>.<secret>` that
//                            `tugboatd agent --token` takes (k3s keeps its own the same way)
//   admin.kubeconfig         kubectl-ready: cluster (server URL, certificate-authority-data), user (an
//   viewer.kubeconfig        admin or viewer token), context, current-context
//
// The secrets of the admin, viewer and join tokens live only in those three files (the store keeps
// hashes), so on later starts they are read back from them. A kubeconfig is rewritten when the server
// URL or the CA changed; one that was deleted, or whose token no longer authenticates with its role, is
// rewritten with a new token (old tokens stay valid until deleted: copies of a kubeconfig may be in use).
//
// Kubeconfigs are read and written with api::YamlReader/YamlWriter (the apiserver library does not
// depend on core/client; the client's Kubeconfig reads these files back).
//
// The TLS configuration does not depend on the port, so with `--listen HOST:0` the daemon can listen
// first, then call ensureServerCredentials() with the real URL; calling it again with another URL just
// rewrites the kubeconfigs.
//
// Blocking (file I/O, key generation on first start): call it before the event loop or off it.
#pragma once

#include "api/clock.h"
#include "api/result.h"
#include "pki.h"
#include "tokens.h"

#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <memory>

namespace tugboat::apiserver {

struct CredentialOptions {
    // Extra names the serving certificate must carry, beyond defaultServingDnsNames() and
    // defaultServingIpAddresses(): the node IP, --tls-san style extras, a public name.
    QStringList dnsNames;
    QList<QHostAddress> ipAddresses;
    // What the kubeconfigs point at, e.g. https://127.0.0.1:6443.
    QString serverUrl = QStringLiteral("https://127.0.0.1:6443");
    // Cluster name in the kubeconfigs; contexts are "<cluster>" (admin) and "<cluster>-viewer".
    QString clusterName = QStringLiteral("tugboat");
    // The system clock when null; otherwise it must outlive the returned token store.
    const api::Clock *clock = nullptr;
};

struct ServerCredentials {
    QString dataDir;
    PemPair ca;
    PemPair serving;
    QString caHash; // what join tokens pin
    std::shared_ptr<TokenStore> tokens;
    QString serverUrl;

    QString caCertificatePath;
    QString nodeTokenPath;
    QString adminKubeconfigPath;
    QString viewerKubeconfigPath;

    // Files written by this call (all of them on a first start), for the daemon to report.
    QStringList written;
    bool servingCertificateIssued = false; // a new serving certificate was made by this call

    // serverTlsConfiguration() for `serving`.
    api::Result<QSslConfiguration> tlsConfiguration(bool requestClientCertificates = false) const;
};

// How long before expiry the serving certificate is renewed.
constexpr int kServingRenewalDays = 30;

// Creates what is missing in `dataDir`, repairs what is stale, loads the rest. Errors name the file and
// what to do; a CA certificate without its key (or the reverse) is an error rather than a new CA,
// because every agent pinned the old one.
api::Result<ServerCredentials> ensureServerCredentials(const QString &dataDir, const CredentialOptions &options);

} // namespace tugboat::apiserver
