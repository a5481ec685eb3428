// What EndpointSlices a Service needs, given its pods and its current slices: the pure planning half
// of Kubernetes' endpointslice Reconciler (k8s.io/endpointslice/reconciler.go). The controller
// carries the plan out.
//
// Endpoints are grouped by their set of ports (a pod whose named port is missing gets a group without
// it); each group fills slices of at most maxEndpointsPerSlice endpoints. Changes are kept small, as
// Kubernetes keeps them:
//  1. each existing slice keeps the desired endpoints it already holds (updated when a field changed)
//     and drops the others; a slice left empty is deleted, a changed one (or one whose labels differ
//     from the Service's) is updated;
//  2. the remaining endpoints fill the slices being updated anyway, fullest first;
//  3. then, if fewer than a slice's worth remain, the unchanged slice they fit best (least room left),
//     else new slices.
// A Service with no endpoints keeps one empty placeholder slice. Slices of a port set no pod offers
// any more, slices of another address type, and slices not owned by this Service (a deleted Service of
// the same name) are deleted; a create and a delete of the Service's own slices become one update.
// While the Service is being deleted nothing is created.
//
// Slices: generateName "<service>-", the Service's labels plus kubernetes.io/service-name,
// endpointslice.kubernetes.io/managed-by (endpointslice-controller.k8s.io) and, without a cluster IP,
// service.kubernetes.io/headless; a controller ownerReference to the Service (blockOwnerDeletion), so
// the garbage collector deletes them with it. Unlike Kubernetes, which only notices labels the slice
// has and the Service lacks, any difference in labels updates the slice.
//
// Order is deterministic (slices by name, endpoints by pod name), so equal inputs plan equal writes.
//
// Thread-safety: const and pure; callable from any thread.
#pragma once

#include "api/object.h"

#include <QJsonArray>
#include <QList>

namespace tugboat::controllers {

struct EndpointSlicePlan {
    QList<api::Object> creates; // no name yet (generateName)
    QList<api::Object> updates; // whole slices carrying the resourceVersion they replace
    QList<api::ObjectPtr> deletes;

    bool isEmpty() const { return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty(); }
};

class EndpointSliceReconciler {
public:
    static constexpr int DefaultMaxEndpointsPerSlice = 100;

    explicit EndpointSliceReconciler(int maxEndpointsPerSlice = DefaultMaxEndpointsPerSlice);

    // `pods`: those the Service selects. `existing`: the slices labelled with its name and managed by
    // the EndpointSlice controller.
    EndpointSlicePlan plan(const api::Object &service, const QList<api::ObjectPtr> &pods,
                           const QList<api::ObjectPtr> &existing) const;

    int maxEndpointsPerSlice() const { return m_max; }

    // The labels a slice of the Service carries.
    static api::StringMap sliceLabels(const api::Object &service);
    // The controller ownerReference to the Service.
    static QJsonObject ownerReference(const api::Object &service);
    static bool ownedBy(const api::Object &slice, const api::Object &service);
    // An empty slice of the Service with these ports.
    static api::Object newSlice(const api::Object &service, const QJsonArray &ports, const QString &addressType);

private:
    struct Desired;
    struct Work;

    void planPortSet(const api::Object &service, const QString &addressType, const QList<api::ObjectPtr> &existing,
                     const Desired &desired, QList<api::Object> &creates, QList<api::Object> &updates,
                     QList<api::ObjectPtr> &deletes) const;
    static api::Object updatedSlice(const Work &work, const api::StringMap &labels);

    int m_max;
};

} // namespace tugboat::controllers
