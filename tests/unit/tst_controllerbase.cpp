// The Controller base against a real in-process API server: it waits for its informers to sync, is
// level-triggered (many quick changes to one object reconcile once), retries failed syncs and failed
// writes with back-off driven by a FakeClock, forgets the back-off on success, sees a deleted object
// as absent from the cache, keeps a key processing while its writes are in flight, and runs on its
// own thread under a ControllerManager.
#include "clienttestsupport.h"
#include "controllers/controller.h"
#include "controllers/controllermanager.h"
#include "testsupport.h"

#include <QTest>
#include <QThread>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::configMap;
using test::kind;

namespace {

// Counts syncs per key; fails a key as often as told; optionally writes through `write`.
class CountingController : public Controller {
public:
    CountingController(client::ApiClient &client, DelayScheduler &scheduler)
        : Controller(QStringLiteral("counting"), client, scheduler)
    {
        client::InformerOptions o;
        o.resource = kind("ConfigMap");
        o.namespaceName = QStringLiteral("default");
        o.initialBackoff = 10ms;
        m_informer = &watch(o);
    }

    client::Informer &informer() { return *m_informer; }

    QHash<QString, int> syncs;
    QStringList absent;
    QHash<QString, int> failures; // key -> syncs still to fail
    std::function<api::Result<void>(Controller &, const QString &)> write;
    std::atomic<int> total{0};
    std::atomic<QThread *> thread{nullptr};

    // completion() for the test's write hook.
    client::Callback<api::ObjectPtr> done(const QString &key) { return completion<api::ObjectPtr>(key); }

protected:
    api::Result<void> sync(const QString &key) override
    {
        ++syncs[key];
        ++total;
        thread = QThread::currentThread();
        if (!m_informer->get(key)) {
            absent << key;
            return {};
        }
        if (failures.value(key) > 0) {
            --failures[key];
            return api::Error(api::ErrorCode::Internal, QStringLiteral("injected failure"));
        }
        return write ? write(*this, key) : api::Result<void>();
    }

private:
    client::Informer *m_informer = nullptr;
};

} // namespace

class ControllerBaseTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<CountingController> m_controller;

    // A started controller that reconciles only when the test says so.
    bool startManual()
    {
        m_controller->setAutoProcess(false);
        m_controller->start();
        return test::waitFor([&] { return m_controller->hasSynced(); });
    }
    bool cacheHas(const QString &name, const QString &rv)
    {
        return test::waitFor([&] {
            api::ObjectPtr o = m_controller->informer().get(QStringLiteral("default"), name);
            return rv.isEmpty() ? !o : (o && o->resourceVersion() == rv);
        });
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_controller = std::make_unique<CountingController>(*m_client, *m_scheduler);
    }
    void cleanup()
    {
        m_controller.reset();
        m_scheduler.reset();
        m_client.reset();
        m_cluster.reset();
    }

    void nothingIsReconciledBeforeTheInformersSync()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        m_controller->setAutoProcess(false);
        m_controller->queue().add("default/a");
        QVERIFY(!m_controller->processNext()); // not started, not synced
        QCOMPARE(m_controller->total.load(), 0);
        QVERIFY(startManual());
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->syncs.value("default/a"), 1);
    }

    void manyQuickChangesCoalesceIntoOneSync()
    {
        QVERIFY(startManual());
        api::ObjectPtr last;
        for (int i = 0; i < 10; ++i)
            last = m_cluster->put(configMap("a", {{"n", QString::number(i)}}));
        QVERIFY(last);
        QVERIFY(cacheHas("a", last->resourceVersion()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->syncs.value("default/a"), 1);
    }

    void aFailedSyncIsRetriedWithBackoffAndForgottenOnSuccess()
    {
        QVERIFY(startManual());
        m_controller->failures.insert("default/a", 3);
        api::ObjectPtr a = m_cluster->put(configMap("a"));
        QVERIFY(a && cacheHas("a", a->resourceVersion()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        for (const qint64 backoff : {5, 10, 20}) {
            QCOMPARE(m_controller->queue().length(), 0);
            QCOMPARE(m_scheduler->nextDelay().count(), backoff);
            m_scheduler->advance(std::chrono::milliseconds(backoff - 1));
            QCOMPARE(m_controller->runUntilIdle(), 0);
            m_scheduler->advance(1ms);
            QCOMPARE(m_controller->runUntilIdle(), 1);
        }
        QCOMPARE(m_controller->syncs.value("default/a"), 4);
        QCOMPARE(m_controller->queue().numRequeues("default/a"), 0); // succeeded: forgotten
        QCOMPARE(m_scheduler->pending(), 0);
    }

    void aDeletedObjectIsSeenAsAbsentFromTheCache()
    {
        QVERIFY(startManual());
        api::ObjectPtr a = m_cluster->put(configMap("a"));
        QVERIFY(a && cacheHas("a", a->resourceVersion()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(m_controller->absent.isEmpty());
        QVERIFY(m_cluster->remove(kind("ConfigMap"), "default", "a"));
        QVERIFY(cacheHas("a", QString()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->absent, QStringList({"default/a"}));
    }

    void theWorkerReconcilesByItselfOnceSynced()
    {
        QVERIFY(m_cluster->put(configMap("a")));
        QVERIFY(m_cluster->put(configMap("b")));
        m_controller->start();
        QVERIFY(test::waitFor([&] { return m_controller->total.load() == 2; }));
        QVERIFY(m_cluster->put(configMap("a", {{"x", "1"}})));
        QVERIFY(test::waitFor([&] { return m_controller->syncs.value("default/a") == 2; }));
        QCOMPARE(m_controller->syncs.value("default/b"), 1);
    }

    void aKeyStaysProcessingWhileItsWritesAreInFlight()
    {
        QVERIFY(startManual());
        CountingController *c = m_controller.get();
        c->write = [this, c](Controller &, const QString &key) {
            // In "other", which the controller does not watch.
            m_client->create(kind("ConfigMap"), "other",
                             configMap("made-" + QString::number(c->total.load()), {}, {}, "other"), {}, c->done(key));
            return api::Result<void>();
        };
        api::ObjectPtr a = m_cluster->put(configMap("a"));
        QVERIFY(a && cacheHas("a", a->resourceVersion()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(m_controller->queue().isProcessing("default/a"));
        QCOMPARE(m_controller->keysAwaitingWrites(), 1);
        m_controller->queue().add("default/a"); // a change meanwhile: held back, not reconciled twice at once
        QCOMPARE(m_controller->queue().length(), 0);
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(m_controller->queue().queued(), QStringList({"default/a"})); // now, once
        QCOMPARE(m_controller->queue().numRequeues("default/a"), 0);
    }

    void aFailedWriteRequeuesTheKeyWithBackoff()
    {
        QVERIFY(startManual());
        CountingController *c = m_controller.get();
        c->write = [this, c](Controller &, const QString &key) {
            // "a" exists: AlreadyExists.
            m_client->create(kind("ConfigMap"), "default", configMap("a"), {}, c->done(key));
            return api::Result<void>();
        };
        api::ObjectPtr a = m_cluster->put(configMap("a"));
        QVERIFY(a && cacheHas("a", a->resourceVersion()));
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QVERIFY(test::waitFor([&] { return m_controller->keysAwaitingWrites() == 0; }));
        QCOMPARE(m_controller->queue().numRequeues("default/a"), 1);
        QCOMPARE(m_controller->queue().length(), 0);
        QCOMPARE(m_scheduler->nextDelay().count(), qint64(5));
        m_scheduler->advance(5ms);
        QCOMPARE(m_controller->runUntilIdle(), 1);
        QCOMPARE(m_controller->syncs.value("default/a"), 2);
    }

    void theManagerRunsControllersOnTheirOwnThread()
    {
        m_controller.reset();
        QVERIFY(m_cluster->put(configMap("a")));
        std::atomic<CountingController *> built{nullptr};
        ControllerManager manager(m_cluster->config(), test::fastRetries());
        manager.add("counting", [&](const ControllerContext &context) {
            auto c = std::make_unique<CountingController>(context.client, context.scheduler);
            built = c.get();
            return c;
        });
        QVERIFY(manager.start());
        QVERIFY(manager.isRunning());
        QVERIFY(built.load());
        // The server lives on this thread: waitFor keeps serving it while the controller syncs.
        QVERIFY(test::waitFor([&] { return built.load()->total.load() >= 1; }));
        QCOMPARE(built.load()->thread.load(), manager.workerThread());
        QVERIFY(built.load()->thread.load() != QThread::currentThread());
        manager.stop();
        QVERIFY(!manager.isRunning());
        QVERIFY(manager.workerThread()->isFinished());
    }
};

QTEST_GUILESS_MAIN(ControllerBaseTest)
#include "tst_controllerbase.moc"
