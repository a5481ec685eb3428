#include "controllerlog.h"

namespace tugboat::controllers {
Q_LOGGING_CATEGORY(lcControllers, "tugboat.controllers", QtInfoMsg)
}
