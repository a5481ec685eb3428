#include "podinfo.h"

#include "api/quantity.h"

#include <QJsonObject>

#include <algorithm>

namespace tugboat::scheduler {

namespace {

using api::Error;
using api::ErrorCode;
using api::Result;

Resources maxOf(const Resources &a, const Resources &b)
{
    return {std::max(a.milliCpu, b.milliCpu), std::max(a.memory, b.memory),
            std::max(a.ephemeralStorage, b.ephemeralStorage)};
}

struct ContainerRequests {
    Resources fit;
    Resources nonZero;
};

// One resource of a requests map: the request, else the limit (API defaulting), else absent.
Result<bool> readQuantity(const QJsonObject &requests, const QJsonObject &limits, QLatin1String name, bool milli,
                          qint64 *out)
{
    QJsonValue v = requests.value(name);
    if (v.isUndefined())
        v = limits.value(name);
    if (v.isUndefined())
        return false;
    auto q = api::Quantity::parse(v.toString());
    if (!q)
        return Error(ErrorCode::Invalid, QStringLiteral("resources.requests[%1]: %2").arg(name, q.errorMessage()));
    *out = milli ? q->milliValue() : q->value();
    return true;
}

Result<ContainerRequests> containerRequests(const QJsonObject &container)
{
    const QJsonObject resources = container.value(QLatin1String("resources")).toObject();
    const QJsonObject requests = resources.value(QLatin1String("requests")).toObject();
    const QJsonObject limits = resources.value(QLatin1String("limits")).toObject();
    ContainerRequests r;
    auto cpu = readQuantity(requests, limits, QLatin1String("cpu"), true, &r.fit.milliCpu);
    if (!cpu)
        return cpu.error();
    auto memory = readQuantity(requests, limits, QLatin1String("memory"), false, &r.fit.memory);
    if (!memory)
        return memory.error();
    auto storage = readQuantity(requests, limits, QLatin1String("ephemeral-storage"), false, &r.fit.ephemeralStorage);
    if (!storage)
        return storage.error();
    r.nonZero = r.fit;
    if (!*cpu)
        r.nonZero.milliCpu = kDefaultMilliCpuRequest;
    if (!*memory)
        r.nonZero.memory = kDefaultMemoryRequest;
    return r;
}

// Worked example: containers 500m + 250m, init containers 1 and 200m (plain), no sidecars:
// max(750m, max(1000m, 200m)) = 1000m.
Result<void> addRequests(const QJsonObject &spec, PodInfo &info)
{
    ContainerRequests containers, sidecars, init;
    for (const QJsonValue &c : spec.value(QLatin1String("containers")).toArray()) {
        auto r = containerRequests(c.toObject());
        if (!r)
            return r.error();
        containers.fit += r->fit;
        containers.nonZero += r->nonZero;
    }
    for (const QJsonValue &c : spec.value(QLatin1String("initContainers")).toArray()) {
        const QJsonObject container = c.toObject();
        auto r = containerRequests(container);
        if (!r)
            return r.error();
        ContainerRequests running = sidecars;
        running.fit += r->fit;
        running.nonZero += r->nonZero;
        if (container.value(QLatin1String("restartPolicy")).toString() == QLatin1String("Always"))
            sidecars = running;
        init.fit = maxOf(init.fit, running.fit);
        init.nonZero = maxOf(init.nonZero, running.nonZero);
    }
    containers.fit += sidecars.fit;
    containers.nonZero += sidecars.nonZero;
    info.requests = maxOf(containers.fit, init.fit);
    info.nonZeroRequests = maxOf(containers.nonZero, init.nonZero);

    const QJsonObject overhead = spec.value(QLatin1String("overhead")).toObject();
    if (!overhead.isEmpty()) {
        auto r = containerRequests(
            QJsonObject{{QLatin1String("resources"), QJsonObject{{QLatin1String("requests"), overhead}}}});
        if (!r)
            return r.error();
        info.requests += r->fit;
        // Overhead adds only what it names; the non-zero defaults are for containers.
        info.nonZeroRequests += r->fit;
    }
    return {};
}

void addHostPorts(const QJsonObject &spec, PodInfo &info)
{
    for (const QJsonValue &c : spec.value(QLatin1String("containers")).toArray()) {
        for (const QJsonValue &p : c.toObject().value(QLatin1String("ports")).toArray()) {
            const QJsonObject port = p.toObject();
            const int hostPort = port.value(QLatin1String("hostPort")).toInt();
            if (hostPort <= 0)
                continue;
            HostPort hp;
            hp.port = hostPort;
            const QString ip = port.value(QLatin1String("hostIP")).toString();
            if (!ip.isEmpty())
                hp.ip = ip;
            const QString protocol = port.value(QLatin1String("protocol")).toString();
            if (!protocol.isEmpty())
                hp.protocol = protocol;
            info.hostPorts.append(hp);
        }
    }
}

Result<void> addAffinity(const QJsonObject &spec, PodInfo &info)
{
    const QJsonObject nodeAffinity =
        spec.value(QLatin1String("affinity")).toObject().value(QLatin1String("nodeAffinity")).toObject();
    const QJsonValue required = nodeAffinity.value(QLatin1String("requiredDuringSchedulingIgnoredDuringExecution"));
    if (required.isObject()) {
        auto selector = NodeSelector::fromJson(required.toObject());
        if (!selector)
            return selector.error();
        info.requiredAffinity = std::move(*selector);
    }
    for (const QJsonValue &v :
         nodeAffinity.value(QLatin1String("preferredDuringSchedulingIgnoredDuringExecution")).toArray()) {
        const QJsonObject preferred = v.toObject();
        auto term = NodeSelector::termFromJson(preferred.value(QLatin1String("preference")).toObject());
        if (!term)
            return term.error();
        info.preferredAffinity.append({preferred.value(QLatin1String("weight")).toInt(), std::move(*term)});
    }
    return {};
}

} // namespace

bool HostPort::conflicts(const HostPort &other) const
{
    if (port != other.port || protocol != other.protocol)
        return false;
    const QLatin1String any("0.0.0.0");
    return ip == other.ip || ip == any || other.ip == any;
}

Result<PodInfoPtr> PodInfo::fromPod(const api::Object &pod)
{
    auto info = std::make_shared<PodInfo>();
    info->pod = pod;
    const QJsonObject metadata = pod.metadata();
    info->key = metadata.value(QLatin1String("namespace")).toString() + QLatin1Char('/') +
                metadata.value(QLatin1String("name")).toString();
    info->uid = metadata.value(QLatin1String("uid")).toString();
    info->terminating = metadata.contains(QLatin1String("deletionTimestamp"));
    for (const QJsonValue &ref : metadata.value(QLatin1String("ownerReferences")).toArray()) {
        const QJsonObject r = ref.toObject();
        if (r.value(QLatin1String("controller")).toBool()) {
            info->controllerUid = r.value(QLatin1String("uid")).toString();
            break;
        }
    }
    const QJsonObject spec = pod.spec();
    info->nodeName = spec.value(QLatin1String("nodeName")).toString();
    if (auto r = addRequests(spec, *info); !r)
        return Error(ErrorCode::Invalid, QStringLiteral("pod %1: %2").arg(info->key, r.errorMessage()));
    addHostPorts(spec, *info);
    info->tolerations = Toleration::fromJson(spec.value(QLatin1String("tolerations")).toArray());
    info->nodeSelector = api::Object::stringMap(spec.value(QLatin1String("nodeSelector")).toObject());
    if (auto r = addAffinity(spec, *info); !r)
        return Error(ErrorCode::Invalid, QStringLiteral("pod %1: %2").arg(info->key, r.errorMessage()));
    return PodInfoPtr(std::move(info));
}

} // namespace tugboat::scheduler
