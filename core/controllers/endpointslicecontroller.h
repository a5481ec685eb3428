// The EndpointSlice controller, as Kubernetes' pkg/controller/endpointslice: keeps the
// discovery.k8s.io/v1 EndpointSlices of each Service with a selector, at most 100 endpoints a slice.
//
// sync(key) ("namespace/name" of the Service):
//  - Service gone: nothing; its slices carry a controller ownerReference to it, and the garbage
//    collector deletes them.
//  - no selector, or ExternalName: nothing (endpoints::managedSelector); such slices are the users'.
//  - else plans with EndpointSliceReconciler (the selected pods, terminating ones included and marked
//    so, against the slices labelled kubernetes.io/service-name=<service> and managed by
//    endpointslice-controller.k8s.io) and carries the plan out: creates, updates, deletes. Nothing is
//    written when the slices already say what the plan would.
//
// Keys come from Services (every event), pods (ServicePodIndex::servicesForPodEvent) and the
// controller's own slices (any change, so edits and deletions by others are put right). The slice
// informer only caches slices managed by this controller (a label selector).
//
// The cache after a write: slices are created with generateName, so acting on a cache that does not
// show a slice just created would create a second one. Every answered write is recorded
// (StaleCacheTracker); while the cache has not caught up, sync waits for the slice's event.
//
// Events (on the Service): FailedToUpdateEndpointSlices "Error updating Endpoint Slices for Service
// <ns>/<name>: <server message>".
//
// Not done, unlike Kubernetes: topology (zone from the node, hints, trafficDistribution), the
// last-change-trigger-time annotation, and skipping pods whose node does not exist; there is no node
// informer. Dual-stack Services get slices of their first IP family only.
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's).
#pragma once

#include "controller.h"
#include "endpointslicereconciler.h"
#include "eventrecorder.h"
#include "servicepodindex.h"
#include "stalecachetracker.h"

#include <QSet>

namespace tugboat::controllers {

struct EndpointSliceControllerOptions {
    QString namespaceName; // empty: every namespace
    int maxEndpointsPerSlice = EndpointSliceReconciler::DefaultMaxEndpointsPerSlice;
};

class EndpointSliceController : public Controller {
public:
    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    EndpointSliceController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                            EndpointSliceControllerOptions options = {}, QObject *parent = nullptr);

    client::Informer &serviceInformer() { return *m_services; }
    client::Informer &podInformer() { return *m_pods; }
    client::Informer &sliceInformer() { return *m_slices; }
    const ServicePodIndex &index() const { return m_index; }
    // The cached slices of a Service, by its key.
    QList<api::ObjectPtr> slicesOf(const QString &serviceKey) const;

protected:
    api::Result<void> sync(const QString &key) override;

private:
    QStringList serviceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList sliceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);

    void createSlice(const QString &key, const api::ObjectPtr &service, const api::Object &slice);
    void updateSlice(const QString &key, const api::ObjectPtr &service, const api::Object &slice,
                     const QString &replacedRv);
    void deleteSlice(const QString &key, const api::ObjectPtr &service, const api::ObjectPtr &slice);
    api::Result<void> failed(const api::Object &service, const api::Error &error);
    api::ObjectPtr cachedSlice(const QString &objectKey) const;

    EventRecorder &m_recorder;
    EndpointSliceControllerOptions m_options;
    EndpointSliceReconciler m_reconciler;
    ServicePodIndex m_index;
    StaleCacheTracker m_stale;
    QHash<QString, QSet<QString>> m_slicesByService; // Service key -> keys of its cached slices
    client::Informer *m_services = nullptr;
    client::Informer *m_pods = nullptr;
    client::Informer *m_slices = nullptr;
};

} // namespace tugboat::controllers
