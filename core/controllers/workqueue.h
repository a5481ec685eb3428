// A queue of keys ("namespace/name") to reconcile, with client-go's workqueue semantics:
//
//  - a key is queued at most once, however often it is added before a worker takes it;
//  - a key taken with tryGet() is "processing" until done(); adding it meanwhile does not queue it
//    (no two workers ever hold one key) but marks it dirty, and done() queues it again;
//  - addAfter() queues a key once a delay has passed (a key waiting twice waits for the earlier time);
//  - addRateLimited() waits as the rate limiter says (by default exponential per key, 5 ms doubling
//    to 1000 s, and 10 qps burst 100 overall); forget() resets the key's back-off on success;
//  - after shutDown() nothing more is queued; keys already queued can still be taken.
//
// tryGet() never blocks: workers are told that keys are ready through the notifier instead of waiting
// on a condition, so a controller's one thread can run its informers and its worker.
//
// Thread-safety: every method may be called from any thread. Delays run on the DelayScheduler's
// thread. The notifier is called (outside the lock) on whichever thread queued a key. Destroy the
// queue on the scheduler's thread, after shutDown() (pending delays then do nothing).
#pragma once

#include "delayscheduler.h"
#include "ratelimiter.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace tugboat::controllers {

class WorkQueue {
public:
    // `scheduler` must outlive the queue. Without a limiter, defaultControllerRateLimiter() on the
    // scheduler's clock.
    explicit WorkQueue(DelayScheduler &scheduler, std::unique_ptr<RateLimiter> limiter = nullptr);
    WorkQueue(const WorkQueue &) = delete;
    WorkQueue &operator=(const WorkQueue &) = delete;

    void add(const QString &key);
    void addAfter(const QString &key, std::chrono::milliseconds delay);
    void addRateLimited(const QString &key);
    // The key was processed successfully: its back-off starts again from the beginning.
    void forget(const QString &key);
    int numRequeues(const QString &key) const;

    // The next key, now processing; nullopt when none is queued.
    std::optional<QString> tryGet();
    // Processing of `key` finished; if it was added meanwhile it is queued again.
    void done(const QString &key);

    void shutDown();
    bool isShuttingDown() const;

    // Keys queued (not processing, not waiting for a delay).
    int length() const;
    QStringList queued() const;
    bool isProcessing(const QString &key) const;
    // Keys waiting for a delay to pass.
    int waiting() const;

    // Called whenever a key becomes ready to take (on the thread that queued it, without the lock).
    void setNotifier(std::function<void()> notifier);

private:
    void addLocked(const QString &key, bool &notify);
    void delayElapsed(const QString &key);

    DelayScheduler &m_scheduler;
    mutable QMutex m_mutex;
    std::unique_ptr<RateLimiter> m_limiter;
    QStringList m_queue;   // in order, each key once
    QSet<QString> m_dirty; // needs processing (queued, or to be re-queued when its processing ends)
    QSet<QString> m_processing;
    QHash<QString, qint64> m_waitingUntil; // key -> earliest ready time (ms since epoch)
    bool m_shuttingDown = false;
    std::function<void()> m_notifier;
    std::shared_ptr<int> m_alive = std::make_shared<int>(0); // guards delayed callbacks
};

} // namespace tugboat::controllers
