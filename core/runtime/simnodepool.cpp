#include "simnodepool.h"

#include "simobjects.h"

#include "api/kinds.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>

namespace tugboat::runtime {

Q_LOGGING_CATEGORY(lcSim, "tugboat.runtime.sim")

namespace {

const api::ResourceInfo &pods()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Pod"));
    return info;
}
const api::ResourceInfo &nodes()
{
    static const api::ResourceInfo info = *api::Kinds::byKind(QStringLiteral("Node"));
    return info;
}
const api::ResourceInfo &leases()
{
    static const api::ResourceInfo info =
        *api::Kinds::byKind(QStringLiteral("coordination.k8s.io/v1"), QStringLiteral("Lease"));
    return info;
}
const QString kLeaseNamespace = QStringLiteral("kube-node-lease");

QString nodeNameOf(const api::ObjectPtr &pod)
{
    return pod ? pod->spec().value(QLatin1String("nodeName")).toString() : QString();
}

api::Object withStatus(const api::Object &object, const QJsonObject &status)
{
    QJsonObject json = object.json();
    json.insert(QStringLiteral("status"), status);
    return api::Object(json);
}

QString conditionStatus(const api::Object &object, QStringView type)
{
    for (const QJsonValue &c : object.status().value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == type)
            return c.toObject().value(QLatin1String("status")).toString();
    return {};
}

bool isReady(const api::Object &object)
{
    return conditionStatus(object, u"Ready") == QLatin1String("True");
}

bool poweredOffIn(const api::Object &node)
{
    return node.annotations().value(SimNodePool::kPoweredOffAnnotation) == QLatin1String("true");
}

// What the pool keeps of a Node: name, uid, resourceVersion, the power annotation and each condition's
// type and status. A thousand nodes' heartbeats then cost little memory.
api::ObjectPtr nodeEssentials(const api::ObjectPtr &node)
{
    QJsonObject meta{{QStringLiteral("name"), node->name()},
                     {QStringLiteral("uid"), node->uid()},
                     {QStringLiteral("resourceVersion"), node->resourceVersion()}};
    const QJsonValue power =
        node->metadata().value(QLatin1String("annotations")).toObject().value(SimNodePool::kPoweredOffAnnotation);
    if (!power.isUndefined())
        meta.insert(QStringLiteral("annotations"), QJsonObject{{SimNodePool::kPoweredOffAnnotation, power}});
    QJsonArray conditions;
    for (const QJsonValue &c : node->status().value(QLatin1String("conditions")).toArray())
        conditions.append(QJsonObject{{QStringLiteral("type"), c.toObject().value(QLatin1String("type"))},
                                      {QStringLiteral("status"), c.toObject().value(QLatin1String("status"))}});
    return api::makeObject(
        QJsonObject{{QStringLiteral("apiVersion"), node->apiVersion()},
                    {QStringLiteral("kind"), node->kind()},
                    {QStringLiteral("metadata"), meta},
                    {QStringLiteral("status"), QJsonObject{{QStringLiteral("conditions"), conditions}}}});
}

bool allTerminated(const api::Object &pod)
{
    const QJsonArray statuses = pod.status().value(QLatin1String("containerStatuses")).toArray();
    return std::all_of(statuses.begin(), statuses.end(), [](const QJsonValue &s) {
        return s.toObject().value(QLatin1String("state")).toObject().contains(QLatin1String("terminated"));
    });
}

} // namespace

SimNodePool::SimNodePool(client::ApiClient &client, controllers::DelayScheduler &scheduler, SimNodeOptions options,
                         QObject *parent)
    : Controller(QStringLiteral("sim-nodes"), client, scheduler, parent)
    , m_options(std::move(options))
{
    const int count = m_options.names.isEmpty() ? m_options.count : int(m_options.names.size());
    for (int i = 1; i <= count; ++i) {
        SimNode node;
        node.name = m_options.names.isEmpty() ? m_options.namePrefix + QString::number(i) : m_options.names.at(i - 1);
        node.index = i;
        node.ip = simNodeIp(i);
        m_nodeByName.insert(node.name, int(m_nodes.size()));
        m_nodes.push_back(std::move(node));
    }
    client::InformerOptions podOptions;
    podOptions.resource = pods();
    // Every pod, so that the pool shares the controllers' pod informer (SharedInformers); keysFor()
    // keeps those bound to its nodes.
    m_pods =
        &watch(podOptions, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return keysFor(old, now); });
    client::InformerOptions nodeOptions;
    nodeOptions.resource = nodes();
    nodeOptions.transform = nodeEssentials;
    m_nodeCache = &watch(
        nodeOptions, [this](const api::ObjectPtr &old, const api::ObjectPtr &now) { return nodeKeysFor(old, now); });
    connect(this, &Controller::synced, this, &SimNodePool::registerNodes);
}

SimNodePool::~SimNodePool() = default;

QStringList SimNodePool::nodeNames() const
{
    QStringList names;
    for (const SimNode &n : m_nodes)
        names << n.name;
    return names;
}

int SimNodePool::registeredNodes() const
{
    return int(std::count_if(m_nodes.begin(), m_nodes.end(),
                             [](const SimNode &n) { return n.nodeWritten && n.leaseWritten; }));
}

bool SimNodePool::isPoweredOff(const QString &node) const
{
    const auto n = m_nodeByName.constFind(node);
    return n != m_nodeByName.constEnd() && m_nodes[size_t(*n)].poweredOff;
}

bool SimNodePool::nodeIsReady(const QString &node) const
{
    const api::ObjectPtr cached = m_nodeCache->get(QString(), node);
    return cached && isReady(*cached);
}

// One of our nodes, when its power annotation or its readiness changed (or it came or went).
QStringList SimNodePool::nodeKeysFor(const api::ObjectPtr &old, const api::ObjectPtr &now) const
{
    const QString name = (now ? now : old)->name();
    if (!m_nodeByName.contains(name))
        return {};
    if (!old || !now || poweredOffIn(*old) != poweredOffIn(*now) || isReady(*old) != isReady(*now))
        return {name};
    return {};
}

QStringList SimNodePool::keysFor(const api::ObjectPtr &old, const api::ObjectPtr &now) const
{
    if (m_nodeByName.contains(nodeNameOf(now)) || m_nodeByName.contains(nodeNameOf(old)))
        return {client::Informer::keyOf(now ? *now : *old)};
    return {};
}

template <typename F> void SimNodePool::later(std::chrono::milliseconds delay, F f)
{
    QPointer<SimNodePool> self(this);
    scheduler().schedule(delay, [self, f = std::move(f)] {
        if (self && self->isRunning())
            f();
    });
}

// --- nodes and leases

void SimNodePool::registerNodes()
{
    if (m_registering)
        return;
    m_registering = true;
    qCInfo(lcSim) << "registering simulated nodes count=" << m_nodes.size();
    for (SimNode &node : m_nodes) {
        const api::ObjectPtr cached = m_nodeCache->get(QString(), node.name);
        node.poweredOff = cached && poweredOffIn(*cached);
    }
    for (int i = 0; i < int(m_nodes.size()); ++i)
        registerNode(i);
    later(m_options.leaseRenewInterval, [this] { renewLeases(); });
    later(m_options.statusInterval, [this] { postStatuses(); });
}

void SimNodePool::registerNode(int i)
{
    QPointer<SimNodePool> self(this);
    SimNode &node = m_nodes[size_t(i)];
    if (node.poweredOff) {
        // Left powered off by an earlier run: it exists, and stays silent until powered on.
        if (const api::ObjectPtr cached = m_nodeCache->get(QString(), node.name)) {
            node.uid = cached->uid();
            node.nodeWritten = node.leaseWritten = true;
            checkRegistered();
            return;
        }
    }
    const api::Object object = simNode(node.name, node.index, clock().now());
    auto retry = [this, i](const api::Error &error) {
        qCWarning(lcSim) << "node registration failed node=" << m_nodes[size_t(i)].name << "error=" << error.message();
        later(m_options.retryInterval, [this, i] { registerNode(i); });
    };
    auto written = [this, i](const api::ObjectPtr &stored) {
        m_nodes[size_t(i)].nodeWritten = true;
        m_nodes[size_t(i)].uid = stored->uid();
        writeLease(i);
    };
    client().create(nodes(), QString(), object, {}, [=, this](api::Result<api::ObjectPtr> created) {
        if (!self)
            return;
        if (created)
            return written(*created);
        if (created.error().code() != api::ErrorCode::AlreadyExists)
            return retry(created.error());
        // Left from an earlier run: take it over with a fresh status.
        client().get(nodes(), QString(), object.name(), [=, this](api::Result<api::ObjectPtr> current) {
            if (!self)
                return;
            if (!current)
                return retry(current.error());
            const SimNode &n = m_nodes[size_t(i)];
            const api::Object fresh = withStatus(**current, simNodeStatus(n.name, n.index, clock().now()));
            client().updateStatus(nodes(), QString(), fresh, {}, [=](api::Result<api::ObjectPtr> updated) {
                if (!self)
                    return;
                if (!updated)
                    return retry(updated.error());
                written(*updated);
            });
        });
    });
}

void SimNodePool::writeLease(int i)
{
    QPointer<SimNodePool> self(this);
    const SimNode &node = m_nodes[size_t(i)];
    const api::Object lease = simNodeLease(node.name, node.uid, m_options.leaseDurationSeconds, clock().now());
    auto done = [=, this](const api::Result<api::ObjectPtr> &result) {
        if (!self)
            return;
        if (!result) {
            qCWarning(lcSim) << "lease write failed node=" << m_nodes[size_t(i)].name
                             << "error=" << result.error().message();
            later(m_options.retryInterval, [this, i] { writeLease(i); });
            return;
        }
        m_nodes[size_t(i)].leaseWritten = true;
        checkRegistered();
    };
    client().create(leases(), kLeaseNamespace, lease, {}, [=, this](api::Result<api::ObjectPtr> created) {
        if (!self)
            return;
        if (created || created.error().code() != api::ErrorCode::AlreadyExists)
            return done(created);
        const QByteArray patch = QJsonDocument(QJsonObject{{QStringLiteral("spec"), lease.spec()}}).toJson();
        client().patch(leases(), kLeaseNamespace, lease.name(), client::PatchType::Merge, patch, {}, done);
    });
}

void SimNodePool::checkRegistered()
{
    if (!m_announced && registeredNodes() == int(m_nodes.size())) {
        m_announced = true;
        qCInfo(lcSim) << "simulated nodes registered count=" << m_nodes.size();
        emit allRegistered();
    }
}

void SimNodePool::renewLeases()
{
    QPointer<SimNodePool> self(this);
    const QByteArray patch =
        QJsonDocument(
            QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("renewTime"), microTime(clock().now())}}}})
            .toJson(QJsonDocument::Compact);
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        if (!m_nodes[size_t(i)].leaseWritten || m_nodes[size_t(i)].poweredOff)
            continue; // its registration is still retrying, or it is off
        client().patch(leases(), kLeaseNamespace, m_nodes[size_t(i)].name, client::PatchType::Merge, patch, {},
                       [=, this](api::Result<api::ObjectPtr> renewed) {
                           if (!self || renewed)
                               return;
                           qCWarning(lcSim) << "lease renewal failed node=" << m_nodes[size_t(i)].name
                                            << "error=" << renewed.error().message();
                           if (renewed.error().code() == api::ErrorCode::NotFound) {
                               m_nodes[size_t(i)].leaseWritten = false;
                               writeLease(i);
                           }
                       });
    }
    later(m_options.leaseRenewInterval, [this] { renewLeases(); });
}

void SimNodePool::postStatuses()
{
    QPointer<SimNodePool> self(this);
    for (int i = 0; i < int(m_nodes.size()); ++i) {
        if (!m_nodes[size_t(i)].nodeWritten || m_nodes[size_t(i)].poweredOff)
            continue;
        postStatus(i, [=, this](api::Result<api::ObjectPtr> posted) {
            if (!self || posted)
                return;
            qCWarning(lcSim) << "node status failed node=" << m_nodes[size_t(i)].name
                             << "error=" << posted.error().message();
            if (posted.error().code() == api::ErrorCode::NotFound) {
                m_nodes[size_t(i)].nodeWritten = false;
                registerNode(i);
            }
        });
    }
    later(m_options.statusInterval, [this] { postStatuses(); });
}

// The kubelet's status update: every condition with its status and a fresh heartbeat. Strategic
// merge: conditions merge by type, other status fields stay. lastTransitionTime moves only for a
// condition whose status changes (Unknown -> True after the node lifecycle controller marked it).
void SimNodePool::postStatus(int i, client::Callback<api::ObjectPtr> done)
{
    const SimNode &node = m_nodes[size_t(i)];
    const api::ObjectPtr cached = m_nodeCache->get(QString(), node.name);
    QJsonArray conditions;
    for (const QJsonValue &c :
         simNodeStatus(node.name, node.index, clock().now()).value(QLatin1String("conditions")).toArray()) {
        QJsonObject condition = c.toObject();
        const QString type = condition.value(QLatin1String("type")).toString();
        const QString current = cached ? conditionStatus(*cached, type) : QString();
        if (current == condition.value(QLatin1String("status")).toString())
            condition.remove(QLatin1String("lastTransitionTime"));
        conditions.append(condition);
    }
    const QByteArray patch =
        QJsonDocument(QJsonObject{{QStringLiteral("status"), QJsonObject{{QStringLiteral("conditions"), conditions}}}})
            .toJson(QJsonDocument::Compact);
    client::PatchOptions options;
    options.subresource = QStringLiteral("status");
    client().patch(nodes(), QString(), node.name, client::PatchType::Strategic, patch, options, std::move(done));
}

// A node event: power changes, and the node's own view of its readiness.
api::Result<void> SimNodePool::syncNode(const QString &name)
{
    const int i = m_nodeByName.value(name);
    SimNode &node = m_nodes[size_t(i)];
    if (!node.nodeWritten)
        return {}; // registering: registerNode() reads the annotation itself
    const api::ObjectPtr cached = m_nodeCache->get(QString(), name);
    const bool off = cached && poweredOffIn(*cached);
    if (off != node.poweredOff) {
        node.poweredOff = off;
        qCInfo(lcSim).noquote() << (off ? "node powered off" : "node powered on")
                                << QStringLiteral("node=%1").arg(name);
        emit powerChanged(name, !off);
        if (off)
            return {};
        // Booting: the Lease renewed and the status posted at once, then its pods move on.
        writeLease(i);
        postStatus(i, completion<api::ObjectPtr>(name, [this, i, name](const api::Result<api::ObjectPtr> &r) {
                       if (r) {
                           enqueuePodsOf(name);
                           return api::Result<void>();
                       }
                       if (r.error().code() != api::ErrorCode::NotFound)
                           return api::Result<void>(r.error());
                       m_nodes[size_t(i)].nodeWritten = false; // deleted meanwhile: register it again
                       registerNode(i);
                       return api::Result<void>();
                   }));
        return {};
    }
    if (node.poweredOff || !cached)
        return {};
    if (!isReady(*cached)) {
        // Someone else (the node lifecycle controller) says it is not ready: it says it is.
        postStatus(i, completion<api::ObjectPtr>(name));
        return {};
    }
    enqueuePodsOf(name); // ready again: pods marked not ready meanwhile are reported ready
    return {};
}

void SimNodePool::enqueuePodsOf(const QString &node)
{
    for (const api::ObjectPtr &pod : m_pods->list())
        if (nodeNameOf(pod) == node)
            queue().add(client::Informer::keyOf(*pod));
}

// --- pods

api::Result<void> SimNodePool::sync(const QString &key)
{
    if (!key.contains(QLatin1Char('/')))
        return syncNode(key);
    const api::ObjectPtr pod = m_pods->get(key);
    const auto n = m_nodeByName.constFind(nodeNameOf(pod));
    if (!pod || n == m_nodeByName.constEnd()) {
        release(key);
        return {};
    }
    SimNode &node = m_nodes[size_t(*n)];
    if (node.poweredOff)
        return {}; // its pods stay as they are until it is back
    auto state = m_podStates.find(key);
    if (state != m_podStates.end() && state->uid != pod->uid()) {
        release(key); // a new pod of the same name
        state = m_podStates.end();
    }
    if (state == m_podStates.end()) {
        PodState fresh;
        fresh.uid = pod->uid();
        fresh.node = node.name;
        // A pod running from an earlier run keeps its IP.
        const int host = simPodHost(node.index, pod->status().value(QLatin1String("podIP")).toString());
        if (host && !node.usedHosts.contains(host)) {
            node.usedHosts.insert(host);
            fresh.host = host;
        }
        state = m_podStates.insert(key, fresh);
    }
    if (!pod->deletionTimestamp().isEmpty())
        return stopPod(key, *pod, *state);
    return startPod(key, *pod, node, *state);
}

api::Result<void> SimNodePool::startPod(const QString &key, const api::Object &pod, SimNode &node, PodState &state)
{
    const QJsonObject status = pod.status();
    const QString phase = status.value(QLatin1String("phase")).toString();
    if (phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed"))
        return {};
    const QString podIp = status.value(QLatin1String("podIP")).toString();
    if (phase == QLatin1String("Running") && !podIp.isEmpty()) {
        if (isReady(pod) || !nodeIsReady(node.name))
            return {};
        // Marked not ready while its node was away; the node is back and reports it ready.
        const api::Object ready = withStatus(pod, runningPodStatus(pod, node.ip, podIp, clock().now()));
        client().updateStatus(pods(), pod.namespaceName(), ready, {}, completion<api::ObjectPtr>(key));
        return {};
    }

    const qint64 now = nowMs();
    if (!state.runningAtMs) {
        state.runningAtMs = now + m_options.startDelay.count();
        queue().addAfter(key, m_options.startDelay);
        if (phase == QLatin1String("Pending") && status.value(QLatin1String("hostIP")).toString() == node.ip)
            return {};
        const api::Object pending = withStatus(pod, pendingPodStatus(pod, node.ip, clock().now()));
        client().updateStatus(pods(), pod.namespaceName(), pending, {}, completion<api::ObjectPtr>(key));
        return {};
    }
    if (now < state.runningAtMs) {
        queue().addAfter(key, std::chrono::milliseconds(state.runningAtMs - now));
        return {};
    }
    if (!state.host)
        state.host = allocateHost(node, QString());
    if (!state.host)
        return api::Error(api::ErrorCode::Unavailable,
                          QStringLiteral("node %1 has no free pod IP in %2").arg(node.name, simPodCidr(node.index)));
    const api::Object running =
        withStatus(pod, runningPodStatus(pod, node.ip, simPodIp(node.index, state.host), clock().now()));
    client().updateStatus(pods(), pod.namespaceName(), running, {}, completion<api::ObjectPtr>(key));
    return {};
}

api::Result<void> SimNodePool::stopPod(const QString &key, const api::Object &pod, PodState &state)
{
    const QJsonValue podGrace = pod.metadata().value(QLatin1String("deletionGracePeriodSeconds"));
    const qint64 graceSeconds = podGrace.isDouble()
                                    ? podGrace.toInteger()
                                    : pod.spec().value(QLatin1String("terminationGracePeriodSeconds")).toInteger(30);
    const qint64 wait = std::min<qint64>(graceSeconds * 1000, m_options.stopDelay.count());
    const qint64 now = nowMs();
    if (!state.stopAtMs)
        state.stopAtMs = now + wait;
    if (now < state.stopAtMs) {
        queue().addAfter(key, std::chrono::milliseconds(state.stopAtMs - now));
        return {};
    }

    const QString ns = pod.namespaceName();
    const QString name = pod.name();
    const QString uid = pod.uid();
    auto finishDeleting = [this, key, ns, name, uid] {
        client::DeleteOptions options;
        options.gracePeriodSeconds = 0;
        options.preconditionUid = uid;
        client().remove(pods(), ns, name, options,
                        completion<api::ObjectPtr>(key, [](const api::Result<api::ObjectPtr> &r) -> api::Result<void> {
                            // Gone already, or another pod of that name: nothing left to delete.
                            if (r || r.error().code() == api::ErrorCode::NotFound ||
                                r.error().code() == api::ErrorCode::Conflict)
                                return {};
                            return r.error();
                        }));
    };
    if (allTerminated(pod) && !pod.status().value(QLatin1String("containerStatuses")).toArray().isEmpty()) {
        finishDeleting();
        return {};
    }
    const api::Object stopped = withStatus(pod, terminatedPodStatus(pod, clock().now()));
    client().updateStatus(
        pods(), ns, stopped, {},
        completion<api::ObjectPtr>(key, [finishDeleting](const api::Result<api::ObjectPtr> &r) -> api::Result<void> {
            if (r) {
                finishDeleting();
                return {};
            }
            if (r.error().code() == api::ErrorCode::NotFound)
                return {};
            return r.error();
        }));
    return {};
}

int SimNodePool::allocateHost(SimNode &node, const QString &current)
{
    if (const int host = simPodHost(node.index, current); host && !node.usedHosts.contains(host)) {
        node.usedHosts.insert(host);
        return host;
    }
    for (int host = kFirstPodHost; host <= kLastPodHost; ++host) {
        if (!node.usedHosts.contains(host)) {
            node.usedHosts.insert(host);
            return host;
        }
    }
    return 0;
}

void SimNodePool::release(const QString &key)
{
    const PodState state = m_podStates.take(key);
    if (!state.host)
        return;
    if (const auto n = m_nodeByName.constFind(state.node); n != m_nodeByName.constEnd())
        m_nodes[size_t(*n)].usedHosts.remove(state.host);
}

} // namespace tugboat::runtime
