#include "serversideapply.h"

#include "fieldset.h"
#include "kinds.h"
#include "patch.h"
#include "patchschema.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <algorithm>
#include <tuple>

namespace tugboat::api {

namespace {

const QString kApply = QStringLiteral("Apply");
const QString kUpdate = QStringLiteral("Update");
const QString kMetadata = QStringLiteral("metadata");
const QString kManagedFields = QStringLiteral("managedFields");
const QString kLastApplied = QStringLiteral("kubectl.kubernetes.io/last-applied-configuration");
const QString kKubectl = QStringLiteral("kubectl");
constexpr qsizetype kMaxUpdateEntries = 10;

// One metadata.managedFields entry.
struct Entry {
    QString manager;
    QString operation;
    QString apiVersion;
    QString time;
    QString subresource;
    FieldSet fields;

    // Kubernetes' manager identifier: appliers are one manager whatever the version they apply.
    QString identifier() const
    {
        return QStringList{manager, operation, operation == kApply ? QString() : apiVersion, subresource}.join(
            QChar(0));
    }
    // How Kubernetes names the manager in a conflict message.
    QString printed() const
    {
        QString out = QLatin1Char('"') + manager + QLatin1Char('"');
        if (!subresource.isEmpty())
            out += QStringLiteral(" with subresource \"%1\"").arg(subresource);
        if (operation == kUpdate)
            out += QStringLiteral(" using ") + apiVersion;
        return out;
    }
};

// ---- managedFields encoding ------------------------------------------------------------------------

// Entries that are malformed are dropped (Kubernetes resets managed fields it cannot decode).
QList<Entry> decodeEntries(const QJsonObject &object)
{
    QList<Entry> entries;
    const QJsonArray items = object.value(kMetadata).toObject().value(kManagedFields).toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject e = item.toObject();
        Entry entry{e.value(QLatin1String("manager")).toString(),     e.value(QLatin1String("operation")).toString(),
                    e.value(QLatin1String("apiVersion")).toString(),  e.value(QLatin1String("time")).toString(),
                    e.value(QLatin1String("subresource")).toString(), {}};
        const bool known = entry.operation == kApply || entry.operation == kUpdate;
        if (!known || e.value(QLatin1String("fieldsType")).toString() != QLatin1String("FieldsV1") ||
            !entry.fields.readFieldsV1(e.value(QLatin1String("fieldsV1")).toObject()) || entry.fields.isEmpty())
            continue;
        entries.append(std::move(entry));
    }
    return entries;
}

QJsonArray encodeEntries(const QList<Entry> &entries)
{
    QJsonArray out;
    for (const Entry &entry : entries) {
        QJsonObject e{{QStringLiteral("manager"), entry.manager},
                      {QStringLiteral("operation"), entry.operation},
                      {QStringLiteral("apiVersion"), entry.apiVersion},
                      {QStringLiteral("fieldsType"), QStringLiteral("FieldsV1")},
                      {QStringLiteral("fieldsV1"), entry.fields.toFieldsV1()}};
        if (!entry.time.isEmpty())
            e.insert(QStringLiteral("time"), entry.time);
        if (!entry.subresource.isEmpty())
            e.insert(QStringLiteral("subresource"), entry.subresource);
        out.append(e);
    }
    return out;
}

// Folds the oldest Update entries into one "ancient-changes" entry so that at most kMaxUpdateEntries
// remain (Kubernetes' capManagersManager, which keeps one such bucket per API version).
void capUpdateEntries(QList<Entry> &entries)
{
    QList<qsizetype> updates;
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (entries[i].operation == kUpdate)
            updates.append(i);
    if (updates.size() <= kMaxUpdateEntries)
        return;
    std::stable_sort(updates.begin(), updates.end(), [&](qsizetype a, qsizetype b) {
        return std::tie(entries[a].time, entries[a].manager) < std::tie(entries[b].time, entries[b].manager);
    });
    Entry bucket{QStringLiteral("ancient-changes"), kUpdate, {}, {}, {}, {}};
    const QList<qsizetype> folded = updates.first(updates.size() - kMaxUpdateEntries + 1);
    for (qsizetype i : folded) {
        bucket.fields = bucket.fields.united(entries[i].fields);
        bucket.apiVersion = entries[i].apiVersion;
        bucket.time = entries[i].time;
    }
    QList<Entry> kept;
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (!folded.contains(i))
            kept.append(std::move(entries[i]));
    kept.append(std::move(bucket));
    entries = std::move(kept);
}

// Drops empty entries, caps Update entries and sorts as Kubernetes stores them.
QJsonObject withEntries(QJsonObject object, QList<Entry> entries)
{
    entries.removeIf([](const Entry &e) { return e.fields.isEmpty(); });
    capUpdateEntries(entries);
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return std::tie(a.operation, a.time, a.manager, a.apiVersion, a.subresource) <
               std::tie(b.operation, b.time, b.manager, b.apiVersion, b.subresource);
    });
    QJsonObject metadata = object.take(kMetadata).toObject();
    if (entries.isEmpty())
        metadata.remove(kManagedFields);
    else
        metadata.insert(kManagedFields, encodeEntries(entries));
    object.insert(kMetadata, metadata);
    return object;
}

// ---- object helpers --------------------------------------------------------------------------------

QJsonObject withoutManagedFields(QJsonObject object)
{
    if (!object.value(kMetadata).toObject().contains(kManagedFields))
        return object;
    QJsonObject metadata = object.take(kMetadata).toObject();
    metadata.remove(kManagedFields);
    object.insert(kMetadata, metadata);
    return object;
}

// The paths Kubernetes never records as owned (its stripMetaManager), as a set to subtract.
const FieldSet &systemFields()
{
    static const FieldSet set = [] {
        FieldSet s;
        const QString meta = FieldSet::fieldElement(kMetadata);
        s.insert({FieldSet::fieldElement(QStringLiteral("apiVersion"))});
        s.insert({FieldSet::fieldElement(QStringLiteral("kind"))});
        s.insert({meta});
        for (const char *field : {"name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
                                  "generation", "managedFields", "resourceVersion"})
            s.insert({meta, FieldSet::fieldElement(QLatin1String(field))});
        return s;
    }();
    return set;
}

bool hasStatusSubresource(const QString &kind)
{
    const auto info = Kinds::byKind(kind);
    return info && info->subresources.contains(QStringLiteral("status"));
}

// What a zero-valued Go object of the kind serialises to: the objects that always exist, so that an
// Update that creates the object does not claim them (Kubernetes compares against such an object).
QJsonObject skeleton(const QString &kind)
{
    QJsonObject spec;
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("ReplicaSet"))
        spec.insert(QStringLiteral("template"),
                    QJsonObject{{kMetadata, QJsonObject()}, {QStringLiteral("spec"), QJsonObject()}});
    if (kind == QLatin1String("Deployment"))
        spec.insert(QStringLiteral("strategy"), QJsonObject());
    return QJsonObject{
        {kMetadata, QJsonObject()}, {QStringLiteral("spec"), spec}, {QStringLiteral("status"), QJsonObject()}};
}

// The applied configuration as it takes part in the apply: nulls dropped, system metadata (set by the
// server, checked by it as preconditions) and, for kinds with a status subresource, status removed.
QJsonObject configuration(const QJsonObject &applied)
{
    QJsonObject config = withoutNullMembers(applied).toObject();
    QJsonObject metadata = config.take(kMetadata).toObject();
    for (const char *field : {"uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                              "deletionGracePeriodSeconds", "selfLink", "managedFields"})
        metadata.remove(QLatin1String(field));
    config.insert(kMetadata, metadata);
    if (hasStatusSubresource(config.value(QLatin1String("kind")).toString()))
        config.remove(QStringLiteral("status"));
    return config;
}

// Structured-merge-diff refuses keyed-list elements without their keys, and duplicates, in an applied
// configuration.
Result<void> checkListKeys(const QJsonValue &value, const SchemaNode *node, const QString &path)
{
    if (value.isObject() && !SchemaNode::isAtomicObject(node)) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            auto checked =
                checkListKeys(it.value(), SchemaNode::field(node, it.key()), path + QLatin1Char('.') + it.key());
            if (!checked)
                return checked;
        }
    } else if (value.isArray() && SchemaNode::mergesAsList(node)) {
        const QJsonArray items = value.toArray();
        QSet<QString> seen;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
            const bool keyed = node->listType == SchemaNode::ListType::Map;
            if (keyed && !items.at(i).isObject())
                return Error(ErrorCode::BadRequest,
                             QStringLiteral("apply: %1: an element of a keyed list must be an object").arg(at));
            const QString element = listElement(items.at(i), node);
            if (element.isEmpty())
                return Error(ErrorCode::BadRequest,
                             QStringLiteral("apply: %1: the element omits a key field (keys: %2)")
                                 .arg(at, node->listMapKeys.join(QStringLiteral(", "))));
            if (seen.contains(element))
                return Error(
                    ErrorCode::BadRequest,
                    QStringLiteral("apply: %1: duplicate entries for key %2").arg(path, FieldSet::describe({element})));
            seen.insert(element);
            if (keyed) {
                auto checked = checkListKeys(items.at(i), node->element, at);
                if (!checked)
                    return checked;
            }
        }
    }
    return {};
}

// ---- merge and prune -------------------------------------------------------------------------------

QJsonArray mergeLists(const QJsonArray &live, const QJsonArray &config, const SchemaNode *node);

// The applied value merged over the live one (structured-merge-diff's merge, rhs wins).
QJsonValue mergeApplied(QJsonValue live, const QJsonValue &config, const SchemaNode *node)
{
    if (config.isObject() && !SchemaNode::isAtomicObject(node)) {
        QJsonObject out = live.isObject() ? live.toObject() : QJsonObject();
        live = QJsonValue();
        const QJsonObject members = config.toObject();
        for (auto it = members.begin(); it != members.end(); ++it) {
            QJsonValue current = out.take(it.key());
            out.insert(it.key(), mergeApplied(std::move(current), it.value(), SchemaNode::field(node, it.key())));
        }
        return out;
    }
    if (config.isArray() && live.isArray() && SchemaNode::mergesAsList(node))
        return mergeLists(live.toArray(), config.toArray(), node);
    return config;
}

// Live elements keep their place; applied elements take the applied order among themselves, shared
// ones where the live list has them when that agrees, new ones after (structured-merge-diff's
// merge of associative lists). Worked example: live [a, b, c], applied [c, a] -> [b, c, a].
QJsonArray mergeLists(const QJsonArray &live, const QJsonArray &config, const SchemaNode *node)
{
    QStringList left, right;
    for (qsizetype i = 0; i < live.size(); ++i)
        left.append(listElementAt(live.at(i), node, i));
    for (qsizetype i = 0; i < config.size(); ++i)
        right.append(listElementAt(config.at(i), node, i));
    QHash<QString, qsizetype> inLeft, inRight; // the first element of each name
    for (qsizetype i = left.size() - 1; i >= 0; --i)
        inLeft.insert(left[i], i);
    for (qsizetype i = right.size() - 1; i >= 0; --i)
        inRight.insert(right[i], i);
    QStringList shared;
    for (const QString &element : right)
        if (inLeft.contains(element))
            shared.append(element);
    qsizetype nextShared = 0;
    QSet<QString> mergedRight;
    const SchemaNode *elementNode = node->listType == SchemaNode::ListType::Map ? node->element : nullptr;
    auto merge = [&](const QString &element, qsizetype r) {
        const qsizetype l = inLeft.value(element, -1);
        return mergeApplied(l >= 0 ? live.at(l) : QJsonValue(QJsonValue::Undefined), config.at(r), elementNode);
    };

    QJsonArray out;
    qsizetype l = 0, r = 0;
    while (l < left.size() || r < right.size()) {
        if (l < left.size() && r < right.size()) {
            if (left[l] == right[r]) {
                mergedRight.insert(right[r]);
                out.append(merge(right[r], r));
                ++l, ++r, ++nextShared;
                continue;
            }
            if (inRight.contains(left[l]) && nextShared < shared.size() && shared[nextShared] != left[l]) {
                ++l; // a shared element, but not the next one in applied order: it comes later
                continue;
            }
        }
        if (l < left.size()) {
            if (!inRight.contains(left[l])) {
                out.append(live.at(l++));
                continue;
            }
            if (mergedRight.contains(left[l])) {
                ++l;
                continue;
            }
        }
        if (r < right.size()) {
            mergedRight.insert(right[r]);
            out.append(merge(right[r], r));
            if (nextShared < shared.size() && shared[nextShared] == right[r])
                ++nextShared;
            ++r;
        }
    }
    return out;
}

bool isEmptyContainer(const QJsonValue &value)
{
    return (value.isObject() && value.toObject().isEmpty()) || (value.isArray() && value.toArray().isEmpty());
}

// Removes what the applier owned last time (`last`) that nobody owns now (`owned`: the new applied set
// and every other manager's). An object member counts as owned when it or anything below it is owned
// (Kubernetes' EnsureNamedFieldsAreMembers); a list element only when it is owned itself.
class Pruner {
public:
    QJsonValue value(QJsonValue v, const FieldSet &last, const FieldSet *owned, const SchemaNode *node) const
    {
        if (v.isObject() && !SchemaNode::isAtomicObject(node))
            return object(v.toObject(), last, owned, node);
        if (v.isArray() && SchemaNode::mergesAsList(node))
            return list(v.toArray(), last, owned, node);
        return v;
    }

    QJsonObject object(QJsonObject o, const FieldSet &last, const FieldSet *owned, const SchemaNode *node) const
    {
        for (const auto &[element, lastChild] : last.children()) {
            const QString key = element.mid(2);
            if (!element.startsWith(QLatin1String("f:")) || !o.contains(key))
                continue;
            const FieldSet *ownedChild = owned ? owned->child(element) : nullptr;
            if (!ownedChild || (!ownedChild->isMember() && ownedChild->isEmpty())) {
                o.remove(key);
                continue;
            }
            if (lastChild.isEmpty())
                continue;
            QJsonValue before = o.take(key);
            const bool wasEmpty = isEmptyContainer(before);
            QJsonValue after = value(std::move(before), lastChild, ownedChild, SchemaNode::field(node, key));
            if (wasEmpty || !isEmptyContainer(after))
                o.insert(key, after);
        }
        return o;
    }

    QJsonArray list(const QJsonArray &items, const FieldSet &last, const FieldSet *owned, const SchemaNode *node) const
    {
        QJsonArray out;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString element = listElementAt(items.at(i), node, i);
            const FieldSet *lastChild = last.child(element);
            const FieldSet *ownedChild = owned ? owned->child(element) : nullptr;
            if (lastChild && lastChild->isMember() && !(ownedChild && ownedChild->isMember()))
                continue;
            if (lastChild && !lastChild->isEmpty() && items.at(i).isObject() &&
                node->listType == SchemaNode::ListType::Map)
                out.append(object(items.at(i).toObject(), *lastChild, ownedChild, node->element));
            else
                out.append(items.at(i));
        }
        return out;
    }
};

// ---- conflicts -------------------------------------------------------------------------------------

// For the manager "kubectl": fields whose live value still equals the client-side apply annotation
// (Kubernetes' lastAppliedManager lets server-side apply take them over without a conflict).
FieldSet allowedByLastApplied(const QJsonObject &live, const SchemaNode *schema)
{
    const QString text =
        live.value(kMetadata).toObject().value(QStringLiteral("annotations")).toObject().value(kLastApplied).toString();
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return {};
    const QJsonObject lastApplied = withoutNullMembers(document.object()).toObject();
    return fieldSetOf(lastApplied, schema).subtracted(compareFields(lastApplied, live, schema).modified);
}

Error conflictError(const QList<std::pair<const Entry *, FieldSet>> &conflicts)
{
    FieldErrors causes;
    QStringList lines;
    for (const auto &[entry, set] : conflicts) {
        lines << QStringLiteral("conflicts with %1:").arg(entry->printed());
        for (const FieldSet::Path &path : set.paths()) {
            const QString field = FieldSet::describe(path);
            lines << QStringLiteral("- ") + field;
            causes << FieldError::invalid(field, QJsonValue::Undefined,
                                          QStringLiteral("conflict with ") + entry->printed());
        }
    }
    const QString message =
        causes.size() == 1
            ? QStringLiteral("Apply failed with 1 conflict: %1: %2").arg(causes.first().detail, causes.first().field)
            : QStringLiteral("Apply failed with %1 conflicts: %2")
                  .arg(causes.size())
                  .arg(lines.join(QLatin1Char('\n')));
    return Error(ErrorCode::Conflict, message, causes);
}

// Kubernetes' lastAppliedUpdater: when kubectl applies server-side to an object that client-side apply
// managed, the annotation follows the applied configuration.
QJsonObject withLastAppliedFrom(QJsonObject object, QJsonObject applied)
{
    QJsonObject metadata = object.take(kMetadata).toObject();
    QJsonObject annotations = metadata.take(QStringLiteral("annotations")).toObject();
    QJsonObject appliedMetadata = applied.take(kMetadata).toObject();
    QJsonObject appliedAnnotations = appliedMetadata.take(QStringLiteral("annotations")).toObject();
    appliedAnnotations.remove(kLastApplied);
    if (!appliedAnnotations.isEmpty())
        appliedMetadata.insert(QStringLiteral("annotations"), appliedAnnotations);
    applied.insert(kMetadata, appliedMetadata);
    annotations.insert(kLastApplied,
                       QString::fromUtf8(QJsonDocument(applied).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    metadata.insert(QStringLiteral("annotations"), annotations);
    object.insert(kMetadata, metadata);
    return object;
}

Result<void> checkApplied(const QJsonObject *live, const QJsonObject &applied, const QString &manager)
{
    auto bad = [](const QString &message) { return Error(ErrorCode::BadRequest, QStringLiteral("apply: ") + message); };
    if (manager.isEmpty())
        return bad(QStringLiteral("a field manager is required (the fieldManager query parameter)"));
    const QString kind = applied.value(QLatin1String("kind")).toString();
    const QString apiVersion = applied.value(QLatin1String("apiVersion")).toString();
    if (kind.isEmpty() || apiVersion.isEmpty())
        return bad(QStringLiteral("the applied configuration must set apiVersion and kind"));
    if (!applied.value(kMetadata).toObject().value(kManagedFields).toArray().isEmpty())
        return bad(QStringLiteral("metadata.managedFields must be nil"));
    if (live && live->value(QLatin1String("kind")).toString() != kind)
        return bad(QStringLiteral("the applied kind %1 does not match the object's kind %2")
                       .arg(kind, live->value(QLatin1String("kind")).toString()));
    if (live && live->value(QLatin1String("apiVersion")).toString() != apiVersion)
        return bad(QStringLiteral("the applied apiVersion %1 does not match the object's apiVersion %2")
                       .arg(apiVersion, live->value(QLatin1String("apiVersion")).toString()));
    return checkListKeys(configuration(applied), SchemaNode::forKind(kind), QString());
}

} // namespace

Result<QJsonObject> serverSideApply(const QJsonObject *live, const QJsonObject &applied, const QString &manager,
                                    bool force, const QString &timestamp)
{
    auto valid = checkApplied(live, applied, manager);
    if (!valid)
        return valid.error();
    const QString kind = applied.value(QLatin1String("kind")).toString();
    const QString apiVersion = applied.value(QLatin1String("apiVersion")).toString();
    const SchemaNode *schema = SchemaNode::forKind(kind);
    const QJsonObject config = configuration(applied);
    const QJsonObject before = live ? withoutManagedFields(*live) : QJsonObject();

    QList<Entry> entries = live ? decodeEntries(*live) : QList<Entry>();
    if (live && entries.isEmpty()) { // an object from before field tracking: someone owns what it has
        const FieldSet existing = compareFields(skeleton(kind), before, schema).changed().subtracted(systemFields());
        entries.append(Entry{QStringLiteral("before-first-apply"),
                             kUpdate,
                             before.value(QLatin1String("apiVersion")).toString(),
                             timestamp,
                             {},
                             existing});
    }
    const Entry self{manager, kApply, apiVersion, timestamp, {}, fieldSetOf(config, schema)};
    auto mine = std::find_if(entries.begin(), entries.end(),
                             [&](const Entry &e) { return e.identifier() == self.identifier(); });
    const FieldSet last = mine != entries.end() ? mine->fields : FieldSet();

    FieldSet owned = self.fields;
    for (const Entry &entry : entries)
        if (entry.identifier() != self.identifier())
            owned = owned.united(entry.fields);
    QJsonObject merged = mergeApplied(before, config, schema).toObject();
    merged = Pruner().object(merged, last, &owned, schema);

    const FieldSet changed = compareFields(before, merged, schema).changed();
    QList<std::pair<const Entry *, FieldSet>> conflicts;
    for (const Entry &entry : entries) {
        const FieldSet overlap =
            entry.identifier() == self.identifier() ? FieldSet() : entry.fields.intersected(changed);
        if (!overlap.isEmpty())
            conflicts.append({&entry, overlap});
    }
    std::sort(conflicts.begin(), conflicts.end(),
              [](const auto &a, const auto &b) { return a.first->identifier() < b.first->identifier(); });
    if (!conflicts.isEmpty() && !force && manager == kKubectl && live) {
        const FieldSet allowed = allowedByLastApplied(before, schema);
        QList<std::pair<const Entry *, FieldSet>> remaining;
        for (const auto &[entry, set] : conflicts)
            if (FieldSet rest = set.subtracted(allowed); !rest.isEmpty())
                remaining.append({entry, rest});
        if (!remaining.isEmpty())
            return conflictError(remaining);
        force = true;
    }
    if (!conflicts.isEmpty() && !force)
        return conflictError(conflicts);

    QHash<QString, FieldSet> lost;
    for (const auto &[entry, set] : conflicts)
        lost.insert(entry->identifier(), set);
    for (Entry &entry : entries)
        entry.fields = entry.fields.subtracted(lost.value(entry.identifier()));
    const FieldSet stored = self.fields.subtracted(systemFields());
    if (mine == entries.end()) {
        entries.append(Entry{manager, kApply, apiVersion, timestamp, {}, stored});
    } else {
        if (merged != before || !(mine->fields == stored))
            mine->time = timestamp;
        mine->fields = stored;
        mine->apiVersion = apiVersion;
    }

    if (manager == kKubectl &&
        merged.value(kMetadata).toObject().value(QStringLiteral("annotations")).toObject().contains(kLastApplied))
        merged = withLastAppliedFrom(merged, applied);
    return withEntries(merged, entries);
}

QJsonObject recordUpdate(const QJsonObject *old, const QJsonObject &updated, const QString &manager,
                         const QString &timestamp, const QString &subresource)
{
    const QJsonArray sent = updated.value(kMetadata).toObject().value(kManagedFields).toArray();
    const QJsonObject after = withoutManagedFields(updated);
    if (sent.size() == 1 && sent.first().toObject().isEmpty()) // [{}]: the client resets managed fields
        return after;
    QList<Entry> entries = decodeEntries(updated);
    if (entries.isEmpty() || entries.size() != sent.size())
        entries = old ? decodeEntries(*old) : QList<Entry>();
    if (old && entries.isEmpty()) // Kubernetes does not start tracking on an update of an untracked object
        return after;

    const QString kind = updated.value(QLatin1String("kind")).toString();
    const SchemaNode *schema = SchemaNode::forKind(kind);
    const QJsonObject before = old ? withoutManagedFields(*old) : skeleton(kind);
    const FieldSet changed = compareFields(before, after, schema).changed().subtracted(systemFields());
    const Entry self{manager,   kUpdate,     updated.value(QLatin1String("apiVersion")).toString(),
                     timestamp, subresource, changed};
    if (changed.isEmpty())
        return withEntries(after, entries);

    bool found = false;
    for (Entry &entry : entries) {
        if (entry.identifier() == self.identifier()) {
            entry.fields = entry.fields.united(changed);
            entry.time = timestamp;
            found = true;
        } else {
            entry.fields = entry.fields.subtracted(changed);
        }
    }
    if (!found)
        entries.append(self);
    return withEntries(after, entries);
}

} // namespace tugboat::api
