// The defaults Kubernetes fills in when it decodes a v1 object (the SetDefaults_* functions of
// pkg/apis/core/v1, apps/v1 and discovery/v1, plus the few create-time normalisations kubectl relies
// on seeing), so stored objects read back the way kubectl and controllers expect them:
//   Pod         restartPolicy Always, dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30,
//               schedulerName default-scheduler, securityContext {}, enableServiceLinks true; containers
//               imagePullPolicy (Always for :latest or no tag, else IfNotPresent), terminationMessagePath
//               /dev/termination-log, terminationMessagePolicy File, port protocol TCP, probe timings
//               1/10/1/3, httpGet path / and scheme HTTP, fieldRef apiVersion v1, requests from limits,
//               hostPort = containerPort on the host network; a volume with no source is an emptyDir
//   Deployment  replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600
//   ReplicaSet  replicas 1                      (both: their pod template as a pod spec, less the
//                                                pod-only defaults, as in Kubernetes)
//   Service     type ClusterIP, sessionAffinity None, port protocol TCP, targetPort = port,
//               internalTrafficPolicy Cluster, externalTrafficPolicy Cluster where externally reachable,
//               allocateLoadBalancerNodePorts true for LoadBalancer, clusterIPs from clusterIP
//   Secret      type Opaque
//   Namespace   spec.finalizers ["kubernetes"] when absent, status.phase Active
//   Node        status.allocatable = status.capacity when absent
//   Endpoints, EndpointSlice   port protocol TCP (and an EndpointSlice port name "")
//
// Pods also get, on create, what Kubernetes' DefaultTolerationSeconds admission plugin adds (see
// withDefaultTolerations; the API server calls it with its pod eviction timeout).
//
// Fields the request set are kept. As in Kubernetes' defaulters, the Go zero value of a plain field ("",
// or 0 for counts such as a probe's periodSeconds) means unset; optional fields (replicas,
// terminationGracePeriodSeconds, ...) are unset only when absent or null. Defaulting twice changes
// nothing. The Namespace finalizer is added only when spec.finalizers is absent, so the namespace
// controller's finalize step must write an empty list rather than drop the field.
//
// Pure functions; thread-safe.
#pragma once

#include "object.h"

#include <QJsonObject>
#include <QString>

namespace tugboat::api {

// The object with its kind's defaults filled in; kinds without defaults come back unchanged.
Object withDefaults(const Object &obj);

// The pieces, for objects embedded in others (a pod template, a pod spec being built).
QJsonObject withPodSpecDefaults(const QJsonObject &spec);     // as in a template
QJsonObject withPodTemplateDefaults(const QJsonObject &tmpl); // its spec, as in a template
QString defaultImagePullPolicy(const QString &image);         // "Always" or "IfNotPresent"

// Kubernetes' DefaultTolerationSeconds admission: a pod without a toleration of the NoExecute taint
// node.kubernetes.io/not-ready gets {key: node.kubernetes.io/not-ready, operator: Exists, effect:
// NoExecute, tolerationSeconds: `seconds`}, and the same for node.kubernetes.io/unreachable, so that
// its pods leave a failed node `seconds` after it is tainted. A toleration with that key or no key,
// and effect NoExecute or none, counts as one already. Other kinds come back unchanged.
Object withDefaultTolerations(const Object &pod, qint64 seconds);

} // namespace tugboat::api
