// The `paths` of a group-version's OpenAPI v3 document: one operation per verb the served resources
// support, named and tagged as Kubernetes does (operationId "createAppsV1NamespacedDeployment", tag
// "apps_v1", x-kubernetes-action, x-kubernetes-group-version-kind), with the query parameters Kubernetes
// declares; post, put and patch declare fieldValidation (kubectl's probe, see openapi.h).
//
// Internal to tugboat_apiserver; pure, thread-safe.
#pragma once

#include <QJsonObject>
#include <QString>

namespace tugboat::apiserver::openapipaths {

QJsonObject pathsFor(const QString &group, const QString &version);

} // namespace tugboat::apiserver::openapipaths
