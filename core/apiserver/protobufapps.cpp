// The kinds outside core/v1: apps/v1 Deployment and ReplicaSet, coordination.k8s.io/v1 Lease,
// policy/v1 Eviction, autoscaling/v1 Scale, discovery.k8s.io/v1 EndpointSlice and
// authentication.k8s.io/v1 TokenRequest, each from its group's generated.proto.
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addAppsMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["apps.Deployment"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "apps.DeploymentSpec"},
        {3, "status", "apps.DeploymentStatus"},
    };
    table["apps.DeploymentCondition"] = {
        {1, "type", String, NoOmit},
        {2, "status", String, NoOmit},
        {6, "lastUpdateTime", Time},
        {7, "lastTransitionTime", Time},
        {4, "reason", String},
        {5, "message", String},
    };
    table["apps.DeploymentSpec"] = {
        {1, "replicas", Int32, Ptr},
        {2, "selector", "meta.LabelSelector", Ptr | NoOmit},
        {3, "template", "core.PodTemplateSpec"},
        {4, "strategy", "apps.DeploymentStrategy"},
        {5, "minReadySeconds", Int32},
        {6, "revisionHistoryLimit", Int32, Ptr},
        {7, "paused", Bool},
        {9, "progressDeadlineSeconds", Int32, Ptr},
    };
    table["apps.DeploymentStatus"] = {
        {1, "observedGeneration", Int64},
        {2, "replicas", Int32},
        {3, "updatedReplicas", Int32},
        {7, "readyReplicas", Int32},
        {4, "availableReplicas", Int32},
        {5, "unavailableReplicas", Int32},
        {9, "terminatingReplicas", Int32, Ptr},
        {6, "conditions", "apps.DeploymentCondition", Rep},
        {8, "collisionCount", Int32, Ptr},
    };
    table["apps.DeploymentStrategy"] = {
        {1, "type", String},
        {2, "rollingUpdate", "apps.RollingUpdateDeployment", Ptr},
    };
    table["apps.ReplicaSet"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "apps.ReplicaSetSpec"},
        {3, "status", "apps.ReplicaSetStatus"},
    };
    table["apps.ReplicaSetCondition"] = {
        {1, "type", String, NoOmit},
        {2, "status", String, NoOmit},
        {3, "lastTransitionTime", Time},
        {4, "reason", String},
        {5, "message", String},
    };
    table["apps.ReplicaSetSpec"] = {
        {1, "replicas", Int32, Ptr},
        {4, "minReadySeconds", Int32},
        {2, "selector", "meta.LabelSelector", Ptr | NoOmit},
        {3, "template", "core.PodTemplateSpec"},
    };
    table["apps.ReplicaSetStatus"] = {
        {1, "replicas", Int32, NoOmit},
        {2, "fullyLabeledReplicas", Int32},
        {4, "readyReplicas", Int32},
        {5, "availableReplicas", Int32},
        {7, "terminatingReplicas", Int32, Ptr},
        {3, "observedGeneration", Int64},
        {6, "conditions", "apps.ReplicaSetCondition", Rep},
    };
    table["apps.RollingUpdateDeployment"] = {
        {1, "maxUnavailable", IntOrString, Ptr},
        {2, "maxSurge", IntOrString, Ptr},
    };
    table["authentication.BoundObjectReference"] = {
        {1, "kind", String},
        {2, "apiVersion", String},
        {3, "name", String},
        {4, "uid", String},
    };
    table["authentication.TokenRequest"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "authentication.TokenRequestSpec"},
        {3, "status", "authentication.TokenRequestStatus"},
    };
    table["authentication.TokenRequestSpec"] = {
        {1, "audiences", String, Rep | NoOmit},
        {4, "expirationSeconds", Int64, Ptr | NoOmit},
        {3, "boundObjectRef", "authentication.BoundObjectReference", Ptr | NoOmit},
    };
    table["authentication.TokenRequestStatus"] = {
        {1, "token", String, NoOmit},
        {2, "expirationTimestamp", Time},
    };
    table["autoscaling.Scale"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "autoscaling.ScaleSpec"},
        {3, "status", "autoscaling.ScaleStatus"},
    };
    table["autoscaling.ScaleSpec"] = {
        {1, "replicas", Int32},
    };
    table["autoscaling.ScaleStatus"] = {
        {1, "replicas", Int32, NoOmit},
        {2, "selector", String},
    };
    table["coordination.Lease"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "coordination.LeaseSpec"},
    };
    table["coordination.LeaseSpec"] = {
        {1, "holderIdentity", String, Ptr},
        {2, "leaseDurationSeconds", Int32, Ptr},
        {3, "acquireTime", MicroTime, Ptr},
        {4, "renewTime", MicroTime, Ptr},
        {5, "leaseTransitions", Int32, Ptr},
        {6, "strategy", String, Ptr},
        {7, "preferredHolder", String, Ptr},
    };
    table["discovery.Endpoint"] = {
        {1, "addresses", String, Rep | NoOmit},
        {2, "conditions", "discovery.EndpointConditions"},
        {3, "hostname", String, Ptr},
        {4, "targetRef", "core.ObjectReference", Ptr},
        {5, "deprecatedTopology", StringMap},
        {6, "nodeName", String, Ptr},
        {7, "zone", String, Ptr},
        {8, "hints", "discovery.EndpointHints", Ptr},
    };
    table["discovery.EndpointConditions"] = {
        {1, "ready", Bool, Ptr},
        {2, "serving", Bool, Ptr},
        {3, "terminating", Bool, Ptr},
    };
    table["discovery.EndpointHints"] = {
        {1, "forZones", "discovery.ForZone", Rep},
        {2, "forNodes", "discovery.ForNode", Rep},
    };
    table["discovery.EndpointPort"] = {
        {1, "name", String, Ptr},
        {2, "protocol", String, Ptr},
        {3, "port", Int32, Ptr},
        {4, "appProtocol", String, Ptr},
    };
    table["discovery.EndpointSlice"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {4, "addressType", String, NoOmit},
        {2, "endpoints", "discovery.Endpoint", Rep | NoOmit},
        {3, "ports", "discovery.EndpointPort", Rep | NoOmit},
    };
    table["discovery.ForNode"] = {
        {1, "name", String, NoOmit},
    };
    table["discovery.ForZone"] = {
        {1, "name", String, NoOmit},
    };
    table["policy.Eviction"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "deleteOptions", "meta.DeleteOptions", Ptr},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
