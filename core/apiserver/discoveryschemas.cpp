// discovery.k8s.io/v1 EndpointSlice: the endpoints of a service, as the proxy reads them.
#include "schemas.h"

namespace tugboat::apiserver::schemas {

void addDiscoverySchemas(SchemaSet &set)
{
    const Gvk slice{QStringLiteral("discovery.k8s.io"), QStringLiteral("v1"), QStringLiteral("EndpointSlice")};
    set.kind(discovery("EndpointSlice"),
             "EndpointSlice represents a set of service endpoints. Most EndpointSlices are created by the "
             "EndpointSlice controller to represent the Pods selected by Service objects.",
             slice,
             {
                 {"addressType", oneOf("addressType specifies the type of address carried by this EndpointSlice. "
                                       "All addresses in this slice must be the same type. This field is "
                                       "immutable after creation.",
                                       {QStringLiteral("FQDN"), QStringLiteral("IPv4"), QStringLiteral("IPv6")})},
                 {"endpoints", listAtomic(refs(discovery("Endpoint"), "endpoints is a list of unique endpoints in "
                                                                      "this slice. Each slice may include a "
                                                                      "maximum of 1000 endpoints."))},
                 {"ports", listAtomic(refs(discovery("EndpointPort"),
                                           "ports specifies the list of network ports exposed by each endpoint in "
                                           "this slice. Each port must have a unique name. When ports is empty, "
                                           "it indicates that there are no defined ports."))},
             });
    QJsonObject sliceSchema = set.all().value(discovery("EndpointSlice"));
    sliceSchema.insert(QStringLiteral("required"),
                       QJsonArray{QStringLiteral("addressType"), QStringLiteral("endpoints")});
    set.add(discovery("EndpointSlice"), sliceSchema);
    set.list(discovery("EndpointSliceList"), discovery("EndpointSlice"),
             {slice.group, slice.version, QStringLiteral("EndpointSliceList")});

    set.object(discovery("Endpoint"), "Endpoint represents a single logical \"backend\" implementing a service.",
               {
                   {"addresses", listSet(strs("addresses of this endpoint. For EndpointSlices of addressType "
                                              "\"IPv4\" or \"IPv6\", the values are IP addresses in canonical "
                                              "form. This must contain at least one address but no more than "
                                              "100."))},
                   {"conditions", ref(discovery("EndpointConditions"), "conditions contains information about the "
                                                                       "current status of the endpoint.")},
                   {"deprecatedTopology", strMap("deprecatedTopology contains topology information part of the "
                                                 "v1beta1 API. This field is deprecated.")},
                   {"hints", ref(discovery("EndpointHints"), "hints contains information associated with how an "
                                                             "endpoint should be consumed.")},
                   {"hostname", str("hostname of this endpoint. This field may be used by consumers of endpoints "
                                    "to distinguish endpoints from each other (e.g. in DNS names).")},
                   {"nodeName", str("nodeName represents the name of the Node hosting this endpoint. This can be "
                                    "used to determine endpoints local to a Node.")},
                   {"targetRef", ref(core("ObjectReference"), "targetRef is a reference to a Kubernetes object "
                                                              "that represents this endpoint.")},
                   {"zone", str("zone is the name of the Zone this endpoint exists in.")},
               },
               {QStringLiteral("addresses")});
    set.object(discovery("EndpointConditions"), "EndpointConditions represents the current condition of an endpoint.",
               {
                   {"ready", boolean("ready indicates that this endpoint is ready to receive traffic, according to "
                                     "whatever system is managing the endpoint. A nil value should be "
                                     "interpreted as \"true\".")},
                   {"serving", boolean("serving indicates that this endpoint is able to receive traffic, according "
                                       "to whatever system is managing the endpoint. A nil value should be "
                                       "interpreted as \"true\".")},
                   {"terminating", boolean("terminating indicates that this endpoint is terminating. A nil value "
                                           "should be interpreted as \"false\".")},
               });
    set.object(discovery("EndpointHints"),
               "EndpointHints provides hints describing how an endpoint should be "
               "consumed.",
               {
                   {"forNodes", listAtomic(refs(discovery("ForNode"), "forNodes indicates the node(s) this "
                                                                      "endpoint should be consumed by when using "
                                                                      "topology aware routing."))},
                   {"forZones", listAtomic(refs(discovery("ForZone"), "forZones indicates the zone(s) this "
                                                                      "endpoint should be consumed by to enable "
                                                                      "topology aware routing."))},
               });
    set.object(discovery("ForNode"), "ForNode provides information about which nodes should consume this endpoint.",
               {{"name", str("name represents the name of the node.")}}, {QStringLiteral("name")});
    set.object(discovery("ForZone"), "ForZone provides information about which zones should consume this endpoint.",
               {{"name", str("name represents the name of the zone.")}}, {QStringLiteral("name")});
    set.object(discovery("EndpointPort"), "EndpointPort represents a Port used by an EndpointSlice",
               {
                   {"appProtocol", str("The application protocol for this port. This is used as a hint for "
                                       "implementations to offer richer behavior for protocols that they "
                                       "understand.")},
                   {"name", str("name represents the name of this port. All ports in an EndpointSlice must have a "
                                "unique name.")},
                   {"port", i32("port represents the port number of the endpoint. If the EndpointSlice is derived "
                                "from a Kubernetes service, this must be set to the service's target port.")},
                   {"protocol", oneOf("protocol represents the IP protocol for this port. Must be UDP, TCP, or "
                                      "SCTP. Default is TCP.",
                                      {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")})},
               });
}

} // namespace tugboat::apiserver::schemas
