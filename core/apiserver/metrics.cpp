#include "metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace tugboat::apiserver {

namespace {

const prometheus::Histogram::BucketBoundaries &latencyBuckets()
{
    static const prometheus::Histogram::BucketBoundaries b{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    return b;
}

} // namespace

ApiMetrics::ApiMetrics()
    : m_registry(std::make_shared<prometheus::Registry>())
{
    m_requests = &prometheus::BuildCounter()
                      .Name("apiserver_request_total")
                      .Help("Requests, by verb, resource and HTTP code.")
                      .Register(*m_registry);
    m_latency = &prometheus::BuildHistogram()
                     .Name("apiserver_request_duration_seconds")
                     .Help("Request latency, by verb and resource (watches excluded).")
                     .Register(*m_registry);
    m_storeLatency = &prometheus::BuildHistogram()
                          .Name("tugboat_store_operation_duration_seconds")
                          .Help("Store operation latency, by operation.")
                          .Register(*m_registry);
    m_watches = &prometheus::BuildGauge()
                     .Name("apiserver_registered_watchers")
                     .Help("Open watch streams.")
                     .Register(*m_registry)
                     .Add({});
}

ApiMetrics::~ApiMetrics() = default;

void ApiMetrics::observeRequest(const QString &verb, const QString &resource, int code, double seconds)
{
    const std::map<std::string, std::string> labels{
        {"verb", verb.toStdString()}, {"resource", resource.toStdString()}, {"code", std::to_string(code)}};
    m_requests->Add(labels).Increment();
    if (verb != QLatin1String("watch"))
        m_latency->Add({{"verb", verb.toStdString()}, {"resource", resource.toStdString()}}, latencyBuckets())
            .Observe(seconds);
}

void ApiMetrics::watchOpened()
{
    m_watches->Increment();
}

void ApiMetrics::watchClosed()
{
    m_watches->Decrement();
}

void ApiMetrics::observeStore(const QString &operation, double seconds)
{
    m_storeLatency->Add({{"operation", operation.toStdString()}}, latencyBuckets()).Observe(seconds);
}

QByteArray ApiMetrics::text() const
{
    const std::string s = prometheus::TextSerializer().Serialize(m_registry->Collect());
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace tugboat::apiserver
