// The ReplicaSet controller, as Kubernetes' pkg/controller/replicaset: keeps spec.replicas active pods
// matching each ReplicaSet's selector.
//
// sync(key): claims the namespace's pods (adopts orphans that match the selector by patching their
// ownerReferences, releases owned pods whose labels stopped matching), then, once its expectations are
// satisfied, creates pods from spec.template (generateName "<rs>-", a controller ownerReference) or
// deletes the best victims, and writes status through the status subresource when it changed.
//
// Creates go out in slow-start batches (1, 2, 4, ... capped by burstReplicas), each batch once the
// previous one has all answered, so a create that fails stops the burst after one request instead of
// hundreds; the creates never attempted are taken off the expectations. Deletes go out together.
//
// Expectations: a create raises "add", the pod informer's added event lowers it; a delete raises "del",
// the pod's deletion (or its deletionTimestamp appearing) lowers it, once per pod (the pods a key waits
// to see deleted are tracked by name, as client-go's UIDTrackingControllerExpectations does).
//
// Availability: a ready pod is available once its Ready condition has held minReadySeconds by the
// scheduler's clock; the key is re-queued for when the next pod becomes available.
//
// Status: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration, and the
// ReplicaFailure condition (reason FailedCreate or FailedDelete, the server's message) while writes fail.
//
// Events (on the ReplicaSet): SuccessfulCreate "Created pod: web-abcde", SuccessfulDelete "Deleted pod:
// web-abcde", FailedCreate "Error creating: <server message>", FailedDelete "Error deleting: <message>".
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's).
#pragma once

#include "controller.h"
#include "eventrecorder.h"
#include "expectations.h"

#include "api/labelselector.h"

#include <QSet>

namespace tugboat::controllers {

struct ReplicaSetControllerOptions {
    QString namespaceName; // empty: every namespace
    int burstReplicas = 500;
};

class ReplicaSetController : public Controller {
public:
    // Creates one pod; `done` receives the stored pod or the error (Kubernetes' PodControlInterface,
    // reduced to what tests replace). The default posts it with the controller's ApiClient.
    using PodCreator = std::function<void(const api::Object &pod, client::Callback<api::ObjectPtr> done)>;

    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    ReplicaSetController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                         ReplicaSetControllerOptions options = {}, QObject *parent = nullptr);

    void setPodCreator(PodCreator creator) { m_createPod = std::move(creator); }

    const ControllerExpectations &expectations() const { return m_expectations; }
    client::Informer &replicaSetInformer() { return *m_replicaSets; }
    client::Informer &podInformer() { return *m_pods; }

    // The pod a ReplicaSet creates from its template (no name yet: generateName "<rs>-").
    static api::Object podFromTemplate(const api::Object &replicaSet);
    // The controller ownerReference pointing at `replicaSet`.
    static QJsonObject controllerRef(const api::Object &replicaSet);
    // Kubernetes' ActivePods ranking, reduced: whether `a` is a better victim to delete than `b`
    // (unassigned before assigned, Pending before Unknown before Running, not ready before ready, then
    // the newer).
    static bool betterVictim(const api::Object &a, const api::Object &b);
    // Whether the pod counts: not Succeeded or Failed, not being deleted.
    static bool isActive(const api::Object &pod);
    static bool isReady(const api::Object &pod);

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct Claimed {
        QList<api::ObjectPtr> pods; // owned (or being adopted) and matching
        int adoptions = 0;
        int releases = 0;
    };
    struct CreateBurst; // slow-start state shared by one sync's creates

    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QString ownerKey(const api::Object &pod) const;
    QStringList matchingReplicaSets(const api::Object &pod) const;
    void observeDeletion(const QString &rsKey, const api::Object &pod);

    Claimed claimPods(const QString &key, const api::Object &rs, const api::LabelSelector &selector);
    void adopt(const QString &key, const api::Object &rs, const api::Object &pod);
    void release(const QString &key, const api::Object &rs, const api::Object &pod);
    void manageReplicas(const QString &key, const api::ObjectPtr &rs, const QList<api::ObjectPtr> &active);
    void createBatch(const QString &key, const api::ObjectPtr &rs, std::shared_ptr<CreateBurst> burst);
    void deletePods(const QString &key, const api::ObjectPtr &rs, QList<api::ObjectPtr> victims);
    void updateStatus(const QString &key, const api::Object &rs, const QList<api::ObjectPtr> &active);

    EventRecorder &m_recorder;
    ReplicaSetControllerOptions m_options;
    ControllerExpectations m_expectations;
    QHash<QString, QSet<QString>> m_deleting; // rs key -> pod keys whose deletion it waits to see
    // rs key -> (reason, message) of its last failed create or delete, until one succeeds: the
    // ReplicaFailure condition.
    QHash<QString, std::pair<QString, QString>> m_failures;
    PodCreator m_createPod;
    client::Informer *m_replicaSets = nullptr;
    client::Informer *m_pods = nullptr;
};

} // namespace tugboat::controllers
