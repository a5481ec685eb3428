// The controllers' logging category, "tugboat.controllers": sync errors and retries at info, every
// sync at debug (key=value, for operators).
#pragma once

#include <QLoggingCategory>

namespace tugboat::controllers {
Q_DECLARE_LOGGING_CATEGORY(lcControllers)
}
