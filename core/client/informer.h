// An informer: a local cache of one kind of object, kept current by list + watch (client-go's
// reflector and shared informer, in small).
//
// It lists (paged), then watches from the list's resourceVersion with bookmarks, applying each event
// to the cache and telling the handlers: added(new), updated(old, new), deleted(last). The watch is
// resumed from the last resourceVersion seen (event or bookmark) when the server ends it cleanly or
// the connection fails; the informer relists when the resourceVersion has expired (410 Gone, the
// server's history was compacted) or the watch reports another ERROR. A relist compares the fresh
// list with the cache, so handlers see exactly the changes they missed: no event twice, none lost.
// Retries wait with exponential back-off and jitter. Resync (optional) re-delivers updated(o, o) for
// every cached object periodically, so level-triggered controllers revisit everything.
//
// Scoping: one resource, optionally one namespace and label/field selectors (server-side).
//
// Thread affinity: an Informer lives on its ApiClient's thread, and handlers run there. The cache
// reads (get, list, snapshot, hasSynced, lastSyncResourceVersion) are thread-safe and may be called
// from any thread: cached objects are immutable and shared (api::ObjectPtr), and a snapshot is a
// consistent copy that later events do not change. Do not destroy the informer from inside a handler
// (use deleteLater()).
#pragma once

#include "apiclient.h"
#include "backoff.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QObject>
#include <QReadWriteLock>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <functional>

namespace tugboat::client {

struct InformerOptions {
    api::ResourceInfo resource;
    QString namespaceName; // empty: all namespaces (and always for cluster-scoped resources)
    QString labelSelector;
    QString fieldSelector;
    // Period of resync; 0: none. A QTimer drives it, so tests use short periods or call resync().
    std::chrono::milliseconds resyncPeriod{0};
    int pageSize = 500; // list page size (limit); 0: unpaged
    // Each watch asks the server to end it after a random time in [t, 2t), so that many informers do
    // not reconnect in step; it then resumes from the last resourceVersion.
    int watchTimeoutSeconds = 300;
    std::chrono::milliseconds initialBackoff{250};
    std::chrono::milliseconds maxBackoff{30'000};
    // Applied to every object before it is cached and handed to handlers (client-go's SetTransform):
    // a controller that needs only metadata keeps only metadata, and the cache stays small.
    std::function<api::ObjectPtr(const api::ObjectPtr &)> transform;
    // A transform must keep a subset of the object at the same paths: shared informers may hand its
    // consumer whole objects instead (SharedInformers).
    // Names the transform, so that informers with the same options and transform may be shared
    // (SharedInformers); a transform without one is only served by an informer of whole objects.
    QString transformId;
};

// A transform that keeps apiVersion, kind and metadata (without managedFields): what the garbage
// collector and the namespace controller read (Kubernetes' metadata-only informers).
api::ObjectPtr metadataOnly(const api::ObjectPtr &object);

struct InformerHandlers {
    std::function<void(const api::ObjectPtr &object)> added;
    // On resync old and now are the same object.
    std::function<void(const api::ObjectPtr &old, const api::ObjectPtr &now)> updated;
    // The object's last known state.
    std::function<void(const api::ObjectPtr &last)> deleted;
};

// The cache at one moment: key -> object, keys as Informer::key() makes them.
using CacheSnapshot = QHash<QString, api::ObjectPtr>;

class Informer : public QObject {
    Q_OBJECT
public:
    // `client` must outlive the informer and live on the same thread.
    Informer(ApiClient &client, InformerOptions options, QObject *parent = nullptr);
    ~Informer() override;

    // Starts listing and watching (again, after stop()). The cache is kept across stop() and start().
    void start();
    // Stops watching; nothing is delivered afterwards until start().
    void stop();
    bool isRunning() const { return m_running; }

    // Handlers registered once the cache has synced are first told about every cached object as
    // added, right away. Returns an id for removeEventHandler().
    int addEventHandler(InformerHandlers handlers);
    void removeEventHandler(int id);

    // Re-delivers updated(o, o) for every cached object (what the resync timer does).
    void resync();

    // --- thread-safe reads
    // Whether the first list has been applied to the cache.
    bool hasSynced() const { return m_synced.load(); }
    // The resourceVersion the cache is current at: where a watch resumes.
    QString lastSyncResourceVersion() const;
    api::ObjectPtr get(const QString &ns, const QString &name) const;
    api::ObjectPtr get(const QString &key) const;
    QList<api::ObjectPtr> list() const;
    CacheSnapshot snapshot() const;
    qsizetype size() const;

    // "namespace/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc).
    static QString key(const QString &ns, const QString &name);
    static QString keyOf(const api::Object &object) { return key(object.namespaceName(), object.name()); }

    const InformerOptions &options() const { return m_options; }

signals:
    // The first list has been applied (hasSynced() turned true).
    void synced();
    // Each completed list (the first and every relist), at its resourceVersion.
    void listed(const QString &resourceVersion);
    // Each watch started, from this resourceVersion.
    void watchStarted(const QString &resourceVersion);

private:
    void relist();
    void onListed(api::Result<ObjectList> list);
    void startWatch();
    void onEvent(const WatchEvent &event);
    void onWatchEnded(api::Result<void> result);
    void retryLater(void (Informer::*step)(), const QString &why);
    void setLastResourceVersion(const QString &rv);
    QString describe() const;

    void notifyAdded(const api::ObjectPtr &object);
    void notifyUpdated(const api::ObjectPtr &old, const api::ObjectPtr &now);
    void notifyDeleted(const api::ObjectPtr &last);

    ApiClient &m_client;
    InformerOptions m_options;
    bool m_running = false;
    Call m_call; // the list or watch in flight
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_resyncTimer;
    void (Informer::*m_retryStep)() = nullptr;
    QElapsedTimer m_watchAge;
    int m_watchEvents = 0;

    QMap<int, InformerHandlers> m_handlers;
    int m_nextHandlerId = 1;

    mutable QReadWriteLock m_lock; // guards m_cache and m_lastRv, written on the informer's thread only
    CacheSnapshot m_cache;
    QString m_lastRv;
    std::atomic<bool> m_synced{false};
};

} // namespace tugboat::client
