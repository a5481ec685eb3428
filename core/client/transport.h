// What every request of one ApiClient shares: the server's base URL, TLS settings, credentials, and
// the QNetworkAccessManagers requests go through.
//
// TLS follows kubeconfig semantics: certificate-authority data, when given, is the only trust anchor
// (the system's CAs are not consulted); insecure-skip-tls-verify turns verification off;
// tls-server-name is the name checked (and sent as SNI) instead of the URL's host; client
// certificates are presented when configured. HTTP/2 is off: watches and log follows are long
// chunked HTTP/1.1 responses, as kubectl reads them.
//
// Credentials: the bearer token is sent over https only, as kubectl does (it sends no Authorization
// header to an http:// server). Neither the token nor keys are ever logged.
//
// Thread affinity: created and used on the ApiClient's thread.
#pragma once

#include "clienttypes.h"
#include "kubeconfig.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QUrlQuery>
#include <optional>

namespace tugboat::client::detail {

// One HTTP request as the verbs describe it.
struct RequestSpec {
    QByteArray method = "GET";
    QString path; // below the server URL, e.g. /apis/apps/v1/namespaces/default/deployments/web
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray accept = "application/json";
    bool streaming = false; // chunks handed over as they arrive; never retried
    int timeoutMs = -1;     // per attempt; -1: the client's default (none for streams); 0: none
    QString description;    // "get deployments.apps web", for messages made up by the client
};

class Transport : public QObject {
    Q_OBJECT
public:
    Transport(const ClientConfig &config, const ClientOptions &options, QObject *parent = nullptr);
    // Destroys the requests in flight (children of the transport) before the managers they use.
    ~Transport() override;

    // Why requests cannot be made (an invalid server URL, CA or key), if so.
    const std::optional<api::Error> &configError() const { return m_configError; }
    const ClientOptions &options() const { return m_options; }
    // scheme://host:port[/prefix] of the server, for messages.
    QString serverName() const { return m_server.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash); }

    QUrl url(const QString &path, const QUrlQuery &query) const;
    QNetworkRequest makeRequest(const RequestSpec &spec) const;

    // The in-process server requests go to instead of the network, if any (ClientConfig::local).
    const LocalServer &local() const { return m_local; }
    LocalRequest makeLocalRequest(const RequestSpec &spec) const;

    // The manager to send `spec` with. Streams get a pooled manager of their own, to give back with
    // releaseManager() when they end.
    QNetworkAccessManager *acquireManager(bool streaming);
    void releaseManager(QNetworkAccessManager *manager);

private:
    std::optional<api::Error> setUpTls(const ClientConfig &config);
    QNetworkAccessManager *newManager();

    ClientOptions m_options;
    QUrl m_server;
    QString m_token;
    QString m_tlsServerName;
    QSslConfiguration m_tls;
    std::optional<api::Error> m_configError;
    LocalServer m_local;
    QNetworkAccessManager *m_manager = nullptr;
    QHash<QNetworkAccessManager *, int> m_streamManagers; // manager -> streams open on it
};

} // namespace tugboat::client::detail
