#include "endpointscontroller.h"

#include "endpointsbuilder.h"

#include "api/kinds.h"

namespace tugboat::controllers {

namespace {

const api::ResourceInfo &endpointsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Endpoints"));
    return info;
}

// "namespace/name" -> (namespace, name).
std::pair<QString, QString> splitKey(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    return {key.left(slash), key.mid(slash + 1)};
}

QString overCapacity(const api::Object &object)
{
    return object.annotations().value(endpoints::OverCapacityAnnotation);
}

// The namespace is being deleted: creates in it keep failing, so retrying is pointless (Kubernetes
// checks the NamespaceTerminating status cause; Tugboat's API server says it in the message).
bool namespaceTerminating(const api::Error &error)
{
    return error.code() == api::ErrorCode::Forbidden &&
           error.message().contains(QLatin1String("because it is being terminated"));
}

} // namespace

EndpointsController::EndpointsController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                                         EndpointsControllerOptions options, QObject *parent)
    : Controller(QStringLiteral("endpoints"), client, scheduler, parent)
    , m_recorder(recorder)
    , m_options(std::move(options))
    , m_stale(scheduler.clock())
{
    client::InformerOptions services;
    services.resource = *api::Kinds::byKind(QStringLiteral("Service"));
    services.namespaceName = m_options.namespaceName;
    m_services = &watch(services,
                        [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return serviceKeys(old, now); });
    m_pods = &watch(endpoints::podInformerOptions(m_options.namespaceName),
                    [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
    client::InformerOptions endpointsOptions;
    endpointsOptions.resource = endpointsResource();
    endpointsOptions.namespaceName = m_options.namespaceName;
    m_endpoints = &watch(endpointsOptions, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) {
        return endpointsKeys(old, now);
    });
}

// --- informer events

QStringList EndpointsController::serviceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    m_index.serviceChanged(old, now);
    return objectKey(old, now);
}

QStringList EndpointsController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const QStringList keys = m_index.servicesForPodEvent(old, now);
    m_index.podChanged(old, now);
    return keys;
}

QStringList EndpointsController::endpointsKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (old && now && old->resourceVersion() == now->resourceVersion())
        return {};
    const api::Object &object = now ? *now : *old;
    const QString key = client::Informer::keyOf(object);
    // The first list: every Endpoints object gets looked at once, so that those of Services deleted
    // while the controller was down are deleted (Kubernetes' checkLeftoverEndpoints).
    if (!old && !m_endpoints->hasSynced())
        return object.annotations().contains(endpoints::LeaderAnnotation) ? QStringList() : QStringList{key};
    return m_services->get(key) ? QStringList{key} : QStringList();
}

api::ObjectPtr EndpointsController::cachedEndpoints(const QString &objectKey) const
{
    return m_endpoints->get(objectKey);
}

// --- reconcile

api::Result<void> EndpointsController::sync(const QString &key)
{
    const api::ObjectPtr service = m_services->get(key);
    if (!service) {
        m_stale.forget(key);
        deleteEndpoints(key);
        return {};
    }
    const std::optional<api::StringMap> selector = endpoints::managedSelector(*service);
    if (!selector)
        return {};
    std::chrono::milliseconds expiresIn{0};
    if (m_stale.isStale(
            key, [this](const QString &k) { return cachedEndpoints(k); }, &expiresIn)) {
        // Our last write is not in the cache yet; its event re-queues the key (this, if it is lost).
        queue().addAfter(key, expiresIn);
        return {};
    }
    const api::ObjectPtr current = m_endpoints->get(key);
    const api::Object desired =
        desiredEndpoints(*service, m_index.podsSelectedBy(service->namespaceName(), *selector), current);
    if (!current)
        createEndpoints(key, desired);
    else if (!upToDate(*current, desired))
        updateEndpoints(key, desired, current->resourceVersion());
    return {};
}

void EndpointsController::deleteEndpoints(const QString &key)
{
    const auto [ns, name] = splitKey(key);
    client().remove(endpointsResource(), ns, name, {},
                    completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &r) {
                        if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
                            return api::Result<void>();
                        return api::Result<void>(r.error());
                    }));
}

void EndpointsController::createEndpoints(const QString &key, const api::Object &object)
{
    client().create(
        endpointsResource(), object.namespaceName(), object, {},
        completion<api::ObjectPtr>(key, [this, key, object](const api::Result<api::ObjectPtr> &r) {
            if (r.ok()) {
                m_stale.created(key, *r.value(), [this](const QString &k) { return cachedEndpoints(k); });
                return api::Result<void>();
            }
            // AlreadyExists: the cache is behind, and its event re-queues the key.
            if (r.error().code() == api::ErrorCode::AlreadyExists || namespaceTerminating(r.error()))
                return api::Result<void>();
            m_recorder.event(
                object, EventType::Warning, QStringLiteral("FailedToCreateEndpoint"),
                QStringLiteral("Failed to create endpoint for service %1: %2").arg(key, r.error().message()));
            return api::Result<void>(r.error());
        }));
}

void EndpointsController::updateEndpoints(const QString &key, const api::Object &object, const QString &replacedRv)
{
    client().update(
        endpointsResource(), object.namespaceName(), object, {},
        completion<api::ObjectPtr>(key, [this, key, object, replacedRv](const api::Result<api::ObjectPtr> &r) {
            if (r.ok()) {
                m_stale.updated(key, *r.value(), replacedRv, [this](const QString &k) { return cachedEndpoints(k); });
                return api::Result<void>();
            }
            // NotFound: deleted meanwhile, and its event re-queues the key. Conflict: someone
            // else wrote first; retried on the fresher cache without an event for users.
            if (r.error().code() == api::ErrorCode::NotFound)
                return api::Result<void>();
            if (r.error().code() != api::ErrorCode::Conflict)
                m_recorder.event(object, EventType::Warning, QStringLiteral("FailedToUpdateEndpoint"),
                                 QStringLiteral("Failed to update endpoint %1: %2").arg(key, r.error().message()));
            return api::Result<void>(r.error());
        }));
}

// --- pure helpers

api::Object EndpointsController::desiredEndpoints(const api::Object &service, const QList<api::ObjectPtr> &pods,
                                                  const api::ObjectPtr &current)
{
    QJsonArray subsets = endpoints::endpointsSubsets(service, pods);
    const bool truncated = endpoints::truncateSubsets(subsets);

    QJsonObject json = current ? current->json()
                               : QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                             {QStringLiteral("kind"), QStringLiteral("Endpoints")}};
    QJsonObject metadata = current ? current->metadata()
                                   : QJsonObject{{QStringLiteral("name"), service.name()},
                                                 {QStringLiteral("namespace"), service.namespaceName()}};
    api::StringMap labels = service.labels();
    if (endpoints::isServiceIpSet(service))
        labels.remove(endpoints::HeadlessLabel);
    else
        labels.insert(endpoints::HeadlessLabel, QString());
    if (labels.isEmpty())
        metadata.remove(QLatin1String("labels"));
    else
        metadata.insert(QStringLiteral("labels"), api::Object::toJsonObject(labels));
    api::StringMap annotations = current ? current->annotations() : api::StringMap();
    if (truncated)
        annotations.insert(endpoints::OverCapacityAnnotation, QStringLiteral("truncated"));
    else
        annotations.remove(endpoints::OverCapacityAnnotation);
    if (annotations.isEmpty())
        metadata.remove(QLatin1String("annotations"));
    else
        metadata.insert(QStringLiteral("annotations"), api::Object::toJsonObject(annotations));
    json.insert(QStringLiteral("metadata"), metadata);
    if (subsets.isEmpty())
        json.remove(QLatin1String("subsets"));
    else
        json.insert(QStringLiteral("subsets"), subsets);
    return api::Object(json);
}

bool EndpointsController::upToDate(const api::Object &current, const api::Object &desired)
{
    return current.json().value(QLatin1String("subsets")).toArray() ==
               desired.json().value(QLatin1String("subsets")).toArray() &&
           current.labels() == desired.labels() && overCapacity(current) == overCapacity(desired);
}

} // namespace tugboat::controllers
