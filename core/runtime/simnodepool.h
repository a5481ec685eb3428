// Simulated nodes, like kwok: N Nodes (sim-1 .. sim-N, or the names given) that register, keep their
// Leases renewed and take the pods bound to them through their phases on a timer, without running
// anything. For learning and for scale tests with a thousand nodes (`tugboatd server --sim-nodes N`,
// DESIGN.md §4 `sim`).
//
// One pool serves every simulated node: one pod informer over all pods (filtered by node name here,
// not one watch per node), one Node informer (reduced to names, the power annotation and condition
// statuses, so a thousand nodes stay cheap), one work queue, one timer source. It is a Controller, so
// the controller manager runs it like the others. Per node it:
//  - registers the Node (simobjects.h: capacity, conditions Ready, addresses, podCIDR) once its
//    informers have synced; a Node left from an earlier run gets its status rewritten;
//  - creates its Lease in kube-node-lease and renews it every leaseRenewInterval (10 s);
//  - reposts the Node's status every statusInterval (1 min), as the kubelet does: every condition with
//    its status (Ready True, the pressures False) and a fresh heartbeat, lastTransitionTime moved only
//    for a condition whose status changes. So a node the node lifecycle controller marked Unknown
//    posts Ready True again; and it does so at once when it sees its Ready condition is not True.
// Per pod bound to one of its nodes (spec.nodeName), sync(namespace/name):
//  - Pending with containers waiting (ContainerCreating), then after startDelay Running and Ready with
//    a pod IP from the node's CIDR; a Running pod whose Ready condition someone set False (the node
//    lifecycle controller, while the node was away) is reported Ready again once its node is Ready;
//  - once deletionTimestamp is set: after min(grace period, stopDelay) the containers are marked
//    terminated and the pod is deleted with gracePeriodSeconds 0 and its uid as precondition.
//
// Power: the Node annotation
//     sim.tugboat.dev/powered-off: "true"
// (`kubectl annotate node sim-2 sim.tugboat.dev/powered-off=true`) powers that simulated node off, so
// that node failure can be seen: it stops renewing its Lease, stops posting its status and stops moving
// its pods (they keep the status they had; new ones stay as the server made them). The node lifecycle
// controller then marks it NotReady and taints it, and its pods are evicted after their tolerations.
// Removing the annotation (`kubectl annotate node sim-2 sim.tugboat.dev/powered-off-`), or any value
// but "true", powers it back on: its Lease is renewed and its status (Ready True) posted at once, and
// its pods move on. Keys of node events are node names (no '/'); pod keys are namespace/name.
//
// Thread affinity: as every Controller, the thread of its ApiClient and DelayScheduler. Timers go
// through the DelayScheduler, so tests drive leases and phases with a FakeClock.
#pragma once

#include "controllers/controller.h"

#include <QHash>
#include <QSet>

#include <chrono>
#include <vector>

namespace tugboat::runtime {

struct SimNodeOptions {
    int count = 1;
    QString namePrefix = QStringLiteral("sim-"); // nodes are prefix + 1 .. prefix + count
    // When set, the nodes are these names instead (count and prefix unused), with indexes 1, 2, ... in
    // this order for their addresses (simobjects.h). One pool for every simulated node of a cluster
    // (tugboatd's own --node-name and its --sim-nodes) keeps their addresses apart.
    QStringList names;
    std::chrono::milliseconds startDelay{500}; // Pending -> Running
    std::chrono::milliseconds stopDelay{500};  // deletion -> containers terminated, pod deleted (at most)
    std::chrono::milliseconds leaseRenewInterval{10'000};
    int leaseDurationSeconds = 40;
    std::chrono::milliseconds statusInterval{60'000};
    std::chrono::milliseconds retryInterval{1'000}; // after a failed node or lease write
};

class SimNodePool final : public controllers::Controller {
    Q_OBJECT
public:
    // The Node annotation that powers a simulated node off while it is "true".
    inline static const QString kPoweredOffAnnotation = QStringLiteral("sim.tugboat.dev/powered-off");

    SimNodePool(client::ApiClient &client, controllers::DelayScheduler &scheduler, SimNodeOptions options,
                QObject *parent = nullptr);
    ~SimNodePool() override;

    const SimNodeOptions &options() const { return m_options; }
    QStringList nodeNames() const;
    // Nodes whose Node and Lease have been written.
    int registeredNodes() const;
    // Whether the pool has powered the node off (it has seen the annotation).
    bool isPoweredOff(const QString &node) const;
    client::Informer &podInformer() { return *m_pods; }
    client::Informer &nodeInformer() { return *m_nodeCache; }

signals:
    // Every node's Node and Lease exist.
    void allRegistered();
    // A node was powered off (on = false) or back on.
    void powerChanged(const QString &node, bool on);

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct SimNode {
        QString name;
        int index = 0;
        QString ip;
        bool nodeWritten = false;
        bool leaseWritten = false;
        bool poweredOff = false;
        QString uid;
        QSet<int> usedHosts; // pod IP host numbers taken
    };
    struct PodState {
        QString uid;
        QString node;
        int host = 0;           // pod IP host number, 0 while none
        qint64 runningAtMs = 0; // when it turns Running (0: not yet scheduled)
        qint64 stopAtMs = 0;    // when its containers stop once it is being deleted
    };

    QStringList keysFor(const api::ObjectPtr &old, const api::ObjectPtr &now) const;
    QStringList nodeKeysFor(const api::ObjectPtr &old, const api::ObjectPtr &now) const;
    void registerNodes();
    void registerNode(int i);
    void writeLease(int i);
    void renewLeases();
    void postStatuses();
    void postStatus(int i, client::Callback<api::ObjectPtr> done);
    void checkRegistered();
    api::Result<void> syncNode(const QString &name);
    void enqueuePodsOf(const QString &node);
    bool nodeIsReady(const QString &node) const;
    template <typename F> void later(std::chrono::milliseconds delay, F f);

    api::Result<void> startPod(const QString &key, const api::Object &pod, SimNode &node, PodState &state);
    api::Result<void> stopPod(const QString &key, const api::Object &pod, PodState &state);
    int allocateHost(SimNode &node, const QString &current);
    void release(const QString &key);
    qint64 nowMs() const { return clock().nowMs(); }

    SimNodeOptions m_options;
    std::vector<SimNode> m_nodes; // index i holds node i + 1
    QHash<QString, int> m_nodeByName;
    QHash<QString, PodState> m_podStates; // by pod key
    client::Informer *m_pods = nullptr;
    client::Informer *m_nodeCache = nullptr; // our nodes' names, power annotation and condition statuses
    bool m_registering = false;
    bool m_announced = false;
};

} // namespace tugboat::runtime
