// The scheduling framework: one decision for one pod over a Snapshot. Filters run per node (the first
// rejecting plugin names the reason), scorers rank the feasible nodes, the best total wins; among equal
// totals one is picked at random, as Kubernetes does, from an injectable seeded generator so tests and
// benchmarks are reproducible.
//
// In large clusters only a sample is scored (Kubernetes' percentageOfNodesToScore): filtering stops once
// numFeasibleNodesToFind() nodes fit, starting where the previous decision stopped, so successive pods
// see different parts of the cluster. The adaptive default is Kubernetes' own:
//   below 100 nodes: all of them; else max(100, n * max(5, 50 - n/125) / 100)
// Worked example: 1,000 nodes -> 50 - 8 = 42% -> 420 nodes; 5,000 nodes -> 10% -> 500.
//
// Default plugins and weights (Kubernetes' defaults where it has the plugin):
//   filters: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit
//   scores:  TaintToleration 3, NodeAffinity 2, SelectorSpread 2, NodeResourcesLeastAllocated 1,
//            NodeResourcesBalancedAllocation 1
//
// Thread affinity: none; a Scheduler is used by one thread at a time (it advances its generator and
// its sampling start). The Snapshot is only read.
#pragma once

#include "fiterror.h"
#include "plugin.h"
#include "snapshot.h"

#include "api/object.h"
#include "api/result.h"

#include <functional>
#include <memory>
#include <random>
#include <vector>

namespace tugboat::scheduler {

struct Decision {
    QString nodeName;
    PodInfoPtr pod;         // parsed once; pass to Snapshot::addPod(pod, nodeName) to assume it
    int evaluatedNodes = 0; // nodes filtered
    int feasibleNodes = 0;  // of those, nodes that fit
};

struct WeightedScorePlugin {
    std::shared_ptr<const ScorePlugin> plugin;
    qint64 weight = 1;
};

class Scheduler {
public:
    struct Options {
        // 0: Kubernetes' adaptive percentage; 100: score every feasible node.
        int percentageOfNodesToScore = 0;
        quint64 seed = 1;
        // Append the preemption sentence to FitError messages (see fiterror.h).
        bool reportPreemption = true;
    };

    Scheduler()
        : Scheduler(Options())
    {}
    explicit Scheduler(Options options);
    Scheduler(std::vector<std::shared_ptr<const FilterPlugin>> filters, std::vector<WeightedScorePlugin> scores,
              Options options);

    // Replaces the generator: given n >= 1 it returns a number in [0, n). Default: mt19937_64(seed).
    void setRandom(std::function<quint64(quint64 n)> random) { m_random = std::move(random); }

    // Picks a node for the pod. Fails with ErrorCode::Unavailable and the FitError message when no node
    // fits (details in *fitError when given), ErrorCode::Invalid when the pod cannot be parsed, and
    // ErrorCode::Internal when a plugin fails.
    api::Result<Decision> schedule(const Snapshot &snapshot, const api::Object &pod, FitError *fitError = nullptr);
    api::Result<Decision> schedule(const Snapshot &snapshot, const PodInfoPtr &pod, FitError *fitError = nullptr);

    static int numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes);

    const std::vector<std::shared_ptr<const FilterPlugin>> &filters() const { return m_filters; }
    const std::vector<WeightedScorePlugin> &scores() const { return m_scores; }

private:
    Status runFilters(const std::vector<const FilterPlugin *> &filters, const PodInfo &pod, const NodeInfo &node) const;
    size_t selectHost(const std::vector<qint64> &totals);

    std::vector<std::shared_ptr<const FilterPlugin>> m_filters;
    std::vector<WeightedScorePlugin> m_scores;
    Options m_options;
    std::mt19937_64 m_engine;
    std::function<quint64(quint64)> m_random;
    size_t m_nextStartNodeIndex = 0;

    // Scratch space reused between decisions, so the hot path does not allocate per pod.
    std::vector<const FilterPlugin *> m_activeFilters;
    std::vector<const NodeInfo *> m_feasible;
    std::vector<qint64> m_totals;
    std::vector<qint64> m_pluginScores;
    std::vector<size_t> m_ties;
};

} // namespace tugboat::scheduler
