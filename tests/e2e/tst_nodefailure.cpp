// A node that stops heartbeating, on a cluster of simulated nodes driven by the real kubectl: it goes
// NotReady with the unreachable taints after the (shortened) grace period, its pods are replaced on the
// other nodes after the (shortened) toleration, and once it is back it is Ready again and the pods it
// still held are gone. The built-in node is simulated too (--runtime sim).
#include "kubectlharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace tugboat;
using namespace tugboat::test;

class NodeFailureTest : public QObject {
    Q_OBJECT

private:
    KubectlHarness m_harness;
    QString m_kubectl;

    CommandResult kubectl(const QStringList &args) { return m_harness.run(m_kubectl, args); }
    QByteArray out(const QStringList &args) { return kubectl(args).out.trimmed(); }
    QJsonArray pods() { return QJsonDocument::fromJson(kubectl({"get", "pods", "-o", "json"}).out)["items"].toArray(); }
    // Running pods not being deleted, per node.
    QHash<QString, int> runningByNode()
    {
        QHash<QString, int> counts;
        for (const QJsonValue &v : pods()) {
            const QJsonObject p = v.toObject();
            if (!p["metadata"].toObject().contains("deletionTimestamp") &&
                p["status"].toObject()["phase"].toString() == QLatin1String("Running"))
                ++counts[p["spec"].toObject()["nodeName"].toString()];
        }
        return counts;
    }
    QByteArray readyStatus(const QString &node)
    {
        return out({"get", "node", node, "-o", R"(jsonpath={.status.conditions[?(@.type=="Ready")].status})"});
    }

private slots:
    void initTestCase()
    {
        if (kubectlBinaries().isEmpty())
            QSKIP("kubectl is not installed");
        m_kubectl = kubectlBinaries().last();
        QVERIFY2(m_harness.start({"--runtime", "sim", "--node-name", "main", "--sim-nodes", "2",
                                  "--node-monitor-grace-period", "2s", "--pod-eviction-timeout", "3s"}),
                 qPrintable(m_harness.daemon().why()));
    }

    void theBuiltInNodeIsSimulated()
    {
        QVERIFY(waitFor([&] { return readyStatus(QStringLiteral("main")) == "True"; }));
        QVERIFY(out({"get", "nodes", "-o", "name"}).split('\n').size() == 3);
    }

    void aSilentNodesPodsAreReplacedElsewhere()
    {
        KUBECTL_OK(kubectl({"create", "deployment", "web", "--image=nginx", "--replicas=6"}));
        QVERIFY(waitFor([&] {
            const QHash<QString, int> counts = runningByNode();
            return counts.value("main") + counts.value("sim-1") + counts.value("sim-2") == 6 &&
                   counts.value("sim-2") > 0;
        }));
        // New pods tolerate an unreachable node for the configured eviction timeout.
        const QByteArray tolerations = out({"get", "pods", "-o", "jsonpath={.items[0].spec.tolerations}"});
        QVERIFY2(tolerations.contains("node.kubernetes.io/unreachable") &&
                     tolerations.contains("\"tolerationSeconds\":3"),
                 tolerations.constData());

        KUBECTL_OK(kubectl({"annotate", "node", "sim-2", "sim.tugboat.dev/powered-off=true"}));
        QVERIFY(waitFor([&] { return readyStatus(QStringLiteral("sim-2")) == "Unknown"; }));
        const QByteArray taints = out({"get", "node", "sim-2", "-o", "jsonpath={.spec.taints}"});
        QVERIFY2(taints.contains("node.kubernetes.io/unreachable") && taints.contains("NoExecute"), taints.constData());
        QVERIFY(out({"get", "nodes"}).contains("NotReady"));

        // After the toleration its pods are evicted and replaced on the live nodes.
        QVERIFY2(waitFor([&] {
                     const QHash<QString, int> counts = runningByNode();
                     return counts.value("sim-2") == 0 && counts.value("main") + counts.value("sim-1") == 6;
                 }),
                 out({"get", "pods", "-o", "wide"}).constData());
        const QByteArray events = out({"get", "events", "-A"});
        QVERIFY2(events.contains("NodeNotReady") && events.contains("TaintManagerEviction"), events.constData());

        // Powered on again: Ready, untainted, and the pods it still held are gone.
        KUBECTL_OK(kubectl({"annotate", "node", "sim-2", "sim.tugboat.dev/powered-off-"}));
        QVERIFY(waitFor([&] { return readyStatus(QStringLiteral("sim-2")) == "True"; }));
        QVERIFY(waitFor([&] {
            return !out({"get", "node", "sim-2", "-o", "jsonpath={.spec.taints}"}).contains("unreachable");
        }));
        QVERIFY(waitFor([&] { return pods().size() == 6; }));
    }

    void cleanup()
    {
        const QByteArray log = m_harness.log();
        if (QTest::currentTestFailed())
            qWarning("tugboatd's log:\n%s", log.right(20000).constData());
    }
    void cleanupTestCase() { m_harness.stop(); }
};

QTEST_GUILESS_MAIN(NodeFailureTest)
#include "tst_nodefailure.moc"
