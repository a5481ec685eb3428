// Kubernetes' sync.go: finding the new and old ReplicaSets and keeping revisions, scaling (and
// proportional scaling during a rollout), revisionHistoryLimit cleanup, and the status.
#include "deploymentcontroller.h"

namespace tugboat::controllers {

using namespace deploymentutil;

void DeploymentController::syncStatusOnly(Round &round)
{
    const Revisions r = getAllReplicaSetsAndSyncRevision(round, false);
    syncDeploymentStatus(round, r.all(), r.newRS);
}

// Kubernetes' sync(): a paused Deployment, or a scaling event; no rollout progress.
api::Result<void> DeploymentController::syncScaling(Round &round)
{
    const Revisions r = getAllReplicaSetsAndSyncRevision(round, false);
    if (auto scaled = scale(round, r.newRS, r.oldRSes); !scaled)
        return scaled;
    if (isPaused(round.d) && !rollbackTo(round.d))
        cleanupDeployment(round, r.oldRSes);
    syncDeploymentStatus(round, r.all(), r.newRS);
    return {};
}

// Pausing and resuming set Progressing to Unknown, so that the time a Deployment spent paused never
// counts against its progress deadline (the deadline runs from the condition's lastUpdateTime).
void DeploymentController::checkPausedConditions(Round &round)
{
    if (!hasProgressDeadline(round.d))
        return;
    QJsonObject status = round.d.status();
    const QString reason = condition(status, ProgressingCondition).value(QLatin1String("reason")).toString();
    if (reason == TimedOutReason)
        return; // a reported lack of progress is not overwritten
    const bool pausedConditionExists = reason == PausedDeployReason;
    if (isPaused(round.d) && !pausedConditionExists)
        setCondition(status, newCondition(ProgressingCondition, QStringLiteral("Unknown"), PausedDeployReason,
                                          QStringLiteral("Deployment is paused"), round.nowMs));
    else if (!isPaused(round.d) && pausedConditionExists)
        setCondition(status, newCondition(ProgressingCondition, QStringLiteral("Unknown"), ResumedDeployReason,
                                          QStringLiteral("Deployment is resumed"), round.nowMs));
    else
        return;
    round.d = withStatus(round.d, status);
}

DeploymentController::Revisions DeploymentController::getAllReplicaSetsAndSyncRevision(Round &round,
                                                                                       bool createIfNotExisted)
{
    Revisions r;
    r.oldRSes = findOldReplicaSets(round.d, round.rsList);
    r.newRS = getNewReplicaSet(round, r.oldRSes, createIfNotExisted);
    return r;
}

// The ReplicaSet whose template is the Deployment's, with its annotations synced: its revision at least
// max(old revisions) + 1 (a rollback to it records its former revision in revision-history). The
// Deployment's revision follows the ReplicaSet's once the ReplicaSet has it. Without one and with
// `createIfNotExisted`, the round creates it: replicas as the strategy allows, NewReplicaSetCreated.
api::Object *DeploymentController::getNewReplicaSet(Round &round, const ReplicaSetList &oldRSes,
                                                    bool createIfNotExisted)
{
    if (round.created)
        return round.created;
    const QString newRevision = QString::number(maxRevision(oldRSes) + 1);
    if (api::Object *existing = findNewReplicaSet(round.d, round.rsList)) {
        api::Object rs = *existing;
        const bool annotationsUpdated = setNewReplicaSetAnnotations(round.d, rs, newRevision, true);
        const QJsonValue minReadySeconds = round.d.spec().value(QLatin1String("minReadySeconds"));
        const bool minReadySecondsNeedsUpdate =
            rs.spec().value(QLatin1String("minReadySeconds")).toInteger() != minReadySeconds.toInteger();
        if (annotationsUpdated || minReadySecondsNeedsUpdate) {
            if (minReadySecondsNeedsUpdate)
                rs = withSpecField(rs, QStringLiteral("minReadySeconds"),
                                   minReadySeconds.toInteger() ? minReadySeconds : QJsonValue(QJsonValue::Undefined));
            *existing = rs;
            return existing; // the Deployment takes the revision once the ReplicaSet has it
        }
        setDeploymentRevision(round.d, rs.annotations().value(RevisionAnnotation));
        // No Progressing condition yet (a Deployment that just got a deadline): measure from now.
        if (hasProgressDeadline(round.d) && condition(round.d.status(), ProgressingCondition).isEmpty()) {
            QJsonObject status = round.d.status();
            setCondition(status,
                         newCondition(ProgressingCondition, QStringLiteral("True"), FoundNewRSReason,
                                      QStringLiteral("Found new replica set \"%1\"").arg(rs.name()), round.nowMs));
            round.d = withStatus(round.d, status);
        }
        return existing;
    }
    if (!createIfNotExisted)
        return nullptr;

    api::Object rs = newReplicaSet(round.d, 0);
    const api::Result<int> replicas = newReplicaSetReplicas(round.d, oldRSes + ReplicaSetList{&rs}, rs);
    if (!replicas) {
        round.error = replicas.error();
        return nullptr;
    }
    rs = withReplicas(rs, replicas.value());
    setNewReplicaSetAnnotations(round.d, rs, newRevision, false);
    round.statusBeforeCreate = round.d.status();
    round.drafts.push_back(Draft{nullptr, rs});
    round.created = &round.drafts.back().object;
    setDeploymentRevision(round.d, newRevision);
    if (hasProgressDeadline(round.d)) {
        QJsonObject status = round.d.status();
        setCondition(status,
                     newCondition(ProgressingCondition, QStringLiteral("True"), NewReplicaSetReason,
                                  QStringLiteral("Created new replica set \"%1\"").arg(rs.name()), round.nowMs));
        round.d = withStatus(round.d, status);
    }
    return round.created;
}

// Scaling outside a rollout step: one active ReplicaSet (or none) takes spec.replicas; a saturated new
// ReplicaSet leaves nothing to the old ones; otherwise, during a rolling update, the difference between
// what may run (replicas + maxSurge) and what runs is spread over the active ReplicaSets in proportion
// to their size. Worked example (Kubernetes' documentation): 10 replicas, maxSurge 3, a rollout stuck
// at old 8 + new 5 = 13; scaled to 15, 18 may run, so 5 are added: old 8 * 18/13 = 11.08 -> 11 (+3),
// new 5 * 18/13 = 6.92 -> 7 (+2). Larger ReplicaSets go first; what rounding leaves goes to the first.
api::Result<void> DeploymentController::scale(Round &round, api::Object *newRS, const ReplicaSetList &oldRSes)
{
    const api::Object &d = round.d;
    const int replicas = specReplicas(d);
    if (api::Object *target = findActiveOrLatest(newRS, oldRSes)) {
        scaleReplicaSet(round, *target, replicas);
        return {};
    }
    if (isSaturated(d, newRS)) {
        for (api::Object *old : filterActive(oldRSes))
            scaleReplicaSet(round, *old, 0);
        return {};
    }
    if (!isRollingUpdate(d))
        return {};
    ReplicaSetList all = filterActive(oldRSes + ReplicaSetList{newRS});
    const int allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
    const int toAdd = allowedSize - replicaCount(all);
    // Equal sizes: scaling up favours the newer, scaling down takes from the older.
    if (toAdd > 0)
        sortBySizeNewer(all);
    else if (toAdd < 0)
        sortBySizeOlder(all);
    QList<int> sizes;
    int added = 0;
    for (const api::Object *rs : all) {
        const int proportion = getProportion(rs, d, toAdd, added);
        sizes << specReplicas(*rs) + proportion;
        added += proportion;
    }
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (i == 0 && toAdd != 0)
            sizes[0] = std::max(0, sizes[0] + toAdd - added); // the leftover
        resizeReplicaSet(round, *all[i], sizes[i]);
    }
    return {};
}

// Kubernetes' scaleReplicaSetAndRecordEvent: nothing when already that size.
bool DeploymentController::scaleReplicaSet(Round &round, api::Object &rs, int newScale)
{
    if (specReplicas(rs) == newScale)
        return false;
    return resizeReplicaSet(round, rs, newScale);
}

// Kubernetes' scaleReplicaSet: the size and the desired- and max-replicas annotations (which later
// proportional scaling reads). The event is recorded when the write is stored (commit). Returns
// whether the size changes.
bool DeploymentController::resizeReplicaSet(Round &round, api::Object &rs, int newScale)
{
    const int replicas = specReplicas(round.d);
    const int maxReplicas = replicas + maxSurge(round.d);
    const bool sizeNeedsUpdate = specReplicas(rs) != newScale;
    if (sizeNeedsUpdate || replicasAnnotationsNeedUpdate(rs, replicas, maxReplicas)) {
        rs = withReplicas(rs, newScale);
        setReplicasAnnotations(rs, replicas, maxReplicas);
    }
    return sizeNeedsUpdate;
}

// Keeps the latest revisionHistoryLimit old ReplicaSets: older ones that run nothing (size and status
// 0, their latest generation observed) are deleted, lowest revision first.
void DeploymentController::cleanupDeployment(Round &round, const ReplicaSetList &oldRSes)
{
    if (!hasRevisionHistoryLimit(round.d))
        return;
    ReplicaSetList cleanable;
    for (api::Object *rs : oldRSes)
        if (rs && rs->deletionTimestamp().isEmpty())
            cleanable << rs;
    const qsizetype diff = cleanable.size() - round.d.spec().value(QLatin1String("revisionHistoryLimit")).toInteger();
    if (diff <= 0)
        return;
    sortByRevision(cleanable);
    for (qsizetype i = 0; i < diff; ++i) {
        const api::Object *rs = cleanable[i];
        if (statusCount(*rs, QLatin1String("replicas")) != 0 || specReplicas(*rs) != 0 ||
            rs->generation() > rs->status().value(QLatin1String("observedGeneration")).toInteger())
            continue;
        for (const Draft &draft : round.drafts)
            if (&draft.object == rs && draft.cached && draft.object == *draft.cached) // not being changed
                round.deletions << draft.cached;
    }
}

void DeploymentController::syncDeploymentStatus(Round &round, const ReplicaSetList &allRSes, const api::Object *newRS)
{
    round.d = withStatus(round.d, calculateStatus(allRSes, newRS, round.d, round.nowMs));
}

// spec.replicas differs from the desired-replicas an active ReplicaSet was last sized for: the user
// scaled, and the round scales instead of rolling out.
bool DeploymentController::isScalingEvent(Round &round)
{
    const Revisions r = getAllReplicaSetsAndSyncRevision(round, false);
    for (const api::Object *rs : filterActive(r.all())) {
        const std::optional<int> desired = intAnnotation(*rs, DesiredReplicasAnnotation);
        if (desired && *desired != specReplicas(round.d))
            return true;
    }
    return false;
}

} // namespace tugboat::controllers
