#include "resourcehandler.h"

#include "patching.h"
#include "protobuf.h"
#include "status.h"
#include "tables.h"

#include "api/yamlreader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tugboat::apiserver {

using api::ErrorCode;
using api::Object;

namespace {

HttpResponse jsonResponse(int status, const QJsonObject &json)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(json).toJson(QJsonDocument::Compact);
    return r;
}

void addWarnings(HttpResponse &r, const QStringList &warnings)
{
    for (const QString &w : warnings) {
        QString escaped = w;
        escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
        r.headers.append({"Warning", "299 - \"" + escaped.toUtf8() + '"'});
    }
}

} // namespace

HttpResponse objectResponse(int status, const Object &object, const QStringList &warnings)
{
    HttpResponse r = jsonResponse(status, object.json());
    addWarnings(r, warnings);
    return r;
}

HttpResponse errorResponse(const Error &error, const ResourceInfo &info, const QString &name)
{
    return statusResponse(error, StatusDetails{name, info.group, info.resource});
}

bool ResourceHandler::wantsTable(const HttpRequest &request)
{
    return request.header("accept").contains("as=Table");
}

Result<Object> ResourceHandler::decodeBody(const HttpRequest &request)
{
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (request.body.trimmed().isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("the request body is empty"));
    if (type.isEmpty() || type == "application/json" || type == "application/merge-patch+json" ||
        type == "application/strategic-merge-patch+json" || type == "application/json-patch+json") {
        auto parsed = Object::fromJson(request.body);
        if (!parsed)
            return Error(ErrorCode::BadRequest, QStringLiteral("the body of the request was in an unknown format: ") +
                                                    parsed.error().message());
        return parsed;
    }
    if (type == kKubernetesProtobuf) { // kubectl 1.32+ sends typed creates this way
        auto decoded = decodeKubernetesProtobuf(request.body);
        if (!decoded)
            return decoded.error();
        return Object(*decoded);
    }
    if (type == "application/yaml" || type == "application/apply-patch+yaml" || type == "text/yaml") {
        auto parsed = api::YamlReader::read(request.body, QStringLiteral("body"));
        if (!parsed)
            return Error(ErrorCode::BadRequest, parsed.error().message());
        if (!parsed->isObject())
            return Error(ErrorCode::BadRequest, QStringLiteral("the body is not an object"));
        return Object(parsed->toObject());
    }
    return Error(ErrorCode::UnsupportedMediaType,
                 QStringLiteral("the body of the request was in an unknown format - accepted media types "
                                "include: application/json, application/yaml, application/vnd.kubernetes.protobuf"));
}

WriteOptions ResourceHandler::writeOptions(const HttpRequest &request)
{
    WriteOptions o;
    o.dryRun = request.queryValue(QStringLiteral("dryRun")) == QLatin1String("All");
    o.fieldManager = request.queryValue(QStringLiteral("fieldManager"));
    if (o.fieldManager.isEmpty()) // as Kubernetes does: the client's name from its User-Agent
        o.fieldManager = QString::fromUtf8(request.header("user-agent").split('/').first()).left(128);
    const QString fv = request.queryValue(QStringLiteral("fieldValidation"));
    if (fv == QLatin1String("Strict"))
        o.fieldValidation = FieldValidation::Strict;
    else if (fv == QLatin1String("Ignore"))
        o.fieldValidation = FieldValidation::Ignore;
    return o;
}

Result<ListQuery> ResourceHandler::listQuery(const HttpRequest &request, const RequestInfo &info,
                                             const ResourceInfo &resource)
{
    ListQuery q;
    q.namespaceName = resource.namespaced ? info.namespaceName : QString();
    if (auto ls = request.queryValue(QStringLiteral("labelSelector")); !ls.isEmpty()) {
        auto parsed = api::LabelSelector::parse(ls);
        if (!parsed)
            return Error(ErrorCode::BadRequest, parsed.error().message());
        q.labels = *parsed;
    }
    if (auto fs = request.queryValue(QStringLiteral("fieldSelector")); !fs.isEmpty()) {
        auto parsed = api::FieldSelector::parse(fs, resource.kind);
        if (!parsed)
            return Error(ErrorCode::BadRequest, parsed.error().message());
        q.fields = *parsed;
    }
    // A watch or get of a single object by URL name is a field selector on the name.
    if (!info.name.isEmpty() && info.verb == QLatin1String("watch")) {
        auto parsed = api::FieldSelector::parse(QStringLiteral("metadata.name=") + info.name, resource.kind);
        if (parsed)
            q.fields = *parsed;
    }
    q.limit = request.queryValue(QStringLiteral("limit")).toInt();
    q.continueToken = request.queryValue(QStringLiteral("continue"));
    q.resourceVersion = request.queryValue(QStringLiteral("resourceVersion"));
    q.resourceVersionMatch = request.queryValue(QStringLiteral("resourceVersionMatch"));
    return q;
}

HttpResponse ResourceHandler::serve(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    const QString &verb = info.verb;
    const QString &sub = info.subresource;
    if (sub.isEmpty()) {
        if (verb == QLatin1String("get"))
            return get(request, info, resource);
        if (verb == QLatin1String("list"))
            return list(request, info, resource);
        if (verb == QLatin1String("create"))
            return create(request, info, resource);
        if (verb == QLatin1String("update"))
            return update(request, info, resource, Part::Main);
        if (verb == QLatin1String("patch"))
            return patch(request, info, resource, Part::Main);
        if (verb == QLatin1String("delete"))
            return remove(request, info, resource);
        if (verb == QLatin1String("deletecollection"))
            return removeCollection(request, info, resource);
    } else if (sub == QLatin1String("status") && resource.subresources.contains(sub)) {
        if (verb == QLatin1String("get"))
            return get(request, info, resource);
        if (verb == QLatin1String("update"))
            return update(request, info, resource, Part::Status);
        if (verb == QLatin1String("patch"))
            return patch(request, info, resource, Part::Status);
    } else if (sub == QLatin1String("scale") && resource.subresources.contains(sub)) {
        return scale(request, info, resource);
    } else if (sub == QLatin1String("log") && resource.subresources.contains(sub) && verb == QLatin1String("get")) {
        return log(request, info, resource);
    } else if (sub == QLatin1String("binding") && resource.subresources.contains(sub) &&
               verb == QLatin1String("create")) {
        return bind(request, info, resource);
    } else if (sub == QLatin1String("eviction") && resource.subresources.contains(sub) &&
               verb == QLatin1String("create")) {
        return evict(request, info, resource);
    } else if (!resource.subresources.contains(sub)) {
        return statusResponse(404, QStringLiteral("NotFound"),
                              QStringLiteral("the server could not find the requested resource"));
    }
    return statusResponse(405, QStringLiteral("MethodNotAllowed"),
                          QStringLiteral("the server does not allow this method on the requested resource"));
}

HttpResponse ResourceHandler::get(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto object = m_registry.get(resource, info.namespaceName, info.name);
    if (!object)
        return errorResponse(object.error(), resource, info.name);
    if (wantsTable(request)) {
        HttpResponse r = jsonResponse(200, toTable(resource, {object.value()}, object.value()->resourceVersion(),
                                                   m_registry.clock().nowMs(), false, QString()));
        r.contentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
        return r;
    }
    return objectResponse(200, *object.value());
}

HttpResponse ResourceHandler::list(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto query = listQuery(request, info, resource);
    if (!query)
        return errorResponse(query.error(), resource, QString());
    auto page = m_registry.list(resource, *query);
    if (!page)
        return errorResponse(page.error(), resource, QString());
    const QString rv = QString::number(page->revision);
    if (wantsTable(request)) {
        HttpResponse r = jsonResponse(
            200, toTable(resource, page->items, rv, m_registry.clock().nowMs(), false, page->continueToken));
        r.contentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
        return r;
    }
    QJsonArray items;
    for (const ObjectPtr &o : page->items)
        items.append(o->json());
    QJsonObject meta{{QStringLiteral("resourceVersion"), rv}};
    if (!page->continueToken.isEmpty())
        meta.insert(QStringLiteral("continue"), page->continueToken);
    return jsonResponse(200, QJsonObject{{QStringLiteral("kind"), resource.listKind()},
                                         {QStringLiteral("apiVersion"), resource.apiVersion()},
                                         {QStringLiteral("metadata"), meta},
                                         {QStringLiteral("items"), items}});
}

HttpResponse ResourceHandler::create(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto body = decodeBody(request);
    if (!body)
        return errorResponse(body.error(), resource, QString());
    QStringList warnings;
    const WriteOptions options = writeOptions(request);
    if (auto unknown = checkUnknownFields(*body, options, &warnings); !unknown)
        return errorResponse(unknown.error(), resource, body->name());
    auto created = m_registry.create(resource, info.namespaceName, *body, options, &warnings);
    if (!created)
        return errorResponse(created.error(), resource, body->name());
    return objectResponse(201, *created.value(), warnings);
}

HttpResponse ResourceHandler::update(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource,
                                     Part part)
{
    auto body = decodeBody(request);
    if (!body)
        return errorResponse(body.error(), resource, info.name);
    QStringList warnings;
    WriteOptions options = writeOptions(request);
    if (part == Part::Status)
        options.subresource = QStringLiteral("status");
    if (auto unknown = checkUnknownFields(*body, options, &warnings); !unknown)
        return errorResponse(unknown.error(), resource, info.name);
    auto updated = m_registry.update(resource, info.namespaceName, info.name, *body, part, options, &warnings);
    if (!updated)
        return errorResponse(updated.error(), resource, info.name);
    return objectResponse(200, *updated.value(), warnings);
}

HttpResponse ResourceHandler::patch(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource,
                                    Part part)
{
    QStringList warnings;
    int status = 200;
    auto patched = patchObject(m_registry, request, info, resource, part, &warnings, &status);
    if (!patched)
        return errorResponse(patched.error(), resource, info.name);
    return objectResponse(status, *patched.value(), warnings);
}

namespace {

// DeleteOptions from the body (JSON or protobuf) and the query, as Kubernetes reads them.
Result<DeleteOptions> deleteOptions(const HttpRequest &request)
{
    DeleteOptions options;
    if (!request.body.trimmed().isEmpty()) {
        auto body = ResourceHandler::decodeBody(request);
        if (!body)
            return Error(ErrorCode::BadRequest, body.error().message());
        const QJsonObject o = body->json();
        options.propagationPolicy = o.value(QLatin1String("propagationPolicy")).toString();
        const QJsonObject pre = o.value(QLatin1String("preconditions")).toObject();
        options.preconditionUid = pre.value(QLatin1String("uid")).toString();
        options.preconditionResourceVersion = pre.value(QLatin1String("resourceVersion")).toString();
        for (const QJsonValue &d : o.value(QLatin1String("dryRun")).toArray())
            options.dryRun |= d.toString() == QLatin1String("All");
        if (const QJsonValue g = o.value(QLatin1String("gracePeriodSeconds")); g.isDouble())
            options.gracePeriodSeconds = qint64(g.toDouble());
        if (o.value(QLatin1String("orphanDependents")).toBool())
            options.propagationPolicy = QStringLiteral("Orphan");
    }
    if (auto p = request.queryValue(QStringLiteral("propagationPolicy")); !p.isEmpty())
        options.propagationPolicy = p;
    if (request.queryValue(QStringLiteral("dryRun")) == QLatin1String("All"))
        options.dryRun = true;
    if (const QString g = request.queryValue(QStringLiteral("gracePeriodSeconds")); !g.isEmpty()) {
        bool ok = false;
        options.gracePeriodSeconds = g.toLongLong(&ok);
        if (!ok)
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("gracePeriodSeconds: Invalid value: \"%1\": must be an integer").arg(g));
    }
    if (!options.propagationPolicy.isEmpty() && options.propagationPolicy != QLatin1String("Background") &&
        options.propagationPolicy != QLatin1String("Foreground") &&
        options.propagationPolicy != QLatin1String("Orphan"))
        return Error(ErrorCode::Invalid, QStringLiteral("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
                                                        "Unsupported value: \"%1\": supported values: \"Foreground\", "
                                                        "\"Background\", \"Orphan\", \"nil\"")
                                             .arg(options.propagationPolicy));
    return options;
}

} // namespace

HttpResponse ResourceHandler::remove(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto options = deleteOptions(request);
    if (!options)
        return errorResponse(options.error(), resource, info.name);
    auto removed = m_registry.remove(resource, info.namespaceName, info.name, *options);
    if (!removed)
        return errorResponse(removed.error(), resource, info.name);
    return objectResponse(200, *removed.value());
}

HttpResponse ResourceHandler::removeCollection(const HttpRequest &request, const RequestInfo &info,
                                               const ResourceInfo &resource)
{
    auto query = listQuery(request, info, resource);
    if (!query)
        return errorResponse(query.error(), resource, QString());
    auto page = m_registry.list(resource, *query);
    if (!page)
        return errorResponse(page.error(), resource, QString());
    auto options = deleteOptions(request);
    if (!options)
        return errorResponse(options.error(), resource, QString());
    QJsonArray items;
    for (const ObjectPtr &o : page->items) {
        auto removed = m_registry.remove(resource, o->namespaceName(), o->name(), *options);
        if (removed)
            items.append(removed.value()->json());
        else if (removed.error().code() != ErrorCode::NotFound)
            return errorResponse(removed.error(), resource, o->name());
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("kind"), resource.listKind()},
                                         {QStringLiteral("apiVersion"), resource.apiVersion()},
                                         {QStringLiteral("metadata"), QJsonObject{}},
                                         {QStringLiteral("items"), items}});
}

namespace {

QJsonObject scaleOf(const ObjectPtr &o)
{
    const QJsonObject selector = o->spec().value(QLatin1String("selector")).toObject();
    auto parsed = api::LabelSelector::fromObject(selector);
    return QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("Scale")},
        {QStringLiteral("apiVersion"), QStringLiteral("autoscaling/v1")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), o->name()},
                                                 {QStringLiteral("namespace"), o->namespaceName()},
                                                 {QStringLiteral("uid"), o->uid()},
                                                 {QStringLiteral("resourceVersion"), o->resourceVersion()},
                                                 {QStringLiteral("creationTimestamp"), o->creationTimestamp()}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), o->spec().value(QLatin1String("replicas"))}}},
        {QStringLiteral("status"),
         QJsonObject{{QStringLiteral("replicas"), o->status().value(QLatin1String("replicas")).toInt()},
                     {QStringLiteral("selector"), parsed ? parsed->toString() : QString()}}},
    };
}

} // namespace

HttpResponse ResourceHandler::scale(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    if (info.verb == QLatin1String("get")) {
        auto object = m_registry.get(resource, info.namespaceName, info.name);
        if (!object)
            return errorResponse(object.error(), resource, info.name);
        return jsonResponse(200, scaleOf(object.value()));
    }
    if (info.verb != QLatin1String("update") && info.verb != QLatin1String("patch"))
        return statusResponse(405, QStringLiteral("MethodNotAllowed"),
                              QStringLiteral("the server does not allow this method on the requested resource"));
    // Compute the new Scale (a PUT body, or the current Scale patched), then write spec.replicas.
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto object = m_registry.get(resource, info.namespaceName, info.name);
        if (!object)
            return errorResponse(object.error(), resource, info.name);
        Result<QJsonObject> newScale = QJsonObject();
        if (info.verb == QLatin1String("update")) {
            auto body = decodeBody(request);
            if (!body)
                return errorResponse(body.error(), resource, info.name);
            newScale = body->json();
        } else {
            newScale = patchJson(request, scaleOf(object.value()), QStringLiteral("Scale"));
        }
        if (!newScale)
            return errorResponse(newScale.error(), resource, info.name);
        const QJsonValue replicas = newScale->value(QLatin1String("spec")).toObject().value(QLatin1String("replicas"));
        if (!replicas.isDouble() || replicas.toInteger() < 0)
            return errorResponse(
                Error(ErrorCode::Invalid, QStringLiteral("Scale.autoscaling \"%1\" is invalid: spec.replicas: Invalid "
                                                         "value: %2: must be greater than or equal to 0")
                                              .arg(info.name, QString::number(replicas.toInteger()))),
                resource, info.name);
        const QString preRv =
            newScale->value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        QJsonObject json = object.value()->json();
        QJsonObject spec = json.value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("replicas"), replicas.toInteger());
        json.insert(QStringLiteral("spec"), spec);
        Object updated = Object(json).withResourceVersion(preRv.isEmpty() ? object.value()->resourceVersion() : preRv);
        WriteOptions options = writeOptions(request);
        options.subresource = QStringLiteral("scale");
        auto written =
            m_registry.update(resource, info.namespaceName, info.name, updated, Part::Main, options, nullptr);
        if (written)
            return jsonResponse(200, scaleOf(written.value()));
        if (written.error().code() != ErrorCode::Conflict || !preRv.isEmpty())
            return errorResponse(written.error(), resource, info.name);
    }
    return errorResponse(Error(ErrorCode::Conflict, QStringLiteral("too many concurrent changes")), resource,
                         info.name);
}

HttpResponse ResourceHandler::log(const HttpRequest &, const RequestInfo &info, const ResourceInfo &resource)
{
    auto pod = m_registry.get(resource, info.namespaceName, info.name);
    if (!pod)
        return errorResponse(pod.error(), resource, info.name);
    // Logs live on the node that runs the pod, and its agent serves them.
    if (pod.value()->spec().value(QLatin1String("nodeName")).toString().isEmpty())
        return errorResponse(
            Error(ErrorCode::BadRequest, QStringLiteral("pod %1 does not have a host assigned").arg(info.name)),
            resource, info.name);
    return errorResponse(
        Error(ErrorCode::Unavailable,
              QStringLiteral("no node agent serves the logs of pod %1 on this server yet").arg(info.name)),
        resource, info.name);
}

HttpResponse ResourceHandler::bind(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto body = decodeBody(request);
    if (!body)
        return errorResponse(body.error(), resource, info.name);
    const QString node = body->json().value(QLatin1String("target")).toObject().value(QLatin1String("name")).toString();
    if (node.isEmpty())
        return errorResponse(Error(ErrorCode::Invalid, QStringLiteral("Binding.core \"%1\" is invalid: target.name: "
                                                                      "Required value")
                                                           .arg(info.name)),
                             resource, info.name);
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto pod = m_registry.get(resource, info.namespaceName, info.name);
        if (!pod)
            return errorResponse(pod.error(), resource, info.name);
        const QString current = pod.value()->spec().value(QLatin1String("nodeName")).toString();
        if (!current.isEmpty())
            return errorResponse(Error(ErrorCode::Conflict,
                                       QStringLiteral("Operation cannot be fulfilled on pods/binding \"%1\": pod %1 "
                                                      "is already assigned to node \"%2\"")
                                           .arg(info.name, current)),
                                 resource, info.name);
        if (!pod.value()->deletionTimestamp().isEmpty())
            return errorResponse(
                Error(ErrorCode::Conflict,
                      QStringLiteral("pod %1 is being deleted, cannot be assigned to a host").arg(info.name)),
                resource, info.name);
        QJsonObject json = pod.value()->json();
        QJsonObject spec = json.value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("nodeName"), node);
        json.insert(QStringLiteral("spec"), spec);
        // Kubernetes' binding sets spec.nodeName directly: the pod spec is otherwise immutable.
        auto written = m_registry.store().update(Registry::key(resource, info.namespaceName, info.name), Object(json),
                                                 pod.value()->resourceVersion().toLongLong());
        if (written)
            return jsonResponse(201, successStatus());
        if (written.error().code() != ErrorCode::Conflict)
            return errorResponse(objectError(written.error(), resource, info.name), resource, info.name);
    }
    return errorResponse(Error(ErrorCode::Conflict, QStringLiteral("too many concurrent changes")), resource,
                         info.name);
}

// policy/v1 Eviction: a delete that disruption budgets may refuse. Tugboat serves no
// PodDisruptionBudgets, so nothing refuses: the pod is deleted with the eviction's deleteOptions
// (gracefully, as any delete), and the answer is Kubernetes' 201 Success Status.
HttpResponse ResourceHandler::evict(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource)
{
    auto body = decodeBody(request);
    if (!body)
        return errorResponse(body.error(), resource, info.name);
    const QString named = body->name();
    if (!named.isEmpty() && named != info.name)
        return errorResponse(Error(ErrorCode::BadRequest, QStringLiteral("name in URL does not match name in "
                                                                         "Eviction object")),
                             resource, info.name);
    DeleteOptions options;
    const QJsonObject o = body->json().value(QLatin1String("deleteOptions")).toObject();
    const QJsonObject pre = o.value(QLatin1String("preconditions")).toObject();
    options.preconditionUid = pre.value(QLatin1String("uid")).toString();
    options.preconditionResourceVersion = pre.value(QLatin1String("resourceVersion")).toString();
    if (const QJsonValue g = o.value(QLatin1String("gracePeriodSeconds")); g.isDouble())
        options.gracePeriodSeconds = qint64(g.toDouble());
    for (const QJsonValue &d : o.value(QLatin1String("dryRun")).toArray())
        options.dryRun |= d.toString() == QLatin1String("All");
    options.dryRun |= request.queryValue(QStringLiteral("dryRun")) == QLatin1String("All");
    auto removed = m_registry.remove(resource, info.namespaceName, info.name, options);
    if (!removed)
        return errorResponse(removed.error(), resource, info.name);
    return jsonResponse(201, successStatus());
}

} // namespace tugboat::apiserver
