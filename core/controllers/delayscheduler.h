// Where delayed work waits: the work queue's addAfter() and rate-limited retries, the event
// recorder's dedup window. An injected timer source, so tests drive time with a FakeClock and never
// sleep.
//
//   TimerDelayScheduler  QTimer on a context object's thread; time is the system clock.
//   FakeDelayScheduler   nothing fires until advance(): it moves the FakeClock forward and runs every
//                        callback that became due, in due order, on the thread calling advance().
//
// Thread-safety: schedule() may be called from any thread. Callbacks run on the scheduler's thread (the
// context object's thread; for the fake, the thread that calls advance()). A callback may schedule
// further callbacks. There is no cancel: callers that may be gone when a callback runs guard it (the
// work queue does with a weak pointer).
#pragma once

#include "api/clock.h"

#include <QMutex>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <map>

namespace tugboat::controllers {

class DelayScheduler {
public:
    virtual ~DelayScheduler() = default;
    // The time delays are measured in.
    virtual const api::Clock &clock() const = 0;
    // Runs `callback` once, on the scheduler's thread, `delay` from now (soon when delay <= 0).
    virtual void schedule(std::chrono::milliseconds delay, std::function<void()> callback) = 0;
};

class TimerDelayScheduler final : public DelayScheduler {
public:
    // Callbacks run on `context`'s thread, which must run an event loop; none run once it is destroyed.
    explicit TimerDelayScheduler(QObject *context, const api::Clock &clock = api::Clock::system());
    const api::Clock &clock() const override { return m_clock; }
    void schedule(std::chrono::milliseconds delay, std::function<void()> callback) override;

private:
    QPointer<QObject> m_context;
    const api::Clock &m_clock;
};

class FakeDelayScheduler final : public DelayScheduler {
public:
    explicit FakeDelayScheduler(api::FakeClock &clock)
        : m_clock(clock)
    {}
    const api::Clock &clock() const override { return m_clock; }
    void schedule(std::chrono::milliseconds delay, std::function<void()> callback) override;

    // Moves the clock forward by `by`, stopping at each due time to run what is due then.
    void advance(std::chrono::milliseconds by);
    // Callbacks waiting.
    int pending() const;
    // How long until the next callback is due; -1 ms when none waits.
    std::chrono::milliseconds nextDelay() const;

private:
    api::FakeClock &m_clock;
    mutable QMutex m_mutex;
    std::multimap<qint64, std::function<void()>> m_due; // due time (ms since epoch) -> callback, FIFO per time
};

} // namespace tugboat::controllers
