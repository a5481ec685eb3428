#include "scheduler.h"

#include "balancedallocation.h"
#include "leastallocated.h"
#include "nodeaffinity.h"
#include "nodename.h"
#include "nodeports.h"
#include "noderesourcesfit.h"
#include "nodeunschedulable.h"
#include "selectorspread.h"
#include "tainttoleration.h"

#include <algorithm>

namespace tugboat::scheduler {

namespace {

constexpr int kMinFeasibleNodesToFind = 100;
constexpr int kMinFeasibleNodesPercentageToFind = 5;

} // namespace

Scheduler::Scheduler(Options options)
    : Scheduler({}, {}, options)
{
    auto taints = std::make_shared<const TaintToleration>();
    auto affinity = std::make_shared<const NodeAffinity>();
    m_filters = {
        std::make_shared<const NodeUnschedulable>(), std::make_shared<const NodeName>(),        taints, affinity,
        std::make_shared<const NodePorts>(),         std::make_shared<const NodeResourcesFit>()};
    m_scores = {{taints, 3},
                {affinity, 2},
                {std::make_shared<const SelectorSpread>(), 2},
                {std::make_shared<const LeastAllocated>(), 1},
                {std::make_shared<const BalancedAllocation>(), 1}};
}

Scheduler::Scheduler(std::vector<std::shared_ptr<const FilterPlugin>> filters, std::vector<WeightedScorePlugin> scores,
                     Options options)
    : m_filters(std::move(filters))
    , m_scores(std::move(scores))
    , m_options(options)
    , m_engine(options.seed)
{
    m_random = [this](quint64 n) { return std::uniform_int_distribution<quint64>(0, n - 1)(m_engine); };
}

int Scheduler::numFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
{
    if (numAllNodes < kMinFeasibleNodesToFind || percentageOfNodesToScore >= 100)
        return numAllNodes;
    int percentage = percentageOfNodesToScore;
    if (percentage <= 0)
        percentage = std::max(kMinFeasibleNodesPercentageToFind, 50 - numAllNodes / 125);
    const int numNodes = numAllNodes * percentage / 100;
    return std::max(numNodes, kMinFeasibleNodesToFind);
}

api::Result<Decision> Scheduler::schedule(const Snapshot &snapshot, const api::Object &pod, FitError *fitError)
{
    auto info = PodInfo::fromPod(pod);
    if (!info)
        return info.error();
    return schedule(snapshot, *info, fitError);
}

Status Scheduler::runFilters(const std::vector<const FilterPlugin *> &filters, const PodInfo &pod,
                             const NodeInfo &node) const
{
    for (const FilterPlugin *f : filters) {
        Status s = f->filter(pod, node);
        if (!s.isSuccess())
            return std::move(s.withPlugin(f->name()));
    }
    return Status::success();
}

api::Result<Decision> Scheduler::schedule(const Snapshot &snapshot, const PodInfoPtr &pod, FitError *fitError)
{
    const std::vector<NodeInfo> &nodes = snapshot.nodes();
    const size_t numNodes = nodes.size();
    if (numNodes == 0)
        return api::Error(api::ErrorCode::Unavailable, QStringLiteral("no nodes available to schedule pods"));

    m_activeFilters.clear();
    for (const auto &f : m_filters)
        if (f->relevant(*pod))
            m_activeFilters.push_back(f.get());

    const size_t toFind = size_t(numFeasibleNodesToFind(m_options.percentageOfNodesToScore, int(numNodes)));
    FitError diagnosis;
    diagnosis.numAllNodes = int(numNodes);
    m_feasible.clear();
    size_t processed = 0;
    for (; processed < numNodes && m_feasible.size() < toFind; ++processed) {
        const NodeInfo &node = nodes[(m_nextStartNodeIndex + processed) % numNodes];
        Status s = runFilters(m_activeFilters, *pod, node);
        if (s.isSuccess()) {
            m_feasible.push_back(&node);
        } else if (s.code() == Status::Code::Error) {
            return api::Error(api::ErrorCode::Internal, QStringLiteral("running %1 filter plugin on node %2: %3")
                                                            .arg(s.plugin(), node.name(), s.reasons().join(u' ')));
        } else {
            diagnosis.nodeStatuses.append({node.name(), std::move(s)});
        }
    }
    m_nextStartNodeIndex = (m_nextStartNodeIndex + processed) % numNodes;

    if (m_feasible.empty()) {
        const QString message = m_options.reportPreemption ? diagnosis.messageWithPreemption() : diagnosis.message();
        if (fitError)
            *fitError = std::move(diagnosis);
        return api::Error(api::ErrorCode::Unavailable, message);
    }

    Decision decision;
    decision.pod = pod;
    decision.evaluatedNodes = int(processed);
    decision.feasibleNodes = int(m_feasible.size());
    if (m_feasible.size() == 1) {
        decision.nodeName = m_feasible.front()->name();
        return decision;
    }

    m_totals.assign(m_feasible.size(), 0);
    for (const WeightedScorePlugin &s : m_scores) {
        if (!s.plugin->relevant(*pod))
            continue;
        m_pluginScores.assign(m_feasible.size(), 0);
        s.plugin->score(*pod, m_feasible, m_pluginScores);
        for (size_t i = 0; i < m_totals.size(); ++i)
            m_totals[i] += m_pluginScores[i] * s.weight;
    }
    decision.nodeName = m_feasible[selectHost(m_totals)]->name();
    return decision;
}

// Kubernetes' selectHost picks uniformly among the nodes with the highest total (reservoir sampling);
// collecting the ties and drawing once is the same distribution with one draw.
size_t Scheduler::selectHost(const std::vector<qint64> &totals)
{
    const qint64 best = *std::max_element(totals.begin(), totals.end());
    std::vector<size_t> &ties = m_ties;
    ties.clear();
    for (size_t i = 0; i < totals.size(); ++i)
        if (totals[i] == best)
            ties.push_back(i);
    return ties.size() == 1 ? ties.front() : ties[size_t(m_random(ties.size()))];
}

} // namespace tugboat::scheduler
