// Store benchmark: creates/s and updates/s with 1 and 16 clients, and watch delivery latency with
// 100 watchers, for each backend in the same run; raw etcd puts (HTTP/1.1 keep-alive straight to the
// gateway, no store logic) are the floor an etcd-backed store cannot beat.
//
//   bench_store [--ops N] [--backends sqlite,sqlite-full,etcd,memory]
//
// Prints one Markdown table (docs/BENCHMARKS.md records it). Not a test: nothing here asserts speed.
#include "store/storefactory.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

using namespace tugboat;
using namespace tugboat::store;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

api::Object object(const QString &name, qint64 sentNs = 0)
{
    // A ~1 KiB pod-like object.
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("namespace"), QStringLiteral("default")},
                     {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), QStringLiteral("bench")}}},
                     {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("sent"), QString::number(sentNs)}}}}},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("payload"), QString(800, QLatin1Char('x'))}}},
    });
}

// Runs `clients` threads, each doing `perClient` operations; returns operations per second.
double throughput(int clients, int perClient, const std::function<bool(int client, int i)> &op)
{
    std::atomic<int> failures{0};
    QElapsedTimer t;
    t.start();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            for (int i = 0; i < perClient; ++i)
                if (!op(c, i))
                    ++failures;
        });
    for (auto &th : threads)
        th.join();
    const double secs = double(t.nsecsElapsed()) / 1e9;
    if (failures)
        qWarning() << failures.load() << "operations failed";
    return clients * perClient / secs;
}

struct Latency {
    double p50Ms = 0, p99Ms = 0;
};

Latency watchLatency(Store &s, const QString &prefix, int watchers, int writes)
{
    std::vector<WatchPtr> ws;
    for (int i = 0; i < watchers; ++i)
        ws.push_back(s.watch(prefix, 0).value());
    std::vector<std::vector<qint64>> samples(watchers);
    std::vector<std::thread> threads;
    for (int i = 0; i < watchers; ++i)
        threads.emplace_back([&, i] {
            size_t got = 0;
            while (got < size_t(writes)) {
                if (!ws[i]->wait(QDeadlineTimer(30000)) || ws[i]->isClosed())
                    return;
                for (const auto &e : ws[i]->take()) {
                    const qint64 sent = e.object->annotations().value(QStringLiteral("sent")).toLongLong();
                    samples[i].push_back(nowNs() - sent);
                    ++got;
                }
            }
        });
    // Paced at ~1000 writes/s: latency of delivery, not of a saturated queue.
    for (int i = 0; i < writes; ++i) {
        (void)s.create(prefix + QString::number(i), object(QStringLiteral("w%1").arg(i), nowNs()));
        QThread::usleep(1000);
    }
    for (auto &th : threads)
        th.join();
    std::vector<qint64> all;
    for (auto &v : samples)
        all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    if (all.empty())
        return {};
    return {all[all.size() / 2] / 1e6, all[std::min(all.size() - 1, all.size() * 99 / 100)] / 1e6};
}

// Raw puts to etcd's gateway over one keep-alive connection per client: the etcd floor.
double rawEtcdPuts(quint16 port, int clients, int perClient)
{
    return throughput(clients, perClient, [&](int c, int i) {
        thread_local std::unique_ptr<QTcpSocket> sock;
        if (!sock) {
            sock = std::make_unique<QTcpSocket>();
            sock->connectToHost(QHostAddress::LocalHost, port);
            if (!sock->waitForConnected(5000))
                return false;
        }
        const QByteArray body = "{\"key\":\"" + QStringLiteral("/raw/%1/%2").arg(c).arg(i).toUtf8().toBase64() +
                                "\",\"value\":\"" + object(QStringLiteral("x")).toJson().toBase64() + "\"}";
        sock->write("POST /v3/kv/put HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray resp;
        while (true) {
            if (!sock->waitForReadyRead(10000))
                return false;
            resp += sock->readAll();
            const qsizetype head = resp.indexOf("\r\n\r\n");
            if (head < 0)
                continue;
            const qsizetype cl = resp.indexOf("Content-Length: ");
            if (cl < 0 || cl > head)
                return resp.contains(" 200 ");
            const qint64 len = resp.mid(cl + 16, resp.indexOf("\r\n", cl) - cl - 16).toLongLong();
            if (resp.size() >= head + 4 + len)
                return resp.startsWith("HTTP/1.1 200");
        }
    });
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int ops = 2000;
    QStringList backends{QStringLiteral("sqlite"), QStringLiteral("sqlite-full"), QStringLiteral("etcd")};
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--ops"))
            ops = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--backends"))
            backends = args[i + 1].split(QLatin1Char(','));
    }

    QTextStream out(stdout);
    QTemporaryDir dir;
    test::EtcdServer etcd;
    const bool wantEtcd = backends.contains(QLatin1String("etcd"));
    if (wantEtcd && !etcd.start()) {
        qWarning() << "etcd unavailable:" << etcd.why();
        backends.removeAll(QStringLiteral("etcd"));
    }

    out << "| backend | durability | creates/s 1 client | creates/s 16 clients | updates/s 1 client | "
           "updates/s 16 clients | watch p50 ms (100 watchers) | watch p99 ms |\n";
    out << "|---|---|---|---|---|---|---|---|\n";
    out.flush();

    for (const QString &backend : backends) {
        QString url = backend, durability;
        StoreOptions options;
        options.maxQueuedPerWatcher = 100000;
        if (backend == QLatin1String("sqlite")) {
            durability = QStringLiteral("WAL, synchronous=NORMAL (survives kill -9)");
        } else if (backend == QLatin1String("sqlite-full")) {
            url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("full.db")) + QStringLiteral("?sync=full");
            durability = QStringLiteral("WAL, synchronous=FULL (fsync per commit)");
        } else if (backend == QLatin1String("etcd")) {
            url = QStringLiteral("etcd://") + etcd.endpoint();
            durability = QStringLiteral("raft log fsync per commit");
        } else {
            durability = QStringLiteral("none (memory)");
        }
        auto opened = openStore(url, dir.filePath(backend), options);
        if (!opened) {
            qWarning() << backend << opened.error().message();
            continue;
        }
        Store &s = *opened.value();
        const int few = std::max(16, ops / 4);
        const double c1 = throughput(1, few, [&](int, int i) {
            return bool(s.create(QStringLiteral("/c1/%1").arg(i), object(QStringLiteral("a%1").arg(i))));
        });
        const double c16 = throughput(16, ops / 16, [&](int c, int i) {
            return bool(s.create(QStringLiteral("/c16/%1-%2").arg(c).arg(i), object(QStringLiteral("b"))));
        });
        const double u1 = throughput(1, few, [&](int, int i) {
            return bool(s.update(QStringLiteral("/c1/%1").arg(i), object(QStringLiteral("a%1").arg(i)), 0));
        });
        const double u16 = throughput(16, ops / 16, [&](int c, int i) {
            return bool(s.update(QStringLiteral("/c16/%1-%2").arg(c).arg(i), object(QStringLiteral("b")), 0));
        });
        const Latency lat = watchLatency(s, QStringLiteral("/w/"), 100, std::min(ops, 1000));
        out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n")
                   .arg(backend, durability)
                   .arg(c1, 0, 'f', 0)
                   .arg(c16, 0, 'f', 0)
                   .arg(u1, 0, 'f', 0)
                   .arg(u16, 0, 'f', 0)
                   .arg(lat.p50Ms, 0, 'f', 2)
                   .arg(lat.p99Ms, 0, 'f', 2);
        out.flush();
    }
    if (etcd.clientPort() && backends.contains(QLatin1String("etcd"))) {
        const int few = std::max(16, ops / 4);
        out << QStringLiteral("| raw etcd puts (floor) | raft log fsync per commit | %1 | %2 | | | | |\n")
                   .arg(rawEtcdPuts(etcd.clientPort(), 1, few), 0, 'f', 0)
                   .arg(rawEtcdPuts(etcd.clientPort(), 16, ops / 16), 0, 'f', 0);
    }
    return 0;
}
