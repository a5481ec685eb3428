// The etcd v3 backend: the store's semantics (store.h) mapped onto etcd's MVCC, through etcd's JSON
// gateway (EtcdClient: nothing packaged speaks etcd v3 from C++).
//
// Mapping:
// - A revision is etcd's revision; an object's resourceVersion is its key's mod_revision. Values are the
//   objects without resourceVersion (encodeForStorage).
// - create is txn(create_revision == 0 ? put); update and remove are txn(mod_revision == expected ?
//   put/delete with prev_kv : range), so one round trip tells success, NotFound or Conflict (expected 0:
//   create_revision > 0, i.e. "exists"). get and list are ranges; a list at a past revision is a range
//   at that revision (compacted: Gone; not reached yet: Timeout).
// - Watches: ONE etcd watch over the whole key space (prev_kv) feeds a WatchHub. The hub's catch-up
//   history is a ring of the most recent kHistoryEvents events kept here, so a watch reaches back to
//   the ring's start or etcd's compaction, whichever is later (else Gone). At open the ring is filled
//   from etcd's history. If the stream breaks it resumes from the last revision it delivered; if etcd
//   compacted that meanwhile, every watch is closed with Gone (clients list and watch again).
// - Retention: etcd keeps no write times, so the store samples (revision, time) as it sees writes and
//   events (at most about two samples a second), and compactExpired() compacts etcd at the newest
//   sampled revision older than StoreOptions::retentionMs by StoreOptions::clock.
//
// Thread-safety: as Store; calls block on the client's thread for etcd's answer (requestTimeoutMs).
// Watch events, and so Watch::setNotify callbacks, arrive on the client's thread. A background thread
// runs compactExpired() every StoreOptions::maintenanceIntervalMs (0: none).
#pragma once

#include "etcdclient.h"
#include "store.h"
#include "watchhub.h"

#include <atomic>
#include <thread>

namespace tugboat::store {

class EtcdStore final : public Store {
public:
    // Events kept in memory for watches that start in the past.
    static constexpr size_t kHistoryEvents = 10'000;

    // endpoints: "HOST:PORT" each. Fails if none answers.
    static Result<std::unique_ptr<EtcdStore>> open(const QStringList &endpoints, StoreOptions options = {});
    ~EtcdStore() override;

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
    QString backendName() const override { return QStringLiteral("etcd"); }

private:
    struct Sample {
        qint64 revision = 0;
        qint64 timeMs = 0;
    };

    EtcdStore(const QStringList &endpoints, StoreOptions options);
    Result<void> start();
    // update (object set) and remove (object null): compare-and-swap on the mod revision.
    Result<KeyValue> writeExisting(const QString &key, const api::Object *object, qint64 expectedRevision);
    Result<QJsonObject> call(const char *path, const QJsonObject &request, EtcdClient::Retry retry);
    void noteRevision(qint64 revision);
    void noteWrite(qint64 revision);
    void addSampleLocked(qint64 revision, qint64 timeMs);
    qint64 historyFloorLocked() const;
    bool waitForStream(qint64 revision, int timeoutMs);
    Result<std::vector<WatchEvent>> history(const QString &prefix, qint64 after, qint64 upTo);
    void forgetBeforeLocked(qint64 revision);
    void maintenanceLoop();

    // The watch stream's side, on the client's thread.
    void onStreamEvents(std::vector<EtcdEvent> events);
    void onStreamCompacted(qint64 compactRevision);
    void onStreamProgress(qint64 revision);
    void markDelivered(qint64 revision);
    std::optional<WatchEvent> toWatchEventLocked(const EtcdEvent &event) const;
    void skippedForeignValue(const QString &key, qint64 revision) const;

    StoreOptions m_options;
    std::unique_ptr<EtcdClient> m_client;
    WatchHub m_hub;
    std::atomic<qint64> m_known{0}; // the newest revision any answer from etcd reported
    mutable std::atomic<bool> m_warnedForeignValue{false};

    // Held while the stream publishes a batch and while a watch registers, so that a watch never
    // registers between two events of one revision.
    std::mutex m_publishMutex;

    mutable std::mutex m_mutex; // guards what follows
    std::condition_variable m_streamAdvanced;
    std::deque<WatchEvent> m_ring;  // ascending revision
    qint64 m_ringFloor = 0;         // the ring holds every event with a revision above this
    qint64 m_streamRevision = 0;    // every change up to here has reached the ring and the hub
    qint64 m_publishedRevision = 0; // the hub's revision (events at or below it are not published)
    qint64 m_compacted = 0;         // etcd's compaction, as far as this store knows
    std::deque<Sample> m_samples;   // (revision, when it was seen), ascending

    std::thread m_maintenance;
    std::mutex m_maintenanceMutex;
    std::condition_variable m_maintenanceCv;
    bool m_stopping = false;
};

} // namespace tugboat::store
