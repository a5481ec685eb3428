// Pods -> endpoints: the pure rules the Endpoints and EndpointSlice controllers share, as Kubernetes'
// pkg/controller/endpoint, pkg/api/v1/endpoints (RepackSubsets) and k8s.io/endpointslice/util lay them
// down. No I/O and no state: every function maps objects to JSON, so they are tested on fixtures.
//
// Which pods count: not Succeeded or Failed, with an IP of the Service's family (status.podIPs, or
// status.podIP from agents that only set that), and not terminating (deletionTimestamp) unless the
// caller includes terminating pods (the Endpoints controller does for publishNotReadyAddresses, the
// EndpointSlice controller always does and marks them terminating).
//
// Ports: a Service port's targetPort is a number (used as is) or the name of a container port with
// the same protocol, looked up in the pod's containers and then in its sidecars (init containers with
// restartPolicy Always), as podutil.FindPort does. A pod without that named port is left out for that
// port only. Protocols default to TCP; an unset targetPort is the port itself.
//
// Services: only those with a non-empty selector that are not ExternalName get endpoints from the
// controllers. An empty selector counts as none: Kubernetes stores services as protobuf, where an empty
// map reads back as nil, so `selector: {}` behaves as no selector there too.
//
// Thread-safety: pure functions, callable from any thread.
#pragma once

#include "api/object.h"
#include "client/informer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tugboat::controllers::endpoints {

// Labels and annotations Kubernetes reserves for endpoints.
inline const QString ServiceNameLabel = QStringLiteral("kubernetes.io/service-name");
inline const QString ManagedByLabel = QStringLiteral("endpointslice.kubernetes.io/managed-by");
inline const QString SliceControllerName = QStringLiteral("endpointslice-controller.k8s.io");
inline const QString HeadlessLabel = QStringLiteral("service.kubernetes.io/headless");
inline const QString OverCapacityAnnotation = QStringLiteral("endpoints.kubernetes.io/over-capacity");
inline const QString LeaderAnnotation = QStringLiteral("control-plane.alpha.kubernetes.io/leader");
// At most this many addresses in one Endpoints object; beyond, it is truncated and annotated.
inline constexpr int MaxEndpointsCapacity = 1000;

// The Service's selector when the controllers manage its endpoints (see above); nullopt otherwise.
std::optional<api::StringMap> managedSelector(const api::Object &service);
// Whether every selector entry is among the labels (a Service selector is equality only).
bool selectorMatches(const api::StringMap &selector, const api::StringMap &labels);

bool isPodReady(const api::Object &pod);
// Kubernetes' ShouldPodBeInEndpoints.
bool shouldPodBeInEndpoints(const api::Object &pod, bool includeTerminating);
// Whether the Service has a cluster IP (not headless, "None", nor unallocated).
bool isServiceIpSet(const api::Object &service);
// "IPv6" or "IPv4": the Service's first ipFamilies entry, else its cluster IP's family, else IPv4.
QString addressType(const api::Object &service);
// The pod's first IP of the given family ("IPv4"/"IPv6"); empty when it has none.
QString podIp(const api::Object &pod, const QString &addressType);
// Whether the pod's hostname belongs in the Service's endpoints: spec.hostname set and spec.subdomain
// naming the Service (in the pod's namespace).
bool shouldSetHostname(const api::Object &pod, const api::Object &service);

// The container port a Service port resolves to on the pod (podutil.FindPort); nullopt when a named
// targetPort is not among the pod's ports of that protocol.
std::optional<int> findPort(const api::Object &pod, const QJsonObject &servicePort);
// The port as an Endpoints or EndpointSlice port: name (EndpointSlice: always, "" when unnamed),
// port, protocol (default TCP), appProtocol when set.
QJsonObject endpointPort(const QJsonObject &servicePort, int port, bool alwaysNamed = false);

// --- Endpoints (core/v1)

// The Endpoints subsets for the Service's pods (those it selects; the caller filters by selector):
// ready pods in `addresses`, others in `notReadyAddresses` (or `addresses` with
// publishNotReadyAddresses), repacked and sorted. Untruncated.
QJsonArray endpointsSubsets(const api::Object &service, const QList<api::ObjectPtr> &pods);
// Kubernetes' RepackSubsets: subsets regrouped so that each holds the addresses that share exactly one
// set of ports, an address not ready on a port in any input subset being not ready there. Sorted:
// addresses by IP then pod uid, ports by name, number, protocol, subsets by ports then addresses. A subset without
// ports keeps its addresses.
QJsonArray repackSubsets(const QJsonArray &subsets);
// Cuts subsets to `max` addresses, in proportion per subset and ready addresses first (Kubernetes'
// truncateEndpoints). Returns whether anything was cut.
bool truncateSubsets(QJsonArray &subsets, int max = MaxEndpointsCapacity);
// Addresses (ready and not) across subsets.
int addressCount(const QJsonArray &subsets);

// --- EndpointSlice (discovery.k8s.io/v1)

// The slice ports of the pod for the Service: every Service port that resolves on it, in Service
// order, named ("" when unnamed). Empty for a headless Service without ports.
QJsonArray slicePorts(const api::Object &service, const api::Object &pod);
// The pod as a slice endpoint: addresses (its IP of `addressType`; empty when it has none), conditions
// {ready, serving, terminating}, nodeName, hostname, targetRef.
QJsonObject sliceEndpoint(const api::Object &service, const api::Object &pod, const QString &addressType);
// What identifies an endpoint across syncs (Kubernetes' endpoint hash): addresses, hostname and the
// pod's namespace/name. Endpoints with equal ids are compared field by field.
QString sliceEndpointId(const QJsonObject &endpoint);
// The slice ports' canonical form: equal for the same set of ports in any order, defaults applied.
QString portSetKey(const QJsonArray &ports);

// --- pods

// What the controllers keep of a pod in their cache (an informer transform): identity, labels,
// deletionTimestamp, node, hostname and subdomain, container and sidecar ports, phase, IPs, Ready.
api::ObjectPtr podView(const api::ObjectPtr &pod);
// The pod informer both controllers watch through: podView under one transformId, so that they share
// one cache (client/sharedinformers.h). `ns` empty: every namespace.
client::InformerOptions podInformerOptions(const QString &ns);

struct PodChange {
    bool endpointsChanged = false;  // deletion, readiness, IPs, phase or node changed
    bool membershipChanged = false; // labels, hostname or subdomain changed: maybe other Services
};
// Kubernetes' podEndpointsChanged, plus the terminal phase and the node.
PodChange podChange(const api::Object &old, const api::Object &now);

} // namespace tugboat::controllers::endpoints
