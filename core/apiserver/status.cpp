#include "status.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tugboat::apiserver {

namespace {

QJsonObject base()
{
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("metadata"), QJsonObject{}}};
}

} // namespace

QJsonObject statusObject(const api::Error &error, const StatusDetails &details)
{
    QJsonObject s = base();
    s.insert(QStringLiteral("status"), QStringLiteral("Failure"));
    s.insert(QStringLiteral("message"), error.message());
    s.insert(QStringLiteral("reason"), error.reason());
    s.insert(QStringLiteral("code"), error.httpStatus());
    QJsonObject d;
    if (!details.name.isEmpty())
        d.insert(QStringLiteral("name"), details.name);
    if (!details.group.isEmpty())
        d.insert(QStringLiteral("group"), details.group);
    if (!details.kind.isEmpty())
        d.insert(QStringLiteral("kind"), details.kind);
    if (!error.causes().isEmpty()) {
        QJsonArray causes;
        for (const api::FieldError &fe : error.causes())
            causes.append(QJsonObject{
                {QStringLiteral("reason"), fe.reason()},
                {QStringLiteral("message"), fe.toString().mid(fe.field.isEmpty() ? 0 : fe.field.size() + 2)},
                {QStringLiteral("field"), fe.field}});
        d.insert(QStringLiteral("causes"), causes);
    }
    if (!d.isEmpty())
        s.insert(QStringLiteral("details"), d);
    return s;
}

HttpResponse statusResponse(const api::Error &error, const StatusDetails &details)
{
    HttpResponse r;
    r.status = error.httpStatus();
    r.body = QJsonDocument(statusObject(error, details)).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse statusResponse(int httpStatus, const QString &reason, const QString &message)
{
    QJsonObject s = base();
    s.insert(QStringLiteral("status"), QStringLiteral("Failure"));
    s.insert(QStringLiteral("message"), message);
    s.insert(QStringLiteral("reason"), reason);
    s.insert(QStringLiteral("code"), httpStatus);
    HttpResponse r;
    r.status = httpStatus;
    r.body = QJsonDocument(s).toJson(QJsonDocument::Compact);
    return r;
}

QJsonObject successStatus(const StatusDetails &details)
{
    QJsonObject s = base();
    s.insert(QStringLiteral("status"), QStringLiteral("Success"));
    QJsonObject d;
    if (!details.name.isEmpty())
        d.insert(QStringLiteral("name"), details.name);
    if (!details.group.isEmpty())
        d.insert(QStringLiteral("group"), details.group);
    if (!details.kind.isEmpty())
        d.insert(QStringLiteral("kind"), details.kind);
    s.insert(QStringLiteral("details"), d);
    return s;
}

} // namespace tugboat::apiserver
