// The HTTP/1.1 layer under the API: keep-alive, pipelining, chunked streams, and hostile clients
// (malformed requests, oversize bodies and headers, slow clients), each answered with a Status.
#include "apiserver/httpserver.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace tugboat;
using namespace tugboat::apiserver;

namespace {

// Reads from the socket until `done(buffer)` or the deadline, running the event loop meanwhile (the
// server lives on this thread too).
QByteArray readUntil(QTcpSocket &s, const std::function<bool(const QByteArray &)> &done, int timeoutMs = 5000)
{
    QByteArray buf;
    test::waitFor(
        [&] {
            buf += s.readAll();
            return done(buf);
        },
        std::chrono::milliseconds(timeoutMs));
    return buf;
}

bool disconnected(QTcpSocket &s)
{
    return test::waitFor([&] { return s.state() == QAbstractSocket::UnconnectedState; }, std::chrono::seconds(5));
}

int countOf(const QByteArray &haystack, const QByteArray &needle)
{
    int n = 0;
    for (qsizetype i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1))
        ++n;
    return n;
}

} // namespace

class HttpServerTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HttpServer> m_server;
    HttpLimits m_limits;
    QList<HttpExchangePtr> m_streams;

    void startServer()
    {
        m_server = std::make_unique<HttpServer>(
            [this](const HttpExchangePtr &e) {
                const HttpRequest &r = e->request();
                if (r.path == QLatin1String("/stream")) {
                    e->startStream(200, "application/json");
                    e->writeChunk("{\"n\":1}\n");
                    e->writeChunk("{\"n\":2}\n");
                    m_streams.append(e);
                    return;
                }
                HttpResponse resp;
                resp.body = QJsonDocument(QJsonObject{{QStringLiteral("path"), r.path},
                                                      {QStringLiteral("method"), QString::fromLatin1(r.method)},
                                                      {QStringLiteral("size"), r.body.size()},
                                                      {QStringLiteral("q"), r.queryValue(QStringLiteral("q"))}})
                                .toJson(QJsonDocument::Compact);
                e->respond(resp);
            },
            m_limits);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }

    bool connectTo(QTcpSocket &s)
    {
        s.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        return s.waitForConnected(5000);
    }

private slots:
    void init()
    {
        m_limits = HttpLimits();
        m_streams.clear();
    }

    void keepAliveServesSeveralRequestsOnOneConnection()
    {
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        for (int i = 0; i < 3; ++i) {
            s.write("GET /a%20b?q=x%3Dy HTTP/1.1\r\nHost: t\r\n\r\n");
            const QByteArray r = readUntil(s, [](const QByteArray &b) { return b.endsWith("}"); });
            QVERIFY2(r.startsWith("HTTP/1.1 200 OK\r\n"), r.constData());
            QVERIFY(r.contains("\"path\":\"/a b\""));
            QVERIFY(r.contains("\"q\":\"x=y\""));
        }
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        s.write("GET /one HTTP/1.1\r\nHost: t\r\n\r\nPOST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                "GET /three HTTP/1.1\r\nHost: t\r\n\r\n");
        const QByteArray r =
            readUntil(s, [](const QByteArray &b) { return countOf(b, "HTTP/1.1 200") == 3 && b.endsWith("}"); });
        const qsizetype one = r.indexOf("/one"), two = r.indexOf("/two"), three = r.indexOf("/three");
        QVERIFY2(one > 0 && two > one && three > two, r.constData());
        QVERIFY(r.contains("\"size\":3"));
    }

    void chunkedStreamsDeliverEachChunkAndEnd()
    {
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        s.write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
        QByteArray r = readUntil(s, [](const QByteArray &b) { return b.contains("{\"n\":2}"); });
        QVERIFY(r.contains("Transfer-Encoding: chunked"));
        QVERIFY(r.contains("8\r\n{\"n\":1}\n\r\n"));
        QCOMPARE(m_streams.size(), 1);
        m_streams.first()->writeChunk("{\"n\":3}\n");
        m_streams.first()->finish();
        r += readUntil(s, [](const QByteArray &b) { return b.endsWith("0\r\n\r\n"); });
        QVERIFY(r.endsWith("8\r\n{\"n\":3}\n\r\n0\r\n\r\n"));
        // The connection is still usable after the stream.
        s.write("GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
        QVERIFY(readUntil(s, [](const QByteArray &b) { return b.endsWith("}"); }).contains("/after"));
    }

    void aClientGoingAwayClosesItsStream()
    {
        startServer();
        bool closed = false;
        {
            QTcpSocket s;
            QVERIFY(connectTo(s));
            s.write("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            readUntil(s, [](const QByteArray &b) { return b.contains("{\"n\":2}"); });
            QCOMPARE(m_streams.size(), 1);
            m_streams.first()->setOnClosed([&closed] { closed = true; });
            s.abort();
        }
        QVERIFY(test::waitFor([&] { return closed; }));
        QVERIFY(m_streams.first()->isClosed());
    }

    void hostileRequestsGetAStatusAndTheServerKeepsServing_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("\x01\x02 not http\r\n\r\n") << 400;
        QTest::newRow("bad method") << QByteArray("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n") << 400;
        QTest::newRow("oversize body") << QByteArray("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\n\r\n")
                                       << 413;
        QTest::newRow("oversize header") << (QByteArray("GET /x HTTP/1.1\r\nX-Big: ") + QByteArray(100 * 1024, 'a') +
                                             "\r\n\r\n")
                                         << 431;
        QTest::newRow("bad chunk") << QByteArray(
                                          "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                   << 400;
    }
    void hostileRequestsGetAStatusAndTheServerKeepsServing()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        s.write(request);
        const QByteArray r =
            readUntil(s, [](const QByteArray &b) { return b.contains("\"kind\":\"Status\"") && b.endsWith("}"); });
        QVERIFY2(r.startsWith("HTTP/1.1 " + QByteArray::number(status)), r.left(200).constData());
        QVERIFY(r.contains("\"code\":" + QByteArray::number(status)));
        QVERIFY(disconnected(s));

        QTcpSocket next;
        QVERIFY(connectTo(next));
        next.write("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
        QVERIFY(readUntil(next, [](const QByteArray &b) { return b.endsWith("}"); }).startsWith("HTTP/1.1 200"));
    }

    void aChunkedBodyOverTheLimitIsRefused()
    {
        m_limits.maxBodyBytes = 1024;
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        s.write("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 4; ++i)
            s.write("200\r\n" + QByteArray(0x200, 'x') + "\r\n");
        const QByteArray r = readUntil(s, [](const QByteArray &b) { return b.endsWith("}"); });
        QVERIFY2(r.startsWith("HTTP/1.1 413"), r.constData());
    }

    void aSlowClientIsTimedOut()
    {
        m_limits.requestTimeoutMs = 200;
        startServer();
        QTcpSocket s;
        QVERIFY(connectTo(s));
        s.write("GET /x HTTP/1.1\r\nHost: t\r\n"); // and never the rest
        const QByteArray r = readUntil(s, [](const QByteArray &b) { return b.endsWith("}"); });
        QVERIFY2(r.startsWith("HTTP/1.1 408"), r.constData());
        QVERIFY(disconnected(s));
    }

    void connectionsPerClientAreLimited()
    {
        m_limits.maxConnectionsPerClient = 2;
        startServer();
        QTcpSocket a, b, c;
        QVERIFY(connectTo(a));
        QVERIFY(connectTo(b));
        QVERIFY(test::waitFor([&] { return m_server->openConnections() == 2; }));
        QVERIFY(connectTo(c));
        QVERIFY(disconnected(c));
        a.write("GET /still HTTP/1.1\r\nHost: t\r\n\r\n");
        QVERIFY(readUntil(a, [](const QByteArray &x) { return x.endsWith("}"); }).contains("/still"));
    }
};

QTEST_GUILESS_MAIN(HttpServerTest)
#include "tst_httpserver.moc"
