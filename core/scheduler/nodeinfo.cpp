#include "nodeinfo.h"

#include "api/quantity.h"

#include <QJsonObject>

namespace tugboat::scheduler {

namespace {

qint64 quantity(const QJsonObject &list, QLatin1String name, bool milli)
{
    const QJsonValue v = list.value(name);
    if (v.isUndefined())
        return 0;
    // A node whose status carries an unparsable quantity offers none of that resource.
    auto q = api::Quantity::parse(v.toString());
    if (!q)
        return 0;
    return milli ? q->milliValue() : q->value();
}

// The taint the node lifecycle controller would set for the Ready condition, if any.
std::optional<Taint> readinessTaint(const QJsonObject &status)
{
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = c.toObject();
        if (condition.value(QLatin1String("type")).toString() != QLatin1String("Ready"))
            continue;
        const QString s = condition.value(QLatin1String("status")).toString();
        if (s == QLatin1String("False"))
            return Taint{QString::fromLatin1(kTaintNodeNotReady), {}, Taint::Effect::NoSchedule};
        if (s == QLatin1String("Unknown"))
            return Taint{QString::fromLatin1(kTaintNodeUnreachable), {}, Taint::Effect::NoSchedule};
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

NodeInfo::NodeInfo(api::Object node)
{
    setNode(std::move(node));
}

void NodeInfo::setNode(api::Object node)
{
    m_node = std::move(node);
    m_name = m_node.name();
    m_labels = m_node.labels();
    const QJsonObject spec = m_node.spec();
    const QJsonObject status = m_node.status();
    m_unschedulable = spec.value(QLatin1String("unschedulable")).toBool();
    m_taints = Taint::fromJson(spec.value(QLatin1String("taints")).toArray());
    if (auto implied = readinessTaint(status)) {
        const bool present = std::any_of(m_taints.cbegin(), m_taints.cend(), [&](const Taint &t) {
            return t.key == implied->key && t.effect == implied->effect;
        });
        if (!present)
            m_taints.append(*implied);
    }
    m_hasPreferNoSchedule = std::any_of(m_taints.cbegin(), m_taints.cend(),
                                        [](const Taint &t) { return t.effect == Taint::Effect::PreferNoSchedule; });
    QJsonObject allocatable = status.value(QLatin1String("allocatable")).toObject();
    if (allocatable.isEmpty())
        allocatable = status.value(QLatin1String("capacity")).toObject();
    m_allocatable.milliCpu = quantity(allocatable, QLatin1String("cpu"), true);
    m_allocatable.memory = quantity(allocatable, QLatin1String("memory"), false);
    m_allocatable.ephemeralStorage = quantity(allocatable, QLatin1String("ephemeral-storage"), false);
    m_allowedPods = quantity(allocatable, QLatin1String("pods"), false);
}

void NodeInfo::addPod(PodInfoPtr pod)
{
    removePod(pod->key);
    m_requested += pod->requests;
    m_nonZeroRequested += pod->nonZeroRequests;
    m_usedPorts.append(pod->hostPorts);
    // Pods being deleted are not counted for spreading, as Kubernetes' spreading plugins skip them: their
    // replacements would otherwise avoid the node they leave.
    if (!pod->controllerUid.isEmpty() && !pod->terminating)
        ++m_controllerCounts[pod->controllerUid];
    m_pods.insert(pod->key, std::move(pod));
}

bool NodeInfo::removePod(const QString &key)
{
    const auto it = m_pods.constFind(key);
    if (it == m_pods.constEnd())
        return false;
    const PodInfoPtr pod = *it;
    m_pods.erase(it);
    m_requested -= pod->requests;
    m_nonZeroRequested -= pod->nonZeroRequests;
    for (const HostPort &p : pod->hostPorts)
        m_usedPorts.removeOne(p);
    if (!pod->controllerUid.isEmpty() && !pod->terminating) {
        auto c = m_controllerCounts.find(pod->controllerUid);
        if (c != m_controllerCounts.end() && --*c <= 0)
            m_controllerCounts.erase(c);
    }
    return true;
}

} // namespace tugboat::scheduler
