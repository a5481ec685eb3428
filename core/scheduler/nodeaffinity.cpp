#include "nodeaffinity.h"

namespace tugboat::scheduler {

Status NodeAffinity::filter(const PodInfo &pod, const NodeInfo &node) const
{
    const api::StringMap &labels = node.labels();
    for (auto it = pod.nodeSelector.cbegin(); it != pod.nodeSelector.cend(); ++it) {
        const auto found = labels.constFind(it.key());
        if (found == labels.constEnd() || *found != it.value())
            return Status::unresolvable(QString::fromLatin1(kReason));
    }
    if (!pod.requiredAffinity.matches(labels, node.name()))
        return Status::unresolvable(QString::fromLatin1(kReason));
    return Status::success();
}

void NodeAffinity::score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                         std::vector<qint64> &scores) const
{
    if (pod.preferredAffinity.isEmpty())
        return;
    for (size_t i = 0; i < nodes.size(); ++i) {
        qint64 sum = 0;
        for (const PreferredTerm &p : pod.preferredAffinity)
            if (p.weight != 0 && p.term.matches(nodes[i]->labels(), nodes[i]->name()))
                sum += p.weight;
        scores[i] = sum;
    }
    defaultNormalizeScore(kMaxNodeScore, false, scores);
}

} // namespace tugboat::scheduler
