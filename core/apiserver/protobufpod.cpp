// core/v1 Pod: the kind, its template, PodSpec with its scheduling parts (affinity, tolerations,
// topology spread), the pod security context, and PodStatus, from k8s.io/api/core/v1/generated.proto.
// Containers are in protobufcontainer.cpp, volumes in protobufvolume.cpp.
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addPodMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["core.Pod"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.PodSpec"},
        {3, "status", "core.PodStatus"},
    };
    table["core.PodTemplateSpec"] = {
        {1, "metadata", "meta.ObjectMeta"},
        {2, "spec", "core.PodSpec"},
    };
    table["core.PodSpec"] = {
        {1, "volumes", "core.Volume", Rep},
        {20, "initContainers", "core.Container", Rep},
        {2, "containers", "core.Container", Rep | NoOmit},
        {34, "ephemeralContainers", "core.EphemeralContainer", Rep},
        {3, "restartPolicy", String},
        {4, "terminationGracePeriodSeconds", Int64, Ptr},
        {5, "activeDeadlineSeconds", Int64, Ptr},
        {6, "dnsPolicy", String},
        {7, "nodeSelector", StringMap},
        {8, "serviceAccountName", String},
        {9, "serviceAccount", String},
        {21, "automountServiceAccountToken", Bool, Ptr},
        {10, "nodeName", String},
        {11, "hostNetwork", Bool},
        {12, "hostPID", Bool},
        {13, "hostIPC", Bool},
        {27, "shareProcessNamespace", Bool, Ptr},
        {14, "securityContext", "core.PodSecurityContext", Ptr},
        {15, "imagePullSecrets", "core.LocalObjectReference", Rep},
        {16, "hostname", String},
        {17, "subdomain", String},
        {18, "affinity", "core.Affinity", Ptr},
        {19, "schedulerName", String},
        {22, "tolerations", "core.Toleration", Rep},
        {23, "hostAliases", "core.HostAlias", Rep},
        {24, "priorityClassName", String},
        {25, "priority", Int32, Ptr},
        {26, "dnsConfig", "core.PodDNSConfig", Ptr},
        {28, "readinessGates", "core.PodReadinessGate", Rep},
        {29, "runtimeClassName", String, Ptr},
        {30, "enableServiceLinks", Bool, Ptr},
        {31, "preemptionPolicy", String, Ptr},
        {32, "overhead", QuantityMap},
        {33, "topologySpreadConstraints", "core.TopologySpreadConstraint", Rep},
        {35, "setHostnameAsFQDN", Bool, Ptr},
        {36, "os", "core.PodOS", Ptr},
        {37, "hostUsers", Bool, Ptr},
        {38, "schedulingGates", "core.PodSchedulingGate", Rep},
        {39, "resourceClaims", "core.PodResourceClaim", Rep},
        {40, "resources", "core.ResourceRequirements", Ptr},
    };
    table["core.PodSecurityContext"] = {
        {1, "seLinuxOptions", "core.SELinuxOptions", Ptr},
        {8, "windowsOptions", "core.WindowsSecurityContextOptions", Ptr},
        {2, "runAsUser", Int64, Ptr},
        {6, "runAsGroup", Int64, Ptr},
        {3, "runAsNonRoot", Bool, Ptr},
        {4, "supplementalGroups", Int64, Rep},
        {12, "supplementalGroupsPolicy", String, Ptr},
        {5, "fsGroup", Int64, Ptr},
        {7, "sysctls", "core.Sysctl", Rep},
        {9, "fsGroupChangePolicy", String, Ptr},
        {10, "seccompProfile", "core.SeccompProfile", Ptr},
        {11, "appArmorProfile", "core.AppArmorProfile", Ptr},
        {13, "seLinuxChangePolicy", String, Ptr},
    };
    table["core.Sysctl"] = {
        {1, "name", String, NoOmit},
        {2, "value", String, NoOmit},
    };
    table["core.PodDNSConfig"] = {
        {1, "nameservers", String, Rep},
        {2, "searches", String, Rep},
        {3, "options", "core.PodDNSConfigOption", Rep},
    };
    table["core.PodDNSConfigOption"] = {
        {1, "name", String},
        {2, "value", String, Ptr},
    };
    table["core.HostAlias"] = {
        {1, "ip", String, NoOmit},
        {2, "hostnames", String, Rep},
    };
    table["core.PodOS"] = {
        {1, "name", String, NoOmit},
    };
    table["core.PodReadinessGate"] = {
        {1, "conditionType", String, NoOmit},
    };
    table["core.PodSchedulingGate"] = {
        {1, "name", String, NoOmit},
    };
    table["core.PodResourceClaim"] = {
        {1, "name", String, NoOmit},
        {3, "resourceClaimName", String, Ptr},
        {4, "resourceClaimTemplateName", String, Ptr},
    };
    table["core.Toleration"] = {
        {1, "key", String},
        {2, "operator", String},
        {3, "value", String},
        {4, "effect", String},
        {5, "tolerationSeconds", Int64, Ptr},
    };
    table["core.TopologySpreadConstraint"] = {
        {1, "maxSkew", Int32, NoOmit},
        {2, "topologyKey", String, NoOmit},
        {3, "whenUnsatisfiable", String, NoOmit},
        {4, "labelSelector", "meta.LabelSelector", Ptr},
        {5, "minDomains", Int32, Ptr},
        {6, "nodeAffinityPolicy", String, Ptr},
        {7, "nodeTaintsPolicy", String, Ptr},
        {8, "matchLabelKeys", String, Rep},
    };
    table["core.Affinity"] = {
        {1, "nodeAffinity", "core.NodeAffinity", Ptr},
        {2, "podAffinity", "core.PodAffinity", Ptr},
        {3, "podAntiAffinity", "core.PodAntiAffinity", Ptr},
    };
    table["core.NodeAffinity"] = {
        {1, "requiredDuringSchedulingIgnoredDuringExecution", "core.NodeSelector", Ptr},
        {2, "preferredDuringSchedulingIgnoredDuringExecution", "core.PreferredSchedulingTerm", Rep},
    };
    table["core.NodeSelector"] = {
        {1, "nodeSelectorTerms", "core.NodeSelectorTerm", Rep | NoOmit},
    };
    table["core.NodeSelectorTerm"] = {
        {1, "matchExpressions", "core.NodeSelectorRequirement", Rep},
        {2, "matchFields", "core.NodeSelectorRequirement", Rep},
    };
    table["core.NodeSelectorRequirement"] = {
        {1, "key", String, NoOmit},
        {2, "operator", String, NoOmit},
        {3, "values", String, Rep},
    };
    table["core.PreferredSchedulingTerm"] = {
        {1, "weight", Int32, NoOmit},
        {2, "preference", "core.NodeSelectorTerm"},
    };
    table["core.PodAffinity"] = {
        {1, "requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm", Rep},
        {2, "preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm", Rep},
    };
    table["core.PodAntiAffinity"] = {
        {1, "requiredDuringSchedulingIgnoredDuringExecution", "core.PodAffinityTerm", Rep},
        {2, "preferredDuringSchedulingIgnoredDuringExecution", "core.WeightedPodAffinityTerm", Rep},
    };
    table["core.PodAffinityTerm"] = {
        {1, "labelSelector", "meta.LabelSelector", Ptr},
        {2, "namespaces", String, Rep},
        {3, "topologyKey", String, NoOmit},
        {4, "namespaceSelector", "meta.LabelSelector", Ptr},
        {5, "matchLabelKeys", String, Rep},
        {6, "mismatchLabelKeys", String, Rep},
    };
    table["core.WeightedPodAffinityTerm"] = {
        {1, "weight", Int32, NoOmit},
        {2, "podAffinityTerm", "core.PodAffinityTerm"},
    };
    table["core.PodStatus"] = {
        {17, "observedGeneration", Int64},
        {1, "phase", String},
        {2, "conditions", "core.PodCondition", Rep},
        {3, "message", String},
        {4, "reason", String},
        {11, "nominatedNodeName", String},
        {5, "hostIP", String},
        {16, "hostIPs", "core.HostIP", Rep},
        {6, "podIP", String},
        {12, "podIPs", "core.PodIP", Rep},
        {7, "startTime", Time, Ptr},
        {10, "initContainerStatuses", "core.ContainerStatus", Rep},
        {8, "containerStatuses", "core.ContainerStatus", Rep},
        {9, "qosClass", String},
        {13, "ephemeralContainerStatuses", "core.ContainerStatus", Rep},
        {14, "resize", String},
        {15, "resourceClaimStatuses", "core.PodResourceClaimStatus", Rep},
    };
    table["core.PodCondition"] = {
        {1, "type", String, NoOmit},
        {7, "observedGeneration", Int64},
        {2, "status", String, NoOmit},
        {3, "lastProbeTime", Time},
        {4, "lastTransitionTime", Time},
        {5, "reason", String},
        {6, "message", String},
    };
    table["core.PodIP"] = {
        {1, "ip", String, NoOmit},
    };
    table["core.HostIP"] = {
        {1, "ip", String, NoOmit},
    };
    table["core.PodResourceClaimStatus"] = {
        {1, "name", String, NoOmit},
        {2, "resourceClaimName", String, Ptr},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
