#include "sqlitestore.h"

#include <QFileInfo>

#include <sqlite3.h>

namespace tugboat::store {

namespace {

constexpr int kTypePut = 1;
constexpr int kTypeDelete = 2;
constexpr int kSchemaVersion = 1;

const char *const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv(
    key TEXT PRIMARY KEY,
    create_rev INTEGER NOT NULL,
    mod_rev INTEGER NOT NULL,
    value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log(
    rev INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    type INTEGER NOT NULL,
    create_rev INTEGER NOT NULL,
    prev_rev INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    value BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS log_key_rev ON log(key, rev);
INSERT OR IGNORE INTO meta VALUES('compacted', 0);
)sql";

Error sqliteError(sqlite3 *db, const QString &what)
{
    return Error(ErrorCode::Internal,
                 QStringLiteral("sqlite: %1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(db))));
}

// A prepared statement, reset after every use.
class Statement {
public:
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { sqlite3_finalize(m_stmt); }

    bool prepare(sqlite3 *db, const char *sql)
    {
        return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) == SQLITE_OK;
    }
    sqlite3_stmt *get() const { return m_stmt; }

    void bind(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    void bind(int i, const QByteArray &v)
    {
        sqlite3_bind_blob(m_stmt, i, v.constData(), int(v.size()), SQLITE_TRANSIENT);
    }
    void bindText(int i, const QByteArray &utf8)
    {
        sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    }
    int step() { return sqlite3_step(m_stmt); }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

    qint64 int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    QByteArray blob(int col) const
    {
        const void *p = sqlite3_column_blob(m_stmt, col);
        return QByteArray(static_cast<const char *>(p), sqlite3_column_bytes(m_stmt, col));
    }
    QString text(int col) const
    {
        return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col)),
                                 sqlite3_column_bytes(m_stmt, col));
    }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

// Resets a statement when the scope ends, whatever path leaves it.
struct Resetter {
    Statement &s;
    ~Resetter() { s.reset(); }
};

} // namespace

class SqliteStore::Connection {
public:
    ~Connection() { close(); }

    Result<void> open(const QString &path, bool syncFull, bool writer)
    {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr) != SQLITE_OK)
            return sqliteError(db, QStringLiteral("cannot open %1").arg(path));
        sqlite3_busy_timeout(db, 10000);
        QByteArray pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16000;";
        pragmas += syncFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
        if (writer)
            pragmas += "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;";
        if (!exec(pragmas.constData()))
            return sqliteError(db, QStringLiteral("cannot configure %1").arg(path));
        return {};
    }

    Result<void> prepareAll()
    {
        struct {
            Statement *stmt;
            const char *sql;
        } all[] = {
            {&begin, "BEGIN"},
            {&beginImmediate, "BEGIN IMMEDIATE"},
            {&commit, "COMMIT"},
            {&rollback, "ROLLBACK"},
            {&getKv, "SELECT create_rev, mod_rev, value FROM kv WHERE key = ?1"},
            {&upsertKv, "INSERT OR REPLACE INTO kv(key, create_rev, mod_rev, value) VALUES(?1, ?2, ?3, ?4)"},
            {&deleteKv, "DELETE FROM kv WHERE key = ?1"},
            {&insertLog, "INSERT INTO log(rev, key, type, create_rev, prev_rev, ts, value) "
                         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
            {&revisions, "SELECT coalesce((SELECT max(rev) FROM log), 0), "
                         "(SELECT value FROM meta WHERE name = 'compacted')"},
            {&listCurrent, "SELECT key, create_rev, mod_rev, value FROM kv "
                           "WHERE key >= ?1 AND key < ?2 AND key <> ?3 ORDER BY key LIMIT ?4"},
            {&listAt, "SELECT l.key, l.create_rev, l.rev, l.value FROM log l "
                      "WHERE l.key >= ?1 AND l.key < ?2 AND l.key <> ?3 AND l.rev <= ?5 "
                      "AND l.rev = (SELECT max(l2.rev) FROM log l2 WHERE l2.key = l.key AND l2.rev <= ?5) "
                      "AND l.type <> 2 ORDER BY l.key LIMIT ?4"},
            {&history, "SELECT l.rev, l.key, l.type, l.create_rev, l.value, p.value FROM log l "
                       "LEFT JOIN log p ON p.rev = l.prev_rev "
                       "WHERE l.rev > ?1 AND l.rev <= ?2 AND l.key >= ?3 AND l.key < ?4 ORDER BY l.rev"},
            {&expiredRevision, "SELECT coalesce(max(rev), 0) FROM log WHERE rev > ?1 AND ts < ?2"},
            {&setCompacted, "UPDATE meta SET value = ?1 WHERE name = 'compacted'"},
            {&compactBatch, "DELETE FROM log WHERE rev > ?1 AND rev <= ?2 AND (type = 2 OR EXISTS "
                            "(SELECT 1 FROM log l2 WHERE l2.key = log.key AND l2.rev > log.rev AND l2.rev <= ?3))"},
        };
        for (auto &s : all)
            if (!s.stmt->prepare(db, s.sql))
                return sqliteError(db, QStringLiteral("cannot prepare \"%1\"").arg(QLatin1String(s.sql)));
        return {};
    }

    bool exec(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

    bool run(Statement &s)
    {
        const int rc = s.step();
        s.reset();
        return rc == SQLITE_DONE || rc == SQLITE_ROW;
    }

    // Reads (current revision, compacted revision) inside the caller's transaction.
    std::pair<qint64, qint64> readRevisions()
    {
        Resetter r{revisions};
        if (revisions.step() != SQLITE_ROW)
            return {0, 0};
        const qint64 compacted = revisions.int64(1);
        return {std::max(revisions.int64(0), compacted), compacted};
    }

    // sqlite3_close_v2 defers the close until the statements (members, finalised after this body)
    // are gone.
    void close()
    {
        if (db)
            sqlite3_close_v2(db);
        db = nullptr;
    }

    sqlite3 *db = nullptr;
    Statement begin, beginImmediate, commit, rollback, getKv, upsertKv, deleteKv, insertLog, revisions, listCurrent,
        listAt, history, expiredRevision, setCompacted, compactBatch;
};

SqliteStore::SqliteStore(Options options, StoreOptions storeOptions)
    : m_options(std::move(options))
    , m_storeOptions(storeOptions)
    , m_hub(storeOptions.maxQueuedPerWatcher)
{}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const Options &options, StoreOptions storeOptions)
{
    std::unique_ptr<SqliteStore> store(new SqliteStore(options, storeOptions));
    if (auto r = store->init(); !r)
        return r.error();
    return store;
}

Result<void> SqliteStore::init()
{
    m_writer = std::make_unique<Connection>();
    if (auto r = m_writer->open(m_options.path, m_options.syncFull, true); !r)
        return r;
    if (!m_writer->exec(kSchema))
        return sqliteError(m_writer->db, QStringLiteral("cannot create the schema in %1").arg(m_options.path));
    {
        Statement version;
        version.prepare(m_writer->db, "SELECT value FROM meta WHERE name = 'schema'");
        if (version.step() == SQLITE_ROW && version.int64(0) > kSchemaVersion)
            return Error(ErrorCode::Internal,
                         QStringLiteral("%1 was written by a newer Tugboat (store schema %2; this one reads %3)")
                             .arg(m_options.path)
                             .arg(version.int64(0))
                             .arg(kSchemaVersion));
        m_writer->exec("INSERT OR IGNORE INTO meta VALUES('schema', 1)");
    }
    if (auto r = m_writer->prepareAll(); !r)
        return r;
    std::tie(m_revision, std::ignore) = m_writer->readRevisions();
    m_compacted = m_writer->readRevisions().second;
    m_hub.setRevision(m_revision);

    sqlite3_wal_hook(
        m_writer->db,
        [](void *self, sqlite3 *, const char *, int pages) {
            auto *store = static_cast<SqliteStore *>(self);
            store->m_walPages = pages;
            if (pages >= store->m_options.checkpointPages) {
                std::lock_guard lock(store->m_maintenanceMutex);
                store->m_checkpointWanted = true;
                store->m_maintenanceCv.notify_one();
            }
            return SQLITE_OK;
        },
        this);

    for (int i = 0; i < std::max(1, m_options.readers); ++i) {
        auto conn = std::make_unique<Connection>();
        if (auto r = conn->open(m_options.path, m_options.syncFull, false); !r)
            return r;
        if (auto r = conn->prepareAll(); !r)
            return r;
        m_readers.push_back(std::move(conn));
        m_readerLocks.push_back(std::make_unique<std::mutex>());
    }
    m_maintenance = std::thread([this] { maintenanceLoop(); });
    return {};
}

SqliteStore::~SqliteStore()
{
    {
        std::lock_guard lock(m_maintenanceMutex);
        m_stopping = true;
    }
    m_maintenanceCv.notify_all();
    if (m_maintenance.joinable())
        m_maintenance.join();
    m_hub.closeAll(Error(ErrorCode::Unavailable, QStringLiteral("the store is closing")));
    m_readers.clear();
    if (m_writer)
        sqlite3_wal_checkpoint_v2(m_writer->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    m_writer.reset();
}

std::unique_lock<std::mutex> SqliteStore::acquireReader(Connection *&conn)
{
    const size_t n = m_readers.size();
    const size_t start = m_nextReader++ % n;
    for (size_t i = 0; i < n; ++i) {
        const size_t idx = (start + i) % n;
        std::unique_lock lock(*m_readerLocks[idx], std::try_to_lock);
        if (lock.owns_lock()) {
            conn = m_readers[idx].get();
            return lock;
        }
    }
    std::unique_lock lock(*m_readerLocks[start]);
    conn = m_readers[start].get();
    return lock;
}

Result<KeyValue> SqliteStore::write(const QString &key, EventType type, const api::Object *object,
                                    qint64 expectedRevision)
{
    const QByteArray keyUtf8 = key.toUtf8();
    const QByteArray value = object ? encodeForStorage(*object) : QByteArray();
    const qint64 now = m_storeOptions.clock->nowMs();

    std::lock_guard lock(m_writeMutex);
    Connection &c = *m_writer;
    if (!c.run(c.begin))
        return sqliteError(c.db, QStringLiteral("begin"));
    auto fail = [&](Error e) {
        c.run(c.rollback);
        return e;
    };

    bool exists = false;
    qint64 createRev = 0, modRev = 0;
    QByteArray previousValue;
    {
        Resetter r{c.getKv};
        c.getKv.bindText(1, keyUtf8);
        const int rc = c.getKv.step();
        if (rc == SQLITE_ROW) {
            exists = true;
            createRev = c.getKv.int64(0);
            modRev = c.getKv.int64(1);
            previousValue = c.getKv.blob(2);
        } else if (rc != SQLITE_DONE) {
            return fail(sqliteError(c.db, QStringLiteral("read %1").arg(key)));
        }
    }
    if (type == EventType::Added && exists)
        return fail(errors::alreadyExists(key));
    if (type != EventType::Added && !exists)
        return fail(errors::notFound(key));
    if (type != EventType::Added && expectedRevision != 0 && expectedRevision != modRev)
        return fail(errors::conflict(key, expectedRevision, modRev));

    const qint64 rev = m_revision + 1;
    if (type == EventType::Added)
        createRev = rev;
    const QByteArray &logged = type == EventType::Deleted ? previousValue : value;

    c.insertLog.bind(1, rev);
    c.insertLog.bindText(2, keyUtf8);
    c.insertLog.bind(3, qint64(type == EventType::Deleted ? kTypeDelete : kTypePut));
    c.insertLog.bind(4, createRev);
    c.insertLog.bind(5, modRev);
    c.insertLog.bind(6, now);
    c.insertLog.bind(7, logged);
    if (!c.run(c.insertLog))
        return fail(sqliteError(c.db, QStringLiteral("log %1").arg(key)));

    if (type == EventType::Deleted) {
        c.deleteKv.bindText(1, keyUtf8);
        if (!c.run(c.deleteKv))
            return fail(sqliteError(c.db, QStringLiteral("delete %1").arg(key)));
    } else {
        c.upsertKv.bindText(1, keyUtf8);
        c.upsertKv.bind(2, createRev);
        c.upsertKv.bind(3, rev);
        c.upsertKv.bind(4, value);
        if (!c.run(c.upsertKv))
            return fail(sqliteError(c.db, QStringLiteral("write %1").arg(key)));
    }
    if (!c.run(c.commit))
        return fail(sqliteError(c.db, QStringLiteral("commit %1").arg(key)));
    m_revision = rev;

    ObjectPtr previous;
    if (exists && (type == EventType::Deleted || m_hub.watcherCount() > 0)) {
        auto decoded = decodeFromStorage(previousValue, key);
        if (decoded)
            previous = withRevision(decoded.value(), modRev);
    }
    ObjectPtr stored;
    if (type == EventType::Deleted)
        stored = previous ? withRevision(*previous, rev) : ObjectPtr();
    else
        stored = withRevision(*object, rev);
    m_hub.publish(WatchEvent{type, key, stored, previous, rev});
    return KeyValue{key, stored, createRev, rev};
}

Result<KeyValue> SqliteStore::create(const QString &key, const api::Object &object)
{
    return write(key, EventType::Added, &object, 0);
}

Result<KeyValue> SqliteStore::update(const QString &key, const api::Object &object, qint64 expectedRevision)
{
    return write(key, EventType::Modified, &object, expectedRevision);
}

Result<KeyValue> SqliteStore::remove(const QString &key, qint64 expectedRevision)
{
    return write(key, EventType::Deleted, nullptr, expectedRevision);
}

Result<KeyValue> SqliteStore::get(const QString &key)
{
    Connection *c = nullptr;
    auto lock = acquireReader(c);
    Resetter r{c->getKv};
    c->getKv.bindText(1, key.toUtf8());
    const int rc = c->getKv.step();
    if (rc == SQLITE_DONE)
        return errors::notFound(key);
    if (rc != SQLITE_ROW)
        return sqliteError(c->db, QStringLiteral("read %1").arg(key));
    auto object = decodeFromStorage(c->getKv.blob(2), key);
    if (!object)
        return object.error();
    const qint64 modRev = c->getKv.int64(1);
    return KeyValue{key, withRevision(object.value(), modRev), c->getKv.int64(0), modRev};
}

Result<ListResult> SqliteStore::list(const QString &prefix, const ListOptions &options)
{
    Connection *c = nullptr;
    auto lock = acquireReader(c);
    if (!c->run(c->begin))
        return sqliteError(c->db, QStringLiteral("begin"));
    struct EndRead {
        Connection *c;
        ~EndRead() { c->run(c->commit); }
    } endRead{c};

    const auto [current, compacted] = c->readRevisions();
    ListResult out;
    out.revision = options.revision ? options.revision : current;
    if (options.revision > current)
        return Error(ErrorCode::Timeout,
                     QStringLiteral("Too large resource version: %1, current: %2").arg(options.revision).arg(current));
    if (options.revision && options.revision < compacted)
        return errors::tooOld(options.revision, compacted);

    const bool atPast = options.revision && options.revision != current;
    Statement &s = atPast ? c->listAt : c->listCurrent;
    Resetter r{s};
    const QByteArray lower = std::max(prefix, options.startAfter).toUtf8();
    s.bindText(1, lower);
    s.bindText(2, prefixEnd(prefix).toUtf8());
    s.bindText(3, options.startAfter.toUtf8());
    s.bind(4, options.limit > 0 ? qint64(options.limit) + 1 : qint64(-1));
    if (atPast)
        s.bind(5, options.revision);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        if (options.limit > 0 && out.items.size() >= size_t(options.limit)) {
            out.more = true;
            break;
        }
        const QString key = s.text(0);
        auto object = decodeFromStorage(s.blob(3), key);
        if (!object)
            return object.error();
        const qint64 modRev = s.int64(2);
        out.items.push_back(KeyValue{key, withRevision(object.value(), modRev), s.int64(1), modRev});
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sqliteError(c->db, QStringLiteral("list %1").arg(prefix));
    return out;
}

Result<std::vector<WatchEvent>> SqliteStore::history(const QString &prefix, qint64 after, qint64 upTo)
{
    Connection *c = nullptr;
    auto lock = acquireReader(c);
    if (!c->run(c->begin))
        return sqliteError(c->db, QStringLiteral("begin"));
    struct EndRead {
        Connection *c;
        ~EndRead() { c->run(c->commit); }
    } endRead{c};

    const qint64 compacted = c->readRevisions().second;
    if (after < compacted)
        return errors::tooOld(after, compacted);
    std::vector<WatchEvent> out;
    Statement &s = c->history;
    Resetter r{s};
    s.bind(1, after);
    s.bind(2, upTo);
    s.bindText(3, prefix.toUtf8());
    s.bindText(4, prefixEnd(prefix).toUtf8());
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        WatchEvent e;
        e.revision = s.int64(0);
        e.key = s.text(1);
        const bool deleted = s.int64(2) == kTypeDelete;
        const bool created = s.int64(3) == e.revision;
        e.type = deleted ? EventType::Deleted : created ? EventType::Added : EventType::Modified;
        auto object = decodeFromStorage(s.blob(4), e.key);
        if (!object)
            return object.error();
        e.object = withRevision(object.value(), e.revision);
        if (!s.isNull(5)) {
            if (auto prev = decodeFromStorage(s.blob(5), e.key))
                e.previous = std::make_shared<const api::Object>(prev.value());
        }
        out.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE)
        return sqliteError(c->db, QStringLiteral("history of %1").arg(prefix));
    return out;
}

Result<WatchPtr> SqliteStore::watch(const QString &prefix, qint64 fromRevision)
{
    return m_hub.watch(prefix, fromRevision, m_compacted.load(),
                       [this](const QString &p, qint64 after, qint64 upTo) { return history(p, after, upTo); });
}

Result<qint64> SqliteStore::currentRevision()
{
    std::lock_guard lock(m_writeMutex);
    return m_revision;
}

qint64 SqliteStore::compactedRevision()
{
    return m_compacted.load();
}

Result<void> SqliteStore::compact(qint64 revision)
{
    qint64 from = 0;
    {
        // First record the new compacted revision, in its own transaction: a reader's snapshot that
        // still sees the old value also sees none of the deletions below.
        std::lock_guard lock(m_writeMutex);
        revision = std::min(revision, m_revision);
        from = m_compacted.load();
        if (revision <= from)
            return {};
        Connection &c = *m_writer;
        c.setCompacted.bind(1, revision);
        if (!c.run(c.setCompacted))
            return sqliteError(c.db, QStringLiteral("compact"));
        m_compacted = revision;
    }
    // Then delete superseded history in small batches, so writers never wait long.
    constexpr qint64 kBatch = 2000;
    for (qint64 lo = from; lo < revision; lo += kBatch) {
        std::lock_guard lock(m_writeMutex);
        Connection &c = *m_writer;
        c.compactBatch.bind(1, lo);
        c.compactBatch.bind(2, std::min(lo + kBatch, revision));
        c.compactBatch.bind(3, revision);
        if (!c.run(c.compactBatch))
            return sqliteError(c.db, QStringLiteral("compact"));
    }
    return {};
}

Result<void> SqliteStore::compactExpired()
{
    qint64 target = 0;
    {
        Connection *c = nullptr;
        auto lock = acquireReader(c);
        Resetter r{c->expiredRevision};
        c->expiredRevision.bind(1, m_compacted.load());
        c->expiredRevision.bind(2, m_storeOptions.clock->nowMs() - m_storeOptions.retentionMs);
        if (c->expiredRevision.step() != SQLITE_ROW)
            return sqliteError(c->db, QStringLiteral("find expired history"));
        target = c->expiredRevision.int64(0);
    }
    return target ? compact(target) : Result<void>();
}

Result<void> SqliteStore::checkpoint()
{
    // TRUNCATE copies what is left, waits for readers of old snapshots (they are short), and resets
    // the WAL file to zero bytes. Holding the write lock keeps writers out for just that long.
    std::lock_guard checkpointLock(m_checkpointMutex); // one checkpoint at a time
    std::lock_guard lock(m_writeMutex);
    const int rc = sqlite3_wal_checkpoint_v2(m_writer->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return sqliteError(m_writer->db, QStringLiteral("checkpoint"));
    m_walPages = 0;
    return {};
}

qint64 SqliteStore::walSizeBytes() const
{
    return QFileInfo(m_options.path + QStringLiteral("-wal")).size();
}

void SqliteStore::maintenanceLoop()
{
    // Checkpoints run on their own connection, so they proceed while the writer writes.
    Connection conn;
    if (!conn.open(m_options.path, m_options.syncFull, false))
        return;
    const auto interval = std::chrono::milliseconds(
        m_storeOptions.maintenanceIntervalMs > 0 ? m_storeOptions.maintenanceIntervalMs : 1000);
    auto lastCompaction = std::chrono::steady_clock::now();
    std::unique_lock lock(m_maintenanceMutex);
    while (!m_stopping) {
        m_maintenanceCv.wait_for(lock, interval, [this] { return m_stopping || m_checkpointWanted; });
        if (m_stopping)
            break;
        const bool wanted = std::exchange(m_checkpointWanted, false);
        lock.unlock();
        if (wanted) {
            // Copy the bulk of the WAL back without blocking anyone, then reset the WAL under the
            // write lock: only what was written meanwhile is left to copy, so writers wait briefly.
            {
                std::lock_guard checkpointLock(m_checkpointMutex);
                sqlite3_wal_checkpoint_v2(conn.db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            }
            (void)checkpoint();
        }
        if (m_storeOptions.maintenanceIntervalMs > 0 && std::chrono::steady_clock::now() - lastCompaction >= interval) {
            lastCompaction = std::chrono::steady_clock::now();
            (void)compactExpired();
        }
        lock.lock();
    }
}

} // namespace tugboat::store
