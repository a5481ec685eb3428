#include "watchhub.h"

#include <algorithm>

namespace tugboat::store {

class HubWatch final : public Watch {
public:
    HubWatch(QString prefix, qint64 startRevision, bool ready, size_t maxQueued,
             std::shared_ptr<const std::atomic<qint64>> progress)
        : m_prefix(std::move(prefix))
        , m_progress(std::move(progress))
        , m_lastRevision(startRevision)
        , m_ready(ready)
        , m_maxQueued(maxQueued)
    {}

    qint64 progressRevision() const override
    {
        std::lock_guard lock(m_mutex);
        // Still catching up: only the history delivered so far counts.
        return m_ready ? std::max(m_lastRevision, m_progress->load(std::memory_order_acquire)) : m_lastRevision;
    }

    const QString &prefix() const { return m_prefix; }

    // Producer side: queue one event. Returns false once the watch is closed (the hub then drops it).
    bool push(const WatchEvent &event)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (m_closed)
                return false;
            if (m_queue.size() >= m_maxQueued) {
                closeLocked(errors::watcherTooSlow(event.revision));
                notify = m_notify;
            } else {
                const bool wasEmpty = m_queue.empty();
                m_queue.push_back(event);
                if (wasEmpty && m_ready)
                    notify = m_notify;
            }
        }
        m_cv.notify_all();
        if (notify)
            notify();
        return true;
    }

    // Catch-up: history goes in front of the live events queued since registration.
    void completeCatchUp(Result<std::vector<WatchEvent>> history)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (!history) {
                closeLocked(history.error());
            } else {
                auto &events = history.value();
                m_queue.insert(m_queue.begin(), std::make_move_iterator(events.begin()),
                               std::make_move_iterator(events.end()));
                m_ready = true;
            }
            if (m_closed || !m_queue.empty())
                notify = m_notify;
        }
        m_cv.notify_all();
        if (notify)
            notify();
    }

    void close(const Error &error)
    {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            if (m_closed)
                return;
            closeLocked(error);
            notify = m_notify;
        }
        m_cv.notify_all();
        if (notify)
            notify();
    }

    std::vector<WatchEvent> take(size_t max) override
    {
        std::lock_guard lock(m_mutex);
        std::vector<WatchEvent> out;
        if (!m_ready)
            return out;
        const size_t n = std::min(max, m_queue.size());
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            out.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        if (!out.empty())
            m_lastRevision = out.back().revision;
        return out;
    }

    bool wait(QDeadlineTimer deadline) override
    {
        std::unique_lock lock(m_mutex);
        auto ready = [this] { return m_closed || (m_ready && !m_queue.empty()); };
        if (deadline.isForever()) {
            m_cv.wait(lock, ready);
            return true;
        }
        return m_cv.wait_for(lock, std::chrono::milliseconds(deadline.remainingTime()), ready);
    }

    void setNotify(std::function<void()> notify) override
    {
        bool pending = false;
        {
            std::lock_guard lock(m_mutex);
            m_notify = std::move(notify);
            pending = m_closed || (m_ready && !m_queue.empty());
        }
        if (pending && m_notify)
            m_notify();
    }

    bool isClosed() const override
    {
        std::lock_guard lock(m_mutex);
        return m_closed;
    }

    std::optional<Error> error() const override
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

    qint64 lastRevision() const override
    {
        std::lock_guard lock(m_mutex);
        return m_lastRevision;
    }

    void cancel() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
            m_queue.clear();
        }
        m_cv.notify_all();
    }

private:
    void closeLocked(const Error &error)
    {
        m_closed = true;
        m_error = error;
        m_queue.clear();
    }

    const QString m_prefix;
    const std::shared_ptr<const std::atomic<qint64>> m_progress;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<WatchEvent> m_queue;
    std::function<void()> m_notify;
    std::optional<Error> m_error;
    qint64 m_lastRevision;
    bool m_ready;
    bool m_closed = false;
    const size_t m_maxQueued;
};

WatchHub::WatchHub(size_t maxQueuedPerWatcher)
    : m_progress(std::make_shared<std::atomic<qint64>>(0))
    , m_maxQueued(maxQueuedPerWatcher)
{}

WatchHub::~WatchHub()
{
    closeAll(Error(ErrorCode::Unavailable, QStringLiteral("the store is closing")));
}

void WatchHub::setRevision(qint64 revision)
{
    std::lock_guard lock(m_mutex);
    m_revision = revision;
    m_progress->store(revision, std::memory_order_release);
}

qint64 WatchHub::revision() const
{
    std::lock_guard lock(m_mutex);
    return m_revision;
}

void WatchHub::publish(const WatchEvent &event)
{
    std::lock_guard lock(m_mutex);
    m_revision = event.revision;
    bool pruned = false;
    for (auto &w : m_watchers) {
        if (!event.key.startsWith(w->prefix()))
            continue;
        if (!w->push(event))
            pruned = true;
    }
    // After the pushes: whoever reads this revision finds every event up to it queued.
    m_progress->store(event.revision, std::memory_order_release);
    if (pruned)
        std::erase_if(m_watchers, [](const auto &w) { return w->isClosed(); });
}

Result<WatchPtr> WatchHub::watch(const QString &prefix, qint64 fromRevision, qint64 compacted, const HistoryFn &history)
{
    std::shared_ptr<HubWatch> w;
    qint64 upTo = 0;
    {
        std::lock_guard lock(m_mutex);
        std::erase_if(m_watchers, [](const auto &x) { return x->isClosed(); });
        if (fromRevision == 0 || fromRevision >= m_revision) {
            w = std::make_shared<HubWatch>(prefix, fromRevision == 0 ? m_revision : fromRevision, true, m_maxQueued,
                                           m_progress);
            m_watchers.push_back(w);
            return WatchPtr(w);
        }
        if (fromRevision < compacted)
            return errors::tooOld(fromRevision, compacted);
        upTo = m_revision;
        w = std::make_shared<HubWatch>(prefix, fromRevision, false, m_maxQueued, m_progress);
        m_watchers.push_back(w);
    }
    // Outside the lock: writers go on and their events queue behind the history.
    w->completeCatchUp(history(prefix, fromRevision, upTo));
    return WatchPtr(w);
}

size_t WatchHub::watcherCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<size_t>(
        std::count_if(m_watchers.begin(), m_watchers.end(), [](const auto &w) { return !w->isClosed(); }));
}

void WatchHub::closeAll(const Error &error)
{
    std::lock_guard lock(m_mutex);
    for (auto &w : m_watchers)
        w->close(error);
    m_watchers.clear();
}

} // namespace tugboat::store
