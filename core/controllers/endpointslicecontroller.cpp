#include "endpointslicecontroller.h"

#include "endpointsbuilder.h"

#include "api/kinds.h"

namespace tugboat::controllers {

namespace {

const api::ResourceInfo &slicesResource()
{
    static const api::ResourceInfo info =
        *api::Kinds::byKind(QStringLiteral("discovery.k8s.io/v1"), QStringLiteral("EndpointSlice"));
    return info;
}

// The key of the Service a slice belongs to, from its kubernetes.io/service-name label.
QString serviceKeyOf(const api::Object &slice)
{
    const QString service = slice.labels().value(endpoints::ServiceNameLabel);
    return service.isEmpty() ? QString() : client::Informer::key(slice.namespaceName(), service);
}

bool namespaceTerminating(const api::Error &error)
{
    return error.code() == api::ErrorCode::Forbidden &&
           error.message().contains(QLatin1String("because it is being terminated"));
}

} // namespace

EndpointSliceController::EndpointSliceController(client::ApiClient &client, DelayScheduler &scheduler,
                                                 EventRecorder &recorder, EndpointSliceControllerOptions options,
                                                 QObject *parent)
    : Controller(QStringLiteral("endpointslice"), client, scheduler, parent)
    , m_recorder(recorder)
    , m_options(std::move(options))
    , m_reconciler(m_options.maxEndpointsPerSlice)
    , m_stale(scheduler.clock())
{
    client::InformerOptions services;
    services.resource = *api::Kinds::byKind(QStringLiteral("Service"));
    services.namespaceName = m_options.namespaceName;
    m_services = &watch(services,
                        [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return serviceKeys(old, now); });
    m_pods = &watch(endpoints::podInformerOptions(m_options.namespaceName),
                    [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
    client::InformerOptions slices;
    slices.resource = slicesResource();
    slices.namespaceName = m_options.namespaceName;
    slices.labelSelector = endpoints::ManagedByLabel + QLatin1Char('=') + endpoints::SliceControllerName;
    m_slices =
        &watch(slices, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return sliceKeys(old, now); });
}

// --- informer events

QStringList EndpointSliceController::serviceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    m_index.serviceChanged(old, now);
    return objectKey(old, now);
}

QStringList EndpointSliceController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const QStringList keys = m_index.servicesForPodEvent(old, now);
    m_index.podChanged(old, now);
    return keys;
}

QStringList EndpointSliceController::sliceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    QStringList keys;
    if (old) {
        const QString service = serviceKeyOf(*old);
        const auto it = m_slicesByService.find(service);
        if (it != m_slicesByService.end()) {
            it->remove(client::Informer::keyOf(*old));
            if (it->isEmpty())
                m_slicesByService.erase(it);
        }
        keys << service;
    }
    if (now) {
        const QString service = serviceKeyOf(*now);
        if (!service.isEmpty())
            m_slicesByService[service].insert(client::Informer::keyOf(*now));
        keys << service;
    }
    if (old && now && old->resourceVersion() == now->resourceVersion())
        return {};
    keys.removeAll(QString());
    keys.removeDuplicates();
    return keys;
}

QList<api::ObjectPtr> EndpointSliceController::slicesOf(const QString &serviceKey) const
{
    QList<api::ObjectPtr> slices;
    for (const QString &key : m_slicesByService.value(serviceKey))
        if (const api::ObjectPtr slice = m_slices->get(key))
            slices << slice;
    return slices;
}

api::ObjectPtr EndpointSliceController::cachedSlice(const QString &objectKey) const
{
    return m_slices->get(objectKey);
}

// --- reconcile

api::Result<void> EndpointSliceController::sync(const QString &key)
{
    const api::ObjectPtr service = m_services->get(key);
    if (!service) {
        m_stale.forget(key); // its slices go with it: the garbage collector follows their ownerReference
        return {};
    }
    const std::optional<api::StringMap> selector = endpoints::managedSelector(*service);
    if (!selector)
        return {};
    std::chrono::milliseconds expiresIn{0};
    if (m_stale.isStale(
            key, [this](const QString &k) { return cachedSlice(k); }, &expiresIn)) {
        // A slice we wrote is not in the cache as written yet: its event re-queues the key (this, if
        // the event is lost).
        queue().addAfter(key, expiresIn);
        return {};
    }
    const EndpointSlicePlan plan =
        m_reconciler.plan(*service, m_index.podsSelectedBy(service->namespaceName(), *selector), slicesOf(key));
    for (const api::Object &slice : plan.creates)
        createSlice(key, service, slice);
    for (const api::Object &slice : plan.updates)
        updateSlice(key, service, slice, slice.resourceVersion());
    for (const api::ObjectPtr &slice : plan.deletes)
        deleteSlice(key, service, slice);
    return {};
}

api::Result<void> EndpointSliceController::failed(const api::Object &service, const api::Error &error)
{
    m_recorder.event(service, EventType::Warning, QStringLiteral("FailedToUpdateEndpointSlices"),
                     QStringLiteral("Error updating Endpoint Slices for Service %1/%2: %3")
                         .arg(service.namespaceName(), service.name(), error.message()));
    return error;
}

void EndpointSliceController::createSlice(const QString &key, const api::ObjectPtr &service, const api::Object &slice)
{
    client().create(slicesResource(), slice.namespaceName(), slice, {},
                    completion<api::ObjectPtr>(key, [this, key, service](const api::Result<api::ObjectPtr> &r) {
                        if (r.ok()) {
                            m_stale.created(key, *r.value(), [this](const QString &k) { return cachedSlice(k); });
                            return api::Result<void>();
                        }
                        if (namespaceTerminating(r.error()))
                            return api::Result<void>();
                        return failed(*service, r.error());
                    }));
}

void EndpointSliceController::updateSlice(const QString &key, const api::ObjectPtr &service, const api::Object &slice,
                                          const QString &replacedRv)
{
    client().update(
        slicesResource(), slice.namespaceName(), slice, {},
        completion<api::ObjectPtr>(key, [this, key, service, replacedRv](const api::Result<api::ObjectPtr> &r) {
            if (r.ok()) {
                m_stale.updated(key, *r.value(), replacedRv, [this](const QString &k) { return cachedSlice(k); });
                return api::Result<void>();
            }
            // NotFound: deleted meanwhile (its event re-queues the key). Conflict: someone wrote first;
            // retried on the fresher cache.
            if (r.error().code() == api::ErrorCode::NotFound)
                return api::Result<void>();
            if (r.error().code() == api::ErrorCode::Conflict)
                return api::Result<void>(r.error());
            return failed(*service, r.error());
        }));
}

void EndpointSliceController::deleteSlice(const QString &key, const api::ObjectPtr &service,
                                          const api::ObjectPtr &slice)
{
    client::DeleteOptions options;
    options.preconditionUid = slice->uid();
    client().remove(slicesResource(), slice->namespaceName(), slice->name(), options,
                    completion<api::ObjectPtr>(key, [this, key, service, slice](const api::Result<api::ObjectPtr> &r) {
                        if (r.ok()) {
                            m_stale.deleted(key, *slice, [this](const QString &k) { return cachedSlice(k); });
                            return api::Result<void>();
                        }
                        if (r.error().code() == api::ErrorCode::NotFound)
                            return api::Result<void>();
                        return failed(*service, r.error());
                    }));
}

} // namespace tugboat::controllers
