// Sets of field paths, as server-side apply tracks ownership (sigs.k8s.io/structured-merge-diff's
// fieldpath.Set), with their managedFields encoding (fieldsType FieldsV1).
//
// A path is a list of elements, each kept in its FieldsV1 spelling, which is canonical and so compares
// as a string:
//   f:<name>      a member of an object                     f:spec, f:replicas
//   k:<json>      an element of a keyed list, by its keys   k:{"containerPort":80,"protocol":"TCP"}
//   v:<json>      an element of a set, by its value         v:"example.com/protect"
//   i:<index>     an element by position: only for a stored element that lacks its key fields
// In FieldsV1 a path that is itself in the set and also has children in it carries ".": {}.
//
// fieldSetOf() and compareFields() walk JSON values with the list rules of patchschema.h, the way
// structured-merge-diff's ToFieldSet and Compare walk typed values.
//
// Value types; thread-safe when not shared for writing.
#pragma once

#include "patchschema.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace tugboat::api {

class FieldSet {
public:
    using Path = QStringList;

    bool isEmpty() const { return m_children.empty(); }
    // Whether the node this set is rooted at is itself a member (only meaningful for child sets).
    bool isMember() const { return m_member; }

    void insert(const Path &path);
    bool has(const Path &path) const;
    // The child set below one path element; nullptr when no path in the set passes through it.
    const FieldSet *child(const QString &element) const;
    const std::vector<std::pair<QString, FieldSet>> &children() const { return m_children; }

    FieldSet united(const FieldSet &other) const;
    FieldSet intersected(const FieldSet &other) const;
    FieldSet subtracted(const FieldSet &other) const;
    // Paths of this set that are `other`'s paths or lie below them.
    FieldSet below(const FieldSet &other) const;
    // Removes the given top-level path (and everything below it).
    void removeTree(const Path &path);

    // Every member path, parents before children, elements in order: the order Kubernetes lists
    // conflicts in.
    QList<Path> paths() const;

    QJsonObject toFieldsV1() const;
    // Reads FieldsV1; returns false (leaving the set partial) when the encoding is malformed.
    bool readFieldsV1(const QJsonObject &fields);

    // ".spec.template.spec.containers[name=\"web\"].image", as Kubernetes prints a path in conflicts.
    static QString describe(const Path &path);
    static QString fieldElement(const QString &name) { return QStringLiteral("f:") + name; }

    friend bool operator==(const FieldSet &a, const FieldSet &b)
    {
        return a.m_member == b.m_member && a.m_children == b.m_children;
    }

private:
    FieldSet *childForWrite(const QString &element);
    void collect(Path &prefix, QList<Path> &out) const;

    bool m_member = false;
    std::vector<std::pair<QString, FieldSet>> m_children; // sorted by element
};

// The "k:" or "v:" element naming `item` in a merging list (`list` is its schema node), or empty when
// `item` lacks a key field. Key fields the item omits take the schema's defaults.
QString listElement(const QJsonValue &item, const SchemaNode *list);
// listElement(), or "i:<index>" for an item that lacks a key field (only a stored object can have one;
// an applied configuration with one is refused).
QString listElementAt(const QJsonValue &item, const SchemaNode *list, qsizetype index);

// The fields a value sets, as an applier comes to own them: every scalar, every atomic value and
// every list element, but not the objects leading to them (structured-merge-diff's ToFieldSet).
FieldSet fieldSetOf(const QJsonObject &object, const SchemaNode *node);

struct FieldComparison {
    FieldSet added;    // paths set in rhs only (objects and lists that appear count too)
    FieldSet modified; // leaves set in both with different values
    FieldSet removed;  // paths set in lhs only
    FieldSet changed() const { return added.united(modified); }
};
// What differs between two versions of an object (structured-merge-diff's Compare).
FieldComparison compareFields(const QJsonObject &lhs, const QJsonObject &rhs, const SchemaNode *node);

} // namespace tugboat::api
