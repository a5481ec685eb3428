// The smaller core kinds: ConfigMap and Secret (key names, 1 MiB of data, base64, type-specific keys,
// immutability), Namespace, Node (taints, capacity, pod CIDRs), Event and Lease. Services and
// endpoints are in servicevalidation.cpp.
#include "names.h"
#include "validation.h"

#include <QJsonDocument>

namespace tugboat::api {

namespace {

constexpr int kMaxDataSize = 1024 * 1024; // core.MaxSecretSize, for ConfigMaps too
const QString kImmutable = QStringLiteral("field is immutable");
const QString kImmutableWhenSet = QStringLiteral("field is immutable when `immutable` is set");
const QString kRedacted = QStringLiteral("<secret contents redacted>");

bool isBase64Char(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '+' || u == '/';
}

// Standard base64 with padding, as encoding/json decodes []byte. Returns the decoded size, or sets
// `badIndex` to the input byte Go's decoder reports as illegal. Line breaks are skipped, as in Go.
qsizetype decodedBase64Size(const QString &s, qsizetype &badIndex)
{
    badIndex = -1;
    qsizetype inQuantum = 0;
    qsizetype quantumStart = 0;
    qsizetype size = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n'))
            continue;
        if (inQuantum == 0)
            quantumStart = i;
        if (c == QLatin1Char('=')) {
            if (inQuantum < 2) {
                badIndex = i;
                return 0;
            }
            qsizetype padding = 4 - inQuantum;
            size += inQuantum - 1;
            for (; i < s.size(); ++i) {
                const QChar p = s.at(i);
                if (p == QLatin1Char('\r') || p == QLatin1Char('\n'))
                    continue;
                if (padding == 0 || p != QLatin1Char('=')) {
                    badIndex = i;
                    return 0;
                }
                --padding;
            }
            if (padding != 0)
                badIndex = s.size();
            return size;
        }
        if (!isBase64Char(c)) {
            badIndex = i;
            return 0;
        }
        if (++inQuantum == 4) {
            size += 3;
            inQuantum = 0;
        }
    }
    if (inQuantum != 0)
        badIndex = quantumStart;
    return size;
}

QByteArray decodeBase64(const QString &s)
{
    return QByteArray::fromBase64(s.toLatin1());
}

// Keys of data and binaryData (or stringData) that are not config-map keys, each at data[key].
void validateDataKeys(const QJsonObject &data, const QString &path, FieldErrors &errs)
{
    for (auto it = data.begin(); it != data.end(); ++it) {
        errs += invalidEach(keyPath(path, it.key()), it.key(), isConfigMapKey(it.key()));
        if (!it.value().isString())
            errs << FieldError::invalid(keyPath(path, it.key()), it.value(), QStringLiteral("must be a string"));
    }
}

// The sum of decoded base64 values; malformed values are reported and count as empty.
qint64 base64DataSize(const QJsonObject &data, const QString &path, FieldErrors &errs)
{
    qint64 total = 0;
    for (auto it = data.begin(); it != data.end(); ++it) {
        qsizetype bad = -1;
        total += decodedBase64Size(it.value().toString(), bad);
        if (bad >= 0)
            errs << FieldError::invalid(keyPath(path, it.key()), kRedacted,
                                        QStringLiteral("illegal base64 data at input byte %1").arg(bad));
    }
    return total;
}

void validateDockerConfig(const QJsonObject &data, const QJsonObject &stringData, const QString &key, FieldErrors &errs)
{
    const QString path = keyPath(QStringLiteral("data"), key);
    QByteArray bytes;
    if (stringData.contains(key))
        bytes = stringData.value(key).toString().toUtf8();
    else if (data.contains(key))
        bytes = decodeBase64(data.value(key).toString());
    else {
        errs << FieldError::required(path);
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        errs << FieldError::invalid(path, kRedacted, error.errorString());
    else if (!doc.isObject())
        errs << FieldError::invalid(
            path, kRedacted,
            QStringLiteral("json: cannot unmarshal array into Go value of type map[string]interface {}"));
}

void validateSecretType(const Object &secret, const QJsonObject &data, const QJsonObject &stringData, FieldErrors &errs)
{
    const QString type = secret.json().value(QLatin1String("type")).toString();
    const QString dataPath = QStringLiteral("data");
    auto has = [&](const char *key) {
        return data.contains(QLatin1String(key)) || stringData.contains(QLatin1String(key));
    };
    auto required = [&](const char *key) { errs << FieldError::required(keyPath(dataPath, QLatin1String(key))); };
    if (type == QLatin1String("kubernetes.io/service-account-token")) {
        const QString key = QStringLiteral("kubernetes.io/service-account.name");
        if (secret.annotations().value(key).isEmpty())
            errs << FieldError::required(keyPath(QStringLiteral("metadata.annotations"), key));
    } else if (type == QLatin1String("kubernetes.io/dockercfg")) {
        validateDockerConfig(data, stringData, QStringLiteral(".dockercfg"), errs);
    } else if (type == QLatin1String("kubernetes.io/dockerconfigjson")) {
        validateDockerConfig(data, stringData, QStringLiteral(".dockerconfigjson"), errs);
    } else if (type == QLatin1String("kubernetes.io/basic-auth")) {
        if (!has("username") && !has("password")) {
            required("username");
            required("password");
        }
    } else if (type == QLatin1String("kubernetes.io/ssh-auth")) {
        const QString key = QStringLiteral("ssh-privatekey");
        if (stringData.value(key).toString().isEmpty() && data.value(key).toString().isEmpty())
            required("ssh-privatekey");
    } else if (type == QLatin1String("kubernetes.io/tls")) {
        if (!has("tls.crt"))
            required("tls.crt");
        if (!has("tls.key"))
            required("tls.key");
    }
}

void validateImmutableData(const Object &newObj, const Object &oldObj, const QStringList &keys, FieldErrors &errs)
{
    if (!oldObj.json().value(QLatin1String("immutable")).toBool())
        return;
    if (!newObj.json().value(QLatin1String("immutable")).toBool())
        errs << FieldError::forbidden(QStringLiteral("immutable"), kImmutableWhenSet);
    for (const QString &key : keys)
        if (newObj.json().value(key) != oldObj.json().value(key))
            errs << FieldError::forbidden(key, kImmutableWhenSet);
}

QStringList podCidrs(const QJsonObject &spec)
{
    QStringList cidrs;
    for (const QJsonValue &v : spec.value(QLatin1String("podCIDRs")).toArray())
        cidrs << v.toString();
    const QString single = spec.value(QLatin1String("podCIDR")).toString();
    if (cidrs.isEmpty() && !single.isEmpty())
        cidrs << single;
    return cidrs;
}

void validateResourceList(const QJsonValue &list, const QString &path, FieldErrors &errs)
{
    const QJsonObject map = list.toObject();
    for (auto it = map.begin(); it != map.end(); ++it)
        errs += validateResourceQuantity(it.key(), it.value(), childPath(path, it.key()));
}

} // namespace

FieldErrors validateConfigMap(const Object &configMap)
{
    FieldErrors errs = validateObjectMeta(configMap.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(configMap.json(), QString(), errs);
    const QJsonObject data = r.object(QLatin1String("data")).value_or(QJsonObject());
    const QJsonObject binaryData = r.object(QLatin1String("binaryData")).value_or(QJsonObject());
    qint64 total = 0;
    validateDataKeys(data, QStringLiteral("data"), errs);
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (binaryData.contains(it.key()))
            errs << FieldError::invalid(keyPath(QStringLiteral("data"), it.key()), it.key(),
                                        QStringLiteral("duplicate of key present in binaryData"));
        total += it.value().toString().toUtf8().size();
    }
    validateDataKeys(binaryData, QStringLiteral("binaryData"), errs);
    total += base64DataSize(binaryData, QStringLiteral("binaryData"), errs);
    if (total > kMaxDataSize) // the whole object, as Kubernetes reports it
        errs << FieldError::tooLong(QString(), QJsonValue::Undefined, kMaxDataSize);
    return errs;
}

FieldErrors validateConfigMapUpdate(const Object &newConfigMap, const Object &oldConfigMap)
{
    FieldErrors errs;
    validateImmutableData(newConfigMap, oldConfigMap, {QStringLiteral("data"), QStringLiteral("binaryData")}, errs);
    return errs + validateConfigMap(newConfigMap);
}

FieldErrors validateSecret(const Object &secret)
{
    FieldErrors errs = validateObjectMeta(secret.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(secret.json(), QString(), errs);
    const QJsonObject data = r.object(QLatin1String("data")).value_or(QJsonObject());
    const QJsonObject stringData = r.object(QLatin1String("stringData")).value_or(QJsonObject());
    const QString dataPath = QStringLiteral("data");
    // stringData is merged into data before Kubernetes validates, so its keys report as data[key].
    QJsonObject encoded = data;
    for (auto it = stringData.begin(); it != stringData.end(); ++it)
        encoded.remove(it.key());
    validateDataKeys(encoded, dataPath, errs);
    validateDataKeys(stringData, dataPath, errs);
    qint64 total = base64DataSize(encoded, dataPath, errs);
    for (auto it = stringData.begin(); it != stringData.end(); ++it)
        total += it.value().toString().toUtf8().size();
    if (total > kMaxDataSize)
        errs << FieldError::tooLong(dataPath, QJsonValue::Undefined, kMaxDataSize);
    validateSecretType(secret, data, stringData, errs);
    return errs;
}

FieldErrors validateSecretUpdate(const Object &newSecret, const Object &oldSecret)
{
    FieldErrors errs;
    const QJsonValue newType = newSecret.json().value(QLatin1String("type"));
    if (newType != oldSecret.json().value(QLatin1String("type")))
        errs << FieldError::invalid(QStringLiteral("type"), newType.isUndefined() ? QJsonValue(QString()) : newType,
                                    kImmutable);
    validateImmutableData(newSecret, oldSecret, {QStringLiteral("data")}, errs);
    return errs + validateSecret(newSecret);
}

FieldErrors validateNamespace(const Object &ns)
{
    FieldErrors errs = validateObjectMeta(ns.metadata(), false, nameIsDnsLabel);
    const QString path = QStringLiteral("spec.finalizers");
    FieldReader r(ns.spec(), QStringLiteral("spec"), errs);
    for (const QString &finalizer : r.stringList(QLatin1String("finalizers"))) {
        errs += invalidEach(path, finalizer, isQualifiedName(finalizer));
        if (!finalizer.contains(QLatin1Char('/')) && finalizer != QLatin1String("kubernetes") &&
            finalizer != QLatin1String("orphan") && finalizer != QLatin1String("foregroundDeletion"))
            errs << FieldError::invalid(
                path, finalizer, QStringLiteral("name is neither a standard finalizer name nor is it fully qualified"));
    }
    return errs;
}

FieldErrors validateNode(const Object &node)
{
    FieldErrors errs = validateObjectMeta(node.metadata(), false, nameIsDnsSubdomain);
    const QJsonObject spec = node.spec();
    errs += validateTaints(spec.value(QLatin1String("taints")), QStringLiteral("spec.taints"));
    validateResourceList(node.status().value(QLatin1String("capacity")), QStringLiteral("status.capacity"), errs);
    validateResourceList(node.status().value(QLatin1String("allocatable")), QStringLiteral("status.allocatable"), errs);

    const QString cidrsPath = QStringLiteral("spec.podCIDRs");
    const QStringList cidrs = podCidrs(spec);
    bool valid = true;
    for (qsizetype i = 0; i < cidrs.size(); ++i) {
        const QStringList msgs = isValidCidr(cidrs.at(i));
        valid = valid && msgs.isEmpty();
        errs += invalidEach(indexPath(cidrsPath, i), cidrs.at(i), msgs);
    }
    if (cidrs.size() > 1) {
        const bool dualStack = valid && cidrs.size() == 2 &&
                               cidrs.at(0).contains(QLatin1Char(':')) != cidrs.at(1).contains(QLatin1Char(':'));
        if (!dualStack)
            errs << FieldError::invalid(cidrsPath, QJsonArray::fromStringList(cidrs),
                                        QStringLiteral("may specify no more than one CIDR for each IP family"));
        for (qsizetype i = 1; i < cidrs.size(); ++i)
            if (cidrs.indexOf(cidrs.at(i)) < i)
                errs << FieldError::duplicate(indexPath(cidrsPath, i), cidrs.at(i));
    }
    return errs;
}

FieldErrors validateNodeUpdate(const Object &newNode, const Object &oldNode)
{
    FieldErrors errs = validateNode(newNode);
    const QStringList oldCidrs = podCidrs(oldNode.spec());
    // The node IPAM controller may assign a CIDR once; after that it stays.
    if (!oldCidrs.isEmpty() && podCidrs(newNode.spec()) != oldCidrs)
        errs << FieldError::forbidden(QStringLiteral("spec.podCIDRs"),
                                      QStringLiteral("node updates may not change podCIDR except from \"\" to valid"));
    const QString oldProvider = oldNode.spec().value(QLatin1String("providerID")).toString();
    if (!oldProvider.isEmpty() && oldProvider != newNode.spec().value(QLatin1String("providerID")).toString())
        errs << FieldError::forbidden(
            QStringLiteral("spec.providerID"),
            QStringLiteral("node updates may not change providerID except from \"\" to valid"));
    return errs;
}

// core/v1 Events, as legacyValidateEvent checks them: an event without eventTime only needs its
// involved object's namespace to agree; one with eventTime (the events.k8s.io shape) must also name
// its reporter, action and reason.
FieldErrors validateEvent(const Object &event)
{
    FieldErrors errs = validateObjectMeta(event.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(event.json(), QString(), errs);
    const QString ns = event.namespaceName();
    const QString involvedNs =
        event.json().value(QLatin1String("involvedObject")).toObject().value(QLatin1String("namespace")).toString();
    const QString involvedPath = QStringLiteral("involvedObject.namespace");
    const QString mismatch = QStringLiteral("does not match event.namespace");
    if (r.string(QLatin1String("eventTime")).isEmpty()) {
        if (involvedNs.isEmpty() ? !(ns.isEmpty() || ns == QLatin1String("default")) : involvedNs != ns)
            errs << FieldError::invalid(involvedPath, involvedNs, mismatch);
        return errs;
    }
    if (involvedNs.isEmpty() && ns != QLatin1String("default") && ns != QLatin1String("kube-system"))
        errs << FieldError::invalid(involvedPath, involvedNs, mismatch);
    // core/v1 serialises reportingController as reportingComponent; Kubernetes names the field by
    // its Go name in this message.
    const QString controller = r.string(QLatin1String("reportingComponent"));
    if (controller.isEmpty())
        errs << FieldError::required(QStringLiteral("reportingController"));
    errs += validateQualifiedName(controller, QStringLiteral("reportingController"));
    const std::pair<const char *, int> limited[] = {{"reportingInstance", 128}, {"action", 128}, {"reason", 128}};
    for (const auto &[key, limit] : limited) {
        const QString value = r.string(QLatin1String(key));
        if (value.isEmpty())
            errs << FieldError::required(QLatin1String(key));
        if (value.toUtf8().size() > limit)
            errs << FieldError::invalid(QLatin1String(key), QString(),
                                        QStringLiteral("can have at most %1 characters").arg(limit));
    }
    if (r.string(QLatin1String("message")).toUtf8().size() > 1024)
        errs << FieldError::invalid(QStringLiteral("message"), QString(),
                                    QStringLiteral("can have at most 1024 characters"));
    return errs;
}

FieldErrors validateLease(const Object &lease)
{
    FieldErrors errs = validateObjectMeta(lease.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(lease.spec(), QStringLiteral("spec"), errs);
    if (const auto duration = r.integer(QLatin1String("leaseDurationSeconds")); duration && *duration <= 0)
        errs << FieldError::invalid(r.path(u"leaseDurationSeconds"), *duration,
                                    QStringLiteral("must be greater than 0"));
    if (const auto transitions = r.integer(QLatin1String("leaseTransitions")))
        errs += validateNonnegative(*transitions, r.path(u"leaseTransitions"));
    if (!r.string(QLatin1String("preferredHolder")).isEmpty() && r.string(QLatin1String("strategy")).isEmpty())
        errs << FieldError::forbidden(r.path(u"preferredHolder"),
                                      QStringLiteral("may only be specified if `strategy` is defined"));
    return errs;
}

} // namespace tugboat::api
