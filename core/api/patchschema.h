// How the fields of the built-in kinds combine when two documents are merged: the patch metadata that
// Kubernetes keeps in its Go struct tags (patchStrategy / patchMergeKey, read by strategic merge patch)
// and in its OpenAPI extensions (x-kubernetes-list-type / -list-map-keys / -map-type, read by server-side
// apply). One table (patchschema.cpp) serves both, because the two mostly agree; where they differ (ports
// merge by containerPort in a patch but are keyed by containerPort+protocol in managedFields; resource
// claims are replaced by a patch but keyed by name for apply) a node carries both answers. The table
// agrees with the OpenAPI documents core/apiserver publishes (x-kubernetes-* extensions).
//
// Only fields with a merge rule of their own are listed. Any other field is "deduced", as Kubernetes
// treats schema-less data: objects merge member by member, lists are replaced whole, scalars replace.
// A lookup that leaves the table yields nullptr, which means exactly that.
//
// Taken from k8s.io/api v1.33 (core/v1, apps/v1, meta/v1) where they differ from a first guess:
// volumeMounts merge by mountPath (not name); node taints and tolerations are atomic (replaced whole);
// LabelSelector, Service.spec.selector and PodSpec.nodeSelector are atomic for apply.
//
// Nodes are immutable and live for the whole program; thread-safe.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tugboat::api {

struct SchemaNode {
    enum class Shape { Object, List };
    // Server-side apply's list types: atomic lists are owned and replaced whole, sets are owned per value
    // ("v:" in managedFields), maps per key ("k:").
    enum class ListType { Atomic, Set, Map };

    Shape shape = Shape::Object;

    // Objects: the fields with rules of their own (others are deduced).
    QHash<QString, const SchemaNode *> fields;
    // Objects: apply owns and replaces the whole object (+structType=atomic, +mapType=atomic).
    bool atomic = false;

    // Lists: the element (nullptr for scalars and deduced objects).
    const SchemaNode *element = nullptr;
    // Strategic merge patch: patchStrategy "merge" (otherwise the patch list replaces), and the key that
    // matches elements (empty for lists of scalars, which merge as ordered sets).
    bool patchMerge = false;
    QString patchMergeKey;
    // Server-side apply: the list type, the key fields of a map list, and defaults for key fields that an
    // applied configuration may omit (protocol: "TCP"), so that {containerPort: 80} and
    // {containerPort: 80, protocol: TCP} name the same element, as the apiserver's defaulting makes them.
    ListType listType = ListType::Atomic;
    QStringList listMapKeys;
    QJsonObject keyDefaults;

    // The node of a field of this object; nullptr when the field is deduced. Safe on a null node.
    static const SchemaNode *field(const SchemaNode *node, const QString &name)
    {
        return node && node->shape == Shape::Object ? node->fields.value(name) : nullptr;
    }
    // The element node of this list; nullptr when deduced. Safe on a null node.
    static const SchemaNode *elementOf(const SchemaNode *node)
    {
        return node && node->shape == Shape::List ? node->element : nullptr;
    }

    // Whether apply merges this list element by element (a set or keyed list). Safe on a null node.
    static bool mergesAsList(const SchemaNode *node)
    {
        return node && node->shape == Shape::List && node->listType != ListType::Atomic;
    }
    // Whether apply owns and replaces this object whole. Safe on a null node.
    static bool isAtomicObject(const SchemaNode *node) { return node && node->shape == Shape::Object && node->atomic; }

    // The root node of a kind Tugboat knows the Go types of ("Pod", "Deployment", "Scale", ...);
    // nullptr for any other kind.
    static const SchemaNode *forKind(const QString &kind);
};

} // namespace tugboat::api
