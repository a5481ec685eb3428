// The API client calling an API server in the same process (daemon/localapi.h): answers, errors and
// watches as over the network, many requests at once without meeting the server's in-flight limit,
// and a stopped watch ending on the server.
#include "clienttestsupport.h"
#include "localapi.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using test::kind;

namespace {

api::Object configMap(const QString &name)
{
    return api::Object(QJsonObject{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", test::meta(name)}});
}

template <typename T> std::optional<api::Result<T>> waitForAnswer(std::optional<api::Result<T>> &answer)
{
    tugboat::test::waitFor([&] { return answer.has_value(); });
    return answer;
}

} // namespace

class LocalApiTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster; // not listening: nothing goes over the network
    std::unique_ptr<client::ApiClient> m_client;

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        client::ClientConfig config;
        config.server = QStringLiteral("https://in-process.invalid");
        config.local = daemon::localServerFor(m_cluster->api());
        m_client = std::make_unique<client::ApiClient>(config);
    }
    void cleanup()
    {
        m_client.reset();
        m_cluster.reset();
    }

    void writesAndReadsGoThroughTheServer()
    {
        std::optional<api::Result<api::ObjectPtr>> created;
        m_client->create(kind("ConfigMap"), "default", configMap("settings"), {},
                         [&](api::Result<api::ObjectPtr> r) { created = std::move(r); });
        QVERIFY(waitForAnswer(created) && created->ok());
        QVERIFY(!created->value()->uid().isEmpty()); // the server filled in metadata
        QVERIFY(m_cluster->registry().get(kind("ConfigMap"), "default", "settings").ok());

        std::optional<api::Result<api::ObjectPtr>> got;
        m_client->get(kind("ConfigMap"), "default", "settings",
                      [&](api::Result<api::ObjectPtr> r) { got = std::move(r); });
        QVERIFY(waitForAnswer(got) && got->ok());
        QCOMPARE(got->value()->uid(), created->value()->uid());
    }

    void errorsAreTheServersStatus()
    {
        std::optional<api::Result<api::ObjectPtr>> got;
        m_client->get(kind("ConfigMap"), "default", "missing",
                      [&](api::Result<api::ObjectPtr> r) { got = std::move(r); });
        QVERIFY(waitForAnswer(got) && !got->ok());
        QCOMPARE(got->error().code(), api::ErrorCode::NotFound);
        QVERIFY(got->error().message().contains("\"missing\" not found"));
    }

    void manyRequestsAtOnceAllSucceed()
    {
        apiserver::RateLimits limits;
        limits.maxInFlight = 16; // as many as the client sends at once: it queues the rest
        m_cluster->api().setRateLimits(limits);
        int ok = 0, answered = 0;
        for (int i = 0; i < 200; ++i)
            m_client->create(kind("ConfigMap"), "default", configMap(QStringLiteral("cm-%1").arg(i)), {},
                             [&](api::Result<api::ObjectPtr> r) {
                                 ++answered;
                                 ok += r.ok();
                             });
        QVERIFY(tugboat::test::waitFor([&] { return answered == 200; }));
        QCOMPARE(ok, 200);
    }

    void aWatchStreamsEventsAndStopsWhenCancelled()
    {
        test::WatchRecorder recorder;
        client::Call watch = m_client->watch(kind("ConfigMap"), "default", {}, recorder.onEvent(), recorder.onEnd());
        QVERIFY(tugboat::test::waitFor([&] { return m_cluster->store().watcherCount() > 0; }));
        QVERIFY(m_cluster->put(configMap("a")));
        QVERIFY(m_cluster->put(configMap("b")));
        QVERIFY(tugboat::test::waitFor([&] { return recorder.events.size() == 2; }));
        QCOMPARE(recorder.summary(), QStringList({"ADDED a", "ADDED b"}));
        watch.cancel();
        QVERIFY(tugboat::test::waitFor([&] { return m_cluster->store().watcherCount() == 0; }));
        QVERIFY(m_cluster->put(configMap("c")));
        QCoreApplication::processEvents();
        QCOMPARE(recorder.events.size(), qsizetype(2));
    }
};

QTEST_MAIN(LocalApiTest)
#include "tst_localapi.moc"
