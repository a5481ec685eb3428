// How long a work-queue key waits before its next retry: client-go's workqueue rate limiters.
//
//   ItemExponentialFailureRateLimiter  per key: base * 2^(failures so far), capped; forget() resets.
//   BucketRateLimiter                  overall: a token bucket (qps, burst) shared by all keys.
//   MaxOfRateLimiter                   the longest of several.
// defaultControllerRateLimiter() is client-go's DefaultControllerRateLimiter: exponential 5 ms doubling
// to 1000 s, and a 10 qps bucket with a burst of 100, whichever asks for longer.
//
// Not thread-safe: the WorkQueue calls its limiter under its own lock.
#pragma once

#include "api/clock.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <memory>
#include <vector>

namespace tugboat::controllers {

class RateLimiter {
public:
    virtual ~RateLimiter() = default;
    // The delay before `key` may be retried; counts as one more failure of it.
    virtual std::chrono::milliseconds when(const QString &key) = 0;
    // `key` succeeded: its failures are forgotten.
    virtual void forget(const QString &key) = 0;
    // How many times `key` has failed since it was last forgotten.
    virtual int numRequeues(const QString &key) const = 0;
};

class ItemExponentialFailureRateLimiter final : public RateLimiter {
public:
    ItemExponentialFailureRateLimiter(std::chrono::milliseconds base, std::chrono::milliseconds max)
        : m_base(base)
        , m_max(max)
    {}
    std::chrono::milliseconds when(const QString &key) override;
    void forget(const QString &key) override { m_failures.remove(key); }
    int numRequeues(const QString &key) const override { return m_failures.value(key); }

private:
    std::chrono::milliseconds m_base, m_max;
    QHash<QString, int> m_failures;
};

// golang.org/x/time/rate's reservations: each when() takes a token, going into debt when there is
// none, and waits until the debt would be repaid. Example, 10 qps burst 1: three calls at t=0 wait
// 0, 100 and 200 ms.
class BucketRateLimiter final : public RateLimiter {
public:
    BucketRateLimiter(const api::Clock &clock, double qps, int burst);
    std::chrono::milliseconds when(const QString &key) override;
    void forget(const QString &) override {}
    int numRequeues(const QString &) const override { return 0; }

private:
    const api::Clock &m_clock;
    double m_qps;
    int m_burst;
    double m_tokens;
    qint64 m_lastMs;
};

class MaxOfRateLimiter final : public RateLimiter {
public:
    explicit MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters)
        : m_limiters(std::move(limiters))
    {}
    std::chrono::milliseconds when(const QString &key) override;
    void forget(const QString &key) override;
    int numRequeues(const QString &key) const override;

private:
    std::vector<std::unique_ptr<RateLimiter>> m_limiters;
};

std::unique_ptr<RateLimiter> defaultControllerRateLimiter(const api::Clock &clock);

} // namespace tugboat::controllers
