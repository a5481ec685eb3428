// The scheduler service against a real in-process API server: it binds waiting pods through
// pods/binding, spreading them over equal nodes (each decision sees the pods assumed before it); a pod
// that fits nowhere stays unbound with PodScheduled=False and a FailedScheduling event, parked until the
// cluster changes, and is bound once a node that fits it arrives (after its back-off, on a FakeClock);
// a pod created before any node waits for one; a cordoned node gets no pods; a pod for another
// scheduler is left alone.
#include "clienttestsupport.h"
#include "scheduler/schedulerservice.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace tugboat::scheduler;
using namespace std::chrono_literals;
using test::kind;

namespace {

api::Object node(const QString &name, const QString &cpu = QStringLiteral("4"), bool unschedulable = false)
{
    QJsonObject json{
        {"apiVersion", "v1"},
        {"kind", "Node"},
        {"metadata", test::meta(name, QString(), QJsonObject{{"kubernetes.io/hostname", name}})},
        {"status", QJsonObject{{"allocatable", QJsonObject{{"cpu", cpu}, {"memory", "8Gi"}, {"pods", "110"}}},
                               {"capacity", QJsonObject{{"cpu", cpu}, {"memory", "8Gi"}, {"pods", "110"}}},
                               {"conditions", QJsonArray{QJsonObject{{"type", "Ready"}, {"status", "True"}}}}}}};
    if (unschedulable)
        json.insert("spec", QJsonObject{{"unschedulable", true}});
    return api::Object(json);
}

api::Object pod(const QString &name, const QString &cpu = QStringLiteral("500m"), const QString &schedulerName = {})
{
    const QJsonObject container{
        {"name", "app"},
        {"image", "nginx:1.25"},
        {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", cpu}, {"memory", "512Mi"}}}}}};
    QJsonObject spec{{"containers", QJsonArray{container}}};
    if (!schedulerName.isEmpty())
        spec.insert("schedulerName", schedulerName);
    return api::Object(
        QJsonObject{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", test::meta(name)}, {"spec", spec}});
}

} // namespace

class SchedulerServiceTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_delays;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<SchedulerService> m_service;

    api::ObjectPtr podNamed(const QString &name)
    {
        auto p = m_cluster->registry().get(kind("Pod"), "default", name);
        return p ? p.value() : nullptr;
    }
    QString nodeOf(const QString &podName)
    {
        const api::ObjectPtr p = podNamed(podName);
        return p ? p->spec().value("nodeName").toString() : QString();
    }
    // Pod counts per node name, over the pods named.
    QHash<QString, int> placement(const QStringList &pods)
    {
        QHash<QString, int> counts;
        for (const QString &p : pods)
            ++counts[nodeOf(p)];
        return counts;
    }
    bool allBound(const QStringList &pods)
    {
        return std::all_of(pods.begin(), pods.end(), [&](const QString &p) { return !nodeOf(p).isEmpty(); });
    }
    QStringList events(const QString &podName, const QString &reason)
    {
        apiserver::ListQuery q;
        q.namespaceName = QStringLiteral("default");
        QStringList messages;
        auto page = m_cluster->registry().list(kind("Event"), q);
        if (page)
            for (const api::ObjectPtr &e : page->items)
                if (e->valueAt(u"involvedObject.name").toString() == podName &&
                    e->valueAt(u"reason").toString() == reason)
                    messages << e->valueAt(u"message").toString();
        return messages;
    }
    QJsonObject condition(const QString &podName, const QString &type)
    {
        const api::ObjectPtr p = podNamed(podName);
        if (!p)
            return {};
        for (const QJsonValue &c : p->status().value("conditions").toArray())
            if (c["type"].toString() == type)
                return c.toObject();
        return {};
    }
    void putAll(const QList<api::Object> &objects)
    {
        for (const api::Object &o : objects)
            QVERIFY2(m_cluster->put(o), qPrintable(o.name()));
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_delays = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"default-scheduler", {}}, m_clock);
        const ControllerContext context{*m_client, *m_delays, *m_recorder};
        m_service = std::make_unique<SchedulerService>(context);
        m_service->start();
        QVERIFY(test::waitFor([&] { return m_service->hasSynced(); }));
    }
    void cleanup()
    {
        m_service.reset();
        m_recorder.reset();
        m_delays.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void bindsEveryPodSpreadingThemTwoPerNode()
    {
        putAll({node("node-a"), node("node-b"), node("node-c")});
        QVERIFY(test::waitFor([&] { return m_service->snapshot().size() == 3; }));
        const QStringList pods{"p1", "p2", "p3", "p4", "p5", "p6"};
        for (const QString &name : pods)
            putAll({pod(name)});
        QVERIFY(test::waitFor([&] { return allBound(pods); }));
        const QHash<QString, int> counts = placement(pods);
        QCOMPARE(counts.size(), 3);
        for (const char *n : {"node-a", "node-b", "node-c"})
            QCOMPARE(counts.value(n), 2);
        QVERIFY(test::waitFor([&] { return m_service->snapshot().node("node-a")->podCount() == 2; }));
    }

    void podThatFitsNowhereIsReportedAndBoundOnceABigNodeArrives()
    {
        putAll({node("node-a"), node("node-b"), node("node-c")});
        QVERIFY(test::waitFor([&] { return m_service->snapshot().size() == 3; }));
        putAll({pod("huge", "100")});
        const QString message = QStringLiteral("0/3 nodes are available: 3 Insufficient cpu.");
        QVERIFY(test::waitFor([&] { return condition("huge", "PodScheduled").value("status") == "False"; }));
        const QJsonObject scheduled = condition("huge", "PodScheduled");
        QCOMPARE(scheduled.value("reason").toString(), QStringLiteral("Unschedulable"));
        QCOMPARE(scheduled.value("message").toString(), message);
        QVERIFY(test::waitFor([&] { return events("huge", "FailedScheduling") == QStringList{message}; }));
        QCOMPARE(nodeOf("huge"), QString());
        QCOMPARE(m_service->parkedPods(), QStringList{"default/huge"});

        putAll({node("big", "200")});
        // Bound once its back-off (1 s after the first failure) has passed on the fake clock.
        QVERIFY(test::waitFor([&] {
            m_delays->advance(500ms);
            return nodeOf("huge") == QLatin1String("big");
        }));
        QVERIFY(m_service->parkedPods().isEmpty());
    }

    void cordonedNodeGetsNoPods()
    {
        putAll({node("node-a"), node("node-b"), node("cordoned", "4", true)});
        QVERIFY(test::waitFor([&] { return m_service->snapshot().size() == 3; }));
        const QStringList pods{"p1", "p2", "p3", "p4"};
        for (const QString &name : pods)
            putAll({pod(name)});
        QVERIFY(test::waitFor([&] { return allBound(pods); }));
        const QHash<QString, int> counts = placement(pods);
        QCOMPARE(counts.value("cordoned"), 0);
        QCOMPARE(counts.value("node-a"), 2);
        QCOMPARE(counts.value("node-b"), 2);
    }

    void podCreatedBeforeAnyNodeIsBoundOnceANodeArrives()
    {
        putAll({pod("early")});
        QVERIFY(test::waitFor([&] { return m_service->parkedPods() == QStringList{"default/early"}; }));
        QVERIFY(test::waitFor([&] { return condition("early", "PodScheduled").value("status") == "False"; }));
        putAll({node("node-a")});
        QVERIFY(test::waitFor([&] {
            m_delays->advance(500ms);
            return nodeOf("early") == QLatin1String("node-a");
        }));
    }

    void podOfAnotherSchedulerIsLeftAlone()
    {
        putAll({node("node-a")});
        QVERIFY(test::waitFor([&] { return m_service->snapshot().size() == 1; }));
        putAll({pod("mine"), pod("theirs", "500m", "other-scheduler")});
        QVERIFY(test::waitFor([&] { return !nodeOf("mine").isEmpty(); }));
        QCOMPARE(nodeOf("theirs"), QString());
        QVERIFY(condition("theirs", "PodScheduled").isEmpty());
    }
};

QTEST_GUILESS_MAIN(SchedulerServiceTest)
#include "tst_schedulerservice.moc"
