// The control plane of `tugboatd server`: the store, the API server over HTTPS (or plain HTTP on
// loopback with --insecure-http), its first-start credentials, and the controllers (with the scheduler
// and simulated nodes) in a ControllerManager.
//
// One server or several: with the sqlite or memory store there is one server by construction, and the
// controllers start with it. With `--store etcd://...` several servers may share one cluster (HA): each
// always serves the API, and a LeaderElector (Lease kube-system/tugboat-controller-manager) decides
// which one runs the controllers. The elector lives on the main thread with an ApiClient of its own
// (short request timeout) against this server's API. On startedLeading a fresh ControllerManager is
// built and started; on stoppedLeading it is stopped and destroyed at once, before the lease can run
// out for the others. On stop() the controllers stop first, then the lease is released so another
// server takes over at its next attempt (stop() waits for that write, a couple of seconds at most).
//
// HA servers share credentials: each one's data dir holds a copy of the same ca.crt, ca.key,
// tokens.json, node-token and kubeconfigs (README, "Several servers"); each issues its own serving
// certificate from that CA for its own addresses.
//
// Thread affinity: the main thread (it owns the HTTP server's I/O and the elector).
#pragma once

#include "options.h"

#include "api/result.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace tugboat::store {
class Store;
}
namespace tugboat::client {
class ApiClient;
}
namespace tugboat::controllers {
class ControllerManager;
class LeaderElector;
class TimerDelayScheduler;
} // namespace tugboat::controllers
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
    // Called by start() (one server), or each time this server starts leading (HA): a fresh set.
    api::Result<void> startControllers();
    void stop();

    QUrl url() const { return m_url; }
    QString adminKubeconfig() const { return m_adminKubeconfig; }
    // Whether this server runs its controllers only while it holds the leader lease (etcd store).
    bool electsLeader() const;
    // This server's identity as a candidate ("" when it does not elect).
    QString leaderIdentity() const;

private:
    // Controllers now (one server), or once this server wins the election (HA).
    api::Result<void> startControlLoops();
    api::Result<void> startElection();
    void startedLeading();
    void stoppedLeading();
    void stopControllers();
    void stopElection();

    ServerOptions m_options;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<apiserver::ApiServer> m_api;
    std::unique_ptr<apiserver::HttpServer> m_http;
    std::unique_ptr<controllers::ControllerManager> m_controllers;
    // HA only; destroyed in this order (the elector first, its client and timers last).
    std::unique_ptr<client::ApiClient> m_electionClient;
    std::unique_ptr<controllers::TimerDelayScheduler> m_electionTimers;
    std::unique_ptr<controllers::LeaderElector> m_elector;
    QUrl m_url;
    QString m_adminKubeconfig;
    bool m_stopping = false;
};

} // namespace tugboat::daemon
