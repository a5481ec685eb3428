// The API server as an in-process LocalServer (client/localserver.h) for tugboatd's own controllers:
// each request becomes an HttpExchange handled by the ApiServer exactly as one from the network
// (authenticated by its bearer token, authorized, admitted, validated), and the answer is posted back
// to the caller's thread. What it saves is TLS, sockets, HTTP framing and the network client's own
// threads: the controllers and the API server share two cores with everything else.
#pragma once

#include "client/localserver.h"

namespace tugboat::apiserver {
class ApiServer;
}

namespace tugboat::daemon {

// `api` must outlive every client using the result.
client::LocalServer localServerFor(apiserver::ApiServer &api);

} // namespace tugboat::daemon
