// An acknowledged write survives kill -9: a child process writes to a SQLite store and reports each
// acknowledged write on stdout; the parent kills it at a random moment, reopens the store, and checks
// that every acknowledged write is there and that the store is consistent. Several rounds run on the
// same database, so recovery after recovery is covered too.
#include "store/sqlitestore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <map>

using namespace tugboat;
using namespace tugboat::store;

namespace {

constexpr int kKeys = 40;

api::Object value(const QString &name, qint64 generation)
{
    return api::Object(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("generation"), QString::number(generation)},
                                             {QStringLiteral("padding"), QString(512, QLatin1Char('x'))}}},
    });
}

// The child: writes forever (creates, updates, deletes over a small key set), printing
// "<op> <key> <revision> <generation>" after each acknowledged write.
int childMain(const QString &path, quint32 seed)
{
    SqliteStore::Options o;
    o.path = path;
    StoreOptions so;
    so.maintenanceIntervalMs = 50; // checkpoints and compactions happen while we get killed
    so.retentionMs = 20;
    auto opened = SqliteStore::open(o, so);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message()));
        return 3;
    }
    auto &s = *opened.value();
    QRandomGenerator rng(seed);
    for (qint64 generation = 1;; ++generation) {
        const QString key = QStringLiteral("/k/%1").arg(rng.bounded(kKeys));
        auto current = s.get(key);
        Result<KeyValue> r = Error();
        const char *op = "put";
        if (!current) {
            r = s.create(key, value(key, generation));
        } else if (rng.bounded(5) == 0) {
            op = "del";
            r = s.remove(key, current->modRevision);
        } else {
            r = s.update(key, value(key, generation), current->modRevision);
        }
        if (!r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message()));
            return 4;
        }
        std::printf("%s %s %lld %lld\n", op, qPrintable(key), r->modRevision, generation);
        std::fflush(stdout);
    }
}

struct Acked {
    bool deleted = false;
    qint64 revision = 0;
    qint64 generation = 0;
};

} // namespace

class StoreDurabilityTest : public QObject {
    Q_OBJECT

private slots:
    void acknowledgedWritesSurviveKill9()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("store.db"));
        std::map<QString, Acked> acked;
        qint64 lastAckedRevision = 0;
        QRandomGenerator rng(QRandomGenerator::global()->generate());

        for (int round = 0; round < 6; ++round) {
            QProcess child;
            child.setProgram(QCoreApplication::applicationFilePath());
            child.setArguments({QStringLiteral("--child"), path, QString::number(rng.generate())});
            child.start();
            QVERIFY(child.waitForStarted());

            // Kill after a random number of acknowledged writes, mid-stream.
            const int killAfter = 200 + int(rng.bounded(2000));
            int seen = 0;
            QByteArray pending;
            while (seen < killAfter && child.state() == QProcess::Running) {
                if (!child.waitForReadyRead(20000))
                    break;
                pending += child.readAllStandardOutput();
                qsizetype nl;
                while ((nl = pending.indexOf('\n')) >= 0) {
                    const QList<QByteArray> f = pending.left(nl).split(' ');
                    pending.remove(0, nl + 1);
                    QCOMPARE(f.size(), 4);
                    Acked a{f[0] == "del", f[2].toLongLong(), f[3].toLongLong()};
                    QVERIFY(a.revision > lastAckedRevision);
                    lastAckedRevision = a.revision;
                    acked[QString::fromUtf8(f[1])] = a;
                    ++seen;
                }
            }
            QVERIFY2(seen >= killAfter, qPrintable(QString::fromUtf8(child.readAllStandardError())));
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(10000));
            // Lines the child printed before dying were acknowledged too.
            pending += child.readAllStandardOutput();
            for (const QByteArray &line : pending.split('\n')) {
                const QList<QByteArray> f = line.split(' ');
                if (f.size() != 4)
                    continue;
                acked[QString::fromUtf8(f[1])] = Acked{f[0] == "del", f[2].toLongLong(), f[3].toLongLong()};
                lastAckedRevision = f[2].toLongLong();
            }

            checkStore(path, acked, lastAckedRevision);
        }
    }

    void walIsCheckpointedAndStaysBounded()
    {
        QTemporaryDir dir;
        SqliteStore::Options o;
        o.path = dir.filePath(QStringLiteral("store.db"));
        o.checkpointPages = 256; // 1 MiB
        StoreOptions so;
        so.maintenanceIntervalMs = 100;
        auto opened = SqliteStore::open(o, so);
        QVERIFY(opened);
        SqliteStore &s = *opened.value();
        // ~20 MiB of writes: without checkpoints the WAL would hold all of it.
        for (int i = 0; i < 20000; ++i)
            QVERIFY(s.create(QStringLiteral("/k/%1").arg(i), value(QStringLiteral("k%1").arg(i), i)));
        const qint64 limit = 4 * 1024 * 1024;
        QVERIFY2(test::waitFor([&] { return s.walSizeBytes() < limit; }),
                 qPrintable(QStringLiteral("WAL is %1 bytes").arg(s.walSizeBytes())));
        QVERIFY(s.checkpoint());
        QCOMPARE(s.walSizeBytes(), 0);
        QCOMPARE(s.get(QStringLiteral("/k/19999"))->object->name(), QStringLiteral("k19999"));
    }

private:
    void checkStore(const QString &path, const std::map<QString, Acked> &acked, qint64 lastAckedRevision)
    {
        SqliteStore::Options o;
        o.path = path;
        StoreOptions so;
        so.maintenanceIntervalMs = 0;
        auto opened = SqliteStore::open(o, so);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Store &s = *opened.value();
        const qint64 current = s.currentRevision().value();
        // At most one write was in flight when the child died.
        QVERIFY(current >= lastAckedRevision);
        QVERIFY(current <= lastAckedRevision + 1);

        // The one write in flight when the child died may have landed (current == last acknowledged + 1)
        // on one key: a create or update (the key at revision `current`) or a delete (the key gone).
        int inFlightAllowance = current > lastAckedRevision ? 1 : 0;
        for (const auto &[key, a] : acked) {
            auto got = s.get(key);
            if (inFlightAllowance > 0 && got && got->modRevision == current) {
                --inFlightAllowance;
                continue;
            }
            if (inFlightAllowance > 0 && !got && !a.deleted) {
                --inFlightAllowance;
                continue;
            }
            if (a.deleted) {
                QVERIFY2(!got, qPrintable(key));
                continue;
            }
            QVERIFY2(got, qPrintable(QStringLiteral("%1 lost (acknowledged at %2)").arg(key).arg(a.revision)));
            QCOMPARE(got->modRevision, a.revision);
            QCOMPARE(got->object->json()
                         .value(QLatin1String("data"))
                         .toObject()
                         .value(QLatin1String("generation"))
                         .toString(),
                     QString::number(a.generation));
        }

        // Consistency: the listed state agrees with get(), revisions are within range, and the
        // retained history replays to the same state.
        auto all = s.list(QStringLiteral("/k/"));
        QVERIFY(all);
        QCOMPARE(all->revision, current);
        for (const auto &kv : all->items) {
            QVERIFY(kv.modRevision <= current);
            QVERIFY(kv.createRevision <= kv.modRevision);
            QCOMPARE(s.get(kv.key)->modRevision, kv.modRevision);
        }
        const qint64 compacted = s.compactedRevision();
        ListOptions past;
        past.revision = compacted ? compacted : current;
        auto base = s.list(QStringLiteral("/k/"), past);
        QVERIFY2(base, qPrintable(base.errorMessage()));
        std::map<QString, qint64> replayed;
        for (const auto &kv : base->items)
            replayed[kv.key] = kv.modRevision;
        if (compacted) {
            auto w = s.watch(QStringLiteral("/k/"), compacted);
            QVERIFY2(w, qPrintable(w.errorMessage()));
            for (const auto &e : w.value()->take()) {
                if (e.type == EventType::Deleted)
                    replayed.erase(e.key);
                else
                    replayed[e.key] = e.revision;
            }
        }
        std::map<QString, qint64> listed;
        for (const auto &kv : all->items)
            listed[kv.key] = kv.modRevision;
        QVERIFY(replayed == listed);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--child") == 0) {
        QCoreApplication app(argc, argv);
        return childMain(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toUInt());
    }
    QCoreApplication app(argc, argv);
    StoreDurabilityTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storedurability.moc"
