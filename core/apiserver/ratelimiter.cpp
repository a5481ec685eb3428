#include "ratelimiter.h"

namespace tugboat::apiserver {

RateLimiter::RateLimiter(RateLimits limits, const api::Clock &clock)
    : m_limits(limits)
    , m_clock(clock)
{}

bool RateLimiter::admit(const QHostAddress &client)
{
    const qint64 now = m_clock.nowMs();
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end())
        it = m_buckets.insert(client, Bucket{m_limits.burst, now, 0});
    Bucket &b = it.value();
    b.tokens = std::min(m_limits.burst, b.tokens + double(now - b.lastMs) * m_limits.requestsPerSecond / 1000.0);
    b.lastMs = now;
    if (b.tokens < 1.0 || b.inFlight >= m_limits.maxInFlight)
        return false;
    b.tokens -= 1.0;
    ++b.inFlight;
    return true;
}

void RateLimiter::release(const QHostAddress &client)
{
    std::lock_guard lock(m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end())
        return;
    if (--it->inFlight <= 0 && it->tokens >= m_limits.burst)
        m_buckets.erase(it); // idle and full: forget the client
}

} // namespace tugboat::apiserver
