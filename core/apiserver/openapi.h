// The API server's OpenAPI documents, and the unknown-field check the same schemas allow.
//
// What kubectl needs (docs KUBECTL-WIRE §2):
//   GET /openapi/v3                 the index: {"paths":{"api/v1":{"serverRelativeURL":
//                                   "/openapi/v3/api/v1?hash=<H>"}, "apis/apps/v1": ...}}
//   GET /openapi/v3/api/v1?hash=H   one OpenAPI 3.0 document per served group-version, with
//                                   components.schemas for every kind of the group-version and every type
//                                   they reference (explain walks them), and paths whose post/put/patch
//                                   operations carry x-kubernetes-group-version-kind and declare the
//                                   fieldValidation query parameter: finding it on a kind's PATCH is how
//                                   kubectl 1.27-1.33 decides to send fieldValidation=Strict.
//   GET /openapi/v2                 200 with an empty body (an empty protobuf Document) and
//                                   openApiV2ContentType(): kubectl 1.27 fetches it first and fails on 404.
//
// The handler serves a document's bytes as application/json. The hash in serverRelativeURL is the
// document's hash: when a request carries it, the answer may be cached for good (Kubernetes sends
// "Cache-Control: public, immutable"); it also makes a good ETag.
//
// Documents are built once, on first use, then shared; all functions are thread-safe.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace tugboat::apiserver {

struct OpenApiDocument {
    QString path;    // "api/v1", "apis/apps/v1"
    QByteArray json; // the compact document, as served
    QByteArray hash; // upper-case hex SHA-512 of json, as Kubernetes computes it
};

// GET /openapi/v3.
QJsonObject openApiV3Index();
// The document of a group-version path ("api/v1", "apis/apps/v1"; a leading "/openapi/v3/" or "/" is
// accepted); nullptr when the group-version is not served. The pointer stays valid for the process.
const OpenApiDocument *openApiV3Document(QStringView groupVersionPath);
// The same document as JSON, for callers that inspect it; nullopt when not served.
std::optional<QJsonObject> openApiV3Spec(QStringView groupVersionPath);

// GET /openapi/v2: Go's MIME parser rejects the '@' of the type kubectl asks for, so the answer uses a
// '.' instead (application/com.github.proto-openapi.spec.v2.v1.0+protobuf), with an empty body.
QByteArray openApiV2ContentType();
inline QByteArray openApiV2Body()
{
    return {};
}

// The fields of `object` that its kind's schema does not have, as paths from the object's root in the
// form Kubernetes prints them with a leading dot: ".spec.replicaz",
// ".spec.template.spec.containers[0].imagee". Maps with free-form keys (labels, annotations, data,
// nodeSelector, resource limits) and free-form objects (managedFields' fieldsV1, the rarely used volume
// sources) never yield one. Sorted by path within each object. Empty for a kind without a schema.
QStringList unknownFields(const QString &apiVersion, const QString &kind, const QJsonObject &object);
// fieldValidation=Strict: the message of the BadRequest, as Kubernetes words it:
//   strict decoding error: unknown field "spec.replicaz", unknown field "spec.foo"
QString strictDecodingError(const QStringList &unknownFields);
// fieldValidation=Warn: one Warning header text per field: unknown field "spec.replicaz"
QStringList unknownFieldWarnings(const QStringList &unknownFields);

} // namespace tugboat::apiserver
