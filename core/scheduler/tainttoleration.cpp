#include "tainttoleration.h"

namespace tugboat::scheduler {

Status TaintToleration::filter(const PodInfo &pod, const NodeInfo &node) const
{
    for (const Taint &taint : node.taints()) {
        if (taint.effect != Taint::Effect::NoSchedule && taint.effect != Taint::Effect::NoExecute)
            continue;
        if (!tolerated(pod.tolerations, taint))
            return Status::unresolvable(
                QStringLiteral("node(s) had untolerated taint {%1: %2}").arg(taint.key, taint.value));
    }
    return Status::success();
}

void TaintToleration::score(const PodInfo &pod, const std::vector<const NodeInfo *> &nodes,
                            std::vector<qint64> &scores) const
{
    // Only tolerations that can apply to PreferNoSchedule count (effect empty or PreferNoSchedule).
    QList<Toleration> preferTolerations;
    for (const Toleration &t : pod.tolerations)
        if (t.anyEffect || t.effect == Taint::Effect::PreferNoSchedule)
            preferTolerations.append(t);
    for (size_t i = 0; i < nodes.size(); ++i) {
        qint64 count = 0;
        if (nodes[i]->hasPreferNoScheduleTaint())
            for (const Taint &taint : nodes[i]->taints())
                if (taint.effect == Taint::Effect::PreferNoSchedule && !tolerated(preferTolerations, taint))
                    ++count;
        scores[i] = count;
    }
    defaultNormalizeScore(kMaxNodeScore, true, scores);
}

} // namespace tugboat::scheduler
