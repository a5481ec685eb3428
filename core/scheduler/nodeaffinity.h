// NodeAffinity: as a filter, the node must match the pod's nodeSelector (every label) and its required
// node affinity (any term); otherwise "node(s) didn't match Pod's node affinity/selector". As a scorer,
// the sum of the weights of the preferred terms a node matches, normalised to [0, 100].
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class NodeAffinity final : public FilterPlugin, public ScorePlugin {
public:
    static constexpr const char kReason[] = "node(s) didn't match Pod's node affinity/selector";
    QString name() const override { return QStringLiteral("NodeAffinity"); }
    // One relevance test serves both roles: a pod with neither selector nor affinity is skipped.
    bool relevant(const PodInfo &pod) const override
    {
        return !pod.nodeSelector.isEmpty() || !pod.requiredAffinity.isNull() || !pod.preferredAffinity.isEmpty();
    }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override;
    void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
               std::vector<qint64> &scores) const override;
};

} // namespace tugboat::scheduler
