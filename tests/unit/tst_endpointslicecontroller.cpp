// The EndpointSlice controller against a real in-process API server: a slice per Service with its
// labels, owner, ports and endpoint conditions; a placeholder for a Service without pods; readiness,
// termination and deletion reflected; 100 endpoints a slice; no write when nothing changed; no
// duplicate slice while its cache lags; hand deletions put right; Services without a selector left
// alone; slices gone with their Service (through the garbage collector).
#include "clienttestsupport.h"
#include "controllers/endpointsbuilder.h"
#include "controllers/endpointslicecontroller.h"
#include "controllers/garbagecollector.h"
#include "endpointsfixtures.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::kind;
using test::servicePort;

namespace {

const QString Key = QStringLiteral("default/web");
const QJsonObject Web{{"app", "web"}};

const api::ResourceInfo &slicesResource()
{
    static const api::ResourceInfo info = *api::Kinds::byKind("discovery.k8s.io/v1", "EndpointSlice");
    return info;
}

// "pod:ready/serving/terminating" of every endpoint of the slices, sorted.
QStringList endpointStates(const std::vector<api::ObjectPtr> &slices)
{
    QStringList states;
    for (const api::ObjectPtr &slice : slices)
        for (const QJsonValue &e : slice->json().value("endpoints").toArray()) {
            const QJsonObject c = e.toObject().value("conditions").toObject();
            states << e.toObject().value("targetRef").toObject().value("name").toString() + ":" +
                          QString::number(c.value("ready").toBool()) + QString::number(c.value("serving").toBool()) +
                          QString::number(c.value("terminating").toBool());
        }
    states.sort();
    return states;
}

} // namespace

class EndpointSliceControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<EndpointSliceController> m_controller;

    std::vector<api::ObjectPtr> list(const api::ResourceInfo &info)
    {
        apiserver::ListQuery q;
        q.namespaceName = QStringLiteral("default");
        auto page = m_cluster->registry().list(info, q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    std::vector<api::ObjectPtr> slices(const QString &service = QStringLiteral("web"))
    {
        std::vector<api::ObjectPtr> of;
        for (const api::ObjectPtr &s : list(slicesResource()))
            if (s->labels().value(endpoints::ServiceNameLabel) == service)
                of.push_back(s);
        return of;
    }
    api::ObjectPtr get(const char *kindName, const QString &name)
    {
        auto got = m_cluster->registry().get(kind(kindName), "default", name);
        return got ? got.value() : nullptr;
    }
    bool caughtUp()
    {
        const std::pair<api::ResourceInfo, client::Informer *> informers[] = {
            {kind("Service"), &m_controller->serviceInformer()},
            {kind("Pod"), &m_controller->podInformer()},
            {slicesResource(), &m_controller->sliceInformer()}};
        for (const auto &[info, informer] : informers) {
            const std::vector<api::ObjectPtr> server = list(info);
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
    void addPod(const QString &name, const QJsonObject &labels, const QString &ip, bool ready)
    {
        const api::Object p = test::pod(name, labels, ip, ready);
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
    void deletePod(const QString &name, std::optional<qint64> grace = std::nullopt)
    {
        apiserver::DeleteOptions options;
        options.gracePeriodSeconds = grace;
        QVERIFY(m_cluster->registry().remove(kind("Pod"), "default", name, options).ok());
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"endpoint-slice-controller", {}}, m_clock);
        m_controller = std::make_unique<EndpointSliceController>(*m_client, *m_scheduler, *m_recorder);
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
    }
    void cleanup()
    {
        m_controller.reset();
        m_recorder.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void aSliceListsTheServicesPods()
    {
        const api::ObjectPtr svc = m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)},
                                                                "10.43.0.10", QJsonObject{{"team", "blue"}}));
        QVERIFY(svc);
        addPod("a", Web, "10.0.0.1", true);
        addPod("b", Web, "10.0.0.2", false);
        addPod("c", Web, "", true);                                // no IP: left out
        addPod("d", QJsonObject{{"app", "db"}}, "10.0.0.4", true); // not selected
        QVERIFY(settle());
        const std::vector<api::ObjectPtr> all = slices();
        QCOMPARE(all.size(), size_t(1));
        const api::ObjectPtr slice = all.front();
        QVERIFY(slice->name().startsWith("web-"));
        QCOMPARE(slice->generateName(), QStringLiteral("web-"));
        QCOMPARE(slice->labels(),
                 (api::StringMap{{"team", "blue"},
                                 {"kubernetes.io/service-name", "web"},
                                 {"endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"}}));
        const QJsonObject owner = slice->ownerReferences().first().toObject();
        QCOMPARE(owner.value("uid").toString(), svc->uid());
        QCOMPARE(owner.value("kind").toString(), QStringLiteral("Service"));
        QVERIFY(owner.value("controller").toBool() && owner.value("blockOwnerDeletion").toBool());
        QCOMPARE(slice->json().value("addressType").toString(), QStringLiteral("IPv4"));
        QCOMPARE(slice->json().value("ports").toArray(),
                 (QJsonArray{QJsonObject{{"name", ""}, {"port", 8080}, {"protocol", "TCP"}}}));
        QCOMPARE(endpointStates(all), QStringList({"a:110", "b:000"}));
        for (const QJsonValue &e : slice->json().value("endpoints").toArray()) {
            const QJsonObject endpoint = e.toObject();
            const QString name = endpoint.value("targetRef").toObject().value("name").toString();
            QCOMPARE(endpoint.value("nodeName").toString(), QStringLiteral("node-1"));
            QCOMPARE(endpoint.value("targetRef").toObject().value("uid").toString(), get("Pod", name)->uid());
            QCOMPARE(endpoint.value("addresses").toArray(), QJsonArray{name == "a" ? "10.0.0.1" : "10.0.0.2"});
        }
    }

    void aServiceWithoutPodsHasAnEmptySlice()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        QVERIFY(settle());
        const std::vector<api::ObjectPtr> all = slices();
        QCOMPARE(all.size(), size_t(1));
        QCOMPARE(all.front()->json().value("endpoints").toArray(), QJsonArray());
        const QString name = all.front()->name();
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        QCOMPARE(slices().size(), size_t(1));
        QCOMPARE(slices().front()->name(), name); // the placeholder filled in
        QCOMPARE(endpointStates(slices()), QStringList({"a:110"}));
    }

    void readinessAndTerminationShowInConditions()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", false);
        addPod("b", Web, "10.0.0.2", true);
        QVERIFY(settle());
        QCOMPARE(endpointStates(slices()), QStringList({"a:000", "b:110"}));
        QJsonObject status = get("Pod", "a")->status();
        status.insert("conditions", QJsonArray{test::readyCondition(true)});
        setStatus("a", status);
        deletePod("b"); // graceful: terminating, still serving
        QVERIFY(settle());
        QCOMPARE(endpointStates(slices()), QStringList({"a:110", "b:011"}));
        deletePod("b", 0);
        QVERIFY(settle());
        QCOMPARE(endpointStates(slices()), QStringList({"a:110"}));
    }

    void manyPodsSpreadOver100EndpointSlices()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        for (int i = 0; i < 150; ++i)
            addPod(QStringLiteral("p%1").arg(i, 3, 10, QLatin1Char('0')), Web,
                   QStringLiteral("10.0.%1.%2").arg(i / 200).arg(i % 200 + 1), true);
        QVERIFY(settle());
        QList<int> sizes;
        for (const api::ObjectPtr &s : slices())
            sizes << int(s->json().value("endpoints").toArray().size());
        std::sort(sizes.begin(), sizes.end());
        QCOMPARE(sizes, QList<int>({50, 100}));
        QCOMPARE(endpointStates(slices()).size(), 150);
    }

    void nothingIsWrittenWhenNothingChanged()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        const QString rv = slices().front()->resourceVersion();
        m_controller->queue().add(Key);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->keysAwaitingWrites(), 0);
        QCOMPARE(slices().size(), size_t(1));
        QCOMPARE(slices().front()->resourceVersion(), rv);
    }

    void noDuplicateSliceWhileTheCacheLags()
    {
        m_controller->sliceInformer().stop();
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(test::waitFor([&] {
            const api::ObjectPtr cached = m_controller->podInformer().get("default", "a");
            return m_controller->serviceInformer().size() == 1 && cached &&
                   cached->resourceVersion() == get("Pod", "a")->resourceVersion();
        }));
        m_controller->runUntilIdle();
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(slices().size(), size_t(1));
        for (int i = 0; i < 3; ++i) {
            m_controller->queue().add(Key);
            QCOMPARE(m_controller->runUntilIdle(), 1);
            QCOMPARE(m_controller->keysAwaitingWrites(), 0); // waits for its slice to show
        }
        QCOMPARE(slices().size(), size_t(1));
        m_controller->sliceInformer().start();
        QVERIFY(settle());
        QCOMPARE(slices().size(), size_t(1));
        QCOMPARE(endpointStates(slices()), QStringList({"a:110"}));
    }

    void aDeletedSliceComesBack()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        const QString name = slices().front()->name();
        QVERIFY(m_cluster->remove(slicesResource(), "default", name));
        QVERIFY(settle());
        QCOMPARE(slices().size(), size_t(1));
        QVERIFY(slices().front()->name() != name);
        QCOMPARE(endpointStates(slices()), QStringList({"a:110"}));
    }

    void servicesWithoutSelectorsGetNoSlices()
    {
        QVERIFY(m_cluster->put(test::service("manual", {}, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        m_controller->queue().add("default/manual");
        QVERIFY(settle());
        QVERIFY(slices("manual").empty());
        QVERIFY(list(slicesResource()).empty());
    }

    void slicesGoWithTheirService()
    {
        QVERIFY(m_cluster->put(test::service("web", Web, QJsonArray{servicePort("", 80, 8080)})));
        addPod("a", Web, "10.0.0.1", true);
        QVERIFY(settle());
        QCOMPARE(slices().size(), size_t(1));
        QVERIFY(m_cluster->remove(kind("Service"), "default", "web"));
        QVERIFY(settle());
        QCOMPARE(slices().size(), size_t(1)); // the controller itself leaves them to the collector
        GarbageCollector gc(*m_client, *m_scheduler);
        gc.start();
        QVERIFY(test::waitFor([&] { return slices().empty(); }));
        QVERIFY(settle());
        QVERIFY(slices().empty()); // and does not bring them back
    }
};

QTEST_GUILESS_MAIN(EndpointSliceControllerTest)
#include "tst_endpointslicecontroller.moc"
