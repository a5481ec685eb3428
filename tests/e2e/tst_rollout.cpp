// Deployments as a user drives them with the real kubectl (every version on the machine) on a cluster
// of simulated nodes: apply with a Service, scale, every `kubectl rollout` command, `set image`, a
// deleted pod replaced, a node cordoned and drained, a Deployment deleted with nothing left behind.
#include "kubectlharness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace tugboat;
using namespace tugboat::test;

class RolloutTest : public QObject {
    Q_OBJECT

private:
    KubectlHarness m_harness;
    QString m_kubectl;
    QStringList m_ns;

    static QString data(const char *file) { return QStringLiteral(TESTDATA_DIR "/") + QLatin1String(file); }
    CommandResult kubectl(const QStringList &args) { return m_harness.run(m_kubectl, args + m_ns); }
    QByteArray out(const QStringList &args) { return kubectl(args).out.trimmed(); }

    // The namespace's pods as "name node phase image" lines, without those being deleted.
    QList<QJsonObject> pods(const QString &selector = QStringLiteral("app=web"))
    {
        const QJsonArray items = QJsonDocument::fromJson(kubectl({"get", "pods", "-l", selector, "-o", "json"}).out)
                                     .object()["items"]
                                     .toArray();
        QList<QJsonObject> live;
        for (const QJsonValue &v : items)
            if (!v.toObject()["metadata"].toObject().contains("deletionTimestamp"))
                live << v.toObject();
        return live;
    }
    int runningPods(const QString &image = {}, const QString &selector = QStringLiteral("app=web"))
    {
        int n = 0;
        for (const QJsonObject &p : pods(selector))
            n += p["status"].toObject()["phase"].toString() == QLatin1String("Running") &&
                 (image.isEmpty() ||
                  p["spec"].toObject()["containers"].toArray()[0].toObject()["image"].toString() == image);
        return n;
    }
    // Pods of the namespace (any state, any label), including those being deleted.
    int allPods()
    {
        return int(QJsonDocument::fromJson(kubectl({"get", "pods", "-o", "json"}).out)["items"].toArray().size());
    }
    QString image()
    {
        return QString::fromUtf8(
            out({"get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"}));
    }
    bool rolledOut()
    {
        auto status = kubectl({"rollout", "status", "deploy/web", "--timeout=60s"});
        if (status.exitCode != 0)
            qWarning("rollout status: %s%s", status.out.constData(), status.err.constData());
        return status.exitCode == 0 && status.out.contains("successfully rolled out");
    }

private slots:
    void initTestCase()
    {
        if (kubectlBinaries().isEmpty())
            QSKIP("kubectl is not installed");
        QVERIFY2(m_harness.start({QStringLiteral("--sim-nodes"), QStringLiteral("3"), QStringLiteral("--no-agent")}),
                 qPrintable(m_harness.daemon().why()));
    }

    void everyRolloutCommandBehaves_data() { KubectlHarness::addKubectlRows(); }
    void everyRolloutCommandBehaves()
    {
        QFETCH(QString, kubectl);
        m_kubectl = kubectl;
        const QString ns = KubectlHarness::namespaceFor(kubectl) + QStringLiteral("-rollout");
        m_ns = QStringList{QStringLiteral("-n"), ns};
        KUBECTL_OK(m_harness.run(m_kubectl, {"create", "namespace", ns}));

        // Apply a Deployment with its Service: 2 Running pods spread over nodes, behind the Service.
        KUBECTL_OK(this->kubectl({"apply", "-f", data("web.yaml")}));
        QVERIFY(rolledOut());
        QVERIFY(waitFor([&] { return runningPods(QStringLiteral("nginx:1.25")) == 2; }));
        QSet<QString> nodes;
        for (const QJsonObject &p : pods())
            nodes << p["spec"].toObject()["nodeName"].toString();
        QCOMPARE(nodes.size(), 2);
        QVERIFY2(waitFor([&] {
                     return out({"get", "endpoints", "web", "-o", "jsonpath={.subsets[0].addresses[*].ip}"})
                                .split(' ')
                                .size() == 2;
                 }),
                 out({"get", "endpoints", "web", "-o", "yaml"}).constData());
        QCOMPARE(out({"get", "endpoints", "web", "-o", "jsonpath={.subsets[0].ports[0].port}"}), QByteArray("80"));
        const QByteArray ready = out({"get", "deploy", "web"});
        QVERIFY2(ready.contains("2/2"), ready.constData());

        // Scale up and down.
        KUBECTL_OK(this->kubectl({"scale", "deploy", "web", "--replicas=4"}));
        QVERIFY(rolledOut());
        QVERIFY(waitFor([&] { return runningPods() == 4; }));
        KUBECTL_OK(this->kubectl({"scale", "deploy", "web", "--replicas=3"}));
        QVERIFY(waitFor([&] { return pods().size() == 3; }));

        // set image: a new revision rolls out, the old ReplicaSet is scaled to 0 and kept.
        KUBECTL_OK(this->kubectl({"set", "image", "deploy/web", "web=nginx:1.26"}));
        QVERIFY(rolledOut());
        QVERIFY(waitFor([&] { return runningPods(QStringLiteral("nginx:1.26")) == 3 && pods().size() == 3; }));
        QCOMPARE(out({"get", "rs", "-l", "app=web", "-o", "name"}).split('\n').size(), 2);
        const QByteArray events = out({"get", "events", "--field-selector", "involvedObject.kind=Deployment"});
        QVERIFY2(events.contains("ScalingReplicaSet"), events.constData());

        // history lists both revisions; undo goes back to the first template as revision 3.
        auto history = this->kubectl({"rollout", "history", "deploy/web"});
        KUBECTL_OK(history);
        QVERIFY2(history.out.contains("REVISION") && history.out.contains("1 ") && history.out.contains("2 "),
                 history.out.constData());
        auto revision2 = this->kubectl({"rollout", "history", "deploy/web", "--revision=2"});
        KUBECTL_OK(revision2);
        QVERIFY2(revision2.out.contains("nginx:1.26"), revision2.out.constData());
        KUBECTL_OK(this->kubectl({"rollout", "undo", "deploy/web"}));
        QVERIFY(rolledOut());
        QCOMPARE(image(), QStringLiteral("nginx:1.25"));
        QVERIFY(waitFor([&] { return runningPods(QStringLiteral("nginx:1.25")) == 3 && pods().size() == 3; }));
        QCOMPARE(out({"get", "deploy", "web", "-o",
                      "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"}),
                 QByteArray("3"));
        QCOMPARE(out({"get", "rs", "-l", "app=web", "-o", "name"}).split('\n').size(), 2); // the old one reused

        // undo --to-revision picks a named revision.
        KUBECTL_OK(this->kubectl({"rollout", "undo", "deploy/web", "--to-revision=2"}));
        QVERIFY(rolledOut());
        QCOMPARE(image(), QStringLiteral("nginx:1.26"));

        // restart: a new revision with the restartedAt annotation, every pod replaced.
        QSet<QString> before;
        for (const QJsonObject &p : pods())
            before << p["metadata"].toObject()["name"].toString();
        KUBECTL_OK(this->kubectl({"rollout", "restart", "deploy/web"}));
        QVERIFY(rolledOut());
        QVERIFY(!out({"get", "deploy", "web", "-o",
                      "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}"})
                     .isEmpty());
        QVERIFY(waitFor([&] {
            const QList<QJsonObject> now = pods();
            if (now.size() != 3)
                return false;
            for (const QJsonObject &p : now)
                if (before.contains(p["metadata"].toObject()["name"].toString()))
                    return false;
            return true;
        }));

        // pause: a template change does not roll out until resume.
        KUBECTL_OK(this->kubectl({"rollout", "pause", "deploy/web"}));
        KUBECTL_OK(this->kubectl({"set", "image", "deploy/web", "web=nginx:1.27"}));
        QVERIFY(waitFor([&] {
            return out({"get", "deploy", "web", "-o",
                        "jsonpath={.status.observedGeneration}={.metadata.generation} "
                        "{.status.conditions[?(@.type==\"Progressing\")].reason}"})
                .contains("DeploymentPaused");
        }));
        QCOMPARE(runningPods(QStringLiteral("nginx:1.27")), 0);
        KUBECTL_OK(this->kubectl({"rollout", "resume", "deploy/web"}));
        QVERIFY(rolledOut());
        QVERIFY(waitFor([&] { return runningPods(QStringLiteral("nginx:1.27")) == 3 && pods().size() == 3; }));

        // A deleted pod is replaced.
        const QString victim = pods().first()["metadata"].toObject()["name"].toString();
        KUBECTL_OK(this->kubectl({"delete", "pod", victim}));
        QVERIFY(waitFor([&] {
            const QList<QJsonObject> now = pods();
            return now.size() == 3 && runningPods() == 3 &&
                   std::none_of(now.begin(), now.end(),
                                [&](const QJsonObject &p) { return p["metadata"].toObject()["name"] == victim; });
        }));

        // Deleting the Deployment leaves nothing behind.
        KUBECTL_OK(this->kubectl({"delete", "deploy", "web"}));
        QVERIFY(waitFor([&] { return out({"get", "rs", "-o", "name"}).isEmpty() && allPods() == 0; }));
        KUBECTL_OK(m_harness.run(m_kubectl, {"delete", "namespace", ns, "--timeout=60s"}));
    }

    void recreateReplacesEveryPodAtOnce()
    {
        m_kubectl = kubectlBinaries().last();
        m_ns = QStringList{QStringLiteral("-n"), QStringLiteral("recreate")};
        KUBECTL_OK(m_harness.run(m_kubectl, {"create", "namespace", "recreate"}));
        KUBECTL_OK(kubectl({"apply", "-f", data("web.yaml")}));
        KUBECTL_OK(kubectl(
            {"patch", "deploy", "web", "-p", R"({"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}})"}));
        QVERIFY(rolledOut());
        KUBECTL_OK(kubectl({"set", "image", "deploy/web", "web=nginx:1.26"}));
        QVERIFY(rolledOut());
        QVERIFY(waitFor([&] { return runningPods(QStringLiteral("nginx:1.26")) == 2 && pods().size() == 2; }));
        const QByteArray events = out({"get", "events", "--field-selector", "involvedObject.name=web"});
        QVERIFY2(events.contains("Scaled down replica set") && events.contains("Scaled up replica set"),
                 events.constData());
        KUBECTL_OK(m_harness.run(m_kubectl, {"delete", "namespace", "recreate", "--timeout=60s"}));
    }

    void drainingANodeMovesItsPods()
    {
        m_kubectl = kubectlBinaries().last();
        m_ns = QStringList{QStringLiteral("-n"), QStringLiteral("drain")};
        KUBECTL_OK(m_harness.run(m_kubectl, {"create", "namespace", "drain"}));
        KUBECTL_OK(kubectl({"apply", "-f", data("web.yaml")}));
        KUBECTL_OK(kubectl({"scale", "deploy", "web", "--replicas=6"}));
        QVERIFY(rolledOut());
        auto onNode = [&](const QString &node) {
            int n = 0;
            for (const QJsonObject &p : pods())
                n += p["spec"].toObject()["nodeName"].toString() == node;
            return n;
        };
        QVERIFY(waitFor([&] { return runningPods() == 6 && onNode(QStringLiteral("sim-1")) > 0; }));

        auto drained = m_harness.run(m_kubectl, {"drain", "sim-1", "--ignore-daemonsets", "--timeout=60s"});
        KUBECTL_OK(drained);
        QVERIFY2(drained.out.contains("evicted") && drained.out.contains("drained"), drained.out.constData());
        QVERIFY(out({"get", "node", "sim-1"}).contains("SchedulingDisabled"));
        QVERIFY(waitFor([&] { return runningPods() == 6 && onNode(QStringLiteral("sim-1")) == 0; }));
        KUBECTL_OK(m_harness.run(m_kubectl, {"uncordon", "sim-1"}));
        KUBECTL_OK(m_harness.run(m_kubectl, {"delete", "namespace", "drain", "--timeout=60s"}));
    }

    void cleanup()
    {
        const QByteArray log = m_harness.log();
        if (QTest::currentTestFailed())
            qWarning("tugboatd's log:\n%s", log.right(20000).constData());
    }
    void cleanupTestCase() { m_harness.stop(); }
};

QTEST_GUILESS_MAIN(RolloutTest)
#include "tst_rollout.moc"
