#include "delayscheduler.h"

#include <QTimer>

namespace tugboat::controllers {

TimerDelayScheduler::TimerDelayScheduler(QObject *context, const api::Clock &clock)
    : m_context(context)
    , m_clock(clock)
{}

void TimerDelayScheduler::schedule(std::chrono::milliseconds delay, std::function<void()> callback)
{
    QObject *context = m_context.data();
    if (!context)
        return;
    // The timer must start on the context's thread: hop there first (directly when already on it).
    const auto wait = std::max(delay, std::chrono::milliseconds(0));
    QMetaObject::invokeMethod(
        context,
        [context, wait, cb = std::move(callback)]() mutable {
            QTimer::singleShot(wait, Qt::PreciseTimer, context, std::move(cb));
        },
        Qt::AutoConnection);
}

void FakeDelayScheduler::schedule(std::chrono::milliseconds delay, std::function<void()> callback)
{
    QMutexLocker lock(&m_mutex);
    m_due.emplace(m_clock.nowMs() + std::max<qint64>(delay.count(), 0), std::move(callback));
}

void FakeDelayScheduler::advance(std::chrono::milliseconds by)
{
    const qint64 target = m_clock.nowMs() + by.count();
    for (;;) {
        std::function<void()> callback;
        {
            QMutexLocker lock(&m_mutex);
            auto first = m_due.begin();
            if (first == m_due.end() || first->first > target)
                break;
            if (first->first > m_clock.nowMs())
                m_clock.setMs(first->first);
            callback = std::move(first->second);
            m_due.erase(first);
        }
        callback(); // outside the lock: it may schedule more
    }
    m_clock.setMs(std::max(target, m_clock.nowMs()));
}

int FakeDelayScheduler::pending() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_due.size());
}

std::chrono::milliseconds FakeDelayScheduler::nextDelay() const
{
    QMutexLocker lock(&m_mutex);
    if (m_due.empty())
        return std::chrono::milliseconds(-1);
    return std::chrono::milliseconds(std::max<qint64>(m_due.begin()->first - m_clock.nowMs(), 0));
}

} // namespace tugboat::controllers
