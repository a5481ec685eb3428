#include "endpointslicereconciler.h"

#include "endpointsbuilder.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace tugboat::controllers {

namespace {

QJsonArray toArray(const QList<QJsonObject> &items)
{
    QJsonArray array;
    for (const QJsonObject &item : items)
        array.append(item);
    return array;
}

// Whether the stored endpoint already says what the desired one says (Kubernetes'
// EndpointsEqualBeyondHash, which ignores the pod's resourceVersion in targetRef).
bool sameEndpoint(const QJsonObject &desired, QJsonObject stored)
{
    QJsonObject ref = stored.value(QLatin1String("targetRef")).toObject();
    if (ref.contains(QLatin1String("resourceVersion"))) {
        ref.remove(QLatin1String("resourceVersion"));
        stored.insert(QStringLiteral("targetRef"), ref);
    }
    return desired == stored;
}

QString addressTypeOf(const api::Object &slice)
{
    return slice.json().value(QLatin1String("addressType")).toString();
}

// Kubernetes' placeholderSliceCompare: namespace, labels, owner, address type, and nothing in it.
bool isPlaceholder(const api::Object &slice, const api::Object &placeholder)
{
    const QJsonObject json = slice.json();
    return slice.namespaceName() == placeholder.namespaceName() && slice.labels() == placeholder.labels() &&
           slice.ownerReferences() == placeholder.ownerReferences() &&
           addressTypeOf(slice) == addressTypeOf(placeholder) &&
           json.value(QLatin1String("endpoints")).toArray().isEmpty() &&
           json.value(QLatin1String("ports")).toArray().isEmpty();
}

} // namespace

// The endpoints of one port set, in pod order.
struct EndpointSliceReconciler::Desired {
    QJsonArray ports;
    QStringList order; // endpoint ids
    QHash<QString, QJsonObject> endpoints;
};

// A slice being planned: an existing one (original set) or a new one.
struct EndpointSliceReconciler::Work {
    api::ObjectPtr original;
    QJsonArray ports;
    QList<QJsonObject> endpoints;
};

EndpointSliceReconciler::EndpointSliceReconciler(int maxEndpointsPerSlice)
    : m_max(std::max(1, maxEndpointsPerSlice))
{}

api::StringMap EndpointSliceReconciler::sliceLabels(const api::Object &service)
{
    api::StringMap labels = service.labels();
    labels.remove(endpoints::HeadlessLabel);
    if (!endpoints::isServiceIpSet(service))
        labels.insert(endpoints::HeadlessLabel, QString());
    labels.insert(endpoints::ServiceNameLabel, service.name());
    labels.insert(endpoints::ManagedByLabel, endpoints::SliceControllerName);
    return labels;
}

QJsonObject EndpointSliceReconciler::ownerReference(const api::Object &service)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("Service")},
                       {QStringLiteral("name"), service.name()},
                       {QStringLiteral("uid"), service.uid()},
                       {QStringLiteral("controller"), true},
                       {QStringLiteral("blockOwnerDeletion"), true}};
}

bool EndpointSliceReconciler::ownedBy(const api::Object &slice, const api::Object &service)
{
    for (const QJsonValue &ref : slice.ownerReferences()) {
        const QJsonObject r = ref.toObject();
        if (r.value(QLatin1String("uid")).toString() == service.uid() &&
            r.value(QLatin1String("kind")).toString() == QLatin1String("Service") &&
            r.value(QLatin1String("apiVersion")).toString() == QLatin1String("v1"))
            return true;
    }
    return false;
}

api::Object EndpointSliceReconciler::newSlice(const api::Object &service, const QJsonArray &ports,
                                              const QString &addressType)
{
    const QJsonObject metadata{{QStringLiteral("generateName"), service.name() + QLatin1Char('-')},
                               {QStringLiteral("namespace"), service.namespaceName()},
                               {QStringLiteral("labels"), api::Object::toJsonObject(sliceLabels(service))},
                               {QStringLiteral("ownerReferences"), QJsonArray{ownerReference(service)}}};
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("discovery.k8s.io/v1")},
                                   {QStringLiteral("kind"), QStringLiteral("EndpointSlice")},
                                   {QStringLiteral("metadata"), metadata},
                                   {QStringLiteral("addressType"), addressType},
                                   {QStringLiteral("endpoints"), QJsonArray()},
                                   {QStringLiteral("ports"), ports}});
}

api::Object EndpointSliceReconciler::updatedSlice(const Work &work, const api::StringMap &labels)
{
    QJsonObject json = work.original->json();
    QJsonObject metadata = json.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("labels"), api::Object::toJsonObject(labels));
    json.insert(QStringLiteral("metadata"), metadata);
    json.insert(QStringLiteral("endpoints"), toArray(work.endpoints));
    return api::Object(json);
}

EndpointSlicePlan EndpointSliceReconciler::plan(const api::Object &service, const QList<api::ObjectPtr> &pods,
                                                const QList<api::ObjectPtr> &existing) const
{
    const QString addressType = endpoints::addressType(service);
    EndpointSlicePlan result;

    QList<api::ObjectPtr> slices = existing;
    std::sort(slices.begin(), slices.end(),
              [](const api::ObjectPtr &a, const api::ObjectPtr &b) { return a->name() < b->name(); });
    int ofAddressType = 0;
    QList<api::ObjectPtr> deletes;
    QMap<QString, QList<api::ObjectPtr>> existingByPorts;
    for (const api::ObjectPtr &slice : std::as_const(slices)) {
        if (addressTypeOf(*slice) != addressType) {
            result.deletes << slice; // an address type the Service no longer has
            continue;
        }
        ++ofAddressType;
        if (!ownedBy(*slice, service))
            deletes << slice; // left by a deleted Service of the same name
        else
            existingByPorts[endpoints::portSetKey(slice->json().value(QLatin1String("ports")).toArray())] << slice;
    }

    QMap<QString, Desired> desired;
    for (const api::ObjectPtr &pod : pods) {
        if (!endpoints::shouldPodBeInEndpoints(*pod, true))
            continue;
        const QJsonObject endpoint = endpoints::sliceEndpoint(service, *pod, addressType);
        if (endpoint.value(QLatin1String("addresses")).toArray().isEmpty())
            continue; // no IP of the Service's family
        const QJsonArray ports = endpoints::slicePorts(service, *pod);
        Desired &group = desired[endpoints::portSetKey(ports)];
        if (group.order.isEmpty())
            group.ports = ports;
        const QString id = endpoints::sliceEndpointId(endpoint);
        if (!group.endpoints.contains(id))
            group.order << id;
        group.endpoints.insert(id, endpoint);
    }

    QList<api::Object> creates, updates;
    for (auto it = desired.cbegin(); it != desired.cend(); ++it)
        planPortSet(service, addressType, existingByPorts.value(it.key()), *it, creates, updates, deletes);
    for (auto it = existingByPorts.cbegin(); it != existingByPorts.cend(); ++it)
        if (!desired.contains(it.key()))
            deletes << *it;

    if (ofAddressType == deletes.size() && creates.isEmpty()) {
        const api::Object placeholder = newSlice(service, {}, addressType);
        if (deletes.size() == 1 && isPlaceholder(*deletes.first(), placeholder))
            deletes.clear(); // keep it rather than delete and create it again
        else
            creates << placeholder;
    }

    // A create and a delete of the Service's own slice make one update of that slice.
    for (qsizetype i = 0; i < deletes.size() && !creates.isEmpty();) {
        if (!ownedBy(*deletes.at(i), service)) {
            ++i;
            continue;
        }
        const api::Object slice = creates.takeLast();
        QJsonObject json = deletes.at(i)->json();
        QJsonObject metadata = json.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("labels"), slice.metadata().value(QLatin1String("labels")));
        metadata.insert(QStringLiteral("ownerReferences"), slice.metadata().value(QLatin1String("ownerReferences")));
        json.insert(QStringLiteral("metadata"), metadata);
        for (const char *field : {"endpoints", "ports"})
            json.insert(QLatin1String(field), slice.json().value(QLatin1String(field)));
        updates << api::Object(json);
        deletes.removeAt(i);
    }

    // The garbage collector is deleting the slices with the Service: do not race it with new ones.
    if (!service.deletionTimestamp().isEmpty())
        creates.clear();
    result.creates = creates;
    result.updates = updates;
    result.deletes += deletes;
    return result;
}

void EndpointSliceReconciler::planPortSet(const api::Object &service, const QString &addressType,
                                          const QList<api::ObjectPtr> &existing, const Desired &desired,
                                          QList<api::Object> &creates, QList<api::Object> &updates,
                                          QList<api::ObjectPtr> &deletes) const
{
    const api::StringMap labels = sliceLabels(service);
    QList<Work> changed, unchanged;
    QSet<QString> placed;

    // 1. Keep what each slice holds that is still desired, with its current fields.
    for (const api::ObjectPtr &slice : existing) {
        const QJsonArray stored = slice->json().value(QLatin1String("endpoints")).toArray();
        Work work{slice, slice->json().value(QLatin1String("ports")).toArray(), {}};
        bool endpointChanged = false;
        for (const QJsonValue &e : stored) {
            const QString id = endpoints::sliceEndpointId(e.toObject());
            const auto want = desired.endpoints.constFind(id);
            if (want == desired.endpoints.cend() || placed.contains(id))
                continue;
            work.endpoints << *want;
            endpointChanged = endpointChanged || !sameEndpoint(*want, e.toObject());
            placed.insert(id);
        }
        if (endpointChanged || work.endpoints.size() != stored.size()) {
            if (work.endpoints.isEmpty())
                deletes << slice;
            else
                changed << work;
        } else if (slice->labels() != labels) {
            changed << work;
        } else {
            unchanged << work;
        }
    }
    QList<QJsonObject> remaining;
    for (const QString &id : desired.order)
        if (!placed.contains(id))
            remaining << desired.endpoints.value(id);
    qsizetype next = 0;

    // 2. Fill the slices written anyway, fullest first.
    std::stable_sort(changed.begin(), changed.end(),
                     [](const Work &a, const Work &b) { return a.endpoints.size() > b.endpoints.size(); });
    for (Work &work : changed)
        while (next < remaining.size() && work.endpoints.size() < m_max)
            work.endpoints << remaining.at(next++);

    // 3. Less than a slice's worth left: the unchanged slice it fits best; otherwise new slices.
    QList<Work> fresh;
    while (next < remaining.size()) {
        const qsizetype left = remaining.size() - next;
        qsizetype best = -1;
        qsizetype bestRoom = m_max;
        if (left < m_max) {
            for (qsizetype i = 0; i < unchanged.size(); ++i) {
                const qsizetype room = m_max - (left + unchanged.at(i).endpoints.size());
                if (room >= 0 && room < bestRoom) {
                    best = i;
                    bestRoom = room;
                }
            }
        }
        Work work = best >= 0 ? unchanged.takeAt(best) : Work{nullptr, desired.ports, {}};
        while (next < remaining.size() && work.endpoints.size() < m_max)
            work.endpoints << remaining.at(next++);
        (work.original ? changed : fresh) << work;
    }

    for (const Work &work : std::as_const(changed))
        updates << updatedSlice(work, labels);
    for (const Work &work : std::as_const(fresh)) {
        QJsonObject json = newSlice(service, work.ports, addressType).json();
        json.insert(QStringLiteral("endpoints"), toArray(work.endpoints));
        creates << api::Object(json);
    }
}

} // namespace tugboat::controllers
