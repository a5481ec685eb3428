#include "kinds.h"

namespace tugboat::api {

namespace {

QList<ResourceInfo> makeTable()
{
    const QStringList all{QStringLiteral("all")};
    auto r = [](QString group, QString kind, QString resource, QString singular, bool namespaced,
                QStringList shortNames, QStringList categories, QStringList subresources) {
        return ResourceInfo{std::move(group),        QStringLiteral("v1"), std::move(kind),       std::move(resource),
                            std::move(singular),     namespaced,           std::move(shortNames), std::move(categories),
                            std::move(subresources), QStringList()};
    };
    const QString core;
    const QString apps = QStringLiteral("apps");
    QList<ResourceInfo> table{
        r(core, QStringLiteral("Namespace"), QStringLiteral("namespaces"), QStringLiteral("namespace"), false,
          {QStringLiteral("ns")}, {}, {QStringLiteral("status")}),
        r(core, QStringLiteral("Node"), QStringLiteral("nodes"), QStringLiteral("node"), false, {QStringLiteral("no")},
          {}, {QStringLiteral("status")}),
        r(core, QStringLiteral("Pod"), QStringLiteral("pods"), QStringLiteral("pod"), true, {QStringLiteral("po")}, all,
          {QStringLiteral("status"), QStringLiteral("binding"), QStringLiteral("log"), QStringLiteral("eviction")}),
        r(core, QStringLiteral("Service"), QStringLiteral("services"), QStringLiteral("service"), true,
          {QStringLiteral("svc")}, all, {QStringLiteral("status")}),
        r(core, QStringLiteral("Endpoints"), QStringLiteral("endpoints"), QStringLiteral("endpoints"), true,
          {QStringLiteral("ep")}, {}, {}),
        r(core, QStringLiteral("ConfigMap"), QStringLiteral("configmaps"), QStringLiteral("configmap"), true,
          {QStringLiteral("cm")}, {}, {}),
        r(core, QStringLiteral("Secret"), QStringLiteral("secrets"), QStringLiteral("secret"), true, {}, {}, {}),
        r(core, QStringLiteral("Event"), QStringLiteral("events"), QStringLiteral("event"), true,
          {QStringLiteral("ev")}, {}, {}),
        r(apps, QStringLiteral("Deployment"), QStringLiteral("deployments"), QStringLiteral("deployment"), true,
          {QStringLiteral("deploy")}, all, {QStringLiteral("status"), QStringLiteral("scale")}),
        r(apps, QStringLiteral("ReplicaSet"), QStringLiteral("replicasets"), QStringLiteral("replicaset"), true,
          {QStringLiteral("rs")}, all, {QStringLiteral("status"), QStringLiteral("scale")}),
        r(QStringLiteral("coordination.k8s.io"), QStringLiteral("Lease"), QStringLiteral("leases"),
          QStringLiteral("lease"), true, {}, {}, {}),
        r(QStringLiteral("discovery.k8s.io"), QStringLiteral("EndpointSlice"), QStringLiteral("endpointslices"),
          QStringLiteral("endpointslice"), true, {}, {}, {}),
    };
    // Every served resource supports the full set of verbs, except that Kubernetes does not offer
    // deletecollection on namespaces.
    const QStringList standardVerbs{
        QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
        QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
        QStringLiteral("update"), QStringLiteral("watch")};
    for (ResourceInfo &info : table) {
        info.verbs = standardVerbs;
        if (info.group.isEmpty() && info.resource == QLatin1String("namespaces"))
            info.verbs.removeOne(QStringLiteral("deletecollection"));
    }
    return table;
}

} // namespace

const QList<ResourceInfo> &Kinds::all()
{
    static const QList<ResourceInfo> table = makeTable();
    return table;
}

std::optional<ResourceInfo> Kinds::byKind(const QString &apiVersion, const QString &kind)
{
    for (const ResourceInfo &info : all())
        if (info.kind == kind && info.apiVersion() == apiVersion)
            return info;
    return std::nullopt;
}

std::optional<ResourceInfo> Kinds::byKind(const QString &kind)
{
    for (const ResourceInfo &info : all())
        if (info.kind == kind)
            return info;
    return std::nullopt;
}

std::optional<ResourceInfo> Kinds::byResource(const QString &group, const QString &resource)
{
    for (const ResourceInfo &info : all())
        if (info.group == group && info.resource == resource)
            return info;
    return std::nullopt;
}

std::optional<ResourceInfo> Kinds::lookup(const QString &typed)
{
    QString name = typed.toLower();
    QString group;
    const qsizetype dot = name.indexOf(QLatin1Char('.'));
    if (dot > 0) {
        group = name.mid(dot + 1);
        name.truncate(dot);
    }
    for (const ResourceInfo &info : all()) {
        if (dot > 0 && info.group != group)
            continue;
        if (info.resource == name || info.singular == name || info.kind.toLower() == name ||
            info.shortNames.contains(name))
            return info;
    }
    return std::nullopt;
}

} // namespace tugboat::api
