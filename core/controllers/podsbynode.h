// The pods bound to each node, by key ("namespace/name"), kept from a pod informer's events: what
// client-go's "spec.nodeName" indexer gives Kubernetes' node lifecycle and taint eviction controllers,
// so that a node's pods are found without scanning every pod.
//
// Feed it every event, in order, from the informer's key function (Controller::watch): update(old, now)
// with old null for an add and now null for a delete.
//
// Thread affinity: none of its own; used on its controller's thread.
#pragma once

#include "api/object.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace tugboat::controllers {

class PodsByNode {
public:
    void update(const api::ObjectPtr &old, const api::ObjectPtr &now);
    // Keys of the pods bound to `node`, sorted.
    QStringList podKeys(const QString &node) const;
    int nodeCount() const { return int(m_pods.size()); }

    static QString nodeNameOf(const api::ObjectPtr &pod);

private:
    QHash<QString, QSet<QString>> m_pods; // node name -> pod keys
};

} // namespace tugboat::controllers
