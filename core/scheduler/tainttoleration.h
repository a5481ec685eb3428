// TaintToleration: as a filter, the pod must tolerate every NoSchedule and NoExecute taint of the node
// (including the not-ready/unreachable taints implied by the Ready condition, see NodeInfo); the first
// untolerated one is named: "node(s) had untolerated taint {node.kubernetes.io/not-ready: }".
// As a scorer, fewer untolerated PreferNoSchedule taints score higher (reversed normalisation).
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class TaintToleration final : public FilterPlugin, public ScorePlugin {
public:
    QString name() const override { return QStringLiteral("TaintToleration"); }
    bool relevant(const PodInfo &) const override { return true; }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override;
    void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
               std::vector<qint64> &scores) const override;
};

} // namespace tugboat::scheduler
