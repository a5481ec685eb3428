// Two tugboatd servers on one etcd (the HA control plane), the second with a copy of the first one's
// credentials: both serve one cluster to the same kubeconfig, exactly one runs the controllers (it holds
// the Lease kube-system/tugboat-controller-manager), and when it is killed with SIGKILL the other takes
// over within the lease's duration and finishes the rollout the dead leader had started, as the real kubectl sees
// through the surviving server; a leader stopped with SIGTERM releases the lease and the other takes over at once.
#include "kubectlharness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace tugboat;
using namespace tugboat::test;
using namespace std::chrono_literals;

namespace {

// What HA servers of one cluster share (README, "Several servers").
const char *const kSharedFiles[] = {"ca.crt",     "ca.key",           "tokens.json",
                                    "node-token", "admin.kubeconfig", "viewer.kubeconfig"};

} // namespace

class HaTest : public QObject {
    Q_OBJECT

private:
    struct Server {
        std::unique_ptr<DaemonProcess> daemon;
        QByteArray later; // output after start()

        QByteArray output()
        {
            if (daemon->process())
                later += daemon->process()->readAll();
            return daemon->output() + later;
        }
        // The identities this server said it leads as, in order.
        QStringList leadingAs()
        {
            static const QRegularExpression line(QStringLiteral("^tugboatd: leading the control plane as (\\S+)$"),
                                                 QRegularExpression::MultilineOption);
            QStringList ids;
            auto it = line.globalMatch(QString::fromUtf8(output()));
            while (it.hasNext())
                ids << it.next().captured(1);
            return ids;
        }
        QString dataFile(const char *name) const
        {
            return QDir(daemon->dataDir()).filePath(QStringLiteral("data/") + QLatin1String(name));
        }
    };

    std::unique_ptr<EtcdServer> m_etcd;
    Server m_a, m_b;
    QTemporaryDir m_home;

    QStringList serverArgs() const
    {
        return {QStringLiteral("--store"), QStringLiteral("etcd://") + m_etcd->endpoint(),
                QStringLiteral("--sim-nodes"), QStringLiteral("2"), QStringLiteral("--no-agent")};
    }

    CommandResult kubectl(Server &server, QStringList args, const QByteArray &input = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.remove(QStringLiteral("KUBECONFIG"));
        args.prepend(server.daemon->kubeconfig());
        args.prepend(QStringLiteral("--kubeconfig"));
        return run(kubectlBinaries().last(), args, input, env);
    }
    QString leaseField(Server &server, const char *jsonpath)
    {
        return QString::fromUtf8(kubectl(server, {"get", "lease", "-n", "kube-system", "tugboat-controller-manager",
                                                  "-o", QStringLiteral("jsonpath={%1}").arg(QLatin1String(jsonpath))})
                                     .out.trimmed());
    }
    // The second server gets a copy of the first one's CA, tokens and kubeconfigs, 0600 in a 0700 dir.
    bool shareCredentials(Server &from, Server &to)
    {
        const QString dir = QDir(to.daemon->dataDir()).filePath(QStringLiteral("data"));
        if (!QDir().mkpath(dir) || !QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            return false;
        for (const char *name : kSharedFiles) {
            const QString target = to.dataFile(name);
            if (!QFile::copy(from.dataFile(name), target) ||
                !QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner))
                return false;
        }
        return true;
    }

    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        if (kubectlBinaries().isEmpty())
            QSKIP("kubectl is not installed");
        if (EtcdServer::executable().isEmpty())
            QSKIP("etcd is not installed (packaging/install-deps.sh installs etcd-server)");
    }
    // Each test gets a fresh etcd and two servers sharing the first one's credentials.
    void init()
    {
        m_etcd = std::make_unique<EtcdServer>();
        QVERIFY2(m_etcd->start(), qPrintable(m_etcd->why()));
        m_a = Server{std::make_unique<DaemonProcess>(QStringLiteral(TUGBOATD_PATH)), {}};
        m_b = Server{std::make_unique<DaemonProcess>(QStringLiteral(TUGBOATD_PATH)), {}};
        QVERIFY2(m_a.daemon->start(serverArgs()), qPrintable(m_a.daemon->why()));
        QVERIFY(shareCredentials(m_a, m_b));
        QVERIFY2(m_b.daemon->start(serverArgs()), qPrintable(m_b.daemon->why()));
        QVERIFY(m_a.daemon->url() != m_b.daemon->url());
    }
    // Whatever happened, nothing started here outlives the test.
    void cleanup()
    {
        m_b.daemon.reset();
        m_a.daemon.reset();
        m_etcd.reset();
    }

    void bothServersServeOneClusterWithTheSameCredentials()
    {
        // The first server's kubeconfig (its CA, its admin token) works against the second.
        KUBECTL_OK(kubectl(m_a, {"--server", m_b.daemon->url(), "create", "configmap", "shared"}));
        KUBECTL_OK(kubectl(m_b, {"get", "configmap", "shared"}));
        // The second server issued its own serving certificate from the shared CA; all stays private.
        QVERIFY(readFile(m_a.dataFile("server.crt")) != readFile(m_b.dataFile("server.crt")));
        QCOMPARE(readFile(m_a.dataFile("ca.crt")), readFile(m_b.dataFile("ca.crt")));
        const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                                QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        for (const char *name : {"server.crt", "server.key", "ca.key", "tokens.json", "admin.kubeconfig"}) {
            QVERIFY2(QFile::exists(m_b.dataFile(name)), name);
            QCOMPARE(QFile(m_b.dataFile(name)).permissions() & others, QFileDevice::Permissions());
        }
    }

    void oneServerLeadsAndTheOtherTakesOverWhenItDies()
    {
        // Exactly one leads, and the Lease names it; it renews while the other keeps waiting.
        QVERIFY2(waitFor([&] { return m_a.leadingAs().size() + m_b.leadingAs().size() == 1; }, 30s),
                 qPrintable(QString::fromUtf8(m_a.output() + m_b.output())));
        Server &leader = m_a.leadingAs().isEmpty() ? m_b : m_a;
        Server &survivor = &leader == &m_a ? m_b : m_a;
        const QString leaderId = leader.leadingAs().first();
        QCOMPARE(leaseField(survivor, ".spec.holderIdentity"), leaderId);
        const QString renewed = leaseField(survivor, ".spec.renewTime");
        QVERIFY(waitFor([&] { return leaseField(survivor, ".spec.renewTime") != renewed; }, 20s));
        QCOMPARE(m_a.leadingAs().size() + m_b.leadingAs().size(), 1);
        QCOMPARE(leaseField(survivor, ".spec.holderIdentity"), leaderId);

        // Only the leader runs controllers (its simulated nodes registered; the other's did not).
        const QByteArray simNodes = "registering simulated nodes";
        QVERIFY(waitFor([&] { return leader.output().contains(simNodes); }));
        QVERIFY(!survivor.output().contains(simNodes));

        // A Deployment applied through the first server rolls out; a new image starts another rollout,
        // and the leader dies in the middle of it without a word.
        KUBECTL_OK(kubectl(m_a, {"apply", "-f", QStringLiteral(TESTDATA_DIR "/web.yaml")}));
        KUBECTL_OK(kubectl(m_a, {"rollout", "status", "deploy/web", "--timeout=60s"}));
        KUBECTL_OK(kubectl(m_a, {"set", "image", "deploy/web", "web=nginx:1.26"}));
        leader.daemon->process()->kill();
        QVERIFY(leader.daemon->process()->waitForFinished(10000));
        QElapsedTimer sinceKill;
        sinceKill.start();

        // The survivor takes over once the lease has gone unrenewed for its 15 s (plus its jittered
        // retry period), and says so.
        QVERIFY2(waitFor([&] { return !survivor.leadingAs().isEmpty(); }, 45s),
                 qPrintable(QString::fromUtf8(survivor.output())));
        const QString survivorId = survivor.leadingAs().first();
        QVERIFY(survivorId != leaderId);
        qInfo("the survivor took over %lld ms after the leader was killed", qint64(sinceKill.elapsed()));
        QVERIFY(waitFor([&] { return survivor.output().contains(simNodes); }));
        QCOMPARE(leaseField(survivor, ".spec.holderIdentity"), survivorId);
        QVERIFY(leaseField(survivor, ".spec.leaseTransitions").toInt() >= 1);

        // Its controllers, scheduler and simulated nodes finish the rollout, and keep acting on it.
        auto status = kubectl(survivor, {"rollout", "status", "deploy/web", "--timeout=90s"});
        QVERIFY2(status.exitCode == 0 && status.out.contains("successfully rolled out"),
                 (status.out + status.err).constData());
        auto images = [&] {
            return kubectl(survivor, {"get", "pods", "-l", "app=web", "-o",
                                      "jsonpath={range .items[*]}{.status.phase} {.spec.containers[0].image} "
                                      "{.spec.nodeName}{\"\\n\"}{end}"})
                .out.trimmed();
        };
        QVERIFY2(
            waitFor([&] { return images().count("Running nginx:1.26 sim-") == 2 && !images().contains("1.25"); }, 60s),
            images().constData());
        KUBECTL_OK(kubectl(survivor, {"scale", "deploy", "web", "--replicas=5"}));
        QVERIFY2(waitFor(
                     [&] {
                         const QByteArray p = images();
                         return p.count("Running nginx:1.26 sim-") == 5 && p.contains("sim-1") && p.contains("sim-2");
                     },
                     60s),
                 images().constData());
        QVERIFY(!survivor.output().contains("tugboatd: stopped leading"));
    }

    void aLeaderStoppedGracefullyHandsOverAtOnce()
    {
        QVERIFY2(waitFor([&] { return m_a.leadingAs().size() + m_b.leadingAs().size() == 1; }, 30s),
                 qPrintable(QString::fromUtf8(m_a.output() + m_b.output())));
        Server &leader = m_a.leadingAs().isEmpty() ? m_b : m_a;
        Server &survivor = &leader == &m_a ? m_b : m_a;

        // SIGTERM: the leader stops its controllers, releases the lease, and exits.
        QElapsedTimer sinceStop;
        sinceStop.start();
        leader.daemon->process()->terminate();
        QVERIFY(leader.daemon->process()->waitForFinished(10000));
        QCOMPARE(leader.daemon->process()->exitStatus(), QProcess::NormalExit);
        QVERIFY2(leader.output().contains("tugboatd: stopped leading\n"), leader.output().constData());
        // It released the lease rather than letting it run out, so the other may take it at its next
        // attempt instead of 15 s later (how fast that is belongs to benchmarks, not here).
        QVERIFY2(leader.output().contains("released the leader lease"), leader.output().constData());

        QVERIFY2(waitFor([&] { return !survivor.leadingAs().isEmpty(); }, 30s),
                 qPrintable(QString::fromUtf8(survivor.output())));
        qInfo("the survivor took over %lld ms after the leader was stopped", qint64(sinceStop.elapsed()));
        QCOMPARE(leaseField(survivor, ".spec.holderIdentity"), survivor.leadingAs().first());
        QCOMPARE(leaseField(survivor, ".spec.leaseTransitions"), QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(HaTest)
#include "tst_ha.moc"
