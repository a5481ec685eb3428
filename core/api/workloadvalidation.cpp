// ReplicaSets and Deployments, as pkg/apis/apps/validation checks them: replicas, a selector that is
// present, selects something and matches the template's labels, the template (restartPolicy Always),
// the rollout strategy and its int-or-percent bounds, and the selector's immutability.
#include "validation.h"

namespace tugboat::api {

namespace {

const QString kImmutable = QStringLiteral("field is immutable");

// The selector the template must match: a missing selector matches nothing (so the template's labels
// are reported too, as Kubernetes does); an invalid one skips template validation entirely.
void validateSelectorAndTemplate(const QJsonObject &spec, const QString &specPath, FieldErrors &errs)
{
    const QString selectorPath = childPath(specPath, u"selector");
    const QJsonValue selectorJson = spec.value(QLatin1String("selector"));
    errs += validateRequiredSelector(selectorJson, selectorPath);

    LabelSelector selector = LabelSelector::nothing();
    if (selectorJson.isObject()) {
        Result<LabelSelector> parsed = LabelSelector::fromObject(selectorJson.toObject(), selectorPath);
        if (!parsed) {
            errs << FieldError::invalid(selectorPath, selectorJson, QStringLiteral("invalid label selector"));
            return;
        }
        selector = parsed.value();
    } else if (!selectorJson.isUndefined() && !selectorJson.isNull()) {
        return; // already reported as the wrong type
    }
    errs += validatePodTemplateForReplicaSet(spec.value(QLatin1String("template")), selector,
                                             childPath(specPath, u"template"));
}

void validateRollingUpdate(const QJsonObject &rollingUpdate, const QString &path, FieldErrors &errs)
{
    const QString unavailablePath = childPath(path, u"maxUnavailable");
    const QJsonValue maxUnavailable = rollingUpdate.value(QLatin1String("maxUnavailable"));
    const QJsonValue maxSurge = rollingUpdate.value(QLatin1String("maxSurge"));
    errs += validatePositiveIntOrPercent(maxUnavailable, unavailablePath);
    errs += validatePositiveIntOrPercent(maxSurge, childPath(path, u"maxSurge"));
    const auto unavailable = parseIntOrPercent(maxUnavailable);
    const auto surge = parseIntOrPercent(maxSurge);
    // An absent or malformed value counts as 0 here, as intstr's IntValue() makes it.
    if (unavailable.value_or(IntOrPercent()).value == 0 && surge.value_or(IntOrPercent()).value == 0)
        errs << FieldError::invalid(unavailablePath, maxUnavailable.isUndefined() ? QJsonValue(0) : maxUnavailable,
                                    QStringLiteral("may not be 0 when `maxSurge` is 0"));
    if (unavailable && unavailable->percent && unavailable->value > 100)
        errs << FieldError::invalid(unavailablePath, maxUnavailable, QStringLiteral("must not be greater than 100%"));
}

void validateStrategy(const QJsonObject &strategy, const QString &path, FieldErrors &errs)
{
    FieldReader r(strategy, path, errs);
    const QString type = r.string(QLatin1String("type"));
    const std::optional<QJsonObject> rollingUpdate = r.object(QLatin1String("rollingUpdate"));
    if (type == QLatin1String("Recreate")) {
        if (rollingUpdate)
            errs << FieldError::forbidden(r.path(u"rollingUpdate"),
                                          QStringLiteral("may not be specified when strategy `type` is 'Recreate'"));
    } else if (type == QLatin1String("RollingUpdate")) {
        if (!rollingUpdate)
            errs << FieldError::required(r.path(u"rollingUpdate"),
                                         QStringLiteral("this should be defaulted and never be nil"));
        else
            validateRollingUpdate(*rollingUpdate, r.path(u"rollingUpdate"), errs);
    } else {
        errs << FieldError::notSupported(path, strategy, {QStringLiteral("Recreate"), QStringLiteral("RollingUpdate")});
    }
}

FieldErrors validateSelectorUpdate(const Object &newObj, const Object &oldObj)
{
    const QJsonValue newSelector = newObj.spec().value(QLatin1String("selector"));
    if (newSelector == oldObj.spec().value(QLatin1String("selector")))
        return {};
    return {FieldError::invalid(QStringLiteral("spec.selector"), newSelector, kImmutable)};
}

} // namespace

FieldErrors validateRequiredSelector(const QJsonValue &selector, const QString &path)
{
    if (selector.isUndefined() || selector.isNull())
        return {FieldError::required(path)};
    if (!selector.isObject())
        return {FieldError::invalid(path, selector, QStringLiteral("must be an object"))};
    const QJsonObject o = selector.toObject();
    FieldErrors errs = LabelSelector::validateObject(o, path);
    if (o.value(QLatin1String("matchLabels")).toObject().isEmpty() &&
        o.value(QLatin1String("matchExpressions")).toArray().isEmpty())
        errs << FieldError::invalid(path, selector, QStringLiteral("empty selector is invalid for deployment"));
    return errs;
}

FieldErrors validateReplicaSet(const Object &rs)
{
    const QString specPath = QStringLiteral("spec");
    FieldErrors errs = validateObjectMeta(rs.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(rs.spec(), specPath, errs);
    errs += validateNonnegative(r.integer(QLatin1String("replicas")).value_or(0), r.path(u"replicas"));
    errs += validateNonnegative(r.integer(QLatin1String("minReadySeconds")).value_or(0), r.path(u"minReadySeconds"));
    validateSelectorAndTemplate(rs.spec(), specPath, errs);
    return errs;
}

FieldErrors validateReplicaSetUpdate(const Object &newRs, const Object &oldRs)
{
    return validateReplicaSet(newRs) + validateSelectorUpdate(newRs, oldRs);
}

FieldErrors validateDeployment(const Object &deployment)
{
    const QString specPath = QStringLiteral("spec");
    const QJsonObject spec = deployment.spec();
    FieldErrors errs = validateObjectMeta(deployment.metadata(), true, nameIsDnsSubdomain);
    FieldReader r(spec, specPath, errs);
    errs += validateNonnegative(r.integer(QLatin1String("replicas")).value_or(0), r.path(u"replicas"));
    validateSelectorAndTemplate(spec, specPath, errs);
    validateStrategy(r.object(QLatin1String("strategy")).value_or(QJsonObject()), r.path(u"strategy"), errs);

    const qint64 minReadySeconds = r.integer(QLatin1String("minReadySeconds")).value_or(0);
    errs += validateNonnegative(minReadySeconds, r.path(u"minReadySeconds"));
    if (const auto limit = r.integer(QLatin1String("revisionHistoryLimit"))) // 0 is valid: keep no history
        errs += validateNonnegative(*limit, r.path(u"revisionHistoryLimit"));
    if (const auto rollbackTo = r.object(QLatin1String("rollbackTo"))) {
        const QJsonValue revision = rollbackTo->value(QLatin1String("revision"));
        errs += validateNonnegative(revision.toInteger(), childPath(r.path(u"rollback"), u"version"));
    }
    if (const auto deadline = r.integer(QLatin1String("progressDeadlineSeconds"))) {
        errs += validateNonnegative(*deadline, r.path(u"progressDeadlineSeconds"));
        if (*deadline <= minReadySeconds)
            errs << FieldError::invalid(r.path(u"progressDeadlineSeconds"), *deadline,
                                        QStringLiteral("must be greater than minReadySeconds"));
    }
    return errs;
}

FieldErrors validateDeploymentUpdate(const Object &newDeployment, const Object &oldDeployment)
{
    return validateDeployment(newDeployment) + validateSelectorUpdate(newDeployment, oldDeployment);
}

} // namespace tugboat::api
