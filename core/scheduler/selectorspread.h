// SelectorSpread scorer: spreads the pods of one controller (the ownerReference with controller: true,
// by uid) across nodes. Kubernetes' SelectorSpread, and PodTopologySpread's default, count the pods a
// Service/ReplicaSet/StatefulSet selector matches; the controller uid picks the same pods without
// evaluating selectors per node. Across the nodes being scored:
//   score = 100 * (maxCount - count) / maxCount     (100 everywhere when maxCount is 0)
// Worked example: counts 0, 1, 2 -> 100, 50, 0. A pod without a controller is skipped.
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class SelectorSpread final : public ScorePlugin {
public:
    QString name() const override { return QStringLiteral("SelectorSpread"); }
    bool relevant(const PodInfo &pod) const override { return !pod.controllerUid.isEmpty(); }
    void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
               std::vector<qint64> &scores) const override;
};

} // namespace tugboat::scheduler
