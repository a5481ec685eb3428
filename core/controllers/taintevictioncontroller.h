// The taint eviction controller, as Kubernetes' pkg/controller/tainteviction (1.33): pods bound to a
// node with NoExecute taints they do not tolerate are deleted.
//
//  - A pod that does not tolerate one of its node's NoExecute taints is deleted at once.
//  - A pod whose tolerations of them all carry tolerationSeconds is deleted once the shortest of them
//    has passed since its taint's timeAdded (or, for a taint without one, since the controller first
//    saw it). Until then its key waits in the queue for that moment (addAfter), never a sleep.
//  - A pod that tolerates them without tolerationSeconds stays for ever.
// (Kubernetes starts a pod's clock when its controller notices the taint; counting from timeAdded
// gives the same answer and survives a controller restart.)
//
// When the taints go (the node is back) before that moment, the pending eviction is cancelled:
// the key still comes due, finds no taint and does nothing. An eviction records the event
// TaintManagerEviction "Marking for deletion Pod default/web-xyz" on the pod, sets its DisruptionTarget
// condition (reason DeletionByTaintManager), then DELETEs it through the API with its uid as
// precondition; a cancelled one records "Cancelling deletion of Pod default/web-xyz". A pod already
// being deleted is left to its node.
//
// Keys are pods ("namespace/name"): a pod's event queues it when it is bound, rebound or its
// tolerations change; a node's event queues its pods when its NoExecute taints change. The pod
// informer watches bound pods only and keeps of each what eviction reads (identity, node, tolerations,
// deletionTimestamp, the DisruptionTarget condition), so that it stays small with many pods.
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's and DelayScheduler's).
#pragma once

#include "controller.h"
#include "eventrecorder.h"
#include "podsbynode.h"

#include "api/taint.h"

#include <QHash>

#include <optional>

namespace tugboat::controllers {

class TaintEvictionController : public Controller {
    Q_OBJECT
public:
    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    TaintEvictionController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                            QObject *parent = nullptr);

    client::Informer &nodeInformer() { return *m_nodes; }
    client::Informer &podInformer() { return *m_pods; }

    // When a pod with `tolerations` on a node with `taints` (NoExecute ones count) must go, in ms since
    // the epoch: `nowMs` when it does not tolerate one of them, nullopt when it may stay for ever.
    // `startMs` gives a taint's start: its timeAdded, else when it was first seen.
    static std::optional<qint64> evictionTimeMs(const QList<api::Taint> &taints,
                                                const QList<api::Toleration> &tolerations, qint64 nowMs,
                                                const std::function<qint64(const api::Taint &)> &startMs);
    // Pods whose eviction is scheduled, and when (ms since epoch).
    QHash<QString, qint64> scheduledEvictions() const { return m_scheduled; }

protected:
    api::Result<void> sync(const QString &key) override;

private:
    QStringList nodeKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    qint64 taintStartMs(const QString &node, const api::Taint &taint) const;
    void cancel(const QString &key, const QString &ns, const QString &name);
    void evict(const QString &key, const api::ObjectPtr &pod);

    EventRecorder &m_recorder;
    PodsByNode m_podsByNode;
    // node -> taint ("key:effect") -> when first seen (ms), for NoExecute taints without timeAdded.
    QHash<QString, QHash<QString, qint64>> m_firstSeen;
    QHash<QString, qint64> m_scheduled; // pod key -> when it is to be evicted
    QHash<QString, QString> m_evicted;  // pod key -> uid of the pod deleted, until it leaves the cache
    client::Informer *m_nodes = nullptr;
    client::Informer *m_pods = nullptr;
};

} // namespace tugboat::controllers
