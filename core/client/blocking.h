// Waiting on an asynchronous ApiClient call, for command-line tools.
//
//   auto pod = client::callBlocking<api::ObjectPtr>(
//       [&](auto done) { return api.get(pods, "default", "web", done); }, std::chrono::seconds(30));
//
// It runs a nested event loop until the callback ran or the deadline passed (then the call is
// cancelled and the result is a Timeout error). A nested loop dispatches every other event of the
// thread meanwhile, re-entering whatever handles them: use it in tools' straight-line code, never in a
// GUI, a controller or any slot.
#pragma once

#include "clienttypes.h"

#include <QEventLoop>
#include <QTimer>
#include <chrono>
#include <functional>
#include <optional>

namespace tugboat::client {

template <typename T>
api::Result<T> callBlocking(const std::function<Call(Callback<T>)> &start,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60))
{
    QEventLoop loop;
    std::optional<api::Result<T>> result;
    Call call = start([&result, &loop](api::Result<T> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result) {
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        deadline.start(timeout);
        loop.exec();
    }
    if (!result) {
        call.cancel();
        return api::Error(api::ErrorCode::Timeout,
                          QStringLiteral("no answer within %1 ms").arg(qint64(timeout.count())));
    }
    return std::move(*result);
}

} // namespace tugboat::client
