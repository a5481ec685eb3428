// The meta/v1 messages every kind shares (ObjectMeta, owner references, managed fields, label
// selectors, conditions) and DeleteOptions, from k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto.
// Time, MicroTime, FieldsV1, Quantity and IntOrString are special kinds (protobufschema.h), not
// messages of the table.
// Field order is the .proto's; flags as in protobufschema.h.
#include "protobufschema.h"

namespace tugboat::apiserver::protobuf {

void addMetaMessages(MessageTable &table)
{
    using enum Kind;
    // One field a line, as in the .proto; clang-format would pack them into columns.
    // clang-format off
    table["meta.ObjectMeta"] = {
        {1, "name", String},
        {2, "generateName", String},
        {3, "namespace", String},
        {4, "selfLink", String},
        {5, "uid", String},
        {6, "resourceVersion", String},
        {7, "generation", Int64},
        {8, "creationTimestamp", Time},
        {9, "deletionTimestamp", Time, Ptr},
        {10, "deletionGracePeriodSeconds", Int64, Ptr},
        {11, "labels", StringMap},
        {12, "annotations", StringMap},
        {13, "ownerReferences", "meta.OwnerReference", Rep},
        {14, "finalizers", String, Rep},
        {17, "managedFields", "meta.ManagedFieldsEntry", Rep},
    };
    table["meta.OwnerReference"] = {
        {5, "apiVersion", String, NoOmit},
        {1, "kind", String, NoOmit},
        {3, "name", String, NoOmit},
        {4, "uid", String, NoOmit},
        {6, "controller", Bool, Ptr},
        {7, "blockOwnerDeletion", Bool, Ptr},
    };
    table["meta.ManagedFieldsEntry"] = {
        {1, "manager", String},
        {2, "operation", String},
        {3, "apiVersion", String},
        {4, "time", Time, Ptr},
        {6, "fieldsType", String},
        {7, "fieldsV1", FieldsV1, Ptr},
        {8, "subresource", String},
    };
    table["meta.LabelSelector"] = {
        {1, "matchLabels", StringMap},
        {2, "matchExpressions", "meta.LabelSelectorRequirement", Rep},
    };
    table["meta.LabelSelectorRequirement"] = {
        {1, "key", String, NoOmit},
        {2, "operator", String, NoOmit},
        {3, "values", String, Rep},
    };
    table["meta.Condition"] = {
        {1, "type", String, NoOmit},
        {2, "status", String, NoOmit},
        {3, "observedGeneration", Int64},
        {4, "lastTransitionTime", Time},
        {5, "reason", String, NoOmit},
        {6, "message", String, NoOmit},
    };
    table["meta.DeleteOptions"] = {
        {1, "gracePeriodSeconds", Int64, Ptr},
        {2, "preconditions", "meta.Preconditions", Ptr},
        {3, "orphanDependents", Bool, Ptr},
        {4, "propagationPolicy", String, Ptr},
        {5, "dryRun", String, Rep},
        {6, "ignoreStoreReadErrorWithClusterBreakingPotential", Bool, Ptr},
    };
    table["meta.Preconditions"] = {
        {1, "uid", String, Ptr},
        {2, "resourceVersion", String, Ptr},
    };
    // clang-format on
}

} // namespace tugboat::apiserver::protobuf
