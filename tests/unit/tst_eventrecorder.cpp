// The event recorder against a real in-process API server: Events reference their object and source,
// a repeat of the same (object, type, reason, message) within the window patches count and
// lastTimestamp of one Event instead of creating another, a repeat after the window or with another
// message makes a new Event, cluster-scoped objects' Events go to "default", and a full queue drops
// its oldest events instead of blocking.
#include "clienttestsupport.h"
#include "controllers/eventrecorder.h"
#include "testsupport.h"

#include <QTest>
#include <QThread>

using namespace tugboat;
using namespace tugboat::controllers;
using test::configMap;
using test::kind;

class EventRecorderTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    std::unique_ptr<client::ApiClient> m_client;
    api::FakeClock m_clock;

    std::unique_ptr<EventRecorder> recorder(EventRecorderOptions options = {})
    {
        return std::make_unique<EventRecorder>(
            *m_client, EventSource{QStringLiteral("test-controller"), QStringLiteral("node-1")}, m_clock, options);
    }
    std::vector<api::ObjectPtr> events(const QString &ns = QStringLiteral("default"))
    {
        apiserver::ListQuery q;
        q.namespaceName = ns;
        auto page = m_cluster->registry().list(kind("Event"), q);
        return page ? page->items : std::vector<api::ObjectPtr>{};
    }
    static int count(const api::ObjectPtr &e) { return e->json().value(QLatin1String("count")).toInt(); }
    static QString field(const api::ObjectPtr &e, const char *path)
    {
        return e->valueAt(QString::fromLatin1(path)).toString();
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        m_client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
    }
    void cleanup()
    {
        m_client.reset();
        m_cluster.reset();
    }

    void anEventReferencesItsObjectAndSource()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        QVERIFY(web);
        auto r = recorder();
        r->event(*web, EventType::Warning, "FailedMount", "volume data not found");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        const std::vector<api::ObjectPtr> all = events();
        QCOMPARE(all.size(), 1);
        const api::ObjectPtr &e = all.front();
        QVERIFY(e->name().startsWith("web."));
        QCOMPARE(field(e, "type"), QStringLiteral("Warning"));
        QCOMPARE(field(e, "reason"), QStringLiteral("FailedMount"));
        QCOMPARE(field(e, "message"), QStringLiteral("volume data not found"));
        QCOMPARE(field(e, "involvedObject.kind"), QStringLiteral("ConfigMap"));
        QCOMPARE(field(e, "involvedObject.name"), QStringLiteral("web"));
        QCOMPARE(field(e, "involvedObject.uid"), web->uid());
        QCOMPARE(field(e, "source.component"), QStringLiteral("test-controller"));
        QCOMPARE(field(e, "source.host"), QStringLiteral("node-1"));
        QCOMPARE(count(e), 1);
    }

    void twoIdenticalEventsMakeOneEventWithCountTwo()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        auto r = recorder();
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-1");
        m_clock.advanceMs(5000);
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-1");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        const std::vector<api::ObjectPtr> all = events();
        QCOMPARE(all.size(), 1);
        QCOMPARE(count(all.front()), 2);
        QVERIFY(field(all.front(), "lastTimestamp") != field(all.front(), "firstTimestamp"));
        QCOMPARE(field(all.front(), "lastTimestamp"),
                 api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC)));
    }

    void anotherMessageOrTypeMakesAnotherEvent()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        auto r = recorder();
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-1");
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-2");
        r->event(*web, EventType::Warning, "SuccessfulCreate", "Created pod: web-2");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        QCOMPARE(events().size(), 3);
    }

    void aRepeatAfterTheWindowMakesANewEvent()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        EventRecorderOptions o;
        o.dedupWindow = std::chrono::minutes(10);
        auto r = recorder(o);
        r->event(*web, EventType::Normal, "Pulled", "image pulled");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        m_clock.advanceMs(10 * 60 * 1000 + 1);
        r->event(*web, EventType::Normal, "Pulled", "image pulled");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        const std::vector<api::ObjectPtr> all = events();
        QCOMPARE(all.size(), 2);
        QCOMPARE(count(all[0]) + count(all[1]), 2);
    }

    void oneObjectsFloodIsCutAfterTheBurstAndRefillsSlowly()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        api::ObjectPtr other = m_cluster->put(configMap("other"));
        EventRecorderOptions o;
        o.spamBurst = 3;
        o.spamRefillPerSecond = 1.0 / 300;
        auto r = recorder(o);
        for (int i = 0; i < 5; ++i)
            r->event(*web, EventType::Normal, "SuccessfulCreate", QStringLiteral("Created pod: web-%1").arg(i));
        r->event(*other, EventType::Normal, "SuccessfulCreate", "Created pod: other-1"); // its own bucket
        r->event(*web, EventType::Warning, "FailedCreate", "quota exceeded");            // another reason
        QCOMPARE(r->filtered(), qint64(2));
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        QCOMPARE(events().size(), 5);

        m_clock.advanceMs(299'000);
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-5");
        QCOMPARE(r->filtered(), qint64(3));
        m_clock.advanceMs(1'000); // a token every 300 s
        r->event(*web, EventType::Normal, "SuccessfulCreate", "Created pod: web-6");
        QCOMPARE(r->filtered(), qint64(3));
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        QCOMPARE(events().size(), 6);
    }

    void aClusterScopedObjectsEventsGoToDefault()
    {
        api::ObjectPtr ns = m_cluster->registry().get(kind("Namespace"), QString(), "other").value();
        auto r = recorder();
        r->event(*ns, EventType::Normal, "Created", "namespace created");
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        const std::vector<api::ObjectPtr> all = events();
        QCOMPARE(all.size(), 1);
        QCOMPARE(field(all.front(), "involvedObject.kind"), QStringLiteral("Namespace"));
    }

    void aFullQueueDropsTheOldestInsteadOfBlocking()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        EventRecorderOptions o;
        o.maxQueued = 2;
        auto r = recorder(o);
        // Nothing is written until the event loop runs: all three are queued at once.
        for (const char *m : {"first", "second", "third"})
            r->event(*web, EventType::Normal, "Step", QLatin1String(m));
        QCOMPARE(r->dropped(), qint64(1));
        QCOMPARE(r->queued(), 2);
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        QStringList messages;
        for (const api::ObjectPtr &e : events())
            messages << field(e, "message");
        messages.sort();
        QCOMPARE(messages, QStringList({"second", "third"}));
    }

    void eventsMayBeRecordedFromAnotherThread()
    {
        api::ObjectPtr web = m_cluster->put(configMap("web"));
        auto r = recorder();
        QThread *t = QThread::create([&] {
            for (int i = 0; i < 5; ++i)
                r->event(*web, EventType::Normal, "Tick", "same message");
        });
        t->start();
        QVERIFY(t->wait(10'000));
        delete t;
        QVERIFY(test::waitFor([&] { return r->isIdle(); }));
        const std::vector<api::ObjectPtr> all = events();
        QCOMPARE(all.size(), 1);
        QCOMPARE(count(all.front()), 5);
    }
};

QTEST_GUILESS_MAIN(EventRecorderTest)
#include "tst_eventrecorder.moc"
