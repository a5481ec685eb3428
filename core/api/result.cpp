#include "result.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tugboat::api {

namespace {

// Values print as Go's %v / %q would print them in a field.Error.
QString printValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: {
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == static_cast<double>(v.toInteger()))
            return QString::number(v.toInteger());
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace

FieldError FieldError::required(QString field, QString detail)
{
    return {Type::Required, std::move(field), QJsonValue::Undefined, std::move(detail)};
}

FieldError FieldError::invalid(QString field, QJsonValue value, QString detail)
{
    return {Type::Invalid, std::move(field), std::move(value), std::move(detail)};
}

FieldError FieldError::duplicate(QString field, QJsonValue value)
{
    return {Type::Duplicate, std::move(field), std::move(value), {}};
}

FieldError FieldError::notSupported(QString field, QJsonValue value, const QStringList &supported)
{
    QStringList quoted;
    for (const QString &s : supported)
        quoted << printValue(s);
    return {Type::NotSupported, std::move(field), std::move(value),
            quoted.isEmpty() ? QString() : QStringLiteral("supported values: ") + quoted.join(QStringLiteral(", "))};
}

FieldError FieldError::forbidden(QString field, QString detail)
{
    return {Type::Forbidden, std::move(field), QJsonValue::Undefined, std::move(detail)};
}

FieldError FieldError::tooLong(QString field, QJsonValue value, int max)
{
    return {Type::TooLong, std::move(field), std::move(value), QStringLiteral("must have at most %1 bytes").arg(max)};
}

FieldError FieldError::tooMany(QString field, int actual, int max)
{
    return {Type::TooMany, std::move(field), actual, QStringLiteral("must have at most %1 items").arg(max)};
}

QString FieldError::reason() const
{
    switch (type) {
    case Type::Required:
        return QStringLiteral("FieldValueRequired");
    case Type::Invalid:
        return QStringLiteral("FieldValueInvalid");
    case Type::Duplicate:
        return QStringLiteral("FieldValueDuplicate");
    case Type::NotSupported:
        return QStringLiteral("FieldValueNotSupported");
    case Type::Forbidden:
        return QStringLiteral("FieldValueForbidden");
    case Type::TooLong:
        return QStringLiteral("FieldValueTooLong");
    case Type::TooMany:
        return QStringLiteral("FieldValueTooMany");
    case Type::NotFound:
        return QStringLiteral("FieldValueNotFound");
    }
    return {};
}

QString FieldError::toString() const
{
    QString head;
    bool showValue = true;
    switch (type) {
    case Type::Required:
        head = QStringLiteral("Required value");
        showValue = false;
        break;
    case Type::Invalid:
        head = QStringLiteral("Invalid value");
        break;
    case Type::Duplicate:
        head = QStringLiteral("Duplicate value");
        break;
    case Type::NotSupported:
        head = QStringLiteral("Unsupported value");
        break;
    case Type::Forbidden:
        head = QStringLiteral("Forbidden");
        showValue = false;
        break;
    case Type::TooLong:
        head = QStringLiteral("Too long");
        showValue = false;
        break;
    case Type::TooMany:
        head = QStringLiteral("Too many");
        break;
    case Type::NotFound:
        head = QStringLiteral("Not found");
        break;
    }
    QString s = field.isEmpty() ? head : field + QStringLiteral(": ") + head;
    if (showValue && !value.isUndefined())
        s += QStringLiteral(": ") + printValue(value);
    if (!detail.isEmpty())
        s += QStringLiteral(": ") + detail;
    return s;
}

Error Error::invalid(const QString &qualifiedKind, const QString &name, FieldErrors causes)
{
    QStringList parts;
    for (const FieldError &e : causes)
        parts << e.toString();
    QString list =
        parts.size() == 1 ? parts.first() : QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    return Error(ErrorCode::Invalid, QStringLiteral("%1 \"%2\" is invalid: %3").arg(qualifiedKind, name, list),
                 std::move(causes));
}

QString Error::reason() const
{
    switch (m_code) {
    case ErrorCode::BadRequest:
        return QStringLiteral("BadRequest");
    case ErrorCode::Unauthorized:
        return QStringLiteral("Unauthorized");
    case ErrorCode::Forbidden:
        return QStringLiteral("Forbidden");
    case ErrorCode::NotFound:
        return QStringLiteral("NotFound");
    case ErrorCode::MethodNotAllowed:
        return QStringLiteral("MethodNotAllowed");
    case ErrorCode::NotAcceptable:
        return QStringLiteral("NotAcceptable");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("AlreadyExists");
    case ErrorCode::Conflict:
        return QStringLiteral("Conflict");
    case ErrorCode::Gone:
        return QStringLiteral("Expired");
    case ErrorCode::RequestTooLarge:
        return QStringLiteral("RequestEntityTooLarge");
    case ErrorCode::UnsupportedMediaType:
        return QStringLiteral("UnsupportedMediaType");
    case ErrorCode::Invalid:
        return QStringLiteral("Invalid");
    case ErrorCode::TooManyRequests:
        return QStringLiteral("TooManyRequests");
    case ErrorCode::Internal:
        return QStringLiteral("InternalError");
    case ErrorCode::Unavailable:
        return QStringLiteral("ServiceUnavailable");
    case ErrorCode::Timeout:
        return QStringLiteral("Timeout");
    }
    return {};
}

int Error::httpStatus() const
{
    switch (m_code) {
    case ErrorCode::BadRequest:
        return 400;
    case ErrorCode::Unauthorized:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::MethodNotAllowed:
        return 405;
    case ErrorCode::NotAcceptable:
        return 406;
    case ErrorCode::AlreadyExists:
        return 409;
    case ErrorCode::Conflict:
        return 409;
    case ErrorCode::Gone:
        return 410;
    case ErrorCode::RequestTooLarge:
        return 413;
    case ErrorCode::UnsupportedMediaType:
        return 415;
    case ErrorCode::Invalid:
        return 422;
    case ErrorCode::TooManyRequests:
        return 429;
    case ErrorCode::Internal:
        return 500;
    case ErrorCode::Unavailable:
        return 503;
    case ErrorCode::Timeout:
        return 504;
    }
    return 500;
}

} // namespace tugboat::api
