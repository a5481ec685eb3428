// The versioned object store: one interface over the SQLite, etcd and memory backends.
//
// Semantics (DESIGN §4), the same for every backend:
// - Every write gets the next global revision; it is the object's metadata.resourceVersion. Objects are
//   stored without resourceVersion and get it set from their modification revision when read.
// - create fails with AlreadyExists if the key exists; update and remove are compare-and-swap on the
//   revision the caller read (Conflict otherwise); expectedRevision 0 means unconditional.
// - get, and list by key prefix at one consistent revision: the latest, or a past one still retained.
// - watch(prefix, R) delivers every change with revision > R in revision order, exactly once; a DELETED
//   event carries the last object. R below the compacted revision fails with ErrorCode::Gone.
// - History older than the retention window is compacted (compactExpired).
//
// Thread-safety: every method may be called from any thread, concurrently. Calls block until the
// backend answers (disk or network): never call them on a thread that serves requests or paints.
#pragma once

#include "api/clock.h"
#include "api/object.h"
#include "api/result.h"

#include <QDeadlineTimer>
#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tugboat::store {

using api::Error;
using api::ErrorCode;
using api::ObjectPtr;
using api::Result;

struct KeyValue {
    QString key;
    ObjectPtr object;          // resourceVersion set to modRevision
    qint64 createRevision = 0; // revision of the write that created the key
    qint64 modRevision = 0;    // revision of the last write (the deletion, for a removed key)
};

struct ListOptions {
    qint64 revision = 0; // 0: the latest; otherwise the state at that revision (must be retained)
    int limit = 0;       // 0: no limit
    QString startAfter;  // continue after this key (exclusive), for paging
};

struct ListResult {
    std::vector<KeyValue> items; // ordered by key
    qint64 revision = 0;         // the revision the list is consistent at
    bool more = false;           // true when `limit` cut the list; continue after items.back().key
};

enum class EventType { Added, Modified, Deleted };

struct WatchEvent {
    EventType type = EventType::Added;
    QString key;
    ObjectPtr object;   // the new object; the last one for Deleted (resourceVersion = the deletion)
    ObjectPtr previous; // the object before this change, when known (null for Added)
    qint64 revision = 0;
};

// The consumer's end of a watch. Events arrive from the writer's (or the backend's) thread into a
// bounded queue; a consumer that falls too far behind is closed with an error rather than ever
// blocking a writer.
//
// Thread-safety: all methods may be called from any thread.
class Watch {
public:
    virtual ~Watch() = default;

    // Events available now (at most `max`), in revision order. Never blocks.
    virtual std::vector<WatchEvent> take(size_t max = SIZE_MAX) = 0;
    // Blocks until an event is available, the watch closes, or the deadline passes. Returns whether
    // there is something to take or the watch is closed.
    virtual bool wait(QDeadlineTimer deadline) = 0;
    // Called (from the producing thread; keep it cheap and non-blocking, e.g. a queued signal) when
    // events become available after the queue was empty, and when the watch closes.
    virtual void setNotify(std::function<void()> notify) = 0;
    // Once closed, no further events arrive; error() says why unless the consumer cancelled.
    virtual bool isClosed() const = 0;
    virtual std::optional<Error> error() const = 0;
    // The revision of the last event taken (or the starting revision): where to resume a new watch.
    virtual qint64 lastRevision() const = 0;
    // How far the store has published, read before a take(): once the events taken after reading it
    // are delivered, the consumer is up to date to this revision even if none were under its prefix
    // (what a watch bookmark reports).
    virtual qint64 progressRevision() const { return lastRevision(); }
    virtual void cancel() = 0;
};

using WatchPtr = std::shared_ptr<Watch>;

// Settings every backend shares.
struct StoreOptions {
    api::Clock *clock = &api::Clock::system();
    qint64 retentionMs = 5 * 60 * 1000; // --history-retention: how far back watches and past lists reach
    size_t maxQueuedPerWatcher = 10000; // a watcher further behind than this is closed
    int maintenanceIntervalMs = 10'000; // background compaction/checkpoint period; 0 disables the thread
};

class Store {
public:
    virtual ~Store() = default;

    // The object is stored without its resourceVersion; the result carries the new one.
    virtual Result<KeyValue> create(const QString &key, const api::Object &object) = 0;
    virtual Result<KeyValue> update(const QString &key, const api::Object &object, qint64 expectedRevision) = 0;
    // The result carries the last object, with resourceVersion set to the deletion's revision.
    virtual Result<KeyValue> remove(const QString &key, qint64 expectedRevision) = 0;

    virtual Result<KeyValue> get(const QString &key) = 0;
    virtual Result<ListResult> list(const QString &prefix, const ListOptions &options = {}) = 0;
    // Changes to keys under `prefix` with revision > fromRevision. fromRevision 0 means "from now".
    virtual Result<WatchPtr> watch(const QString &prefix, qint64 fromRevision) = 0;

    virtual Result<qint64> currentRevision() = 0;
    virtual qint64 compactedRevision() = 0;
    // Forgets history before `revision` (watches and lists from earlier revisions then fail with Gone).
    virtual Result<void> compact(qint64 revision) = 0;
    // Compacts what is older than the retention window, by the store's clock.
    virtual Result<void> compactExpired() = 0;

    // A short name for logs and benchmarks: "sqlite", "etcd", "memory".
    virtual QString backendName() const = 0;
};

// Errors every backend words the same way.
namespace errors {
Error notFound(const QString &key);
Error alreadyExists(const QString &key);
Error conflict(const QString &key, qint64 expected, qint64 actual);
Error tooOld(qint64 requested, qint64 compacted);
Error watcherTooSlow(qint64 revision);
} // namespace errors

// The smallest key greater than every key starting with `prefix` (for range scans).
QString prefixEnd(const QString &prefix);

// Sets metadata.resourceVersion to the revision, as every read does.
ObjectPtr withRevision(const api::Object &object, qint64 revision);
// Removes metadata.resourceVersion: objects are stored without it.
QByteArray encodeForStorage(const api::Object &object);
Result<api::Object> decodeFromStorage(const QByteArray &bytes, const QString &key);

} // namespace tugboat::store
