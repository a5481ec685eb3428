// Pods: create-time validation (metadata, spec, the pod-only image rule) and what an update may
// change, as ValidatePodUpdate allows it: container and init container images, activeDeadlineSeconds
// (set, or lowered), additions to tolerations, and terminationGracePeriodSeconds from negative to 1.
#include "validation.h"

#include <QJsonDocument>

namespace tugboat::api {

namespace {

const QString kSpec = QStringLiteral("spec");

void validateImageWhitespace(const QJsonArray &containers, const QString &path, FieldErrors &errs)
{
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QString image = containers.at(i).toObject().value(QLatin1String("image")).toString();
        if (image != image.trimmed())
            errs << FieldError::invalid(childPath(indexPath(path, i), u"image"), image,
                                        QStringLiteral("must not have leading or trailing whitespace"));
    }
}

QString printJson(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Undefined:
        return QStringLiteral("<unset>");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::String:
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

// The fields that differ, one line each ("spec.restartPolicy: "Always" -> "Never""), in place of the
// Go struct diff kube-apiserver appends to the message.
void describeDiff(const QJsonValue &from, const QJsonValue &to, const QString &path, QStringList &out)
{
    constexpr qsizetype kMaxLines = 20;
    if (from == to || out.size() >= kMaxLines)
        return;
    if (from.isObject() && to.isObject()) {
        const QJsonObject a = from.toObject();
        const QJsonObject b = to.toObject();
        QStringList keys = a.keys() + b.keys();
        keys.sort();
        keys.removeDuplicates();
        for (const QString &key : keys)
            describeDiff(a.value(key), b.value(key), childPath(path, key), out);
        return;
    }
    if (from.isArray() && to.isArray() && from.toArray().size() == to.toArray().size()) {
        const QJsonArray a = from.toArray();
        const QJsonArray b = to.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            describeDiff(a.at(i), b.at(i), indexPath(path, i), out);
        return;
    }
    out << QStringLiteral("  %1: %2 -> %3").arg(path, printJson(from), printJson(to));
}

// Copies `key` of `from` into `to`, removing it when `from` lacks it.
void copyField(QJsonObject &to, const QJsonObject &from, QLatin1String key)
{
    if (from.contains(key))
        to.insert(key, from.value(key));
    else
        to.remove(key);
}

// Existing tolerations may only gain a different tolerationSeconds; new ones may be added.
bool onlyAddedTolerations(const QJsonArray &newTolerations, const QJsonArray &oldTolerations)
{
    for (const QJsonValue &old : oldTolerations) {
        QJsonObject oldClone = old.toObject();
        bool found = false;
        for (const QJsonValue &candidate : newTolerations) {
            copyField(oldClone, candidate.toObject(), QLatin1String("tolerationSeconds"));
            if (oldClone == candidate.toObject()) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

// Returns false (and reports it) when the container list changed length: nothing else can be compared.
bool sameContainerCount(const QJsonObject &newSpec, const QJsonObject &oldSpec, QLatin1String key, FieldErrors &errs)
{
    if (newSpec.value(key).toArray().size() == oldSpec.value(key).toArray().size())
        return true;
    errs << FieldError::forbidden(childPath(kSpec, key),
                                  QStringLiteral("pod updates may not add or remove containers"));
    return false;
}

void validateActiveDeadlineUpdate(const QJsonObject &newSpec, const QJsonObject &oldSpec, FieldErrors &errs)
{
    const QString path = childPath(kSpec, u"activeDeadlineSeconds");
    const QJsonValue newValue = newSpec.value(QLatin1String("activeDeadlineSeconds"));
    const QJsonValue oldValue = oldSpec.value(QLatin1String("activeDeadlineSeconds"));
    const bool hasNew = newValue.isDouble();
    const bool hasOld = oldValue.isDouble();
    if (hasNew && hasOld && oldValue.toInteger() < newValue.toInteger())
        errs << FieldError::invalid(path, newValue.toInteger(),
                                    QStringLiteral("must be less than or equal to previous value"));
    else if (!hasNew && hasOld)
        errs << FieldError::invalid(path, QJsonValue::Null,
                                    QStringLiteral("must not update from a positive integer to nil value"));
}

} // namespace

FieldErrors validatePod(const Object &pod)
{
    FieldErrors errs = validateObjectMeta(pod.metadata(), true, nameIsDnsSubdomain);
    const QJsonValue spec = pod.json().value(QLatin1String("spec"));
    if (!spec.isUndefined() && !spec.isNull() && !spec.isObject()) {
        errs << FieldError::invalid(kSpec, spec, QStringLiteral("must be an object"));
        return errs;
    }
    errs += validatePodSpec(spec.toObject(), kSpec);
    // Only pods, not templates: templates have long carried images such as " " as placeholders.
    validateImageWhitespace(spec[QLatin1String("containers")].toArray(), QStringLiteral("spec.containers"), errs);
    validateImageWhitespace(spec[QLatin1String("initContainers")].toArray(), QStringLiteral("spec.initContainers"),
                            errs);
    return errs;
}

FieldErrors validatePodUpdate(const Object &newPod, const Object &oldPod)
{
    FieldErrors errs = validatePod(newPod);
    const QJsonObject newSpec = newPod.spec();
    const QJsonObject oldSpec = oldPod.spec();
    if (!sameContainerCount(newSpec, oldSpec, QLatin1String("containers"), errs) ||
        !sameContainerCount(newSpec, oldSpec, QLatin1String("initContainers"), errs))
        return errs;

    validateActiveDeadlineUpdate(newSpec, oldSpec, errs);
    const QJsonArray newTolerations = newSpec.value(QLatin1String("tolerations")).toArray();
    if (!onlyAddedTolerations(newTolerations, oldSpec.value(QLatin1String("tolerations")).toArray()))
        errs << FieldError::forbidden(
            childPath(kSpec, u"tolerations"),
            QStringLiteral("existing toleration can not be modified except its tolerationSeconds"));
    if (newSpec == oldSpec)
        return errs;

    // Put back what may change, then anything left that differs may not.
    QJsonObject munged = newSpec;
    for (const QLatin1String key : {QLatin1String("containers"), QLatin1String("initContainers")}) {
        if (!munged.contains(key))
            continue;
        QJsonArray list = munged.value(key).toArray();
        const QJsonArray oldList = oldSpec.value(key).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            QJsonObject c = list.at(i).toObject();
            copyField(c, oldList.at(i).toObject(), QLatin1String("image"));
            list[i] = c;
        }
        munged.insert(key, list);
    }
    copyField(munged, oldSpec, QLatin1String("activeDeadlineSeconds"));
    copyField(munged, oldSpec, QLatin1String("tolerations"));
    const QJsonValue oldGrace = oldSpec.value(QLatin1String("terminationGracePeriodSeconds"));
    if (oldGrace.isDouble() && oldGrace.toInteger() < 0 &&
        munged.value(QLatin1String("terminationGracePeriodSeconds")).toInteger() == 1)
        munged.insert(QLatin1String("terminationGracePeriodSeconds"), oldGrace);
    if (munged == oldSpec)
        return errs;

    QStringList diff;
    describeDiff(oldSpec, munged, kSpec, diff);
    errs << FieldError::forbidden(
        kSpec, QStringLiteral("pod updates may not change fields other than `spec.containers[*].image`,"
                              "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                              "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                              "(allow it to be set to 1 if it was previously negative)\n") +
                   diff.join(QLatin1Char('\n')));
    return errs;
}

} // namespace tugboat::api
