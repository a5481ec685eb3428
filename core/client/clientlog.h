// The client's logging category, "tugboat.client": requests at debug, retries and reconnects at info.
// Only methods, paths, status codes and timings are logged: never headers (tokens) or bodies (Secrets).
#pragma once

#include <QLoggingCategory>

namespace tugboat::client {
Q_DECLARE_LOGGING_CATEGORY(lcClient)
}
