// Discovery documents and /version: the exact shapes and media types kubectl 1.27-1.33 rely on to map
// kinds to resources, learn scope, verbs and short names, and pick its binary (docs KUBECTL-WIRE §0-1).
#include "apiserver/discovery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tugboat::apiserver;

namespace {

const QByteArray kAccept133 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                              "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                              "application/json";
const QByteArray kAccept127 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                              "application/json";

QStringList strings(const QJsonValue &array)
{
    QStringList out;
    for (const QJsonValue &v : array.toArray())
        out.append(v.toString());
    return out;
}

QJsonObject entryNamed(const QJsonArray &entries, const char *key, const QString &name)
{
    for (const QJsonValue &e : entries)
        if (e.toObject().value(QLatin1String(key)).toString() == name)
            return e.toObject();
    return {};
}

QJsonObject gvk(const QString &group, const QString &version, const QString &kind)
{
    return QJsonObject{
        {QStringLiteral("group"), group}, {QStringLiteral("version"), version}, {QStringLiteral("kind"), kind}};
}

const QStringList kAllVerbs{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                            QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
                            QStringLiteral("update"), QStringLiteral("watch")};
const QStringList kReadWrite{QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update")};

} // namespace

class DiscoveryTest : public QObject {
    Q_OBJECT

private slots:
    void negotiateDiscovery_choosesFormatFromAccept_data();
    void negotiateDiscovery_choosesFormatFromAccept();
    void discoveryContentType_isExactlyWhatKubectlDecodes_data();
    void discoveryContentType_isExactlyWhatKubectlDecodes();

    void apiVersions_listsV1AndTheServerAddress();
    void apiGroupList_listsServedNamedGroupsOnly();
    void apiGroup_answersServedGroupsOnly();

    void apiResourceList_describesResourcesAndSubresources_data();
    void apiResourceList_describesResourcesAndSubresources();
    void apiResourceList_isSortedAndNamesItsGroupVersion();
    void apiResourceList_givesStorageVersionHashOnResourcesOnly();
    void apiResourceList_unknownGroupVersionIsNotServed();

    void aggregated_coreHoldsTheCoreGroupWithNestedSubresources();
    void aggregated_namedGroupsHoldScaleAsAutoscalingV1();
    void aggregated_apiVersionFollowsTheNegotiatedFormat_data();
    void aggregated_apiVersionFollowsTheNegotiatedFormat();
    void aggregated_andLegacyAgreeOnEveryResource();

    void storageVersionHash_matchesKubernetes_data();
    void storageVersionHash_matchesKubernetes();
    void versionInfo_reportsMinor33ForTheDispatcher();
};

void DiscoveryTest::negotiateDiscovery_choosesFormatFromAccept_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<DiscoveryFormat>("expected");
    QTest::addRow("kubectl 1.33") << kAccept133 << DiscoveryFormat::AggregatedV2;
    QTest::addRow("kubectl 1.27") << kAccept127 << DiscoveryFormat::AggregatedV2Beta1;
    QTest::addRow("plain json") << QByteArray("application/json, */*") << DiscoveryFormat::Legacy;
    QTest::addRow("empty") << QByteArray() << DiscoveryFormat::Legacy;
    QTest::addRow("protobuf then json") << QByteArray("application/vnd.kubernetes.protobuf,application/json")
                                        << DiscoveryFormat::Legacy;
    QTest::addRow("aggregated protobuf skipped")
        << QByteArray("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                      "application/json")
        << DiscoveryFormat::Legacy;
    QTest::addRow("higher q wins over order")
        << QByteArray("application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        << DiscoveryFormat::AggregatedV2;
    QTest::addRow("q=0 refuses") << QByteArray("application/json;g=apidiscovery.k8s.io;v=v2;"
                                               "as=APIGroupDiscoveryList;q=0,application/json")
                                 << DiscoveryFormat::Legacy;
    QTest::addRow("unknown discovery version")
        << QByteArray("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json")
        << DiscoveryFormat::Legacy;
    QTest::addRow("wrong group") << QByteArray("application/json;g=example.com;v=v2;as=APIGroupDiscoveryList")
                                 << DiscoveryFormat::Legacy;
    QTest::addRow("spaces and case") << QByteArray(
                                            "Application/JSON; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList")
                                     << DiscoveryFormat::AggregatedV2;
    QTest::addRow("quoted parameters")
        << QByteArray("application/json;g=\"apidiscovery.k8s.io\";v=\"v2beta1\";as=\"APIGroupDiscoveryList\"")
        << DiscoveryFormat::AggregatedV2Beta1;
}

void DiscoveryTest::negotiateDiscovery_choosesFormatFromAccept()
{
    QFETCH(QByteArray, accept);
    QFETCH(DiscoveryFormat, expected);
    QCOMPARE(negotiateDiscovery(accept), expected);
}

void DiscoveryTest::discoveryContentType_isExactlyWhatKubectlDecodes_data()
{
    QTest::addColumn<DiscoveryFormat>("format");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("v2") << DiscoveryFormat::AggregatedV2
                        << QByteArray("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    QTest::addRow("v2beta1") << DiscoveryFormat::AggregatedV2Beta1
                             << QByteArray("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
    QTest::addRow("legacy") << DiscoveryFormat::Legacy << QByteArray("application/json");
}

void DiscoveryTest::discoveryContentType_isExactlyWhatKubectlDecodes()
{
    QFETCH(DiscoveryFormat, format);
    QFETCH(QByteArray, contentType);
    QCOMPARE(discoveryContentType(format), contentType);
}

void DiscoveryTest::apiVersions_listsV1AndTheServerAddress()
{
    const QJsonObject doc = apiVersions(QStringLiteral("10.0.0.1:6443"));
    QCOMPARE(doc.value(QLatin1String("kind")).toString(), QStringLiteral("APIVersions"));
    QCOMPARE(strings(doc.value(QLatin1String("versions"))), QStringList{QStringLiteral("v1")});
    const QJsonArray addresses = doc.value(QLatin1String("serverAddressByClientCIDRs")).toArray();
    QCOMPARE(addresses.size(), 1);
    QCOMPARE(addresses.first()[QLatin1String("clientCIDR")].toString(), QStringLiteral("0.0.0.0/0"));
    QCOMPARE(addresses.first()[QLatin1String("serverAddress")].toString(), QStringLiteral("10.0.0.1:6443"));
    // The field is required in the Go type, so it is present (empty) without an address.
    QVERIFY(apiVersions().value(QLatin1String("serverAddressByClientCIDRs")).isArray());
    QVERIFY(apiVersions().value(QLatin1String("serverAddressByClientCIDRs")).toArray().isEmpty());
}

void DiscoveryTest::apiGroupList_listsServedNamedGroupsOnly()
{
    const QJsonObject doc = apiGroupList();
    QCOMPARE(doc.value(QLatin1String("kind")).toString(), QStringLiteral("APIGroupList"));
    QCOMPARE(doc.value(QLatin1String("apiVersion")).toString(), QStringLiteral("v1"));
    const QJsonArray groups = doc.value(QLatin1String("groups")).toArray();
    QStringList names;
    for (const QJsonValue &g : groups)
        names.append(g[QLatin1String("name")].toString());
    // No core group (that is /api) and no autoscaling: Scale is named by deployments/scale only.
    QCOMPARE(names, (QStringList{QStringLiteral("apps"), QStringLiteral("coordination.k8s.io"),
                                 QStringLiteral("discovery.k8s.io")}));
    const QJsonObject apps = groups.first().toObject();
    const QJsonObject v1{{QStringLiteral("groupVersion"), QStringLiteral("apps/v1")},
                         {QStringLiteral("version"), QStringLiteral("v1")}};
    QCOMPARE(apps.value(QLatin1String("versions")).toArray(), QJsonArray{v1});
    QCOMPARE(apps.value(QLatin1String("preferredVersion")).toObject(), v1);
}

void DiscoveryTest::apiGroup_answersServedGroupsOnly()
{
    const std::optional<QJsonObject> apps = apiGroup(QStringLiteral("apps"));
    QVERIFY(apps);
    QCOMPARE(apps->value(QLatin1String("kind")).toString(), QStringLiteral("APIGroup"));
    QCOMPARE(apps->value(QLatin1String("name")).toString(), QStringLiteral("apps"));
    QCOMPARE(apps->value(QLatin1String("preferredVersion"))[QLatin1String("groupVersion")].toString(),
             QStringLiteral("apps/v1"));
    QVERIFY(!apiGroup(QStringLiteral("autoscaling")));
    QVERIFY(!apiGroup(QString()));
}

void DiscoveryTest::apiResourceList_describesResourcesAndSubresources_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("namespaced");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("singular");
    QTest::addColumn<QStringList>("verbs");
    QTest::addColumn<QStringList>("shortNames");
    QTest::addColumn<QStringList>("categories");
    QTest::addColumn<QString>("kindGroupVersion"); // "" when the kind is of the list's own group-version

    const QString core;
    const QString apps = QStringLiteral("apps");
    const QStringList all{QStringLiteral("all")};
    const QStringList allButCollection{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("get"),
                                       QStringLiteral("list"),   QStringLiteral("patch"),  QStringLiteral("update"),
                                       QStringLiteral("watch")};
    auto row = [](const char *name) -> QTestData & { return QTest::addRow("%s", name); };
    row("pods") << core << "pods" << true << "Pod"
                << "pod" << kAllVerbs << QStringList{"po"} << all << "";
    row("pods/log") << core << "pods/log" << true << "Pod"
                    << "" << QStringList{"get"} << QStringList() << QStringList() << "";
    row("pods/status") << core << "pods/status" << true << "Pod"
                       << "" << kReadWrite << QStringList() << QStringList() << "";
    row("pods/binding") << core << "pods/binding" << true << "Binding"
                        << "" << QStringList{"create"} << QStringList() << QStringList() << "";
    row("pods/eviction") << core << "pods/eviction" << true << "Eviction"
                         << "" << QStringList{"create"} << QStringList() << QStringList() << "policy/v1";
    row("namespaces") << core << "namespaces" << false << "Namespace"
                      << "namespace" << allButCollection << QStringList{"ns"} << QStringList() << "";
    row("namespaces/status") << core << "namespaces/status" << false << "Namespace"
                             << "" << kReadWrite << QStringList() << QStringList() << "";
    row("nodes") << core << "nodes" << false << "Node"
                 << "node" << kAllVerbs << QStringList{"no"} << QStringList() << "";
    row("nodes/status") << core << "nodes/status" << false << "Node"
                        << "" << kReadWrite << QStringList() << QStringList() << "";
    row("services") << core << "services" << true << "Service"
                    << "service" << kAllVerbs << QStringList{"svc"} << all << "";
    row("services/status") << core << "services/status" << true << "Service"
                           << "" << kReadWrite << QStringList() << QStringList() << "";
    row("endpoints") << core << "endpoints" << true << "Endpoints"
                     << "endpoints" << kAllVerbs << QStringList{"ep"} << QStringList() << "";
    row("configmaps") << core << "configmaps" << true << "ConfigMap"
                      << "configmap" << kAllVerbs << QStringList{"cm"} << QStringList() << "";
    row("secrets") << core << "secrets" << true << "Secret"
                   << "secret" << kAllVerbs << QStringList() << QStringList() << "";
    row("events") << core << "events" << true << "Event"
                  << "event" << kAllVerbs << QStringList{"ev"} << QStringList() << "";
    row("deployments") << apps << "deployments" << true << "Deployment"
                       << "deployment" << kAllVerbs << QStringList{"deploy"} << all << "";
    row("deployments/scale") << apps << "deployments/scale" << true << "Scale"
                             << "" << kReadWrite << QStringList() << QStringList() << "autoscaling/v1";
    row("deployments/status") << apps << "deployments/status" << true << "Deployment"
                              << "" << kReadWrite << QStringList() << QStringList() << "";
    row("replicasets") << apps << "replicasets" << true << "ReplicaSet"
                       << "replicaset" << kAllVerbs << QStringList{"rs"} << all << "";
    row("replicasets/scale") << apps << "replicasets/scale" << true << "Scale"
                             << "" << kReadWrite << QStringList() << QStringList() << "autoscaling/v1";
    row("leases") << "coordination.k8s.io"
                  << "leases" << true << "Lease"
                  << "lease" << kAllVerbs << QStringList() << QStringList() << "";
    row("endpointslices") << "discovery.k8s.io"
                          << "endpointslices" << true << "EndpointSlice"
                          << "endpointslice" << kAllVerbs << QStringList() << QStringList() << "";
}

void DiscoveryTest::apiResourceList_describesResourcesAndSubresources()
{
    QFETCH(QString, group);
    QFETCH(QString, name);
    QFETCH(bool, namespaced);
    QFETCH(QString, kind);
    QFETCH(QString, singular);
    QFETCH(QStringList, verbs);
    QFETCH(QStringList, shortNames);
    QFETCH(QStringList, categories);
    QFETCH(QString, kindGroupVersion);

    const std::optional<QJsonObject> list = apiResourceList(group, QStringLiteral("v1"));
    QVERIFY(list);
    const QJsonObject entry = entryNamed(list->value(QLatin1String("resources")).toArray(), "name", name);
    QVERIFY2(!entry.isEmpty(), qPrintable(name));
    QCOMPARE(entry.value(QLatin1String("namespaced")).toBool(), namespaced);
    QCOMPARE(entry.value(QLatin1String("kind")).toString(), kind);
    QCOMPARE(entry.value(QLatin1String("singularName")).toString(), singular);
    QVERIFY(entry.contains(QLatin1String("singularName")));
    QCOMPARE(strings(entry.value(QLatin1String("verbs"))), verbs);
    QCOMPARE(strings(entry.value(QLatin1String("shortNames"))), shortNames);
    QCOMPARE(entry.contains(QLatin1String("shortNames")), !shortNames.isEmpty()); // omitted when empty
    QCOMPARE(strings(entry.value(QLatin1String("categories"))), categories);
    QCOMPARE(entry.contains(QLatin1String("categories")), !categories.isEmpty());
    if (kindGroupVersion.isEmpty()) {
        QVERIFY(!entry.contains(QLatin1String("group")));
        QVERIFY(!entry.contains(QLatin1String("version")));
    } else {
        QCOMPARE(entry.value(QLatin1String("group")).toString() + QLatin1Char('/') +
                     entry.value(QLatin1String("version")).toString(),
                 kindGroupVersion);
    }
}

void DiscoveryTest::apiResourceList_isSortedAndNamesItsGroupVersion()
{
    const std::optional<QJsonObject> core = apiResourceList(QString(), QStringLiteral("v1"));
    QVERIFY(core);
    QCOMPARE(core->value(QLatin1String("kind")).toString(), QStringLiteral("APIResourceList"));
    QCOMPARE(core->value(QLatin1String("apiVersion")).toString(), QStringLiteral("v1"));
    QCOMPARE(core->value(QLatin1String("groupVersion")).toString(), QStringLiteral("v1"));
    QStringList names;
    for (const QJsonValue &r : core->value(QLatin1String("resources")).toArray())
        names.append(r[QLatin1String("name")].toString());
    QCOMPARE(names, (QStringList{"configmaps", "endpoints", "events", "namespaces", "namespaces/status", "nodes",
                                 "nodes/status", "pods", "pods/binding", "pods/eviction", "pods/log", "pods/status",
                                 "secrets", "services", "services/status"}));
    QCOMPARE(apiResourceList(QStringLiteral("apps"), QStringLiteral("v1"))->value(QLatin1String("groupVersion")),
             QJsonValue(QStringLiteral("apps/v1")));
}

void DiscoveryTest::apiResourceList_givesStorageVersionHashOnResourcesOnly()
{
    const QJsonArray resources =
        apiResourceList(QString(), QStringLiteral("v1"))->value(QLatin1String("resources")).toArray();
    QCOMPARE(entryNamed(resources, "name", QStringLiteral("pods"))[QLatin1String("storageVersionHash")].toString(),
             QStringLiteral("xPOwRZ+Yhw8="));
    QVERIFY(!entryNamed(resources, "name", QStringLiteral("pods/log")).contains(QLatin1String("storageVersionHash")));
}

void DiscoveryTest::apiResourceList_unknownGroupVersionIsNotServed()
{
    QVERIFY(!apiResourceList(QStringLiteral("apps"), QStringLiteral("v1beta1")));
    QVERIFY(!apiResourceList(QStringLiteral("autoscaling"), QStringLiteral("v1")));
    QVERIFY(!apiResourceList(QStringLiteral("batch"), QStringLiteral("v1")));
}

void DiscoveryTest::aggregated_coreHoldsTheCoreGroupWithNestedSubresources()
{
    const QJsonObject doc = aggregatedDiscovery(DiscoveryRoot::Api, DiscoveryFormat::AggregatedV2);
    QCOMPARE(doc.value(QLatin1String("kind")).toString(), QStringLiteral("APIGroupDiscoveryList"));
    const QJsonArray items = doc.value(QLatin1String("items")).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first()[QLatin1String("metadata")][QLatin1String("name")].toString(), QString());
    const QJsonArray versions = items.first()[QLatin1String("versions")].toArray();
    QCOMPARE(versions.size(), 1);
    QCOMPARE(versions.first()[QLatin1String("version")].toString(), QStringLiteral("v1"));
    QCOMPARE(versions.first()[QLatin1String("freshness")].toString(), QStringLiteral("Current"));

    const QJsonArray resources = versions.first()[QLatin1String("resources")].toArray();
    const QJsonObject pods = entryNamed(resources, "resource", QStringLiteral("pods"));
    QCOMPARE(pods.value(QLatin1String("responseKind")).toObject(), gvk(QString(), "v1", "Pod"));
    QCOMPARE(pods.value(QLatin1String("scope")).toString(), QStringLiteral("Namespaced"));
    QCOMPARE(pods.value(QLatin1String("singularResource")).toString(), QStringLiteral("pod"));
    QCOMPARE(strings(pods.value(QLatin1String("verbs"))), kAllVerbs);
    QCOMPARE(strings(pods.value(QLatin1String("shortNames"))), QStringList{"po"});
    QCOMPARE(strings(pods.value(QLatin1String("categories"))), QStringList{"all"});
    const QJsonArray subresources = pods.value(QLatin1String("subresources")).toArray();
    QStringList names;
    for (const QJsonValue &s : subresources)
        names.append(s[QLatin1String("subresource")].toString());
    QCOMPARE(names, (QStringList{"binding", "eviction", "log", "status"}));
    const QJsonObject eviction = entryNamed(subresources, "subresource", QStringLiteral("eviction"));
    QCOMPARE(eviction.value(QLatin1String("responseKind")).toObject(), gvk("policy", "v1", "Eviction"));
    QCOMPARE(strings(eviction.value(QLatin1String("verbs"))), QStringList{"create"});
    QCOMPARE(entryNamed(resources, "resource", QStringLiteral("nodes"))[QLatin1String("scope")].toString(),
             QStringLiteral("Cluster"));
    QVERIFY(!entryNamed(resources, "resource", QStringLiteral("configmaps")).contains(QLatin1String("subresources")));
}

void DiscoveryTest::aggregated_namedGroupsHoldScaleAsAutoscalingV1()
{
    const QJsonObject doc = aggregatedDiscovery(DiscoveryRoot::Apis, DiscoveryFormat::AggregatedV2);
    const QJsonArray items = doc.value(QLatin1String("items")).toArray();
    QStringList groups;
    for (const QJsonValue &i : items)
        groups.append(i[QLatin1String("metadata")][QLatin1String("name")].toString());
    QCOMPARE(groups, (QStringList{"apps", "coordination.k8s.io", "discovery.k8s.io"}));
    const QJsonArray resources = items.first()[QLatin1String("versions")][0][QLatin1String("resources")].toArray();
    const QJsonObject deployments = entryNamed(resources, "resource", QStringLiteral("deployments"));
    QCOMPARE(deployments.value(QLatin1String("responseKind")).toObject(), gvk("apps", "v1", "Deployment"));
    QCOMPARE(strings(deployments.value(QLatin1String("shortNames"))), QStringList{"deploy"});
    const QJsonObject scale =
        entryNamed(deployments.value(QLatin1String("subresources")).toArray(), "subresource", QStringLiteral("scale"));
    QCOMPARE(scale.value(QLatin1String("responseKind")).toObject(), gvk("autoscaling", "v1", "Scale"));
    QCOMPARE(strings(scale.value(QLatin1String("verbs"))), kReadWrite);
}

void DiscoveryTest::aggregated_apiVersionFollowsTheNegotiatedFormat_data()
{
    QTest::addColumn<DiscoveryFormat>("format");
    QTest::addColumn<QString>("apiVersion");
    QTest::addRow("v2") << DiscoveryFormat::AggregatedV2 << "apidiscovery.k8s.io/v2";
    QTest::addRow("v2beta1") << DiscoveryFormat::AggregatedV2Beta1 << "apidiscovery.k8s.io/v2beta1";
}

void DiscoveryTest::aggregated_apiVersionFollowsTheNegotiatedFormat()
{
    QFETCH(DiscoveryFormat, format);
    QFETCH(QString, apiVersion);
    for (DiscoveryRoot root : {DiscoveryRoot::Api, DiscoveryRoot::Apis})
        QCOMPARE(aggregatedDiscovery(root, format).value(QLatin1String("apiVersion")).toString(), apiVersion);
}

void DiscoveryTest::aggregated_andLegacyAgreeOnEveryResource()
{
    // Whatever the form, kubectl must end up with the same RESTMapper: compare resource by resource.
    QJsonArray groups =
        aggregatedDiscovery(DiscoveryRoot::Apis, DiscoveryFormat::AggregatedV2)[QLatin1String("items")].toArray();
    groups.prepend(aggregatedDiscovery(DiscoveryRoot::Api, DiscoveryFormat::AggregatedV2)[QLatin1String("items")][0]);
    int compared = 0;
    for (const QJsonValue &g : groups) {
        const QString group = g[QLatin1String("metadata")][QLatin1String("name")].toString();
        const QJsonArray legacy =
            apiResourceList(group, QStringLiteral("v1"))->value(QLatin1String("resources")).toArray();
        for (const QJsonValue &r : g[QLatin1String("versions")][0][QLatin1String("resources")].toArray()) {
            const QString name = r[QLatin1String("resource")].toString();
            const QJsonObject entry = entryNamed(legacy, "name", name);
            QCOMPARE(entry.value(QLatin1String("kind")), r[QLatin1String("responseKind")][QLatin1String("kind")]);
            QCOMPARE(entry.value(QLatin1String("verbs")), r[QLatin1String("verbs")]);
            QCOMPARE(entry.value(QLatin1String("namespaced")).toBool(),
                     r[QLatin1String("scope")].toString() == QLatin1String("Namespaced"));
            for (const QJsonValue &s : r[QLatin1String("subresources")].toArray()) {
                const QJsonObject sub =
                    entryNamed(legacy, "name", name + QLatin1Char('/') + s[QLatin1String("subresource")].toString());
                QCOMPARE(sub.value(QLatin1String("kind")), s[QLatin1String("responseKind")][QLatin1String("kind")]);
                QCOMPARE(sub.value(QLatin1String("verbs")), s[QLatin1String("verbs")]);
                ++compared;
            }
            ++compared;
        }
    }
    QCOMPARE(compared, 23); // 12 resources, 11 subresources
}

void DiscoveryTest::storageVersionHash_matchesKubernetes_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("hash");
    // As a Kubernetes 1.33 server reports them.
    QTest::addRow("pods") << ""
                          << "Pod"
                          << "xPOwRZ+Yhw8=";
    QTest::addRow("namespaces") << ""
                                << "Namespace"
                                << "Q3oi5N2YM8M=";
    QTest::addRow("nodes") << ""
                           << "Node"
                           << "XwShjMxG9Fs=";
    QTest::addRow("deployments") << "apps"
                                 << "Deployment"
                                 << "8aSe+NMegvE=";
}

void DiscoveryTest::storageVersionHash_matchesKubernetes()
{
    QFETCH(QString, group);
    QFETCH(QString, kind);
    QFETCH(QString, hash);
    QCOMPARE(storageVersionHash(group, QStringLiteral("v1"), kind), hash);
}

void DiscoveryTest::versionInfo_reportsMinor33ForTheDispatcher()
{
    const QJsonObject v = versionInfo({QStringLiteral("abc123"), QStringLiteral("2025-06-01T00:00:00Z")});
    QCOMPARE(v.value(QLatin1String("major")).toString(), QStringLiteral("1"));
    QCOMPARE(v.value(QLatin1String("minor")).toString(), QStringLiteral("33"));
    QCOMPARE(v.value(QLatin1String("gitVersion")).toString(), QStringLiteral("v1.33.0-tugboat"));
    QCOMPARE(v.value(QLatin1String("gitCommit")).toString(), QStringLiteral("abc123"));
    QCOMPARE(v.value(QLatin1String("gitTreeState")).toString(), QStringLiteral("clean"));
    QCOMPARE(v.value(QLatin1String("buildDate")).toString(), QStringLiteral("2025-06-01T00:00:00Z"));
    QVERIFY(v.value(QLatin1String("platform")).toString().startsWith(QLatin1String("linux/")));
    QVERIFY(!v.value(QLatin1String("platform")).toString().contains(QLatin1String("x86_64"))); // Go's "amd64"
    for (const char *key : {"emulationMajor", "emulationMinor", "minCompatibilityMajor", "minCompatibilityMinor",
                            "goVersion", "compiler"})
        QVERIFY2(v.contains(QLatin1String(key)), key);
    QCOMPARE(versionInfo().value(QLatin1String("buildDate")).toString(), QStringLiteral("1970-01-01T00:00:00Z"));
}

QTEST_APPLESS_MAIN(DiscoveryTest)
#include "tst_discovery.moc"
