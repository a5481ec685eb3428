// core/v1 Pod: the kind, its spec and status, scheduling (affinity, tolerations, spread), the pod
// template, and the kinds its subresources answer with (Binding, policy/v1 Eviction).
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

void addPod(SchemaSet &set)
{
    set.kind(core("Pod"),
             "Pod is a collection of containers that can run on a host. This resource is created by clients and "
             "scheduled onto hosts.",
             {QString(), QStringLiteral("v1"), QStringLiteral("Pod")},
             {
                 {"spec", ref(core("PodSpec"), "Specification of the desired behavior of the pod. More info: "
                                               "https://git.k8s.io/community/contributors/devel/"
                                               "sig-architecture/api-conventions.md#spec-and-status")},
                 {"status",
                  ref(core("PodStatus"), "Most recently observed status of the pod. This data may not be up to date. "
                                         "Populated by the system. Read-only. More info: "
                                         "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                                         "api-conventions.md#spec-and-status")},
             });
    set.list(core("PodList"), core("Pod"), {QString(), QStringLiteral("v1"), QStringLiteral("PodList")});
    set.object(core("PodTemplateSpec"),
               "PodTemplateSpec describes the data a pod should have when created from "
               "a template",
               {
                   {"metadata", ref(meta("ObjectMeta"), "Standard object's metadata. More info: "
                                                        "https://git.k8s.io/community/contributors/devel/"
                                                        "sig-architecture/api-conventions.md#metadata")},
                   {"spec", ref(core("PodSpec"), "Specification of the desired behavior of the pod. More info: "
                                                 "https://git.k8s.io/community/contributors/devel/"
                                                 "sig-architecture/api-conventions.md#spec-and-status")},
               });
}

void addPodSpec(SchemaSet &set)
{
    set.object(
        core("PodSpec"), "PodSpec is a description of a pod.",
        {
            {"activeDeadlineSeconds", i64("Optional duration in seconds the pod may be active on the node "
                                          "relative to StartTime before "
                                          "the system will actively try to mark it failed and kill "
                                          "associated containers. Value must be "
                                          "a positive integer.")},
            {"affinity", ref(core("Affinity"), "If specified, the pod's scheduling constraints")},
            {"automountServiceAccountToken",
             boolean("AutomountServiceAccountToken indicates whether a service account token should be "
                     "automatically mounted.")},
            {"containers",
             byName(refs(core("Container"),
                         "List of containers belonging to the pod. Containers cannot currently be added or "
                         "removed. There must be at least one container in a Pod. Cannot be updated."))},
            {"dnsConfig", ref(core("PodDNSConfig"),
                              "Specifies the DNS parameters of a pod. Parameters specified here will be merged "
                              "to the generated DNS configuration based on DNSPolicy.")},
            {"dnsPolicy", oneOf("Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are "
                                "'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters "
                                "given in DNSConfig will be merged with the policy selected with DNSPolicy.",
                                {QStringLiteral("ClusterFirst"), QStringLiteral("ClusterFirstWithHostNet"),
                                 QStringLiteral("Default"), QStringLiteral("None")})},
            {"enableServiceLinks",
             boolean("EnableServiceLinks indicates whether information about services should be injected into "
                     "pod's environment variables, matching the syntax of Docker links. Optional: Defaults to "
                     "true.")},
            {"ephemeralContainers",
             byName(refs(core("EphemeralContainer"),
                         "List of ephemeral containers run in this pod. Ephemeral containers may be run in an "
                         "existing pod to perform user-initiated actions such as debugging. This list cannot be "
                         "specified when creating a pod, and it cannot be modified by updating the pod spec."))},
            {"hostAliases",
             listMap(patchMerge(refs(core("HostAlias"),
                                     "HostAliases is an optional list of hosts and IPs that will be injected "
                                     "into the pod's hosts file if specified."),
                                "ip"),
                     {QStringLiteral("ip")})},
            {"hostIPC", boolean("Use the host's ipc namespace. Optional: Default to false.")},
            {"hostNetwork",
             boolean("Host networking requested for this pod. Use the host's network namespace. If this option "
                     "is set, the ports that will be used must be specified. Default to false.")},
            {"hostPID", boolean("Use the host's pid namespace. Optional: Default to false.")},
            {"hostUsers",
             boolean("Use the host's user namespace. Optional: Default to true. If set to true or not present, "
                     "the pod will be run in the host user namespace.")},
            {"hostname", str("Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a "
                             "system-defined value.")},
            {"imagePullSecrets",
             byName(refs(core("LocalObjectReference"),
                         "ImagePullSecrets is an optional list of references to secrets in the same namespace "
                         "to use for pulling any of the images used by this PodSpec. More info: "
                         "https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-"
                         "on-a-pod"))},
            {"initContainers",
             byName(refs(core("Container"),
                         "List of initialization containers belonging to the pod. Init containers are executed "
                         "in order prior to containers being started. If any init container fails, the pod is "
                         "considered to have failed and is handled according to its restartPolicy. More info: "
                         "https://kubernetes.io/docs/concepts/workloads/pods/init-containers/"))},
            {"nodeName", str("NodeName indicates in which node this pod is scheduled. If empty, this pod is "
                             "a candidate for "
                             "scheduling by the scheduler defined in schedulerName. Once this field is set, "
                             "the kubelet for "
                             "this node becomes responsible for the lifecycle of this pod.")},
            {"nodeSelector",
             strMap("NodeSelector is a selector which must be true for the pod to fit on a node. Selector which "
                    "must match a node's labels for the pod to be scheduled on that node. More info: "
                    "https://kubernetes.io/docs/concepts/configuration/assign-pod-node/")},
            {"os", ref(core("PodOS"), "Specifies the OS of the containers in the pod. Some pod and container "
                                      "fields are restricted if this is set.")},
            {"overhead",
             quantities("Overhead represents the resource overhead associated with running a pod for a given "
                        "RuntimeClass. This field will be autopopulated at admission time by the RuntimeClass "
                        "admission controller.")},
            {"preemptionPolicy",
             str("PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, "
                 "PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.")},
            {"priority", i32("The priority value. Various system components use this field to find the priority of the "
                             "pod. The higher the value, the higher the priority.")},
            {"priorityClassName",
             str("If specified, indicates the pod's priority. \"system-node-critical\" and "
                 "\"system-cluster-critical\" are two special keywords which indicate the highest "
                 "priorities. "
                 "Any other name must be defined by creating a PriorityClass object with that name.")},
            {"readinessGates",
             listAtomic(refs(core("PodReadinessGate"),
                             "If specified, all readiness gates will be evaluated for pod readiness. A pod is "
                             "ready when all its containers are ready AND all conditions specified in the "
                             "readiness gates have status equal to \"True\"."))},
            {"resourceClaims",
             listMap(patchMerge(refs(core("PodResourceClaim"),
                                     "ResourceClaims defines which ResourceClaims must be allocated and reserved "
                                     "before the Pod is allowed to start. The resources will be made available "
                                     "to those containers which consume them by name."),
                                "name", "merge,retainKeys"),
                     {QStringLiteral("name")})},
            {"resources",
             ref(core("ResourceRequirements"),
                 "Resources is the total amount of CPU and Memory resources required by all containers in "
                 "the "
                 "pod. It supports specifying Requests and Limits for \"cpu\" and \"memory\" resource names "
                 "only. ResourceClaims are not supported.")},
            {"restartPolicy",
             oneOf("Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some "
                   "contexts, only a subset of those values may be permitted. Default to Always. More info: "
                   "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy",
                   {QStringLiteral("Always"), QStringLiteral("Never"), QStringLiteral("OnFailure")})},
            {"runtimeClassName",
             str("RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be "
                 "used to run this pod.")},
            {"schedulerName",
             str("If specified, the pod will be dispatched by specified scheduler. If not specified, the pod "
                 "will be dispatched by default scheduler.")},
            {"schedulingGates",
             byName(refs(core("PodSchedulingGate"),
                         "SchedulingGates is an opaque list of values that if specified will block scheduling "
                         "the pod. If schedulingGates is not empty, the pod will stay in the SchedulingGated "
                         "state and the scheduler will not attempt to schedule the pod."))},
            {"securityContext",
             ref(core("PodSecurityContext"), "SecurityContext holds pod-level security attributes and common container "
                                             "settings. Optional: Defaults to empty.  See type description for default "
                                             "values of each field.")},
            {"serviceAccount",
             str("DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use "
                 "serviceAccountName instead.")},
            {"serviceAccountName",
             str("ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: "
                 "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/")},
            {"setHostnameAsFQDN",
             boolean("If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf "
                     "name (the default). Default to false.")},
            {"shareProcessNamespace",
             boolean("Share a single process namespace between all of the containers in a pod. When this is "
                     "set containers will be able to view and signal processes from other containers in the "
                     "same pod. Optional: Default to false.")},
            {"subdomain",
             str("If specified, the fully qualified Pod hostname will be "
                 "\"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\". If not specified, the pod "
                 "will not have a domainname at all.")},
            {"terminationGracePeriodSeconds",
             i64("Optional duration in seconds the pod needs to terminate gracefully. May be decreased in "
                 "delete request. Value must be non-negative integer. The value zero indicates stop "
                 "immediately via the kill signal (no opportunity to shut down). Defaults to 30 seconds.")},
            {"tolerations", listAtomic(refs(core("Toleration"), "If specified, the pod's tolerations."))},
            {"topologySpreadConstraints",
             listMap(patchMerge(refs(core("TopologySpreadConstraint"),
                                     "TopologySpreadConstraints describes how a group of pods ought to spread "
                                     "across topology domains. Scheduler will schedule pods in a way which "
                                     "abides by the constraints. All topologySpreadConstraints are ANDed."),
                                "topologyKey"),
                     {QStringLiteral("topologyKey"), QStringLiteral("whenUnsatisfiable")})},
            {"volumes", listMap(patchMerge(refs(core("Volume"), "List of volumes that can be mounted by containers "
                                                                "belonging to the pod. More info: "
                                                                "https://kubernetes.io/docs/concepts/storage/volumes"),
                                           "name", "merge,retainKeys"),
                                {QStringLiteral("name")})},
        },
        {QStringLiteral("containers")});
}

void addPodStatus(SchemaSet &set)
{
    set.object(
        core("PodStatus"),
        "PodStatus represents information about the status of a pod. Status may trail the actual state of a "
        "system, especially if the node that hosts the pod cannot contact the control plane.",
        {
            {"conditions",
             listMap(patchMerge(refs(core("PodCondition"),
                                     "Current service state of pod. More info: https://kubernetes.io/docs/"
                                     "concepts/workloads/pods/pod-lifecycle#pod-conditions"),
                                "type"),
                     {QStringLiteral("type")})},
            {"containerStatuses",
             listAtomic(refs(core("ContainerStatus"),
                             "Statuses of containers in this pod. Each container in the pod should have at most "
                             "one status in this list, and all statuses should be for containers in the pod. "
                             "More info: https://kubernetes.io/docs/concepts/workloads/pods/"
                             "pod-lifecycle#pod-and-container-status"))},
            {"ephemeralContainerStatuses",
             listAtomic(refs(core("ContainerStatus"), "Statuses for any ephemeral containers that have run in "
                                                      "this pod."))},
            {"hostIP", str("hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has "
                           "not started yet.")},
            {"hostIPs",
             listAtomic(patchMerge(refs(core("HostIP"), "hostIPs holds the IP addresses allocated to the host. "
                                                        "If this field is specified, the first entry must match "
                                                        "the hostIP field."),
                                   "ip"))},
            {"initContainerStatuses",
             listAtomic(refs(core("ContainerStatus"),
                             "Statuses of init containers in this pod. The most recent successful non-restartable "
                             "init container will have ready = true, the most recently started container will "
                             "have startTime set."))},
            {"message", str("A human readable message indicating details about why the pod is in this condition.")},
            {"nominatedNodeName",
             str("nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot "
                 "be "
                 "scheduled right away as preemption victims receive their graceful termination periods.")},
            {"observedGeneration",
             i64("If set, this represents the .metadata.generation that the pod status was set based upon.")},
            {"phase", oneOf("The phase of a Pod is a simple, high-level summary of where the Pod is in its "
                            "lifecycle. One of Pending, Running, Succeeded, Failed or Unknown. More info: "
                            "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase",
                            {QStringLiteral("Failed"), QStringLiteral("Pending"), QStringLiteral("Running"),
                             QStringLiteral("Succeeded"), QStringLiteral("Unknown")})},
            {"podIP", str("podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet "
                          "allocated.")},
            {"podIPs", listMap(patchMerge(refs(core("PodIP"),
                                               "podIPs holds the IP addresses allocated to the pod. If this field is "
                                               "specified, the 0th entry must match the podIP field."),
                                          "ip"),
                               {QStringLiteral("ip")})},
            {"qosClass",
             oneOf("The Quality of Service (QOS) classification assigned to the pod based on "
                   "resource requirements. More info: https://kubernetes.io/docs/concepts/"
                   "workloads/pods/pod-qos/#quality-of-service-classes",
                   {QStringLiteral("BestEffort"), QStringLiteral("Burstable"), QStringLiteral("Guaranteed")})},
            {"reason", str("A brief CamelCase message indicating details about why the pod is in this state. e.g. "
                           "'Evicted'")},
            {"resize", str("Status of resources resize desired for pod's containers.")},
            {"resourceClaimStatuses",
             listMap(patchMerge(arrayOf(opaque(""), "Status of resource claims."), "name", "merge,retainKeys"),
                     {QStringLiteral("name")})},
            {"startTime",
             time("RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before "
                  "the Kubelet pulled the container image(s) for the pod.")},
        });
    set.object(core("PodCondition"), "PodCondition contains details for the current condition of this pod.",
               {
                   {"lastProbeTime", time("Last time we probed the condition.")},
                   {"lastTransitionTime", time("Last time the condition transitioned from one status to another.")},
                   {"message", str("Human-readable message indicating details about last transition.")},
                   {"observedGeneration",
                    i64("If set, this represents the .metadata.generation that the pod condition was set "
                        "based upon.")},
                   {"reason", str("Unique, one-word, CamelCase reason for the condition's last transition.")},
                   {"status", str("Status is the status of the condition. Can be True, False, Unknown. More info: "
                                  "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions")},
                   {"type", str("Type is the type of the condition. More info: "
                                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions")},
               },
               {QStringLiteral("type"), QStringLiteral("status")});
    set.object(core("PodIP"), "PodIP represents a single IP address allocated to the pod.",
               {{"ip", str("IP is the IP address assigned to the pod")}}, {QStringLiteral("ip")});
    set.object(core("HostIP"), "HostIP represents a single IP address allocated to the host.",
               {{"ip", str("IP is the IP address assigned to the host")}}, {QStringLiteral("ip")});
}

void addSchedulingTypes(SchemaSet &set)
{
    set.object(core("Affinity"), "Affinity is a group of affinity scheduling rules.",
               {
                   {"nodeAffinity", ref(core("NodeAffinity"), "Describes node affinity scheduling rules for the "
                                                              "pod.")},
                   {"podAffinity",
                    ref(core("PodAffinity"), "Describes pod affinity scheduling rules (e.g. co-locate this pod in the "
                                             "same node, zone, etc. as some other pod(s)).")},
                   {"podAntiAffinity",
                    ref(core("PodAntiAffinity"), "Describes pod anti-affinity scheduling rules (e.g. avoid putting "
                                                 "this pod in the same node, zone, etc. as some other pod(s)).")},
               });
    set.object(core("NodeAffinity"), "Node affinity is a group of node affinity scheduling rules.",
               {
                   {"preferredDuringSchedulingIgnoredDuringExecution",
                    listAtomic(refs(core("PreferredSchedulingTerm"),
                                    "The scheduler will prefer to schedule pods to nodes that satisfy the "
                                    "affinity expressions specified by this field, but it may choose a node "
                                    "that violates one or more of the expressions."))},
                   {"requiredDuringSchedulingIgnoredDuringExecution",
                    ref(core("NodeSelector"),
                        "If the affinity requirements specified by this field are not met at scheduling time, "
                        "the pod will not be scheduled onto the node.")},
               });
    set.object(core("NodeSelector"),
               "A node selector represents the union of the results of one or more label queries over a set of "
               "nodes; that is, it represents the OR of the selectors represented by the node selector terms.",
               {{"nodeSelectorTerms",
                 listAtomic(refs(core("NodeSelectorTerm"), "Required. A list of node selector terms. The terms "
                                                           "are ORed."))}},
               {QStringLiteral("nodeSelectorTerms")});
    set.object(core("NodeSelectorTerm"),
               "A null or empty node selector term matches no objects. The requirements of them are ANDed.",
               {
                   {"matchExpressions",
                    listAtomic(refs(core("NodeSelectorRequirement"), "A list of node selector requirements by node's "
                                                                     "labels."))},
                   {"matchFields", listAtomic(refs(core("NodeSelectorRequirement"),
                                                   "A list of node selector requirements by node's fields."))},
               });
    set.object(core("NodeSelectorRequirement"),
               "A node selector requirement is a selector that contains values, a key, and an operator that "
               "relates the key and values.",
               {
                   {"key", str("The label key that the selector applies to.")},
                   {"operator", oneOf("Represents a key's relationship to a set of values. Valid operators are "
                                      "In, NotIn, Exists, DoesNotExist. Gt, and Lt.",
                                      {QStringLiteral("DoesNotExist"), QStringLiteral("Exists"), QStringLiteral("Gt"),
                                       QStringLiteral("In"), QStringLiteral("Lt"), QStringLiteral("NotIn")})},
                   {"values", listAtomic(strs("An array of string values. If the operator is In or NotIn, the "
                                              "values array must be non-empty."))},
               },
               {QStringLiteral("key"), QStringLiteral("operator")});
    set.object(core("PreferredSchedulingTerm"),
               "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a "
               "no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op).",
               {
                   {"preference", ref(core("NodeSelectorTerm"), "A node selector term, associated with the "
                                                                "corresponding weight.")},
                   {"weight", i32("Weight associated with matching the corresponding nodeSelectorTerm, in the "
                                  "range 1-100.")},
               },
               {QStringLiteral("weight"), QStringLiteral("preference")});
    const char *podAffinityDoc = "Pod affinity is a group of inter pod affinity scheduling rules.";
    const char *podAntiAffinityDoc = "Pod anti affinity is a group of inter pod anti affinity scheduling rules.";
    for (const auto &[id, doc] :
         {std::pair{core("PodAffinity"), podAffinityDoc}, std::pair{core("PodAntiAffinity"), podAntiAffinityDoc}}) {
        set.object(id, doc,
                   {
                       {"preferredDuringSchedulingIgnoredDuringExecution",
                        listAtomic(refs(core("WeightedPodAffinityTerm"),
                                        "The scheduler will prefer to schedule pods to nodes that satisfy the "
                                        "expressions specified by this field, but it may choose a node that "
                                        "violates one or more of the expressions."))},
                       {"requiredDuringSchedulingIgnoredDuringExecution",
                        listAtomic(refs(core("PodAffinityTerm"),
                                        "If the requirements specified by this field are not met at "
                                        "scheduling time, the pod will not be scheduled onto the node."))},
                   });
    }
    set.object(
        core("PodAffinityTerm"),
        "Defines a set of pods (namely those matching the labelSelector relative to the given "
        "namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) "
        "with, where co-located is defined as running on a node whose value of the label with key "
        "<topologyKey> matches that of any node on which a pod of the set of pods is running",
        {
            {"labelSelector", ref(meta("LabelSelector"), "A label query over a set of resources, in this "
                                                         "case pods.")},
            {"matchLabelKeys", listAtomic(strs("MatchLabelKeys is a set of pod label keys to select "
                                               "which pods will be taken into consideration."))},
            {"mismatchLabelKeys", listAtomic(strs("MismatchLabelKeys is a set of pod label keys to select "
                                                  "which pods will be taken into consideration."))},
            {"namespaceSelector", ref(meta("LabelSelector"), "A label query over the set of namespaces "
                                                             "that the term applies to.")},
            {"namespaces", listAtomic(strs("namespaces specifies a static list of namespace names that "
                                           "the term applies to."))},
            {"topologyKey", str("This pod should be co-located (affinity) or not co-located (anti-affinity) with the "
                                "pods matching the labelSelector in the specified namespaces, where co-located is "
                                "defined as running on a node whose value of the label with key topologyKey matches "
                                "that of any node on which any of the selected pods is running. Empty topologyKey is "
                                "not allowed.")},
        },
        {QStringLiteral("topologyKey")});
    set.object(core("WeightedPodAffinityTerm"),
               "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the "
               "most preferred node(s)",
               {
                   {"podAffinityTerm", ref(core("PodAffinityTerm"), "Required. A pod affinity term, associated "
                                                                    "with the corresponding weight.")},
                   {"weight", i32("weight associated with matching the corresponding podAffinityTerm, in the "
                                  "range 1-100.")},
               },
               {QStringLiteral("weight"), QStringLiteral("podAffinityTerm")});
    set.object(core("Toleration"),
               "The pod this Toleration is attached to tolerates any taint that matches the triple "
               "<key,value,effect> using the matching operator <operator>.",
               {
                   {"effect", oneOf("Effect indicates the taint effect to match. Empty means match all taint "
                                    "effects. When specified, allowed values are NoSchedule, PreferNoSchedule "
                                    "and NoExecute.",
                                    {QStringLiteral("NoExecute"), QStringLiteral("NoSchedule"),
                                     QStringLiteral("PreferNoSchedule")})},
                   {"key", str("Key is the taint key that the toleration applies to. Empty means match all taint "
                               "keys.")},
                   {"operator", oneOf("Operator represents a key's relationship to the value. Valid operators "
                                      "are Exists and Equal. Defaults to Equal.",
                                      {QStringLiteral("Equal"), QStringLiteral("Exists")})},
                   {"tolerationSeconds",
                    i64("TolerationSeconds represents the period of time the toleration (which must be of "
                        "effect NoExecute, otherwise this field is ignored) tolerates the taint.")},
                   {"value", str("Value is the taint value the toleration matches to. If the operator is "
                                 "Exists, the value should be empty, otherwise just a regular string.")},
               });
    set.object(core("TopologySpreadConstraint"),
               "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
               {
                   {"labelSelector", ref(meta("LabelSelector"), "LabelSelector is used to find matching pods.")},
                   {"matchLabelKeys", listAtomic(strs("MatchLabelKeys is a set of pod label keys to select the "
                                                      "pods over which spreading will be calculated."))},
                   {"maxSkew", i32("MaxSkew describes the degree to which pods may be unevenly distributed.")},
                   {"minDomains", i32("MinDomains indicates a minimum number of eligible domains.")},
                   {"nodeAffinityPolicy", str("NodeAffinityPolicy indicates how we will treat Pod's "
                                              "nodeAffinity/nodeSelector when calculating pod topology spread "
                                              "skew.")},
                   {"nodeTaintsPolicy", str("NodeTaintsPolicy indicates how we will treat node taints when "
                                            "calculating pod topology spread skew.")},
                   {"topologyKey", str("TopologyKey is the key of node labels. Nodes that have a label with this "
                                       "key and identical values are considered to be in the same topology.")},
                   {"whenUnsatisfiable", oneOf("WhenUnsatisfiable indicates how to deal with a pod if it "
                                               "doesn't satisfy the spread constraint.",
                                               {QStringLiteral("DoNotSchedule"), QStringLiteral("ScheduleAnyway")})},
               },
               {QStringLiteral("maxSkew"), QStringLiteral("topologyKey"), QStringLiteral("whenUnsatisfiable")});
}

void addPodSpecParts(SchemaSet &set)
{
    set.object(core("PodReadinessGate"), "PodReadinessGate contains the reference to a pod condition",
               {{"conditionType", str("ConditionType refers to a condition in the pod's condition list with "
                                      "matching type.")}},
               {QStringLiteral("conditionType")});
    set.object(core("PodSchedulingGate"), "PodSchedulingGate is associated to a Pod to guard its scheduling.",
               {{"name", str("Name of the scheduling gate. Each scheduling gate must have a unique name "
                             "field.")}},
               {QStringLiteral("name")});
    set.object(core("HostAlias"),
               "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the "
               "pod's hosts file.",
               {
                   {"hostnames", listAtomic(strs("Hostnames for the above IP address."))},
                   {"ip", str("IP address of the host file entry.")},
               },
               {QStringLiteral("ip")});
    set.object(core("PodDNSConfig"),
               "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from "
               "DNSPolicy.",
               {
                   {"nameservers", listAtomic(strs("A list of DNS name server IP addresses. This will be "
                                                   "appended to the base nameservers generated from "
                                                   "DNSPolicy. Duplicated nameservers will be removed."))},
                   {"options", listAtomic(refs(core("PodDNSConfigOption"),
                                               "A list of DNS resolver options. This will be merged with the "
                                               "base options generated from DNSPolicy."))},
                   {"searches", listAtomic(strs("A list of DNS search domains for host-name lookup. This will "
                                                "be appended to the base search paths generated from "
                                                "DNSPolicy."))},
               });
    set.object(core("PodDNSConfigOption"), "PodDNSConfigOption defines DNS resolver options of a pod.",
               {
                   {"name", str("Name is this DNS resolver option's name. Required.")},
                   {"value", str("Value is this DNS resolver option's value.")},
               });
    set.object(core("LocalObjectReference"),
               "LocalObjectReference contains enough information to let you locate the referenced object inside "
               "the same namespace.",
               {{"name", str("Name of the referent. This field is effectively required, but due to backwards "
                             "compatibility is allowed to be empty. More info: https://kubernetes.io/docs/"
                             "concepts/overview/working-with-objects/names/#names")}});
    set.object(core("PodOS"), "PodOS defines the OS parameters of a pod.",
               {{"name", str("Name is the name of the operating system. The currently supported values are "
                             "linux and windows.")}},
               {QStringLiteral("name")});
    set.object(core("PodResourceClaim"),
               "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a "
               "ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.",
               {
                   {"name", str("Name uniquely identifies this resource claim inside the pod. This must be a "
                                "DNS_LABEL.")},
                   {"resourceClaimName", str("ResourceClaimName is the name of a ResourceClaim object in the "
                                             "same namespace as this pod.")},
                   {"resourceClaimTemplateName",
                    str("ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same "
                        "namespace as this pod.")},
               },
               {QStringLiteral("name")});
}

void addSubresourceKinds(SchemaSet &set)
{
    set.kind(core("Binding"),
             "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
             {QString(), QStringLiteral("v1"), QStringLiteral("Binding")},
             {{"target", ref(core("ObjectReference"), "The target object that you want to bind to the standard "
                                                      "object.")}});
    QJsonObject binding = set.all().value(core("Binding"));
    binding.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("target")});
    set.add(core("Binding"), binding);

    set.object(
        core("ObjectReference"),
        "ObjectReference contains enough information to let you inspect or modify the referred object.",
        {
            {"apiVersion", str("API version of the referent.")},
            {"fieldPath", str("If referring to a piece of an object instead of an entire object, this string should "
                              "contain a valid JSON/Go field access statement, such as "
                              "desiredState.manifest.containers[2].")},
            {"kind", str("Kind of the referent. More info: https://git.k8s.io/community/contributors/"
                         "devel/sig-architecture/api-conventions.md#types-kinds")},
            {"name", str("Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/"
                         "working-with-objects/names/#names")},
            {"namespace", str("Namespace of the referent. More info: https://kubernetes.io/docs/concepts/"
                              "overview/working-with-objects/namespaces/")},
            {"resourceVersion", str("Specific resourceVersion to which this reference is made, if any.")},
            {"uid", str("UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/"
                        "working-with-objects/names/#uids")},
        });

    set.kind(policy("Eviction"),
             "Eviction evicts a pod from its node subject to certain policies and safety constraints. This is "
             "a subresource of Pod.  A request to cause such an eviction is created by POSTing to "
             ".../pods/<pod name>/evictions.",
             {QStringLiteral("policy"), QStringLiteral("v1"), QStringLiteral("Eviction")},
             {{"deleteOptions", ref(meta("DeleteOptions"), "DeleteOptions may be provided")}});
}

} // namespace

void addPodSchemas(SchemaSet &set)
{
    addPod(set);
    addPodSpec(set);
    addPodStatus(set);
    addSchedulingTypes(set);
    addPodSpecParts(set);
    addSubresourceKinds(set);
}

} // namespace tugboat::apiserver::schemas
