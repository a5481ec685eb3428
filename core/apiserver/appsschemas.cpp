// apps/v1 Deployment and ReplicaSet, and autoscaling/v1 Scale (what their scale subresource answers).
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

Gvk appsV1(const char *kind)
{
    return {QStringLiteral("apps"), QStringLiteral("v1"), QLatin1String(kind)};
}

const char *kMinReadySecondsDoc =
    "Minimum number of seconds for which a newly created pod should be ready without any of its container "
    "crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as "
    "it "
    "is ready)";

QJsonObject conditionsByType(const QString &id, const char *doc)
{
    return listMap(patchMerge(refs(id, doc), "type"), {QStringLiteral("type")});
}

void addDeployment(SchemaSet &set)
{
    set.kind(apps("Deployment"), "Deployment enables declarative updates for Pods and ReplicaSets.",
             appsV1("Deployment"),
             {
                 {"spec", ref(apps("DeploymentSpec"), "Specification of the desired behavior of the Deployment.")},
                 {"status", ref(apps("DeploymentStatus"), "Most recently observed status of the Deployment.")},
             });
    set.list(apps("DeploymentList"), apps("Deployment"), appsV1("DeploymentList"));
    set.object(
        apps("DeploymentSpec"), "DeploymentSpec is the specification of the desired behavior of the Deployment.",
        {
            {"minReadySeconds", i32(kMinReadySecondsDoc)},
            {"paused", boolean("Indicates that the deployment is paused.")},
            {"progressDeadlineSeconds",
             i32("The maximum time in seconds for a deployment to make progress before it is considered to "
                 "be "
                 "failed. The deployment controller will continue to process failed deployments and a "
                 "condition "
                 "with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note "
                 "that "
                 "progress will not be estimated during the time a deployment is paused. Defaults to 600s.")},
            {"replicas", i32("Number of desired pods. This is a pointer to distinguish between explicit zero and "
                             "not specified. Defaults to 1.")},
            {"revisionHistoryLimit", i32("The number of old ReplicaSets to retain to allow rollback. This is a "
                                         "pointer to distinguish between explicit zero and not specified. "
                                         "Defaults to 10.")},
            {"selector", ref(meta("LabelSelector"),
                             "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be "
                             "the ones affected by this deployment. It must match the pod template's labels.")},
            {"strategy", ref(apps("DeploymentStrategy"), "The deployment strategy to use to replace existing pods "
                                                         "with new ones.")},
            {"template", ref(core("PodTemplateSpec"), "Template describes the pods that will be created. The only "
                                                      "allowed template.spec.restartPolicy value is \"Always\".")},
        },
        {QStringLiteral("selector"), QStringLiteral("template")});
    set.object(apps("DeploymentStrategy"), "DeploymentStrategy describes how to replace existing pods with new ones.",
               {
                   {"rollingUpdate", ref(apps("RollingUpdateDeployment"),
                                         "Rolling update config params. Present only if DeploymentStrategyType = "
                                         "RollingUpdate.")},
                   {"type", oneOf("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is "
                                  "RollingUpdate.",
                                  {QStringLiteral("Recreate"), QStringLiteral("RollingUpdate")})},
               });
    set.object(apps("RollingUpdateDeployment"), "Spec to control the desired behavior of rolling update.",
               {
                   {"maxSurge", intOrString("The maximum number of pods that can be scheduled above the desired "
                                            "number of pods. Value can be an absolute number (ex: 5) or a "
                                            "percentage of desired pods (ex: 10%). This can not be 0 if "
                                            "MaxUnavailable is 0. Absolute number is calculated from percentage "
                                            "by rounding up. Defaults to 25%.")},
                   {"maxUnavailable", intOrString("The maximum number of pods that can be unavailable during the "
                                                  "update. Value can be an absolute number (ex: 5) or a "
                                                  "percentage of desired pods (ex: 10%). Absolute number is "
                                                  "calculated from percentage by rounding down. This can not be 0 "
                                                  "if MaxSurge is 0. Defaults to 25%.")},
               });
    set.object(
        apps("DeploymentStatus"), "DeploymentStatus is the most recently observed status of the Deployment.",
        {
            {"availableReplicas", i32("Total number of available non-terminating pods (ready for at least "
                                      "minReadySeconds) targeted by this deployment.")},
            {"collisionCount", i32("Count of hash collisions for the Deployment. The Deployment controller uses "
                                   "this field as a collision avoidance mechanism when it needs to create the name "
                                   "for the newest ReplicaSet.")},
            {"conditions", conditionsByType(apps("DeploymentCondition"), "Represents the latest available "
                                                                         "observations of a deployment's current "
                                                                         "state.")},
            {"observedGeneration", i64("The generation observed by the deployment controller.")},
            {"readyReplicas", i32("Total number of non-terminating pods targeted by this Deployment with a Ready "
                                  "Condition.")},
            {"replicas", i32("Total number of non-terminating pods targeted by this deployment (their labels "
                             "match the selector).")},
            {"terminatingReplicas", i32("Total number of terminating pods targeted by this deployment. "
                                        "Terminating pods have a non-null .metadata.deletionTimestamp and have "
                                        "not yet reached the Failed or Succeeded .status.phase.")},
            {"unavailableReplicas", i32("Total number of unavailable pods targeted by this deployment. This is the "
                                        "total number of pods that are still required for the deployment to have "
                                        "100% available capacity.")},
            {"updatedReplicas", i32("Total number of non-terminating pods targeted by this deployment that have "
                                    "the desired template spec.")},
        });
    set.object(apps("DeploymentCondition"),
               "DeploymentCondition describes the state of a deployment at a certain point.",
               {
                   {"lastTransitionTime", time("Last time the condition transitioned from one status to another.")},
                   {"lastUpdateTime", time("The last time this condition was updated.")},
                   {"message", str("A human readable message indicating details about the transition.")},
                   {"reason", str("The reason for the condition's last transition.")},
                   {"status", str("Status of the condition, one of True, False, Unknown.")},
                   {"type", str("Type of deployment condition.")},
               },
               {QStringLiteral("type"), QStringLiteral("status")});
}

void addReplicaSet(SchemaSet &set)
{
    set.kind(apps("ReplicaSet"),
             "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
             appsV1("ReplicaSet"),
             {
                 {"spec", ref(apps("ReplicaSetSpec"),
                              "Spec defines the specification of the desired behavior of the ReplicaSet. More "
                              "info: https://git.k8s.io/community/contributors/devel/sig-architecture/"
                              "api-conventions.md#spec-and-status")},
                 {"status", ref(apps("ReplicaSetStatus"),
                                "Status is the most recently observed status of the ReplicaSet. This data may be "
                                "out of date by some window of time. Populated by the system. Read-only.")},
             });
    set.list(apps("ReplicaSetList"), apps("ReplicaSet"), appsV1("ReplicaSetList"));
    set.object(apps("ReplicaSetSpec"), "ReplicaSetSpec is the specification of a ReplicaSet.",
               {
                   {"minReadySeconds", i32(kMinReadySecondsDoc)},
                   {"replicas", i32("Replicas is the number of desired pods. This is a pointer to distinguish "
                                    "between explicit zero and unspecified. Defaults to 1. More info: "
                                    "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset")},
                   {"selector", ref(meta("LabelSelector"),
                                    "Selector is a label query over pods that should match the replica count. "
                                    "Label keys and values that must match in order to be controlled by this "
                                    "replica set. It must match the pod template's labels. More info: "
                                    "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/"
                                    "#label-selectors")},
                   {"template", ref(core("PodTemplateSpec"),
                                    "Template is the object that describes the pod that will be created if "
                                    "insufficient replicas are detected. More info: https://kubernetes.io/docs/"
                                    "concepts/workloads/controllers/replicaset/#pod-template")},
               },
               {QStringLiteral("selector")});
    set.object(
        apps("ReplicaSetStatus"), "ReplicaSetStatus represents the current status of a ReplicaSet.",
        {
            {"availableReplicas", i32("The number of available non-terminating pods (ready for at least "
                                      "minReadySeconds) for this replica set.")},
            {"conditions", conditionsByType(apps("ReplicaSetCondition"), "Represents the latest available "
                                                                         "observations of a replica set's current "
                                                                         "state.")},
            {"fullyLabeledReplicas", i32("The number of non-terminating pods that have labels matching the labels "
                                         "of the pod template of the replicaset.")},
            {"observedGeneration", i64("ObservedGeneration reflects the generation of the most recently observed "
                                       "ReplicaSet.")},
            {"readyReplicas", i32("The number of non-terminating pods targeted by this ReplicaSet with a Ready "
                                  "Condition.")},
            {"replicas", i32("Replicas is the most recently observed number of non-terminating pods. More info: "
                             "https://kubernetes.io/docs/concepts/workloads/controllers/replicaset")},
            {"terminatingReplicas", i32("The number of terminating pods for this replica set. Terminating pods "
                                        "have a non-null .metadata.deletionTimestamp and have not yet reached the "
                                        "Failed or Succeeded .status.phase.")},
        },
        {QStringLiteral("replicas")});
    set.object(apps("ReplicaSetCondition"),
               "ReplicaSetCondition describes the state of a replica set at a certain point.",
               {
                   {"lastTransitionTime", time("The last time the condition transitioned from one status to "
                                               "another.")},
                   {"message", str("A human readable message indicating details about the transition.")},
                   {"reason", str("The reason for the condition's last transition.")},
                   {"status", str("Status of the condition, one of True, False, Unknown.")},
                   {"type", str("Type of replica set condition.")},
               },
               {QStringLiteral("type"), QStringLiteral("status")});
}

void addScale(SchemaSet &set)
{
    set.kind(autoscaling("Scale"), "Scale represents a scaling request for a resource.",
             {QStringLiteral("autoscaling"), QStringLiteral("v1"), QStringLiteral("Scale")},
             {
                 {"spec", ref(autoscaling("ScaleSpec"), "spec defines the behavior of the scale. More info: "
                                                        "https://git.k8s.io/community/contributors/devel/"
                                                        "sig-architecture/api-conventions.md#spec-and-status.")},
                 {"status", ref(autoscaling("ScaleStatus"), "status is the current status of the scale. More info: "
                                                            "https://git.k8s.io/community/contributors/devel/"
                                                            "sig-architecture/api-conventions.md#spec-and-status. "
                                                            "Read-only.")},
             });
    set.object(autoscaling("ScaleSpec"), "ScaleSpec describes the attributes of a scale subresource.",
               {{"replicas", i32("replicas is the desired number of instances for the scaled object.")}});
    set.object(autoscaling("ScaleStatus"), "ScaleStatus represents the current status of a scale subresource.",
               {
                   {"replicas", i32("replicas is the actual number of observed instances of the scaled object.")},
                   {"selector", str("selector is the label query over pods that should match the replicas count. "
                                    "This is same as the label selector but in the string format to avoid "
                                    "introspection by clients.")},
               },
               {QStringLiteral("replicas")});
}

} // namespace

void addAppsSchemas(SchemaSet &set)
{
    addDeployment(set);
    addReplicaSet(set);
    addScale(set);
}

} // namespace tugboat::apiserver::schemas
