#include "patching.h"

#include "openapi.h"
#include "resourcehandler.h"

#include "api/patch.h"
#include "api/serversideapply.h"
#include "api/strategicmerge.h"
#include "api/yamlreader.h"

#include <QJsonDocument>

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;
using api::Object;

namespace {

enum class PatchType { Merge, Json, Strategic, Apply, Unsupported };

PatchType patchType(const HttpRequest &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type == "application/merge-patch+json")
        return PatchType::Merge;
    if (type == "application/json-patch+json")
        return PatchType::Json;
    if (type == "application/strategic-merge-patch+json")
        return PatchType::Strategic;
    if (type == "application/apply-patch+yaml" || type == "application/apply-patch+json")
        return PatchType::Apply;
    return PatchType::Unsupported;
}

Error unsupported(const HttpRequest &request)
{
    return Error(ErrorCode::UnsupportedMediaType,
                 QStringLiteral("the body of the request was in an unknown format - accepted media types include: "
                                "application/json-patch+json, application/merge-patch+json, "
                                "application/apply-patch+yaml, application/strategic-merge-patch+json (got %1)")
                     .arg(QString::fromLatin1(request.header("content-type"))));
}

Result<QJsonObject> applyBody(const HttpRequest &request)
{
    auto parsed = api::YamlReader::read(request.body, QStringLiteral("apply patch"));
    if (!parsed)
        return Error(ErrorCode::BadRequest, parsed.error().message());
    if (!parsed->isObject())
        return Error(ErrorCode::BadRequest, QStringLiteral("the apply patch is not an object"));
    return parsed->toObject();
}

QString now(Registry &registry)
{
    return api::formatTimestamp(registry.clock().now());
}

} // namespace

Result<void> checkUnknownFields(const Object &object, const WriteOptions &options, QStringList *warnings)
{
    if (options.fieldValidation == FieldValidation::Ignore)
        return {};
    const QStringList unknown = unknownFields(object.apiVersion(), object.kind(), object.json());
    if (unknown.isEmpty())
        return {};
    if (options.fieldValidation == FieldValidation::Strict)
        return Error(ErrorCode::BadRequest, strictDecodingError(unknown));
    if (warnings)
        *warnings << unknownFieldWarnings(unknown);
    return {};
}

Result<QJsonObject> patchJson(const HttpRequest &request, const QJsonObject &target, const QString &kind)
{
    switch (patchType(request)) {
    case PatchType::Merge:
        return api::applyMergePatch(target, request.body);
    case PatchType::Json:
        return api::applyJsonPatch(target, request.body);
    case PatchType::Strategic:
        if (!api::supportsStrategicMerge(kind))
            return unsupported(request);
        return api::applyStrategicMergePatch(target, request.body, kind);
    case PatchType::Apply:
    case PatchType::Unsupported:
        break;
    }
    return unsupported(request);
}

Result<ObjectPtr> patchObject(Registry &registry, const HttpRequest &request, const RequestInfo &info,
                              const ResourceInfo &resource, Part part, QStringList *warnings, int *status)
{
    const PatchType type = patchType(request);
    if (type == PatchType::Unsupported)
        return unsupported(request);
    const bool explicitManager = !request.queryValue(QStringLiteral("fieldManager")).isEmpty();
    WriteOptions options = ResourceHandler::writeOptions(request);
    options.managedFieldsSet = type == PatchType::Apply;
    if (part == Part::Status)
        options.subresource = QStringLiteral("status");
    const bool force = request.queryValue(QStringLiteral("force")) == QLatin1String("true");
    if (type == PatchType::Apply && !explicitManager)
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                                    "required for apply patch"));

    std::optional<QJsonObject> applied;
    if (type == PatchType::Apply) {
        auto body = applyBody(request);
        if (!body)
            return body.error();
        applied = *body;
        if (auto unknown = checkUnknownFields(Object(*applied), options, warnings); !unknown)
            return unknown.error();
    }

    for (int attempt = 0; attempt < 8; ++attempt) {
        auto current = registry.get(resource, info.namespaceName, info.name);
        if (!current) {
            if (current.error().code() != ErrorCode::NotFound || type != PatchType::Apply || part != Part::Main)
                return current.error();
            // Server-side apply creates what does not exist.
            auto created = api::serverSideApply(nullptr, *applied, options.fieldManager, force, now(registry));
            if (!created)
                return created.error();
            Object object(*created);
            if (object.name().isEmpty())
                object = object.withMetadataField(QLatin1String("name"), info.name);
            auto result = registry.create(resource, info.namespaceName, object, options, warnings);
            if (result)
                *status = 201;
            if (!result && result.error().code() == ErrorCode::AlreadyExists)
                continue;
            return result;
        }
        const QJsonObject base = current.value()->json();
        Result<QJsonObject> patched = QJsonObject();
        if (type == PatchType::Apply)
            patched = api::serverSideApply(&base, *applied, options.fieldManager, force, now(registry));
        else
            patched = patchJson(request, base, resource.kind);
        if (!patched)
            return patched.error();
        Object object(*patched);
        // The patch may name a resourceVersion (kubectl diff does): then it is a precondition, and a
        // conflict is final. Otherwise we patch what we read and retry if someone else wrote meanwhile.
        const bool explicitVersion = object.resourceVersion() != current.value()->resourceVersion();
        if (object.resourceVersion().isEmpty())
            object = object.withResourceVersion(current.value()->resourceVersion());
        if (type != PatchType::Apply)
            if (auto unknown = checkUnknownFields(object, options, warnings); !unknown)
                return unknown.error();
        auto result = registry.update(resource, info.namespaceName, info.name, object, part, options, warnings);
        if (result || result.error().code() != ErrorCode::Conflict || explicitVersion)
            return result;
    }
    return Error(ErrorCode::Conflict, QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": too many "
                                                     "concurrent changes; try again")
                                          .arg(resource.qualifiedResource(), info.name));
}

} // namespace tugboat::apiserver
