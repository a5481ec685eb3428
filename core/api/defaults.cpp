#include "defaults.h"

#include "taint.h"

#include <QJsonArray>

namespace tugboat::api {

namespace {

bool isUnset(const QJsonValue &v)
{
    return v.isUndefined() || v.isNull();
}

// Optional (pointer) fields: absent or null.
void setDefault(QJsonObject &o, QLatin1String key, const QJsonValue &value)
{
    if (isUnset(o.value(key)))
        o.insert(key, value);
}

// Plain string fields: "" is unset too.
void defaultString(QJsonObject &o, QLatin1String key, const QString &value)
{
    const QJsonValue v = o.value(key);
    if (isUnset(v) || (v.isString() && v.toString().isEmpty()))
        o.insert(key, value);
}

// Plain integer fields: 0 is unset too.
void defaultInt(QJsonObject &o, QLatin1String key, qint64 value)
{
    const QJsonValue v = o.value(key);
    if (isUnset(v) || (v.isDouble() && v.toDouble() == 0))
        o.insert(key, value);
}

template <typename Fn> void editObject(QJsonObject &parent, QLatin1String key, Fn fn)
{
    const QJsonValue v = parent.value(key);
    if (!v.isObject())
        return;
    QJsonObject child = v.toObject();
    fn(child);
    parent.insert(key, child);
}

// Creates the child object when absent, as Go's non-pointer struct fields always exist.
template <typename Fn> void editStruct(QJsonObject &parent, QLatin1String key, Fn fn)
{
    if (isUnset(parent.value(key)))
        parent.insert(key, QJsonObject());
    editObject(parent, key, fn);
}

template <typename Fn> void editEach(QJsonObject &parent, QLatin1String key, Fn fn)
{
    const QJsonValue v = parent.value(key);
    if (!v.isArray())
        return;
    QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            continue;
        QJsonObject item = list.at(i).toObject();
        fn(item);
        list[i] = item;
    }
    parent.insert(key, list);
}

void defaultHttpGet(QJsonObject &action)
{
    defaultString(action, QLatin1String("path"), QStringLiteral("/"));
    defaultString(action, QLatin1String("scheme"), QStringLiteral("HTTP"));
}

void defaultProbe(QJsonObject &probe)
{
    defaultInt(probe, QLatin1String("timeoutSeconds"), 1);
    defaultInt(probe, QLatin1String("periodSeconds"), 10);
    defaultInt(probe, QLatin1String("successThreshold"), 1);
    defaultInt(probe, QLatin1String("failureThreshold"), 3);
    editObject(probe, QLatin1String("httpGet"), defaultHttpGet);
}

void defaultFieldRef(QJsonObject &ref)
{
    defaultString(ref, QLatin1String("apiVersion"), QStringLiteral("v1"));
}

void defaultDownwardApiItems(QJsonObject &source)
{
    editEach(source, QLatin1String("items"),
             [](QJsonObject &item) { editObject(item, QLatin1String("fieldRef"), defaultFieldRef); });
}

void defaultContainer(QJsonObject &c)
{
    if (const QJsonValue policy = c.value(QLatin1String("imagePullPolicy"));
        isUnset(policy) || policy.toString().isEmpty())
        c.insert(QLatin1String("imagePullPolicy"), defaultImagePullPolicy(c.value(QLatin1String("image")).toString()));
    defaultString(c, QLatin1String("terminationMessagePath"), QStringLiteral("/dev/termination-log"));
    defaultString(c, QLatin1String("terminationMessagePolicy"), QStringLiteral("File"));
    editEach(c, QLatin1String("ports"),
             [](QJsonObject &port) { defaultString(port, QLatin1String("protocol"), QStringLiteral("TCP")); });
    editEach(c, QLatin1String("env"), [](QJsonObject &env) {
        editObject(env, QLatin1String("valueFrom"),
                   [](QJsonObject &from) { editObject(from, QLatin1String("fieldRef"), defaultFieldRef); });
    });
    for (const char *probe : {"livenessProbe", "readinessProbe", "startupProbe"})
        editObject(c, QLatin1String(probe), defaultProbe);
    editObject(c, QLatin1String("lifecycle"), [](QJsonObject &lifecycle) {
        for (const char *hook : {"postStart", "preStop"})
            editObject(lifecycle, QLatin1String(hook),
                       [](QJsonObject &handler) { editObject(handler, QLatin1String("httpGet"), defaultHttpGet); });
    });
}

bool hasVolumeSource(const QJsonObject &volume)
{
    for (auto it = volume.begin(); it != volume.end(); ++it)
        if (it.key() != QLatin1String("name") && !isUnset(it.value()))
            return true;
    return false;
}

constexpr int kDefaultMode = 0644; // 420, as kubectl prints it

void defaultVolume(QJsonObject &volume)
{
    if (!hasVolumeSource(volume))
        volume.insert(QLatin1String("emptyDir"), QJsonObject());
    for (const char *source : {"secret", "configMap"})
        editObject(volume, QLatin1String(source),
                   [](QJsonObject &o) { setDefault(o, QLatin1String("defaultMode"), kDefaultMode); });
    editObject(volume, QLatin1String("downwardAPI"), [](QJsonObject &o) {
        setDefault(o, QLatin1String("defaultMode"), kDefaultMode);
        defaultDownwardApiItems(o);
    });
    editObject(volume, QLatin1String("projected"), [](QJsonObject &o) {
        setDefault(o, QLatin1String("defaultMode"), kDefaultMode);
        editEach(o, QLatin1String("sources"), [](QJsonObject &source) {
            editObject(source, QLatin1String("downwardAPI"), defaultDownwardApiItems);
            editObject(source, QLatin1String("serviceAccountToken"),
                       [](QJsonObject &token) { setDefault(token, QLatin1String("expirationSeconds"), 3600); });
        });
    });
    editObject(volume, QLatin1String("hostPath"),
               [](QJsonObject &o) { setDefault(o, QLatin1String("type"), QString()); });
}

void defaultPodSpec(QJsonObject &spec)
{
    defaultString(spec, QLatin1String("dnsPolicy"), QStringLiteral("ClusterFirst"));
    defaultString(spec, QLatin1String("restartPolicy"), QStringLiteral("Always"));
    setDefault(spec, QLatin1String("securityContext"), QJsonObject());
    setDefault(spec, QLatin1String("terminationGracePeriodSeconds"), 30);
    defaultString(spec, QLatin1String("schedulerName"), QStringLiteral("default-scheduler"));
    editEach(spec, QLatin1String("containers"), defaultContainer);
    editEach(spec, QLatin1String("initContainers"), defaultContainer);
    editEach(spec, QLatin1String("volumes"), defaultVolume);
}

// Requests default to limits for each resource that has a limit but no request.
void defaultRequestsFromLimits(QJsonObject &container)
{
    editObject(container, QLatin1String("resources"), [](QJsonObject &resources) {
        const QJsonValue limits = resources.value(QLatin1String("limits"));
        if (!limits.isObject())
            return;
        QJsonObject requests = resources.value(QLatin1String("requests")).toObject();
        const QJsonObject l = limits.toObject();
        for (auto it = l.begin(); it != l.end(); ++it)
            if (!requests.contains(it.key()))
                requests.insert(it.key(), it.value());
        resources.insert(QLatin1String("requests"), requests);
    });
}

// Pods only, not templates.
void defaultPodOnly(QJsonObject &spec)
{
    setDefault(spec, QLatin1String("enableServiceLinks"), true);
    const bool hostNetwork = spec.value(QLatin1String("hostNetwork")).toBool();
    for (const char *list : {"containers", "initContainers"}) {
        editEach(spec, QLatin1String(list), [hostNetwork](QJsonObject &c) {
            defaultRequestsFromLimits(c);
            if (!hostNetwork)
                return;
            editEach(c, QLatin1String("ports"), [](QJsonObject &port) {
                defaultInt(port, QLatin1String("hostPort"), port.value(QLatin1String("containerPort")).toInteger());
            });
        });
    }
}

void defaultTemplate(QJsonObject &spec)
{
    editObject(spec, QLatin1String("template"),
               [](QJsonObject &tmpl) { editStruct(tmpl, QLatin1String("spec"), defaultPodSpec); });
}

void defaultDeployment(QJsonObject &spec)
{
    setDefault(spec, QLatin1String("replicas"), 1);
    editStruct(spec, QLatin1String("strategy"), [](QJsonObject &strategy) {
        defaultString(strategy, QLatin1String("type"), QStringLiteral("RollingUpdate"));
        if (strategy.value(QLatin1String("type")).toString() != QLatin1String("RollingUpdate"))
            return;
        editStruct(strategy, QLatin1String("rollingUpdate"), [](QJsonObject &rollingUpdate) {
            setDefault(rollingUpdate, QLatin1String("maxUnavailable"), QStringLiteral("25%"));
            setDefault(rollingUpdate, QLatin1String("maxSurge"), QStringLiteral("25%"));
        });
    });
    setDefault(spec, QLatin1String("revisionHistoryLimit"), 10);
    setDefault(spec, QLatin1String("progressDeadlineSeconds"), 600);
    defaultTemplate(spec);
}

void defaultService(QJsonObject &spec)
{
    defaultString(spec, QLatin1String("sessionAffinity"), QStringLiteral("None"));
    if (spec.value(QLatin1String("sessionAffinity")).toString() == QLatin1String("ClientIP")) {
        editStruct(spec, QLatin1String("sessionAffinityConfig"), [](QJsonObject &config) {
            editStruct(config, QLatin1String("clientIP"),
                       [](QJsonObject &clientIp) { setDefault(clientIp, QLatin1String("timeoutSeconds"), 10800); });
        });
    }
    defaultString(spec, QLatin1String("type"), QStringLiteral("ClusterIP"));
    const QString type = spec.value(QLatin1String("type")).toString();
    editEach(spec, QLatin1String("ports"), [](QJsonObject &port) {
        defaultString(port, QLatin1String("protocol"), QStringLiteral("TCP"));
        const QJsonValue target = port.value(QLatin1String("targetPort"));
        if (isUnset(target) || (target.isDouble() && target.toDouble() == 0) ||
            (target.isString() && target.toString().isEmpty()))
            port.insert(QLatin1String("targetPort"), port.value(QLatin1String("port")));
    });
    const bool loadBalancer = type == QLatin1String("LoadBalancer");
    const bool externallyAccessible =
        loadBalancer || type == QLatin1String("NodePort") ||
        (type == QLatin1String("ClusterIP") && !spec.value(QLatin1String("externalIPs")).toArray().isEmpty());
    if (externallyAccessible)
        defaultString(spec, QLatin1String("externalTrafficPolicy"), QStringLiteral("Cluster"));
    if (loadBalancer || type == QLatin1String("NodePort") || type == QLatin1String("ClusterIP"))
        setDefault(spec, QLatin1String("internalTrafficPolicy"), QStringLiteral("Cluster"));
    if (loadBalancer)
        setDefault(spec, QLatin1String("allocateLoadBalancerNodePorts"), true);
    // The Service strategy keeps clusterIPs[0] in step with clusterIP.
    const QString clusterIp = spec.value(QLatin1String("clusterIP")).toString();
    if (!clusterIp.isEmpty() && spec.value(QLatin1String("clusterIPs")).toArray().isEmpty())
        spec.insert(QLatin1String("clusterIPs"), QJsonArray{clusterIp});
}

void defaultPortProtocols(QJsonObject &owner)
{
    editEach(owner, QLatin1String("ports"),
             [](QJsonObject &port) { defaultString(port, QLatin1String("protocol"), QStringLiteral("TCP")); });
}

} // namespace

QString defaultImagePullPolicy(const QString &image)
{
    // As kube-apiserver reads the reference: no tag means :latest unless a digest pins the image; a
    // reference it cannot parse (empty, or an upper-case repository path) gets IfNotPresent.
    const qsizetype at = image.indexOf(QLatin1Char('@'));
    const QString ref = at < 0 ? image : image.left(at);
    QStringList parts = ref.split(QLatin1Char('/'));
    const QString first = parts.first();
    if (parts.size() > 1 &&
        (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) || first == QLatin1String("localhost")))
        parts.removeFirst(); // the registry host, which may be in any case and carry a port
    QString last = parts.takeLast();
    const qsizetype colon = last.lastIndexOf(QLatin1Char(':'));
    QString tag = colon < 0 ? QString() : last.mid(colon + 1);
    parts << last.left(colon < 0 ? last.size() : colon);
    const QString path = parts.join(QLatin1Char('/'));
    if (path.isEmpty() || path != path.toLower())
        return QStringLiteral("IfNotPresent");
    if (tag.isEmpty() && at < 0)
        tag = QStringLiteral("latest");
    return tag == QLatin1String("latest") ? QStringLiteral("Always") : QStringLiteral("IfNotPresent");
}

QJsonObject withPodSpecDefaults(const QJsonObject &spec)
{
    QJsonObject out = spec;
    defaultPodSpec(out);
    return out;
}

QJsonObject withPodTemplateDefaults(const QJsonObject &tmpl)
{
    QJsonObject holder{{QStringLiteral("template"), tmpl}};
    defaultTemplate(holder);
    return holder.value(QLatin1String("template")).toObject();
}

Object withDefaults(const Object &obj)
{
    QJsonObject json = obj.json();
    const QString kind = obj.kind();
    const QLatin1String spec("spec");
    if (kind == QLatin1String("Pod")) {
        editStruct(json, spec, [](QJsonObject &s) {
            defaultPodSpec(s);
            defaultPodOnly(s);
        });
    } else if (kind == QLatin1String("Deployment")) {
        editStruct(json, spec, defaultDeployment);
    } else if (kind == QLatin1String("ReplicaSet")) {
        editStruct(json, spec, [](QJsonObject &s) {
            setDefault(s, QLatin1String("replicas"), 1);
            defaultTemplate(s);
        });
    } else if (kind == QLatin1String("Service")) {
        editStruct(json, spec, defaultService);
    } else if (kind == QLatin1String("Secret")) {
        defaultString(json, QLatin1String("type"), QStringLiteral("Opaque"));
    } else if (kind == QLatin1String("Namespace")) {
        editStruct(json, spec, [](QJsonObject &s) {
            setDefault(s, QLatin1String("finalizers"), QJsonArray{QStringLiteral("kubernetes")});
        });
        editStruct(json, QLatin1String("status"),
                   [](QJsonObject &s) { defaultString(s, QLatin1String("phase"), QStringLiteral("Active")); });
    } else if (kind == QLatin1String("Node")) {
        editObject(json, QLatin1String("status"), [](QJsonObject &s) {
            if (s.value(QLatin1String("capacity")).isObject())
                setDefault(s, QLatin1String("allocatable"), s.value(QLatin1String("capacity")));
        });
    } else if (kind == QLatin1String("Endpoints")) {
        editEach(json, QLatin1String("subsets"), defaultPortProtocols);
    } else if (kind == QLatin1String("EndpointSlice")) {
        editEach(json, QLatin1String("ports"), [](QJsonObject &port) {
            setDefault(port, QLatin1String("name"), QString());
            setDefault(port, QLatin1String("protocol"), QStringLiteral("TCP"));
        });
    }
    return Object(std::move(json));
}

Object withDefaultTolerations(const Object &pod, qint64 seconds)
{
    if (pod.kind() != QLatin1String("Pod"))
        return pod;
    QJsonObject spec = pod.spec();
    QJsonArray tolerations = spec.value(QLatin1String("tolerations")).toArray();
    bool notReady = false, unreachable = false;
    for (const QJsonValue &v : std::as_const(tolerations)) {
        const QJsonObject t = v.toObject();
        const QString key = t.value(QLatin1String("key")).toString();
        const QString effect = t.value(QLatin1String("effect")).toString();
        if (!effect.isEmpty() && effect != QLatin1String("NoExecute"))
            continue;
        notReady = notReady || key.isEmpty() || key == QLatin1String(kTaintNodeNotReady);
        unreachable = unreachable || key.isEmpty() || key == QLatin1String(kTaintNodeUnreachable);
    }
    if (notReady && unreachable)
        return pod;
    const std::pair<const char *, bool> wanted[] = {{kTaintNodeNotReady, notReady},
                                                    {kTaintNodeUnreachable, unreachable}};
    for (const auto &[key, present] : wanted)
        if (!present)
            tolerations.append(QJsonObject{{QStringLiteral("key"), QLatin1String(key)},
                                           {QStringLiteral("operator"), QStringLiteral("Exists")},
                                           {QStringLiteral("effect"), QStringLiteral("NoExecute")},
                                           {QStringLiteral("tolerationSeconds"), seconds}});
    spec.insert(QStringLiteral("tolerations"), tolerations);
    QJsonObject json = pod.json();
    json.insert(QStringLiteral("spec"), spec);
    return Object(std::move(json));
}

} // namespace tugboat::api
