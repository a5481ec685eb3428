// PATCH requests: JSON merge patch, JSON patch, strategic merge patch and server-side apply, applied to
// the stored object and written back with the object's resourceVersion as precondition (retried when
// another writer got there first, unless the patch itself names a resourceVersion).
#pragma once

#include "httpserver.h"
#include "registry.h"
#include "requestinfo.h"

namespace tugboat::apiserver {

// `status` is 200, or 201 when an apply created the object.
Result<ObjectPtr> patchObject(Registry &registry, const HttpRequest &request, const RequestInfo &info,
                              const ResourceInfo &resource, Part part, QStringList *warnings, int *status);

// Applies the request's patch (by its Content-Type) to `target`, a document of `kind`.
Result<QJsonObject> patchJson(const HttpRequest &request, const QJsonObject &target, const QString &kind);

// fieldValidation: Strict refuses unknown fields (400), Warn adds a warning per field, Ignore neither.
Result<void> checkUnknownFields(const api::Object &object, const WriteOptions &options, QStringList *warnings);

} // namespace tugboat::apiserver
