// The runtime.Unknown envelope of a Kubernetes protobuf body, and which message each kind is.
#include "protobuf.h"

#include "protobufschema.h"
#include "protobufwire.h"

namespace tugboat::apiserver {

namespace protobuf {

const MessageTable &messageTable()
{
    static const MessageTable table = [] {
        MessageTable t;
        addMetaMessages(t);
        addPodMessages(t);
        addContainerMessages(t);
        addVolumeMessages(t);
        addCoreMessages(t);
        addAppsMessages(t);
        return t;
    }();
    return table;
}

QByteArray messageForKind(const QString &apiVersion, const QString &kind)
{
    struct Entry {
        const char *apiVersion;
        const char *kind;
        const char *message;
    };
    static constexpr Entry kinds[] = {
        {"v1", "Namespace", "core.Namespace"},
        {"v1", "ConfigMap", "core.ConfigMap"},
        {"v1", "Secret", "core.Secret"},
        {"v1", "Service", "core.Service"},
        {"v1", "Pod", "core.Pod"},
        {"v1", "Node", "core.Node"},
        {"v1", "Endpoints", "core.Endpoints"},
        {"v1", "Event", "core.Event"},
        {"apps/v1", "Deployment", "apps.Deployment"},
        {"apps/v1", "ReplicaSet", "apps.ReplicaSet"},
        {"coordination.k8s.io/v1", "Lease", "coordination.Lease"},
        {"policy/v1", "Eviction", "policy.Eviction"},
        {"autoscaling/v1", "Scale", "autoscaling.Scale"},
        {"discovery.k8s.io/v1", "EndpointSlice", "discovery.EndpointSlice"},
        {"authentication.k8s.io/v1", "TokenRequest", "authentication.TokenRequest"},
    };
    if (kind == QLatin1String("DeleteOptions"))
        return QByteArrayLiteral("meta.DeleteOptions");
    for (const Entry &entry : kinds) {
        if (apiVersion == QLatin1String(entry.apiVersion) && kind == QLatin1String(entry.kind))
            return entry.message;
    }
    return {};
}

} // namespace protobuf

namespace {

using api::Error;
using api::ErrorCode;
using namespace protobuf;

struct Envelope {
    QString apiVersion;
    QString kind;
    QByteArrayView raw;
    QString contentEncoding;
    QString contentType;
};

Error badRequest(const QString &problem)
{
    return Error(ErrorCode::BadRequest, QStringLiteral("invalid protobuf body: %1").arg(problem));
}

// typeMeta {apiVersion = 1; kind = 2}.
bool readTypeMeta(QByteArrayView bytes, Envelope &envelope, QString &problem)
{
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        int number = 0;
        int wireType = 0;
        QByteArrayView value;
        if (!reader.readKey(number, wireType)) {
            problem = reader.problem();
            return false;
        }
        if ((number == 1 || number == 2) && wireType == LengthDelimited) {
            if (!reader.readBytes(value)) {
                problem = reader.problem();
                return false;
            }
            (number == 1 ? envelope.apiVersion : envelope.kind) = QString::fromUtf8(value);
        } else if (!reader.skip(wireType)) {
            problem = reader.problem();
            return false;
        }
    }
    return true;
}

api::Result<Envelope> readEnvelope(QByteArrayView bytes)
{
    Envelope envelope;
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        int number = 0;
        int wireType = 0;
        if (!reader.readKey(number, wireType))
            return badRequest(QStringLiteral("envelope: %1").arg(reader.problem()));
        if (number < 1 || number > 4 || wireType != LengthDelimited) {
            if (!reader.skip(wireType))
                return badRequest(QStringLiteral("envelope: %1").arg(reader.problem()));
            continue;
        }
        QByteArrayView value;
        if (!reader.readBytes(value))
            return badRequest(QStringLiteral("envelope field %1: %2").arg(number).arg(reader.problem()));
        QString problem;
        switch (number) {
        case 1:
            if (!readTypeMeta(value, envelope, problem))
                return badRequest(QStringLiteral("envelope typeMeta: %1").arg(problem));
            break;
        case 2:
            envelope.raw = value;
            break;
        case 3:
            envelope.contentEncoding = QString::fromUtf8(value);
            break;
        case 4:
            envelope.contentType = QString::fromUtf8(value);
            break;
        }
    }
    return envelope;
}

} // namespace

api::Result<QJsonObject> decodeKubernetesProtobuf(const QByteArray &body)
{
    if (body.size() > kMaxProtobufBody)
        return badRequest(QStringLiteral("body of %1 bytes exceeds the limit of %2 bytes (3 MiB)")
                              .arg(body.size())
                              .arg(kMaxProtobufBody));
    static constexpr char kMagic[] = {'k', '8', 's', '\0'};
    if (!body.startsWith(QByteArrayView(kMagic, sizeof kMagic)))
        return badRequest(QStringLiteral("the body does not start with the magic bytes \"k8s\\0\" of %1")
                              .arg(QLatin1String(kKubernetesProtobuf)));
    api::Result<Envelope> envelope = readEnvelope(QByteArrayView(body).sliced(sizeof kMagic));
    if (!envelope)
        return envelope.error();
    if (envelope->kind.isEmpty())
        return badRequest(QStringLiteral("the envelope names no kind"));
    const QString gvk = envelope->apiVersion + QLatin1Char(' ') + envelope->kind;
    if (!envelope->contentEncoding.isEmpty())
        return Error(ErrorCode::UnsupportedMediaType,
                     QStringLiteral("%1 in protobuf with content encoding \"%2\" is not supported")
                         .arg(gvk, envelope->contentEncoding));
    if (!envelope->contentType.isEmpty() && envelope->contentType != QLatin1String(kKubernetesProtobuf))
        return Error(ErrorCode::UnsupportedMediaType,
                     QStringLiteral("%1 embedded as \"%2\" in a protobuf envelope is not supported")
                         .arg(gvk, envelope->contentType));
    const QByteArray message = messageForKind(envelope->apiVersion, envelope->kind);
    if (message.isEmpty())
        return Error(ErrorCode::UnsupportedMediaType,
                     QStringLiteral("%1 cannot be decoded from %2; send it as application/json")
                         .arg(gvk, QLatin1String(kKubernetesProtobuf)));
    api::Result<QJsonObject> object = decodeMessage(messageTable(), message, envelope->raw);
    if (!object)
        return badRequest(QStringLiteral("%1: %2").arg(gvk, object.errorMessage()));
    if (!envelope->apiVersion.isEmpty())
        object->insert(QStringLiteral("apiVersion"), envelope->apiVersion);
    object->insert(QStringLiteral("kind"), envelope->kind);
    return object;
}

} // namespace tugboat::apiserver
