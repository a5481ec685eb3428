// Scheduler scores: each plugin ranks nodes in [0, 100] as Kubernetes' plugin does, worked numbers in
// every row.
#include "schedulerfixtures.h"

#include "scheduler/scheduler.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::scheduler;
using namespace schedtest;

class SchedulerScoresTest : public QObject {
    Q_OBJECT

private slots:
    void scoresNodes_data();
    void scoresNodes();
    void irrelevantPluginsAreSkipped();
};

namespace {

const ScorePlugin *scoreNamed(const Scheduler &s, const QString &name)
{
    for (const auto &w : s.scores())
        if (w.plugin->name() == name)
            return w.plugin.get();
    qFatal("no score plugin %s", qPrintable(name));
}

} // namespace

void SchedulerScoresTest::scoresNodes_data()
{
    QTest::addColumn<QString>("plugin");
    QTest::addColumn<QJsonArray>("nodePatches"); // one per node
    QTest::addColumn<QJsonArray>("existing");    // [{"node": i, "cpu": "...", "memory": "...", "owner": uid}]
    QTest::addColumn<QJsonObject>("podPatch");
    QTest::addColumn<QString>("cpu");
    QTest::addColumn<QString>("memory");
    QTest::addColumn<QList<qint64>>("expected");

    const QJsonArray twoPlain{QJsonObject(), QJsonObject()};
    // 4 cpu / 8Gi nodes. Node 0 has 2 cpu and 2Gi requested, node 1 nothing.
    const QJsonArray halfCpu = json(R"({"a": [{"node": 0, "cpu": "2", "memory": "2Gi"}]})").value("a").toArray();
    // Pod 1 cpu, 2Gi: node 0 cpu (4-3)/4 = 25, memory (8-4)/8 = 50 -> 37; node 1 75, 75 -> 75.
    QTest::newRow("least allocated") << "NodeResourcesLeastAllocated" << twoPlain << halfCpu << QJsonObject() << "1"
                                     << "2Gi" << QList<qint64>{37, 75};
    // A best-effort pod counts 100m/200Mi: node 0 cpu 1900/4000 -> 47, memory (8192-2248)/8192 -> 72 -> 59;
    // node 1 cpu 3900/4000 -> 97, memory (8192-200)/8192 -> 97.
    QTest::newRow("least allocated, best-effort pod")
        << "NodeResourcesLeastAllocated" << twoPlain << halfCpu << QJsonObject() << ""
        << "" << QList<qint64>{59, 97};
    // Balanced: node 0 cpu 3/4 = .75, memory 4/8 = .5 -> 1 - .125 -> 87; node 1 .25, .25 -> 100.
    QTest::newRow("balanced allocation") << "NodeResourcesBalancedAllocation" << twoPlain << halfCpu << QJsonObject()
                                         << "1"
                                         << "2Gi" << QList<qint64>{87, 100};
    // Over-full fractions are capped at 1: cpu 5/4 -> 1, memory 2/8 = .25 -> 1 - .375 -> 62.
    QTest::newRow("balanced allocation caps at 1")
        << "NodeResourcesBalancedAllocation" << QJsonArray{QJsonObject()} << QJsonArray() << QJsonObject() << "5"
        << "2Gi" << QList<qint64>{62};

    const QJsonArray spreadPods = json(R"({"a": [{"node": 0, "owner": "rs-1"}, {"node": 0, "owner": "rs-1"},
        {"node": 1, "owner": "rs-1"}, {"node": 1, "owner": "rs-other"}, {"node": 2, "owner": "rs-other"}]})")
                                      .value("a")
                                      .toArray();
    const QJsonArray threePlain{QJsonObject(), QJsonObject(), QJsonObject()};
    // counts 2, 1, 0 of rs-1 -> 0, 50, 100.
    QTest::newRow("spread by controller") << "SelectorSpread" << threePlain << spreadPods << ownedBy("rs-1") << ""
                                          << "" << QList<qint64>{0, 50, 100};
    // Pods being deleted do not count: 2 terminating on node 0, 1 live on node 1 -> counts 0, 1, 0.
    const QJsonArray leaving = json(R"({"a": [{"node": 0, "owner": "rs-1", "terminating": true},
        {"node": 0, "owner": "rs-1", "terminating": true}, {"node": 1, "owner": "rs-1"}]})")
                                   .value("a")
                                   .toArray();
    QTest::newRow("spread skips pods being deleted")
        << "SelectorSpread" << threePlain << leaving << ownedBy("rs-1") << ""
        << "" << QList<qint64>{100, 0, 100};
    QTest::newRow("spread, first pod of a controller")
        << "SelectorSpread" << threePlain << spreadPods << ownedBy("rs-new") << ""
        << "" << QList<qint64>{100, 100, 100};

    const QJsonArray zones{
        json(R"({"metadata": {"labels": {"topology.kubernetes.io/zone": "eu-1a", "disktype": "ssd"}}})"),
        json(R"({"metadata": {"labels": {"topology.kubernetes.io/zone": "eu-1b"}}})"),
        json(R"({"metadata": {"labels": {"topology.kubernetes.io/zone": "eu-1c", "disktype": "ssd"}}})")};
    // Weights: ssd 20, zone eu-1a 60 -> 80, 0, 20 -> normalised 100, 0, 25.
    QTest::newRow("preferred node affinity")
        << "NodeAffinity" << zones << QJsonArray()
        << json(R"({"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
               {"weight": 20, "preference": {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}},
               {"weight": 60, "preference": {"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-1a"]}]}}
            ]}}}})")
        << ""
        << "" << QList<qint64>{100, 0, 25};

    const QJsonArray prefer{
        json(R"({"spec": {"taints": [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"},
                                     {"key": "old", "effect": "PreferNoSchedule"}]}})"),
        json(R"({"spec": {"taints": [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}]}})"),
        QJsonObject()};
    // Untolerated PreferNoSchedule counts 2, 1, 0 -> reversed 0, 50, 100.
    QTest::newRow("PreferNoSchedule taints") << "TaintToleration" << prefer << QJsonArray() << QJsonObject() << ""
                                             << "" << QList<qint64>{0, 50, 100};
    // Tolerating spot leaves counts 1, 0, 0 -> 0, 100, 100.
    QTest::newRow("PreferNoSchedule tolerated")
        << "TaintToleration" << prefer << QJsonArray()
        << json(R"({"spec": {"tolerations": [{"key": "spot", "operator": "Exists", "effect": "PreferNoSchedule"}]}})")
        << ""
        << "" << QList<qint64>{0, 100, 100};
}

void SchedulerScoresTest::scoresNodes()
{
    QFETCH(QString, plugin);
    QFETCH(QJsonArray, nodePatches);
    QFETCH(QJsonArray, existing);
    QFETCH(QJsonObject, podPatch);
    QFETCH(QString, cpu);
    QFETCH(QString, memory);
    QFETCH(QList<qint64>, expected);

    std::vector<NodeInfo> nodes;
    for (qsizetype i = 0; i < nodePatches.size(); ++i)
        nodes.emplace_back(node(QStringLiteral("node-%1").arg(i), nodePatches.at(i).toObject()));
    int n = 0;
    for (const QJsonValue &v : existing) {
        const QJsonObject e = v.toObject();
        const QString owner = e.value(QLatin1String("owner")).toString();
        QJsonObject patch = owner.isEmpty() ? QJsonObject() : ownedBy(owner);
        if (e.value(QLatin1String("terminating")).toBool()) {
            QJsonObject meta = patch.value(QLatin1String("metadata")).toObject();
            meta.insert(QStringLiteral("deletionTimestamp"), QStringLiteral("2026-01-01T00:00:00Z"));
            patch.insert(QStringLiteral("metadata"), meta);
        }
        auto info =
            PodInfo::fromPod(pod(QStringLiteral("existing-%1").arg(n++), e.value(QLatin1String("cpu")).toString(),
                                 e.value(QLatin1String("memory")).toString(), patch));
        QVERIFY(info.ok());
        nodes[size_t(e.value(QLatin1String("node")).toInt())].addPod(*info);
    }
    auto info = PodInfo::fromPod(pod(QStringLiteral("web"), cpu, memory, podPatch));
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));

    std::vector<const NodeInfo *> pointers;
    for (const NodeInfo &ni : nodes)
        pointers.push_back(&ni);
    std::vector<qint64> scores(nodes.size(), 0);
    Scheduler scheduler;
    const ScorePlugin *p = scoreNamed(scheduler, plugin);
    QVERIFY(p->relevant(**info));
    p->score(**info, pointers, scores);
    QCOMPARE(QList<qint64>(scores.begin(), scores.end()), expected);
}

void SchedulerScoresTest::irrelevantPluginsAreSkipped()
{
    Scheduler scheduler;
    auto plain = PodInfo::fromPod(pod(QStringLiteral("p")));
    QVERIFY(plain.ok());
    QVERIFY(!scoreNamed(scheduler, QStringLiteral("SelectorSpread"))->relevant(**plain));
    QVERIFY(!scoreNamed(scheduler, QStringLiteral("NodeAffinity"))->relevant(**plain));
    QVERIFY(!scoreNamed(scheduler, QStringLiteral("NodeResourcesBalancedAllocation"))->relevant(**plain));
    QVERIFY(scoreNamed(scheduler, QStringLiteral("NodeResourcesLeastAllocated"))->relevant(**plain));
}

QTEST_APPLESS_MAIN(SchedulerScoresTest)

#include "tst_schedulerscores.moc"
