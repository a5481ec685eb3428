#include "etcdstore.h"

#include <QJsonArray>
#include <algorithm>

namespace tugboat::store {

namespace {

// Two samples at most per this span (see addSampleLocked), and a bound for a store that is never
// asked to compact.
constexpr qint64 kSampleSpacingMs = 1000;
constexpr size_t kMaxSamples = 100'000;

QString b64(const QByteArray &bytes)
{
    return EtcdClient::base64(bytes);
}

QString str(qint64 v)
{
    return QString::number(v);
}

// A txn compare on one key: {"key", "target": CREATE|MOD, "result": EQUAL|GREATER, <field>: value}.
QJsonObject compare(const QByteArray &key, const char *target, const char *result, const char *field, qint64 value)
{
    return QJsonObject{{QStringLiteral("key"), b64(key)},
                       {QStringLiteral("target"), QLatin1String(target)},
                       {QStringLiteral("result"), QLatin1String(result)},
                       {QLatin1String(field), str(value)}};
}

QJsonObject requestOp(const char *kind, const QJsonObject &request)
{
    return QJsonObject{{QLatin1String(kind), request}};
}

// The body of the first response of a txn answer: responses[0].<kind>.
QJsonObject firstResponse(const QJsonObject &txn, const char *kind)
{
    return txn.value(QLatin1String("responses")).toArray().at(0).toObject().value(QLatin1String(kind)).toObject();
}

bool succeeded(const QJsonObject &txn)
{
    return txn.value(QLatin1String("succeeded")).toBool(); // left out when false
}

Result<KeyValue> toKeyValue(const EtcdKeyValue &kv)
{
    const QString key = QString::fromUtf8(kv.key);
    auto object = decodeFromStorage(kv.value, key);
    if (!object)
        return object.error();
    return KeyValue{key, withRevision(object.value(), kv.modRevision), kv.createRevision, kv.modRevision};
}

} // namespace

EtcdStore::EtcdStore(const QStringList &endpoints, StoreOptions options)
    : m_options(options)
    , m_hub(options.maxQueuedPerWatcher)
{
    EtcdClient::Options clientOptions;
    clientOptions.endpoints = endpoints;
    m_client = std::make_unique<EtcdClient>(clientOptions);
}

Result<std::unique_ptr<EtcdStore>> EtcdStore::open(const QStringList &endpoints, StoreOptions options)
{
    if (endpoints.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("no etcd endpoint given"));
    std::unique_ptr<EtcdStore> store(new EtcdStore(endpoints, options));
    if (auto started = store->start(); !started)
        return started.error();
    return store;
}

Result<void> EtcdStore::start()
{
    auto head = currentRevision();
    if (!head)
        return head.error();
    // Revision 1 is etcd's empty start and has no event; the ring starts at most kHistoryEvents back.
    const qint64 from = std::max<qint64>(2, head.value() - qint64(kHistoryEvents) + 1);
    {
        std::lock_guard lock(m_mutex);
        m_ringFloor = from - 1;
        m_streamRevision = from - 1;
        m_publishedRevision = head.value();
        addSampleLocked(head.value(), m_options.clock->nowMs());
    }
    m_hub.setRevision(head.value());

    EtcdClient::WatchHandler handler;
    handler.events = [this](std::vector<EtcdEvent> events) { onStreamEvents(std::move(events)); };
    handler.compacted = [this](qint64 revision) { onStreamCompacted(revision); };
    handler.progress = [this](qint64 revision) { onStreamProgress(revision); };
    m_client->startWatch(from, std::move(handler));

    // Watches from before the open are served from the ring: have it filled first.
    const int timeoutMs = m_client->options().requestTimeoutMs;
    if (!waitForStream(head.value(), timeoutMs))
        return Error(ErrorCode::Unavailable,
                     QStringLiteral("etcd at %1: the watch stream did not reach revision %2 within %3 ms")
                         .arg(m_client->options().endpoints.join(QLatin1Char(',')))
                         .arg(head.value())
                         .arg(timeoutMs));

    if (m_options.maintenanceIntervalMs > 0)
        m_maintenance = std::thread([this] { maintenanceLoop(); });
    return {};
}

EtcdStore::~EtcdStore()
{
    {
        std::lock_guard lock(m_maintenanceMutex);
        m_stopping = true;
    }
    m_maintenanceCv.notify_all();
    if (m_maintenance.joinable())
        m_maintenance.join();
    m_client.reset(); // no stream callbacks after this
    m_hub.closeAll(Error(ErrorCode::Unavailable, QStringLiteral("the store is closing")));
}

Result<QJsonObject> EtcdStore::call(const char *path, const QJsonObject &request, EtcdClient::Retry retry)
{
    auto answer = m_client->call(path, request, retry);
    if (answer)
        noteRevision(EtcdClient::headerRevision(answer.value()));
    return answer;
}

void EtcdStore::noteRevision(qint64 revision)
{
    qint64 known = m_known.load();
    while (revision > known && !m_known.compare_exchange_weak(known, revision)) {
    }
}

void EtcdStore::noteWrite(qint64 revision)
{
    noteRevision(revision);
    std::lock_guard lock(m_mutex);
    addSampleLocked(revision, m_options.clock->nowMs());
}

// A sample (r, t) says "revision r existed at time t". Each new sample is appended, except that when
// the one before the last is less than kSampleSpacingMs older, the last is replaced (moved forward):
// e.g. samples at 0 ms (r10) and 400 ms (r11), then r12 at 900 ms replaces r11 (900 - 0 < 1000), and
// r13 at 1200 ms is appended. So samples never claim a revision older than it is, and there are at most
// two per second.
void EtcdStore::addSampleLocked(qint64 revision, qint64 timeMs)
{
    if (!m_samples.empty() && revision <= m_samples.back().revision)
        return;
    if (m_samples.size() >= 2 && timeMs - m_samples[m_samples.size() - 2].timeMs < kSampleSpacingMs) {
        m_samples.back() = Sample{revision, std::max(timeMs, m_samples.back().timeMs)};
        return;
    }
    m_samples.push_back(Sample{revision, timeMs});
    if (m_samples.size() > kMaxSamples)
        m_samples.pop_front();
}

Result<KeyValue> EtcdStore::create(const QString &key, const api::Object &object)
{
    const QByteArray k = key.toUtf8();
    const QJsonObject txn{
        {QStringLiteral("compare"), QJsonArray{compare(k, "CREATE", "EQUAL", "create_revision", 0)}},
        {QStringLiteral("success"),
         QJsonArray{requestOp("request_put", QJsonObject{{QStringLiteral("key"), b64(k)},
                                                         {QStringLiteral("value"), b64(encodeForStorage(object))}})}},
    };
    auto answer = call("kv/txn", txn, EtcdClient::Retry::IfNotSent);
    if (!answer)
        return answer.error();
    if (!succeeded(answer.value()))
        return errors::alreadyExists(key);
    const qint64 rev = EtcdClient::headerRevision(answer.value());
    noteWrite(rev);
    return KeyValue{key, withRevision(object, rev), rev, rev};
}

Result<KeyValue> EtcdStore::update(const QString &key, const api::Object &object, qint64 expectedRevision)
{
    return writeExisting(key, &object, expectedRevision);
}

Result<KeyValue> EtcdStore::remove(const QString &key, qint64 expectedRevision)
{
    return writeExisting(key, nullptr, expectedRevision);
}

Result<KeyValue> EtcdStore::writeExisting(const QString &key, const api::Object *object, qint64 expectedRevision)
{
    const QByteArray k = key.toUtf8();
    const QJsonObject condition = expectedRevision != 0 ? compare(k, "MOD", "EQUAL", "mod_revision", expectedRevision)
                                                        : compare(k, "CREATE", "GREATER", "create_revision", 0);
    QJsonObject change{{QStringLiteral("key"), b64(k)}, {QStringLiteral("prev_kv"), true}};
    if (object)
        change.insert(QStringLiteral("value"), b64(encodeForStorage(*object)));
    const QJsonObject txn{
        {QStringLiteral("compare"), QJsonArray{condition}},
        {QStringLiteral("success"), QJsonArray{requestOp(object ? "request_put" : "request_delete_range", change)}},
        // On failure, read the key: absent means NotFound, present means Conflict.
        {QStringLiteral("failure"),
         QJsonArray{requestOp("request_range", QJsonObject{{QStringLiteral("key"), b64(k)}})}},
    };
    auto answer = call("kv/txn", txn, EtcdClient::Retry::IfNotSent);
    if (!answer)
        return answer.error();
    if (!succeeded(answer.value())) {
        const QJsonArray kvs = firstResponse(answer.value(), "response_range").value(QLatin1String("kvs")).toArray();
        if (kvs.isEmpty())
            return errors::notFound(key);
        return errors::conflict(key, expectedRevision, EtcdClient::keyValue(kvs.first().toObject()).modRevision);
    }
    const qint64 rev = EtcdClient::headerRevision(answer.value());
    noteWrite(rev);
    if (object) {
        const EtcdKeyValue previous = EtcdClient::keyValue(
            firstResponse(answer.value(), "response_put").value(QLatin1String("prev_kv")).toObject());
        return KeyValue{key, withRevision(*object, rev), previous.createRevision, rev};
    }
    const QJsonArray previous =
        firstResponse(answer.value(), "response_delete_range").value(QLatin1String("prev_kvs")).toArray();
    if (previous.isEmpty())
        return Error(ErrorCode::Internal, QStringLiteral("etcd deleted %1 without returning its last value").arg(key));
    const EtcdKeyValue last = EtcdClient::keyValue(previous.first().toObject());
    auto lastObject = decodeFromStorage(last.value, key);
    if (!lastObject)
        return lastObject.error();
    return KeyValue{key, withRevision(lastObject.value(), rev), last.createRevision, rev};
}

Result<KeyValue> EtcdStore::get(const QString &key)
{
    auto answer = call("kv/range", QJsonObject{{QStringLiteral("key"), b64(key.toUtf8())}}, EtcdClient::Retry::Always);
    if (!answer)
        return answer.error();
    const QJsonArray kvs = answer->value(QLatin1String("kvs")).toArray();
    if (kvs.isEmpty())
        return errors::notFound(key);
    return toKeyValue(EtcdClient::keyValue(kvs.first().toObject()));
}

Result<ListResult> EtcdStore::list(const QString &prefix, const ListOptions &options)
{
    const QByteArray p = prefix.toUtf8();
    QByteArray from = p.isEmpty() ? QByteArray(1, '\0') : p;
    if (!options.startAfter.isEmpty())
        from = std::max(from, options.startAfter.toUtf8() + '\0'); // the next key after startAfter
    QJsonObject request{{QStringLiteral("key"), b64(from)},
                        {QStringLiteral("range_end"), b64(EtcdClient::prefixEnd(p))}};
    if (options.limit > 0)
        request.insert(QStringLiteral("limit"), str(options.limit));
    if (options.revision > 0)
        request.insert(QStringLiteral("revision"), str(options.revision));

    auto answer = call("kv/range", request, EtcdClient::Retry::Always);
    if (!answer) {
        if (answer.error().code() == ErrorCode::Gone)
            return errors::tooOld(options.revision, compactedRevision());
        if (answer.error().code() == ErrorCode::Timeout && options.revision > m_known.load())
            return Error(ErrorCode::Timeout, QStringLiteral("Too large resource version: %1, current: %2")
                                                 .arg(options.revision)
                                                 .arg(m_known.load()));
        return answer.error();
    }
    ListResult out;
    out.revision = options.revision > 0 ? options.revision : EtcdClient::headerRevision(answer.value());
    out.more = answer->value(QLatin1String("more")).toBool();
    const QJsonArray kvs = answer->value(QLatin1String("kvs")).toArray();
    out.items.reserve(size_t(kvs.size()));
    for (const QJsonValue &kv : kvs) {
        auto item = toKeyValue(EtcdClient::keyValue(kv.toObject()));
        if (!item)
            return item.error();
        out.items.push_back(std::move(item.value()));
    }
    return out;
}

Result<qint64> EtcdStore::currentRevision()
{
    // Any linearizable read answers with the current revision in its header.
    const QJsonObject request{{QStringLiteral("key"), b64(QByteArray(1, '\0'))}, {QStringLiteral("count_only"), true}};
    auto answer = call("kv/range", request, EtcdClient::Retry::Always);
    if (!answer)
        return answer.error();
    return EtcdClient::headerRevision(answer.value());
}

qint64 EtcdStore::compactedRevision()
{
    std::lock_guard lock(m_mutex);
    return m_compacted;
}

Result<void> EtcdStore::compact(qint64 revision)
{
    if (revision <= compactedRevision())
        return {};
    if (revision > m_known.load()) {
        if (auto head = currentRevision(); !head)
            return head.error();
    }
    revision = std::min(revision, m_known.load());
    if (revision <= compactedRevision())
        return {};
    auto answer =
        call("kv/compaction", QJsonObject{{QStringLiteral("revision"), str(revision)}}, EtcdClient::Retry::Always);
    // Gone: etcd was already compacted at or past it (by another client).
    if (!answer && answer.error().code() != ErrorCode::Gone)
        return answer.error();
    std::lock_guard lock(m_mutex);
    forgetBeforeLocked(revision);
    return {};
}

Result<void> EtcdStore::compactExpired()
{
    qint64 target = 0;
    {
        std::lock_guard lock(m_mutex);
        const qint64 cutoff = m_options.clock->nowMs() - m_options.retentionMs;
        for (const Sample &s : m_samples) {
            if (s.timeMs >= cutoff)
                break;
            target = s.revision;
        }
        if (target <= m_compacted)
            return {};
    }
    return compact(target);
}

// etcd is compacted at `revision`: nothing at or before it is asked for again.
void EtcdStore::forgetBeforeLocked(qint64 revision)
{
    m_compacted = std::max(m_compacted, revision);
    while (!m_ring.empty() && m_ring.front().revision <= m_compacted)
        m_ring.pop_front();
    m_ringFloor = std::max(m_ringFloor, m_compacted);
    while (m_samples.size() > 1 && m_samples.front().revision <= m_compacted)
        m_samples.pop_front();
}

qint64 EtcdStore::historyFloorLocked() const
{
    return std::max(m_compacted, m_ringFloor);
}

bool EtcdStore::waitForStream(qint64 revision, int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    return m_streamAdvanced.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                     [&] { return m_streamRevision >= revision; });
}

Result<WatchPtr> EtcdStore::watch(const QString &prefix, qint64 fromRevision)
{
    // The hub only knows what the stream delivered. Wait until that covers every change up to where
    // the watch starts (or, for "from now", up to the newest revision this store has seen), so that
    // the hub neither misses one nor hands one out again.
    if (fromRevision > m_known.load()) {
        if (auto head = currentRevision(); !head)
            return head.error();
    }
    const qint64 target = fromRevision > 0 ? std::min(fromRevision, m_known.load()) : m_known.load();
    const int timeoutMs = m_client->options().requestTimeoutMs;
    if (!waitForStream(target, timeoutMs))
        return Error(ErrorCode::Unavailable,
                     QStringLiteral("etcd at %1: the watch stream did not reach revision %2 within %3 ms")
                         .arg(m_client->options().endpoints.join(QLatin1Char(',')))
                         .arg(target)
                         .arg(timeoutMs));

    std::lock_guard publishing(m_publishMutex);
    qint64 floor = 0;
    {
        std::lock_guard lock(m_mutex);
        floor = historyFloorLocked();
    }
    if (fromRevision > 0 && fromRevision < floor)
        return errors::tooOld(fromRevision, floor);
    return m_hub.watch(prefix, fromRevision, floor,
                       [this](const QString &p, qint64 after, qint64 upTo) { return history(p, after, upTo); });
}

Result<std::vector<WatchEvent>> EtcdStore::history(const QString &prefix, qint64 after, qint64 upTo)
{
    std::lock_guard lock(m_mutex);
    const qint64 floor = historyFloorLocked();
    if (after < floor)
        return errors::tooOld(after, floor);
    std::vector<WatchEvent> out;
    auto it = std::upper_bound(m_ring.begin(), m_ring.end(), after,
                               [](qint64 rev, const WatchEvent &e) { return rev < e.revision; });
    for (; it != m_ring.end() && it->revision <= upTo; ++it) {
        if (it->key.startsWith(prefix))
            out.push_back(*it);
    }
    return out;
}

// The stream sees the whole key space: on an etcd shared with other programs, values that are not
// Tugboat's objects are passed over, and said so once.
void EtcdStore::skippedForeignValue(const QString &key, qint64 revision) const
{
    if (!m_warnedForeignValue.exchange(true))
        qCWarning(lcEtcd).noquote() << "watch stream: passing over values that are not JSON objects; first: key=" << key
                                    << "revision=" << revision;
    else
        qCDebug(lcEtcd).noquote() << "watch stream: passing over key=" << key << "revision=" << revision;
}

std::optional<WatchEvent> EtcdStore::toWatchEventLocked(const EtcdEvent &event) const
{
    const QString key = QString::fromUtf8(event.kv.key);
    const qint64 rev = event.kv.modRevision;
    ObjectPtr previous;
    if (event.previous) {
        auto decoded = decodeFromStorage(event.previous->value, key);
        if (!decoded) {
            skippedForeignValue(key, rev);
            return std::nullopt;
        }
        previous = withRevision(decoded.value(), event.previous->modRevision);
    }
    if (event.deleted) {
        if (!previous) {
            // etcd leaves prev_kv out when the revision before the deletion was compacted meanwhile:
            // take the key's last object from the ring, else deliver the deletion without one.
            auto it = std::find_if(m_ring.rbegin(), m_ring.rend(), [&](const WatchEvent &e) { return e.key == key; });
            previous = it != m_ring.rend() ? it->object : withRevision(api::Object(), rev);
        }
        return WatchEvent{EventType::Deleted, key, withRevision(*previous, rev), previous, rev};
    }
    auto object = decodeFromStorage(event.kv.value, key);
    if (!object) {
        skippedForeignValue(key, rev);
        return std::nullopt;
    }
    const EventType type = event.kv.createRevision == rev ? EventType::Added : EventType::Modified;
    return WatchEvent{type, key, withRevision(object.value(), rev), previous, rev};
}

void EtcdStore::onStreamEvents(std::vector<EtcdEvent> events)
{
    if (events.empty())
        return;
    const qint64 last = events.back().kv.modRevision;
    noteRevision(last);

    std::lock_guard publishing(m_publishMutex);
    std::vector<WatchEvent> live;
    {
        std::lock_guard lock(m_mutex);
        for (const EtcdEvent &e : events) {
            auto event = toWatchEventLocked(e);
            if (!event)
                continue;
            if (event->revision > m_ringFloor)
                m_ring.push_back(*event);
            if (event->revision > m_publishedRevision)
                live.push_back(std::move(*event));
        }
        // Trim whole revisions, so the floor stays exact.
        while (m_ring.size() > kHistoryEvents) {
            const qint64 dropped = m_ring.front().revision;
            while (!m_ring.empty() && m_ring.front().revision == dropped)
                m_ring.pop_front();
            m_ringFloor = std::max(m_ringFloor, dropped);
        }
        addSampleLocked(last, m_options.clock->nowMs());
    }
    for (const WatchEvent &e : live)
        m_hub.publish(e);
    markDelivered(last);
}

void EtcdStore::onStreamCompacted(qint64 compactRevision)
{
    std::lock_guard publishing(m_publishMutex);
    qint64 missedAfter = 0;
    {
        std::lock_guard lock(m_mutex);
        missedAfter = m_streamRevision;
        m_ring.clear();
        forgetBeforeLocked(compactRevision);
    }
    // The changes after missedAfter up to compactRevision are lost to every watcher.
    if (m_hub.watcherCount() > 0)
        qCWarning(lcEtcd) << "closing every watch: changes after revision" << missedAfter
                          << "were compacted before the watch stream saw them; compacted=" << compactRevision;
    m_hub.closeAll(errors::tooOld(missedAfter, compactRevision));
    markDelivered(compactRevision);
}

void EtcdStore::onStreamProgress(qint64 revision)
{
    // etcd sends progress notifications to a watcher that has caught up: nothing up to `revision` is
    // still on its way.
    noteRevision(revision);
    std::lock_guard publishing(m_publishMutex);
    markDelivered(revision);
}

// With m_publishMutex held: every change up to `revision` has reached the ring and the hub.
void EtcdStore::markDelivered(qint64 revision)
{
    qint64 published = 0;
    {
        std::lock_guard lock(m_mutex);
        m_publishedRevision = std::max(m_publishedRevision, revision);
        m_streamRevision = std::max(m_streamRevision, revision);
        published = m_publishedRevision;
    }
    m_hub.setRevision(published); // also past changes that were skipped (values that are not objects)
    m_streamAdvanced.notify_all();
}

void EtcdStore::maintenanceLoop()
{
    const auto interval = std::chrono::milliseconds(m_options.maintenanceIntervalMs);
    std::unique_lock lock(m_maintenanceMutex);
    while (!m_stopping) {
        m_maintenanceCv.wait_for(lock, interval, [this] { return m_stopping; });
        if (m_stopping)
            break;
        lock.unlock();
        if (auto compacted = compactExpired(); !compacted)
            qCWarning(lcEtcd).noquote() << "compaction of expired history failed:" << compacted.errorMessage();
        lock.lock();
    }
}

} // namespace tugboat::store
