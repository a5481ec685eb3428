// The kinds Tugboat serves, and how each maps onto its REST resource.
//
// One table (kinds.cpp) answers "what is the resource for kind X", "is it namespaced", "what are its
// short names": discovery, the store's key layout, manifests and the consoles all read it.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace tugboat::api {

struct ResourceInfo {
    QString group;    // "" for the core group
    QString version;  // "v1"
    QString kind;     // "Deployment"
    QString resource; // plural, lower case: "deployments"
    QString singular; // "deployment"
    bool namespaced = true;
    QStringList shortNames;
    QStringList categories;
    QStringList subresources; // "status", "scale", "binding", "log"
    // What discovery says the resource itself supports, in Kubernetes' order:
    // create, delete, deletecollection, get, list, patch, update, watch (namespaces: no deletecollection).
    QStringList verbs;

    QString apiVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    QString listKind() const { return kind + QStringLiteral("List"); }
    // "Deployment.apps", "Pod": how Kubernetes names the kind in messages.
    QString qualifiedKind() const { return group.isEmpty() ? kind : kind + QLatin1Char('.') + group; }
    // "deployments.apps", "pods": how Kubernetes names the resource in messages.
    QString qualifiedResource() const { return group.isEmpty() ? resource : resource + QLatin1Char('.') + group; }
};

class Kinds {
public:
    static const QList<ResourceInfo> &all();
    static std::optional<ResourceInfo> byKind(const QString &apiVersion, const QString &kind);
    static std::optional<ResourceInfo> byKind(const QString &kind); // any group
    static std::optional<ResourceInfo> byResource(const QString &group, const QString &resource);
    // Resource, singular, short name or kind, any case, optionally qualified by group ("deploy", "rs",
    // "deployments.apps"), as kubectl resolves what a user types.
    static std::optional<ResourceInfo> lookup(const QString &typed);
};

} // namespace tugboat::api
