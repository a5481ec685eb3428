// Scheduler framework: whole decisions over a Snapshot — even spreading, cordoned/tainted/not-ready
// nodes avoided, host-port conflicts, Kubernetes' FitError message for mixed failures, seeded tie
// breaking, node sampling in large clusters, and the PodScheduled condition.
#include "schedulerfixtures.h"

#include "scheduler/scheduler.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::scheduler;
using namespace schedtest;

class SchedulerFrameworkTest : public QObject {
    Q_OBJECT

private slots:
    void mixedFailuresGiveKubernetesFitError();
    void fitErrorWithoutPreemption();
    void noNodesIsReported();
    void replicasSpreadEvenly();
    void cordonedTaintedAndNotReadyNodesAreAvoided();
    void hostPortConflictsSendPodsElsewhere();
    void requestsFillNodesUntilNothingFits();
    void tiesAreBrokenBySeededRandom();
    void numFeasibleNodesToFind_data();
    void numFeasibleNodesToFind();
    void largeClustersScoreASampleRoundRobin();
    void snapshotHoldsPodsOfUnknownNodes();
    void unschedulableConditionIsKubernetesShaped();
};

namespace {

// Schedules `count` pods made by `make(i)` and assumes each; returns pods per node.
QMap<QString, int> scheduleAll(Scheduler &scheduler, Snapshot &snapshot, int count,
                               const std::function<api::Object(int)> &make)
{
    QMap<QString, int> perNode;
    for (int i = 0; i < count; ++i) {
        auto d = scheduler.schedule(snapshot, make(i));
        if (!d.ok())
            qFatal("pod %d: %s", i, qPrintable(d.errorMessage()));
        snapshot.addPod(d->pod, d->nodeName);
        ++perNode[d->nodeName];
    }
    return perNode;
}

} // namespace

void SchedulerFrameworkTest::mixedFailuresGiveKubernetesFitError()
{
    Snapshot snapshot;
    snapshot.setNode(node(QStringLiteral("node-a")));
    snapshot.setNode(node(QStringLiteral("node-b")));
    snapshot.setNode(node(QStringLiteral("node-c"), R"({"spec": {"unschedulable": true}})"));
    Scheduler scheduler;
    FitError fit;
    auto d = scheduler.schedule(snapshot, pod(QStringLiteral("huge"), QStringLiteral("8")), &fit);
    QVERIFY(!d.ok());
    QCOMPARE(d.error().code(), api::ErrorCode::Unavailable);
    QCOMPARE(d.errorMessage(),
             QStringLiteral("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: "
                            "0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption "
                            "victims found for incoming pod."));
    QCOMPARE(fit.numAllNodes, 3);
    QCOMPARE(fit.nodeStatuses.size(), 3);
    QCOMPARE(fit.message(),
             QStringLiteral("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu."));
    for (const auto &[name, status] : fit.nodeStatuses)
        QCOMPARE(status.plugin(), name == QLatin1String("node-c") ? QStringLiteral("NodeUnschedulable")
                                                                  : QStringLiteral("NodeResourcesFit"));
}

void SchedulerFrameworkTest::fitErrorWithoutPreemption()
{
    Snapshot snapshot;
    for (const char *n : {"node-a", "node-b", "node-c"})
        snapshot.setNode(node(QString::fromLatin1(n), R"({"status": {"allocatable": {"memory": "1Gi"}}})"));
    Scheduler::Options options;
    options.reportPreemption = false;
    Scheduler scheduler(options);
    auto d = scheduler.schedule(snapshot, pod(QStringLiteral("p"), QStringLiteral("5"), QStringLiteral("2Gi")));
    QVERIFY(!d.ok());
    QCOMPARE(d.errorMessage(), QStringLiteral("0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory."));
}

void SchedulerFrameworkTest::noNodesIsReported()
{
    Scheduler scheduler;
    auto d = scheduler.schedule(Snapshot(), pod(QStringLiteral("p")));
    QVERIFY(!d.ok());
    QCOMPARE(d.errorMessage(), QStringLiteral("no nodes available to schedule pods"));
}

void SchedulerFrameworkTest::replicasSpreadEvenly()
{
    Snapshot snapshot;
    for (int i = 0; i < 10; ++i)
        snapshot.setNode(node(QStringLiteral("node-%1").arg(i)));
    Scheduler scheduler;
    // Best-effort replicas of one ReplicaSet, and of another one with requests, interleaved.
    const QMap<QString, int> perNode = scheduleAll(scheduler, snapshot, 100, [](int i) {
        return i % 2 ? pod(QStringLiteral("web-%1").arg(i), {}, {}, ownedBy(QStringLiteral("rs-web")))
                     : pod(QStringLiteral("api-%1").arg(i), QStringLiteral("100m"), QStringLiteral("128Mi"),
                           ownedBy(QStringLiteral("rs-api")));
    });
    QCOMPARE(perNode.size(), 10);
    for (auto it = perNode.cbegin(); it != perNode.cend(); ++it)
        QCOMPARE(it.value(), 10);
    for (const NodeInfo &n : snapshot.nodes()) {
        QCOMPARE(n.podsOfController(QStringLiteral("rs-web")), 5);
        QCOMPARE(n.podsOfController(QStringLiteral("rs-api")), 5);
    }
}

void SchedulerFrameworkTest::cordonedTaintedAndNotReadyNodesAreAvoided()
{
    Snapshot snapshot;
    snapshot.setNode(node(QStringLiteral("ok-1")));
    snapshot.setNode(node(QStringLiteral("cordoned"), R"({"spec": {"unschedulable": true}})"));
    snapshot.setNode(node(QStringLiteral("tainted"),
                          R"({"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}})"));
    snapshot.setNode(
        node(QStringLiteral("not-ready"), R"({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})"));
    snapshot.setNode(node(QStringLiteral("ok-2")));
    Scheduler scheduler;
    const QMap<QString, int> perNode = scheduleAll(scheduler, snapshot, 20, [](int i) {
        return pod(QStringLiteral("web-%1").arg(i), {}, {}, ownedBy(QStringLiteral("rs-web")));
    });
    QCOMPARE(perNode.keys(), (QList<QString>{QStringLiteral("ok-1"), QStringLiteral("ok-2")}));
    QCOMPARE(perNode.value(QStringLiteral("ok-1")), 10);

    // A pod tolerating the taint may go there too; PreferNoSchedule only steers.
    auto d = scheduler.schedule(snapshot, pod(QStringLiteral("db"), {}, {}, R"({"spec": {"nodeSelector":
        {"kubernetes.io/hostname": "tainted"}, "tolerations": [{"key": "dedicated", "operator": "Equal",
        "value": "db", "effect": "NoSchedule"}]}})"));
    QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
    QCOMPARE(d->nodeName, QStringLiteral("tainted"));
}

void SchedulerFrameworkTest::hostPortConflictsSendPodsElsewhere()
{
    Snapshot snapshot;
    for (const char *n : {"node-a", "node-b", "node-c"})
        snapshot.setNode(node(QString::fromLatin1(n)));
    Scheduler scheduler;
    const char *ingress = R"({"spec": {"containers": [{"name": "ingress", "image": "ingress-nginx",
        "ports": [{"containerPort": 80, "hostPort": 80}]}]}})";
    const QMap<QString, int> perNode = scheduleAll(
        scheduler, snapshot, 3, [&](int i) { return pod(QStringLiteral("ingress-%1").arg(i), {}, {}, ingress); });
    QCOMPARE(perNode.size(), 3);
    auto d = scheduler.schedule(snapshot, pod(QStringLiteral("ingress-3"), {}, {}, ingress));
    QVERIFY(!d.ok());
    QCOMPARE(d.errorMessage(), QStringLiteral("0/3 nodes are available: 3 node(s) didn't have free ports for the "
                                              "requested pod ports. preemption: 0/3 nodes are available: 3 No "
                                              "preemption victims found for incoming pod."));
    // Freeing a port (the pod is deleted) makes room again.
    QVERIFY(snapshot.removePod(QStringLiteral("default/ingress-1")));
    QVERIFY(scheduler.schedule(snapshot, pod(QStringLiteral("ingress-3"), {}, {}, ingress)).ok());
}

void SchedulerFrameworkTest::requestsFillNodesUntilNothingFits()
{
    Snapshot snapshot;
    snapshot.setNode(node(QStringLiteral("node-a")));
    snapshot.setNode(node(QStringLiteral("node-b")));
    Scheduler scheduler;
    // 4 cpu per node; 1 cpu pods whose init container needs 1500m count 1500m each: two per node.
    const char *withInit = R"({"spec": {"initContainers": [{"name": "init", "image": "x",
        "resources": {"requests": {"cpu": "1500m"}}}]}})";
    const QMap<QString, int> perNode = scheduleAll(scheduler, snapshot, 4, [&](int i) {
        return pod(QStringLiteral("w-%1").arg(i), QStringLiteral("1"), QStringLiteral("1Gi"), withInit);
    });
    QCOMPARE(perNode.value(QStringLiteral("node-a")), 2);
    QCOMPARE(perNode.value(QStringLiteral("node-b")), 2);
    QCOMPARE(snapshot.node(QStringLiteral("node-a"))->requested().milliCpu, qint64(3000));
    // 1 cpu is left on each node: too little for a small pod with that init container...
    auto d = scheduler.schedule(snapshot, pod(QStringLiteral("w-4"), QStringLiteral("100m"), {}, withInit));
    QVERIFY(!d.ok());
    QVERIFY2(d.errorMessage().startsWith(QStringLiteral("0/2 nodes are available: 2 Insufficient cpu.")),
             qPrintable(d.errorMessage()));
    // ...but enough for a plain 1 cpu pod.
    QVERIFY(scheduler.schedule(snapshot, pod(QStringLiteral("w-5"), QStringLiteral("1"))).ok());
}

void SchedulerFrameworkTest::tiesAreBrokenBySeededRandom()
{
    Snapshot snapshot;
    for (int i = 0; i < 8; ++i)
        snapshot.setNode(node(QStringLiteral("node-%1").arg(i)));
    const api::Object p = pod(QStringLiteral("p"));
    QSet<QString> chosen;
    for (quint64 seed = 1; seed <= 20; ++seed) {
        Scheduler::Options options;
        options.seed = seed;
        Scheduler a(options), b(options);
        const QString first = a.schedule(snapshot, p)->nodeName;
        QCOMPARE(b.schedule(snapshot, p)->nodeName, first); // same seed, same choice
        chosen.insert(first);
    }
    QVERIFY2(chosen.size() > 1, "ties must not always go to the first node");

    Scheduler injected;
    injected.setRandom([](quint64 n) { return n - 1; });
    QCOMPARE(injected.schedule(snapshot, p)->nodeName, QStringLiteral("node-7"));
}

void SchedulerFrameworkTest::numFeasibleNodesToFind_data()
{
    QTest::addColumn<int>("percentage");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("expected");
    QTest::newRow("small cluster: all") << 0 << 50 << 50;
    QTest::newRow("100 nodes: at least 100") << 0 << 100 << 100;
    QTest::newRow("1000 nodes: 42%") << 0 << 1000 << 420;
    QTest::newRow("5000 nodes: 10%") << 0 << 5000 << 500;
    QTest::newRow("10000 nodes: floor of 5%") << 0 << 10000 << 500;
    QTest::newRow("explicit 100%") << 100 << 1000 << 1000;
    QTest::newRow("explicit 20%") << 20 << 1000 << 200;
    QTest::newRow("explicit 1% stays at 100 nodes") << 1 << 1000 << 100;
}

void SchedulerFrameworkTest::numFeasibleNodesToFind()
{
    QFETCH(int, percentage);
    QFETCH(int, nodes);
    QFETCH(int, expected);
    QCOMPARE(Scheduler::numFeasibleNodesToFind(percentage, nodes), expected);
}

void SchedulerFrameworkTest::largeClustersScoreASampleRoundRobin()
{
    Snapshot snapshot;
    for (int i = 0; i < 1000; ++i)
        snapshot.setNode(node(QStringLiteral("node-%1").arg(i, 4, 10, QLatin1Char('0'))));
    Scheduler scheduler;
    QSet<QString> used;
    for (int i = 0; i < 3; ++i) {
        auto d = scheduler.schedule(snapshot, pod(QStringLiteral("p-%1").arg(i)));
        QVERIFY(d.ok());
        QCOMPARE(d->evaluatedNodes, 420);
        QCOMPARE(d->feasibleNodes, 420);
        used.insert(d->nodeName);
    }
    QCOMPARE(used.size(), 3);
}

void SchedulerFrameworkTest::snapshotHoldsPodsOfUnknownNodes()
{
    Snapshot snapshot;
    auto added = snapshot.addPod(boundTo(pod(QStringLiteral("early"), QStringLiteral("1")), QStringLiteral("late")));
    QVERIFY(added.ok() && *added);
    QVERIFY(!*snapshot.addPod(pod(QStringLiteral("pending"))));
    snapshot.setNode(node(QStringLiteral("late")));
    QCOMPARE(snapshot.node(QStringLiteral("late"))->requested().milliCpu, qint64(1000));
    // A finished pod releases its resources.
    QJsonObject done = boundTo(pod(QStringLiteral("early"), QStringLiteral("1")), QStringLiteral("late")).json();
    done.insert(QLatin1String("status"), QJsonObject{{QLatin1String("phase"), QLatin1String("Succeeded")}});
    QVERIFY(!*snapshot.addPod(api::Object(done)));
    QCOMPARE(snapshot.node(QStringLiteral("late"))->podCount(), 0);
    QVERIFY(snapshot.removeNode(QStringLiteral("late")));
    QCOMPARE(snapshot.size(), 0);
}

void SchedulerFrameworkTest::unschedulableConditionIsKubernetesShaped()
{
    const QJsonObject c = unschedulableCondition(QStringLiteral("0/1 nodes are available: 1 Insufficient cpu."),
                                                 QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC));
    QCOMPARE(c, json(R"({"type": "PodScheduled", "status": "False", "lastProbeTime": null,
        "lastTransitionTime": "2023-11-14T22:13:20Z", "reason": "Unschedulable",
        "message": "0/1 nodes are available: 1 Insufficient cpu."})"));
}

QTEST_APPLESS_MAIN(SchedulerFrameworkTest)

#include "tst_schedulerframework.moc"
