// The other core/v1 kinds decoded from protobuf: Namespace, ConfigMap, Secret, Service, Endpoints,
// Event and Node, with the references they share, from k8s.io/api/core/v1/generated.proto.
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addCoreMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["core.Namespace"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.NamespaceSpec"},
        {3, "status", "core.NamespaceStatus"},
    };
    table["core.NamespaceSpec"] = {
        {1, "finalizers", String, Rep},
    };
    table["core.NamespaceStatus"] = {
        {1, "phase", String},
        {2, "conditions", "core.NamespaceCondition", Rep},
    };
    table["core.NamespaceCondition"] = {
        {1, "type", String, NoOmit},
        {2, "status", String, NoOmit},
        {4, "lastTransitionTime", Time},
        {5, "reason", String},
        {6, "message", String},
    };
    table["core.ConfigMap"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {4, "immutable", Bool, Ptr},
        {2, "data", StringMap},
        {3, "binaryData", BytesMap},
    };
    table["core.Secret"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {5, "immutable", Bool, Ptr},
        {2, "data", BytesMap},
        {4, "stringData", StringMap},
        {3, "type", String},
    };
    table["core.Service"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.ServiceSpec"},
        {3, "status", "core.ServiceStatus"},
    };
    table["core.ServiceSpec"] = {
        {1, "ports", "core.ServicePort", Rep},
        {2, "selector", StringMap},
        {3, "clusterIP", String},
        {18, "clusterIPs", String, Rep},
        {4, "type", String},
        {5, "externalIPs", String, Rep},
        {7, "sessionAffinity", String},
        {8, "loadBalancerIP", String},
        {9, "loadBalancerSourceRanges", String, Rep},
        {10, "externalName", String},
        {11, "externalTrafficPolicy", String},
        {12, "healthCheckNodePort", Int32},
        {13, "publishNotReadyAddresses", Bool},
        {14, "sessionAffinityConfig", "core.SessionAffinityConfig", Ptr},
        {19, "ipFamilies", String, Rep},
        {17, "ipFamilyPolicy", String, Ptr},
        {20, "allocateLoadBalancerNodePorts", Bool, Ptr},
        {21, "loadBalancerClass", String, Ptr},
        {22, "internalTrafficPolicy", String, Ptr},
        {23, "trafficDistribution", String, Ptr},
    };
    table["core.ServicePort"] = {
        {1, "name", String},
        {2, "protocol", String},
        {6, "appProtocol", String, Ptr},
        {3, "port", Int32, NoOmit},
        {4, "targetPort", IntOrString},
        {5, "nodePort", Int32},
    };
    table["core.SessionAffinityConfig"] = {
        {1, "clientIP", "core.ClientIPConfig", Ptr},
    };
    table["core.ClientIPConfig"] = {
        {1, "timeoutSeconds", Int32, Ptr},
    };
    table["core.ServiceStatus"] = {
        {1, "loadBalancer", "core.LoadBalancerStatus"},
        {2, "conditions", "meta.Condition", Rep},
    };
    table["core.LoadBalancerStatus"] = {
        {1, "ingress", "core.LoadBalancerIngress", Rep},
    };
    table["core.LoadBalancerIngress"] = {
        {1, "ip", String},
        {2, "hostname", String},
        {3, "ipMode", String, Ptr},
        {4, "ports", "core.PortStatus", Rep},
    };
    table["core.PortStatus"] = {
        {1, "port", Int32, NoOmit},
        {2, "protocol", String, NoOmit},
        {3, "error", String, Ptr},
    };
    table["core.Endpoints"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "subsets", "core.EndpointSubset", Rep},
    };
    table["core.EndpointSubset"] = {
        {1, "addresses", "core.EndpointAddress", Rep},
        {2, "notReadyAddresses", "core.EndpointAddress", Rep},
        {3, "ports", "core.EndpointPort", Rep},
    };
    table["core.EndpointAddress"] = {
        {1, "ip", String, NoOmit},
        {3, "hostname", String},
        {4, "nodeName", String, Ptr},
        {2, "targetRef", "core.ObjectReference", Ptr},
    };
    table["core.EndpointPort"] = {
        {1, "name", String},
        {2, "port", Int32, NoOmit},
        {3, "protocol", String},
        {4, "appProtocol", String, Ptr},
    };
    table["core.Event"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "involvedObject", "core.ObjectReference"},
        {3, "reason", String},
        {4, "message", String},
        {5, "source", "core.EventSource"},
        {6, "firstTimestamp", Time},
        {7, "lastTimestamp", Time},
        {8, "count", Int32},
        {9, "type", String},
        {10, "eventTime", MicroTime},
        {11, "series", "core.EventSeries", Ptr},
        {12, "action", String},
        {13, "related", "core.ObjectReference", Ptr},
        {14, "reportingComponent", String, NoOmit},
        {15, "reportingInstance", String, NoOmit},
    };
    table["core.EventSource"] = {
        {1, "component", String},
        {2, "host", String},
    };
    table["core.EventSeries"] = {
        {1, "count", Int32},
        {2, "lastObservedTime", MicroTime},
    };
    table["core.ObjectReference"] = {
        {1, "kind", String},
        {2, "namespace", String},
        {3, "name", String},
        {4, "uid", String},
        {5, "apiVersion", String},
        {6, "resourceVersion", String},
        {7, "fieldPath", String},
    };
    table["core.LocalObjectReference"] = {
        {1, "name", String},
    };
    table["core.Node"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.NodeSpec"},
        {3, "status", "core.NodeStatus"},
    };
    table["core.NodeSpec"] = {
        {1, "podCIDR", String},
        {7, "podCIDRs", String, Rep},
        {3, "providerID", String},
        {4, "unschedulable", Bool},
        {5, "taints", "core.Taint", Rep},
        {6, "configSource", "core.NodeConfigSource", Ptr},
        {2, "externalID", String},
    };
    table["core.Taint"] = {
        {1, "key", String, NoOmit},
        {2, "value", String},
        {3, "effect", String, NoOmit},
        {4, "timeAdded", Time, Ptr},
    };
    table["core.NodeConfigSource"] = {
        {2, "configMap", "core.ConfigMapNodeConfigSource", Ptr},
    };
    table["core.ConfigMapNodeConfigSource"] = {
        {1, "namespace", String, NoOmit},
        {2, "name", String, NoOmit},
        {3, "uid", String},
        {4, "resourceVersion", String},
        {5, "kubeletConfigKey", String, NoOmit},
    };
    table["core.NodeStatus"] = {
        {1, "capacity", QuantityMap},
        {2, "allocatable", QuantityMap},
        {3, "phase", String},
        {4, "conditions", "core.NodeCondition", Rep},
        {5, "addresses", "core.NodeAddress", Rep},
        {6, "daemonEndpoints", "core.NodeDaemonEndpoints"},
        {7, "nodeInfo", "core.NodeSystemInfo"},
        {8, "images", "core.ContainerImage", Rep},
        {9, "volumesInUse", String, Rep},
        {10, "volumesAttached", "core.AttachedVolume", Rep},
        {11, "config", "core.NodeConfigStatus", Ptr},
        {12, "runtimeHandlers", "core.NodeRuntimeHandler", Rep},
        {13, "features", "core.NodeFeatures", Ptr},
    };
    table["core.NodeCondition"] = {
        {1, "type", String, NoOmit},
        {2, "status", String, NoOmit},
        {3, "lastHeartbeatTime", Time},
        {4, "lastTransitionTime", Time},
        {5, "reason", String},
        {6, "message", String},
    };
    table["core.NodeAddress"] = {
        {1, "type", String, NoOmit},
        {2, "address", String, NoOmit},
    };
    table["core.NodeDaemonEndpoints"] = {
        {1, "kubeletEndpoint", "core.DaemonEndpoint"},
    };
    table["core.DaemonEndpoint"] = {
        {1, "Port", Int32, NoOmit},
    };
    table["core.NodeSystemInfo"] = {
        {1, "machineID", String, NoOmit},
        {2, "systemUUID", String, NoOmit},
        {3, "bootID", String, NoOmit},
        {4, "kernelVersion", String, NoOmit},
        {5, "osImage", String, NoOmit},
        {6, "containerRuntimeVersion", String, NoOmit},
        {7, "kubeletVersion", String, NoOmit},
        {8, "kubeProxyVersion", String, NoOmit},
        {9, "operatingSystem", String, NoOmit},
        {10, "architecture", String, NoOmit},
        {11, "swap", "core.NodeSwapStatus", Ptr},
    };
    table["core.NodeSwapStatus"] = {
        {1, "capacity", Int64, Ptr},
    };
    table["core.ContainerImage"] = {
        {1, "names", String, Rep | NoOmit},
        {2, "sizeBytes", Int64},
    };
    table["core.AttachedVolume"] = {
        {1, "name", String, NoOmit},
        {2, "devicePath", String, NoOmit},
    };
    table["core.NodeConfigStatus"] = {
        {1, "assigned", "core.NodeConfigSource", Ptr},
        {2, "active", "core.NodeConfigSource", Ptr},
        {3, "lastKnownGood", "core.NodeConfigSource", Ptr},
        {4, "error", String},
    };
    table["core.NodeRuntimeHandler"] = {
        {1, "name", String, NoOmit},
        {2, "features", "core.NodeRuntimeHandlerFeatures", Ptr},
    };
    table["core.NodeRuntimeHandlerFeatures"] = {
        {1, "recursiveReadOnlyMounts", Bool, Ptr},
        {2, "userNamespaces", Bool, Ptr},
    };
    table["core.NodeFeatures"] = {
        {1, "supplementalGroupsPolicy", Bool, Ptr},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
