#include "openapi.h"

#include "api/kinds.h"
#include "discovery.h"
#include "openapipaths.h"
#include "schemas.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

namespace tugboat::apiserver {

namespace {

// Every "$ref" under `value`, as component names.
void collectRefs(const QJsonValue &value, QSet<QString> &out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("$ref"))
                out.insert(schemas::idOf(it.value().toString()));
            else
                collectRefs(it.value(), out);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectRefs(item, out);
    }
}

// The components a set of paths needs: what they reference, and what those reference in turn.
QJsonObject componentsFor(const QJsonObject &paths)
{
    QSet<QString> pending;
    collectRefs(paths, pending);
    QJsonObject result;
    while (!pending.isEmpty()) {
        const QString id = *pending.begin();
        pending.erase(pending.begin());
        if (result.contains(id))
            continue;
        const QJsonObject schema = schemas::all().value(id);
        Q_ASSERT_X(!schema.isEmpty(), "openapi", qPrintable(QStringLiteral("no schema named ") + id));
        result.insert(id, schema);
        QSet<QString> referenced;
        collectRefs(schema, referenced);
        for (const QString &ref : std::as_const(referenced))
            if (!result.contains(ref))
                pending.insert(ref);
    }
    return result;
}

QJsonObject buildDocument(const QString &group, const QString &version)
{
    const QJsonObject paths = openapipaths::pathsFor(group, version);
    const QJsonObject securitySchemes{
        {QStringLiteral("BearerToken"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("apiKey")},
                     {QStringLiteral("description"), QStringLiteral("Bearer Token authentication")},
                     {QStringLiteral("name"), QStringLiteral("authorization")},
                     {QStringLiteral("in"), QStringLiteral("header")}}}};
    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.0.0")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                     {QStringLiteral("version"), versionInfo().value(QLatin1String("gitVersion")).toString()}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"), QJsonObject{{QStringLiteral("schemas"), componentsFor(paths)},
                                                   {QStringLiteral("securitySchemes"), securitySchemes}}},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("BearerToken"), QJsonArray{}}}}},
    };
}

struct Documents {
    QMap<QString, OpenApiDocument> byPath;
    QJsonObject index;
};

const Documents &documents()
{
    static const Documents docs = [] {
        Documents result;
        QJsonObject indexPaths;
        for (const api::ResourceInfo &info : api::Kinds::all()) {
            const QString path = info.group.isEmpty() ? QStringLiteral("api/") + info.version
                                                      : QStringLiteral("apis/%1/%2").arg(info.group, info.version);
            if (result.byPath.contains(path))
                continue;
            OpenApiDocument doc;
            doc.path = path;
            doc.json = QJsonDocument(buildDocument(info.group, info.version)).toJson(QJsonDocument::Compact);
            doc.hash = QCryptographicHash::hash(doc.json, QCryptographicHash::Sha512).toHex().toUpper();
            indexPaths.insert(
                path, QJsonObject{{QStringLiteral("serverRelativeURL"),
                                   QStringLiteral("/openapi/v3/%1?hash=%2").arg(path, QString::fromLatin1(doc.hash))}});
            result.byPath.insert(path, doc);
        }
        result.index = QJsonObject{{QStringLiteral("paths"), indexPaths}};
        return result;
    }();
    return docs;
}

} // namespace

QJsonObject openApiV3Index()
{
    return documents().index;
}

const OpenApiDocument *openApiV3Document(QStringView groupVersionPath)
{
    QStringView path = groupVersionPath;
    if (path.startsWith(QLatin1String("/openapi/v3/")))
        path = path.mid(12);
    while (path.startsWith(QLatin1Char('/')))
        path = path.mid(1);
    const auto &byPath = documents().byPath;
    const auto it = byPath.constFind(path.toString());
    return it == byPath.constEnd() ? nullptr : &it.value();
}

std::optional<QJsonObject> openApiV3Spec(QStringView groupVersionPath)
{
    const OpenApiDocument *doc = openApiV3Document(groupVersionPath);
    if (!doc)
        return std::nullopt;
    return QJsonDocument::fromJson(doc->json).object();
}

QByteArray openApiV2ContentType()
{
    return "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
}

} // namespace tugboat::apiserver
