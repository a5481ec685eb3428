// The Deployment controller's pure helpers, as Kubernetes' pkg/controller/deployment/util: the
// arithmetic and bookkeeping behind a rollout, over JSON objects, so that each rule is tested alone.
//
//   pod-template-hash  computeHash(): FNV-32a over the pod template (+ collisionCount), rendered with
//                      safeEncodeString(). Kubernetes hashes its Go structs; we hash the template's
//                      compact JSON (keys sorted), so hashes are deterministic and survive restarts
//                      but are not byte-equal to Kubernetes'. FNV-32a is eight lines: no library needed.
//   templates          equalIgnoreHash(): templates equal but for the pod-template-hash label, with
//                      Kubernetes' semantic equality (null, {} and [] equal to absent).
//   revisions          revision(), maxRevision(), lastRevision(), setNewReplicaSetAnnotations() (which
//                      keeps deployment.kubernetes.io/revision-history when an old ReplicaSet comes back).
//   annotations        what is copied from a Deployment to its new ReplicaSet and back on rollback;
//                      desired-replicas / max-replicas.
//   fenceposts         scaledValue(), resolveFenceposts(), maxSurge(), maxUnavailable(): surge rounds
//                      up, unavailability down, and both zero make unavailability 1.
//   scaling            newReplicaSetReplicas() (the rolling-update step), getProportion() (scaling
//                      during a rollout), isSaturated(), findActiveOrLatest().
//   conditions, status calculateStatus() and the Progressing helpers kubectl's rollout status reads.
//
// ReplicaSet lists are lists of pointers, as Kubernetes' []*ReplicaSet: an entry may be null (a
// Deployment without a new ReplicaSet yet); counting and filtering skip null entries.
//
// Thread-safety: pure functions of their arguments; any thread.
#pragma once

#include "api/object.h"
#include "api/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tugboat::controllers::deploymentutil {

// Label and annotations, as Kubernetes names them.
inline constexpr QLatin1String PodTemplateHashLabel("pod-template-hash");
inline constexpr QLatin1String RevisionAnnotation("deployment.kubernetes.io/revision");
inline constexpr QLatin1String RevisionHistoryAnnotation("deployment.kubernetes.io/revision-history");
inline constexpr QLatin1String DesiredReplicasAnnotation("deployment.kubernetes.io/desired-replicas");
inline constexpr QLatin1String MaxReplicasAnnotation("deployment.kubernetes.io/max-replicas");
inline constexpr QLatin1String LastAppliedConfigAnnotation("kubectl.kubernetes.io/last-applied-configuration");
// extensions/v1beta1's spec.rollbackTo, as apps/v1 round-trips it.
inline constexpr QLatin1String DeprecatedRollbackToAnnotation("deprecated.deployment.rollback.to");

// Condition types and reasons.
inline constexpr QLatin1String AvailableCondition("Available");
inline constexpr QLatin1String ProgressingCondition("Progressing");
inline constexpr QLatin1String ReplicaFailureCondition("ReplicaFailure");
inline constexpr QLatin1String ReplicaSetUpdatedReason("ReplicaSetUpdated");
inline constexpr QLatin1String FailedRSCreateReason("ReplicaSetCreateError");
inline constexpr QLatin1String NewReplicaSetReason("NewReplicaSetCreated");
inline constexpr QLatin1String FoundNewRSReason("FoundNewReplicaSet");
inline constexpr QLatin1String NewRSAvailableReason("NewReplicaSetAvailable");
inline constexpr QLatin1String TimedOutReason("ProgressDeadlineExceeded");
inline constexpr QLatin1String PausedDeployReason("DeploymentPaused");
inline constexpr QLatin1String ResumedDeployReason("DeploymentResumed");
inline constexpr QLatin1String MinimumReplicasAvailable("MinimumReplicasAvailable");
inline constexpr QLatin1String MinimumReplicasUnavailable("MinimumReplicasUnavailable");
// Event reasons of rollbacks.
inline constexpr QLatin1String RollbackRevisionNotFound("DeploymentRollbackRevisionNotFound");
inline constexpr QLatin1String RollbackTemplateUnchanged("DeploymentRollbackTemplateUnchanged");
inline constexpr QLatin1String RollbackDone("DeploymentRollback");

// Kubernetes caps revision-history at this many characters (oldest revisions dropped first).
inline constexpr int MaxRevisionHistoryLengthInChars = 2000;

using ReplicaSetList = QList<api::Object *>;

// --- reading objects
// spec.replicas of a Deployment or ReplicaSet (1 when absent, as the API server defaults it).
int specReplicas(const api::Object &object);
// status.<field> as a count (0 when absent).
int statusCount(const api::Object &object, QLatin1String field);
QJsonObject podTemplate(const api::Object &object); // spec.template
bool isRollingUpdate(const api::Object &deployment);
bool isPaused(const api::Object &deployment);
// progressDeadlineSeconds set and not MaxInt32 (Kubernetes' "no deadline").
bool hasProgressDeadline(const api::Object &deployment);
bool hasRevisionHistoryLimit(const api::Object &deployment);
// When the object's controller ownerReference names `owner` (by uid).
bool isControlledBy(const api::Object &object, const QString &ownerUid);
std::optional<QJsonObject> controllerOf(const api::Object &object);

// --- building objects (copies with one change)
api::Object withReplicas(const api::Object &object, int replicas);
api::Object withSpecField(const api::Object &object, const QString &field, const QJsonValue &value);
api::Object withAnnotations(const api::Object &object, const api::StringMap &annotations);
api::Object withStatus(const api::Object &object, const QJsonObject &status);

// --- pod-template-hash
// Kubernetes' rand.SafeEncodeString: each byte mapped into "bcdfghjklmnpqrstvwxz2456789".
QString safeEncodeString(const QByteArray &bytes);
quint32 fnv32a(const QByteArray &bytes, quint32 hash = 2166136261u);
// controller.ComputeHash: the template's hash, with the collision count (4 bytes little-endian, then
// 4 zero bytes, as Kubernetes writes it) when there is one.
QString computeHash(const QJsonObject &podTemplate, std::optional<qint64> collisionCount);
// Whether two pod templates are equal but for the pod-template-hash label.
bool equalIgnoreHash(const QJsonObject &a, const QJsonObject &b);

// --- revisions
// The revision annotation: 0 when absent, nullopt when not a number.
std::optional<qint64> revision(const api::Object &object);
// The highest revision among `rses` (0 when none).
qint64 maxRevision(const ReplicaSetList &rses);
// The second highest: the one `rollout undo` goes back to.
qint64 lastRevision(const ReplicaSetList &rses);
// Sets the Deployment's revision annotation; whether it changed.
bool setDeploymentRevision(api::Object &deployment, const QString &revision);

// --- annotations
// Annotations a Deployment never passes to its ReplicaSets (and rollback never takes back).
bool skipCopyAnnotation(const QString &key);
// Copies the Deployment's annotations (except the skipped ones) to `rs`; whether any changed.
bool copyDeploymentAnnotationsToReplicaSet(const api::Object &deployment, api::Object &rs);
// Kubernetes' SetNewReplicaSetAnnotations: copied annotations, the revision raised to `newRevision`
// when lower (recording the old one in revision-history: a rollback), and, for a ReplicaSet about to
// be created (!exists), desired- and max-replicas. Whether anything changed.
bool setNewReplicaSetAnnotations(const api::Object &deployment, api::Object &rs, const QString &newRevision,
                                 bool exists, int revisionHistoryLimitInChars = MaxRevisionHistoryLengthInChars);
// Rollback: the Deployment's annotations become the ReplicaSet's, but for the skipped ones, which stay.
api::StringMap deploymentAnnotationsForRollback(const api::Object &deployment, const api::Object &rollbackTo);
std::optional<int> intAnnotation(const api::Object &object, QLatin1String key);
bool setReplicasAnnotations(api::Object &rs, int desiredReplicas, int maxReplicas);
bool replicasAnnotationsNeedUpdate(const api::Object &rs, int desiredReplicas, int maxReplicas);

// --- fenceposts
struct Fenceposts {
    int maxSurge = 0;
    int maxUnavailable = 0;
};
// intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up or down. Absent
// counts as 0. Invalid (a string without %, a non-integer percentage): Invalid error.
api::Result<int> scaledValue(const QJsonValue &intOrPercent, int total, bool roundUp);
api::Result<Fenceposts> resolveFenceposts(const QJsonValue &maxSurge, const QJsonValue &maxUnavailable, int desired);
// The Deployment's resolved surge (0 unless RollingUpdate).
int maxSurge(const api::Object &deployment);
// The Deployment's resolved unavailability, at most spec.replicas (0 unless RollingUpdate).
int maxUnavailable(const api::Object &deployment);

// --- counting and choosing ReplicaSets
ReplicaSetList filterActive(const ReplicaSetList &rses); // spec.replicas > 0
int replicaCount(const ReplicaSetList &rses);            // sum of spec.replicas
int actualReplicaCount(const ReplicaSetList &rses);      // sum of status.replicas
int readyReplicaCount(const ReplicaSetList &rses);
int availableReplicaCount(const ReplicaSetList &rses);
// Kubernetes' orders: oldest first (ties by name); larger first, ties older or newer first; lowest
// revision first (ties, or unparsable revisions, by age).
void sortByCreationTimestamp(ReplicaSetList &rses);
void sortBySizeOlder(ReplicaSetList &rses);
void sortBySizeNewer(ReplicaSetList &rses);
void sortByRevision(ReplicaSetList &rses);
// The oldest ReplicaSet whose template equals the Deployment's (ignoring the hash); null when none.
api::Object *findNewReplicaSet(const api::Object &deployment, const ReplicaSetList &rses);
// Every ReplicaSet but the new one.
ReplicaSetList findOldReplicaSets(const api::Object &deployment, const ReplicaSetList &rses);
// The only active ReplicaSet, or the newest when none is active; null when several are active.
api::Object *findActiveOrLatest(api::Object *newRS, ReplicaSetList oldRSes);
// Whether the new ReplicaSet has the whole Deployment: its size, its desired-replicas annotation and
// its available pods all equal spec.replicas.
bool isSaturated(const api::Object &deployment, const api::Object *rs);
// What the new ReplicaSet may grow to now: RollingUpdate within maxSurge, Recreate all at once.
api::Result<int> newReplicaSetReplicas(const api::Object &deployment, const ReplicaSetList &allRSes,
                                       const api::Object &newRS);
// The share of `toAdd` (negative: to remove) the ReplicaSet gets in a proportional scale, given
// `added` already handed out.
int getProportion(const api::Object *rs, const api::Object &deployment, int toAdd, int added);

// --- conditions and status
QJsonObject newCondition(const QString &type, const QString &status, const QString &reason, const QString &message,
                         qint64 nowMs);
// The condition of `type` in a status; empty when absent.
QJsonObject condition(const QJsonObject &status, const QString &type);
// Kubernetes' SetDeploymentCondition: no change when status and reason are the same; the transition
// time kept when only the reason changes; otherwise the condition replaced (moved last).
void setCondition(QJsonObject &status, QJsonObject condition);
void removeCondition(QJsonObject &status, const QString &type);
QJsonObject replicaSetToDeploymentCondition(const QJsonObject &rsCondition);
// A condition timestamp (RFC 3339) in ms since the epoch; 0 when unparsable.
qint64 timestampMs(const QJsonValue &value);

// The Deployment's status from its ReplicaSets: counts, observedGeneration, collisionCount, the
// conditions it had and Available set from maxUnavailable.
QJsonObject calculateStatus(const ReplicaSetList &allRSes, const api::Object *newRS, const api::Object &deployment,
                            qint64 nowMs);
// Every replica updated, there and available, and the generation observed: kubectl's "successfully
// rolled out".
bool deploymentComplete(const api::Object &deployment, const QJsonObject &newStatus);
// More updated, ready or available replicas than the Deployment's status says, or fewer old ones.
bool deploymentProgressing(const api::Object &deployment, const QJsonObject &newStatus);
// No progress for progressDeadlineSeconds since the Progressing condition last changed.
bool deploymentTimedOut(const api::Object &deployment, const QJsonObject &newStatus, qint64 nowMs);

} // namespace tugboat::controllers::deploymentutil
