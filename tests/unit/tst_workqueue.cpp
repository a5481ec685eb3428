// The work queue's client-go semantics: a key queued once however often added, never handed to two
// workers at once, re-queued when added while processing; delays and rate-limited back-off driven by
// a FakeClock (5 ms, 10 ms, 20 ms ... capped at 1000 s, and the 10 qps / burst 100 bucket), forget()
// resetting the back-off, and shutDown().
#include "controllers/delayscheduler.h"
#include "controllers/ratelimiter.h"
#include "controllers/workqueue.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;

class WorkQueueTest : public QObject {
    Q_OBJECT

private:
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::unique_ptr<WorkQueue> m_queue;

private slots:
    void init()
    {
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
        m_queue = std::make_unique<WorkQueue>(*m_scheduler);
    }
    void cleanup()
    {
        m_queue.reset();
        m_scheduler.reset();
    }

    void aKeyAddedTwiceIsQueuedOnce()
    {
        m_queue->add("default/a");
        m_queue->add("default/b");
        m_queue->add("default/a");
        QCOMPARE(m_queue->queued(), QStringList({"default/a", "default/b"}));
        QCOMPARE(m_queue->tryGet().value_or(QString()), QStringLiteral("default/a"));
        QCOMPARE(m_queue->tryGet().value_or(QString()), QStringLiteral("default/b"));
        QVERIFY(!m_queue->tryGet());
    }

    void aKeyAddedWhileProcessingIsRequeuedOnlyWhenDone()
    {
        m_queue->add("a");
        QCOMPARE(m_queue->tryGet().value_or(QString()), QStringLiteral("a"));
        QVERIFY(m_queue->isProcessing("a"));
        m_queue->add("a");
        m_queue->add("a");
        QCOMPARE(m_queue->length(), 0); // not handed to a second worker
        QVERIFY(!m_queue->tryGet());
        m_queue->done("a");
        QCOMPARE(m_queue->queued(), QStringList({"a"})); // once, however often it was added
        QCOMPARE(m_queue->tryGet().value_or(QString()), QStringLiteral("a"));
        m_queue->done("a");
        QCOMPARE(m_queue->length(), 0);
    }

    void theNotifierIsCalledWhenAKeyBecomesReady()
    {
        int notified = 0;
        m_queue->setNotifier([&] { ++notified; });
        m_queue->add("a");
        m_queue->add("a");
        QCOMPARE(notified, 1);
        QVERIFY(m_queue->tryGet());
        m_queue->add("a");
        QCOMPARE(notified, 1);
        m_queue->done("a");
        QCOMPARE(notified, 2);
        m_queue->addAfter("b", 10ms);
        QCOMPARE(notified, 2);
        m_scheduler->advance(10ms);
        QCOMPARE(notified, 3);
    }

    void addAfterQueuesTheKeyOnceTheDelayHasPassed()
    {
        m_queue->addAfter("a", 100ms);
        QCOMPARE(m_queue->waiting(), 1);
        m_scheduler->advance(99ms);
        QCOMPARE(m_queue->length(), 0);
        m_scheduler->advance(1ms);
        QCOMPARE(m_queue->queued(), QStringList({"a"}));
        QCOMPARE(m_queue->waiting(), 0);
    }

    void aKeyWaitingTwiceWaitsForTheEarlierTime()
    {
        m_queue->addAfter("a", 100ms);
        m_queue->addAfter("a", 30ms);
        m_queue->addAfter("a", 200ms);
        m_scheduler->advance(30ms);
        QCOMPARE(m_queue->queued(), QStringList({"a"}));
        QVERIFY(m_queue->tryGet());
        m_queue->done("a");
        m_scheduler->advance(1000ms); // the stale 100 ms and 200 ms timers do not queue it again
        QCOMPARE(m_queue->length(), 0);
    }

    void rateLimitedRetriesBackOffExponentiallyFrom5ms()
    {
        for (const qint64 expected : {5, 10, 20, 40, 80, 160, 320}) {
            m_queue->addRateLimited("a");
            QCOMPARE(m_scheduler->nextDelay().count(), expected);
            m_scheduler->advance(std::chrono::milliseconds(expected - 1));
            QCOMPARE(m_queue->length(), 0);
            m_scheduler->advance(1ms);
            QCOMPARE(m_queue->queued(), QStringList({"a"}));
            QVERIFY(m_queue->tryGet());
            m_queue->done("a");
        }
        QCOMPARE(m_queue->numRequeues("a"), 7);
        QCOMPARE(m_queue->numRequeues("b"), 0);
    }

    void forgetResetsTheBackoff()
    {
        m_queue->addRateLimited("a");
        m_queue->addRateLimited("a");
        QCOMPARE(m_queue->numRequeues("a"), 2);
        m_queue->forget("a");
        QCOMPARE(m_queue->numRequeues("a"), 0);
        m_scheduler->advance(1000ms);
        QVERIFY(m_queue->tryGet());
        m_queue->done("a");
        m_queue->addRateLimited("a");
        QCOMPARE(m_scheduler->nextDelay().count(), qint64(5));
    }

    void perKeyBackoffIsCappedAt1000Seconds()
    {
        ItemExponentialFailureRateLimiter limiter(5ms, 1000s);
        std::chrono::milliseconds last{0};
        for (int i = 0; i < 100; ++i)
            last = limiter.when("a");
        QCOMPARE(last.count(), qint64(1000 * 1000));
        QCOMPARE(limiter.when("b").count(), qint64(5)); // per key
    }

    void theBucketAllows100AtOnceThen10PerSecond()
    {
        BucketRateLimiter bucket(m_clock, 10, 100);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(bucket.when(QString::number(i)).count(), qint64(0));
        QCOMPARE(bucket.when("x").count(), qint64(100));
        QCOMPARE(bucket.when("y").count(), qint64(200));
        m_clock.advanceMs(1000); // ten tokens back, two of them owed
        QCOMPARE(bucket.when("z").count(), qint64(0));
    }

    void theDefaultLimiterTakesTheLongerOfKeyAndBucket()
    {
        auto limiter = defaultControllerRateLimiter(m_clock);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(limiter->when(QStringLiteral("k%1").arg(i)).count(), qint64(5));
        // The bucket is empty now: a fresh key waits for a token (100 ms), not just 5 ms.
        QCOMPARE(limiter->when("fresh").count(), qint64(100));
    }

    void shutDownStopsAddingButKeysQueuedCanStillBeTaken()
    {
        m_queue->add("a");
        m_queue->addAfter("b", 10ms);
        m_queue->shutDown();
        QVERIFY(m_queue->isShuttingDown());
        m_queue->add("c");
        m_queue->addRateLimited("d");
        m_scheduler->advance(1s);
        QCOMPARE(m_queue->queued(), QStringList({"a"}));
        QCOMPARE(m_queue->tryGet().value_or(QString()), QStringLiteral("a"));
        m_queue->done("a");
        QVERIFY(!m_queue->tryGet());
    }

    void aDestroyedQueueIgnoresItsPendingDelays()
    {
        m_queue->addAfter("a", 10ms);
        m_queue.reset();
        m_scheduler->advance(10ms); // must not touch the destroyed queue
        QCOMPARE(m_scheduler->pending(), 0);
    }

    void manyWorkersNeverProcessOneKeyAtOnce()
    {
        std::atomic<int> inFlight[3] = {0, 0, 0};
        std::atomic<int> overlaps{0}, processed{0};
        const QStringList keys{"a", "b", "c"};
        auto worker = [&] {
            for (int i = 0; i < 3000; ++i) {
                m_queue->add(keys[i % 3]);
                const std::optional<QString> key = m_queue->tryGet();
                if (!key)
                    continue;
                std::atomic<int> &flag = inFlight[keys.indexOf(*key)];
                if (flag.fetch_add(1) != 0)
                    ++overlaps;
                QThread::yieldCurrentThread();
                flag.fetch_sub(1);
                ++processed;
                m_queue->done(*key);
            }
        };
        QList<QThread *> threads;
        for (int i = 0; i < 4; ++i)
            threads << QThread::create(worker);
        for (QThread *t : threads)
            t->start();
        for (QThread *t : threads) {
            QVERIFY(t->wait(60'000));
            delete t;
        }
        QCOMPARE(overlaps.load(), 0);
        QVERIFY(processed.load() > 0);
    }
};

QTEST_GUILESS_MAIN(WorkQueueTest)
#include "tst_workqueue.moc"
