// Kubernetes Status objects: how every failure is answered, so kubectl prints
// `Error from server (<reason>): <message>` with the server's own words.
#pragma once

#include "api/result.h"
#include "httpserver.h"

#include <QJsonObject>

namespace tugboat::apiserver {

struct StatusDetails {
    QString name;
    QString group;
    QString kind; // the resource, as Kubernetes puts it ("deployments")
};

QJsonObject statusObject(const api::Error &error, const StatusDetails &details = {});
HttpResponse statusResponse(const api::Error &error, const StatusDetails &details = {});
// A plain error answer for the HTTP layer, before any routing.
HttpResponse statusResponse(int httpStatus, const QString &reason, const QString &message);
// {"kind":"Status","status":"Success"} for deletes answered with a Status.
QJsonObject successStatus(const StatusDetails &details = {});

} // namespace tugboat::apiserver
