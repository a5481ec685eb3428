#include "patchschema.h"

#include <deque>
#include <initializer_list>
#include <utility>

namespace tugboat::api {

namespace {

using Field = std::pair<const char *, const SchemaNode *>;

// Builds the node graph once; nodes are never freed (the table lives as long as the program).
class Builder {
public:
    const SchemaNode *object(std::initializer_list<Field> fields, bool atomic = false)
    {
        SchemaNode &node = m_nodes.emplace_back();
        node.atomic = atomic;
        for (const Field &field : fields)
            node.fields.insert(QLatin1String(field.first), field.second);
        return &node;
    }
    const SchemaNode *atomicObject() { return object({}, true); }

    // A list of objects that both strategic merge patch and apply match by key: patchMergeKey is
    // `mergeKey`, the apply keys are `keys` (usually the same single field).
    const SchemaNode *keyedList(const char *mergeKey, QStringList keys, const SchemaNode *element = nullptr,
                                QJsonObject keyDefaults = {})
    {
        SchemaNode &node = list(element);
        node.patchMerge = true;
        node.patchMergeKey = QLatin1String(mergeKey);
        node.listType = SchemaNode::ListType::Map;
        node.listMapKeys = std::move(keys);
        node.keyDefaults = std::move(keyDefaults);
        return &node;
    }
    const SchemaNode *keyedList(const char *mergeKey, const SchemaNode *element = nullptr)
    {
        return keyedList(mergeKey, {QLatin1String(mergeKey)}, element);
    }
    // A list of scalars merged as an ordered set by a patch and owned per value by apply (finalizers).
    const SchemaNode *set()
    {
        SchemaNode &node = list(nullptr);
        node.patchMerge = true;
        node.listType = SchemaNode::ListType::Set;
        return &node;
    }
    // A list that a patch replaces but apply keys (ResourceRequirements.claims).
    const SchemaNode *applyKeyedList(QStringList keys)
    {
        SchemaNode &node = list(nullptr);
        node.listType = SchemaNode::ListType::Map;
        node.listMapKeys = std::move(keys);
        return &node;
    }

private:
    SchemaNode &list(const SchemaNode *element)
    {
        SchemaNode &node = m_nodes.emplace_back();
        node.shape = SchemaNode::Shape::List;
        node.element = element;
        return node;
    }

    std::deque<SchemaNode> m_nodes;
};

const QJsonObject kTcpDefault{{QStringLiteral("protocol"), QStringLiteral("TCP")}};

QHash<QString, const SchemaNode *> makeKinds(Builder &b)
{
    const SchemaNode *conditions = b.keyedList("type");
    const SchemaNode *labelSelector = b.atomicObject();

    const SchemaNode *objectMeta = b.object({
        {"finalizers", b.set()},
        {"ownerReferences", b.keyedList("uid")},
    });

    const SchemaNode *container = b.object({
        {"ports", b.keyedList("containerPort", {QStringLiteral("containerPort"), QStringLiteral("protocol")}, nullptr,
                              kTcpDefault)},
        {"env", b.keyedList("name")},
        {"volumeMounts", b.keyedList("mountPath")},
        {"volumeDevices", b.keyedList("devicePath")},
        {"resources", b.object({{"claims", b.applyKeyedList({QStringLiteral("name")})}})},
    });
    const SchemaNode *containers = b.keyedList("name", container);

    const SchemaNode *podSpec = b.object({
        {"volumes", b.keyedList("name")}, // patchStrategy "merge,retainKeys"; $retainKeys is honoured anywhere
        {"initContainers", containers},
        {"containers", containers},
        {"ephemeralContainers", containers},
        {"imagePullSecrets", b.keyedList("name")},
        {"hostAliases", b.keyedList("ip")},
        {"topologySpreadConstraints",
         b.keyedList("topologyKey", {QStringLiteral("topologyKey"), QStringLiteral("whenUnsatisfiable")},
                     b.object({{"labelSelector", labelSelector}}))},
        {"resourceClaims", b.keyedList("name")},
        {"schedulingGates", b.keyedList("name")},
        {"nodeSelector", b.atomicObject()},
    });
    const SchemaNode *podStatus = b.object({
        {"conditions", conditions},
        {"podIPs", b.keyedList("ip")},
        {"hostIPs", b.keyedList("ip")},
        {"resourceClaimStatuses", b.keyedList("name")},
    });
    const SchemaNode *podTemplateSpec = b.object({{"metadata", objectMeta}, {"spec", podSpec}});

    const SchemaNode *workloadStatus = b.object({{"conditions", conditions}});
    const SchemaNode *replicaSetSpec = b.object({{"selector", labelSelector}, {"template", podTemplateSpec}});
    const SchemaNode *deploymentSpec = b.object({{"selector", labelSelector}, {"template", podTemplateSpec}});

    const SchemaNode *serviceSpec = b.object({
        {"ports", b.keyedList("port", {QStringLiteral("port"), QStringLiteral("protocol")}, nullptr, kTcpDefault)},
        {"selector", b.atomicObject()},
    });
    const SchemaNode *nodeSpec = b.object({{"podCIDRs", b.set()}});
    const SchemaNode *nodeStatus = b.object({{"conditions", conditions}, {"addresses", b.keyedList("type")}});
    const SchemaNode *conditionsStatus = b.object({{"conditions", conditions}});

    const SchemaNode *metaOnly = b.object({{"metadata", objectMeta}});
    return {
        {QStringLiteral("Pod"), b.object({{"metadata", objectMeta}, {"spec", podSpec}, {"status", podStatus}})},
        {QStringLiteral("PodTemplate"), b.object({{"metadata", objectMeta}, {"template", podTemplateSpec}})},
        {QStringLiteral("ReplicaSet"),
         b.object({{"metadata", objectMeta}, {"spec", replicaSetSpec}, {"status", workloadStatus}})},
        {QStringLiteral("Deployment"),
         b.object({{"metadata", objectMeta}, {"spec", deploymentSpec}, {"status", workloadStatus}})},
        {QStringLiteral("Service"),
         b.object({{"metadata", objectMeta}, {"spec", serviceSpec}, {"status", conditionsStatus}})},
        {QStringLiteral("Node"), b.object({{"metadata", objectMeta}, {"spec", nodeSpec}, {"status", nodeStatus}})},
        {QStringLiteral("Namespace"), b.object({{"metadata", objectMeta}, {"status", conditionsStatus}})},
        // Endpoints subsets, EndpointSlice endpoints/ports, ConfigMap and Secret data, Event and Lease
        // fields have no list merge rules: everything below metadata is deduced.
        {QStringLiteral("Endpoints"), metaOnly},
        {QStringLiteral("EndpointSlice"), metaOnly},
        {QStringLiteral("ConfigMap"), metaOnly},
        {QStringLiteral("Secret"), metaOnly},
        {QStringLiteral("Event"), metaOnly},
        {QStringLiteral("Lease"), metaOnly},
        {QStringLiteral("Scale"), metaOnly},
    };
}

} // namespace

const SchemaNode *SchemaNode::forKind(const QString &kind)
{
    static Builder builder;
    static const QHash<QString, const SchemaNode *> kinds = makeKinds(builder);
    return kinds.value(kind);
}

} // namespace tugboat::api
