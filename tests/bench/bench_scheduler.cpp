// Scheduler benchmark: pods/s for one decision at a time (parse the pod, filter, score, pick, assume),
// scheduling 10,000 pods onto 1,000 nodes, with and without resource requests.
//
//   bench_scheduler [--pods N] [--nodes N]
//
// Prints one Markdown table. Not a test: nothing here asserts speed.
#include "scheduler/scheduler.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

using namespace tugboat;
using namespace tugboat::scheduler;

namespace {

api::Object makeNode(int i)
{
    const QString name = QStringLiteral("node-%1").arg(i, 4, 10, QLatin1Char('0'));
    const QJsonObject resources{{QStringLiteral("cpu"), QStringLiteral("32")},
                                {QStringLiteral("memory"), QStringLiteral("128Gi")},
                                {QStringLiteral("pods"), QStringLiteral("110")}};
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Node")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("labels"),
                      QJsonObject{{QStringLiteral("kubernetes.io/hostname"), name},
                                  {QStringLiteral("topology.kubernetes.io/zone"), QStringLiteral("z%1").arg(i % 3)}}}}},
        {QStringLiteral("spec"), QJsonObject{}},
        {QStringLiteral("status"),
         QJsonObject{{QStringLiteral("capacity"), resources},
                     {QStringLiteral("allocatable"), resources},
                     {QStringLiteral("conditions"),
                      QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Ready")},
                                             {QStringLiteral("status"), QStringLiteral("True")}}}}}},
    });
}

api::Object makePod(int i, bool requests)
{
    QJsonObject container{{QStringLiteral("name"), QStringLiteral("app")},
                          {QStringLiteral("image"), QStringLiteral("nginx:1.25")}};
    if (requests)
        container.insert(QStringLiteral("resources"),
                         QJsonObject{{QStringLiteral("requests"),
                                      QJsonObject{{QStringLiteral("cpu"), QStringLiteral("100m")},
                                                  {QStringLiteral("memory"), QStringLiteral("128Mi")}}}});
    const QString rs = QStringLiteral("rs-%1").arg(i % 100);
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"),
         QJsonObject{
             {QStringLiteral("name"), QStringLiteral("pod-%1").arg(i)},
             {QStringLiteral("namespace"), QStringLiteral("default")},
             {QStringLiteral("uid"), QStringLiteral("00000000-0000-0000-0000-%1").arg(i, 12, 10, QLatin1Char('0'))},
             {QStringLiteral("ownerReferences"),
              QJsonArray{QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                                     {QStringLiteral("kind"), QStringLiteral("ReplicaSet")},
                                     {QStringLiteral("name"), rs},
                                     {QStringLiteral("uid"), QStringLiteral("uid-") + rs},
                                     {QStringLiteral("controller"), true}}}}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}},
    });
}

struct Run {
    double podsPerSecond = 0;
    int failures = 0;
    int maxPerNode = 0;
};

Run run(int nodes, int pods, bool requests, int percentage)
{
    Snapshot snapshot;
    for (int i = 0; i < nodes; ++i)
        snapshot.setNode(makeNode(i));
    std::vector<api::Object> objects;
    objects.reserve(size_t(pods));
    for (int i = 0; i < pods; ++i)
        objects.push_back(makePod(i, requests));
    Scheduler::Options options;
    options.percentageOfNodesToScore = percentage;
    Scheduler scheduler(options);
    Run r;
    QElapsedTimer t;
    t.start();
    for (const api::Object &p : objects) {
        auto d = scheduler.schedule(snapshot, p);
        if (!d.ok()) {
            ++r.failures;
            continue;
        }
        snapshot.addPod(d->pod, d->nodeName);
    }
    r.podsPerSecond = pods / (double(t.nsecsElapsed()) / 1e9);
    for (const NodeInfo &n : snapshot.nodes())
        r.maxPerNode = std::max(r.maxPerNode, n.podCount());
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int pods = 10000, nodes = 1000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--pods"))
            pods = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--nodes"))
            nodes = args[i + 1].toInt();
    }
    QTextStream out(stdout);
    out << "| scenario | nodes | pods | pods/s | max pods on a node | failures |\n|---|---|---|---|---|---|\n";
    const struct {
        const char *name;
        bool requests;
        int percentage;
    } scenarios[] = {{"no requests, adaptive sample", false, 0},
                     {"requests 100m/128Mi, adaptive sample", true, 0},
                     {"no requests, score all nodes", false, 100},
                     {"requests 100m/128Mi, score all nodes", true, 100}};
    for (const auto &s : scenarios) {
        const Run r = run(nodes, pods, s.requests, s.percentage);
        out << "| " << s.name << " | " << nodes << " | " << pods << " | " << qRound(r.podsPerSecond) << " | "
            << r.maxPerNode << " | " << r.failures << " |\n";
        out.flush();
    }
    return 0;
}
