// unknownFields(): an object checked against its kind's OpenAPI schema, for fieldValidation.
#include "openapi.h"
#include "schemas.h"

#include <QJsonArray>

namespace tugboat::apiserver {

namespace {

// Collects the paths under `value` that `schema` does not describe. A schema with properties is a struct
// (every key must be one of them); one with additionalProperties is a map (any key, values checked); one
// with neither is free-form (Quantity, FieldsV1, opaque volume sources) and accepts anything.
void collect(const QJsonObject &propertySchema, const QJsonValue &value, const QString &path, QStringList &out)
{
    const QJsonObject schema = schemas::resolve(propertySchema);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (schema.contains(QLatin1String("properties"))) {
            const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                const QString child = path + QLatin1Char('.') + it.key();
                const auto property = properties.constFind(it.key());
                if (property == properties.constEnd())
                    out.append(child);
                else
                    collect(property->toObject(), it.value(), child, out);
            }
        } else if (schema.value(QLatin1String("additionalProperties")).isObject()) {
            const QJsonObject values = schema.value(QLatin1String("additionalProperties")).toObject();
            for (auto it = object.begin(); it != object.end(); ++it)
                collect(values, it.value(), path + QLatin1Char('.') + it.key(), out);
        }
    } else if (value.isArray()) {
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        if (items.isEmpty())
            return;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collect(items, array.at(i), path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), out);
    }
}

QString quoted(const QString &path)
{
    // Kubernetes names the field without the leading dot.
    return QStringLiteral("unknown field \"%1\"").arg(path.startsWith(QLatin1Char('.')) ? path.mid(1) : path);
}

} // namespace

QStringList unknownFields(const QString &apiVersion, const QString &kind, const QJsonObject &object)
{
    const std::optional<QString> id = schemas::idOfKind(apiVersion, kind);
    if (!id)
        return {};
    QStringList out;
    collect(schemas::all().value(*id), object, QString(), out);
    return out;
}

QString strictDecodingError(const QStringList &unknownFields)
{
    QStringList parts;
    for (const QString &path : unknownFields)
        parts.append(quoted(path));
    return QStringLiteral("strict decoding error: ") + parts.join(QStringLiteral(", "));
}

QStringList unknownFieldWarnings(const QStringList &unknownFields)
{
    QStringList warnings;
    for (const QString &path : unknownFields)
        warnings.append(quoted(path));
    return warnings;
}

} // namespace tugboat::apiserver
