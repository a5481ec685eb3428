// The NamespaceController against a real in-process API server: a deleted namespace is emptied of
// every kind of content and then goes itself; content held by a finalizer keeps it Terminating until
// released; namespaces that are not being deleted, and other namespaces, are left alone.
#include "clienttestsupport.h"
#include "controllers/namespacecontroller.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::configMap;
using test::kind;

namespace {

api::Object namespaceObject(const QString &name)
{
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                   {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                   {QStringLiteral("metadata"), test::meta(name, QString())}});
}

api::Object pod(const QString &name, const QString &ns)
{
    const QJsonObject container{{QStringLiteral("name"), QStringLiteral("web")},
                                {QStringLiteral("image"), QStringLiteral("nginx:1.25")}};
    return api::Object(
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                    {QStringLiteral("kind"), QStringLiteral("Pod")},
                    {QStringLiteral("metadata"), test::meta(name, ns)},
                    {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}});
}

api::Object deploymentIn(const QString &name, const QString &ns)
{
    QJsonObject json = test::deployment(name, 2).json();
    json.insert(QStringLiteral("metadata"), test::meta(name, ns));
    return api::Object(json);
}

} // namespace

class NamespaceControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    std::unique_ptr<TimerDelayScheduler> m_scheduler;
    std::unique_ptr<NamespaceController> m_controller;

    bool exists(const char *kindName, const QString &ns, const QString &name)
    {
        return m_cluster->registry().get(kind(kindName), ns, name).ok();
    }
    int countIn(const QString &ns)
    {
        int count = 0;
        for (const api::ResourceInfo &info : NamespaceController::contentKinds()) {
            apiserver::ListQuery query;
            query.namespaceName = ns;
            auto page = m_cluster->registry().list(info, query);
            count += page ? int(page->items.size()) : 1000;
        }
        return count;
    }
    bool deleteNamespace(const QString &name) { return m_cluster->remove(kind("Namespace"), QString(), name); }
    void seedTeam()
    {
        QVERIFY(m_cluster->put(namespaceObject("team")));
        QVERIFY(m_cluster->put(configMap("settings", {}, {}, "team")));
        QVERIFY(m_cluster->put(configMap("more", {}, {}, "team")));
        QVERIFY(m_cluster->put(pod("web-1", "team")));
        QVERIFY(m_cluster->put(pod("web-2", "team")));
        QVERIFY(m_cluster->put(deploymentIn("web", "team")));
        QCOMPARE(countIn("team"), 5);
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<TimerDelayScheduler>(m_client.get());
        m_controller = std::make_unique<NamespaceController>(*m_client, *m_scheduler);
    }
    void cleanup()
    {
        m_controller.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void everyNamespacedKindIsContent()
    {
        const auto kinds = NamespaceController::contentKinds();
        QStringList names;
        for (const api::ResourceInfo &info : kinds)
            names << info.kind;
        for (const char *k : {"Pod", "ConfigMap", "Secret", "Deployment", "ReplicaSet", "Service", "Event"})
            QVERIFY2(names.contains(QLatin1String(k)), k);
        QVERIFY(!names.contains(QStringLiteral("Namespace")));
        QVERIFY(!names.contains(QStringLiteral("Node")));
    }

    void aDeletedNamespaceIsEmptiedThenGoes()
    {
        seedTeam();
        QVERIFY(m_cluster->put(configMap("keep"))); // in "default"
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
        QVERIFY(deleteNamespace("team"));
        QVERIFY(exists("Namespace", QString(), "team")); // Terminating, held by "kubernetes"
        QVERIFY(test::waitFor([&] { return !exists("Namespace", QString(), "team"); }));
        QCOMPARE(countIn("team"), 0);
        QVERIFY(exists("ConfigMap", "default", "keep"));
        QVERIFY(exists("Namespace", QString(), "default"));
    }

    void contentHeldByAFinalizerKeepsTheNamespaceTerminating()
    {
        QVERIFY(m_cluster->put(namespaceObject("team")));
        QJsonObject held = configMap("held", {}, {}, "team").json();
        QJsonObject meta = held.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("finalizers"), QJsonArray{QStringLiteral("example.com/hold")});
        held.insert(QStringLiteral("metadata"), meta);
        QVERIFY(m_cluster->put(api::Object(held)));
        QVERIFY(m_cluster->put(configMap("free", {}, {}, "team")));
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
        QVERIFY(deleteNamespace("team"));

        auto heldBeingDeleted = [&] {
            auto got = m_cluster->registry().get(kind("ConfigMap"), "team", "held");
            return got && !got.value()->deletionTimestamp().isEmpty();
        };
        QVERIFY(test::waitFor([&] { return heldBeingDeleted() && !exists("ConfigMap", "team", "free"); }));
        QVERIFY(test::waitFor(
            [&] { return m_controller->queue().length() == 0 && m_controller->keysAwaitingWrites() == 0; }));
        auto ns = m_cluster->registry().get(kind("Namespace"), QString(), "team");
        QVERIFY(ns);
        QCOMPARE(ns.value()->status().value("phase").toString(), QStringLiteral("Terminating"));

        // Its owner releases it: the namespace follows.
        auto current = m_cluster->registry().get(kind("ConfigMap"), "team", "held");
        QVERIFY(current);
        const api::Object released =
            current.value()->withMetadataField(QLatin1String("finalizers"), QJsonValue(QJsonValue::Undefined));
        QVERIFY(m_cluster->registry().update(kind("ConfigMap"), "team", "held", released, apiserver::Part::Main, {},
                                             nullptr));
        QVERIFY(test::waitFor([&] { return !exists("Namespace", QString(), "team"); }));
        QCOMPARE(countIn("team"), 0);
    }

    void anActiveNamespaceIsLeftAlone()
    {
        seedTeam();
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
        m_controller->queue().add("team");
        QVERIFY(m_controller->runUntilIdle() >= 1); // every namespace, once listed
        QCOMPARE(m_controller->keysAwaitingWrites(), 0);
        QCOMPARE(countIn("team"), 5);
        QVERIFY(exists("Namespace", QString(), "team"));
    }

    void aDeletedEmptyNamespaceGoesAtOnce()
    {
        QVERIFY(m_cluster->put(namespaceObject("empty")));
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
        QVERIFY(deleteNamespace("empty"));
        QVERIFY(test::waitFor([&] { return !exists("Namespace", QString(), "empty"); }));
    }
};

QTEST_GUILESS_MAIN(NamespaceControllerTest)
#include "tst_namespacecontroller.moc"
