#include "fieldset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <optional>

namespace tugboat::api {

namespace {

const QString kSelf = QStringLiteral(".");

QString compactJson(const QJsonValue &value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

std::optional<QJsonValue> parseJsonValue(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + "]", &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return std::nullopt;
    return document.array().at(0);
}

void collectObject(const QJsonObject &object, const SchemaNode *node, FieldSet::Path &path, FieldSet &set);

void collectValue(const QJsonValue &value, const SchemaNode *node, FieldSet::Path &path, FieldSet &set)
{
    if (value.isObject() && !SchemaNode::isAtomicObject(node) && !value.toObject().isEmpty()) {
        collectObject(value.toObject(), node, path, set);
    } else if (value.isArray() && SchemaNode::mergesAsList(node)) {
        // An empty merging list owns nothing; each element is owned, and a keyed element's fields too.
        const QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            path.append(listElementAt(items.at(i), node, i));
            set.insert(path);
            if (node->listType == SchemaNode::ListType::Map && items.at(i).isObject())
                collectObject(items.at(i).toObject(), node->element, path, set);
            path.removeLast();
        }
    } else {
        set.insert(path); // scalars, null, atomic values, empty objects
    }
}

void collectObject(const QJsonObject &object, const SchemaNode *node, FieldSet::Path &path, FieldSet &set)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        path.append(FieldSet::fieldElement(it.key()));
        collectValue(it.value(), SchemaNode::field(node, it.key()), path, set);
        path.removeLast();
    }
}

class Comparer {
public:
    FieldComparison result;

    void values(const QJsonValue &lhs, const QJsonValue &rhs, const SchemaNode *node, FieldSet::Path &path)
    {
        if (lhs.isUndefined() && rhs.isUndefined())
            return;
        const bool objects = (lhs.isObject() || lhs.isUndefined()) && (rhs.isObject() || rhs.isUndefined());
        const bool arrays = (lhs.isArray() || lhs.isUndefined()) && (rhs.isArray() || rhs.isUndefined());
        if (objects && !SchemaNode::isAtomicObject(node) && !(lhs.toObject().isEmpty() && rhs.toObject().isEmpty())) {
            objectMembers(lhs.toObject(), rhs.toObject(), node, path);
            markContainer(lhs, rhs, path);
        } else if (arrays && SchemaNode::mergesAsList(node) && !(lhs.toArray().isEmpty() && rhs.toArray().isEmpty())) {
            listItems(lhs.toArray(), rhs.toArray(), node, path);
            markContainer(lhs, rhs, path);
        } else {
            leaf(lhs, rhs, path);
        }
    }

    void objectMembers(const QJsonObject &lhs, const QJsonObject &rhs, const SchemaNode *node, FieldSet::Path &path)
    {
        for (auto it = lhs.begin(); it != lhs.end(); ++it)
            member(it.key(), it.value(), rhs.value(it.key()), node, path);
        for (auto it = rhs.begin(); it != rhs.end(); ++it)
            if (!lhs.contains(it.key()))
                member(it.key(), QJsonValue::Undefined, it.value(), node, path);
    }

private:
    void member(const QString &key, const QJsonValue &lhs, const QJsonValue &rhs, const SchemaNode *node,
                FieldSet::Path &path)
    {
        path.append(FieldSet::fieldElement(key));
        values(lhs, rhs, SchemaNode::field(node, key), path);
        path.removeLast();
    }

    void listItems(const QJsonArray &lhs, const QJsonArray &rhs, const SchemaNode *node, FieldSet::Path &path)
    {
        QList<std::pair<QString, QJsonValue>> left, right;
        for (qsizetype i = 0; i < lhs.size(); ++i)
            left.append({listElementAt(lhs.at(i), node, i), lhs.at(i)});
        for (qsizetype i = 0; i < rhs.size(); ++i)
            right.append({listElementAt(rhs.at(i), node, i), rhs.at(i)});
        auto find = [](const QList<std::pair<QString, QJsonValue>> &items, const QString &element) {
            for (const auto &item : items)
                if (item.first == element)
                    return item.second;
            return QJsonValue(QJsonValue::Undefined);
        };
        const SchemaNode *element = node->listType == SchemaNode::ListType::Map ? node->element : nullptr;
        for (const auto &item : left)
            listItem(item.first, item.second, find(right, item.first), element, node, path);
        for (const auto &item : right)
            if (find(left, item.first).isUndefined())
                listItem(item.first, QJsonValue::Undefined, item.second, element, node, path);
    }

    void listItem(const QString &element, const QJsonValue &lhs, const QJsonValue &rhs, const SchemaNode *elementNode,
                  const SchemaNode *list, FieldSet::Path &path)
    {
        path.append(element);
        if (list->listType == SchemaNode::ListType::Set || !(lhs.isObject() || rhs.isObject()))
            leaf(lhs, rhs, path);
        else
            values(lhs, rhs, elementNode, path);
        path.removeLast();
    }

    void markContainer(const QJsonValue &lhs, const QJsonValue &rhs, const FieldSet::Path &path)
    {
        if (path.isEmpty())
            return;
        if (lhs.isUndefined())
            result.added.insert(path);
        else if (rhs.isUndefined())
            result.removed.insert(path);
    }

    void leaf(const QJsonValue &lhs, const QJsonValue &rhs, const FieldSet::Path &path)
    {
        if (lhs.isUndefined())
            result.added.insert(path);
        else if (rhs.isUndefined())
            result.removed.insert(path);
        else if (lhs != rhs)
            result.modified.insert(path);
    }
};

} // namespace

// ---- FieldSet --------------------------------------------------------------------------------------

FieldSet *FieldSet::childForWrite(const QString &element)
{
    auto it = std::lower_bound(
        m_children.begin(), m_children.end(), element,
        [](const std::pair<QString, FieldSet> &entry, const QString &key) { return entry.first < key; });
    if (it == m_children.end() || it->first != element)
        it = m_children.insert(it, {element, FieldSet()});
    return &it->second;
}

const FieldSet *FieldSet::child(const QString &element) const
{
    auto it = std::lower_bound(
        m_children.begin(), m_children.end(), element,
        [](const std::pair<QString, FieldSet> &entry, const QString &key) { return entry.first < key; });
    return it != m_children.end() && it->first == element ? &it->second : nullptr;
}

void FieldSet::insert(const Path &path)
{
    FieldSet *node = this;
    for (const QString &element : path)
        node = node->childForWrite(element);
    if (node != this)
        node->m_member = true;
}

bool FieldSet::has(const Path &path) const
{
    const FieldSet *node = this;
    for (const QString &element : path) {
        node = node->child(element);
        if (!node)
            return false;
    }
    return node != this && node->m_member;
}

FieldSet FieldSet::united(const FieldSet &other) const
{
    FieldSet out = *this;
    out.m_member = m_member || other.m_member;
    for (const auto &[element, set] : other.m_children) {
        FieldSet *mine = out.childForWrite(element);
        *mine = mine->united(set);
    }
    return out;
}

FieldSet FieldSet::intersected(const FieldSet &other) const
{
    FieldSet out;
    out.m_member = m_member && other.m_member;
    for (const auto &[element, set] : m_children) {
        if (const FieldSet *theirs = other.child(element)) {
            FieldSet common = set.intersected(*theirs);
            if (common.m_member || !common.m_children.empty())
                out.m_children.emplace_back(element, std::move(common));
        }
    }
    return out;
}

FieldSet FieldSet::subtracted(const FieldSet &other) const
{
    FieldSet out;
    out.m_member = m_member && !other.m_member;
    for (const auto &[element, set] : m_children) {
        const FieldSet *theirs = other.child(element);
        FieldSet rest = theirs ? set.subtracted(*theirs) : set;
        if (rest.m_member || !rest.m_children.empty())
            out.m_children.emplace_back(element, std::move(rest));
    }
    return out;
}

void FieldSet::removeTree(const Path &path)
{
    if (path.isEmpty())
        return;
    FieldSet *node = this;
    for (qsizetype i = 0; i + 1 < path.size(); ++i) {
        auto it = std::find_if(node->m_children.begin(), node->m_children.end(),
                               [&](const auto &entry) { return entry.first == path[i]; });
        if (it == node->m_children.end())
            return;
        node = &it->second;
    }
    node->m_children.erase(std::remove_if(node->m_children.begin(), node->m_children.end(),
                                          [&](const auto &entry) { return entry.first == path.last(); }),
                           node->m_children.end());
}

void FieldSet::collect(Path &prefix, QList<Path> &out) const
{
    for (const auto &[element, set] : m_children)
        if (set.m_member)
            out.append(prefix + Path{element});
    for (const auto &[element, set] : m_children) {
        prefix.append(element);
        set.collect(prefix, out);
        prefix.removeLast();
    }
}

QList<FieldSet::Path> FieldSet::paths() const
{
    QList<Path> out;
    Path prefix;
    collect(prefix, out);
    return out;
}

QJsonObject FieldSet::toFieldsV1() const
{
    QJsonObject out;
    for (const auto &[element, set] : m_children) {
        QJsonObject encoded = set.toFieldsV1();
        if (set.m_member && !set.m_children.empty())
            encoded.insert(kSelf, QJsonObject());
        out.insert(element, encoded);
    }
    return out;
}

bool FieldSet::readFieldsV1(const QJsonObject &fields)
{
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (!it.value().isObject())
            return false;
        if (it.key() == kSelf) {
            m_member = true;
            continue;
        }
        QString element = it.key();
        const QString kind = element.left(2);
        if (kind == QLatin1String("k:") || kind == QLatin1String("v:")) {
            const auto value = parseJsonValue(element.mid(2)); // canonical spelling: sorted keys, compact
            if (!value || (kind == QLatin1String("k:") && !value->isObject()))
                return false;
            element = kind + compactJson(*value);
        } else if (kind != QLatin1String("f:") && kind != QLatin1String("i:")) {
            return false;
        }
        FieldSet *node = childForWrite(element);
        const QJsonObject below = it.value().toObject();
        if (below.isEmpty())
            node->m_member = true;
        else if (!node->readFieldsV1(below))
            return false;
    }
    return true;
}

QString FieldSet::describe(const Path &path)
{
    QString out;
    for (const QString &element : path) {
        const QStringView rest = QStringView(element).mid(2);
        if (element.startsWith(QLatin1String("f:"))) {
            out += QLatin1Char('.') + rest.toString();
        } else if (element.startsWith(QLatin1String("k:"))) {
            const QJsonObject keys = parseJsonValue(rest.toString()).value_or(QJsonValue()).toObject();
            QStringList parts;
            for (auto it = keys.begin(); it != keys.end(); ++it)
                parts << it.key() + QLatin1Char('=') + compactJson(it.value()) /* Go's %v: strings quoted */;
            out += QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
        } else if (element.startsWith(QLatin1String("v:"))) {
            out += QStringLiteral("[=") + rest.toString() + QLatin1Char(']');
        } else {
            out += QLatin1Char('[') + rest.toString() + QLatin1Char(']');
        }
    }
    return out;
}

// ---- walking values --------------------------------------------------------------------------------

QString listElement(const QJsonValue &item, const SchemaNode *list)
{
    if (!SchemaNode::mergesAsList(list))
        return {};
    if (list->listType == SchemaNode::ListType::Set)
        return QStringLiteral("v:") + compactJson(item);
    const QJsonObject object = item.toObject();
    QJsonObject keys;
    for (const QString &key : list->listMapKeys) {
        const QJsonValue value = object.contains(key) ? object.value(key) : list->keyDefaults.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        keys.insert(key, value);
    }
    return QStringLiteral("k:") + compactJson(keys);
}

QString listElementAt(const QJsonValue &item, const SchemaNode *list, qsizetype index)
{
    const QString element = listElement(item, list);
    return element.isEmpty() ? QStringLiteral("i:%1").arg(index) : element;
}

FieldSet fieldSetOf(const QJsonObject &object, const SchemaNode *node)
{
    FieldSet set;
    FieldSet::Path path;
    collectObject(object, node, path, set);
    return set;
}

FieldComparison compareFields(const QJsonObject &lhs, const QJsonObject &rhs, const SchemaNode *node)
{
    Comparer comparer;
    FieldSet::Path path;
    comparer.objectMembers(lhs, rhs, node, path);
    return comparer.result;
}

} // namespace tugboat::api
