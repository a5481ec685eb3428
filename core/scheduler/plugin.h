// The two plugin interfaces of the scheduling pipeline (Kubernetes' scheduling framework, reduced):
// filters say whether a node can take the pod and why not; scorers rank the nodes that can.
//
// Plugins are stateless and const: one instance serves every decision. They read only the parsed
// PodInfo and the precomputed NodeInfo, never JSON, so a decision over 1,000 nodes stays cheap.
// Thread-safety: const methods may be called concurrently.
#pragma once

#include "nodeinfo.h"
#include "podinfo.h"
#include "status.h"

#include <QString>

#include <vector>

namespace tugboat::scheduler {

inline constexpr qint64 kMaxNodeScore = 100;

class FilterPlugin {
public:
    virtual ~FilterPlugin() = default;
    virtual QString name() const = 0;
    // False when the pod asks nothing this plugin checks (Kubernetes' PreFilter "Skip"): the framework
    // then does not call filter() for it at all.
    virtual bool relevant(const PodInfo &) const { return true; }
    virtual Status filter(const PodInfo &pod, const NodeInfo &node) const = 0;
};

class ScorePlugin {
public:
    virtual ~ScorePlugin() = default;
    virtual QString name() const = 0;
    // False when every node would score the same for this pod (PreScore "Skip"): the plugin is not run.
    virtual bool relevant(const PodInfo &) const { return true; }
    // Writes one score per node, in [0, kMaxNodeScore], already normalised across `nodes` (Kubernetes'
    // Score and NormalizeScore in one pass). `scores` has nodes.size() entries, zeroed.
    virtual void score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                       std::vector<qint64> &scores) const = 0;
};

// Kubernetes' DefaultNormalizeScore: scales to [0, maxPriority] by the largest score; `reverse` turns
// "more is worse" counts into scores. All-zero input gives 0 (or maxPriority when reversed).
void defaultNormalizeScore(qint64 maxPriority, bool reverse, std::vector<qint64> &scores);

} // namespace tugboat::scheduler
