#include "nodeports.h"

namespace tugboat::scheduler {

Status NodePorts::filter(const PodInfo &pod, const NodeInfo &node) const
{
    for (const HostPort &wanted : pod.hostPorts)
        for (const HostPort &used : node.usedPorts())
            if (wanted.conflicts(used))
                return Status::unschedulable(QString::fromLatin1(kReason));
    return Status::success();
}

} // namespace tugboat::scheduler
