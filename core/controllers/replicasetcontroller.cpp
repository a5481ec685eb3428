#include "replicasetcontroller.h"

#include "controllerlog.h"

#include "api/kinds.h"

#include <QJsonDocument>

#include <algorithm>

namespace tugboat::controllers {

namespace {

const api::ResourceInfo &podsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}

const api::ResourceInfo &replicaSetsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"));
    return info;
}

// The pod's controller ownerReference, if it has one.
std::optional<QJsonObject> controllerOf(const api::Object &object)
{
    for (const QJsonValue &ref : object.ownerReferences()) {
        const QJsonObject r = ref.toObject();
        if (r.value(QLatin1String("controller")).toBool())
            return r;
    }
    return std::nullopt;
}

// A null or malformed selector selects nothing, as Kubernetes' LabelSelectorAsSelector does for nil.
api::Result<api::LabelSelector> selectorOf(const api::Object &rs)
{
    const QJsonValue selector = rs.spec().value(QLatin1String("selector"));
    if (!selector.isObject())
        return api::LabelSelector::nothing();
    return api::LabelSelector::fromObject(selector.toObject(), QStringLiteral("spec.selector"));
}

// When the pod's Ready condition last turned True (ms since epoch); 0 when unknown.
qint64 readySinceMs(const api::Object &pod)
{
    for (const QJsonValue &c : pod.status().value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = c.toObject();
        if (condition.value(QLatin1String("type")).toString() != QLatin1String("Ready"))
            continue;
        const QDateTime t =
            QDateTime::fromString(condition.value(QLatin1String("lastTransitionTime")).toString(), Qt::ISODate);
        return t.isValid() ? t.toMSecsSinceEpoch() : 0;
    }
    return 0;
}

int phaseOrdinal(const api::Object &pod)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    if (phase == QLatin1String("Unknown"))
        return 1;
    if (phase == QLatin1String("Running"))
        return 2;
    return 0; // Pending, or not reported yet
}

QByteArray ownerReferencesPatch(const api::Object &pod, const QJsonArray &refs)
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), pod.resourceVersion()}};
    metadata.insert(QStringLiteral("ownerReferences"), refs.isEmpty() ? QJsonValue(QJsonValue::Null) : refs);
    return QJsonDocument(QJsonObject{{QStringLiteral("metadata"), metadata}}).toJson(QJsonDocument::Compact);
}

// Kubernetes' ReplicaFailure condition: added (once) while creates or deletes fail, removed once one
// succeeds. `failure` is (reason, message); empty reason: no failure.
void setFailureCondition(QJsonObject &status, const std::pair<QString, QString> &failure, qint64 nowMs)
{
    QJsonArray conditions;
    bool present = false;
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray()) {
        const bool isFailure = c.toObject().value(QLatin1String("type")).toString() == QLatin1String("ReplicaFailure");
        if (isFailure && failure.first.isEmpty())
            continue; // recovered
        present = present || isFailure;
        conditions.append(c);
    }
    if (!failure.first.isEmpty() && !present)
        conditions.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("ReplicaFailure")},
                                      {QStringLiteral("status"), QStringLiteral("True")},
                                      {QStringLiteral("lastTransitionTime"),
                                       api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC))},
                                      {QStringLiteral("reason"), failure.first},
                                      {QStringLiteral("message"), failure.second}});
    if (conditions.isEmpty())
        status.remove(QLatin1String("conditions"));
    else
        status.insert(QStringLiteral("conditions"), conditions);
}

// Kubernetes omits zero counts (omitempty); replicas and observedGeneration are always written.
void setCount(QJsonObject &status, const char *field, qint64 value)
{
    if (value == 0)
        status.remove(QLatin1String(field));
    else
        status.insert(QLatin1String(field), value);
}

} // namespace

struct ReplicaSetController::CreateBurst {
    int remaining = 0; // creates not started yet
    int inFlight = 0;  // of the current batch
    int batchSize = 1;
    bool failed = false;
};

ReplicaSetController::ReplicaSetController(client::ApiClient &client, DelayScheduler &scheduler,
                                           EventRecorder &recorder, ReplicaSetControllerOptions options,
                                           QObject *parent)
    : Controller(QStringLiteral("replicaset"), client, scheduler, parent)
    , m_recorder(recorder)
    , m_options(std::move(options))
    , m_expectations(scheduler.clock())
{
    m_createPod = [this](const api::Object &pod, client::Callback<api::ObjectPtr> done) {
        this->client().create(podsResource(), pod.namespaceName(), pod, {}, std::move(done));
    };
    client::InformerOptions rs;
    rs.resource = replicaSetsResource();
    rs.namespaceName = m_options.namespaceName;
    m_replicaSets = &watch(rs);
    client::InformerOptions pods;
    pods.resource = podsResource();
    pods.namespaceName = m_options.namespaceName;
    m_pods = &watch(pods, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
}

// --- informer events: keys, and what the expectations observe

QStringList ReplicaSetController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (!now) { // deleted
        const QString owner = ownerKey(*old);
        if (owner.isEmpty())
            return {};
        observeDeletion(owner, *old);
        return {owner};
    }
    if (!old) { // added
        const QString owner = ownerKey(*now);
        if (owner.isEmpty())
            return now->deletionTimestamp().isEmpty() ? matchingReplicaSets(*now) : QStringList();
        if (now->deletionTimestamp().isEmpty())
            m_expectations.creationObserved(owner);
        else
            observeDeletion(owner, *now);
        return {owner};
    }
    if (old->resourceVersion() == now->resourceVersion())
        return {}; // a resync: nothing changed
    const QString oldOwner = ownerKey(*old);
    const QString owner = ownerKey(*now);
    if (!owner.isEmpty() && !now->deletionTimestamp().isEmpty() && old->deletionTimestamp().isEmpty())
        observeDeletion(owner, *now);
    QStringList keys;
    if (!oldOwner.isEmpty() && oldOwner != owner)
        keys << oldOwner;
    if (!owner.isEmpty())
        keys << owner;
    else if (oldOwner != owner || old->labels() != now->labels())
        keys << matchingReplicaSets(*now); // an orphan someone may adopt
    keys.removeDuplicates();
    return keys;
}

// The key of the cached ReplicaSet the pod's controller reference resolves to (same name and uid).
QString ReplicaSetController::ownerKey(const api::Object &pod) const
{
    const std::optional<QJsonObject> ref = controllerOf(pod);
    if (!ref || ref->value(QLatin1String("kind")).toString() != QLatin1String("ReplicaSet") ||
        !ref->value(QLatin1String("apiVersion")).toString().startsWith(QLatin1String("apps/")))
        return {};
    const api::ObjectPtr rs = m_replicaSets->get(pod.namespaceName(), ref->value(QLatin1String("name")).toString());
    if (!rs || rs->uid() != ref->value(QLatin1String("uid")).toString())
        return {};
    return client::Informer::keyOf(*rs);
}

// ReplicaSets of the pod's namespace whose (non-empty) selector matches it.
QStringList ReplicaSetController::matchingReplicaSets(const api::Object &pod) const
{
    QStringList keys;
    for (const api::ObjectPtr &rs : m_replicaSets->list()) {
        if (rs->namespaceName() != pod.namespaceName())
            continue;
        const auto selector = selectorOf(*rs);
        if (selector && !selector->matchesEverything() && selector->matches(pod.labels()))
            keys << client::Informer::keyOf(*rs);
    }
    return keys;
}

void ReplicaSetController::observeDeletion(const QString &rsKey, const api::Object &pod)
{
    auto it = m_deleting.find(rsKey);
    if (it != m_deleting.end() && it->remove(client::Informer::keyOf(pod)))
        m_expectations.deletionObserved(rsKey);
}

// --- reconcile

api::Result<void> ReplicaSetController::sync(const QString &key)
{
    const api::ObjectPtr rs = m_replicaSets->get(key);
    if (!rs) {
        m_expectations.deleteExpectations(key);
        m_deleting.remove(key);
        m_failures.remove(key);
        return {};
    }
    const auto selector = selectorOf(*rs);
    if (!selector) {
        // Validation keeps these out; retrying would not help.
        qCWarning(lcControllers).noquote()
            << "invalid selector" << QStringLiteral("key=%1 error=%2").arg(key, selector.error().message());
        return {};
    }
    const bool needsSync = m_expectations.satisfied(key) && rs->deletionTimestamp().isEmpty();
    const Claimed claimed = claimPods(key, *rs, *selector);
    QList<api::ObjectPtr> active;
    for (const api::ObjectPtr &pod : claimed.pods)
        if (isActive(*pod))
            active << pod;
    if (needsSync)
        manageReplicas(key, rs, active);
    updateStatus(key, *rs, active);
    return {};
}

// Kubernetes' PodControllerRefManager.ClaimPods: ours that match, plus orphans that match (adopted);
// ours that no longer match are released.
ReplicaSetController::Claimed ReplicaSetController::claimPods(const QString &key, const api::Object &rs,
                                                              const api::LabelSelector &selector)
{
    Claimed claimed;
    const bool rsDeleting = !rs.deletionTimestamp().isEmpty();
    for (const api::ObjectPtr &pod : m_pods->list()) {
        if (pod->namespaceName() != rs.namespaceName())
            continue;
        const bool matches = selector.matches(pod->labels());
        if (const std::optional<QJsonObject> ref = controllerOf(*pod)) {
            if (ref->value(QLatin1String("uid")).toString() != rs.uid())
                continue; // another controller's
            if (matches) {
                claimed.pods << pod;
            } else if (!rsDeleting) {
                release(key, rs, *pod);
                ++claimed.releases;
            }
            continue;
        }
        if (!matches || rsDeleting || !pod->deletionTimestamp().isEmpty())
            continue;
        adopt(key, rs, *pod);
        ++claimed.adoptions;
        claimed.pods << pod;
    }
    return claimed;
}

void ReplicaSetController::adopt(const QString &key, const api::Object &rs, const api::Object &pod)
{
    QJsonArray refs = pod.ownerReferences();
    refs.append(controllerRef(rs));
    client().patch(podsResource(), pod.namespaceName(), pod.name(), client::PatchType::Merge,
                   ownerReferencesPatch(pod, refs), {},
                   completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &r) {
                       // Gone meanwhile: nothing to adopt.
                       if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
                           return api::Result<void>();
                       return api::Result<void>(r.error());
                   }));
}

void ReplicaSetController::release(const QString &key, const api::Object &rs, const api::Object &pod)
{
    QJsonArray refs;
    for (const QJsonValue &ref : pod.ownerReferences())
        if (ref.toObject().value(QLatin1String("uid")).toString() != rs.uid())
            refs.append(ref);
    client().patch(podsResource(), pod.namespaceName(), pod.name(), client::PatchType::Merge,
                   ownerReferencesPatch(pod, refs), {},
                   completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &r) {
                       if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
                           return api::Result<void>();
                       return api::Result<void>(r.error());
                   }));
}

void ReplicaSetController::manageReplicas(const QString &key, const api::ObjectPtr &rs,
                                          const QList<api::ObjectPtr> &active)
{
    const int wanted = rs->spec().value(QLatin1String("replicas")).toInt(1);
    const int diff = int(active.size()) - wanted;
    if (diff < 0) {
        auto burst = std::make_shared<CreateBurst>();
        burst->remaining = std::min(-diff, m_options.burstReplicas);
        // Before any create: the informer may report a pod before its create answers.
        m_expectations.expectCreations(key, burst->remaining);
        createBatch(key, rs, std::move(burst));
    } else if (diff > 0) {
        QList<api::ObjectPtr> victims = active;
        std::stable_sort(victims.begin(), victims.end(),
                         [](const api::ObjectPtr &a, const api::ObjectPtr &b) { return betterVictim(*a, *b); });
        victims.resize(std::min(diff, m_options.burstReplicas));
        deletePods(key, rs, std::move(victims));
    }
}

// Kubernetes' slowStartBatch: 1 create, then 2, 4, ... each batch once the previous one has answered
// without error. With 10 to create and the first failing, one request reaches the server and the
// other 9 are taken off the expectations, since no informer event will ever come for them.
void ReplicaSetController::createBatch(const QString &key, const api::ObjectPtr &rs, std::shared_ptr<CreateBurst> burst)
{
    const int size = std::min(burst->batchSize, burst->remaining);
    burst->remaining -= size;
    burst->inFlight = size;
    burst->batchSize *= 2;
    const api::Object pod = podFromTemplate(*rs);
    for (int i = 0; i < size; ++i) {
        m_createPod(pod, completion<api::ObjectPtr>(key, [this, key, rs, burst](const api::Result<api::ObjectPtr> &r) {
                        api::Result<void> outcome;
                        if (r.ok()) {
                            m_failures.remove(key);
                            m_recorder.event(*rs, EventType::Normal, QStringLiteral("SuccessfulCreate"),
                                             QStringLiteral("Created pod: %1").arg(r.value()->name()));
                        } else {
                            // A timed-out create may still have happened: its pod's event will come.
                            if (r.error().code() != api::ErrorCode::Timeout)
                                m_expectations.creationObserved(key);
                            m_recorder.event(*rs, EventType::Warning, QStringLiteral("FailedCreate"),
                                             QStringLiteral("Error creating: %1").arg(r.error().message()));
                            m_failures.insert(key, {QStringLiteral("FailedCreate"), r.error().message()});
                            burst->failed = true;
                            outcome = r.error();
                        }
                        if (--burst->inFlight > 0)
                            return outcome;
                        if (burst->failed) {
                            for (; burst->remaining > 0; --burst->remaining)
                                m_expectations.creationObserved(key);
                        } else if (burst->remaining > 0) {
                            createBatch(key, rs, burst);
                        }
                        return outcome;
                    }));
    }
}

void ReplicaSetController::deletePods(const QString &key, const api::ObjectPtr &rs, QList<api::ObjectPtr> victims)
{
    QSet<QString> &deleting = m_deleting[key];
    deleting.clear();
    for (const api::ObjectPtr &pod : victims)
        deleting.insert(client::Informer::keyOf(*pod));
    m_expectations.expectDeletions(key, int(victims.size()));
    for (const api::ObjectPtr &pod : victims) {
        client::DeleteOptions options;
        options.preconditionUid = pod->uid();
        client().remove(podsResource(), pod->namespaceName(), pod->name(), options,
                        completion<api::ObjectPtr>(key, [this, key, rs, pod](const api::Result<api::ObjectPtr> &r) {
                            if (r.ok()) {
                                m_failures.remove(key);
                                m_recorder.event(*rs, EventType::Normal, QStringLiteral("SuccessfulDelete"),
                                                 QStringLiteral("Deleted pod: %1").arg(pod->name()));
                                return api::Result<void>();
                            }
                            observeDeletion(key, *pod); // no event will come for it
                            if (r.error().code() == api::ErrorCode::NotFound)
                                return api::Result<void>();
                            m_failures.insert(key, {QStringLiteral("FailedDelete"), r.error().message()});
                            m_recorder.event(*rs, EventType::Warning, QStringLiteral("FailedDelete"),
                                             QStringLiteral("Error deleting: %1").arg(r.error().message()));
                            return api::Result<void>(r.error());
                        }));
    }
}

// Status from the claimed active pods, written only when a field changed. Ready pods not yet
// available re-queue the key for when the first of them becomes available.
void ReplicaSetController::updateStatus(const QString &key, const api::Object &rs, const QList<api::ObjectPtr> &active)
{
    const qint64 minReadyMs = rs.spec().value(QLatin1String("minReadySeconds")).toInteger() * 1000;
    const api::StringMap templateLabels =
        api::Object::stringMap(rs.valueAt(u"spec.template.metadata.labels").toObject());
    const qint64 now = clock().nowMs();
    int fullyLabeled = 0, ready = 0, available = 0;
    qint64 nextAvailableMs = -1;
    for (const api::ObjectPtr &pod : active) {
        const api::StringMap labels = pod->labels();
        if (std::all_of(templateLabels.keyValueBegin(), templateLabels.keyValueEnd(), [&](const auto &kv) {
                return labels.contains(kv.first) && labels.value(kv.first) == kv.second;
            }))
            ++fullyLabeled;
        if (!isReady(*pod))
            continue;
        ++ready;
        const qint64 availableAt = readySinceMs(*pod) + minReadyMs;
        if (minReadyMs == 0 || availableAt <= now) {
            ++available;
        } else if (nextAvailableMs < 0 || availableAt - now < nextAvailableMs) {
            nextAvailableMs = availableAt - now;
        }
    }
    if (nextAvailableMs >= 0)
        queue().addAfter(key, std::chrono::milliseconds(nextAvailableMs));

    const QJsonObject old = rs.status();
    QJsonObject status = old;
    status.insert(QStringLiteral("replicas"), int(active.size()));
    setCount(status, "fullyLabeledReplicas", fullyLabeled);
    setCount(status, "readyReplicas", ready);
    setCount(status, "availableReplicas", available);
    status.insert(QStringLiteral("observedGeneration"), rs.generation());
    setFailureCondition(status, m_failures.value(key), now);
    if (status == old)
        return;
    QJsonObject json = rs.json();
    json.insert(QStringLiteral("status"), status);
    client().updateStatus(replicaSetsResource(), rs.namespaceName(), api::Object(json), {},
                          completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &r) {
                              if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
                                  return api::Result<void>();
                              return api::Result<void>(r.error()); // Conflict: retried on a fresh cache
                          }));
}

// --- pure helpers

api::Object ReplicaSetController::podFromTemplate(const api::Object &replicaSet)
{
    const QJsonObject tmpl = replicaSet.spec().value(QLatin1String("template")).toObject();
    const QJsonObject tmplMeta = tmpl.value(QLatin1String("metadata")).toObject();
    QJsonObject metadata{{QStringLiteral("generateName"), replicaSet.name() + QLatin1Char('-')},
                         {QStringLiteral("namespace"), replicaSet.namespaceName()},
                         {QStringLiteral("ownerReferences"), QJsonArray{controllerRef(replicaSet)}}};
    for (const char *field : {"labels", "annotations", "finalizers"}) {
        const QJsonValue v = tmplMeta.value(QLatin1String(field));
        if (!v.isUndefined() && !v.isNull())
            metadata.insert(QLatin1String(field), v);
    }
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                   {QStringLiteral("kind"), QStringLiteral("Pod")},
                                   {QStringLiteral("metadata"), metadata},
                                   {QStringLiteral("spec"), tmpl.value(QLatin1String("spec")).toObject()}});
}

QJsonObject ReplicaSetController::controllerRef(const api::Object &replicaSet)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ReplicaSet")},
                       {QStringLiteral("name"), replicaSet.name()},
                       {QStringLiteral("uid"), replicaSet.uid()},
                       {QStringLiteral("controller"), true},
                       {QStringLiteral("blockOwnerDeletion"), true}};
}

bool ReplicaSetController::betterVictim(const api::Object &a, const api::Object &b)
{
    const bool aAssigned = !a.valueAt(u"spec.nodeName").toString().isEmpty();
    const bool bAssigned = !b.valueAt(u"spec.nodeName").toString().isEmpty();
    if (aAssigned != bAssigned)
        return !aAssigned;
    if (phaseOrdinal(a) != phaseOrdinal(b))
        return phaseOrdinal(a) < phaseOrdinal(b);
    if (isReady(a) != isReady(b))
        return !isReady(a);
    if (a.creationTimestamp() != b.creationTimestamp())
        return a.creationTimestamp() > b.creationTimestamp(); // RFC 3339 UTC sorts as text
    return a.name() > b.name();
}

bool ReplicaSetController::isActive(const api::Object &pod)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    return phase != QLatin1String("Succeeded") && phase != QLatin1String("Failed") && pod.deletionTimestamp().isEmpty();
}

bool ReplicaSetController::isReady(const api::Object &pod)
{
    for (const QJsonValue &c : pod.status().value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = c.toObject();
        if (condition.value(QLatin1String("type")).toString() == QLatin1String("Ready"))
            return condition.value(QLatin1String("status")).toString() == QLatin1String("True");
    }
    return false;
}

} // namespace tugboat::controllers
