// The handlers of the resource verbs: get, list, create, update, patch, delete, deletecollection, and
// the status, scale and binding subresources. Each turns one request into one response; they block on
// the store, so they run on the API server's worker threads.
#pragma once

#include "httpserver.h"
#include "registry.h"
#include "requestinfo.h"

namespace tugboat::apiserver {

class ResourceHandler {
public:
    explicit ResourceHandler(Registry &registry)
        : m_registry(registry)
    {}

    HttpResponse serve(const HttpRequest &request, const RequestInfo &info, const ResourceInfo &resource);

    // Parses a list request's query (selectors, paging, resourceVersion). Also used by watches.
    static Result<ListQuery> listQuery(const HttpRequest &request, const RequestInfo &info,
                                       const ResourceInfo &resource);
    // A request body as an object: JSON, or YAML when the Content-Type says so.
    static Result<api::Object> decodeBody(const HttpRequest &request);
    static WriteOptions writeOptions(const HttpRequest &request);
    // Whether the client asked for a meta.k8s.io Table.
    static bool wantsTable(const HttpRequest &request);

private:
    HttpResponse get(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse list(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse create(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse update(const HttpRequest &, const RequestInfo &, const ResourceInfo &, Part part);
    HttpResponse patch(const HttpRequest &, const RequestInfo &, const ResourceInfo &, Part part);
    HttpResponse remove(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse removeCollection(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse scale(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse bind(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse evict(const HttpRequest &, const RequestInfo &, const ResourceInfo &);
    HttpResponse log(const HttpRequest &, const RequestInfo &, const ResourceInfo &);

    Registry &m_registry;
};

// Serialises an object (or a Status) as the response body.
HttpResponse objectResponse(int status, const api::Object &object, const QStringList &warnings = {});
HttpResponse errorResponse(const Error &error, const ResourceInfo &info, const QString &name);

} // namespace tugboat::apiserver
