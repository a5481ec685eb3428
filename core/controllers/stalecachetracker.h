// Whether an informer cache has caught up with a controller's own writes (Kubernetes' EndpointSlice
// tracker and the endpoints controller's staleEndpointsTracker, in one).
//
// After creating an object the controller expects it in its cache; after an update it expects the
// cache to have moved past the resourceVersion it replaced; after a delete, the object gone. Until
// then its cache is stale for the owner (the key the writes were made for), and a sync acting on it
// would create a second EndpointSlice (generateName) or undo its own update. The controller records
// each answered write, asks isStale(owner) before acting, and if stale waits: the informer event that
// brings the cache up to date re-queues the owner.
//
// Checks are lazy: isStale() looks the objects up in the cache and forgets the expectations met.
// resourceVersions are compared for equality only (they are opaque). An expectation older than
// Timeout (by the injected clock) counts as met, so an event lost to a relist (an object created and
// deleted by someone else while the informer was relisting) cannot wedge an owner forever.
//
// Thread affinity: none; used on the controller's thread only (not thread-safe).
#pragma once

#include "api/clock.h"
#include "api/object.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>

namespace tugboat::controllers {

class StaleCacheTracker {
public:
    static constexpr std::chrono::milliseconds Timeout{5 * 60 * 1000};
    // The cached object with this key ("namespace/name"), or null.
    using CacheLookup = std::function<api::ObjectPtr(const QString &objectKey)>;

    // `clock` must outlive the tracker.
    explicit StaleCacheTracker(const api::Clock &clock)
        : m_clock(clock)
    {}

    // The write answered; `cache` tells whether the cache already shows it (then nothing is recorded).
    void created(const QString &owner, const api::Object &stored, const CacheLookup &cache);
    void updated(const QString &owner, const api::Object &stored, const QString &replacedRv, const CacheLookup &cache);
    void deleted(const QString &owner, const api::Object &last, const CacheLookup &cache);

    // Whether some write for `owner` is not in the cache yet. `expiresIn`, when given and stale, gets
    // how long until the oldest unmet expectation times out (when to look again at the latest).
    bool isStale(const QString &owner, const CacheLookup &cache, std::chrono::milliseconds *expiresIn = nullptr);
    void forget(const QString &owner) { m_expected.remove(owner); }
    int pending(const QString &owner) const { return int(m_expected.value(owner).size()); }

private:
    enum class Kind { Created, Updated, Deleted };
    struct Expectation {
        Kind kind = Kind::Created;
        QString uid;        // Created, Deleted: the object's
        QString replacedRv; // Updated
        qint64 sinceMs = 0;
    };
    static bool met(const Expectation &e, const api::ObjectPtr &cached);
    void expect(const QString &owner, const QString &objectKey, Expectation e, const CacheLookup &cache);

    const api::Clock &m_clock;
    QHash<QString, QHash<QString, Expectation>> m_expected; // owner -> object key -> what the cache must show
};

} // namespace tugboat::controllers
