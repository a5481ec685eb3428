// kubeconfig files: finding, merging and resolving them as kubectl does, and writing them.
//
// Lookup (client-go's clientcmd): an explicit --kubeconfig file alone; else every file of $KUBECONFIG
// (':'-separated, empty entries and repeats dropped); else ~/.kube/config. Files of $KUBECONFIG that do
// not exist are skipped; an explicit file that does not exist is an error.
// Merging: for clusters, users and contexts the first file that defines a name wins and its entry is
// taken whole; current-context comes from the first file that sets it. Relative paths
// (certificate-authority, client-certificate, client-key, tokenFile) are resolved against the directory
// of the file that holds them, before merging.
//
// Read: clusters (server, certificate-authority[-data], insecure-skip-tls-verify, tls-server-name),
// users (token, tokenFile, client-certificate[-data], client-key[-data]; username/password are ignored;
// exec and auth-provider are recognised and refused when used, since Tugboat cannot run them), contexts
// (cluster, user, namespace). Everything else is ignored when reading.
//
// yaml-cpp parses the files (the model needs no more than its node API). Writing goes through
// api::YamlWriter instead, so that files come out laid out as kubectl writes them; useContext() edits a
// file through api::YamlReader's JSON, which keeps every field it does not know with its type, as
// kubectl's own round trip does.
//
// Errors name the file, and the place in it: `/home/u/.kube/config:3:7: ...` for YAML syntax,
// `/home/u/.kube/config: clusters[1].cluster.certificate-authority-data: invalid base64`.
//
// Values; loading and saving block on file I/O. Secrets (tokens, key data) are redacted by the debug
// printers.
#pragma once

#include "localserver.h"

#include "api/result.h"

#include <QByteArray>
#include <QDebug>
#include <QList>
#include <QString>
#include <QStringList>

namespace tugboat::client {

struct KubeconfigCluster {
    QString name;
    QString server;
    QString certificateAuthority;        // a file, absolute once loaded
    QByteArray certificateAuthorityData; // PEM (base64 in the file)
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString sourceFile; // the file that defined it; empty when built in code
};

struct KubeconfigUser {
    QString name;
    QString token;
    QString tokenFile;
    QString clientCertificate; // a file
    QByteArray clientCertificateData;
    QString clientKey; // a file
    QByteArray clientKeyData;
    QString unsupportedAuth; // "exec" or "auth-provider" when the file configures one
    QString sourceFile;
};

struct KubeconfigContext {
    QString name;
    QString cluster;
    QString user;
    QString namespaceName;
    QString sourceFile;
};

// What a client needs to reach and authenticate to a cluster: one context, resolved, files read.
struct ClientConfig {
    QString contextName;
    QString server;   // URL
    QByteArray caPem; // empty: the system's CAs
    bool insecureSkipTlsVerify = false;
    QString tlsServerName; // the name to check the certificate against, when not the URL's host
    QString token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QString namespaceName = QStringLiteral("default");
    // When set, requests go to this server in the same process instead of over the network (the
    // server URL still names it in messages). See localserver.h.
    LocalServer local;
};

QDebug operator<<(QDebug debug, const KubeconfigUser &user); // token and key redacted
QDebug operator<<(QDebug debug, const ClientConfig &config); // token and key redacted

class Kubeconfig {
public:
    // One document. `sourceFile` names it in errors and anchors relative paths (the current directory
    // when empty).
    static api::Result<Kubeconfig> parse(const QByteArray &yaml, const QString &sourceFile = {});
    // One file; NotFound when it does not exist.
    static api::Result<Kubeconfig> loadFile(const QString &path);
    // Several files merged by Kubernetes' rules; files that do not exist are skipped.
    static api::Result<Kubeconfig> loadMerged(const QStringList &paths);
    // The files kubectl would read, in precedence order (see the top of this file).
    static QStringList loadingPrecedence(const QString &explicitPath = {});
    // kubectl's lookup: loadFile(explicitPath) when given, else loadMerged(loadingPrecedence()).
    static api::Result<Kubeconfig> load(const QString &explicitPath = {});

    // `kubectl config use-context NAME`: checks the context exists in the merged configuration, then
    // sets current-context in the file kubectl would write (the explicit file; else the first file in
    // precedence that sets current-context; else the first existing file of $KUBECONFIG, or its last
    // entry, or ~/.kube/config). Returns that file.
    static api::Result<QString> useContext(const QString &contextName, const QString &explicitPath = {});

    const QList<KubeconfigCluster> &clusters() const { return m_clusters; }
    const QList<KubeconfigUser> &users() const { return m_users; }
    const QList<KubeconfigContext> &contexts() const { return m_contexts; }
    const KubeconfigCluster *cluster(const QString &name) const;
    const KubeconfigUser *user(const QString &name) const;
    const KubeconfigContext *context(const QString &name) const;
    QString currentContext() const { return m_currentContext; }
    QStringList contextNames() const;
    // The files that were read, in order.
    QStringList sourceFiles() const { return m_sourceFiles; }

    // The context `contextName` (the current context when empty), its cluster and user, with
    // certificate and token files read. Errors say which entry is missing or wrong, and where.
    api::Result<ClientConfig> resolve(const QString &contextName = {}) const;

    // Building: an entry replaces the one with the same name.
    void setCluster(const KubeconfigCluster &cluster);
    void setUser(const KubeconfigUser &user);
    void setContext(const KubeconfigContext &context);
    void setCurrentContext(const QString &name) { m_currentContext = name; }

    // YAML as kubectl writes a kubeconfig (data fields base64, empty fields left out).
    QByteArray toYaml() const;
    // Writes toYaml() to `path` atomically, mode 0600 (as kubectl does), creating the directory.
    api::Result<void> save(const QString &path) const;

private:
    void mergeFrom(const Kubeconfig &other); // entries of `other` not yet defined here

    QList<KubeconfigCluster> m_clusters;
    QList<KubeconfigUser> m_users;
    QList<KubeconfigContext> m_contexts;
    QString m_currentContext;
    QStringList m_sourceFiles;
};

} // namespace tugboat::client
