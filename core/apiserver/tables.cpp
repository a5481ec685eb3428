#include "tables.h"

#include "api/labelselector.h"
#include "schemas.h"

#include <QDateTime>
#include <QRegularExpression>
#include <functional>

namespace tugboat::apiserver {

using api::Object;
using api::ResourceInfo;

namespace {

const QString kNone = QStringLiteral("<none>");

// ---------------------------------------------------------------------------------------------------
// Columns

struct Column {
    const char *name;
    const char *type;
    QString description;
    int priority = 0;
    bool nameFormat = false;
};

// A field's description in the served schema, as Kubernetes' printers take it from the Go types' docs.
QString docOf(const QString &component, const char *field)
{
    return schemas::all()
        .value(component)
        .value(QLatin1String("properties"))
        .toObject()
        .value(QLatin1String(field))
        .toObject()
        .value(QLatin1String("description"))
        .toString();
}

Column nameColumn(int priority = 0)
{
    return {"Name", "string", docOf(schemas::meta("ObjectMeta"), "name"), priority, true};
}

Column ageColumn()
{
    return {"Age", "string", docOf(schemas::meta("ObjectMeta"), "creationTimestamp")};
}

Column wide(const char *name, const QString &description)
{
    return {name, "string", description, 1};
}

QList<Column> templateColumns(const QString &selectorDoc)
{
    return {wide("Containers", QStringLiteral("Names of each container in the template.")),
            wide("Images", QStringLiteral("Images referenced by each container in the template.")),
            wide("Selector", selectorDoc)};
}

// ---------------------------------------------------------------------------------------------------
// Cell helpers

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QJsonArray arr(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toArray();
}

qint64 integer(const QJsonObject &o, const char *key, qint64 fallback = 0)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toInteger() : fallback;
}

QString orNone(const QString &s)
{
    return s.isEmpty() ? kNone : s;
}

QString age(const Object &o, qint64 nowMs)
{
    return ageSince(o.creationTimestamp(), nowMs);
}

// labels.FormatLabels: "a=1,b=2" sorted by key, "<none>" when empty.
QString formatLabels(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) // QJsonObject keeps keys sorted
        parts.append(it.key() + QLatin1Char('=') + it.value().toString());
    return parts.isEmpty() ? kNone : parts.join(QLatin1Char(','));
}

// metav1.LabelSelectorAsSelector(...).String(); nullopt when the selector does not parse.
std::optional<QString> selectorString(const QJsonObject &selector)
{
    const auto parsed = api::LabelSelector::fromObject(selector);
    if (!parsed)
        return std::nullopt;
    return parsed->toString();
}

// layoutContainerCells: the template's container names and images, comma-separated.
std::pair<QString, QString> containerCells(const QJsonObject &podSpec)
{
    QStringList names, images;
    for (const QJsonValue &c : arr(podSpec, "containers")) {
        names.append(text(c.toObject(), "name"));
        images.append(text(c.toObject(), "image"));
    }
    return {names.join(QLatin1Char(',')), images.join(QLatin1Char(','))};
}

// "a,b,c + 2 more..." as Kubernetes abbreviates long lists; `count` is the full length.
QString withMore(const QStringList &shown, qsizetype count, qsizetype max, const QString &whenEmpty)
{
    if (count > max)
        return QStringLiteral("%1 + %2 more...").arg(shown.join(QLatin1Char(','))).arg(count - max);
    return shown.isEmpty() ? whenEmpty : shown.join(QLatin1Char(','));
}

QString joinHostPort(const QString &host, qint64 port)
{
    const QString h = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return h + QLatin1Char(':') + QString::number(port);
}

// ---------------------------------------------------------------------------------------------------
// Rows per kind

QJsonArray podCells(const Object &pod, qint64 nowMs)
{
    const PodSummary summary = summarizePod(pod);
    const QJsonObject spec = pod.spec();
    const QJsonObject status = pod.status();
    QString ip = text(arr(status, "podIPs").first().toObject(), "ip");
    if (ip.isEmpty())
        ip = text(status, "podIP");
    QString gates = kNone;
    const QJsonArray readinessGates = arr(spec, "readinessGates");
    if (!readinessGates.isEmpty()) {
        int satisfied = 0;
        for (const QJsonValue &gate : readinessGates) {
            const QString type = text(gate.toObject(), "conditionType");
            for (const QJsonValue &c : arr(status, "conditions")) {
                if (text(c.toObject(), "type") == type) {
                    satisfied += text(c.toObject(), "status") == QLatin1String("True") ? 1 : 0;
                    break;
                }
            }
        }
        gates = QStringLiteral("%1/%2").arg(satisfied).arg(readinessGates.size());
    }
    return {pod.name(),
            summary.ready(),
            summary.status,
            summary.restartsText(nowMs),
            age(pod, nowMs),
            orNone(ip),
            orNone(text(spec, "nodeName")),
            orNone(text(status, "nominatedNodeName")),
            gates};
}

QJsonArray deploymentCells(const Object &d, qint64 nowMs)
{
    const QJsonObject spec = d.spec();
    const QJsonObject status = d.status();
    const auto [names, images] = containerCells(obj(obj(spec, "template"), "spec"));
    return {d.name(),
            QStringLiteral("%1/%2").arg(integer(status, "readyReplicas")).arg(integer(spec, "replicas", 1)),
            integer(status, "updatedReplicas"),
            integer(status, "availableReplicas"),
            age(d, nowMs),
            names,
            images,
            selectorString(obj(spec, "selector")).value_or(QStringLiteral("<invalid>"))};
}

QJsonArray replicaSetCells(const Object &rs, qint64 nowMs)
{
    const QJsonObject spec = rs.spec();
    const QJsonObject status = rs.status();
    const auto [names, images] = containerCells(obj(obj(spec, "template"), "spec"));
    // metav1.FormatLabelSelector: "<none>" for an empty selector, "<error>" for a bad one.
    const std::optional<QString> selector = selectorString(obj(spec, "selector"));
    return {rs.name(),
            integer(spec, "replicas", 1),
            integer(status, "replicas"),
            integer(status, "readyReplicas"),
            age(rs, nowMs),
            names,
            images,
            selector ? orNone(*selector) : QStringLiteral("<error>")};
}

// getServiceExternalIP, as on the server (wide: load-balancer addresses are not clipped).
QString serviceExternalIP(const QJsonObject &spec, const QJsonObject &status, const QString &type)
{
    QStringList externalIPs;
    for (const QJsonValue &ip : arr(spec, "externalIPs"))
        externalIPs.append(ip.toString());
    if (type == QLatin1String("ClusterIP") || type == QLatin1String("NodePort"))
        return externalIPs.isEmpty() ? kNone : externalIPs.join(QLatin1Char(','));
    if (type == QLatin1String("LoadBalancer")) {
        QStringList ingress;
        for (const QJsonValue &i : arr(obj(status, "loadBalancer"), "ingress")) {
            const QString ip = text(i.toObject(), "ip");
            const QString address = ip.isEmpty() ? text(i.toObject(), "hostname") : ip;
            if (!address.isEmpty() && !ingress.contains(address))
                ingress.append(address);
        }
        ingress.sort();
        if (!externalIPs.isEmpty())
            return (ingress + externalIPs).join(QLatin1Char(','));
        return ingress.isEmpty() ? QStringLiteral("<pending>") : ingress.join(QLatin1Char(','));
    }
    if (type == QLatin1String("ExternalName"))
        return text(spec, "externalName");
    return QStringLiteral("<unknown>");
}

QJsonArray serviceCells(const Object &svc, qint64 nowMs)
{
    const QJsonObject spec = svc.spec();
    // A stored service is defaulted; an undefaulted one reads as the ClusterIP it would become.
    const QString type = text(spec, "type").isEmpty() ? QStringLiteral("ClusterIP") : text(spec, "type");
    QString clusterIP = arr(spec, "clusterIPs").first().toString();
    if (clusterIP.isEmpty())
        clusterIP = text(spec, "clusterIP");
    QStringList ports;
    for (const QJsonValue &p : arr(spec, "ports")) {
        const QJsonObject port = p.toObject();
        const QString protocol = text(port, "protocol").isEmpty() ? QStringLiteral("TCP") : text(port, "protocol");
        const qint64 nodePort = integer(port, "nodePort");
        ports.append(nodePort > 0 ? QStringLiteral("%1:%2/%3").arg(integer(port, "port")).arg(nodePort).arg(protocol)
                                  : QStringLiteral("%1/%2").arg(integer(port, "port")).arg(protocol));
    }
    return {svc.name(),
            type,
            orNone(clusterIP),
            serviceExternalIP(spec, svc.status(), type),
            ports.isEmpty() ? kNone : ports.join(QLatin1Char(',')),
            age(svc, nowMs),
            formatLabels(obj(spec, "selector"))};
}

QString nodeAddress(const QJsonObject &status, const char *type)
{
    for (const QJsonValue &a : arr(status, "addresses"))
        if (text(a.toObject(), "type") == QLatin1String(type))
            return text(a.toObject(), "address");
    return kNone;
}

QJsonArray nodeCells(const Object &node, qint64 nowMs)
{
    const QJsonObject status = node.status();
    QStringList state;
    for (const QJsonValue &c : arr(status, "conditions")) {
        if (text(c.toObject(), "type") != QLatin1String("Ready"))
            continue;
        state = {text(c.toObject(), "status") == QLatin1String("True") ? QStringLiteral("Ready")
                                                                       : QStringLiteral("NotReady")};
    }
    if (state.isEmpty())
        state.append(QStringLiteral("Unknown"));
    if (node.spec().value(QLatin1String("unschedulable")).toBool())
        state.append(QStringLiteral("SchedulingDisabled"));
    // Roles: node-role.kubernetes.io/<role> labels and the kubernetes.io/role label, sorted, distinct.
    QStringList roles;
    const api::StringMap labels = node.labels();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        QString role;
        if (it.key().startsWith(QLatin1String("node-role.kubernetes.io/")))
            role = it.key().mid(24);
        else if (it.key() == QLatin1String("kubernetes.io/role"))
            role = it.value();
        if (!role.isEmpty() && !roles.contains(role))
            roles.append(role);
    }
    roles.sort();
    const QJsonObject info = obj(status, "nodeInfo");
    auto known = [](const QString &s) { return s.isEmpty() ? QStringLiteral("<unknown>") : s; };
    return {node.name(),
            state.join(QLatin1Char(',')),
            roles.isEmpty() ? kNone : roles.join(QLatin1Char(',')),
            age(node, nowMs),
            text(info, "kubeletVersion"),
            nodeAddress(status, "InternalIP"),
            nodeAddress(status, "ExternalIP"),
            known(text(info, "osImage")),
            known(text(info, "kernelVersion")),
            known(text(info, "containerRuntimeVersion"))};
}

QJsonArray namespaceCells(const Object &ns, qint64 nowMs)
{
    return {ns.name(), text(ns.status(), "phase"), age(ns, nowMs)};
}

// formatEndpoints: up to three "ip:port" (or bare IPs for a headless subset without ports).
QString formatEndpoints(const QJsonArray &subsets)
{
    if (subsets.isEmpty())
        return kNone;
    constexpr qsizetype max = 3;
    QStringList shown;
    qsizetype count = 0;
    for (const QJsonValue &s : subsets) {
        const QJsonArray addresses = arr(s.toObject(), "addresses");
        const QJsonArray ports = arr(s.toObject(), "ports");
        if (ports.isEmpty()) {
            count += addresses.size();
            for (const QJsonValue &a : addresses)
                if (shown.size() < max)
                    shown.append(text(a.toObject(), "ip"));
            continue;
        }
        for (const QJsonValue &p : ports) {
            count += addresses.size();
            for (const QJsonValue &a : addresses)
                if (shown.size() < max)
                    shown.append(joinHostPort(text(a.toObject(), "ip"), integer(p.toObject(), "port")));
        }
    }
    return withMore(shown, count, max, QString());
}

QJsonArray endpointsCells(const Object &ep, qint64 nowMs)
{
    return {ep.name(), formatEndpoints(arr(ep.json(), "subsets")), age(ep, nowMs)};
}

QJsonArray endpointSliceCells(const Object &slice, qint64 nowMs)
{
    constexpr qsizetype max = 3;
    const QJsonArray ports = arr(slice.json(), "ports");
    QStringList shownPorts;
    for (const QJsonValue &p : ports) {
        if (shownPorts.size() == max)
            break;
        const QJsonObject port = p.toObject();
        if (port.value(QLatin1String("port")).isDouble())
            shownPorts.append(QString::number(integer(port, "port")));
        else if (port.contains(QLatin1String("name")))
            shownPorts.append(text(port, "name"));
        else
            shownPorts.append(QStringLiteral("*"));
    }
    QStringList shownAddresses;
    qsizetype addresses = 0;
    for (const QJsonValue &e : arr(slice.json(), "endpoints")) {
        for (const QJsonValue &a : arr(e.toObject(), "addresses")) {
            if (shownAddresses.size() < max)
                shownAddresses.append(a.toString());
            ++addresses;
        }
    }
    const QString unset = QStringLiteral("<unset>");
    return {slice.name(), text(slice.json(), "addressType"), withMore(shownPorts, ports.size(), max, unset),
            withMore(shownAddresses, addresses, max, unset), age(slice, nowMs)};
}

QJsonArray configMapCells(const Object &cm, qint64 nowMs)
{
    return {cm.name(), obj(cm.json(), "data").size() + obj(cm.json(), "binaryData").size(), age(cm, nowMs)};
}

QJsonArray secretCells(const Object &secret, qint64 nowMs)
{
    return {secret.name(), text(secret.json(), "type"), obj(secret.json(), "data").size(), age(secret, nowMs)};
}

QJsonArray eventCells(const Object &event, qint64 nowMs)
{
    const QJsonObject e = event.json();
    QString first = ageSince(text(e, "firstTimestamp"), nowMs);
    if (text(e, "firstTimestamp").isEmpty())
        first = ageSince(text(e, "eventTime"), nowMs);
    QString last = text(e, "lastTimestamp").isEmpty() ? first : ageSince(text(e, "lastTimestamp"), nowMs);
    qint64 count = integer(e, "count");
    if (e.value(QLatin1String("series")).isObject()) {
        last = ageSince(text(obj(e, "series"), "lastObservedTime"), nowMs);
        count = integer(obj(e, "series"), "count");
    } else if (count == 0) {
        count = 1; // singleton events have no count in the events.k8s.io API
    }
    const QJsonObject involved = obj(e, "involvedObject");
    const QString kind = text(involved, "kind").toLower();
    const QString target = text(involved, "name").isEmpty() ? kind : kind + QLatin1Char('/') + text(involved, "name");
    const QJsonObject source = obj(e, "source");
    const QString component =
        text(source, "component").isEmpty() ? text(e, "reportingComponent") : text(source, "component");
    const QString host = text(source, "host").isEmpty() ? text(e, "reportingInstance") : text(source, "host");
    const QString sourceText = host.isEmpty() ? component : component + QStringLiteral(", ") + host;
    return {last,
            text(e, "type"),
            text(e, "reason"),
            target,
            text(involved, "fieldPath"),
            sourceText,
            text(e, "message").trimmed(),
            first,
            count,
            event.name()};
}

QJsonArray leaseCells(const Object &lease, qint64 nowMs)
{
    return {lease.name(), text(lease.spec(), "holderIdentity"), age(lease, nowMs)};
}

// Kubernetes' default table for kinds without a printer.
QJsonArray defaultCells(const Object &o, qint64)
{
    return {o.name(), o.creationTimestamp()};
}

struct Printer {
    QList<Column> columns;
    std::function<QJsonArray(const Object &, qint64)> cells;
};

Printer printerFor(const ResourceInfo &info)
{
    const QString core = info.group;
    const QString &k = info.kind;
    auto is = [&](const char *group, const char *kind) {
        return core == QLatin1String(group) && k == QLatin1String(kind);
    };
    const Column ageCol = ageColumn();
    if (is("", "Pod")) {
        return {
            {nameColumn(),
             {"Ready", "string", QStringLiteral("The aggregate readiness state of this pod for accepting traffic.")},
             {"Status", "string", QStringLiteral("The aggregate status of the containers in this pod.")},
             {"Restarts", "string",
              QStringLiteral("The number of times the containers in this pod have been restarted and when the "
                             "last container in this pod has restarted.")},
             ageCol,
             wide("IP", docOf(schemas::core("PodStatus"), "podIP")),
             wide("Node", docOf(schemas::core("PodSpec"), "nodeName")),
             wide("Nominated Node", docOf(schemas::core("PodStatus"), "nominatedNodeName")),
             wide("Readiness Gates", docOf(schemas::core("PodSpec"), "readinessGates"))},
            podCells};
    }
    if (is("apps", "Deployment")) {
        return {QList<Column>{nameColumn(),
                              {"Ready", "string", QStringLiteral("Number of the pod with ready state")},
                              {"Up-to-date", "string", docOf(schemas::apps("DeploymentStatus"), "updatedReplicas")},
                              {"Available", "string", docOf(schemas::apps("DeploymentStatus"), "availableReplicas")},
                              ageCol} +
                    templateColumns(docOf(schemas::apps("DeploymentSpec"), "selector")),
                deploymentCells};
    }
    if (is("apps", "ReplicaSet")) {
        return {QList<Column>{nameColumn(),
                              {"Desired", "integer", docOf(schemas::apps("ReplicaSetSpec"), "replicas")},
                              {"Current", "integer", docOf(schemas::apps("ReplicaSetStatus"), "replicas")},
                              {"Ready", "integer", docOf(schemas::apps("ReplicaSetStatus"), "readyReplicas")},
                              ageCol} +
                    templateColumns(docOf(schemas::apps("ReplicaSetSpec"), "selector")),
                replicaSetCells};
    }
    if (is("", "Service")) {
        const QString spec = schemas::core("ServiceSpec");
        return {{nameColumn(),
                 {"Type", "string", docOf(spec, "type")},
                 {"Cluster-IP", "string", docOf(spec, "clusterIP")},
                 {"External-IP", "string", docOf(spec, "externalIPs")},
                 {"Port(s)", "string", docOf(spec, "ports")},
                 ageCol,
                 wide("Selector", docOf(spec, "selector"))},
                serviceCells};
    }
    if (is("", "Node")) {
        const QString system = schemas::core("NodeSystemInfo");
        const QString addresses = docOf(schemas::core("NodeStatus"), "addresses");
        return {{nameColumn(),
                 {"Status", "string", QStringLiteral("The status of the node")},
                 {"Roles", "string", QStringLiteral("The roles of the node")},
                 ageCol,
                 {"Version", "string", docOf(system, "kubeletVersion")},
                 wide("Internal-IP", addresses),
                 wide("External-IP", addresses),
                 wide("OS-Image", docOf(system, "osImage")),
                 wide("Kernel-Version", docOf(system, "kernelVersion")),
                 wide("Container-Runtime", docOf(system, "containerRuntimeVersion"))},
                nodeCells};
    }
    if (is("", "Namespace"))
        return {{nameColumn(), {"Status", "string", QStringLiteral("The status of the namespace")}, ageCol},
                namespaceCells};
    if (is("", "Endpoints"))
        return {{nameColumn(), {"Endpoints", "string", docOf(schemas::core("Endpoints"), "subsets")}, ageCol},
                endpointsCells};
    if (is("", "ConfigMap"))
        return {{nameColumn(), {"Data", "string", docOf(schemas::core("ConfigMap"), "data")}, ageCol}, configMapCells};
    if (is("", "Secret")) {
        return {{nameColumn(),
                 {"Type", "string", docOf(schemas::core("Secret"), "type")},
                 {"Data", "string", docOf(schemas::core("Secret"), "data")},
                 ageCol},
                secretCells};
    }
    if (is("", "Event")) {
        const QString event = schemas::core("Event");
        return {{{"Last Seen", "string", docOf(event, "lastTimestamp")},
                 {"Type", "string", docOf(event, "type")},
                 {"Reason", "string", docOf(event, "reason")},
                 {"Object", "string", docOf(event, "involvedObject")},
                 wide("Subobject", docOf(schemas::core("ObjectReference"), "fieldPath")),
                 wide("Source", docOf(event, "source")),
                 {"Message", "string", docOf(event, "message")},
                 wide("First Seen", docOf(event, "firstTimestamp")),
                 wide("Count", docOf(event, "count")),
                 nameColumn(1)},
                eventCells};
    }
    if (is("coordination.k8s.io", "Lease"))
        return {
            {nameColumn(), {"Holder", "string", docOf(schemas::coordination("LeaseSpec"), "holderIdentity")}, ageCol},
            leaseCells};
    if (is("discovery.k8s.io", "EndpointSlice")) {
        const QString slice = schemas::discovery("EndpointSlice");
        return {{nameColumn(),
                 {"AddressType", "string", docOf(slice, "addressType")},
                 {"Ports", "string", docOf(slice, "ports")},
                 {"Endpoints", "string", docOf(slice, "endpoints")},
                 ageCol},
                endpointSliceCells};
    }
    return {{nameColumn(), {"Created At", "date", docOf(schemas::meta("ObjectMeta"), "creationTimestamp")}},
            defaultCells};
}

QJsonObject columnJson(const Column &c)
{
    return QJsonObject{{QStringLiteral("name"), QLatin1String(c.name)},
                       {QStringLiteral("type"), QLatin1String(c.type)},
                       {QStringLiteral("format"), c.nameFormat ? QStringLiteral("name") : QString()},
                       {QStringLiteral("description"), c.description},
                       {QStringLiteral("priority"), c.priority}};
}

QJsonObject rowJson(const Printer &printer, const Object &o, qint64 nowMs, bool includeObject)
{
    QJsonObject row{{QStringLiteral("cells"), printer.cells(o, nowMs)}};
    if (includeObject) {
        row.insert(QStringLiteral("object"), o.json());
    } else {
        row.insert(QStringLiteral("object"),
                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
                               {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                               {QStringLiteral("metadata"), o.metadata()}});
    }
    // A finished pod's row says so, as Kubernetes' printer marks it.
    const QString phase = o.status().value(QLatin1String("phase")).toString();
    if (o.kind() == QLatin1String("Pod") && (phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed"))) {
        const bool ok = phase == QLatin1String("Succeeded");
        row.insert(QStringLiteral("conditions"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("type"), QStringLiteral("Completed")},
                       {QStringLiteral("status"), QStringLiteral("True")},
                       {QStringLiteral("reason"), phase},
                       {QStringLiteral("message"), ok ? QStringLiteral("The pod has completed successfully.")
                                                      : QStringLiteral("The pod failed.")}}});
    }
    return row;
}

QJsonObject table(const Printer &printer, bool includeColumns, QJsonObject metadata, QJsonArray rows)
{
    QJsonArray columns;
    if (includeColumns)
        for (const Column &c : printer.columns)
            columns.append(columnJson(c));
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("Table")},
                       {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                       {QStringLiteral("metadata"), metadata},
                       {QStringLiteral("columnDefinitions"), columns},
                       {QStringLiteral("rows"), rows}};
}

} // namespace

QJsonObject toTable(const ResourceInfo &info, const std::vector<api::ObjectPtr> &objects,
                    const QString &listResourceVersion, qint64 nowMs, bool includeObject, const QString &continueToken)
{
    const Printer printer = printerFor(info);
    QJsonArray rows;
    for (const api::ObjectPtr &o : objects)
        if (o)
            rows.append(rowJson(printer, *o, nowMs, includeObject));
    QJsonObject metadata{{QStringLiteral("resourceVersion"), listResourceVersion}};
    if (!continueToken.isEmpty())
        metadata.insert(QStringLiteral("continue"), continueToken);
    return table(printer, true, metadata, rows);
}

QJsonObject toTableEvent(const ResourceInfo &info, const api::ObjectPtr &object, qint64 nowMs, bool includeObject,
                         bool includeColumns)
{
    const Printer printer = printerFor(info);
    QJsonArray rows;
    if (object)
        rows.append(rowJson(printer, *object, nowMs, includeObject));
    const QString rv = object ? object->resourceVersion() : QString();
    return table(printer, includeColumns, QJsonObject{{QStringLiteral("resourceVersion"), rv}}, rows);
}

QJsonArray tableColumnDefinitions(const ResourceInfo &info)
{
    QJsonArray columns;
    for (const Column &c : printerFor(info).columns)
        columns.append(columnJson(c));
    return columns;
}

QJsonArray tableCells(const ResourceInfo &info, const Object &object, qint64 nowMs)
{
    return printerFor(info).cells(object, nowMs);
}

// Worked example of the bands: 125 s is past two minutes, so minutes with seconds: "2m5s"; 3 h 20 m is
// past three hours of minutes, so hours with minutes: "3h20m"; 50 h is past 48 h, so days with hours:
// "2d2h"; 400 days is under two years, so days only: "400d".
QString humanDuration(qint64 ms)
{
    const qint64 seconds = ms / 1000; // truncates toward zero, as Go's int(d.Seconds())
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes) : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours) : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(hours / 24) : QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 dy = (hours / 24) % 365;
        const qint64 years = hours / 24 / 365;
        return dy == 0 ? QStringLiteral("%1y").arg(years) : QStringLiteral("%1y%2d").arg(years).arg(dy);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

std::optional<qint64> parseTimestamp(const QString &timestamp)
{
    static const QRegularExpression rfc3339(
        QStringLiteral(R"(^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$)"));
    const QRegularExpressionMatch m = rfc3339.match(timestamp);
    if (!m.hasMatch())
        return std::nullopt;
    const QString zone = m.captured(4).toUpper();
    const QDateTime t = QDateTime::fromString(m.captured(1) + QLatin1Char('T') + m.captured(2) + zone, Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    const qint64 ms = m.captured(3).left(3).leftJustified(3, QLatin1Char('0')).toLongLong(); // truncated
    return t.toMSecsSinceEpoch() + ms;
}

QString ageSince(const QString &timestamp, qint64 nowMs)
{
    const std::optional<qint64> t = parseTimestamp(timestamp);
    return t ? humanDuration(nowMs - *t) : QStringLiteral("<unknown>");
}

} // namespace tugboat::apiserver
