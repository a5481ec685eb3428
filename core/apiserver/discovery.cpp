#include "discovery.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QList>
#include <QSysInfo>
#include <algorithm>

namespace tugboat::apiserver {

using api::Kinds;
using api::ResourceInfo;

namespace {

const QLatin1String kDiscoveryGroup("apidiscovery.k8s.io");
const QLatin1String kGroupDiscoveryList("APIGroupDiscoveryList");

struct MediaRange {
    QByteArray type; // "application/json"
    QList<std::pair<QByteArray, QByteArray>> params;
    double q = 1.0;

    QByteArray param(const char *name) const
    {
        for (const auto &[key, value] : params)
            if (key == name)
                return value;
        return {};
    }
};

MediaRange parseMediaRange(const QByteArray &text)
{
    MediaRange range;
    const QList<QByteArray> parts = text.split(';');
    range.type = parts.value(0).trimmed().toLower();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = part.left(eq).trimmed().toLower();
        QByteArray value = part.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        if (key == "q") {
            bool ok = false;
            const double q = value.toDouble(&ok);
            range.q = ok ? q : 0.0;
        } else {
            range.params.append({key, value});
        }
    }
    return range;
}

// What a media range asks for, or nullopt when it names nothing this server answers discovery with.
std::optional<DiscoveryFormat> formatOf(const MediaRange &range)
{
    const bool json = range.type == "application/json";
    if (range.type == "*/*" || range.type == "application/*")
        return DiscoveryFormat::Legacy;
    if (!json)
        return std::nullopt; // protobuf, yaml, ...
    const QByteArray as = range.param("as");
    if (as.isEmpty())
        return DiscoveryFormat::Legacy;
    if (as != kGroupDiscoveryList.data() || range.param("g") != kDiscoveryGroup.data())
        return std::nullopt;
    const QByteArray version = range.param("v");
    if (version == "v2")
        return DiscoveryFormat::AggregatedV2;
    if (version == "v2beta1")
        return DiscoveryFormat::AggregatedV2Beta1;
    return std::nullopt;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

// The served group-versions in the order /apis lists them: the kinds table's order of first mention.
QList<std::pair<QString, QString>> servedGroupVersions()
{
    QList<std::pair<QString, QString>> result;
    for (const ResourceInfo &info : Kinds::all()) {
        const std::pair<QString, QString> gv{info.group, info.version};
        if (!result.contains(gv))
            result.append(gv);
    }
    return result;
}

QList<ResourceInfo> resourcesOf(const QString &group, const QString &version)
{
    QList<ResourceInfo> result;
    for (const ResourceInfo &info : Kinds::all())
        if (info.group == group && info.version == version)
            result.append(info);
    std::sort(result.begin(), result.end(),
              [](const ResourceInfo &a, const ResourceInfo &b) { return a.resource < b.resource; });
    return result;
}

QJsonObject groupVersionEntry(const QString &group, const QString &version)
{
    return QJsonObject{{QStringLiteral("groupVersion"), group + QLatin1Char('/') + version},
                       {QStringLiteral("version"), version}};
}

QJsonObject groupObject(const QString &group)
{
    QJsonArray versions;
    for (const auto &[g, v] : servedGroupVersions())
        if (g == group)
            versions.append(groupVersionEntry(g, v));
    return QJsonObject{{QStringLiteral("name"), group},
                       {QStringLiteral("versions"), versions},
                       {QStringLiteral("preferredVersion"), versions.first()}};
}

QJsonObject gvk(const QString &group, const QString &version, const QString &kind)
{
    return QJsonObject{
        {QStringLiteral("group"), group}, {QStringLiteral("version"), version}, {QStringLiteral("kind"), kind}};
}

// The legacy APIResourceList entries of one resource: itself, then its subresources.
QList<QJsonObject> legacyEntries(const ResourceInfo &info)
{
    QList<QJsonObject> entries;
    QJsonObject main{{QStringLiteral("name"), info.resource},
                     {QStringLiteral("singularName"), info.singular},
                     {QStringLiteral("namespaced"), info.namespaced},
                     {QStringLiteral("kind"), info.kind},
                     {QStringLiteral("verbs"), toArray(info.verbs)},
                     {QStringLiteral("storageVersionHash"), storageVersionHash(info.group, info.version, info.kind)}};
    if (!info.shortNames.isEmpty())
        main.insert(QStringLiteral("shortNames"), toArray(info.shortNames));
    if (!info.categories.isEmpty())
        main.insert(QStringLiteral("categories"), toArray(info.categories));
    entries.append(main);
    for (const QString &name : info.subresources) {
        const SubresourceInfo sub = subresourceInfo(info, name);
        QJsonObject entry{{QStringLiteral("name"), info.resource + QLatin1Char('/') + sub.name},
                          {QStringLiteral("singularName"), QString()},
                          {QStringLiteral("namespaced"), info.namespaced},
                          {QStringLiteral("kind"), sub.kind},
                          {QStringLiteral("verbs"), toArray(sub.verbs)}};
        // Group and version are given only for a kind from another group-version (autoscaling/v1 Scale).
        if (sub.group != info.group || sub.version != info.version) {
            entry.insert(QStringLiteral("group"), sub.group);
            entry.insert(QStringLiteral("version"), sub.version);
        }
        entries.append(entry);
    }
    return entries;
}

QJsonObject aggregatedResource(const ResourceInfo &info)
{
    QJsonObject resource{
        {QStringLiteral("resource"), info.resource},
        {QStringLiteral("responseKind"), gvk(info.group, info.version, info.kind)},
        {QStringLiteral("scope"), info.namespaced ? QStringLiteral("Namespaced") : QStringLiteral("Cluster")},
        {QStringLiteral("singularResource"), info.singular},
        {QStringLiteral("verbs"), toArray(info.verbs)}};
    if (!info.shortNames.isEmpty())
        resource.insert(QStringLiteral("shortNames"), toArray(info.shortNames));
    if (!info.categories.isEmpty())
        resource.insert(QStringLiteral("categories"), toArray(info.categories));
    QStringList names = info.subresources;
    names.sort();
    QJsonArray subresources;
    for (const QString &name : names) {
        const SubresourceInfo sub = subresourceInfo(info, name);
        subresources.append(QJsonObject{{QStringLiteral("subresource"), sub.name},
                                        {QStringLiteral("responseKind"), gvk(sub.group, sub.version, sub.kind)},
                                        {QStringLiteral("verbs"), toArray(sub.verbs)}});
    }
    if (!subresources.isEmpty())
        resource.insert(QStringLiteral("subresources"), subresources);
    return resource;
}

QJsonObject aggregatedGroup(const QString &group)
{
    QJsonArray versions;
    for (const auto &[g, v] : servedGroupVersions()) {
        if (g != group)
            continue;
        QJsonArray resources;
        for (const ResourceInfo &info : resourcesOf(g, v))
            resources.append(aggregatedResource(info));
        versions.append(QJsonObject{{QStringLiteral("version"), v},
                                    {QStringLiteral("resources"), resources},
                                    {QStringLiteral("freshness"), QStringLiteral("Current")}});
    }
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), group}}},
                       {QStringLiteral("versions"), versions}};
}

// Go's GOOS/GOARCH names for the platform field ("linux/amd64").
QString goPlatform()
{
    QString arch = QSysInfo::buildCpuArchitecture();
    if (arch == QLatin1String("x86_64"))
        arch = QStringLiteral("amd64");
    else if (arch == QLatin1String("i386"))
        arch = QStringLiteral("386");
    else if (arch == QLatin1String("power64"))
        arch = QStringLiteral("ppc64le");
    return QSysInfo::kernelType() + QLatin1Char('/') + arch;
}

} // namespace

DiscoveryFormat negotiateDiscovery(const QByteArray &accept)
{
    std::optional<DiscoveryFormat> best;
    double bestQ = 0.0;
    for (const QByteArray &text : accept.split(',')) {
        if (text.trimmed().isEmpty())
            continue;
        const MediaRange range = parseMediaRange(text);
        const std::optional<DiscoveryFormat> format = formatOf(range);
        if (!format || range.q <= 0.0 || range.q <= bestQ)
            continue; // on equal q the earlier range wins
        best = format;
        bestQ = range.q;
    }
    return best.value_or(DiscoveryFormat::Legacy);
}

QByteArray discoveryContentType(DiscoveryFormat format)
{
    switch (format) {
    case DiscoveryFormat::AggregatedV2:
        return "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    case DiscoveryFormat::AggregatedV2Beta1:
        return "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    case DiscoveryFormat::Legacy:
        break;
    }
    return "application/json";
}

QJsonObject apiVersions(const QString &serverAddress)
{
    QJsonArray addresses;
    if (!serverAddress.isEmpty())
        addresses.append(QJsonObject{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                     {QStringLiteral("serverAddress"), serverAddress}});
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIVersions")},
                       {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
                       {QStringLiteral("serverAddressByClientCIDRs"), addresses}};
}

QJsonObject apiGroupList()
{
    QJsonArray groups;
    QStringList seen;
    for (const auto &[group, version] : servedGroupVersions()) {
        if (group.isEmpty() || seen.contains(group))
            continue;
        seen.append(group);
        groups.append(groupObject(group));
    }
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("groups"), groups}};
}

std::optional<QJsonObject> apiGroup(const QString &group)
{
    if (group.isEmpty())
        return std::nullopt;
    for (const auto &[g, v] : servedGroupVersions()) {
        if (g != group)
            continue;
        QJsonObject result = groupObject(group);
        result.insert(QStringLiteral("kind"), QStringLiteral("APIGroup"));
        result.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
        return result;
    }
    return std::nullopt;
}

std::optional<QJsonObject> apiResourceList(const QString &group, const QString &version)
{
    const QList<ResourceInfo> resources = resourcesOf(group, version);
    if (resources.isEmpty())
        return std::nullopt;
    QList<QJsonObject> entries;
    for (const ResourceInfo &info : resources)
        entries.append(legacyEntries(info));
    // Kubernetes lists the entries sorted by name, so "pods/binding" follows "pods".
    std::stable_sort(entries.begin(), entries.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a[QLatin1String("name")].toString() < b[QLatin1String("name")].toString();
    });
    QJsonArray sorted;
    for (const QJsonObject &entry : std::as_const(entries))
        sorted.append(entry);
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("groupVersion"), resources.first().apiVersion()},
                       {QStringLiteral("resources"), sorted}};
}

QJsonObject aggregatedDiscovery(DiscoveryRoot root, DiscoveryFormat format)
{
    QJsonArray items;
    if (root == DiscoveryRoot::Api) {
        items.append(aggregatedGroup(QString()));
    } else {
        QStringList seen;
        for (const auto &[group, version] : servedGroupVersions()) {
            if (group.isEmpty() || seen.contains(group))
                continue;
            seen.append(group);
            items.append(aggregatedGroup(group));
        }
    }
    const QString version =
        format == DiscoveryFormat::AggregatedV2Beta1 ? QStringLiteral("v2beta1") : QStringLiteral("v2");
    return QJsonObject{{QStringLiteral("kind"), QString(kGroupDiscoveryList)},
                       {QStringLiteral("apiVersion"), kDiscoveryGroup + QLatin1Char('/') + version},
                       {QStringLiteral("metadata"), QJsonObject{}},
                       {QStringLiteral("items"), items}};
}

SubresourceInfo subresourceInfo(const ResourceInfo &parent, const QString &subresource)
{
    const QStringList readWrite{QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")};
    SubresourceInfo sub{subresource, parent.group, parent.version, parent.kind, readWrite};
    if (subresource == QLatin1String("scale")) {
        sub.group = QStringLiteral("autoscaling");
        sub.version = QStringLiteral("v1");
        sub.kind = QStringLiteral("Scale");
    } else if (subresource == QLatin1String("binding")) {
        sub.kind = QStringLiteral("Binding");
        sub.verbs = {QStringLiteral("create")};
    } else if (subresource == QLatin1String("eviction")) {
        sub.group = QStringLiteral("policy");
        sub.version = QStringLiteral("v1");
        sub.kind = QStringLiteral("Eviction");
        sub.verbs = {QStringLiteral("create")};
    } else if (subresource == QLatin1String("log")) {
        sub.verbs = {QStringLiteral("get")}; // answers text; Kubernetes names the parent's kind
    } else if (subresource == QLatin1String("finalize")) {
        sub.verbs = {QStringLiteral("update")};
    }
    return sub;
}

QString storageVersionHash(const QString &group, const QString &version, const QString &kind)
{
    const QByteArray gvk = (group + QLatin1Char('/') + version + QLatin1Char('/') + kind).toUtf8();
    const QByteArray digest = QCryptographicHash::hash(gvk, QCryptographicHash::Sha256);
    return QString::fromLatin1(digest.left(8).toBase64());
}

QJsonObject versionInfo(const BuildInfo &build)
{
    const QString major = QString::fromLatin1(kKubernetesMajor);
    const QString minor = QString::fromLatin1(kKubernetesMinor);
    return QJsonObject
    {
        {QStringLiteral("major"), major}, {QStringLiteral("minor"), minor}, {QStringLiteral("emulationMajor"), major},
            {QStringLiteral("emulationMinor"), minor}, {QStringLiteral("minCompatibilityMajor"), major},
            {QStringLiteral("minCompatibilityMinor"), QString::number(minor.toInt() - 1)},
            {QStringLiteral("gitVersion"), QStringLiteral("v%1.%2.0-tugboat").arg(major, minor)},
            {QStringLiteral("gitCommit"), build.gitCommit},
            {QStringLiteral("gitTreeState"), build.gitCommit.isEmpty() ? QString() : QStringLiteral("clean")},
            {QStringLiteral("buildDate"),
             build.buildDate.isEmpty() ? QStringLiteral("1970-01-01T00:00:00Z") : build.buildDate},
            {QStringLiteral("goVersion"), QString()},
#if defined(__clang__)
            {QStringLiteral("compiler"), QStringLiteral("clang")},
#else
            {QStringLiteral("compiler"), QStringLiteral("gcc")},
#endif
            {QStringLiteral("platform"), goPlatform()},
    };
}

} // namespace tugboat::apiserver
