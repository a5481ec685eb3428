// Informers against a real in-process API server: the initial sync, handlers with old and new
// objects, selector and namespace scoping, resuming watches from the last resourceVersion (bookmarks
// included), relisting after the server's history was compacted without losing or repeating a
// change, periodic resync, and reading the cache from another thread.
#include "client/apiclient.h"
#include "client/informer.h"
#include "clienttestsupport.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace tugboat;
using namespace tugboat::client;
using api::ObjectPtr;
using test::configMap;
using test::kind;

namespace {

using namespace std::chrono_literals;

// Records what handlers were told, and the state they would have built from it.
struct Recorder {
    QStringList log;
    QHash<QString, QString> state; // key -> resourceVersion
    QSet<QThread *> threads;

    InformerHandlers handlers()
    {
        InformerHandlers h;
        h.added = [this](const ObjectPtr &o) {
            threads << QThread::currentThread();
            log << QStringLiteral("added ") + o->name();
            state.insert(Informer::keyOf(*o), o->resourceVersion());
        };
        h.updated = [this](const ObjectPtr &old, const ObjectPtr &now) {
            threads << QThread::currentThread();
            log << (old == now ? QStringLiteral("resync ") : QStringLiteral("updated ")) + now->name();
            if (old != now && old->resourceVersion() == now->resourceVersion())
                log << QStringLiteral("SAME VERSION TWICE ") + now->name();
            state.insert(Informer::keyOf(*now), now->resourceVersion());
        };
        h.deleted = [this](const ObjectPtr &last) {
            threads << QThread::currentThread();
            log << QStringLiteral("deleted ") + last->name();
            state.remove(Informer::keyOf(*last));
        };
        return h;
    }
};

QHash<QString, QString> versionsOf(const CacheSnapshot &snapshot)
{
    QHash<QString, QString> out;
    for (auto it = snapshot.cbegin(); it != snapshot.cend(); ++it)
        out.insert(it.key(), it.value()->resourceVersion());
    return out;
}

} // namespace

class InformerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<ApiClient> m_client;
    const api::ResourceInfo m_configMaps = kind("ConfigMap");

    InformerOptions options(const QString &ns = QStringLiteral("default"))
    {
        InformerOptions o;
        o.resource = m_configMaps;
        o.namespaceName = ns;
        o.initialBackoff = 10ms;
        o.maxBackoff = 100ms;
        return o;
    }

    // What the server holds for the informer's scope, key -> resourceVersion.
    QHash<QString, QString> serverState(const QString &ns, const QString &labels = {})
    {
        apiserver::ListQuery q;
        q.namespaceName = ns;
        if (!labels.isEmpty())
            q.labels = *api::LabelSelector::parse(labels);
        auto page = m_cluster->registry().list(m_configMaps, q);
        QHash<QString, QString> out;
        for (const ObjectPtr &o : page->items)
            out.insert(Informer::keyOf(*o), o->resourceVersion());
        return out;
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        ClientOptions fast;
        fast.initialBackoffMs = 5;
        fast.maxBackoffMs = 20;
        m_client = std::make_unique<ApiClient>(m_cluster->config(), fast);
    }

    void cleanup()
    {
        m_client.reset();
        m_cluster.reset();
    }

    void initialSyncFillsTheCacheAndTellsTheHandlers()
    {
        for (const char *name : {"a", "b", "c"})
            QVERIFY(m_cluster->put(configMap(QLatin1String(name))));
        QVERIFY(m_cluster->put(configMap("elsewhere", {}, {}, "other")));
        InformerOptions o = options();
        o.pageSize = 2; // the list comes in pages
        Informer informer(*m_client, o);
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        QSignalSpy synced(&informer, &Informer::synced);
        QVERIFY(!informer.hasSynced());
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        QCOMPARE(synced.size(), 1);
        QCOMPARE(informer.size(), 3);
        recorder.log.sort();
        QCOMPARE(recorder.log, (QStringList{"added a", "added b", "added c"}));
        QVERIFY(informer.get("default", "b"));
        QVERIFY(!informer.get("other", "elsewhere"));
        QCOMPARE(versionsOf(informer.snapshot()), serverState("default"));
        QVERIFY(!informer.lastSyncResourceVersion().isEmpty());
        QCOMPARE(informer.get("default/a")->kind(), QStringLiteral("ConfigMap"));
    }

    void handlersSeeChangesWithOldAndNewObjects()
    {
        QVERIFY(m_cluster->put(configMap("a", {{"v", "1"}})));
        Informer informer(*m_client, options());
        QList<std::pair<QString, QString>> updates; // old v, new v
        InformerHandlers h;
        h.updated = [&](const ObjectPtr &old, const ObjectPtr &now) {
            updates.append({old->json().value("data").toObject().value("v").toString(),
                            now->json().value("data").toObject().value("v").toString()});
        };
        informer.addEventHandler(h);
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));

        QVERIFY(m_cluster->put(configMap("a", {{"v", "2"}})));
        QVERIFY(m_cluster->put(configMap("b")));
        QVERIFY(m_cluster->remove(m_configMaps, "default", "a"));
        QVERIFY(test::waitFor([&] { return recorder.log.size() == 4; }));
        QCOMPARE(recorder.log, (QStringList{"added a", "updated a", "added b", "deleted a"}));
        QCOMPARE(updates, (QList<std::pair<QString, QString>>{{"1", "2"}}));
        QVERIFY(!informer.get("default", "a"));
        QCOMPARE(versionsOf(informer.snapshot()), serverState("default"));
        QCOMPARE(recorder.state, serverState("default"));
    }

    void aLateHandlerIsToldAboutEveryCachedObject()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        QVERIFY(m_cluster->put(configMap("b")));
        Informer informer(*m_client, options());
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        Recorder late;
        const int id = informer.addEventHandler(late.handlers());
        late.log.sort();
        QCOMPARE(late.log, (QStringList{"added a", "added b"}));
        informer.removeEventHandler(id);
        Recorder watcher;
        informer.addEventHandler(watcher.handlers());
        QVERIFY(m_cluster->put(configMap("c")));
        QVERIFY(test::waitFor([&] { return watcher.log.contains("added c"); }));
        QCOMPARE(late.log.size(), 2); // removed: told nothing more
    }

    void selectorsScopeTheCache()
    {
        QVERIFY(m_cluster->put(configMap("web", {}, {{"app", "web"}})));
        QVERIFY(m_cluster->put(configMap("db", {}, {{"app", "db"}})));
        InformerOptions o = options(QString()); // all namespaces
        o.labelSelector = QStringLiteral("app=web");
        Informer informer(*m_client, o);
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        QCOMPARE(informer.size(), 1);
        QVERIFY(informer.get("default", "web"));

        QVERIFY(m_cluster->put(configMap("web2", {}, {{"app", "web"}}, "other")));
        QVERIFY(m_cluster->put(configMap("db", {}, {{"app", "web"}})));   // relabelled into the selection
        QVERIFY(m_cluster->put(configMap("web", {}, {{"app", "none"}}))); // and out of it
        QVERIFY(test::waitFor([&] { return recorder.log.size() == 4; }));
        QCOMPARE(recorder.log, (QStringList{"added web", "added web2", "added db", "deleted web"}));
        QCOMPARE(versionsOf(informer.snapshot()), serverState(QString(), QStringLiteral("app=web")));

        InformerOptions byName = options();
        byName.fieldSelector = QStringLiteral("metadata.name=db");
        Informer one(*m_client, byName);
        one.start();
        QVERIFY(test::waitFor([&] { return one.hasSynced(); }));
        QCOMPARE(one.size(), 1);
        QVERIFY(one.get("default", "db"));
    }

    void relistAfterCompactionNeitherLosesNorRepeatsChanges()
    {
        for (const char *name : {"a", "b", "c"})
            QVERIFY(m_cluster->put(configMap(QLatin1String(name))));
        Informer informer(*m_client, options());
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        QSignalSpy listed(&informer, &Informer::listed);
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));
        recorder.log.clear();

        // The server goes away; meanwhile objects change and the history is compacted, so the
        // informer's resourceVersion is gone when it comes back.
        m_cluster->stop();
        QVERIFY(m_cluster->put(configMap("a", {{"v", "2"}})));
        QVERIFY(m_cluster->remove(m_configMaps, "default", "b"));
        QVERIFY(m_cluster->put(configMap("d")));
        QVERIFY(m_cluster->compactAll());
        QVERIFY(m_cluster->restart());

        QVERIFY(test::waitFor([&] { return listed.size() == 2; }));
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));
        recorder.log.sort();
        QCOMPARE(recorder.log, (QStringList{"added d", "deleted b", "updated a"})); // c unchanged: not told
        QCOMPARE(versionsOf(informer.snapshot()), serverState("default"));
        QCOMPARE(recorder.state, serverState("default"));

        // And it watches again from the new list.
        recorder.log.clear();
        QVERIFY(m_cluster->put(configMap("e")));
        QVERIFY(test::waitFor([&] { return recorder.log == QStringList{"added e"}; }));
    }

    void aCleanlyEndedWatchResumesWithoutRelisting()
    {
        Informer informer(
            *[&] { return m_client.get(); }(),
            [&] {
                InformerOptions o = options();
                o.watchTimeoutSeconds = 1; // the server ends each watch after 1-2 s
                return o;
            }());
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        QSignalSpy listed(&informer, &Informer::listed);
        QSignalSpy watches(&informer, &Informer::watchStarted);
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        auto a = m_cluster->put(configMap("a"));
        QVERIFY(a);
        QVERIFY(test::waitFor([&] { return watches.size() >= 2; }, 10s));
        QCOMPARE(listed.size(), 1);
        QCOMPARE(watches.last().first().toString(), a->resourceVersion()); // resumed where it was
        QVERIFY(m_cluster->put(configMap("b")));
        QVERIFY(test::waitFor([&] { return recorder.log == QStringList{"added a", "added b"}; }));
    }

    void bookmarksCarryTheResourceVersionForward()
    {
        m_cluster->api().setBookmarkIntervalMs(50);
        InformerOptions o = options();
        o.labelSelector = QStringLiteral("app=web");
        Informer informer(*m_client, o);
        QSignalSpy listed(&informer, &Informer::listed);
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));
        // Changes the selector filters out still move the server's revision; only bookmarks tell the
        // informer about it.
        auto unseen = m_cluster->put(configMap("db", {}, {{"app", "db"}}));
        QVERIFY(unseen);
        QVERIFY(test::waitFor([&] { return informer.lastSyncResourceVersion() == unseen->resourceVersion(); }));
        QCOMPARE(informer.size(), 0);

        // So after an outage with compaction up to that revision, the watch resumes without a relist.
        m_cluster->stop();
        QVERIFY(m_cluster->compactAll());
        QVERIFY(m_cluster->restart());
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 1; }));
        auto seen = m_cluster->put(configMap("web", {}, {{"app", "web"}}));
        QVERIFY(seen);
        QVERIFY(test::waitFor([&] { return informer.get("default", "web") != nullptr; }));
        QCOMPARE(listed.size(), 1);
    }

    void resyncRedeliversEveryCachedObject()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        QVERIFY(m_cluster->put(configMap("b")));
        InformerOptions o = options();
        o.resyncPeriod = 50ms;
        Informer informer(*m_client, o);
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        informer.start();
        QVERIFY(
            test::waitFor([&] { return recorder.log.count("resync a") >= 2 && recorder.log.count("resync b") >= 2; }));
        QCOMPARE(recorder.log.count("added a"), 1);
        QVERIFY(!recorder.log.join(',').contains("SAME VERSION TWICE"));

        Informer manual(*m_client, options());
        Recorder manualRecorder;
        manual.addEventHandler(manualRecorder.handlers());
        manual.resync(); // before the sync: nothing to re-deliver
        manual.start();
        QVERIFY(test::waitFor([&] { return manual.hasSynced(); }));
        manualRecorder.log.clear();
        manual.resync();
        manualRecorder.log.sort();
        QCOMPARE(manualRecorder.log, (QStringList{"resync a", "resync b"}));
    }

    void stopAndStartCatchesUpWithOneEventPerChange()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        Informer informer(*m_client, options());
        Recorder recorder;
        informer.addEventHandler(recorder.handlers());
        informer.start();
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        informer.stop();
        QVERIFY(!informer.isRunning());
        QVERIFY(test::waitFor([&] { return m_cluster->api().openWatches() == 0; }));
        QVERIFY(m_cluster->put(configMap("b")));
        QVERIFY(m_cluster->put(configMap("a", {{"v", "2"}})));
        QCOMPARE(recorder.log, QStringList{"added a"});
        QVERIFY(informer.hasSynced()); // the cache stays, stale, until started again
        informer.start();
        QVERIFY(test::waitFor([&] { return recorder.log.size() == 3; }));
        recorder.log.sort();
        QCOMPARE(recorder.log, (QStringList{"added a", "added b", "updated a"}));
        QCOMPARE(recorder.state, serverState("default"));
    }

    void anUnreachableServerIsRetriedUntilItAnswers()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        m_cluster->stop();
        Informer informer(*m_client, options());
        informer.start();
        // Several list attempts fail (connection refused) with growing back-off; none syncs.
        QVERIFY(!test::waitFor([&] { return informer.hasSynced(); }, 300ms));
        QVERIFY(m_cluster->restart());
        QVERIFY(test::waitFor([&] { return informer.hasSynced(); }));
        QVERIFY(informer.get("default", "a"));
    }

    void theCacheIsReadableFromAnotherThread()
    {
        QThread worker;
        worker.start();
        QObject host;
        host.moveToThread(&worker);
        const ClientConfig config = m_cluster->config();
        ApiClient *client = nullptr;
        Informer *informer = nullptr;
        Recorder recorder; // written on the worker only, read after it stopped
        QMetaObject::invokeMethod(
            &host,
            [&] {
                client = new ApiClient(config, {}, &host);
                informer = new Informer(*client, options(), &host);
                informer->addEventHandler(recorder.handlers());
                informer->start();
            },
            Qt::BlockingQueuedConnection);

        // The server lives on this thread: waitFor keeps its event loop running.
        QVERIFY(test::waitFor([&] { return informer->hasSynced(); }));
        for (int i = 0; i < 20; ++i)
            QVERIFY(m_cluster->put(configMap(QStringLiteral("cm%1").arg(i))));
        QVERIFY(test::waitFor([&] { return informer->snapshot().size() == 20; }));
        const CacheSnapshot snapshot = informer->snapshot();
        QVERIFY(m_cluster->remove(m_configMaps, "default", "cm0"));
        QVERIFY(test::waitFor([&] { return informer->size() == 19; }));
        QCOMPARE(snapshot.size(), 20); // a snapshot does not change under its reader
        QVERIFY(snapshot.value("default/cm0"));
        QCOMPARE(versionsOf(informer->snapshot()), serverState("default"));

        QMetaObject::invokeMethod(
            &host,
            [&] {
                delete informer;
                delete client;
            },
            Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait();
        QCOMPARE(recorder.threads, QSet<QThread *>{&worker}); // handlers ran on the informer's thread
        QCOMPARE(recorder.log.size(), 21);
    }
};

QTEST_GUILESS_MAIN(InformerTest)
#include "tst_informer.moc"
