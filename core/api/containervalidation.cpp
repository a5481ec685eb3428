// One container of a pod spec, as validateContainerCommon and its helpers check it in Kubernetes:
// name, image, ports, env, envFrom, volume mounts, probes, lifecycle handlers, resources, policies.
// The list-level rules (unique names, host ports, init-container restrictions) are in
// podspecvalidation.cpp.
#include "names.h"
#include "quantity.h"
#include "validation.h"

#include <QRegularExpression>

namespace tugboat::api {

namespace {

const QLatin1String kAlways("Always");

void validatePorts(const QJsonArray &ports, const QString &path, FieldErrors &errs)
{
    static const QStringList protocols{QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")};
    QSet<QString> names;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        const QString idx = indexPath(path, i);
        if (!ports.at(i).isObject()) {
            errs << FieldError::invalid(idx, ports.at(i), QStringLiteral("must be an object"));
            continue;
        }
        FieldReader r(ports.at(i).toObject(), idx, errs);
        const QString name = r.string(QLatin1String("name"));
        const qint64 containerPort = r.integer(QLatin1String("containerPort")).value_or(0);
        const qint64 hostPort = r.integer(QLatin1String("hostPort")).value_or(0);
        const QString protocol = r.string(QLatin1String("protocol"));
        if (!name.isEmpty()) {
            if (const QStringList msgs = isValidPortName(name); !msgs.isEmpty())
                errs += invalidEach(r.path(u"name"), name, msgs);
            else if (names.contains(name))
                errs << FieldError::duplicate(r.path(u"name"), name);
            else
                names.insert(name);
        }
        if (containerPort == 0)
            errs << FieldError::required(r.path(u"containerPort"));
        else
            errs += invalidEach(r.path(u"containerPort"), containerPort, isValidPortNum(containerPort));
        if (hostPort != 0)
            errs += invalidEach(r.path(u"hostPort"), hostPort, isValidPortNum(hostPort));
        if (protocol.isEmpty())
            errs << FieldError::required(r.path(u"protocol"));
        else if (!protocols.contains(protocol))
            errs << FieldError::notSupported(r.path(u"protocol"), protocol, protocols);
    }
}

// metadata.labels['x'] and metadata.annotations['x'] are the subscripted forms.
void validateFieldRef(const QJsonObject &ref, const QString &path, FieldErrors &errs)
{
    static const QStringList supported{QStringLiteral("metadata.name"),
                                       QStringLiteral("metadata.namespace"),
                                       QStringLiteral("metadata.uid"),
                                       QStringLiteral("spec.nodeName"),
                                       QStringLiteral("spec.serviceAccountName"),
                                       QStringLiteral("status.hostIP"),
                                       QStringLiteral("status.hostIPs"),
                                       QStringLiteral("status.podIP"),
                                       QStringLiteral("status.podIPs")};
    static const QRegularExpression subscripted(
        QRegularExpression::anchoredPattern(QStringLiteral(R"((metadata\.(?:labels|annotations))\['(.*)'\])")));
    FieldReader r(ref, path, errs);
    const QString apiVersion = r.string(QLatin1String("apiVersion"));
    const QString fieldPath = r.string(QLatin1String("fieldPath"));
    if (apiVersion.isEmpty()) {
        errs << FieldError::required(r.path(u"apiVersion"));
        return;
    }
    if (fieldPath.isEmpty()) {
        errs << FieldError::required(r.path(u"fieldPath"));
        return;
    }
    if (const auto m = subscripted.match(fieldPath); m.hasMatch()) {
        const QString key =
            m.captured(1) == QLatin1String("metadata.annotations") ? m.captured(2).toLower() : m.captured(2);
        errs += validateQualifiedName(key, path);
        return;
    }
    if (!supported.contains(fieldPath))
        errs << FieldError::notSupported(r.path(u"fieldPath"), fieldPath, supported);
}

void validateResourceFieldRef(const QJsonObject &ref, const QString &path, FieldErrors &errs)
{
    static const QStringList supported{QStringLiteral("limits.cpu"),
                                       QStringLiteral("limits.ephemeral-storage"),
                                       QStringLiteral("limits.memory"),
                                       QStringLiteral("requests.cpu"),
                                       QStringLiteral("requests.ephemeral-storage"),
                                       QStringLiteral("requests.memory")};
    FieldReader r(ref, path, errs);
    const QString resource = r.string(QLatin1String("resource"));
    if (resource.isEmpty())
        errs << FieldError::required(r.path(u"resource"));
    else if (!supported.contains(resource) && !resource.startsWith(QLatin1String("limits.hugepages-")) &&
             !resource.startsWith(QLatin1String("requests.hugepages-")))
        errs << FieldError::notSupported(r.path(u"resource"), resource, supported);
}

void validateKeySelector(const QJsonObject &sel, const QString &path, FieldErrors &errs)
{
    FieldReader r(sel, path, errs);
    const QString name = r.string(QLatin1String("name"));
    const QString key = r.string(QLatin1String("key"));
    if (name.isEmpty())
        errs << FieldError::required(r.path(u"name"));
    else
        errs += invalidEach(r.path(u"name"), name, isDns1123Subdomain(name));
    if (key.isEmpty())
        errs << FieldError::required(r.path(u"key"));
    else
        errs += invalidEach(r.path(u"key"), key, isConfigMapKey(key));
}

void validateEnv(const QJsonArray &env, const QString &path, FieldErrors &errs)
{
    for (qsizetype i = 0; i < env.size(); ++i) {
        const QString idx = indexPath(path, i);
        if (!env.at(i).isObject()) {
            errs << FieldError::invalid(idx, env.at(i), QStringLiteral("must be an object"));
            continue;
        }
        FieldReader r(env.at(i).toObject(), idx, errs);
        const QString name = r.string(QLatin1String("name"));
        const QString value = r.string(QLatin1String("value"));
        if (name.isEmpty())
            errs << FieldError::required(r.path(u"name"));
        else
            errs += invalidEach(r.path(u"name"), name, isRelaxedEnvVarName(name));
        const std::optional<QJsonObject> valueFrom = r.object(QLatin1String("valueFrom"));
        if (!valueFrom)
            continue;
        const QString fromPath = r.path(u"valueFrom");
        FieldReader from(*valueFrom, fromPath, errs);
        int sources = 0;
        if (const auto o = from.object(QLatin1String("fieldRef")); o && ++sources)
            validateFieldRef(*o, from.path(u"fieldRef"), errs);
        if (const auto o = from.object(QLatin1String("resourceFieldRef")); o && ++sources)
            validateResourceFieldRef(*o, from.path(u"resourceFieldRef"), errs);
        if (const auto o = from.object(QLatin1String("configMapKeyRef")); o && ++sources)
            validateKeySelector(*o, from.path(u"configMapKeyRef"), errs);
        if (const auto o = from.object(QLatin1String("secretKeyRef")); o && ++sources)
            validateKeySelector(*o, from.path(u"secretKeyRef"), errs);
        if (sources == 0)
            errs << FieldError::invalid(fromPath, QString(),
                                        QStringLiteral("must specify one of: `fieldRef`, `resourceFieldRef`, "
                                                       "`configMapKeyRef` or `secretKeyRef`"));
        else if (!value.isEmpty())
            errs << FieldError::invalid(fromPath, QString(),
                                        QStringLiteral("may not be specified when `value` is not empty"));
        else if (sources > 1)
            errs << FieldError::invalid(fromPath, QString(),
                                        QStringLiteral("may not have more than one field specified at a time"));
    }
}

void validateEnvFrom(const QJsonArray &envFrom, const QString &path, FieldErrors &errs)
{
    for (qsizetype i = 0; i < envFrom.size(); ++i) {
        const QString idx = indexPath(path, i);
        FieldReader r(envFrom.at(i).toObject(), idx, errs);
        const QString prefix = r.string(QLatin1String("prefix"));
        if (!prefix.isEmpty())
            errs += invalidEach(r.path(u"prefix"), prefix, isRelaxedEnvVarName(prefix));
        int sources = 0;
        for (const char *key : {"configMapRef", "secretRef"}) {
            const auto ref = r.object(QLatin1String(key));
            if (!ref)
                continue;
            ++sources;
            FieldReader rr(*ref, r.path(QLatin1String(key)), errs);
            const QString name = rr.string(QLatin1String("name"));
            if (name.isEmpty())
                errs << FieldError::required(rr.path(u"name"));
            else
                errs += invalidEach(rr.path(u"name"), name, isDns1123Subdomain(name));
        }
        // Kubernetes reports these on the list, without the index.
        if (sources == 0)
            errs << FieldError::invalid(path, QString(),
                                        QStringLiteral("must specify one of: `configMapRef` or `secretRef`"));
        else if (sources > 1)
            errs << FieldError::invalid(path, QString(),
                                        QStringLiteral("may not have more than one field specified at a time"));
    }
}

void validateLocalDescendingPath(const QString &value, const QString &path, FieldErrors &errs)
{
    if (value.startsWith(QLatin1Char('/')))
        errs << FieldError::invalid(path, value, QStringLiteral("must be a relative path"));
    if (value.split(QLatin1Char('/')).contains(QLatin1String("..")))
        errs << FieldError::invalid(path, value, QStringLiteral("must not contain '..'"));
}

void validateVolumeMounts(const QJsonArray &mounts, const QSet<QString> &volumes, const QString &path,
                          FieldErrors &errs)
{
    QSet<QString> mountPoints;
    for (qsizetype i = 0; i < mounts.size(); ++i) {
        const QString idx = indexPath(path, i);
        FieldReader r(mounts.at(i).toObject(), idx, errs);
        const QString name = r.string(QLatin1String("name"));
        const QString mountPath = r.string(QLatin1String("mountPath"));
        const QString subPath = r.string(QLatin1String("subPath"));
        const QString subPathExpr = r.string(QLatin1String("subPathExpr"));
        if (name.isEmpty())
            errs << FieldError::required(r.path(u"name"));
        if (!volumes.contains(name))
            errs << FieldError{FieldError::Type::NotFound, r.path(u"name"), name, {}};
        if (mountPath.isEmpty())
            errs << FieldError::required(r.path(u"mountPath"));
        if (mountPoints.contains(mountPath))
            errs << FieldError::invalid(r.path(u"mountPath"), mountPath, QStringLiteral("must be unique"));
        mountPoints.insert(mountPath);
        if (!subPath.isEmpty())
            validateLocalDescendingPath(subPath, r.path(u"subPath"), errs);
        if (!subPathExpr.isEmpty()) {
            if (!subPath.isEmpty())
                errs << FieldError::invalid(r.path(u"subPathExpr"), subPathExpr,
                                            QStringLiteral("subPathExpr and subPath are mutually exclusive"));
            validateLocalDescendingPath(subPathExpr, r.path(u"subPathExpr"), errs);
        }
    }
}

void validateHttpGet(const QJsonObject &action, const QString &path, FieldErrors &errs)
{
    static const QString headerFmt = QStringLiteral("[-A-Za-z0-9]+");
    static const QRegularExpression headerRe(QRegularExpression::anchoredPattern(headerFmt));
    FieldReader r(action, path, errs);
    if (r.string(QLatin1String("path")).isEmpty())
        errs << FieldError::required(r.path(u"path"));
    errs += validatePortNumOrName(action.value(QLatin1String("port")), r.path(u"port"));
    const QString scheme = r.string(QLatin1String("scheme"));
    if (scheme != QLatin1String("HTTP") && scheme != QLatin1String("HTTPS"))
        errs << FieldError::notSupported(r.path(u"scheme"), scheme, {QStringLiteral("HTTP"), QStringLiteral("HTTPS")});
    const QJsonArray headers = r.array(QLatin1String("httpHeaders")).value_or(QJsonArray());
    for (const QJsonValue &h : headers) {
        const QString name = h.toObject().value(QLatin1String("name")).toString();
        if (!headerRe.match(name).hasMatch())
            errs << FieldError::invalid(r.path(u"httpHeaders"), name,
                                        QStringLiteral("a valid HTTP header must consist of alphanumeric characters "
                                                       "or '-' (e.g. 'X-Header-Name', regex used for validation is "
                                                       "'%1')")
                                            .arg(headerFmt));
    }
}

// Probe handlers are exec, httpGet, tcpSocket and grpc; lifecycle handlers exec, httpGet, tcpSocket
// and sleep. Exactly one must be given.
void validateHandler(const QJsonObject &handler, bool lifecycle, const QString &path, FieldErrors &errs)
{
    FieldReader r(handler, path, errs);
    const QList<const char *> kinds = lifecycle ? QList<const char *>{"exec", "httpGet", "tcpSocket", "sleep"}
                                                : QList<const char *>{"exec", "httpGet", "tcpSocket", "grpc"};
    int count = 0;
    for (const char *kind : kinds) {
        const QLatin1String key(kind);
        const std::optional<QJsonObject> action = r.object(key);
        if (!action)
            continue;
        const QString actionPath = r.path(key);
        if (count++ > 0) {
            errs << FieldError::forbidden(actionPath, QStringLiteral("may not specify more than 1 handler type"));
            continue;
        }
        FieldReader a(*action, actionPath, errs);
        if (key == QLatin1String("exec")) {
            if (a.stringList(QLatin1String("command")).isEmpty())
                errs << FieldError::required(a.path(u"command"));
        } else if (key == QLatin1String("httpGet")) {
            validateHttpGet(*action, actionPath, errs);
        } else if (key == QLatin1String("tcpSocket")) {
            errs += validatePortNumOrName(action->value(QLatin1String("port")), a.path(u"port"));
        } else if (key == QLatin1String("grpc")) {
            const qint64 port = a.integer(QLatin1String("port")).value_or(0);
            errs += invalidEach(a.path(u"port"), port, isValidPortNum(port));
        } else if (key == QLatin1String("sleep")) {
            errs += validateNonnegative(a.integer(QLatin1String("seconds")).value_or(0), a.path(u"seconds"));
        }
    }
    if (count == 0)
        errs << FieldError::required(path, QStringLiteral("must specify a handler type"));
}

enum class ProbeKind { Liveness, Readiness, Startup };

void validateProbe(const QJsonObject &probe, ProbeKind kind, const QString &path, FieldErrors &errs)
{
    validateHandler(probe, false, path, errs);
    FieldReader r(probe, path, errs);
    const qint64 successThreshold = r.integer(QLatin1String("successThreshold")).value_or(0);
    for (const char *key : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds"})
        errs += validateNonnegative(r.integer(QLatin1String(key)).value_or(0), r.path(QLatin1String(key)));
    errs += validateNonnegative(successThreshold, r.path(u"successThreshold"));
    errs += validateNonnegative(r.integer(QLatin1String("failureThreshold")).value_or(0), r.path(u"failureThreshold"));
    const std::optional<qint64> grace = r.integer(QLatin1String("terminationGracePeriodSeconds"));
    if (grace && *grace <= 0)
        errs << FieldError::invalid(r.path(u"terminationGracePeriodSeconds"), *grace,
                                    QStringLiteral("must be greater than 0"));
    if (kind != ProbeKind::Readiness && successThreshold != 1)
        errs << FieldError::invalid(r.path(u"successThreshold"), successThreshold, QStringLiteral("must be 1"));
    if (kind == ProbeKind::Readiness && grace)
        errs << FieldError::invalid(r.path(u"terminationGracePeriodSeconds"), *grace,
                                    QStringLiteral("must not be set for readinessProbes"));
}

// ---- Resources ------------------------------------------------------------------------------------

// Resources a pod or quota may name without a domain (IsStandardResourceName), and those of them a
// container may request (IsStandardContainerResourceName).
bool isStandardResourceName(const QString &name)
{
    static const QStringList standard{QStringLiteral("cpu"),
                                      QStringLiteral("memory"),
                                      QStringLiteral("ephemeral-storage"),
                                      QStringLiteral("requests.cpu"),
                                      QStringLiteral("requests.memory"),
                                      QStringLiteral("requests.ephemeral-storage"),
                                      QStringLiteral("limits.cpu"),
                                      QStringLiteral("limits.memory"),
                                      QStringLiteral("limits.ephemeral-storage"),
                                      QStringLiteral("pods"),
                                      QStringLiteral("services"),
                                      QStringLiteral("replicationcontrollers"),
                                      QStringLiteral("resourcequotas"),
                                      QStringLiteral("secrets"),
                                      QStringLiteral("configmaps"),
                                      QStringLiteral("persistentvolumeclaims"),
                                      QStringLiteral("storage"),
                                      QStringLiteral("requests.storage"),
                                      QStringLiteral("services.nodeports"),
                                      QStringLiteral("services.loadbalancers")};
    return standard.contains(name) || name.startsWith(QLatin1String("hugepages-")) ||
           name.startsWith(QLatin1String("requests.hugepages-"));
}

bool isHugePages(const QString &name)
{
    return name.startsWith(QLatin1String("hugepages-"));
}

bool isNativeResource(const QString &name)
{
    return !name.contains(QLatin1Char('/')) || name.startsWith(QLatin1String("kubernetes.io/"));
}

// Extended resources ("example.com/gpu") count in whole units and may not be overcommitted.
bool isExtendedResource(const QString &name)
{
    if (isNativeResource(name) || name.startsWith(QLatin1String("requests.")))
        return false;
    return isQualifiedName(QStringLiteral("requests.") + name).isEmpty();
}

bool isOvercommitAllowed(const QString &name)
{
    return isNativeResource(name) && !isHugePages(name);
}

void validateResourceName(const QString &name, const QString &path, FieldErrors &errs)
{
    if (const QStringList msgs = isQualifiedName(name); !msgs.isEmpty()) {
        errs += invalidEach(path, name, msgs);
    } else if (!name.contains(QLatin1Char('/')) && !isStandardResourceName(name)) {
        errs << FieldError::invalid(path, name, QStringLiteral("must be a standard resource type or fully qualified"));
    }
    if (!name.contains(QLatin1Char('/'))) {
        if (name != QLatin1String("cpu") && name != QLatin1String("memory") &&
            name != QLatin1String("ephemeral-storage") && !isHugePages(name))
            errs << FieldError::invalid(path, name, QStringLiteral("must be a standard resource for containers"));
    } else if (!isNativeResource(name) && !isExtendedResource(name)) {
        errs << FieldError::invalid(path, name, QStringLiteral("doesn't follow extended resource name standard"));
    }
}

// A quantity may be written as a JSON string ("100m") or number (2).
std::optional<Quantity> readQuantity(const QJsonValue &v, const QString &path, FieldErrors &errs)
{
    QString text;
    if (v.isString())
        text = v.toString();
    else if (v.isDouble())
        text = v.toDouble() == static_cast<double>(v.toInteger()) ? QString::number(v.toInteger())
                                                                  : QString::number(v.toDouble(), 'g', 17);
    else {
        errs << FieldError::invalid(path, v, QStringLiteral("must be a quantity"));
        return std::nullopt;
    }
    Result<Quantity> q = Quantity::parse(text);
    if (!q) {
        errs << FieldError::invalid(path, v, q.error().message());
        return std::nullopt;
    }
    return q.value();
}

void validateQuantityValue(const QString &name, const Quantity &q, const QString &path, FieldErrors &errs)
{
    if (q.sign() < 0)
        errs << FieldError::invalid(path, q.toString(), QStringLiteral("must be greater than or equal to 0"));
    if ((isExtendedResource(name) || name == QLatin1String("pods")) && q.milliValue() % 1000 != 0)
        errs << FieldError::invalid(path, q.toString(), QStringLiteral("must be an integer"));
}

} // namespace

FieldErrors validateContainerResources(const QJsonValue &resources, const QString &path)
{
    FieldErrors errs;
    if (resources.isUndefined() || resources.isNull())
        return errs;
    FieldReader r(resources.toObject(), path, errs);
    const QString limPath = r.path(u"limits");
    const QString reqPath = r.path(u"requests");
    const QJsonObject limitsJson = r.object(QLatin1String("limits")).value_or(QJsonObject());
    const QJsonObject requestsJson = r.object(QLatin1String("requests")).value_or(QJsonObject());
    QMap<QString, Quantity> limits;
    for (auto it = limitsJson.begin(); it != limitsJson.end(); ++it) {
        const QString p = keyPath(limPath, it.key());
        validateResourceName(it.key(), p, errs);
        if (const auto q = readQuantity(it.value(), p, errs)) {
            validateQuantityValue(it.key(), *q, p, errs);
            limits.insert(it.key(), *q);
        }
    }
    for (auto it = requestsJson.begin(); it != requestsJson.end(); ++it) {
        const QString p = keyPath(reqPath, it.key());
        validateResourceName(it.key(), p, errs);
        const auto q = readQuantity(it.value(), p, errs);
        if (!q)
            continue;
        validateQuantityValue(it.key(), *q, p, errs);
        if (limits.contains(it.key())) {
            const Quantity &limit = limits.value(it.key());
            if (*q != limit && !isOvercommitAllowed(it.key()))
                errs << FieldError::invalid(
                    reqPath, q->toString(),
                    QStringLiteral("must be equal to %1 limit of %2").arg(it.key(), limit.toString()));
            else if (*q > limit)
                errs << FieldError::invalid(
                    reqPath, q->toString(),
                    QStringLiteral("must be less than or equal to %1 limit of %2").arg(it.key(), limit.toString()));
        } else if (!isOvercommitAllowed(it.key()) && !limitsJson.contains(it.key())) {
            errs << FieldError::required(limPath, QStringLiteral("Limit must be set for non overcommitable resources"));
        }
    }
    return errs;
}

FieldErrors validateResourceQuantity(const QString &resourceName, const QJsonValue &value, const QString &path)
{
    FieldErrors errs;
    if (const auto q = readQuantity(value, path, errs))
        validateQuantityValue(resourceName, *q, path, errs);
    return errs;
}

FieldErrors validateContainer(const QJsonObject &container, ContainerType type, const QSet<QString> &volumes,
                              const QString &path)
{
    static const QStringList pullPolicies{QStringLiteral("Always"), QStringLiteral("IfNotPresent"),
                                          QStringLiteral("Never")};
    FieldErrors errs;
    FieldReader r(container, path, errs);
    const QString name = r.string(QLatin1String("name"));
    if (name.isEmpty())
        errs << FieldError::required(r.path(u"name"));
    else
        errs += validateDns1123Label(name, r.path(u"name"));
    if (r.string(QLatin1String("image")).isEmpty())
        errs << FieldError::required(r.path(u"image"));

    const QString messagePolicy = r.string(QLatin1String("terminationMessagePolicy"));
    const QString mustBe = QStringLiteral("must be 'File' or 'FallbackToLogsOnError'");
    if (messagePolicy.isEmpty())
        errs << FieldError::required(r.path(u"terminationMessagePolicy"), mustBe);
    else if (messagePolicy != QLatin1String("File") && messagePolicy != QLatin1String("FallbackToLogsOnError"))
        errs << FieldError::invalid(r.path(u"terminationMessagePolicy"), messagePolicy, mustBe);

    validatePorts(r.array(QLatin1String("ports")).value_or(QJsonArray()), r.path(u"ports"), errs);
    validateEnv(r.array(QLatin1String("env")).value_or(QJsonArray()), r.path(u"env"), errs);
    validateEnvFrom(r.array(QLatin1String("envFrom")).value_or(QJsonArray()), r.path(u"envFrom"), errs);
    validateVolumeMounts(r.array(QLatin1String("volumeMounts")).value_or(QJsonArray()), volumes,
                         r.path(u"volumeMounts"), errs);

    const QString pullPolicy = r.string(QLatin1String("imagePullPolicy"));
    if (pullPolicy.isEmpty())
        errs << FieldError::required(r.path(u"imagePullPolicy"));
    else if (!pullPolicies.contains(pullPolicy))
        errs << FieldError::notSupported(r.path(u"imagePullPolicy"), pullPolicy, pullPolicies);
    errs += validateContainerResources(container.value(QLatin1String("resources")), r.path(u"resources"));

    // Probes and lifecycle handlers: regular containers and sidecars (init containers that restart
    // with the pod) may have them; plain init containers may not.
    std::optional<QString> restartPolicy;
    if (r.has(QLatin1String("restartPolicy")))
        restartPolicy = r.string(QLatin1String("restartPolicy"));
    const bool sidecar = type == ContainerType::Init && restartPolicy == QString(kAlways);
    if (type == ContainerType::Regular && restartPolicy)
        errs << FieldError::forbidden(r.path(u"restartPolicy"),
                                      QStringLiteral("may not be set for non-init containers"));
    if (type == ContainerType::Init && restartPolicy && *restartPolicy != kAlways)
        errs << FieldError::notSupported(r.path(u"restartPolicy"), *restartPolicy, {kAlways});

    const std::optional<QJsonObject> lifecycle = r.object(QLatin1String("lifecycle"));
    const std::pair<const char *, ProbeKind> probes[] = {{"livenessProbe", ProbeKind::Liveness},
                                                         {"readinessProbe", ProbeKind::Readiness},
                                                         {"startupProbe", ProbeKind::Startup}};
    if (type == ContainerType::Init && !sidecar) {
        const QString notForInit = QStringLiteral("may not be set for init containers without restartPolicy=Always");
        if (lifecycle)
            errs << FieldError::forbidden(r.path(u"lifecycle"), notForInit);
        for (const auto &[key, kind] : probes)
            if (r.has(QLatin1String(key)))
                errs << FieldError::forbidden(r.path(QLatin1String(key)), notForInit);
        return errs;
    }
    if (lifecycle) {
        FieldReader l(*lifecycle, r.path(u"lifecycle"), errs);
        for (const char *hook : {"postStart", "preStop"})
            if (const auto handler = l.object(QLatin1String(hook)))
                validateHandler(*handler, true, l.path(QLatin1String(hook)), errs);
    }
    for (const auto &[key, kind] : probes)
        if (const auto probe = r.object(QLatin1String(key)))
            validateProbe(*probe, kind, r.path(QLatin1String(key)), errs);
    return errs;
}

} // namespace tugboat::api
