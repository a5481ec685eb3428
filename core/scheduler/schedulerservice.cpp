#include "schedulerservice.h"

#include "client/informer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace tugboat::scheduler {

using api::Error;
using api::ErrorCode;

namespace {

const api::ResourceInfo &podsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}

const api::ResourceInfo &nodesResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Node"));
    return info;
}

QString nodeNameOf(const api::ObjectPtr &pod)
{
    return pod ? pod->spec().value(QLatin1String("nodeName")).toString() : QString();
}

// Whether a node update can make a parked pod fit: a heartbeat that only renews status does not.
bool schedulingRelevantChange(const api::Object &old, const api::Object &now)
{
    const auto allocatable = [](const api::Object &n) { return n.status().value(QLatin1String("allocatable")); };
    const auto conditions = [](const api::Object &n) {
        QStringList ready;
        for (const QJsonValue &c : n.status().value(QLatin1String("conditions")).toArray())
            ready << c[QLatin1String("type")].toString() + QLatin1Char('=') + c[QLatin1String("status")].toString();
        return ready;
    };
    return old.spec() != now.spec() || old.labels() != now.labels() || allocatable(old) != allocatable(now) ||
           conditions(old) != conditions(now);
}

// Whether a bound pod still holds its node's resources.
bool needsPlacementAccounting(const api::Object &pod)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    return phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed");
}

QJsonObject bindingFor(const api::Object &pod, const QString &nodeName)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("Binding")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), pod.name()},
                                                                {QStringLiteral("namespace"), pod.namespaceName()}}},
                       {QStringLiteral("target"), QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                              {QStringLiteral("kind"), QStringLiteral("Node")},
                                                              {QStringLiteral("name"), nodeName}}}};
}

} // namespace

SchedulerService::SchedulerService(client::ApiClient &client, controllers::DelayScheduler &delays,
                                   controllers::EventRecorder &recorder, Options options, QObject *parent)
    : Controller(QStringLiteral("scheduler"), client, delays, parent)
    , m_recorder(recorder)
    , m_options(std::move(options))
    , m_scheduler(m_options.scheduler)
{
    client::InformerOptions nodes;
    nodes.resource = nodesResource();
    m_nodes =
        &watch(nodes, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return nodeKeys(old, now); });
    client::InformerOptions pods;
    pods.resource = podsResource();
    m_pods = &watch(pods, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
}

bool SchedulerService::needsScheduling(const api::Object &pod)
{
    const QJsonObject spec = pod.spec();
    if (!spec.value(QLatin1String("nodeName")).toString().isEmpty())
        return false;
    const QString schedulerName = spec.value(QLatin1String("schedulerName")).toString();
    if (!schedulerName.isEmpty() && schedulerName != kSchedulerName)
        return false;
    if (!pod.deletionTimestamp().isEmpty())
        return false;
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    return phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed");
}

// --- informer events: the snapshot follows every event; the keys are the pods to (re)consider

QStringList SchedulerService::nodeKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (!now) {
        m_snapshot.removeNode(old->name());
        return {};
    }
    m_snapshot.setNode(*now);
    // A resync (old == now) or a heartbeat changes nothing a parked pod waits for.
    if (old && (old == now || !schedulingRelevantChange(*old, *now)))
        return {};
    return unpark();
}

QStringList SchedulerService::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const QString key = client::Informer::keyOf(now ? *now : *old);
    if (!now) {
        m_snapshot.removePod(key);
        m_assumed.remove(key);
        m_parked.remove(key);
        m_attempts.remove(key);
        // Its resources are free again (if it held any): parked pods may fit now.
        return nodeNameOf(old).isEmpty() ? QStringList() : unpark();
    }
    if (!nodeNameOf(now).isEmpty()) {
        // Bound (by us or another scheduler), moved, or finished: the snapshot reads which from the object.
        m_assumed.remove(key);
        m_parked.remove(key);
        m_attempts.remove(key);
        auto added = m_snapshot.addPod(*now);
        if (!added) {
            qWarning("scheduler: pod=%s cannot be accounted: %s", qPrintable(key), qPrintable(added.errorMessage()));
            return {};
        }
        // A pod that finished on its node frees what it requested: parked pods may fit now.
        const bool finished = !added.value() && old && !nodeNameOf(old).isEmpty() && needsPlacementAccounting(*old);
        return finished ? unpark() : QStringList();
    }
    if (!nodeNameOf(old).isEmpty() && !m_assumed.contains(key))
        m_snapshot.removePod(key);
    // A parked pod's own updates (among them our PodScheduled patch) do not re-queue it: only the
    // cluster changing does, which avoids a schedule -> patch -> event -> schedule loop.
    if (m_parked.contains(key) || !needsScheduling(*now))
        return {};
    return {key};
}

QStringList SchedulerService::unpark()
{
    QStringList keys = m_parked.values();
    m_parked.clear();
    return keys;
}

// --- one decision

api::Result<void> SchedulerService::sync(const QString &key)
{
    const api::ObjectPtr pod = m_pods->get(key);
    if (!pod || !needsScheduling(*pod) || m_assumed.contains(key))
        return {};
    const auto attempt = m_attempts.constFind(key);
    if (attempt != m_attempts.constEnd()) {
        const qint64 wait = attempt->retryAtMs - clock().nowMs();
        if (wait > 0) {
            queue().addAfter(key, std::chrono::milliseconds(wait));
            return {};
        }
    }

    FitError fitError;
    auto decision = m_scheduler.schedule(m_snapshot, *pod, &fitError);
    if (decision) {
        m_attempts.remove(key);
        bind(key, *pod, *decision);
        return {};
    }
    switch (decision.error().code()) {
    case ErrorCode::Unavailable:
        reportUnschedulable(key, *pod, fitError.message());
        return {};
    case ErrorCode::Invalid:
        // The pod will not parse until it changes; its update re-queues it.
        m_recorder.event(*pod, controllers::EventType::Warning, QStringLiteral("FailedScheduling"),
                         decision.error().message());
        return {};
    default:
        return decision.error(); // a plugin failed: retried with back-off
    }
}

void SchedulerService::bind(const QString &key, const api::Object &pod, const Decision &decision)
{
    // Assume first, so that the pods decided while this binding is in flight see it.
    m_snapshot.addPod(decision.pod, decision.nodeName);
    m_assumed.insert(key);
    const QString nodeName = decision.nodeName;
    auto done = completion<api::ObjectPtr>(key, [this, key, nodeName, pod](const api::Result<api::ObjectPtr> &result) {
        if (result.ok()) {
            m_recorder.event(
                pod, controllers::EventType::Normal, QStringLiteral("Scheduled"),
                QStringLiteral("Successfully assigned %1/%2 to %3").arg(pod.namespaceName(), pod.name(), nodeName));
            return api::Result<void>();
        }
        // Not bound: forget the assumption; the retry decides again on the informer's view.
        if (m_assumed.remove(key))
            m_snapshot.removePod(key);
        if (result.error().code() == ErrorCode::NotFound)
            return api::Result<void>(); // deleted meanwhile
        qWarning("scheduler: pod=%s node=%s binding failed: %s", qPrintable(key), qPrintable(nodeName),
                 qPrintable(result.error().message()));
        return api::Result<void>(result.error());
    });
    client().createSubresource(podsResource(), pod.namespaceName(), pod.name(), QStringLiteral("binding"),
                               api::Object(bindingFor(pod, nodeName)), {}, std::move(done));
}

void SchedulerService::reportUnschedulable(const QString &key, const api::Object &pod, const QString &message)
{
    Attempts &attempts = m_attempts[key];
    ++attempts.failures;
    const qint64 backoff = std::min<qint64>(m_options.initialBackoff.count() << std::min(attempts.failures - 1, 20),
                                            m_options.maxBackoff.count());
    attempts.retryAtMs = clock().nowMs() + backoff;
    m_parked.insert(key);

    m_recorder.event(pod, controllers::EventType::Warning, QStringLiteral("FailedScheduling"), message);
    // Strategic merge: conditions merge by type, so the kubelet's conditions stay.
    const QJsonObject patch{
        {QStringLiteral("status"),
         QJsonObject{{QStringLiteral("conditions"), QJsonArray{unschedulableCondition(message, clock().now())}}}}};
    client::PatchOptions options;
    options.subresource = QStringLiteral("status");
    client().patch(podsResource(), pod.namespaceName(), pod.name(), client::PatchType::Strategic,
                   QJsonDocument(patch).toJson(QJsonDocument::Compact), options,
                   completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &result) {
                       // Gone meanwhile: nothing to report on.
                       if (result.ok() || result.error().code() == ErrorCode::NotFound)
                           return api::Result<void>();
                       return api::Result<void>(result.error());
                   }));
}

} // namespace tugboat::scheduler
