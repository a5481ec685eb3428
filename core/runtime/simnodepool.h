// Simulated nodes, like kwok: N Nodes (sim-1 .. sim-N) that register, keep their Leases renewed and
// take the pods bound to them through their phases on a timer, without running anything. For learning
// and for scale tests with a thousand nodes (`tugboatd server --sim-nodes N`, DESIGN.md §4 `sim`).
//
// One pool serves every simulated node: one pod informer over all pods (filtered by node name here,
// not one watch per node), one work queue, one timer source. It is a Controller, so the controller
// manager runs it like the others. Per node it:
//  - registers the Node (simobjects.h: capacity, conditions Ready, addresses, podCIDR) once its pod
//    informer has synced; a Node left from an earlier run gets its status rewritten;
//  - creates its Lease in kube-node-lease and renews it every leaseRenewInterval (10 s);
//  - reposts the Node's status (condition heartbeats) every statusInterval (1 min).
// Per pod bound to one of its nodes (spec.nodeName), sync(namespace/name):
//  - Pending with containers waiting (ContainerCreating), then after startDelay Running and Ready with
//    a pod IP from the node's CIDR;
//  - once deletionTimestamp is set: after min(grace period, stopDelay) the containers are marked
//    terminated and the pod is deleted with gracePeriodSeconds 0 and its uid as precondition. (Today
//    the API server deletes pods without finalizers at once, so this path serves pods with
//    finalizers, and graceful deletion once the server has it.)
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
    std::chrono::milliseconds startDelay{500};   // Pending -> Running
    std::chrono::milliseconds stopDelay{500};    // deletion -> containers terminated, pod deleted (at most)
    std::chrono::milliseconds leaseRenewInterval{10'000};
    int leaseDurationSeconds = 40;
    std::chrono::milliseconds statusInterval{60'000};
    std::chrono::milliseconds retryInterval{1'000}; // after a failed node or lease write
};

class SimNodePool final : public controllers::Controller {
    Q_OBJECT
public:
    SimNodePool(client::ApiClient &client, controllers::DelayScheduler &scheduler, SimNodeOptions options,
                QObject *parent = nullptr);
    ~SimNodePool() override;

    const SimNodeOptions &options() const { return m_options; }
    QStringList nodeNames() const;
    // Nodes whose Node and Lease have been written.
    int registeredNodes() const;
    client::Informer &podInformer() { return *m_pods; }

signals:
    // Every node's Node and Lease exist.
    void allRegistered();

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct SimNode {
        QString name;
        int index = 0;
        QString ip;
        bool nodeWritten = false;
        bool leaseWritten = false;
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
    void registerNodes();
    void registerNode(int i);
    void writeLease(int i);
    void renewLeases();
    void postStatuses();
    void checkRegistered();
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
    bool m_registering = false;
    bool m_announced = false;
};

} // namespace tugboat::runtime
