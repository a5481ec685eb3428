// core/v1 kinds other than Pod: Namespace, Node, Service, Endpoints, ConfigMap, Secret, Event.
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

const Gvk v1(const char *kind)
{
    return {QString(), QStringLiteral("v1"), QLatin1String(kind)};
}

const char *kSpecDoc = "Spec defines the behavior of the object. More info: https://git.k8s.io/community/"
                       "contributors/devel/sig-architecture/api-conventions.md#spec-and-status";
const char *kStatusDoc = "Most recently observed status of the object. Populated by the system. Read-only. More "
                         "info: https://git.k8s.io/community/contributors/devel/sig-architecture/"
                         "api-conventions.md#spec-and-status";

QJsonObject conditionsByType(const QString &id, const char *doc)
{
    return listMap(patchMerge(refs(id, doc), "type"), {QStringLiteral("type")});
}

void addNamespace(SchemaSet &set)
{
    set.kind(core("Namespace"), "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
             v1("Namespace"),
             {
                 {"spec", ref(core("NamespaceSpec"), kSpecDoc)},
                 {"status", ref(core("NamespaceStatus"), kStatusDoc)},
             });
    set.list(core("NamespaceList"), core("Namespace"), v1("NamespaceList"));
    set.object(core("NamespaceSpec"), "NamespaceSpec describes the attributes on a Namespace.",
               {{"finalizers", listAtomic(strs("Finalizers is an opaque list of values that must be empty to "
                                               "permanently remove object from storage. More info: "
                                               "https://kubernetes.io/docs/tasks/administer-cluster/"
                                               "namespaces/"))}});
    set.object(core("NamespaceStatus"), "NamespaceStatus is information about the current status of a Namespace.",
               {
                   {"conditions", conditionsByType(core("NamespaceCondition"), "Represents the latest available "
                                                                               "observations of a namespace's "
                                                                               "current state.")},
                   {"phase", oneOf("Phase is the current lifecycle phase of the namespace. More info: "
                                   "https://kubernetes.io/docs/tasks/administer-cluster/namespaces/",
                                   {QStringLiteral("Active"), QStringLiteral("Terminating")})},
               });
    set.object(core("NamespaceCondition"), "NamespaceCondition contains details about state of namespace.",
               {
                   {"lastTransitionTime", time("Last time the condition transitioned from one status to another.")},
                   {"message", str("Human-readable message indicating details about last transition.")},
                   {"reason", str("Unique, one-word, CamelCase reason for the condition's last transition.")},
                   {"status", str("Status of the condition, one of True, False, Unknown.")},
                   {"type", str("Type of namespace controller condition.")},
               },
               {QStringLiteral("type"), QStringLiteral("status")});
}

void addNode(SchemaSet &set)
{
    set.kind(core("Node"),
             "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in "
             "etcd).",
             v1("Node"),
             {
                 {"spec", ref(core("NodeSpec"), "Spec defines the behavior of a node.")},
                 {"status", ref(core("NodeStatus"), "Most recently observed status of the node. Populated by the "
                                                    "system. Read-only.")},
             });
    set.list(core("NodeList"), core("Node"), v1("NodeList"));
    set.object(core("NodeSpec"), "NodeSpec describes the attributes that a node is created with.",
               {
                   {"configSource", opaque("Deprecated: Previously used to specify the source of the node's "
                                           "configuration for the DynamicKubeletConfig feature.")},
                   {"externalID", str("Deprecated. Not all kubelets will set this field.")},
                   {"podCIDR", str("PodCIDR represents the pod IP range assigned to the node.")},
                   {"podCIDRs", listSet(patchMerge(strs("podCIDRs represents the IP ranges assigned to the node "
                                                        "for usage by Pods on that node. If this field is "
                                                        "specified, the 0th entry must match the podCIDR "
                                                        "field."),
                                                   "", "merge"))},
                   {"providerID", str("ID of the node assigned by the cloud provider in the format: "
                                      "<ProviderName>://<ProviderSpecificNodeID>")},
                   {"taints", listAtomic(refs(core("Taint"), "If specified, the node's taints."))},
                   {"unschedulable", boolean("Unschedulable controls node schedulability of new pods. By "
                                             "default, node is schedulable. More info: https://kubernetes.io/"
                                             "docs/concepts/nodes/node/#manual-node-administration")},
               });
    set.object(core("Taint"),
               "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the "
               "Taint.",
               {
                   {"effect", oneOf("Required. The effect of the taint on pods that do not tolerate the taint. "
                                    "Valid effects are NoSchedule, PreferNoSchedule and NoExecute.",
                                    {QStringLiteral("NoExecute"), QStringLiteral("NoSchedule"),
                                     QStringLiteral("PreferNoSchedule")})},
                   {"key", str("Required. The taint key to be applied to a node.")},
                   {"timeAdded", time("TimeAdded represents the time at which the taint was added.")},
                   {"value", str("The taint value corresponding to the taint key.")},
               },
               {QStringLiteral("key"), QStringLiteral("effect")});
    set.object(
        core("NodeStatus"), "NodeStatus is information about the current status of a node.",
        {
            {"addresses", conditionsByType(core("NodeAddress"), "List of addresses reachable to the node. Queried "
                                                                "from cloud provider, if available. More info: "
                                                                "https://kubernetes.io/docs/reference/node/"
                                                                "node-status/#addresses")},
            {"allocatable", quantities("Allocatable represents the resources of a node that are available for "
                                       "scheduling. Defaults to Capacity.")},
            {"capacity", quantities("Capacity represents the total resources of a node. More info: "
                                    "https://kubernetes.io/docs/reference/node/node-status/#capacity")},
            {"conditions", conditionsByType(core("NodeCondition"), "Conditions is an array of current observed "
                                                                   "node conditions. More info: "
                                                                   "https://kubernetes.io/docs/reference/node/"
                                                                   "node-status/#condition")},
            {"config", opaque("Status of the config assigned to the node via the dynamic Kubelet config "
                              "feature.")},
            {"daemonEndpoints", ref(core("NodeDaemonEndpoints"), "Endpoints of daemons running on the Node.")},
            {"features", opaque("Features describes the set of features implemented by the CRI implementation.")},
            {"images", listAtomic(refs(core("ContainerImage"), "List of container images on this node"))},
            {"nodeInfo", ref(core("NodeSystemInfo"), "Set of ids/uuids to uniquely identify the node. More info: "
                                                     "https://kubernetes.io/docs/reference/node/node-status/"
                                                     "#info")},
            {"phase", str("NodePhase is the recently observed lifecycle phase of the node. The field is never "
                          "populated, and now is deprecated.")},
            {"runtimeHandlers", listAtomic(arrayOf(opaque(""), "The available runtime handlers."))},
            {"volumesAttached", listAtomic(arrayOf(opaque(""), "List of volumes that are attached to the "
                                                               "node."))},
            {"volumesInUse", listAtomic(strs("List of attachable volumes in use (mounted) by the node."))},
        });
    set.object(core("NodeAddress"), "NodeAddress contains information for the node's address.",
               {
                   {"address", str("The node address.")},
                   {"type", str("Node address type, one of Hostname, ExternalIP or InternalIP.")},
               },
               {QStringLiteral("type"), QStringLiteral("address")});
    set.object(core("NodeCondition"), "NodeCondition contains condition information for a node.",
               {
                   {"lastHeartbeatTime", time("Last time we got an update on a given condition.")},
                   {"lastTransitionTime", time("Last time the condition transit from one status to another.")},
                   {"message", str("Human readable message indicating details about last transition.")},
                   {"reason", str("(brief) reason for the condition's last transition.")},
                   {"status", str("Status of the condition, one of True, False, Unknown.")},
                   {"type", str("Type of node condition.")},
               },
               {QStringLiteral("type"), QStringLiteral("status")});
    set.object(core("NodeDaemonEndpoints"),
               "NodeDaemonEndpoints lists ports opened by daemons running on the "
               "Node.",
               {{"kubeletEndpoint", ref(core("DaemonEndpoint"), "Endpoint on which Kubelet is listening.")}});
    set.object(core("DaemonEndpoint"), "DaemonEndpoint contains information about a single Daemon endpoint.",
               {{"Port", i32("Port number of the given endpoint.")}}, {QStringLiteral("Port")});
    set.object(core("ContainerImage"), "Describe a container image",
               {
                   {"names", listAtomic(strs("Names by which this image is known. e.g. "
                                             "[\"kubernetes.example/hyperkube:v1.0.7\", "
                                             "\"cloud-vendor.registry.example/cloud-vendor/hyperkube:v1.0.7\"]"))},
                   {"sizeBytes", i64("The size of the image in bytes.")},
               });
    set.object(core("NodeSystemInfo"), "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
               {
                   {"architecture", str("The Architecture reported by the node")},
                   {"bootID", str("Boot ID reported by the node.")},
                   {"containerRuntimeVersion", str("ContainerRuntime Version reported by the node through "
                                                   "runtime remote API (e.g. containerd://1.4.2).")},
                   {"kernelVersion", str("Kernel Version reported by the node from 'uname -r' (e.g. "
                                         "3.16.0-0.bpo.4-amd64).")},
                   {"kubeProxyVersion", str("Deprecated: KubeProxy Version reported by the node.")},
                   {"kubeletVersion", str("Kubelet Version reported by the node.")},
                   {"machineID", str("MachineID reported by the node. For unique machine identification in the "
                                     "cluster this field is preferred.")},
                   {"operatingSystem", str("The Operating System reported by the node")},
                   {"osImage", str("OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 "
                                   "(wheezy)).")},
                   {"swap", opaque("Swap Info reported by the node.")},
                   {"systemUUID", str("SystemUUID reported by the node. For unique machine identification "
                                      "MachineID is preferred.")},
               },
               {QStringLiteral("machineID"), QStringLiteral("systemUUID"), QStringLiteral("bootID"),
                QStringLiteral("kernelVersion"), QStringLiteral("osImage"), QStringLiteral("containerRuntimeVersion"),
                QStringLiteral("kubeletVersion"), QStringLiteral("kubeProxyVersion"), QStringLiteral("operatingSystem"),
                QStringLiteral("architecture")});
}

void addService(SchemaSet &set)
{
    set.kind(core("Service"),
             "Service is a named abstraction of software service (for example, mysql) consisting of local port "
             "(for example 3306) that the proxy listens on, and the selector that determines which pods will "
             "answer requests sent through the proxy.",
             v1("Service"),
             {
                 {"spec", ref(core("ServiceSpec"), kSpecDoc)},
                 {"status", ref(core("ServiceStatus"), kStatusDoc)},
             });
    set.list(core("ServiceList"), core("Service"), v1("ServiceList"));
    set.object(
        core("ServiceSpec"), "ServiceSpec describes the attributes that a user creates on a service.",
        {
            {"allocateLoadBalancerNodePorts",
             boolean("allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for "
                     "services with type LoadBalancer.  Default is \"true\".")},
            {"clusterIP", str("clusterIP is the IP address of the service and is usually assigned randomly. If "
                              "an address is specified manually, is in-range (as per system configuration), and "
                              "is not in use, it will be allocated to the service. \"None\" makes a headless "
                              "service.")},
            {"clusterIPs", listAtomic(strs("ClusterIPs is a list of IP addresses assigned to this service, and are "
                                           "usually assigned randomly. If this field is specified, the 0th entry "
                                           "must match the clusterIP field."))},
            {"externalIPs", listAtomic(strs("externalIPs is a list of IP addresses for which nodes in the cluster "
                                            "will also accept traffic for this service.  These IPs are not "
                                            "managed by Kubernetes."))},
            {"externalName", str("externalName is the external reference that discovery mechanisms will return as "
                                 "an alias for this service (e.g. a DNS CNAME record). Requires `type` to be "
                                 "\"ExternalName\".")},
            {"externalTrafficPolicy", oneOf("externalTrafficPolicy describes how nodes distribute service "
                                            "traffic they receive on one of "
                                            "the Service's \"externally-facing\" addresses (NodePorts, "
                                            "ExternalIPs, and LoadBalancer IPs).",
                                            {QStringLiteral("Cluster"), QStringLiteral("Local")})},
            {"healthCheckNodePort", i32("healthCheckNodePort specifies the healthcheck nodePort for the "
                                        "service.")},
            {"internalTrafficPolicy",
             oneOf("InternalTrafficPolicy describes how nodes distribute service traffic they receive on the "
                   "ClusterIP.",
                   {QStringLiteral("Cluster"), QStringLiteral("Local")})},
            {"ipFamilies", listAtomic(strs("IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to "
                                           "this service."))},
            {"ipFamilyPolicy", str("IPFamilyPolicy represents the dual-stack-ness requested or required by this "
                                   "Service. Valid values are \"SingleStack\", \"PreferDualStack\", and "
                                   "\"RequireDualStack\".")},
            {"loadBalancerClass", str("loadBalancerClass is the class of the load balancer implementation this "
                                      "Service belongs to.")},
            {"loadBalancerIP", str("Only applies to Service Type: LoadBalancer. Deprecated.")},
            {"loadBalancerSourceRanges", listAtomic(strs("If specified and supported by the platform, this will "
                                                         "restrict traffic through the cloud-provider "
                                                         "load-balancer will be restricted to the specified "
                                                         "client IPs."))},
            {"ports", listMap(patchMerge(refs(core("ServicePort"),
                                              "The list of ports that are exposed by this service. More info: "
                                              "https://kubernetes.io/docs/concepts/services-networking/"
                                              "service/#virtual-ips-and-service-proxies"),
                                         "port"),
                              {QStringLiteral("port"), QStringLiteral("protocol")})},
            {"publishNotReadyAddresses",
             boolean("publishNotReadyAddresses indicates that any agent which deals with endpoints for this "
                     "Service should disregard any indications of ready/not-ready.")},
            {"selector", strMap("Route service traffic to pods with label keys and values matching this "
                                "selector. If empty or not present, the service is assumed to have an external "
                                "process managing its endpoints, which Kubernetes will not modify. More info: "
                                "https://kubernetes.io/docs/concepts/services-networking/service/")},
            {"sessionAffinity", oneOf("Supports \"ClientIP\" and \"None\". Used to maintain session affinity. "
                                      "Defaults to None.",
                                      {QStringLiteral("ClientIP"), QStringLiteral("None")})},
            {"sessionAffinityConfig", ref(core("SessionAffinityConfig"), "sessionAffinityConfig contains the "
                                                                         "configurations of session affinity.")},
            {"trafficDistribution", str("TrafficDistribution offers a way to express preferences for how traffic "
                                        "is distributed to Service endpoints.")},
            {"type", oneOf("type determines how the Service is exposed. Defaults to ClusterIP. Valid options are "
                           "ExternalName, ClusterIP, NodePort, and LoadBalancer. More info: "
                           "https://kubernetes.io/docs/concepts/services-networking/service/"
                           "#publishing-services-service-types",
                           {QStringLiteral("ClusterIP"), QStringLiteral("ExternalName"), QStringLiteral("LoadBalancer"),
                            QStringLiteral("NodePort")})},
        });
    set.object(core("ServicePort"), "ServicePort contains information on service's port.",
               {
                   {"appProtocol", str("The application protocol for this port. This is used as a hint for "
                                       "implementations to offer richer behavior for protocols that they "
                                       "understand.")},
                   {"name", str("The name of this port within the service. This must be a DNS_LABEL. All ports "
                                "within a ServiceSpec must have unique names.")},
                   {"nodePort", i32("The port on each node on which this service is exposed when type is NodePort "
                                    "or LoadBalancer.  Usually assigned by the system.")},
                   {"port", i32("The port that will be exposed by this service.")},
                   {"protocol", oneOf("The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". "
                                      "Default is TCP.",
                                      {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")})},
                   {"targetPort", intOrString("Number or name of the port to access on the pods targeted by the "
                                              "service. Number must be in the range 1 to 65535. Name must be an "
                                              "IANA_SVC_NAME. Defaults to the value of the 'port' field.")},
               },
               {QStringLiteral("port")});
    set.object(core("SessionAffinityConfig"),
               "SessionAffinityConfig represents the configurations of session "
               "affinity.",
               {{"clientIP", ref(core("ClientIPConfig"), "clientIP contains the configurations of Client IP based "
                                                         "session affinity.")}});
    set.object(core("ClientIPConfig"),
               "ClientIPConfig represents the configurations of Client IP based session "
               "affinity.",
               {{"timeoutSeconds", i32("timeoutSeconds specifies the seconds of ClientIP type session sticky "
                                       "time. Default value is 10800(for 3 hours).")}});
    set.object(core("ServiceStatus"), "ServiceStatus represents the current status of a service.",
               {
                   {"conditions", conditionsByType(meta("Condition"), "Current service state")},
                   {"loadBalancer", ref(core("LoadBalancerStatus"), "LoadBalancer contains the current status of "
                                                                    "the load-balancer, if one is present.")},
               });
    set.object(core("LoadBalancerStatus"), "LoadBalancerStatus represents the status of a load-balancer.",
               {{"ingress", listAtomic(refs(core("LoadBalancerIngress"), "Ingress is a list containing ingress "
                                                                         "points for the load-balancer."))}});
    set.object(core("LoadBalancerIngress"),
               "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for "
               "the service should be sent to an ingress point.",
               {
                   {"hostname", str("Hostname is set for load-balancer ingress points that are DNS based.")},
                   {"ip", str("IP is set for load-balancer ingress points that are IP based.")},
                   {"ipMode", str("IPMode specifies how the load-balancer IP behaves, and may only be specified "
                                  "when the ip field is specified.")},
                   {"ports", listAtomic(arrayOf(opaque(""), "Ports is a list of records of service ports.  If "
                                                            "used, every port defined in the service should have "
                                                            "an entry in it"))},
               });
    set.object(meta("Condition"),
               "Condition contains details for one aspect of the current state of this API "
               "Resource.",
               {
                   {"lastTransitionTime", time("lastTransitionTime is the last time the condition transitioned "
                                               "from one status to another.")},
                   {"message", str("message is a human readable message indicating details about the "
                                   "transition.")},
                   {"observedGeneration", i64("observedGeneration represents the .metadata.generation that the "
                                              "condition was set based upon.")},
                   {"reason", str("reason contains a programmatic identifier indicating the reason for the "
                                  "condition's last transition.")},
                   {"status", str("status of the condition, one of True, False, Unknown.")},
                   {"type", str("type of condition in CamelCase or in foo.example.com/CamelCase.")},
               },
               {QStringLiteral("type"), QStringLiteral("status"), QStringLiteral("lastTransitionTime"),
                QStringLiteral("reason"), QStringLiteral("message")});
}

void addEndpoints(SchemaSet &set)
{
    set.kind(core("Endpoints"),
             "Endpoints is a collection of endpoints that implement the actual service. Deprecated: This API is "
             "deprecated in v1.33+. Use discoveryv1.EndpointSlice.",
             v1("Endpoints"),
             {{"subsets", listAtomic(refs(core("EndpointSubset"),
                                          "The set of all endpoints is the union of all subsets. Addresses are "
                                          "placed into subsets according to the IPs they share."))}});
    set.list(core("EndpointsList"), core("Endpoints"), v1("EndpointsList"));
    set.object(core("EndpointSubset"),
               "EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints "
               "is the Cartesian product of Addresses x Ports.",
               {
                   {"addresses", listAtomic(refs(core("EndpointAddress"),
                                                 "IP addresses which offer the related ports that are marked as "
                                                 "ready."))},
                   {"notReadyAddresses",
                    listAtomic(refs(core("EndpointAddress"), "IP addresses which offer the related ports but are not "
                                                             "currently marked as ready."))},
                   {"ports", listAtomic(refs(core("EndpointPort"), "Port numbers available on the related IP "
                                                                   "addresses."))},
               });
    set.object(core("EndpointAddress"), "EndpointAddress is a tuple that describes single IP address.",
               {
                   {"hostname", str("The Hostname of this endpoint")},
                   {"ip", str("The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local "
                              "(169.254.0.0/16 or fe80::/10), or link-local multicast (224.0.0.0/24 or "
                              "ff02::/16).")},
                   {"nodeName", str("Optional: Node hosting this endpoint. This can be used to determine "
                                    "endpoints local to a node.")},
                   {"targetRef", ref(core("ObjectReference"), "Reference to object providing the endpoint.")},
               },
               {QStringLiteral("ip")});
    set.object(core("EndpointPort"), "EndpointPort is a tuple that describes a single port.",
               {
                   {"appProtocol", str("The application protocol for this port.")},
                   {"name", str("The name of this port.  This must match the 'name' field in the corresponding "
                                "ServicePort. Optional only if one port is defined.")},
                   {"port", i32("The port number of the endpoint.")},
                   {"protocol", oneOf("The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.",
                                      {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")})},
               },
               {QStringLiteral("port")});
}

void addConfiguration(SchemaSet &set)
{
    const char *immutableDoc = "Immutable, if set to true, ensures that data stored in the object cannot be "
                               "updated (only object metadata can be modified). Defaulted to nil.";
    set.kind(core("ConfigMap"), "ConfigMap holds configuration data for pods to consume.", v1("ConfigMap"),
             {
                 {"binaryData", byteMap("BinaryData contains the binary data. Each key must consist of "
                                        "alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte "
                                        "sequences that are not in the UTF-8 range.")},
                 {"data", strMap("Data contains the configuration data. Each key must consist of alphanumeric "
                                 "characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the "
                                 "BinaryData field.")},
                 {"immutable", boolean(immutableDoc)},
             });
    set.list(core("ConfigMapList"), core("ConfigMap"), v1("ConfigMapList"));
    set.kind(core("Secret"),
             "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be "
             "less than MaxSecretSize bytes.",
             v1("Secret"),
             {
                 {"data", byteMap("Data contains the secret data. Each key must consist of alphanumeric "
                                  "characters, '-', '_' or '.'. The serialized form of the secret data is a "
                                  "base64 encoded string, representing the arbitrary (possibly non-string) data "
                                  "value here.")},
                 {"immutable", boolean(immutableDoc)},
                 {"stringData", strMap("stringData allows specifying non-binary secret data in string form. It is "
                                       "provided as a write-only input field for convenience. All keys and values "
                                       "are merged into the data field on write, overwriting any existing "
                                       "values.")},
                 {"type", str("Used to facilitate programmatic handling of secret data. More info: "
                              "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types")},
             });
    set.list(core("SecretList"), core("Secret"), v1("SecretList"));
}

void addEvent(SchemaSet &set)
{
    set.kind(core("Event"),
             "Event is a report of an event somewhere in the cluster.  Events have a limited retention time and "
             "triggers and messages may evolve with time.",
             v1("Event"),
             {
                 {"action", str("What action was taken/failed regarding to the Regarding object.")},
                 {"count", i32("The number of times this event has occurred.")},
                 {"eventTime", microTime("Time when this Event was first observed.")},
                 {"firstTimestamp", time("The time at which the event was first recorded. (Time of server "
                                         "receipt is in TypeMeta.)")},
                 {"involvedObject", ref(core("ObjectReference"), "The object that this event is about.")},
                 {"lastTimestamp", time("The time at which the most recent occurrence of this event was "
                                        "recorded.")},
                 {"message", str("A human-readable description of the status of this operation.")},
                 {"reason", str("This should be a short, machine understandable string that gives the reason for "
                                "the transition into the object's current status.")},
                 {"related", ref(core("ObjectReference"), "Optional secondary object for more complex "
                                                          "actions.")},
                 {"reportingComponent", str("Name of the controller that emitted this Event, e.g. "
                                            "`kubernetes.io/kubelet`.")},
                 {"reportingInstance", str("ID of the controller instance, e.g. `kubelet-xyzf`.")},
                 {"series", ref(core("EventSeries"), "Data about the Event series this event represents or nil if "
                                                     "it's a singleton Event.")},
                 {"source", ref(core("EventSource"), "The component reporting this event. Should be a short "
                                                     "machine understandable string.")},
                 {"type", str("Type of this event (Normal, Warning), new types could be added in the future")},
             });
    QJsonObject event = set.all().value(core("Event"));
    event.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("metadata"), QStringLiteral("involvedObject")});
    set.add(core("Event"), event);
    set.list(core("EventList"), core("Event"), v1("EventList"));
    set.object(core("EventSeries"),
               "EventSeries contain information on series of events, i.e. thing that was/is happening "
               "continuously for some time.",
               {
                   {"count", i32("Number of occurrences in this series up to the last heartbeat time")},
                   {"lastObservedTime", microTime("Time of the last occurrence observed")},
               });
    set.object(core("EventSource"), "EventSource contains information for an event.",
               {
                   {"component", str("Component from which the event is generated.")},
                   {"host", str("Node name on which the event is generated.")},
               });
}

} // namespace

void addCoreSchemas(SchemaSet &set)
{
    addNamespace(set);
    addNode(set);
    addService(set);
    addEndpoints(set);
    addConfiguration(set);
    addEvent(set);
}

} // namespace tugboat::apiserver::schemas
