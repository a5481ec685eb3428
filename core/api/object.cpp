#include "object.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tugboat::api {

Result<Object> Object::fromJson(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError)
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("invalid JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return Error(ErrorCode::BadRequest, QStringLiteral("invalid JSON: the document is not an object"));
    return Object(doc.object());
}

QByteArray Object::toJson() const
{
    return QJsonDocument(m_json).toJson(QJsonDocument::Compact);
}

QString Object::group() const
{
    const QString av = apiVersion();
    const qsizetype slash = av.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : av.left(slash);
}

QStringList Object::finalizers() const
{
    QStringList out;
    const QJsonArray arr = metadata().value(QLatin1String("finalizers")).toArray();
    for (const QJsonValue &v : arr)
        out << v.toString();
    return out;
}

QJsonValue Object::valueAt(QStringView dottedPath) const
{
    QJsonValue cur = m_json;
    for (QStringView part : dottedPath.split(QLatin1Char('.'))) {
        if (!cur.isObject())
            return QJsonValue::Undefined;
        cur = cur.toObject().value(part);
    }
    return cur;
}

Object Object::withMetadataField(QLatin1String key, const QJsonValue &value) const
{
    QJsonObject json = m_json;
    QJsonObject meta = json.value(QLatin1String("metadata")).toObject();
    if (value.isUndefined())
        meta.remove(key);
    else
        meta.insert(key, value);
    json.insert(QLatin1String("metadata"), meta);
    return Object(std::move(json));
}

StringMap Object::stringMap(const QJsonObject &o)
{
    StringMap m;
    for (auto it = o.begin(); it != o.end(); ++it)
        m.insert(it.key(), it.value().toString());
    return m;
}

QJsonObject Object::toJsonObject(const StringMap &m)
{
    QJsonObject o;
    for (auto it = m.begin(); it != m.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

} // namespace tugboat::api
