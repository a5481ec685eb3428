#include "apiclient.h"

#include "sharedinformers.h"

#include "apirequest.h"
#include "resourcediscovery.h"
#include "statuserror.h"
#include "transport.h"
#include "watchdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tugboat::client {

using api::Error;
using api::ErrorCode;
using api::ObjectPtr;
using api::ResourceInfo;
using api::Result;
using detail::HttpResult;
using detail::RequestSpec;

namespace {

// Values are percent-encoded beyond what QUrlQuery does ('+', '&', '=', ',' and the rest of the
// reserved set), because Go servers read '+' in a query as a space.
void addParam(QUrlQuery &query, const QString &key, const QString &value)
{
    query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
}

void addSelectors(QUrlQuery &query, const QString &labels, const QString &fields)
{
    if (!labels.isEmpty())
        addParam(query, QStringLiteral("labelSelector"), labels);
    if (!fields.isEmpty())
        addParam(query, QStringLiteral("fieldSelector"), fields);
}

QUrlQuery writeQuery(const WriteOptions &options)
{
    QUrlQuery q;
    if (options.dryRun)
        addParam(q, QStringLiteral("dryRun"), QStringLiteral("All"));
    if (!options.fieldManager.isEmpty())
        addParam(q, QStringLiteral("fieldManager"), options.fieldManager);
    if (!options.fieldValidation.isEmpty())
        addParam(q, QStringLiteral("fieldValidation"), options.fieldValidation);
    return q;
}

QUrlQuery listQuery(const ListOptions &options)
{
    QUrlQuery q;
    addSelectors(q, options.labelSelector, options.fieldSelector);
    if (options.limit > 0)
        addParam(q, QStringLiteral("limit"), QString::number(options.limit));
    if (!options.continueToken.isEmpty())
        addParam(q, QStringLiteral("continue"), options.continueToken);
    if (!options.resourceVersion.isEmpty())
        addParam(q, QStringLiteral("resourceVersion"), options.resourceVersion);
    if (!options.resourceVersionMatch.isEmpty())
        addParam(q, QStringLiteral("resourceVersionMatch"), options.resourceVersionMatch);
    return q;
}

// "get deployments.apps web": what kubectl appends to made-up messages.
QString describe(const char *verb, const ResourceInfo &resource, const QString &name = {})
{
    QString s = QLatin1String(verb) + QLatin1Char(' ') + resource.qualifiedResource();
    if (!name.isEmpty())
        s += QLatin1Char(' ') + name;
    return s;
}

Result<QJsonObject> parseJsonObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (!doc.isObject())
        return Error(
            ErrorCode::Internal,
            QStringLiteral("the server's answer is not a JSON object: %1")
                .arg(error.error == QJsonParseError::NoError ? QStringLiteral("not an object") : error.errorString()));
    return doc.object();
}

Result<ObjectPtr> parseObject(const Result<HttpResult> &reply, const ResourceInfo &resource)
{
    if (!reply)
        return reply.error();
    auto json = parseJsonObject(reply->body);
    if (!json)
        return json.error();
    return withTypeMeta(std::move(json.value()), resource);
}

Result<ObjectList> parseList(const Result<HttpResult> &reply, const ResourceInfo &resource)
{
    if (!reply)
        return reply.error();
    auto json = parseJsonObject(reply->body);
    if (!json)
        return json.error();
    ObjectList list;
    const QJsonObject meta = json->value(QLatin1String("metadata")).toObject();
    list.resourceVersion = meta.value(QLatin1String("resourceVersion")).toString();
    list.continueToken = meta.value(QLatin1String("continue")).toString();
    if (meta.contains(QLatin1String("remainingItemCount")))
        list.remainingItemCount = meta.value(QLatin1String("remainingItemCount")).toInteger();
    const QJsonArray items = json->value(QLatin1String("items")).toArray();
    list.items.reserve(items.size());
    for (const QJsonValue &item : items)
        list.items.append(withTypeMeta(item.toObject(), resource));
    return list;
}

Error needsNamespace(const ResourceInfo &resource)
{
    return Error(ErrorCode::BadRequest,
                 QStringLiteral("a namespace is required for %1").arg(resource.qualifiedResource()));
}

Error needsName(const ResourceInfo &resource)
{
    return Error(ErrorCode::BadRequest,
                 QStringLiteral("resource name may not be empty (%1)").arg(resource.qualifiedResource()));
}

// Kubernetes' Warning header: `299 - "text"` (RFC 7234 warn-code, agent, quoted text).
QString warningText(const QByteArray &value)
{
    const qsizetype open = value.indexOf('"');
    const qsizetype close = value.lastIndexOf('"');
    if (open < 0 || close <= open)
        return QString::fromUtf8(value.trimmed());
    QByteArray text = value.mid(open + 1, close - open - 1);
    text.replace("\\\"", "\"").replace("\\\\", "\\");
    return QString::fromUtf8(text);
}

} // namespace

ApiClient::ApiClient(const ClientConfig &config, ClientOptions options, QObject *parent)
    : QObject(parent)
    , m_transport(new detail::Transport(config, options, this))
    , m_defaultNamespace(config.namespaceName.isEmpty() ? QStringLiteral("default") : config.namespaceName)
{}

ApiClient::~ApiClient()
{
    delete SharedInformers::of(*this); // its informers cancel their calls while the client still works
    delete m_transport;                // cancels what is in flight before anything else goes
}

const std::optional<Error> &ApiClient::configError() const
{
    return m_transport->configError();
}

QString ApiClient::server() const
{
    return m_transport->serverName();
}

QString ApiClient::groupVersionPath(const ResourceInfo &resource)
{
    if (resource.group.isEmpty())
        return QStringLiteral("/api/") + resource.version;
    return QStringLiteral("/apis/%1/%2").arg(resource.group, resource.version);
}

QString ApiClient::collectionPath(const ResourceInfo &resource, const QString &ns)
{
    QString path = groupVersionPath(resource);
    if (resource.namespaced && !ns.isEmpty())
        path += QStringLiteral("/namespaces/") + ns;
    return path + QLatin1Char('/') + resource.resource;
}

QString ApiClient::objectPath(const ResourceInfo &resource, const QString &ns, const QString &name,
                              const QString &subresource)
{
    QString path = collectionPath(resource, ns) + QLatin1Char('/') + name;
    if (!subresource.isEmpty())
        path += QLatin1Char('/') + subresource;
    return path;
}

Call ApiClient::send(RequestSpec spec, Handler handler)
{
    auto *request = new detail::ApiRequest(m_transport, std::move(spec),
                                           [this, handler = std::move(handler)](Result<HttpResult> r) {
                                               if (r)
                                                   emitWarnings(*r);
                                               handler(std::move(r));
                                           });
    request->start();
    return Call(request);
}

Call ApiClient::stream(RequestSpec spec, std::function<Result<void>(const QByteArray &)> chunk, Handler handler)
{
    spec.streaming = true;
    auto *request = new detail::ApiRequest(m_transport, std::move(spec), std::move(handler), std::move(chunk));
    request->start();
    return Call(request);
}

Call ApiClient::failLater(Error error, Handler handler)
{
    // Through a request that never reaches the network, so that completion stays asynchronous and
    // the Call can still be cancelled.
    auto *request = new detail::ApiRequest(m_transport, RequestSpec(), std::move(handler));
    request->failWith(std::move(error));
    return Call(request);
}

void ApiClient::emitWarnings(const HttpResult &result)
{
    for (const auto &h : result.headers)
        if (h.first.compare("Warning", Qt::CaseInsensitive) == 0)
            emit warningReceived(warningText(h.second));
}

Call ApiClient::get(const ResourceInfo &resource, const QString &ns, const QString &name, Callback<ObjectPtr> done)
{
    auto handler = [resource, done](Result<HttpResult> r) { done(parseObject(r, resource)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    if (name.isEmpty())
        return failLater(needsName(resource), handler);
    RequestSpec spec;
    spec.path = objectPath(resource, ns, name);
    spec.description = describe("get", resource, name);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::list(const ResourceInfo &resource, const QString &ns, const ListOptions &options,
                     Callback<ObjectList> done)
{
    RequestSpec spec;
    spec.path = collectionPath(resource, ns);
    spec.query = listQuery(options);
    spec.description = describe("get", resource);
    return send(std::move(spec), [resource, done](Result<HttpResult> r) { done(parseList(r, resource)); });
}

namespace {

// The pages of one listAll, gathered until the last.
class Pager final : public detail::Sequence {
public:
    Pager(ApiClient *client, QObject *owner, ResourceInfo resource, QString ns, ListOptions options,
          Callback<ObjectList> done)
        : Sequence(owner)
        , m_client(client)
        , m_resource(std::move(resource))
        , m_ns(std::move(ns))
        , m_options(std::move(options))
        , m_done(std::move(done))
    {}

    void fetch()
    {
        m_current =
            m_client->list(m_resource, m_ns, m_options, [this](Result<ObjectList> page) { onPage(std::move(page)); });
    }

private:
    void onPage(Result<ObjectList> page)
    {
        if (!page) {
            // The continue token expired midway: start again, unpaged, for one consistent list.
            if (page.error().code() == ErrorCode::Gone && !m_options.continueToken.isEmpty()) {
                m_gathered = ObjectList();
                m_options.continueToken.clear();
                m_options.limit = 0;
                fetch();
                return;
            }
            complete();
            m_done(page.error());
            return;
        }
        m_gathered.items.append(page->items);
        m_gathered.resourceVersion = page->resourceVersion;
        if (page->continueToken.isEmpty()) {
            complete();
            m_done(std::move(m_gathered));
            return;
        }
        m_options.continueToken = page->continueToken;
        fetch();
    }

    ApiClient *m_client;
    ResourceInfo m_resource;
    QString m_ns;
    ListOptions m_options;
    Callback<ObjectList> m_done;
    ObjectList m_gathered;
};

} // namespace

Call ApiClient::listAll(const ResourceInfo &resource, const QString &ns, const ListOptions &options,
                        Callback<ObjectList> done)
{
    auto *pager = new Pager(this, m_transport, resource, ns, options, std::move(done));
    pager->fetch();
    return Call(pager);
}

Call ApiClient::write(const ResourceInfo &resource, const QString &ns, const api::Object &object,
                      const QString &subresource, const QByteArray &method, const WriteOptions &options,
                      Callback<ObjectPtr> done)
{
    auto handler = [resource, done](Result<HttpResult> r) { done(parseObject(r, resource)); };
    const QString objectNs = ns.isEmpty() ? object.namespaceName() : ns;
    if (resource.namespaced && objectNs.isEmpty())
        return failLater(needsNamespace(resource), handler);
    const bool creating = method == "POST";
    if (!creating && object.name().isEmpty())
        return failLater(needsName(resource), handler);
    RequestSpec spec;
    spec.method = method;
    spec.path =
        creating ? collectionPath(resource, objectNs) : objectPath(resource, objectNs, object.name(), subresource);
    spec.query = writeQuery(options);
    spec.body = object.toJson();
    spec.contentType = "application/json";
    spec.description = describe(creating ? "create" : "update", resource, object.name());
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::create(const ResourceInfo &resource, const QString &ns, const api::Object &object,
                       const WriteOptions &options, Callback<ObjectPtr> done)
{
    return write(resource, ns, object, QString(), "POST", options, std::move(done));
}

Call ApiClient::createSubresource(const ResourceInfo &resource, const QString &ns, const QString &name,
                                  const QString &subresource, const api::Object &object, const WriteOptions &options,
                                  Callback<ObjectPtr> done)
{
    auto handler = [resource, done](Result<HttpResult> r) { done(parseObject(r, resource)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    if (name.isEmpty())
        return failLater(needsName(resource), handler);
    RequestSpec spec;
    spec.method = "POST";
    spec.path = objectPath(resource, ns, name, subresource);
    spec.query = writeQuery(options);
    spec.body = object.toJson();
    spec.contentType = "application/json";
    spec.description = describe("create", resource, name + QLatin1Char('/') + subresource);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::update(const ResourceInfo &resource, const QString &ns, const api::Object &object,
                       const WriteOptions &options, Callback<ObjectPtr> done)
{
    return write(resource, ns, object, QString(), "PUT", options, std::move(done));
}

Call ApiClient::updateStatus(const ResourceInfo &resource, const QString &ns, const api::Object &object,
                             const WriteOptions &options, Callback<ObjectPtr> done)
{
    return write(resource, ns, object, QStringLiteral("status"), "PUT", options, std::move(done));
}

Call ApiClient::patch(const ResourceInfo &resource, const QString &ns, const QString &name, PatchType type,
                      const QByteArray &patch, const PatchOptions &options, Callback<ObjectPtr> done)
{
    auto handler = [resource, done](Result<HttpResult> r) { done(parseObject(r, resource)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    if (name.isEmpty())
        return failLater(needsName(resource), handler);
    if (type == PatchType::Apply && options.fieldManager.isEmpty())
        return failLater(Error(ErrorCode::BadRequest,
                               QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required "
                                              "value: is required for apply patch")),
                         handler);
    RequestSpec spec;
    spec.method = "PATCH";
    spec.path = objectPath(resource, ns, name, options.subresource);
    spec.query = writeQuery(options);
    if (type == PatchType::Apply && options.force)
        addParam(spec.query, QStringLiteral("force"), QStringLiteral("true"));
    spec.body = patch;
    switch (type) {
    case PatchType::Merge:
        spec.contentType = "application/merge-patch+json";
        break;
    case PatchType::Json:
        spec.contentType = "application/json-patch+json";
        break;
    case PatchType::Strategic:
        spec.contentType = "application/strategic-merge-patch+json";
        break;
    case PatchType::Apply:
        spec.contentType = "application/apply-patch+yaml";
        break; // JSON is YAML
    }
    spec.description = describe("patch", resource, name);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::apply(const ResourceInfo &resource, const QString &ns, const api::Object &object,
                      const PatchOptions &options, Callback<ObjectPtr> done)
{
    const QString objectNs = ns.isEmpty() ? object.namespaceName() : ns;
    return patch(resource, objectNs, object.name(), PatchType::Apply, object.toJson(), options, std::move(done));
}

namespace {

QByteArray deleteBody(const DeleteOptions &options)
{
    QJsonObject body{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                     {QStringLiteral("apiVersion"), QStringLiteral("v1")}};
    if (!options.propagationPolicy.isEmpty())
        body.insert(QStringLiteral("propagationPolicy"), options.propagationPolicy);
    if (options.gracePeriodSeconds)
        body.insert(QStringLiteral("gracePeriodSeconds"), *options.gracePeriodSeconds);
    QJsonObject pre;
    if (!options.preconditionUid.isEmpty())
        pre.insert(QStringLiteral("uid"), options.preconditionUid);
    if (!options.preconditionResourceVersion.isEmpty())
        pre.insert(QStringLiteral("resourceVersion"), options.preconditionResourceVersion);
    if (!pre.isEmpty())
        body.insert(QStringLiteral("preconditions"), pre);
    if (options.dryRun)
        body.insert(QStringLiteral("dryRun"), QJsonArray{QStringLiteral("All")});
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

Call ApiClient::remove(const ResourceInfo &resource, const QString &ns, const QString &name,
                       const DeleteOptions &options, Callback<ObjectPtr> done)
{
    auto handler = [resource, done](Result<HttpResult> r) { done(parseObject(r, resource)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    if (name.isEmpty())
        return failLater(needsName(resource), handler);
    RequestSpec spec;
    spec.method = "DELETE";
    spec.path = objectPath(resource, ns, name);
    spec.body = deleteBody(options);
    spec.contentType = "application/json";
    spec.description = describe("delete", resource, name);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::removeCollection(const ResourceInfo &resource, const QString &ns, const ListOptions &selection,
                                 const DeleteOptions &options, Callback<void> done)
{
    RequestSpec spec;
    spec.method = "DELETE";
    spec.path = collectionPath(resource, ns);
    addSelectors(spec.query, selection.labelSelector, selection.fieldSelector);
    if (options.dryRun)
        addParam(spec.query, QStringLiteral("dryRun"), QStringLiteral("All"));
    spec.body = deleteBody(options);
    spec.contentType = "application/json";
    spec.description = describe("deletecollection", resource);
    return send(std::move(spec), [done](Result<HttpResult> r) {
        if (!r)
            done(r.error());
        else
            done(Result<void>());
    });
}

Call ApiClient::getScale(const ResourceInfo &resource, const QString &ns, const QString &name, Callback<ObjectPtr> done)
{
    const ResourceInfo scale{QStringLiteral("autoscaling"),
                             QStringLiteral("v1"),
                             QStringLiteral("Scale"),
                             QString(),
                             QString(),
                             true,
                             {},
                             {},
                             {},
                             {}};
    auto handler = [scale, done](Result<HttpResult> r) { done(parseObject(r, scale)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    RequestSpec spec;
    spec.path = objectPath(resource, ns, name, QStringLiteral("scale"));
    spec.description = describe("get", resource, name);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::updateScale(const ResourceInfo &resource, const QString &ns, const QString &name, int replicas,
                            Callback<ObjectPtr> done)
{
    const api::Object scale(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("Scale")},
        {QStringLiteral("apiVersion"), QStringLiteral("autoscaling/v1")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), replicas}}}});
    const ResourceInfo scaleInfo{QStringLiteral("autoscaling"),
                                 QStringLiteral("v1"),
                                 QStringLiteral("Scale"),
                                 resource.resource,
                                 QString(),
                                 resource.namespaced,
                                 {},
                                 {},
                                 {},
                                 {}};
    auto handler = [scaleInfo, done](Result<HttpResult> r) { done(parseObject(r, scaleInfo)); };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    RequestSpec spec;
    spec.method = "PUT";
    spec.path = objectPath(resource, ns, name, QStringLiteral("scale"));
    spec.body = scale.toJson();
    spec.contentType = "application/json";
    spec.description = describe("update", resource, name);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::getText(const ResourceInfo &resource, const QString &ns, const QString &name,
                        const QString &subresource, const QUrlQuery &query, Callback<QByteArray> done)
{
    auto handler = [done](Result<HttpResult> r) {
        if (!r)
            done(r.error());
        else
            done(std::move(r->body));
    };
    if (resource.namespaced && ns.isEmpty())
        return failLater(needsNamespace(resource), handler);
    RequestSpec spec;
    spec.path = objectPath(resource, ns, name, subresource);
    spec.query = query;
    spec.accept = "text/plain, */*";
    spec.description = describe("get", resource, name + QLatin1Char('/') + subresource);
    return send(std::move(spec), std::move(handler));
}

Call ApiClient::logs(const QString &ns, const QString &pod, const LogOptions &options,
                     std::function<void(const QByteArray &)> onData, Callback<void> onEnd)
{
    const ResourceInfo pods = *api::Kinds::byKind(QStringLiteral("v1"), QStringLiteral("Pod"));
    auto handler = [onEnd](Result<HttpResult> r) {
        if (!r)
            onEnd(r.error());
        else
            onEnd(Result<void>());
    };
    if (ns.isEmpty())
        return failLater(needsNamespace(pods), handler);
    RequestSpec spec;
    spec.path = objectPath(pods, ns, pod, QStringLiteral("log"));
    if (!options.container.isEmpty())
        addParam(spec.query, QStringLiteral("container"), options.container);
    if (options.follow)
        addParam(spec.query, QStringLiteral("follow"), QStringLiteral("true"));
    if (options.tailLines)
        addParam(spec.query, QStringLiteral("tailLines"), QString::number(*options.tailLines));
    if (options.sinceSeconds)
        addParam(spec.query, QStringLiteral("sinceSeconds"), QString::number(*options.sinceSeconds));
    if (options.limitBytes)
        addParam(spec.query, QStringLiteral("limitBytes"), QString::number(*options.limitBytes));
    if (options.timestamps)
        addParam(spec.query, QStringLiteral("timestamps"), QStringLiteral("true"));
    if (options.previous)
        addParam(spec.query, QStringLiteral("previous"), QStringLiteral("true"));
    spec.accept = "text/plain, */*";
    spec.description = describe("get", pods, pod + QStringLiteral("/log"));
    // A stream either way, so that bytes reach onData as they arrive; only a follow runs unbounded.
    auto chunk = [onData](const QByteArray &data) -> Result<void> {
        if (onData)
            onData(data);
        return {};
    };
    spec.timeoutMs = options.follow ? 0 : -1;
    return stream(std::move(spec), std::move(chunk), std::move(handler));
}

Call ApiClient::watch(const ResourceInfo &resource, const QString &ns, const WatchOptions &options,
                      std::function<void(const WatchEvent &)> onEvent, Callback<void> onEnd)
{
    RequestSpec spec;
    spec.path = collectionPath(resource, ns);
    addParam(spec.query, QStringLiteral("watch"), QStringLiteral("true"));
    addSelectors(spec.query, options.labelSelector, options.fieldSelector);
    if (!options.resourceVersion.isEmpty())
        addParam(spec.query, QStringLiteral("resourceVersion"), options.resourceVersion);
    if (options.allowBookmarks)
        addParam(spec.query, QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    if (options.timeoutSeconds > 0) {
        addParam(spec.query, QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds));
        // The server ends the stream; the client gives up only if it does not, well after.
        spec.timeoutMs = (options.timeoutSeconds + 30) * 1000;
    }
    spec.description = describe("watch", resource);

    // Decoding state shared by the chunk and end handlers; the last ERROR event is the end's result.
    struct State {
        JsonStreamSplitter splitter;
        std::optional<Error> error;
        Call call; // a handler may cancel the watch between two events of one chunk
    };
    auto state = std::make_shared<State>();
    auto chunk = [state, resource, onEvent](const QByteArray &data) -> Result<void> {
        state->splitter.feed(data);
        while (state->call.isActive()) {
            auto json = state->splitter.next();
            if (!json)
                break;
            auto event = parseWatchEvent(*json, resource);
            if (!event)
                return event.error();
            if (event->type == WatchEvent::Type::Error)
                state->error = event->error;
            if (onEvent)
                onEvent(*event);
        }
        if (state->splitter.pending() > 64 * 1024 * 1024)
            return Error(ErrorCode::RequestTooLarge, QStringLiteral("a watch event larger than 64 MiB"));
        return {};
    };
    auto handler = [state, onEnd](Result<HttpResult> r) {
        if (!r)
            onEnd(r.error());
        else if (state->error)
            onEnd(*state->error);
        else
            onEnd(Result<void>());
    };
    state->call = stream(std::move(spec), std::move(chunk), std::move(handler));
    return state->call;
}

Call ApiClient::getRaw(const QString &path, const QUrlQuery &query, Callback<QByteArray> done)
{
    RequestSpec spec;
    spec.path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    spec.query = query;
    spec.accept = "application/json, */*";
    spec.description = QStringLiteral("get ") + spec.path;
    return send(std::move(spec), [done](Result<HttpResult> r) {
        if (!r)
            done(r.error());
        else
            done(std::move(r->body));
    });
}

Call ApiClient::serverVersion(Callback<ServerVersion> done)
{
    return getRaw(QStringLiteral("/version"), {}, [done](Result<QByteArray> body) {
        if (!body) {
            done(body.error());
            return;
        }
        auto json = parseJsonObject(*body);
        if (!json) {
            done(json.error());
            return;
        }
        ServerVersion v;
        v.major = json->value(QLatin1String("major")).toString();
        v.minor = json->value(QLatin1String("minor")).toString();
        v.gitVersion = json->value(QLatin1String("gitVersion")).toString();
        v.platform = json->value(QLatin1String("platform")).toString();
        done(std::move(v));
    });
}

Call ApiClient::serverResources(Callback<DiscoveredResources> done)
{
    auto *discovery = new detail::ResourceDiscovery(this, m_transport, std::move(done));
    discovery->start();
    return Call(discovery);
}

} // namespace tugboat::client
