// Time, injected. Everything that waits, expires or backs off asks a Clock, so tests drive time with
// FakeClock instead of sleeping.
//
// Thread-safety: both clocks may be read from any thread.
#pragma once

#include <QDateTime>

#include <atomic>

namespace tugboat::api {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }

    // The process-wide wall clock.
    static Clock &system();
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

class FakeClock final : public Clock {
public:
    explicit FakeClock(qint64 startMs = 1'700'000'000'000)
        : m_now(startMs)
    {}
    qint64 nowMs() const override { return m_now.load(); }
    void advanceMs(qint64 ms) { m_now += ms; }
    void setMs(qint64 ms) { m_now = ms; }

private:
    std::atomic<qint64> m_now;
};

// RFC 3339 in UTC with second precision, as Kubernetes writes creationTimestamp.
QString formatTimestamp(const QDateTime &t);

} // namespace tugboat::api
