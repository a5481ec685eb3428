// NodeName filter: a pod whose spec.nodeName is preset fits only that node.
// Reason: "node(s) didn't match the requested node name".
#pragma once

#include "plugin.h"

namespace tugboat::scheduler {

class NodeName final : public FilterPlugin {
public:
    static constexpr const char kReason[] = "node(s) didn't match the requested node name";
    QString name() const override { return QStringLiteral("NodeName"); }
    bool relevant(const PodInfo &pod) const override { return !pod.nodeName.isEmpty(); }
    Status filter(const PodInfo &pod, const NodeInfo &node) const override
    {
        if (pod.nodeName.isEmpty() || pod.nodeName == node.name())
            return Status::success();
        return Status::unresolvable(QString::fromLatin1(kReason));
    }
};

} // namespace tugboat::scheduler
