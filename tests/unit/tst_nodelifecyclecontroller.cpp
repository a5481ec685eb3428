// The node lifecycle controller against a real in-process API server, on a FakeClock: a node whose
// Lease stops being renewed keeps Ready for the grace period, then gets its conditions Unknown, the
// unreachable taints (NoSchedule and NoExecute, with timeAdded), a NodeNotReady event, and its pods
// marked not ready; a renewed Lease and Ready True posted by the node remove the taints; a node that
// posts Ready False gets the not-ready taints; without a Lease the Ready heartbeat counts; a node first
// seen with an old Lease gets a full grace period. The taint rules are tested on fixtures. Last, the
// whole story with simulated nodes, the scheduler, the ReplicaSet controller and taint eviction: one of
// three sim nodes is powered off, and past the grace period and the pods' default toleration its pods
// run again on the other two; powered on, it loses its taints.
#include "clienttestsupport.h"
#include "controllers/nodehealth.h"
#include "controllers/nodelifecyclecontroller.h"
#include "controllers/replicasetcontroller.h"
#include "controllers/taintevictioncontroller.h"
#include "runtime/simnodepool.h"
#include "runtime/simobjects.h"
#include "scheduler/schedulerservice.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::kind;

namespace {

const QString kNode = QStringLiteral("sim-2");

api::Object nodeObject(const QString &name, const QString &ready, const QString &heartbeat)
{
    return api::Object(QJsonObject{
        {"apiVersion", "v1"},
        {"kind", "Node"},
        {"metadata", test::meta(name, QString())},
        {"status", QJsonObject{{"conditions", QJsonArray{QJsonObject{{"type", "Ready"},
                                                                     {"status", ready},
                                                                     {"reason", "KubeletReady"},
                                                                     {"lastHeartbeatTime", heartbeat},
                                                                     {"lastTransitionTime", heartbeat}},
                                                         QJsonObject{{"type", "MemoryPressure"},
                                                                     {"status", "False"},
                                                                     {"lastHeartbeatTime", heartbeat},
                                                                     {"lastTransitionTime", heartbeat}}}}}}});
}

api::Object boundPod(const QString &name, const QString &node)
{
    const QJsonObject container{{"name", "web"}, {"image", "nginx:1.25"}};
    return api::Object(QJsonObject{{"apiVersion", "v1"},
                                   {"kind", "Pod"},
                                   {"metadata", test::meta(name)},
                                   {"spec", QJsonObject{{"nodeName", node}, {"containers", QJsonArray{container}}}}});
}

QStringList taintsOf(const api::ObjectPtr &node)
{
    QStringList out;
    for (const QJsonValue &t : node->spec().value("taints").toArray())
        out << t["key"].toString() + ":" + t["effect"].toString();
    out.sort();
    return out;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class NodeLifecycleControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock{1'767'225'600'000}; // 2026-01-01T00:00:00Z
    std::unique_ptr<FakeDelayScheduler> m_delays;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<NodeLifecycleController> m_controller;

    QString now() const { return api::formatTimestamp(m_clock.now()); }
    api::ObjectPtr get(const char *k, const QString &ns, const QString &name)
    {
        auto got = m_cluster->registry().get(kind(k), ns, name);
        return got ? *got : nullptr;
    }
    api::ObjectPtr node(const QString &name = kNode) { return get("Node", QString(), name); }
    std::vector<api::ObjectPtr> list(const char *k, const QString &ns = QString())
    {
        apiserver::ListQuery q;
        q.namespaceName = ns;
        auto page = m_cluster->registry().list(kind(k), q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    QStringList events(const QString &object, const QString &reason)
    {
        QStringList messages;
        for (const api::ObjectPtr &e : list("Event"))
            if (e->valueAt(u"involvedObject.name").toString() == object && e->valueAt(u"reason").toString() == reason)
                messages << e->valueAt(u"message").toString();
        return messages;
    }
    void putLease(const QString &name)
    {
        QVERIFY(m_cluster->put(runtime::simNodeLease(name, QString(), 40, m_clock.now())));
    }
    // Writes the node's status as its kubelet would post it.
    void postNodeStatus(const QString &name, const QString &ready)
    {
        const api::ObjectPtr current = node(name);
        QVERIFY(current);
        QJsonObject json = current->json();
        json.insert("status", nodeObject(name, ready, now()).status());
        QVERIFY(m_cluster->registry().update(kind("Node"), QString(), name, api::Object(json), apiserver::Part::Status,
                                             {}, nullptr));
    }
    void setPodReady(const QString &name)
    {
        const api::ObjectPtr current = get("Pod", "default", name);
        QVERIFY(current);
        QJsonObject json = current->json();
        json.insert("status", QJsonObject{{"phase", "Running"},
                                          {"conditions", QJsonArray{QJsonObject{{"type", "Ready"},
                                                                                {"status", "True"},
                                                                                {"lastTransitionTime", now()}}}}});
        QVERIFY(m_cluster->registry().update(kind("Pod"), "default", name, api::Object(json), apiserver::Part::Status,
                                             {}, nullptr));
    }
    bool caughtUp(client::Informer &informer, const char *k, const QString &ns = QString())
    {
        const std::vector<api::ObjectPtr> server = list(k, ns);
        if (informer.size() != qsizetype(server.size()))
            return false;
        return std::all_of(server.begin(), server.end(), [&](const api::ObjectPtr &o) {
            const api::ObjectPtr cached = informer.get(o->namespaceName(), o->name());
            return cached && cached->resourceVersion() == o->resourceVersion();
        });
    }
    bool caughtUp()
    {
        return caughtUp(m_controller->nodeInformer(), "Node") &&
               caughtUp(m_controller->leaseInformer(), "Lease", "kube-node-lease") &&
               caughtUp(m_controller->podInformer(), "Pod");
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
            test::waitFor([&] { return m_recorder->isIdle(); });
        }
        return false;
    }
    void advance(std::chrono::milliseconds by)
    {
        m_delays->advance(by);
        QVERIFY(settle());
    }
    // A node with a fresh Lease, seen by the controller.
    void addHealthyNode(const QString &name = kNode)
    {
        QVERIFY(m_cluster->put(nodeObject(name, "True", now())));
        putLease(name);
        QVERIFY(settle());
    }
    // Lets the node's Lease lapse past the grace period.
    void loseNode()
    {
        advance(45s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("True"));
        advance(6s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("Unknown"));
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        QVERIFY(m_cluster->put(api::Object(QJsonObject{
            {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", "kube-node-lease"}}}})));
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_delays = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"node-controller", {}}, m_clock);
        m_controller = std::make_unique<NodeLifecycleController>(*m_client, *m_delays, *m_recorder);
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

    void leaseExpiryMarksNodeUnknownTaintsItAndRecordsEvent()
    {
        addHealthyNode();
        const QString heartbeat = conditionOf(*node(), u"Ready").value("lastHeartbeatTime").toString();
        advance(50s); // not past the grace period yet
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("True"));
        QVERIFY(taintsOf(node()).isEmpty());

        advance(1s);
        const api::ObjectPtr lost = node();
        for (const char *type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"})
            QCOMPARE(conditionStatus(*lost, QLatin1String(type)), QStringLiteral("Unknown"));
        const QJsonObject ready = conditionOf(*lost, u"Ready");
        QCOMPARE(ready.value("reason").toString(), QStringLiteral("NodeStatusUnknown"));
        QCOMPARE(ready.value("message").toString(), QStringLiteral("Kubelet stopped posting node status."));
        QCOMPARE(ready.value("lastTransitionTime").toString(), now());
        QCOMPARE(ready.value("lastHeartbeatTime").toString(), heartbeat);
        // DiskPressure was never posted: added as never updated.
        QCOMPARE(conditionOf(*lost, u"DiskPressure").value("reason").toString(),
                 QStringLiteral("NodeStatusNeverUpdated"));

        QCOMPARE(taintsOf(lost), QStringList({"node.kubernetes.io/unreachable:NoExecute",
                                              "node.kubernetes.io/unreachable:NoSchedule"}));
        for (const QJsonValue &t : lost->spec().value("taints").toArray())
            QCOMPARE(t["timeAdded"].toString(), t["effect"] == "NoExecute" ? now() : QString());
        QCOMPARE(events(kNode, "NodeNotReady"), QStringList{"Node sim-2 status is now: NodeNotReady"});

        advance(30s); // nothing more to do, and the event is not repeated
        QCOMPARE(events(kNode, "NodeNotReady").size(), 1);
        QCOMPARE(taintsOf(node()).size(), 2);
    }

    void nodeBackWithRenewedLeaseAndReadyLosesItsTaints()
    {
        addHealthyNode();
        loseNode();
        QCOMPARE(taintsOf(node()).size(), 2);

        putLease(kNode); // the Lease alone: the node still says nothing, so it stays Unknown
        advance(1s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("Unknown"));
        QCOMPARE(taintsOf(node()).size(), 2);

        postNodeStatus(kNode, "True");
        QVERIFY(settle());
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("True"));
        QVERIFY(taintsOf(node()).isEmpty());
        QVERIFY(!node()->spec().contains("taints"));
    }

    void nodeReportingReadyFalseGetsNotReadyTaints()
    {
        addHealthyNode();
        postNodeStatus(kNode, "False");
        QVERIFY(settle());
        QCOMPARE(taintsOf(node()),
                 QStringList({"node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule"}));
        // The node reported it itself: its kubelet records that event, not this controller.
        QVERIFY(events(kNode, "NodeNotReady").isEmpty());

        // Then it goes silent: not-ready makes way for unreachable.
        advance(51s);
        QCOMPARE(taintsOf(node()), QStringList({"node.kubernetes.io/unreachable:NoExecute",
                                                "node.kubernetes.io/unreachable:NoSchedule"}));
        putLease(kNode);
        postNodeStatus(kNode, "True");
        QVERIFY(settle());
        QVERIFY(taintsOf(node()).isEmpty());
    }

    void podsOnALostNodeAreMarkedNotReady()
    {
        addHealthyNode();
        QVERIFY(m_cluster->put(boundPod("web", kNode)));
        QVERIFY(m_cluster->put(boundPod("elsewhere", "other-node")));
        setPodReady("web");
        setPodReady("elsewhere");
        QVERIFY(settle());
        loseNode();
        const api::ObjectPtr web = get("Pod", "default", "web");
        QCOMPARE(conditionStatus(*web, u"Ready"), QStringLiteral("False"));
        QCOMPARE(conditionOf(*web, u"Ready").value("lastTransitionTime").toString(), now());
        QCOMPARE(events("web", "NodeNotReady"), QStringList{"Node is not ready"});
        QCOMPARE(conditionStatus(*get("Pod", "default", "elsewhere"), u"Ready"), QStringLiteral("True"));

        // A pod that turns Ready on the lost node (its node's last word) is marked again.
        setPodReady("web");
        QVERIFY(settle());
        QCOMPARE(conditionStatus(*get("Pod", "default", "web"), u"Ready"), QStringLiteral("False"));
    }

    void withoutLeaseTheReadyHeartbeatCounts()
    {
        QVERIFY(m_cluster->put(nodeObject(kNode, "True", now())));
        QVERIFY(settle());
        advance(30s);
        postNodeStatus(kNode, "True"); // a heartbeat at 30 s: alive until 80 s
        QVERIFY(settle());
        advance(49s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("True"));
        advance(2s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("Unknown"));
    }

    void nodeFirstSeenWithAnOldLeaseGetsAFullGracePeriod()
    {
        QVERIFY(m_cluster->put(nodeObject(kNode, "True", now())));
        putLease(kNode);
        m_clock.advanceMs(10 * 60 * 1000); // the controller (re)starts long after the last renewal
        m_controller = std::make_unique<NodeLifecycleController>(*m_client, *m_delays, *m_recorder);
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
        QVERIFY(settle());
        QCOMPARE(m_controller->probeTimeMs(kNode), m_clock.nowMs());
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("True"));
        advance(51s);
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("Unknown"));
    }

    void desiredTaintsFollowConditions_data()
    {
        QTest::addColumn<QString>("node");       // JSON
        QTest::addColumn<QStringList>("taints"); // key:effect[@timeAdded] in order
        QTest::newRow("ready, nothing") << R"({"status":{"conditions":[{"type":"Ready","status":"True"}]}})"
                                        << QStringList();
        QTest::newRow("unknown") << R"({"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})"
                                 << QStringList{"node.kubernetes.io/unreachable:NoSchedule",
                                                "node.kubernetes.io/unreachable:NoExecute@2026-01-01T00:00:00Z"};
        QTest::newRow("pressure and cordon")
            << R"({"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"},
                  {"type":"MemoryPressure","status":"True"},{"type":"DiskPressure","status":"False"}]}})"
            << QStringList{"node.kubernetes.io/memory-pressure:NoSchedule",
                           "node.kubernetes.io/unschedulable:NoSchedule"};
        QTest::newRow("others kept in place, not-ready swapped for unreachable, timeAdded kept")
            << R"({"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoExecute"},
                  {"key":"node.kubernetes.io/not-ready","effect":"NoExecute","timeAdded":"2025-01-01T00:00:00Z"},
                  {"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}]},
                  "status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})"
            << QStringList{"dedicated:NoExecute", "node.kubernetes.io/unreachable:NoSchedule",
                           "node.kubernetes.io/unreachable:NoExecute@2026-01-01T00:00:00Z"};
        QTest::newRow("no Ready condition: NoExecute taints left alone")
            << R"({"spec":{"taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute",
                  "timeAdded":"2025-01-01T00:00:00Z"}]}})"
            << QStringList{"node.kubernetes.io/unreachable:NoExecute@2025-01-01T00:00:00Z"};
        QTest::newRow("ready again: both gone")
            << R"({"spec":{"taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute"},
                  {"key":"node.kubernetes.io/unreachable","effect":"NoSchedule"}]},
                  "status":{"conditions":[{"type":"Ready","status":"True"}]}})"
            << QStringList();
    }
    void desiredTaintsFollowConditions()
    {
        QFETCH(QString, node);
        QFETCH(QStringList, taints);
        const QJsonArray out = desiredTaints(api::Object(parse(node.toUtf8().constData())),
                                             QDateTime::fromMSecsSinceEpoch(1'767'225'600'000, Qt::UTC));
        QStringList got;
        for (const QJsonValue &t : out) {
            QString s = t["key"].toString() + ":" + t["effect"].toString();
            if (t.toObject().contains("timeAdded"))
                s += "@" + t["timeAdded"].toString();
            got << s;
        }
        QCOMPARE(got, taints);
    }

    // --- all together

    void poweredOffSimNodeLosesItsPodsToTheOthers()
    {
        m_controller.reset(); // everything below runs by itself
        auto recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"controller-manager", {}}, m_clock);
        const ControllerContext context{*m_client, *m_delays, *recorder};
        runtime::SimNodeOptions simOptions;
        simOptions.count = 3;
        auto pool = std::make_unique<runtime::SimNodePool>(*m_client, *m_delays, simOptions);
        auto lifecycle = std::make_unique<NodeLifecycleController>(*m_client, *m_delays, *recorder);
        auto eviction = std::make_unique<TaintEvictionController>(*m_client, *m_delays, *recorder);
        auto replicaSets = std::make_unique<ReplicaSetController>(*m_client, *m_delays, *recorder);
        auto scheduler = std::make_unique<scheduler::SchedulerService>(context);
        std::vector<Controller *> all{pool.get(), lifecycle.get(), eviction.get(), replicaSets.get(), scheduler.get()};
        for (Controller *c : all)
            c->start();
        QVERIFY(test::waitFor([&] { return pool->registeredNodes() == 3 && scheduler->snapshot().size() == 3; }));

        const api::ObjectPtr rs = [&] {
            const QJsonObject labels{{"app", "web"}};
            const QJsonObject container{{"name", "web"}, {"image", "nginx:1.25"}};
            return m_cluster->put(api::Object(QJsonObject{
                {"apiVersion", "apps/v1"},
                {"kind", "ReplicaSet"},
                {"metadata", test::meta("web")},
                {"spec", QJsonObject{{"replicas", 6},
                                     {"selector", QJsonObject{{"matchLabels", labels}}},
                                     {"template",
                                      QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                  {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}}));
        }();
        QVERIFY(rs);

        // Active pods of the ReplicaSet, by node; "" for unscheduled or not yet running.
        const auto running = [&] {
            QHash<QString, int> byNode;
            for (const api::ObjectPtr &p : list("Pod", "default"))
                if (p->deletionTimestamp().isEmpty())
                    ++byNode[p->status().value("phase") == "Running" ? p->spec().value("nodeName").toString()
                                                                     : QString()];
            return byNode;
        };
        // All six running, and how many on sim-2 (-1 while not all run).
        const auto runningOnSim2 = [&] {
            const QHash<QString, int> byNode = running();
            int total = 0;
            for (auto it = byNode.begin(); it != byNode.end(); ++it)
                total += it.key().isEmpty() ? 100 : it.value();
            return total == 6 ? byNode.value(kNode) : -1;
        };
        // Healthy nodes' Leases renewed at the last renewal time, and the lifecycle controller seeing
        // them: fake time only moves on once the cluster has caught up with it.
        const auto leasesCaughtUp = [&] {
            for (const QString &name : pool->nodeNames()) {
                if (pool->isPoweredOff(name))
                    continue;
                const api::ObjectPtr lease = get("Lease", "kube-node-lease", name);
                const api::ObjectPtr seen = lifecycle->leaseInformer().get("kube-node-lease", name);
                if (!lease || !seen || seen->resourceVersion() != lease->resourceVersion())
                    return false;
                const QDateTime renewed =
                    QDateTime::fromString(lease->spec().value("renewTime").toString(), Qt::ISODateWithMs);
                if (renewed.toMSecsSinceEpoch() < m_clock.nowMs() - 10'000)
                    return false;
            }
            return true;
        };
        // No controller has a key queued or a write in flight.
        const auto quiet = [&] {
            return std::all_of(all.begin(), all.end(),
                               [](Controller *c) { return c->keysAwaitingWrites() == 0 && c->queue().length() == 0; });
        };
        // Fake time passes in `step`s, each once the cluster has caught up, until `done` (at most `limit`).
        const auto advanceUntil = [&](const std::function<bool()> &done, std::chrono::milliseconds step,
                                      std::chrono::milliseconds limit) {
            for (qint64 passed = 0; passed <= limit.count(); passed += step.count()) {
                if (!test::waitFor([&] { return leasesCaughtUp() && quiet(); }, 10s))
                    return false;
                QCoreApplication::processEvents();
                if (done())
                    return true;
                m_delays->advance(step);
            }
            return test::waitFor(done, 5s);
        };

        QVERIFY(advanceUntil([&] { return runningOnSim2() >= 0; }, 100ms, 30s));
        QVERIFY2(runningOnSim2() > 0, "the pods are spread over the three nodes");
        QStringList onSim2;
        for (const api::ObjectPtr &p : list("Pod", "default"))
            if (p->spec().value("nodeName") == kNode)
                onSim2 << p->name();
        // The API server gave them the default tolerations.
        const QJsonArray tolerations = get("Pod", "default", onSim2.first())->spec().value("tolerations").toArray();
        QCOMPARE(tolerations.size(), 2);
        QCOMPARE(tolerations.at(1)["key"].toString(), QStringLiteral("node.kubernetes.io/unreachable"));
        QCOMPARE(tolerations.at(1)["tolerationSeconds"].toInt(), 300);

        // Power sim-2 off.
        QJsonObject json = node()->json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("annotations", QJsonObject{{runtime::SimNodePool::kPoweredOffAnnotation, "true"}});
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(test::waitFor([&] { return pool->isPoweredOff(kNode); }));
        const qint64 lastRenewal =
            QDateTime::fromString(get("Lease", "kube-node-lease", kNode)->spec().value("renewTime").toString(),
                                  Qt::ISODateWithMs)
                .toMSecsSinceEpoch();

        QVERIFY(advanceUntil([&] { return taintsOf(node()).size() == 2; }, 1s, 70s));
        QVERIFY(m_clock.nowMs() - lastRenewal > 50'000); // not before the grace period
        QCOMPARE(conditionStatus(*node(), u"Ready"), QStringLiteral("Unknown"));
        QVERIFY(test::waitFor([&] { return events(kNode, "NodeNotReady").size() == 1; }));
        QVERIFY(test::waitFor([&] {
            return std::all_of(onSim2.begin(), onSim2.end(), [&](const QString &name) {
                return conditionStatus(*get("Pod", "default", name), u"Ready") == QLatin1String("False");
            });
        }));
        const qint64 taintedAt = m_clock.nowMs();

        // After the 300 s toleration the pods go, and run again on sim-1 and sim-3.
        QVERIFY(advanceUntil([&] { return runningOnSim2() == 0; }, 1s, 400s));
        QVERIFY(m_clock.nowMs() - taintedAt >= 299'000);
        for (const QString &name : onSim2) {
            const api::ObjectPtr gone = get("Pod", "default", name);
            QVERIFY2(!gone || !gone->deletionTimestamp().isEmpty(), qPrintable(name));
            QVERIFY(test::waitFor([&] {
                return events(name, "TaintManagerEviction") ==
                       QStringList{QStringLiteral("Marking for deletion Pod default/%1").arg(name)};
            }));
        }

        // Powered on: it is Ready again, untainted, and what was left of its pods is gone.
        json = node()->json();
        meta = json.value("metadata").toObject();
        meta.remove("annotations");
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(advanceUntil(
            [&] {
                const std::vector<api::ObjectPtr> pods = list("Pod", "default");
                return conditionStatus(*node(), u"Ready") == QLatin1String("True") && taintsOf(node()).isEmpty() &&
                       std::none_of(pods.begin(), pods.end(),
                                    [](const api::ObjectPtr &p) { return p->spec().value("nodeName") == kNode; });
            },
            1s, 60s));
        QCOMPARE(runningOnSim2(), 0);

        for (Controller *c : all)
            c->stop();
    }
};

QTEST_GUILESS_MAIN(NodeLifecycleControllerTest)
#include "tst_nodelifecyclecontroller.moc"
