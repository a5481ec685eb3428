// NodePorts filter: the pod's host ports (protocol, IP, port) must be free on the node; 0.0.0.0
// conflicts with every IP. Reason: "node(s) didn't have free ports for the requested pod ports".
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class NodePorts final : public FilterPlugin {
public:
    static constexpr const char kReason[] = "node(s) didn't have free ports for the requested pod ports";
    QString name() const override { return QStringLiteral("NodePorts"); }
    bool relevant(const PodInfo &pod) const override { return !pod.hostPorts.isEmpty(); }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override;
};

} // namespace tugboat::scheduler
