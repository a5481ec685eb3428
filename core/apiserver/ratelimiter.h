// Per-client limits in front of the API: a token bucket on request rate and a cap on requests in
// flight, so one client cannot starve the others. Over the limit, the answer is 429 with Retry-After,
// as Kubernetes' max-in-flight and priority-and-fairness filters answer.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include "api/clock.h"

#include <QHash>
#include <QHostAddress>

#include <mutex>

namespace tugboat::apiserver {

// The defaults stop a runaway client without getting in the way of a busy one: Kubernetes' own
// default is 400 requests in flight for the whole server (--max-requests-inflight).
struct RateLimits {
    double requestsPerSecond = 10000; // sustained, per client address
    double burst = 20000;             // bucket size
    int maxInFlight = 400;            // non-watch requests being served at once, per client address
};

class RateLimiter {
public:
    explicit RateLimiter(RateLimits limits = {}, const api::Clock &clock = api::Clock::system());

    // Takes one request's token and an in-flight slot; false when over a limit (then nothing is taken).
    bool admit(const QHostAddress &client);
    // Gives the in-flight slot back when the response is sent.
    void release(const QHostAddress &client);

private:
    struct Bucket {
        double tokens = 0;
        qint64 lastMs = 0;
        int inFlight = 0;
    };
    RateLimits m_limits;
    const api::Clock &m_clock;
    std::mutex m_mutex;
    QHash<QHostAddress, Bucket> m_buckets;
};

} // namespace tugboat::apiserver
