// API server benchmark, against a real tugboatd over TLS: create, get, list and patch throughput and
// latency (p50/p99) with 1, 16 and 64 clients; watch fan-out to 1,000 watchers; resident memory idle
// and holding 10,000 objects.
//
//   bench_apiserver [--ops N] [--watchers N]
//
// Clients are threads with one keep-alive TLS connection each, speaking HTTP/1.1 directly (no client
// library in the measurement). Prints Markdown tables (docs/BENCHMARKS.md records them). Not a test.
#include "client/kubeconfig.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTextStream>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using namespace tugboat;

namespace {

QString g_host;
quint16 g_port = 0;
QByteArray g_token;
QSslCertificate g_ca;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One keep-alive HTTPS connection, used from the thread that made it.
class Connection {
public:
    explicit Connection(const QString &sourceIp = {})
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates({g_ca});
        m_socket.setSslConfiguration(conf);
        if (!sourceIp.isEmpty())
            m_socket.bind(QHostAddress(sourceIp));
        m_socket.connectToHostEncrypted(g_host, g_port);
        m_socket.waitForEncrypted(10000);
    }
    QSslSocket &socket() { return m_socket; }

    // Returns the status code; the body in `body`.
    int request(const QByteArray &method, const QByteArray &path, const QByteArray &payload = {},
                const QByteArray &contentType = "application/json", QByteArray *body = nullptr)
    {
        QByteArray raw = method + ' ' + path + " HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " + g_token + "\r\n";
        if (!payload.isNull())
            raw +=
                "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(payload.size()) + "\r\n";
        m_socket.write(raw + "\r\n" + payload);
        QByteArray buf;
        while (true) {
            if (!m_socket.waitForReadyRead(30000))
                return 0;
            buf += m_socket.readAll();
            const qsizetype head = buf.indexOf("\r\n\r\n");
            if (head < 0)
                continue;
            const qsizetype cl = buf.indexOf("Content-Length: ");
            const qint64 len = buf.mid(cl + 16, buf.indexOf("\r\n", cl) - cl - 16).toLongLong();
            if (buf.size() < head + 4 + len)
                continue;
            if (body)
                *body = buf.mid(head + 4, len);
            return buf.mid(9, 3).toInt();
        }
    }

private:
    QSslSocket m_socket;
};

struct Stats {
    double perSecond = 0, p50Ms = 0, p99Ms = 0;
    int failures = 0;
};

Stats measure(int clients, int perClient, const std::function<int(Connection &, int client, int i)> &op)
{
    std::vector<std::vector<qint64>> lat(clients);
    std::atomic<int> failures{0};
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    QElapsedTimer total;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            Connection conn;
            ++ready;
            while (!go)
                std::this_thread::yield();
            for (int i = 0; i < perClient; ++i) {
                const qint64 t0 = nowNs();
                const int status = op(conn, c, i);
                lat[c].push_back(nowNs() - t0);
                if (status < 200 || status > 299)
                    ++failures;
            }
        });
    while (ready < clients)
        std::this_thread::yield();
    total.start();
    go = true;
    for (auto &t : threads)
        t.join();
    std::vector<qint64> all;
    for (auto &v : lat)
        all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    Stats s;
    s.perSecond = double(all.size()) / (double(total.nsecsElapsed()) / 1e9);
    s.p50Ms = all[all.size() / 2] / 1e6;
    s.p99Ms = all[std::min(all.size() - 1, all.size() * 99 / 100)] / 1e6;
    s.failures = failures;
    return s;
}

QByteArray configMap(const QString &name, qint64 stamp = 0)
{
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                   {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                   {QStringLiteral("metadata"),
                    QJsonObject{
                        {QStringLiteral("name"), name},
                        {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), QStringLiteral("bench")}}},
                        {QStringLiteral("annotations"),
                         QJsonObject{{QStringLiteral("sent"), QString::number(stamp)}}}}},
                   {QStringLiteral("data"), QJsonObject{{QStringLiteral("payload"), QString(512, QLatin1Char('x'))}}},
               })
        .toJson(QJsonDocument::Compact);
}

qint64 rssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

// Watch fan-out: `watchers` streams on one namespace; returns delivery latency of `writes` creates.
std::pair<double, double> fanOut(int watchers, int writes)
{
    std::vector<std::unique_ptr<Connection>> conns;
    std::vector<QByteArray> buffers(watchers);
    std::vector<qint64> samples;
    // Several loopback source addresses: the server caps connections per client address.
    for (int i = 0; i < watchers; ++i) {
        conns.push_back(std::make_unique<Connection>(QStringLiteral("127.0.0.%1").arg(2 + i / 200)));
        conns.back()->socket().write(
            "GET /api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=" + QByteArray("0") +
            " HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " + g_token + "\r\n\r\n");
    }
    for (int i = 0; i < watchers; ++i) {
        QObject::connect(&conns[i]->socket(), &QSslSocket::readyRead, [&, i] {
            buffers[i] += conns[i]->socket().readAll();
            // Chunk framing aside, every event is one JSON line carrying its write's time stamp.
            qsizetype nl;
            while ((nl = buffers[i].indexOf('\n')) >= 0) {
                const QByteArray line = buffers[i].left(nl);
                buffers[i].remove(0, nl + 1);
                const qsizetype s = line.indexOf("\"sent\":\"");
                if (s >= 0 && line.contains("\"ADDED\""))
                    samples.push_back(nowNs() - line.mid(s + 8, line.indexOf('"', s + 8) - s - 8).toLongLong());
            }
        });
    }
    test::waitFor([] { return false; }, std::chrono::milliseconds(1500)); // streams established
    std::thread writer([&] {
        Connection w;
        for (int i = 0; i < writes; ++i) {
            w.request("POST", "/api/v1/namespaces/watch/configmaps", configMap(QStringLiteral("w%1").arg(i), nowNs()));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    test::waitFor([&] { return samples.size() >= size_t(watchers) * size_t(writes); }, std::chrono::seconds(120));
    writer.join();
    std::sort(samples.begin(), samples.end());
    if (samples.empty())
        return {0, 0};
    return {samples[samples.size() / 2] / 1e6, samples[std::min(samples.size() - 1, samples.size() * 99 / 100)] / 1e6};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int ops = 2000, watchers = 1000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--ops"))
            ops = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--watchers"))
            watchers = args[i + 1].toInt();
    }
    QTextStream out(stdout);
    test::DaemonProcess daemon(QStringLiteral(TUGBOATD_PATH));
    if (!daemon.start({QStringLiteral("--no-agent")})) {
        qWarning() << daemon.why();
        return 1;
    }
    const QUrl url(daemon.url());
    g_host = url.host();
    g_port = quint16(url.port());
    const auto resolved = client::Kubeconfig::loadFile(daemon.kubeconfig())->resolve();
    g_token = resolved->token.toUtf8();
    g_ca = QSslCertificate(resolved->caPem);
    const qint64 pid = daemon.process()->processId();
    test::waitFor([] { return false; }, std::chrono::milliseconds(1000));
    const qint64 idleKb = rssKb(pid);

    {
        Connection setup;
        for (const char *ns : {"bench", "watch"})
            setup.request("POST", "/api/v1/namespaces",
                          QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%1"}})")
                              .arg(QLatin1String(ns))
                              .toUtf8());
    }

    out << "| operation | clients | requests/s | p50 ms | p99 ms | failures |\n|---|---|---|---|---|---|\n";
    int round = 0;
    for (int clients : {1, 16, 64}) {
        const int per = std::max(10, ops / clients);
        ++round;
        auto row = [&](const char *name, const Stats &s) {
            out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                       .arg(QLatin1String(name))
                       .arg(clients)
                       .arg(s.perSecond, 0, 'f', 0)
                       .arg(s.p50Ms, 0, 'f', 2)
                       .arg(s.p99Ms, 0, 'f', 2)
                       .arg(s.failures);
            out.flush();
        };
        row("create", measure(clients, per, [&](Connection &c, int cl, int i) {
                return c.request("POST", "/api/v1/namespaces/bench/configmaps",
                                 configMap(QStringLiteral("r%1-c%2-%3").arg(round).arg(cl).arg(i)));
            }));
        row("get", measure(clients, per, [&](Connection &c, int cl, int i) {
                return c.request("GET", QStringLiteral("/api/v1/namespaces/bench/configmaps/r%1-c%2-%3")
                                            .arg(round)
                                            .arg(cl)
                                            .arg(i)
                                            .toUtf8());
            }));
        row("patch", measure(clients, per, [&](Connection &c, int cl, int i) {
                return c.request(
                    "PATCH",
                    QStringLiteral("/api/v1/namespaces/bench/configmaps/r%1-c%2-%3").arg(round).arg(cl).arg(i).toUtf8(),
                    R"({"data":{"extra":"1"}})", "application/merge-patch+json");
            }));
        row("list (limit 100)", measure(clients, std::max(5, per / 10), [&](Connection &c, int, int) {
                return c.request("GET", "/api/v1/namespaces/bench/configmaps?limit=100");
            }));
    }

    // Memory holding 10,000 objects.
    measure(16, 10000 / 16 + 1, [&](Connection &c, int cl, int i) {
        return c.request("POST", "/api/v1/namespaces/bench/configmaps",
                         configMap(QStringLiteral("mem-%1-%2").arg(cl).arg(i)));
    });
    const qint64 fullKb = rssKb(pid);
    const auto [p50, p99] = fanOut(watchers, 20);
    out << "\n| measure | value |\n|---|---|\n";
    out << QStringLiteral("| RSS idle | %1 MB |\n").arg(double(idleKb) / 1024, 0, 'f', 1);
    out << QStringLiteral("| RSS with %1+ objects | %2 MB |\n")
               .arg(10000 + 6 * ops)
               .arg(double(fullKb) / 1024, 0, 'f', 1);
    out << QStringLiteral("| watch fan-out to %1 watchers, delivery p50 | %2 ms |\n").arg(watchers).arg(p50, 0, 'f', 1);
    out << QStringLiteral("| watch fan-out to %1 watchers, delivery p99 | %2 ms |\n").arg(watchers).arg(p99, 0, 'f', 1);
    daemon.stop();
    return 0;
}
