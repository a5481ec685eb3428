// Request bodies in Kubernetes' protobuf encoding (Content-Type application/vnd.kubernetes.protobuf),
// decoded into the JSON form of the same object.
//
// kubectl 1.32 and later write typed-client requests in protobuf: `kubectl create namespace`,
// `configmap`, `secret generic|tls|docker-registry`, `deployment`, `service ...`, `create token`,
// and the DeleteOptions body of the deletes `kubectl drain` falls back to. Tugboat answers in JSON
// (clients accept it) and keeps objects as JSON, so the API layer turns such a body into exactly the
// JSON kube-apiserver would print for it: Kubernetes' field names, quantities as canonical strings,
// times as RFC 3339, int-or-string as a number or a string, bytes as base64, and fields present or
// omitted as Go's encoding/json (omitempty, pointers, zero structs) would have them.
//
// The body is the 4-byte magic "k8s\0" followed by a runtime.Unknown envelope
// {typeMeta {apiVersion = 1; kind = 2} = 1; raw = 2; contentEncoding = 3; contentType = 4}; `raw` is
// the object's message, decoded by the kind in the envelope with a hand-written table of Kubernetes'
// messages (protobufschema.h). Why by hand: protoc could generate C++ for Kubernetes' generated.proto
// files, but Debian packages neither those files nor generated code, and the build must not fetch
// them; the table is a few hundred lines and the wire format a page (protobufwire.h).
//
// Decoded kinds: v1 Namespace, ConfigMap, Secret, Service, Pod, Node, Endpoints, Event; apps/v1
// Deployment, ReplicaSet; coordination.k8s.io/v1 Lease; policy/v1 Eviction; autoscaling/v1 Scale;
// discovery.k8s.io/v1 EndpointSlice; authentication.k8s.io/v1 TokenRequest; DeleteOptions under
// any apiVersion.
//
// Pure function of its input; thread-safe.
#pragma once

#include "api/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace tugboat::apiserver {

// The media type, without parameters.
inline constexpr char kKubernetesProtobuf[] = "application/vnd.kubernetes.protobuf";

// The largest body decoded: kube-apiserver's request body limit.
inline constexpr qsizetype kMaxProtobufBody = 3 * 1024 * 1024;

// Decodes a protobuf request body into the object's JSON form, with apiVersion and kind from the
// envelope. Errors:
//  - BadRequest: a body over 3 MiB, no "k8s\0" magic, no kind in the envelope, malformed wire data
//    (truncated varint, length past the end, wrong wire type, messages nested deeper than 64) or a
//    value Go would refuse (an invalid quantity); the message names the field path;
//  - UnsupportedMediaType: a kind this decoder does not know, or a compressed envelope.
// Unknown fields (from a newer client) are skipped.
api::Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body);

} // namespace tugboat::apiserver
