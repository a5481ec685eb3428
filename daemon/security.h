// Puts the server's security in place: TLS with the data dir's certificates, bearer-token
// authentication and role-based authorisation in front of every request (DESIGN §6); or, with
// --insecure-http, nothing at all on loopback, said loudly.
#pragma once

#include "api/result.h"

#include <QUrl>

namespace tugboat::apiserver {
class ApiServer;
class HttpServer;
} // namespace tugboat::apiserver

namespace tugboat::daemon {

// Returns the admin kubeconfig's path.
api::Result<QString> setUpSecurity(apiserver::ApiServer &api, apiserver::HttpServer &http, const QString &dataDir,
                                   const QUrl &url, bool insecure, const QString &nodeIp);

} // namespace tugboat::daemon
