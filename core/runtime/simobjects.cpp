#include "simobjects.h"

#include "api/clock.h"

#include <QJsonArray>

namespace tugboat::runtime {

namespace {

QString stamp(const QDateTime &t)
{
    return api::formatTimestamp(t);
}

QJsonObject condition(const QString &type, bool status, const QDateTime &now, const QString &reason = {},
                      const QString &message = {}, bool heartbeat = false)
{
    QJsonObject c{{QStringLiteral("type"), type},
                  {QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False")},
                  {QStringLiteral("lastTransitionTime"), stamp(now)}};
    if (heartbeat)
        c.insert(QStringLiteral("lastHeartbeatTime"), stamp(now));
    if (!reason.isEmpty())
        c.insert(QStringLiteral("reason"), reason);
    if (!message.isEmpty())
        c.insert(QStringLiteral("message"), message);
    return c;
}

QJsonArray containers(const api::Object &pod, const char *field = "containers")
{
    return pod.spec().value(QLatin1String(field)).toArray();
}

QString containerId(const api::Object &pod, const QString &container)
{
    return QStringLiteral("sim://%1/%2").arg(pod.uid(), container);
}

// A container status with `state`; the image as the spec names it.
QJsonObject containerStatus(const api::Object &pod, const QJsonObject &container, const QJsonObject &state, bool ready,
                            bool withId)
{
    const QString name = container.value(QLatin1String("name")).toString();
    const QString image = container.value(QLatin1String("image")).toString();
    QJsonObject s{{QStringLiteral("name"), name},
                  {QStringLiteral("image"), image},
                  {QStringLiteral("imageID"), withId ? QStringLiteral("sim://") + image : QString()},
                  {QStringLiteral("ready"), ready},
                  {QStringLiteral("started"), ready},
                  {QStringLiteral("restartCount"), 0},
                  {QStringLiteral("state"), state}};
    if (withId)
        s.insert(QStringLiteral("containerID"), containerId(pod, name));
    return s;
}

QJsonArray statusesOf(const api::Object &pod, const char *field, const QJsonObject &state, bool ready, bool withId)
{
    QJsonArray out;
    for (const QJsonValue &c : containers(pod, field))
        out.append(containerStatus(pod, c.toObject(), state, ready, withId));
    return out;
}

QJsonObject terminated(const QDateTime &now, const QString &startedAt)
{
    return QJsonObject{{QStringLiteral("terminated"),
                        QJsonObject{{QStringLiteral("exitCode"), 0},
                                    {QStringLiteral("reason"), QStringLiteral("Completed")},
                                    {QStringLiteral("startedAt"), startedAt.isEmpty() ? stamp(now) : startedAt},
                                    {QStringLiteral("finishedAt"), stamp(now)}}}};
}

} // namespace

QString simNodeIp(int index)
{
    return QStringLiteral("10.0.%1.%2").arg(index / 256).arg(index % 256);
}

QString simPodCidr(int index)
{
    return QStringLiteral("10.%1.%2.0/24").arg(42 + index / 256).arg(index % 256);
}

QString simPodIp(int index, int host)
{
    return QStringLiteral("10.%1.%2.%3").arg(42 + index / 256).arg(index % 256).arg(host);
}

int simPodHost(int index, const QString &ip)
{
    const QString prefix = QStringLiteral("10.%1.%2.").arg(42 + index / 256).arg(index % 256);
    if (!ip.startsWith(prefix))
        return 0;
    bool ok = false;
    const int host = QStringView(ip).mid(prefix.size()).toInt(&ok);
    return ok && host >= kFirstPodHost && host <= kLastPodHost ? host : 0;
}

QString microTime(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'000Z'"));
}

QJsonObject simNodeStatus(const QString &name, int index, const QDateTime &now)
{
    const QJsonObject resources{{QStringLiteral("cpu"), QStringLiteral("8")},
                                {QStringLiteral("memory"), QStringLiteral("32Gi")},
                                {QStringLiteral("pods"), QStringLiteral("110")}};
    const QJsonArray conditions{
        condition(QStringLiteral("Ready"), true, now, QStringLiteral("KubeletReady"),
                  QStringLiteral("kubelet is posting ready status"), true),
        condition(QStringLiteral("MemoryPressure"), false, now, QStringLiteral("KubeletHasSufficientMemory"),
                  QStringLiteral("kubelet has sufficient memory available"), true),
        condition(QStringLiteral("DiskPressure"), false, now, QStringLiteral("KubeletHasNoDiskPressure"),
                  QStringLiteral("kubelet has no disk pressure"), true),
        condition(QStringLiteral("PIDPressure"), false, now, QStringLiteral("KubeletHasSufficientPID"),
                  QStringLiteral("kubelet has sufficient PID available"), true),
    };
    const QJsonArray addresses{
        QJsonObject{{QStringLiteral("type"), QStringLiteral("InternalIP")},
                    {QStringLiteral("address"), simNodeIp(index)}},
        QJsonObject{{QStringLiteral("type"), QStringLiteral("Hostname")}, {QStringLiteral("address"), name}},
    };
    const QJsonObject nodeInfo{{QStringLiteral("kubeletVersion"), QStringLiteral("v1.33.0-tugboat-sim")},
                               {QStringLiteral("kubeProxyVersion"), QStringLiteral("v1.33.0-tugboat-sim")},
                               {QStringLiteral("containerRuntimeVersion"), QStringLiteral("sim://1.0")},
                               {QStringLiteral("operatingSystem"), QStringLiteral("linux")},
                               {QStringLiteral("architecture"), QStringLiteral("amd64")},
                               {QStringLiteral("osImage"), QStringLiteral("Tugboat simulated node")},
                               {QStringLiteral("kernelVersion"), QStringLiteral("sim")},
                               {QStringLiteral("machineID"), name},
                               {QStringLiteral("systemUUID"), name},
                               {QStringLiteral("bootID"), name}};
    return QJsonObject{
        {QStringLiteral("capacity"), resources},    {QStringLiteral("allocatable"), resources},
        {QStringLiteral("conditions"), conditions}, {QStringLiteral("addresses"), addresses},
        {QStringLiteral("nodeInfo"), nodeInfo},     {QStringLiteral("phase"), QStringLiteral("Running")}};
}

api::Object simNode(const QString &name, int index, const QDateTime &now)
{
    const QJsonObject labels{{QStringLiteral("kubernetes.io/hostname"), name},
                             {QStringLiteral("kubernetes.io/os"), QStringLiteral("linux")},
                             {QStringLiteral("kubernetes.io/arch"), QStringLiteral("amd64")},
                             {QStringLiteral("node.kubernetes.io/instance-type"), QStringLiteral("sim")},
                             {QStringLiteral("type"), QStringLiteral("sim")}};
    const QString cidr = simPodCidr(index);
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Node")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("podCIDR"), cidr}, {QStringLiteral("podCIDRs"), QJsonArray{cidr}}}},
        {QStringLiteral("status"), simNodeStatus(name, index, now)}});
}

api::Object simNodeLease(const QString &name, const QString &nodeUid, int durationSeconds, const QDateTime &now)
{
    QJsonObject meta{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("kube-node-lease")}};
    if (!nodeUid.isEmpty())
        meta.insert(QStringLiteral("ownerReferences"),
                    QJsonArray{QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                           {QStringLiteral("kind"), QStringLiteral("Node")},
                                           {QStringLiteral("name"), name},
                                           {QStringLiteral("uid"), nodeUid}}});
    return api::Object(
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1")},
                    {QStringLiteral("kind"), QStringLiteral("Lease")},
                    {QStringLiteral("metadata"), meta},
                    {QStringLiteral("spec"), QJsonObject{{QStringLiteral("holderIdentity"), name},
                                                         {QStringLiteral("leaseDurationSeconds"), durationSeconds},
                                                         {QStringLiteral("renewTime"), microTime(now)}}}});
}

QJsonObject pendingPodStatus(const api::Object &pod, const QString &hostIp, const QDateTime &now)
{
    const QJsonObject waiting{
        {QStringLiteral("waiting"), QJsonObject{{QStringLiteral("reason"), QStringLiteral("ContainerCreating")}}}};
    QJsonObject status{
        {QStringLiteral("phase"), QStringLiteral("Pending")},
        {QStringLiteral("hostIP"), hostIp},
        {QStringLiteral("hostIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), hostIp}}}},
        {QStringLiteral("startTime"), stamp(now)},
        {QStringLiteral("conditions"),
         QJsonArray{condition(QStringLiteral("PodReadyToStartContainers"), false, now),
                    condition(QStringLiteral("Initialized"), true, now),
                    condition(QStringLiteral("Ready"), false, now, QStringLiteral("ContainersNotReady")),
                    condition(QStringLiteral("ContainersReady"), false, now, QStringLiteral("ContainersNotReady")),
                    condition(QStringLiteral("PodScheduled"), true, now)}},
        {QStringLiteral("containerStatuses"), statusesOf(pod, "containers", waiting, false, false)},
        {QStringLiteral("qosClass"),
         pod.status().value(QLatin1String("qosClass")).toString(QStringLiteral("BestEffort"))}};
    return status;
}

QJsonObject runningPodStatus(const api::Object &pod, const QString &hostIp, const QString &podIp, const QDateTime &now)
{
    const QString started = pod.status().value(QLatin1String("startTime")).toString(stamp(now));
    const QJsonObject running{{QStringLiteral("running"), QJsonObject{{QStringLiteral("startedAt"), stamp(now)}}}};
    QJsonObject status{
        {QStringLiteral("phase"), QStringLiteral("Running")},
        {QStringLiteral("hostIP"), hostIp},
        {QStringLiteral("hostIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), hostIp}}}},
        {QStringLiteral("podIP"), podIp},
        {QStringLiteral("podIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), podIp}}}},
        {QStringLiteral("startTime"), started},
        {QStringLiteral("conditions"),
         QJsonArray{condition(QStringLiteral("PodReadyToStartContainers"), true, now),
                    condition(QStringLiteral("Initialized"), true, now), condition(QStringLiteral("Ready"), true, now),
                    condition(QStringLiteral("ContainersReady"), true, now),
                    condition(QStringLiteral("PodScheduled"), true, now)}},
        {QStringLiteral("containerStatuses"), statusesOf(pod, "containers", running, true, true)},
        {QStringLiteral("qosClass"),
         pod.status().value(QLatin1String("qosClass")).toString(QStringLiteral("BestEffort"))}};
    if (!containers(pod, "initContainers").isEmpty())
        status.insert(QStringLiteral("initContainerStatuses"),
                      statusesOf(pod, "initContainers", terminated(now, started), false, true));
    return status;
}

QJsonObject terminatedPodStatus(const api::Object &pod, const QDateTime &now)
{
    QJsonObject status = pod.status();
    const QString started = status.value(QLatin1String("startTime")).toString();
    status.insert(QStringLiteral("containerStatuses"),
                  statusesOf(pod, "containers", terminated(now, started), false, true));
    QJsonArray conditions;
    for (const QJsonValue &v : status.value(QLatin1String("conditions")).toArray()) {
        QJsonObject c = v.toObject();
        const QString type = c.value(QLatin1String("type")).toString();
        if (type == QLatin1String("Ready") || type == QLatin1String("ContainersReady")) {
            c.insert(QStringLiteral("status"), QStringLiteral("False"));
            c.insert(QStringLiteral("reason"), QStringLiteral("PodCompleted"));
            c.insert(QStringLiteral("lastTransitionTime"), stamp(now));
        }
        conditions.append(c);
    }
    status.insert(QStringLiteral("conditions"), conditions);
    return status;
}

} // namespace tugboat::runtime
