// Authorisation: may this identity do this request? Decided by role, with Kubernetes' wording when not.
//
// admin     everything.
// viewer    get, list and watch every resource except secrets and the subresources that open a
//           channel into a pod or node (exec, attach, portforward, proxy); discovery, /version, /metrics
//           and the health endpoints. Nothing that writes.
// node      Kubernetes' Node authorizer and NodeRestriction admission, folded into one decision because
//           the request attributes carry what NodeRestriction would read from the object:
//            - nodes: get, list, watch; create, update, patch its own Node (and nodes/status);
//            - leases.coordination.k8s.io in kube-node-lease: get, create, update, patch its own Lease;
//            - pods: get, list, watch; update and patch pods/status of pods bound to it; delete pods
//              bound to it (the kubelet completes a graceful deletion once the containers have
//              stopped, and NodeRestriction allows exactly that); never create (no mirror pods);
//            - services, endpoints, endpointslices.discovery.k8s.io: get, list, watch;
//            - configmaps, secrets: get, and list/watch of one named object (how the kubelet watches a
//              single secret), only of objects its pods reference when the server provides
//              `referencedByPodOn`; never a list of all;
//            - events (core and events.k8s.io): create, patch;
//           A join token (node role, no node name) is allowed no resource at all: the server exchanges
//           it for a node credential outside the authorizer.
// anonymous /healthz, /livez, /readyz (and their sub-paths) and /version, with verb get.
// Every authenticated identity may also get the discovery documents (/api, /apis, /openapi/...) and
// /version, as Kubernetes' system:discovery role allows.
//
// Stateless; may be called from any thread. The callbacks in RequestAttributes are called on the
// calling thread, at most once each, and only when a node rule needs them.
#pragma once

#include "api/result.h"
#include "identity.h"

#include <QString>
#include <functional>
#include <optional>

namespace tugboat::apiserver {

struct RequestAttributes {
    // get, list, watch, create, update, patch, delete, deletecollection for resources; the lower-case
    // HTTP method (get, post, put, ...) for non-resource paths.
    QString verb;
    QString group;       // "" for the core group, "apps", "coordination.k8s.io", ...
    QString resource;    // plural: "pods"; empty for a non-resource request
    QString subresource; // "status", "binding", "log", ...
    QString namespaceName;
    // The object's name. For create, the server fills in metadata.name of the object in the body, so
    // that "its own Node/Lease" can be checked; for a list or watch, the name a fieldSelector
    // metadata.name=X pins, if any.
    QString name;
    QString path; // the URL path of a non-resource request: "/healthz", "/apis"

    // Node rules on pods (and their subresources): the spec.nodeName of the pod as stored (not as the
    // request body claims). nullopt when the pod does not exist; unset means unknown, which denies.
    std::function<std::optional<QString>()> podNodeName;
    // Node rules on secrets and configmaps: whether a pod bound to the given node references this
    // object. Unset: any named object may be read.
    std::function<bool(const QString &nodeName)> referencedByPodOn;

    bool isResourceRequest() const { return !resource.isEmpty(); }
};

struct Decision {
    bool allowed = false;
    // Denied: Kubernetes' Forbidden message, e.g.
    //   nodes "n1" is forbidden: User "system:node:n2" cannot patch resource "nodes" in API group "" at
    //   the cluster scope
    QString message;
    // Why, in a few words, for logs and audit (not shown to the user, as Kubernetes does not show it).
    QString reason;

    explicit operator bool() const { return allowed; }
    // A Forbidden error carrying `message`: what the server turns into the 403 Status.
    api::Error toError() const;
};

Decision authorize(const Identity &identity, const RequestAttributes &request);

// `<resource>[.<group>] ["<name>"] is forbidden: User "<user>" cannot <verb> resource "<resource>[/<sub>]"
// in API group "<group>" (in the namespace "<ns>" | at the cluster scope)`, or for a path
// `forbidden: User "<user>" cannot <verb> path "<path>"`, as Kubernetes' apiserver words it.
QString forbiddenMessage(const Identity &identity, const RequestAttributes &request);

} // namespace tugboat::apiserver
