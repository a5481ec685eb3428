#include "statuserror.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tugboat::client {

using api::ErrorCode;
using api::FieldError;

namespace {

struct CauseType {
    const char *reason;
    FieldError::Type type;
    const char *head; // how FieldError::toString() starts the message after the field
};

constexpr CauseType kCauseTypes[] = {
    {"FieldValueRequired", FieldError::Type::Required, "Required value"},
    {"FieldValueInvalid", FieldError::Type::Invalid, "Invalid value"},
    {"FieldValueDuplicate", FieldError::Type::Duplicate, "Duplicate value"},
    {"FieldValueNotSupported", FieldError::Type::NotSupported, "Unsupported value"},
    {"FieldValueForbidden", FieldError::Type::Forbidden, "Forbidden"},
    {"FieldValueTooLong", FieldError::Type::TooLong, "Too long"},
    {"FieldValueTooMany", FieldError::Type::TooMany, "Too many"},
    {"FieldValueNotFound", FieldError::Type::NotFound, "Not found"},
};

// A Status cause as a FieldError. The value is not sent separately, so it stays in `detail`, which
// makes toString() reproduce "field: Invalid value: -1: must be ..." exactly.
FieldError causeToFieldError(const QJsonObject &cause)
{
    const QString reason = cause.value(QLatin1String("reason")).toString();
    QString message = cause.value(QLatin1String("message")).toString();
    FieldError e;
    e.field = cause.value(QLatin1String("field")).toString();
    e.value = QJsonValue::Undefined;
    e.type = FieldError::Type::Invalid;
    for (const CauseType &t : kCauseTypes) {
        if (reason != QLatin1String(t.reason))
            continue;
        e.type = t.type;
        const QLatin1String head(t.head);
        if (message.startsWith(head)) {
            message = message.mid(head.size());
            if (message.startsWith(QLatin1String(": ")))
                message = message.mid(2);
        }
        break;
    }
    e.detail = message;
    return e;
}

// What client-go says when the body is not a Status (k8s.io/apimachinery/pkg/api/errors).
QString genericMessage(int httpStatus, const QString &request, const QByteArray &body)
{
    QString text;
    switch (httpStatus) {
    case 400:
        text = QStringLiteral("the server rejected our request for an unknown reason");
        break;
    case 401:
        text = QStringLiteral("the server has asked for the client to provide credentials");
        break;
    case 403:
        text = QStringLiteral("the server does not allow access to the requested resource");
        break;
    case 404:
        text = QStringLiteral("the server could not find the requested resource");
        break;
    case 405:
        text = QStringLiteral("the server does not allow this method on the requested resource");
        break;
    case 409:
        text = QStringLiteral("the server reported a conflict");
        break;
    case 410:
        text = QStringLiteral("the server reported the resource is gone");
        break;
    case 413:
        text = QStringLiteral("the server has rejected the request due to its size being too large");
        break;
    case 415:
        text = QStringLiteral("the server responded with the status code 415 but did not return more "
                              "information");
        break;
    case 422:
        text = QStringLiteral("the server rejected our request due to an error in our request");
        break;
    case 429:
        text = QStringLiteral("the server has received too many requests and has asked us to try again "
                              "later");
        break;
    case 500:
        text = QStringLiteral("an error on the server has prevented the request from succeeding");
        break;
    case 503:
        text = QStringLiteral("the server is currently unable to handle the request");
        break;
    case 504:
        text = QStringLiteral("the server was unable to return a response in the time allotted, but may "
                              "still be processing the request");
        break;
    default:
        text = QStringLiteral("the server responded with the status code %1 but did not return more information")
                   .arg(httpStatus);
    }
    if (!request.isEmpty())
        text += QStringLiteral(" (%1)").arg(request);
    // A short plain-text body (a proxy's error page) is worth showing; HTML and long bodies are not.
    const QByteArray trimmed = body.trimmed();
    if (!trimmed.isEmpty() && trimmed.size() <= 200 && !trimmed.startsWith('<') && !trimmed.startsWith('{'))
        text += QStringLiteral(": ") + QString::fromUtf8(trimmed);
    return text;
}

} // namespace

bool isStatus(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() == QLatin1String("Status") &&
           object.value(QLatin1String("apiVersion")).toString() == QLatin1String("v1");
}

ErrorCode errorCodeFor(const QString &reason, int httpStatus)
{
    static const QHash<QString, ErrorCode> byReason{
        {QStringLiteral("BadRequest"), ErrorCode::BadRequest},
        {QStringLiteral("Unauthorized"), ErrorCode::Unauthorized},
        {QStringLiteral("Forbidden"), ErrorCode::Forbidden},
        {QStringLiteral("NotFound"), ErrorCode::NotFound},
        {QStringLiteral("MethodNotAllowed"), ErrorCode::MethodNotAllowed},
        {QStringLiteral("NotAcceptable"), ErrorCode::NotAcceptable},
        {QStringLiteral("AlreadyExists"), ErrorCode::AlreadyExists},
        {QStringLiteral("Conflict"), ErrorCode::Conflict},
        {QStringLiteral("Gone"), ErrorCode::Gone},
        {QStringLiteral("Expired"), ErrorCode::Gone},
        {QStringLiteral("RequestEntityTooLarge"), ErrorCode::RequestTooLarge},
        {QStringLiteral("UnsupportedMediaType"), ErrorCode::UnsupportedMediaType},
        {QStringLiteral("Invalid"), ErrorCode::Invalid},
        {QStringLiteral("TooManyRequests"), ErrorCode::TooManyRequests},
        {QStringLiteral("InternalError"), ErrorCode::Internal},
        {QStringLiteral("ServiceUnavailable"), ErrorCode::Unavailable},
        {QStringLiteral("Timeout"), ErrorCode::Timeout},
        {QStringLiteral("ServerTimeout"), ErrorCode::Timeout},
    };
    if (auto it = byReason.constFind(reason); it != byReason.constEnd())
        return *it;
    switch (httpStatus) {
    case 400:
        return ErrorCode::BadRequest;
    case 401:
        return ErrorCode::Unauthorized;
    case 403:
        return ErrorCode::Forbidden;
    case 404:
        return ErrorCode::NotFound;
    case 405:
        return ErrorCode::MethodNotAllowed;
    case 406:
        return ErrorCode::NotAcceptable;
    case 409:
        return ErrorCode::Conflict;
    case 410:
        return ErrorCode::Gone;
    case 413:
        return ErrorCode::RequestTooLarge;
    case 415:
        return ErrorCode::UnsupportedMediaType;
    case 422:
        return ErrorCode::Invalid;
    case 429:
        return ErrorCode::TooManyRequests;
    case 503:
        return ErrorCode::Unavailable;
    case 504:
        return ErrorCode::Timeout;
    default:
        break;
    }
    return httpStatus >= 400 && httpStatus < 500 ? ErrorCode::BadRequest : ErrorCode::Internal;
}

api::Error errorFromStatus(const QJsonObject &status)
{
    const int code = status.value(QLatin1String("code")).toInt();
    const QString reason = status.value(QLatin1String("reason")).toString();
    QString message = status.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = genericMessage(code, QString(), QByteArray());
    api::FieldErrors causes;
    const QJsonArray list = status.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray();
    for (const QJsonValue &c : list)
        causes.append(causeToFieldError(c.toObject()));
    return api::Error(errorCodeFor(reason, code), message, causes);
}

api::Error errorFromResponse(int httpStatus, const QByteArray &body, const QString &request)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject() && isStatus(doc.object())) {
        QJsonObject status = doc.object();
        // The HTTP code is the truth when the body leaves its own out.
        if (status.value(QLatin1String("code")).toInt() == 0)
            status.insert(QStringLiteral("code"), httpStatus);
        return errorFromStatus(status);
    }
    return api::Error(errorCodeFor(QString(), httpStatus), genericMessage(httpStatus, request, body));
}

std::optional<int> retryAfterSeconds(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonValue v =
        doc.object().value(QLatin1String("details")).toObject().value(QLatin1String("retryAfterSeconds"));
    if (!v.isDouble())
        return std::nullopt;
    return v.toInt();
}

} // namespace tugboat::client
