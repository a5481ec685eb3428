// The Deployment controller's pure helpers, as Kubernetes' deployment util tests check them: maxSurge
// rounds up and maxUnavailable down (both zero: unavailability 1), the pod-template-hash is FNV-32a in
// SafeEncodeString's alphabet and moves with collisionCount, templates compare equal but for the hash
// label, revisions (max, last, the rollback's revision-history), the annotations copied to the new
// ReplicaSet, the rolling-update step, proportional scaling, and the conditions rollout status reads.
#include "controllers/deploymentutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace tugboat::controllers::deploymentutil;

namespace {

const qint64 Now = 1'700'000'000'000;

QJsonObject labelsTemplate(const QJsonObject &labels, const QString &image = QStringLiteral("nginx:1.25"))
{
    return QJsonObject{
        {"metadata", QJsonObject{{"labels", labels}}},
        {"spec", QJsonObject{{"containers", QJsonArray{QJsonObject{{"name", "web"}, {"image", image}}}}}}};
}

api::Object deployment(int replicas, const QJsonValue &maxSurge = QStringLiteral("25%"),
                       const QJsonValue &maxUnavailable = QStringLiteral("25%"), const QString &type = "RollingUpdate")
{
    QJsonObject strategy{{"type", type}};
    if (type == QLatin1String("RollingUpdate"))
        strategy.insert("rollingUpdate", QJsonObject{{"maxSurge", maxSurge}, {"maxUnavailable", maxUnavailable}});
    return api::Object(
        QJsonObject{{"apiVersion", "apps/v1"},
                    {"kind", "Deployment"},
                    {"metadata", QJsonObject{{"name", "web"}, {"namespace", "default"}, {"generation", 1}}},
                    {"spec", QJsonObject{{"replicas", replicas},
                                         {"strategy", strategy},
                                         {"progressDeadlineSeconds", 600},
                                         {"template", labelsTemplate({{"app", "web"}})}}}});
}

api::Object replicaSet(const QString &name, int replicas, const api::StringMap &annotations = {}, int available = 0,
                       const QString &created = QStringLiteral("2024-01-01T00:00:00Z"))
{
    QJsonObject meta{{"name", name}, {"namespace", "default"}, {"creationTimestamp", created}};
    if (!annotations.isEmpty())
        meta.insert("annotations", api::Object::toJsonObject(annotations));
    return api::Object(QJsonObject{
        {"apiVersion", "apps/v1"},
        {"kind", "ReplicaSet"},
        {"metadata", meta},
        {"spec", QJsonObject{{"replicas", replicas}, {"template", labelsTemplate({{"app", "web"}})}}},
        {"status",
         QJsonObject{{"replicas", replicas}, {"readyReplicas", available}, {"availableReplicas", available}}}});
}

ReplicaSetList pointers(QList<api::Object> &objects)
{
    ReplicaSetList list;
    for (api::Object &o : objects)
        list << &o;
    return list;
}

QJsonObject conditionNamed(const QJsonObject &status, const char *type)
{
    return condition(status, QString::fromLatin1(type));
}

} // namespace

class DeploymentUtilTest : public QObject {
    Q_OBJECT

private slots:
    void fenceposts_data()
    {
        QTest::addColumn<QJsonValue>("surge");
        QTest::addColumn<QJsonValue>("unavailable");
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("expectedSurge");
        QTest::addColumn<int>("expectedUnavailable");
        QTest::newRow("25% of 10: surge up, unavailable down")
            << QJsonValue("25%") << QJsonValue("25%") << 10 << 3 << 2;
        QTest::newRow("50% of 5") << QJsonValue("50%") << QJsonValue("50%") << 5 << 3 << 2;
        QTest::newRow("25% of 1: surge 1, unavailable 0") << QJsonValue("25%") << QJsonValue("25%") << 1 << 1 << 0;
        QTest::newRow("ints as given") << QJsonValue(2) << QJsonValue(1) << 10 << 2 << 1;
        QTest::newRow("both resolve to zero: unavailable 1") << QJsonValue(0) << QJsonValue("25%") << 3 << 0 << 1;
        QTest::newRow("0% and 0%: unavailable 1") << QJsonValue("0%") << QJsonValue("0%") << 10 << 0 << 1;
        QTest::newRow("absent counts as 0")
            << QJsonValue(QJsonValue::Undefined) << QJsonValue(QJsonValue::Undefined) << 4 << 0 << 1;
        QTest::newRow("100% of 4") << QJsonValue("100%") << QJsonValue("100%") << 4 << 4 << 4;
        QTest::newRow("surge beyond 100%") << QJsonValue("150%") << QJsonValue(0) << 3 << 5 << 0;
    }
    void fenceposts()
    {
        QFETCH(QJsonValue, surge);
        QFETCH(QJsonValue, unavailable);
        QFETCH(int, desired);
        const auto f = resolveFenceposts(surge, unavailable, desired);
        QVERIFY2(f.ok(), qPrintable(f.ok() ? QString() : f.error().message()));
        QTEST(f->maxSurge, "expectedSurge");
        QTEST(f->maxUnavailable, "expectedUnavailable");
    }

    void invalidIntOrPercentIsAnError_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("not a percentage") << QJsonValue("3");
        QTest::newRow("fractional percentage") << QJsonValue("12.5%");
        QTest::newRow("not a number") << QJsonValue("many%");
    }
    void invalidIntOrPercentIsAnError()
    {
        QFETCH(QJsonValue, value);
        const auto r = scaledValue(value, 10, true);
        QVERIFY(!r.ok());
        QVERIFY(r.error().code() == api::ErrorCode::Invalid);
    }

    void maxUnavailableIsCappedAndStrategyAware_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("expectedUnavailable");
        QTest::addColumn<int>("expectedSurge");
        QTest::newRow("capped at replicas") << 3 << "RollingUpdate" << 3 << 1;
        QTest::newRow("no replicas: none unavailable") << 0 << "RollingUpdate" << 0 << 1;
        QTest::newRow("Recreate: neither") << 3 << "Recreate" << 0 << 0;
    }
    void maxUnavailableIsCappedAndStrategyAware()
    {
        QFETCH(int, replicas);
        QFETCH(QString, type);
        const api::Object d = deployment(replicas, 1, 10, type);
        QTEST(maxUnavailable(d), "expectedUnavailable");
        QTEST(maxSurge(d), "expectedSurge");
    }

    void fnvAndSafeEncodingMatchKubernetes()
    {
        // FNV-1a test vectors, and SafeEncodeString's mapping of the decimal digits.
        QCOMPARE(fnv32a(""), 2166136261u);
        QCOMPARE(fnv32a("a"), 0xe40c292cu);
        QCOMPARE(fnv32a("foobar"), 0xbf9cf968u);
        QCOMPARE(safeEncodeString("0123456789"), QStringLiteral("456789bcdf"));
    }

    void templateHashIsDeterministicAndMovesWithCollisionCount()
    {
        const QJsonObject tmpl = labelsTemplate({{"app", "web"}, {"tier", "front"}});
        // The same template built in another order: QJsonObject keeps keys sorted.
        QJsonObject reordered{{"spec", tmpl.value("spec")}};
        reordered.insert("metadata", QJsonObject{{"labels", QJsonObject{{"tier", "front"}, {"app", "web"}}}});
        const QString hash = computeHash(tmpl, std::nullopt);
        QCOMPARE(computeHash(reordered, std::nullopt), hash);
        QCOMPARE(hash,
                 safeEncodeString(QByteArray::number(fnv32a(QJsonDocument(tmpl).toJson(QJsonDocument::Compact)))));
        for (const QChar c : hash)
            QVERIFY2(QStringLiteral("bcdfghjklmnpqrstvwxz2456789").contains(c), qPrintable(hash));
        QVERIFY(computeHash(labelsTemplate({{"app", "web"}}, "nginx:1.26"), std::nullopt) != hash);
        const QString withZero = computeHash(tmpl, 0), withOne = computeHash(tmpl, 1);
        QVERIFY(withZero != hash); // a collision count of 0 is still written, as Kubernetes does
        QVERIFY(withOne != withZero);
        QCOMPARE(computeHash(tmpl, 1), withOne);
    }

    void equalIgnoreHash_data()
    {
        QTest::addColumn<QJsonObject>("a");
        QTest::addColumn<QJsonObject>("b");
        QTest::addColumn<bool>("equal");
        const QJsonObject base = labelsTemplate({{"app", "web"}});
        QTest::newRow("the hash label is ignored")
            << base << labelsTemplate({{"app", "web"}, {"pod-template-hash", "abc12"}}) << true;
        QTest::newRow("other labels count") << base << labelsTemplate({{"app", "web"}, {"tier", "x"}}) << false;
        QTest::newRow("image counts") << base << labelsTemplate({{"app", "web"}}, "nginx:1.26") << false;
        QJsonObject withEmpty = base;
        QJsonObject meta = withEmpty.value("metadata").toObject();
        meta.insert("annotations", QJsonObject());
        meta.insert("creationTimestamp", QJsonValue::Null);
        withEmpty.insert("metadata", meta);
        QTest::newRow("null and {} equal absent") << base << withEmpty << true;
        QJsonObject restarted = base;
        meta = restarted.value("metadata").toObject();
        meta.insert("annotations", QJsonObject{{"kubectl.kubernetes.io/restartedAt", "2024-01-01T00:00:00Z"}});
        restarted.insert("metadata", meta);
        QTest::newRow("rollout restart's annotation counts") << base << restarted << false;
    }
    void equalIgnoreHash()
    {
        QFETCH(QJsonObject, a);
        QFETCH(QJsonObject, b);
        QTEST(deploymentutil::equalIgnoreHash(a, b), "equal");
        QTEST(deploymentutil::equalIgnoreHash(b, a), "equal");
    }

    void revisions_data()
    {
        QTest::addColumn<QStringList>("revisions"); // "" for no annotation
        QTest::addColumn<qint64>("expectedMax");
        QTest::addColumn<qint64>("expectedLast");
        QTest::newRow("none") << QStringList() << qint64(0) << qint64(0);
        QTest::newRow("one") << QStringList{"5"} << qint64(5) << qint64(0);
        QTest::newRow("several, unordered") << QStringList{"2", "7", "4"} << qint64(7) << qint64(4);
        QTest::newRow("unannotated counts as 0") << QStringList{"", "3"} << qint64(3) << qint64(0);
        QTest::newRow("unparsable skipped") << QStringList{"x", "3", "1"} << qint64(3) << qint64(1);
    }
    void revisions()
    {
        QFETCH(QStringList, revisions);
        QList<api::Object> rses;
        for (const QString &r : revisions)
            rses << replicaSet("rs-" + QString::number(rses.size()), 1,
                               r.isEmpty() ? api::StringMap() : api::StringMap{{RevisionAnnotation, r}});
        const ReplicaSetList list = pointers(rses);
        QTEST(maxRevision(list), "expectedMax");
        QTEST(lastRevision(list), "expectedLast");
    }

    void newReplicaSetAnnotations_data()
    {
        QTest::addColumn<api::StringMap>("before");
        QTest::addColumn<bool>("exists");
        QTest::addColumn<QString>("newRevision");
        QTest::addColumn<int>("historyLimit");
        QTest::addColumn<api::StringMap>("expected");
        const api::StringMap copied{{"kubernetes.io/change-cause", "kubectl set image"}, {"team", "web"}};
        api::StringMap created = copied;
        created.insert(RevisionAnnotation, "1");
        created.insert(DesiredReplicasAnnotation, "4");
        created.insert(MaxReplicasAnnotation, "5");
        QTest::newRow("new: copied, revision, replicas")
            << api::StringMap() << false << QStringLiteral("1") << 2000 << created;
        api::StringMap rolledBack = copied;
        rolledBack.insert(RevisionAnnotation, "3");
        rolledBack.insert(RevisionHistoryAnnotation, "1");
        QTest::newRow("rollback: old revision into the history")
            << api::StringMap{{RevisionAnnotation, "1"}} << true << QStringLiteral("3") << 2000 << rolledBack;
        api::StringMap again = copied;
        again.insert(RevisionAnnotation, "5");
        again.insert(RevisionHistoryAnnotation, "1,3");
        QTest::newRow("second rollback appends")
            << api::StringMap{{RevisionAnnotation, "3"}, {RevisionHistoryAnnotation, "1"}} << true
            << QStringLiteral("5") << 2000 << again;
        api::StringMap capped = copied;
        capped.insert(RevisionAnnotation, "9");
        capped.insert(RevisionHistoryAnnotation, "5,7");
        QTest::newRow("history capped, oldest dropped")
            << api::StringMap{{RevisionAnnotation, "7"}, {RevisionHistoryAnnotation, "1,3,5"}} << true
            << QStringLiteral("9") << 3 << capped;
        api::StringMap kept = copied;
        kept.insert(RevisionAnnotation, "6");
        QTest::newRow("never lowered") << api::StringMap{{RevisionAnnotation, "6"}} << true << QStringLiteral("4")
                                       << 2000 << kept;
    }
    void newReplicaSetAnnotations()
    {
        QFETCH(api::StringMap, before);
        QFETCH(bool, exists);
        QFETCH(QString, newRevision);
        QFETCH(int, historyLimit);
        QFETCH(api::StringMap, expected);
        const api::Object d = withAnnotations(deployment(4, 1, 1), {{"kubernetes.io/change-cause", "kubectl set image"},
                                                                    {"team", "web"},
                                                                    {LastAppliedConfigAnnotation, "{}"},
                                                                    {RevisionAnnotation, "8"},
                                                                    {DeprecatedRollbackToAnnotation, "2"}});
        api::Object rs = replicaSet("web-abc", 4, before);
        QVERIFY(setNewReplicaSetAnnotations(d, rs, newRevision, exists, historyLimit));
        QCOMPARE(rs.annotations(), expected);
        QVERIFY(!setNewReplicaSetAnnotations(d, rs, newRevision, exists, historyLimit)); // idempotent
    }

    void rollbackTakesTheReplicaSetsAnnotations()
    {
        const api::Object d = withAnnotations(
            deployment(2),
            {{"kubernetes.io/change-cause", "v2"}, {RevisionAnnotation, "2"}, {LastAppliedConfigAnnotation, "{}"}});
        const api::Object rs = replicaSet(
            "web-1", 0,
            {{"kubernetes.io/change-cause", "v1"}, {RevisionAnnotation, "1"}, {DesiredReplicasAnnotation, "2"}});
        QCOMPARE(deploymentAnnotationsForRollback(d, rs), api::StringMap({{"kubernetes.io/change-cause", "v1"},
                                                                          {RevisionAnnotation, "2"},
                                                                          {LastAppliedConfigAnnotation, "{}"}}));
    }

    void newReplicaSetReplicas_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QJsonValue>("surge");
        QTest::addColumn<QList<int>>("oldSizes");
        QTest::addColumn<int>("newSize");
        QTest::addColumn<int>("expected");
        QTest::newRow("first step: the surge") << 10 << QJsonValue(3) << QList<int>{10} << 0 << 3;
        QTest::newRow("at the surge: no growth") << 10 << QJsonValue(3) << QList<int>{8} << 5 << 5;
        QTest::newRow("room left") << 10 << QJsonValue(3) << QList<int>{6} << 5 << 7;
        QTest::newRow("never past replicas") << 4 << QJsonValue("100%") << QList<int>{1} << 3 << 4;
        QTest::newRow("25% of 4 rounds up to 1") << 4 << QJsonValue("25%") << QList<int>{4} << 0 << 1;
    }
    void newReplicaSetReplicas()
    {
        QFETCH(int, replicas);
        QFETCH(QJsonValue, surge);
        QFETCH(QList<int>, oldSizes);
        QFETCH(int, newSize);
        const api::Object d = deployment(replicas, surge, 1);
        QList<api::Object> rses;
        for (int size : oldSizes)
            rses << replicaSet("old-" + QString::number(rses.size()), size);
        rses << replicaSet("new", newSize);
        const auto n = deploymentutil::newReplicaSetReplicas(d, pointers(rses), rses.last());
        QVERIFY(n.ok());
        QTEST(n.value(), "expected");
    }

    void recreateTakesEverythingAtOnce()
    {
        const api::Object d = deployment(5, {}, {}, "Recreate");
        QList<api::Object> rses{replicaSet("old", 5), replicaSet("new", 0)};
        QCOMPARE(deploymentutil::newReplicaSetReplicas(d, pointers(rses), rses.last()).value(), 5);
    }

    // Kubernetes' documented example: a rollout of 10 (maxSurge 3) stuck at old 8 + new 5, then scaled.
    void proportions_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("maxReplicasBefore");
        QTest::addColumn<int>("toAdd");
        QTest::addColumn<int>("added");
        QTest::addColumn<int>("expected");
        QTest::newRow("to 15, the larger old one") << 15 << 8 << 13 << 5 << 0 << 3;
        QTest::newRow("to 15, then the new one") << 15 << 5 << 13 << 5 << 3 << 2;
        QTest::newRow("never more than is left") << 15 << 5 << 13 << 5 << 4 << 1;
        QTest::newRow("to 5, the larger one") << 5 << 11 << 18 << -10 << 0 << -6;
        QTest::newRow("to 5, the smaller one") << 5 << 7 << 18 << -10 << -6 << -4;
        QTest::newRow("to 0: the whole ReplicaSet") << 0 << 7 << 18 << -18 << 0 << -7;
        QTest::newRow("an empty ReplicaSet gets nothing") << 15 << 0 << 13 << 5 << 0 << 0;
    }
    void proportions()
    {
        QFETCH(int, replicas);
        QFETCH(int, size);
        QFETCH(int, maxReplicasBefore);
        QFETCH(int, toAdd);
        QFETCH(int, added);
        const api::Object d = deployment(replicas, 3, 2);
        const api::Object rs = replicaSet("rs", size, {{MaxReplicasAnnotation, QString::number(maxReplicasBefore)}});
        QTEST(getProportion(&rs, d, toAdd, added), "expected");
    }

    void activeOrLatest()
    {
        QList<api::Object> old{replicaSet("a", 0, {}, 0, "2024-01-01T00:00:00Z"),
                               replicaSet("b", 0, {}, 0, "2024-01-02T00:00:00Z")};
        api::Object newRS = replicaSet("c", 0, {}, 0, "2024-01-03T00:00:00Z");
        QCOMPARE(findActiveOrLatest(nullptr, pointers(old)), &old[1]); // none active: the newest
        QCOMPARE(findActiveOrLatest(&newRS, pointers(old)), &newRS);
        old[0] = withReplicas(old[0], 2);
        QCOMPARE(findActiveOrLatest(&newRS, pointers(old)), &old[0]); // the only active one
        newRS = withReplicas(newRS, 1);
        QVERIFY(findActiveOrLatest(&newRS, pointers(old)) == nullptr); // several: proportional
    }

    void orders()
    {
        QList<api::Object> rses{replicaSet("b", 2, {{RevisionAnnotation, "3"}}, 0, "2024-01-01T00:00:00Z"),
                                replicaSet("a", 2, {{RevisionAnnotation, "1"}}, 0, "2024-01-01T00:00:00Z"),
                                replicaSet("c", 5, {{RevisionAnnotation, "2"}}, 0, "2023-12-31T00:00:00Z")};
        const auto names = [](const ReplicaSetList &l) {
            QStringList n;
            for (const api::Object *rs : l)
                n << rs->name();
            return n;
        };
        ReplicaSetList list = pointers(rses);
        sortByCreationTimestamp(list);
        QCOMPARE(names(list), QStringList({"c", "a", "b"})); // ties by name
        sortByRevision(list);
        QCOMPARE(names(list), QStringList({"a", "c", "b"}));
        sortBySizeOlder(list);
        QCOMPARE(names(list), QStringList({"c", "a", "b"}));
        sortBySizeNewer(list);
        QCOMPARE(names(list), QStringList({"c", "b", "a"}));
    }

    void newAndOldReplicaSets()
    {
        const api::Object d = deployment(3);
        QList<api::Object> rses{replicaSet("old", 3), replicaSet("current", 0)};
        QJsonObject json = rses[1].json();
        json.insert("spec", QJsonObject{{"replicas", 0},
                                        {"template", labelsTemplate({{"app", "web"}, {"pod-template-hash", "x"}})}});
        rses[1] = api::Object(json);
        json = rses[0].json();
        json.insert("spec", QJsonObject{{"replicas", 3}, {"template", labelsTemplate({{"app", "web"}}, "nginx:1.0")}});
        rses[0] = api::Object(json);
        const ReplicaSetList list = pointers(rses);
        QCOMPARE(findNewReplicaSet(d, list), &rses[1]);
        QVERIFY(findOldReplicaSets(d, list) == ReplicaSetList{&rses[0]});
    }

    void saturation()
    {
        const api::Object d = deployment(3);
        api::Object rs = replicaSet("new", 3, {{DesiredReplicasAnnotation, "3"}}, 3);
        QVERIFY(isSaturated(d, &rs));
        QVERIFY(!isSaturated(d, nullptr));
        api::Object unavailable = replicaSet("new", 3, {{DesiredReplicasAnnotation, "3"}}, 2);
        QVERIFY(!isSaturated(d, &unavailable));
        api::Object scaled = replicaSet("new", 3, {{DesiredReplicasAnnotation, "2"}}, 3);
        QVERIFY(!isSaturated(d, &scaled));
    }

    void conditionsKeepTheirTransitionTime()
    {
        QJsonObject status;
        setCondition(status, newCondition("Progressing", "True", "NewReplicaSetCreated", "a", Now));
        const QString created = conditionNamed(status, "Progressing").value("lastTransitionTime").toString();
        // Same status and reason: nothing changes, not even the message.
        setCondition(status, newCondition("Progressing", "True", "NewReplicaSetCreated", "b", Now + 5000));
        QCOMPARE(conditionNamed(status, "Progressing").value("message").toString(), QStringLiteral("a"));
        // Same status, new reason: replaced, the transition time kept.
        setCondition(status, newCondition("Progressing", "True", "ReplicaSetUpdated", "c", Now + 10'000));
        QCOMPARE(conditionNamed(status, "Progressing").value("reason").toString(), QStringLiteral("ReplicaSetUpdated"));
        QCOMPARE(conditionNamed(status, "Progressing").value("lastTransitionTime").toString(), created);
        QVERIFY(conditionNamed(status, "Progressing").value("lastUpdateTime").toString() != created);
        // New status: a transition.
        setCondition(status, newCondition("Progressing", "False", "ProgressDeadlineExceeded", "d", Now + 20'000));
        QVERIFY(conditionNamed(status, "Progressing").value("lastTransitionTime").toString() != created);
        QCOMPARE(status.value("conditions").toArray().size(), 1);
        removeCondition(status, "Progressing");
        QVERIFY(!status.contains("conditions"));
    }

    void statusFromReplicaSets()
    {
        api::Object d = deployment(4, 1, 1);
        d = withStatus(d, QJsonObject{{"collisionCount", 2}});
        QList<api::Object> rses{replicaSet("old", 2, {}, 2), replicaSet("new", 3, {}, 1)};
        const QJsonObject status = calculateStatus(pointers(rses), &rses[1], d, Now);
        QCOMPARE(status.value("observedGeneration").toInt(), 1);
        QCOMPARE(status.value("replicas").toInt(), 5);
        QCOMPARE(status.value("updatedReplicas").toInt(), 3);
        QCOMPARE(status.value("readyReplicas").toInt(), 3);
        QCOMPARE(status.value("availableReplicas").toInt(), 3);
        QCOMPARE(status.value("unavailableReplicas").toInt(), 2);
        QCOMPARE(status.value("collisionCount").toInt(), 2);
        QCOMPARE(conditionNamed(status, "Available").value("reason").toString(),
                 QStringLiteral("MinimumReplicasAvailable"));

        // More available than desired (scaling down): none unavailable, and zero counts omitted.
        QList<api::Object> over{replicaSet("new", 4, {}, 4), replicaSet("old", 0, {}, 0)};
        over[1] = withStatus(over[1], QJsonObject{{"availableReplicas", 2}, {"replicas", 2}});
        const QJsonObject scaledDown = calculateStatus(pointers(over), &over[0], d, Now);
        QVERIFY(!scaledDown.contains("unavailableReplicas"));

        const QJsonObject none = calculateStatus({}, nullptr, d, Now);
        QVERIFY(!none.contains("replicas") && !none.contains("updatedReplicas"));
        QCOMPARE(conditionNamed(none, "Available").value("status").toString(), QStringLiteral("False"));
        QCOMPARE(conditionNamed(none, "Available").value("message").toString(),
                 QStringLiteral("Deployment does not have minimum availability."));
    }

    void progressEstimates()
    {
        api::Object d = deployment(3);
        QJsonObject progressing;
        setCondition(progressing, newCondition("Progressing", "True", "ReplicaSetUpdated", "m", Now));
        d = withStatus(
            d, QJsonObject{{"replicas", 4}, {"updatedReplicas", 1}, {"conditions", progressing.value("conditions")}});

        QJsonObject same = d.status();
        QVERIFY(!deploymentProgressing(d, same));
        QJsonObject moreUpdated = same;
        moreUpdated.insert("updatedReplicas", 2);
        QVERIFY(deploymentProgressing(d, moreUpdated));
        QJsonObject fewerOld = same;
        fewerOld.insert("replicas", 3);
        QVERIFY(deploymentProgressing(d, fewerOld));

        QVERIFY(!deploymentTimedOut(d, same, Now + 600'000)); // the deadline itself is not past it
        QVERIFY(deploymentTimedOut(d, same, Now + 601'000));
        QJsonObject complete = same;
        setCondition(complete, newCondition("Progressing", "True", "NewReplicaSetAvailable", "m", Now));
        QVERIFY(!deploymentTimedOut(d, complete, Now + 10'000'000));

        QJsonObject done{{"replicas", 3}, {"updatedReplicas", 3}, {"availableReplicas", 3}, {"observedGeneration", 1}};
        QVERIFY(deploymentComplete(d, done));
        done.insert("observedGeneration", 0);
        QVERIFY(!deploymentComplete(d, done));
    }
};

QTEST_GUILESS_MAIN(DeploymentUtilTest)
#include "tst_deploymentutil.moc"
