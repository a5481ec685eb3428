#include "requestinfo.h"

namespace tugboat::apiserver {

RequestInfo RequestInfo::parse(const HttpRequest &request)
{
    RequestInfo info;
    info.path = request.path;
    info.verb = QString::fromLatin1(request.method).toLower();
    QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty() || (parts[0] != QLatin1String("api") && parts[0] != QLatin1String("apis")))
        return info;
    const bool core = parts[0] == QLatin1String("api");
    parts.removeFirst();
    if (core) {
        if (parts.isEmpty())
            return info;
        info.version = parts.takeFirst();
    } else {
        if (parts.size() < 2)
            return info;
        info.group = parts.takeFirst();
        info.version = parts.takeFirst();
    }
    if (parts.isEmpty())
        return info;
    info.isResourceRequest = true;

    if (parts[0] == QLatin1String("namespaces") && parts.size() > 1) {
        info.namespaceName = parts[1];
        // /namespaces/NAME/status and /finalize are the namespace's own subresources.
        if (parts.size() > 2 && parts[2] != QLatin1String("status") && parts[2] != QLatin1String("finalize"))
            parts = parts.mid(2);
    }
    info.resource = parts.value(0);
    info.name = parts.value(1);
    info.subresource = parts.value(2);
    if (parts.size() > 3) { // nothing Kubernetes serves is that deep
        info.isResourceRequest = false;
        return info;
    }
    if (info.resource == QLatin1String("namespaces"))
        info.namespaceName = info.name;

    const QByteArray &m = request.method;
    const bool watchParam = request.queryValue(QStringLiteral("watch")) == QLatin1String("true") ||
                            request.queryValue(QStringLiteral("watch")) == QLatin1String("1");
    if (m == "GET" || m == "HEAD")
        info.verb = info.name.isEmpty() ? (watchParam ? QStringLiteral("watch") : QStringLiteral("list"))
                                        : QStringLiteral("get");
    else if (m == "POST")
        info.verb = QStringLiteral("create");
    else if (m == "PUT")
        info.verb = QStringLiteral("update");
    else if (m == "PATCH")
        info.verb = QStringLiteral("patch");
    else if (m == "DELETE")
        info.verb = info.name.isEmpty() ? QStringLiteral("deletecollection") : QStringLiteral("delete");
    // A watch of one object: GET .../pods?watch=1&fieldSelector=metadata.name=x is the usual form, but
    // .../pods/x?watch=true is accepted too.
    if (info.verb == QLatin1String("get") && watchParam && info.subresource.isEmpty())
        info.verb = QStringLiteral("watch");
    return info;
}

} // namespace tugboat::apiserver
