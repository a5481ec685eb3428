// The Deployment controller against a real in-process API server, with the ReplicaSet controller
// running too (so pods exist) and a FakeClock. The test plays the node: it marks pods Running and Ready
// through the status subresource, binds them, and finishes their graceful deletion.
//
// It protects: the new ReplicaSet "<name>-<hash>" with the hash label and revision 1; rolling updates
// that stay within maxSurge and maxUnavailable after every round and end with the old ReplicaSet at 0;
// Recreate, which scales the old pods away before the new ReplicaSet exists; rollover; proportional
// scaling during a rollout; `rollout undo` (client-side, and the deprecated rollbackTo annotation)
// reusing the old ReplicaSet with a bumped revision and revision-history; `rollout restart`; pause and
// resume; the progress deadline; revisionHistoryLimit; adoption, release and hash collisions; status as
// `rollout status` reads it, written only when it changes; events; no double creates.
#include "clienttestsupport.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/replicasetcontroller.h"
#include "testsupport.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimer>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::kind;

namespace {

const QString Key = QStringLiteral("default/web");

QJsonObject rolling(const QJsonValue &maxSurge, const QJsonValue &maxUnavailable)
{
    return QJsonObject{{"type", "RollingUpdate"},
                       {"rollingUpdate", QJsonObject{{"maxSurge", maxSurge}, {"maxUnavailable", maxUnavailable}}}};
}

QJsonObject recreate()
{
    return QJsonObject{{"type", "Recreate"}};
}

api::Object webDeployment(int replicas, const QJsonObject &strategy = rolling(1, 1), const QJsonObject &extraSpec = {})
{
    QJsonObject json = test::deployment("web", replicas).json();
    QJsonObject spec = json.value("spec").toObject();
    spec.insert("strategy", strategy);
    for (auto it = extraSpec.begin(); it != extraSpec.end(); ++it)
        spec.insert(it.key(), it.value());
    json.insert("spec", spec);
    return api::Object(json);
}

QString imageOf(const api::Object &o)
{
    return o.valueAt(u"spec.template.spec.containers").toArray().first().toObject().value("image").toString();
}

QJsonObject conditionOf(const api::ObjectPtr &o, const char *type)
{
    return deploymentutil::condition(o->status(), QString::fromLatin1(type));
}

bool isReady(const api::Object &pod)
{
    return ReplicaSetController::isReady(pod);
}

} // namespace

class DeploymentControllerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<EventRecorder> m_deploymentEvents;
    std::unique_ptr<EventRecorder> m_replicaSetEvents;
    std::unique_ptr<ReplicaSetController> m_rsController;
    std::unique_ptr<DeploymentController> m_controller;

    // --- the cluster as the server holds it
    std::vector<api::ObjectPtr> list(const char *kindName)
    {
        apiserver::ListQuery q;
        q.namespaceName = QStringLiteral("default");
        auto page = m_cluster->registry().list(kind(kindName), q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    api::ObjectPtr deploymentNow() { return m_cluster->registry().get(kind("Deployment"), "default", "web").value(); }
    api::ObjectPtr replicaSetNamed(const QString &name)
    {
        auto rs = m_cluster->registry().get(kind("ReplicaSet"), "default", name);
        return rs ? rs.value() : nullptr;
    }
    // The ReplicaSets, lowest revision first, as `rollout history` lists them.
    QList<api::ObjectPtr> replicaSets()
    {
        QList<api::ObjectPtr> rses;
        for (const api::ObjectPtr &rs : list("ReplicaSet"))
            rses << rs;
        std::sort(rses.begin(), rses.end(), [](const api::ObjectPtr &a, const api::ObjectPtr &b) {
            return deploymentutil::revision(*a).value_or(0) < deploymentutil::revision(*b).value_or(0);
        });
        return rses;
    }
    api::ObjectPtr replicaSetWithImage(const QString &image)
    {
        for (const api::ObjectPtr &rs : list("ReplicaSet"))
            if (imageOf(*rs) == image)
                return rs;
        return nullptr;
    }
    QList<api::ObjectPtr> podsOf(const api::ObjectPtr &rs)
    {
        QList<api::ObjectPtr> pods;
        for (const api::ObjectPtr &p : list("Pod"))
            if (deploymentutil::isControlledBy(*p, rs->uid()))
                pods << p;
        return pods;
    }
    // Messages of the Deployment's events with `reason`, in the order first recorded.
    QStringList events(const QString &reason)
    {
        QList<api::ObjectPtr> matching;
        for (const api::ObjectPtr &e : list("Event"))
            if (e->valueAt(u"involvedObject.kind").toString() == QLatin1String("Deployment") &&
                e->valueAt(u"involvedObject.name").toString() == QLatin1String("web") &&
                e->valueAt(u"reason").toString() == reason)
                matching << e;
        std::sort(matching.begin(), matching.end(), [](const api::ObjectPtr &a, const api::ObjectPtr &b) {
            return a->resourceVersion().toLongLong() < b->resourceVersion().toLongLong();
        });
        QStringList messages;
        for (const api::ObjectPtr &e : matching)
            messages << e->valueAt(u"message").toString();
        return messages;
    }
    static int replicasOf(const api::ObjectPtr &o) { return deploymentutil::specReplicas(*o); }
    static int statusOf(const api::ObjectPtr &o, const char *field)
    {
        return o->status().value(QLatin1String(field)).toInt();
    }

    // --- driving the controllers
    bool matchesServer(client::Informer &informer, const char *kindName)
    {
        const std::vector<api::ObjectPtr> server = list(kindName);
        if (informer.size() != qsizetype(server.size()))
            return false;
        for (const api::ObjectPtr &o : server) {
            const api::ObjectPtr cached = informer.get(o->namespaceName(), o->name());
            if (!cached || cached->resourceVersion() != o->resourceVersion())
                return false;
        }
        return true;
    }
    bool caughtUp()
    {
        return matchesServer(m_controller->deploymentInformer(), "Deployment") &&
               matchesServer(m_controller->replicaSetInformer(), "ReplicaSet") &&
               matchesServer(m_controller->podInformer(), "Pod") &&
               matchesServer(m_rsController->replicaSetInformer(), "ReplicaSet") &&
               matchesServer(m_rsController->podInformer(), "Pod");
    }
    bool quiet()
    {
        return m_controller->keysAwaitingWrites() == 0 && m_rsController->keysAwaitingWrites() == 0 &&
               m_deploymentEvents->isIdle() && m_replicaSetEvents->isIdle() && caughtUp();
    }
    // Reconciles until nothing is queued, no write is in flight and the caches have caught up. The
    // ReplicaSet controller goes first each time, until it is idle, so that the Deployment controller
    // reads ReplicaSet statuses that have caught up with the pods, as a live cluster soon does.
    // Retries wait on the fake clock: short back-offs are let pass; delays of a second or more
    // (progress checks) are left to the test.
    bool settle()
    {
        for (int round = 0; round < 500; ++round) {
            m_rsController->runUntilIdle();
            if (!test::waitFor([&] { return quiet(); }))
                return false;
            if (m_rsController->queue().length() > 0)
                continue;
            if (m_controller->queue().length() > 0) {
                m_controller->runUntilIdle();
                if (!test::waitFor([&] { return quiet(); }))
                    return false;
                continue;
            }
            const std::chrono::milliseconds next = m_scheduler->nextDelay();
            if (next.count() < 0 || next >= 1s)
                return true;
            m_scheduler->advance(next);
        }
        return false;
    }

    // --- changes, as users and nodes make them
    void put(const api::Object &object) { QVERIFY(m_cluster->put(object)); }
    void changeDeployment(const std::function<void(QJsonObject &json)> &change)
    {
        QJsonObject json = deploymentNow()->json();
        change(json);
        QVERIFY(m_cluster->put(api::Object(json)));
    }
    void changeSpec(const QString &field, const QJsonValue &value)
    {
        changeDeployment([&](QJsonObject &json) {
            QJsonObject spec = json.value("spec").toObject();
            spec.insert(field, value);
            json.insert("spec", spec);
        });
    }
    void setImage(const QString &image, const QString &changeCause = {})
    {
        changeDeployment([&](QJsonObject &json) {
            QJsonObject spec = json.value("spec").toObject();
            QJsonObject tmpl = spec.value("template").toObject();
            QJsonObject podSpec = tmpl.value("spec").toObject();
            QJsonArray containers = podSpec.value("containers").toArray();
            QJsonObject container = containers.first().toObject();
            container.insert("image", image);
            containers[0] = container;
            podSpec.insert("containers", containers);
            tmpl.insert("spec", podSpec);
            spec.insert("template", tmpl);
            json.insert("spec", spec);
            if (!changeCause.isEmpty()) {
                QJsonObject meta = json.value("metadata").toObject();
                QJsonObject annotations = meta.value("annotations").toObject();
                annotations.insert("kubernetes.io/change-cause", changeCause);
                meta.insert("annotations", annotations);
                json.insert("metadata", meta);
            }
        });
    }
    void setPodReady(const api::ObjectPtr &pod)
    {
        QJsonObject json = pod->json();
        const QString now = api::formatTimestamp(m_clock.now());
        json.insert(
            "status",
            QJsonObject{{"phase", "Running"},
                        {"conditions",
                         QJsonArray{QJsonObject{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", now}}}}});
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->updateStatus(kind("Pod"), "default", api::Object(json), {}, std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }
    // Marks every running, not yet ready pod ready; how many.
    int readyAll()
    {
        int n = 0;
        for (const api::ObjectPtr &p : list("Pod")) {
            if (!p->deletionTimestamp().isEmpty() || isReady(*p))
                continue;
            setPodReady(p);
            ++n;
        }
        return n;
    }
    void bind(const api::ObjectPtr &pod, const QString &node)
    {
        const api::Object binding(
            QJsonObject{{"apiVersion", "v1"},
                        {"kind", "Binding"},
                        {"metadata", QJsonObject{{"name", pod->name()}}},
                        {"target", QJsonObject{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}}});
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->createSubresource(kind("Pod"), "default", pod->name(), "binding", binding, {},
                                               std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }
    // The node finishing a graceful deletion.
    void finishDeletion(const api::ObjectPtr &pod)
    {
        client::DeleteOptions now;
        now.gracePeriodSeconds = 0;
        auto r = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->remove(kind("Pod"), "default", pod->name(), now, std::move(done));
        });
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }

    // kubectl rollout undo, client-side (kubectl's DeploymentRollbacker): the ReplicaSet of the previous
    // revision, the second highest the ReplicaSets carry now, gives its template without the hash label
    // and its annotations but for the skipped ones, JSON-patched into the Deployment with no
    // precondition. `to`: the ReplicaSet rolled back to.
    void rolloutUndo(api::ObjectPtr *to = nullptr)
    {
        const QList<api::ObjectPtr> rses = replicaSets();
        QVERIFY(rses.size() >= 2);
        const api::ObjectPtr previous = rses[rses.size() - 2];
        QJsonObject tmpl = deploymentutil::podTemplate(*previous);
        QJsonObject tmplMeta = tmpl.value("metadata").toObject();
        QJsonObject labels = tmplMeta.value("labels").toObject();
        labels.remove("pod-template-hash");
        tmplMeta.insert("labels", labels);
        tmpl.insert("metadata", tmplMeta);
        const api::StringMap annotations =
            deploymentutil::deploymentAnnotationsForRollback(*deploymentNow(), *previous);
        const QJsonArray patch{QJsonObject{{"op", "replace"}, {"path", "/spec/template"}, {"value", tmpl}},
                               QJsonObject{{"op", "replace"},
                                           {"path", "/metadata/annotations"},
                                           {"value", api::Object::toJsonObject(annotations)}}};
        auto patched = test::wait<api::ObjectPtr>([&](client::Callback<api::ObjectPtr> done) {
            return m_client->patch(kind("Deployment"), "default", "web", client::PatchType::Json,
                                   QJsonDocument(patch).toJson(QJsonDocument::Compact), {}, std::move(done));
        });
        QVERIFY2(patched.ok(), qPrintable(patched.errorMessage()));
        if (to)
            *to = previous;
    }

    // kubectl rollout status: done once the latest generation is observed and every replica is
    // updated, the old ones gone and the updated ones available.
    bool rolloutDone()
    {
        const api::ObjectPtr d = deploymentNow();
        const int replicas = replicasOf(d);
        return statusOf(d, "observedGeneration") >= d->generation() && statusOf(d, "updatedReplicas") >= replicas &&
               statusOf(d, "replicas") <= statusOf(d, "updatedReplicas") &&
               statusOf(d, "availableReplicas") >= statusOf(d, "updatedReplicas") &&
               conditionOf(d, "Progressing").value("reason").toString() != QLatin1String("ProgressDeadlineExceeded");
    }
    // After a reconcile round: what runs stays within the strategy's bounds.
    void checkBounds(int replicas, int maxSurge, int maxUnavailable)
    {
        int total = 0, ready = 0, specs = 0;
        for (const api::ObjectPtr &p : list("Pod")) {
            if (!p->deletionTimestamp().isEmpty())
                continue;
            ++total;
            ready += isReady(*p) ? 1 : 0;
        }
        for (const api::ObjectPtr &rs : list("ReplicaSet"))
            specs += replicasOf(rs);
        QVERIFY2(total <= replicas + maxSurge,
                 qPrintable(QStringLiteral("%1 pods, surge bound %2").arg(total).arg(replicas + maxSurge)));
        QVERIFY2(specs <= replicas + maxSurge, qPrintable(QStringLiteral("%1 replicas in ReplicaSets").arg(specs)));
        QVERIFY2(
            ready >= replicas - maxUnavailable,
            qPrintable(QStringLiteral("%1 ready, availability bound %2").arg(ready).arg(replicas - maxUnavailable)));
    }
    // Rounds of reconcile, then the node making new pods ready, until rollout status is done.
    void rollOutToCompletion(int replicas = -1, int maxSurge = 0, int maxUnavailable = 0)
    {
        for (int step = 0; step < 60; ++step) {
            QVERIFY(settle());
            if (replicas >= 0) {
                checkBounds(replicas, maxSurge, maxUnavailable);
                if (QTest::currentTestFailed())
                    return;
            }
            if (rolloutDone())
                return;
            QVERIFY2(readyAll() > 0, "the rollout is stuck with every pod ready");
        }
        QFAIL("the rollout did not finish");
    }
    void createAndRollOut(const api::Object &deployment)
    {
        put(deployment);
        rollOutToCompletion();
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_deploymentEvents =
            std::make_unique<EventRecorder>(*m_client, EventSource{"deployment-controller", {}}, m_clock);
        m_replicaSetEvents =
            std::make_unique<EventRecorder>(*m_client, EventSource{"replicaset-controller", {}}, m_clock);
        m_rsController = std::make_unique<ReplicaSetController>(*m_client, *m_scheduler, *m_replicaSetEvents);
        m_controller = std::make_unique<DeploymentController>(*m_client, *m_scheduler, *m_deploymentEvents);
        m_rsController->setAutoProcess(false);
        m_controller->setAutoProcess(false);
        m_rsController->start();
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->hasSynced() && m_rsController->hasSynced(); }));
    }
    void cleanup()
    {
        m_controller.reset();
        m_rsController.reset();
        m_replicaSetEvents.reset();
        m_deploymentEvents.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void createsReplicaSetNamedByTemplateHashWithRevisionOne()
    {
        QJsonObject json = webDeployment(3).json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("annotations", QJsonObject{{"kubernetes.io/change-cause", "kubectl create"},
                                               {"kubectl.kubernetes.io/last-applied-configuration", "{}"}});
        json.insert("metadata", meta);
        put(api::Object(json));
        QVERIFY(settle());

        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 1);
        const api::ObjectPtr rs = rses.first(), d = deploymentNow();
        const QString hash = deploymentutil::computeHash(deploymentutil::podTemplate(*d), std::nullopt);
        QCOMPARE(rs->name(), "web-" + hash);
        QCOMPARE(rs->labels(), api::StringMap({{"app", "web"}, {"pod-template-hash", hash}}));
        QCOMPARE(rs->valueAt(u"spec.selector.matchLabels").toObject(),
                 QJsonObject({{"app", "web"}, {"pod-template-hash", hash}}));
        QCOMPARE(rs->valueAt(u"spec.template.metadata.labels").toObject(),
                 QJsonObject({{"app", "web"}, {"pod-template-hash", hash}}));
        QCOMPARE(rs->ownerReferences(), QJsonArray{DeploymentController::controllerRef(*d)});
        QCOMPARE(rs->annotations(), api::StringMap({{"deployment.kubernetes.io/revision", "1"},
                                                    {"deployment.kubernetes.io/desired-replicas", "3"},
                                                    {"deployment.kubernetes.io/max-replicas", "4"},
                                                    {"kubernetes.io/change-cause", "kubectl create"}}));
        QCOMPARE(d->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("1"));
        const QList<api::ObjectPtr> pods = podsOf(rs);
        QCOMPARE(pods.size(), 3);
        for (const api::ObjectPtr &p : pods)
            QCOMPARE(p->labels().value("pod-template-hash"), hash);
        QCOMPARE(events("ScalingReplicaSet"), QStringList{"Scaled up replica set " + rs->name() + " from 0 to 3"});
        QCOMPARE(conditionOf(d, "Progressing").value("status").toString(), QStringLiteral("True"));
        QCOMPARE(conditionOf(d, "Available").value("reason").toString(), QStringLiteral("MinimumReplicasUnavailable"));

        QCOMPARE(readyAll(), 3);
        QVERIFY(settle());
        const api::ObjectPtr done = deploymentNow();
        QCOMPARE(conditionOf(done, "Progressing").value("reason").toString(), QStringLiteral("NewReplicaSetAvailable"));
        QCOMPARE(conditionOf(done, "Progressing").value("message").toString(),
                 QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(rs->name()));
        QCOMPARE(conditionOf(done, "Available").value("status").toString(), QStringLiteral("True"));
        QCOMPARE(conditionOf(done, "Available").value("reason").toString(), QStringLiteral("MinimumReplicasAvailable"));
        QVERIFY(rolloutDone());
    }

    void rollingUpdateStaysWithinSurgeAndUnavailability_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QJsonObject>("strategy");
        QTest::addColumn<int>("surge");
        QTest::addColumn<int>("unavailable");
        QTest::newRow("1 and 1 of 4") << 4 << rolling(1, 1) << 1 << 1;
        QTest::newRow("25% and 25% of 10") << 10 << rolling("25%", "25%") << 3 << 2;
        QTest::newRow("surge only") << 3 << rolling(1, 0) << 1 << 0;
        QTest::newRow("unavailability only") << 3 << rolling(0, 1) << 0 << 1;
        QTest::newRow("both round to zero: one unavailable") << 3 << rolling("0%", "25%") << 0 << 1;
    }
    void rollingUpdateStaysWithinSurgeAndUnavailability()
    {
        QFETCH(int, replicas);
        QFETCH(QJsonObject, strategy);
        QFETCH(int, surge);
        QFETCH(int, unavailable);
        createAndRollOut(webDeployment(replicas, strategy));
        const api::ObjectPtr old = replicaSets().first();
        setImage("nginx:1.26");
        rollOutToCompletion(replicas, surge, unavailable);
        if (QTest::currentTestFailed())
            return;

        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 2);
        const api::ObjectPtr oldNow = rses[0], newRS = rses[1];
        QCOMPARE(oldNow->name(), old->name());
        QCOMPARE(imageOf(*newRS), QStringLiteral("nginx:1.26"));
        QCOMPARE(replicasOf(oldNow), 0);
        QCOMPARE(statusOf(oldNow, "replicas"), 0);
        QCOMPARE(replicasOf(newRS), replicas);
        QCOMPARE(podsOf(newRS).size(), replicas);
        QCOMPARE(newRS->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("2"));
        QCOMPARE(deploymentNow()->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("2"));

        // Every step is an event, in Kubernetes' words; the last ones finish both ReplicaSets.
        const QStringList scaling = events("ScalingReplicaSet");
        const QRegularExpression wording("^Scaled (up|down) replica set web-[a-z0-9]+ from \\d+ to \\d+$");
        for (const QString &m : scaling)
            QVERIFY2(wording.match(m).hasMatch(), qPrintable(m));
        QVERIFY2(std::any_of(scaling.begin(), scaling.end(),
                             [&](const QString &m) {
                                 return m.startsWith("Scaled down replica set " + old->name()) && m.endsWith(" to 0");
                             }),
                 qPrintable(scaling.join('\n')));
        QVERIFY2(std::any_of(scaling.begin(), scaling.end(),
                             [&](const QString &m) {
                                 return m.startsWith("Scaled up replica set " + newRS->name()) &&
                                        m.endsWith(QStringLiteral(" to %1").arg(replicas));
                             }),
                 qPrintable(scaling.join('\n')));
    }

    void rollingUpdateStepsAreKubernetesSteps()
    {
        // 4 replicas, maxSurge 1, maxUnavailable 1, as rolling.go steps: the new ReplicaSet grows while
        // at most 5 pods exist, the old one shrinks while at least 3 are available.
        createAndRollOut(webDeployment(4, rolling(1, 1)));
        const QString old = replicaSets().first()->name();
        setImage("nginx:1.26");
        QVERIFY(settle());
        const QString fresh = replicaSetWithImage("nginx:1.26")->name();
        QCOMPARE(events("ScalingReplicaSet").mid(1), QStringList({"Scaled up replica set " + fresh + " from 0 to 1",
                                                                  "Scaled down replica set " + old + " from 4 to 3",
                                                                  "Scaled up replica set " + fresh + " from 1 to 2"}));
        QCOMPARE(readyAll(), 2);
        QVERIFY(settle());
        QCOMPARE(events("ScalingReplicaSet").mid(4), QStringList({"Scaled down replica set " + old + " from 3 to 1",
                                                                  "Scaled up replica set " + fresh + " from 2 to 4"}));
        // Mid-rollout, as rollout status reads it.
        const api::ObjectPtr d = deploymentNow();
        QCOMPARE(statusOf(d, "replicas"), 5);
        QCOMPARE(statusOf(d, "updatedReplicas"), 4);
        QCOMPARE(statusOf(d, "readyReplicas"), 3);
        QCOMPARE(statusOf(d, "availableReplicas"), 3);
        QCOMPARE(statusOf(d, "unavailableReplicas"), 2);
        QCOMPARE(conditionOf(d, "Progressing").value("reason").toString(), QStringLiteral("ReplicaSetUpdated"));
        QCOMPARE(conditionOf(d, "Progressing").value("message").toString(),
                 QStringLiteral("ReplicaSet \"%1\" is progressing.").arg(fresh));
        QCOMPARE(conditionOf(d, "Available").value("status").toString(), QStringLiteral("True"));
        QVERIFY(!rolloutDone());
        QCOMPARE(readyAll(), 2);
        QVERIFY(settle());
        QCOMPARE(events("ScalingReplicaSet").mid(6), QStringList{"Scaled down replica set " + old + " from 1 to 0"});
        QVERIFY(rolloutDone());
    }

    void recreateRemovesOldPodsBeforeCreatingNewOnes()
    {
        put(webDeployment(3, recreate()));
        QVERIFY(settle());
        for (const api::ObjectPtr &p : list("Pod"))
            bind(p, "node-1"); // deletions become graceful: the node finishes them
        readyAll();
        QVERIFY(settle());
        const api::ObjectPtr old = replicaSets().first();

        setImage("nginx:1.26");
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 1); // no new ReplicaSet while old pods run
        QCOMPARE(replicasOf(replicaSetNamed(old->name())), 0);
        const std::vector<api::ObjectPtr> terminating = list("Pod");
        QCOMPARE(terminating.size(), size_t(3));
        for (const api::ObjectPtr &p : terminating)
            QVERIFY(!p->deletionTimestamp().isEmpty());
        QCOMPARE(events("ScalingReplicaSet").last(), "Scaled down replica set " + old->name() + " from 3 to 0");
        QCOMPARE(conditionOf(deploymentNow(), "Available").value("status").toString(), QStringLiteral("False"));

        finishDeletion(terminating[0]);
        finishDeletion(terminating[1]);
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 1); // one old pod still runs

        finishDeletion(terminating[2]);
        QVERIFY(settle());
        const api::ObjectPtr fresh = replicaSetWithImage("nginx:1.26");
        QVERIFY(fresh);
        QCOMPARE(replicasOf(fresh), 3);
        QCOMPARE(podsOf(fresh).size(), 3);
        QCOMPARE(list("Pod").size(), size_t(3));
        QCOMPARE(events("ScalingReplicaSet").last(), "Scaled up replica set " + fresh->name() + " from 0 to 3");
        rollOutToCompletion();
        QCOMPARE(fresh->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("2"));
    }

    void rolloverScalesDownEveryOlderReplicaSet()
    {
        createAndRollOut(webDeployment(4, rolling(1, 1)));
        setImage("nginx:1.26");
        QVERIFY(settle()); // v2's pods never become ready: it stops at 2, old at 3
        const api::ObjectPtr v2 = replicaSetWithImage("nginx:1.26");
        QCOMPARE(replicasOf(v2), 2);

        setImage("nginx:1.27");
        rollOutToCompletion(4, 1, 1);
        if (QTest::currentTestFailed())
            return;
        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 3);
        QCOMPARE(imageOf(*rses[2]), QStringLiteral("nginx:1.27"));
        QCOMPARE(rses[2]->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("3"));
        QCOMPARE(replicasOf(rses[0]), 0);
        QCOMPARE(replicasOf(rses[1]), 0);
        QCOMPARE(replicasOf(rses[2]), 4);
        // Its unavailable pods went first, at once (cleanupUnhealthyReplicas).
        QVERIFY(events("ScalingReplicaSet").contains("Scaled down replica set " + v2->name() + " from 2 to 0"));
    }

    void scalingDuringARolloutIsProportional()
    {
        // Kubernetes' documented example: 10 replicas, maxSurge 3, maxUnavailable 2, a rollout whose new
        // pods never become ready stops at old 8 + new 5; scaled to 15, old gets 3 more and new 2.
        createAndRollOut(webDeployment(10, rolling(3, 2)));
        setImage("nginx:1.26");
        QVERIFY(settle());
        const api::ObjectPtr old = replicaSetWithImage("nginx:1.25"), fresh = replicaSetWithImage("nginx:1.26");
        QCOMPARE(replicasOf(old), 8);
        QCOMPARE(replicasOf(fresh), 5);

        changeSpec("replicas", 15);
        QVERIFY(settle());
        const api::ObjectPtr oldNow = replicaSetNamed(old->name()), freshNow = replicaSetNamed(fresh->name());
        QCOMPARE(replicasOf(oldNow), 11);
        QCOMPARE(replicasOf(freshNow), 7);
        for (const api::ObjectPtr &rs : {oldNow, freshNow}) {
            QCOMPARE(rs->annotations().value("deployment.kubernetes.io/desired-replicas"), QStringLiteral("15"));
            QCOMPARE(rs->annotations().value("deployment.kubernetes.io/max-replicas"), QStringLiteral("18"));
        }
        const QStringList scaling = events("ScalingReplicaSet");
        QVERIFY(scaling.contains("Scaled up replica set " + old->name() + " from 8 to 11"));
        QVERIFY(scaling.contains("Scaled up replica set " + fresh->name() + " from 5 to 7"));

        // Scaled down mid-rollout, 18 -> 8 may run: old 11 * 8/18 = 4.9 -> 5, new 7 * 8/18 = 3.1 -> 3.
        changeSpec("replicas", 5);
        QVERIFY(settle());
        const QStringList down = events("ScalingReplicaSet");
        QVERIFY2(down.contains("Scaled down replica set " + old->name() + " from 11 to 5"),
                 qPrintable(down.join('\n')));
        QVERIFY2(down.contains("Scaled down replica set " + fresh->name() + " from 7 to 3"),
                 qPrintable(down.join('\n')));

        rollOutToCompletion();
        QCOMPARE(replicasOf(replicaSetNamed(fresh->name())), 5);
        QCOMPARE(replicasOf(replicaSetNamed(old->name())), 0);
    }

    void rolloutUndoReusesTheOldReplicaSet()
    {
        QJsonObject json = webDeployment(3).json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("annotations", QJsonObject{{"kubernetes.io/change-cause", "v1"}});
        json.insert("metadata", meta);
        createAndRollOut(api::Object(json));
        setImage("nginx:1.26", "v2");
        rollOutToCompletion();
        const api::ObjectPtr v1 = replicaSetWithImage("nginx:1.25"), v2 = replicaSetWithImage("nginx:1.26");
        QCOMPARE(v2->annotations().value("kubernetes.io/change-cause"), QStringLiteral("v2"));

        api::ObjectPtr to;
        rolloutUndo(&to);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(to->name(), v1->name());
        rollOutToCompletion();

        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 2); // no third ReplicaSet
        QCOMPARE(rses[0]->name(), v2->name());
        QCOMPARE(rses[1]->name(), v1->name());
        QCOMPARE(rses[1]->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("3"));
        QCOMPARE(rses[1]->annotations().value("deployment.kubernetes.io/revision-history"), QStringLiteral("1"));
        QCOMPARE(rses[1]->annotations().value("kubernetes.io/change-cause"), QStringLiteral("v1"));
        QCOMPARE(rses[0]->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("2"));
        QCOMPARE(replicasOf(rses[1]), 3);
        QCOMPARE(replicasOf(rses[0]), 0);
        const api::ObjectPtr after = deploymentNow();
        QCOMPARE(after->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("3"));
        QCOMPARE(after->annotations().value("kubernetes.io/change-cause"), QStringLiteral("v1"));
    }

    // `rollout undo` three times, each once the controller has synced the one before (what the e2e test
    // did while its KUBECTL_OK macro ran every command three times): each undo goes to the second
    // highest revision the ReplicaSets carry at that moment, so the template goes 1.25 -> 1.26 -> 1.25
    // and each change is a new revision, as in Kubernetes. The original ReplicaSet ends at revision 5
    // (history 1,3), the 1.26 one at 4 (history 2); still two ReplicaSets, and the rollout completes.
    void successiveUndosEachMakeANewRevision()
    {
        createAndRollOut(webDeployment(3));
        setImage("nginx:1.26");
        rollOutToCompletion();
        const api::ObjectPtr v1 = replicaSetWithImage("nginx:1.25"), v2 = replicaSetWithImage("nginx:1.26");
        QVERIFY(v1 && v2);

        // Between the runs the controller bumps the revisions but the new pods do not become ready:
        // every undo lands mid-rollout, with old pods still terminating.
        const QStringList targets{v1->name(), v2->name(), v1->name()};
        for (qsizetype i = 0; i < targets.size(); ++i) {
            api::ObjectPtr to;
            rolloutUndo(&to);
            if (QTest::currentTestFailed())
                return;
            QCOMPARE(to->name(), targets[i]);
            QVERIFY(settle());
            const api::ObjectPtr newRS = replicaSetNamed(targets[i]);
            QCOMPARE(newRS->annotations().value("deployment.kubernetes.io/revision"), QString::number(3 + i));
            QCOMPARE(deploymentNow()->annotations().value("deployment.kubernetes.io/revision"), QString::number(3 + i));
        }
        rollOutToCompletion(3, 1, 1);

        QCOMPARE(replicaSets().size(), 2);
        const api::ObjectPtr first = replicaSetNamed(v1->name()), second = replicaSetNamed(v2->name());
        QCOMPARE(first->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("5"));
        QCOMPARE(first->annotations().value("deployment.kubernetes.io/revision-history"), QStringLiteral("1,3"));
        QCOMPARE(second->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("4"));
        QCOMPARE(second->annotations().value("deployment.kubernetes.io/revision-history"), QStringLiteral("2"));
        QCOMPARE(replicasOf(first), 3);
        QCOMPARE(replicasOf(second), 0);
        const api::ObjectPtr d = deploymentNow();
        QCOMPARE(imageOf(*d), QStringLiteral("nginx:1.25"));
        QCOMPARE(d->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("5"));
    }

    void deprecatedRollbackToAnnotationRollsBack()
    {
        createAndRollOut(webDeployment(2));
        setImage("nginx:1.26");
        rollOutToCompletion();
        const auto annotate = [&](const QString &revision) {
            changeDeployment([&](QJsonObject &json) {
                QJsonObject meta = json.value("metadata").toObject();
                QJsonObject annotations = meta.value("annotations").toObject();
                annotations.insert("deprecated.deployment.rollback.to", revision);
                meta.insert("annotations", annotations);
                json.insert("metadata", meta);
            });
        };
        annotate("7");
        QVERIFY(settle());
        QCOMPARE(events("DeploymentRollbackRevisionNotFound"),
                 QStringList{"Unable to find the revision to rollback to."});
        QVERIFY(!deploymentNow()->annotations().contains("deprecated.deployment.rollback.to"));
        QCOMPARE(imageOf(*deploymentNow()), QStringLiteral("nginx:1.26"));

        annotate("0"); // the previous revision
        rollOutToCompletion();
        QCOMPARE(events("DeploymentRollback"), QStringList{"Rolled back deployment \"web\" to revision 1"});
        const api::ObjectPtr d = deploymentNow();
        QVERIFY(!d->annotations().contains("deprecated.deployment.rollback.to"));
        QCOMPARE(imageOf(*d), QStringLiteral("nginx:1.25"));
        QCOMPARE(replicaSets().size(), 2);
        const api::ObjectPtr v1 = replicaSetWithImage("nginx:1.25");
        QCOMPARE(v1->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("3"));
        QCOMPARE(replicasOf(v1), 2);
    }

    void rolloutRestartIsANewRevision()
    {
        createAndRollOut(webDeployment(2));
        changeDeployment([](QJsonObject &json) {
            QJsonObject spec = json.value("spec").toObject();
            QJsonObject tmpl = spec.value("template").toObject();
            QJsonObject meta = tmpl.value("metadata").toObject();
            meta.insert("annotations", QJsonObject{{"kubectl.kubernetes.io/restartedAt", "2024-05-01T10:00:00Z"}});
            tmpl.insert("metadata", meta);
            spec.insert("template", tmpl);
            json.insert("spec", spec);
        });
        rollOutToCompletion(2, 1, 1);
        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 2);
        QCOMPARE(rses[1]
                     ->valueAt(u"spec.template.metadata.annotations")
                     .toObject()
                     .value("kubectl.kubernetes.io/restartedAt"),
                 QJsonValue("2024-05-01T10:00:00Z"));
        QCOMPARE(rses[1]->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("2"));
        QCOMPARE(replicasOf(rses[0]), 0);
    }

    void pausedScalesButDoesNotRollOutAndResumeRestartsTheDeadline()
    {
        createAndRollOut(webDeployment(2, rolling(1, 1), {{"progressDeadlineSeconds", 60}}));
        changeSpec("paused", true);
        QVERIFY(settle());
        QJsonObject progressing = conditionOf(deploymentNow(), "Progressing");
        QCOMPARE(progressing.value("status").toString(), QStringLiteral("Unknown"));
        QCOMPARE(progressing.value("reason").toString(), QStringLiteral("DeploymentPaused"));
        QCOMPARE(progressing.value("message").toString(), QStringLiteral("Deployment is paused"));

        setImage("nginx:1.26");
        changeSpec("replicas", 3);
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 1); // no rollout while paused
        const api::ObjectPtr v1 = replicaSets().first();
        QCOMPARE(replicasOf(v1), 3); // but scaling
        QCOMPARE(v1->annotations().value("deployment.kubernetes.io/desired-replicas"), QStringLiteral("3"));
        const api::ObjectPtr paused = deploymentNow();
        QCOMPARE(statusOf(paused, "observedGeneration"), int(paused->generation()));
        QCOMPARE(statusOf(paused, "updatedReplicas"), 0);

        // Paused longer than the deadline: not a lack of progress.
        m_scheduler->advance(120s);
        QVERIFY(settle());
        QCOMPARE(conditionOf(deploymentNow(), "Progressing").value("reason").toString(),
                 QStringLiteral("DeploymentPaused"));

        changeSpec("paused", false);
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 2);
        progressing = conditionOf(deploymentNow(), "Progressing");
        QCOMPARE(progressing.value("status").toString(), QStringLiteral("True"));
        QVERIFY(m_clock.nowMs() - deploymentutil::timestampMs(progressing.value("lastUpdateTime")) < 1000);
        m_scheduler->advance(30s); // within the deadline, counted from the resume
        QVERIFY(settle());
        QCOMPARE(conditionOf(deploymentNow(), "Progressing").value("status").toString(), QStringLiteral("True"));
        rollOutToCompletion();
        QCOMPARE(replicasOf(replicaSetWithImage("nginx:1.26")), 3);
    }

    void progressDeadlineExceeded()
    {
        createAndRollOut(webDeployment(2, rolling(1, 1), {{"progressDeadlineSeconds", 60}}));
        setImage("nginx:1.26");
        QVERIFY(settle()); // the new pods never become ready
        const QString fresh = replicaSetWithImage("nginx:1.26")->name();
        QCOMPARE(conditionOf(deploymentNow(), "Progressing").value("status").toString(), QStringLiteral("True"));
        // Re-queued for when the deadline falls (and a second), not polled.
        QVERIFY2(m_scheduler->nextDelay() > 60s && m_scheduler->nextDelay() <= 61s,
                 qPrintable(QString::number(m_scheduler->nextDelay().count())));

        m_scheduler->advance(30s);
        QVERIFY(settle());
        QCOMPARE(conditionOf(deploymentNow(), "Progressing").value("status").toString(), QStringLiteral("True"));
        m_scheduler->advance(31s);
        QVERIFY(settle());
        const QJsonObject timedOut = conditionOf(deploymentNow(), "Progressing");
        QCOMPARE(timedOut.value("status").toString(), QStringLiteral("False"));
        QCOMPARE(timedOut.value("reason").toString(), QStringLiteral("ProgressDeadlineExceeded"));
        QCOMPARE(timedOut.value("message").toString(),
                 QStringLiteral("ReplicaSet \"%1\" has timed out progressing.").arg(fresh));
        QVERIFY(!rolloutDone());
        QCOMPARE(m_scheduler->pending(), 0); // timed out: nothing more to check

        // Progress after all: the rollout completes.
        rollOutToCompletion();
        QCOMPARE(conditionOf(deploymentNow(), "Progressing").value("reason").toString(),
                 QStringLiteral("NewReplicaSetAvailable"));
    }

    void revisionHistoryLimitDeletesTheOldestRevisions()
    {
        createAndRollOut(webDeployment(2, rolling(1, 1), {{"revisionHistoryLimit", 1}}));
        const QString v1 = replicaSets().first()->name();
        setImage("nginx:1.26");
        rollOutToCompletion();
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 2); // one old revision kept
        setImage("nginx:1.27");
        rollOutToCompletion();
        QVERIFY(settle());
        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 2);
        QVERIFY(!replicaSetNamed(v1));
        QCOMPARE(imageOf(*rses[0]), QStringLiteral("nginx:1.26"));
        QCOMPARE(imageOf(*rses[1]), QStringLiteral("nginx:1.27"));
    }

    void adoptsAMatchingOrphanAndReleasesOneThatStopsMatching()
    {
        // An orphan with the Deployment's template: adopted, it is the Deployment's new ReplicaSet.
        const api::Object d = webDeployment(2);
        const QJsonObject labels{{"app", "web"}};
        put(api::Object(QJsonObject{{"apiVersion", "apps/v1"},
                                    {"kind", "ReplicaSet"},
                                    {"metadata", test::meta("web-orphan", "default", labels)},
                                    {"spec", QJsonObject{{"replicas", 2},
                                                         {"selector", QJsonObject{{"matchLabels", labels}}},
                                                         {"template", deploymentutil::podTemplate(d)}}}}));
        put(d);
        QVERIFY(settle());
        QCOMPARE(replicaSets().size(), 1);
        const api::ObjectPtr orphan = replicaSetNamed("web-orphan");
        QCOMPARE(orphan->ownerReferences(), QJsonArray{DeploymentController::controllerRef(*deploymentNow())});
        QCOMPARE(orphan->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("1"));
        QCOMPARE(deploymentNow()->annotations().value("deployment.kubernetes.io/revision"), QStringLiteral("1"));
        QVERIFY(events("ScalingReplicaSet").isEmpty()); // nothing created
        QVERIFY(conditionOf(deploymentNow(), "Progressing").value("reason").toString() !=
                QLatin1String("NewReplicaSetCreated"));

        // Relabelled out of the selector: released, and replaced by a ReplicaSet of the Deployment's own.
        QJsonObject json = orphan->json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("labels", QJsonObject{{"app", "debug"}});
        json.insert("metadata", meta);
        put(api::Object(json));
        QVERIFY(settle());
        QVERIFY(replicaSetNamed("web-orphan")->ownerReferences().isEmpty());
        const QList<api::ObjectPtr> rses = replicaSets();
        QCOMPARE(rses.size(), 2);
        const api::ObjectPtr own = rses[0]->name() == "web-orphan" ? rses[1] : rses[0];
        QVERIFY(own->name().startsWith("web-"));
        QCOMPARE(replicasOf(own), 2);
        QCOMPARE(replicasOf(replicaSetNamed("web-orphan")), 2); // released, not scaled
    }

    void hashCollisionBumpsCollisionCount()
    {
        put(webDeployment(2)); // queued, not reconciled yet
        const QJsonObject tmpl = deploymentutil::podTemplate(*deploymentNow());
        const QString taken = "web-" + deploymentutil::computeHash(tmpl, std::nullopt);
        const QJsonObject labels{{"app", "squatter"}};
        put(api::Object(
            QJsonObject{{"apiVersion", "apps/v1"},
                        {"kind", "ReplicaSet"},
                        {"metadata", test::meta(taken, "default", labels)},
                        {"spec", QJsonObject{{"replicas", 0},
                                             {"selector", QJsonObject{{"matchLabels", labels}}},
                                             {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                                      {"spec", tmpl.value("spec")}}}}}}));
        QVERIFY(settle());
        QCOMPARE(statusOf(deploymentNow(), "collisionCount"), 1);
        const api::ObjectPtr own = replicaSetNamed("web-" + deploymentutil::computeHash(tmpl, 1));
        QVERIFY(own);
        QCOMPARE(replicasOf(own), 2);
        QVERIFY(deploymentutil::isControlledBy(*own, deploymentNow()->uid()));
        QVERIFY(replicaSetNamed(taken)->ownerReferences().isEmpty());
    }

    void aReplicaSetsReplicaFailureIsTheDeploymentsToo()
    {
        bool failing = true;
        m_rsController->setPodCreator([&](const api::Object &p, client::Callback<api::ObjectPtr> done) {
            if (!failing) {
                m_client->create(kind("Pod"), "default", p, {}, std::move(done));
                return;
            }
            QTimer::singleShot(0, [done] {
                done(api::Error(api::ErrorCode::Forbidden,
                                "pods \"web-\" is forbidden: exceeded quota: compute, requested: pods=1"));
            });
        });
        put(webDeployment(2));
        QVERIFY(settle());
        const QJsonObject failure = conditionOf(deploymentNow(), "ReplicaFailure");
        QCOMPARE(failure.value("status").toString(), QStringLiteral("True"));
        QCOMPARE(failure.value("reason").toString(), QStringLiteral("FailedCreate"));
        QCOMPARE(failure.value("message").toString(),
                 QStringLiteral("pods \"web-\" is forbidden: exceeded quota: compute, requested: pods=1"));

        failing = false;
        m_scheduler->advance(m_scheduler->nextDelay()); // the ReplicaSet controller's retry
        rollOutToCompletion();
        QVERIFY(conditionOf(deploymentNow(), "ReplicaFailure").isEmpty());
    }

    void aDeploymentBeingDeletedOnlySyncsStatus()
    {
        QJsonObject json = webDeployment(2).json();
        QJsonObject meta = json.value("metadata").toObject();
        meta.insert("finalizers", QJsonArray{"example.com/hold"});
        json.insert("metadata", meta);
        createAndRollOut(api::Object(json));
        QVERIFY(m_cluster->remove(kind("Deployment"), "default", "web"));
        changeSpec("replicas", 5);
        QVERIFY(settle());
        QVERIFY(!deploymentNow()->deletionTimestamp().isEmpty());
        QCOMPARE(replicasOf(replicaSets().first()), 2);
        QCOMPARE(statusOf(deploymentNow(), "observedGeneration"), int(deploymentNow()->generation()));
    }

    void statusIsWrittenOnlyWhenItChanges()
    {
        createAndRollOut(webDeployment(2));
        const api::ObjectPtr d = deploymentNow();
        QCOMPARE(statusOf(d, "observedGeneration"), int(d->generation()));
        QCOMPARE(statusOf(d, "replicas"), 2);
        QCOMPARE(statusOf(d, "updatedReplicas"), 2);
        QCOMPARE(statusOf(d, "readyReplicas"), 2);
        QCOMPARE(statusOf(d, "availableReplicas"), 2);
        QVERIFY(!d->status().contains("unavailableReplicas"));
        const QString rv = d->resourceVersion(), rsRv = replicaSets().first()->resourceVersion();
        m_controller->queue().add(Key);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->keysAwaitingWrites(), 0);
        QCOMPARE(deploymentNow()->resourceVersion(), rv);
        QCOMPARE(replicaSets().first()->resourceVersion(), rsRv);
    }

    void noDoubleCreateWhileTheReplicaSetInformerIsBehind()
    {
        m_controller->replicaSetInformer().stop();
        put(webDeployment(2));
        QVERIFY(test::waitFor([&] { return m_controller->deploymentInformer().size() == 1; }));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(list("ReplicaSet").size(), size_t(1));
        QVERIFY(!m_controller->expectations().satisfied(Key));

        m_controller->queue().add(Key);
        m_controller->runUntilIdle();
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(m_controller->queue().numRequeues(Key), 0); // it waited, no create failed
        QCOMPARE(list("ReplicaSet").size(), size_t(1));

        m_controller->replicaSetInformer().start();
        QVERIFY(settle());
        QVERIFY(m_controller->expectations().satisfied(Key));
        QCOMPARE(list("ReplicaSet").size(), size_t(1));
        QCOMPARE(events("ScalingReplicaSet").size(), 1);
    }
};

QTEST_GUILESS_MAIN(DeploymentControllerTest)
#include "tst_deploymentcontroller.moc"
