#include "store.h"

namespace tugboat::store {

namespace errors {

Error notFound(const QString &key)
{
    return Error(ErrorCode::NotFound, QStringLiteral("key not found: %1").arg(key));
}

Error alreadyExists(const QString &key)
{
    return Error(ErrorCode::AlreadyExists, QStringLiteral("key already exists: %1").arg(key));
}

Error conflict(const QString &key, qint64 expected, qint64 actual)
{
    return Error(ErrorCode::Conflict,
                 QStringLiteral("the object has been modified; please apply your changes to the latest version "
                                "and try again (key %1: expected revision %2, current %3)")
                     .arg(key)
                     .arg(expected)
                     .arg(actual));
}

Error tooOld(qint64 requested, qint64 compacted)
{
    return Error(ErrorCode::Gone, QStringLiteral("too old resource version: %1 (%2)").arg(requested).arg(compacted));
}

Error watcherTooSlow(qint64 revision)
{
    return Error(ErrorCode::Gone, QStringLiteral("watch closed: the watcher fell too far behind at revision %1; "
                                                 "list again and watch from the list's resourceVersion")
                                      .arg(revision));
}

} // namespace errors

QString prefixEnd(const QString &prefix)
{
    QString end = prefix;
    // Keys are ASCII paths; bumping the last character gives the exclusive end of the prefix range.
    if (end.isEmpty())
        return QString(QChar(0xFFFF));
    end[end.size() - 1] = QChar(end.at(end.size() - 1).unicode() + 1);
    return end;
}

ObjectPtr withRevision(const api::Object &object, qint64 revision)
{
    return std::make_shared<const api::Object>(object.withResourceVersion(QString::number(revision)));
}

QByteArray encodeForStorage(const api::Object &object)
{
    if (!object.metadata().contains(QLatin1String("resourceVersion")))
        return object.toJson();
    return object.withMetadataField(QLatin1String("resourceVersion"), QJsonValue::Undefined).toJson();
}

Result<api::Object> decodeFromStorage(const QByteArray &bytes, const QString &key)
{
    auto obj = api::Object::fromJson(bytes);
    if (!obj)
        return Error(ErrorCode::Internal,
                     QStringLiteral("stored value of %1 is corrupt: %2").arg(key, obj.error().message()));
    return obj;
}

} // namespace tugboat::store
