// Kubernetes' rolling.go: a RollingUpdate step. The new ReplicaSet grows while the total stays within
// spec.replicas + maxSurge; old ReplicaSets shrink while the available pods stay at least
// spec.replicas - maxUnavailable (unhealthy old pods first, since removing them costs no
// availability). A step does one or the other; the ReplicaSets' status changes bring the next step.
// A template change mid-rollout (rollover) makes another new ReplicaSet, and every older one, the
// previous "new" one included, is an old one to scale down.
#include "deploymentcontroller.h"

#include "controllerlog.h"

namespace tugboat::controllers {

using namespace deploymentutil;

api::Result<void> DeploymentController::rolloutRolling(Round &round)
{
    const Revisions r = getAllReplicaSetsAndSyncRevision(round, true);
    if (!r.newRS)
        return {}; // round.error says why
    const ReplicaSetList all = r.all();
    if (round.created) {
        // The create's answer and the ReplicaSet's added event bring the next step.
        syncRolloutStatus(round, all, r.newRS);
        return {};
    }
    const api::Result<bool> scaledUp = reconcileNewReplicaSet(round, all, *r.newRS);
    if (!scaledUp)
        return scaledUp.error();
    if (scaledUp.value() || reconcileOldReplicaSets(round, all, filterActive(r.oldRSes), *r.newRS)) {
        syncRolloutStatus(round, all, r.newRS);
        return {};
    }
    if (deploymentComplete(round.d, round.d.status()))
        cleanupDeployment(round, r.oldRSes);
    syncRolloutStatus(round, all, r.newRS);
    return {};
}

api::Result<bool> DeploymentController::reconcileNewReplicaSet(Round &round, const ReplicaSetList &allRSes,
                                                               api::Object &newRS)
{
    const int replicas = specReplicas(round.d);
    if (specReplicas(newRS) == replicas)
        return false;
    if (specReplicas(newRS) > replicas)
        return scaleReplicaSet(round, newRS, replicas);
    const api::Result<int> newReplicas = newReplicaSetReplicas(round.d, allRSes, newRS);
    if (!newReplicas)
        return newReplicas.error();
    return scaleReplicaSet(round, newRS, newReplicas.value());
}

// How far old ReplicaSets may shrink: every pod there is, minus those that must stay available, minus
// the new ReplicaSet's pods that are not available yet (they may never be: shrinking old ones for them
// would lose availability). Kubernetes' example, 10 replicas, maxUnavailable 2, maxSurge 3, the new
// pods crash-looping: old 8 + new 5 = 13 pods, 8 must stay available, 5 new unavailable: 13 - 8 - 5 =
// 0, nothing more goes. Rolled back to the old template, the "new" ReplicaSet is the old one with 1
// unavailable: 13 - 8 - 1 = 4 crash-looping pods go.
bool DeploymentController::reconcileOldReplicaSets(Round &round, const ReplicaSetList &allRSes, ReplicaSetList oldRSes,
                                                   api::Object &newRS)
{
    if (replicaCount(oldRSes) == 0)
        return false; // nothing left to scale down
    const int minAvailable = specReplicas(round.d) - maxUnavailable(round.d);
    const int newRSUnavailable = specReplicas(newRS) - statusCount(newRS, QLatin1String("availableReplicas"));
    const int maxScaledDown = replicaCount(allRSes) - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0)
        return false;
    // Unhealthy replicas first: they would otherwise block the rollout until it times out (Kubernetes
    // issue 16737).
    const std::optional<int> cleaned = cleanupUnhealthyReplicas(round, oldRSes, maxScaledDown);
    if (!cleaned)
        return false;
    const int scaledDown = scaleDownOldReplicaSetsForRollingUpdate(round, oldRSes + ReplicaSetList{&newRS}, oldRSes);
    return *cleaned + scaledDown > 0;
}

// Scales old ReplicaSets down by their unavailable pods (the ReplicaSet controller deletes not-ready,
// unscheduled and pending pods first), oldest first, at most `maxCleanupCount` in all. Nullopt when a
// ReplicaSet reports more available pods than its size (a stale status): nothing is scaled this round.
std::optional<int> DeploymentController::cleanupUnhealthyReplicas(Round &round, ReplicaSetList &oldRSes,
                                                                  int maxCleanupCount)
{
    sortByCreationTimestamp(oldRSes);
    int total = 0;
    for (api::Object *rs : oldRSes) {
        if (total >= maxCleanupCount)
            break;
        const int replicas = specReplicas(*rs);
        const int available = statusCount(*rs, QLatin1String("availableReplicas"));
        if (replicas == 0 || replicas == available)
            continue; // nothing to scale down, or no unhealthy replicas
        const int count = std::min(maxCleanupCount - total, replicas - available);
        if (count < 0) {
            qCInfo(lcControllers).noquote() << "invalid request to scale down unhealthy replicas"
                                            << QStringLiteral("key=%1 replicaSet=%2 from=%3 to=%4")
                                                   .arg(round.key, rs->name())
                                                   .arg(replicas)
                                                   .arg(replicas - count);
            return std::nullopt;
        }
        scaleReplicaSet(round, *rs, replicas - count);
        total += count;
    }
    return total;
}

// Scales old ReplicaSets down, oldest first, by as many pods as are available beyond
// spec.replicas - maxUnavailable.
int DeploymentController::scaleDownOldReplicaSetsForRollingUpdate(Round &round, const ReplicaSetList &allRSes,
                                                                  ReplicaSetList oldRSes)
{
    const int minAvailable = specReplicas(round.d) - maxUnavailable(round.d);
    const int available = availableReplicaCount(allRSes);
    if (available <= minAvailable)
        return 0;
    sortByCreationTimestamp(oldRSes);
    const int target = available - minAvailable;
    int total = 0;
    for (api::Object *rs : oldRSes) {
        if (total >= target)
            break;
        const int replicas = specReplicas(*rs);
        if (replicas == 0)
            continue;
        const int count = std::min(replicas, target - total);
        scaleReplicaSet(round, *rs, replicas - count);
        total += count;
    }
    return total;
}

} // namespace tugboat::controllers
