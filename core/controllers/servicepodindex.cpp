#include "servicepodindex.h"

#include "endpointsbuilder.h"

#include "client/informer.h"

#include <algorithm>

namespace tugboat::controllers {

QString ServicePodIndex::pair(const QString &key, const QString &value)
{
    return key + QLatin1Char('=') + value; // label keys cannot hold '='
}

void ServicePodIndex::serviceChanged(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (old)
        removeService(old->namespaceName(), old->name());
    if (!now)
        return;
    const std::optional<api::StringMap> selector = endpoints::managedSelector(*now);
    if (!selector)
        return;
    m_selectors.insert(client::Informer::keyOf(*now), *selector);
    const QString anchor = pair(selector->firstKey(), selector->first());
    m_servicesByPair[now->namespaceName()][anchor].insert(now->name());
}

void ServicePodIndex::removeService(const QString &ns, const QString &name)
{
    const auto it = m_selectors.find(client::Informer::key(ns, name));
    if (it == m_selectors.end())
        return;
    const QString anchor = pair(it->firstKey(), it->first());
    m_selectors.erase(it);
    auto byPair = m_servicesByPair.find(ns);
    auto names = byPair->find(anchor);
    names->remove(name);
    if (names->isEmpty())
        byPair->erase(names);
    if (byPair->isEmpty())
        m_servicesByPair.erase(byPair);
}

void ServicePodIndex::podChanged(const api::ObjectPtr &old, const api::ObjectPtr &now)
{
    if (old && (!now || old->labels() != now->labels()))
        removePod(old->namespaceName(), old->name());
    if (!now)
        return;
    const api::StringMap labels = now->labels();
    m_podLabels.insert(client::Informer::keyOf(*now), labels);
    if (labels.isEmpty())
        return; // no Service selects it
    auto &byPair = m_podsByPair[now->namespaceName()];
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        byPair[pair(it.key(), *it)].insert(now->name(), now); // replaces the older state
}

void ServicePodIndex::removePod(const QString &ns, const QString &name)
{
    const auto it = m_podLabels.find(client::Informer::key(ns, name));
    if (it == m_podLabels.end())
        return;
    auto byPair = m_podsByPair.find(ns);
    if (it->isEmpty() || byPair == m_podsByPair.end()) {
        m_podLabels.erase(it);
        return;
    }
    for (auto label = it->cbegin(); label != it->cend(); ++label) {
        auto pods = byPair->find(pair(label.key(), *label));
        pods->remove(name);
        if (pods->isEmpty())
            byPair->erase(pods);
    }
    if (byPair->isEmpty())
        m_podsByPair.erase(byPair);
    m_podLabels.erase(it);
}

QStringList ServicePodIndex::servicesSelecting(const QString &ns, const api::StringMap &labels) const
{
    const auto byPair = m_servicesByPair.constFind(ns);
    if (byPair == m_servicesByPair.cend())
        return {};
    QStringList keys;
    for (auto label = labels.cbegin(); label != labels.cend(); ++label) {
        const auto names = byPair->constFind(pair(label.key(), *label));
        if (names == byPair->cend())
            continue;
        for (const QString &name : *names) {
            const QString key = client::Informer::key(ns, name);
            if (endpoints::selectorMatches(m_selectors.value(key), labels))
                keys << key; // each Service is filed under one pair: no duplicates
        }
    }
    keys.sort();
    return keys;
}

QList<api::ObjectPtr> ServicePodIndex::podsSelectedBy(const QString &ns, const api::StringMap &selector) const
{
    const auto byPair = m_podsByPair.constFind(ns);
    if (byPair == m_podsByPair.cend() || selector.isEmpty())
        return {};
    const QHash<QString, api::ObjectPtr> *narrowest = nullptr;
    for (auto it = selector.cbegin(); it != selector.cend(); ++it) {
        const auto pods = byPair->constFind(pair(it.key(), *it));
        if (pods == byPair->cend())
            return {}; // no pod has this pair
        if (!narrowest || pods->size() < narrowest->size())
            narrowest = &*pods;
    }
    QList<api::ObjectPtr> selected;
    for (const api::ObjectPtr &pod : *narrowest)
        if (endpoints::selectorMatches(selector, pod->labels()))
            selected << pod;
    std::sort(selected.begin(), selected.end(),
              [](const api::ObjectPtr &a, const api::ObjectPtr &b) { return a->name() < b->name(); });
    return selected;
}

QStringList ServicePodIndex::servicesForPodEvent(const api::ObjectPtr &old, const api::ObjectPtr &now) const
{
    if (!old || !now) {
        const api::ObjectPtr &pod = now ? now : old;
        return servicesSelecting(pod->namespaceName(), pod->labels());
    }
    if (old->resourceVersion() == now->resourceVersion())
        return {}; // a resync
    const endpoints::PodChange change = endpoints::podChange(*old, *now);
    if (!change.endpointsChanged && !change.membershipChanged)
        return {};
    const QStringList current = servicesSelecting(now->namespaceName(), now->labels());
    if (!change.membershipChanged)
        return current;
    const QStringList previous = servicesSelecting(old->namespaceName(), old->labels());
    QSet<QString> keys;
    for (const QString &key : current)
        if (change.endpointsChanged || !previous.contains(key))
            keys.insert(key);
    for (const QString &key : previous)
        if (change.endpointsChanged || !current.contains(key))
            keys.insert(key);
    QStringList sorted(keys.cbegin(), keys.cend());
    sorted.sort();
    return sorted;
}

} // namespace tugboat::controllers
