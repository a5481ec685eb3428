#include "security.h"

#include "apiserver/apiserver.h"
#include "apiserver/authorizer.h"
#include "apiserver/credentials.h"
#include "apiserver/httpserver.h"
#include "client/kubeconfig.h"

#include <QDir>
#include <QHostInfo>
#include <QNetworkInterface>

namespace tugboat::daemon {

using api::Error;
using api::ErrorCode;
using namespace tugboat::apiserver;

namespace {

api::Result<QString> writeInsecureKubeconfig(const QString &dataDir, const QUrl &url)
{
    client::Kubeconfig config;
    config.setCluster(client::KubeconfigCluster{QStringLiteral("tugboat"), url.toString(), {}, {}, false, {}, {}});
    config.setUser(client::KubeconfigUser{QStringLiteral("admin"), {}, {}, {}, {}, {}, {}, {}, {}});
    config.setContext(client::KubeconfigContext{
        QStringLiteral("tugboat"), QStringLiteral("tugboat"), QStringLiteral("admin"), {}, {}});
    config.setCurrentContext(QStringLiteral("tugboat"));
    const QString path = QDir(dataDir).filePath(QStringLiteral("admin.kubeconfig"));
    if (auto saved = config.save(path); !saved)
        return saved.error();
    return path;
}

AccessCheck accessCheck(std::shared_ptr<TokenStore> tokens, Registry &registry)
{
    return [tokens, &registry](const HttpRequest &request, const RequestInfo &info) -> api::Result<void> {
        const QByteArray auth = request.header("authorization");
        if (!auth.startsWith("Bearer "))
            return Error(ErrorCode::Unauthorized, QStringLiteral("Unauthorized"));
        auto identity = tokens->authenticate(QString::fromLatin1(auth.mid(7).trimmed()));
        if (!identity)
            return Error(ErrorCode::Unauthorized, QStringLiteral("Unauthorized"));
        RequestAttributes attrs;
        attrs.verb = info.verb;
        attrs.group = info.group;
        attrs.resource = info.isResourceRequest ? info.resource : QString();
        attrs.subresource = info.subresource;
        attrs.namespaceName = info.namespaceName;
        attrs.name = info.name;
        attrs.path = request.path;
        if (info.resource == QLatin1String("pods") && !info.name.isEmpty()) {
            const QString ns = info.namespaceName, name = info.name;
            // Node rules need the pod's node; a store read of one key.
            attrs.podNodeName = [&registry, ns, name]() -> std::optional<QString> {
                auto pod = registry.get(*api::Kinds::byKind(QStringLiteral("Pod")), ns, name);
                if (!pod)
                    return std::nullopt;
                return pod.value()->spec().value(QLatin1String("nodeName")).toString();
            };
        }
        const Decision decision = authorize(*identity, attrs);
        if (!decision)
            return decision.toError();
        return {};
    };
}

} // namespace

api::Result<QString> setUpSecurity(ApiServer &api, HttpServer &http, const QString &dataDir, const QUrl &url,
                                   bool insecure, const QString &nodeIp)
{
    if (insecure)
        return writeInsecureKubeconfig(dataDir, url);

    CredentialOptions options;
    options.serverUrl = url.toString();
    options.dnsNames = {QStringLiteral("localhost"), QHostInfo::localHostName()};
    QList<QHostAddress> ips{QHostAddress::LocalHost, QHostAddress::LocalHostIPv6};
    if (!nodeIp.isEmpty())
        ips << QHostAddress(nodeIp);
    if (const QHostAddress host(url.host()); !host.isNull() && !ips.contains(host))
        ips << host;
    for (const QHostAddress &a : QNetworkInterface::allAddresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !ips.contains(a))
            ips << a;
    options.ipAddresses = ips;
    auto credentials = ensureServerCredentials(dataDir, options);
    if (!credentials)
        return Error(credentials.error().code(), QStringLiteral("credentials: ") + credentials.error().message());
    auto tls = credentials->tlsConfiguration();
    if (!tls)
        return Error(tls.error().code(), QStringLiteral("TLS: ") + tls.error().message());
    http.setTls(*tls);
    api.setAccessCheck(accessCheck(credentials->tokens, api.registry()));
    return credentials->adminKubeconfigPath;
}

} // namespace tugboat::daemon
