// The typed outcome of one plugin on one node: why a node was rejected, in Kubernetes' words.
//
// Kubernetes' framework.Status, reduced to what Tugboat's plugins return. Success carries no reasons and
// allocates nothing, so the hot path (most nodes pass most filters) stays cheap.
//
// Value type; thread-safe for concurrent const use.
#pragma once

#include <QString>
#include <QStringList>

namespace tugboat::scheduler {

class Status {
public:
    enum class Code {
        Success,
        // The node does not fit now; preempting pods on it might make it fit (resources, ports).
        Unschedulable,
        // The node cannot fit whatever is preempted (taints, affinity, cordon, nodeName).
        UnschedulableAndUnresolvable,
        // The plugin failed; the pod is retried, not reported as unschedulable.
        Error,
    };

    Status() = default;
    Status(Code code, QStringList reasons)
        : m_code(code)
        , m_reasons(std::move(reasons))
    {}
    static Status success() { return {}; }
    static Status unschedulable(QString reason) { return {Code::Unschedulable, {std::move(reason)}}; }
    static Status unresolvable(QString reason) { return {Code::UnschedulableAndUnresolvable, {std::move(reason)}}; }
    static Status error(QString message) { return {Code::Error, {std::move(message)}}; }

    bool isSuccess() const { return m_code == Code::Success; }
    Code code() const { return m_code; }
    const QStringList &reasons() const { return m_reasons; }
    // The plugin that produced this status; set by the framework.
    const QString &plugin() const { return m_plugin; }
    Status &withPlugin(QString name)
    {
        m_plugin = std::move(name);
        return *this;
    }

    bool operator==(const Status &other) const = default;

private:
    Code m_code = Code::Success;
    QStringList m_reasons;
    QString m_plugin;
};

} // namespace tugboat::scheduler
