// NodeResourcesBalancedAllocation scorer: favours nodes whose cpu and memory would be used in equal
// shares after placing the pod (actual requests, not the non-zero defaults).
//   fraction(r) = min(requested / allocatable, 1);  score = (1 - |cpu - memory| / 2) * 100
// Worked example: cpu 2/4 = 0.5, memory 1Gi/4Gi = 0.25 -> std 0.125 -> 87. A pod requesting neither
// is skipped, as in Kubernetes.
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class BalancedAllocation final : public ScorePlugin {
public:
    QString name() const override { return QStringLiteral("NodeResourcesBalancedAllocation"); }
    bool relevant(const PodInfo &pod) const override { return pod.requests.milliCpu != 0 || pod.requests.memory != 0; }
    void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
               std::vector<qint64> &scores) const override;
};

} // namespace tugboat::scheduler
