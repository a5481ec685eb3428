// The API client on the wire, against scripted fake servers and a TLS-serving in-process API server:
// retries (503, 429 with Retry-After) for idempotent requests only, timeouts, unreachable servers,
// error bodies that are not a Status, watch and log streams split across chunks, TLS trust (only the
// configured CA, tls-server-name, insecure-skip-tls-verify), bearer tokens and client certificates.
#include "apiserver/pki.h"
#include "client/apiclient.h"
#include "client/statuserror.h"
#include "client/watchdecoder.h"
#include "clienttestsupport.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tugboat;
using namespace tugboat::client;
using api::ErrorCode;
using api::ObjectPtr;
using test::configFor;
using test::fastRetries;
using test::kind;
using test::wait;
using test::WatchRecorder;

namespace {
using namespace std::chrono_literals;
} // namespace

class ApiClientTransportTest : public QObject {
    Q_OBJECT

private:
    const api::ResourceInfo m_configMaps = kind("ConfigMap");

private slots:
    void watchParsesEventsSplitAcrossAndPackedIntoChunks()
    {
        QList<QTcpSocket *> streams;
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::startChunked(s, "application/json");
            streams << s;
        });
        ApiClient client(configFor(fake.url()));
        WatchRecorder recorder;
        client.watch(m_configMaps, "default", {}, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return !streams.isEmpty(); }));
        QVERIFY(fake.requests().first().target.contains("watch=true"));
        QVERIFY(fake.requests().first().target.contains("allowWatchBookmarks=true"));
        QTcpSocket *s = streams.first();
        // A string value holding braces, an escaped quote and an escaped newline.
        const QByteArray a = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"},"
                             "\"data\":{\"x\":\"}{\\\"\\n\"}}}";
        const QByteArray b = R"({"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"6"}}})";
        const QByteArray bm =
            R"({"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"9"}}})";
        test::FakeHttpServer::chunk(s, a.left(20));
        test::FakeHttpServer::chunk(s, a.mid(20) + "\n" + b + "\n" + bm.left(10));
        QVERIFY(test::waitFor([&] { return recorder.events.size() == 2; }));
        QCOMPARE(recorder.events[0].object->json().value("data").toObject().value("x").toString(),
                 QStringLiteral("}{\"\n"));
        QCOMPARE(recorder.events[0].object->kind(), QStringLiteral("ConfigMap")); // filled in
        test::FakeHttpServer::chunk(s, bm.mid(10) + "\n");
        QVERIFY(test::waitFor([&] { return recorder.events.size() == 3; }));
        QCOMPARE(recorder.events[2].type, WatchEvent::Type::Bookmark);
        QCOMPARE(recorder.events[2].object->resourceVersion(), QStringLiteral("9"));
        test::FakeHttpServer::chunk(s, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                       "\"status\":\"Failure\",\"reason\":\"InternalError\",\"code\":500,"
                                       "\"message\":\"boom\"}}\n");
        test::FakeHttpServer::endChunks(s);
        QVERIFY(test::waitFor([&] { return recorder.end.has_value(); }));
        QCOMPARE(recorder.events.last().type, WatchEvent::Type::Error);
        QCOMPARE(recorder.end->error().code(), ErrorCode::Internal);
        QCOMPARE(recorder.end->error().message(), QStringLiteral("boom"));
    }

    void watchWithAMalformedEventFailsTheStream()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::startChunked(s, "application/json");
            test::FakeHttpServer::chunk(s, "{\"type\":\"SOMETHING\",\"object\":{}}\n");
        });
        ApiClient client(configFor(fake.url()));
        WatchRecorder recorder;
        client.watch(m_configMaps, "default", {}, recorder.onEvent(), recorder.onEnd());
        QVERIFY(test::waitFor([&] { return recorder.end.has_value(); }));
        QCOMPARE(recorder.end->error().code(), ErrorCode::BadRequest);
        QVERIFY(recorder.end->errorMessage().contains(QStringLiteral("SOMETHING")));
    }

    void jsonStreamSplitterFindsWholeValues_data()
    {
        QTest::addColumn<QList<QByteArray>>("chunks");
        QTest::addColumn<QList<QByteArray>>("values");
        QTest::newRow("newline separated")
            << QList<QByteArray>{"{\"a\":1}\n{\"b\":2}\n"} << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"};
        QTest::newRow("concatenated") << QList<QByteArray>{"{\"a\":1}{\"b\":[2,{}]}"}
                                      << QList<QByteArray>{"{\"a\":1}", "{\"b\":[2,{}]}"};
        QTest::newRow("split everywhere") << QList<QByteArray>{"{\"a", "\":\"x\\", "\"}", "\"}\n", " {}"}
                                          << QList<QByteArray>{"{\"a\":\"x\\\"}\"}", "{}"};
        QTest::newRow("braces in strings")
            << QList<QByteArray>{"{\"s\":\"{{[\"}\r\n"} << QList<QByteArray>{"{\"s\":\"{{[\"}"};
        QTest::newRow("incomplete") << QList<QByteArray>{"{\"a\":{}"} << QList<QByteArray>{};
    }

    void jsonStreamSplitterFindsWholeValues()
    {
        QFETCH(QList<QByteArray>, chunks);
        QFETCH(QList<QByteArray>, values);
        JsonStreamSplitter splitter;
        QList<QByteArray> found;
        for (const QByteArray &c : chunks) {
            splitter.feed(c);
            while (auto v = splitter.next())
                found << *v;
        }
        QCOMPARE(found, values);
    }

    // --- logs and text subresources

    void logsStreamChunksAsTheyArrive()
    {
        QTcpSocket *stream = nullptr;
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::startChunked(s, "text/plain");
            stream = s;
        });
        ApiClient client(configFor(fake.url()));
        QByteArray received;
        std::optional<api::Result<void>> end;
        LogOptions options;
        options.follow = true;
        options.container = QStringLiteral("web");
        options.tailLines = 10;
        client.logs(
            "default", "web-1", options, [&](const QByteArray &d) { received += d; },
            [&](api::Result<void> r) { end.emplace(std::move(r)); });
        QVERIFY(test::waitFor([&] { return stream != nullptr; }));
        const QByteArray target = fake.requests().first().target;
        QVERIFY2(target.startsWith("/api/v1/namespaces/default/pods/web-1/log?"), target.constData());
        QVERIFY(target.contains("follow=true") && target.contains("container=web") && target.contains("tailLines=10"));
        test::FakeHttpServer::chunk(stream, "line 1\n");
        QVERIFY(test::waitFor([&] { return received == "line 1\n"; }));
        QVERIFY(!end);
        test::FakeHttpServer::chunk(stream, "line 2\n");
        QVERIFY(test::waitFor([&] { return received == "line 1\nline 2\n"; }));
        test::FakeHttpServer::endChunks(stream);
        QVERIFY(test::waitFor([&] { return end.has_value(); }));
        QVERIFY2(end->ok(), qPrintable(end->errorMessage()));
    }

    void logsOfAMissingPodFailWithTheStatus()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(
                s,
                test::FakeHttpServer::response(
                    404,
                    R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"pods \"x\" not found"})"));
        });
        ApiClient client(configFor(fake.url()));
        std::optional<api::Result<void>> end;
        client.logs("default", "x", {}, {}, [&](api::Result<void> r) { end.emplace(std::move(r)); });
        QVERIFY(test::waitFor([&] { return end.has_value(); }));
        QCOMPARE(end->error().code(), ErrorCode::NotFound);
        QCOMPARE(end->error().message(), QStringLiteral("pods \"x\" not found"));
    }

    void getTextReturnsTheBodyWhole()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s, test::FakeHttpServer::response(200, "hello\nworld\n", {}, "text/plain"));
        });
        ApiClient client(configFor(fake.url()));
        auto text =
            wait<QByteArray>([&](auto done) { return client.getText(kind("Pod"), "default", "p", "log", {}, done); });
        QVERIFY2(text, qPrintable(text.errorMessage()));
        QCOMPARE(text.value(), QByteArray("hello\nworld\n"));
    }

    // --- retries, timeouts, network errors (scripted server)

    void getIsRetriedOn503UntilItSucceeds()
    {
        int calls = 0;
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            if (++calls <= 2)
                test::FakeHttpServer::answer(s, test::FakeHttpServer::response(503, "{}"));
            else
                test::FakeHttpServer::answer(s, test::FakeHttpServer::response(200, test::configMap("cm").toJson()));
        });
        ApiClient client(configFor(fake.url()), fastRetries());
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QVERIFY2(got, qPrintable(got.errorMessage()));
        QCOMPARE(got.value()->name(), QStringLiteral("cm"));
        QCOMPARE(fake.requests().size(), 3);
    }

    void postIsNeverRetried()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s, test::FakeHttpServer::response(503, "{}", {"Retry-After: 0"}));
        });
        ApiClient client(configFor(fake.url()), fastRetries());
        auto created = wait<ObjectPtr>(
            [&](auto done) { return client.create(m_configMaps, "default", test::configMap("cm"), {}, done); });
        QVERIFY(!created);
        QCOMPARE(created.error().code(), ErrorCode::Unavailable);
        auto patched = wait<ObjectPtr>(
            [&](auto done) { return client.patch(m_configMaps, "default", "cm", PatchType::Merge, "{}", {}, done); });
        QVERIFY(!patched);
        QCOMPARE(fake.requests().size(), 2);
        QCOMPARE(fake.requests()[0].method, QByteArray("POST"));
        QCOMPARE(fake.requests()[1].method, QByteArray("PATCH"));
    }

    void retriesGiveUpAfterMaxRetries()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s, test::FakeHttpServer::response(500, "{}"));
        });
        ClientOptions options = fastRetries();
        options.maxRetries = 2;
        ApiClient client(configFor(fake.url()), options);
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::Internal);
        QCOMPARE(fake.requests().size(), 3);
    }

    void tooManyRequestsWaitsForRetryAfter()
    {
        int calls = 0;
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            if (++calls == 1)
                test::FakeHttpServer::answer(
                    s,
                    test::FakeHttpServer::response(
                        429,
                        R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","code":429})",
                        {"Retry-After: 1"}));
            else
                test::FakeHttpServer::answer(s, test::FakeHttpServer::response(200, test::configMap("cm").toJson()));
        });
        ApiClient client(configFor(fake.url()), fastRetries());
        QElapsedTimer t;
        t.start();
        // PUT is idempotent: retried on 429.
        auto updated = wait<ObjectPtr>(
            [&](auto done) { return client.update(m_configMaps, "default", test::configMap("cm"), {}, done); });
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        QVERIFY2(t.elapsed() >= 950, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(fake.requests().size(), 2);
    }

    void retryAfterBeyondTheLimitFailsAtOnce()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s, test::FakeHttpServer::response(429, "{}", {"Retry-After: 3600"}));
        });
        ApiClient client(configFor(fake.url()), fastRetries());
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::TooManyRequests);
        QCOMPARE(fake.requests().size(), 1);
    }

    void aSilentServerTimesTheRequestOut()
    {
        test::FakeHttpServer fake([](QTcpSocket *, const test::FakeHttpServer::Request &) {}); // never answers
        ClientOptions options = fastRetries();
        options.requestTimeoutMs = 200;
        ApiClient client(configFor(fake.url()), options);
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::Timeout);
        QVERIFY(got.errorMessage().contains(fake.url()));
    }

    void anUnreachableServerIsUnavailableNamingIt()
    {
        const quint16 port = test::freePort();
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        ApiClient client(configFor(url), fastRetries());
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::Unavailable);
        QVERIFY2(got.errorMessage().startsWith(QStringLiteral("cannot reach ") + url), qPrintable(got.errorMessage()));
    }

    void nonStatusErrorBodiesGetKubernetesWording()
    {
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s,
                                         test::FakeHttpServer::response(404, "404 page not found", {}, "text/plain"));
        });
        ApiClient client(configFor(fake.url()));
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(kind("Pod"), "default", "plain404", done); });
        QCOMPARE(got.error().code(), ErrorCode::NotFound);
        QVERIFY2(got.errorMessage().startsWith(
                     QStringLiteral("the server could not find the requested resource (get pods plain404)")),
                 qPrintable(got.errorMessage()));
    }

    void statusReasonsMapToErrorCodes_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("404") << 404 << "NotFound" << ErrorCode::NotFound;
        QTest::newRow("409 exists") << 409 << "AlreadyExists" << ErrorCode::AlreadyExists;
        QTest::newRow("409 conflict") << 409 << "Conflict" << ErrorCode::Conflict;
        QTest::newRow("409 no reason") << 409 << "" << ErrorCode::Conflict;
        QTest::newRow("410 expired") << 410 << "Expired" << ErrorCode::Gone;
        QTest::newRow("410 gone") << 410 << "Gone" << ErrorCode::Gone;
        QTest::newRow("422") << 422 << "Invalid" << ErrorCode::Invalid;
        QTest::newRow("401") << 401 << "Unauthorized" << ErrorCode::Unauthorized;
        QTest::newRow("403") << 403 << "Forbidden" << ErrorCode::Forbidden;
        QTest::newRow("415") << 415 << "UnsupportedMediaType" << ErrorCode::UnsupportedMediaType;
        QTest::newRow("429") << 429 << "TooManyRequests" << ErrorCode::TooManyRequests;
        QTest::newRow("500") << 500 << "InternalError" << ErrorCode::Internal;
        QTest::newRow("504 server timeout") << 504 << "ServerTimeout" << ErrorCode::Timeout;
        QTest::newRow("503 unknown reason") << 503 << "Whatever" << ErrorCode::Unavailable;
        QTest::newRow("418 unknown") << 418 << "" << ErrorCode::BadRequest;
        QTest::newRow("502 unknown") << 502 << "" << ErrorCode::Internal;
    }

    void statusReasonsMapToErrorCodes()
    {
        QFETCH(int, http);
        QFETCH(QString, reason);
        QFETCH(ErrorCode, code);
        const QJsonObject status{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                                 {"reason", reason}, {"code", http},       {"message", "m"}};
        const api::Error e = errorFromResponse(http, QJsonDocument(status).toJson());
        QCOMPARE(e.code(), code);
        QCOMPARE(e.message(), QStringLiteral("m"));
    }

    void aBadConfigurationFailsEveryRequest()
    {
        ApiClient client(configFor(QStringLiteral("ftp://x")));
        QVERIFY(client.configError());
        auto got = wait<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); });
        QCOMPARE(got.error().code(), ErrorCode::BadRequest);
        QVERIFY(got.errorMessage().contains(QStringLiteral("ftp://x")));

        ClientConfig badCa;
        badCa.server = QStringLiteral("https://127.0.0.1:1");
        badCa.caPem = "not a certificate";
        QVERIFY(ApiClient(badCa).configError());
    }

    void callBlockingGivesUpAtItsDeadline()
    {
        test::FakeHttpServer fake([](QTcpSocket *, const test::FakeHttpServer::Request &) {});
        ApiClient client(configFor(fake.url()));
        auto got =
            callBlocking<ObjectPtr>([&](auto done) { return client.get(m_configMaps, "default", "cm", done); }, 100ms);
        QCOMPARE(got.error().code(), ErrorCode::Timeout);
    }

    // --- TLS and credentials

    void tlsTrustsTheConfiguredCaOnly()
    {
        auto ca = apiserver::createCertificateAuthority();
        QVERIFY(ca);
        apiserver::ServingCertificateOptions names;
        names.dnsNames = {QStringLiteral("localhost")};
        names.ipAddresses = {QHostAddress::LocalHost};
        auto serving = apiserver::issueServingCertificate(*ca, names);
        QVERIFY(serving);
        auto tls = apiserver::serverTlsConfiguration(*serving, ca->certificate);
        QVERIFY(tls);
        test::InProcessCluster secure;
        QVERIFY(secure.start(*tls));

        ClientConfig trusted = secure.config();
        trusted.caPem = ca->certificate;
        ApiClient good(trusted);
        auto ok = wait<ObjectList>([&](auto done) { return good.list(m_configMaps, "default", {}, done); });
        QVERIFY2(ok, qPrintable(ok.errorMessage()));

        auto otherCa = apiserver::createCertificateAuthority();
        QVERIFY(otherCa);
        ClientConfig wrong = secure.config();
        wrong.caPem = otherCa->certificate;
        ApiClient bad(wrong, fastRetries());
        auto refused = wait<ObjectList>([&](auto done) { return bad.list(m_configMaps, "default", {}, done); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::Unavailable);
        QVERIFY2(refused.errorMessage().contains(secure.url()), qPrintable(refused.errorMessage()));

        ApiClient system(secure.config(),
                         fastRetries()); // no CA data: the system's roots, which do not know it
        QVERIFY(!wait<ObjectList>([&](auto done) { return system.list(m_configMaps, "default", {}, done); }));

        ClientConfig insecure = wrong;
        insecure.insecureSkipTlsVerify = true;
        ApiClient skip(insecure);
        QVERIFY(wait<ObjectList>([&](auto done) { return skip.list(m_configMaps, "default", {}, done); }));
    }

    void tlsServerNameIsCheckedInsteadOfTheHost()
    {
        auto ca = apiserver::createCertificateAuthority();
        QVERIFY(ca);
        apiserver::ServingCertificateOptions names;
        names.dnsNames = {QStringLiteral("kubernetes.default.svc")}; // not 127.0.0.1
        auto serving = apiserver::issueServingCertificate(*ca, names);
        QVERIFY(serving);
        auto tls = apiserver::serverTlsConfiguration(*serving, ca->certificate);
        QVERIFY(tls);
        test::InProcessCluster secure;
        QVERIFY(secure.start(*tls));

        ClientConfig byIp = secure.config();
        byIp.caPem = ca->certificate;
        ApiClient mismatched(byIp, fastRetries());
        QVERIFY(!wait<ObjectList>([&](auto done) { return mismatched.list(m_configMaps, "default", {}, done); }));

        ClientConfig named = byIp;
        named.tlsServerName = QStringLiteral("kubernetes.default.svc");
        ApiClient client(named);
        auto ok = wait<ObjectList>([&](auto done) { return client.list(m_configMaps, "default", {}, done); });
        QVERIFY2(ok, qPrintable(ok.errorMessage()));
    }

    void bearerTokenIsSentOverHttpsOnly()
    {
        auto ca = apiserver::createCertificateAuthority();
        QVERIFY(ca);
        apiserver::ServingCertificateOptions names;
        names.ipAddresses = {QHostAddress::LocalHost};
        auto serving = apiserver::issueServingCertificate(*ca, names);
        QVERIFY(serving);
        auto tls = apiserver::serverTlsConfiguration(*serving, ca->certificate);
        QVERIFY(tls);
        test::InProcessCluster secure;
        QList<QByteArray> seen;
        secure.api().setAccessCheck(
            [&seen](const apiserver::HttpRequest &r, const apiserver::RequestInfo &) -> api::Result<void> {
                seen << r.header("authorization");
                if (r.header("authorization") != "Bearer s3cret")
                    return api::Error(ErrorCode::Unauthorized, QStringLiteral("Unauthorized"));
                return {};
            });
        QVERIFY(secure.start(*tls));
        ClientConfig config = secure.config();
        config.caPem = ca->certificate;
        config.token = QStringLiteral("s3cret");
        ApiClient client(config);
        QVERIFY(wait<ObjectList>([&](auto done) { return client.list(m_configMaps, "default", {}, done); }));
        config.token = QStringLiteral("wrong");
        ApiClient wrong(config);
        auto denied = wait<ObjectList>([&](auto done) { return wrong.list(m_configMaps, "default", {}, done); });
        QCOMPARE(denied.error().code(), ErrorCode::Unauthorized);

        // Plain HTTP: no Authorization header at all (as kubectl behaves).
        test::FakeHttpServer fake([&](QTcpSocket *s, const test::FakeHttpServer::Request &) {
            test::FakeHttpServer::answer(s, test::FakeHttpServer::response(200, R"({"items":[]})"));
        });
        ClientConfig plainConfig = configFor(fake.url());
        plainConfig.token = QStringLiteral("s3cret");
        ApiClient plain(plainConfig);
        QVERIFY(wait<ObjectList>([&](auto done) { return plain.list(m_configMaps, "default", {}, done); }));
        QVERIFY(!fake.requests().first().head.toLower().contains("authorization"));
    }

    void clientCertificatesAreLoaded()
    {
        auto ca = apiserver::createCertificateAuthority();
        QVERIFY(ca);
        apiserver::ClientCertificateOptions who;
        who.userName = QStringLiteral("alice");
        auto cert = apiserver::issueClientCertificate(*ca, who);
        QVERIFY(cert);
        ClientConfig config;
        config.server = QStringLiteral("https://127.0.0.1:6443");
        config.clientCertificatePem = cert->certificate;
        config.clientKeyPem = cert->privateKey;
        QVERIFY(!ApiClient(config).configError());
        config.clientKeyPem = "garbage";
        QVERIFY(ApiClient(config).configError());
    }
};

QTEST_GUILESS_MAIN(ApiClientTransportTest)
#include "tst_apiclienttransport.moc"
