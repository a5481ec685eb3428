#include "memorystore.h"

#include <set>

namespace tugboat::store {

MemoryStore::MemoryStore(StoreOptions options)
    : m_options(options)
    , m_hub(options.maxQueuedPerWatcher)
{}

MemoryStore::~MemoryStore() = default;

KeyValue MemoryStore::commitLocked(const QString &key, EventType type, const api::Object &object, const Entry *previous)
{
    const qint64 rev = ++m_revision;
    KeyValue kv{key, withRevision(object, rev), previous ? previous->createRevision : rev, rev};
    if (type == EventType::Deleted)
        m_current.erase(key);
    else
        m_current[key] = Entry{kv.object, kv.createRevision, rev};
    WatchEvent event{type, key, kv.object, previous ? previous->object : ObjectPtr(), rev};
    m_log.push_back(LogEntry{event, kv.createRevision, m_options.clock->nowMs()});
    m_hub.publish(event);
    return kv;
}

Result<KeyValue> MemoryStore::create(const QString &key, const api::Object &object)
{
    std::lock_guard lock(m_mutex);
    if (m_current.count(key))
        return errors::alreadyExists(key);
    return commitLocked(key, EventType::Added, object, nullptr);
}

Result<KeyValue> MemoryStore::update(const QString &key, const api::Object &object, qint64 expectedRevision)
{
    std::lock_guard lock(m_mutex);
    auto it = m_current.find(key);
    if (it == m_current.end())
        return errors::notFound(key);
    if (expectedRevision != 0 && it->second.modRevision != expectedRevision)
        return errors::conflict(key, expectedRevision, it->second.modRevision);
    const Entry previous = it->second;
    return commitLocked(key, EventType::Modified, object, &previous);
}

Result<KeyValue> MemoryStore::remove(const QString &key, qint64 expectedRevision)
{
    std::lock_guard lock(m_mutex);
    auto it = m_current.find(key);
    if (it == m_current.end())
        return errors::notFound(key);
    if (expectedRevision != 0 && it->second.modRevision != expectedRevision)
        return errors::conflict(key, expectedRevision, it->second.modRevision);
    const Entry previous = it->second;
    return commitLocked(key, EventType::Deleted, *previous.object, &previous);
}

Result<KeyValue> MemoryStore::get(const QString &key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_current.find(key);
    if (it == m_current.end())
        return errors::notFound(key);
    return KeyValue{key, it->second.object, it->second.createRevision, it->second.modRevision};
}

Result<ListResult> MemoryStore::list(const QString &prefix, const ListOptions &options)
{
    std::lock_guard lock(m_mutex);
    ListResult out;
    out.revision = options.revision ? options.revision : m_revision;
    if (options.revision > m_revision)
        return Error(
            ErrorCode::Timeout,
            QStringLiteral("resource version %1 is newer than the store's %2").arg(options.revision).arg(m_revision));
    if (options.revision && options.revision < m_compacted)
        return errors::tooOld(options.revision, m_compacted);

    const QString from = options.startAfter.isEmpty() ? prefix : options.startAfter;
    auto accept = [&](const KeyValue &kv) {
        if (options.limit > 0 && out.items.size() >= size_t(options.limit)) {
            out.more = true;
            return false;
        }
        out.items.push_back(kv);
        return true;
    };

    if (!options.revision || options.revision == m_revision) {
        for (auto it = m_current.lower_bound(from); it != m_current.end() && it->first.startsWith(prefix); ++it) {
            if (it->first == options.startAfter)
                continue;
            if (!accept(KeyValue{it->first, it->second.object, it->second.createRevision, it->second.modRevision}))
                break;
        }
        return out;
    }

    // A past revision: the latest log entry of each key at or before it.
    std::map<QString, const LogEntry *> state;
    for (const LogEntry &e : m_log) {
        if (e.event.revision > options.revision)
            break;
        if (e.event.key.startsWith(prefix) && e.event.key > options.startAfter)
            state[e.event.key] = &e;
    }
    for (const auto &[key, e] : state) {
        if (e->event.type == EventType::Deleted)
            continue;
        if (!accept(KeyValue{key, e->event.object, e->createRevision, e->event.revision}))
            break;
    }
    return out;
}

Result<std::vector<WatchEvent>> MemoryStore::history(const QString &prefix, qint64 after, qint64 upTo)
{
    std::lock_guard lock(m_mutex);
    if (after < m_compacted)
        return errors::tooOld(after, m_compacted);
    std::vector<WatchEvent> out;
    for (const LogEntry &e : m_log) {
        if (e.event.revision > upTo)
            break;
        if (e.event.revision > after && e.event.key.startsWith(prefix))
            out.push_back(e.event);
    }
    return out;
}

Result<WatchPtr> MemoryStore::watch(const QString &prefix, qint64 fromRevision)
{
    const qint64 compacted = compactedRevision();
    return m_hub.watch(prefix, fromRevision, compacted,
                       [this](const QString &p, qint64 after, qint64 upTo) { return history(p, after, upTo); });
}

Result<qint64> MemoryStore::currentRevision()
{
    std::lock_guard lock(m_mutex);
    return m_revision;
}

qint64 MemoryStore::compactedRevision()
{
    std::lock_guard lock(m_mutex);
    return m_compacted;
}

Result<void> MemoryStore::compact(qint64 revision)
{
    std::lock_guard lock(m_mutex);
    revision = std::min(revision, m_revision);
    if (revision <= m_compacted)
        return {};
    // Keep, of the entries at or before `revision`, only the latest live one of each key: the state
    // at `revision` stays listable, the changes before it are forgotten.
    std::set<QString> seen;
    std::deque<LogEntry> kept;
    for (auto it = m_log.rbegin(); it != m_log.rend(); ++it) {
        if (it->event.revision > revision) {
            kept.push_front(*it);
            continue;
        }
        if (!seen.insert(it->event.key).second)
            continue;
        if (it->event.type != EventType::Deleted)
            kept.push_front(*it);
    }
    m_log.swap(kept);
    m_compacted = revision;
    return {};
}

Result<void> MemoryStore::compactExpired()
{
    qint64 target = 0;
    {
        std::lock_guard lock(m_mutex);
        const qint64 cutoff = m_options.clock->nowMs() - m_options.retentionMs;
        for (const LogEntry &e : m_log) {
            if (e.timeMs >= cutoff)
                break;
            target = e.event.revision;
        }
    }
    return target ? compact(target) : Result<void>();
}

} // namespace tugboat::store
