#include "selectorspread.h"

namespace tugboat::scheduler {

void SelectorSpread::score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                           std::vector<qint64> &scores) const
{
    for (size_t i = 0; i < nodes.size(); ++i)
        scores[i] = nodes[i]->podsOfController(pod.controllerUid);
    defaultNormalizeScore(kMaxNodeScore, true, scores);
}

} // namespace tugboat::scheduler
