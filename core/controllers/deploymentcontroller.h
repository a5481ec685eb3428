// The Deployment controller, as Kubernetes' pkg/controller/deployment: rolls each Deployment's pod
// template out through ReplicaSets it owns, one ReplicaSet per template revision.
//
// sync(key) claims the namespace's ReplicaSets (adopts orphans its selector matches, releases owned
// ones that stopped matching; a round that does either does only that, the ReplicaSets' update events
// bring the next), then, as Kubernetes' syncDeployment:
//   being deleted   only the status is synced (the garbage collector removes the ReplicaSets);
//   paused          scaling only (no rollout), Progressing Unknown "DeploymentPaused"; resuming sets
//                   "DeploymentResumed", which restarts the progress deadline;
//   rollback        the deprecated.deployment.rollback.to annotation (extensions/v1beta1's rollbackTo):
//                   the template of that revision is copied back (deploymentrollback.cpp);
//   scaling event   spec.replicas differs from the active ReplicaSets' desired-replicas: proportional
//                   scaling (deploymentsync.cpp);
//   RollingUpdate   deploymentrolling.cpp; Recreate: deploymentrecreate.cpp;
// and writes the status with the Progressing condition and the progress deadline (deploymentprogress.cpp).
// kubectl's client-side `rollout undo` only patches the template back: the controller then finds the
// old ReplicaSet with an equal template and makes it the new one (revision bumped, revision-history kept).
//
// Rounds: Kubernetes' functions change their Go objects in place and write each change as they go. A
// round here plans on copies of the Deployment and its ReplicaSets (Round, Draft) with the same
// functions, then commit() writes each changed object once: ReplicaSet updates (spec.replicas,
// annotations), deletions (revisionHistoryLimit), the new ReplicaSet's create, and the Deployment last
// (metadata and spec by update, then status through the status subresource, each only when changed).
// A round that creates the new ReplicaSet does nothing else to ReplicaSets: the create's answer, then
// the informer's added event, bring the next round. Conflicts are retried with back-off.
//
// New ReplicaSets are named "<deployment>-<hash>" (deploymentutil::computeHash of the template and
// status.collisionCount); the hash is added to their selector, labels and template labels as
// pod-template-hash. A name taken by a ReplicaSet that is not this Deployment's with this template is a
// hash collision: status.collisionCount goes up by one and the next round tries the next name.
// Expectations: a create raises one, the ReplicaSet informer's added event lowers it; until then the
// key is not reconciled, so nothing is created twice while the cache is behind.
//
// Events (on the Deployment): ScalingReplicaSet "Scaled up replica set web-6d8f9c7b4 from 0 to 3" /
// "Scaled down replica set ... from 3 to 2", ReplicaSetCreateError, DeploymentRollback,
// DeploymentRollbackRevisionNotFound, DeploymentRollbackTemplateUnchanged, SelectingAll.
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's).
#pragma once

#include "controller.h"
#include "deploymentutil.h"
#include "eventrecorder.h"
#include "expectations.h"

#include "api/labelselector.h"

#include <deque>

namespace tugboat::controllers {

struct DeploymentControllerOptions {
    QString namespaceName; // empty: every namespace
};

class DeploymentController : public Controller {
public:
    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    DeploymentController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                         DeploymentControllerOptions options = {}, QObject *parent = nullptr);

    const ControllerExpectations &expectations() const { return m_expectations; }
    client::Informer &deploymentInformer() { return *m_deployments; }
    client::Informer &replicaSetInformer() { return *m_replicaSets; }
    client::Informer &podInformer() { return *m_pods; }

    // The controller ownerReference pointing at `deployment`.
    static QJsonObject controllerRef(const api::Object &deployment);
    // The ReplicaSet a Deployment's current template gets: named "<name>-<hash>", the hash label on
    // its selector, labels and template, `replicas` and the Deployment's minReadySeconds, owned by it.
    // Annotations are left to deploymentutil::setNewReplicaSetAnnotations.
    static api::Object newReplicaSet(const api::Object &deployment, int replicas);

protected:
    api::Result<void> sync(const QString &key) override;

private:
    // A ReplicaSet in a round: as the cache holds it, and with the round's changes.
    struct Draft {
        api::ObjectPtr cached; // null: the round creates it
        api::Object object;
    };
    // One reconcile of one Deployment.
    struct Round {
        QString key;
        api::ObjectPtr cached; // the Deployment as cached
        api::Object d;         // with the round's changes (annotations, status; a rollback's template)
        qint64 nowMs = 0;
        std::deque<Draft> drafts;                                  // stable addresses for rsList
        deploymentutil::ReplicaSetList rsList;                     // owned ReplicaSets
        QHash<QString, QList<api::ObjectPtr>> podsByReplicaSetUid; // their pods, whatever the phase
        api::Object *created = nullptr;                            // the new ReplicaSet, when the round creates it
        QJsonObject statusBeforeCreate;                            // d's status before that (for a failed create)
        QList<api::ObjectPtr> deletions;                           // old ReplicaSets beyond revisionHistoryLimit
        QString rolledBack;              // DeploymentRollback's message, recorded once the Deployment is stored
        std::optional<api::Error> error; // what stopped the plan (values validation keeps out): nothing is written
    };
    struct Revisions {
        api::Object *newRS = nullptr;
        deploymentutil::ReplicaSetList oldRSes;
        deploymentutil::ReplicaSetList all() const { return oldRSes + deploymentutil::ReplicaSetList{newRS}; }
    };

    // informer events (deploymentcontroller.cpp)
    QStringList replicaSetKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QString resolveControllerRef(const QString &ns, const std::optional<QJsonObject> &ref) const;
    QStringList matchingDeployments(const api::Object &rs) const;
    // claiming and writing (deploymentcontroller.cpp)
    bool claimReplicaSets(Round &round, const api::LabelSelector &selector);
    void patchOwnerReferences(const QString &key, const api::Object &rs, const QJsonArray &refs);
    void collectPods(Round &round, const api::LabelSelector &selector);
    void commit(Round &round);
    void updateReplicaSet(const QString &key, const api::Object &deployment, const api::ObjectPtr &cached,
                          const api::Object &rs);
    void createReplicaSet(const Round &round);
    void deleteReplicaSet(const QString &key, const api::ObjectPtr &rs);
    void writeDeployment(const QString &key, const api::ObjectPtr &cached, const api::Object &deployment,
                         const QString &rolledBack = {});
    void writeDeploymentStatus(const QString &key, const api::Object &base, const QJsonObject &status);

    // deploymentsync.cpp
    void syncStatusOnly(Round &round);
    api::Result<void> syncScaling(Round &round);
    void checkPausedConditions(Round &round);
    Revisions getAllReplicaSetsAndSyncRevision(Round &round, bool createIfNotExisted);
    api::Object *getNewReplicaSet(Round &round, const deploymentutil::ReplicaSetList &oldRSes, bool createIfNotExisted);
    api::Result<void> scale(Round &round, api::Object *newRS, const deploymentutil::ReplicaSetList &oldRSes);
    bool scaleReplicaSet(Round &round, api::Object &rs, int newScale);
    bool resizeReplicaSet(Round &round, api::Object &rs, int newScale);
    void cleanupDeployment(Round &round, const deploymentutil::ReplicaSetList &oldRSes);
    void syncDeploymentStatus(Round &round, const deploymentutil::ReplicaSetList &allRSes, const api::Object *newRS);
    bool isScalingEvent(Round &round);

    // deploymentrolling.cpp
    api::Result<void> rolloutRolling(Round &round);
    api::Result<bool> reconcileNewReplicaSet(Round &round, const deploymentutil::ReplicaSetList &allRSes,
                                             api::Object &newRS);
    bool reconcileOldReplicaSets(Round &round, const deploymentutil::ReplicaSetList &allRSes,
                                 deploymentutil::ReplicaSetList oldRSes, api::Object &newRS);
    std::optional<int> cleanupUnhealthyReplicas(Round &round, deploymentutil::ReplicaSetList &oldRSes,
                                                int maxCleanupCount);
    int scaleDownOldReplicaSetsForRollingUpdate(Round &round, const deploymentutil::ReplicaSetList &allRSes,
                                                deploymentutil::ReplicaSetList oldRSes);

    // deploymentrecreate.cpp
    void rolloutRecreate(Round &round);
    bool oldPodsRunning(const Round &round, const api::Object *newRS,
                        const deploymentutil::ReplicaSetList &oldRSes) const;

    // deploymentrollback.cpp
    void rollback(Round &round);
    bool rollbackToTemplate(Round &round, const api::Object &rs);
    static std::optional<qint64> rollbackTo(const api::Object &deployment);
    static void clearRollbackTo(api::Object &deployment);

    // deploymentprogress.cpp
    void syncRolloutStatus(Round &round, const deploymentutil::ReplicaSetList &allRSes, const api::Object *newRS);
    static QJsonObject replicaFailure(const deploymentutil::ReplicaSetList &allRSes, const api::Object *newRS);
    void requeueStuckDeployment(const Round &round, const QJsonObject &newStatus);

    EventRecorder &m_recorder;
    DeploymentControllerOptions m_options;
    ControllerExpectations m_expectations;
    client::Informer *m_deployments = nullptr;
    client::Informer *m_replicaSets = nullptr;
    client::Informer *m_pods = nullptr;
};

} // namespace tugboat::controllers
