// The pure rules behind the Endpoints and EndpointSlice controllers: which pods count, how Service
// ports resolve on a pod (numbers, names, protocols, sidecars), how subsets are repacked and sorted
// and truncated at capacity, slice endpoints and their conditions; the Service/pod index that maps pod
// events to Services; and the tracker that tells whether the cache shows the controller's own writes.
#include "controllers/endpointsbuilder.h"
#include "controllers/servicepodindex.h"
#include "controllers/stalecachetracker.h"
#include "endpointsfixtures.h"

#include "api/clock.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::containerPort;
using test::servicePort;

Q_DECLARE_METATYPE(tugboat::api::Object)
Q_DECLARE_METATYPE(std::optional<int>)

namespace {

const QJsonObject Web{{"app", "web"}};

// "ip:ready" for each address of each subset, e.g. {"10.0.0.1:1", "10.0.0.2:0"}, and the subsets' ports.
QStringList summary(const QJsonArray &subsets)
{
    QStringList lines;
    for (const QJsonValue &s : subsets) {
        const QJsonObject subset = s.toObject();
        QStringList parts;
        for (const QJsonValue &a : subset.value("addresses").toArray())
            parts << a.toObject().value("ip").toString() + ":1";
        for (const QJsonValue &a : subset.value("notReadyAddresses").toArray())
            parts << a.toObject().value("ip").toString() + ":0";
        QStringList ports;
        for (const QJsonValue &p : subset.value("ports").toArray())
            ports << p.toObject().value("name").toString() + "=" + QString::number(p.toObject().value("port").toInt());
        lines << parts.join(' ') + " | " + ports.join(' ');
    }
    return lines;
}

QJsonObject address(const QString &ip, const QString &uid = {})
{
    QJsonObject a{{"ip", ip}};
    if (!uid.isEmpty())
        a.insert("targetRef", QJsonObject{{"kind", "Pod"}, {"uid", uid}});
    return a;
}

QJsonObject subset(const QJsonArray &ready, const QJsonArray &notReady, const QJsonArray &ports)
{
    QJsonObject s;
    if (!ready.isEmpty())
        s.insert("addresses", ready);
    if (!notReady.isEmpty())
        s.insert("notReadyAddresses", notReady);
    if (!ports.isEmpty())
        s.insert("ports", ports);
    return s;
}

QJsonArray addresses(int from, int count)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i)
        list.append(address(QStringLiteral("10.1.%1.%2").arg((from + i) / 250).arg((from + i) % 250)));
    return list;
}

} // namespace

class EndpointsBuilderTest : public QObject {
    Q_OBJECT

private slots:
    void findPort_data()
    {
        QTest::addColumn<QJsonObject>("servicePort");
        QTest::addColumn<api::Object>("pod");
        QTest::addColumn<std::optional<int>>("expected");
        const QJsonArray named{containerPort("http", 8080), containerPort("dns", 5353, "UDP")};
        const api::Object p = test::pod("a", Web, "10.0.0.1", true, named);
        QTest::newRow("number") << servicePort("", 80, 9090) << p << std::optional<int>(9090);
        QTest::newRow("unset target is the port") << QJsonObject{{"port", 80}} << p << std::optional<int>(80);
        QTest::newRow("name") << servicePort("web", 80, "http") << p << std::optional<int>(8080);
        QTest::newRow("name and protocol") << servicePort("dns", 53, "dns", "UDP") << p << std::optional<int>(5353);
        QTest::newRow("name of another protocol") << servicePort("dns", 53, "dns", "TCP") << p << std::optional<int>();
        QTest::newRow("missing name") << servicePort("web", 80, "metrics") << p << std::optional<int>();

        QJsonObject json = p.json();
        QJsonObject spec = json.value("spec").toObject();
        spec.insert("initContainers",
                    QJsonArray{QJsonObject{{"name", "proxy"},
                                           {"restartPolicy", "Always"},
                                           {"ports", QJsonArray{containerPort("proxy", 15001)}}},
                               QJsonObject{{"name", "setup"}, {"ports", QJsonArray{containerPort("setup", 7000)}}}});
        json.insert("spec", spec);
        QTest::newRow("sidecar port") << servicePort("", 80, "proxy") << api::Object(json) << std::optional<int>(15001);
        QTest::newRow("plain init container port")
            << servicePort("", 80, "setup") << api::Object(json) << std::optional<int>();
    }
    void findPort()
    {
        QFETCH(QJsonObject, servicePort);
        QFETCH(api::Object, pod);
        QFETCH(std::optional<int>, expected);
        QCOMPARE(endpoints::findPort(pod, servicePort), expected);
    }

    void podsInEndpoints_data()
    {
        QTest::addColumn<api::Object>("pod");
        QTest::addColumn<bool>("includeTerminating");
        QTest::addColumn<bool>("expected");
        const api::Object running = test::pod("a", Web, "10.0.0.1", true);
        const api::Object terminating =
            test::withField(running, "metadata", "deletionTimestamp", "2024-01-01T00:00:00Z");
        QTest::newRow("running with an IP") << running << false << true;
        QTest::newRow("not ready still counts") << test::pod("a", Web, "10.0.0.1", false) << false << true;
        QTest::newRow("no IP") << test::pod("a", Web, "", true) << false << false;
        QTest::newRow("succeeded") << test::pod("a", Web, "10.0.0.1", false, {}, "n", "Succeeded") << false << false;
        QTest::newRow("failed") << test::pod("a", Web, "10.0.0.1", false, {}, "n", "Failed") << true << false;
        QTest::newRow("terminating left out") << terminating << false << false;
        QTest::newRow("terminating included") << terminating << true << true;
        QTest::newRow("podIP without podIPs")
            << test::withField(running, "status", "podIPs", QJsonValue::Undefined) << false << true;
    }
    void podsInEndpoints()
    {
        QFETCH(api::Object, pod);
        QFETCH(bool, includeTerminating);
        QFETCH(bool, expected);
        QCOMPARE(endpoints::shouldPodBeInEndpoints(pod, includeTerminating), expected);
    }

    void serviceSelectors_data()
    {
        QTest::addColumn<api::Object>("service");
        QTest::addColumn<bool>("managed");
        const QJsonArray ports{servicePort("", 80, 80)};
        const api::Object web = test::service("web", Web, ports);
        QTest::newRow("selector") << web << true;
        QTest::newRow("no selector") << test::service("web", {}, ports) << false;
        QTest::newRow("empty selector") << test::withField(web, "spec", "selector", QJsonObject()) << false;
        QTest::newRow("ExternalName") << test::withField(web, "spec", "type", "ExternalName") << false;
    }
    void serviceSelectors()
    {
        QFETCH(api::Object, service);
        QFETCH(bool, managed);
        QCOMPARE(endpoints::managedSelector(service).has_value(), managed);
    }

    void subsetsOfAService_data()
    {
        QTest::addColumn<bool>("publishNotReady");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("ready and not ready")
            << false
            << QStringList{"10.0.0.1:1 10.0.0.3:0 | http=8080", "10.0.0.1:1 10.0.0.2:1 10.0.0.3:0 | metrics=9100"};
        QTest::newRow("publishNotReadyAddresses")
            << true
            << QStringList{"10.0.0.1:1 10.0.0.3:1 | http=8080", "10.0.0.1:1 10.0.0.2:1 10.0.0.3:1 | metrics=9100"};
    }
    void subsetsOfAService()
    {
        QFETCH(bool, publishNotReady);
        QFETCH(QStringList, expected);
        api::Object svc =
            test::service("web", Web, QJsonArray{servicePort("http", 80, "http"), servicePort("metrics", 9100, 9100)});
        svc = test::withField(svc, "spec", "publishNotReadyAddresses", publishNotReady);
        const QJsonArray named{containerPort("http", 8080)};
        const QList<api::ObjectPtr> pods{
            test::ptr(test::pod("c", Web, "10.0.0.3", false, named)),
            test::ptr(test::pod("a", Web, "10.0.0.1", true, named)),
            test::ptr(test::pod("b", Web, "10.0.0.2", true)), // no "http" port: metrics only
            test::ptr(test::pod("d", Web, "", true, named)),  // no IP yet
        };
        QCOMPARE(summary(endpoints::endpointsSubsets(svc, pods)), expected);
    }

    void addressesCarryNodeAndPod()
    {
        const api::Object svc = test::service("web", Web, QJsonArray{servicePort("", 80, 8080)});
        const QJsonArray subsets =
            endpoints::endpointsSubsets(svc, {test::ptr(test::pod("a", Web, "10.0.0.1", true, {}, "node-7"))});
        const QJsonObject a = subsets.first().toObject().value("addresses").toArray().first().toObject();
        QCOMPARE(a.value("ip").toString(), QStringLiteral("10.0.0.1"));
        QCOMPARE(a.value("nodeName").toString(), QStringLiteral("node-7"));
        QCOMPARE(a.value("targetRef").toObject(),
                 (QJsonObject{{"kind", "Pod"}, {"namespace", "default"}, {"name", "a"}, {"uid", "uid-a"}}));
        QVERIFY(!a.contains("hostname"));
        const QJsonObject port = subsets.first().toObject().value("ports").toArray().first().toObject();
        QCOMPARE(port, (QJsonObject{{"port", 8080}, {"protocol", "TCP"}})); // unnamed: no name
    }

    void headlessServiceWithoutPortsListsAddresses()
    {
        const api::Object svc = test::service("db", Web, QJsonArray(), "None");
        QCOMPARE(summary(endpoints::endpointsSubsets(svc, {test::ptr(test::pod("a", Web, "10.0.0.1", true))})),
                 QStringList{"10.0.0.1:1 | "});
        const api::Object noPorts = test::service("db", Web, QJsonArray());
        QVERIFY(endpoints::endpointsSubsets(noPorts, {test::ptr(test::pod("a", Web, "10.0.0.1", true))}).isEmpty());
    }

    void hostnameForItsSubdomain()
    {
        const api::Object svc = test::service("db", Web, QJsonArray(), "None");
        api::Object p = test::withField(test::pod("a", Web, "10.0.0.1", true), "spec", "hostname", "db-0");
        QVERIFY(!endpoints::shouldSetHostname(p, svc));
        p = test::withField(p, "spec", "subdomain", "db");
        QVERIFY(endpoints::shouldSetHostname(p, svc));
        const QJsonArray subsets = endpoints::endpointsSubsets(svc, {test::ptr(p)});
        QCOMPARE(subsets.first().toObject().value("addresses").toArray().first().toObject().value("hostname"),
                 QJsonValue("db-0"));
    }

    void repack_data()
    {
        QTest::addColumn<QJsonArray>("input");
        QTest::addColumn<QStringList>("expected");
        const QJsonObject http{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}};
        const QJsonObject https{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}};
        QTest::newRow("addresses sharing a port join, sorted by IP")
            << QJsonArray{subset({address("10.0.0.9", "b")}, {}, {http}),
                          subset({address("10.0.0.10", "a")}, {}, {http})}
            << QStringList{"10.0.0.10:1 10.0.0.9:1 | http=80"};
        QTest::newRow("ports sharing addresses join, sorted")
            << QJsonArray{subset({address("10.0.0.1", "a")}, {}, {https}),
                          subset({address("10.0.0.1", "a")}, {}, {http})}
            << QStringList{"10.0.0.1:1 | http=80 https=443"};
        QTest::newRow("not ready wins on a port") << QJsonArray{subset({address("10.0.0.1", "a")}, {}, {http}),
                                                                subset({}, {address("10.0.0.1", "a")}, {http})}
                                                  << QStringList{"10.0.0.1:0 | http=80"};
        QTest::newRow("different port sets split")
            << QJsonArray{subset({address("10.0.0.1", "a")}, {}, {http}),
                          subset({address("10.0.0.1", "a")}, {}, {https}),
                          subset({address("10.0.0.2", "b")}, {}, {http})}
            << QStringList{"10.0.0.1:1 10.0.0.2:1 | http=80", "10.0.0.1:1 | https=443"};
        QTest::newRow("equal IPs of two pods stay apart")
            << QJsonArray{subset({address("10.0.0.1", "b"), address("10.0.0.1", "a")}, {}, {http})}
            << QStringList{"10.0.0.1:1 10.0.0.1:1 | http=80"};
        QTest::newRow("no ports kept") << QJsonArray{subset({address("10.0.0.1", "a")}, {}, {})}
                                       << QStringList{"10.0.0.1:1 | "};
        QTest::newRow("nothing") << QJsonArray() << QStringList();
    }
    void repack()
    {
        QFETCH(QJsonArray, input);
        QFETCH(QStringList, expected);
        const QJsonArray repacked = endpoints::repackSubsets(input);
        QCOMPARE(summary(repacked), expected);
        QCOMPARE(endpoints::repackSubsets(repacked), repacked); // stable
    }

    void repackIsIndependentOfInputOrder()
    {
        const QJsonObject http{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}};
        const QJsonArray a{subset({address("10.0.0.2", "b")}, {}, {http}),
                           subset({}, {address("10.0.0.1", "a")}, {http}), subset({address("10.0.0.3", "c")}, {}, {})};
        QJsonArray b;
        for (qsizetype i = a.size() - 1; i >= 0; --i)
            b.append(a.at(i));
        QCOMPARE(endpoints::repackSubsets(a), endpoints::repackSubsets(b));
    }

    void truncate_data()
    {
        QTest::addColumn<QList<int>>("counts"); // ready, not ready per subset
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("under capacity") << QList<int>{5, 5} << false << QList<int>{5, 5};
        QTest::newRow("not ready cut in proportion") << QList<int>{8, 0, 0, 4} << true << QList<int>{8, 0, 0, 2};
        QTest::newRow("exactly at capacity") << QList<int>{4, 3, 0, 3} << false << QList<int>{4, 3, 0, 3};
        // Room for 6 of 7 not ready: ceil(3/7*6) = 3, then ceil(4/7*6) = 4 capped by the 3 left.
        QTest::newRow("not ready shares rounded up") << QList<int>{4, 3, 0, 4} << true << QList<int>{4, 3, 0, 3};
        QTest::newRow("ready over capacity drops not ready")
            << QList<int>{6, 2, 6, 2} << true << QList<int>{5, 0, 5, 0};
        // ceil(7/13*10) = 6, then ceil(6/13*10) = 5 capped by the 4 left.
        QTest::newRow("last subset gets what is left") << QList<int>{7, 0, 6, 0} << true << QList<int>{6, 0, 4, 0};
        QTest::newRow("uneven ready") << QList<int>{9, 0, 3, 0} << true << QList<int>{8, 0, 2, 0};
    }
    void truncate()
    {
        QFETCH(QList<int>, counts);
        QFETCH(bool, truncated);
        QFETCH(QList<int>, expected);
        QJsonArray subsets;
        int next = 0;
        for (qsizetype i = 0; i < counts.size(); i += 2) {
            subsets.append(subset(addresses(next, counts[i]), addresses(next + counts[i], counts[i + 1]), {}));
            next += counts[i] + counts[i + 1];
        }
        QCOMPARE(endpoints::truncateSubsets(subsets, 10), truncated);
        QList<int> got;
        for (const QJsonValue &s : subsets)
            got << int(s.toObject().value("addresses").toArray().size())
                << int(s.toObject().value("notReadyAddresses").toArray().size());
        QCOMPARE(got, expected);
        QVERIFY(endpoints::addressCount(subsets) <= 10);
    }

    void sliceEndpointConditions_data()
    {
        QTest::addColumn<bool>("podReady");
        QTest::addColumn<bool>("terminating");
        QTest::addColumn<bool>("publishNotReady");
        QTest::addColumn<QJsonObject>("conditions");
        const auto c = [](bool ready, bool serving, bool terminating) {
            return QJsonObject{{"ready", ready}, {"serving", serving}, {"terminating", terminating}};
        };
        QTest::newRow("ready") << true << false << false << c(true, true, false);
        QTest::newRow("not ready") << false << false << false << c(false, false, false);
        QTest::newRow("terminating, still serving") << true << true << false << c(false, true, true);
        QTest::newRow("publishNotReadyAddresses") << false << true << true << c(true, false, true);
    }
    void sliceEndpointConditions()
    {
        QFETCH(bool, podReady);
        QFETCH(bool, terminating);
        QFETCH(bool, publishNotReady);
        QFETCH(QJsonObject, conditions);
        api::Object p = test::pod("a", Web, "10.0.0.1", podReady, {}, "node-2");
        if (terminating)
            p = test::withField(p, "metadata", "deletionTimestamp", "2024-01-01T00:00:00Z");
        const api::Object svc = test::withField(test::service("web", Web, QJsonArray{servicePort("", 80, 80)}), "spec",
                                                "publishNotReadyAddresses", publishNotReady);
        const QJsonObject endpoint = endpoints::sliceEndpoint(svc, p, "IPv4");
        QCOMPARE(endpoint.value("conditions").toObject(), conditions);
        QCOMPARE(endpoint.value("addresses").toArray(), QJsonArray{"10.0.0.1"});
        QCOMPARE(endpoint.value("nodeName").toString(), QStringLiteral("node-2"));
        QCOMPARE(endpoint.value("targetRef").toObject().value("name").toString(), QStringLiteral("a"));
    }

    void addressFamilies()
    {
        const api::Object v6 = test::service("web", Web, QJsonArray{servicePort("", 80, 80)}, "fd00::10");
        QCOMPARE(endpoints::addressType(v6), QStringLiteral("IPv6"));
        QCOMPARE(endpoints::addressType(test::withField(v6, "spec", "ipFamilies", QJsonArray{"IPv4"})),
                 QStringLiteral("IPv4"));
        api::Object dual = test::pod("a", Web, "10.0.0.1", true);
        dual = test::withField(dual, "status", "podIPs",
                               QJsonArray{QJsonObject{{"ip", "10.0.0.1"}}, QJsonObject{{"ip", "fd00::1"}}});
        QCOMPARE(endpoints::podIp(dual, "IPv6"), QStringLiteral("fd00::1"));
        QCOMPARE(endpoints::podIp(dual, "IPv4"), QStringLiteral("10.0.0.1"));
        QVERIFY(endpoints::podIp(test::pod("b", Web, "10.0.0.2", true), "IPv6").isEmpty());
    }

    void portSetKeyIgnoresOrderAndDefaults()
    {
        const QJsonArray a{QJsonObject{{"name", "a"}, {"port", 1}, {"protocol", "TCP"}},
                           QJsonObject{{"name", "b"}, {"port", 2}, {"protocol", "UDP"}}};
        const QJsonArray b{QJsonObject{{"name", "b"}, {"port", 2}, {"protocol", "UDP"}},
                           QJsonObject{{"name", "a"}, {"port", 1}}};
        QCOMPARE(endpoints::portSetKey(a), endpoints::portSetKey(b));
        QVERIFY(endpoints::portSetKey(a) != endpoints::portSetKey(QJsonArray{a.first()}));
    }

    void podViewKeepsWhatEndpointsNeed()
    {
        api::Object p = test::pod("a", Web, "10.0.0.1", true, QJsonArray{containerPort("http", 8080)});
        p = test::withField(p, "metadata", "annotations", QJsonObject{{"big", QString(1000, 'x')}});
        p = test::withField(
            p, "status", "conditions",
            QJsonArray{QJsonObject{{"type", "PodScheduled"}, {"status", "True"}}, test::readyCondition(true)});
        const api::ObjectPtr view = endpoints::podView(test::ptr(p));
        QVERIFY(!view->metadata().contains("annotations"));
        QCOMPARE(view->status().value("conditions").toArray(), QJsonArray{test::readyCondition(true)});
        const QJsonObject svcPort = servicePort("", 80, "http");
        QCOMPARE(endpoints::findPort(*view, svcPort), endpoints::findPort(p, svcPort));
        QCOMPARE(endpoints::sliceEndpoint(test::service("web", Web, {}), *view, "IPv4"),
                 endpoints::sliceEndpoint(test::service("web", Web, {}), p, "IPv4"));
        QCOMPARE(view->resourceVersion(), p.resourceVersion());
        QCOMPARE(view->labels(), p.labels());
    }

    // --- ServicePodIndex

    void indexMatchesSelectorsBothWays()
    {
        ServicePodIndex index;
        const QJsonArray ports{servicePort("", 80, 80)};
        const api::ObjectPtr web = test::ptr(test::service("web", Web, ports));
        const api::ObjectPtr webCanary =
            test::ptr(test::service("canary", QJsonObject{{"app", "web"}, {"track", "canary"}}, ports));
        const api::ObjectPtr db = test::ptr(test::service("db", QJsonObject{{"app", "db"}}, ports));
        const api::ObjectPtr manual = test::ptr(test::service("manual", {}, ports));
        for (const api::ObjectPtr &s : {web, webCanary, db, manual})
            index.serviceChanged(nullptr, s);
        QCOMPARE(index.serviceCount(), 3); // not the one without a selector

        const api::ObjectPtr a = test::ptr(test::pod("a", QJsonObject{{"app", "web"}, {"track", "canary"}}, "", false));
        const api::ObjectPtr b = test::ptr(test::pod("b", Web, "", false));
        const api::ObjectPtr c = test::ptr(test::pod("c", QJsonObject{{"app", "db"}}, "", false));
        const api::ObjectPtr d = test::ptr(test::pod("d", QJsonObject(), "", false));
        for (const api::ObjectPtr &p : {a, b, c, d})
            index.podChanged(nullptr, p);
        QCOMPARE(index.servicesSelecting("default", a->labels()), QStringList({"default/canary", "default/web"}));
        QCOMPARE(index.servicesSelecting("default", c->labels()), QStringList({"default/db"}));
        QCOMPARE(index.servicesSelecting("other", a->labels()), QStringList());
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "web"}})), QStringList({"a", "b"}));
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "web"}, {"track", "canary"}})), QStringList({"a"}));
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "web"}, {"track", "stable"}})), QStringList());

        // Relabelled: moves between Services; deleted: gone.
        const api::ObjectPtr b2 = test::ptr(test::withField(*b, "metadata", "labels", QJsonObject{{"app", "db"}}));
        index.podChanged(b, b2);
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "web"}})), QStringList({"a"}));
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "db"}})), QStringList({"b", "c"}));
        index.podChanged(c, nullptr);
        QCOMPARE(names(index.podsSelectedBy("default", {{"app", "db"}})), QStringList({"b"}));
        QCOMPARE(index.podCount(), 3);

        // A Service's selector changes, then it goes.
        const api::ObjectPtr db2 =
            test::ptr(test::withField(*db, "spec", "selector", QJsonObject{{"app", "web"}, {"track", "canary"}}));
        index.serviceChanged(db, db2);
        QCOMPARE(index.servicesSelecting("default", a->labels()),
                 QStringList({"default/canary", "default/db", "default/web"}));
        index.serviceChanged(db2, nullptr);
        index.serviceChanged(web, nullptr);
        QCOMPARE(index.servicesSelecting("default", a->labels()), QStringList({"default/canary"}));
        QCOMPARE(index.serviceCount(), 1);
    }

    void podEventsMapToServices_data()
    {
        QTest::addColumn<api::Object>("before");
        QTest::addColumn<api::Object>("after");
        QTest::addColumn<QStringList>("expected");
        const api::Object base = test::pod("a", Web, "10.0.0.1", false);
        const auto bump = [](const api::Object &p) { return test::withField(p, "metadata", "resourceVersion", "2"); };
        QTest::newRow("resync") << base << base << QStringList();
        QTest::newRow("irrelevant change")
            << base << bump(test::withField(base, "metadata", "annotations", QJsonObject{{"a", "b"}})) << QStringList();
        QTest::newRow("became ready") << base
                                      << bump(test::withField(base, "status", "conditions",
                                                              QJsonArray{test::readyCondition(true)}))
                                      << QStringList{"default/web"};
        QTest::newRow("new IP") << base
                                << bump(test::withField(base, "status", "podIPs",
                                                        QJsonArray{QJsonObject{{"ip", "10.0.0.9"}}}))
                                << QStringList{"default/web"};
        QTest::newRow("terminating") << base
                                     << bump(test::withField(base, "metadata", "deletionTimestamp",
                                                             "2024-01-01T00:00:00Z"))
                                     << QStringList{"default/web"};
        QTest::newRow("relabelled: the Services left and joined")
            << base << bump(test::withField(base, "metadata", "labels", QJsonObject{{"app", "db"}}))
            << QStringList{"default/db", "default/web"};
        QTest::newRow("label added keeping Services: none")
            << base << bump(test::withField(base, "metadata", "labels", QJsonObject{{"app", "web"}, {"x", "y"}}))
            << QStringList();
        QTest::newRow("label added and ready: the Services it is in")
            << base
            << bump(
                   test::withField(test::withField(base, "metadata", "labels", QJsonObject{{"app", "web"}, {"x", "y"}}),
                                   "status", "conditions", QJsonArray{test::readyCondition(true)}))
            << QStringList{"default/web"};
    }
    void podEventsMapToServices()
    {
        QFETCH(api::Object, before);
        QFETCH(api::Object, after);
        QFETCH(QStringList, expected);
        ServicePodIndex index;
        const QJsonArray ports{servicePort("", 80, 80)};
        index.serviceChanged(nullptr, test::ptr(test::service("web", Web, ports)));
        index.serviceChanged(nullptr, test::ptr(test::service("db", QJsonObject{{"app", "db"}}, ports)));
        QCOMPARE(index.servicesForPodEvent(test::ptr(before), test::ptr(after)), expected);
        QCOMPARE(index.servicesForPodEvent(nullptr, test::ptr(before)), QStringList{"default/web"});
        QCOMPARE(index.servicesForPodEvent(test::ptr(before), nullptr), QStringList{"default/web"});
    }

    // 1,000 Services of 10 pods each among 10,000 pods, plus one Service selecting them all: every
    // lookup finds exactly its own pods.
    void indexAtScale()
    {
        ServicePodIndex index;
        const QJsonArray ports{servicePort("", 80, 80)};
        for (int s = 0; s < 1000; ++s)
            index.serviceChanged(nullptr,
                                 test::ptr(test::service(QStringLiteral("svc-%1").arg(s),
                                                         QJsonObject{{"app", QStringLiteral("a%1").arg(s)}}, ports)));
        index.serviceChanged(nullptr, test::ptr(test::service("all", QJsonObject{{"tier", "web"}}, ports)));
        for (int p = 0; p < 10000; ++p)
            index.podChanged(
                nullptr, test::ptr(test::pod(QStringLiteral("p%1").arg(p),
                                             QJsonObject{{"app", QStringLiteral("a%1").arg(p / 10)}, {"tier", "web"}},
                                             QStringLiteral("10.1.%1.%2").arg(p / 250).arg(p % 250), true)));
        QCOMPARE(index.podCount(), 10000);
        for (int s = 0; s < 1000; ++s) {
            const QString app = QStringLiteral("a%1").arg(s);
            QCOMPARE(index.podsSelectedBy("default", {{"app", app}}).size(), 10);
            QCOMPARE(index.servicesSelecting("default", {{"app", app}, {"tier", "web"}}),
                     QStringList({"default/all", QStringLiteral("default/svc-%1").arg(s)}));
        }
        QCOMPARE(index.podsSelectedBy("default", {{"tier", "web"}}).size(), 10000);
        QCOMPARE(index.podsSelectedBy("default", {{"tier", "web"}, {"app", "a7"}}).size(), 10);
    }

    // --- StaleCacheTracker

    void trackerWaitsForTheCacheToShowWrites()
    {
        api::FakeClock clock;
        StaleCacheTracker tracker(clock);
        QHash<QString, api::ObjectPtr> cache;
        const auto lookup = [&](const QString &k) { return cache.value(k); };
        const api::Object v1 = test::withField(test::withField(test::pod("s", Web, "", false), "metadata", "uid", "u1"),
                                               "metadata", "resourceVersion", "10");
        const api::Object v2 = test::withField(v1, "metadata", "resourceVersion", "11");

        tracker.created("svc", v1, lookup);
        QVERIFY(tracker.isStale("svc", lookup));
        QVERIFY(!tracker.isStale("other", lookup));
        cache.insert("default/s", test::ptr(v1));
        QVERIFY(!tracker.isStale("svc", lookup));
        QCOMPARE(tracker.pending("svc"), 0);

        tracker.updated("svc", v2, "10", lookup);
        QVERIFY(tracker.isStale("svc", lookup)); // the cache still shows rv 10
        cache.insert("default/s", test::ptr(v2));
        QVERIFY(!tracker.isStale("svc", lookup));

        tracker.deleted("svc", v2, lookup);
        QVERIFY(tracker.isStale("svc", lookup));
        cache.remove("default/s");
        QVERIFY(!tracker.isStale("svc", lookup));

        // Seen before the answer: nothing to wait for.
        cache.insert("default/s", test::ptr(v1));
        tracker.created("svc", v1, lookup);
        QCOMPARE(tracker.pending("svc"), 0);
        tracker.updated("svc", v1, "10", lookup); // a no-op update
        QCOMPARE(tracker.pending("svc"), 0);
    }

    void trackerExpectationsTimeOut()
    {
        api::FakeClock clock;
        StaleCacheTracker tracker(clock);
        const auto empty = [](const QString &) { return api::ObjectPtr(); };
        tracker.created("svc", test::pod("s", Web, "", false), empty);
        clock.advanceMs(60'000);
        std::chrono::milliseconds expiresIn{0};
        QVERIFY(tracker.isStale("svc", empty, &expiresIn));
        QCOMPARE(expiresIn, StaleCacheTracker::Timeout - std::chrono::milliseconds(60'000));
        clock.advanceMs(expiresIn.count());
        QVERIFY(!tracker.isStale("svc", empty));
    }

private:
    static QStringList names(const QList<api::ObjectPtr> &objects)
    {
        QStringList list;
        for (const api::ObjectPtr &o : objects)
            list << o->name();
        return list;
    }
};

QTEST_GUILESS_MAIN(EndpointsBuilderTest)
#include "tst_endpointsbuilder.moc"
