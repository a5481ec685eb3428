// The Deployment controller's frame: informers and their keys, the sync dispatch, claiming
// ReplicaSets, and commit(), which writes what a round planned. The strategies live in
// deploymentsync.cpp, deploymentrolling.cpp, deploymentrecreate.cpp, deploymentrollback.cpp and
// deploymentprogress.cpp.
#include "deploymentcontroller.h"

#include "controllerlog.h"

#include "api/kinds.h"

#include <QJsonDocument>

namespace tugboat::controllers {

using namespace deploymentutil;

namespace {

const api::ResourceInfo &deploymentsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("apps/v1"), QStringLiteral("Deployment"));
    return info;
}

const api::ResourceInfo &replicaSetsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"));
    return info;
}

const api::ResourceInfo &podsResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}

// What the controller reads of a pod: its metadata and phase (Recreate waits for old pods to stop).
api::ObjectPtr podSummary(const api::ObjectPtr &pod)
{
    QJsonObject metadata = pod->metadata();
    metadata.remove(QLatin1String("managedFields"));
    QJsonObject json{{QStringLiteral("apiVersion"), pod->apiVersion()},
                     {QStringLiteral("kind"), pod->kind()},
                     {QStringLiteral("metadata"), metadata}};
    const QJsonValue phase = pod->status().value(QLatin1String("phase"));
    if (!phase.isUndefined())
        json.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), phase}});
    return api::makeObject(json);
}

// A null or malformed selector selects nothing, as Kubernetes' LabelSelectorAsSelector does for nil.
api::Result<api::LabelSelector> selectorOf(const api::Object &object)
{
    const QJsonValue selector = object.spec().value(QLatin1String("selector"));
    if (!selector.isObject())
        return api::LabelSelector::nothing();
    return api::LabelSelector::fromObject(selector.toObject(), QStringLiteral("spec.selector"));
}

QByteArray ownerReferencesPatch(const api::Object &object, const QJsonArray &refs)
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), object.resourceVersion()}};
    metadata.insert(QStringLiteral("ownerReferences"), refs.isEmpty() ? QJsonValue(QJsonValue::Null) : refs);
    return QJsonDocument(QJsonObject{{QStringLiteral("metadata"), metadata}}).toJson(QJsonDocument::Compact);
}

// Gone meanwhile counts as done: there is nothing left to write.
api::Result<void> okUnlessFailed(const api::Result<api::ObjectPtr> &r)
{
    if (r.ok() || r.error().code() == api::ErrorCode::NotFound)
        return {};
    return r.error();
}

} // namespace

DeploymentController::DeploymentController(client::ApiClient &client, DelayScheduler &scheduler,
                                           EventRecorder &recorder, DeploymentControllerOptions options,
                                           QObject *parent)
    : Controller(QStringLiteral("deployment"), client, scheduler, parent)
    , m_recorder(recorder)
    , m_options(std::move(options))
    , m_expectations(scheduler.clock())
{
    client::InformerOptions deployments;
    deployments.resource = deploymentsResource();
    deployments.namespaceName = m_options.namespaceName;
    m_deployments = &watch(deployments);
    client::InformerOptions rs;
    rs.resource = replicaSetsResource();
    rs.namespaceName = m_options.namespaceName;
    m_replicaSets =
        &watch(rs, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return replicaSetKeys(old, now); });
    client::InformerOptions pods;
    pods.resource = podsResource();
    pods.namespaceName = m_options.namespaceName;
    pods.transform = podSummary;
    m_pods = &watch(pods, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return podKeys(old, now); });
}

QJsonObject DeploymentController::controllerRef(const api::Object &deployment)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                       {QStringLiteral("kind"), QStringLiteral("Deployment")},
                       {QStringLiteral("name"), deployment.name()},
                       {QStringLiteral("uid"), deployment.uid()},
                       {QStringLiteral("controller"), true},
                       {QStringLiteral("blockOwnerDeletion"), true}};
}

api::Object DeploymentController::newReplicaSet(const api::Object &deployment, int replicas)
{
    const QJsonValue collisionCount = deployment.status().value(QLatin1String("collisionCount"));
    QJsonObject tmpl = podTemplate(deployment);
    const QString hash =
        computeHash(tmpl, collisionCount.isDouble() ? std::optional<qint64>(collisionCount.toInteger()) : std::nullopt);

    QJsonObject tmplMeta = tmpl.value(QLatin1String("metadata")).toObject();
    QJsonObject labels = tmplMeta.value(QLatin1String("labels")).toObject();
    labels.insert(PodTemplateHashLabel, hash);
    tmplMeta.insert(QStringLiteral("labels"), labels);
    tmpl.insert(QStringLiteral("metadata"), tmplMeta);

    QJsonObject selector = deployment.spec().value(QLatin1String("selector")).toObject();
    QJsonObject matchLabels = selector.value(QLatin1String("matchLabels")).toObject();
    matchLabels.insert(PodTemplateHashLabel, hash);
    selector.insert(QStringLiteral("matchLabels"), matchLabels);

    QJsonObject spec{{QStringLiteral("replicas"), replicas},
                     {QStringLiteral("selector"), selector},
                     {QStringLiteral("template"), tmpl}};
    const QJsonValue minReadySeconds = deployment.spec().value(QLatin1String("minReadySeconds"));
    if (minReadySeconds.toInteger() != 0)
        spec.insert(QStringLiteral("minReadySeconds"), minReadySeconds);
    const QJsonObject metadata{{QStringLiteral("name"), deployment.name() + QLatin1Char('-') + hash},
                               {QStringLiteral("namespace"), deployment.namespaceName()},
                               {QStringLiteral("labels"), labels},
                               {QStringLiteral("ownerReferences"), QJsonArray{controllerRef(deployment)}}};
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                                   {QStringLiteral("kind"), QStringLiteral("ReplicaSet")},
                                   {QStringLiteral("metadata"), metadata},
                                   {QStringLiteral("spec"), spec}});
}

// --- informer events

// The key of the cached Deployment a controller reference resolves to (same name and uid).
QString DeploymentController::resolveControllerRef(const QString &ns, const std::optional<QJsonObject> &ref) const
{
    if (!ref || ref->value(QLatin1String("kind")).toString() != QLatin1String("Deployment") ||
        !ref->value(QLatin1String("apiVersion")).toString().startsWith(QLatin1String("apps/")))
        return {};
    const api::ObjectPtr d = m_deployments->get(ns, ref->value(QLatin1String("name")).toString());
    if (!d || d->uid() != ref->value(QLatin1String("uid")).toString())
        return {};
    return client::Informer::keyOf(*d);
}

// Deployments of the ReplicaSet's namespace whose (non-empty) selector matches its labels: who may
// adopt an orphan.
QStringList DeploymentController::matchingDeployments(const api::Object &rs) const
{
    QStringList keys;
    if (rs.labels().isEmpty())
        return keys;
    for (const api::ObjectPtr &d : m_deployments->list()) {
        if (d->namespaceName() != rs.namespaceName())
            continue;
        const auto selector = selectorOf(*d);
        if (selector && !selector->matchesEverything() && selector->matches(rs.labels()))
            keys << client::Informer::keyOf(*d);
    }
    return keys;
}

QStringList DeploymentController::replicaSetKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (!now || (!old && !now->deletionTimestamp().isEmpty())) { // deleted, or seen first while being deleted
        const api::ObjectPtr &last = now ? now : old;
        const QString owner = resolveControllerRef(last->namespaceName(), controllerOf(*last));
        return owner.isEmpty() ? QStringList() : QStringList{owner};
    }
    if (!old) { // added
        const QString owner = resolveControllerRef(now->namespaceName(), controllerOf(*now));
        if (owner.isEmpty())
            return matchingDeployments(*now); // an orphan someone may adopt
        m_expectations.creationObserved(owner);
        return {owner};
    }
    if (old->resourceVersion() == now->resourceVersion())
        return {}; // a resync: nothing changed
    const std::optional<QJsonObject> oldRef = controllerOf(*old), ref = controllerOf(*now);
    const bool refChanged = oldRef != ref;
    QStringList keys;
    if (refChanged)
        keys << resolveControllerRef(old->namespaceName(), oldRef);
    if (ref)
        keys << resolveControllerRef(now->namespaceName(), ref);
    else if (refChanged || old->labels() != now->labels())
        keys << matchingDeployments(*now);
    keys.removeAll(QString());
    keys.removeDuplicates();
    return keys;
}

// A Recreate Deployment waits for its old pods to be gone: each deletion may be the last. (Kubernetes
// counts the pods left first; a sync that finds some is as cheap.)
QStringList DeploymentController::podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (now || !old)
        return {};
    const std::optional<QJsonObject> podRef = controllerOf(*old);
    if (!podRef || podRef->value(QLatin1String("kind")).toString() != QLatin1String("ReplicaSet"))
        return {};
    const api::ObjectPtr rs = m_replicaSets->get(old->namespaceName(), podRef->value(QLatin1String("name")).toString());
    if (!rs || rs->uid() != podRef->value(QLatin1String("uid")).toString())
        return {};
    const QString key = resolveControllerRef(rs->namespaceName(), controllerOf(*rs));
    const api::ObjectPtr d = key.isEmpty() ? nullptr : m_deployments->get(key);
    if (!d || d->valueAt(u"spec.strategy.type").toString() != QLatin1String("Recreate"))
        return {};
    return {key};
}

// --- reconcile

api::Result<void> DeploymentController::sync(const QString &key)
{
    const api::ObjectPtr d = m_deployments->get(key);
    if (!d) {
        m_expectations.deleteExpectations(key);
        return {};
    }
    // A ReplicaSet this controller created is not in the cache yet: its added event re-queues the key.
    if (!m_expectations.satisfied(key))
        return {};
    const auto selector = selectorOf(*d);
    if (!selector) {
        // Validation keeps these out; retrying would not help.
        qCWarning(lcControllers).noquote()
            << "invalid selector" << QStringLiteral("key=%1 error=%2").arg(key, selector.error().message());
        return {};
    }
    if (selector->matchesEverything()) {
        m_recorder.event(*d, EventType::Warning, QStringLiteral("SelectingAll"),
                         QStringLiteral("This deployment is selecting all pods. A non-empty selector is required."));
        if (d->status().value(QLatin1String("observedGeneration")).toInteger() < d->generation()) {
            QJsonObject status = d->status();
            status.insert(QStringLiteral("observedGeneration"), d->generation());
            writeDeploymentStatus(key, *d, status);
        }
        return {};
    }
    Round round;
    round.key = key;
    round.cached = d;
    round.d = *d;
    round.nowMs = clock().nowMs();
    if (claimReplicaSets(round, *selector))
        return {};
    collectPods(round, *selector);

    api::Result<void> result;
    if (!d->deletionTimestamp().isEmpty()) {
        syncStatusOnly(round);
    } else {
        checkPausedConditions(round);
        const QString strategy = d->valueAt(u"spec.strategy.type").toString();
        if (isPaused(round.d))
            result = syncScaling(round);
        else if (rollbackTo(round.d))
            rollback(round);
        else if (isScalingEvent(round))
            result = syncScaling(round);
        else if (strategy == QLatin1String("Recreate"))
            rolloutRecreate(round);
        else if (strategy == QLatin1String("RollingUpdate"))
            result = rolloutRolling(round);
        else
            result = api::Error(api::ErrorCode::Invalid,
                                QStringLiteral("unexpected deployment strategy type: %1").arg(strategy));
    }
    if (!result)
        return result;
    if (round.error)
        return *round.error;
    commit(round);
    return {};
}

// Kubernetes' ReplicaSetControllerRefManager.ClaimReplicaSets: owned ReplicaSets that match stay,
// orphans that match are adopted, owned ones that stopped matching are released (unless the
// Deployment is being deleted). Returns whether it adopted or released any: the round stops there.
bool DeploymentController::claimReplicaSets(Round &round, const api::LabelSelector &selector)
{
    const api::Object &d = *round.cached;
    const bool deleting = !d.deletionTimestamp().isEmpty();
    bool changed = false;
    for (const api::ObjectPtr &rs : m_replicaSets->list()) {
        if (rs->namespaceName() != d.namespaceName())
            continue;
        const bool matches = selector.matches(rs->labels());
        if (const std::optional<QJsonObject> ref = controllerOf(*rs)) {
            if (ref->value(QLatin1String("uid")).toString() != d.uid())
                continue; // another controller's
            if (matches) {
                round.drafts.push_back(Draft{rs, *rs});
                round.rsList << &round.drafts.back().object;
            } else if (!deleting) {
                QJsonArray refs;
                for (const QJsonValue &r : rs->ownerReferences())
                    if (r.toObject().value(QLatin1String("uid")).toString() != d.uid())
                        refs.append(r);
                patchOwnerReferences(round.key, *rs, refs);
                changed = true;
            }
            continue;
        }
        if (!matches || deleting || !rs->deletionTimestamp().isEmpty())
            continue;
        QJsonArray refs = rs->ownerReferences();
        refs.append(controllerRef(d));
        patchOwnerReferences(round.key, *rs, refs);
        changed = true;
    }
    return changed;
}

void DeploymentController::patchOwnerReferences(const QString &key, const api::Object &rs, const QJsonArray &refs)
{
    client().patch(replicaSetsResource(), rs.namespaceName(), rs.name(), client::PatchType::Merge,
                   ownerReferencesPatch(rs, refs), {}, completion<api::ObjectPtr>(key, okUnlessFailed));
}

// The pods of the Deployment's ReplicaSets, by ReplicaSet uid, whatever their phase: Recreate needs
// to know that no old pod still runs.
void DeploymentController::collectPods(Round &round, const api::LabelSelector &selector)
{
    for (const api::Object *rs : round.rsList)
        round.podsByReplicaSetUid.insert(rs->uid(), {});
    for (const api::ObjectPtr &pod : m_pods->list()) {
        if (pod->namespaceName() != round.cached->namespaceName() || !selector.matches(pod->labels()))
            continue;
        const std::optional<QJsonObject> ref = controllerOf(*pod);
        if (!ref)
            continue;
        const auto it = round.podsByReplicaSetUid.find(ref->value(QLatin1String("uid")).toString());
        if (it != round.podsByReplicaSetUid.end())
            it->append(pod);
    }
}

// --- writes

void DeploymentController::commit(Round &round)
{
    for (const Draft &draft : round.drafts)
        if (draft.cached && !(draft.object == *draft.cached))
            updateReplicaSet(round.key, *round.cached, draft.cached, draft.object);
    for (const api::ObjectPtr &rs : round.deletions)
        deleteReplicaSet(round.key, rs);
    if (round.created)
        createReplicaSet(round); // the Deployment is written once it has answered
    else
        writeDeployment(round.key, round.cached, round.d, round.rolledBack);
}

// Kubernetes' scaleReplicaSet write: the whole ReplicaSet, conditional on the cached resourceVersion;
// the event once it is stored.
void DeploymentController::updateReplicaSet(const QString &key, const api::Object &deployment,
                                            const api::ObjectPtr &cached, const api::Object &rs)
{
    const int from = specReplicas(*cached), to = specReplicas(rs);
    client().update(replicaSetsResource(), rs.namespaceName(), rs.withResourceVersion(cached->resourceVersion()), {},
                    completion<api::ObjectPtr>(key, [this, deployment, from, to](const api::Result<api::ObjectPtr> &r) {
                        if (r.ok() && from != to)
                            m_recorder.event(
                                deployment, EventType::Normal, QStringLiteral("ScalingReplicaSet"),
                                QStringLiteral("Scaled %1 replica set %2 from %3 to %4")
                                    .arg(from < to ? QStringLiteral("up") : QStringLiteral("down"), r.value()->name())
                                    .arg(from)
                                    .arg(to));
                        return okUnlessFailed(r);
                    }));
}

void DeploymentController::deleteReplicaSet(const QString &key, const api::ObjectPtr &rs)
{
    qCInfo(lcControllers).noquote() << "cleaning up old replica set"
                                    << QStringLiteral("key=%1 replicaSet=%2").arg(key, rs->name());
    client::DeleteOptions options;
    options.preconditionUid = rs->uid();
    client().remove(replicaSetsResource(), rs->namespaceName(), rs->name(), options,
                    completion<api::ObjectPtr>(key, okUnlessFailed));
}

// Kubernetes' create in getNewReplicaSet. Created: the ScalingReplicaSet event, then the Deployment
// (revision, NewReplicaSetCreated). The name taken by a ReplicaSet that is not ours with our template:
// a hash collision, status.collisionCount + 1. Another failure: ReplicaSetCreateError, as an event and
// (with a progress deadline) as the Progressing condition.
void DeploymentController::createReplicaSet(const Round &round)
{
    const QString key = round.key;
    const api::ObjectPtr cached = round.cached;
    const api::Object d = round.d;
    const api::Object rs = *round.created;
    const QJsonObject statusBefore = round.statusBeforeCreate;
    const QString rolledBack = round.rolledBack;
    m_expectations.expectCreations(key, 1); // before the create: the informer may report it first
    client().create(
        replicaSetsResource(), rs.namespaceName(), rs, {},
        completion<api::ObjectPtr>(
            key, [this, key, cached, d, rs, statusBefore, rolledBack](const api::Result<api::ObjectPtr> &r) {
                if (r.ok()) {
                    if (const int replicas = specReplicas(rs); replicas > 0)
                        m_recorder.event(
                            *cached, EventType::Normal, QStringLiteral("ScalingReplicaSet"),
                            QStringLiteral("Scaled up replica set %1 from 0 to %2").arg(rs.name()).arg(replicas));
                    writeDeployment(key, cached, d, rolledBack);
                    return api::Result<void>();
                }
                if (r.error().code() == api::ErrorCode::Timeout)
                    return api::Result<void>(r.error()); // it may exist: its added event will come
                m_expectations.creationObserved(key);    // no event will come for it
                if (r.error().code() == api::ErrorCode::AlreadyExists) {
                    const api::ObjectPtr existing = m_replicaSets->get(rs.namespaceName(), rs.name());
                    if (existing && (!isControlledBy(*existing, cached->uid()) ||
                                     !equalIgnoreHash(podTemplate(*existing), podTemplate(d)))) {
                        QJsonObject status = statusBefore;
                        const qint64 count = status.value(QLatin1String("collisionCount")).toInteger() + 1;
                        status.insert(QStringLiteral("collisionCount"), count);
                        qCInfo(lcControllers).noquote()
                            << "hash collision, bumping collisionCount"
                            << QStringLiteral("key=%1 replicaSet=%2 collisionCount=%3").arg(key, rs.name()).arg(count);
                        writeDeploymentStatus(key, *cached, status);
                    }
                    return api::Result<void>(r.error()); // retried: the next name, or the cache shows ours
                }
                const QString message =
                    QStringLiteral("Failed to create new replica set \"%1\": %2").arg(rs.name(), r.error().message());
                if (hasProgressDeadline(d)) {
                    QJsonObject status = statusBefore;
                    setCondition(status, newCondition(ProgressingCondition, QStringLiteral("False"),
                                                      FailedRSCreateReason, message, clock().nowMs()));
                    writeDeploymentStatus(key, *cached, status);
                }
                m_recorder.event(*cached, EventType::Warning, FailedRSCreateReason, message);
                return api::Result<void>(r.error());
            }));
}

// The Deployment as the round left it: metadata and spec by update (annotations; a rollback's
// template), then the status, each conditional on the resourceVersion it was computed from.
// `rolledBack`: the DeploymentRollback event to record once the update is stored.
void DeploymentController::writeDeployment(const QString &key, const api::ObjectPtr &cached,
                                           const api::Object &deployment, const QString &rolledBack)
{
    const bool mainChanged = deployment.metadata().value(QLatin1String("annotations")) !=
                                 cached->metadata().value(QLatin1String("annotations")) ||
                             deployment.spec() != cached->spec();
    const bool statusChanged = deployment.status() != cached->status();
    if (!mainChanged) {
        if (statusChanged)
            writeDeploymentStatus(key, *cached, deployment.status());
        return;
    }
    QJsonObject json = deployment.withResourceVersion(cached->resourceVersion()).json();
    json.remove(QLatin1String("status"));
    const QJsonObject status = deployment.status();
    client().update(deploymentsResource(), deployment.namespaceName(), api::Object(json), {},
                    completion<api::ObjectPtr>(key, [this, key, cached, status, statusChanged,
                                                     rolledBack](const api::Result<api::ObjectPtr> &r) {
                        if (r.ok() && !rolledBack.isEmpty())
                            m_recorder.event(*cached, EventType::Normal, RollbackDone, rolledBack);
                        if (r.ok() && statusChanged)
                            writeDeploymentStatus(key, *r.value(), status);
                        return okUnlessFailed(r);
                    }));
}

void DeploymentController::writeDeploymentStatus(const QString &key, const api::Object &base, const QJsonObject &status)
{
    client().updateStatus(deploymentsResource(), base.namespaceName(), withStatus(base, status), {},
                          completion<api::ObjectPtr>(key, okUnlessFailed));
}

} // namespace tugboat::controllers
