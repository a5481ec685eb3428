// The API server's Prometheus metrics (/metrics): requests by verb, resource and code, request latency,
// open watches, store latency. Built on Debian's prometheus-cpp (its core library only: we serve the
// text ourselves on the API port).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace prometheus {
class Registry;
template <typename T> class Family;
class Counter;
class Histogram;
class Gauge;
} // namespace prometheus

namespace tugboat::apiserver {

class ApiMetrics {
public:
    ApiMetrics();
    ~ApiMetrics();

    void observeRequest(const QString &verb, const QString &resource, int code, double seconds);
    void watchOpened();
    void watchClosed();
    void observeStore(const QString &operation, double seconds);

    QByteArray text() const; // Prometheus text exposition format 0.0.4

private:
    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter> *m_requests;
    prometheus::Family<prometheus::Histogram> *m_latency;
    prometheus::Family<prometheus::Histogram> *m_storeLatency;
    prometheus::Gauge *m_watches;
};

} // namespace tugboat::apiserver
