#include "apiserver.h"

#include "discovery.h"
#include "measuredstore.h"
#include "metrics.h"
#include "openapi.h"
#include "resourcehandler.h"
#include "status.h"
#include "tables.h"
#include "watchstream.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QPointer>

namespace tugboat::apiserver {

using api::ErrorCode;

namespace {

HttpResponse json(const QJsonObject &o, const QByteArray &contentType = "application/json")
{
    HttpResponse r;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    r.contentType = contentType;
    return r;
}

HttpResponse text(int status, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.contentType = "text/plain; charset=utf-8";
    r.body = body;
    return r;
}

HttpResponse notFound()
{
    return statusResponse(404, QStringLiteral("NotFound"),
                          QStringLiteral("the server could not find the requested resource"));
}

// Health endpoints and /version answer without credentials (DESIGN §6).
bool isPublic(const QString &path)
{
    return path == QLatin1String("/healthz") || path == QLatin1String("/livez") || path == QLatin1String("/readyz") ||
           path == QLatin1String("/version") || path.startsWith(QLatin1String("/healthz/")) ||
           path.startsWith(QLatin1String("/livez/")) || path.startsWith(QLatin1String("/readyz/"));
}

} // namespace

ApiServer::ApiServer(store::Store &store, api::Clock &clock, QObject *parent)
    : QObject(parent)
    , m_metrics(std::make_unique<ApiMetrics>())
    , m_store(std::make_unique<MeasuredStore>(store, *m_metrics))
    , m_registry(*m_store, clock)
    , m_limiter(std::make_unique<RateLimiter>())
{
    m_pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount() * 2));
    m_pool.setExpiryTimeout(60'000);
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

void ApiServer::handle(const HttpExchangePtr &exchange)
{
    const HttpRequest &request = exchange->request();
    const RequestInfo info = RequestInfo::parse(request);

    if (!isPublic(request.path) && m_access) {
        if (auto allowed = m_access(request, info); !allowed) {
            m_metrics->observeRequest(info.verb, info.resource, allowed.error().httpStatus(), 0);
            exchange->respond(statusResponse(allowed.error()));
            return;
        }
    }
    if (info.isResourceRequest && info.verb == QLatin1String("watch")) {
        startWatch(exchange, info);
        return;
    }
    const QHostAddress client = request.peer;
    if (!m_limiter->admit(client)) {
        HttpResponse r = statusResponse(429, QStringLiteral("TooManyRequests"),
                                        QStringLiteral("Too many requests, please try again later."));
        r.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "1"));
        m_metrics->observeRequest(info.verb, info.resource, 429, 0);
        exchange->respond(std::move(r));
        return;
    }
    m_pool.start([this, exchange, info, client] {
        QElapsedTimer t;
        t.start();
        const HttpRequest &req = exchange->request();
        HttpResponse response = info.isResourceRequest ? serveResource(req, info) : serveNonResource(req);
        m_metrics->observeRequest(info.isResourceRequest ? info.verb : QString::fromLatin1(req.method).toLower(),
                                  info.isResourceRequest ? info.resource : QString(), response.status,
                                  double(t.nsecsElapsed()) / 1e9);
        m_limiter->release(client);
        exchange->respond(std::move(response));
    });
}

HttpResponse ApiServer::serveNonResource(const HttpRequest &request)
{
    const QString &path = request.path;
    if (request.method != "GET" && request.method != "HEAD")
        return statusResponse(405, QStringLiteral("MethodNotAllowed"),
                              QStringLiteral("the server does not allow this method on the requested resource"));
    if (path == QLatin1String("/healthz") || path == QLatin1String("/livez") || path == QLatin1String("/readyz")) {
        if (!m_registry.store().currentRevision())
            return text(500, "[-]store failed\n");
        return text(200, "ok");
    }
    if (path == QLatin1String("/version"))
        return json(versionInfo());
    if (path == QLatin1String("/metrics"))
        return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", m_metrics->text(), {}};
    if (path == QLatin1String("/api") || path == QLatin1String("/apis")) {
        const DiscoveryFormat format = negotiateDiscovery(request.header("accept"));
        const DiscoveryRoot root = path == QLatin1String("/api") ? DiscoveryRoot::Api : DiscoveryRoot::Apis;
        if (format != DiscoveryFormat::Legacy)
            return json(aggregatedDiscovery(root, format), discoveryContentType(format));
        return json(root == DiscoveryRoot::Api ? apiVersions() : apiGroupList());
    }
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() == 2 && parts[0] == QLatin1String("api")) {
        if (auto list = apiResourceList(QString(), parts[1]))
            return json(*list);
        return notFound();
    }
    if (parts.size() == 2 && parts[0] == QLatin1String("apis")) {
        if (auto group = apiGroup(parts[1]))
            return json(*group);
        return notFound();
    }
    if (parts.size() == 3 && parts[0] == QLatin1String("apis")) {
        if (auto list = apiResourceList(parts[1], parts[2]))
            return json(*list);
        return notFound();
    }
    if (path.startsWith(QLatin1String("/openapi/")) || path == QLatin1String("/swagger-2.0.0.pb-v1"))
        return serveOpenApi(request);
    return notFound();
}

HttpResponse ApiServer::serveResource(const HttpRequest &request, const RequestInfo &info)
{
    auto resource = api::Kinds::byResource(info.group, info.resource);
    if (!resource || resource->version != info.version)
        return notFound();
    if (!resource->namespaced && !info.namespaceName.isEmpty() && info.resource != QLatin1String("namespaces"))
        return notFound();
    if (resource->namespaced && info.namespaceName.isEmpty() &&
        (info.verb == QLatin1String("create") || !info.name.isEmpty()))
        return notFound();
    return ResourceHandler(m_registry).serve(request, info, *resource);
}

void ApiServer::startWatch(const HttpExchangePtr &exchange, const RequestInfo &info)
{
    auto resource = api::Kinds::byResource(info.group, info.resource);
    if (!resource || resource->version != info.version) {
        exchange->respond(notFound());
        return;
    }
    const HttpRequest &request = exchange->request();
    auto query = ResourceHandler::listQuery(request, info, *resource);
    if (!query) {
        exchange->respond(errorResponse(query.error(), *resource, info.name));
        return;
    }
    int timeout = m_maxWatchSeconds;
    if (request.hasQuery(QStringLiteral("timeoutSeconds")))
        timeout = std::clamp(request.queryValue(QStringLiteral("timeoutSeconds")).toInt(), 0, m_maxWatchSeconds);
    const bool bookmarks = request.queryValue(QStringLiteral("allowWatchBookmarks")) == QLatin1String("true");
    const bool table = ResourceHandler::wantsTable(request);
    const ResourceInfo res = *resource;
    api::Clock &clock = m_registry.clock();
    // Table events carry the column definitions once, in the first event, as Kubernetes sends them.
    auto columnsSent = std::make_shared<bool>(false);
    WatchStream::Encoder encoder = [res, table, &clock, columnsSent](const ObjectPtr &o) {
        if (!table)
            return o->json();
        const bool withColumns = !std::exchange(*columnsSent, true);
        return toTableEvent(res, o, clock.nowMs(), false, withColumns);
    };

    // Opening the watch (and listing for rv=0) blocks on the store: do it on a worker, then hand the
    // stream to the I/O thread.
    QPointer<ApiServer> self(this);
    ListQuery q = *query;
    m_pool.start([this, self, exchange, q, res, encoder, bookmarks, timeout, table] {
        std::vector<ObjectPtr> initial;
        qint64 from = 0;
        const QString rv = q.resourceVersion;
        if (rv.isEmpty() || rv == QLatin1String("0")) {
            ListQuery all = q;
            all.limit = 0;
            all.continueToken.clear();
            all.resourceVersion.clear();
            auto page = m_registry.list(res, all);
            if (!page) {
                exchange->respond(errorResponse(page.error(), res, QString()));
                return;
            }
            initial = std::move(page->items);
            from = page->revision;
        } else {
            bool ok = false;
            from = rv.toLongLong(&ok);
            if (!ok) {
                exchange->respond(
                    errorResponse(Error(ErrorCode::BadRequest, QStringLiteral("invalid resource version: %1").arg(rv)),
                                  res, QString()));
                return;
            }
        }
        auto watch = m_registry.store().watch(Registry::prefix(res, q.namespaceName), from);
        QMetaObject::invokeMethod(
            self.data(),
            [this, self, exchange, watch, q, res, encoder, bookmarks, timeout, initial, table]() mutable {
                if (!self)
                    return;
                const QByteArray contentType =
                    table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json";
                if (!watch) {
                    // Kubernetes answers a too-old watch with 200 and one ERROR event.
                    exchange->startStream(200, contentType);
                    const QJsonObject event{{QStringLiteral("type"), QStringLiteral("ERROR")},
                                            {QStringLiteral("object"), statusObject(watch.error())}};
                    exchange->writeChunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
                    exchange->finish();
                    return;
                }
                ++m_openWatches;
                m_metrics->watchOpened();
                auto *stream = new WatchStream(exchange, watch.value(), res, q, encoder, bookmarks, timeout,
                                               m_bookmarkIntervalMs, [this, self] {
                                                   if (self) {
                                                       --m_openWatches;
                                                       m_metrics->watchClosed();
                                                   }
                                               });
                stream->setParent(this);
                stream->start(contentType, initial);
            },
            Qt::QueuedConnection);
    });
}

HttpResponse ApiServer::serveOpenApi(const HttpRequest &request)
{
    const QString &path = request.path;
    if (path == QLatin1String("/openapi/v2"))
        return HttpResponse{200, openApiV2ContentType(), openApiV2Body(), {}};
    if (path == QLatin1String("/openapi/v3"))
        return json(openApiV3Index());
    if (path.startsWith(QLatin1String("/openapi/v3/"))) {
        if (const OpenApiDocument *doc = openApiV3Document(QStringView(path).mid(12))) {
            HttpResponse r{200, "application/json", doc->json, {}};
            r.headers.append(std::pair<QByteArray, QByteArray>("Etag", '"' + doc->hash + '"'));
            return r;
        }
    }
    return notFound();
}

} // namespace tugboat::apiserver
