#include "endpointsbuilder.h"

#include "api/kinds.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace tugboat::controllers::endpoints {

namespace {

const QString TcpProtocol = QStringLiteral("TCP");

QString protocolOf(const QJsonObject &port)
{
    const QString protocol = port.value(QLatin1String("protocol")).toString();
    return protocol.isEmpty() ? TcpProtocol : protocol;
}

bool isTerminal(const api::Object &pod)
{
    const QString phase = pod.status().value(QLatin1String("phase")).toString();
    return phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed");
}

// status.podIPs, or status.podIP alone when podIPs is not reported.
QStringList podIps(const api::Object &pod)
{
    const QJsonObject status = pod.status();
    QStringList ips;
    for (const QJsonValue &ip : status.value(QLatin1String("podIPs")).toArray())
        ips << ip.toObject().value(QLatin1String("ip")).toString();
    if (ips.isEmpty())
        ips << status.value(QLatin1String("podIP")).toString();
    ips.removeAll(QString());
    return ips;
}

QString familyOf(const QString &ip)
{
    return ip.contains(QLatin1Char(':')) ? QStringLiteral("IPv6") : QStringLiteral("IPv4");
}

bool familyKnown(const api::Object &service)
{
    const QJsonObject spec = service.spec();
    return !spec.value(QLatin1String("ipFamilies")).toArray().isEmpty() || isServiceIpSet(service);
}

QJsonObject targetRef(const api::Object &pod)
{
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("Pod")},
                       {QStringLiteral("namespace"), pod.namespaceName()},
                       {QStringLiteral("name"), pod.name()},
                       {QStringLiteral("uid"), pod.uid()}};
}

QJsonObject endpointAddress(const api::Object &pod, const api::Object &service, const QString &ip)
{
    QJsonObject address{{QStringLiteral("ip"), ip}, {QStringLiteral("targetRef"), targetRef(pod)}};
    const QString node = pod.spec().value(QLatin1String("nodeName")).toString();
    if (!node.isEmpty())
        address.insert(QStringLiteral("nodeName"), node);
    if (shouldSetHostname(pod, service))
        address.insert(QStringLiteral("hostname"), pod.spec().value(QLatin1String("hostname")));
    return address;
}

// The container port named `name` with `protocol` among `containers`; sidecars only: init containers
// with restartPolicy Always.
std::optional<int> namedPort(const QJsonArray &containers, const QString &name, const QString &protocol,
                             bool sidecarsOnly)
{
    for (const QJsonValue &c : containers) {
        const QJsonObject container = c.toObject();
        if (sidecarsOnly && container.value(QLatin1String("restartPolicy")).toString() != QLatin1String("Always"))
            continue;
        for (const QJsonValue &p : container.value(QLatin1String("ports")).toArray()) {
            const QJsonObject port = p.toObject();
            if (port.value(QLatin1String("name")).toString() == name && protocolOf(port) == protocol)
                return port.value(QLatin1String("containerPort")).toInt();
        }
    }
    return std::nullopt;
}

// --- RepackSubsets

// One address per pod IP (a pod's uid tells apart equal IPs on different hosts).
QString addressKey(const QJsonObject &address)
{
    return address.value(QLatin1String("ip")).toString() + QLatin1Char('\n') +
           address.value(QLatin1String("targetRef")).toObject().value(QLatin1String("uid")).toString();
}

QString portKey(const QJsonObject &port)
{
    return port.value(QLatin1String("name")).toString() + QLatin1Char('\n') +
           QString::number(port.value(QLatin1String("port")).toInt()) + QLatin1Char('\n') + protocolOf(port) +
           QLatin1Char('\n') + port.value(QLatin1String("appProtocol")).toString();
}

// Kubernetes' LessEndpointAddress: by IP (as text), then by pod uid, an address without a pod first.
bool addressLess(const QJsonObject &a, const QJsonObject &b)
{
    const int ip = QString::compare(a.value(QLatin1String("ip")).toString(), b.value(QLatin1String("ip")).toString());
    if (ip != 0)
        return ip < 0;
    const QJsonValue aRef = a.value(QLatin1String("targetRef")), bRef = b.value(QLatin1String("targetRef"));
    if (!bRef.isObject())
        return false;
    if (!aRef.isObject())
        return true;
    return aRef.toObject().value(QLatin1String("uid")).toString() <
           bRef.toObject().value(QLatin1String("uid")).toString();
}

bool portLess(const QJsonObject &a, const QJsonObject &b)
{
    const auto key = [](const QJsonObject &p) {
        return std::make_tuple(p.value(QLatin1String("name")).toString(), p.value(QLatin1String("port")).toInt(),
                               protocolOf(p), p.value(QLatin1String("appProtocol")).toString());
    };
    return key(a) < key(b);
}

QJsonArray sortedArray(QList<QJsonObject> items, bool (*less)(const QJsonObject &, const QJsonObject &))
{
    std::sort(items.begin(), items.end(), less);
    QJsonArray array;
    for (const QJsonObject &item : std::as_const(items))
        array.append(item);
    return array;
}

} // namespace

std::optional<api::StringMap> managedSelector(const api::Object &service)
{
    const QJsonObject spec = service.spec();
    if (spec.value(QLatin1String("type")).toString() == QLatin1String("ExternalName"))
        return std::nullopt;
    const api::StringMap selector = api::Object::stringMap(spec.value(QLatin1String("selector")).toObject());
    if (selector.isEmpty())
        return std::nullopt;
    return selector;
}

bool selectorMatches(const api::StringMap &selector, const api::StringMap &labels)
{
    for (auto it = selector.cbegin(); it != selector.cend(); ++it) {
        const auto found = labels.constFind(it.key());
        if (found == labels.cend() || *found != *it)
            return false;
    }
    return true;
}

bool isPodReady(const api::Object &pod)
{
    for (const QJsonValue &c : pod.status().value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = c.toObject();
        if (condition.value(QLatin1String("type")).toString() == QLatin1String("Ready"))
            return condition.value(QLatin1String("status")).toString() == QLatin1String("True");
    }
    return false;
}

bool shouldPodBeInEndpoints(const api::Object &pod, bool includeTerminating)
{
    if (isTerminal(pod) || podIps(pod).isEmpty())
        return false;
    return includeTerminating || pod.deletionTimestamp().isEmpty();
}

bool isServiceIpSet(const api::Object &service)
{
    const QString ip = service.spec().value(QLatin1String("clusterIP")).toString();
    return !ip.isEmpty() && ip != QLatin1String("None");
}

QString addressType(const api::Object &service)
{
    const QJsonObject spec = service.spec();
    const QJsonArray families = spec.value(QLatin1String("ipFamilies")).toArray();
    if (!families.isEmpty())
        return families.first().toString() == QLatin1String("IPv6") ? QStringLiteral("IPv6") : QStringLiteral("IPv4");
    if (isServiceIpSet(service))
        return familyOf(spec.value(QLatin1String("clusterIP")).toString());
    return QStringLiteral("IPv4");
}

QString podIp(const api::Object &pod, const QString &addressType)
{
    for (const QString &ip : podIps(pod))
        if (familyOf(ip) == addressType)
            return ip;
    return {};
}

bool shouldSetHostname(const api::Object &pod, const api::Object &service)
{
    const QJsonObject spec = pod.spec();
    return !spec.value(QLatin1String("hostname")).toString().isEmpty() &&
           spec.value(QLatin1String("subdomain")).toString() == service.name() &&
           pod.namespaceName() == service.namespaceName();
}

std::optional<int> findPort(const api::Object &pod, const QJsonObject &servicePort)
{
    QJsonValue target = servicePort.value(QLatin1String("targetPort"));
    if (target.isUndefined() || target.isNull() || (target.isString() && target.toString().isEmpty()))
        target = servicePort.value(QLatin1String("port"));
    if (target.isDouble())
        return target.toInt();
    const QString name = target.toString();
    const QString protocol = protocolOf(servicePort);
    const QJsonObject spec = pod.spec();
    if (auto port = namedPort(spec.value(QLatin1String("containers")).toArray(), name, protocol, false))
        return port;
    return namedPort(spec.value(QLatin1String("initContainers")).toArray(), name, protocol, true);
}

QJsonObject endpointPort(const QJsonObject &servicePort, int port, bool alwaysNamed)
{
    QJsonObject p{{QStringLiteral("port"), port}, {QStringLiteral("protocol"), protocolOf(servicePort)}};
    const QString name = servicePort.value(QLatin1String("name")).toString();
    if (alwaysNamed || !name.isEmpty())
        p.insert(QStringLiteral("name"), name);
    const QJsonValue appProtocol = servicePort.value(QLatin1String("appProtocol"));
    if (appProtocol.isString())
        p.insert(QStringLiteral("appProtocol"), appProtocol);
    return p;
}

// --- Endpoints

QJsonArray endpointsSubsets(const api::Object &service, const QList<api::ObjectPtr> &pods)
{
    const QJsonObject spec = service.spec();
    const bool publishNotReady = spec.value(QLatin1String("publishNotReadyAddresses")).toBool();
    const QJsonArray ports = spec.value(QLatin1String("ports")).toArray();
    // Only a headless Service may have no ports; its addresses then go out without any.
    if (ports.isEmpty() && spec.value(QLatin1String("clusterIP")).toString() != QLatin1String("None"))
        return {};
    const bool serviceFamilyKnown = familyKnown(service);
    const QString serviceFamily = addressType(service);
    QJsonArray subsets;
    for (const api::ObjectPtr &pod : pods) {
        if (!shouldPodBeInEndpoints(*pod, publishNotReady))
            continue;
        // A headless Service of an API server that does not set ipFamilies: the pod's first IP says.
        const QString ip = serviceFamilyKnown ? podIp(*pod, serviceFamily) : podIps(*pod).value(0);
        if (ip.isEmpty())
            continue;
        const QJsonObject address = endpointAddress(*pod, service, ip);
        const QString field =
            publishNotReady || isPodReady(*pod) ? QStringLiteral("addresses") : QStringLiteral("notReadyAddresses");
        if (ports.isEmpty()) {
            subsets.append(QJsonObject{{field, QJsonArray{address}}});
            continue;
        }
        for (const QJsonValue &p : ports) {
            const std::optional<int> number = findPort(*pod, p.toObject());
            if (!number)
                continue; // a named port this pod does not have
            subsets.append(QJsonObject{{field, QJsonArray{address}},
                                       {QStringLiteral("ports"), QJsonArray{endpointPort(p.toObject(), *number)}}});
        }
    }
    return repackSubsets(subsets);
}

QJsonArray repackSubsets(const QJsonArray &subsets)
{
    // First: each port (the empty key stands for "no ports") -> the addresses offering it, with their
    // readiness there. Not ready wins over ready.
    struct PortAddresses {
        QJsonObject port;
        QMap<QString, bool> ready; // address key -> ready
    };
    QHash<QString, QJsonObject> addresses; // address key -> the address as first seen
    QMap<QString, PortAddresses> byPort;
    for (const QJsonValue &s : subsets) {
        const QJsonObject subset = s.toObject();
        QList<QJsonObject> ports;
        for (const QJsonValue &p : subset.value(QLatin1String("ports")).toArray())
            ports << p.toObject();
        if (ports.isEmpty())
            ports << QJsonObject();
        for (const QJsonObject &port : std::as_const(ports)) {
            const QString key = port.isEmpty() ? QString() : portKey(port);
            const auto map = [&](const QJsonValue &a, bool ready) {
                const QJsonObject address = a.toObject();
                const QString k = addressKey(address);
                if (!addresses.contains(k))
                    addresses.insert(k, address);
                PortAddresses &entry = byPort[key];
                entry.port = port;
                const auto it = entry.ready.find(k);
                if (it == entry.ready.end())
                    entry.ready.insert(k, ready);
                else if (*it)
                    *it = ready;
            };
            for (const QJsonValue &a : subset.value(QLatin1String("addresses")).toArray())
                map(a, true);
            for (const QJsonValue &a : subset.value(QLatin1String("notReadyAddresses")).toArray())
                map(a, false);
        }
    }
    // Then: ports offered by exactly the same addresses, in the same readiness, share a subset.
    struct Group {
        QList<QJsonObject> ports;
        QMap<QString, bool> ready;
    };
    QMap<QString, Group> groups;
    for (auto it = byPort.cbegin(); it != byPort.cend(); ++it) {
        QString setKey;
        for (auto a = it->ready.cbegin(); a != it->ready.cend(); ++a)
            setKey += a.key() + (*a ? QLatin1String("\t1\n") : QLatin1String("\t0\n"));
        Group &group = groups[setKey];
        group.ready = it->ready;
        if (!it.key().isEmpty())
            group.ports << it->port;
    }
    QList<std::pair<QByteArray, QJsonObject>> repacked;
    for (const Group &group : std::as_const(groups)) {
        QList<QJsonObject> ready, notReady;
        for (auto a = group.ready.cbegin(); a != group.ready.cend(); ++a)
            (*a ? ready : notReady) << addresses.value(a.key());
        QJsonObject subset;
        if (!ready.isEmpty())
            subset.insert(QStringLiteral("addresses"), sortedArray(ready, addressLess));
        if (!notReady.isEmpty())
            subset.insert(QStringLiteral("notReadyAddresses"), sortedArray(notReady, addressLess));
        if (!group.ports.isEmpty())
            subset.insert(QStringLiteral("ports"), sortedArray(group.ports, portLess));
        // Kubernetes orders subsets by a hash of their content; any fixed order of the content will do:
        // by ports, then by addresses.
        QByteArray order;
        for (const QJsonObject &port : std::as_const(group.ports))
            order += portKey(port).toUtf8() + '\x02';
        repacked.append({order + '\x01' + QJsonDocument(subset).toJson(QJsonDocument::Compact), subset});
    }
    std::sort(repacked.begin(), repacked.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QJsonArray result;
    for (const auto &entry : std::as_const(repacked))
        result.append(entry.second);
    return result;
}

int addressCount(const QJsonArray &subsets)
{
    int count = 0;
    for (const QJsonValue &s : subsets)
        count += int(s.toObject().value(QLatin1String("addresses")).toArray().size() +
                     s.toObject().value(QLatin1String("notReadyAddresses")).toArray().size());
    return count;
}

// Worked example, max 1000: 800 ready and 400 not ready addresses. Ready ones all fit, leaving room for
// 200 not ready; a subset with 300 of the 400 keeps ceil(300/400*200) = 150, the next (100 of 400)
// ceil(100/400*200) = 50. With 1500 ready, not ready ones all go and each subset keeps its share of
// the 1000 (rounded up, the last one getting what is left).
bool truncateSubsets(QJsonArray &subsets, int max)
{
    int totalReady = 0, totalNotReady = 0;
    for (const QJsonValue &s : std::as_const(subsets)) {
        totalReady += int(s.toObject().value(QLatin1String("addresses")).toArray().size());
        totalNotReady += int(s.toObject().value(QLatin1String("notReadyAddresses")).toArray().size());
    }
    if (totalReady + totalNotReady <= max)
        return false;
    const bool truncateReady = totalReady > max;
    const int room = truncateReady ? max : max - totalReady;
    const int total = truncateReady ? totalReady : totalNotReady;
    int canBeAdded = room;
    const QString readyField = QStringLiteral("addresses"), notReadyField = QStringLiteral("notReadyAddresses");
    for (qsizetype i = 0; i < subsets.size(); ++i) {
        QJsonObject subset = subsets.at(i).toObject();
        const QString &field = truncateReady ? readyField : notReadyField;
        QJsonArray kept = subset.value(field).toArray();
        const int share = int(std::ceil(double(kept.size()) / double(total) * double(room)));
        const int toKeep = std::min(share, canBeAdded);
        while (kept.size() > toKeep)
            kept.removeLast();
        canBeAdded -= int(kept.size());
        if (kept.isEmpty())
            subset.remove(field);
        else
            subset.insert(field, kept);
        if (truncateReady)
            subset.remove(notReadyField);
        subsets.replace(i, subset);
    }
    // A subset left without addresses would not validate (Kubernetes would send it and fail).
    for (qsizetype i = subsets.size() - 1; i >= 0; --i)
        if (addressCount(QJsonArray{subsets.at(i)}) == 0)
            subsets.removeAt(i);
    return true;
}

// --- EndpointSlice

QJsonArray slicePorts(const api::Object &service, const api::Object &pod)
{
    QJsonArray ports;
    for (const QJsonValue &p : service.spec().value(QLatin1String("ports")).toArray())
        if (const std::optional<int> number = findPort(pod, p.toObject()))
            ports.append(endpointPort(p.toObject(), *number, true));
    return ports;
}

QJsonObject sliceEndpoint(const api::Object &service, const api::Object &pod, const QString &addressType)
{
    const bool serving = isPodReady(pod);
    const bool terminating = !pod.deletionTimestamp().isEmpty();
    // For compatibility, a terminating pod is never ready, unless the Service publishes not-ready ones.
    const bool ready =
        service.spec().value(QLatin1String("publishNotReadyAddresses")).toBool() || (serving && !terminating);
    QJsonArray addresses;
    const QString ip = podIp(pod, addressType);
    if (!ip.isEmpty())
        addresses.append(ip);
    QJsonObject endpoint{{QStringLiteral("addresses"), addresses},
                         {QStringLiteral("conditions"), QJsonObject{{QStringLiteral("ready"), ready},
                                                                    {QStringLiteral("serving"), serving},
                                                                    {QStringLiteral("terminating"), terminating}}},
                         {QStringLiteral("targetRef"), targetRef(pod)}};
    const QString node = pod.spec().value(QLatin1String("nodeName")).toString();
    if (!node.isEmpty())
        endpoint.insert(QStringLiteral("nodeName"), node);
    if (shouldSetHostname(pod, service))
        endpoint.insert(QStringLiteral("hostname"), pod.spec().value(QLatin1String("hostname")));
    return endpoint;
}

QString sliceEndpointId(const QJsonObject &endpoint)
{
    QStringList addresses;
    for (const QJsonValue &a : endpoint.value(QLatin1String("addresses")).toArray())
        addresses << a.toString();
    addresses.sort();
    const QJsonObject ref = endpoint.value(QLatin1String("targetRef")).toObject();
    return addresses.join(QLatin1Char(',')) + QLatin1Char('|') + endpoint.value(QLatin1String("hostname")).toString() +
           QLatin1Char('|') + ref.value(QLatin1String("namespace")).toString() + QLatin1Char('/') +
           ref.value(QLatin1String("name")).toString();
}

QString portSetKey(const QJsonArray &ports)
{
    QStringList keys;
    for (const QJsonValue &p : ports)
        keys << portKey(p.toObject());
    keys.sort();
    return keys.join(QLatin1Char(';'));
}

// --- pods

client::InformerOptions podInformerOptions(const QString &ns)
{
    client::InformerOptions pods;
    pods.resource = *api::Kinds::byKind(QStringLiteral("Pod"));
    pods.namespaceName = ns;
    pods.transform = podView;
    pods.transformId = QStringLiteral("endpoints-pod-view");
    return pods;
}

api::ObjectPtr podView(const api::ObjectPtr &pod)
{
    const auto copy = [](const QJsonObject &from, QJsonObject &to, std::initializer_list<const char *> keys) {
        for (const char *key : keys) {
            const QJsonValue v = from.value(QLatin1String(key));
            if (!v.isUndefined())
                to.insert(QLatin1String(key), v);
        }
    };
    const auto ports = [](const QJsonArray &containers, bool sidecarsOnly) {
        QJsonArray kept;
        for (const QJsonValue &c : containers) {
            const QJsonObject container = c.toObject();
            const QJsonValue restartPolicy = container.value(QLatin1String("restartPolicy"));
            if (sidecarsOnly && restartPolicy.toString() != QLatin1String("Always"))
                continue;
            QJsonObject view{{QStringLiteral("name"), container.value(QLatin1String("name"))},
                             {QStringLiteral("ports"), container.value(QLatin1String("ports")).toArray()}};
            if (sidecarsOnly)
                view.insert(QStringLiteral("restartPolicy"), restartPolicy);
            kept.append(view);
        }
        return kept;
    };
    QJsonObject metadata;
    copy(pod->metadata(), metadata,
         {"name", "namespace", "uid", "resourceVersion", "labels", "deletionTimestamp", "creationTimestamp"});
    const QJsonObject podSpec = pod->spec();
    QJsonObject spec;
    copy(podSpec, spec, {"nodeName", "hostname", "subdomain"});
    spec.insert(QStringLiteral("containers"), ports(podSpec.value(QLatin1String("containers")).toArray(), false));
    const QJsonArray sidecars = ports(podSpec.value(QLatin1String("initContainers")).toArray(), true);
    if (!sidecars.isEmpty())
        spec.insert(QStringLiteral("initContainers"), sidecars);
    const QJsonObject podStatus = pod->status();
    QJsonObject status;
    copy(podStatus, status, {"phase", "podIP", "podIPs"});
    for (const QJsonValue &c : podStatus.value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == QLatin1String("Ready"))
            status.insert(QStringLiteral("conditions"), QJsonArray{c});
    return api::makeObject(QJsonObject{{QStringLiteral("apiVersion"), pod->apiVersion()},
                                       {QStringLiteral("kind"), pod->kind()},
                                       {QStringLiteral("metadata"), metadata},
                                       {QStringLiteral("spec"), spec},
                                       {QStringLiteral("status"), status}});
}

PodChange podChange(const api::Object &old, const api::Object &now)
{
    const auto specString = [](const api::Object &pod, const char *field) {
        return pod.spec().value(QLatin1String(field)).toString();
    };
    PodChange change;
    change.membershipChanged = old.labels() != now.labels() ||
                               specString(old, "hostname") != specString(now, "hostname") ||
                               specString(old, "subdomain") != specString(now, "subdomain");
    change.endpointsChanged = old.deletionTimestamp() != now.deletionTimestamp() ||
                              isPodReady(old) != isPodReady(now) || podIps(old) != podIps(now) ||
                              isTerminal(old) != isTerminal(now) ||
                              specString(old, "nodeName") != specString(now, "nodeName");
    return change;
}

} // namespace tugboat::controllers::endpoints
