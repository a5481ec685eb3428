// The error vocabulary of the engine: a Result carries either a value or an Error.
//
// One Error type crosses every library boundary (exceptions never do). Its code maps one to one onto a
// Kubernetes Status reason, so the API server can turn any failure into the Status that kubectl
// expects, and field errors read exactly as Kubernetes prints them:
//   spec.replicas: Invalid value: -1: must be greater than or equal to 0
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>
#include <variant>

namespace tugboat::api {

// One invalid field, in Kubernetes' field.Error shape.
struct FieldError {
    enum class Type {
        Required,     // "Required value"
        Invalid,      // "Invalid value"
        Duplicate,    // "Duplicate value"
        NotSupported, // "Unsupported value"
        Forbidden,    // "Forbidden"
        TooLong,      // "Too long"
        TooMany,      // "Too many"
        NotFound,     // "Not found"
    };

    Type type = Type::Invalid;
    QString field;    // path such as spec.template.spec.containers[0].image
    QJsonValue value; // the offending value; Undefined when there is none to show
    QString detail;   // why, and what is expected

    static FieldError required(QString field, QString detail = {});
    static FieldError invalid(QString field, QJsonValue value, QString detail);
    static FieldError duplicate(QString field, QJsonValue value);
    static FieldError notSupported(QString field, QJsonValue value, const QStringList &supported);
    static FieldError forbidden(QString field, QString detail);
    static FieldError tooLong(QString field, QJsonValue value, int max);
    static FieldError tooMany(QString field, int actual, int max);

    // Kubernetes' reason string for the type, e.g. "FieldValueRequired" (used in Status causes).
    QString reason() const;
    // The one-line form kubectl prints.
    QString toString() const;
};

using FieldErrors = QList<FieldError>;

enum class ErrorCode {
    BadRequest,           // 400
    Unauthorized,         // 401
    Forbidden,            // 403
    NotFound,             // 404
    MethodNotAllowed,     // 405
    NotAcceptable,        // 406
    AlreadyExists,        // 409
    Conflict,             // 409: resourceVersion precondition failed
    Gone,                 // 410: history compacted ("too old resource version")
    RequestTooLarge,      // 413
    UnsupportedMediaType, // 415
    Invalid,              // 422
    TooManyRequests,      // 429
    Internal,             // 500
    Unavailable,          // 503
    Timeout,              // 504
};

class Error {
public:
    Error() = default;
    Error(ErrorCode code, QString message, FieldErrors causes = {})
        : m_code(code)
        , m_message(std::move(message))
        , m_causes(std::move(causes))
    {}

    // An Invalid error for an object: `Deployment.apps "web" is invalid: [a, b]`, as Kubernetes words it.
    static Error invalid(const QString &qualifiedKind, const QString &name, FieldErrors causes);

    ErrorCode code() const { return m_code; }
    const QString &message() const { return m_message; }
    const FieldErrors &causes() const { return m_causes; }

    // Kubernetes' StatusReason ("NotFound", "Invalid", "Expired", ...) and HTTP code.
    QString reason() const;
    int httpStatus() const;

private:
    ErrorCode m_code = ErrorCode::Internal;
    QString m_message;
    FieldErrors m_causes;
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_v); }
    // The error's message, or empty when ok (safe to call either way, e.g. in test diagnostics).
    QString errorMessage() const { return ok() ? QString() : error().message(); }

private:
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }
    QString errorMessage() const { return m_ok ? QString() : m_error.message(); }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace tugboat::api
