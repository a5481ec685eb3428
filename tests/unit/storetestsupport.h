// Helpers shared by the store suites: a small pod object and a way to collect watch events with a
// deadline.
#pragma once

#include "store/store.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>

namespace tugboat::test {

inline api::Object storePod(const QString &name, const QString &image = QStringLiteral("nginx"))
{
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), QStringLiteral("default")}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"),
                                              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("c")},
                                                                     {QStringLiteral("image"), image}}}}}},
    });
}

inline QString imageOf(const api::ObjectPtr &o)
{
    return o->spec()
        .value(QLatin1String("containers"))
        .toArray()
        .first()
        .toObject()
        .value(QLatin1String("image"))
        .toString();
}

// Takes events from `w` until `count` arrived, the watch closed, or `timeoutMs` passed.
inline std::vector<store::WatchEvent> collect(const store::WatchPtr &w, size_t count, int timeoutMs = 20000)
{
    std::vector<store::WatchEvent> out;
    QDeadlineTimer deadline(timeoutMs);
    while (out.size() < count && !deadline.hasExpired()) {
        if (!w->wait(deadline))
            break;
        for (auto &e : w->take(count - out.size()))
            out.push_back(std::move(e));
        if (w->isClosed())
            break;
    }
    return out;
}

} // namespace tugboat::test
