// Control-plane benchmark on simulated nodes, against a real tugboatd: how long Deployments totalling
// R replicas take from being applied to every pod Running on N simulated nodes, the scheduler's
// throughput over that run, a rolling update of one Deployment, and the daemon's resident memory.
//
//   bench_cluster [--nodes 1000] [--replicas 10000] [--workloads 10] [--kind deployment|replicaset]
//                 [--store sqlite|memory] [--no-rollout] [--daemon-args "ARGS"]
//                 [--tugboatd PATH]
//
// The daemon runs everything in one process (API server on SQLite, controllers, scheduler, N sim
// nodes whose pods turn Running after their 500 ms start delay). The benchmark watches pods through an
// informer and stamps, per pod, when it was first seen, bound (spec.nodeName) and Running. Prints
// Markdown tables (docs/BENCHMARKS.md records them). Not a test.
#include "api/kinds.h"
#include "client/apiclient.h"
#include "client/blocking.h"
#include "client/informer.h"
#include "client/kubeconfig.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace tugboat;
using namespace std::chrono_literals;

namespace {

struct Settings {
    int nodes = 1000;
    int replicas = 10000;
    int workloads = 10;
    QString kind = QStringLiteral("deployment");
    QString store = QStringLiteral("sqlite");
    bool rollout = true;
    QStringList daemonArgs; // passed on to tugboatd server
    QString tugboatd = QStringLiteral(TUGBOATD_PATH); // or a wrapper (a profiler) that runs it
};

// Per-pod milestones, in ms since the benchmark's clock started (-1: not yet).
struct PodTimes {
    qint64 seen = -1;
    qint64 bound = -1;
    qint64 running = -1;
};

double rssMb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

api::Object workload(const Settings &s, const QString &name, int replicas, const QString &image)
{
    const QJsonObject labels{{"app", name}};
    const QJsonObject container{
        {"name", "app"},
        {"image", image},
        {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "10m"}, {"memory", "16Mi"}}}}}};
    QJsonObject spec{{"replicas", replicas},
                     {"selector", QJsonObject{{"matchLabels", labels}}},
                     {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                              {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}};
    const bool deployment = s.kind == QLatin1String("deployment");
    return api::Object(QJsonObject{{"apiVersion", "apps/v1"},
                                   {"kind", deployment ? "Deployment" : "ReplicaSet"},
                                   {"metadata", QJsonObject{{"name", name}, {"namespace", "default"}}},
                                   {"spec", spec}});
}

bool parse(const QStringList &args, Settings &s)
{
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const QString next = i + 1 < args.size() ? args[i + 1] : QString();
        if (a == QLatin1String("--nodes"))
            s.nodes = next.toInt(), ++i;
        else if (a == QLatin1String("--replicas"))
            s.replicas = next.toInt(), ++i;
        else if (a == QLatin1String("--workloads"))
            s.workloads = next.toInt(), ++i;
        else if (a == QLatin1String("--kind"))
            s.kind = next, ++i;
        else if (a == QLatin1String("--store"))
            s.store = next, ++i;
        else if (a == QLatin1String("--daemon-args"))
            s.daemonArgs = next.split(QLatin1Char(' '), Qt::SkipEmptyParts), ++i;
        else if (a == QLatin1String("--tugboatd"))
            s.tugboatd = next, ++i;
        else if (a == QLatin1String("--no-rollout"))
            s.rollout = false;
        else
            return false;
    }
    return s.nodes > 0 && s.replicas > 0 && s.workloads > 0 &&
           (s.kind == QLatin1String("deployment") || s.kind == QLatin1String("replicaset"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Settings s;
    if (!parse(app.arguments(), s)) {
        std::fprintf(stderr, "usage: bench_cluster [--nodes N] [--replicas N] [--workloads N] "
                             "[--kind deployment|replicaset] [--store sqlite|memory] [--no-rollout] "
                             "[--daemon-args \"ARGS\"]\n");
        return 2;
    }
    QTextStream out(stdout);

    test::DaemonProcess daemon(s.tugboatd);
    QStringList args{QStringLiteral("--no-agent"), QStringLiteral("--sim-nodes"), QString::number(s.nodes)};
    if (s.store != QLatin1String("sqlite"))
        args << QStringLiteral("--store") << s.store;
    args << s.daemonArgs;
    if (!daemon.start(args)) {
        std::fprintf(stderr, "%s\n", qPrintable(daemon.why()));
        return 1;
    }
    const qint64 pid = daemon.process()->processId();
    auto kubeconfig = client::Kubeconfig::loadFile(daemon.kubeconfig());
    auto config = kubeconfig ? kubeconfig->resolve() : api::Result<client::ClientConfig>(kubeconfig.error());
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error().message()));
        return 1;
    }
    client::ApiClient client(*config);
    const api::ResourceInfo nodes = *api::Kinds::byKind(QStringLiteral("Node"));
    const api::ResourceInfo pods = *api::Kinds::byKind(QStringLiteral("Pod"));
    const api::ResourceInfo kind = *api::Kinds::byKind(QStringLiteral("apps/v1"), s.kind == QLatin1String("deployment")
                                                                                      ? QStringLiteral("Deployment")
                                                                                      : QStringLiteral("ReplicaSet"));

    // All nodes registered.
    QElapsedTimer clock;
    clock.start();
    client::InformerOptions nodeOptions;
    nodeOptions.resource = nodes;
    client::Informer nodeInformer(client, nodeOptions);
    nodeInformer.start();
    if (!test::waitFor([&] { return nodeInformer.size() >= s.nodes; }, 120s)) {
        std::fprintf(stderr, "only %d of %d nodes registered\n", int(nodeInformer.size()), s.nodes);
        return 1;
    }
    const qint64 registeredMs = clock.elapsed();
    nodeInformer.stop();
    const double idleRss = rssMb(pid);

    // Pod milestones from an informer (watch events as they come).
    QHash<QString, PodTimes> times;
    int running = 0;
    auto observe = [&](const api::ObjectPtr &pod) {
        PodTimes &t = times[pod->name()];
        const qint64 now = clock.elapsed();
        if (t.seen < 0)
            t.seen = now;
        if (t.bound < 0 && !pod->spec().value(QLatin1String("nodeName")).toString().isEmpty())
            t.bound = now;
        if (t.running < 0 && pod->status().value(QLatin1String("phase")).toString() == QLatin1String("Running")) {
            t.running = now;
            ++running;
        }
    };
    client::InformerOptions podOptions;
    podOptions.resource = pods;
    podOptions.namespaceName = QStringLiteral("default");
    client::Informer podInformer(client, podOptions);
    podInformer.addEventHandler({observe, [&](const api::ObjectPtr &, const api::ObjectPtr &now) { observe(now); },
                                 [&](const api::ObjectPtr &) {}});
    podInformer.start();
    if (!test::waitFor([&] { return podInformer.hasSynced(); }, 30s))
        return 1;

    // Apply the workloads.
    const qint64 t0 = clock.elapsed();
    int answered = 0, failed = 0;
    for (int i = 0; i < s.workloads; ++i) {
        const int share = s.replicas / s.workloads + (i < s.replicas % s.workloads ? 1 : 0);
        client.create(kind, QStringLiteral("default"), workload(s, QStringLiteral("load-%1").arg(i), share, "app:1"),
                      {}, [&](api::Result<api::ObjectPtr> r) {
                          ++answered;
                          if (!r.ok()) {
                              ++failed;
                              std::fprintf(stderr, "create: %s\n", qPrintable(r.error().message()));
                          }
                      });
    }
    if (!test::waitFor([&] { return answered == s.workloads; }, 30s) || failed)
        return 1;
    const bool allRunning = test::waitFor([&] { return running >= s.replicas; }, 600s);
    const qint64 tRunning = clock.elapsed();
    const double loadedRss = rssMb(pid);

    qint64 firstSeen = -1, lastSeen = -1, firstBound = -1, lastBound = -1;
    for (const PodTimes &t : std::as_const(times)) {
        if (t.seen >= 0)
            firstSeen = firstSeen < 0 ? t.seen : std::min(firstSeen, t.seen), lastSeen = std::max(lastSeen, t.seen);
        if (t.bound >= 0)
            firstBound = firstBound < 0 ? t.bound : std::min(firstBound, t.bound),
            lastBound = std::max(lastBound, t.bound);
    }
    int bound = 0;
    for (const PodTimes &t : std::as_const(times))
        bound += t.bound >= 0;
    const double scheduleSpan = double(std::max<qint64>(lastBound - firstSeen, 1)) / 1000.0;

    out << "| measure | value |\n|---|---|\n";
    out << "| simulated nodes | " << s.nodes << " (registered in " << registeredMs << " ms) |\n";
    out << "| workloads | " << s.workloads << ' ' << s.kind << "s, " << s.replicas << " replicas |\n";
    out << "| all pods Running | " << (allRunning ? QString::number(tRunning - t0) + " ms" : QStringLiteral("no"))
        << " (" << running << " of " << s.replicas << ") |\n";
    out << "| last pod created | " << (lastSeen - t0) << " ms |\n";
    out << "| last pod bound | " << (lastBound - t0) << " ms |\n";
    out << "| scheduling throughput | " << qRound(bound / scheduleSpan)
        << " pods/s (bound pods / first create to last bind) |\n";
    out << "| RSS idle with nodes | " << QString::number(idleRss, 'f', 1) << " MB |\n";
    out << "| RSS with all pods | " << QString::number(loadedRss, 'f', 1) << " MB |\n";
    out.flush();

    if (s.rollout && s.kind == QLatin1String("deployment") && allRunning) {
        // Rolling update of load-0: a new image, until every pod of the new template is Running and the
        // old ones are gone (the Deployment's status as `kubectl rollout status` reads it).
        const QString name = QStringLiteral("load-0");
        const int replicas = s.replicas / s.workloads + (0 < s.replicas % s.workloads ? 1 : 0);
        const qint64 t1 = clock.elapsed();
        auto patched = client::callBlocking<api::ObjectPtr>([&](auto done) {
            return client.patch(
                kind, QStringLiteral("default"), name, client::PatchType::Strategic,
                QByteArray(R"({"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}})"), {},
                done);
        });
        if (!patched) {
            std::fprintf(stderr, "patch: %s\n", qPrintable(patched.error().message()));
            return 1;
        }
        const qint64 generation = patched.value()->generation();
        api::ObjectPtr last;
        const bool done = test::waitFor(
            [&] {
                auto d = client::callBlocking<api::ObjectPtr>(
                    [&](auto cb) { return client.get(kind, QStringLiteral("default"), name, cb); });
                if (!d)
                    return false;
                last = d.value();
                const QJsonObject st = last->status();
                return st.value(QLatin1String("observedGeneration")).toInteger() >= generation &&
                       st.value(QLatin1String("updatedReplicas")).toInt() == replicas &&
                       st.value(QLatin1String("replicas")).toInt() == replicas &&
                       st.value(QLatin1String("availableReplicas")).toInt() == replicas;
            },
            600s);
        out << "| rolling update of " << replicas << " replicas | "
            << (done ? QString::number(clock.elapsed() - t1) + " ms" : QStringLiteral("did not finish")) << " |\n";
        out.flush();
    }
    podInformer.stop();
    daemon.stop();
    return allRunning ? 0 : 1;
}
