// A Kubernetes object, held as its JSON document.
//
// Tugboat does not mirror every Kubernetes struct in C++: an object is its JSON, so fields the engine
// does not know are kept verbatim. Typed accessors cover the fields the engine reads. An Object is a
// value type over an implicitly shared QJsonObject; once built it is not mutated, and shared between
// threads and caches as ObjectPtr (std::shared_ptr<const Object>). A change builds a new Object.
//
// Thread-safety: const methods may be called concurrently from any thread.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <memory>

namespace tugboat::api {

using StringMap = QMap<QString, QString>;

class Object {
public:
    Object() = default;
    explicit Object(QJsonObject json)
        : m_json(std::move(json))
    {}

    // Parses a JSON document whose top level must be an object.
    static Result<Object> fromJson(const QByteArray &json);
    QByteArray toJson() const; // compact

    const QJsonObject &json() const { return m_json; }
    bool isEmpty() const { return m_json.isEmpty(); }

    QString apiVersion() const { return m_json.value(QLatin1String("apiVersion")).toString(); }
    QString kind() const { return m_json.value(QLatin1String("kind")).toString(); }
    // The API group from apiVersion: "" for "v1", "apps" for "apps/v1".
    QString group() const;

    QJsonObject metadata() const { return m_json.value(QLatin1String("metadata")).toObject(); }
    QJsonObject spec() const { return m_json.value(QLatin1String("spec")).toObject(); }
    QJsonObject status() const { return m_json.value(QLatin1String("status")).toObject(); }

    QString name() const { return metaString("name"); }
    QString generateName() const { return metaString("generateName"); }
    QString namespaceName() const { return metaString("namespace"); }
    QString uid() const { return metaString("uid"); }
    QString resourceVersion() const { return metaString("resourceVersion"); }
    QString creationTimestamp() const { return metaString("creationTimestamp"); }
    QString deletionTimestamp() const { return metaString("deletionTimestamp"); }
    qint64 generation() const { return metadata().value(QLatin1String("generation")).toInteger(); }
    StringMap labels() const { return stringMap(metadata().value(QLatin1String("labels")).toObject()); }
    StringMap annotations() const { return stringMap(metadata().value(QLatin1String("annotations")).toObject()); }
    QJsonArray ownerReferences() const { return metadata().value(QLatin1String("ownerReferences")).toArray(); }
    QStringList finalizers() const;

    // Value at a dotted path ("spec.nodeName", "status.phase"); Undefined when absent.
    QJsonValue valueAt(QStringView dottedPath) const;

    // Copies with one metadata field replaced (or removed when value is Undefined).
    Object withMetadataField(QLatin1String key, const QJsonValue &value) const;
    Object withResourceVersion(const QString &rv) const
    {
        return withMetadataField(QLatin1String("resourceVersion"), rv);
    }

    static StringMap stringMap(const QJsonObject &o);
    static QJsonObject toJsonObject(const StringMap &m);

    friend bool operator==(const Object &a, const Object &b) { return a.m_json == b.m_json; }

private:
    QString metaString(const char *key) const { return metadata().value(QLatin1String(key)).toString(); }

    QJsonObject m_json;
};

using ObjectPtr = std::shared_ptr<const Object>;

inline ObjectPtr makeObject(QJsonObject json)
{
    return std::make_shared<const Object>(std::move(json));
}

} // namespace tugboat::api
