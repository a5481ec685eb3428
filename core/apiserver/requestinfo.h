// What a request is about, read off its path and method the way Kubernetes' RequestInfoFactory does:
// /api/v1/namespaces/default/pods/web/status, GET -> verb get, resource pods, subresource status.
#pragma once

#include "httpserver.h"

#include <QString>

namespace tugboat::apiserver {

struct RequestInfo {
    bool isResourceRequest = false;
    QString verb;  // get list watch create update patch delete deletecollection (or the HTTP verb)
    QString group; // "" for /api
    QString version;
    QString namespaceName;
    QString resource;
    QString name;
    QString subresource;
    QString path;

    static RequestInfo parse(const HttpRequest &request);
};

} // namespace tugboat::apiserver
