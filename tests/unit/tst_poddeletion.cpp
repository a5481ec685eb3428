// Deleting pods as Kubernetes does: a pod bound to a node is deleted gracefully (deletionTimestamp set
// grace seconds ahead, the node finishes it with grace 0), a later delete may shorten the grace period
// but never lengthen it, and pods no node runs go at once. The eviction subresource deletes the same
// way and answers 201 Success.
#include "clienttestsupport.h"
#include "testsupport.h"

#include <QTest>

using namespace tugboat;
using test::kind;

namespace {

api::Object pod(const QString &name, const QString &node, int terminationGrace = 30, const QString &phase = {})
{
    QJsonObject spec{{"containers", QJsonArray{QJsonObject{{"name", "c"}, {"image", "nginx"}}}},
                     {"terminationGracePeriodSeconds", terminationGrace}};
    if (!node.isEmpty())
        spec.insert("nodeName", node);
    QJsonObject json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", test::meta(name)}, {"spec", spec}};
    if (!phase.isEmpty())
        json.insert("status", QJsonObject{{"phase", phase}});
    return api::Object(json);
}

apiserver::DeleteOptions grace(std::optional<qint64> seconds)
{
    apiserver::DeleteOptions options;
    options.gracePeriodSeconds = seconds;
    return options;
}

} // namespace

class PodDeletionTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;

    apiserver::Registry &registry() { return m_cluster->registry(); }
    api::Result<api::ObjectPtr> get(const QString &name) { return registry().get(kind("Pod"), "default", name); }
    api::Result<api::ObjectPtr> remove(const QString &name, const apiserver::DeleteOptions &options = {})
    {
        return registry().remove(kind("Pod"), "default", name, options);
    }
    static qint64 graceOf(const api::ObjectPtr &p)
    {
        return qint64(p->json().value("metadata").toObject().value("deletionGracePeriodSeconds").toDouble(-1));
    }

private slots:
    void init() { m_cluster = std::make_unique<test::InProcessCluster>(); }

    void aPodOnANodeIsDeletedGracefullyWithItsOwnGracePeriod()
    {
        QVERIFY(m_cluster->put(pod("web", "node-1", 45)));
        auto removed = remove("web");
        QVERIFY(removed.ok());
        QVERIFY(!removed.value()->deletionTimestamp().isEmpty());
        QCOMPARE(graceOf(removed.value()), 45);

        auto stored = get("web");
        QVERIFY(stored.ok());
        const QDateTime deadline = QDateTime::fromString(stored.value()->deletionTimestamp(), Qt::ISODate);
        QVERIFY(deadline.isValid());
        QVERIFY(deadline > QDateTime::currentDateTimeUtc().addSecs(30));
    }

    void theRequestsGracePeriodWinsOverThePods()
    {
        QVERIFY(m_cluster->put(pod("web", "node-1", 30)));
        auto removed = remove("web", grace(5));
        QVERIFY(removed.ok());
        QCOMPARE(graceOf(removed.value()), 5);
    }

    void aLaterDeleteShortensTheGracePeriodButNeverLengthensIt()
    {
        QVERIFY(m_cluster->put(pod("web", "node-1", 30)));
        QVERIFY(remove("web", grace(20)).ok());
        QCOMPARE(graceOf(remove("web", grace(60)).value()), 20);
        QCOMPARE(graceOf(remove("web", grace(3)).value()), 3);
        QCOMPARE(graceOf(get("web").value()), 3);
    }

    void gracePeriodZeroDeletesAtOnce()
    {
        QVERIFY(m_cluster->put(pod("web", "node-1", 30)));
        QVERIFY(remove("web", grace(20)).ok());
        QVERIFY(remove("web", grace(0)).ok());
        QCOMPARE(get("web").error().code(), api::ErrorCode::NotFound);
    }

    void podsNoNodeRunsAreDeletedAtOnce_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("phase");
        QTest::newRow("unscheduled") << QString() << QString();
        QTest::newRow("succeeded") << "node-1"
                                   << "Succeeded";
        QTest::newRow("failed") << "node-1"
                                << "Failed";
    }
    void podsNoNodeRunsAreDeletedAtOnce()
    {
        QFETCH(QString, node);
        QFETCH(QString, phase);
        QVERIFY(m_cluster->put(pod("web", node, 30)));
        if (!phase.isEmpty()) {
            // Create ignores status: the phase is written as a node writes it.
            const api::ObjectPtr current = get("web").value();
            QVERIFY(registry()
                        .update(kind("Pod"), "default", "web",
                                pod("web", node, 30, phase).withResourceVersion(current->resourceVersion()),
                                apiserver::Part::Status, {}, nullptr)
                        .ok());
        }
        QVERIFY(remove("web").ok());
        QVERIFY(!get("web").ok());
        QCOMPARE(get("web").error().code(), api::ErrorCode::NotFound);
    }

    void otherKindsIgnoreTheGracePeriod()
    {
        const api::Object cm(QJsonObject{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", test::meta("c")}});
        QVERIFY(m_cluster->put(cm));
        QVERIFY(registry().remove(kind("ConfigMap"), "default", "c", grace(30)).ok());
        QCOMPARE(registry().get(kind("ConfigMap"), "default", "c").error().code(), api::ErrorCode::NotFound);
    }

    void evictionDeletesThePodGracefully()
    {
        QVERIFY(m_cluster->start());
        QVERIFY(m_cluster->put(pod("web", "node-1", 30)));
        client::ApiClient client(m_cluster->config());
        const api::Object eviction(QJsonObject{{"apiVersion", "policy/v1"},
                                               {"kind", "Eviction"},
                                               {"metadata", test::meta("web")},
                                               {"deleteOptions", QJsonObject{{"gracePeriodSeconds", 7}}}});
        std::optional<api::Result<api::ObjectPtr>> answer;
        client.createSubresource(kind("Pod"), "default", "web", QStringLiteral("eviction"), eviction, {},
                                 [&](api::Result<api::ObjectPtr> r) { answer = std::move(r); });
        QVERIFY(tugboat::test::waitFor([&] { return answer.has_value(); }));
        QVERIFY(answer->ok());
        QCOMPARE(graceOf(get("web").value()), 7);
    }

    void anEvictionNamingAnotherPodIsABadRequest()
    {
        QVERIFY(m_cluster->start());
        QVERIFY(m_cluster->put(pod("web", "node-1", 30)));
        client::ApiClient client(m_cluster->config());
        const api::Object eviction(
            QJsonObject{{"apiVersion", "policy/v1"}, {"kind", "Eviction"}, {"metadata", test::meta("other")}});
        std::optional<api::Result<api::ObjectPtr>> answer;
        client.createSubresource(kind("Pod"), "default", "web", QStringLiteral("eviction"), eviction, {},
                                 [&](api::Result<api::ObjectPtr> r) { answer = std::move(r); });
        QVERIFY(tugboat::test::waitFor([&] { return answer.has_value(); }));
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().code(), api::ErrorCode::BadRequest);
        QVERIFY(get("web").value()->deletionTimestamp().isEmpty());
    }
};

QTEST_MAIN(PodDeletionTest)
#include "tst_poddeletion.moc"
