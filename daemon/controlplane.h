// The all-in-one control plane of `tugboatd server`: the store, the API server over HTTPS (or plain
// HTTP on loopback with --insecure-http), and its first-start credentials. Controllers, the scheduler
// and the node agent join it as they arrive.
//
// Thread affinity: the main thread (it owns the HTTP server's I/O).
#pragma once

#include "options.h"

#include "api/result.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace tugboat::store {
class Store;
}
namespace tugboat::controllers {
class ControllerManager;
}
namespace tugboat::apiserver {
class ApiServer;
class HttpServer;
struct ServerCredentials;
} // namespace tugboat::apiserver

namespace tugboat::daemon {

class ControlPlane : public QObject {
    Q_OBJECT
public:
    explicit ControlPlane(ServerOptions options, QObject *parent = nullptr);
    ~ControlPlane() override;

    // Opens the store, makes or loads credentials, starts serving. One-line error on failure.
    api::Result<void> start();
    // The controllers run against this server's API, as an API client with the admin credentials.
    api::Result<void> startControllers();
    void stop();

    QUrl url() const { return m_url; }
    QString adminKubeconfig() const { return m_adminKubeconfig; }

private:
    ServerOptions m_options;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<apiserver::ApiServer> m_api;
    std::unique_ptr<apiserver::HttpServer> m_http;
    std::unique_ptr<controllers::ControllerManager> m_controllers;
    QUrl m_url;
    QString m_adminKubeconfig;
};

} // namespace tugboat::daemon
