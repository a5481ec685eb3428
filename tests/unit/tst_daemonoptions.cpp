// tugboatd's command line: the flags of DESIGN §2, the config file whose keys mirror them, and a
// one-line reason for every mistake.
#include "options.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tugboat;
using namespace tugboat::daemon;

class DaemonOptionsTest : public QObject {
    Q_OBJECT

private slots:
    void durationsParseAsKubernetesWritesThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("ms") << "500ms" << qint64(500);
        QTest::newRow("s") << "5s" << qint64(5000);
        QTest::newRow("m") << "2m" << qint64(120000);
        QTest::newRow("h+m") << "1h30m" << qint64(5400000);
        QTest::newRow("fraction") << "1.5s" << qint64(1500);
    }
    void durationsParseAsKubernetesWritesThem()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        auto d = parseDuration(text);
        QVERIFY2(d, qPrintable(d.errorMessage()));
        QCOMPARE(*d, ms);
    }

    void badDurationsAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("no unit") << "5";
        QTest::newRow("unknown unit") << "5d";
        QTest::newRow("trailing") << "5s!";
    }
    void badDurationsAreRefused()
    {
        QFETCH(QString, text);
        QVERIFY(!parseDuration(text));
    }

    void serverFlagsAreRead()
    {
        auto c = parseCommandLine({"tugboatd", "server", "--listen", "127.0.0.1:0", "--data-dir=/tmp/x", "--store",
                                   "memory", "--runtime", "sim", "--sim-nodes", "3", "--no-agent", "--insecure-http",
                                   "--history-retention", "10m", "--node-ip", "127.0.0.2"});
        QVERIFY2(c, qPrintable(c.errorMessage()));
        QCOMPARE(c->kind, Command::Kind::Server);
        QCOMPARE(c->server.listenHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(c->server.listenPort, quint16(0));
        QCOMPARE(c->server.dataDir, QStringLiteral("/tmp/x"));
        QCOMPARE(c->server.storeUrl, QStringLiteral("memory"));
        QCOMPARE(c->server.runtime, QStringLiteral("sim"));
        QCOMPARE(c->server.simNodes, 3);
        QVERIFY(c->server.noAgent);
        QVERIFY(c->server.insecureHttp);
        QCOMPARE(c->server.historyRetentionMs, qint64(600000));
        QCOMPARE(c->server.nodeIp, QStringLiteral("127.0.0.2"));
    }

    void defaultsFollowTheDesign()
    {
        auto c = parseCommandLine({"tugboatd", "server"});
        QVERIFY(c);
        QCOMPARE(c->server.listenHost, QStringLiteral("0.0.0.0"));
        QCOMPARE(c->server.listenPort, quint16(6443));
        QCOMPARE(c->server.storeUrl, QStringLiteral("sqlite"));
        QCOMPARE(c->server.nodeMonitorGracePeriodMs, qint64(50000));
        QCOMPARE(c->server.podEvictionTimeoutMs, qint64(300000));
        QCOMPARE(c->server.historyRetentionMs, qint64(300000));
        QVERIFY(!c->server.insecureHttp);
    }

    void theConfigFileMirrorsTheFlagsAndFlagsWin()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# tugboatd settings\nlisten: 127.0.0.1:7000\nstore: memory\nsim-nodes: 2\nno-agent: true\n"
                "history-retention: 1m\n");
        f.close();
        auto c = parseCommandLine({"tugboatd", "server", "--config", path, "--sim-nodes", "5"});
        QVERIFY2(c, qPrintable(c.errorMessage()));
        QCOMPARE(c->server.listenPort, quint16(7000));
        QCOMPARE(c->server.storeUrl, QStringLiteral("memory"));
        QCOMPARE(c->server.simNodes, 5);
        QVERIFY(c->server.noAgent);
        QCOMPARE(c->server.historyRetentionMs, qint64(60000));
    }

    void mistakesGiveAOneLineReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown command") << QStringList{"tugboatd", "frobnicate"} << "unknown command \"frobnicate\"";
        QTest::newRow("unknown flag") << QStringList{"tugboatd", "server", "--nope"} << "unknown flag: --nope";
        QTest::newRow("missing value") << QStringList{"tugboatd", "server", "--listen"}
                                       << "flag needs an argument: --listen";
        QTest::newRow("bad listen") << QStringList{"tugboatd", "server", "--listen", "nowhere"}
                                    << "--listen nowhere: expected HOST:PORT";
        QTest::newRow("bad runtime") << QStringList{"tugboatd", "server", "--runtime", "vm"}
                                     << "--runtime vm: expected process, docker or sim";
        QTest::newRow("bad duration") << QStringList{"tugboatd", "server", "--history-retention", "soon"}
                                      << "--history-retention soon: invalid duration";
        QTest::newRow("insecure off loopback")
            << QStringList{"tugboatd", "server", "--insecure-http"} << "allowed on loopback only";
        QTest::newRow("missing config") << QStringList{"tugboatd", "server", "--config", "/nonexistent.yaml"}
                                        << "--config /nonexistent.yaml";
    }
    void mistakesGiveAOneLineReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        auto c = parseCommandLine(args);
        QVERIFY(!c);
        QVERIFY2(c.error().message().contains(expected), qPrintable(c.error().message()));
        QVERIFY(!c.error().message().contains(QLatin1Char('\n')));
    }
};

QTEST_APPLESS_MAIN(DaemonOptionsTest)
#include "tst_daemonoptions.moc"
