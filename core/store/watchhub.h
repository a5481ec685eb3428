// Fans committed changes out to watchers.
//
// A backend publishes each committed change exactly once, in revision order; the hub queues it for
// every watcher whose prefix matches. Publishing never waits for a consumer: each watcher's queue is
// bounded, and a watcher that falls behind by more than that is closed with an error (the client lists
// again and re-watches, as Kubernetes clients do on 410).
//
// A watch from a past revision is registered first (so no later change can be missed) and then
// catches up from the backend's history; its consumer sees the history first, then the live events.
//
// Thread-safety: all methods may be called from any thread. publish() must be called by one producer
// at a time, in revision order.
#pragma once

#include "store.h"

#include <atomic>
#include <mutex>
#include <vector>

namespace tugboat::store {

class HubWatch;

class WatchHub {
public:
    // Reads the changes under `prefix` with after < revision <= upTo, in order.
    using HistoryFn = std::function<Result<std::vector<WatchEvent>>(const QString &prefix, qint64 after, qint64 upTo)>;

    explicit WatchHub(size_t maxQueuedPerWatcher = 10000);
    ~WatchHub();

    // The revision already reflected in the store when the hub starts.
    void setRevision(qint64 revision);
    qint64 revision() const;

    void publish(const WatchEvent &event);

    // fromRevision 0 (or >= the published revision) starts live; below `compacted` fails with Gone.
    Result<WatchPtr> watch(const QString &prefix, qint64 fromRevision, qint64 compacted, const HistoryFn &history);

    size_t watcherCount() const;
    // Closes every watch with `error` (store shutting down).
    void closeAll(const Error &error);

private:
    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<HubWatch>> m_watchers;
    qint64 m_revision = 0;
    std::shared_ptr<std::atomic<qint64>> m_progress; // m_revision, readable by watches without the lock
    size_t m_maxQueued;
};

} // namespace tugboat::store
