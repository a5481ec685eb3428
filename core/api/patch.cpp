#include "patch.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <optional>

namespace tugboat::api {

namespace {

const QString kPathNotFound = QStringLiteral("path not found");

QString compact(const QJsonValue &value)
{
    QString text;
    if (value.isObject())
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    else if (value.isArray())
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    else // a one-element array prints scalars with JSON quoting and number formatting
        text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    constexpr qsizetype kMax = 120;
    return text.size() > kMax ? text.left(kMax) + QStringLiteral("...") : text;
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

// Where `token` points in an array of `size` elements. add may name the position after the last
// element (by index or "-"); the other operations need an existing element.
std::optional<qsizetype> arrayIndex(const QString &token, qsizetype size, bool forAdd, QString *why)
{
    if (token == QLatin1String("-")) {
        if (forAdd)
            return size;
        *why = QStringLiteral("\"-\" names the position after the last element and is only valid in add");
        return std::nullopt;
    }
    bool digits = !token.isEmpty() && (token.size() == 1 || token.front() != QLatin1Char('0'));
    for (QChar c : token)
        digits = digits && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!digits) {
        *why = QStringLiteral("\"%1\" is not an array index").arg(token);
        return std::nullopt;
    }
    bool ok = false;
    const qsizetype index = token.toLongLong(&ok);
    if (!ok || index > (forAdd ? size : size - 1)) {
        *why = QStringLiteral("index %1 is out of range (the array has %2 elements)").arg(token).arg(size);
        return std::nullopt;
    }
    return index;
}

QString notAContainer(const QStringList &tokens, qsizetype depth, const QJsonValue &node)
{
    return QStringLiteral("%1: %2 is %3, not an object or array")
        .arg(kPathNotFound, jsonPointer(tokens.mid(0, depth)), typeName(node));
}

std::optional<QJsonValue> valueAt(const QJsonValue &document, const QStringList &tokens, QString *why)
{
    QJsonValue node = document;
    for (qsizetype depth = 0; depth < tokens.size(); ++depth) {
        const QString &token = tokens[depth];
        if (node.isObject()) {
            const QJsonObject object = node.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd()) {
                *why = kPathNotFound;
                return std::nullopt;
            }
            node = it.value();
        } else if (node.isArray()) {
            const QJsonArray array = node.toArray();
            const auto index = arrayIndex(token, array.size(), false, why);
            if (!index)
                return std::nullopt;
            node = array.at(*index);
        } else {
            *why = notAContainer(tokens, depth, node);
            return std::nullopt;
        }
    }
    return node;
}

// Runs edit(object, array, lastToken) on the container (object or array) that holds the last token of
// `tokens`; returns the error, empty on success. Each container on the way is taken out of its parent
// while it is edited, so it is referenced once and Qt's copy-on-write copies it at most once (only when
// the caller still shares it).
template <typename Edit>
QString editParentOf(QJsonValue &node, const QStringList &tokens, qsizetype depth, const Edit &edit)
{
    const QString &token = tokens[depth];
    const bool last = depth + 1 == tokens.size();
    QString error;
    if (node.isObject()) {
        QJsonObject object = node.toObject();
        node = QJsonValue();
        if (last) {
            error = edit(&object, nullptr, token);
        } else if (!object.contains(token)) {
            error = kPathNotFound;
        } else {
            QJsonValue child = object.take(token);
            error = editParentOf(child, tokens, depth + 1, edit);
            object.insert(token, child);
        }
        node = object;
    } else if (node.isArray()) {
        QJsonArray array = node.toArray();
        node = QJsonValue();
        if (last) {
            error = edit(nullptr, &array, token);
        } else if (const auto index = arrayIndex(token, array.size(), false, &error)) {
            QJsonValue child = array.at(*index);
            array.replace(*index, QJsonValue());
            error = editParentOf(child, tokens, depth + 1, edit);
            array.replace(*index, child);
        }
        node = array;
    } else {
        error = notAContainer(tokens, depth, node);
    }
    return error;
}

QString addAt(QJsonValue &document, const QStringList &tokens, const QJsonValue &value)
{
    if (tokens.isEmpty()) {
        document = value;
        return {};
    }
    return editParentOf(document, tokens, 0, [&](QJsonObject *object, QJsonArray *array, const QString &token) {
        QString why;
        if (object)
            object->insert(token, value);
        else if (const auto index = arrayIndex(token, array->size(), true, &why))
            array->insert(*index, value);
        return why;
    });
}

QString removeAt(QJsonValue &document, const QStringList &tokens)
{
    if (tokens.isEmpty())
        return QStringLiteral("the whole document cannot be removed");
    return editParentOf(document, tokens, 0, [&](QJsonObject *object, QJsonArray *array, const QString &token) {
        QString why;
        if (object && object->contains(token))
            object->remove(token);
        else if (object)
            why = kPathNotFound;
        else if (const auto index = arrayIndex(token, array->size(), false, &why))
            array->removeAt(*index);
        return why;
    });
}

QString replaceAt(QJsonValue &document, const QStringList &tokens, const QJsonValue &value)
{
    if (tokens.isEmpty()) {
        document = value;
        return {};
    }
    return editParentOf(document, tokens, 0, [&](QJsonObject *object, QJsonArray *array, const QString &token) {
        QString why;
        if (object && object->contains(token))
            object->insert(token, value);
        else if (object)
            why = kPathNotFound;
        else if (const auto index = arrayIndex(token, array->size(), false, &why))
            array->replace(*index, value);
        return why;
    });
}

enum class Op { Add, Remove, Replace, Move, Copy, Test };

struct Operation {
    Op op = Op::Add;
    QString name;     // as sent: "add"
    QString pathText; // as sent: "/spec/replicas"
    QStringList path;
    QString fromText;
    QStringList from;
    QJsonValue value;

    // "replace /spec/replicas", "move from /a to /b"; the whole document's pointer shows as "".
    QString describe() const
    {
        auto shown = [](const QString &pointer) { return pointer.isEmpty() ? QStringLiteral("\"\"") : pointer; };
        if (op == Op::Move || op == Op::Copy)
            return QStringLiteral("%1 from %2 to %3").arg(name, shown(fromText), shown(pathText));
        return name + QLatin1Char(' ') + shown(pathText);
    }
};

Error badOperation(qsizetype number, const QString &what, const QString &detail)
{
    const QString where = what.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(what);
    return Error(ErrorCode::BadRequest,
                 QStringLiteral("json patch: operation %1%2: %3").arg(number).arg(where, detail));
}

Result<Operation> parseOperation(const QJsonValue &item, qsizetype number)
{
    static const QStringList kOps{QStringLiteral("add"),  QStringLiteral("remove"), QStringLiteral("replace"),
                                  QStringLiteral("move"), QStringLiteral("copy"),   QStringLiteral("test")};
    if (!item.isObject())
        return badOperation(number, {},
                            QStringLiteral("an operation must be a JSON object, not %1").arg(typeName(item)));
    const QJsonObject object = item.toObject();
    Operation operation;
    operation.name = object.value(QLatin1String("op")).toString();
    const qsizetype kind = kOps.indexOf(operation.name);
    if (kind < 0)
        return badOperation(number, {},
                            QStringLiteral("\"op\" must be one of add, remove, replace, move, copy, test; got %1")
                                .arg(compact(object.value(QLatin1String("op")))));
    operation.op = static_cast<Op>(kind);

    const QJsonValue path = object.value(QLatin1String("path"));
    if (!path.isString())
        return badOperation(number, operation.name, QStringLiteral("\"path\" must be a string"));
    operation.pathText = path.toString();
    auto tokens = parseJsonPointer(operation.pathText);
    if (!tokens)
        return badOperation(number, operation.name, tokens.errorMessage());
    operation.path = *tokens;

    if (operation.op == Op::Move || operation.op == Op::Copy) {
        const QJsonValue from = object.value(QLatin1String("from"));
        const QString what = operation.name + QLatin1Char(' ') + operation.pathText;
        if (!from.isString())
            return badOperation(number, what, QStringLiteral("\"from\" must be a string"));
        operation.fromText = from.toString();
        auto fromTokens = parseJsonPointer(operation.fromText);
        if (!fromTokens)
            return badOperation(number, what, fromTokens.errorMessage());
        operation.from = *fromTokens;
    }
    if (operation.op == Op::Add || operation.op == Op::Replace || operation.op == Op::Test) {
        if (!object.contains(QLatin1String("value")))
            return badOperation(number, operation.describe(), QStringLiteral("\"value\" is required"));
        operation.value = object.value(QLatin1String("value"));
    }
    return operation;
}

bool isPrefixOf(const QStringList &prefix, const QStringList &path)
{
    if (prefix.size() >= path.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i)
        if (prefix[i] != path[i])
            return false;
    return true;
}

// Applies one operation; returns the reason it does not apply, empty on success.
QString apply(QJsonValue &document, const Operation &operation)
{
    QString why;
    switch (operation.op) {
    case Op::Add:
        return addAt(document, operation.path, operation.value);
    case Op::Remove:
        return removeAt(document, operation.path);
    case Op::Replace:
        return replaceAt(document, operation.path, operation.value);
    case Op::Move: {
        if (operation.from == operation.path)
            return valueAt(document, operation.from, &why) ? QString() : why;
        if (isPrefixOf(operation.from, operation.path))
            return QStringLiteral("%1 cannot be moved into its own child").arg(operation.fromText);
        const auto value = valueAt(document, operation.from, &why);
        if (!value)
            return QStringLiteral("from: ") + why;
        why = removeAt(document, operation.from);
        return why.isEmpty() ? addAt(document, operation.path, *value) : why;
    }
    case Op::Copy: {
        const auto value = valueAt(document, operation.from, &why);
        if (!value)
            return QStringLiteral("from: ") + why;
        return addAt(document, operation.path, *value);
    }
    case Op::Test: {
        const auto value = valueAt(document, operation.path, &why);
        if (!value)
            return QStringLiteral("test failed: ") + why;
        if (*value != operation.value)
            return QStringLiteral("test failed: the value is %1, not %2")
                .arg(compact(*value), compact(operation.value));
        return {};
    }
    }
    return {};
}

Result<QJsonDocument> parseBody(const QByteArray &body, const char *what)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(ErrorCode::BadRequest, QStringLiteral("%1: the body is not valid JSON: %2 at offset %3")
                                                .arg(QLatin1String(what), error.errorString())
                                                .arg(error.offset));
    return document;
}

// mergePatch on a target the caller no longer needs, so that editing it copies nothing it owns alone.
QJsonValue mergeInto(QJsonValue target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    target = QJsonValue();
    const QJsonObject members = patch.toObject();
    for (auto it = members.begin(); it != members.end(); ++it) {
        if (it.value().isNull()) {
            result.remove(it.key());
            continue;
        }
        QJsonValue current = result.take(it.key());
        result.insert(it.key(), mergeInto(std::move(current), it.value()));
    }
    return result;
}

} // namespace

QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    return mergeInto(target, patch);
}

Result<QJsonObject> applyMergePatch(const QJsonObject &target, const QJsonObject &patch)
{
    return mergeInto(target, patch).toObject();
}

Result<QJsonObject> applyMergePatch(const QJsonObject &target, const QByteArray &patch)
{
    auto document = parseBody(patch, "merge patch");
    if (!document)
        return document.error();
    if (!document->isObject())
        return Error(
            ErrorCode::BadRequest,
            QStringLiteral("merge patch: the patch must be a JSON object (a Kubernetes object stays an object)"));
    return applyMergePatch(target, document->object());
}

Result<QJsonObject> applyJsonPatch(const QJsonObject &target, const QJsonArray &operations)
{
    if (operations.size() > kMaxJsonPatchOperations)
        return Error(ErrorCode::RequestTooLarge,
                     QStringLiteral("json patch: the allowed maximum operations in a JSON patch is %1, got %2")
                         .arg(kMaxJsonPatchOperations)
                         .arg(operations.size()));
    QList<Operation> parsed;
    parsed.reserve(operations.size());
    for (qsizetype i = 0; i < operations.size(); ++i) {
        auto operation = parseOperation(operations.at(i), i + 1);
        if (!operation)
            return operation.error();
        parsed.append(std::move(*operation));
    }
    QJsonValue document = target;
    for (qsizetype i = 0; i < parsed.size(); ++i) {
        const QString why = apply(document, parsed[i]);
        if (!why.isEmpty())
            return Error(ErrorCode::Invalid,
                         QStringLiteral("json patch: operation %1 (%2): %3").arg(i + 1).arg(parsed[i].describe(), why));
    }
    if (!document.isObject())
        return Error(ErrorCode::Invalid,
                     QStringLiteral("json patch: the patched document is %1, not an object").arg(typeName(document)));
    return document.toObject();
}

Result<QJsonObject> applyJsonPatch(const QJsonObject &target, const QByteArray &patch)
{
    auto document = parseBody(patch, "json patch");
    if (!document)
        return document.error();
    if (!document->isArray())
        return Error(ErrorCode::BadRequest, QStringLiteral("json patch: the patch must be a JSON array of operations"));
    return applyJsonPatch(target, document->array());
}

QJsonValue withoutNullMembers(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end();) {
            if (it.value().isNull()) {
                it = object.erase(it);
            } else {
                it.value() = withoutNullMembers(it.value());
                ++it;
            }
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto &&item : array)
            item = withoutNullMembers(item);
        return array;
    }
    return value;
}

Result<QStringList> parseJsonPointer(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("invalid JSON pointer \"%1\": it must be empty or start with \"/\"").arg(pointer));
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString &token : tokens) {
        for (qsizetype i = token.indexOf(QLatin1Char('~')); i >= 0; i = token.indexOf(QLatin1Char('~'), i + 1)) {
            const QChar next = i + 1 < token.size() ? token.at(i + 1) : QChar();
            if (next != QLatin1Char('0') && next != QLatin1Char('1'))
                return Error(
                    ErrorCode::BadRequest,
                    QStringLiteral("invalid JSON pointer \"%1\": \"~\" must be followed by 0 or 1").arg(pointer));
        }
        // RFC 6901 order: "~1" first, then "~0", so that "~01" decodes to "~1".
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
    }
    return tokens;
}

QString jsonPointer(const QStringList &tokens)
{
    QString pointer;
    for (QString token : tokens)
        pointer += QLatin1Char('/') +
                   token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
    return pointer;
}

} // namespace tugboat::api
