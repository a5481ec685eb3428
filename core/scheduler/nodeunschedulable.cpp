#include "nodeunschedulable.h"

namespace tugboat::scheduler {

Status NodeUnschedulable::filter(const PodInfo &pod, const NodeInfo &node) const
{
    if (!node.unschedulable())
        return Status::success();
    static const Taint cordon{QString::fromLatin1(kTaintNodeUnschedulable), {}, Taint::Effect::NoSchedule};
    if (tolerated(pod.tolerations, cordon))
        return Status::success();
    return Status::unresolvable(QString::fromLatin1(kReason));
}

} // namespace tugboat::scheduler
