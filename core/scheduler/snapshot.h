// All nodes and the pods assigned to them, as one scheduling decision sees them. Fed incrementally
// (node and pod add/update/remove, and the scheduler's own "assume" after a decision) so that no
// aggregate is recomputed per pod.
//
// Node order is insertion order and stable; the scheduler walks it round-robin. A pod bound to a node
// the snapshot does not know yet is held and counted once that node arrives, as Kubernetes' cache does.
// Pods that have finished (phase Succeeded or Failed) hold no resources and are not added.
//
// Not thread-safe: one owner mutates it between decisions; schedule() reads it.
#pragma once

#include "nodeinfo.h"
#include "podinfo.h"

#include "api/object.h"
#include "api/result.h"

#include <QHash>
#include <QString>

#include <vector>

namespace tugboat::scheduler {

class Snapshot {
public:
    // Adds a node or replaces its object, keeping its pods.
    void setNode(const api::Object &node);
    bool removeNode(const QString &name);

    // Adds (or updates) a pod from its object: true when it now counts on a node or waits for one;
    // false when it is not bound or has finished (and so is removed). Fails on an invalid pod.
    api::Result<bool> addPod(const api::Object &pod);
    // Adds an already parsed pod on `nodeName` (the scheduler's assume step after a Decision).
    void addPod(PodInfoPtr pod, const QString &nodeName);
    bool removePod(const QString &podKey); // namespace/name

    qsizetype size() const { return qsizetype(m_nodes.size()); }
    const std::vector<NodeInfo> &nodes() const { return m_nodes; }
    const NodeInfo *node(const QString &name) const;

private:
    std::vector<NodeInfo> m_nodes;
    QHash<QString, qsizetype> m_index;                    // node name -> m_nodes index
    QHash<QString, QString> m_podNode;                    // pod key -> node name
    QHash<QString, QHash<QString, PodInfoPtr>> m_waiting; // node name -> pods bound before it arrived
};

} // namespace tugboat::scheduler
