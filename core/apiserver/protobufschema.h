// The message table behind decodeKubernetesProtobuf (protobuf.h): for every message a served kind
// references, its fields by number, with the JSON name and the Go-side facts that decide how the
// field appears in JSON (pointer or value, omitempty or not, inline).
//
// Transcribed from Kubernetes' own generated.proto files (k8s.io/api core/v1, apps/v1,
// coordination/v1, policy/v1, autoscaling/v1, authentication/v1, discovery/v1 and apimachinery
// meta/v1, runtime, util/intstr, api/resource) as kubectl 1.33 embeds them, with JSON names and
// omitempty taken from the Go struct tags of the same release. One file per area: protobufmeta.cpp,
// protobufpod.cpp, protobufcontainer.cpp, protobufvolume.cpp, protobufcore.cpp, protobufapps.cpp.
// Field numbers are never reused by Kubernetes, so older and newer clients decode with this table;
// a field added after 1.33 is skipped as unknown until a line is added here.
//
// Internal to tugboat_apiserver (and its tests). Built once on first use; immutable and thread-safe
// afterwards.
#pragma once

#include "api/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace tugboat::apiserver::protobuf {

// What a field holds on the wire and how it prints in JSON.
enum class Kind : quint8 {
    String,       // string
    Int32,        // int32 varint
    Int64,        // int64 varint
    Bool,         // bool varint
    Bytes,        // bytes, printed as base64 like Go's []byte
    Double,       // fixed64 double
    Message,      // a message of the table (Field::message)
    StringMap,    // map<string, string>: repeated {key = 1; value = 2}
    BytesMap,     // map<string, bytes>: values base64
    QuantityMap,  // map<string, resource.Quantity> (a ResourceList)
    Quantity,     // resource.Quantity {string string = 1} -> "100m" (canonical form)
    Time,         // meta/v1 Time {int64 seconds = 1; int32 nanos = 2} -> "2024-01-02T03:04:05Z"
    MicroTime,    // meta/v1 MicroTime -> "2024-01-02T03:04:05.123456Z"
    Duration,     // meta/v1 Duration {int64 duration = 1} -> Go's time.Duration String(), "1h2m3s"
    IntOrString,  // intstr {int64 type = 1; int32 intVal = 2; string strVal = 3} -> 80 or "http"
    RawExtension, // runtime.RawExtension {bytes raw = 1}: raw JSON, embedded as it is
    FieldsV1,     // meta/v1 FieldsV1 {bytes Raw = 1}: raw JSON, embedded as it is
};

// How the Go field behind a proto field turns into JSON. Without flags a field is a Go value with
// `omitempty`: printed unless zero. A Go struct value (a Message or special Kind without Ptr) is
// always printed, as encoding/json never omits a struct; when absent it prints as its zero value.
enum Flag : quint8 {
    Rep = 1,    // repeated: a JSON array (maps are implicitly repeated)
    Ptr = 2,    // a Go pointer: printed whenever present on the wire, even with the zero value
    NoOmit = 4, // the JSON tag has no omitempty: always printed; zero value, or null for nil
    Inline = 8, // an embedded struct (`json:",inline"`): its fields print in the parent object
};

struct Field {
    Field(int number, const char *json, Kind kind, int flags = 0)
        : number(number)
        , json(json)
        , kind(kind)
        , flags(quint8(flags))
    {}
    Field(int number, const char *json, const char *message, int flags = 0)
        : number(number)
        , json(json)
        , kind(Kind::Message)
        , flags(quint8(flags))
        , message(message)
    {}

    int number;
    const char *json;
    Kind kind;
    quint8 flags;
    const char *message = nullptr; // "core.Container" for Kind::Message
};

// Messages by name: "<group>.<Type>" ("core.PodSpec", "meta.ObjectMeta", "apps.DeploymentSpec").
using MessageTable = QHash<QByteArray, QList<Field>>;

void addMetaMessages(MessageTable &table);
void addPodMessages(MessageTable &table);
void addContainerMessages(MessageTable &table);
void addVolumeMessages(MessageTable &table);
void addCoreMessages(MessageTable &table);
void addAppsMessages(MessageTable &table);

// The table of every message above, built once.
const MessageTable &messageTable();

// The top-level message for a kind ("apps/v1", "Deployment" -> "apps.Deployment"), or empty when the
// kind is not decoded from protobuf. DeleteOptions is accepted under any apiVersion, as Kubernetes
// registers it in every group version.
QByteArray messageForKind(const QString &apiVersion, const QString &kind);

// Decodes one message of `table` from its wire bytes into Kubernetes' JSON form. Nesting deeper than
// 64 messages, truncated or malformed input and values Go would refuse (an invalid quantity, an
// IntOrString of unknown type) give ErrorCode::BadRequest naming the field path; unknown fields are
// skipped. Exposed with a table parameter so tests can drive the limits with their own messages.
api::Result<QJsonObject> decodeMessage(const MessageTable &table, const QByteArray &message, QByteArrayView bytes);

// Every message name a field of `table` refers to but the table lacks (empty when consistent).
QList<QByteArray> unresolvedMessages(const MessageTable &table);

} // namespace tugboat::apiserver::protobuf
