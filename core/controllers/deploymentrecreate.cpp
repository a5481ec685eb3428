// Kubernetes' recreate.go: every old ReplicaSet goes to 0 first; only once none of their pods runs any
// more (deleted, or Succeeded or Failed; a pod that is terminating still runs) is the new ReplicaSet
// created, at full size. Old and new pods never run together.
#include "deploymentcontroller.h"

namespace tugboat::controllers {

using namespace deploymentutil;

void DeploymentController::rolloutRecreate(Round &round)
{
    // Not created yet: the new ReplicaSet must not exist before the old pods are gone.
    Revisions r = getAllReplicaSetsAndSyncRevision(round, false);
    bool scaledDown = false;
    for (api::Object *old : filterActive(r.oldRSes))
        scaledDown = scaleReplicaSet(round, *old, 0) || scaledDown;
    if (scaledDown || oldPodsRunning(round, r.newRS, r.oldRSes)) {
        syncRolloutStatus(round, r.all(), r.newRS);
        return;
    }
    if (!r.newRS) {
        r = getAllReplicaSetsAndSyncRevision(round, true);
        if (!r.newRS)
            return; // round.error says why
    }
    scaleReplicaSet(round, *r.newRS, specReplicas(round.d));
    if (deploymentComplete(round.d, round.d.status()))
        cleanupDeployment(round, r.oldRSes);
    syncRolloutStatus(round, r.all(), r.newRS);
}

// Whether an old ReplicaSet still counts pods, or any pod of one is not finished (Unknown counts: the
// pod may still run on a node that cannot be reached).
bool DeploymentController::oldPodsRunning(const Round &round, const api::Object *newRS,
                                          const ReplicaSetList &oldRSes) const
{
    if (actualReplicaCount(oldRSes) > 0)
        return true;
    for (auto it = round.podsByReplicaSetUid.begin(); it != round.podsByReplicaSetUid.end(); ++it) {
        if (newRS && newRS->uid() == it.key())
            continue;
        for (const api::ObjectPtr &pod : it.value()) {
            const QString phase = pod->status().value(QLatin1String("phase")).toString();
            if (phase != QLatin1String("Failed") && phase != QLatin1String("Succeeded"))
                return true;
        }
    }
    return false;
}

} // namespace tugboat::controllers
