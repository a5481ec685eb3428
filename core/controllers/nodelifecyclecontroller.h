// The node lifecycle controller, as Kubernetes' pkg/controller/nodelifecycle (1.33): it notices nodes
// that stopped reporting, marks them, and taints them so that the scheduler keeps new pods away and the
// taint eviction controller (taintevictioncontroller.h) moves their pods elsewhere.
//
// Health: a node is alive while its Lease in kube-node-lease is renewed, or (without a Lease) while its
// Ready condition's lastHeartbeatTime changes. As in Kubernetes, what counts is when the controller saw
// the renewal (its probe time, on the DelayScheduler's clock), not the time written in the object, so
// clock skew between nodes and the controller does not matter; a node the controller has just started
// watching gets a full grace period. Once nodeMonitorGracePeriod (tugboatd's
// --node-monitor-grace-period, 50 s) has passed without a renewal (nodeStartupGracePeriod, 60 s, for a
// node that never posted a Ready condition), its Ready, MemoryPressure, DiskPressure and PIDPressure
// conditions become Unknown (reason NodeStatusUnknown, "Kubelet stopped posting node status.") and
// the event NodeNotReady is recorded on it: "Node sim-2 status is now: NodeNotReady".
//
// Taints (nodehealth.h, desiredTaints): NoSchedule taints follow the conditions (Ready False/Unknown ->
// not-ready/unreachable, pressure conditions, spec.unschedulable); Ready False adds
// node.kubernetes.io/not-ready:NoExecute, Ready Unknown node.kubernetes.io/unreachable:NoExecute, with
// timeAdded. When the node is back (the renewal resumes and the node posts Ready True) they are removed.
// Pods on a node whose Ready condition is not True get their Ready condition set False (Kubernetes'
// MarkPodsNotReady, with a Warning NodeNotReady "Node is not ready" event on the pod), so Endpoints
// drop them.
//
// Left out from Kubernetes: per-zone disruption states and the rate limit on NoExecute tainting (a
// cluster that loses every node still taints them all), and the RegisteredNode/RemovingNode events.
//
// Keys are node names. A node is evaluated on its Node's, its Lease's and its pods' events, when its
// grace period runs out (a delayed key), and every nodeMonitorPeriod (5 s) for every node. sync(node)
// writes at most one thing: the status, else the taints, else the pods' readiness; the informer event
// of that write brings the next step.
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's and DelayScheduler's).
#pragma once

#include "controller.h"
#include "eventrecorder.h"
#include "podsbynode.h"

#include <QHash>

#include <chrono>

namespace tugboat::controllers {

struct NodeLifecycleControllerOptions {
    std::chrono::milliseconds nodeMonitorPeriod{5'000};
    std::chrono::milliseconds nodeMonitorGracePeriod{50'000};
    std::chrono::milliseconds nodeStartupGracePeriod{60'000};
};

class NodeLifecycleController : public Controller {
    Q_OBJECT
public:
    using Options = NodeLifecycleControllerOptions;

    inline static const QString kLeaseNamespace = QStringLiteral("kube-node-lease");

    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    NodeLifecycleController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                            Options options = {}, QObject *parent = nullptr);

    const Options &options() const { return m_options; }
    client::Informer &nodeInformer() { return *m_nodes; }
    client::Informer &leaseInformer() { return *m_leases; }
    client::Informer &podInformer() { return *m_pods; }

    // When the controller last saw the node renew its Lease or heartbeat (ms since epoch, by the
    // scheduler's clock); 0 for a node it has not evaluated.
    qint64 probeTimeMs(const QString &node) const { return m_health.value(node).probeMs; }

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct Health {
        qint64 probeMs = 0;
        bool hasReady = false;
        QString heartbeat;   // the Ready condition's lastHeartbeatTime last seen
        qint64 leaseMs = -1; // the Lease's renewTime last seen; -1: no Lease seen
        QString leaseRenew;  // as written, for renewTimes that do not parse
    };

    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    void monitorPass();
    void scheduleMonitorPass();
    Health &observe(const api::Object &node);
    bool markUnknown(const QString &key, const api::ObjectPtr &node);
    bool updateTaints(const QString &key, const api::Object &node);
    void markPodsNotReady(const QString &key, const api::Object &node);

    EventRecorder &m_recorder;
    Options m_options;
    QHash<QString, Health> m_health; // by node name
    PodsByNode m_podsByNode;
    client::Informer *m_nodes = nullptr;
    client::Informer *m_leases = nullptr;
    client::Informer *m_pods = nullptr;
};

} // namespace tugboat::controllers
