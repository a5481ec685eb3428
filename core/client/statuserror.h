// Turns what a Kubernetes API server answers on failure into api::Error.
//
// A failed request is answered with a meta/v1 Status:
//   {"kind":"Status","status":"Failure","reason":"NotFound","code":404,
//    "message":"deployments.apps \"web\" not
//    found","details":{"name":"web","group":"apps","kind":"deployments"}}
// The reason picks the ErrorCode (409 is AlreadyExists or Conflict only by its reason); without a known
// reason the HTTP code does. The message is kept verbatim, since kubectl prints it so, and
// details.causes become FieldErrors whose toString() gives back the server's wording. A body that is
// not a Status gets the message client-go would make up for the code.
//
// Stateless; callable from any thread.
#pragma once

#include "api/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace tugboat::client {

// From an HTTP error response. `request` names what was asked in messages made up here, e.g.
// "get pods web" (used only when the body is not a Status).
api::Error errorFromResponse(int httpStatus, const QByteArray &body, const QString &request = {});

// From a Status object (a failed response's body, or the object of a watch ERROR event).
api::Error errorFromStatus(const QJsonObject &status);

// Whether `object` is a meta/v1 Status.
bool isStatus(const QJsonObject &object);

// The ErrorCode for a Status reason, or for an HTTP code when the reason is unknown or empty.
api::ErrorCode errorCodeFor(const QString &reason, int httpStatus);

// Status.details.retryAfterSeconds, when the server set it.
std::optional<int> retryAfterSeconds(const QByteArray &body);

} // namespace tugboat::client
