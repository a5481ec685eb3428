// The Endpoints controller, as Kubernetes' pkg/controller/endpoint: keeps a core/v1 Endpoints object
// named after each Service with a selector, listing the addresses of the pods it selects.
//
// sync(key) ("namespace/name" of the Service):
//  - Service gone: deletes the Endpoints of that name (they carry no ownerReference; NotFound is fine).
//  - no selector, or ExternalName: nothing; users manage those Endpoints (endpoints::managedSelector).
//  - else computes the subsets (endpoints::endpointsSubsets: ready pods in addresses, the others in
//    notReadyAddresses unless publishNotReadyAddresses; resolved ports; repacked and sorted), truncates
//    them to 1000 addresses (annotation endpoints.kubernetes.io/over-capacity: truncated), labels them
//    with the Service's labels (plus service.kubernetes.io/headless without a cluster IP), and creates
//    or updates the Endpoints only when subsets, labels or that annotation differ from the cached ones.
//
// Keys come from Services (every event), pods (the Services selecting them whose endpoints a change may
// affect: ServicePodIndex::servicesForPodEvent) and Endpoints (any change to the Endpoints of a known
// Service, so hand edits are put right; and at start every Endpoints object, so those left behind by a
// Service deleted while the controller was down are deleted, except leader-election records).
//
// The cache after a write: each answered create and update is recorded (StaleCacheTracker, as
// Kubernetes' staleEndpointsTracker records the resourceVersion an update replaced); while the cache
// does not show it yet, sync waits for the Endpoints event instead of acting on stale data. A create
// answered AlreadyExists means the cache is behind too: its event re-queues the key.
//
// Events (on the Endpoints): FailedToCreateEndpoint, FailedToUpdateEndpoint with the server's message.
//
// Efficiency: pods are cached trimmed (endpoints::podView) and indexed with the Services by namespace
// and label (ServicePodIndex), so a sync reads only the pods its selector can match and a pod event
// looks only at the Services its labels can match.
//
// Thread affinity: as Controller (one thread with an event loop, its ApiClient's).
#pragma once

#include "controller.h"
#include "eventrecorder.h"
#include "servicepodindex.h"
#include "stalecachetracker.h"

namespace tugboat::controllers {

struct EndpointsControllerOptions {
    QString namespaceName; // empty: every namespace
};

class EndpointsController : public Controller {
public:
    // `client`, `scheduler` and `recorder` must outlive the controller and live on its thread.
    EndpointsController(client::ApiClient &client, DelayScheduler &scheduler, EventRecorder &recorder,
                        EndpointsControllerOptions options = {}, QObject *parent = nullptr);

    client::Informer &serviceInformer() { return *m_services; }
    client::Informer &podInformer() { return *m_pods; }
    client::Informer &endpointsInformer() { return *m_endpoints; }
    const ServicePodIndex &index() const { return m_index; }

    // The Endpoints object the Service should have given its selected pods, built on `current` (the
    // stored one, or null) so that fields the controller does not own are kept. Pure.
    static api::Object desiredEndpoints(const api::Object &service, const QList<api::ObjectPtr> &pods,
                                        const api::ObjectPtr &current);
    // Whether `current` already says what `desired` says (subsets, labels, over-capacity annotation).
    static bool upToDate(const api::Object &current, const api::Object &desired);

protected:
    api::Result<void> sync(const QString &key) override;

private:
    QStringList serviceKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList endpointsKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);

    void deleteEndpoints(const QString &key);
    void createEndpoints(const QString &key, const api::Object &object);
    void updateEndpoints(const QString &key, const api::Object &object, const QString &replacedRv);
    api::ObjectPtr cachedEndpoints(const QString &objectKey) const;

    EventRecorder &m_recorder;
    EndpointsControllerOptions m_options;
    ServicePodIndex m_index;
    StaleCacheTracker m_stale;
    client::Informer *m_services = nullptr;
    client::Informer *m_pods = nullptr;
    client::Informer *m_endpoints = nullptr;
};

} // namespace tugboat::controllers
