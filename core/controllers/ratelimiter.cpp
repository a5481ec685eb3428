#include "ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace tugboat::controllers {

using std::chrono::milliseconds;

milliseconds ItemExponentialFailureRateLimiter::when(const QString &key)
{
    const int failures = m_failures.value(key);
    m_failures.insert(key, failures + 1);
    // 2^failures overflows long before it matters: past 2^40 * base the cap has long been reached.
    if (failures >= 40)
        return m_max;
    const double delay = double(m_base.count()) * std::ldexp(1.0, failures);
    return delay >= double(m_max.count()) ? m_max : milliseconds(qint64(delay));
}

BucketRateLimiter::BucketRateLimiter(const api::Clock &clock, double qps, int burst)
    : m_clock(clock)
    , m_qps(qps)
    , m_burst(burst)
    , m_tokens(burst)
    , m_lastMs(clock.nowMs())
{}

milliseconds BucketRateLimiter::when(const QString &)
{
    const qint64 now = m_clock.nowMs();
    if (now > m_lastMs) {
        m_tokens = std::min(double(m_burst), m_tokens + double(now - m_lastMs) * m_qps / 1000.0);
        m_lastMs = now;
    }
    m_tokens -= 1.0;
    if (m_tokens >= 0)
        return milliseconds(0);
    return milliseconds(qint64(std::ceil(-m_tokens * 1000.0 / m_qps)));
}

milliseconds MaxOfRateLimiter::when(const QString &key)
{
    milliseconds longest(0);
    for (const auto &limiter : m_limiters)
        longest = std::max(longest, limiter->when(key));
    return longest;
}

void MaxOfRateLimiter::forget(const QString &key)
{
    for (const auto &limiter : m_limiters)
        limiter->forget(key);
}

int MaxOfRateLimiter::numRequeues(const QString &key) const
{
    int most = 0;
    for (const auto &limiter : m_limiters)
        most = std::max(most, limiter->numRequeues(key));
    return most;
}

std::unique_ptr<RateLimiter> defaultControllerRateLimiter(const api::Clock &clock)
{
    std::vector<std::unique_ptr<RateLimiter>> limiters;
    limiters.push_back(std::make_unique<ItemExponentialFailureRateLimiter>(milliseconds(5), milliseconds(1000 * 1000)));
    limiters.push_back(std::make_unique<BucketRateLimiter>(clock, 10.0, 100));
    return std::make_unique<MaxOfRateLimiter>(std::move(limiters));
}

} // namespace tugboat::controllers
