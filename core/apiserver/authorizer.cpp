#include "authorizer.h"

namespace tugboat::apiserver {

using api::Error;
using api::ErrorCode;

namespace {

const QString kNodeLeaseNamespace = QStringLiteral("kube-node-lease");

bool isReadVerb(const QString &verb)
{
    return verb == QLatin1String("get") || verb == QLatin1String("list") || verb == QLatin1String("watch");
}

bool isOneOf(const QString &value, std::initializer_list<QLatin1String> options)
{
    return std::find(options.begin(), options.end(), value) != options.end();
}

// "/healthz" matches "/healthz" and "/healthz/etcd", not "/healthzz".
bool underPath(const QString &path, QLatin1String prefix)
{
    return path == prefix || (path.startsWith(prefix) && path.at(prefix.size()) == QLatin1Char('/'));
}

Decision allow(QString reason)
{
    return Decision{true, QString(), std::move(reason)};
}

Decision deny(const Identity &identity, const RequestAttributes &request, QString reason)
{
    return Decision{false, forbiddenMessage(identity, request), std::move(reason)};
}

Decision authorizeNonResource(const Identity &identity, const RequestAttributes &request)
{
    if (identity.role == Role::Admin)
        return allow(QStringLiteral("admin"));
    const QString &path = request.path;
    const bool read = request.verb == QLatin1String("get") || request.verb == QLatin1String("head");
    if (!read)
        return deny(identity, request, QStringLiteral("only admins may send %1 to a path").arg(request.verb));
    if (underPath(path, QLatin1String("/healthz")) || underPath(path, QLatin1String("/livez")) ||
        underPath(path, QLatin1String("/readyz")) || underPath(path, QLatin1String("/version")))
        return allow(QStringLiteral("health and version are public"));
    if (identity.role == Role::Anonymous)
        return deny(identity, request, QStringLiteral("anonymous requests may only read health and version"));
    if (underPath(path, QLatin1String("/api")) || underPath(path, QLatin1String("/apis")) ||
        underPath(path, QLatin1String("/openapi")))
        return allow(QStringLiteral("discovery is open to every authenticated user"));
    if (identity.role == Role::Viewer && underPath(path, QLatin1String("/metrics")))
        return allow(QStringLiteral("viewers may read metrics"));
    return deny(identity, request, QStringLiteral("no rule allows this path"));
}

Decision authorizeViewer(const Identity &identity, const RequestAttributes &request)
{
    if (!isReadVerb(request.verb))
        return deny(identity, request, QStringLiteral("viewers may only get, list and watch"));
    if (request.group.isEmpty() && request.resource == QLatin1String("secrets"))
        return deny(identity, request, QStringLiteral("viewers may not read secrets"));
    if (isOneOf(request.subresource,
                {QLatin1String("exec"), QLatin1String("attach"), QLatin1String("portforward"), QLatin1String("proxy")}))
        return deny(identity, request, QStringLiteral("viewers may not open %1").arg(request.subresource));
    return allow(QStringLiteral("viewers may read"));
}

// Whether the pod the request targets is bound to the identity's node, as stored.
bool podBoundTo(const RequestAttributes &request, const QString &nodeName)
{
    if (!request.podNodeName)
        return false;
    const std::optional<QString> boundTo = request.podNodeName();
    return boundTo && *boundTo == nodeName;
}

Decision nodeCorePods(const Identity &identity, const RequestAttributes &request)
{
    const QString &verb = request.verb;
    const QString &node = identity.nodeName;
    if (request.subresource.isEmpty()) {
        if (isReadVerb(verb))
            return allow(QStringLiteral("nodes may read pods"));
        if (verb == QLatin1String("delete")) {
            if (podBoundTo(request, node))
                return allow(QStringLiteral("a node may delete pods bound to it"));
            return deny(identity, request, QStringLiteral("the pod is not bound to node %1").arg(node));
        }
        return deny(identity, request, QStringLiteral("nodes may not %1 pods").arg(verb));
    }
    if (request.subresource == QLatin1String("status")) {
        if (verb == QLatin1String("get"))
            return allow(QStringLiteral("nodes may read pods"));
        if (isOneOf(verb, {QLatin1String("update"), QLatin1String("patch")})) {
            if (podBoundTo(request, node))
                return allow(QStringLiteral("a node may update the status of pods bound to it"));
            return deny(identity, request, QStringLiteral("the pod is not bound to node %1").arg(node));
        }
    }
    return deny(identity, request, QStringLiteral("nodes may not %1 pods/%2").arg(verb, request.subresource));
}

Decision nodeConfigObject(const Identity &identity, const RequestAttributes &request)
{
    const bool named = !request.name.isEmpty();
    const bool read = request.verb == QLatin1String("get") || (isReadVerb(request.verb) && named);
    if (!read || !named || !request.subresource.isEmpty())
        return deny(identity, request, QStringLiteral("nodes may only read %1 one by one").arg(request.resource));
    if (request.referencedByPodOn && !request.referencedByPodOn(identity.nodeName))
        return deny(identity, request,
                    QStringLiteral("no pod on node %1 references this %2").arg(identity.nodeName, request.resource));
    return allow(QStringLiteral("a node may read what its pods reference"));
}

Decision authorizeNode(const Identity &identity, const RequestAttributes &request)
{
    if (identity.nodeName.isEmpty())
        return deny(identity, request, QStringLiteral("a join token must first be exchanged for a node credential"));
    const QString &verb = request.verb;
    const QString &group = request.group;
    const QString &resource = request.resource;
    const bool mainOrStatus = request.subresource.isEmpty() || request.subresource == QLatin1String("status");
    const bool write = isOneOf(verb, {QLatin1String("create"), QLatin1String("update"), QLatin1String("patch")});

    if (group.isEmpty() && resource == QLatin1String("nodes")) {
        if (isReadVerb(verb) && mainOrStatus)
            return allow(QStringLiteral("nodes may read nodes"));
        if (write && mainOrStatus && request.name == identity.nodeName)
            return allow(QStringLiteral("a node may modify its own Node"));
        return deny(identity, request, QStringLiteral("a node may only modify its own Node"));
    }
    if (group.isEmpty() && resource == QLatin1String("pods"))
        return nodeCorePods(identity, request);
    if ((group.isEmpty() && isOneOf(resource, {QLatin1String("services"), QLatin1String("endpoints")})) ||
        (group == QLatin1String("discovery.k8s.io") && resource == QLatin1String("endpointslices"))) {
        if (isReadVerb(verb) && mainOrStatus)
            return allow(QStringLiteral("nodes may read services and endpoints"));
        return deny(identity, request, QStringLiteral("nodes may only read %1").arg(resource));
    }
    if (group.isEmpty() && isOneOf(resource, {QLatin1String("configmaps"), QLatin1String("secrets")}))
        return nodeConfigObject(identity, request);
    if (resource == QLatin1String("events") && (group.isEmpty() || group == QLatin1String("events.k8s.io"))) {
        if (isOneOf(verb, {QLatin1String("create"), QLatin1String("patch")}) && request.subresource.isEmpty())
            return allow(QStringLiteral("nodes may record events"));
        return deny(identity, request, QStringLiteral("nodes may only create and patch events"));
    }
    if (group == QLatin1String("coordination.k8s.io") && resource == QLatin1String("leases")) {
        const bool own = request.namespaceName == kNodeLeaseNamespace && request.name == identity.nodeName &&
                         request.subresource.isEmpty();
        if (own && (write || verb == QLatin1String("get")))
            return allow(QStringLiteral("a node may renew its own Lease"));
        return deny(identity, request,
                    QStringLiteral("a node may only get and modify its own Lease in kube-node-lease"));
    }
    return deny(identity, request, QStringLiteral("no node rule covers %1").arg(resource));
}

} // namespace

Error Decision::toError() const
{
    return Error(ErrorCode::Forbidden, message);
}

Decision authorize(const Identity &identity, const RequestAttributes &request)
{
    if (!request.isResourceRequest())
        return authorizeNonResource(identity, request);
    switch (identity.role) {
    case Role::Admin:
        return allow(QStringLiteral("admin"));
    case Role::Viewer:
        return authorizeViewer(identity, request);
    case Role::Node:
        return authorizeNode(identity, request);
    case Role::Anonymous:
        break;
    }
    return deny(identity, request, QStringLiteral("anonymous requests may not touch resources"));
}

QString forbiddenMessage(const Identity &identity, const RequestAttributes &request)
{
    const QString user = identity.userName;
    if (!request.isResourceRequest())
        return QStringLiteral("forbidden: User \"%1\" cannot %2 path \"%3\"").arg(user, request.verb, request.path);

    QString resource = request.resource;
    if (!request.subresource.isEmpty())
        resource += QLatin1Char('/') + request.subresource;
    const QString scope = request.namespaceName.isEmpty()
                              ? QStringLiteral("at the cluster scope")
                              : QStringLiteral("in the namespace \"%1\"").arg(request.namespaceName);
    const QString why = QStringLiteral("User \"%1\" cannot %2 resource \"%3\" in API group \"%4\" %5")
                            .arg(user, request.verb, resource, request.group, scope);

    // Kubernetes' GroupResource.String(): the subresource is not part of it.
    const QString groupResource =
        request.group.isEmpty() ? request.resource : request.resource + QLatin1Char('.') + request.group;
    if (request.name.isEmpty())
        return QStringLiteral("%1 is forbidden: %2").arg(groupResource, why);
    return QStringLiteral("%1 \"%2\" is forbidden: %3").arg(groupResource, request.name, why);
}

} // namespace tugboat::apiserver
