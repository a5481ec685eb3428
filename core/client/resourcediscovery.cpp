#include "resourcediscovery.h"

#include "apiclient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tugboat::client::detail {

using api::Error;
using api::ErrorCode;
using api::ResourceInfo;
using api::Result;

namespace {

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

Result<QJsonObject> parse(const Result<QByteArray> &body)
{
    if (!body)
        return body.error();
    const QJsonDocument doc = QJsonDocument::fromJson(*body);
    if (!doc.isObject())
        return Error(ErrorCode::Internal, QStringLiteral("the discovery answer is not a JSON object"));
    return doc.object();
}

} // namespace

QList<ResourceInfo> parseApiResourceList(const QJsonObject &list)
{
    const QString groupVersion = list.value(QLatin1String("groupVersion")).toString();
    const qsizetype slash = groupVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : groupVersion.left(slash);
    const QString version = slash < 0 ? groupVersion : groupVersion.mid(slash + 1);

    QList<ResourceInfo> resources;
    QList<std::pair<QString, QString>> subresources; // resource, subresource
    for (const QJsonValue &v : list.value(QLatin1String("resources")).toArray()) {
        const QJsonObject r = v.toObject();
        const QString name = r.value(QLatin1String("name")).toString();
        if (const qsizetype s = name.indexOf(QLatin1Char('/')); s >= 0) {
            subresources.append({name.left(s), name.mid(s + 1)});
            continue;
        }
        ResourceInfo info;
        info.group = group;
        info.version = version;
        info.kind = r.value(QLatin1String("kind")).toString();
        info.resource = name;
        info.singular = r.value(QLatin1String("singularName")).toString();
        if (info.singular.isEmpty())
            info.singular = info.kind.toLower();
        info.namespaced = r.value(QLatin1String("namespaced")).toBool();
        info.shortNames = strings(r.value(QLatin1String("shortNames")));
        info.categories = strings(r.value(QLatin1String("categories")));
        info.verbs = strings(r.value(QLatin1String("verbs")));
        resources.append(info);
    }
    for (const auto &[resource, sub] : subresources)
        for (ResourceInfo &info : resources)
            if (info.resource == resource && !info.subresources.contains(sub))
                info.subresources.append(sub);
    return resources;
}

ResourceDiscovery::ResourceDiscovery(ApiClient *client, QObject *owner, Callback<DiscoveredResources> done)
    : Operation(owner)
    , m_client(client)
    , m_done(std::move(done))
{}

void ResourceDiscovery::start()
{
    for (const QString &path : {QStringLiteral("/api"), QStringLiteral("/apis")})
        m_calls.append(
            m_client->getRaw(path, {}, [this, path](Result<QByteArray> body) { onRoot(path, std::move(body)); }));
}

void ResourceDiscovery::cancel()
{
    if (m_finished)
        return;
    m_finished = true;
    for (Call &c : m_calls)
        c.cancel();
    deleteLater();
}

void ResourceDiscovery::onRoot(const QString &path, Result<QByteArray> body)
{
    if (m_finished)
        return;
    auto json = parse(body);
    if (!json) {
        finishWith(Error(json.error().code(), QStringLiteral("discovery (%1): %2").arg(path, json.error().message())));
        return;
    }
    if (path == QLatin1String("/api")) {
        for (const QString &v : strings(json->value(QLatin1String("versions"))))
            m_groupVersions.prepend(v); // the core group first, as kubectl lists it
    } else {
        for (const QJsonValue &g : json->value(QLatin1String("groups")).toArray())
            for (const QJsonValue &v : g.toObject().value(QLatin1String("versions")).toArray())
                m_groupVersions.append(v.toObject().value(QLatin1String("groupVersion")).toString());
    }
    if (--m_rootsPending == 0)
        fetchGroupVersions();
}

void ResourceDiscovery::fetchGroupVersions()
{
    m_groupVersions.removeAll(QString());
    m_groupVersions.removeDuplicates();
    m_pending = int(m_groupVersions.size());
    if (m_pending == 0) {
        finishWith(std::move(m_result));
        return;
    }
    for (const QString &gv : std::as_const(m_groupVersions)) {
        const QString path =
            gv.contains(QLatin1Char('/')) ? QStringLiteral("/apis/") + gv : QStringLiteral("/api/") + gv;
        m_calls.append(
            m_client->getRaw(path, {}, [this, gv](Result<QByteArray> body) { onGroupVersion(gv, std::move(body)); }));
    }
}

void ResourceDiscovery::onGroupVersion(const QString &groupVersion, Result<QByteArray> body)
{
    if (m_finished)
        return;
    if (auto json = parse(body))
        m_result.resources.append(parseApiResourceList(*json));
    else
        m_result.failedGroupVersions.append({groupVersion, json.error()});
    if (--m_pending > 0)
        return;
    // Answers arrive in any order; report them in discovery order.
    std::stable_sort(m_result.resources.begin(), m_result.resources.end(),
                     [this](const ResourceInfo &a, const ResourceInfo &b) {
                         return m_groupVersions.indexOf(a.apiVersion()) < m_groupVersions.indexOf(b.apiVersion());
                     });
    if (m_result.resources.isEmpty() && !m_result.failedGroupVersions.isEmpty()) {
        const auto &[gv, error] = m_result.failedGroupVersions.first();
        finishWith(Error(error.code(), QStringLiteral("discovery (%1): %2").arg(gv, error.message())));
        return;
    }
    finishWith(std::move(m_result));
}

void ResourceDiscovery::finishWith(Result<DiscoveredResources> result)
{
    m_finished = true;
    for (Call &c : m_calls)
        c.cancel();
    deleteLater();
    m_done(std::move(result));
}

} // namespace tugboat::client::detail
