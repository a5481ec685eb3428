// NodeUnschedulable filter: a cordoned node (spec.unschedulable) takes only pods that tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint. Reason: "node(s) were unschedulable".
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class NodeUnschedulable final : public FilterPlugin {
public:
    static constexpr const char kReason[] = "node(s) were unschedulable";
    QString name() const override { return QStringLiteral("NodeUnschedulable"); }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace tugboat::scheduler
