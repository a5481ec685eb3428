// EndpointSlice planning: one placeholder for a Service without endpoints, slices of at most 100
// endpoints, labels and owner, nothing to write when the slices already agree, small changes touching
// only the slice concerned, leftovers filling the slice they fit best, one slice set per port set,
// foreign and wrong-family slices deleted, a create and a delete merged into an update, and no creates
// while the Service is being deleted.
#include "controllers/endpointsbuilder.h"
#include "controllers/endpointslicereconciler.h"
#include "endpointsfixtures.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using test::servicePort;

namespace {

const QJsonObject Web{{"app", "web"}};

api::ObjectPtr podNumber(int i, bool ready = true, const QJsonArray &ports = {})
{
    return test::ptr(test::pod(QStringLiteral("p%1").arg(i, 3, 10, QLatin1Char('0')), Web,
                               QStringLiteral("10.0.%1.%2").arg(i / 200).arg(i % 200 + 1), ready, ports));
}

QList<api::ObjectPtr> podRange(int from, int count)
{
    QList<api::ObjectPtr> pods;
    for (int i = from; i < from + count; ++i)
        pods << podNumber(i);
    return pods;
}

api::Object webService()
{
    return test::service("web", Web, QJsonArray{servicePort("http", 80, 8080)}, "10.43.0.10",
                         QJsonObject{{"team", "blue"}});
}

int endpointCount(const api::Object &slice)
{
    return int(slice.json().value("endpoints").toArray().size());
}

QStringList endpointNames(const api::Object &slice)
{
    QStringList names;
    for (const QJsonValue &e : slice.json().value("endpoints").toArray())
        names << e.toObject().value("targetRef").toObject().value("name").toString();
    return names;
}

} // namespace

class EndpointSliceReconcilerTest : public QObject {
    Q_OBJECT

private:
    int m_nextName = 0;

    // The slices as the API server would store the creates (names, uid, resourceVersion).
    QList<api::ObjectPtr> store(const QList<api::Object> &created)
    {
        QList<api::ObjectPtr> stored;
        for (const api::Object &slice : created) {
            const QString name = QStringLiteral("web-%1").arg(m_nextName++, 5, 10, QLatin1Char('0'));
            api::Object s = test::withField(slice, "metadata", "name", name);
            s = test::withField(s, "metadata", "uid", "uid-" + name);
            s = test::withField(s, "metadata", "resourceVersion", "7");
            stored << test::ptr(s);
        }
        return stored;
    }
    // Applies a plan's updates and deletes to stored slices.
    static QList<api::ObjectPtr> apply(QList<api::ObjectPtr> slices, const EndpointSlicePlan &plan)
    {
        for (const api::ObjectPtr &gone : plan.deletes)
            slices.removeIf([&](const api::ObjectPtr &s) { return s->name() == gone->name(); });
        for (const api::Object &updated : plan.updates)
            for (api::ObjectPtr &s : slices)
                if (s->name() == updated.name())
                    s = test::ptr(updated);
        return slices;
    }

private slots:
    void init() { m_nextName = 0; }

    void aServiceWithoutEndpointsHasOnePlaceholder()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        const EndpointSlicePlan plan = reconciler.plan(svc, {}, {});
        QCOMPARE(plan.creates.size(), 1);
        QVERIFY(plan.updates.isEmpty() && plan.deletes.isEmpty());
        const api::Object placeholder = plan.creates.first();
        QCOMPARE(placeholder.generateName(), QStringLiteral("web-"));
        QCOMPARE(placeholder.json().value("addressType").toString(), QStringLiteral("IPv4"));
        QCOMPARE(placeholder.json().value("endpoints"), QJsonValue(QJsonArray()));
        QCOMPARE(placeholder.json().value("ports"), QJsonValue(QJsonArray()));
        QVERIFY(reconciler.plan(svc, {}, store(plan.creates)).isEmpty()); // kept, not recreated

        // A pod without an IP of the Service's family does not count either.
        QVERIFY(reconciler.plan(svc, {test::ptr(test::pod("a", Web, "", true))}, store(plan.creates)).isEmpty());
    }

    void slicesHoldAtMost100Endpoints()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        const EndpointSlicePlan plan = reconciler.plan(svc, podRange(0, 250), {});
        QCOMPARE(plan.creates.size(), 3);
        QCOMPARE(endpointCount(plan.creates[0]), 100);
        QCOMPARE(endpointCount(plan.creates[1]), 100);
        QCOMPARE(endpointCount(plan.creates[2]), 50);
        QCOMPARE(endpointNames(plan.creates[0]).first(), QStringLiteral("p000")); // in pod order
        QVERIFY(reconciler.plan(svc, podRange(0, 250), store(plan.creates)).isEmpty());
        QCOMPARE(EndpointSliceReconciler(10).plan(svc, podRange(0, 25), {}).creates.size(), 3);
    }

    void slicesCarryLabelsOwnerAndPorts()
    {
        const api::Object svc = webService();
        const api::Object slice = EndpointSliceReconciler().plan(svc, podRange(0, 1), {}).creates.first();
        QCOMPARE(slice.labels(),
                 (api::StringMap{{"team", "blue"},
                                 {"kubernetes.io/service-name", "web"},
                                 {"endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"}}));
        QCOMPARE(slice.ownerReferences(), (QJsonArray{QJsonObject{{"apiVersion", "v1"},
                                                                  {"kind", "Service"},
                                                                  {"name", "web"},
                                                                  {"uid", "uid-svc-web"},
                                                                  {"controller", true},
                                                                  {"blockOwnerDeletion", true}}}));
        QCOMPARE(slice.json().value("ports").toArray(),
                 (QJsonArray{QJsonObject{{"name", "http"}, {"port", 8080}, {"protocol", "TCP"}}}));
        QCOMPARE(slice.namespaceName(), QStringLiteral("default"));
        QCOMPARE(slice.apiVersion(), QStringLiteral("discovery.k8s.io/v1"));

        const api::Object headless = test::withField(svc, "spec", "clusterIP", "None");
        QVERIFY(EndpointSliceReconciler::sliceLabels(headless).contains(endpoints::HeadlessLabel));
        QVERIFY(!EndpointSliceReconciler::sliceLabels(svc).contains(endpoints::HeadlessLabel));
    }

    void aChangedPodUpdatesOnlyItsSlice()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 250), {}).creates);
        QList<api::ObjectPtr> pods = podRange(0, 250);
        pods[120] = podNumber(120, false);
        const EndpointSlicePlan plan = reconciler.plan(svc, pods, slices);
        QVERIFY(plan.creates.isEmpty() && plan.deletes.isEmpty());
        QCOMPARE(plan.updates.size(), 1);
        QCOMPARE(plan.updates.first().name(), slices[1]->name());
        QCOMPARE(plan.updates.first().resourceVersion(), QStringLiteral("7")); // the precondition
        const QJsonArray endpoints = plan.updates.first().json().value("endpoints").toArray();
        QCOMPARE(endpoints.size(), 100);
        for (const QJsonValue &e : endpoints) {
            const bool is120 = e.toObject().value("targetRef").toObject().value("name").toString() == "p120";
            QCOMPARE(e.toObject().value("conditions").toObject().value("ready").toBool(), !is120);
        }
    }

    void aRemovedAndAnAddedPodShareOneUpdate()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 200), {}).creates);
        QList<api::ObjectPtr> pods = podRange(0, 200);
        pods.removeAt(10);
        pods << podNumber(500);
        const EndpointSlicePlan plan = reconciler.plan(svc, pods, slices);
        QVERIFY(plan.creates.isEmpty() && plan.deletes.isEmpty());
        QCOMPARE(plan.updates.size(), 1);
        const QStringList names = endpointNames(plan.updates.first());
        QCOMPARE(names.size(), 100);
        QVERIFY(!names.contains("p010"));
        QVERIFY(names.contains("p500"));
    }

    void leftoversFillTheUnchangedSliceTheyFitBest()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        // Slices of 100, 100 and 50 endpoints.
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 250), {}).creates);
        const EndpointSlicePlan fits = reconciler.plan(svc, podRange(0, 280), slices);
        QVERIFY(fits.creates.isEmpty() && fits.deletes.isEmpty());
        QCOMPARE(fits.updates.size(), 1);
        QCOMPARE(fits.updates.first().name(), slices[2]->name());
        QCOMPARE(endpointCount(fits.updates.first()), 80);

        const EndpointSlicePlan tooMany = reconciler.plan(svc, podRange(0, 310), slices);
        QVERIFY(tooMany.updates.isEmpty() && tooMany.deletes.isEmpty());
        QCOMPARE(tooMany.creates.size(), 1);
        QCOMPARE(endpointCount(tooMany.creates.first()), 60);
    }

    void emptiedSlicesAreDeleted()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 250), {}).creates);
        const EndpointSlicePlan plan = reconciler.plan(svc, podRange(0, 200), slices);
        QVERIFY(plan.creates.isEmpty() && plan.updates.isEmpty());
        QCOMPARE(plan.deletes.size(), 1);
        QCOMPARE(plan.deletes.first()->name(), slices[2]->name());

        // All pods gone: the last slice becomes the placeholder (an update, not a delete and a create).
        const EndpointSlicePlan none = reconciler.plan(svc, {}, apply(slices, plan));
        QCOMPARE(none.deletes.size(), 1);
        QVERIFY(none.creates.isEmpty());
        QCOMPARE(none.updates.size(), 1);
        QCOMPARE(endpointCount(none.updates.first()), 0);
        QCOMPARE(none.updates.first().json().value("ports"), QJsonValue(QJsonArray()));
    }

    void eachPortSetHasItsSlices()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = test::service("web", Web, QJsonArray{servicePort("http", 80, "http")});
        const QList<api::ObjectPtr> pods{
            podNumber(1, true, QJsonArray{test::containerPort("http", 8080)}),
            podNumber(2, true, QJsonArray{test::containerPort("http", 9090)}),
            podNumber(3, true), // no port named "http"
        };
        const EndpointSlicePlan plan = reconciler.plan(svc, pods, {});
        QCOMPARE(plan.creates.size(), 3);
        QMap<QString, QStringList> byPorts;
        for (const api::Object &slice : plan.creates)
            byPorts.insert(endpoints::portSetKey(slice.json().value("ports").toArray()), endpointNames(slice));
        QCOMPARE(byPorts.values(), (QList<QStringList>{{"p003"}, {"p001"}, {"p002"}}));
    }

    void portChangesRewriteSlicesInPlace()
    {
        const EndpointSliceReconciler reconciler;
        api::Object svc = webService();
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 10), {}).creates);
        svc = test::withField(svc, "spec", "ports", QJsonArray{servicePort("http", 80, 8081)});
        const EndpointSlicePlan plan = reconciler.plan(svc, podRange(0, 10), slices);
        QVERIFY(plan.creates.isEmpty() && plan.deletes.isEmpty());
        QCOMPARE(plan.updates.size(), 1);
        QCOMPARE(plan.updates.first().name(), slices.first()->name());
        QCOMPARE(plan.updates.first().json().value("ports").toArray().first().toObject().value("port").toInt(), 8081);
        QCOMPARE(endpointCount(plan.updates.first()), 10);
    }

    void foreignAndWrongFamilySlicesAreDeleted()
    {
        const EndpointSliceReconciler reconciler;
        const api::Object svc = webService();
        QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 5), {}).creates);
        // Left by an older Service of the same name: same labels, another owner.
        api::Object foreign = *store(reconciler.plan(svc, podRange(5, 5), {}).creates).first();
        foreign = test::withField(
            foreign, "metadata", "ownerReferences",
            QJsonArray{QJsonObject{
                {"apiVersion", "v1"}, {"kind", "Service"}, {"name", "web"}, {"uid", "older"}, {"controller", true}}});
        QJsonObject json = slices.first()->json();
        json.insert("addressType", "IPv6");
        const api::Object v6 = test::withField(api::Object(json), "metadata", "name", "web-v6");
        slices << test::ptr(foreign) << test::ptr(v6);
        const EndpointSlicePlan plan = reconciler.plan(svc, podRange(0, 5), slices);
        QVERIFY(plan.creates.isEmpty() && plan.updates.isEmpty());
        QStringList deleted;
        for (const api::ObjectPtr &s : plan.deletes)
            deleted << s->name();
        deleted.sort();
        QCOMPARE(deleted, QStringList({foreign.name(), "web-v6"}));
    }

    void serviceLabelsFollowToSlices()
    {
        const EndpointSliceReconciler reconciler;
        api::Object svc = webService();
        const QList<api::ObjectPtr> slices = store(reconciler.plan(svc, podRange(0, 5), {}).creates);
        svc = test::withField(svc, "metadata", "labels", QJsonObject{{"team", "green"}, {"tier", "front"}});
        const EndpointSlicePlan plan = reconciler.plan(svc, podRange(0, 5), slices);
        QCOMPARE(plan.updates.size(), 1);
        QCOMPARE(plan.updates.first().labels().value("team"), QStringLiteral("green"));
        QCOMPARE(plan.updates.first().labels().value("tier"), QStringLiteral("front"));
        QCOMPARE(plan.updates.first().labels().value(endpoints::ServiceNameLabel), QStringLiteral("web"));
        QCOMPARE(endpointCount(plan.updates.first()), 5);
    }

    void nothingIsCreatedForAServiceBeingDeleted()
    {
        const api::Object svc = test::withField(webService(), "metadata", "deletionTimestamp", "2024-01-01T00:00:00Z");
        QVERIFY(EndpointSliceReconciler().plan(svc, podRange(0, 5), {}).isEmpty());
    }

    void terminatingPodsStayMarkedTerminating()
    {
        const api::Object svc = webService();
        const api::ObjectPtr p =
            test::ptr(test::withField(*podNumber(1), "metadata", "deletionTimestamp", "2024-01-01T00:00:00Z"));
        const api::Object slice = EndpointSliceReconciler().plan(svc, {p}, {}).creates.first();
        const QJsonObject conditions =
            slice.json().value("endpoints").toArray().first().toObject().value("conditions").toObject();
        QCOMPARE(conditions, (QJsonObject{{"ready", false}, {"serving", true}, {"terminating", true}}));
    }
};

QTEST_GUILESS_MAIN(EndpointSliceReconcilerTest)
#include "tst_endpointslicereconciler.moc"
