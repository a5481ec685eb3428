#include "schemas.h"

namespace tugboat::apiserver::schemas {

namespace {

const QLatin1String kRefPrefix("#/components/schemas/");

QString text(const char *s)
{
    return QString::fromUtf8(s);
}

QJsonObject typed(const char *type, const char *doc)
{
    return QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("description"), text(doc)}};
}

QJsonObject withFormat(QJsonObject schema, const char *format)
{
    schema.insert(QStringLiteral("format"), QLatin1String(format));
    return schema;
}

QJsonObject refItem(const QString &id)
{
    return QJsonObject{{QStringLiteral("allOf"), QJsonArray{QJsonObject{{QStringLiteral("$ref"), refTo(id)}}}}};
}

QJsonObject mapOf(const QJsonObject &values, const char *doc)
{
    QJsonObject schema = typed("object", doc);
    schema.insert(QStringLiteral("additionalProperties"), values);
    return schema;
}

QJsonArray gvkArray(const Gvk &gvk)
{
    return QJsonArray{QJsonObject{{QStringLiteral("group"), gvk.group},
                                  {QStringLiteral("version"), gvk.version},
                                  {QStringLiteral("kind"), gvk.kind}}};
}

// apiVersion and kind, as every kind and list has them.
void addTypeMeta(QJsonObject &properties)
{
    properties.insert(QStringLiteral("apiVersion"),
                      str("APIVersion defines the versioned schema of this representation of an object. "
                          "Servers should convert recognized schemas to the latest internal value, and may "
                          "reject unrecognized values. More info: "
                          "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                          "api-conventions.md#resources"));
    properties.insert(QStringLiteral("kind"),
                      str("Kind is a string value representing the REST resource this object represents. "
                          "Servers may infer this from the endpoint the client submits requests to. Cannot "
                          "be updated. In CamelCase. More info: "
                          "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                          "api-conventions.md#types-kinds"));
}

} // namespace

QString meta(const char *type)
{
    return QLatin1String("io.k8s.apimachinery.pkg.apis.meta.v1.") + QLatin1String(type);
}
QString core(const char *type)
{
    return QLatin1String("io.k8s.api.core.v1.") + QLatin1String(type);
}
QString apps(const char *type)
{
    return QLatin1String("io.k8s.api.apps.v1.") + QLatin1String(type);
}
QString autoscaling(const char *type)
{
    return QLatin1String("io.k8s.api.autoscaling.v1.") + QLatin1String(type);
}
QString policy(const char *type)
{
    return QLatin1String("io.k8s.api.policy.v1.") + QLatin1String(type);
}
QString coordination(const char *type)
{
    return QLatin1String("io.k8s.api.coordination.v1.") + QLatin1String(type);
}
QString discovery(const char *type)
{
    return QLatin1String("io.k8s.api.discovery.v1.") + QLatin1String(type);
}
QString quantityId()
{
    return QStringLiteral("io.k8s.apimachinery.pkg.api.resource.Quantity");
}
QString intOrStringId()
{
    return QStringLiteral("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
}

QString refTo(const QString &id)
{
    return kRefPrefix + id;
}

QString idOf(const QString &ref)
{
    return ref.startsWith(kRefPrefix) ? ref.mid(kRefPrefix.size()) : QString();
}

QJsonObject str(const char *doc)
{
    return typed("string", doc);
}

QJsonObject oneOf(const char *doc, const QStringList &values)
{
    QJsonObject schema = typed("string", doc);
    schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(values));
    return schema;
}

QJsonObject i32(const char *doc)
{
    return withFormat(typed("integer", doc), "int32");
}

QJsonObject i64(const char *doc)
{
    return withFormat(typed("integer", doc), "int64");
}

QJsonObject boolean(const char *doc)
{
    return typed("boolean", doc);
}

QJsonObject number(const char *doc)
{
    return withFormat(typed("number", doc), "double");
}

QJsonObject bytes(const char *doc)
{
    return withFormat(typed("string", doc), "byte");
}

QJsonObject ref(const QString &id, const char *doc)
{
    QJsonObject schema = refItem(id);
    schema.insert(QStringLiteral("description"), text(doc));
    return schema;
}

QJsonObject refs(const QString &id, const char *doc)
{
    QJsonObject schema = typed("array", doc);
    schema.insert(QStringLiteral("items"), refItem(id));
    return schema;
}

QJsonObject strs(const char *doc)
{
    QJsonObject schema = typed("array", doc);
    schema.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    return schema;
}

QJsonObject ints(const char *doc)
{
    QJsonObject schema = typed("array", doc);
    schema.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                                       {QStringLiteral("format"), QStringLiteral("int64")}});
    return schema;
}

QJsonObject arrayOf(QJsonObject items, const char *doc)
{
    items.remove(QStringLiteral("description"));
    QJsonObject schema = typed("array", doc);
    schema.insert(QStringLiteral("items"), items);
    return schema;
}

QJsonObject strMap(const char *doc)
{
    return mapOf(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}, doc);
}

QJsonObject byteMap(const char *doc)
{
    return mapOf(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                             {QStringLiteral("format"), QStringLiteral("byte")}},
                 doc);
}

QJsonObject refMap(const QString &id, const char *doc)
{
    return mapOf(refItem(id), doc);
}

QJsonObject quantity(const char *doc)
{
    return ref(quantityId(), doc);
}

QJsonObject quantities(const char *doc)
{
    return refMap(quantityId(), doc);
}

QJsonObject time(const char *doc)
{
    return ref(meta("Time"), doc);
}

QJsonObject microTime(const char *doc)
{
    return ref(meta("MicroTime"), doc);
}

QJsonObject intOrString(const char *doc)
{
    return ref(intOrStringId(), doc);
}

QJsonObject opaque(const char *doc)
{
    QJsonObject schema = typed("object", doc);
    schema.insert(QStringLiteral("x-kubernetes-preserve-unknown-fields"), true);
    return schema;
}

QJsonObject listMap(QJsonObject schema, const QStringList &keys)
{
    schema.insert(QStringLiteral("x-kubernetes-list-type"), QStringLiteral("map"));
    schema.insert(QStringLiteral("x-kubernetes-list-map-keys"), QJsonArray::fromStringList(keys));
    return schema;
}

QJsonObject listAtomic(QJsonObject schema)
{
    schema.insert(QStringLiteral("x-kubernetes-list-type"), QStringLiteral("atomic"));
    return schema;
}

QJsonObject listSet(QJsonObject schema)
{
    schema.insert(QStringLiteral("x-kubernetes-list-type"), QStringLiteral("set"));
    return schema;
}

QJsonObject patchMerge(QJsonObject schema, const char *mergeKey, const char *strategy)
{
    if (*mergeKey) // a list of scalars (finalizers) merges without a key
        schema.insert(QStringLiteral("x-kubernetes-patch-merge-key"), QLatin1String(mergeKey));
    schema.insert(QStringLiteral("x-kubernetes-patch-strategy"), QLatin1String(strategy));
    return schema;
}

QJsonObject byName(QJsonObject schema)
{
    return patchMerge(listMap(std::move(schema), {QStringLiteral("name")}), "name");
}

void SchemaSet::object(const QString &id, const char *doc, const QList<Field> &fields, const QStringList &required)
{
    QJsonObject properties;
    for (const Field &field : fields)
        properties.insert(QLatin1String(field.name), field.schema);
    QJsonObject schema = typed("object", doc);
    schema.insert(QStringLiteral("properties"), properties);
    if (!required.isEmpty())
        schema.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    add(id, schema);
}

void SchemaSet::kind(const QString &id, const char *doc, const Gvk &gvk, const QList<Field> &fields)
{
    object(id, doc, fields);
    QJsonObject &schema = m_schemas[id];
    QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    addTypeMeta(properties);
    properties.insert(QStringLiteral("metadata"),
                      ref(meta("ObjectMeta"), "Standard object's metadata. More info: "
                                              "https://git.k8s.io/community/contributors/devel/"
                                              "sig-architecture/api-conventions.md#metadata"));
    schema.insert(QStringLiteral("properties"), properties);
    schema.insert(QStringLiteral("x-kubernetes-group-version-kind"), gvkArray(gvk));
}

void SchemaSet::list(const QString &id, const QString &itemId, const Gvk &gvk)
{
    const QString item = gvk.kind.chopped(4); // "PodList" -> "Pod"
    const QByteArray doc = QStringLiteral("%1 is a list of %2 objects.").arg(gvk.kind, item).toUtf8();
    const QByteArray itemsDoc = QStringLiteral("Items is the list of %1 objects.").arg(item).toUtf8();
    QJsonObject properties{{QStringLiteral("items"), refs(itemId, itemsDoc.constData())},
                           {QStringLiteral("metadata"),
                            ref(meta("ListMeta"), "Standard list metadata. More info: "
                                                  "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                                                  "api-conventions.md#types-kinds")}};
    addTypeMeta(properties);
    QJsonObject schema = typed("object", doc.constData());
    schema.insert(QStringLiteral("properties"), properties);
    schema.insert(QStringLiteral("required"), QJsonArray{QStringLiteral("items")});
    schema.insert(QStringLiteral("x-kubernetes-group-version-kind"), gvkArray(gvk));
    add(id, schema);
}

void SchemaSet::add(const QString &id, QJsonObject schema)
{
    m_schemas.insert(id, std::move(schema));
}

const QMap<QString, QJsonObject> &all()
{
    static const QMap<QString, QJsonObject> schemas = [] {
        SchemaSet set;
        addMetaSchemas(set);
        addPodSchemas(set);
        addContainerSchemas(set);
        addVolumeSchemas(set);
        addCoreSchemas(set);
        addAppsSchemas(set);
        addCoordinationSchemas(set);
        addDiscoverySchemas(set);
        return set.all();
    }();
    return schemas;
}

std::optional<QString> idOfKind(const QString &apiVersion, const QString &kind)
{
    static const QMap<std::pair<QString, QString>, QString> index = [] {
        QMap<std::pair<QString, QString>, QString> result;
        for (auto it = all().begin(); it != all().end(); ++it) {
            const QJsonArray gvks = it.value().value(QLatin1String("x-kubernetes-group-version-kind")).toArray();
            if (gvks.size() != 1)
                continue; // DeleteOptions and friends belong to every group
            const QJsonObject gvk = gvks.first().toObject();
            const QString group = gvk.value(QLatin1String("group")).toString();
            const QString version = gvk.value(QLatin1String("version")).toString();
            const QString av = group.isEmpty() ? version : group + QLatin1Char('/') + version;
            result.insert({av, gvk.value(QLatin1String("kind")).toString()}, it.key());
        }
        return result;
    }();
    const auto it = index.constFind({apiVersion, kind});
    if (it == index.constEnd())
        return std::nullopt;
    return it.value();
}

QJsonObject resolve(const QJsonObject &schema)
{
    QString ref = schema.value(QLatin1String("$ref")).toString();
    if (ref.isEmpty()) {
        const QJsonArray allOf = schema.value(QLatin1String("allOf")).toArray();
        if (allOf.size() == 1)
            ref = allOf.first().toObject().value(QLatin1String("$ref")).toString();
    }
    if (ref.isEmpty())
        return schema;
    return all().value(idOf(ref));
}

} // namespace tugboat::apiserver::schemas
