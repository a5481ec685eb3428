// The taint eviction controller against a real in-process API server, on a FakeClock: a pod that does
// not tolerate its node's NoExecute taint is deleted at once (with a TaintManagerEviction event); one
// that tolerates it for tolerationSeconds is deleted when that time has passed since the taint's
// timeAdded, not before; one that tolerates it without tolerationSeconds stays; removing the taint
// cancels a pending eviction; a pod bound to an already tainted node is judged when it arrives. The
// eviction time rule is tested on its own.
#include "clienttestsupport.h"
#include "controllers/taintevictioncontroller.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::kind;

namespace {

const QString kNode = QStringLiteral("node-a");

QJsonObject taint(const QString &key, const QString &timeAdded = {}, const QString &effect = "NoExecute")
{
    QJsonObject t{{"key", key}, {"effect", effect}};
    if (!timeAdded.isEmpty())
        t.insert("timeAdded", timeAdded);
    return t;
}

api::Object nodeObject(const QJsonArray &taints)
{
    QJsonObject json{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", test::meta(kNode, QString())}};
    if (!taints.isEmpty())
        json.insert("spec", QJsonObject{{"taints", taints}});
    return api::Object(json);
}

QJsonObject toleration(const QString &key, std::optional<int> seconds = std::nullopt)
{
    QJsonObject t{{"key", key}, {"operator", "Exists"}, {"effect", "NoExecute"}};
    if (seconds)
        t.insert("tolerationSeconds", *seconds);
    return t;
}

api::Object pod(const QString &name, const QJsonArray &tolerations, const QString &node = kNode)
{
    const QJsonObject container{{"name", "web"}, {"image", "nginx:1.25"}};
    QJsonObject spec{{"containers", QJsonArray{container}}, {"tolerations", tolerations}};
    if (!node.isEmpty())
        spec.insert("nodeName", node);
    return api::Object(
        QJsonObject{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", test::meta(name)}, {"spec", spec}});
}

} // namespace

class TaintEvictionControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock{1'767'225'600'000}; // 2026-01-01T00:00:00Z
    std::unique_ptr<FakeDelayScheduler> m_delays;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<TaintEvictionController> m_controller;

    QString stamp(qint64 offsetMs = 0) const
    {
        return api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(m_clock.nowMs() + offsetMs, Qt::UTC));
    }
    std::vector<api::ObjectPtr> list(const char *k)
    {
        auto page = m_cluster->registry().list(kind(k), {});
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    api::ObjectPtr podNamed(const QString &name)
    {
        auto got = m_cluster->registry().get(kind("Pod"), "default", name);
        return got ? *got : nullptr;
    }
    // Deleted, or being deleted (the node finishes a graceful deletion).
    bool evicted(const QString &name)
    {
        const api::ObjectPtr p = podNamed(name);
        return !p || !p->deletionTimestamp().isEmpty();
    }
    QStringList events(const QString &name)
    {
        QStringList messages;
        for (const api::ObjectPtr &e : list("Event"))
            if (e->valueAt(u"involvedObject.name").toString() == name &&
                e->valueAt(u"reason").toString() == QLatin1String("TaintManagerEviction"))
                messages << e->valueAt(u"message").toString();
        return messages;
    }
    // Whether the informer holds what the server holds (bound pods only, for pods).
    bool caughtUp(client::Informer &informer, const char *k)
    {
        const std::vector<api::ObjectPtr> server = list(k);
        if (informer.size() != qsizetype(server.size()))
            return false;
        return std::all_of(server.begin(), server.end(), [&](const api::ObjectPtr &o) {
            const api::ObjectPtr cached = informer.get(o->namespaceName(), o->name());
            return cached && cached->resourceVersion() == o->resourceVersion();
        });
    }
    bool settle()
    {
        for (int round = 0; round < 50; ++round) {
            m_controller->runUntilIdle();
            if (!test::waitFor([&] {
                    return m_controller->keysAwaitingWrites() == 0 && caughtUp(m_controller->nodeInformer(), "Node") &&
                           caughtUp(m_controller->podInformer(), "Pod");
                }))
                return false;
            if (m_controller->queue().length() == 0 && m_recorder->isIdle())
                return true;
            test::waitFor([&] { return m_recorder->isIdle(); });
        }
        return false;
    }
    void advance(std::chrono::milliseconds by)
    {
        m_delays->advance(by);
        QVERIFY(settle());
    }
    void put(const api::Object &object) { QVERIFY2(m_cluster->put(object), qPrintable(object.name())); }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        // The pods below carry exactly the tolerations they are given.
        m_cluster->registry().setPodEvictionTimeout(-1ms);
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_delays = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"taint-eviction-controller", {}}, m_clock);
        m_controller = std::make_unique<TaintEvictionController>(*m_client, *m_delays, *m_recorder);
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
    }
    void cleanup()
    {
        m_controller.reset();
        m_recorder.reset();
        m_delays.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void intolerantPodIsDeletedAtOnce()
    {
        put(nodeObject({}));
        put(pod("web", {}));
        put(pod("tolerant", QJsonArray{toleration("node.kubernetes.io/unreachable")}));
        put(pod("elsewhere", {}, "node-b"));
        QVERIFY(settle());
        QVERIFY(!evicted("web"));

        put(nodeObject(QJsonArray{taint("node.kubernetes.io/unreachable", stamp()),
                                  taint("node.kubernetes.io/unreachable", {}, "NoSchedule")}));
        QVERIFY(settle());
        QVERIFY(evicted("web"));
        QCOMPARE(events("web"), QStringList{"Marking for deletion Pod default/web"});
        if (const api::ObjectPtr going = podNamed("web")) { // graceful deletion: the reason is on it
            const QJsonArray conditions = going->status().value("conditions").toArray();
            QVERIFY(std::any_of(conditions.begin(), conditions.end(), [](const QJsonValue &c) {
                return c["type"] == "DisruptionTarget" && c["status"] == "True" &&
                       c["reason"] == "DeletionByTaintManager";
            }));
        }
        QVERIFY(!evicted("tolerant")); // tolerates it for ever
        QVERIFY(!evicted("elsewhere"));
        advance(24h);
        QVERIFY(!evicted("tolerant"));
        QVERIFY(m_controller->scheduledEvictions().isEmpty());
    }

    void toleratingPodIsDeletedOnceTolerationSecondsHavePassed()
    {
        put(nodeObject(QJsonArray{taint("node.kubernetes.io/not-ready", stamp())}));
        put(pod("web", QJsonArray{toleration("node.kubernetes.io/not-ready", 60)}));
        put(pod("patient", QJsonArray{toleration("node.kubernetes.io/not-ready", 600)}));
        QVERIFY(settle());
        QCOMPARE(m_controller->scheduledEvictions().value("default/web"), m_clock.nowMs() + 60'000);
        advance(59s);
        QVERIFY(!evicted("web"));
        QVERIFY(events("web").isEmpty());
        advance(1s);
        QVERIFY(evicted("web"));
        QCOMPARE(events("web"), QStringList{"Marking for deletion Pod default/web"});
        QVERIFY(!evicted("patient"));
        advance(540s);
        QVERIFY(evicted("patient"));
    }

    void tolerationTimeCountsFromTheTaintsTimeAdded()
    {
        // Tainted 50 s before this controller sees it: 10 s of the 60 are left.
        put(nodeObject(QJsonArray{taint("node.kubernetes.io/unreachable", stamp(-50'000))}));
        put(pod("web", QJsonArray{toleration("node.kubernetes.io/unreachable", 60)}));
        QVERIFY(settle());
        advance(9s);
        QVERIFY(!evicted("web"));
        advance(1s);
        QVERIFY(evicted("web"));
    }

    void taintRemovalCancelsThePendingEviction()
    {
        put(nodeObject(QJsonArray{taint("node.kubernetes.io/unreachable", stamp())}));
        put(pod("web", QJsonArray{toleration("node.kubernetes.io/unreachable", 60)}));
        QVERIFY(settle());
        QVERIFY(m_controller->scheduledEvictions().contains("default/web"));
        advance(30s);
        put(nodeObject({})); // the node is back
        QVERIFY(settle());
        QVERIFY(m_controller->scheduledEvictions().isEmpty());
        QCOMPARE(events("web"), QStringList{"Cancelling deletion of Pod default/web"});
        advance(120s); // the old due time passes without effect
        QVERIFY(!evicted("web"));

        // Tainted again: a new toleration period from the new timeAdded.
        put(nodeObject(QJsonArray{taint("node.kubernetes.io/unreachable", stamp())}));
        QVERIFY(settle());
        advance(59s);
        QVERIFY(!evicted("web"));
        advance(1s);
        QVERIFY(evicted("web"));
    }

    void podBoundToATaintedNodeIsJudgedOnArrival()
    {
        put(nodeObject(QJsonArray{taint("dedicated")})); // no timeAdded: counted from when it was seen
        QVERIFY(settle());
        put(pod("unbound", {}, QString()));
        QVERIFY(settle());
        QVERIFY(!evicted("unbound"));
        advance(20s);
        put(pod("web", {}));
        put(pod("brief", QJsonArray{toleration("dedicated", 30)}));
        QVERIFY(settle());
        QVERIFY(evicted("web"));
        QVERIFY(!evicted("brief"));
        advance(10s); // 30 s since the taint was first seen
        QVERIFY(evicted("brief"));
    }

    void evictionTimeFollowsTheShortestToleration_data()
    {
        QTest::addColumn<QString>("tolerations"); // JSON array
        QTest::addColumn<qint64>("at");           // ms after now; -1: never (taints a and b, added 10 s ago)
        QTest::newRow("none: now") << "[]" << qint64(0);
        QTest::newRow("one of two tolerated: now")
            << R"([{"key":"a","operator":"Exists","effect":"NoExecute","tolerationSeconds":60}])" << qint64(0);
        QTest::newRow("both, shortest wins")
            << R"([{"key":"a","operator":"Exists","tolerationSeconds":60},{"key":"b","operator":"Exists","tolerationSeconds":30}])"
            << qint64(20'000);
        QTest::newRow("for ever and 60 s: 60 s")
            << R"([{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists","tolerationSeconds":60}])"
            << qint64(50'000);
        QTest::newRow("everything for ever") << R"([{"operator":"Exists"}])" << qint64(-1);
        QTest::newRow("zero seconds: now") << R"([{"operator":"Exists","tolerationSeconds":0}])" << qint64(0);
        QTest::newRow("first matching toleration counts")
            << R"([{"operator":"Exists","tolerationSeconds":100},{"key":"a","operator":"Exists"}])" << qint64(90'000);
        QTest::newRow("NoSchedule toleration does not count")
            << R"([{"operator":"Exists","effect":"NoSchedule"}])" << qint64(0);
    }
    void evictionTimeFollowsTheShortestToleration()
    {
        QFETCH(QString, tolerations);
        QFETCH(qint64, at);
        const qint64 now = 1'000'000;
        const QList<api::Taint> taints{{"a", {}, api::Taint::Effect::NoExecute},
                                       {"b", {}, api::Taint::Effect::NoExecute}};
        const auto result = TaintEvictionController::evictionTimeMs(
            taints, api::Toleration::fromJson(QJsonDocument::fromJson(tolerations.toUtf8()).array()), now,
            [&](const api::Taint &) { return now - 10'000; });
        if (at < 0)
            QVERIFY(!result);
        else
            QCOMPARE(result, std::optional<qint64>(now + at));
    }
};

QTEST_GUILESS_MAIN(TaintEvictionControllerTest)
#include "tst_taintevictioncontroller.moc"
