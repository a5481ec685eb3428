// NodeResourcesFit filter: the pod's requests must fit in what the node's allocatable leaves after the
// requests of the pods already on it, and one more pod must fit under its pod count. Reasons, in
// Kubernetes' order: "Too many pods", "Insufficient cpu", "Insufficient memory",
// "Insufficient ephemeral-storage" (all Unschedulable: preempting pods could make room).
// A pod requesting nothing is checked against the pod count only.
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class NodeResourcesFit final : public FilterPlugin {
public:
    QString name() const override { return QStringLiteral("NodeResourcesFit"); }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace tugboat::scheduler
