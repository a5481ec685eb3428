// The real kubectl against a real tugboatd over TLS, with every kubectl version on the machine
// (1.27 on): what a user does against a cluster, for the kinds Tugboat serves (KUBECTL-WIRE.md).
#include "kubectlharness.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tugboat;
using namespace tugboat::test;

class KubectlTest : public QObject {
    Q_OBJECT

private:
    KubectlHarness m_harness;

    QString data(const char *file) const { return QStringLiteral(TESTDATA_DIR "/") + QLatin1String(file); }
    CommandResult kubectl(const QString &binary, const QStringList &args, const QByteArray &input = {})
    {
        return m_harness.run(binary, args, input);
    }
    static QString nsFor(const QString &binary) { return KubectlHarness::namespaceFor(binary); }

private slots:
    void initTestCase()
    {
        if (kubectlBinaries().isEmpty())
            QSKIP("kubectl is not installed");
        // Three simulated nodes, so pods are scheduled and run (as far as a simulation runs them).
        QVERIFY2(m_harness.start({QStringLiteral("--sim-nodes"), QStringLiteral("3")}),
                 qPrintable(m_harness.daemon().why()));
        QVERIFY(m_harness.daemon().url().startsWith(QLatin1String("https://")));
    }

    void everyVersionWorks_data() { KubectlHarness::addKubectlRows(); }

    void everyVersionWorks()
    {
        QFETCH(QString, kubectl);
        const QString ns = nsFor(kubectl);
        const QStringList n{QStringLiteral("-n"), ns};

        // version, namespaces, discovery
        KUBECTL_OK(this->kubectl(kubectl, {"version"}));
        KUBECTL_OK(this->kubectl(kubectl, {"create", "namespace", ns}));
        auto resources = this->kubectl(kubectl, {"api-resources"});
        KUBECTL_OK(resources);
        QVERIFY(resources.out.contains("deployments"));
        QVERIFY(resources.out.contains("deploy"));
        QVERIFY(resources.out.contains("apps/v1"));

        // create, then create again
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"create", "-f", data("settings.yaml")} + n));
        auto again = this->kubectl(kubectl, QStringList{"create", "-f", data("settings.yaml")} + n);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("AlreadyExists"), again.err.constData());

        // apply twice: create, then the strategic-merge patch path
        auto applied = this->kubectl(kubectl, QStringList{"apply", "-f", data("web.yaml")} + n);
        KUBECTL_OK(applied);
        QVERIFY(applied.out.contains("deployment.apps/web created"));
        QVERIFY(applied.out.contains("service/web created"));
        auto reapplied = this->kubectl(kubectl, QStringList{"apply", "-f", data("web-v2.yaml")} + n);
        KUBECTL_OK(reapplied);
        QVERIFY2(reapplied.out.contains("deployment.apps/web configured"), reapplied.out.constData());
        auto image = this->kubectl(
            kubectl,
            QStringList{"get", "deploy", "web", "-o",
                        "jsonpath={.spec.template.spec.containers[0].image} {.spec.replicas} {.metadata.generation}"} +
                n);
        KUBECTL_OK(image);
        QCOMPARE(image.out, QByteArray("nginx:1.27 3 2"));

        // diff shows the change without making it
        auto diff = this->kubectl(kubectl, QStringList{"diff", "-f", data("web.yaml")} + n);
        QCOMPARE(diff.exitCode, 1);
        QVERIFY2(diff.out.contains("nginx:1.25"), diff.out.constData());
        auto unchanged =
            this->kubectl(kubectl, QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"} + n);
        QCOMPARE(unchanged.out, QByteArray("3"));

        // get in every output form
        auto table = this->kubectl(kubectl, QStringList{"get", "deploy"} + n);
        KUBECTL_OK(table);
        QVERIFY2(table.out.startsWith("NAME"), table.out.constData());
        QVERIFY(table.out.contains("READY"));
        QVERIFY(table.out.contains("UP-TO-DATE"));
        auto wide = this->kubectl(kubectl, QStringList{"get", "deploy", "-o", "wide"} + n);
        KUBECTL_OK(wide);
        QVERIFY(wide.out.contains("IMAGES"));
        QVERIFY(wide.out.contains("nginx:1.27"));
        auto asJson = this->kubectl(kubectl, QStringList{"get", "deploy", "web", "-o", "json"} + n);
        KUBECTL_OK(asJson);
        QCOMPARE(QJsonDocument::fromJson(asJson.out).object().value("kind").toString(), QStringLiteral("Deployment"));
        auto asYaml = this->kubectl(kubectl, QStringList{"get", "svc", "web", "-o", "yaml"} + n);
        KUBECTL_OK(asYaml);
        QVERIFY(asYaml.out.contains("kind: Service"));
        auto names = this->kubectl(kubectl, QStringList{"get", "deploy,svc,cm", "-o", "name"} + n);
        KUBECTL_OK(names);
        QVERIFY2(names.out.contains("deployment.apps/web") && names.out.contains("service/web") &&
                     names.out.contains("configmap/settings"),
                 names.out.constData());

        // server-side apply, and its conflict with the client-side applier's fields
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"apply", "--server-side", "-f", data("settings.yaml")} + n));
        auto ssa = this->kubectl(
            kubectl, QStringList{"apply", "--server-side", "--field-manager", "other", "-f", data("web.yaml")} + n);
        QVERIFY2(ssa.exitCode != 0 && ssa.err.contains("conflict"), ssa.err.constData());
        auto forced = this->kubectl(kubectl, QStringList{"apply", "--server-side", "--force-conflicts",
                                                         "--field-manager", "other", "-f", data("web.yaml")} +
                                                 n);
        KUBECTL_OK(forced);
        QVERIFY(forced.out.contains("serverside-applied"));

        // scale, label, annotate, patch
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"scale", "deploy", "web", "--replicas=5"} + n));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"label", "deploy", "web", "tier=front"} + n));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"annotate", "deploy", "web", "owner=ops"} + n));
        KUBECTL_OK(
            this->kubectl(kubectl, QStringList{"patch", "cm", "settings", "-p", R"({"data":{"mode":"safe"}})"} + n));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"patch", "cm", "settings", "--type=json", "-p",
                                                      R"([{"op":"add","path":"/data/extra","value":"1"}])"} +
                                              n));
        auto state = this->kubectl(
            kubectl, QStringList{"get", "deploy", "web", "-o",
                                 "jsonpath={.spec.replicas} {.metadata.labels.tier} {.metadata.annotations.owner}"} +
                         n);
        QCOMPARE(state.out, QByteArray("5 front ops"));
        auto cm = this->kubectl(kubectl,
                                QStringList{"get", "cm", "settings", "-o", "jsonpath={.data.mode}{.data.extra}"} + n);
        QCOMPARE(cm.out, QByteArray("safe1"));
        auto selected = this->kubectl(kubectl, QStringList{"get", "deploy", "-l", "tier=front", "-o", "name"} + n);
        QCOMPARE(selected.out.trimmed(), QByteArray("deployment.apps/web"));

        // describe and explain
        auto described = this->kubectl(kubectl, QStringList{"describe", "deploy", "web"} + n);
        KUBECTL_OK(described);
        QVERIFY(described.out.contains("Replicas:"));
        auto explained = this->kubectl(kubectl, {"explain", "deployment.spec.replicas"});
        KUBECTL_OK(explained);
        QVERIFY2(explained.out.contains("replicas"), explained.out.constData());

        // errors: an invalid manifest names the field; an unknown field fails under strict validation
        auto invalid = this->kubectl(kubectl, QStringList{"apply", "-f", data("invalid.yaml")} + n);
        QVERIFY(invalid.exitCode != 0);
        QVERIFY2(invalid.err.contains("spec.replicas") &&
                     invalid.err.contains("spec.template.spec.containers[0].image"),
                 invalid.err.constData());
        auto strict =
            this->kubectl(kubectl, QStringList{"apply", "--validate=strict", "-f", data("unknown-field.yaml")} + n);
        QVERIFY(strict.exitCode != 0);
        QVERIFY2(strict.err.contains("colour"), strict.err.constData());

        // get -w sees another kubectl's change
        QProcess watcher;
        watcher.setProcessEnvironment(m_harness.environment());
        watcher.start(kubectl, QStringList{"--kubeconfig", m_harness.daemon().kubeconfig(), "get", "cm", "-w"} + n);
        QVERIFY(watcher.waitForStarted());
        QByteArray seen;
        QVERIFY(waitFor([&] {
            seen += watcher.readAllStandardOutput();
            return seen.contains("settings");
        }));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"create", "configmap", "late", "--from-literal=a=b"} + n));
        QVERIFY2(waitFor([&] {
                     seen += watcher.readAllStandardOutput();
                     return seen.contains("late");
                 }),
                 seen.constData());
        watcher.kill();
        watcher.waitForFinished();

        // delete, and wait for the deletion
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"delete", "cm", "late"} + n));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"wait", "--for=delete", "cm/late", "--timeout=20s"} + n));
        auto gone = this->kubectl(kubectl, QStringList{"get", "cm", "late"} + n);
        QCOMPARE(gone.exitCode, 1);
        QVERIFY(gone.err.contains("NotFound"));
        KUBECTL_OK(this->kubectl(kubectl, QStringList{"delete", "-f", data("web.yaml")} + n));

        // Deleting a namespace deletes what is in it, then the namespace (kubectl waits for both).
        KUBECTL_OK(this->kubectl(kubectl, {"delete", "namespace", ns, "--timeout=60s"}));
        auto nsGone = this->kubectl(kubectl, {"get", "namespace", ns});
        QCOMPARE(nsGone.exitCode, 1);
        QVERIFY(nsGone.err.contains("NotFound"));
    }

    void aReplicaSetKeepsItsPodsAndTakesThemAlong()
    {
        const QString binary = kubectlBinaries().last();
        const QStringList n{QStringLiteral("-n"), QStringLiteral("rs-test")};
        KUBECTL_OK(kubectl(binary, {"create", "namespace", "rs-test"}));
        KUBECTL_OK(kubectl(binary, QStringList{"apply", "-f", data("replicaset.yaml")} + n));
        auto podNames = [&] {
            return kubectl(binary, QStringList{"get", "pods", "-l", "app=front", "-o", "name"} + n).out.trimmed();
        };
        QVERIFY(waitFor([&] { return podNames().split('\n').size() == 3; }));
        const QByteArray first = podNames().split('\n').first();
        KUBECTL_OK(kubectl(binary, QStringList{"delete", QString::fromUtf8(first)} + n));
        QVERIFY2(waitFor([&] {
                     const QByteArray now = podNames();
                     return now.split('\n').size() == 3 && !now.contains(first);
                 }),
                 podNames().constData());
        // The scheduler spreads them over the three simulated nodes, which run them.
        auto placement = [&] {
            return kubectl(binary,
                           QStringList{"get", "pods", "-l", "app=front", "-o",
                                       "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}"} +
                               n)
                .out.trimmed();
        };
        QVERIFY2(waitFor([&] {
                     const QByteArray p = placement();
                     return p.count("Running") == 3 && p.contains("sim-1") && p.contains("sim-2") &&
                            p.contains("sim-3");
                 }),
                 placement().constData());
        KUBECTL_OK(kubectl(binary, QStringList{"scale", "rs", "front", "--replicas=1"} + n));
        QVERIFY(waitFor([&] { return podNames().split('\n').size() == 1; }));
        auto events = kubectl(binary, QStringList{"get", "events"} + n);
        QVERIFY2(events.out.contains("SuccessfulCreate") && events.out.contains("SuccessfulDelete") &&
                     events.out.contains("Successfully assigned rs-test/front-"),
                 events.out.constData());
        KUBECTL_OK(kubectl(binary, QStringList{"delete", "rs", "front"} + n));
        QVERIFY(waitFor([&] { return podNames().isEmpty(); }));
        KUBECTL_OK(kubectl(binary, {"delete", "namespace", "rs-test"}));
    }

    void theViewerMayReadButNotWrite()
    {
        const QString viewer = QDir(m_harness.daemon().dataDir()).filePath(QStringLiteral("data/viewer.kubeconfig"));
        const QString binary = kubectlBinaries().last();
        const QProcessEnvironment env = m_harness.environment();
        auto read = run(binary, {"--kubeconfig", viewer, "get", "namespaces"}, {}, env);
        KUBECTL_OK(read);
        QVERIFY(read.out.contains("kube-system"));
        auto write = run(binary, {"--kubeconfig", viewer, "create", "namespace", "nope"}, {}, env);
        QCOMPARE(write.exitCode, 1);
        QVERIFY2(write.err.contains("Forbidden"), write.err.constData());
        auto secrets = run(binary, {"--kubeconfig", viewer, "get", "secrets", "-A"}, {}, env);
        QVERIFY(secrets.exitCode != 0);
    }

    void cleanupTestCase() { m_harness.stop(); }
};

QTEST_GUILESS_MAIN(KubectlTest)
#include "tst_kubectl.moc"
