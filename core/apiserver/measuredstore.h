// A Store that times every call of the store it wraps into the API server's metrics
// (tugboat_store_operation_duration_seconds), so /metrics shows what the store costs each request.
//
// Thread-safety: as the wrapped store.
#pragma once

#include "metrics.h"

#include "store/store.h"

#include <QElapsedTimer>

namespace tugboat::apiserver {

class MeasuredStore final : public store::Store {
public:
    MeasuredStore(store::Store &inner, ApiMetrics &metrics)
        : m_inner(inner)
        , m_metrics(metrics)
    {}

    Result<store::KeyValue> create(const QString &key, const api::Object &object) override
    {
        return timed(QStringLiteral("create"), [&] { return m_inner.create(key, object); });
    }
    Result<store::KeyValue> update(const QString &key, const api::Object &object, qint64 expected) override
    {
        return timed(QStringLiteral("update"), [&] { return m_inner.update(key, object, expected); });
    }
    Result<store::KeyValue> remove(const QString &key, qint64 expected) override
    {
        return timed(QStringLiteral("delete"), [&] { return m_inner.remove(key, expected); });
    }
    Result<store::KeyValue> get(const QString &key) override
    {
        return timed(QStringLiteral("get"), [&] { return m_inner.get(key); });
    }
    Result<store::ListResult> list(const QString &prefix, const store::ListOptions &options) override
    {
        return timed(QStringLiteral("list"), [&] { return m_inner.list(prefix, options); });
    }
    Result<store::WatchPtr> watch(const QString &prefix, qint64 fromRevision) override
    {
        return timed(QStringLiteral("watch"), [&] { return m_inner.watch(prefix, fromRevision); });
    }
    Result<qint64> currentRevision() override { return m_inner.currentRevision(); }
    qint64 compactedRevision() override { return m_inner.compactedRevision(); }
    Result<void> compact(qint64 revision) override { return m_inner.compact(revision); }
    Result<void> compactExpired() override { return m_inner.compactExpired(); }
    QString backendName() const override { return m_inner.backendName(); }

private:
    template <typename F> auto timed(const QString &operation, F &&f) -> decltype(f())
    {
        QElapsedTimer t;
        t.start();
        auto result = f();
        m_metrics.observeStore(operation, double(t.nsecsElapsed()) / 1e9);
        return result;
    }

    store::Store &m_inner;
    ApiMetrics &m_metrics;
};

} // namespace tugboat::apiserver
