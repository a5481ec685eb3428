// The Kubernetes-compatible API: routes each HTTP request to discovery, OpenAPI, health, metrics or a
// resource handler, with authentication and authorisation in front.
//
// Threads: handle() runs on the HTTP server's I/O thread and never blocks it. Resource handlers run on
// a thread pool (they block on the store); watches stream from the I/O thread, fed by the store.
#pragma once

#include "httpserver.h"
#include "ratelimiter.h"
#include "registry.h"
#include "requestinfo.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>

namespace tugboat::apiserver {

class ApiMetrics;
class MeasuredStore;

// Decides whether a request may proceed: Unauthorized (401) or Forbidden (403) errors otherwise.
// Runs on the I/O thread: it must be quick (in-memory token lookup and role rules).
using AccessCheck = std::function<Result<void>(const HttpRequest &, const RequestInfo &)>;

class ApiServer : public QObject {
    Q_OBJECT
public:
    ApiServer(store::Store &store, api::Clock &clock, QObject *parent = nullptr);
    ~ApiServer() override;

    void setAccessCheck(AccessCheck check) { m_access = std::move(check); }
    void setRateLimits(const RateLimits &limits) { m_limiter = std::make_unique<RateLimiter>(limits); }
    // Watches end after this many seconds unless the client asks for less (Kubernetes: 30-60 min).
    void setMaxWatchSeconds(int seconds) { m_maxWatchSeconds = seconds; }
    void setBookmarkIntervalMs(int ms) { m_bookmarkIntervalMs = ms; }

    // The HttpHandler to give the HttpServer.
    void handle(const HttpExchangePtr &exchange);

    Registry &registry() { return m_registry; }
    int openWatches() const { return m_openWatches.load(); }
    ApiMetrics &metrics() { return *m_metrics; }

private:
    HttpResponse serveNonResource(const HttpRequest &request);
    HttpResponse serveResource(const HttpRequest &request, const RequestInfo &info);
    HttpResponse serveOpenApi(const HttpRequest &request);
    void startWatch(const HttpExchangePtr &exchange, const RequestInfo &info);

    friend class WatchStream;
    std::unique_ptr<ApiMetrics> m_metrics;
    std::unique_ptr<MeasuredStore> m_store;
    Registry m_registry;
    AccessCheck m_access;
    QThreadPool m_pool;
    std::atomic<int> m_openWatches{0};
    int m_maxWatchSeconds = 1800;
    int m_bookmarkIntervalMs = 60'000;
    std::unique_ptr<RateLimiter> m_limiter;
};

} // namespace tugboat::apiserver
