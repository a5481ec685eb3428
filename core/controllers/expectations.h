// Kubernetes' ControllerExpectations: what a controller is waiting to see in its informer cache after
// its own writes, so that it does not act twice on a stale cache (create 3 pods, resync before the
// informer shows them, create 3 more).
//
// A controller that issues n creates calls expectCreations(key, n) first; its pod informer's added
// handler calls creationObserved(ownerKey) for each; sync(key) acts only while satisfied(key). A
// failed create must be observed by hand (creationObserved) since no event will come. Expectations
// older than five minutes (by the injected clock) count as satisfied, so a lost event cannot wedge a
// key forever. A key without expectations is satisfied (a controller that just started).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include "api/clock.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>
#include <optional>

namespace tugboat::controllers {

class ControllerExpectations {
public:
    static constexpr std::chrono::milliseconds Timeout{5 * 60 * 1000};

    struct Expectation {
        int add = 0;
        int del = 0;
        qint64 timestampMs = 0; // when they were set
    };

    // `clock` must outlive the expectations.
    explicit ControllerExpectations(const api::Clock &clock)
        : m_clock(clock)
    {}

    // Replaces the key's expectations (client-go's SetExpectations(key, n, 0) / (key, 0, n)).
    void expectCreations(const QString &key, int count) { setExpectations(key, count, 0); }
    void expectDeletions(const QString &key, int count) { setExpectations(key, 0, count); }
    void setExpectations(const QString &key, int add, int del);
    // Adds to (raise) or takes from (lower) existing expectations; no-op for keys without any.
    void raiseExpectations(const QString &key, int add, int del);
    void lowerExpectations(const QString &key, int add, int del);

    void creationObserved(const QString &key) { lowerExpectations(key, 1, 0); }
    void deletionObserved(const QString &key) { lowerExpectations(key, 0, 1); }

    // Whether sync(key) may act: no expectations, all observed, or set more than Timeout ago.
    bool satisfied(const QString &key) const;
    void deleteExpectations(const QString &key);

    std::optional<Expectation> get(const QString &key) const;

private:
    const api::Clock &m_clock;
    mutable QMutex m_mutex;
    QHash<QString, Expectation> m_expectations;
};

} // namespace tugboat::controllers
