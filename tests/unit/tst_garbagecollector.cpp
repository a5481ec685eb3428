// The GarbageCollector against a real in-process API server: a ReplicaSet's pods go after it
// (background), while pods of a living owner stay; a foreground-deleted owner remains until its
// blocking dependents are gone; an orphan-deleted owner goes and leaves its dependents without the
// reference; an owner missing from the cache is confirmed with the server (a new incarnation of the
// name does not count); only dangling references are removed when another owner lives.
#include "clienttestsupport.h"
#include "controllers/garbagecollector.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::kind;

namespace {

QJsonObject ownerRef(const api::Object &owner, bool block = true)
{
    return QJsonObject{{QStringLiteral("apiVersion"), owner.apiVersion()},
                       {QStringLiteral("kind"), owner.kind()},
                       {QStringLiteral("name"), owner.name()},
                       {QStringLiteral("uid"), owner.uid()},
                       {QStringLiteral("controller"), true},
                       {QStringLiteral("blockOwnerDeletion"), block}};
}

api::Object replicaSet(const QString &name)
{
    const QJsonObject labels{{QStringLiteral("app"), name}};
    const QJsonObject container{{QStringLiteral("name"), QStringLiteral("web")},
                                {QStringLiteral("image"), QStringLiteral("nginx:1.25")}};
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
        {QStringLiteral("kind"), QStringLiteral("ReplicaSet")},
        {QStringLiteral("metadata"), test::meta(name)},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("replicas"), 2},
                     {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), labels}}},
                     {QStringLiteral("template"),
                      QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), labels}}},
                                  {QStringLiteral("spec"),
                                   QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}}}}}});
}

api::Object pod(const QString &name, const QJsonArray &owners, const QStringList &finalizers = {})
{
    QJsonObject meta = test::meta(name);
    if (!owners.isEmpty())
        meta.insert(QStringLiteral("ownerReferences"), owners);
    if (!finalizers.isEmpty())
        meta.insert(QStringLiteral("finalizers"), QJsonArray::fromStringList(finalizers));
    const QJsonObject container{{QStringLiteral("name"), QStringLiteral("web")},
                                {QStringLiteral("image"), QStringLiteral("nginx:1.25")}};
    return api::Object(
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                    {QStringLiteral("kind"), QStringLiteral("Pod")},
                    {QStringLiteral("metadata"), meta},
                    {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}});
}

} // namespace

class GarbageCollectorTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    std::unique_ptr<TimerDelayScheduler> m_scheduler;
    std::unique_ptr<GarbageCollector> m_gc;

    api::ObjectPtr get(const char *kindName, const QString &name)
    {
        auto got = m_cluster->registry().get(kind(kindName), "default", name);
        return got ? got.value() : nullptr;
    }
    bool gone(const char *kindName, const QString &name) { return !get(kindName, name); }
    bool removeWith(const char *kindName, const QString &name, const QString &policy)
    {
        apiserver::DeleteOptions options;
        options.propagationPolicy = policy;
        return m_cluster->registry().remove(kind(kindName), "default", name, options).ok();
    }
    bool idle()
    {
        return m_gc->queue().length() == 0 && m_gc->keysAwaitingWrites() == 0 && m_gc->queue().waiting() == 0;
    }
    void startGc()
    {
        m_gc->start();
        QVERIFY(test::waitFor([&] { return m_gc->hasSynced(); }));
    }
    // An RS and `count` pods it owns: rs-0 ... rs-(count-1).
    api::ObjectPtr seedReplicaSet(const QString &name, int count)
    {
        api::ObjectPtr rs = m_cluster->put(replicaSet(name));
        if (!rs)
            return nullptr;
        for (int i = 0; i < count; ++i)
            if (!m_cluster->put(pod(name + QLatin1Char('-') + QString::number(i), {ownerRef(*rs)})))
                return nullptr;
        return rs;
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<TimerDelayScheduler>(m_client.get());
        m_gc = std::make_unique<GarbageCollector>(*m_client, *m_scheduler);
    }
    void cleanup()
    {
        m_gc.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void theIndexKnowsEachOwnersDependents()
    {
        api::ObjectPtr rs = seedReplicaSet("web", 2);
        QVERIFY(rs);
        startGc();
        QCOMPARE(m_gc->dependentsOf(rs->uid()), QStringList({"pods/default/web-0", "pods/default/web-1"}));
        QCOMPARE(GarbageCollector::keyFor(kind("ReplicaSet"), *rs), QStringLiteral("replicasets.apps/default/web"));
    }

    void podsOfADeletedReplicaSetGoInTheBackground()
    {
        QVERIFY(seedReplicaSet("web", 3));
        QVERIFY(seedReplicaSet("api", 1));
        startGc();
        QVERIFY(removeWith("ReplicaSet", "web", "Background"));
        QVERIFY(gone("ReplicaSet", "web")); // no finalizers: gone at once, pods orphaned for now
        QVERIFY(test::waitFor([&] { return gone("Pod", "web-0") && gone("Pod", "web-1") && gone("Pod", "web-2"); }));
        QVERIFY(test::waitFor([&] { return idle(); }));
        QVERIFY(get("Pod", "api-0")); // its owner lives
        QVERIFY(get("ReplicaSet", "api"));
    }

    void aForegroundDeletedOwnerRemainsUntilItsDependentsAreGone()
    {
        api::ObjectPtr rs = m_cluster->put(replicaSet("web"));
        QVERIFY(rs);
        QVERIFY(m_cluster->put(pod("web-0", {ownerRef(*rs)})));
        QVERIFY(m_cluster->put(pod("web-held", {ownerRef(*rs)}, {"example.com/hold"})));
        startGc();
        QVERIFY(removeWith("ReplicaSet", "web", "Foreground"));

        QVERIFY(test::waitFor([&] {
            api::ObjectPtr held = get("Pod", "web-held");
            return gone("Pod", "web-0") && held && !held->deletionTimestamp().isEmpty();
        }));
        QVERIFY(test::waitFor([&] { return idle(); }));
        api::ObjectPtr owner = get("ReplicaSet", "web");
        QVERIFY(owner);
        QVERIFY(!owner->deletionTimestamp().isEmpty());
        QVERIFY(owner->finalizers().contains(GarbageCollector::kForegroundFinalizer));

        // The last dependent goes: so does the owner.
        api::ObjectPtr held = get("Pod", "web-held");
        QVERIFY(m_cluster->registry().update(
            kind("Pod"), "default", "web-held",
            held->withMetadataField(QLatin1String("finalizers"), QJsonValue(QJsonValue::Undefined)),
            apiserver::Part::Main, {}, nullptr));
        QVERIFY(test::waitFor([&] { return gone("Pod", "web-held") && gone("ReplicaSet", "web"); }));
    }

    void aNonBlockingDependentDoesNotHoldAForegroundOwner()
    {
        api::ObjectPtr rs = m_cluster->put(replicaSet("web"));
        QVERIFY(rs);
        QVERIFY(m_cluster->put(pod("web-held", {ownerRef(*rs, false)}, {"example.com/hold"})));
        startGc();
        QVERIFY(removeWith("ReplicaSet", "web", "Foreground"));
        QVERIFY(test::waitFor([&] { return gone("ReplicaSet", "web"); }));
        api::ObjectPtr held = get("Pod", "web-held");
        QVERIFY(held);
        QVERIFY(!held->deletionTimestamp().isEmpty()); // deleted all the same, not waited for
    }

    void orphanedDependentsLiveOnWithoutTheReference()
    {
        api::ObjectPtr rs = seedReplicaSet("web", 2);
        QVERIFY(rs);
        startGc();
        QVERIFY(removeWith("ReplicaSet", "web", "Orphan"));
        QVERIFY(test::waitFor([&] { return gone("ReplicaSet", "web"); }));
        QVERIFY(test::waitFor([&] { return idle(); }));
        for (const char *name : {"web-0", "web-1"}) {
            api::ObjectPtr p = get("Pod", name);
            QVERIFY2(p, name);
            QVERIFY(p->ownerReferences().isEmpty());
            QVERIFY(p->deletionTimestamp().isEmpty());
        }
    }

    void aNewIncarnationOfTheOwnersNameDoesNotKeepTheDependent()
    {
        api::ObjectPtr first = m_cluster->put(replicaSet("web"));
        QVERIFY(first);
        const QJsonObject staleRef = ownerRef(*first);
        QVERIFY(m_cluster->remove(kind("ReplicaSet"), "default", "web"));
        QVERIFY(m_cluster->put(replicaSet("web"))); // same name, new uid
        QVERIFY(m_cluster->put(pod("web-0", {staleRef})));
        startGc();
        QVERIFY(test::waitFor([&] { return gone("Pod", "web-0"); }));
        QVERIFY(get("ReplicaSet", "web"));
    }

    void onlyDanglingReferencesAreRemovedWhileAnotherOwnerLives()
    {
        api::ObjectPtr live = m_cluster->put(test::configMap("live"));
        api::ObjectPtr dead = m_cluster->put(test::configMap("dead"));
        QVERIFY(live && dead);
        QJsonObject deadRef = ownerRef(*dead, false);
        deadRef.remove("controller"); // one controller per object
        QVERIFY(m_cluster->put(pod("shared", {ownerRef(*live, false), deadRef})));
        QVERIFY(m_cluster->remove(kind("ConfigMap"), "default", "dead"));
        startGc();
        QVERIFY(test::waitFor([&] {
            api::ObjectPtr p = get("Pod", "shared");
            return p && p->ownerReferences().size() == 1;
        }));
        api::ObjectPtr p = get("Pod", "shared");
        QCOMPARE(p->ownerReferences().first().toObject().value("uid").toString(), live->uid());
        QVERIFY(p->deletionTimestamp().isEmpty());
    }
};

QTEST_GUILESS_MAIN(GarbageCollectorTest)
#include "tst_garbagecollector.moc"
