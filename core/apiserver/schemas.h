// The OpenAPI v3 schemas of the served kinds and the types they reference, as Kubernetes publishes
// them under components.schemas ("io.k8s.api.core.v1.Pod",
// "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").
//
// Written as a compact table per API group (metaschemas.cpp, podschemas.cpp, containerschemas.cpp,
// volumeschemas.cpp, coreschemas.cpp, appsschemas.cpp, coordinationschemas.cpp, discoveryschemas.cpp)
// with the small builders below, rather than as one giant JSON literal: a field is one line, its list
// semantics one call. Descriptions are Kubernetes' own, cut to their first sentences where long.
//
// Internal to tugboat_apiserver: openapi.cpp serves them, unknownfields.cpp checks objects against
// them. Built once on first use; immutable and thread-safe afterwards.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace tugboat::apiserver::schemas {

// Component names.
QString meta(const char *type);        // io.k8s.apimachinery.pkg.apis.meta.v1.<type>
QString core(const char *type);        // io.k8s.api.core.v1.<type>
QString apps(const char *type);        // io.k8s.api.apps.v1.<type>
QString autoscaling(const char *type); // io.k8s.api.autoscaling.v1.<type>
QString policy(const char *type);      // io.k8s.api.policy.v1.<type>
QString coordination(const char *type);
QString discovery(const char *type);
QString quantityId();    // io.k8s.apimachinery.pkg.api.resource.Quantity
QString intOrStringId(); // io.k8s.apimachinery.pkg.util.intstr.IntOrString

// A "#/components/schemas/<id>" reference, and the id back from one.
QString refTo(const QString &id);
QString idOf(const QString &ref);

// Property schemas. `doc` is the field's description.
QJsonObject str(const char *doc);
QJsonObject oneOf(const char *doc, const QStringList &values); // a string enum
QJsonObject i32(const char *doc);
QJsonObject i64(const char *doc);
QJsonObject boolean(const char *doc);
QJsonObject number(const char *doc);
QJsonObject bytes(const char *doc);                   // base64 string
QJsonObject ref(const QString &id, const char *doc);  // {"allOf":[{"$ref"}], "description"}
QJsonObject refs(const QString &id, const char *doc); // array of ref
QJsonObject strs(const char *doc);                    // array of string
QJsonObject ints(const char *doc);                    // array of int64
QJsonObject arrayOf(QJsonObject items, const char *doc);
QJsonObject strMap(const char *doc);                    // map[string]string
QJsonObject byteMap(const char *doc);                   // map[string][]byte
QJsonObject refMap(const QString &id, const char *doc); // map[string]<id>
QJsonObject quantity(const char *doc);
QJsonObject quantities(const char *doc); // map[string]Quantity (ResourceList)
QJsonObject time(const char *doc);       // meta.v1.Time
QJsonObject microTime(const char *doc);  // meta.v1.MicroTime
QJsonObject intOrString(const char *doc);
// An object whose content is not described here (a rarely used volume source, a raw extension): any
// fields are accepted, so it is never the source of an unknown-field error.
QJsonObject opaque(const char *doc);

// List and patch semantics (x-kubernetes-list-type, -list-map-keys, -patch-merge-key, -patch-strategy).
QJsonObject listMap(QJsonObject schema, const QStringList &keys);
QJsonObject listAtomic(QJsonObject schema);
QJsonObject listSet(QJsonObject schema);
QJsonObject patchMerge(QJsonObject schema, const char *mergeKey, const char *strategy = "merge");
// Common combination: a list of named items merged by "name" (containers, env, volumes...).
QJsonObject byName(QJsonObject schema);

struct Field {
    const char *name;
    QJsonObject schema;
};

struct Gvk {
    QString group;
    QString version;
    QString kind;
};

// Every schema, keyed by component name.
class SchemaSet {
public:
    // A struct type.
    void object(const QString &id, const char *doc, const QList<Field> &fields, const QStringList &required = {});
    // A top-level kind: apiVersion, kind and metadata are added to `fields`, with the GVK extension.
    void kind(const QString &id, const char *doc, const Gvk &gvk, const QList<Field> &fields);
    // The list kind of `itemId` ("PodList"): apiVersion, items, kind, metadata (ListMeta).
    void list(const QString &id, const QString &itemId, const Gvk &gvk);
    void add(const QString &id, QJsonObject schema);

    const QMap<QString, QJsonObject> &all() const { return m_schemas; }

private:
    QMap<QString, QJsonObject> m_schemas;
};

// The group files fill the set.
void addMetaSchemas(SchemaSet &set);
void addPodSchemas(SchemaSet &set);
void addContainerSchemas(SchemaSet &set);
void addVolumeSchemas(SchemaSet &set);
void addCoreSchemas(SchemaSet &set);
void addAppsSchemas(SchemaSet &set); // with autoscaling/v1 Scale
void addCoordinationSchemas(SchemaSet &set);
void addDiscoverySchemas(SchemaSet &set);

// All schemas, built on first use.
const QMap<QString, QJsonObject> &all();
// The component of a kind by its GVK extension ("apps/v1", "Deployment"); nullopt when unknown.
std::optional<QString> idOfKind(const QString &apiVersion, const QString &kind);
// A property schema with its allOf/$ref resolved to the referenced component (the property's own
// extensions dropped); other schemas come back unchanged.
QJsonObject resolve(const QJsonObject &schema);

} // namespace tugboat::apiserver::schemas
