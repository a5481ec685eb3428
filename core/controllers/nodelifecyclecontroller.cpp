#include "nodelifecyclecontroller.h"

#include "controllerlog.h"
#include "nodehealth.h"

#include "api/kinds.h"

#include <QJsonDocument>
#include <QPointer>

namespace tugboat::controllers {

namespace {

const api::ResourceInfo &nodesResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Node"));
    return info;
}

const api::ResourceInfo &leasesResource()
{
    static const api::ResourceInfo info =
        *api::Kinds::byKind(QStringLiteral("coordination.k8s.io/v1"), QStringLiteral("Lease"));
    return info;
}

const api::ResourceInfo &podsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}

api::Object withStatus(const api::Object &object, const QJsonObject &status)
{
    QJsonObject json = object.json();
    json.insert(QStringLiteral("status"), status);
    return api::Object(std::move(json));
}

// A Lease's spec.renewTime (a MicroTime) in ms since the epoch; -1 when it does not parse.
qint64 renewTimeMs(const QString &renewTime)
{
    const QDateTime t = QDateTime::fromString(renewTime, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : -1;
}

// Success, or the object is gone (nothing left to do for it).
api::Result<void> okUnlessFailed(const api::Result<api::ObjectPtr> &r)
{
    if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
        return {};
    return r.error();
}

} // namespace

NodeLifecycleController::NodeLifecycleController(client::ApiClient &client, DelayScheduler &scheduler,
                                                 EventRecorder &recorder, Options options, QObject *parent)
    : Controller(QStringLiteral("node-lifecycle"), client, scheduler, parent)
    , m_recorder(recorder)
    , m_options(options)
{
    client::InformerOptions nodes;
    nodes.resource = nodesResource();
    m_nodes = &watch(nodes);
    client::InformerOptions leases;
    leases.resource = leasesResource();
    // Every namespace's, so that the controller shares the manager's Lease informer (leader election
    // and others live elsewhere); a node's Lease is in kube-node-lease and bears its name.
    m_leases = &watch(leases, [](const api::ObjectPtr &old, const api::ObjectPtr &now) {
        const api::ObjectPtr &lease = now ? now : old;
        return lease->namespaceName() == kLeaseNamespace ? QStringList{lease->name()} : QStringList{};
    });
    client::InformerOptions pods;
    pods.resource = podsResource();
    m_pods = &watch(pods, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });

    // The informers' first lists queue every node; the periodic passes start one period later.
    connect(this, &Controller::synced, this, &NodeLifecycleController::scheduleMonitorPass);
}

// Keeps the node index, and names the node of a pod that is Ready on a node that is not: it has to
// be marked (Kubernetes' podUpdated/processPod). Other pod changes do not concern node health.
QStringList NodeLifecycleController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    m_podsByNode.update(old, now);
    const QString node = PodsByNode::nodeNameOf(now);
    if (node.isEmpty() || conditionStatus(*now, u"Ready") != QLatin1String("True"))
        return {};
    const api::ObjectPtr cached = m_nodes->get(QString(), node);
    const QString ready = cached ? conditionStatus(*cached, u"Ready") : QString();
    return !ready.isEmpty() && ready != QLatin1String("True") ? QStringList{node} : QStringList{};
}

// Every node, every nodeMonitorPeriod (Kubernetes' monitorNodeHealth loop).
void NodeLifecycleController::monitorPass()
{
    if (!isRunning())
        return;
    for (const api::ObjectPtr &node : m_nodes->list())
        queue().add(node->name());
    scheduleMonitorPass();
}

void NodeLifecycleController::scheduleMonitorPass()
{
    QPointer<NodeLifecycleController> self(this);
    scheduler().schedule(m_options.nodeMonitorPeriod, [self] {
        if (self)
            self->monitorPass();
    });
}

// Kubernetes' tryUpdateNodeHealth bookkeeping: the probe time moves to now whenever the Ready
// condition's heartbeat changes or the Lease's renewTime moves forward.
NodeLifecycleController::Health &NodeLifecycleController::observe(const api::Object &node)
{
    const qint64 now = clock().nowMs();
    const QJsonObject ready = conditionOf(node, u"Ready");
    const QString heartbeat = ready.value(QLatin1String("lastHeartbeatTime")).toString();
    auto it = m_health.find(node.name());
    if (it == m_health.end()) {
        it = m_health.insert(node.name(), Health{now, !ready.isEmpty(), heartbeat, -1, {}});
    } else if (it->hasReady != !ready.isEmpty() || it->heartbeat != heartbeat) {
        it->probeMs = now;
        it->hasReady = !ready.isEmpty();
        it->heartbeat = heartbeat;
    }
    if (const api::ObjectPtr lease = m_leases->get(kLeaseNamespace, node.name())) {
        const QString renew = lease->spec().value(QLatin1String("renewTime")).toString();
        const qint64 renewMs = renewTimeMs(renew);
        const bool renewed =
            !renew.isEmpty() && renew != it->leaseRenew && (it->leaseMs < 0 || renewMs < 0 || renewMs > it->leaseMs);
        if (renewed) {
            it->leaseMs = renewMs;
            it->leaseRenew = renew;
            it->probeMs = now;
        }
    }
    return *it;
}

api::Result<void> NodeLifecycleController::sync(const QString &key)
{
    const api::ObjectPtr node = m_nodes->get(QString(), key);
    if (!node) {
        m_health.remove(key);
        return {};
    }
    const Health &health = observe(*node);
    const qint64 grace =
        (health.hasReady ? m_options.nodeMonitorGracePeriod : m_options.nodeStartupGracePeriod).count();
    const qint64 now = clock().nowMs();
    if (now > health.probeMs + grace) {
        if (markUnknown(key, node))
            return {};
    } else {
        // Judge it again the moment its grace runs out, not only at the next monitor pass.
        queue().addAfter(key, std::chrono::milliseconds(health.probeMs + grace - now + 1));
    }
    if (updateTaints(key, *node))
        return {};
    markPodsNotReady(key, *node);
    return {};
}

bool NodeLifecycleController::markUnknown(const QString &key, const api::ObjectPtr &node)
{
    const std::optional<QJsonObject> status = statusMarkedUnknown(*node, clock().now());
    if (!status)
        return false;
    const bool wasReady = conditionStatus(*node, u"Ready") == QLatin1String("True");
    qCInfo(lcControllers).noquote()
        << "node stopped posting status"
        << QStringLiteral("node=%1 lastProbeMs=%2").arg(key).arg(m_health.value(key).probeMs);
    client().updateStatus(nodesResource(), QString(), withStatus(*node, *status), {},
                          completion<api::ObjectPtr>(key, [this, wasReady](const api::Result<api::ObjectPtr> &r) {
                              if (r.ok() && wasReady)
                                  m_recorder.event(
                                      *r.value(), EventType::Normal, QStringLiteral("NodeNotReady"),
                                      QStringLiteral("Node %1 status is now: NodeNotReady").arg(r.value()->name()));
                              return okUnlessFailed(r); // Conflict: retried on a fresh cache
                          }));
    return true;
}

bool NodeLifecycleController::updateTaints(const QString &key, const api::Object &node)
{
    const QJsonArray current = node.spec().value(QLatin1String("taints")).toArray();
    const QJsonArray wanted = desiredTaints(node, clock().now());
    if (wanted == current)
        return false;
    qCInfo(lcControllers).noquote() << "node taints"
                                    << QStringLiteral("node=%1 taints=%2")
                                           .arg(key, QString::fromUtf8(
                                                         QJsonDocument(wanted).toJson(QJsonDocument::Compact)));
    // The resourceVersion makes it a compare-and-swap: taints someone else changed meanwhile are not lost.
    const QJsonObject patch{
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), node.resourceVersion()}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("taints"), wanted.isEmpty() ? QJsonValue(QJsonValue::Null) : wanted}}}};
    client().patch(nodesResource(), QString(), node.name(), client::PatchType::Merge,
                   QJsonDocument(patch).toJson(QJsonDocument::Compact), {},
                   completion<api::ObjectPtr>(key, okUnlessFailed));
    return true;
}

void NodeLifecycleController::markPodsNotReady(const QString &key, const api::Object &node)
{
    const QString ready = conditionStatus(node, u"Ready");
    if (ready.isEmpty() || ready == QLatin1String("True"))
        return;
    const QDateTime now = clock().now();
    for (const QString &podKey : m_podsByNode.podKeys(key)) {
        const api::ObjectPtr pod = m_pods->get(podKey);
        if (!pod)
            continue;
        const std::optional<QJsonObject> status = podStatusMarkedNotReady(*pod, now);
        if (!status)
            continue;
        client().updateStatus(podsResource(), pod->namespaceName(), withStatus(*pod, *status), {},
                              completion<api::ObjectPtr>(key, [this](const api::Result<api::ObjectPtr> &r) {
                                  if (r.ok())
                                      m_recorder.event(*r.value(), EventType::Warning, QStringLiteral("NodeNotReady"),
                                                       QStringLiteral("Node is not ready"));
                                  return okUnlessFailed(r);
                              }));
    }
}

} // namespace tugboat::controllers
