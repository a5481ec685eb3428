// Which pods each Service selects, and which Services select a pod, without scanning: the index the
// Endpoints and EndpointSlice controllers keep beside their informers (Kubernetes' controllers ask
// their listers, which scan a namespace; at 10,000 pods and 1,000 Services that is ten million
// selector checks per full resync).
//
// Both sides are indexed by namespace and label pair ("key=value"). A Service is filed under one pair
// of its selector (the lexicographically first); a pod under every label pair it has. A pod's
// Services are then the candidates filed under its pairs whose whole selector matches, and a
// Service's pods the pods filed under the pair of its selector that the fewest pods have, filtered by
// the whole selector. Only Services whose endpoints the controllers manage are indexed
// (endpoints::managedSelector).
//
// The controllers feed it from their informer events (serviceChanged, podChanged: old is null on add,
// now is null on delete) and ask it in their key functions and syncs.
//
// Thread affinity: none of its own; used on the controller's thread only (not thread-safe).
#pragma once

#include "api/object.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace tugboat::controllers {

class ServicePodIndex {
public:
    void serviceChanged(const api::ObjectPtr &old, const api::ObjectPtr &now);
    void podChanged(const api::ObjectPtr &old, const api::ObjectPtr &now);

    // Keys ("namespace/name") of the indexed Services in the pod's namespace whose selector matches
    // `labels`, sorted.
    QStringList servicesSelecting(const QString &ns, const api::StringMap &labels) const;
    // The pods in `ns` whose labels match `selector` (a non-empty one), sorted by name.
    QList<api::ObjectPtr> podsSelectedBy(const QString &ns, const api::StringMap &selector) const;

    // The Services whose endpoints a pod event may change (Kubernetes' GetServicesToUpdateOnPodChange):
    // on add and delete, those selecting the pod; on update, none when neither its endpoint fields nor
    // its membership changed; those selecting it when only its endpoint fields changed; when only its
    // labels changed, the Services it joined or left; when both, all of the old and new ones. Sorted.
    QStringList servicesForPodEvent(const api::ObjectPtr &old, const api::ObjectPtr &now) const;

    int serviceCount() const { return int(m_selectors.size()); }
    int podCount() const { return int(m_podLabels.size()); }

private:
    static QString pair(const QString &key, const QString &value);
    void removeService(const QString &ns, const QString &name);
    void removePod(const QString &ns, const QString &name);

    // Services: key -> selector; namespace -> pair -> names filed under it.
    QHash<QString, api::StringMap> m_selectors;
    QHash<QString, QHash<QString, QSet<QString>>> m_servicesByPair;
    // Pods: key -> labels (to unfile it); namespace -> pair -> name -> pod.
    QHash<QString, api::StringMap> m_podLabels;
    QHash<QString, QHash<QString, QHash<QString, api::ObjectPtr>>> m_podsByPair;
};

} // namespace tugboat::controllers
