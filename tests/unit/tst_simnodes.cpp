// Simulated nodes (the `sim` runtime) against a real in-process API server: N Nodes register with the
// status a simulated node reports, their Leases are renewed as a FakeClock passes 10 s, a pod bound to
// one of them goes Pending then Running and Ready with an IP from that node's CIDR, pods bound
// elsewhere are left alone, a deleted pod goes away, and a pod held by a finalizer gets its containers
// terminated and is released once the finalizer goes. The pure status builders are tested on fixtures.
// Nodes may be named explicitly. A node annotated sim.tugboat.dev/powered-off=true stops renewing its
// Lease, posting its status and moving its pods, and resumes all three at once when the annotation
// goes; a node whose Ready condition someone else set Unknown posts Ready True again, and a running pod
// marked not ready on a ready node is reported ready again.
#include "clienttestsupport.h"
#include "runtime/simnodepool.h"
#include "runtime/simobjects.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::runtime;
using namespace std::chrono_literals;
using test::kind;

namespace {

api::Object boundPod(const QString &name, const QString &node, const QJsonArray &finalizers = {})
{
    QJsonObject meta = test::meta(name);
    if (!finalizers.isEmpty())
        meta.insert("finalizers", finalizers);
    const QJsonObject container{{"name", "web"}, {"image", "nginx:1.25"}};
    return api::Object(QJsonObject{{"apiVersion", "v1"},
                                   {"kind", "Pod"},
                                   {"metadata", meta},
                                   {"spec", QJsonObject{{"nodeName", node}, {"containers", QJsonArray{container}}}}});
}

QJsonObject conditionOf(const api::ObjectPtr &object, const QString &type)
{
    for (const QJsonValue &c : object->status().value("conditions").toArray())
        if (c.toObject().value("type").toString() == type)
            return c.toObject();
    return {};
}

} // namespace

class SimNodesTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock{1'767'225'600'000}; // 2026-01-01T00:00:00Z
    std::unique_ptr<controllers::FakeDelayScheduler> m_scheduler;
    std::unique_ptr<SimNodePool> m_pool;
    qint64 m_registeredAtMs = 0; // the fake time of init(), when the pool registers its nodes

    api::ObjectPtr get(const char *k, const QString &ns, const QString &name)
    {
        auto got = m_cluster->registry().get(kind(k), ns, name);
        return got ? *got : nullptr;
    }
    api::ObjectPtr node(const QString &name) { return get("Node", QString(), name); }
    api::ObjectPtr lease(const QString &name) { return get("Lease", "kube-node-lease", name); }
    api::ObjectPtr pod(const QString &name) { return get("Pod", "default", name); }
    QString phaseOf(const QString &name)
    {
        const api::ObjectPtr p = pod(name);
        return p ? p->status().value("phase").toString() : QString();
    }
    // Lets fake time pass in small steps, running the event loop between them, until `condition`.
    bool advanceUntil(const std::function<bool()> &condition, std::chrono::milliseconds step = 100ms)
    {
        for (int i = 0; i < 200; ++i) {
            if (test::waitFor(condition, 50ms))
                return true;
            m_scheduler->advance(step);
        }
        return condition();
    }
    void createPod(const api::Object &object)
    {
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->create(kind("Pod"), "default", object, {}, std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }
    // Sets (value "true") or removes (empty value) the power annotation on a node, as kubectl annotate does.
    void setPowerAnnotation(const QString &name, const QString &value)
    {
        QJsonObject json = node(name)->json();
        QJsonObject meta = json.value("metadata").toObject();
        QJsonObject annotations = meta.value("annotations").toObject();
        if (value.isEmpty())
            annotations.remove(SimNodePool::kPoweredOffAnnotation);
        else
            annotations.insert(SimNodePool::kPoweredOffAnnotation, value);
        meta.insert("annotations", annotations);
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
    }
    void setStatus(const char *kindName, const QString &ns, const QString &name, const QJsonObject &status)
    {
        QJsonObject json = get(kindName, ns, name)->json();
        json.insert("status", status);
        QVERIFY(m_cluster->registry().update(kind(kindName), ns, name, api::Object(json), apiserver::Part::Status, {},
                                             nullptr));
    }
    QString renewTime(const QString &name) { return lease(name)->valueAt(u"spec.renewTime").toString(); }
    QString stampNow() const { return api::formatTimestamp(m_clock.now()); }
    static QString stampAt(qint64 ms) { return api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)); }
    void deletePod(const QString &name)
    {
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->remove(kind("Pod"), "default", name, {}, std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }

private slots:
    void simObjectsPlaceAddressesByNodeIndex()
    {
        QCOMPARE(simNodeIp(2), QStringLiteral("10.0.0.2"));
        QCOMPARE(simPodCidr(2), QStringLiteral("10.42.2.0/24"));
        QCOMPARE(simNodeIp(300), QStringLiteral("10.0.1.44"));
        QCOMPARE(simPodCidr(300), QStringLiteral("10.43.44.0/24"));
        QCOMPARE(simPodIp(2, 7), QStringLiteral("10.42.2.7"));
        QCOMPARE(simPodHost(2, "10.42.2.7"), 7);
        QCOMPARE(simPodHost(3, "10.42.2.7"), 0);
        QCOMPARE(simPodHost(2, "10.42.2.255"), 0);
        QCOMPARE(microTime(QDateTime::fromMSecsSinceEpoch(1'767'225'600'678, Qt::UTC)),
                 QStringLiteral("2026-01-01T00:00:00.678000Z"));
    }

    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        QVERIFY(m_cluster->put(api::Object(QJsonObject{
            {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", "kube-node-lease"}}}})));
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<controllers::FakeDelayScheduler>(m_clock);
        SimNodeOptions options;
        options.count = 3;
        m_pool = std::make_unique<SimNodePool>(*m_client, *m_scheduler, options);
        m_registeredAtMs = m_clock.nowMs();
        m_pool->start();
        QVERIFY(test::waitFor([&] { return m_pool->registeredNodes() == 3; }));
    }
    void cleanup()
    {
        m_pool.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void registersEveryNodeWithItsStatus()
    {
        QCOMPARE(m_pool->nodeNames(), QStringList({"sim-1", "sim-2", "sim-3"}));
        for (int i = 1; i <= 3; ++i) {
            const QString name = QStringLiteral("sim-%1").arg(i);
            const api::ObjectPtr n = node(name);
            QVERIFY2(n, qPrintable(name));
            QCOMPARE(n->labels().value("kubernetes.io/hostname"), name);
            QCOMPARE(n->labels().value("node.kubernetes.io/instance-type"), QStringLiteral("sim"));
            QCOMPARE(n->labels().value("type"), QStringLiteral("sim"));
            QCOMPARE(n->valueAt(u"spec.podCIDR").toString(), QStringLiteral("10.42.%1.0/24").arg(i));
            const QJsonObject status = n->status();
            for (const char *field : {"capacity", "allocatable"}) {
                const QJsonObject r = status.value(QLatin1String(field)).toObject();
                QCOMPARE(r.value("cpu").toString(), QStringLiteral("8"));
                QCOMPARE(r.value("memory").toString(), QStringLiteral("32Gi"));
                QCOMPARE(r.value("pods").toString(), QStringLiteral("110"));
            }
            QCOMPARE(conditionOf(n, "Ready").value("status").toString(), QStringLiteral("True"));
            QVERIFY(!conditionOf(n, "Ready").value("lastHeartbeatTime").toString().isEmpty());
            for (const char *type : {"MemoryPressure", "DiskPressure", "PIDPressure"})
                QCOMPARE(conditionOf(n, type).value("status").toString(), QStringLiteral("False"));
            const QJsonObject address = status.value("addresses").toArray().first().toObject();
            QCOMPARE(address.value("type").toString(), QStringLiteral("InternalIP"));
            QCOMPARE(address.value("address").toString(), QStringLiteral("10.0.0.%1").arg(i));
            const QJsonObject info = status.value("nodeInfo").toObject();
            QCOMPARE(info.value("kubeletVersion").toString(), QStringLiteral("v1.33.0-tugboat-sim"));
            QCOMPARE(info.value("containerRuntimeVersion").toString(), QStringLiteral("sim://1.0"));
            QCOMPARE(info.value("operatingSystem").toString(), QStringLiteral("linux"));
            QCOMPARE(info.value("architecture").toString(), QStringLiteral("amd64"));

            const api::ObjectPtr l = lease(name);
            QVERIFY2(l, qPrintable(name));
            QCOMPARE(l->valueAt(u"spec.holderIdentity").toString(), name);
            QCOMPARE(l->valueAt(u"spec.leaseDurationSeconds").toInt(), 40);
            QCOMPARE(l->ownerReferences().first().toObject().value("uid").toString(), n->uid());
        }
    }

    void renewsLeasesEveryTenSeconds()
    {
        const QString before = lease("sim-2")->valueAt(u"spec.renewTime").toString();
        QCOMPARE(before, QStringLiteral("2026-01-01T00:00:00.000000Z"));
        m_scheduler->advance(9'999ms);
        QTest::qWait(0);
        QCOMPARE(lease("sim-2")->valueAt(u"spec.renewTime").toString(), before);
        m_scheduler->advance(1ms);
        for (const char *name : {"sim-1", "sim-2", "sim-3"})
            QVERIFY2(test::waitFor([&] {
                         return lease(name)->valueAt(u"spec.renewTime").toString() ==
                                QLatin1String("2026-01-01T00:00:10.000000Z");
                     }),
                     name);
        m_scheduler->advance(10s);
        QVERIFY(test::waitFor([&] {
            return lease("sim-3")->valueAt(u"spec.renewTime").toString() ==
                   QLatin1String("2026-01-01T00:00:20.000000Z");
        }));
    }

    void boundPodGoesPendingThenRunningWithAnIpFromItsNode()
    {
        createPod(boundPod("web", "sim-2"));
        // The server creates it Pending; the node then reports its containers being created.
        QVERIFY(test::waitFor([&] { return !pod("web")->status().value("containerStatuses").toArray().isEmpty(); }));
        const api::ObjectPtr pending = pod("web");
        QCOMPARE(pending->status().value("phase").toString(), QStringLiteral("Pending"));
        QCOMPARE(pending->status().value("hostIP").toString(), QStringLiteral("10.0.0.2"));
        QCOMPARE(pending->valueAt(u"status.containerStatuses")
                     .toArray()
                     .first()
                     .toObject()
                     .value("state")
                     .toObject()
                     .value("waiting")
                     .toObject()
                     .value("reason")
                     .toString(),
                 QStringLiteral("ContainerCreating"));

        QVERIFY(advanceUntil([&] { return phaseOf("web") == QLatin1String("Running"); }));
        const api::ObjectPtr running = pod("web");
        QVERIFY(m_clock.nowMs() >= 1'767'225'600'500); // not before the start delay
        const QString ip = running->status().value("podIP").toString();
        QVERIFY2(ip.startsWith("10.42.2."), qPrintable(ip));
        QVERIFY(simPodHost(2, ip) > 0);
        QCOMPARE(running->status().value("hostIP").toString(), QStringLiteral("10.0.0.2"));
        QVERIFY(!running->status().value("startTime").toString().isEmpty());
        for (const char *type : {"Ready", "ContainersReady", "Initialized", "PodScheduled"})
            QCOMPARE(conditionOf(running, type).value("status").toString(), QStringLiteral("True"));
        const QJsonObject container = running->valueAt(u"status.containerStatuses").toArray().first().toObject();
        QCOMPARE(container.value("name").toString(), QStringLiteral("web"));
        QVERIFY(container.value("ready").toBool());
        QVERIFY(container.value("state").toObject().contains("running"));

        // A second pod on the same node gets another address.
        createPod(boundPod("api", "sim-2"));
        QVERIFY(advanceUntil([&] { return phaseOf("api") == QLatin1String("Running"); }));
        const QString other = pod("api")->status().value("podIP").toString();
        QVERIFY(other.startsWith("10.42.2."));
        QVERIFY(other != ip);
    }

    void leavesPodsOfOtherNodesAlone()
    {
        createPod(boundPod("elsewhere", "real-node"));
        createPod(boundPod("mine", "sim-1"));
        QVERIFY(advanceUntil([&] { return phaseOf("mine") == QLatin1String("Running"); }));
        QVERIFY(pod("elsewhere")->status().value("hostIP").toString().isEmpty());
        QVERIFY(phaseOf("elsewhere") != QLatin1String("Running"));
    }

    void deletedPodGoesAway()
    {
        createPod(boundPod("web", "sim-3"));
        QVERIFY(advanceUntil([&] { return phaseOf("web") == QLatin1String("Running"); }));
        deletePod("web");
        QVERIFY(advanceUntil([&] { return !pod("web"); })); // graceful: the node stops it, then deletes it
        // Its IP is free again: the next pod on the node takes it.
        const QString freed = simPodIp(3, kFirstPodHost);
        createPod(boundPod("next", "sim-3"));
        QVERIFY(advanceUntil([&] { return phaseOf("next") == QLatin1String("Running"); }));
        QCOMPARE(pod("next")->status().value("podIP").toString(), freed);
    }

    void podBeingDeletedHasItsContainersTerminated()
    {
        createPod(boundPod("held", "sim-1", QJsonArray{"example.com/hold"}));
        QVERIFY(advanceUntil([&] { return phaseOf("held") == QLatin1String("Running"); }));
        deletePod("held");
        QVERIFY(advanceUntil([&] {
            const api::ObjectPtr p = pod("held");
            return p && p->valueAt(u"status.containerStatuses")
                            .toArray()
                            .first()
                            .toObject()
                            .value("state")
                            .toObject()
                            .contains("terminated");
        }));
        QCOMPARE(conditionOf(pod("held"), "Ready").value("status").toString(), QStringLiteral("False"));
        QJsonObject json = pod("held")->json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.remove("finalizers");
        json.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(json)));
        QVERIFY(test::waitFor([&] { return !pod("held"); }));
    }

    void explicitNamesNameTheNodes()
    {
        SimNodeOptions options;
        options.names = QStringList{"tugboat-host", "extra"};
        SimNodePool named(*m_client, *m_scheduler, options);
        QCOMPARE(named.nodeNames(), QStringList({"tugboat-host", "extra"}));
        named.start();
        QVERIFY(test::waitFor([&] { return named.registeredNodes() == 2; }));
        QCOMPARE(node("extra")->status().value("addresses").toArray().first()["address"].toString(),
                 QStringLiteral("10.0.0.2"));
        QCOMPARE(node("tugboat-host")->valueAt(u"spec.podCIDR").toString(), QStringLiteral("10.42.1.0/24"));
        QCOMPARE(lease("tugboat-host")->valueAt(u"spec.holderIdentity").toString(), QStringLiteral("tugboat-host"));
        named.stop();
    }

    void poweredOffNodeGoesSilentAndComesBack()
    {
        setPowerAnnotation("sim-2", "true");
        QVERIFY(test::waitFor([&] { return m_pool->isPoweredOff("sim-2"); }));
        QVERIFY(!m_pool->isPoweredOff("sim-1"));
        const QString leaseBefore = renewTime("sim-2");
        const QString heartbeatBefore = conditionOf(node("sim-2"), "Ready").value("lastHeartbeatTime").toString();

        for (int i = 1; i <= 6; ++i) { // six lease renewals, then a status heartbeat
            m_scheduler->advance(10s);
            const QString renewed = microTime(m_clock.now());
            QVERIFY(test::waitFor([&] { return renewTime("sim-1") == renewed; }));
        }
        QVERIFY(test::waitFor([&] {
            return conditionOf(node("sim-3"), "Ready").value("lastHeartbeatTime").toString() ==
                   stampAt(m_registeredAtMs + 60'000);
        }));
        QCOMPARE(renewTime("sim-2"), leaseBefore);
        QCOMPARE(conditionOf(node("sim-2"), "Ready").value("lastHeartbeatTime").toString(), heartbeatBefore);

        // Its pods do not move; others' do.
        createPod(boundPod("stuck", "sim-2"));
        createPod(boundPod("moving", "sim-1"));
        QVERIFY(advanceUntil([&] { return phaseOf("moving") == QLatin1String("Running"); }));
        QVERIFY(pod("stuck")->status().value("containerStatuses").toArray().isEmpty());
        QVERIFY(pod("stuck")->status().value("hostIP").toString().isEmpty());

        // Powered on: the Lease renewed and the status posted at once, and the pod starts.
        setPowerAnnotation("sim-2", QString());
        QVERIFY(test::waitFor([&] { return !m_pool->isPoweredOff("sim-2"); }));
        const QString leaseNow = microTime(m_clock.now());
        QVERIFY(test::waitFor([&] { return renewTime("sim-2") == leaseNow; }));
        QVERIFY(test::waitFor(
            [&] { return conditionOf(node("sim-2"), "Ready").value("lastHeartbeatTime").toString() == stampNow(); }));
        QVERIFY(advanceUntil([&] { return phaseOf("stuck") == QLatin1String("Running"); }));
        QVERIFY(pod("stuck")->status().value("podIP").toString().startsWith("10.42.2."));
    }

    void nodeMarkedUnknownPostsReadyAgain()
    {
        m_scheduler->advance(5s);
        // What the node lifecycle controller writes when it stops hearing from a node.
        QJsonObject status = node("sim-1")->status();
        QJsonArray conditions;
        for (const QJsonValue &v : status.value("conditions").toArray()) {
            QJsonObject c = v.toObject();
            c.insert("status", "Unknown");
            c.insert("reason", "NodeStatusUnknown");
            c.insert("message", "Kubelet stopped posting node status.");
            if (c.value("type") == "Ready")
                c.insert("lastTransitionTime", stampNow());
            conditions.append(c);
        }
        status.insert("conditions", conditions);
        m_scheduler->advance(2s);
        setStatus("Node", QString(), "sim-1", status);

        QVERIFY(test::waitFor([&] { return conditionOf(node("sim-1"), "Ready").value("status") == "True"; }));
        const api::ObjectPtr posted = node("sim-1");
        const QJsonObject ready = conditionOf(posted, "Ready");
        QCOMPARE(ready.value("reason").toString(), QStringLiteral("KubeletReady"));
        QCOMPARE(ready.value("lastHeartbeatTime").toString(), stampNow());
        QCOMPARE(ready.value("lastTransitionTime").toString(), stampNow()); // its status changed
        for (const char *type : {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
            QCOMPARE(conditionOf(posted, type).value("status").toString(), QStringLiteral("False"));
            QCOMPARE(conditionOf(posted, type).value("lastTransitionTime").toString(), stampNow());
        }
        // A heartbeat whose statuses do not change (the periodic one, at 1 min) keeps the transition times.
        QVERIFY(test::waitFor([&] {
            return m_pool->nodeInformer().get(QString(), "sim-1")->resourceVersion() == posted->resourceVersion();
        }));
        m_scheduler->advance(60s);
        QVERIFY(test::waitFor([&] {
            return conditionOf(node("sim-1"), "Ready").value("lastHeartbeatTime").toString() ==
                   stampAt(m_registeredAtMs + 60'000);
        }));
        QCOMPARE(conditionOf(node("sim-1"), "Ready").value("lastTransitionTime").toString(),
                 ready.value("lastTransitionTime").toString());
    }

    void podMarkedNotReadyOnAReadyNodeIsReportedReadyAgain()
    {
        createPod(boundPod("web", "sim-1"));
        QVERIFY(advanceUntil([&] { return phaseOf("web") == QLatin1String("Running"); }));
        const QString ip = pod("web")->status().value("podIP").toString();
        QJsonObject status = pod("web")->status();
        QJsonArray conditions;
        for (const QJsonValue &v : status.value("conditions").toArray()) {
            QJsonObject c = v.toObject();
            if (c.value("type") == "Ready")
                c.insert("status", "False");
            conditions.append(c);
        }
        status.insert("conditions", conditions);
        setStatus("Pod", "default", "web", status);
        QVERIFY(test::waitFor([&] { return conditionOf(pod("web"), "Ready").value("status") == "True"; }));
        QCOMPARE(pod("web")->status().value("podIP").toString(), ip);
        QCOMPARE(phaseOf("web"), QStringLiteral("Running"));
    }
};

QTEST_GUILESS_MAIN(SimNodesTest)
#include "tst_simnodes.moc"
