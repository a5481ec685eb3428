#include "workqueue.h"

namespace tugboat::controllers {

WorkQueue::WorkQueue(DelayScheduler &scheduler, std::unique_ptr<RateLimiter> limiter)
    : m_scheduler(scheduler)
    , m_limiter(limiter ? std::move(limiter) : defaultControllerRateLimiter(scheduler.clock()))
{}

void WorkQueue::addLocked(const QString &key, bool &notify)
{
    if (m_shuttingDown || m_dirty.contains(key))
        return;
    m_dirty.insert(key);
    if (m_processing.contains(key))
        return; // done() queues it
    m_queue.append(key);
    notify = true;
}

void WorkQueue::add(const QString &key)
{
    bool notify = false;
    std::function<void()> notifier;
    {
        QMutexLocker lock(&m_mutex);
        addLocked(key, notify);
        notifier = m_notifier;
    }
    if (notify && notifier)
        notifier();
}

void WorkQueue::addAfter(const QString &key, std::chrono::milliseconds delay)
{
    if (delay.count() <= 0) {
        add(key);
        return;
    }
    {
        QMutexLocker lock(&m_mutex);
        if (m_shuttingDown)
            return;
        const qint64 readyAt = m_scheduler.clock().nowMs() + delay.count();
        auto it = m_waitingUntil.find(key);
        if (it != m_waitingUntil.end() && it.value() <= readyAt)
            return; // already waiting for an earlier time
        m_waitingUntil.insert(key, readyAt);
    }
    std::weak_ptr<int> alive = m_alive;
    m_scheduler.schedule(delay, [this, alive, key] {
        if (alive.lock())
            delayElapsed(key);
    });
}

void WorkQueue::delayElapsed(const QString &key)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_waitingUntil.find(key);
        // A later addAfter() with an earlier time has its own callback; this one is then stale.
        if (it == m_waitingUntil.end() || it.value() > m_scheduler.clock().nowMs())
            return;
        m_waitingUntil.erase(it);
    }
    add(key);
}

void WorkQueue::addRateLimited(const QString &key)
{
    std::chrono::milliseconds delay;
    {
        QMutexLocker lock(&m_mutex);
        if (m_shuttingDown)
            return;
        delay = m_limiter->when(key);
    }
    addAfter(key, delay);
}

void WorkQueue::forget(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_limiter->forget(key);
}

int WorkQueue::numRequeues(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    return m_limiter->numRequeues(key);
}

std::optional<QString> WorkQueue::tryGet()
{
    QMutexLocker lock(&m_mutex);
    if (m_queue.isEmpty())
        return std::nullopt;
    QString key = m_queue.takeFirst();
    m_processing.insert(key);
    m_dirty.remove(key);
    return key;
}

void WorkQueue::done(const QString &key)
{
    bool notify = false;
    std::function<void()> notifier;
    {
        QMutexLocker lock(&m_mutex);
        m_processing.remove(key);
        if (m_dirty.contains(key)) {
            m_queue.append(key);
            notify = true;
        }
        notifier = m_notifier;
    }
    if (notify && notifier)
        notifier();
}

void WorkQueue::shutDown()
{
    QMutexLocker lock(&m_mutex);
    m_shuttingDown = true;
    m_waitingUntil.clear();
}

bool WorkQueue::isShuttingDown() const
{
    QMutexLocker lock(&m_mutex);
    return m_shuttingDown;
}

int WorkQueue::length() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size());
}

QStringList WorkQueue::queued() const
{
    QMutexLocker lock(&m_mutex);
    return m_queue;
}

bool WorkQueue::isProcessing(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    return m_processing.contains(key);
}

int WorkQueue::waiting() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_waitingUntil.size());
}

void WorkQueue::setNotifier(std::function<void()> notifier)
{
    QMutexLocker lock(&m_mutex);
    m_notifier = std::move(notifier);
}

} // namespace tugboat::controllers
