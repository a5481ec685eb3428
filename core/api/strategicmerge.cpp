#include "strategicmerge.h"

#include "patch.h"
#include "patchschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <algorithm>
#include <limits>

namespace tugboat::api {

namespace {

const QString kPatchDirective = QStringLiteral("$patch");
const QString kRetainKeys = QStringLiteral("$retainKeys");
const QString kSetElementOrder = QStringLiteral("$setElementOrder/");
const QString kDeleteFromPrimitiveList = QStringLiteral("$deleteFromPrimitiveList/");

QString compact(const QJsonValue &value)
{
    QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    text = text.mid(1, text.size() - 2);
    constexpr qsizetype kMax = 160;
    return QString::fromUtf8(text.size() > kMax ? text.left(kMax) + "..." : text);
}

Error failure(ErrorCode code, const QString &path, const QString &detail)
{
    return Error(code, QStringLiteral("strategic merge patch: %1: %2")
                           .arg(path.isEmpty() ? QStringLiteral("(object)") : path, detail));
}
Error badRequest(const QString &path, const QString &detail)
{
    return failure(ErrorCode::BadRequest, path, detail);
}

QString child(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

bool isDirective(const QString &key)
{
    return key == kPatchDirective || key == kRetainKeys || key.startsWith(kSetElementOrder) ||
           key.startsWith(kDeleteFromPrimitiveList);
}

// ---- element order ---------------------------------------------------------------------------------

// What identifies an element: its merge key value in a list of maps, itself in a list of scalars.
QJsonValue identity(const QJsonValue &item, const QString &mergeKey)
{
    return mergeKey.isEmpty() ? item : item.toObject().value(mergeKey);
}

qsizetype indexIn(const QJsonArray &list, const QJsonValue &id, const QString &mergeKey)
{
    for (qsizetype i = 0; i < list.size(); ++i)
        if (identity(list.at(i), mergeKey) == id)
            return i;
    return -1;
}

QList<QJsonValue> sortedByOrder(QList<QJsonValue> items, const QJsonArray &order, const QString &mergeKey)
{
    auto rank = [&](const QJsonValue &item) {
        const qsizetype i = indexIn(order, identity(item, mergeKey), mergeKey);
        return i < 0 ? std::numeric_limits<qsizetype>::max() : i;
    };
    std::stable_sort(items.begin(), items.end(),
                     [&](const QJsonValue &a, const QJsonValue &b) { return rank(a) < rank(b); });
    return items;
}

// Kubernetes' normalizeElementOrder: `items` split into those named by `patchOrder` (sorted by it) and
// the server-only rest (sorted by `serverOrder`), then merged. A server-only element goes first only
// when both it and the next patch element appear in serverOrder and it comes earlier there; otherwise
// the patch element goes first. Worked example: server [a, b], patch adds c (not in serverOrder) ->
// c cannot be placed against a, so c comes first: [c, a, b].
QJsonArray orderList(const QJsonArray &items, const QJsonArray &patchOrder, const QJsonArray &serverOrder,
                     const QString &mergeKey)
{
    QList<QJsonValue> named, serverOnly;
    for (const QJsonValue &item : items)
        (indexIn(patchOrder, identity(item, mergeKey), mergeKey) >= 0 ? named : serverOnly).append(item);
    named = sortedByOrder(named, patchOrder, mergeKey);
    serverOnly = sortedByOrder(serverOnly, serverOrder, mergeKey);

    QJsonArray out;
    qsizetype i = 0, j = 0;
    while (i < serverOnly.size() || j < named.size()) {
        bool takeServer = j >= named.size();
        if (!takeServer && i < serverOnly.size()) {
            const qsizetype left = indexIn(serverOrder, identity(serverOnly[i], mergeKey), mergeKey);
            const qsizetype right = indexIn(serverOrder, identity(named[j], mergeKey), mergeKey);
            takeServer = left >= 0 && right >= 0 && left < right;
        }
        out.append(takeServer ? serverOnly[i++] : named[j++]);
    }
    return out;
}

// ---- merging ---------------------------------------------------------------------------------------

struct MergedList {
    QJsonArray items;
    // The order the enclosing $setElementOrder pass compares server-only elements against. Kubernetes
    // passes the original list's backing array, which its in-place deletions and appends have by then
    // rewritten: the first N (original length) elements of survivors-then-appended. Reproduced so that
    // kubectl's three-way patches order lists as on a real cluster (apimachinery's test data pins this).
    QJsonArray serverOrder;
};

Result<QJsonObject> mergeObject(QJsonObject original, const QJsonObject &patch, const SchemaNode *node,
                                const QString &path);
Result<MergedList> mergeList(const QJsonArray &original, const QJsonArray &patch, const SchemaNode *node,
                             const QString &path);

// Merges `patch` into `original` (Undefined when the member is new). Objects merge, lists merge by the
// field's rule, everything else replaces.
Result<QJsonValue> mergeValue(QJsonValue original, const QJsonValue &patch, const SchemaNode *node, const QString &path)
{
    if (patch.isObject()) {
        QJsonObject base = original.isObject() ? original.toObject() : QJsonObject();
        original = QJsonValue();
        auto merged = mergeObject(std::move(base), patch.toObject(), node, path);
        return merged ? Result<QJsonValue>(*merged) : Result<QJsonValue>(merged.error());
    }
    if (patch.isArray()) {
        auto merged = mergeList(original.isArray() ? original.toArray() : QJsonArray(), patch.toArray(), node, path);
        return merged ? Result<QJsonValue>(merged->items) : Result<QJsonValue>(merged.error());
    }
    return patch;
}

enum class ElementKind { None, Object, Scalar };

Result<ElementKind> elementKind(const QJsonArray &original, const QJsonArray &patch, const QString &path)
{
    ElementKind kind = ElementKind::None;
    for (const QJsonArray *list : {&original, &patch}) {
        for (const QJsonValue &item : *list) {
            if (item.isArray())
                return failure(ErrorCode::Invalid, path, QStringLiteral("lists of lists are not supported"));
            if (item.isNull() || item.isUndefined())
                return badRequest(path, QStringLiteral("a merging list cannot hold null"));
            const ElementKind itemKind = item.isObject() ? ElementKind::Object : ElementKind::Scalar;
            if (kind != ElementKind::None && kind != itemKind)
                return badRequest(path, QStringLiteral("list element types are not identical: %1").arg(compact(*list)));
            kind = itemKind;
        }
    }
    return kind;
}

MergedList mergeScalars(const QJsonArray &original, const QJsonArray &patch)
{
    QJsonArray merged;
    for (const QJsonArray *list : {&original, &patch})
        for (const QJsonValue &item : *list)
            if (!merged.contains(item))
                merged.append(item);
    return {orderList(merged, patch, original, {}), original};
}

Result<MergedList> mergeMaps(const QJsonArray &original, const QJsonArray &patch, const SchemaNode *node,
                             const QString &path)
{
    const QString &key = node->patchMergeKey;
    if (key.isEmpty())
        return badRequest(path, QStringLiteral("cannot merge lists without merge key for type map"));
    auto keyOf = [&](const QJsonObject &item) -> Result<QJsonValue> {
        if (!item.contains(key))
            return badRequest(
                path, QStringLiteral("map: %1 does not contain declared merge key: %2").arg(compact(item), key));
        return item.value(key);
    };

    QJsonArray survivors = original;
    QJsonArray named; // the elements of the patch without directives
    bool replace = false;
    for (const QJsonValue &value : patch) {
        const QJsonObject item = value.toObject();
        if (!item.contains(kPatchDirective)) {
            named.append(item);
            continue;
        }
        const QString directive = item.value(kPatchDirective).toString();
        if (directive == QLatin1String("delete")) {
            auto id = keyOf(item);
            if (!id)
                return id.error();
            for (qsizetype i = survivors.size() - 1; i >= 0; --i)
                if (survivors.at(i).toObject().value(key) == *id)
                    survivors.removeAt(i);
        } else if (directive == QLatin1String("replace")) {
            replace = true;
        } else if (directive == QLatin1String("merge")) {
            return badRequest(path, QStringLiteral("merging lists cannot yet be specified in the patch"));
        } else {
            return badRequest(path, QStringLiteral("unknown patch type: %1 in map: %2")
                                        .arg(compact(item.value(kPatchDirective)), compact(item)));
        }
    }
    if (replace) {
        QJsonArray items;
        for (const QJsonValue &item : named) {
            auto fresh = mergeObject({}, item.toObject(), node->element, path);
            if (!fresh)
                return fresh.error();
            items.append(*fresh);
        }
        return MergedList{items, original};
    }

    QJsonArray merged = survivors;
    for (const QJsonValue &value : named) {
        const QJsonObject item = value.toObject();
        auto id = keyOf(item);
        if (!id)
            return id.error();
        const qsizetype at = indexIn(merged, *id, key);
        auto result = mergeObject(at >= 0 ? merged.at(at).toObject() : QJsonObject(), item, node->element, path);
        if (!result)
            return result.error();
        if (at >= 0)
            merged.replace(at, *result);
        else
            merged.append(*result);
    }
    QJsonArray serverOrder;
    for (qsizetype i = 0; i < std::min(merged.size(), original.size()); ++i)
        serverOrder.append(merged.at(i));
    return MergedList{orderList(merged, named, survivors, key), serverOrder};
}

Result<MergedList> mergeList(const QJsonArray &original, const QJsonArray &patch, const SchemaNode *node,
                             const QString &path)
{
    if (!node || !node->patchMerge)
        return MergedList{withoutNullMembers(patch).toArray(), original};
    auto kind = elementKind(original, patch, path);
    if (!kind)
        return kind.error();
    switch (*kind) {
    case ElementKind::None:
        return MergedList{original, original};
    case ElementKind::Scalar:
        return mergeScalars(original, patch);
    case ElementKind::Object:
        break;
    }
    return mergeMaps(original, patch, node, path);
}

// Kubernetes' validatePatchWithSetOrderList: the patch list's elements (deletions aside) must appear in
// the $setElementOrder list, in the same relative order.
Result<void> checkOrderMatches(const QJsonArray &patchList, const QJsonArray &order, const QString &mergeKey,
                               const QString &path)
{
    qsizetype p = 0, s = 0;
    QJsonArray kept;
    for (const QJsonValue &item : patchList)
        if (mergeKey.isEmpty() || item.toObject().value(kPatchDirective) != QLatin1String("delete"))
            kept.append(item);
    while (p < kept.size() && s < order.size()) {
        if (kept.at(p).toObject().contains(kPatchDirective)) {
            ++p;
            continue;
        }
        if (!mergeKey.isEmpty() && !order.at(s).toObject().contains(mergeKey))
            return badRequest(
                path,
                QStringLiteral("map: %1 does not contain declared merge key: %2").arg(compact(order.at(s)), mergeKey));
        if (identity(kept.at(p), mergeKey) == identity(order.at(s), mergeKey))
            ++p;
        ++s;
    }
    if (p < kept.size())
        return badRequest(path, QStringLiteral("the order in patch list %1 doesn't match $setElementOrder list %2")
                                    .arg(compact(patchList), compact(order)));
    return {};
}

// One "$setElementOrder/<field>" directive together with the field's patch list. Returns Undefined
// when neither the original nor the patch has the field.
Result<QJsonValue> applyElementOrder(const QJsonObject &original, const QJsonObject &patch, const QString &field,
                                     const QJsonValue &order, const SchemaNode *node, const QString &path)
{
    if (!order.isArray())
        return badRequest(path, QStringLiteral("invalid patch format of setElementOrder list"));
    const bool inOriginal = original.contains(field);
    const bool inPatch = patch.contains(field);
    if ((inOriginal && !original.value(field).isArray()) || (inPatch && !patch.value(field).isArray()))
        return badRequest(path, QStringLiteral("$setElementOrder/%1 needs %1 to be a list").arg(field));
    if (!inOriginal && !inPatch)
        return QJsonValue(QJsonValue::Undefined);
    const QJsonArray originalList = original.value(field).toArray();
    const QJsonArray patchList = patch.value(field).toArray();
    const bool merges = node && node->patchMerge;
    const QString mergeKey = merges ? node->patchMergeKey : QString();
    if (merges) {
        auto valid = checkOrderMatches(patchList, order.toArray(), mergeKey, path);
        if (!valid)
            return valid.error();
    }
    auto merged = inPatch ? mergeList(originalList, patchList, node, path)
                          : Result<MergedList>(MergedList{originalList, originalList});
    if (!merged)
        return merged.error();
    if (!merges) // a replaced list has no order to keep but its own
        return QJsonValue(merged->items);
    return QJsonValue(orderList(merged->items, order.toArray(), merged->serverOrder, mergeKey));
}

Result<void> applyRetainKeys(QJsonObject &original, const QJsonObject &patch, const QString &path)
{
    const QJsonValue retain = patch.value(kRetainKeys);
    if (!retain.isArray())
        return badRequest(path, QStringLiteral("invalid patch format of retainKeys"));
    QSet<QString> keep;
    for (const QJsonValue &key : retain.toArray())
        keep.insert(key.toString());
    for (auto it = patch.begin(); it != patch.end(); ++it)
        if (!it.value().isNull() && !isDirective(it.key()) && !keep.contains(it.key()))
            return badRequest(path, QStringLiteral("invalid patch format of retainKeys: %1 is in the patch but not in "
                                                   "$retainKeys")
                                        .arg(it.key()));
    for (auto it = original.begin(); it != original.end();)
        it = keep.contains(it.key()) ? std::next(it) : original.erase(it);
    return {};
}

Result<void> deleteFromPrimitiveList(QJsonObject &original, const QString &field, const QJsonValue &values,
                                     const QString &path)
{
    if (!values.isArray())
        return badRequest(path, QStringLiteral("invalid patch format of primitive list"));
    if (!original.contains(field))
        return {};
    if (!original.value(field).isArray())
        return badRequest(path, QStringLiteral("$deleteFromPrimitiveList/%1 needs %1 to be a list").arg(field));
    QJsonArray list = original.take(field).toArray();
    const QJsonArray remove = values.toArray();
    for (qsizetype i = list.size() - 1; i >= 0; --i)
        if (remove.contains(list.at(i)))
            list.removeAt(i);
    original.insert(field, list);
    return {};
}

Result<QJsonObject> mergeObject(QJsonObject original, const QJsonObject &patch, const SchemaNode *node,
                                const QString &path)
{
    if (patch.contains(kPatchDirective)) {
        const QJsonValue directive = patch.value(kPatchDirective);
        if (directive == QLatin1String("delete"))
            return QJsonObject();
        if (directive == QLatin1String("replace"))
            original = QJsonObject();
        else if (directive != QLatin1String("merge"))
            return badRequest(
                path, QStringLiteral("unknown patch type: %1 in map: %2").arg(compact(directive), compact(patch)));
    }
    if (patch.contains(kRetainKeys)) {
        auto retained = applyRetainKeys(original, patch, path);
        if (!retained)
            return retained.error();
    }

    QSet<QString> ordered; // list fields merged together with their $setElementOrder directive
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (!it.key().startsWith(kSetElementOrder))
            continue;
        const QString field = it.key().mid(kSetElementOrder.size());
        if (field.isEmpty())
            return badRequest(path, QStringLiteral("invalid patch format of setElementOrder list"));
        auto list =
            applyElementOrder(original, patch, field, it.value(), SchemaNode::field(node, field), child(path, field));
        if (!list)
            return list.error();
        if (!list->isUndefined())
            original.insert(field, *list);
        ordered.insert(field);
    }

    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString &key = it.key();
        if (isDirective(key) || ordered.contains(key))
            continue;
        if (key.startsWith(QLatin1Char('$')))
            return badRequest(path, QStringLiteral("unknown directive %1").arg(key));
        if (it.value().isNull()) {
            original.remove(key);
            continue;
        }
        auto merged = mergeValue(original.take(key), it.value(), SchemaNode::field(node, key), child(path, key));
        if (!merged)
            return merged.error();
        original.insert(key, *merged);
    }

    // Deletions run after additions, as Kubernetes runs them when the list also has an element order.
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (!it.key().startsWith(kDeleteFromPrimitiveList))
            continue;
        const QString field = it.key().mid(kDeleteFromPrimitiveList.size());
        if (field.isEmpty())
            return badRequest(path, QStringLiteral("invalid patch format of primitive list"));
        auto deleted = deleteFromPrimitiveList(original, field, it.value(), child(path, field));
        if (!deleted)
            return deleted.error();
    }
    return original;
}

} // namespace

bool supportsStrategicMerge(const QString &kind)
{
    return SchemaNode::forKind(kind) != nullptr;
}

Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch, const QString &kind)
{
    const SchemaNode *schema = SchemaNode::forKind(kind);
    if (!schema)
        return Error(ErrorCode::UnsupportedMediaType,
                     QStringLiteral("the body of the request was in an unknown format - accepted media types include: "
                                    "application/json-patch+json, application/merge-patch+json, "
                                    "application/apply-patch+yaml (strategic merge patch is not supported for kind %1)")
                         .arg(kind.isEmpty() ? QStringLiteral("\"\"") : kind));
    return applyStrategicMergePatch(original, patch, schema);
}

Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const SchemaNode *schema)
{
    return mergeObject(original, patch, schema, {});
}

Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QByteArray &patch, const QString &kind)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(patch, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("strategic merge patch: the body is not valid JSON: %1 at offset %2")
                         .arg(error.errorString())
                         .arg(error.offset));
    if (!document.isObject())
        return Error(ErrorCode::BadRequest, QStringLiteral("strategic merge patch: the patch must be a JSON object"));
    return applyStrategicMergePatch(original, document.object(), kind);
}

} // namespace tugboat::api
