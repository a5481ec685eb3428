// Kubernetes strategic merge patch (application/strategic-merge-patch+json) for the built-in kinds, as
// k8s.io/apimachinery/pkg/util/strategicpatch applies it on the server (StrategicMergeMapPatch).
//
// A strategic merge patch is a JSON merge patch whose lists may merge instead of being replaced: the
// list fields listed in patchschema.cpp merge elements by their merge key (containers by name, ports by
// containerPort, conditions by type, ...) or, for lists of scalars such as finalizers, as ordered sets.
// Every other list is replaced whole. Directives, all of which are consumed and never stored:
//   null                                  deletes the member
//   {"$patch": "replace", ...}            the map replaces the original map instead of merging into it
//   {"$patch": "delete"}                  the map becomes empty
//   {"$patch": "merge"}                   the default, accepted for clarity (Kubernetes rejects it in a map)
//   [{"name": "x", "$patch": "delete"}]   removes every element whose merge key matches
//   [{"$patch": "replace"}, ...]          the other elements replace the whole list
//   "$retainKeys": [...]                  members of the original map not listed are cleared first
//   "$setElementOrder/<field>": [...]     the order of the merged list (kubectl sends it with every list)
//   "$deleteFromPrimitiveList/<field>"    values to remove from a list of scalars
//
// Element order follows Kubernetes, quirks included (as apimachinery's test data pins them), so that
// `kubectl get -o yaml` shows what a real cluster shows: without $setElementOrder, elements named in the
// patch keep the patch's order and new elements go before the server-only elements they cannot be placed
// against (a new container is prepended); with it, the directive's order wins. See orderList() in the .cpp.
//
// Where Kubernetes could keep a directive in the stored object or fail late, Tugboat processes or
// refuses it: directives inside values that are new to the object are processed like any other (a
// "$patch: delete" element of a list the object lacks just vanishes, as apimachinery's test data
// expects), the content of a "$patch: replace" map is processed too, and a "$..." member that is not a
// directive is refused.
// The result is the merged JSON; dropping members that Go's omitempty would drop (an emptied labels
// map) is left to the caller, as kube-apiserver's typed round trip does it after the merge.
//
// Errors: a patch that is not JSON, not an object, or misuses a directive -> ErrorCode::BadRequest; a
// list of lists -> Invalid (as kube-apiserver); a kind without built-in patch metadata ->
// UnsupportedMediaType (415), as kube-apiserver answers for custom resources.
//
// Pure functions; thread-safe.
#pragma once

#include "patchschema.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tugboat::api {

// Whether a PATCH with application/strategic-merge-patch+json is accepted for `kind`: only for kinds
// whose Go types (and so patch metadata) Tugboat knows.
bool supportsStrategicMerge(const QString &kind);

// Applies a strategic merge patch to `original`, an object of kind `kind`.
Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const QString &kind);
Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QByteArray &patch, const QString &kind);
// The same with explicit patch metadata (nullptr: every list is replaced, as in a JSON merge patch).
Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const SchemaNode *schema);

} // namespace tugboat::api
