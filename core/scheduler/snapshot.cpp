#include "snapshot.h"

#include <QJsonObject>

namespace tugboat::scheduler {

void Snapshot::setNode(const api::Object &node)
{
    const QString name = node.name();
    const auto it = m_index.constFind(name);
    if (it != m_index.constEnd()) {
        m_nodes[size_t(*it)].setNode(node);
        return;
    }
    m_index.insert(name, qsizetype(m_nodes.size()));
    m_nodes.emplace_back(node);
    const QHash<QString, PodInfoPtr> waiting = m_waiting.take(name);
    for (const PodInfoPtr &pod : waiting)
        m_nodes.back().addPod(pod);
}

bool Snapshot::removeNode(const QString &name)
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return false;
    const qsizetype at = *it;
    // Its pods wait for the node to come back, as they stay bound to it.
    m_waiting.insert(name, m_nodes[size_t(at)].pods());
    m_nodes.erase(m_nodes.begin() + at);
    m_index.erase(it);
    for (auto i = m_index.begin(); i != m_index.end(); ++i)
        if (*i > at)
            --*i;
    return true;
}

api::Result<bool> Snapshot::addPod(const api::Object &pod)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    const QString nodeName = pod.spec().value(QLatin1String("nodeName")).toString();
    if (nodeName.isEmpty() || phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed")) {
        removePod(pod.namespaceName() + QLatin1Char('/') + pod.name());
        return false;
    }
    auto info = PodInfo::fromPod(pod);
    if (!info)
        return info.error();
    addPod(std::move(*info), nodeName);
    return true;
}

void Snapshot::addPod(PodInfoPtr pod, const QString &nodeName)
{
    const auto previous = m_podNode.constFind(pod->key);
    if (previous != m_podNode.constEnd() && *previous != nodeName)
        removePod(pod->key);
    m_podNode.insert(pod->key, nodeName);
    const auto it = m_index.constFind(nodeName);
    if (it == m_index.constEnd())
        m_waiting[nodeName].insert(pod->key, std::move(pod));
    else
        m_nodes[size_t(*it)].addPod(std::move(pod));
}

bool Snapshot::removePod(const QString &podKey)
{
    const auto at = m_podNode.constFind(podKey);
    if (at == m_podNode.constEnd())
        return false;
    const QString nodeName = *at;
    m_podNode.erase(at);
    const auto it = m_index.constFind(nodeName);
    if (it != m_index.constEnd())
        return m_nodes[size_t(*it)].removePod(podKey);
    auto waiting = m_waiting.find(nodeName);
    if (waiting == m_waiting.end())
        return false;
    waiting->remove(podKey);
    if (waiting->isEmpty())
        m_waiting.erase(waiting);
    return true;
}

const NodeInfo *Snapshot::node(const QString &name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? nullptr : &m_nodes[size_t(*it)];
}

} // namespace tugboat::scheduler
