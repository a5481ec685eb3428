// One suite of store semantics (DESIGN §4), run against every backend: memory, SQLite and etcd (a
// private etcd started on free loopback ports).
#include "store/etcdstore.h"
#include "store/memorystore.h"
#include "store/sqlitestore.h"
#include "storetestsupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <set>
#include <thread>

using namespace tugboat;
using namespace tugboat::store;

using test::collect;
using test::imageOf;

namespace {

api::Object pod(const QString &name, const QString &image = QStringLiteral("nginx"))
{
    return test::storePod(name, image);
}

} // namespace

class StoreTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Store> open(const QString &backend, StoreOptions options = {})
    {
        options.maintenanceIntervalMs = 0;
        options.clock = &m_clock;
        if (backend == QLatin1String("memory"))
            return std::make_unique<MemoryStore>(options);
        if (backend == QLatin1String("sqlite")) {
            SqliteStore::Options o;
            o.path = m_dir->filePath(QStringLiteral("store-%1.db").arg(m_dbCounter));
            auto s = SqliteStore::open(o, options);
            if (!s)
                qWarning() << s.error().message();
            return s ? std::move(s.value()) : nullptr;
        }
        auto s = EtcdStore::open({m_etcd.endpoint()}, options);
        if (!s)
            qWarning() << s.error().message();
        return s ? std::move(s.value()) : nullptr;
    }

    void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("memory") << QStringLiteral("memory");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("etcd") << QStringLiteral("etcd");
    }

    // A fresh store per test: a new SQLite file; for etcd, a key root no other test used.
    std::unique_ptr<Store> fresh()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("etcd") && !m_etcdUp)
            return nullptr;
        ++m_dbCounter;
        m_root = QStringLiteral("/t%1/").arg(m_dbCounter);
        return open(backend);
    }

    QString key(const QString &k) const { return m_root + k; }

#define FRESH_STORE(var)                                                                                               \
    auto var = fresh();                                                                                                \
    if (!var) {                                                                                                        \
        QFETCH(QString, backend);                                                                                      \
        if (backend == QLatin1String("etcd") && !m_etcdUp)                                                             \
            QSKIP(qPrintable(m_etcd.why()));                                                                           \
        QFAIL("the store did not open");                                                                               \
    }

private slots:
    void initTestCase()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_etcdUp = m_etcd.start();
        if (!m_etcdUp)
            qWarning() << "etcd rows will be skipped:" << m_etcd.why();
    }

    void createThenGetReturnsTheObjectWithItsRevision_data()
    {
        backends();
    }
    void createThenGetReturnsTheObjectWithItsRevision()
    {
        FRESH_STORE(s);
        auto created = s->create(key(QStringLiteral("pods/default/a")), pod(QStringLiteral("a")));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QVERIFY(created->modRevision > 0);
        QCOMPARE(created->createRevision, created->modRevision);
        QCOMPARE(created->object->resourceVersion(), QString::number(created->modRevision));

        auto got = s->get(key(QStringLiteral("pods/default/a")));
        QVERIFY(got);
        QCOMPARE(got->modRevision, created->modRevision);
        QCOMPARE(got->object->name(), QStringLiteral("a"));
        QCOMPARE(got->object->resourceVersion(), QString::number(created->modRevision));
    }

    void unknownFieldsAreKeptVerbatim_data()
    {
        backends();
    }
    void unknownFieldsAreKeptVerbatim()
    {
        FRESH_STORE(s);
        QJsonObject json = pod(QStringLiteral("a")).json();
        json.insert(QStringLiteral("x-future"), QJsonObject{{QStringLiteral("nested"), QJsonArray{1, "two", true}}});
        QVERIFY(s->create(key(QStringLiteral("a")), api::Object(json)));
        auto got = s->get(key(QStringLiteral("a")));
        QVERIFY(got);
        QCOMPARE(got->object->json().value(QLatin1String("x-future")), json.value(QLatin1String("x-future")));
    }

    void createOfAnExistingKeyFailsWithAlreadyExists_data()
    {
        backends();
    }
    void createOfAnExistingKeyFailsWithAlreadyExists()
    {
        FRESH_STORE(s);
        QVERIFY(s->create(key(QStringLiteral("a")), pod(QStringLiteral("a"))));
        auto again = s->create(key(QStringLiteral("a")), pod(QStringLiteral("a"), QStringLiteral("other")));
        QVERIFY(!again);
        QCOMPARE(again.error().code(), ErrorCode::AlreadyExists);
        QCOMPARE(imageOf(s->get(key(QStringLiteral("a")))->object), QStringLiteral("nginx"));
    }

    void updateIsCompareAndSwapOnTheRevision_data()
    {
        backends();
    }
    void updateIsCompareAndSwapOnTheRevision()
    {
        FRESH_STORE(s);
        auto v1 = s->create(key(QStringLiteral("a")), pod(QStringLiteral("a")));
        QVERIFY(v1);
        auto v2 = s->update(key(QStringLiteral("a")), pod(QStringLiteral("a"), QStringLiteral("v2")), v1->modRevision);
        QVERIFY2(v2, qPrintable(v2.errorMessage()));
        QVERIFY(v2->modRevision > v1->modRevision);
        QCOMPARE(v2->createRevision, v1->createRevision);

        auto stale =
            s->update(key(QStringLiteral("a")), pod(QStringLiteral("a"), QStringLiteral("v3")), v1->modRevision);
        QVERIFY(!stale);
        QCOMPARE(stale.error().code(), ErrorCode::Conflict);
        QCOMPARE(imageOf(s->get(key(QStringLiteral("a")))->object), QStringLiteral("v2"));

        auto missing = s->update(key(QStringLiteral("b")), pod(QStringLiteral("b")), 0);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code(), ErrorCode::NotFound);

        auto unconditional = s->update(key(QStringLiteral("a")), pod(QStringLiteral("a"), QStringLiteral("v4")), 0);
        QVERIFY(unconditional);
        QCOMPARE(imageOf(unconditional->object), QStringLiteral("v4"));
    }

    void removeReturnsTheLastObjectAndIsCompareAndSwap_data()
    {
        backends();
    }
    void removeReturnsTheLastObjectAndIsCompareAndSwap()
    {
        FRESH_STORE(s);
        auto v1 = s->create(key(QStringLiteral("a")), pod(QStringLiteral("a")));
        QVERIFY(v1);
        auto stale = s->remove(key(QStringLiteral("a")), v1->modRevision + 1000);
        QVERIFY(!stale);
        QCOMPARE(stale.error().code(), ErrorCode::Conflict);

        auto removed = s->remove(key(QStringLiteral("a")), v1->modRevision);
        QVERIFY2(removed, qPrintable(removed.errorMessage()));
        QVERIFY(removed->modRevision > v1->modRevision);
        QCOMPARE(removed->object->name(), QStringLiteral("a"));
        QCOMPARE(removed->object->resourceVersion(), QString::number(removed->modRevision));

        auto gone = s->get(key(QStringLiteral("a")));
        QVERIFY(!gone);
        QCOMPARE(gone.error().code(), ErrorCode::NotFound);
        auto again = s->remove(key(QStringLiteral("a")), 0);
        QCOMPARE(again.error().code(), ErrorCode::NotFound);
        QVERIFY(s->create(key(QStringLiteral("a")), pod(QStringLiteral("a"))));
    }

    void listByPrefixIsOrderedAndExcludesOtherPrefixes_data()
    {
        backends();
    }
    void listByPrefixIsOrderedAndExcludesOtherPrefixes()
    {
        FRESH_STORE(s);
        for (const char *k :
             {"pods/default/c", "pods/default/a", "pods/default2/x", "pods/default/b", "services/default/a"})
            QVERIFY(s->create(key(QString::fromLatin1(k)), pod(QStringLiteral("p"))));
        auto listed = s->list(key(QStringLiteral("pods/default/")));
        QVERIFY(listed);
        QStringList keys;
        for (const auto &kv : listed->items)
            keys << kv.key.mid(m_root.size());
        QCOMPARE(keys, (QStringList{"pods/default/a", "pods/default/b", "pods/default/c"}));
        QCOMPARE(listed->revision, s->currentRevision().value());
        QVERIFY(!listed->more);
    }

    void listPagesWithLimitAndStartAfter_data()
    {
        backends();
    }
    void listPagesWithLimitAndStartAfter()
    {
        FRESH_STORE(s);
        for (int i = 0; i < 7; ++i)
            QVERIFY(s->create(key(QStringLiteral("k/%1").arg(i)), pod(QStringLiteral("p%1").arg(i))));
        QStringList seen;
        ListOptions opts;
        opts.limit = 3;
        for (int page = 0; page < 5; ++page) {
            auto r = s->list(key(QStringLiteral("k/")), opts);
            QVERIFY2(r, qPrintable(r.errorMessage()));
            for (const auto &kv : r->items)
                seen << kv.key.mid(m_root.size());
            if (!r->more)
                break;
            opts.startAfter = r->items.back().key;
            opts.revision = r->revision; // later pages read the same snapshot
            QVERIFY(s->create(key(QStringLiteral("k/9-added-later")), pod(QStringLiteral("late"))) || page > 0);
        }
        QCOMPARE(seen, (QStringList{"k/0", "k/1", "k/2", "k/3", "k/4", "k/5", "k/6"}));
    }

    void listAtAPastRevisionShowsTheStateThen_data()
    {
        backends();
    }
    void listAtAPastRevisionShowsTheStateThen()
    {
        FRESH_STORE(s);
        auto a = s->create(key(QStringLiteral("k/a")), pod(QStringLiteral("a")));
        auto b = s->create(key(QStringLiteral("k/b")), pod(QStringLiteral("b")));
        QVERIFY(a && b);
        const qint64 then = b->modRevision;
        QVERIFY(s->update(key(QStringLiteral("k/a")), pod(QStringLiteral("a"), QStringLiteral("v2")), 0));
        QVERIFY(s->remove(key(QStringLiteral("k/b")), 0));
        QVERIFY(s->create(key(QStringLiteral("k/c")), pod(QStringLiteral("c"))));

        ListOptions past;
        past.revision = then;
        auto r = s->list(key(QStringLiteral("k/")), past);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->revision, then);
        QCOMPARE(int(r->items.size()), 2);
        QCOMPARE(imageOf(r->items[0].object), QStringLiteral("nginx"));
        QCOMPARE(r->items[0].modRevision, a->modRevision);
        QCOMPARE(r->items[1].object->name(), QStringLiteral("b"));

        auto now = s->list(key(QStringLiteral("k/")));
        QVERIFY(now);
        QCOMPARE(int(now->items.size()), 2);
        QCOMPARE(now->items[1].object->name(), QStringLiteral("c"));
    }

    void watchFromNowDeliversLaterChangesInOrder_data()
    {
        backends();
    }
    void watchFromNowDeliversLaterChangesInOrder()
    {
        FRESH_STORE(s);
        QVERIFY(s->create(key(QStringLiteral("k/before")), pod(QStringLiteral("before"))));
        auto w = s->watch(key(QStringLiteral("k/")), s->currentRevision().value());
        QVERIFY(w);
        auto a = s->create(key(QStringLiteral("k/a")), pod(QStringLiteral("a")));
        QVERIFY(a);
        QVERIFY(s->update(key(QStringLiteral("k/a")), pod(QStringLiteral("a"), QStringLiteral("v2")), a->modRevision));
        QVERIFY(s->remove(key(QStringLiteral("k/a")), 0));

        auto events = collect(w.value(), 3);
        QCOMPARE(int(events.size()), 3);
        QCOMPARE(events[0].type, EventType::Added);
        QCOMPARE(events[1].type, EventType::Modified);
        QCOMPARE(events[2].type, EventType::Deleted);
        QVERIFY(events[0].revision < events[1].revision && events[1].revision < events[2].revision);
        QCOMPARE(imageOf(events[1].object), QStringLiteral("v2"));
        QVERIFY(events[1].previous);
        QCOMPARE(imageOf(events[1].previous), QStringLiteral("nginx"));
        // A deletion carries the last object, at the deletion's revision.
        QCOMPARE(imageOf(events[2].object), QStringLiteral("v2"));
        QCOMPARE(events[2].object->resourceVersion(), QString::number(events[2].revision));
        QCOMPARE(w.value()->lastRevision(), events[2].revision);
        QVERIFY(!w.value()->isClosed());
    }

    void watchFromAPastRevisionReplaysHistoryThenLiveExactlyOnce_data()
    {
        backends();
    }
    void watchFromAPastRevisionReplaysHistoryThenLiveExactlyOnce()
    {
        FRESH_STORE(s);
        auto first = s->create(key(QStringLiteral("k/0")), pod(QStringLiteral("p0")));
        QVERIFY(first);
        for (int i = 1; i < 10; ++i)
            QVERIFY(s->create(key(QStringLiteral("k/%1").arg(i)), pod(QStringLiteral("p%1").arg(i))));
        QVERIFY(s->create(key(QStringLiteral("other/x")), pod(QStringLiteral("x"))));

        auto w = s->watch(key(QStringLiteral("k/")), first->modRevision);
        QVERIFY(w);
        for (int i = 10; i < 15; ++i)
            QVERIFY(s->create(key(QStringLiteral("k/%1").arg(i)), pod(QStringLiteral("p%1").arg(i))));

        auto events = collect(w.value(), 14);
        QCOMPARE(int(events.size()), 14);
        qint64 last = first->modRevision;
        for (int i = 0; i < 14; ++i) {
            QVERIFY(events[i].revision > last);
            last = events[i].revision;
            QCOMPARE(events[i].object->name(), QStringLiteral("p%1").arg(i + 1));
            QCOMPARE(events[i].type, EventType::Added);
        }
        QVERIFY(w.value()->take().empty());
    }

    void watchOnlySeesItsPrefix_data()
    {
        backends();
    }
    void watchOnlySeesItsPrefix()
    {
        FRESH_STORE(s);
        auto w = s->watch(key(QStringLiteral("pods/ns1/")), 0);
        QVERIFY(w);
        QVERIFY(s->create(key(QStringLiteral("pods/ns10/a")), pod(QStringLiteral("a"))));
        QVERIFY(s->create(key(QStringLiteral("pods/ns1/b")), pod(QStringLiteral("b"))));
        auto events = collect(w.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].object->name(), QStringLiteral("b"));
    }

    void compactedHistoryFailsWithGone_data()
    {
        backends();
    }
    void compactedHistoryFailsWithGone()
    {
        FRESH_STORE(s);
        auto a = s->create(key(QStringLiteral("k/a")), pod(QStringLiteral("a")));
        QVERIFY(a);
        QVERIFY(s->update(key(QStringLiteral("k/a")), pod(QStringLiteral("a"), QStringLiteral("v2")), 0));
        auto b = s->create(key(QStringLiteral("k/b")), pod(QStringLiteral("b")));
        QVERIFY(b);
        QVERIFY(s->compact(b->modRevision));
        QCOMPARE(s->compactedRevision(), b->modRevision);

        auto tooOld = s->watch(key(QStringLiteral("k/")), a->modRevision);
        if (tooOld) { // some backends report it as the first thing on the watch
            QVERIFY(test::waitFor([&] { return tooOld.value()->isClosed(); }));
            QVERIFY(tooOld.value()->error().has_value());
            QCOMPARE(tooOld.value()->error()->code(), ErrorCode::Gone);
        } else {
            QCOMPARE(tooOld.error().code(), ErrorCode::Gone);
            QVERIFY(tooOld.error().message().contains(QLatin1String("too old resource version")));
        }
        ListOptions past;
        past.revision = a->modRevision;
        auto oldList = s->list(key(QStringLiteral("k/")), past);
        QVERIFY(!oldList);
        QCOMPARE(oldList.error().code(), ErrorCode::Gone);

        // The state at the compacted revision is still there, and watching from it works.
        past.revision = b->modRevision;
        auto atCompaction = s->list(key(QStringLiteral("k/")), past);
        QVERIFY2(atCompaction, qPrintable(atCompaction.errorMessage()));
        QCOMPARE(int(atCompaction->items.size()), 2);
        QCOMPARE(imageOf(atCompaction->items[0].object), QStringLiteral("v2"));
        auto w = s->watch(key(QStringLiteral("k/")), b->modRevision);
        QVERIFY(w);
        QVERIFY(s->create(key(QStringLiteral("k/c")), pod(QStringLiteral("c"))));
        auto events = collect(w.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].object->name(), QStringLiteral("c"));
    }

    void historyOlderThanTheRetentionIsCompacted_data()
    {
        backends();
    }
    void historyOlderThanTheRetentionIsCompacted()
    {
        FRESH_STORE(s);
        auto a = s->create(key(QStringLiteral("k/a")), pod(QStringLiteral("a")));
        QVERIFY(a);
        QVERIFY(s->update(key(QStringLiteral("k/a")), pod(QStringLiteral("a"), QStringLiteral("v2")), 0));
        m_clock.advanceMs(6 * 60 * 1000); // past the default 5 minute retention
        auto recent = s->create(key(QStringLiteral("k/b")), pod(QStringLiteral("b")));
        QVERIFY(recent);
        QVERIFY(s->compactExpired());
        QVERIFY(s->compactedRevision() >= a->modRevision);
        QVERIFY(s->compactedRevision() < recent->modRevision);

        ListOptions past;
        past.revision = a->modRevision;
        QCOMPARE(s->list(key(QStringLiteral("k/")), past).error().code(), ErrorCode::Gone);
        // Everything current is still there.
        auto now = s->list(key(QStringLiteral("k/")));
        QVERIFY(now);
        QCOMPARE(int(now->items.size()), 2);
        QCOMPARE(imageOf(now->items[0].object), QStringLiteral("v2"));
    }

    void aSlowWatcherIsDroppedWithoutBlockingWriters_data()
    {
        backends();
    }
    void aSlowWatcherIsDroppedWithoutBlockingWriters()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("etcd") && !m_etcdUp)
            QSKIP(qPrintable(m_etcd.why()));
        ++m_dbCounter;
        m_root = QStringLiteral("/t%1/").arg(m_dbCounter);
        StoreOptions options;
        options.maxQueuedPerWatcher = 5;
        auto s = open(backend, options);
        QVERIFY(s);
        auto slow = s->watch(key(QStringLiteral("k/")), 0);
        QVERIFY(slow);
        for (int i = 0; i < 20; ++i)
            QVERIFY(s->create(key(QStringLiteral("k/%1").arg(i)), pod(QStringLiteral("p"))));
        QVERIFY(test::waitFor([&] { return slow.value()->isClosed(); }));
        QVERIFY(slow.value()->error().has_value());
        QCOMPARE(slow.value()->error()->code(), ErrorCode::Gone);
        auto listed = s->list(key(QStringLiteral("k/")));
        QVERIFY(listed);
        QCOMPARE(int(listed->items.size()), 20);
    }

    void concurrentWritersGetDistinctRevisionsAndWatchersSeeEveryChange_data()
    {
        backends();
    }
    void concurrentWritersGetDistinctRevisionsAndWatchersSeeEveryChange()
    {
        FRESH_STORE(s);
        auto w = s->watch(key(QStringLiteral("k/")), 0);
        QVERIFY(w);
        constexpr int kThreads = 4, kEach = 50;
        std::vector<std::vector<qint64>> revs(kThreads);
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    auto r = s->create(key(QStringLiteral("k/%1-%2").arg(t).arg(i)), pod(QStringLiteral("p")));
                    if (r)
                        revs[t].push_back(r->modRevision);
                    else
                        ++failures;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        std::set<qint64> all;
        for (const auto &v : revs)
            all.insert(v.begin(), v.end());
        QCOMPARE(int(all.size()), kThreads * kEach);

        auto events = collect(w.value(), kThreads * kEach);
        QCOMPARE(int(events.size()), kThreads * kEach);
        std::set<qint64> seen;
        qint64 last = 0;
        for (const auto &e : events) {
            QVERIFY(e.revision > last);
            last = e.revision;
            seen.insert(e.revision);
        }
        QCOMPARE(seen, all);
    }

    void dataSurvivesReopening_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("etcd") << QStringLiteral("etcd");
    }
    void dataSurvivesReopening()
    {
        FRESH_STORE(s);
        QFETCH(QString, backend);
        auto a = s->create(key(QStringLiteral("k/a")), pod(QStringLiteral("a")));
        QVERIFY(a);
        auto b = s->create(key(QStringLiteral("k/b")), pod(QStringLiteral("b")));
        QVERIFY(b);
        QVERIFY(s->remove(key(QStringLiteral("k/b")), 0));
        const qint64 rev = s->currentRevision().value();
        s.reset();

        auto again = open(backend);
        QVERIFY(again);
        QCOMPARE(again->currentRevision().value(), rev);
        auto got = again->get(key(QStringLiteral("k/a")));
        QVERIFY(got);
        QCOMPARE(got->modRevision, a->modRevision);
        QCOMPARE(again->get(key(QStringLiteral("k/b"))).error().code(), ErrorCode::NotFound);
        auto next = again->create(key(QStringLiteral("k/c")), pod(QStringLiteral("c")));
        QVERIFY(next);
        QCOMPARE(next->modRevision, rev + 1);
        // History from before the restart is still watchable.
        auto w = again->watch(key(QStringLiteral("k/")), a->modRevision);
        QVERIFY(w);
        auto events = collect(w.value(), 3);
        QCOMPARE(int(events.size()), 3);
        QCOMPARE(events[0].object->name(), QStringLiteral("b"));
        QCOMPARE(events[1].type, EventType::Deleted);
        QCOMPARE(events[2].object->name(), QStringLiteral("c"));
    }

    void cleanupTestCase()
    {
        m_etcd.stop();
    }

private:
    test::EtcdServer m_etcd;
    bool m_etcdUp = false;
    std::unique_ptr<QTemporaryDir> m_dir;
    api::FakeClock m_clock;
    int m_dbCounter = 0;
    QString m_root;
};

QTEST_GUILESS_MAIN(StoreTest)
#include "tst_store.moc"
