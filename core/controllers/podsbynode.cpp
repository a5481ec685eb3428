#include "podsbynode.h"

#include "client/informer.h"

#include <algorithm>

namespace tugboat::controllers {

QString PodsByNode::nodeNameOf(const api::ObjectPtr &pod)
{
    return pod ? pod->spec().value(QLatin1String("nodeName")).toString() : QString();
}

void PodsByNode::update(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    const QString before = nodeNameOf(old);
    const QString after = nodeNameOf(now);
    if (before == after && old && now)
        return;
    if (!before.isEmpty()) {
        auto it = m_pods.find(before);
        if (it != m_pods.end()) {
            it->remove(client::Informer::keyOf(*old));
            if (it->isEmpty())
                m_pods.erase(it);
        }
    }
    if (!after.isEmpty())
        m_pods[after].insert(client::Informer::keyOf(*now));
}

QStringList PodsByNode::podKeys(const QString &node) const
{
    const auto it = m_pods.constFind(node);
    if (it == m_pods.constEnd())
        return {};
    QStringList keys(it->begin(), it->end());
    std::sort(keys.begin(), keys.end());
    return keys;
}

} // namespace tugboat::controllers
