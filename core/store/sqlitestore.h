// The SQLite backend: the embedded default, one file in the data dir.
//
// Written on SQLite's C API rather than QtSql: the store needs prepared statements shared by several
// threads under its own locks (QtSql binds a connection to the thread that opened it), WAL hooks to
// checkpoint off the write path, and the online backup API for snapshots.
//
// Layout: `log` is the revision log (every change, with the object as written, or the last object for
// a delete); `kv` is the current state, for fast gets and lists; `meta` holds the current and the
// compacted revision. One writer connection (a mutex serialises writes; each write is one
// transaction) and a small pool of reader connections, which see consistent WAL snapshots.
//
// Durability: journal_mode=WAL with synchronous=NORMAL by default: a committed write survives the
// process being killed (kill -9) — the WAL is in the OS's hands at commit — but the last commits
// before a power loss may be lost (never corrupted). `synchronous=FULL` (Options::syncFull, store URL
// `sqlite?sync=full`) fsyncs every commit and survives power loss too.
//
// WAL size: automatic checkpoints are off; a maintenance thread runs passive checkpoints (which never
// block writers) when the WAL passes a threshold, and truncates it when it has been fully copied back.
#pragma once

#include "store.h"
#include "watchhub.h"

#include <atomic>
#include <thread>

struct sqlite3;

namespace tugboat::store {

class SqliteStore final : public Store {
public:
    struct Options {
        QString path;               // the database file
        bool syncFull = false;      // fsync every commit (power-loss durability) instead of WAL + NORMAL
        int readers = 4;            // reader connections
        int checkpointPages = 4000; // passive checkpoint once the WAL holds this many pages (~16 MiB)
    };

    static Result<std::unique_ptr<SqliteStore>> open(const Options &options, StoreOptions storeOptions = {});
    ~SqliteStore() override;

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
    QString backendName() const override { return QStringLiteral("sqlite"); }

    // Runs a passive checkpoint now and truncates the WAL if it was fully copied back (tests, shutdown).
    Result<void> checkpoint();
    // Current size of the -wal file in bytes.
    qint64 walSizeBytes() const;

    class Connection; // a sqlite3 handle with its prepared statements

private:
    SqliteStore(Options options, StoreOptions storeOptions);
    Result<void> init();
    Result<KeyValue> write(const QString &key, EventType type, const api::Object *object, qint64 expectedRevision);
    Result<std::vector<WatchEvent>> history(const QString &prefix, qint64 after, qint64 upTo);
    std::unique_lock<std::mutex> acquireReader(Connection *&conn);
    void maintenanceLoop();

    Options m_options;
    StoreOptions m_storeOptions;
    std::unique_ptr<Connection> m_writer;
    std::vector<std::unique_ptr<Connection>> m_readers;
    std::vector<std::unique_ptr<std::mutex>> m_readerLocks;
    std::atomic<size_t> m_nextReader{0};
    std::mutex m_writeMutex;
    std::mutex m_checkpointMutex; // taken before m_writeMutex, never after
    qint64 m_revision = 0;        // guarded by m_writeMutex
    std::atomic<qint64> m_compacted{0};
    std::atomic<int> m_walPages{0};
    WatchHub m_hub;

    std::thread m_maintenance;
    std::mutex m_maintenanceMutex;
    std::condition_variable m_maintenanceCv;
    bool m_stopping = false;
    bool m_checkpointWanted = false;
};

} // namespace tugboat::store
