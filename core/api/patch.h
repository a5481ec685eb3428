// JSON merge patch (RFC 7386) and JSON patch (RFC 6902) over Qt JSON, as kube-apiserver applies them to
// `application/merge-patch+json` and `application/json-patch+json` PATCH bodies.
//
// Why not nlohmann::json, which Debian ships and which implements both RFCs? Objects live as QJsonObject
// throughout Tugboat, so using it means converting the whole object to nlohmann and back on every PATCH,
// and its json::patch() deep-copies the document before the first operation. Measured on a 1.8 KB
// Deployment (Release, this machine): replacing /spec/replicas directly on QJson takes ~0.9 us, while
// convert + json::patch + convert back takes ~67 us (json::patch alone ~6 us). Qt's containers are
// implicitly shared, so editing in place copies only the containers on the edited path, each once. The
// RFCs are small; doing them here also lets errors name the operation and the path that failed.
//
// Errors, mirroring kube-apiserver's status codes:
//   - a body that is not JSON, not of the right shape, or an operation that is malformed (unknown "op",
//     missing "path"/"value"/"from", a JSON pointer that is not one) -> ErrorCode::BadRequest (400);
//   - an operation that cannot be applied to this object (path not found, index out of range, failed
//     "test", move into its own child) -> ErrorCode::Invalid (422), as kube-apiserver answers 422;
//   - more than kMaxJsonPatchOperations operations -> ErrorCode::RequestTooLarge (413).
// Messages say which operation failed, counting from 1:
//   json patch: operation 2 (replace /spec/replicaz): path not found
//
// Pure functions; thread-safe.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace tugboat::api {

// kube-apiserver refuses JSON patches with more operations than this (maxJSONPatchOperations).
inline constexpr qsizetype kMaxJsonPatchOperations = 10000;

// RFC 7386 MergePatch(target, patch): objects merge recursively, a null member deletes, any other value
// (arrays included) replaces. A non-object patch replaces the target.
QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch);

// An application/merge-patch+json body applied to an object. The body must be a JSON object (a
// Kubernetes object stays an object).
Result<QJsonObject> applyMergePatch(const QJsonObject &target, const QJsonObject &patch);
Result<QJsonObject> applyMergePatch(const QJsonObject &target, const QByteArray &patch);

// An application/json-patch+json body (an array of operations) applied in order to an object. Either
// every operation applies or the error of the first that fails is returned.
Result<QJsonObject> applyJsonPatch(const QJsonObject &target, const QJsonArray &operations);
Result<QJsonObject> applyJsonPatch(const QJsonObject &target, const QByteArray &patch);

// `value` with null object members removed at every depth, inside arrays too: what a value that
// replaces or is applied looks like once stored (Kubernetes' typed round trip drops them).
QJsonValue withoutNullMembers(const QJsonValue &value);

// RFC 6901: the reference tokens of a JSON pointer, with "~1" decoded to "/" and "~0" to "~".
// "" is the whole document (no tokens). BadRequest when the text does not start with "/" or holds a "~"
// not followed by 0 or 1.
Result<QStringList> parseJsonPointer(const QString &pointer);
// The inverse: "/a~1b/c~0d" from {"a/b", "c~d"}.
QString jsonPointer(const QStringList &tokens);

} // namespace tugboat::api
