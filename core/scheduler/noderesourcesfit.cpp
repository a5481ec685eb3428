#include "noderesourcesfit.h"

namespace tugboat::scheduler {

Status NodeResourcesFit::filter(const PodInfo &pod, const NodeInfo &node) const
{
    QStringList reasons;
    if (node.podCount() + 1 > node.allowedPodNumber())
        reasons << QStringLiteral("Too many pods");
    const Resources &want = pod.requests;
    if (!want.isZero()) {
        const Resources &alloc = node.allocatable();
        const Resources &used = node.requested();
        if (want.milliCpu > 0 && want.milliCpu > alloc.milliCpu - used.milliCpu)
            reasons << QStringLiteral("Insufficient cpu");
        if (want.memory > 0 && want.memory > alloc.memory - used.memory)
            reasons << QStringLiteral("Insufficient memory");
        if (want.ephemeralStorage > 0 && want.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
            reasons << QStringLiteral("Insufficient ephemeral-storage");
    }
    if (reasons.isEmpty())
        return Status::success();
    return {Status::Code::Unschedulable, std::move(reasons)};
}

} // namespace tugboat::scheduler
