// The API client against a real in-process API server (memory store, ApiServer, HttpServer on
// loopback): every verb, Status errors as api::Error, paging, watches, discovery, cancellation.
// tst_apiclienttransport covers the wire: retries, timeouts, TLS, tokens and split streams.
#include "client/apiclient.h"
#include "clienttestsupport.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace tugboat;
using namespace tugboat::client;
using api::ErrorCode;
using api::ObjectPtr;
using test::configFor;
using test::deployment;
using test::fastRetries;
using test::kind;
using test::wait;
using test::WatchRecorder;

namespace {
using namespace std::chrono_literals;
} // namespace

class ApiClientTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<ApiClient> m_client;
    const api::ResourceInfo m_deployments = kind("Deployment");
    const api::ResourceInfo m_configMaps = kind("ConfigMap");

    ObjectPtr mustCreate(const api::Object &object)
    {
        const api::ResourceInfo info = *api::Kinds::byKind(object.apiVersion(), object.kind());
        auto created = wait<ObjectPtr>([&](auto done) { return m_client->create(info, QString(), object, {}, done); });
        if (!created)
            qWarning() << "create failed:" << created.errorMessage();
        return created ? created.value() : nullptr;
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<ApiClient>(m_cluster->config(), fastRetries());
    }

    void cleanup()
    {
        m_client.reset();
        m_cluster.reset();
    }

    // --- verbs against the real server

    void createThenGetReturnsTheStoredObject()
    {
        auto created = mustCreate(deployment(QStringLiteral("web"), 2));
        QVERIFY(created);
        QVERIFY(!created->uid().isEmpty());
        auto got = wait<ObjectPtr>([&](auto done) { return m_client->get(m_deployments, "default", "web", done); });
        QVERIFY2(got, qPrintable(got.errorMessage()));
        QCOMPARE(got.value()->kind(), QStringLiteral("Deployment"));
        QCOMPARE(got.value()->apiVersion(), QStringLiteral("apps/v1"));
        QCOMPARE(got.value()->uid(), created->uid());
        QCOMPARE(got.value()->spec().value("replicas").toInt(), 2);
    }

    void getOfAMissingObjectIsNotFoundWithTheServersMessage()
    {
        auto got = wait<ObjectPtr>([&](auto done) { return m_client->get(m_deployments, "default", "web", done); });
        QVERIFY(!got);
        QCOMPARE(got.error().code(), ErrorCode::NotFound);
        QCOMPARE(got.error().reason(), QStringLiteral("NotFound"));
        QCOMPARE(got.error().message(), QStringLiteral("deployments.apps \"web\" not found"));
    }

    void createOfAnExistingNameIsAlreadyExists()
    {
        QVERIFY(mustCreate(test::configMap("cm")));
        auto again = wait<ObjectPtr>(
            [&](auto done) { return m_client->create(m_configMaps, "default", test::configMap("cm"), {}, done); });
        QVERIFY(!again);
        QCOMPARE(again.error().code(), ErrorCode::AlreadyExists);
        QVERIFY2(again.error().message().contains(QStringLiteral("\"cm\" already exists")),
                 qPrintable(again.errorMessage()));
    }

    void updateFromAStaleResourceVersionIsConflict()
    {
        auto v1 = mustCreate(test::configMap("cm", {{"k", "1"}}));
        QVERIFY(v1);
        auto v2 = wait<ObjectPtr>([&](auto done) {
            return m_client->update(m_configMaps, "default",
                                    test::configMap("cm", {{"k", "2"}}).withResourceVersion(v1->resourceVersion()), {},
                                    done);
        });
        QVERIFY2(v2, qPrintable(v2.errorMessage()));
        QCOMPARE(v2.value()->json().value("data").toObject().value("k").toString(), QStringLiteral("2"));
        auto stale = wait<ObjectPtr>([&](auto done) {
            return m_client->update(m_configMaps, "default",
                                    test::configMap("cm", {{"k", "3"}}).withResourceVersion(v1->resourceVersion()), {},
                                    done);
        });
        QVERIFY(!stale);
        QCOMPARE(stale.error().code(), ErrorCode::Conflict);
        QCOMPARE(stale.error().reason(), QStringLiteral("Conflict"));
    }

    void invalidObjectIsInvalidWithFieldCauses()
    {
        auto bad = wait<ObjectPtr>([&](auto done) {
            return m_client->create(m_deployments, "default", deployment(QStringLiteral("web"), -1), {}, done);
        });
        QVERIFY(!bad);
        QCOMPARE(bad.error().code(), ErrorCode::Invalid);
        QCOMPARE(bad.error().httpStatus(), 422);
        QVERIFY2(bad.error().message().startsWith(QStringLiteral("Deployment.apps \"web\" is invalid: ")),
                 qPrintable(bad.errorMessage()));
        QVERIFY(!bad.error().causes().isEmpty());
        const api::FieldError &cause = bad.error().causes().first();
        QCOMPARE(cause.field, QStringLiteral("spec.replicas"));
        QCOMPARE(cause.type, api::FieldError::Type::Invalid);
        QCOMPARE(cause.toString(),
                 QStringLiteral("spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
    }

    void updateStatusChangesStatusOnly()
    {
        auto created = mustCreate(deployment(QStringLiteral("web"), 1));
        QVERIFY(created);
        QJsonObject json = created->json();
        json.insert("status", QJsonObject{{"replicas", 1}, {"readyReplicas", 1}});
        QJsonObject spec = json.value("spec").toObject();
        spec.insert("replicas", 5); // ignored by the status subresource
        json.insert("spec", spec);
        auto updated = wait<ObjectPtr>(
            [&](auto done) { return m_client->updateStatus(m_deployments, "default", api::Object(json), {}, done); });
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        QCOMPARE(updated.value()->status().value("readyReplicas").toInt(), 1);
        QCOMPARE(updated.value()->spec().value("replicas").toInt(), 1);
    }

    void patchTypesAreSentWithTheirMediaTypes()
    {
        QVERIFY(mustCreate(deployment(QStringLiteral("web"), 1)));
        auto patch = [&](PatchType type, const QByteArray &body, PatchOptions options = {}) {
            return wait<ObjectPtr>(
                [&](auto done) { return m_client->patch(m_deployments, "default", "web", type, body, options, done); });
        };
        auto merged = patch(PatchType::Merge, R"({"metadata":{"labels":{"tier":"front"}}})");
        QVERIFY2(merged, qPrintable(merged.errorMessage()));
        QCOMPARE(merged.value()->labels().value("tier"), QStringLiteral("front"));

        auto jsonPatched = patch(PatchType::Json, R"([{"op":"replace","path":"/spec/replicas","value":3}])");
        QVERIFY2(jsonPatched, qPrintable(jsonPatched.errorMessage()));
        QCOMPARE(jsonPatched.value()->spec().value("replicas").toInt(), 3);

        // Strategic merge: containers merge by name, so the image changes and nothing is replaced.
        auto strategic =
            patch(PatchType::Strategic,
                  R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})");
        QVERIFY2(strategic, qPrintable(strategic.errorMessage()));
        const QJsonArray containers = strategic.value()->valueAt(u"spec.template.spec.containers").toArray();
        QCOMPARE(containers.size(), 1);
        QCOMPARE(containers.first().toObject().value("image").toString(), QStringLiteral("nginx:1.26"));

        PatchOptions statusPatch;
        statusPatch.subresource = QStringLiteral("status");
        auto status = patch(PatchType::Merge, R"({"status":{"observedGeneration":7}})", statusPatch);
        QVERIFY2(status, qPrintable(status.errorMessage()));
        QCOMPARE(status.value()->status().value("observedGeneration").toInt(), 7);

        auto badJsonPatch = patch(PatchType::Json, R"({"not":"an array"})");
        QVERIFY(!badJsonPatch);
    }

    void serverSideApplyCreatesConflictsAndForces()
    {
        PatchOptions alice;
        alice.fieldManager = QStringLiteral("alice");
        auto applied = wait<ObjectPtr>([&](auto done) {
            return m_client->apply(m_configMaps, QString(), test::configMap("cm", {{"k", "a"}}), alice, done);
        });
        QVERIFY2(applied, qPrintable(applied.errorMessage()));
        QCOMPARE(applied.value()->json().value("data").toObject().value("k").toString(), QStringLiteral("a"));

        PatchOptions bob;
        bob.fieldManager = QStringLiteral("bob");
        auto conflict = wait<ObjectPtr>([&](auto done) {
            return m_client->apply(m_configMaps, QString(), test::configMap("cm", {{"k", "b"}}), bob, done);
        });
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().code(), ErrorCode::Conflict);

        bob.force = true;
        auto forced = wait<ObjectPtr>([&](auto done) {
            return m_client->apply(m_configMaps, QString(), test::configMap("cm", {{"k", "b"}}), bob, done);
        });
        QVERIFY2(forced, qPrintable(forced.errorMessage()));
        QCOMPARE(forced.value()->json().value("data").toObject().value("k").toString(), QStringLiteral("b"));

        auto noManager = wait<ObjectPtr>([&](auto done) {
            return m_client->apply(m_configMaps, QString(), test::configMap("cm"), PatchOptions(), done);
        });
        QVERIFY(!noManager);
        QCOMPARE(noManager.error().code(), ErrorCode::BadRequest);
    }

    void deleteHonoursPreconditionsAndOptions()
    {
        auto created = mustCreate(test::configMap("cm"));
        QVERIFY(created);
        auto remove = [&](const DeleteOptions &options) {
            return wait<ObjectPtr>(
                [&](auto done) { return m_client->remove(m_configMaps, "default", "cm", options, done); });
        };
        DeleteOptions wrongUid;
        wrongUid.preconditionUid = QStringLiteral("not-the-uid");
        auto refused = remove(wrongUid);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::Conflict);

        DeleteOptions badPolicy;
        badPolicy.propagationPolicy = QStringLiteral("Sideways");
        auto invalid = remove(badPolicy);
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().code(), ErrorCode::Invalid);

        DeleteOptions dryRun;
        dryRun.dryRun = true;
        QVERIFY(remove(dryRun));
        QVERIFY(wait<ObjectPtr>([&](auto done) { return m_client->get(m_configMaps, "default", "cm", done); }));

        DeleteOptions good;
        good.preconditionUid = created->uid();
        good.preconditionResourceVersion = created->resourceVersion();
        good.propagationPolicy = QStringLiteral("Background");
        good.gracePeriodSeconds = 0;
        auto removed = remove(good);
        QVERIFY2(removed, qPrintable(removed.errorMessage()));
        auto gone = wait<ObjectPtr>([&](auto done) { return m_client->get(m_configMaps, "default", "cm", done); });
        QCOMPARE(gone.error().code(), ErrorCode::NotFound);
        QCOMPARE(remove({}).error().code(), ErrorCode::NotFound);
    }

    void removeCollectionDeletesOnlyTheSelectedObjects()
    {
        for (const char *name : {"a", "b", "c"})
            QVERIFY(mustCreate(
                test::configMap(QLatin1String(name), {}, {{"doomed", name == QByteArray("c") ? "no" : "yes"}})));
        ListOptions selection;
        selection.labelSelector = QStringLiteral("doomed=yes");
        auto removed = wait<void>(
            [&](auto done) { return m_client->removeCollection(m_configMaps, "default", selection, {}, done); });
        QVERIFY2(removed, qPrintable(removed.errorMessage()));
        auto left = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", {}, done); });
        QVERIFY(left);
        QCOMPARE(left->items.size(), 1);
        QCOMPARE(left->items.first()->name(), QStringLiteral("c"));
    }

    void listFiltersBySelectorsAndPages()
    {
        const QStringList tiers{"a", "b", "c", "a", "b"};
        for (int i = 0; i < tiers.size(); ++i)
            QVERIFY(mustCreate(test::configMap(QStringLiteral("cm%1").arg(i), {}, {{"tier", tiers[i]}})));
        QVERIFY(mustCreate(test::configMap("elsewhere", {}, {{"tier", "a"}}, "other")));

        ListOptions set;
        set.labelSelector = QStringLiteral("tier in (a, b),tier!=b"); // spaces, parentheses, '!' on the wire
        auto as = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", set, done); });
        QVERIFY2(as, qPrintable(as.errorMessage()));
        QCOMPARE(as->items.size(), 2);
        for (const ObjectPtr &o : as->items) {
            QCOMPARE(o->labels().value("tier"), QStringLiteral("a"));
            QCOMPARE(o->kind(), QStringLiteral("ConfigMap")); // filled in: list items come without it
        }

        ListOptions byName;
        byName.fieldSelector = QStringLiteral("metadata.name=cm3");
        auto one = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", byName, done); });
        QVERIFY(one);
        QCOMPARE(one->items.size(), 1);

        auto everywhere =
            wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, QString(), {}, done); });
        QVERIFY(everywhere);
        QCOMPARE(everywhere->items.size(), 6);

        ListOptions paged;
        paged.limit = 2;
        QStringList names;
        int pages = 0;
        for (;;) {
            auto page =
                wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", paged, done); });
            QVERIFY2(page, qPrintable(page.errorMessage()));
            QVERIFY(page->items.size() <= 2);
            for (const ObjectPtr &o : page->items)
                names << o->name();
            ++pages;
            if (page->continueToken.isEmpty())
                break;
            paged.continueToken = page->continueToken;
        }
        QCOMPARE(pages, 3);
        QCOMPARE(names, (QStringList{"cm0", "cm1", "cm2", "cm3", "cm4"}));

        ListOptions allPages;
        allPages.limit = 2;
        auto all =
            wait<ObjectList>([&](auto done) { return m_client->listAll(m_configMaps, "default", allPages, done); });
        QVERIFY(all);
        QCOMPARE(all->items.size(), 5);
        QVERIFY(all->continueToken.isEmpty());
        QVERIFY(!all->resourceVersion.isEmpty());

        ListOptions badSelector;
        badSelector.labelSelector = QStringLiteral("tier in (a");
        auto bad =
            wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", badSelector, done); });
        QVERIFY(!bad);
        QCOMPARE(bad.error().code(), ErrorCode::BadRequest);
    }

    void listAtAnExactResourceVersionShowsThePast()
    {
        QVERIFY(mustCreate(test::configMap("first")));
        auto before = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", {}, done); });
        QVERIFY(before);
        QVERIFY(mustCreate(test::configMap("second")));
        ListOptions past;
        past.resourceVersion = before->resourceVersion;
        past.resourceVersionMatch = QStringLiteral("Exact");
        auto then = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", past, done); });
        QVERIFY2(then, qPrintable(then.errorMessage()));
        QCOMPARE(then->items.size(), 1);
        QCOMPARE(then->resourceVersion, before->resourceVersion);
    }

    void scaleSubresourceReadsAndSetsReplicas()
    {
        QVERIFY(mustCreate(deployment(QStringLiteral("web"), 2)));
        auto scale =
            wait<ObjectPtr>([&](auto done) { return m_client->getScale(m_deployments, "default", "web", done); });
        QVERIFY2(scale, qPrintable(scale.errorMessage()));
        QCOMPARE(scale.value()->kind(), QStringLiteral("Scale"));
        QCOMPARE(scale.value()->spec().value("replicas").toInt(), 2);
        auto scaled =
            wait<ObjectPtr>([&](auto done) { return m_client->updateScale(m_deployments, "default", "web", 5, done); });
        QVERIFY2(scaled, qPrintable(scaled.errorMessage()));
        QCOMPARE(scaled.value()->spec().value("replicas").toInt(), 5);
        auto got = wait<ObjectPtr>([&](auto done) { return m_client->get(m_deployments, "default", "web", done); });
        QCOMPARE(got.value()->spec().value("replicas").toInt(), 5);
        auto missing = wait<ObjectPtr>(
            [&](auto done) { return m_client->updateScale(m_deployments, "default", "nope", 1, done); });
        QCOMPARE(missing.error().code(), ErrorCode::NotFound);
    }

    void writeOptionsReachTheServer()
    {
        WriteOptions dry;
        dry.dryRun = true;
        auto dryCreated = wait<ObjectPtr>(
            [&](auto done) { return m_client->create(m_configMaps, "default", test::configMap("dry"), dry, done); });
        QVERIFY2(dryCreated, qPrintable(dryCreated.errorMessage()));
        auto absent = wait<ObjectPtr>([&](auto done) { return m_client->get(m_configMaps, "default", "dry", done); });
        QCOMPARE(absent.error().code(), ErrorCode::NotFound);

        // An unknown field: rejected under Strict, a Warning header under Warn.
        QJsonObject json = test::configMap("strict").json();
        json.insert("bogus", 1);
        WriteOptions strict;
        strict.fieldValidation = QStringLiteral("Strict");
        auto rejected = wait<ObjectPtr>(
            [&](auto done) { return m_client->create(m_configMaps, "default", api::Object(json), strict, done); });
        QVERIFY(!rejected);
        QCOMPARE(rejected.error().code(), ErrorCode::BadRequest);

        QSignalSpy warnings(m_client.get(), &ApiClient::warningReceived);
        WriteOptions warn;
        warn.fieldValidation = QStringLiteral("Warn");
        auto warned = wait<ObjectPtr>(
            [&](auto done) { return m_client->create(m_configMaps, "default", api::Object(json), warn, done); });
        QVERIFY2(warned, qPrintable(warned.errorMessage()));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().first().toString().contains(QStringLiteral("bogus")),
                 qPrintable(warnings.first().first().toString()));
    }

    void namespacedVerbsWithoutANamespaceFailWithoutASend()
    {
        auto got = wait<ObjectPtr>([&](auto done) { return m_client->get(m_configMaps, QString(), "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::BadRequest);
        QVERIFY(got.errorMessage().contains(QStringLiteral("namespace")));
        api::Object noNs(
            QJsonObject{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "x"}}}});
        auto created =
            wait<ObjectPtr>([&](auto done) { return m_client->create(m_configMaps, QString(), noNs, {}, done); });
        QCOMPARE(created.error().code(), ErrorCode::BadRequest);
        // Cluster-scoped resources ignore the namespace.
        auto ns =
            wait<ObjectPtr>([&](auto done) { return m_client->get(kind("Namespace"), "ignored", "default", done); });
        QVERIFY2(ns, qPrintable(ns.errorMessage()));
    }

    void pathsFollowKubernetesLayout()
    {
        QCOMPARE(ApiClient::collectionPath(m_deployments, "ns1"),
                 QStringLiteral("/apis/apps/v1/namespaces/ns1/deployments"));
        QCOMPARE(ApiClient::collectionPath(m_deployments, QString()), QStringLiteral("/apis/apps/v1/deployments"));
        QCOMPARE(ApiClient::objectPath(kind("Pod"), "ns1", "p", "log"),
                 QStringLiteral("/api/v1/namespaces/ns1/pods/p/log"));
        QCOMPARE(ApiClient::objectPath(kind("Node"), "ignored", "n1"), QStringLiteral("/api/v1/nodes/n1"));
        QCOMPARE(ApiClient::objectPath(kind("Namespace"), QString(), "default", "status"),
                 QStringLiteral("/api/v1/namespaces/default/status"));
    }

    // --- watches

    void watchDeliversAddedModifiedDeletedInOrder()
    {
        auto start = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", {}, done); });
        QVERIFY(start);
        WatchRecorder recorder;
        WatchOptions options;
        options.resourceVersion = start->resourceVersion;
        Call watch = m_client->watch(m_configMaps, "default", options, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));

        auto created = mustCreate(test::configMap("cm", {{"k", "1"}}));
        QVERIFY(created);
        QVERIFY(mustCreate(test::configMap("elsewhere", {}, {}, "other"))); // another namespace: not seen
        auto updated = wait<ObjectPtr>([&](auto done) {
            return m_client->update(m_configMaps, "default",
                                    test::configMap("cm", {{"k", "2"}}).withResourceVersion(created->resourceVersion()),
                                    {}, done);
        });
        QVERIFY(updated);
        QVERIFY(wait<ObjectPtr>([&](auto done) { return m_client->remove(m_configMaps, "default", "cm", {}, done); }));

        QVERIFY(test::waitFor([&] { return recorder.events.size() >= 3; }));
        QCOMPARE(recorder.summary(), (QStringList{"ADDED cm", "MODIFIED cm", "DELETED cm"}));
        QCOMPARE(recorder.events[1].object->json().value("data").toObject().value("k").toString(), QStringLiteral("2"));
        QCOMPARE(recorder.events[1].object->resourceVersion(), updated.value()->resourceVersion());
        QVERIFY(!recorder.end);
        watch.cancel();
        QVERIFY(!watch.isActive());
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 0; }));
        QVERIFY(!recorder.end); // cancelled: no callback
    }

    void watchFromZeroStartsWithTheCurrentObjects()
    {
        QVERIFY(mustCreate(test::configMap("a")));
        QVERIFY(mustCreate(test::configMap("b")));
        WatchRecorder recorder;
        WatchOptions options;
        options.resourceVersion = QStringLiteral("0");
        options.labelSelector = QString();
        Call watch = m_client->watch(m_configMaps, "default", options, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return recorder.events.size() >= 2; }));
        QCOMPARE(recorder.summary(), (QStringList{"ADDED a", "ADDED b"}));
        watch.cancel();
    }

    void watchOfACompactedVersionEndsWithGone()
    {
        auto first = mustCreate(test::configMap("a"));
        QVERIFY(first);
        QVERIFY(mustCreate(test::configMap("b")));
        QVERIFY(m_cluster->compactAll());
        WatchRecorder recorder;
        WatchOptions options;
        options.resourceVersion = first->resourceVersion();
        m_client->watch(m_configMaps, "default", options, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return recorder.end.has_value(); }));
        QCOMPARE(recorder.events.size(), 1);
        QCOMPARE(recorder.events.first().type, WatchEvent::Type::Error);
        QCOMPARE(recorder.events.first().error.code(), ErrorCode::Gone);
        QVERIFY(!recorder.end->ok());
        QCOMPARE(recorder.end->error().code(), ErrorCode::Gone);
        QCOMPARE(recorder.end->error().reason(), QStringLiteral("Expired"));
    }

    void watchEndsCleanlyWhenTheServerTimesItOut()
    {
        WatchRecorder recorder;
        WatchOptions options;
        options.timeoutSeconds = 1;
        m_client->watch(m_configMaps, "default", options, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return recorder.end.has_value(); }, 10s));
        QVERIFY2(recorder.end->ok(), qPrintable(recorder.end->errorMessage()));
    }

    void watchEndsWithUnavailableWhenTheServerGoesAway()
    {
        WatchRecorder recorder;
        m_client->watch(m_configMaps, "default", {}, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));
        m_cluster->stop();
        QVERIFY(test::waitFor([&] { return recorder.end.has_value(); }));
        QVERIFY(!recorder.end->ok());
        QCOMPARE(recorder.end->error().code(), ErrorCode::Unavailable);
    }

    // --- discovery

    void discoveryReportsVersionAndResources()
    {
        auto version = wait<ServerVersion>([&](auto done) { return m_client->serverVersion(done); });
        QVERIFY2(version, qPrintable(version.errorMessage()));
        QCOMPARE(version->major, QStringLiteral("1"));
        QVERIFY(!version->minor.isEmpty());
        QVERIFY(version->gitVersion.startsWith(QLatin1Char('v')));

        auto discovered = wait<DiscoveredResources>([&](auto done) { return m_client->serverResources(done); });
        QVERIFY2(discovered, qPrintable(discovered.errorMessage()));
        QVERIFY(discovered->failedGroupVersions.isEmpty());
        const api::ResourceInfo *deployments = nullptr;
        const api::ResourceInfo *nodes = nullptr;
        for (const api::ResourceInfo &r : discovered->resources) {
            if (r.group == QLatin1String("apps") && r.resource == QLatin1String("deployments"))
                deployments = &r;
            if (r.group.isEmpty() && r.resource == QLatin1String("nodes"))
                nodes = &r;
        }
        QVERIFY(deployments && nodes);
        QCOMPARE(deployments->kind, QStringLiteral("Deployment"));
        QVERIFY(deployments->namespaced);
        QVERIFY(deployments->subresources.contains(QStringLiteral("scale")));
        QVERIFY(deployments->shortNames.contains(QStringLiteral("deploy")));
        QVERIFY(deployments->verbs.contains(QStringLiteral("watch")));
        QVERIFY(!nodes->namespaced);
        QCOMPARE(discovered->resources.first().group, QString()); // the core group first
    }

    // --- handles and configuration

    void aCancelledCallNeverCallsBack()
    {
        bool called = false;
        Call call = m_client->get(m_configMaps, "default", "cm", [&](api::Result<ObjectPtr>) { called = true; });
        QVERIFY(call.isActive());
        call.cancel();
        QVERIFY(!call.isActive());
        // Run the loop long enough for an answer to have come.
        auto other = wait<ObjectList>([&](auto done) { return m_client->list(m_configMaps, "default", {}, done); });
        QVERIFY(other);
        QVERIFY(!called);
    }

    void destroyingTheClientDropsCallbacks()
    {
        bool called = false;
        m_client->get(m_configMaps, "default", "cm", [&](api::Result<ObjectPtr>) { called = true; });
        m_client.reset();
        ApiClient other(m_cluster->config());
        QVERIFY(wait<ObjectList>([&](auto done) { return other.list(m_configMaps, "default", {}, done); }));
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(ApiClientTest)
#include "tst_apiclient.moc"
