// Scheduler filters: each plugin accepts or rejects a node for a pod with Kubernetes' exact reason
// strings and status codes; pods' requests are summed by Kubernetes' init-container and overhead rule.
#include "schedulerfixtures.h"

#include "scheduler/nodeinfo.h"
#include "scheduler/podinfo.h"
#include "scheduler/scheduler.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::scheduler;
using namespace schedtest;

class SchedulerFiltersTest : public QObject {
    Q_OBJECT

private slots:
    void filterRejectsWithKubernetesReason_data();
    void filterRejectsWithKubernetesReason();
    void podRequestsFollowInitContainerRule_data();
    void podRequestsFollowInitContainerRule();
    void nodeInfoAggregatesIncrementally();
    void invalidAffinityIsRejectedAtParse();
};

namespace {

const int kSuccess = int(Status::Code::Success);
const int kUnschedulable = int(Status::Code::Unschedulable);
const int kUnresolvable = int(Status::Code::UnschedulableAndUnresolvable);

const FilterPlugin *filterNamed(const Scheduler &s, const QString &name)
{
    for (const auto &f : s.filters())
        if (f->name() == name)
            return f.get();
    qFatal("no filter %s", qPrintable(name));
}

QJsonArray existingPods(std::initializer_list<api::Object> pods)
{
    QJsonArray out;
    for (const api::Object &p : pods)
        out.append(p.json());
    return out;
}

} // namespace

void SchedulerFiltersTest::filterRejectsWithKubernetesReason_data()
{
    QTest::addColumn<QString>("plugin");
    QTest::addColumn<QJsonObject>("nodePatch");
    QTest::addColumn<QJsonObject>("podPatch");
    QTest::addColumn<QString>("cpu");
    QTest::addColumn<QString>("memory");
    QTest::addColumn<QJsonArray>("existing");
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("reasons");

    const QString unschedulable = QStringLiteral("node(s) were unschedulable");
    const QString affinity = QStringLiteral("node(s) didn't match Pod's node affinity/selector");
    const QString ports = QStringLiteral("node(s) didn't have free ports for the requested pod ports");
    const QJsonObject none;
    const QJsonArray noPods;

    // NodeUnschedulable
    QTest::newRow("schedulable node") << "NodeUnschedulable" << none << none << ""
                                      << "" << noPods << kSuccess << QStringList();
    QTest::newRow("cordoned node") << "NodeUnschedulable" << json(R"({"spec": {"unschedulable": true}})") << none << ""
                                   << "" << noPods << kUnresolvable << QStringList{unschedulable};
    QTest::newRow("cordoned node, pod tolerates cordon")
        << "NodeUnschedulable" << json(R"({"spec": {"unschedulable": true}})")
        << json(R"({"spec": {"tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists",
                   "effect": "NoSchedule"}]}})")
        << ""
        << "" << noPods << kSuccess << QStringList();

    // NodeName
    QTest::newRow("nodeName matches") << "NodeName" << none << json(R"({"spec": {"nodeName": "node-a"}})") << ""
                                      << "" << noPods << kSuccess << QStringList();
    QTest::newRow("nodeName is another node")
        << "NodeName" << none << json(R"({"spec": {"nodeName": "node-b"}})") << ""
        << "" << noPods << kUnresolvable << QStringList{QStringLiteral("node(s) didn't match the requested node name")};

    // TaintToleration
    const QJsonObject gpuTaint =
        json(R"({"spec": {"taints": [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]}})");
    QTest::newRow("untolerated NoSchedule taint")
        << "TaintToleration" << gpuTaint << none << ""
        << "" << noPods << kUnresolvable
        << QStringList{QStringLiteral("node(s) had untolerated taint {dedicated: gpu}")};
    QTest::newRow("taint tolerated with Equal")
        << "TaintToleration" << gpuTaint
        << json(R"({"spec": {"tolerations": [{"key": "dedicated", "operator": "Equal", "value": "gpu",
                   "effect": "NoSchedule"}]}})")
        << ""
        << "" << noPods << kSuccess << QStringList();
    QTest::newRow("taint tolerated by a wildcard Exists")
        << "TaintToleration" << gpuTaint << json(R"({"spec": {"tolerations": [{"operator": "Exists"}]}})") << ""
        << "" << noPods << kSuccess << QStringList();
    QTest::newRow("toleration with another value")
        << "TaintToleration" << gpuTaint
        << json(R"({"spec": {"tolerations": [{"key": "dedicated", "value": "ml", "effect": "NoSchedule"}]}})") << ""
        << "" << noPods << kUnresolvable
        << QStringList{QStringLiteral("node(s) had untolerated taint {dedicated: gpu}")};
    QTest::newRow("toleration for another effect")
        << "TaintToleration" << gpuTaint
        << json(R"({"spec": {"tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}]}})")
        << ""
        << "" << noPods << kUnresolvable
        << QStringList{QStringLiteral("node(s) had untolerated taint {dedicated: gpu}")};
    QTest::newRow("PreferNoSchedule does not filter")
        << "TaintToleration"
        << json(R"({"spec": {"taints": [{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}]}})") << none
        << ""
        << "" << noPods << kSuccess << QStringList();
    QTest::newRow("not-ready node") << "TaintToleration"
                                    << json(R"({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})")
                                    << none << ""
                                    << "" << noPods << kUnresolvable
                                    << QStringList{QStringLiteral(
                                           "node(s) had untolerated taint {node.kubernetes.io/not-ready: }")};
    QTest::newRow("not-ready node, default NoExecute tolerations do not help")
        << "TaintToleration" << json(R"({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})")
        << json(R"({"spec": {"tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                   "effect": "NoExecute", "tolerationSeconds": 300}]}})")
        << ""
        << "" << noPods << kUnresolvable
        << QStringList{QStringLiteral("node(s) had untolerated taint {node.kubernetes.io/not-ready: }")};
    QTest::newRow("unreachable node") << "TaintToleration"
                                      << json(R"({"status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}})")
                                      << none << ""
                                      << "" << noPods << kUnresolvable
                                      << QStringList{QStringLiteral(
                                             "node(s) had untolerated taint {node.kubernetes.io/unreachable: }")};
    QTest::newRow("not-ready taint already set is named once")
        << "TaintToleration"
        << json(R"({"spec": {"taints": [{"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}]},
                   "status": {"conditions": [{"type": "Ready", "status": "False"}]}})")
        << json(R"({"spec": {"tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                   "effect": "NoSchedule"}]}})")
        << ""
        << "" << noPods << kSuccess << QStringList();

    // NodeAffinity
    const QJsonObject zoneA = json(R"({"metadata": {"labels": {"topology.kubernetes.io/zone": "eu-1a",
                                       "node.tugboat.dev/cores": "16"}}})");
    auto required = [](const char *expressions) {
        return json(
            (QByteArray(R"({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                                  {"nodeSelectorTerms": [)") +
             expressions + "]}}}}}")
                .constData());
    };
    QTest::newRow("nodeSelector matches")
        << "NodeAffinity" << zoneA << json(R"({"spec": {"nodeSelector": {"topology.kubernetes.io/zone": "eu-1a"}}})")
        << ""
        << "" << noPods << kSuccess << QStringList();
    QTest::newRow("nodeSelector mismatch")
        << "NodeAffinity" << zoneA << json(R"({"spec": {"nodeSelector": {"topology.kubernetes.io/zone": "eu-1b"}}})")
        << ""
        << "" << noPods << kUnresolvable << QStringList{affinity};
    QTest::newRow("nodeSelector on a missing label")
        << "NodeAffinity" << none << json(R"({"spec": {"nodeSelector": {"disktype": "ssd"}}})") << ""
        << "" << noPods << kUnresolvable << QStringList{affinity};
    const struct {
        const char *name;
        const char *terms;
        bool fits;
    } affinityRows[] = {
        {"In matches",
         R"({"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-1a", "eu-1b"]}]})",
         true},
        {"In misses",
         R"({"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["eu-1c"]}]})",
         false},
        {"NotIn excludes",
         R"({"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "NotIn", "values": ["eu-1a"]}]})",
         false},
        {"NotIn on a missing label",
         R"({"matchExpressions": [{"key": "disktype", "operator": "NotIn", "values": ["hdd"]}]})", true},
        {"Exists", R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Exists"}]})", true},
        {"DoesNotExist", R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "DoesNotExist"}]})",
         false},
        {"Gt", R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Gt", "values": ["8"]}]})", true},
        {"Gt is strict",
         R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Gt", "values": ["16"]}]})", false},
        {"Lt", R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Lt", "values": ["32"]}]})",
         true},
        {"Lt on a missing label", R"({"matchExpressions": [{"key": "gpus", "operator": "Lt", "values": ["32"]}]})",
         false},
        {"matchFields metadata.name In",
         R"({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node-a"]}]})", true},
        {"matchFields metadata.name NotIn",
         R"({"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["node-a"]}]})", false},
        {"terms are ORed",
         R"({"matchExpressions": [{"key": "x", "operator": "Exists"}]}, {"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Exists"}]})",
         true},
        {"requirements are ANDed",
         R"({"matchExpressions": [{"key": "node.tugboat.dev/cores", "operator": "Exists"}, {"key": "x", "operator": "Exists"}]})",
         false},
        {"an empty term matches nothing", R"({})", false},
    };
    for (const auto &row : affinityRows)
        QTest::newRow(row.name) << "NodeAffinity" << zoneA << required(row.terms) << ""
                                << "" << noPods << (row.fits ? kSuccess : kUnresolvable)
                                << (row.fits ? QStringList() : QStringList{affinity});

    // NodePorts
    const QJsonObject port8080 = json(R"({"spec": {"containers": [{"name": "app", "image": "nginx",
        "ports": [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]}]}})");
    QTest::newRow("free host port") << "NodePorts" << none << port8080 << ""
                                    << "" << noPods << kSuccess << QStringList();
    QTest::newRow("host port taken") << "NodePorts" << none << port8080 << ""
                                     << ""
                                     << existingPods({boundTo(pod(QStringLiteral("other"), {}, {}, port8080),
                                                              QStringLiteral("node-a"))})
                                     << kUnschedulable << QStringList{ports};
    QTest::newRow("same port, other protocol")
        << "NodePorts" << none << port8080 << ""
        << ""
        << existingPods({boundTo(pod(QStringLiteral("dns"), {}, {}, R"({"spec": {"containers": [{"name": "d",
              "image": "coredns", "ports": [{"containerPort": 53, "hostPort": 8080, "protocol": "UDP"}]}]}})"),
                                 QStringLiteral("node-a"))})
        << kSuccess << QStringList();
    QTest::newRow("same port, distinct host IPs")
        << "NodePorts" << none
        << json(R"({"spec": {"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80,
                   "hostPort": 8080, "hostIP": "10.0.0.1"}]}]}})")
        << ""
        << ""
        << existingPods({boundTo(pod(QStringLiteral("b"), {}, {}, R"({"spec": {"containers": [{"name": "b",
              "image": "x", "ports": [{"containerPort": 80, "hostPort": 8080, "hostIP": "10.0.0.2"}]}]}})"),
                                 QStringLiteral("node-a"))})
        << kSuccess << QStringList();
    QTest::newRow("specific IP against 0.0.0.0")
        << "NodePorts" << none
        << json(R"({"spec": {"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80,
                   "hostPort": 8080, "hostIP": "10.0.0.1"}]}]}})")
        << ""
        << "" << existingPods({boundTo(pod(QStringLiteral("b"), {}, {}, port8080), QStringLiteral("node-a"))})
        << kUnschedulable << QStringList{ports};

    // NodeResourcesFit
    const QJsonArray busy = existingPods(
        {boundTo(pod(QStringLiteral("big"), QStringLiteral("3"), QStringLiteral("6Gi")), QStringLiteral("node-a"))});
    QTest::newRow("fits") << "NodeResourcesFit" << none << none << "500m"
                          << "1Gi" << busy << kSuccess << QStringList();
    QTest::newRow("exactly fills the node") << "NodeResourcesFit" << none << none << "1"
                                            << "2Gi" << busy << kSuccess << QStringList();
    QTest::newRow("insufficient cpu") << "NodeResourcesFit" << none << none << "1001m"
                                      << "1Gi" << busy << kUnschedulable
                                      << QStringList{QStringLiteral("Insufficient cpu")};
    QTest::newRow("insufficient memory") << "NodeResourcesFit" << none << none << "100m"
                                         << "3Gi" << busy << kUnschedulable
                                         << QStringList{QStringLiteral("Insufficient memory")};
    QTest::newRow("insufficient cpu and memory")
        << "NodeResourcesFit" << none << none << "2"
        << "3Gi" << busy << kUnschedulable
        << QStringList{QStringLiteral("Insufficient cpu"), QStringLiteral("Insufficient memory")};
    QTest::newRow("too many pods") << "NodeResourcesFit" << json(R"({"status": {"allocatable": {"pods": "1"}}})")
                                   << none << "100m"
                                   << "" << busy << kUnschedulable << QStringList{QStringLiteral("Too many pods")};
    QTest::newRow("best-effort pod on a full node")
        << "NodeResourcesFit" << none << none << ""
        << ""
        << existingPods({boundTo(pod(QStringLiteral("all"), QStringLiteral("4"), QStringLiteral("8Gi")),
                                 QStringLiteral("node-a"))})
        << kSuccess << QStringList();
    QTest::newRow("insufficient ephemeral-storage")
        << "NodeResourcesFit" << none << json(R"({"spec": {"containers": [{"name": "a", "image": "x",
                   "resources": {"requests": {"ephemeral-storage": "200Gi"}}}]}})")
        << ""
        << "" << noPods << kUnschedulable << QStringList{QStringLiteral("Insufficient ephemeral-storage")};
    QTest::newRow("init container larger than the free cpu")
        << "NodeResourcesFit" << none << json(R"({"spec": {"initContainers": [{"name": "migrate", "image": "x",
                   "resources": {"requests": {"cpu": "1500m"}}}]}})")
        << "500m"
        << "" << busy << kUnschedulable << QStringList{QStringLiteral("Insufficient cpu")};
    QTest::newRow("pod overhead counts") << "NodeResourcesFit" << none
                                         << json(R"({"spec": {"overhead": {"cpu": "250m"}}})") << "1"
                                         << "" << busy << kUnschedulable
                                         << QStringList{QStringLiteral("Insufficient cpu")};
}

void SchedulerFiltersTest::filterRejectsWithKubernetesReason()
{
    QFETCH(QString, plugin);
    QFETCH(QJsonObject, nodePatch);
    QFETCH(QJsonObject, podPatch);
    QFETCH(QString, cpu);
    QFETCH(QString, memory);
    QFETCH(QJsonArray, existing);
    QFETCH(int, code);
    QFETCH(QStringList, reasons);

    NodeInfo node(schedtest::node(QStringLiteral("node-a"), nodePatch));
    for (const QJsonValue &p : existing) {
        auto info = PodInfo::fromPod(api::Object(p.toObject()));
        QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
        node.addPod(*info);
    }
    auto info = PodInfo::fromPod(pod(QStringLiteral("web"), cpu, memory, podPatch));
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));

    Scheduler scheduler;
    const Status status = filterNamed(scheduler, plugin)->filter(**info, node);
    QCOMPARE(int(status.code()), code);
    QCOMPARE(status.reasons(), reasons);
}

void SchedulerFiltersTest::podRequestsFollowInitContainerRule_data()
{
    QTest::addColumn<QJsonObject>("spec");
    QTest::addColumn<qint64>("milliCpu");
    QTest::addColumn<qint64>("memory");
    QTest::addColumn<qint64>("nonZeroMilliCpu");
    QTest::addColumn<qint64>("nonZeroMemory");

    const qint64 Mi = 1024 * 1024;
    QTest::newRow("no requests: 0 for fit, defaults for scoring")
        << json(R"({"containers": [{"name": "a", "image": "x"}]})") << qint64(0) << qint64(0) << qint64(100)
        << 200 * Mi;
    QTest::newRow("containers are summed")
        << json(
               R"({"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}},
                                   {"name": "b", "image": "x", "resources": {"requests": {"cpu": "0.5", "memory": "128Mi"}}}]})")
        << qint64(750) << 192 * Mi << qint64(750) << 192 * Mi;
    QTest::newRow("non-zero defaults apply per container")
        << json(R"({"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "1"}}},
                                   {"name": "b", "image": "x"}]})")
        << qint64(1000) << qint64(0) << qint64(1100) << 400 * Mi;
    QTest::newRow("explicit zero stays zero")
        << json(
               R"({"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "0", "memory": "0"}}}]})")
        << qint64(0) << qint64(0) << qint64(0) << qint64(0);
    QTest::newRow("largest init container wins over the sum")
        << json(
               R"({"initContainers": [{"name": "i", "image": "x", "resources": {"requests": {"cpu": "2", "memory": "10Mi"}}}],
                   "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "500m", "memory": "64Mi"}}},
                                  {"name": "b", "image": "x", "resources": {"requests": {"cpu": "500m", "memory": "64Mi"}}}]})")
        << qint64(2000) << 128 * Mi << qint64(2000) << 128 * Mi;
    QTest::newRow("sidecar init containers add to the containers")
        << json(R"({"initContainers": [{"name": "proxy", "image": "x", "restartPolicy": "Always",
                                        "resources": {"requests": {"cpu": "100m", "memory": "32Mi"}}},
                                       {"name": "migrate", "image": "x", "resources": {"requests": {"cpu": "1", "memory": "16Mi"}}}],
                   "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "500m", "memory": "64Mi"}}}]})")
        << qint64(1100) << 96 * Mi << qint64(1100) << 96 * Mi;
    QTest::newRow("limits stand in for missing requests")
        << json(
               R"({"containers": [{"name": "a", "image": "x", "resources": {"limits": {"cpu": "300m", "memory": "1Gi"}}}]})")
        << qint64(300) << 1024 * Mi << qint64(300) << 1024 * Mi;
    QTest::newRow("overhead is added") << json(R"({"overhead": {"cpu": "50m", "memory": "20Mi"},
                   "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "100m", "memory": "10Mi"}}}]})")
                                       << qint64(150) << 30 * Mi << qint64(150) << 30 * Mi;
}

void SchedulerFiltersTest::podRequestsFollowInitContainerRule()
{
    QFETCH(QJsonObject, spec);
    QFETCH(qint64, milliCpu);
    QFETCH(qint64, memory);
    QFETCH(qint64, nonZeroMilliCpu);
    QFETCH(qint64, nonZeroMemory);
    QJsonObject p = pod(QStringLiteral("p")).json();
    p.insert(QLatin1String("spec"), spec);
    auto info = PodInfo::fromPod(api::Object(p));
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
    QCOMPARE((*info)->requests.milliCpu, milliCpu);
    QCOMPARE((*info)->requests.memory, memory);
    QCOMPARE((*info)->nonZeroRequests.milliCpu, nonZeroMilliCpu);
    QCOMPARE((*info)->nonZeroRequests.memory, nonZeroMemory);
}

void SchedulerFiltersTest::nodeInfoAggregatesIncrementally()
{
    NodeInfo node(schedtest::node(QStringLiteral("node-a")));
    QCOMPARE(node.allocatable().milliCpu, qint64(4000));
    QCOMPARE(node.allocatable().memory, qint64(8) << 30);
    QCOMPARE(node.allowedPodNumber(), qint64(110));
    auto a = PodInfo::fromPod(
        pod(QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("1Gi"), ownedBy(QStringLiteral("rs-1"))));
    auto b = PodInfo::fromPod(pod(QStringLiteral("b"), {}, {}, ownedBy(QStringLiteral("rs-1"))));
    QVERIFY(a.ok() && b.ok());
    node.addPod(*a);
    node.addPod(*b);
    node.addPod(*b); // the same pod again replaces, not doubles
    QCOMPARE(node.podCount(), 2);
    QCOMPARE(node.requested().milliCpu, qint64(1000));
    QCOMPARE(node.nonZeroRequested().milliCpu, qint64(1100));
    QCOMPARE(node.podsOfController(QStringLiteral("rs-1")), 2);
    QVERIFY(node.removePod(QStringLiteral("default/a")));
    QVERIFY(!node.removePod(QStringLiteral("default/a")));
    QCOMPARE(node.requested(), Resources());
    QCOMPARE(node.nonZeroRequested().memory, kDefaultMemoryRequest);
    QCOMPARE(node.podsOfController(QStringLiteral("rs-1")), 1);
}

void SchedulerFiltersTest::invalidAffinityIsRejectedAtParse()
{
    auto info = PodInfo::fromPod(pod(QStringLiteral("p"), {}, {}, R"({"spec": {"affinity": {"nodeAffinity":
        {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions":
        [{"key": "cores", "operator": "Gt", "values": ["many"]}]}]}}}}})"));
    QVERIFY(!info.ok());
    QCOMPARE(info.error().code(), api::ErrorCode::Invalid);
}

QTEST_APPLESS_MAIN(SchedulerFiltersTest)

#include "tst_schedulerfilters.moc"
