// Kubernetes' rollback.go: the server-side rollback of extensions/v1beta1 (spec.rollbackTo), which
// apps/v1 round-trips as the deprecated.deployment.rollback.to annotation. The revision's template
// and annotations are copied back to the Deployment and the annotation cleared; the rollout that
// follows then finds the old ReplicaSet as the new one (getNewReplicaSet bumps its revision and keeps
// the old one in revision-history), exactly as after kubectl's client-side `rollout undo`.
#include "deploymentcontroller.h"

namespace tugboat::controllers {

using namespace deploymentutil;

void DeploymentController::rollback(Round &round)
{
    const Revisions r = getAllReplicaSetsAndSyncRevision(round, true);
    if (!r.newRS)
        return; // round.error says why
    const ReplicaSetList all = r.all();
    qint64 to = rollbackTo(round.d).value_or(0);
    if (to == 0) { // 0: the previous revision
        to = lastRevision(all);
        if (to == 0) {
            m_recorder.event(*round.cached, EventType::Warning, RollbackRevisionNotFound,
                             QStringLiteral("Unable to find last revision."));
            clearRollbackTo(round.d);
            return;
        }
    }
    for (const api::Object *rs : all) {
        if (revision(*rs) != to)
            continue;
        if (rollbackToTemplate(round, *rs))
            round.rolledBack =
                QStringLiteral("Rolled back deployment \"%1\" to revision %2").arg(round.d.name()).arg(to);
        return;
    }
    m_recorder.event(*round.cached, EventType::Warning, RollbackRevisionNotFound,
                     QStringLiteral("Unable to find the revision to rollback to."));
    clearRollbackTo(round.d);
}

// Copies the ReplicaSet's template (without its pod-template-hash label) and annotations to the
// Deployment, unless the templates are already equal. The annotations matter: without them the
// Deployment would pass its current change-cause to the ReplicaSet it goes back to. Clears the
// rollback annotation either way. Returns whether the template changed.
bool DeploymentController::rollbackToTemplate(Round &round, const api::Object &rs)
{
    bool performed = false;
    if (!equalIgnoreHash(podTemplate(round.d), podTemplate(rs))) {
        QJsonObject tmpl = podTemplate(rs);
        QJsonObject metadata = tmpl.value(QLatin1String("metadata")).toObject();
        QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
        labels.remove(PodTemplateHashLabel);
        metadata.insert(QStringLiteral("labels"), labels);
        tmpl.insert(QStringLiteral("metadata"), metadata);
        round.d = withSpecField(round.d, QStringLiteral("template"), tmpl);
        round.d = withAnnotations(round.d, deploymentAnnotationsForRollback(round.d, rs));
        performed = true;
    } else {
        m_recorder.event(*round.cached, EventType::Warning, RollbackTemplateUnchanged,
                         QStringLiteral("The rollback revision contains the same template as current deployment \"%1\"")
                             .arg(round.d.name()));
    }
    clearRollbackTo(round.d);
    return performed;
}

// The revision asked for; nullopt when there is no (valid) annotation.
std::optional<qint64> DeploymentController::rollbackTo(const api::Object &deployment)
{
    const QString value = deployment.annotations().value(DeprecatedRollbackToAnnotation);
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 revision = value.toLongLong(&ok);
    return ok ? std::optional<qint64>(revision) : std::nullopt;
}

void DeploymentController::clearRollbackTo(api::Object &deployment)
{
    api::StringMap annotations = deployment.annotations();
    annotations.remove(DeprecatedRollbackToAnnotation);
    deployment = withAnnotations(deployment, annotations);
}

} // namespace tugboat::controllers
