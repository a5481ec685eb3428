#include "controlplane.h"

#include "apiserver/apiserver.h"
#include "apiserver/httpserver.h"
#include "client/apiclient.h"
#include "client/kubeconfig.h"
#include "controllers/controllermanager.h"
#include "controllers/deploymentcontroller.h"
#include "controllers/endpointscontroller.h"
#include "controllers/endpointslicecontroller.h"
#include "controllers/garbagecollector.h"
#include "controllers/leaderelector.h"
#include "controllers/namespacecontroller.h"
#include "controllers/nodelifecyclecontroller.h"
#include "controllers/replicasetcontroller.h"
#include "controllers/taintevictioncontroller.h"
#include "localapi.h"
#include "runtime/simnodepool.h"
#include "scheduler/schedulerservice.h"
#include "security.h"
#include "store/storefactory.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QHostInfo>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

namespace tugboat::daemon {

using api::Error;
using api::ErrorCode;

namespace {

// Namespaces every cluster has (Kubernetes creates them at start).
const char *const kSystemNamespaces[] = {"default", "kube-system", "kube-public", "kube-node-lease"};

api::Result<void> ensureNamespaces(apiserver::Registry &registry)
{
    const api::ResourceInfo ns = *api::Kinds::byKind(QStringLiteral("Namespace"));
    for (const char *name : kSystemNamespaces) {
        const api::Object object(
            QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("kind"), QStringLiteral("Namespace")},
                        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QLatin1String(name)}}}});
        auto created = registry.create(ns, QString(), object, {}, nullptr);
        if (!created && created.error().code() != ErrorCode::AlreadyExists)
            return created.error();
    }
    return {};
}

} // namespace

ControlPlane::ControlPlane(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

ControlPlane::~ControlPlane()
{
    stop();
}

api::Result<void> ControlPlane::start()
{
    if (!QDir().mkpath(m_options.dataDir))
        return Error(ErrorCode::Internal, QStringLiteral("cannot create the data dir %1").arg(m_options.dataDir));
    QFile::setPermissions(m_options.dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    store::StoreOptions storeOptions;
    storeOptions.retentionMs = m_options.historyRetentionMs;
    auto opened = store::openStore(m_options.storeUrl, m_options.dataDir, storeOptions);
    if (!opened)
        return Error(opened.error().code(), QStringLiteral("store: ") + opened.error().message());
    m_store = std::move(opened.value());

    m_api = std::make_unique<apiserver::ApiServer>(*m_store, api::Clock::system());
    // New pods tolerate an unreachable or not-ready node for this long (DefaultTolerationSeconds).
    m_api->registry().setPodEvictionTimeout(std::chrono::milliseconds(m_options.podEvictionTimeoutMs));
    if (auto r = ensureNamespaces(m_api->registry()); !r)
        return Error(r.error().code(), QStringLiteral("store: ") + r.error().message());

    m_http = std::make_unique<apiserver::HttpServer>(
        [api = m_api.get()](const apiserver::HttpExchangePtr &e) { api->handle(e); });
    const QHostAddress host(m_options.listenHost);
    if (!m_http->listen(host, m_options.listenPort))
        return Error(ErrorCode::Unavailable, QStringLiteral("cannot listen on %1:%2: %3")
                                                 .arg(m_options.listenHost)
                                                 .arg(m_options.listenPort)
                                                 .arg(m_http->errorString()));
    // Clients on this machine reach a wildcard listener through loopback.
    const QString reachable = host == QHostAddress::AnyIPv4 || host == QHostAddress::Any
                                  ? (m_options.nodeIp.isEmpty() ? QStringLiteral("127.0.0.1") : m_options.nodeIp)
                                  : m_options.listenHost;
    m_url.setScheme(m_options.insecureHttp ? QStringLiteral("http") : QStringLiteral("https"));
    m_url.setHost(reachable);
    m_url.setPort(m_http->serverPort());

    auto security = setUpSecurity(*m_api, *m_http, m_options.dataDir, m_url, m_options.insecureHttp, m_options.nodeIp);
    if (!security)
        return security.error();
    m_adminKubeconfig = *security;
    if (auto controllers = startControlLoops(); !controllers)
        return controllers.error();

    QTextStream out(stdout);
    if (m_options.insecureHttp)
        out << "tugboatd: WARNING: --insecure-http: plain HTTP without authentication, for tests on loopback only\n";
    QUrl serving = m_url;
    serving.setHost(m_options.listenHost);
    out << "tugboatd: serving on " << serving.toString() << '\n';
    out << "tugboatd: admin kubeconfig at " << m_adminKubeconfig << '\n';
    out.flush();
    return {};
}

api::Result<void> ControlPlane::startControllers()
{
    auto kubeconfig = client::Kubeconfig::loadFile(m_adminKubeconfig);
    if (!kubeconfig)
        return kubeconfig.error();
    auto config = kubeconfig->resolve();
    if (!config)
        return config.error();
    // The controllers call this process's API server in process: the same requests, no TLS or sockets.
    client::ClientConfig local = *config;
    local.local = localServerFor(*m_api);
    m_controllers = std::make_unique<controllers::ControllerManager>(local);
    // The garbage collector first: it caches every kind whole, and the informers it starts serve the
    // other controllers too (shared informers), transformed caches included.
    m_controllers->add(QStringLiteral("garbage-collector"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::GarbageCollector>(c.client, c.scheduler);
    });
    m_controllers->add(QStringLiteral("namespace-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::NamespaceController>(c.client, c.scheduler);
    });
    m_controllers->add(QStringLiteral("replicaset-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::ReplicaSetController>(c.client, c.scheduler, c.recorder);
    });
    m_controllers->add(QStringLiteral("deployment-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::DeploymentController>(c.client, c.scheduler, c.recorder);
    });
    m_controllers->add(QStringLiteral("endpoints-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::EndpointsController>(c.client, c.scheduler, c.recorder);
    });
    m_controllers->add(QStringLiteral("endpointslice-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::EndpointSliceController>(c.client, c.scheduler, c.recorder);
    });
    controllers::NodeLifecycleControllerOptions lifecycle;
    lifecycle.nodeMonitorGracePeriod = std::chrono::milliseconds(m_options.nodeMonitorGracePeriodMs);
    // Look often enough that a short grace period (tests, the consoles' learning mode) is noticed in time.
    lifecycle.nodeMonitorPeriod = std::min(
        lifecycle.nodeMonitorPeriod, std::max(lifecycle.nodeMonitorGracePeriod / 4, std::chrono::milliseconds(100)));
    m_controllers->add(
        QStringLiteral("node-lifecycle-controller"), [lifecycle](const controllers::ControllerContext &c) {
            return std::make_unique<controllers::NodeLifecycleController>(c.client, c.scheduler, c.recorder, lifecycle);
        });
    m_controllers->add(QStringLiteral("taint-eviction-controller"), [](const controllers::ControllerContext &c) {
        return std::make_unique<controllers::TaintEvictionController>(c.client, c.scheduler, c.recorder);
    });
    m_controllers->add(QStringLiteral("default-scheduler"), [](const controllers::ControllerContext &c) {
        return std::make_unique<scheduler::SchedulerService>(c);
    });
    // Simulated nodes: --sim-nodes N of them, and the built-in node itself with --runtime sim.
    QStringList simulated;
    if (m_options.runtime == QLatin1String("sim") && !m_options.noAgent)
        simulated << (m_options.nodeName.isEmpty() ? QHostInfo::localHostName().toLower() : m_options.nodeName);
    for (int i = 1; i <= m_options.simNodes; ++i)
        simulated << QStringLiteral("sim-%1").arg(i);
    if (!simulated.isEmpty()) {
        runtime::SimNodeOptions sim;
        sim.names = simulated;
        sim.count = int(simulated.size());
        // Renew well within the grace period the node lifecycle controller allows (kubelets renew every
        // 10 s against a 50 s grace).
        sim.leaseRenewInterval =
            std::clamp(lifecycle.nodeMonitorGracePeriod / 5, std::chrono::milliseconds(100), sim.leaseRenewInterval);
        m_controllers->add(QStringLiteral("sim-nodes"), [sim](const controllers::ControllerContext &c) {
            return std::make_unique<runtime::SimNodePool>(c.client, c.scheduler, sim);
        });
    }
    if (!m_controllers->start())
        return Error(ErrorCode::Internal, QStringLiteral("the controllers did not start"));
    return {};
}

// --- one server, or several (HA)

bool ControlPlane::electsLeader() const
{
    return m_options.storeUrl.startsWith(QLatin1String("etcd://"));
}

QString ControlPlane::leaderIdentity() const
{
    return m_elector ? m_elector->identity() : QString();
}

api::Result<void> ControlPlane::startControlLoops()
{
    if (!electsLeader())
        return startControllers(); // one server by construction: no election, no wait
    return startElection();
}

api::Result<void> ControlPlane::startElection()
{
    auto kubeconfig = client::Kubeconfig::loadFile(m_adminKubeconfig);
    if (!kubeconfig)
        return kubeconfig.error();
    auto config = kubeconfig->resolve();
    if (!config)
        return config.error();
    controllers::LeaderElectorOptions election;
    // Safe: stop() stops the controllers before the elector releases.
    election.releaseOnCancel = true;
    // Each request gives up well within renewDeadline; the elector's own retries follow retryPeriod.
    client::ClientOptions clientOptions;
    clientOptions.requestTimeoutMs = int(election.renewDeadline.count() / 2);
    clientOptions.maxRetries = 0;
    clientOptions.userAgent = QStringLiteral("tugboatd/leader-election");
    m_electionClient = std::make_unique<client::ApiClient>(*config, clientOptions);
    m_electionTimers = std::make_unique<controllers::TimerDelayScheduler>(this);
    m_elector = std::make_unique<controllers::LeaderElector>(*m_electionClient, *m_electionTimers, election);
    connect(m_elector.get(), &controllers::LeaderElector::startedLeading, this, &ControlPlane::startedLeading);
    connect(m_elector.get(), &controllers::LeaderElector::stoppedLeading, this, &ControlPlane::stoppedLeading);
    return m_elector->start();
}

void ControlPlane::startedLeading()
{
    QTextStream out(stdout);
    if (auto started = startControllers(); !started) {
        // Leading without controllers would hold the others off for nothing: give the lease up.
        QTextStream(stderr) << "tugboatd: cannot start the controllers: " << started.error().message() << '\n';
        m_elector->stop();
        return;
    }
    out << "tugboatd: leading the control plane as " << m_elector->identity() << '\n';
    out.flush();
}

void ControlPlane::stoppedLeading()
{
    // At once: another server may take over once the lease runs out, and must find no one acting.
    stopControllers();
    QTextStream out(stdout);
    out << "tugboatd: stopped leading\n";
    out.flush();
}

void ControlPlane::stopControllers()
{
    if (m_controllers)
        m_controllers->stop();
    m_controllers.reset();
}

// Stops campaigning; a leader stops its controllers (stoppedLeading) and releases the lease. The
// release goes through this server's API, so the event loop runs until it answered, 2 s at most.
void ControlPlane::stopElection()
{
    if (!m_elector)
        return;
    QEventLoop loop;
    bool finished = false;
    connect(m_elector.get(), &controllers::LeaderElector::stopped, &loop, [&] {
        finished = true;
        loop.quit();
    });
    m_elector->stop();
    if (!finished) {
        QTimer::singleShot(2000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    m_elector.reset();
    m_electionTimers.reset();
    m_electionClient.reset();
}

void ControlPlane::stop()
{
    if (m_stopping)
        return; // a second signal while the release is waited for
    m_stopping = true;
    // Controllers first: they are clients of the API server below.
    stopElection();
    stopControllers();
    if (m_http)
        m_http->close();
    m_http.reset();
    m_api.reset();
    m_store.reset();
    m_stopping = false;
}

} // namespace tugboat::daemon
