// The ReplicaSet controller against a real in-process API server: it creates spec.replicas pods owned
// by the ReplicaSet, replaces a deleted one, scales down deleting the best victims, adopts matching
// orphans and releases relabelled pods, writes status (ready, available after minReadySeconds by a
// FakeClock, observedGeneration) only when it changed, never creates twice while its pod informer is
// behind, creates in slow-start batches, stops a burst at the first failed create, and records events.
#include "clienttestsupport.h"
#include "controllers/replicasetcontroller.h"
#include "testsupport.h"

#include <QTest>
#include <QTimer>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::kind;

Q_DECLARE_METATYPE(tugboat::api::Object)

namespace {

const QString Key = QStringLiteral("default/web");

api::Object replicaSet(int replicas, int minReadySeconds = 0)
{
    const QJsonObject labels{{"app", "web"}};
    const QJsonObject container{{"name", "web"}, {"image", "nginx:1.25"}};
    return api::Object(QJsonObject{
        {"apiVersion", "apps/v1"},
        {"kind", "ReplicaSet"},
        {"metadata", test::meta("web")},
        {"spec",
         QJsonObject{{"replicas", replicas},
                     {"minReadySeconds", minReadySeconds},
                     {"selector", QJsonObject{{"matchLabels", labels}}},
                     {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                              {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}});
}

api::Object pod(const QString &name, const QJsonObject &labels, const QString &created = {}, const QString &phase = {},
                bool ready = false)
{
    QJsonObject meta = test::meta(name, "default", labels);
    if (!created.isEmpty())
        meta.insert("creationTimestamp", created);
    QJsonObject status;
    if (!phase.isEmpty())
        status.insert("phase", phase);
    status.insert("conditions", QJsonArray{QJsonObject{{"type", "Ready"}, {"status", ready ? "True" : "False"}}});
    return api::Object(QJsonObject{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"status", status}});
}

api::Object withNode(const api::Object &p, const QString &node)
{
    QJsonObject json = p.json();
    json.insert("spec", QJsonObject{{"nodeName", node}});
    return api::Object(json);
}

} // namespace

class ReplicaSetControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<EventRecorder> m_recorder;
    std::unique_ptr<ReplicaSetController> m_controller;

    std::vector<api::ObjectPtr> list(const char *kindName)
    {
        apiserver::ListQuery q;
        q.namespaceName = QStringLiteral("default");
        auto page = m_cluster->registry().list(kind(kindName), q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    QStringList podNames()
    {
        QStringList names;
        for (const api::ObjectPtr &p : list("Pod"))
            names << p->name();
        names.sort();
        return names;
    }
    api::ObjectPtr rs() { return m_cluster->registry().get(kind("ReplicaSet"), "default", "web").value(); }
    api::ObjectPtr podNamed(const QString &name)
    {
        return m_cluster->registry().get(kind("Pod"), "default", name).value();
    }
    // Messages of the ReplicaSet's events with `reason`, sorted.
    QStringList events(const QString &reason)
    {
        QStringList messages;
        for (const api::ObjectPtr &e : list("Event"))
            if (e->valueAt(u"involvedObject.name").toString() == QLatin1String("web") &&
                e->valueAt(u"reason").toString() == reason)
                messages << e->valueAt(u"message").toString();
        messages.sort();
        return messages;
    }
    // Whether the controller's caches hold exactly what the server holds.
    bool caughtUp()
    {
        for (const char *k : {"Pod", "ReplicaSet"}) {
            client::Informer &informer = QLatin1String(k) == QLatin1String("Pod") ? m_controller->podInformer()
                                                                                  : m_controller->replicaSetInformer();
            const std::vector<api::ObjectPtr> server = list(k);
            if (informer.size() != qsizetype(server.size()))
                return false;
            for (const api::ObjectPtr &o : server) {
                const api::ObjectPtr cached = informer.get(o->namespaceName(), o->name());
                if (!cached || cached->resourceVersion() != o->resourceVersion())
                    return false;
            }
        }
        return true;
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
    void setPodStatus(const QString &name, const QString &phase, bool ready, qint64 readySinceMs = 0)
    {
        const api::ObjectPtr current = podNamed(name);
        QJsonObject json = current->json();
        QJsonObject condition{{"type", "Ready"}, {"status", ready ? "True" : "False"}};
        if (readySinceMs)
            condition.insert("lastTransitionTime",
                             api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(readySinceMs, Qt::UTC)));
        json.insert("status", QJsonObject{{"phase", phase}, {"conditions", QJsonArray{condition}}});
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->updateStatus(kind("Pod"), "default", api::Object(json), {}, std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }
    void scaleTo(int replicas)
    {
        QJsonObject json = rs()->json();
        QJsonObject spec = json.value("spec").toObject();
        spec.insert("replicas", replicas);
        json.insert("spec", spec);
        QVERIFY(m_cluster->put(api::Object(json)));
    }
    int statusField(const char *field) { return rs()->status().value(QLatin1String(field)).toInt(); }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_recorder = std::make_unique<EventRecorder>(*m_client, EventSource{"replicaset-controller", {}}, m_clock);
        m_controller = std::make_unique<ReplicaSetController>(*m_client, *m_scheduler, *m_recorder);
        m_controller->setAutoProcess(false);
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced(); }));
    }
    void cleanup()
    {
        m_controller.reset();
        m_recorder.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void createsReplicasPodsOwnedByTheReplicaSet()
    {
        QVERIFY(m_cluster->put(replicaSet(3)));
        QVERIFY(settle());
        const std::vector<api::ObjectPtr> pods = list("Pod");
        QCOMPARE(pods.size(), size_t(3));
        const api::ObjectPtr web = rs();
        QStringList created;
        for (const api::ObjectPtr &p : pods) {
            QCOMPARE(p->generateName(), QStringLiteral("web-"));
            QVERIFY(p->name().startsWith("web-"));
            QCOMPARE(p->labels().value("app"), QStringLiteral("web"));
            QCOMPARE(p->ownerReferences(), QJsonArray{ReplicaSetController::controllerRef(*web)});
            created << "Created pod: " + p->name();
        }
        const QJsonObject ref = p0Ref(pods.front());
        QCOMPARE(ref.value("apiVersion").toString(), QStringLiteral("apps/v1"));
        QCOMPARE(ref.value("uid").toString(), web->uid());
        QVERIFY(ref.value("controller").toBool() && ref.value("blockOwnerDeletion").toBool());
        created.sort();
        QCOMPARE(events("SuccessfulCreate"), created);
        QCOMPARE(statusField("replicas"), 3);
        QCOMPARE(statusField("fullyLabeledReplicas"), 3);
        QCOMPARE(statusField("observedGeneration"), 1);
    }

    void replacesADeletedPod()
    {
        QVERIFY(m_cluster->put(replicaSet(2)));
        QVERIFY(settle());
        const QStringList before = podNames();
        QCOMPARE(before.size(), 2);
        QVERIFY(m_cluster->remove(kind("Pod"), "default", before.front()));
        QVERIFY(settle());
        const QStringList after = podNames();
        QCOMPARE(after.size(), 2);
        QVERIFY(!after.contains(before.front()));
        QVERIFY(after.contains(before.back()));
    }

    void scalesDownDeletingTheBestVictims()
    {
        QVERIFY(m_cluster->put(replicaSet(4)));
        QVERIFY(settle());
        const QStringList names = podNames();
        setPodStatus(names[0], "Running", true, m_clock.nowMs());
        setPodStatus(names[1], "Running", true, m_clock.nowMs());
        setPodStatus(names[2], "Running", false);
        // names[3] stays Pending.
        QVERIFY(settle());
        QCOMPARE(statusField("readyReplicas"), 2);
        scaleTo(2);
        QVERIFY(settle());
        QCOMPARE(podNames(), names.mid(0, 2));
        QCOMPARE(events("SuccessfulDelete"), QStringList({"Deleted pod: " + names[2], "Deleted pod: " + names[3]}));
        QCOMPARE(statusField("replicas"), 2);
        QCOMPARE(statusField("observedGeneration"), 2);
    }

    void victimOrder_data()
    {
        QTest::addColumn<api::Object>("better");
        QTest::addColumn<api::Object>("worse");
        const QJsonObject l{{"app", "web"}};
        const QString t = "2024-01-01T00:00:00Z", later = "2024-01-01T00:01:00Z";
        QTest::newRow("unassigned before assigned")
            << pod("a", l, t, "Running", true) << withNode(pod("b", l, later, "Pending"), "node-1");
        QTest::newRow("pending before running") << pod("a", l, t, "Pending") << pod("b", l, later, "Running");
        QTest::newRow("unknown before running") << pod("a", l, t, "Unknown") << pod("b", l, later, "Running");
        QTest::newRow("not ready before ready") << pod("a", l, t, "Running") << pod("b", l, later, "Running", true);
        QTest::newRow("newer before older") << pod("a", l, later, "Running", true) << pod("b", l, t, "Running", true);
    }
    void victimOrder()
    {
        QFETCH(api::Object, better);
        QFETCH(api::Object, worse);
        QVERIFY(ReplicaSetController::betterVictim(better, worse));
        QVERIFY(!ReplicaSetController::betterVictim(worse, better));
    }

    void adoptsAnOrphanAndReleasesARelabelledPod()
    {
        QJsonObject orphan = pod("orphan", {{"app", "web"}}).json();
        orphan.remove("status");
        orphan.insert("spec", QJsonObject{{"containers", QJsonArray{QJsonObject{{"name", "c"}, {"image", "x"}}}}});
        QVERIFY(m_cluster->put(api::Object(orphan)));
        QVERIFY(m_cluster->put(replicaSet(2)));
        QVERIFY(settle());
        QCOMPARE(podNames().size(), 2); // the orphan counts: one created
        QCOMPARE(podNamed("orphan")->ownerReferences(), QJsonArray{ReplicaSetController::controllerRef(*rs())});
        QCOMPARE(events("SuccessfulCreate").size(), 1);

        QJsonObject relabelled = podNamed("orphan")->json();
        QJsonObject meta = relabelled.value("metadata").toObject();
        meta.insert("labels", QJsonObject{{"app", "debug"}});
        relabelled.insert("metadata", meta);
        QVERIFY(m_cluster->put(api::Object(relabelled)));
        QVERIFY(settle());
        QVERIFY(podNamed("orphan")->ownerReferences().isEmpty()); // released
        QCOMPARE(podNames().size(), 3);                           // and replaced
        QCOMPARE(statusField("replicas"), 2);
    }

    void availableReplicasWaitForMinReadySeconds()
    {
        QVERIFY(m_cluster->put(replicaSet(2, 10)));
        QVERIFY(settle());
        for (const QString &name : podNames())
            setPodStatus(name, "Running", true, m_clock.nowMs());
        QVERIFY(settle());
        QCOMPARE(statusField("readyReplicas"), 2);
        QCOMPARE(statusField("availableReplicas"), 0);
        QCOMPARE(m_scheduler->nextDelay().count(), qint64(10'000));
        m_scheduler->advance(10s);
        QVERIFY(settle());
        QCOMPARE(statusField("availableReplicas"), 2);
    }

    void statusIsWrittenOnlyWhenItChanges()
    {
        QVERIFY(m_cluster->put(replicaSet(1)));
        QVERIFY(settle());
        const QString rv = rs()->resourceVersion();
        m_controller->queue().add(Key);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->keysAwaitingWrites(), 0);
        QCOMPARE(rs()->resourceVersion(), rv);
    }

    void noDoubleCreatesWhileThePodInformerIsBehind()
    {
        m_controller->podInformer().stop();
        QVERIFY(m_cluster->put(replicaSet(3)));
        QVERIFY(test::waitFor([&] { return m_controller->replicaSetInformer().size() == 1; }));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(podNames().size(), 3);
        QVERIFY(!m_controller->expectations().satisfied(Key));
        m_controller->queue().add(Key);
        m_controller->runUntilIdle();
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(podNames().size(), 3); // the cache shows none, yet nothing more was created
        m_controller->podInformer().start();
        QVERIFY(settle());
        QVERIFY(m_controller->expectations().satisfied(Key));
        QCOMPARE(podNames().size(), 3);
    }

    void createsInSlowStartBatches()
    {
        int outstanding = 0;
        QList<int> outstandingAtCall;
        m_controller->setPodCreator([&](const api::Object &p, client::Callback<api::ObjectPtr> done) {
            outstandingAtCall << outstanding++;
            m_client->create(kind("Pod"), "default", p, {}, [&, done](api::Result<api::ObjectPtr> r) {
                --outstanding;
                done(std::move(r));
            });
        });
        QVERIFY(m_cluster->put(replicaSet(7)));
        QVERIFY(settle());
        QCOMPARE(outstandingAtCall, QList<int>({0, 0, 1, 0, 1, 2, 3})); // batches of 1, 2, 4
        QCOMPARE(podNames().size(), 7);
    }

    void aFailedCreateStopsTheBurstAndIsRecorded()
    {
        int calls = 0;
        bool failing = true;
        m_controller->setPodCreator([&](const api::Object &p, client::Callback<api::ObjectPtr> done) {
            if (!failing) {
                m_client->create(kind("Pod"), "default", p, {}, std::move(done));
                return;
            }
            ++calls;
            QTimer::singleShot(0, [done] {
                done(api::Error(api::ErrorCode::Forbidden,
                                "pods \"web-\" is forbidden: exceeded quota: compute, requested: pods=1"));
            });
        });
        QVERIFY(m_cluster->put(replicaSet(10)));
        QVERIFY(test::waitFor([&] { return m_controller->replicaSetInformer().size() == 1; }));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0 && m_recorder->isIdle(); }));
        QCOMPARE(calls, 1);
        QVERIFY(m_controller->expectations().satisfied(Key)); // the 9 never tried were taken off
        QCOMPARE(m_controller->queue().numRequeues(Key), 1);  // retried with back-off
        QCOMPARE(
            events("FailedCreate"),
            QStringList({"Error creating: pods \"web-\" is forbidden: exceeded quota: compute, requested: pods=1"}));

        // The next sync reports it as the ReplicaFailure condition, until a create succeeds.
        m_controller->runUntilIdle();
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        const QJsonObject failure = conditionOf(rs(), "ReplicaFailure");
        QCOMPARE(failure.value("status").toString(), QStringLiteral("True"));
        QCOMPARE(failure.value("reason").toString(), QStringLiteral("FailedCreate"));
        QCOMPARE(failure.value("message").toString(),
                 QStringLiteral("pods \"web-\" is forbidden: exceeded quota: compute, requested: pods=1"));
        failing = false;
        m_controller->queue().add(Key);
        QVERIFY(settle());
        QCOMPARE(podNames().size(), 10);
        QVERIFY(conditionOf(rs(), "ReplicaFailure").isEmpty());
    }

private:
    static QJsonObject conditionOf(const api::ObjectPtr &o, const char *type)
    {
        for (const QJsonValue &c : o->status().value("conditions").toArray())
            if (c.toObject().value("type").toString() == QLatin1String(type))
                return c.toObject();
        return {};
    }
    static QJsonObject p0Ref(const api::ObjectPtr &p) { return p->ownerReferences().first().toObject(); }
};

QTEST_GUILESS_MAIN(ReplicaSetControllerTest)
#include "tst_replicasetcontroller.moc"
