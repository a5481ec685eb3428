// meta/v1 types every kind uses (ObjectMeta, ListMeta, LabelSelector, Status, DeleteOptions) and the
// scalar wrappers (Time, MicroTime, Quantity, IntOrString).
#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

QJsonObject scalar(const char *type, const char *format, const char *doc)
{
    return QJsonObject{{QStringLiteral("type"), QLatin1String(type)},
                       {QStringLiteral("format"), QLatin1String(format)},
                       {QStringLiteral("description"), QString::fromUtf8(doc)}};
}

QJsonObject anyOf(const char *doc, const QStringList &types, const char *format = nullptr)
{
    QJsonArray options;
    for (const QString &type : types)
        options.append(QJsonObject{{QStringLiteral("type"), type}});
    QJsonObject schema{{QStringLiteral("description"), QString::fromUtf8(doc)}, {QStringLiteral("oneOf"), options}};
    if (format)
        schema.insert(QStringLiteral("format"), QLatin1String(format));
    return schema;
}

void addObjectMeta(SchemaSet &set)
{
    set.object(
        meta("ObjectMeta"),
        "ObjectMeta is metadata that all persisted resources must have, which includes all objects users "
        "must "
        "create.",
        {
            {"annotations",
             strMap("Annotations is an unstructured key value map stored with a resource that may be set by "
                    "external tools to store and retrieve arbitrary metadata. They are not queryable and should "
                    "be preserved when modifying objects. More info: "
                    "https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations")},
            {"creationTimestamp",
             time("CreationTimestamp is a timestamp representing the server time when this object was "
                  "created. "
                  "It is not guaranteed to be set in happens-before order across separate operations. Clients "
                  "may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by "
                  "the "
                  "system. Read-only. Null for lists. More info: "
                  "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                  "api-conventions.md#metadata")},
            {"deletionGracePeriodSeconds",
             i64("Number of seconds allowed for this object to gracefully terminate before it will be "
                 "removed "
                 "from the system. Only set when deletionTimestamp is also set. May only be shortened. "
                 "Read-only.")},
            {"deletionTimestamp",
             time("DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This "
                  "field is set by the server when a graceful deletion is requested by the user, and is not "
                  "directly settable by a client.")},
            {"finalizers",
             listSet(patchMerge(strs("Must be empty before the object is deleted from the registry. Each entry "
                                     "is an identifier for the responsible component that will remove the "
                                     "entry from the list."),
                                "", "merge"))},
            {"generateName",
             str("GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF "
                 "the "
                 "Name field has not been provided. If this field is used, the name returned to the client "
                 "will be different than the name passed. More info: "
                 "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                 "api-conventions.md#idempotency")},
            {"generation", i64("A sequence number representing a specific generation of the desired state. "
                               "Populated by the "
                               "system. Read-only.")},
            {"labels",
             strMap("Map of string keys and values that can be used to organize and categorize (scope and "
                    "select) objects. May match selectors of replication controllers and services. More info: "
                    "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels")},
            {"managedFields",
             listAtomic(refs(meta("ManagedFieldsEntry"),
                             "ManagedFields maps workflow-id and version to the set of fields that are managed "
                             "by that workflow. This is mostly for internal housekeeping, and users typically "
                             "shouldn't need to set or understand this field."))},
            {"name", str("Name must be unique within a namespace. Is required when creating resources, although some "
                         "resources may allow a client to request the generation of an appropriate name "
                         "automatically. Name is primarily intended for creation idempotence and configuration "
                         "definition. Cannot be updated. More info: "
                         "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")},
            {"namespace",
             str("Namespace defines the space within which each name must be unique. An empty namespace is "
                 "equivalent to the \"default\" namespace, but \"default\" is the canonical representation. "
                 "Not all objects are required to be scoped to a namespace - the value of this field for "
                 "those "
                 "objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: "
                 "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces")},
            {"ownerReferences",
             listMap(patchMerge(refs(meta("OwnerReference"),
                                     "List of objects depended by this object. If ALL objects in the list have "
                                     "been deleted, this object will be garbage collected. If this object is "
                                     "managed by a controller, then an entry in this list will point to this "
                                     "controller, with the controller field set to true. There cannot be more "
                                     "than one managing controller."),
                                "uid"),
                     {QStringLiteral("uid")})},
            {"resourceVersion",
             str("An opaque value that represents the internal version of this object that can be used by "
                 "clients to determine when objects have changed. May be used for optimistic concurrency, "
                 "change detection, and the watch operation on a resource or set of resources. Clients must "
                 "treat these values as opaque and passed unmodified back to the server. More info: "
                 "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                 "api-conventions.md#concurrency-control-and-consistency")},
            {"selfLink", str("Deprecated: selfLink is a legacy read-only field that is no longer populated "
                             "by the system.")},
            {"uid", str("UID is the unique in time and space value for this object. It is typically generated by "
                        "the "
                        "server on successful creation of a resource and is not allowed to change on PUT "
                        "operations. "
                        "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids")},
        });

    set.object(meta("OwnerReference"),
               "OwnerReference contains enough information to let you identify an owning object. An owning "
               "object must be in the same namespace as the dependent, or be cluster-scoped, so there is no "
               "namespace field.",
               {
                   {"apiVersion", str("API version of the referent.")},
                   {"blockOwnerDeletion",
                    boolean("If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner "
                            "cannot be deleted from the key-value store until this reference is removed. "
                            "Defaults to false.")},
                   {"controller", boolean("If true, this reference points to the managing controller.")},
                   {"kind", str("Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/"
                                "sig-architecture/api-conventions.md#types-kinds")},
                   {"name", str("Name of the referent. More info: "
                                "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")},
                   {"uid", str("UID of the referent. More info: "
                               "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids")},
               },
               {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("name"), QStringLiteral("uid")});

    set.object(
        meta("ManagedFieldsEntry"),
        "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the "
        "fieldset applies to.",
        {
            {"apiVersion", str("APIVersion defines the version of this resource that this field set applies to.")},
            {"fieldsType", str("FieldsType is the discriminator for the different fields format and version. There "
                               "is currently only one possible value: \"FieldsV1\"")},
            {"fieldsV1", ref(meta("FieldsV1"), "FieldsV1 holds the first JSON version format as described in the "
                                               "\"FieldsV1\" type.")},
            {"manager", str("Manager is an identifier of the workflow managing these fields.")},
            {"operation", str("Operation is the type of operation which lead to this ManagedFieldsEntry being "
                              "created. The only valid values for this field are 'Apply' and 'Update'.")},
            {"subresource", str("Subresource is the name of the subresource used to update that object, or empty "
                                "string if the object was updated through the main resource.")},
            {"time", time("Time is the timestamp of when the ManagedFields entry was added. The timestamp will "
                          "also be updated if a field is added, the manager changes any of the owned fields "
                          "value or removes a field.")},
        });
    set.add(meta("FieldsV1"),
            opaque("FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format."));

    set.object(
        meta("ListMeta"),
        "ListMeta describes metadata that synthetic resources must have, including lists and various "
        "status objects. A resource may have only one of {ObjectMeta, ListMeta}.",
        {
            {"continue", str("continue may be set if the user set a limit on the number of items returned, and "
                             "indicates that the server has more data available. The value is opaque and may be "
                             "used to issue another request to the endpoint that served this list to retrieve the "
                             "next set of available objects.")},
            {"remainingItemCount", i64("remainingItemCount is the number of subsequent items in the list which are not "
                                       "included in this list response.")},
            {"resourceVersion",
             str("String that identifies the server's internal version of this object that can be used "
                 "by clients to determine when objects have changed. Value must be treated as opaque by "
                 "clients and passed unmodified back to the server. Populated by the system. "
                 "Read-only.")},
            {"selfLink", str("Deprecated: selfLink is a legacy read-only field that is no longer populated by the "
                             "system.")},
        });
}

void addSelectors(SchemaSet &set)
{
    set.object(
        meta("LabelSelector"),
        "A label selector is a label query over a set of resources. The result of matchLabels and "
        "matchExpressions are ANDed. An empty label selector matches all objects. A null label selector "
        "matches no objects.",
        {
            {"matchExpressions", listAtomic(refs(meta("LabelSelectorRequirement"),
                                                 "matchExpressions is a list of label selector requirements. The "
                                                 "requirements are ANDed."))},
            {"matchLabels", strMap("matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels "
                                   "map is equivalent to an element of matchExpressions, whose key field is \"key\", "
                                   "the operator is \"In\", and the values array contains only \"value\". The "
                                   "requirements are ANDed.")},
        });
    set.object(
        meta("LabelSelectorRequirement"),
        "A label selector requirement is a selector that contains values, a key, and an operator that "
        "relates the key and values.",
        {
            {"key", str("key is the label key that the selector applies to.")},
            {"operator", str("operator represents a key's relationship to a set of values. Valid operators are In, "
                             "NotIn, Exists and DoesNotExist.")},
            {"values", listAtomic(strs("values is an array of string values. If the operator is In or NotIn, the "
                                       "values array must be non-empty. If the operator is Exists or "
                                       "DoesNotExist, the values array must be empty."))},
        },
        {QStringLiteral("key"), QStringLiteral("operator")});
}

void addStatusAndOptions(SchemaSet &set)
{
    set.kind(
        meta("Status"), "Status is a return value for calls that don't return other objects.",
        {QString(), QStringLiteral("v1"), QStringLiteral("Status")},
        {
            {"code", i32("Suggested HTTP return code for this status, 0 if not set.")},
            {"details", ref(meta("StatusDetails"),
                            "Extended data associated with the reason.  Each reason may define its own extended "
                            "details. This field is optional and the data returned is not guaranteed to conform to "
                            "any schema except that defined by the reason type.")},
            {"message", str("A human-readable description of the status of this operation.")},
            {"reason", str("A machine-readable description of why this operation is in the \"Failure\" status. If "
                           "this value is empty there is no information available.")},
            {"status", str("Status of the operation. One of: \"Success\" or \"Failure\". More info: "
                           "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                           "api-conventions.md#spec-and-status")},
        });
    // Status carries ListMeta, not ObjectMeta.
    QJsonObject status = set.all().value(meta("Status"));
    QJsonObject statusProperties = status.value(QLatin1String("properties")).toObject();
    statusProperties.insert(QStringLiteral("metadata"),
                            ref(meta("ListMeta"), "Standard list metadata. More info: "
                                                  "https://git.k8s.io/community/contributors/devel/"
                                                  "sig-architecture/api-conventions.md#types-kinds"));
    status.insert(QStringLiteral("properties"), statusProperties);
    set.add(meta("Status"), status);
    set.object(
        meta("StatusDetails"),
        "StatusDetails is a set of additional properties that MAY be set by the server to provide "
        "additional information about a response.",
        {
            {"causes", listAtomic(refs(meta("StatusCause"),
                                       "The Causes array includes more details associated with the StatusReason "
                                       "failure."))},
            {"group", str("The group attribute of the resource associated with the status StatusReason.")},
            {"kind", str("The kind attribute of the resource associated with the status StatusReason.")},
            {"name", str("The name attribute of the resource associated with the status StatusReason (when "
                         "there is a single name which can be described).")},
            {"retryAfterSeconds", i32("If specified, the time in seconds before the operation should be retried.")},
            {"uid", str("UID of the resource. (when there is a single resource which can be described).")},
        });
    set.object(
        meta("StatusCause"),
        "StatusCause provides more information about an api.Status failure, including cases when "
        "multiple errors are encountered.",
        {
            {"field", str("The field of the resource that has caused this error, as named by its JSON "
                          "serialization. May include dot and postfix notation for nested attributes.")},
            {"message", str("A human-readable description of the cause of the error.  This field may be presented "
                            "as-is to a reader.")},
            {"reason", str("A machine-readable description of the cause of the error. If this value is empty "
                           "there is no information available.")},
        });

    set.object(
        meta("DeleteOptions"), "DeleteOptions may be provided when deleting an API object.",
        {
            {"apiVersion", str("APIVersion defines the versioned schema of this representation of an "
                               "object.")},
            {"dryRun", listAtomic(strs("When present, indicates that modifications should not be persisted. Valid "
                                       "values are: - All: all dry run stages will be processed"))},
            {"gracePeriodSeconds", i64("The duration in seconds before the object should be deleted. Value must be "
                                       "non-negative integer. The value zero indicates delete immediately.")},
            {"ignoreStoreReadErrorWithClusterBreakingPotential",
             boolean("if set to true, it will trigger an unsafe deletion of the resource in case the "
                     "normal deletion flow fails with a corrupt object error.")},
            {"kind", str("Kind is a string value representing the REST resource this object represents.")},
            {"orphanDependents",
             boolean("Deprecated: please use the PropagationPolicy, this field will be deprecated in "
                     "1.7.")},
            {"preconditions", ref(meta("Preconditions"), "Must be fulfilled before a deletion is carried out. If not "
                                                         "possible, a 409 Conflict status will be returned.")},
            {"propagationPolicy",
             str("Whether and how garbage collection will be performed. Either this field or "
                 "OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan "
                 "the dependents; 'Background' - allow the garbage collector to delete the dependents "
                 "in the background; 'Foreground' - a cascading policy that deletes all dependents in "
                 "the foreground.")},
        });
    // DeleteOptions belongs to every group: one GVK entry per served group-version.
    QJsonObject deleteOptions = set.all().value(meta("DeleteOptions"));
    QJsonArray gvks;
    for (const char *group : {"", "apps", "autoscaling", "coordination.k8s.io", "discovery.k8s.io", "policy"})
        gvks.append(QJsonObject{{QStringLiteral("group"), QLatin1String(group)},
                                {QStringLiteral("version"), QStringLiteral("v1")},
                                {QStringLiteral("kind"), QStringLiteral("DeleteOptions")}});
    deleteOptions.insert(QStringLiteral("x-kubernetes-group-version-kind"), gvks);
    set.add(meta("DeleteOptions"), deleteOptions);

    set.object(meta("Preconditions"),
               "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.",
               {
                   {"resourceVersion", str("Specifies the target ResourceVersion")},
                   {"uid", str("Specifies the target UID.")},
               });
    set.add(meta("Patch"),
            QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                        {QStringLiteral("description"),
                         QStringLiteral("Patch is provided to give a concrete name and type to the Kubernetes "
                                        "PATCH request body.")}});
}

} // namespace

void addMetaSchemas(SchemaSet &set)
{
    addObjectMeta(set);
    addSelectors(set);
    addStatusAndOptions(set);
    set.add(meta("Time"), scalar("string", "date-time",
                                 "Time is a wrapper around time.Time which supports correct marshaling to YAML "
                                 "and JSON.  Wrappers are provided for many of the factory methods that the "
                                 "time package offers."));
    set.add(meta("MicroTime"),
            scalar("string", "date-time", "MicroTime is version of Time with microsecond level precision."));
    set.add(quantityId(), anyOf("Quantity is a fixed-point representation of a number. It provides convenient "
                                "marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() "
                                "accessors.\n\nThe serialization format is:\n\n<quantity>        ::= "
                                "<signedNumber><suffix>\n\n<suffix> is one of Ki | Mi | Gi | Ti | Pi | Ei (binary SI), "
                                "m | \"\" | k | M | G | T | P | E (decimal SI) or e<signedNumber> | E<signedNumber> "
                                "(decimal exponent).",
                                {QStringLiteral("string"), QStringLiteral("number")}));
    set.add(intOrStringId(),
            anyOf("IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML "
                  "marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to "
                  "have, for example, a JSON field that can accept a name or number.",
                  {QStringLiteral("integer"), QStringLiteral("string")}, "int-or-string"));
}

} // namespace tugboat::apiserver::schemas
