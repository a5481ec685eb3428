// Leader election against a real in-process API server, with time on a FakeClock: one of two candidates
// leads and keeps renewing; the other takes over only once the lease has gone unrenewed for
// leaseDuration by its own observation; a graceful release hands over at the next attempt; a leader
// whose renewals fail stops leading retryPeriod + renewDeadline after its last successful write, before
// anyone else may take over, and leads again once the server is back; candidates racing for one Lease
// elect exactly one; a leader never overwrites a Lease someone else wrote (resourceVersion), and stops
// leading as soon as it sees another holder; leaseTransitions counts changes of holder only.
#include "clienttestsupport.h"
#include "controllers/leaderelector.h"
#include "testsupport.h"

#include <QSysInfo>
#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;
using namespace std::chrono_literals;
using test::kind;

namespace {

const QString LeaseNs = QStringLiteral("kube-system");
const QString LeaseName = QStringLiteral("tugboat-controller-manager");

// What a candidate reported, in order: "started", "stopped", "leader <id>", "finished".
struct Candidate {
    std::unique_ptr<client::ApiClient> client;
    std::unique_ptr<LeaderElector> elector;
    QStringList events;

    int count(const QString &event) const { return int(events.count(event)); }
    QStringList leaders() const
    {
        QStringList out;
        for (const QString &e : events)
            if (e.startsWith(QLatin1String("leader ")))
                out << e.mid(7);
        return out;
    }
};

qint64 parseMicroTime(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace

class LeaderElectorTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::InProcessCluster> m_cluster;
    api::FakeClock m_clock;
    std::unique_ptr<FakeDelayScheduler> m_scheduler;
    std::vector<std::unique_ptr<Candidate>> m_candidates;

    Candidate &candidate(const QString &identity, bool releaseOnCancel = false)
    {
        auto c = std::make_unique<Candidate>();
        c->client = std::make_unique<client::ApiClient>(m_cluster->config(), test::fastRetries());
        LeaderElectorOptions options;
        options.identity = identity;
        options.jitterFactor = 0; // attempts exactly every retryPeriod
        options.releaseOnCancel = releaseOnCancel;
        c->elector = std::make_unique<LeaderElector>(*c->client, *m_scheduler, options);
        Candidate *raw = c.get();
        connect(raw->elector.get(), &LeaderElector::startedLeading, this, [raw] { raw->events << "started"; });
        connect(raw->elector.get(), &LeaderElector::stoppedLeading, this, [raw] { raw->events << "stopped"; });
        connect(raw->elector.get(), &LeaderElector::newLeader, this,
                [raw](const QString &id) { raw->events << "leader " + id; });
        connect(raw->elector.get(), &LeaderElector::stopped, this, [raw] { raw->events << "finished"; });
        m_candidates.push_back(std::move(c));
        return *raw;
    }

    // Waits (real time) until no candidate has a request in flight.
    bool settle()
    {
        return test::waitFor([&] {
            for (const auto &c : m_candidates)
                if (c->elector->hasRequestInFlight())
                    return false;
            return true;
        });
    }

    // Moves fake time forward by `by`, stopping at each due callback and letting the requests it
    // started be answered before time moves on.
    bool advance(std::chrono::milliseconds by)
    {
        if (!settle())
            return false;
        const qint64 target = m_clock.nowMs() + by.count();
        for (;;) {
            const std::chrono::milliseconds next = m_scheduler->nextDelay();
            if (next.count() < 0 || m_clock.nowMs() + next.count() > target)
                break;
            m_scheduler->advance(next);
            if (!settle())
                return false;
        }
        m_scheduler->advance(std::chrono::milliseconds(target - m_clock.nowMs()));
        return settle();
    }
    // advance() to an absolute fake time.
    bool advanceTo(qint64 ms) { return advance(std::chrono::milliseconds(ms - m_clock.nowMs())); }

    api::ObjectPtr lease()
    {
        auto got = m_cluster->registry().get(kind("Lease"), LeaseNs, LeaseName);
        return got ? got.value() : nullptr;
    }
    QString holder()
    {
        const api::ObjectPtr l = lease();
        return l ? l->spec().value("holderIdentity").toString() : QString();
    }
    qint64 transitions() { return lease()->spec().value("leaseTransitions").toInteger(); }
    qint64 renewTimeMs() { return parseMicroTime(lease()->spec().value("renewTime")); }

    // `id` leads (started once, nothing since).
    bool startLeader(Candidate &c)
    {
        if (!c.elector->start().ok() || !settle())
            return false;
        return c.elector->isLeading() && c.events.endsWith(QStringLiteral("started"));
    }

private slots:
    void init()
    {
        m_cluster = std::make_unique<test::InProcessCluster>();
        QVERIFY(m_cluster->start());
        QVERIFY(m_cluster->put(api::Object(
            QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", test::meta(LeaseNs, QString())}})));
        m_scheduler = std::make_unique<FakeDelayScheduler>(m_clock);
    }
    void cleanup()
    {
        m_candidates.clear();
        m_scheduler.reset();
        m_cluster.reset();
    }

    void oneOfTwoCandidatesLeadsAndKeepsRenewing()
    {
        Candidate &a = candidate("a");
        Candidate &b = candidate("b");
        QVERIFY(startLeader(a));
        QCOMPARE(holder(), QStringLiteral("a"));
        QCOMPARE(lease()->spec().value("leaseDurationSeconds").toInt(), 15);
        const QString acquired = lease()->spec().value("acquireTime").toString();

        QVERIFY(b.elector->start().ok());
        QVERIFY(advance(60s));
        QVERIFY(a.elector->isLeading());
        QVERIFY(!b.elector->isLeading());
        QCOMPARE(a.events, QStringList({"leader a", "started"}));
        QCOMPARE(b.events, QStringList({"leader a"}));
        QCOMPARE(b.elector->leader(), QStringLiteral("a"));
        // Renewed every retryPeriod: the last renewal is at most 2 s old; acquireTime stays.
        QVERIFY(m_clock.nowMs() - renewTimeMs() <= 2000);
        QCOMPARE(lease()->spec().value("acquireTime").toString(), acquired);
        QCOMPARE(transitions(), 0);
    }

    void anotherTakesOverOnlyOnceTheLeaseExpires()
    {
        Candidate &a = candidate("a");
        Candidate &b = candidate("b");
        QVERIFY(startLeader(a));
        QVERIFY(b.elector->start().ok());
        QVERIFY(advance(5s));

        a.elector->stop(); // no release: the lease runs out
        QCOMPARE(a.events.mid(a.events.size() - 2), QStringList({"stopped", "finished"}));
        QCOMPARE(holder(), QStringLiteral("a"));
        const qint64 lastRenewal = renewTimeMs();

        // b saw a's last renewal no earlier than it was written: 15 s from then, b still waits.
        QVERIFY(advanceTo(lastRenewal + 15000 - 1));
        QVERIFY(!b.elector->isLeading());
        QCOMPARE(holder(), QStringLiteral("a"));
        // It saw it at most one retryPeriod later, and tries every retryPeriod.
        QVERIFY(advanceTo(lastRenewal + 15000 + 2 * 2000));
        QVERIFY(b.elector->isLeading());
        QCOMPARE(holder(), QStringLiteral("b"));
        QCOMPARE(transitions(), 1);
        QCOMPARE(b.events, QStringList({"leader a", "leader b", "started"}));
    }

    void gracefulReleaseHandsOverAtOnce()
    {
        Candidate &a = candidate("a", true);
        Candidate &b = candidate("b");
        QVERIFY(startLeader(a));
        QVERIFY(b.elector->start().ok());
        QVERIFY(advance(5s));

        a.elector->stop();
        QCOMPARE(a.events.last(), QStringLiteral("stopped"));
        QVERIFY(test::waitFor([&] { return a.events.last() == QLatin1String("finished"); }));
        QCOMPARE(holder(), QString());
        QCOMPARE(lease()->spec().value("leaseDurationSeconds").toInt(), 1);
        QCOMPARE(transitions(), 0);

        // b takes it at its next attempt, one retryPeriod at most, not a leaseDuration later.
        QVERIFY(advance(2s));
        QVERIFY(b.elector->isLeading());
        QCOMPARE(holder(), QStringLiteral("b"));
        QCOMPARE(transitions(), 1);
        QCOMPARE(lease()->spec().value("leaseDurationSeconds").toInt(), 15);
    }

    void aLeaderThatCannotRenewStopsBeforeAnyoneMayTakeOver()
    {
        Candidate &a = candidate("a");
        QVERIFY(startLeader(a));
        QVERIFY(advance(3s)); // one renewal
        const qint64 lastRenewal = renewTimeMs();

        m_cluster->stop();
        // retryPeriod + renewDeadline after the last successful write: not a moment before ...
        QVERIFY(advanceTo(lastRenewal + 2000 + 10000 - 1));
        QVERIFY(a.elector->isLeading());
        QCOMPARE(a.count("stopped"), 0);
        // ... and then at once, well before leaseDuration (15 s) has passed for anyone else.
        QVERIFY(advanceTo(lastRenewal + 2000 + 10000));
        QVERIFY(!a.elector->isLeading());
        QCOMPARE(a.events, QStringList({"leader a", "started", "stopped"}));
        QVERIFY(a.elector->isRunning()); // still a candidate

        // The server is back and nobody took the lease: a leads again, as the same holder.
        QVERIFY(m_cluster->restart());
        QVERIFY(advance(5s));
        QVERIFY(a.elector->isLeading());
        QCOMPARE(a.events, QStringList({"leader a", "started", "stopped", "started"}));
        QCOMPARE(holder(), QStringLiteral("a"));
        QCOMPARE(transitions(), 0);
    }

    void racingCandidatesElectExactlyOne_data()
    {
        QTest::addColumn<bool>("leaseExists");
        QTest::newRow("no lease yet") << false;
        QTest::newRow("expired lease") << true;
    }
    void racingCandidatesElectExactlyOne()
    {
        QFETCH(bool, leaseExists);
        if (leaseExists) {
            QVERIFY(m_cluster->put(api::Object(QJsonObject{
                {"apiVersion", "coordination.k8s.io/v1"},
                {"kind", "Lease"},
                {"metadata", test::meta(LeaseName, LeaseNs)},
                {"spec",
                 QJsonObject{{"holderIdentity", "gone"}, {"leaseDurationSeconds", 15}, {"leaseTransitions", 4}}}})));
        }
        for (const char *id : {"a", "b", "c"})
            candidate(id);
        // All at the same instant: every attempt of every candidate falls on the same fake times.
        for (const auto &c : m_candidates)
            QVERIFY(c->elector->start().ok());
        QVERIFY(advance(40s));

        QStringList leaders;
        for (const auto &c : m_candidates) {
            if (c->elector->isLeading())
                leaders << c->elector->identity();
            QVERIFY(c->count("stopped") == 0);
        }
        QCOMPARE(leaders.size(), 1);
        QCOMPARE(holder(), leaders.first());
        QCOMPARE(transitions(), leaseExists ? 5 : 0);
        for (const auto &c : m_candidates) {
            QCOMPARE(c->elector->leader(), leaders.first());
            QCOMPARE(c->count("started"), c->elector->isLeading() ? 1 : 0);
        }
    }

    void aLeaderNeverOverwritesALeaseSomeoneElseWrote()
    {
        Candidate &a = candidate("a");
        QVERIFY(startLeader(a));
        QVERIFY(advance(1s));

        // Someone else holds the lease now (written with the current resourceVersion).
        QJsonObject json = lease()->json();
        QJsonObject spec = json.value("spec").toObject();
        spec.insert("holderIdentity", "intruder");
        spec.insert("leaseTransitions", 1);
        json.insert("spec", spec);
        QVERIFY(m_cluster->put(api::Object(json)));

        // a's next renewal (its update with the old resourceVersion) conflicts; it reads the lease,
        // sees another holder and stops leading at once, without writing.
        QVERIFY(advance(1s));
        QVERIFY(!a.elector->isLeading());
        QCOMPARE(a.events, QStringList({"leader a", "started", "leader intruder", "stopped"}));
        QCOMPARE(holder(), QStringLiteral("intruder"));

        // The intruder never renews: 15 s after a saw it, a takes the lease back.
        const qint64 seen = m_clock.nowMs();
        QVERIFY(advanceTo(seen + 15000 - 1));
        QCOMPARE(holder(), QStringLiteral("intruder"));
        QVERIFY(advanceTo(seen + 15000 + 2000));
        QVERIFY(a.elector->isLeading());
        QCOMPARE(holder(), QStringLiteral("a"));
        QCOMPARE(transitions(), 2);
    }

    void leaseTransitionsCountChangesOfHolder()
    {
        Candidate &a = candidate("a", true);
        Candidate &b = candidate("b", true);
        QVERIFY(startLeader(a));
        QVERIFY(b.elector->start().ok());
        QVERIFY(advance(20s)); // ten renewals by a
        QCOMPARE(transitions(), 0);

        a.elector->stop();
        QVERIFY(test::waitFor([&] { return a.events.last() == QLatin1String("finished"); }));
        QVERIFY(advance(2s));
        QCOMPARE(holder(), QStringLiteral("b"));
        QCOMPARE(transitions(), 1);

        QVERIFY(a.elector->start().ok());
        QVERIFY(advance(10s));
        QCOMPARE(holder(), QStringLiteral("b"));
        b.elector->stop();
        QVERIFY(test::waitFor([&] { return b.events.last() == QLatin1String("finished"); }));
        QVERIFY(advance(2s));
        QCOMPARE(holder(), QStringLiteral("a"));
        QCOMPARE(transitions(), 2);
        QCOMPARE(a.count("started"), 2);
        QCOMPARE(b.count("started"), 1);
    }

    void aFollowerReleasesNothing()
    {
        Candidate &a = candidate("a");
        Candidate &b = candidate("b", true);
        QVERIFY(startLeader(a));
        QVERIFY(b.elector->start().ok());
        QVERIFY(advance(3s));
        const QString version = lease()->resourceVersion();
        b.elector->stop();
        QCOMPARE(b.events, QStringList({"leader a", "finished"})); // at once: nothing to release
        QVERIFY(!b.elector->hasRequestInFlight());
        QCOMPARE(lease()->resourceVersion(), version);
        QCOMPARE(holder(), QStringLiteral("a"));
    }

    void timingsThatCouldElectTwoAreRefused_data()
    {
        QTest::addColumn<int>("leaseMs");
        QTest::addColumn<int>("renewMs");
        QTest::addColumn<int>("retryMs");
        QTest::addColumn<QString>("message");
        QTest::newRow("lease not longer than renew + retry")
            << 12000 << 10000 << 2000 << "leaseDuration must be greater than renewDeadline+retryPeriod";
        QTest::newRow("renew within jittered retry")
            << 15000 << 2400 << 2000 << "renewDeadline must be greater than retryPeriod*jitterFactor";
        QTest::newRow("no retry period") << 15000 << 10000 << 0 << "retryPeriod must be greater than 0";
        QTest::newRow("sub-second lease") << 900 << 500 << 100 << "leaseDuration must be at least 1s";
    }
    void timingsThatCouldElectTwoAreRefused()
    {
        QFETCH(int, leaseMs);
        QFETCH(int, renewMs);
        QFETCH(int, retryMs);
        QFETCH(QString, message);
        LeaderElectorOptions options;
        options.leaseDuration = std::chrono::milliseconds(leaseMs);
        options.renewDeadline = std::chrono::milliseconds(renewMs);
        options.retryPeriod = std::chrono::milliseconds(retryMs);
        client::ApiClient client(m_cluster->config());
        LeaderElector elector(client, *m_scheduler, options);
        const auto started = elector.start();
        QVERIFY(!started.ok());
        QCOMPARE(started.error().code(), api::ErrorCode::BadRequest);
        QVERIFY2(started.error().message().contains(message), qPrintable(started.error().message()));
        QVERIFY(!elector.isRunning());
        QVERIFY(!elector.hasRequestInFlight());
        QVERIFY(LeaderElector::validate(LeaderElectorOptions()).ok());
    }

    void defaultIdentityIsTheHostNameAndAUniqueSuffix()
    {
        const QString one = LeaderElector::defaultIdentity();
        const QString two = LeaderElector::defaultIdentity();
        QVERIFY(one.startsWith(QSysInfo::machineHostName() + "_"));
        QVERIFY(one != two);
        client::ApiClient client(m_cluster->config());
        LeaderElector elector(client, *m_scheduler);
        QVERIFY(elector.identity().startsWith(QSysInfo::machineHostName() + "_"));
    }
};

QTEST_GUILESS_MAIN(LeaderElectorTest)
#include "tst_leaderelector.moc"
