#include "deploymentutil.h"

#include "api/clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace tugboat::controllers::deploymentutil {

namespace {

constexpr qint64 MaxInt32 = 2147483647;

QJsonObject rollingUpdate(const api::Object &deployment)
{
    return deployment.valueAt(u"spec.strategy.rollingUpdate").toObject();
}

QJsonObject withMember(QJsonObject object, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return object;
}

// Kubernetes' semantic equality on JSON: null, {} and [] members count as absent (Go's nil and empty
// maps and slices compare equal).
QJsonValue semantic(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            const QJsonValue v = semantic(it.value());
            if (v.isNull() || v.isUndefined() || (v.isObject() && v.toObject().isEmpty()) ||
                (v.isArray() && v.toArray().isEmpty()))
                continue;
            out.insert(it.key(), v);
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(semantic(v));
        return out;
    }
    return value;
}

QJsonObject withoutHashLabel(QJsonObject tmpl)
{
    QJsonObject metadata = tmpl.value(QLatin1String("metadata")).toObject();
    QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
    labels.remove(PodTemplateHashLabel);
    metadata.insert(QStringLiteral("labels"), labels);
    tmpl.insert(QStringLiteral("metadata"), metadata);
    return tmpl;
}

bool olderThan(const api::Object *a, const api::Object *b)
{
    const QString ta = a->creationTimestamp(), tb = b->creationTimestamp();
    if (ta != tb)
        return ta < tb; // RFC 3339 UTC sorts as text; not created yet ("") sorts first, as Go's zero time
    return a->name() < b->name();
}

// Kubernetes' getReplicaSetFraction: the ReplicaSet's size scaled from the Deployment's size when it
// was last sized (max-replicas) to its size now, minus its current size.
int replicaSetFraction(const api::Object &rs, const api::Object &deployment)
{
    if (specReplicas(deployment) == 0)
        return -specReplicas(rs); // scaling down to zero: the whole ReplicaSet
    const int deploymentMaxReplicas = specReplicas(deployment) + maxSurge(deployment);
    int maxBefore = intAnnotation(rs, MaxReplicasAnnotation).value_or(0);
    if (maxBefore == 0) {
        // The annotation is gone (someone edited the ReplicaSet): fall back on the Deployment's size;
        // getProportion's bounds keep the result within limits.
        maxBefore = statusCount(deployment, QLatin1String("replicas"));
        if (maxBefore == 0)
            return 0;
    }
    const double newSize = double(specReplicas(rs)) * deploymentMaxReplicas / maxBefore;
    return int(std::lround(newSize)) - specReplicas(rs);
}

} // namespace

// --- reading objects

int specReplicas(const api::Object &object)
{
    const QJsonValue replicas = object.spec().value(QLatin1String("replicas"));
    return replicas.isDouble() ? replicas.toInt() : 1;
}

int statusCount(const api::Object &object, QLatin1String field)
{
    return object.status().value(field).toInt();
}

QJsonObject podTemplate(const api::Object &object)
{
    return object.spec().value(QLatin1String("template")).toObject();
}

bool isRollingUpdate(const api::Object &deployment)
{
    return deployment.valueAt(u"spec.strategy.type").toString() == QLatin1String("RollingUpdate");
}

bool isPaused(const api::Object &deployment)
{
    return deployment.spec().value(QLatin1String("paused")).toBool();
}

bool hasProgressDeadline(const api::Object &deployment)
{
    const QJsonValue deadline = deployment.spec().value(QLatin1String("progressDeadlineSeconds"));
    return deadline.isDouble() && deadline.toInteger() != MaxInt32;
}

bool hasRevisionHistoryLimit(const api::Object &deployment)
{
    const QJsonValue limit = deployment.spec().value(QLatin1String("revisionHistoryLimit"));
    return limit.isDouble() && limit.toInteger() != MaxInt32;
}

std::optional<QJsonObject> controllerOf(const api::Object &object)
{
    for (const QJsonValue &ref : object.ownerReferences()) {
        const QJsonObject r = ref.toObject();
        if (r.value(QLatin1String("controller")).toBool())
            return r;
    }
    return std::nullopt;
}

bool isControlledBy(const api::Object &object, const QString &ownerUid)
{
    const std::optional<QJsonObject> ref = controllerOf(object);
    return ref && !ownerUid.isEmpty() && ref->value(QLatin1String("uid")).toString() == ownerUid;
}

// --- building objects

api::Object withSpecField(const api::Object &object, const QString &field, const QJsonValue &value)
{
    QJsonObject json = object.json();
    json.insert(QStringLiteral("spec"), withMember(object.spec(), field, value));
    return api::Object(json);
}

api::Object withReplicas(const api::Object &object, int replicas)
{
    return withSpecField(object, QStringLiteral("replicas"), replicas);
}

api::Object withAnnotations(const api::Object &object, const api::StringMap &annotations)
{
    return object.withMetadataField(QLatin1String("annotations"),
                                    annotations.isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                                          : QJsonValue(api::Object::toJsonObject(annotations)));
}

api::Object withStatus(const api::Object &object, const QJsonObject &status)
{
    QJsonObject json = object.json();
    json.insert(QStringLiteral("status"), status);
    return api::Object(json);
}

// --- pod-template-hash

QString safeEncodeString(const QByteArray &bytes)
{
    static const char alphanums[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    out.reserve(bytes.size());
    for (const char c : bytes)
        out += QLatin1Char(alphanums[uchar(c) % (sizeof(alphanums) - 1)]);
    return out;
}

quint32 fnv32a(const QByteArray &bytes, quint32 hash)
{
    for (const char c : bytes) {
        hash ^= uchar(c);
        hash *= 16777619u;
    }
    return hash;
}

QString computeHash(const QJsonObject &podTemplate, std::optional<qint64> collisionCount)
{
    quint32 hash = fnv32a(QJsonDocument(podTemplate).toJson(QJsonDocument::Compact));
    if (collisionCount) {
        const quint32 count = quint32(*collisionCount);
        QByteArray bytes(8, '\0');
        for (int i = 0; i < 4; ++i)
            bytes[i] = char((count >> (8 * i)) & 0xff);
        hash = fnv32a(bytes, hash);
    }
    return safeEncodeString(QByteArray::number(hash));
}

bool equalIgnoreHash(const QJsonObject &a, const QJsonObject &b)
{
    return semantic(withoutHashLabel(a)) == semantic(withoutHashLabel(b));
}

// --- revisions

std::optional<qint64> revision(const api::Object &object)
{
    const api::StringMap annotations = object.annotations();
    const auto it = annotations.constFind(RevisionAnnotation);
    if (it == annotations.constEnd())
        return 0;
    bool ok = false;
    const qint64 v = it->toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

qint64 maxRevision(const ReplicaSetList &rses)
{
    qint64 max = 0;
    for (const api::Object *rs : rses)
        if (rs)
            max = std::max(max, revision(*rs).value_or(0));
    return max;
}

qint64 lastRevision(const ReplicaSetList &rses)
{
    qint64 max = 0, secondMax = 0;
    for (const api::Object *rs : rses) {
        const std::optional<qint64> v = rs ? revision(*rs) : std::nullopt;
        if (!v)
            continue;
        if (*v >= max) {
            secondMax = max;
            max = *v;
        } else if (*v > secondMax) {
            secondMax = *v;
        }
    }
    return secondMax;
}

bool setDeploymentRevision(api::Object &deployment, const QString &revision)
{
    api::StringMap annotations = deployment.annotations();
    if (annotations.value(RevisionAnnotation) == revision && annotations.contains(RevisionAnnotation))
        return false;
    annotations.insert(RevisionAnnotation, revision);
    deployment = withAnnotations(deployment, annotations);
    return true;
}

// --- annotations

bool skipCopyAnnotation(const QString &key)
{
    return key == LastAppliedConfigAnnotation || key == RevisionAnnotation || key == RevisionHistoryAnnotation ||
           key == DesiredReplicasAnnotation || key == MaxReplicasAnnotation || key == DeprecatedRollbackToAnnotation;
}

bool copyDeploymentAnnotationsToReplicaSet(const api::Object &deployment, api::Object &rs)
{
    api::StringMap annotations = rs.annotations();
    bool changed = false;
    const api::StringMap from = deployment.annotations();
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (skipCopyAnnotation(it.key()) ||
            (annotations.contains(it.key()) && annotations.value(it.key()) == it.value()))
            continue;
        annotations.insert(it.key(), it.value());
        changed = true;
    }
    if (changed)
        rs = withAnnotations(rs, annotations);
    return changed;
}

bool setNewReplicaSetAnnotations(const api::Object &deployment, api::Object &rs, const QString &newRevision,
                                 bool exists, int revisionHistoryLimitInChars)
{
    bool changed = copyDeploymentAnnotationsToReplicaSet(deployment, rs);
    api::StringMap annotations = rs.annotations();
    const bool hadRevision = annotations.contains(RevisionAnnotation);
    const QString oldRevision = annotations.value(RevisionAnnotation);
    bool ok = false;
    qint64 oldRevisionInt = oldRevision.toLongLong(&ok);
    if (!ok) {
        if (!oldRevision.isEmpty())
            return changed; // not a number: leave it alone, as Kubernetes does
        oldRevisionInt = 0;
    }
    const qint64 newRevisionInt = newRevision.toLongLong(&ok);
    if (!ok)
        return changed;
    if (oldRevisionInt < newRevisionInt) {
        annotations.insert(RevisionAnnotation, newRevision);
        changed = true;
        // The ReplicaSet had a revision and gets a newer one: a rollback to it. Keep its old revisions.
        if (hadRevision) {
            const QString history = annotations.value(RevisionHistoryAnnotation);
            if (history.isEmpty()) {
                annotations.insert(RevisionHistoryAnnotation, oldRevision);
            } else {
                QStringList revisions = history.split(QLatin1Char(','));
                qsizetype totalLength = history.size() + oldRevision.size() + 1;
                while (totalLength > revisionHistoryLimitInChars && !revisions.isEmpty())
                    totalLength -= revisions.takeFirst().size() + 1;
                if (totalLength <= revisionHistoryLimitInChars) {
                    revisions << oldRevision;
                    annotations.insert(RevisionHistoryAnnotation, revisions.join(QLatin1Char(',')));
                }
            }
        }
        rs = withAnnotations(rs, annotations);
    }
    const int replicas = specReplicas(deployment);
    if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge(deployment)))
        changed = true;
    return changed;
}

api::StringMap deploymentAnnotationsForRollback(const api::Object &deployment, const api::Object &rollbackTo)
{
    api::StringMap annotations;
    const api::StringMap current = deployment.annotations();
    for (auto it = current.begin(); it != current.end(); ++it)
        if (skipCopyAnnotation(it.key()))
            annotations.insert(it.key(), it.value());
    const api::StringMap from = rollbackTo.annotations();
    for (auto it = from.begin(); it != from.end(); ++it)
        if (!skipCopyAnnotation(it.key()))
            annotations.insert(it.key(), it.value());
    return annotations;
}

std::optional<int> intAnnotation(const api::Object &object, QLatin1String key)
{
    const api::StringMap annotations = object.annotations();
    const auto it = annotations.constFind(key);
    if (it == annotations.constEnd())
        return std::nullopt;
    bool ok = false;
    const int v = it->toInt(&ok);
    return ok ? std::optional<int>(v) : std::nullopt;
}

bool setReplicasAnnotations(api::Object &rs, int desiredReplicas, int maxReplicas)
{
    if (!replicasAnnotationsNeedUpdate(rs, desiredReplicas, maxReplicas))
        return false;
    api::StringMap annotations = rs.annotations();
    annotations.insert(DesiredReplicasAnnotation, QString::number(desiredReplicas));
    annotations.insert(MaxReplicasAnnotation, QString::number(maxReplicas));
    rs = withAnnotations(rs, annotations);
    return true;
}

bool replicasAnnotationsNeedUpdate(const api::Object &rs, int desiredReplicas, int maxReplicas)
{
    const api::StringMap annotations = rs.annotations();
    return !annotations.contains(DesiredReplicasAnnotation) || !annotations.contains(MaxReplicasAnnotation) ||
           annotations.value(DesiredReplicasAnnotation) != QString::number(desiredReplicas) ||
           annotations.value(MaxReplicasAnnotation) != QString::number(maxReplicas);
}

// --- fenceposts

api::Result<int> scaledValue(const QJsonValue &intOrPercent, int total, bool roundUp)
{
    if (intOrPercent.isUndefined() || intOrPercent.isNull())
        return 0;
    if (intOrPercent.isDouble())
        return intOrPercent.toInt();
    const QString text = intOrPercent.toString();
    if (!intOrPercent.isString() || !text.endsWith(QLatin1Char('%')))
        return api::Error(api::ErrorCode::Invalid,
                          QStringLiteral("invalid value for IntOrString: invalid type: string is not a percentage"));
    bool ok = false;
    const int percent = text.chopped(1).toInt(&ok);
    if (!ok)
        return api::Error(api::ErrorCode::Invalid,
                          QStringLiteral("invalid value for IntOrString: invalid value \"%1\"").arg(text));
    const double scaled = double(percent) * double(total) / 100;
    return int(roundUp ? std::ceil(scaled) : std::floor(scaled));
}

// Surge rounds up and unavailability down, so that a rollout always moves and never takes more down
// than asked. Worked example, 10 replicas with the default 25% / 25%:
//   maxSurge       = ceil(25% of 10)  = ceil(2.5)  = 3  -> at most 13 pods at once
//   maxUnavailable = floor(25% of 10) = floor(2.5) = 2  -> at least 8 available at once
// With 1 replica, maxSurge 0 and maxUnavailable 25%: 0 and floor(0.25) = 0, a rollout that could never
// move, so unavailability becomes 1 (surge might be refused by a quota; unavailability cannot be).
api::Result<Fenceposts> resolveFenceposts(const QJsonValue &maxSurge, const QJsonValue &maxUnavailable, int desired)
{
    const api::Result<int> surge = scaledValue(maxSurge, desired, true);
    if (!surge)
        return surge.error();
    const api::Result<int> unavailable = scaledValue(maxUnavailable, desired, false);
    if (!unavailable)
        return unavailable.error();
    Fenceposts f{surge.value(), unavailable.value()};
    if (f.maxSurge == 0 && f.maxUnavailable == 0)
        f.maxUnavailable = 1;
    return f;
}

int maxSurge(const api::Object &deployment)
{
    if (!isRollingUpdate(deployment))
        return 0;
    const QJsonObject ru = rollingUpdate(deployment);
    const auto f = resolveFenceposts(ru.value(QLatin1String("maxSurge")), ru.value(QLatin1String("maxUnavailable")),
                                     specReplicas(deployment));
    return f ? f->maxSurge : 0; // validation keeps invalid values out
}

int maxUnavailable(const api::Object &deployment)
{
    const int replicas = specReplicas(deployment);
    if (!isRollingUpdate(deployment) || replicas == 0)
        return 0;
    const QJsonObject ru = rollingUpdate(deployment);
    const auto f =
        resolveFenceposts(ru.value(QLatin1String("maxSurge")), ru.value(QLatin1String("maxUnavailable")), replicas);
    return f ? std::min(f->maxUnavailable, replicas) : 0;
}

// --- counting and choosing

ReplicaSetList filterActive(const ReplicaSetList &rses)
{
    ReplicaSetList active;
    for (api::Object *rs : rses)
        if (rs && specReplicas(*rs) > 0)
            active << rs;
    return active;
}

int replicaCount(const ReplicaSetList &rses)
{
    int n = 0;
    for (const api::Object *rs : rses)
        if (rs)
            n += specReplicas(*rs);
    return n;
}

int actualReplicaCount(const ReplicaSetList &rses)
{
    int n = 0;
    for (const api::Object *rs : rses)
        if (rs)
            n += statusCount(*rs, QLatin1String("replicas"));
    return n;
}

int readyReplicaCount(const ReplicaSetList &rses)
{
    int n = 0;
    for (const api::Object *rs : rses)
        if (rs)
            n += statusCount(*rs, QLatin1String("readyReplicas"));
    return n;
}

int availableReplicaCount(const ReplicaSetList &rses)
{
    int n = 0;
    for (const api::Object *rs : rses)
        if (rs)
            n += statusCount(*rs, QLatin1String("availableReplicas"));
    return n;
}

void sortByCreationTimestamp(ReplicaSetList &rses)
{
    std::sort(rses.begin(), rses.end(), olderThan);
}

void sortBySizeOlder(ReplicaSetList &rses)
{
    std::sort(rses.begin(), rses.end(), [](const api::Object *a, const api::Object *b) {
        if (specReplicas(*a) != specReplicas(*b))
            return specReplicas(*a) > specReplicas(*b);
        return olderThan(a, b);
    });
}

void sortBySizeNewer(ReplicaSetList &rses)
{
    std::sort(rses.begin(), rses.end(), [](const api::Object *a, const api::Object *b) {
        if (specReplicas(*a) != specReplicas(*b))
            return specReplicas(*a) > specReplicas(*b);
        return olderThan(b, a);
    });
}

void sortByRevision(ReplicaSetList &rses)
{
    std::sort(rses.begin(), rses.end(), [](const api::Object *a, const api::Object *b) {
        const std::optional<qint64> ra = revision(*a), rb = revision(*b);
        if (!ra || !rb || *ra == *rb)
            return olderThan(a, b);
        return *ra < *rb;
    });
}

api::Object *findNewReplicaSet(const api::Object &deployment, const ReplicaSetList &rses)
{
    ReplicaSetList sorted;
    for (api::Object *rs : rses)
        if (rs)
            sorted << rs;
    // Several may match (Kubernetes issue 40415): the oldest, deterministically.
    sortByCreationTimestamp(sorted);
    const QJsonObject tmpl = podTemplate(deployment);
    for (api::Object *rs : sorted)
        if (equalIgnoreHash(podTemplate(*rs), tmpl))
            return rs;
    return nullptr;
}

ReplicaSetList findOldReplicaSets(const api::Object &deployment, const ReplicaSetList &rses)
{
    const api::Object *newRS = findNewReplicaSet(deployment, rses);
    ReplicaSetList old;
    for (api::Object *rs : rses)
        if (rs && rs != newRS)
            old << rs;
    return old;
}

api::Object *findActiveOrLatest(api::Object *newRS, ReplicaSetList oldRSes)
{
    if (!newRS && oldRSes.isEmpty())
        return nullptr;
    std::sort(oldRSes.begin(), oldRSes.end(),
              [](const api::Object *a, const api::Object *b) { return olderThan(b, a); });
    ReplicaSetList all = oldRSes;
    all << newRS;
    const ReplicaSetList active = filterActive(all);
    if (active.isEmpty())
        return newRS ? newRS : oldRSes.first(); // none active: the newest
    return active.size() == 1 ? active.first() : nullptr;
}

bool isSaturated(const api::Object &deployment, const api::Object *rs)
{
    if (!rs)
        return false;
    const std::optional<int> desired = intAnnotation(*rs, DesiredReplicasAnnotation);
    const int replicas = specReplicas(deployment);
    return desired && specReplicas(*rs) == replicas && *desired == replicas &&
           statusCount(*rs, QLatin1String("availableReplicas")) == replicas;
}

api::Result<int> newReplicaSetReplicas(const api::Object &deployment, const ReplicaSetList &allRSes,
                                       const api::Object &newRS)
{
    const QString strategy = deployment.valueAt(u"spec.strategy.type").toString();
    const int replicas = specReplicas(deployment);
    if (strategy == QLatin1String("Recreate"))
        return replicas;
    if (strategy != QLatin1String("RollingUpdate"))
        return api::Error(api::ErrorCode::Invalid, QStringLiteral("deployment type %1 isn't supported").arg(strategy));
    const api::Result<int> surge =
        scaledValue(rollingUpdate(deployment).value(QLatin1String("maxSurge")), replicas, true);
    if (!surge)
        return surge.error();
    const int maxTotalPods = replicas + surge.value();
    const int currentPodCount = replicaCount(allRSes);
    if (currentPodCount >= maxTotalPods)
        return specReplicas(newRS); // cannot scale up
    // Up to the surge, and never past the desired count.
    const int scaleUpCount = std::min(maxTotalPods - currentPodCount, replicas - specReplicas(newRS));
    return specReplicas(newRS) + scaleUpCount;
}

// Scaling up, the share is at most what is left to add; scaling down, at most what is left to remove.
int getProportion(const api::Object *rs, const api::Object &deployment, int toAdd, int added)
{
    if (!rs || specReplicas(*rs) == 0 || toAdd == 0 || toAdd == added)
        return 0;
    const int fraction = replicaSetFraction(*rs, deployment);
    const int allowed = toAdd - added;
    return toAdd > 0 ? std::min(fraction, allowed) : std::max(fraction, allowed);
}

// --- conditions and status

QJsonObject newCondition(const QString &type, const QString &status, const QString &reason, const QString &message,
                         qint64 nowMs)
{
    const QString now = api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC));
    return QJsonObject{{QStringLiteral("type"), type},          {QStringLiteral("status"), status},
                       {QStringLiteral("lastUpdateTime"), now}, {QStringLiteral("lastTransitionTime"), now},
                       {QStringLiteral("reason"), reason},      {QStringLiteral("message"), message}};
}

QJsonObject condition(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == type)
            return c.toObject();
    return {};
}

void removeCondition(QJsonObject &status, const QString &type)
{
    QJsonArray kept;
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() != type)
            kept.append(c);
    if (kept.isEmpty())
        status.remove(QLatin1String("conditions"));
    else
        status.insert(QStringLiteral("conditions"), kept);
}

void setCondition(QJsonObject &status, QJsonObject c)
{
    const QString type = c.value(QLatin1String("type")).toString();
    const QJsonObject current = condition(status, type);
    const auto field = [](const QJsonObject &o, const char *name) { return o.value(QLatin1String(name)).toString(); };
    if (!current.isEmpty() && field(current, "status") == field(c, "status") &&
        field(current, "reason") == field(c, "reason"))
        return;
    if (!current.isEmpty() && field(current, "status") == field(c, "status"))
        c.insert(QStringLiteral("lastTransitionTime"), current.value(QLatin1String("lastTransitionTime")));
    removeCondition(status, type);
    QJsonArray conditions = status.value(QLatin1String("conditions")).toArray();
    conditions.append(c);
    status.insert(QStringLiteral("conditions"), conditions);
}

QJsonObject replicaSetToDeploymentCondition(const QJsonObject &rsCondition)
{
    const QJsonValue at = rsCondition.value(QLatin1String("lastTransitionTime"));
    return QJsonObject{{QStringLiteral("type"), rsCondition.value(QLatin1String("type"))},
                       {QStringLiteral("status"), rsCondition.value(QLatin1String("status"))},
                       {QStringLiteral("lastUpdateTime"), at},
                       {QStringLiteral("lastTransitionTime"), at},
                       {QStringLiteral("reason"), rsCondition.value(QLatin1String("reason"))},
                       {QStringLiteral("message"), rsCondition.value(QLatin1String("message"))}};
}

qint64 timestampMs(const QJsonValue &value)
{
    const QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QJsonObject calculateStatus(const ReplicaSetList &allRSes, const api::Object *newRS, const api::Object &deployment,
                            qint64 nowMs)
{
    const int available = availableReplicaCount(allRSes);
    // More available than desired (scaling down): none unavailable.
    const int unavailable = std::max(0, replicaCount(allRSes) - available);
    QJsonObject status;
    // Kubernetes omits zero counts (omitempty).
    const auto setCount = [&status](const char *field, qint64 value) {
        if (value != 0)
            status.insert(QLatin1String(field), value);
    };
    setCount("observedGeneration", deployment.generation());
    setCount("replicas", actualReplicaCount(allRSes));
    setCount("updatedReplicas", newRS ? statusCount(*newRS, QLatin1String("replicas")) : 0);
    setCount("readyReplicas", readyReplicaCount(allRSes));
    setCount("availableReplicas", available);
    setCount("unavailableReplicas", unavailable);
    const QJsonObject old = deployment.status();
    if (old.contains(QLatin1String("collisionCount")))
        status.insert(QStringLiteral("collisionCount"), old.value(QLatin1String("collisionCount")));
    if (old.contains(QLatin1String("conditions")))
        status.insert(QStringLiteral("conditions"), old.value(QLatin1String("conditions")));

    if (available >= specReplicas(deployment) - maxUnavailable(deployment))
        setCondition(status, newCondition(AvailableCondition, QStringLiteral("True"), MinimumReplicasAvailable,
                                          QStringLiteral("Deployment has minimum availability."), nowMs));
    else
        setCondition(status, newCondition(AvailableCondition, QStringLiteral("False"), MinimumReplicasUnavailable,
                                          QStringLiteral("Deployment does not have minimum availability."), nowMs));
    return status;
}

bool deploymentComplete(const api::Object &deployment, const QJsonObject &newStatus)
{
    const int replicas = specReplicas(deployment);
    return newStatus.value(QLatin1String("updatedReplicas")).toInt() == replicas &&
           newStatus.value(QLatin1String("replicas")).toInt() == replicas &&
           newStatus.value(QLatin1String("availableReplicas")).toInt() == replicas &&
           newStatus.value(QLatin1String("observedGeneration")).toInteger() >= deployment.generation();
}

bool deploymentProgressing(const api::Object &deployment, const QJsonObject &newStatus)
{
    const QJsonObject old = deployment.status();
    const auto count = [](const QJsonObject &s, const char *field) { return s.value(QLatin1String(field)).toInt(); };
    const int oldOld = count(old, "replicas") - count(old, "updatedReplicas");
    const int newOld = count(newStatus, "replicas") - count(newStatus, "updatedReplicas");
    return count(newStatus, "updatedReplicas") > count(old, "updatedReplicas") || newOld < oldOld ||
           count(newStatus, "readyReplicas") > count(old, "readyReplicas") ||
           count(newStatus, "availableReplicas") > count(old, "availableReplicas");
}

bool deploymentTimedOut(const api::Object &deployment, const QJsonObject &newStatus, qint64 nowMs)
{
    if (!hasProgressDeadline(deployment))
        return false;
    const QJsonObject c = condition(newStatus, ProgressingCondition);
    if (c.isEmpty())
        return false; // nothing to measure from
    const QString reason = c.value(QLatin1String("reason")).toString();
    // A finished rollout is not measured (its condition may be older than the deadline).
    if (reason == NewRSAvailableReason)
        return false;
    if (reason == TimedOutReason)
        return true;
    const qint64 deadlineMs = deployment.spec().value(QLatin1String("progressDeadlineSeconds")).toInteger() * 1000;
    return timestampMs(c.value(QLatin1String("lastUpdateTime"))) + deadlineMs < nowMs;
}

} // namespace tugboat::controllers::deploymentutil
