// One node as the scheduler sees it: the Node object with its numbers precomputed (allocatable cpu,
// memory, ephemeral storage, pods; taints; labels; cordon), and the pods assigned to it with their
// summed requests, host ports and per-controller counts, kept up to date incrementally as pods are
// added and removed. Plugins read only these precomputed values.
//
// Taints include the ones Kubernetes' node lifecycle controller would add for the Ready condition
// (TaintNodesByCondition): Ready=False implies node.kubernetes.io/not-ready:NoSchedule and
// Ready=Unknown implies node.kubernetes.io/unreachable:NoSchedule, so the TaintToleration filter rejects
// a not-ready node with Kubernetes' message even before a controller taints it. A node that reports
// no Ready condition at all is treated as ready.
//
// Allocatable is status.allocatable, or status.capacity when allocatable is absent. As in Kubernetes,
// a node that declares no "pods" allocates none, and every pod is "Too many pods" there.
//
// Not thread-safe for mutation; const methods may be used concurrently.
#pragma once

#include "podinfo.h"
#include "taint.h"

#include "api/object.h"

#include <QHash>
#include <QList>
#include <QString>

namespace tugboat::scheduler {

class NodeInfo {
public:
    explicit NodeInfo(api::Object node);

    const api::Object &node() const { return m_node; }
    const QString &name() const { return m_name; }
    const api::StringMap &labels() const { return m_labels; }
    bool unschedulable() const { return m_unschedulable; } // spec.unschedulable (cordoned)
    const QList<Taint> &taints() const { return m_taints; }
    bool hasPreferNoScheduleTaint() const { return m_hasPreferNoSchedule; }

    const Resources &allocatable() const { return m_allocatable; }
    qint64 allowedPodNumber() const { return m_allowedPods; }

    const Resources &requested() const { return m_requested; }
    const Resources &nonZeroRequested() const { return m_nonZeroRequested; }
    int podCount() const { return int(m_pods.size()); }
    const QHash<QString, PodInfoPtr> &pods() const { return m_pods; } // by namespace/name
    const QList<HostPort> &usedPorts() const { return m_usedPorts; }
    // Pods on this node controlled by the owner with this uid (ReplicaSet, StatefulSet, ...), not being deleted.
    int podsOfController(const QString &controllerUid) const { return m_controllerCounts.value(controllerUid); }

    // Replaces the Node object (a status or spec update), keeping the assigned pods.
    void setNode(api::Object node);
    // Adds a pod; one already present under the same key is replaced.
    void addPod(PodInfoPtr pod);
    bool removePod(const QString &key);

private:
    api::Object m_node;
    QString m_name;
    api::StringMap m_labels;
    bool m_unschedulable = false;
    QList<Taint> m_taints;
    bool m_hasPreferNoSchedule = false;
    Resources m_allocatable;
    qint64 m_allowedPods = 0;

    QHash<QString, PodInfoPtr> m_pods;
    Resources m_requested;
    Resources m_nonZeroRequested;
    QList<HostPort> m_usedPorts; // a multiset: two pods may use the same port on different IPs
    QHash<QString, int> m_controllerCounts;
};

} // namespace tugboat::scheduler
