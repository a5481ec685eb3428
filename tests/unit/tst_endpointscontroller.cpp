// The Endpoints controller against a real in-process API server: ready and not-ready addresses, named
// ports resolved per pod, pods without IPs skipped, a pod becoming ready or terminating or deleted,
// selector changes, Endpoints deleted with their Service (and left over from before a restart), no
// write when nothing changed, publishNotReadyAddresses, hand edits put right, Services without a
// selector left to their users, no second create while the cache lags, truncation at capacity.
#include "clienttestsupport.h"
#include "controllers/endpointscontroller.h"
#include "endpointsfixtures.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::containerPort;
using test::kind;
using test::servicePort;

namespace {

const QString Key = QStringLiteral("default/web");
const QJsonObject Web{{"app", "web"}};

// "ip:ready@port" for each address and port of the subsets, sorted.
QStringList addresses(const api::ObjectPtr &endpoints)
{
    QStringList list;
    if (!endpoints)
        return {QStringLiteral("<none>")};
    for (const QJsonValue &s : endpoints->json().value("subsets").toArray()) {
        const QJsonObject subset = s.toObject();
        for (const QJsonValue &p : subset.value("ports").toArray()) {
            const QString port = QString::number(p.toObject().value("port").toInt());
            for (const QJsonValue &a : subset.value("addresses").toArray())
                list << a.toObject().value("ip").toString() + ":1@" + port;
            for (const QJsonValue &a : subset.value("notReadyAddresses").toArray())
                list << a.toObject().value("ip").toString() + ":0@" + port;
        }
    }
    list.sort();
    return list;
}

} // namespace

class EndpointsControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<EndpointsController> m_controller;

    void startController()
    {
        m_controller = std::make_unique<EndpointsController>(*m_client, *m_scheduler, *m_recorder);
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
    }
    std::vector<api::ObjectPtr> list(const char *kindName)
    {
        apiserver::ListQuery q;
        q.namespaceName = QStringLiteral("default");
        auto page = m_cluster->registry().list(kind(kindName), q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    api::ObjectPtr get(const char *kindName, const QString &name)
    {
        auto got = m_cluster->registry().get(kind(kindName), "default", name);
        return got ? got.value() : nullptr;
    }
    api::ObjectPtr endpoints(const QString &name = QStringLiteral("web")) { return get("Endpoints", name); }
    bool caughtUp()
    {
        const std::pair<const char *, client::Informer *> informers[] = {
            {"Service", &m_controller->serviceInformer()},
            {"Pod", &m_controller->podInformer()},
            {"Endpoints", &m_controller->endpointsInformer()}};
        for (const auto &[k, informer] : informers) {
            const std::vector<api::ObjectPtr> server = list(k);
            if (informer->size() != qsizetype(server.size()))
                return false;
            for (const api::ObjectPtr &o : server) {
                const api::ObjectPtr cached = informer->get(o->namespaceName(), o->name());
                if (!cached || cached->resourceVersion() != o->resourceVersion())
                    return false;
            }
        }
        return true;
    }
    // Reconciles until nothing is queued, no write is in flight and the caches have caught up.
    bool settle()
    {
        for (int round = 0; round < 50; ++round) {
            m_controller->runUntilIdle();
            if (!test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0 && caughtUp(); }))
                return false;
            if (m_controller->queue().length() == 0 && m_recorder->isIdle())
                return true;
        }
        return false;
    }
    // Creates the pod (bound to node-1) and reports its status as an agent would.
    void addPod(const QString &name, const QJsonObject &labels, const QString &ip, bool ready,
                const QJsonArray &ports = {})
    {
        const api::Object p = test::pod(name, labels, ip, ready, ports);
        QVERIFY(m_cluster->put(p));
        setStatus(name, p.status());
    }
    void setStatus(const QString &name, const QJsonObject &status)
    {
        QJsonObject json = get("Pod", name)->json();
        json.insert("status", status);
        auto r = m_cluster->registry().update(kind("Pod"), "default", name, api::Object(json), apiserver::Part::Status,
                                              {}, nullptr);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }
    void setReady(const QString &name, bool ready)
    {
        QJsonObject status = get("Pod", name)->status();
        status.insert("conditions", QJsonArray{test::readyCondition(ready)});
        setStatus(name, status);
    }
    void deletePod(const QString &name, std::optional<qint64> grace = std::nullopt)
    {
        apiserver::DeleteOptions options;
        options.gracePeriodSeconds = grace;
        QVERIFY(m_cluster->registry().remove(kind("Pod"), "default", name, options).ok());
    }
    api::ObjectPtr putService(const api::Object &svc)
    {
        api::ObjectPtr stored = m_cluster->put(svc);
        return stored;
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"endpoint-controller", {}}, m_clock);
        startController();
    }
    void cleanup()
    {
        m_controller.reset();
        m_recorder.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void readyAndNotReadyAddresses()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)}, "10.43.0.10",
                                         QJsonObject{{"team", "blue"}})));
        addPod("a", Web, "10.0.0.1", true);
        addPod("b", Web, "10.0.0.2", false);
        addPod("c", Web, "", true);                                // no IP yet: skipped
        addPod("d", QJsonObject{{"app", "db"}}, "10.0.0.4", true); // not selected
        QVERIFY(settle());
        const api::ObjectPtr ep = endpoints();
        QVERIFY(ep);
        QCOMPARE(addresses(ep), QStringList({"10.0.0.1:1@8080", "10.0.0.2:0@8080"}));
        QCOMPARE(ep->labels(), (api::StringMap{{"team", "blue"}}));
        QVERIFY(ep->ownerReferences().isEmpty());
        const QJsonObject subset = ep->json().value("subsets").toArray().first().toObject();
        const QJsonObject a = subset.value("addresses").toArray().first().toObject();
        QCOMPARE(a.value("nodeName").toString(), QStringLiteral("node-1"));
        QCOMPARE(
            a.value("targetRef").toObject(),
            (QJsonObject{{"kind", "Pod"}, {"namespace", "default"}, {"name", "a"}, {"uid", get("Pod", "a")->uid()}}));
        QCOMPARE(subset.value("ports").toArray(), (QJsonArray{QJsonObject{{"port", 8080}, {"protocol", "TCP"}}}));
    }

    void namedPortsResolvePerPod()
    {
        QVERIFY(putService(test::service(
            "web", Web, QJsonArray{servicePort("http", 80, "http"), servicePort("dns", 53, "dns", "UDP")})));
        addPod("a", Web, "10.0.0.1", true, QJsonArray{containerPort("http", 8080), containerPort("dns", 5353, "UDP")});
        addPod("b", Web, "10.0.0.2", true, QJsonArray{containerPort("http", 9090)});
        addPod("c", Web, "10.0.0.3", true, QJsonArray{containerPort("web", 8080)}); // no such name: left out
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@5353", "10.0.0.1:1@8080", "10.0.0.2:1@9090"}));
        for (const QJsonValue &s : endpoints()->json().value("subsets").toArray())
            for (const QJsonValue &p : s.toObject().value("ports").toArray()) {
                const QJsonObject port = p.toObject();
                QCOMPARE(port.value("protocol").toString(),
                         port.value("name").toString() == "dns" ? QStringLiteral("UDP") : QStringLiteral("TCP"));
            }
    }

    void aPodBecomingReadyMovesItsAddress()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", false);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:0@8080"}));
        setReady("a", true);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
        setReady("a", false);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:0@8080"}));
    }

    void aPodWithoutAnIpJoinsWhenItGetsOne()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "", true);
        QVERIFY(settle());
        QVERIFY(endpoints());
        QCOMPARE(addresses(endpoints()), QStringList());
        setStatus("a", test::pod("a", Web, "10.0.0.7", true).status());
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.7:1@8080"}));
    }

    void terminatingAndDeletedPodsLeave()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        addPod("b", Web, "10.0.0.2", true);
        addPod("c", Web, "10.0.0.3", true);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()).size(), 3);
        deletePod("a"); // bound: graceful, it is terminating
        QVERIFY(get("Pod", "a") && !get("Pod", "a")->deletionTimestamp().isEmpty());
        deletePod("b", 0); // gone at once
        QVERIFY(!get("Pod", "b"));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.3:1@8080"}));
        setStatus("c", test::pod("c", Web, "10.0.0.3", false, {}, "node-1", "Succeeded").status());
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList());
    }

    void aSelectorChangeSwapsThePods()
    {
        const api::ObjectPtr svc = putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)}));
        addPod("a", Web, "10.0.0.1", true);
        addPod("b", QJsonObject{{"app", "api"}}, "10.0.0.2", true);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
        QVERIFY(putService(test::withField(*svc, "spec", "selector", QJsonObject{{"app", "api"}})));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.2:1@8080"}));

        // A relabelled pod moves too.
        QJsonObject json = get("Pod", "a")->json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("labels", QJsonObject{{"app", "api"}});
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080", "10.0.0.2:1@8080"}));
    }

    void deletingTheServiceDeletesItsEndpoints()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        QVERIFY(endpoints());
        QVERIFY(m_cluster->remove(kind("Service"), "default", "web"));
        QVERIFY(settle());
        QVERIFY(!endpoints());
    }

    void nothingIsWrittenWhenNothingChanged()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        const QString rv = endpoints()->resourceVersion();
        m_controller->queue().add(Key);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->keysAwaitingWrites(), 0);
        QCOMPARE(endpoints()->resourceVersion(), rv);

        // A pod change that does not touch its address does not even queue the Service.
        QJsonObject json = get("Pod", "a")->json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("annotations", QJsonObject{{"note", "x"}});
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(test::waitFor([&] { return caughtUp(); }));
        QCOMPARE(m_controller->queue().length(), 0);
        QVERIFY(settle());
        QCOMPARE(endpoints()->resourceVersion(), rv);
    }

    void publishNotReadyAddressesListsEveryPodAsReady()
    {
        api::Object svc = test::service("web", Web, QJsonArray{servicePort("", 80, 8080)});
        QVERIFY(putService(test::withField(svc, "spec", "publishNotReadyAddresses", true)));
        addPod("a", Web, "10.0.0.1", false);
        addPod("b", Web, "10.0.0.2", true);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080", "10.0.0.2:1@8080"}));
        deletePod("b"); // terminating pods stay published
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080", "10.0.0.2:1@8080"}));
    }

    void servicesWithoutSelectorsAreLeftToTheirUsers()
    {
        QVERIFY(putService(test::service("manual", {}, QJsonArray{servicePort("", 80, 8080)})));
        const api::Object manual(QJsonObject{
            {"apiVersion", "v1"},
            {"kind", "Endpoints"},
            {"metadata", QJsonObject{{"name", "manual"}, {"namespace", "default"}}},
            {"subsets", QJsonArray{QJsonObject{{"addresses", QJsonArray{QJsonObject{{"ip", "192.168.1.5"}}}},
                                               {"ports", QJsonArray{QJsonObject{{"port", 5432}}}}}}}});
        QVERIFY(m_cluster->put(manual));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        const api::ObjectPtr before = endpoints("manual");
        QVERIFY(before);
        m_controller->queue().add("default/manual");
        QVERIFY(settle());
        QCOMPARE(endpoints("manual")->resourceVersion(), before->resourceVersion());
        QCOMPARE(addresses(endpoints("manual")), QStringList({"192.168.1.5:1@5432"}));
        QVERIFY(!endpoints()); // nothing made up for it

        // A Service that drops its selector keeps the Endpoints it had, now the users' to manage.
        const api::ObjectPtr web = putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)}));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
        QJsonObject json = web->json();
        QJsonObject spec = json.value("spec").toObject();
        spec.remove("selector");
        json.insert("spec", spec);
        QVERIFY(putService(api::Object(json)));
        addPod("b", Web, "10.0.0.2", true);
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
    }

    void handEditsArePutRight()
    {
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        QJsonObject json = endpoints()->json();
        json.insert("subsets", QJsonArray{QJsonObject{{"addresses", QJsonArray{QJsonObject{{"ip", "10.9.9.9"}}}},
                                                      {"ports", QJsonArray{QJsonObject{{"port", 1}}}}}});
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
        QVERIFY(m_cluster->remove(kind("Endpoints"), "default", "web"));
        QVERIFY(settle());
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
    }

    void endpointsLeftBehindAreDeletedAtStart()
    {
        m_controller.reset();
        const auto orphan = [](const QString &name, const QJsonObject &annotations) {
            QJsonObject meta{{"name", name}, {"namespace", "default"}};
            if (!annotations.isEmpty())
                meta.insert("annotations", annotations);
            return api::Object(QJsonObject{{"apiVersion", "v1"}, {"kind", "Endpoints"}, {"metadata", meta}});
        };
        QVERIFY(m_cluster->put(orphan("gone", {})));
        QVERIFY(m_cluster->put(orphan("lock", {{"control-plane.alpha.kubernetes.io/leader", "{}"}})));
        startController();
        QVERIFY(settle());
        QVERIFY(!endpoints("gone"));
        QVERIFY(endpoints("lock"));
    }

    void noSecondCreateWhileTheCacheLags()
    {
        m_controller->endpointsInformer().stop();
        QVERIFY(putService(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(test::waitFor([&] {
            return m_controller->serviceInformer().size() == 1 && m_controller->podInformer().size() == 1 &&
                   get("Pod", "a")->resourceVersion() ==
                       m_controller->podInformer().get("default", "a")->resourceVersion();
        }));
        bool ok = false;
        QObject guard;
        connect(m_controller.get(), &Controller::keyFinished, &guard,
                [&](const QString &, bool success) { ok = success; });
        m_controller->runUntilIdle();
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QVERIFY(ok);
        QVERIFY(endpoints());
        const QString rv = endpoints()->resourceVersion();
        m_controller->queue().add(Key);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->keysAwaitingWrites(), 0); // it waits: no create, no AlreadyExists
        QVERIFY(ok);
        QCOMPARE(m_controller->queue().numRequeues(Key), 0);
        m_controller->endpointsInformer().start();
        QVERIFY(settle());
        QCOMPARE(endpoints()->resourceVersion(), rv);
        QCOMPARE(addresses(endpoints()), QStringList({"10.0.0.1:1@8080"}));
    }

    void headlessServicesAreLabelled()
    {
        QVERIFY(putService(test::service("db", Web, QJsonArray(), "None")));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        const api::ObjectPtr ep = endpoints("db");
        QVERIFY(ep);
        QCOMPARE(ep->labels(), (api::StringMap{{"service.kubernetes.io/headless", ""}}));
        const QJsonArray subsets = ep->json().value("subsets").toArray();
        QCOMPARE(subsets.size(), 1);
        QVERIFY(!subsets.first().toObject().contains("ports"));
        QCOMPARE(subsets.first().toObject().value("addresses").toArray().size(), 1);
    }

    void moreThanAThousandAddressesAreTruncated()
    {
        const api::Object svc = test::service("web", Web, QJsonArray{servicePort("", 80, 8080)});
        QList<api::ObjectPtr> pods;
        for (int i = 0; i < 1100; ++i)
            pods << test::ptr(test::pod(QStringLiteral("p%1").arg(i), Web,
                                        QStringLiteral("10.0.%1.%2").arg(i / 250).arg(i % 250), i % 2 == 0));
        const api::Object desired = EndpointsController::desiredEndpoints(svc, pods, nullptr);
        QCOMPARE(desired.annotations().value("endpoints.kubernetes.io/over-capacity"), QStringLiteral("truncated"));
        const QJsonObject subset = desired.json().value("subsets").toArray().first().toObject();
        QCOMPARE(subset.value("addresses").toArray().size(), 550); // every ready one
        QCOMPARE(subset.value("notReadyAddresses").toArray().size(), 450);
        const api::Object current(desired.json());
        QVERIFY(EndpointsController::upToDate(current,
                                              EndpointsController::desiredEndpoints(svc, pods, test::ptr(current))));
        const api::Object fewer = EndpointsController::desiredEndpoints(svc, pods.mid(0, 10), test::ptr(current));
        QVERIFY(!fewer.annotations().contains("endpoints.kubernetes.io/over-capacity"));
        QVERIFY(!EndpointsController::upToDate(current, fewer));
    }
};

QTEST_GUILESS_MAIN(EndpointsControllerTest)
#include "tst_endpointscontroller.moc"
