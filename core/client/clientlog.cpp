#include "clientlog.h"

namespace tugboat::client {
Q_LOGGING_CATEGORY(lcClient, "tugboat.client", QtInfoMsg)
}
