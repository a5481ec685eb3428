// The memory backend: the store's semantics with nothing on disk. For unit tests of the layers above,
// and the reference the other backends are tested against.
//
// Thread-safety: as Store; one mutex serialises everything.
#pragma once

#include "store.h"
#include "watchhub.h"

#include <deque>
#include <map>
#include <mutex>

namespace tugboat::store {

class MemoryStore final : public Store {
public:
    explicit MemoryStore(StoreOptions options = {});
    ~MemoryStore() override;

    Result<KeyValue> create(const QString &key, const api::Object &object) override;
    Result<KeyValue> update(const QString &key, const api::Object &object, qint64 expectedRevision) override;
    Result<KeyValue> remove(const QString &key, qint64 expectedRevision) override;
    Result<KeyValue> get(const QString &key) override;
    Result<ListResult> list(const QString &prefix, const ListOptions &options) override;
    Result<WatchPtr> watch(const QString &prefix, qint64 fromRevision) override;
    Result<qint64> currentRevision() override;
    qint64 compactedRevision() override;
    Result<void> compact(qint64 revision) override;
    Result<void> compactExpired() override;
    QString backendName() const override { return QStringLiteral("memory"); }

    // Watches open on the store (tests observe watches ending).
    size_t watcherCount() const { return m_hub.watcherCount(); }

private:
    struct Entry {
        ObjectPtr object; // with resourceVersion
        qint64 createRevision = 0;
        qint64 modRevision = 0;
    };
    struct LogEntry {
        WatchEvent event;
        qint64 createRevision = 0;
        qint64 timeMs = 0;
    };

    KeyValue commitLocked(const QString &key, EventType type, const api::Object &object, const Entry *previous);
    Result<std::vector<WatchEvent>> history(const QString &prefix, qint64 after, qint64 upTo);

    StoreOptions m_options;
    std::mutex m_mutex;
    std::map<QString, Entry> m_current;
    std::deque<LogEntry> m_log; // ascending revision
    qint64 m_revision = 0;
    qint64 m_compacted = 0;
    WatchHub m_hub;
};

} // namespace tugboat::store
