#include "balancedallocation.h"

#include <cmath>

namespace tugboat::scheduler {

void BalancedAllocation::score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                               std::vector<qint64> &scores) const
{
    for (size_t i = 0; i < nodes.size(); ++i) {
        const NodeInfo &n = *nodes[i];
        double fractions[2];
        int count = 0;
        const qint64 requested[2] = {n.requested().milliCpu + pod.requests.milliCpu,
                                     n.requested().memory + pod.requests.memory};
        const qint64 allocatable[2] = {n.allocatable().milliCpu, n.allocatable().memory};
        for (int r = 0; r < 2; ++r) {
            if (allocatable[r] == 0)
                continue;
            fractions[count++] = std::min(1.0, double(requested[r]) / double(allocatable[r]));
        }
        const double std = count == 2 ? std::abs((fractions[0] - fractions[1]) / 2) : 0.0;
        scores[i] = qint64((1 - std) * double(kMaxNodeScore));
    }
}

} // namespace tugboat::scheduler
