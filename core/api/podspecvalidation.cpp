// PodSpec and PodTemplateSpec, as ValidatePodSpec and ValidatePodTemplateSpec check them: volumes,
// the container lists (unique names across containers and initContainers, host ports), policies,
// nodeSelector, node affinity, tolerations; and the rules a ReplicaSet's template adds. Node taints
// live here too, next to the tolerations that match them.
#include "names.h"
#include "validation.h"

#include <limits>

namespace tugboat::api {

namespace {

// Volume sources in the order Kubernetes checks them: the first one set counts, any further one is
// "more than 1 volume type".
const QList<QLatin1String> &volumeSources()
{
    static const QList<QLatin1String> sources{
        QLatin1String("emptyDir"),
        QLatin1String("hostPath"),
        QLatin1String("gitRepo"),
        QLatin1String("gcePersistentDisk"),
        QLatin1String("awsElasticBlockStore"),
        QLatin1String("secret"),
        QLatin1String("nfs"),
        QLatin1String("iscsi"),
        QLatin1String("glusterfs"),
        QLatin1String("flocker"),
        QLatin1String("persistentVolumeClaim"),
        QLatin1String("rbd"),
        QLatin1String("cinder"),
        QLatin1String("cephfs"),
        QLatin1String("quobyte"),
        QLatin1String("downwardAPI"),
        QLatin1String("fc"),
        QLatin1String("flexVolume"),
        QLatin1String("configMap"),
        QLatin1String("azureFile"),
        QLatin1String("vsphereVolume"),
        QLatin1String("photonPersistentDisk"),
        QLatin1String("portworxVolume"),
        QLatin1String("azureDisk"),
        QLatin1String("storageos"),
        QLatin1String("projected"),
        QLatin1String("scaleIO"),
        QLatin1String("csi"),
        QLatin1String("ephemeral"),
        QLatin1String("image"),
    };
    return sources;
}

void validateFileMode(const FieldReader &r, FieldErrors &errs)
{
    const std::optional<qint64> mode = r.integer(QLatin1String("defaultMode"));
    if (mode && (*mode < 0 || *mode > 0777))
        errs << FieldError::invalid(r.path(u"defaultMode"), *mode,
                                    QStringLiteral("must be a number between 0 and 0777 (octal), both inclusive"));
}

void validateVolumeSource(QLatin1String source, const QJsonObject &o, const QString &path, FieldErrors &errs)
{
    static const QStringList hostPathTypes{QString(),
                                           QStringLiteral("BlockDevice"),
                                           QStringLiteral("CharDevice"),
                                           QStringLiteral("Directory"),
                                           QStringLiteral("DirectoryOrCreate"),
                                           QStringLiteral("File"),
                                           QStringLiteral("FileOrCreate"),
                                           QStringLiteral("Socket")};
    FieldReader r(o, path, errs);
    auto requireString = [&](const char *key) {
        if (r.string(QLatin1String(key)).isEmpty())
            errs << FieldError::required(r.path(QLatin1String(key)));
    };
    if (source == QLatin1String("hostPath")) {
        requireString("path");
        const QString type = r.string(QLatin1String("type"));
        if (!hostPathTypes.contains(type))
            errs << FieldError::notSupported(r.path(u"type"), type, hostPathTypes.mid(1));
    } else if (source == QLatin1String("secret")) {
        requireString("secretName");
        validateFileMode(r, errs);
    } else if (source == QLatin1String("configMap")) {
        requireString("name");
        validateFileMode(r, errs);
    } else if (source == QLatin1String("persistentVolumeClaim")) {
        requireString("claimName");
    } else if (source == QLatin1String("projected") || source == QLatin1String("downwardAPI")) {
        validateFileMode(r, errs);
    } else if (source == QLatin1String("emptyDir")) {
        const QString sizeLimit = o.value(QLatin1String("sizeLimit")).toString();
        if (sizeLimit.startsWith(QLatin1Char('-')))
            errs << FieldError::forbidden(r.path(u"sizeLimit"),
                                          QStringLiteral("SizeLimit field must be a valid resource quantity"));
    }
}

// Returns the names of the volumes that validated cleanly: only those may be mounted.
QSet<QString> validateVolumes(const QJsonArray &volumes, const QString &path, FieldErrors &errs)
{
    QSet<QString> names;
    for (qsizetype i = 0; i < volumes.size(); ++i) {
        const QString idx = indexPath(path, i);
        if (!volumes.at(i).isObject()) {
            errs << FieldError::invalid(idx, volumes.at(i), QStringLiteral("must be an object"));
            continue;
        }
        FieldErrors el;
        FieldReader r(volumes.at(i).toObject(), idx, el);
        const QString name = r.string(QLatin1String("name"));
        int count = 0;
        for (QLatin1String source : volumeSources()) {
            const std::optional<QJsonObject> o = r.object(source);
            if (!o)
                continue;
            if (count++ > 0)
                el << FieldError::forbidden(r.path(source), QStringLiteral("may not specify more than 1 volume type"));
            else
                validateVolumeSource(source, *o, r.path(source), el);
        }
        if (count == 0)
            el << FieldError::required(idx, QStringLiteral("must specify a volume type"));
        if (name.isEmpty())
            el << FieldError::required(r.path(u"name"));
        else
            el += validateDns1123Label(name, r.path(u"name"));
        if (names.contains(name))
            el << FieldError::duplicate(r.path(u"name"), name);
        if (el.isEmpty())
            names.insert(name);
        errs += el;
    }
    return names;
}

// Host ports must not collide: across all containers, but each init container on its own, since
// init containers run one after another.
void checkHostPorts(const QJsonArray &containers, const QString &path, QSet<QString> &seen, FieldErrors &errs)
{
    for (qsizetype ci = 0; ci < containers.size(); ++ci) {
        const QJsonArray ports = containers.at(ci).toObject().value(QLatin1String("ports")).toArray();
        for (qsizetype pi = 0; pi < ports.size(); ++pi) {
            const QJsonObject port = ports.at(pi).toObject();
            const qint64 hostPort = port.value(QLatin1String("hostPort")).toInteger();
            if (hostPort == 0)
                continue;
            const QString key = QStringLiteral("%1/%2/%3")
                                    .arg(port.value(QLatin1String("protocol")).toString(),
                                         port.value(QLatin1String("hostIP")).toString())
                                    .arg(hostPort);
            const QString p = childPath(indexPath(childPath(indexPath(path, ci), u"ports"), pi), u"hostPort");
            if (seen.contains(key))
                errs << FieldError::duplicate(p, key);
            else
                seen.insert(key);
        }
    }
}

void validateContainerLists(const FieldReader &r, const QSet<QString> &volumes, FieldErrors &errs)
{
    const QString containersPath = r.path(u"containers");
    const QString initPath = r.path(u"initContainers");
    const QJsonArray containers = r.array(QLatin1String("containers")).value_or(QJsonArray());
    const QJsonArray initContainers = r.array(QLatin1String("initContainers")).value_or(QJsonArray());

    QSet<QString> names;
    if (containers.isEmpty())
        errs << FieldError::required(containersPath);
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QString idx = indexPath(containersPath, i);
        if (!containers.at(i).isObject()) {
            errs << FieldError::invalid(idx, containers.at(i), QStringLiteral("must be an object"));
            continue;
        }
        errs += validateContainer(containers.at(i).toObject(), ContainerType::Regular, volumes, idx);
        const QString name = containers.at(i).toObject().value(QLatin1String("name")).toString();
        if (names.contains(name))
            errs << FieldError::duplicate(childPath(idx, u"name"), name);
        names.insert(name);
    }
    QSet<QString> hostPorts;
    checkHostPorts(containers, containersPath, hostPorts, errs);

    for (qsizetype i = 0; i < initContainers.size(); ++i) {
        const QString idx = indexPath(initPath, i);
        if (!initContainers.at(i).isObject()) {
            errs << FieldError::invalid(idx, initContainers.at(i), QStringLiteral("must be an object"));
            continue;
        }
        errs += validateContainer(initContainers.at(i).toObject(), ContainerType::Init, volumes, idx);
        const QString name = initContainers.at(i).toObject().value(QLatin1String("name")).toString();
        if (names.contains(name))
            errs << FieldError::duplicate(childPath(idx, u"name"), name);
        else if (!name.isEmpty())
            names.insert(name);
        QSet<QString> own;
        checkHostPorts(QJsonArray{initContainers.at(i)}, initPath, own, errs);
    }

    if (r.object().value(QLatin1String("hostNetwork")).toBool()) {
        for (const auto &[list, listPath] :
             {std::pair{initContainers, initPath}, std::pair{containers, containersPath}}) {
            for (qsizetype ci = 0; ci < list.size(); ++ci) {
                const QJsonArray ports = list.at(ci).toObject().value(QLatin1String("ports")).toArray();
                for (qsizetype pi = 0; pi < ports.size(); ++pi) {
                    const QJsonObject port = ports.at(pi).toObject();
                    const qint64 containerPort = port.value(QLatin1String("containerPort")).toInteger();
                    if (port.value(QLatin1String("hostPort")).toInteger() != containerPort)
                        errs << FieldError::invalid(
                            childPath(indexPath(childPath(indexPath(listPath, ci), u"ports"), pi), u"containerPort"),
                            containerPort, QStringLiteral("must match `hostPort` when `hostNetwork` is true"));
                }
            }
        }
    }
}

void validateNodeSelectorTerm(const QJsonObject &term, const QString &path, FieldErrors &errs)
{
    FieldReader r(term, path, errs);
    const QJsonArray expressions = r.array(QLatin1String("matchExpressions")).value_or(QJsonArray());
    for (qsizetype i = 0; i < expressions.size(); ++i) {
        FieldReader e(expressions.at(i).toObject(), indexPath(r.path(u"matchExpressions"), i), errs);
        const QString op = e.string(QLatin1String("operator"));
        const QStringList values = e.stringList(QLatin1String("values"));
        if (op == QLatin1String("In") || op == QLatin1String("NotIn")) {
            if (values.isEmpty())
                errs << FieldError::required(e.path(u"values"),
                                             QStringLiteral("must be specified when `operator` is 'In' or 'NotIn'"));
        } else if (op == QLatin1String("Exists") || op == QLatin1String("DoesNotExist")) {
            if (!values.isEmpty())
                errs << FieldError::forbidden(
                    e.path(u"values"),
                    QStringLiteral("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        } else if (op == QLatin1String("Gt") || op == QLatin1String("Lt")) {
            if (values.size() != 1)
                errs << FieldError::required(
                    e.path(u"values"),
                    QStringLiteral("must be specified single value when `operator` is 'Lt' or 'Gt'"));
        } else {
            errs << FieldError::invalid(e.path(u"operator"), op, QStringLiteral("not a valid selector operator"));
        }
        errs += validateQualifiedName(e.string(QLatin1String("key")), e.path(u"key"));
    }
    const QJsonArray fields = r.array(QLatin1String("matchFields")).value_or(QJsonArray());
    for (qsizetype i = 0; i < fields.size(); ++i) {
        FieldReader f(fields.at(i).toObject(), indexPath(r.path(u"matchFields"), i), errs);
        const QString op = f.string(QLatin1String("operator"));
        const QStringList values = f.stringList(QLatin1String("values"));
        if (op == QLatin1String("In") || op == QLatin1String("NotIn")) {
            if (values.size() != 1)
                errs << FieldError::required(f.path(u"values"),
                                             QStringLiteral("must be only one value when `operator` is 'In' or "
                                                            "'NotIn' for node field selector"));
        } else {
            errs << FieldError::invalid(f.path(u"operator"), op, QStringLiteral("not a valid selector operator"));
        }
        const QString key = f.string(QLatin1String("key"));
        if (key != QLatin1String("metadata.name")) {
            errs << FieldError::invalid(f.path(u"key"), key, QStringLiteral("not a valid field selector key"));
            continue;
        }
        for (qsizetype v = 0; v < values.size(); ++v)
            errs += invalidEach(indexPath(f.path(u"values"), v), values.at(v), nameIsDnsSubdomain(values.at(v), false));
    }
}

void validateNodeAffinity(const QJsonObject &affinity, const QString &path, FieldErrors &errs)
{
    FieldReader r(affinity, path, errs);
    if (const auto required = r.object(QLatin1String("requiredDuringSchedulingIgnoredDuringExecution"))) {
        FieldReader q(*required, r.path(u"requiredDuringSchedulingIgnoredDuringExecution"), errs);
        const QJsonArray terms = q.array(QLatin1String("nodeSelectorTerms")).value_or(QJsonArray());
        if (terms.isEmpty())
            errs << FieldError::required(q.path(u"nodeSelectorTerms"),
                                         QStringLiteral("must have at least one node selector term"));
        for (qsizetype i = 0; i < terms.size(); ++i)
            validateNodeSelectorTerm(terms.at(i).toObject(), indexPath(q.path(u"nodeSelectorTerms"), i), errs);
    }
    const QJsonArray preferred =
        r.array(QLatin1String("preferredDuringSchedulingIgnoredDuringExecution")).value_or(QJsonArray());
    for (qsizetype i = 0; i < preferred.size(); ++i) {
        FieldReader p(preferred.at(i).toObject(),
                      indexPath(r.path(u"preferredDuringSchedulingIgnoredDuringExecution"), i), errs);
        const qint64 weight = p.integer(QLatin1String("weight")).value_or(0);
        if (weight <= 0 || weight > 100)
            errs << FieldError::invalid(p.path(u"weight"), weight, QStringLiteral("must be in the range 1-100"));
        validateNodeSelectorTerm(p.object(QLatin1String("preference")).value_or(QJsonObject()), p.path(u"preference"),
                                 errs);
    }
}

void validateDnsConfig(const FieldReader &r, const QString &dnsPolicy, FieldErrors &errs)
{
    const std::optional<QJsonObject> config = r.object(QLatin1String("dnsConfig"));
    FieldReader c(config.value_or(QJsonObject()), r.path(u"dnsConfig"), errs);
    const QStringList nameservers = c.stringList(QLatin1String("nameservers"));
    if (dnsPolicy == QLatin1String("None")) {
        if (!config) {
            errs << FieldError::required(c.path(), QStringLiteral("must provide `dnsConfig` when `dnsPolicy` is None"));
            return;
        }
        if (nameservers.isEmpty()) {
            errs << FieldError::required(
                c.path(u"nameservers"),
                QStringLiteral("must provide at least one DNS nameserver when `dnsPolicy` is None"));
            return;
        }
    }
    if (nameservers.size() > 3)
        errs << FieldError::invalid(c.path(u"nameservers"), QJsonArray::fromStringList(nameservers),
                                    QStringLiteral("must not have more than 3 nameservers"));
    for (qsizetype i = 0; i < nameservers.size(); ++i)
        if (!isValidIp(nameservers.at(i)).isEmpty())
            errs << FieldError::invalid(indexPath(c.path(u"nameservers"), i), nameservers.at(i),
                                        QStringLiteral("must be valid IP address"));
}

} // namespace

FieldErrors validatePodSpec(const QJsonObject &spec, const QString &path)
{
    static const QStringList restartPolicies{QStringLiteral("Always"), QStringLiteral("OnFailure"),
                                             QStringLiteral("Never")};
    static const QStringList dnsPolicies{QStringLiteral("ClusterFirstWithHostNet"), QStringLiteral("ClusterFirst"),
                                         QStringLiteral("Default"), QStringLiteral("None")};
    FieldErrors errs;
    FieldReader r(spec, path, errs);

    const QSet<QString> volumes =
        validateVolumes(r.array(QLatin1String("volumes")).value_or(QJsonArray()), r.path(u"volumes"), errs);
    validateContainerLists(r, volumes, errs);

    const QString restartPolicy = r.string(QLatin1String("restartPolicy"));
    if (restartPolicy.isEmpty())
        errs << FieldError::required(r.path(u"restartPolicy"));
    else if (!restartPolicies.contains(restartPolicy))
        errs << FieldError::notSupported(r.path(u"restartPolicy"), restartPolicy, restartPolicies);

    const QString dnsPolicy = r.string(QLatin1String("dnsPolicy"));
    if (dnsPolicy.isEmpty())
        errs << FieldError::required(r.path(u"dnsPolicy"));
    else if (!dnsPolicies.contains(dnsPolicy))
        errs << FieldError::notSupported(r.path(u"dnsPolicy"), dnsPolicy, dnsPolicies);

    errs += validateLabels(spec.value(QLatin1String("nodeSelector")), r.path(u"nodeSelector"));
    if (const auto affinity = r.object(QLatin1String("affinity"))) {
        FieldReader a(*affinity, r.path(u"affinity"), errs);
        if (const auto nodeAffinity = a.object(QLatin1String("nodeAffinity")))
            validateNodeAffinity(*nodeAffinity, a.path(u"nodeAffinity"), errs);
    }
    validateDnsConfig(r, dnsPolicy, errs);

    for (const char *key : {"serviceAccountName", "nodeName", "priorityClassName"}) {
        const QString value = r.string(QLatin1String(key));
        if (!value.isEmpty())
            errs += invalidEach(r.path(QLatin1String(key)), value, nameIsDnsSubdomain(value, false));
    }
    if (const auto deadline = r.integer(QLatin1String("activeDeadlineSeconds"));
        deadline && (*deadline < 1 || *deadline > std::numeric_limits<qint32>::max()))
        errs << FieldError::invalid(r.path(u"activeDeadlineSeconds"), *deadline,
                                    inclusiveRangeError(1, std::numeric_limits<qint32>::max()));
    for (const char *key : {"hostname", "subdomain"}) {
        const QString value = r.string(QLatin1String(key));
        if (!value.isEmpty())
            errs += validateDns1123Label(value, r.path(QLatin1String(key)));
    }
    errs += validateTolerations(spec.value(QLatin1String("tolerations")), r.path(u"tolerations"));
    return errs;
}

FieldErrors validatePodTemplateSpec(const QJsonValue &tmpl, const QString &path)
{
    if (!tmpl.isUndefined() && !tmpl.isNull() && !tmpl.isObject())
        return {FieldError::invalid(path, tmpl, QStringLiteral("must be an object"))};
    FieldErrors errs;
    FieldReader r(tmpl.toObject(), path, errs);
    const QJsonObject meta = r.object(QLatin1String("metadata")).value_or(QJsonObject());
    const QJsonObject spec = r.object(QLatin1String("spec")).value_or(QJsonObject());
    // Kubernetes reports template labels and annotations without "metadata" in the path.
    errs += validateLabels(meta.value(QLatin1String("labels")), r.path(u"labels"));
    errs += validateAnnotations(meta.value(QLatin1String("annotations")), r.path(u"annotations"));
    errs += validatePodSpec(spec, r.path(u"spec"));
    if (spec.contains(QLatin1String("ephemeralContainers")))
        errs << FieldError::forbidden(childPath(r.path(u"spec"), u"ephemeralContainers"),
                                      QStringLiteral("ephemeral containers not allowed in pod template"));
    return errs;
}

FieldErrors validatePodTemplateForReplicaSet(const QJsonValue &tmpl, const LabelSelector &selector, const QString &path)
{
    FieldErrors errs;
    const QJsonObject meta = tmpl.toObject().value(QLatin1String("metadata")).toObject();
    const QJsonValue labels = meta.value(QLatin1String("labels"));
    if (!selector.matchesEverything() && !selector.matches(Object::stringMap(labels.toObject()))) {
        // The offending value prints as Go's %#v of the label map, so it goes in the detail: FieldError
        // would print a JSON value.
        errs << FieldError{FieldError::Type::Invalid, childPath(childPath(path, u"metadata"), u"labels"),
                           QJsonValue::Undefined,
                           goStringMap(labels) + QStringLiteral(": `selector` does not match template `labels`")};
    }
    errs += validatePodTemplateSpec(tmpl, path);
    const QJsonObject spec = tmpl.toObject().value(QLatin1String("spec")).toObject();
    const QString specPath = childPath(path, u"spec");
    const QJsonValue restartPolicy = spec.value(QLatin1String("restartPolicy"));
    if (restartPolicy.toString() != QLatin1String("Always"))
        errs << FieldError::notSupported(childPath(specPath, u"restartPolicy"),
                                         restartPolicy.isString() ? restartPolicy : QJsonValue(QString()),
                                         {QStringLiteral("Always")});
    const QJsonValue deadline = spec.value(QLatin1String("activeDeadlineSeconds"));
    if (!deadline.isUndefined() && !deadline.isNull())
        errs << FieldError::forbidden(childPath(specPath, u"activeDeadlineSeconds"),
                                      QStringLiteral("activeDeadlineSeconds in ReplicaSet is not Supported"));
    return errs;
}

FieldErrors validateTolerations(const QJsonValue &tolerations, const QString &path)
{
    if (tolerations.isUndefined() || tolerations.isNull())
        return {};
    if (!tolerations.isArray())
        return {FieldError::invalid(path, tolerations, QStringLiteral("must be a list"))};
    static const QStringList effects{QStringLiteral("NoSchedule"), QStringLiteral("PreferNoSchedule"),
                                     QStringLiteral("NoExecute")};
    FieldErrors errs;
    const QJsonArray list = tolerations.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        FieldReader r(list.at(i).toObject(), indexPath(path, i), errs);
        const QString key = r.string(QLatin1String("key"));
        const QString op = r.string(QLatin1String("operator"));
        const QString value = r.string(QLatin1String("value"));
        const QString effect = r.string(QLatin1String("effect"));
        const bool hasSeconds = r.integer(QLatin1String("tolerationSeconds")).has_value();
        if (!key.isEmpty())
            errs += validateQualifiedName(key, r.path(u"key"));
        if (key.isEmpty() && op != QLatin1String("Exists"))
            errs << FieldError::invalid(r.path(u"operator"), op,
                                        QStringLiteral("operator must be Exists when `key` is empty, which means "
                                                       "\"match all values and all keys\""));
        if (hasSeconds && effect != QLatin1String("NoExecute"))
            errs << FieldError::invalid(r.path(u"effect"), effect,
                                        QStringLiteral("effect must be 'NoExecute' when `tolerationSeconds` is set"));
        if (op.isEmpty() || op == QLatin1String("Equal")) {
            if (const QStringList msgs = isValidLabelValue(value); !msgs.isEmpty())
                errs << FieldError::invalid(r.path(u"operator"), value, msgs.join(QLatin1Char(';')));
        } else if (op == QLatin1String("Exists")) {
            if (!value.isEmpty())
                errs << FieldError::invalid(r.path(u"operator"), list.at(i),
                                            QStringLiteral("value must be empty when `operator` is 'Exists'"));
        } else {
            errs << FieldError::notSupported(r.path(u"operator"), op,
                                             {QStringLiteral("Equal"), QStringLiteral("Exists")});
        }
        if (!effect.isEmpty() && !effects.contains(effect))
            errs << FieldError::notSupported(r.path(u"effect"), effect, effects);
    }
    return errs;
}

FieldErrors validateTaints(const QJsonValue &taints, const QString &path)
{
    if (taints.isUndefined() || taints.isNull())
        return {};
    if (!taints.isArray())
        return {FieldError::invalid(path, taints, QStringLiteral("must be a list"))};
    static const QStringList effects{QStringLiteral("NoSchedule"), QStringLiteral("PreferNoSchedule"),
                                     QStringLiteral("NoExecute")};
    FieldErrors errs;
    QSet<QString> unique; // effect + '\0' + key
    const QJsonArray list = taints.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        FieldReader r(list.at(i).toObject(), indexPath(path, i), errs);
        const QString key = r.string(QLatin1String("key"));
        const QString value = r.string(QLatin1String("value"));
        const QString effect = r.string(QLatin1String("effect"));
        errs += validateQualifiedName(key, r.path(u"key"));
        if (const QStringList msgs = isValidLabelValue(value); !msgs.isEmpty())
            errs << FieldError::invalid(r.path(u"value"), value, msgs.join(QLatin1Char(';')));
        if (effect.isEmpty())
            errs << FieldError::required(r.path(u"effect"));
        else if (!effects.contains(effect))
            errs << FieldError::notSupported(r.path(u"effect"), effect, effects);
        const QString id = effect + QChar() + key;
        if (unique.contains(id)) {
            FieldError dup = FieldError::duplicate(r.path(), list.at(i));
            dup.detail = QStringLiteral("taints must be unique by key and effect pair");
            errs << dup;
            continue;
        }
        unique.insert(id);
    }
    return errs;
}

} // namespace tugboat::api
