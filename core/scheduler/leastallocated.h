// NodeResourcesLeastAllocated scorer (NodeResourcesFit's default LeastAllocated strategy): a node
// scores by the share of cpu and memory left free after placing the pod, weighted 1:1, using non-zero
// requests so best-effort pods spread too.
//   score(resource) = (allocatable - requested) * 100 / allocatable   (0 when over or allocatable 0)
// Worked example: 4 cpu allocatable, 1 cpu requested with the pod -> 75; 8Gi memory, 2Gi -> 75; node 75.
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class LeastAllocated final : public ScorePlugin {
public:
    QString name() const override { return QStringLiteral("NodeResourcesLeastAllocated"); }
    void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
               std::vector<qint64> &scores) const override;
};

} // namespace tugboat::scheduler
