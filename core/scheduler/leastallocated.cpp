#include "leastallocated.h"

namespace tugboat::scheduler {

namespace {

qint64 leastRequestedScore(qint64 requested, qint64 capacity)
{
    if (capacity == 0 || requested > capacity)
        return 0;
    return (capacity - requested) * kMaxNodeScore / capacity;
}

} // namespace

void LeastAllocated::score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                           std::vector<qint64> &scores) const
{
    for (size_t i = 0; i < nodes.size(); ++i) {
        const NodeInfo &n = *nodes[i];
        const qint64 cpu =
            leastRequestedScore(n.nonZeroRequested().milliCpu + pod.nonZeroRequests.milliCpu, n.allocatable().milliCpu);
        const qint64 memory =
            leastRequestedScore(n.nonZeroRequested().memory + pod.nonZeroRequests.memory, n.allocatable().memory);
        scores[i] = (cpu + memory) / 2;
    }
}

} // namespace tugboat::scheduler
