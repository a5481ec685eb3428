#include "taintevictioncontroller.h"

#include "controllerlog.h"
#include "nodehealth.h"

#include "api/kinds.h"

#include <QJsonDocument>

#include <algorithm>

namespace tugboat::controllers {

namespace {

using api::Taint;
using api::Toleration;

const api::ResourceInfo &nodesResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Node"));
    return info;
}

const api::ResourceInfo &podsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}

QList<Taint> noExecuteTaints(const api::Object &node)
{
    QList<Taint> taints = Taint::fromJson(node.spec().value(QLatin1String("taints")).toArray());
    taints.removeIf([](const Taint &t) { return t.effect != Taint::Effect::NoExecute; });
    return taints;
}

QString taintId(const Taint &taint)
{
    return taint.key + QLatin1Char('=') + taint.value;
}

// What eviction reads of a pod: its identity, node, tolerations, whether it is being deleted and its
// DisruptionTarget condition. With many pods the cache stays small.
api::ObjectPtr evictionEssentials(const api::ObjectPtr &pod)
{
    const QJsonObject metadata = pod->metadata();
    QJsonObject meta;
    for (const char *field : {"name", "namespace", "uid", "resourceVersion", "deletionTimestamp"})
        if (metadata.contains(QLatin1String(field)))
            meta.insert(QLatin1String(field), metadata.value(QLatin1String(field)));
    const QJsonObject podSpec = pod->spec();
    QJsonObject spec;
    for (const char *field : {"nodeName", "tolerations"})
        if (podSpec.contains(QLatin1String(field)))
            spec.insert(QLatin1String(field), podSpec.value(QLatin1String(field)));
    QJsonArray conditions;
    for (const QJsonValue &c : pod->status().value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == QLatin1String("DisruptionTarget"))
            conditions.append(c);
    QJsonObject json{{QStringLiteral("apiVersion"), pod->apiVersion()},
                     {QStringLiteral("kind"), pod->kind()},
                     {QStringLiteral("metadata"), meta},
                     {QStringLiteral("spec"), spec}};
    if (!conditions.isEmpty())
        json.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("conditions"), conditions}});
    return api::makeObject(std::move(json));
}

// Enough of a pod for an event about it once it is gone from the cache.
api::Object podReference(const QString &ns, const QString &name)
{
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}}});
}

} // namespace

TaintEvictionController::TaintEvictionController(client::ApiClient &client, DelayScheduler &scheduler,
                                                 EventRecorder &recorder, QObject *parent)
    : Controller(QStringLiteral("taint-eviction"), client, scheduler, parent)
    , m_recorder(recorder)
{
    client::InformerOptions nodes;
    nodes.resource = nodesResource();
    m_nodes =
        &watch(nodes, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return nodeKeys(old, now); });
    client::InformerOptions pods;
    pods.resource = podsResource();
    // Every pod, so that the controller shares the manager's pod informer; podKeys() skips those no node
    // runs (they have nothing to leave).
    pods.transform = evictionEssentials;
    m_pods = &watch(pods, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
}

// --- informer events

// The node's pods, when its NoExecute taints changed; remembers when taints without timeAdded
// appeared.
QStringList TaintEvictionController::nodeKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const QString name = (now ? now : old)->name();
    if (!now) {
        m_firstSeen.remove(name);
        return m_podsByNode.podKeys(name);
    }
    const QList<Taint> taints = noExecuteTaints(*now);
    const QHash<QString, qint64> seen = m_firstSeen.take(name);
    QHash<QString, qint64> fresh;
    for (const Taint &t : taints)
        if (t.timeAdded.isEmpty())
            fresh.insert(taintId(t), seen.value(taintId(t), clock().nowMs()));
    if (!fresh.isEmpty())
        m_firstSeen.insert(name, fresh);
    if (old && noExecuteTaints(*old) == taints)
        return {};
    return m_podsByNode.podKeys(name);
}

// The pod, when it was bound, moved, deleted, or its tolerations changed (Kubernetes' PodUpdated).
QStringList TaintEvictionController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    m_podsByNode.update(old, now);
    if (PodsByNode::nodeNameOf(old).isEmpty() && PodsByNode::nodeNameOf(now).isEmpty())
        return {};
    if (old && now && PodsByNode::nodeNameOf(old) == PodsByNode::nodeNameOf(now) &&
        old->spec().value(QLatin1String("tolerations")) == now->spec().value(QLatin1String("tolerations")))
        return {};
    return {client::Informer::keyOf(now ? *now : *old)};
}

// --- reconcile

std::optional<qint64> TaintEvictionController::evictionTimeMs(const QList<Taint> &taints,
                                                              const QList<Toleration> &tolerations, qint64 nowMs,
                                                              const std::function<qint64(const Taint &)> &startMs)
{
    std::optional<qint64> at;
    for (const Taint &taint : taints) {
        if (taint.effect != Taint::Effect::NoExecute)
            continue;
        const Toleration *toleration = api::firstTolerating(tolerations, taint);
        if (!toleration)
            return nowMs;
        if (!toleration->tolerationSeconds)
            continue; // for ever, as far as this taint goes
        const qint64 seconds = *toleration->tolerationSeconds;
        const qint64 due = seconds <= 0 ? nowMs : startMs(taint) + seconds * 1000;
        at = at ? std::min(*at, due) : due;
    }
    return at;
}

qint64 TaintEvictionController::taintStartMs(const QString &node, const Taint &taint) const
{
    const QDateTime added = QDateTime::fromString(taint.timeAdded, Qt::ISODate);
    if (added.isValid())
        return added.toMSecsSinceEpoch();
    return m_firstSeen.value(node).value(taintId(taint), clock().nowMs());
}

api::Result<void> TaintEvictionController::sync(const QString &key)
{
    const QString ns = key.section(QLatin1Char('/'), 0, 0);
    const QString name = key.section(QLatin1Char('/'), 1);
    const api::ObjectPtr pod = m_pods->get(key);
    if (!pod) {
        m_evicted.remove(key);
        cancel(key, ns, name);
        return {};
    }
    if (const auto evicted = m_evicted.constFind(key); evicted != m_evicted.constEnd()) {
        if (*evicted == pod->uid())
            return {}; // deleted already; the cache has not caught up
        m_evicted.remove(key);
    }
    if (!pod->deletionTimestamp().isEmpty()) {
        m_scheduled.remove(key); // being deleted already: its node finishes it
        return {};
    }
    const QString nodeName = PodsByNode::nodeNameOf(pod);
    const api::ObjectPtr node = nodeName.isEmpty() ? nullptr : m_nodes->get(QString(), nodeName);
    const QList<Taint> taints = node ? noExecuteTaints(*node) : QList<Taint>();
    if (taints.isEmpty()) {
        cancel(key, ns, name);
        return {};
    }
    const qint64 now = clock().nowMs();
    const QList<Toleration> tolerations =
        Toleration::fromJson(pod->spec().value(QLatin1String("tolerations")).toArray());
    const std::optional<qint64> at =
        evictionTimeMs(taints, tolerations, now, [&](const Taint &t) { return taintStartMs(nodeName, t); });
    if (!at) {
        cancel(key, ns, name);
        return {};
    }
    if (*at > now) {
        m_scheduled.insert(key, *at);
        queue().addAfter(key, std::chrono::milliseconds(*at - now));
        return {};
    }
    evict(key, pod);
    return {};
}

void TaintEvictionController::cancel(const QString &key, const QString &ns, const QString &name)
{
    if (!m_scheduled.remove(key))
        return;
    const api::ObjectPtr pod = m_pods->get(key);
    m_recorder.event(pod ? *pod : podReference(ns, name), EventType::Normal, QStringLiteral("TaintManagerEviction"),
                     QStringLiteral("Cancelling deletion of Pod %1").arg(key));
}

// Kubernetes' addConditionAndDeletePod: the DisruptionTarget condition first (so whoever watches the
// pod learns why it goes), then the delete.
void TaintEvictionController::evict(const QString &key, const api::ObjectPtr &pod)
{
    m_scheduled.remove(key);
    m_evicted.insert(key, pod->uid());
    qCInfo(lcControllers).noquote() << "evicting pod"
                                    << QStringLiteral("pod=%1 node=%2").arg(key, PodsByNode::nodeNameOf(pod));
    m_recorder.event(*pod, EventType::Normal, QStringLiteral("TaintManagerEviction"),
                     QStringLiteral("Marking for deletion Pod %1").arg(key));

    const QString ns = pod->namespaceName();
    const QString name = pod->name();
    const QString uid = pod->uid();
    auto remove = [this, key, ns, name, uid] {
        client::DeleteOptions options;
        options.preconditionUid = uid;
        client().remove(podsResource(), ns, name, options,
                        completion<api::ObjectPtr>(key, [this, key](const api::Result<api::ObjectPtr> &r) {
                            // Gone, or another pod of that name now: nothing of ours left to delete.
                            if (r.ok() || r.error().code() == api::ErrorCode::NotFound ||
                                r.error().code() == api::ErrorCode::Conflict)
                                return api::Result<void>();
                            m_evicted.remove(key);
                            return api::Result<void>(r.error());
                        }));
    };
    if (conditionStatus(*pod, u"DisruptionTarget") == QLatin1String("True")) {
        remove();
        return;
    }
    const QJsonObject condition{
        {QStringLiteral("type"), QStringLiteral("DisruptionTarget")},
        {QStringLiteral("status"), QStringLiteral("True")},
        {QStringLiteral("reason"), QStringLiteral("DeletionByTaintManager")},
        {QStringLiteral("message"), QStringLiteral("Taint manager: deleting due to NoExecute taint")},
        {QStringLiteral("lastTransitionTime"), api::formatTimestamp(clock().now())}};
    const QJsonObject patch{
        {QStringLiteral("status"), QJsonObject{{QStringLiteral("conditions"), QJsonArray{condition}}}}};
    client::PatchOptions options;
    options.subresource = QStringLiteral("status");
    client().patch(podsResource(), ns, name, client::PatchType::Strategic,
                   QJsonDocument(patch).toJson(QJsonDocument::Compact), options,
                   completion<api::ObjectPtr>(key, [this, key, remove](const api::Result<api::ObjectPtr> &r) {
                       if (r.ok()) {
                           remove();
                           return api::Result<void>();
                       }
                       if (r.error().code() == api::ErrorCode::NotFound)
                           return api::Result<void>();
                       m_evicted.remove(key);
                       return api::Result<void>(r.error());
                   }));
}

} // namespace tugboat::controllers
