// Kubernetes' progress.go: the Progressing condition during a rollout and the progress deadline.
//
//   complete        ReplicaSet "x" has successfully progressed.   (True, NewReplicaSetAvailable)
//   progress seen   ReplicaSet "x" is progressing.                (True, ReplicaSetUpdated; lastUpdateTime
//                                                                   moves, so the deadline restarts)
//   no progress for progressDeadlineSeconds since lastUpdateTime:
//                   ReplicaSet "x" has timed out progressing.     (False, ProgressDeadlineExceeded)
// kubectl's `rollout status` fails on the last. A ReplicaFailure condition of the new (else any)
// ReplicaSet is carried over. A Deployment that makes no progress is re-queued for when its deadline
// falls (by the DelayScheduler's clock), not polled.
#include "deploymentcontroller.h"

namespace tugboat::controllers {

using namespace deploymentutil;

void DeploymentController::syncRolloutStatus(Round &round, const ReplicaSetList &allRSes, const api::Object *newRS)
{
    const api::Object &d = round.d;
    QJsonObject newStatus = calculateStatus(allRSes, newRS, d, round.nowMs);
    if (!hasProgressDeadline(d))
        removeCondition(newStatus, ProgressingCondition);

    // One ReplicaSet and nothing new: a resync of a finished rollout, nothing to estimate.
    const QJsonObject current = condition(d.status(), ProgressingCondition);
    const bool isCompleteDeployment = newStatus.value(QLatin1String("replicas")).toInt() ==
                                          newStatus.value(QLatin1String("updatedReplicas")).toInt() &&
                                      current.value(QLatin1String("reason")).toString() == NewRSAvailableReason;
    if (hasProgressDeadline(d) && !isCompleteDeployment) {
        const QString subject = newRS ? QStringLiteral("ReplicaSet \"%1\"").arg(newRS->name())
                                      : QStringLiteral("Deployment \"%1\"").arg(d.name());
        if (deploymentComplete(d, newStatus)) {
            setCondition(newStatus,
                         newCondition(ProgressingCondition, QStringLiteral("True"), NewRSAvailableReason,
                                      subject + QStringLiteral(" has successfully progressed."), round.nowMs));
        } else if (deploymentProgressing(d, newStatus)) {
            // Unlike setCondition, progress with the same reason still moves lastUpdateTime.
            QJsonObject progressing =
                newCondition(ProgressingCondition, QStringLiteral("True"), ReplicaSetUpdatedReason,
                             subject + QStringLiteral(" is progressing."), round.nowMs);
            if (!current.isEmpty()) {
                if (current.value(QLatin1String("status")).toString() == QLatin1String("True"))
                    progressing.insert(QStringLiteral("lastTransitionTime"),
                                       current.value(QLatin1String("lastTransitionTime")));
                removeCondition(newStatus, ProgressingCondition);
            }
            setCondition(newStatus, progressing);
        } else if (deploymentTimedOut(d, newStatus, round.nowMs)) {
            setCondition(newStatus, newCondition(ProgressingCondition, QStringLiteral("False"), TimedOutReason,
                                                 subject + QStringLiteral(" has timed out progressing."), round.nowMs));
        }
    }

    const QJsonObject failure = replicaFailure(allRSes, newRS);
    if (!failure.isEmpty())
        setCondition(newStatus, failure);
    else
        removeCondition(newStatus, ReplicaFailureCondition);

    if (newStatus == d.status()) {
        requeueStuckDeployment(round, newStatus);
        return;
    }
    round.d = withStatus(round.d, newStatus);
}

// The ReplicaFailure condition of the new ReplicaSet, else of the first old one that has one.
QJsonObject DeploymentController::replicaFailure(const ReplicaSetList &allRSes, const api::Object *newRS)
{
    const auto failureOf = [](const api::Object *rs) {
        return rs ? condition(rs->status(), ReplicaFailureCondition) : QJsonObject();
    };
    if (const QJsonObject c = failureOf(newRS); !c.isEmpty())
        return replicaSetToDeploymentCondition(c);
    for (const api::Object *rs : allRSes)
        if (const QJsonObject c = failureOf(rs); !c.isEmpty())
            return replicaSetToDeploymentCondition(c);
    return {};
}

// Kubernetes' requeueStuckDeployment: a rollout with a deadline that shows no progress is checked again
// when the deadline falls. E.g. Progressing last updated at 00:00:00, a 600 s deadline, now 00:03:00:
// 00:00:00 + 10:00 - 03:00 = 07:00 from now (plus a second, so that the check falls after it). Less
// than a second left: now, rate-limited.
void DeploymentController::requeueStuckDeployment(const Round &round, const QJsonObject &newStatus)
{
    const QJsonObject current = condition(round.d.status(), ProgressingCondition);
    if (!hasProgressDeadline(round.d) || current.isEmpty())
        return;
    if (deploymentComplete(round.d, newStatus) || current.value(QLatin1String("reason")).toString() == TimedOutReason)
        return;
    const qint64 deadlineMs = round.d.spec().value(QLatin1String("progressDeadlineSeconds")).toInteger() * 1000;
    const qint64 after = timestampMs(current.value(QLatin1String("lastUpdateTime"))) + deadlineMs - round.nowMs;
    if (after < 1000)
        queue().addRateLimited(round.key);
    else
        queue().addAfter(round.key, std::chrono::milliseconds(after + 1000));
}

} // namespace tugboat::controllers
