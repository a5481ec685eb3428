// The etcd backend beyond the shared store semantics (tst_store): endpoint fail-over, the watch stream
// surviving an etcd restart and a compaction while it was cut off, changes made by other clients, and
// many concurrent callers on the one client thread.
#include "store/etcdstore.h"
#include "storetestsupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QPointer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <csignal>
#include <set>
#include <sys/prctl.h>
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

QString deadEndpoint()
{
    return QStringLiteral("127.0.0.1:%1").arg(test::freePort());
}

// An etcd that can be stopped and started again on the same ports and data (test::EtcdServer picks new
// ports at every start).
class RestartableEtcd {
public:
    RestartableEtcd()
    {
        m_clientPort = test::freePort();
        do
            m_peerPort = test::freePort();
        while (m_peerPort == m_clientPort);
    }
    ~RestartableEtcd() { stop(); }

    QString endpoint() const { return QStringLiteral("127.0.0.1:%1").arg(m_clientPort); }

    bool start()
    {
        const QString client = QStringLiteral("http://") + endpoint();
        const QString peer = QStringLiteral("http://127.0.0.1:%1").arg(m_peerPort);
        m_process = std::make_unique<QProcess>();
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process->setStandardOutputFile(QProcess::nullDevice());
        m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("etcd.log")), QIODevice::Append);
        m_process->start(test::EtcdServer::executable(),
                         {QStringLiteral("--name"), QStringLiteral("restartable"), QStringLiteral("--data-dir"),
                          m_dir.filePath(QStringLiteral("data")), QStringLiteral("--listen-client-urls"), client,
                          QStringLiteral("--advertise-client-urls"), client, QStringLiteral("--listen-peer-urls"), peer,
                          QStringLiteral("--initial-advertise-peer-urls"), peer, QStringLiteral("--initial-cluster"),
                          QStringLiteral("restartable=") + peer, QStringLiteral("--log-level"),
                          QStringLiteral("error")});
        if (!m_process->waitForStarted(5000))
            return false;
        return test::waitFor([this] {
            return m_process->state() == QProcess::Running && test::httpGet(m_clientPort, "/health").contains("true");
        });
    }

    void stop()
    {
        if (!m_process)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
        m_process.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_clientPort = 0;
    quint16 m_peerPort = 0;
};

// A TCP relay to a loopback port, on a thread of its own (store calls block the test's thread), that
// can be cut: close() stops listening and drops every connection; open() listens again on the same port.
class TcpProxy {
public:
    explicit TcpProxy(quint16 target)
        : m_target(target)
        , m_port(test::freePort())
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    ~TcpProxy()
    {
        run([this] {
            dropAll();
            delete m_server;
            m_server = nullptr;
        });
        m_thread.quit();
        m_thread.wait();
        delete m_context;
    }

    QString endpoint() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

    bool open()
    {
        bool listening = false;
        run([&] {
            if (!m_server) {
                m_server = new QTcpServer;
                QObject::connect(m_server, &QTcpServer::newConnection, m_context, [this] { accept(); });
            }
            listening = m_server->listen(QHostAddress::LocalHost, m_port);
        });
        return listening;
    }

    void close()
    {
        run([this] {
            m_server->close();
            dropAll();
        });
    }

private:
    template <typename F> void run(F f) { QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection); }

    void accept()
    {
        while (QTcpSocket *client = m_server->nextPendingConnection()) {
            auto *upstream = new QTcpSocket;
            m_sockets << client << upstream;
            auto forward = [](QTcpSocket *from, QTcpSocket *to) {
                if (to->state() == QAbstractSocket::ConnectedState)
                    to->write(from->readAll());
            };
            QObject::connect(client, &QTcpSocket::readyRead, m_context, [=] { forward(client, upstream); });
            QObject::connect(upstream, &QTcpSocket::readyRead, m_context, [=] { forward(upstream, client); });
            QObject::connect(upstream, &QTcpSocket::connected, m_context, [=] { forward(client, upstream); });
            QObject::connect(client, &QTcpSocket::disconnected, m_context, [=] { upstream->disconnectFromHost(); });
            QObject::connect(upstream, &QTcpSocket::disconnected, m_context, [=] { client->disconnectFromHost(); });
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
        }
    }

    void dropAll()
    {
        for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets)) {
            if (s) {
                s->disconnect(m_context);
                s->abort();
                s->deleteLater();
            }
        }
        m_sockets.clear();
    }

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread, as everything below
    QTcpServer *m_server = nullptr;
    QList<QPointer<QTcpSocket>> m_sockets;
    const quint16 m_target;
    const quint16 m_port;
};

} // namespace

class EtcdStoreTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Store> open(const QStringList &endpoints)
    {
        StoreOptions options;
        options.maintenanceIntervalMs = 0;
        auto s = EtcdStore::open(endpoints, options);
        if (!s)
            qWarning().noquote() << s.error().message();
        return s ? std::move(s.value()) : nullptr;
    }

    QString freshRoot() { return QStringLiteral("/e%1/").arg(++m_counter); }

#define REQUIRE_ETCD()                                                                                                 \
    if (!m_etcdUp)                                                                                                     \
    QSKIP(qPrintable(m_etcd.why()))

private slots:
    void initTestCase()
    {
        m_etcdUp = m_etcd.start();
        if (!m_etcdUp)
            qWarning() << "etcd tests will be skipped:" << m_etcd.why();
    }

    void openFailsWithUnavailableNamingEveryEndpointWhenNoneAnswers()
    {
        const QString a = deadEndpoint(), b = deadEndpoint();
        auto s = EtcdStore::open({a, b});
        QVERIFY(!s);
        QCOMPARE(s.error().code(), ErrorCode::Unavailable);
        QVERIFY2(s.error().message().contains(a) && s.error().message().contains(b), qPrintable(s.error().message()));
    }

    void anUnreachableEndpointIsPassedOverForTheNextOne()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        auto s = open({deadEndpoint(), m_etcd.endpoint()});
        QVERIFY(s);
        auto w = s->watch(root, 0);
        QVERIFY(w);
        auto created = s->create(root + QStringLiteral("a"), pod(QStringLiteral("a")));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QVERIFY(s->get(root + QStringLiteral("a")));
        auto events = collect(w.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].revision, created->modRevision);
    }

    void callsAndTheWatchFailOverWhenTheActiveEndpointGoesAway()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        TcpProxy first(m_etcd.clientPort()), second(m_etcd.clientPort());
        QVERIFY(first.open() && second.open());
        auto s = open({first.endpoint(), second.endpoint()});
        QVERIFY(s);
        auto w = s->watch(root, 0);
        QVERIFY(w);
        QVERIFY(s->create(root + QStringLiteral("before"), pod(QStringLiteral("before"))));

        first.close();
        auto after = s->create(root + QStringLiteral("after"), pod(QStringLiteral("after")));
        QVERIFY2(after, qPrintable(after.errorMessage()));
        auto listed = s->list(root);
        QVERIFY2(listed, qPrintable(listed.errorMessage()));
        QCOMPARE(int(listed->items.size()), 2);

        auto events = collect(w.value(), 2);
        QCOMPARE(int(events.size()), 2);
        QCOMPARE(events[0].object->name(), QStringLiteral("before"));
        QCOMPARE(events[1].object->name(), QStringLiteral("after"));
        QVERIFY(!w.value()->isClosed());
    }

    void theWatchResumesAfterEtcdRestartsWithoutLosingOrRepeatingChanges()
    {
        if (test::EtcdServer::executable().isEmpty())
            QSKIP("etcd is not installed");
        RestartableEtcd etcd;
        QVERIFY(etcd.start());
        auto s = open({etcd.endpoint()});
        QVERIFY(s);
        auto w = s->watch(QStringLiteral("/k/"), 0);
        QVERIFY(w);
        QVERIFY(s->create(QStringLiteral("/k/a"), pod(QStringLiteral("a"))));
        QCOMPARE(int(collect(w.value(), 1).size()), 1);

        etcd.stop();
        auto down = s->create(QStringLiteral("/k/b"), pod(QStringLiteral("b")));
        QVERIFY(!down);
        QCOMPARE(down.error().code(), ErrorCode::Unavailable);
        QVERIFY2(down.error().message().contains(etcd.endpoint()), qPrintable(down.error().message()));

        QVERIFY(etcd.start());
        auto b = s->create(QStringLiteral("/k/b"), pod(QStringLiteral("b")));
        QVERIFY2(b, qPrintable(b.errorMessage()));
        QVERIFY(s->update(QStringLiteral("/k/a"), pod(QStringLiteral("a"), QStringLiteral("v2")), 0));
        auto events = collect(w.value(), 2);
        QCOMPARE(int(events.size()), 2);
        QCOMPARE(events[0].object->name(), QStringLiteral("b"));
        QCOMPARE(events[0].revision, b->modRevision);
        QCOMPARE(imageOf(events[1].object), QStringLiteral("v2"));
        QVERIFY(w.value()->take().empty());
        QVERIFY(!w.value()->isClosed());
    }

    void watchesAreClosedWithGoneWhenEtcdCompactedWhatTheStreamMissed()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        TcpProxy proxy(m_etcd.clientPort());
        QVERIFY(proxy.open());
        auto cutOff = open({proxy.endpoint()});
        auto other = open({m_etcd.endpoint()});
        QVERIFY(cutOff && other);
        auto w = cutOff->watch(root, 0);
        QVERIFY(w);

        proxy.close();
        auto x = other->create(root + QStringLiteral("x"), pod(QStringLiteral("x")));
        QVERIFY(x);
        QVERIFY(other->update(root + QStringLiteral("x"), pod(QStringLiteral("x"), QStringLiteral("v2")), 0));
        QVERIFY(other->compact(other->currentRevision().value()));
        QVERIFY(proxy.open());

        QVERIFY(test::waitFor([&] { return w.value()->isClosed(); }));
        QVERIFY(w.value()->error().has_value());
        QCOMPARE(w.value()->error()->code(), ErrorCode::Gone);
        QVERIFY(cutOff->compactedRevision() >= x->modRevision);

        // A new watch works, from now and from the compacted revision.
        auto again = cutOff->watch(root, cutOff->compactedRevision());
        QVERIFY2(again, qPrintable(again.errorMessage()));
        auto y = other->create(root + QStringLiteral("y"), pod(QStringLiteral("y")));
        QVERIFY(y);
        auto events = collect(again.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].revision, y->modRevision);
    }

    void changesMadeByAnotherClientReachWatchersWithTheirHistory()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        auto watcher = open({m_etcd.endpoint()});
        auto writer = open({m_etcd.endpoint()});
        QVERIFY(watcher && writer);
        auto v1 = writer->create(root + QStringLiteral("a"), pod(QStringLiteral("a")));
        QVERIFY(v1);
        QVERIFY(writer->update(root + QStringLiteral("a"), pod(QStringLiteral("a"), QStringLiteral("v2")),
                               v1->modRevision));
        // A revision the watching store has not seen yet: it has to catch up before answering.
        auto w = watcher->watch(root, v1->modRevision);
        QVERIFY2(w, qPrintable(w.errorMessage()));
        auto removed = writer->remove(root + QStringLiteral("a"), 0);
        QVERIFY(removed);

        auto events = collect(w.value(), 2);
        QCOMPARE(int(events.size()), 2);
        QCOMPARE(events[0].type, EventType::Modified);
        QCOMPARE(imageOf(events[0].object), QStringLiteral("v2"));
        QVERIFY(events[0].previous);
        QCOMPARE(imageOf(events[0].previous), QStringLiteral("nginx"));
        QCOMPARE(events[1].type, EventType::Deleted);
        QCOMPARE(events[1].revision, removed->modRevision);
        QCOMPARE(imageOf(events[1].object), QStringLiteral("v2"));
        QCOMPARE(events[1].object->resourceVersion(), QString::number(removed->modRevision));
    }

    void valuesOfOtherProgramsOnASharedEtcdArePassedOver()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        auto s = open({m_etcd.endpoint()});
        QVERIFY(s);
        auto w = s->watch(root, 0);
        QVERIFY(w);
        QProcess etcdctl;
        etcdctl.setProcessEnvironment([] {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("ETCDCTL_API"), QStringLiteral("3"));
            return env;
        }());
        etcdctl.start(QStandardPaths::findExecutable(QStringLiteral("etcdctl")),
                      {QStringLiteral("--endpoints=") + m_etcd.endpoint(), QStringLiteral("put"),
                       root + QStringLiteral("foreign"), QStringLiteral("not json")});
        if (!etcdctl.waitForFinished(10000) || etcdctl.exitCode() != 0)
            QSKIP("etcdctl is not usable here");

        auto mine = s->create(root + QStringLiteral("mine"), pod(QStringLiteral("mine")));
        QVERIFY(mine);
        auto events = collect(w.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].revision, mine->modRevision);
        // A store opened afterwards fills its history past the foreign value too.
        auto reopened = open({m_etcd.endpoint()});
        QVERIFY(reopened);
        auto replay = reopened->watch(root, mine->modRevision - 2);
        QVERIFY2(replay, qPrintable(replay.errorMessage()));
        events = collect(replay.value(), 1);
        QCOMPARE(int(events.size()), 1);
        QCOMPARE(events[0].revision, mine->modRevision);
    }

    void manyConcurrentCallersAreAllAnswered()
    {
        REQUIRE_ETCD();
        const QString root = freshRoot();
        auto s = open({m_etcd.endpoint()});
        QVERIFY(s);
        constexpr int kThreads = 16, kEach = 15;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    const QString key = root + QStringLiteral("%1/%2").arg(t).arg(i);
                    auto created = s->create(key, pod(QStringLiteral("p")));
                    auto got = created ? s->get(key) : Result<KeyValue>(created.error());
                    auto updated =
                        got ? s->update(key, pod(QStringLiteral("p"), QStringLiteral("v2")), got->modRevision)
                            : Result<KeyValue>(got.error());
                    auto stale = updated ? s->update(key, pod(QStringLiteral("p")), got->modRevision)
                                         : Result<KeyValue>(updated.error());
                    auto page = s->list(root + QStringLiteral("%1/").arg(t), ListOptions{0, 5, {}});
                    if (!updated || stale || stale.error().code() != ErrorCode::Conflict || !page ||
                        page->items.size() != size_t(std::min(i + 1, 5)))
                        ++failures;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        auto all = s->list(root);
        QVERIFY(all);
        QCOMPARE(int(all->items.size()), kThreads * kEach);
        for (const auto &kv : all->items)
            QCOMPARE(imageOf(kv.object), QStringLiteral("v2"));
    }

    void cleanupTestCase()
    {
        m_etcd.stop();
    }

private:
    test::EtcdServer m_etcd;
    bool m_etcdUp = false;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(EtcdStoreTest)
#include "tst_etcdstore.moc"
