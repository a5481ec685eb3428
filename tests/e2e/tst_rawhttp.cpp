// Bad input through raw HTTPS against a real tugboatd: each request gets the right code and a
// Kubernetes Status naming the problem, and the server keeps serving.
#include "client/kubeconfig.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTest>
#include <QUrl>

using namespace tugboat;
using namespace tugboat::test;

namespace {

struct Reply {
    int status = 0;
    QByteArray headers;
    QJsonObject body;
    QByteArray raw;
};

} // namespace

class RawHttpTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<DaemonProcess> m_daemon;
    QString m_adminToken, m_joinToken, m_viewerToken;
    QUrl m_url;
    QSslCertificate m_ca;

    bool connect(QSslSocket &s)
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates({m_ca});
        s.setSslConfiguration(conf);
        s.connectToHostEncrypted(m_url.host(), quint16(m_url.port()));
        return waitFor([&] { return s.isEncrypted() || s.state() == QAbstractSocket::UnconnectedState; }) &&
               s.isEncrypted();
    }

    // Sends raw bytes and reads one response (Content-Length framed).
    Reply exchange(const QByteArray &raw)
    {
        QSslSocket s;
        Reply r;
        if (!connect(s))
            return r;
        s.write(raw);
        QByteArray buf;
        waitFor([&] {
            buf += s.readAll();
            const qsizetype head = buf.indexOf("\r\n\r\n");
            if (head < 0)
                return s.state() == QAbstractSocket::UnconnectedState;
            const qsizetype cl = buf.toLower().indexOf("content-length: ");
            if (cl < 0 || cl > head)
                return s.state() == QAbstractSocket::UnconnectedState;
            const qint64 len = buf.mid(cl + 16, buf.indexOf("\r\n", cl) - cl - 16).toLongLong();
            return buf.size() >= head + 4 + len;
        });
        r.raw = buf;
        r.status = buf.mid(9, 3).toInt();
        const qsizetype head = buf.indexOf("\r\n\r\n");
        r.headers = buf.left(head);
        r.body = QJsonDocument::fromJson(buf.mid(head + 4)).object();
        return r;
    }

    Reply request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                  const QByteArray &contentType = "application/json", const QString &token = QStringLiteral("admin"))
    {
        QByteArray raw = method + ' ' + path + " HTTP/1.1\r\nHost: x\r\n";
        const QString t = token == QLatin1String("admin") ? m_adminToken : token;
        if (!t.isEmpty())
            raw += "Authorization: Bearer " + t.toUtf8() + "\r\n";
        if (!body.isNull())
            raw += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        raw += "\r\n" + body;
        return exchange(raw);
    }

#define EXPECT_STATUS(reply, code, reason)                                                                             \
    do {                                                                                                               \
        QVERIFY2((reply).status == (code), (reply).raw.left(600).constData());                                         \
        QCOMPARE((reply).body.value("kind").toString(), QStringLiteral("Status"));                                     \
        QCOMPARE((reply).body.value("code").toInt(), (code));                                                          \
        QCOMPARE((reply).body.value("reason").toString(), QStringLiteral(reason));                                     \
    } while (false)

private slots:
    void initTestCase()
    {
        m_daemon = std::make_unique<DaemonProcess>(QStringLiteral(TUGBOATD_PATH));
        QVERIFY2(m_daemon->start(), qPrintable(m_daemon->why()));
        m_url = QUrl(m_daemon->url());
        auto admin = client::Kubeconfig::loadFile(m_daemon->kubeconfig());
        QVERIFY(admin);
        auto resolved = admin->resolve();
        QVERIFY(resolved);
        m_adminToken = resolved->token;
        m_ca = QSslCertificate(resolved->caPem);
        QVERIFY(!m_ca.isNull());
        auto viewer =
            client::Kubeconfig::loadFile(QDir(m_daemon->dataDir()).filePath(QStringLiteral("data/viewer.kubeconfig")));
        QVERIFY(viewer);
        m_viewerToken = viewer->resolve()->token;
        QFile node(QDir(m_daemon->dataDir()).filePath(QStringLiteral("data/node-token")));
        QVERIFY(node.open(QIODevice::ReadOnly));
        const QString join = QString::fromUtf8(node.readAll().trimmed());
        m_joinToken = join.mid(join.indexOf(QStringLiteral("::")) + 2);
    }

    void healthAndVersionNeedNoToken()
    {
        QCOMPARE(request("GET", "/healthz", {}, {}, QString()).status, 200);
        auto version = request("GET", "/version", {}, {}, QString());
        QCOMPARE(version.status, 200);
        QCOMPARE(version.body.value("minor").toString(), QStringLiteral("33"));
    }

    void missingOrWrongTokensAreUnauthorized()
    {
        EXPECT_STATUS(request("GET", "/api/v1/namespaces", {}, {}, QString()), 401, "Unauthorized");
        EXPECT_STATUS(request("GET", "/api/v1/namespaces", {}, {}, QStringLiteral("abc.def")), 401, "Unauthorized");
        EXPECT_STATUS(request("GET", "/api/v1/namespaces", {}, {}, m_adminToken + QLatin1Char('x')), 401,
                      "Unauthorized");
    }

    void rolesAreEnforced()
    {
        QCOMPARE(request("GET", "/api/v1/namespaces", {}, {}, m_viewerToken).status, 200);
        auto viewerWrite = request("POST", "/api/v1/namespaces/default/configmaps",
                                   R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"v"}})",
                                   "application/json", m_viewerToken);
        EXPECT_STATUS(viewerWrite, 403, "Forbidden");
        QVERIFY(viewerWrite.body.value("message").toString().contains(
            QLatin1String("cannot create resource \"configmaps\"")));
        EXPECT_STATUS(request("GET", "/api/v1/namespaces/default/secrets", {}, {}, m_viewerToken), 403, "Forbidden");
        // A node's join token may not act as an admin.
        auto overreach = request(
            "POST", "/api/v1/namespaces/default/pods",
            R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x"}]}})",
            "application/json", m_joinToken);
        EXPECT_STATUS(overreach, 403, "Forbidden");
    }

    void malformedBodiesAreBadRequests()
    {
        EXPECT_STATUS(request("POST", "/api/v1/namespaces/default/configmaps", "{not json"), 400, "BadRequest");
        EXPECT_STATUS(request("POST", "/api/v1/namespaces/default/configmaps", "[1,2]"), 400, "BadRequest");
        EXPECT_STATUS(request("POST", "/api/v1/namespaces/default/configmaps", "a=b", "text/plain"), 415,
                      "UnsupportedMediaType");
        QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
        auto deepReply = request("POST", "/api/v1/namespaces/default/configmaps", deep);
        QVERIFY2(deepReply.status == 400, deepReply.raw.left(300).constData());
    }

    void oversizeBodiesAreRefused()
    {
        const QByteArray big = "{\"data\":\"" + QByteArray(4 * 1024 * 1024, 'x') + "\"}";
        auto reply = request("POST", "/api/v1/namespaces/default/configmaps", big);
        EXPECT_STATUS(reply, 413, "RequestEntityTooLarge");
    }

    void invalidObjectsNameTheirFields()
    {
        auto reply = request("POST", "/api/v1/namespaces/default/configmaps",
                             R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name"}})");
        EXPECT_STATUS(reply, 422, "Invalid");
        QVERIFY2(reply.body.value("message").toString().contains(
                     QLatin1String("metadata.name: Invalid value: \"Bad_Name\"")),
                 reply.raw.constData());
        QCOMPARE(reply.body.value("details")
                     .toObject()
                     .value("causes")
                     .toArray()
                     .first()
                     .toObject()
                     .value("field")
                     .toString(),
                 QStringLiteral("metadata.name"));
    }

    void unknownKindsAndPathsAreNotFound()
    {
        EXPECT_STATUS(request("GET", "/api/v1/namespaces/default/widgets"), 404, "NotFound");
        EXPECT_STATUS(request("GET", "/apis/example.com/v1/things"), 404, "NotFound");
        EXPECT_STATUS(request("GET", "/api/v1/namespaces/default/configmaps/missing"), 404, "NotFound");
        auto mismatch = request("POST", "/api/v1/namespaces/default/configmaps",
                                R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}})");
        EXPECT_STATUS(mismatch, 400, "BadRequest");
    }

    void staleResourceVersionsConflict()
    {
        auto created = request("POST", "/api/v1/namespaces/default/configmaps",
                               R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cas"},"data":{"a":"1"}})");
        QCOMPARE(created.status, 201);
        const QString rv = created.body.value("metadata").toObject().value("resourceVersion").toString();
        auto first = request(
            "PUT", "/api/v1/namespaces/default/configmaps/cas",
            QStringLiteral(
                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cas","resourceVersion":"%1"},"data":{"a":"2"}})")
                .arg(rv)
                .toUtf8());
        QCOMPARE(first.status, 200);
        auto stale = request(
            "PUT", "/api/v1/namespaces/default/configmaps/cas",
            QStringLiteral(
                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cas","resourceVersion":"%1"},"data":{"a":"3"}})")
                .arg(rv)
                .toUtf8());
        EXPECT_STATUS(stale, 409, "Conflict");
        QVERIFY(stale.body.value("message").toString().contains(QLatin1String("the object has been modified")));
        auto oldWatch =
            request("GET", "/api/v1/namespaces/default/configmaps?resourceVersion=1&resourceVersionMatch=Exact");
        QVERIFY(oldWatch.status == 200 || oldWatch.status == 410);
    }

    void aSlowClientDoesNotStopOthers()
    {
        QSslSocket slow;
        QVERIFY(connect(slow));
        slow.write("GET /api/v1/namespaces HTTP/1.1\r\nHost: x\r\n"); // never finished
        QVERIFY(waitFor([&] { return slow.bytesToWrite() == 0; }));
        QCOMPARE(request("GET", "/api/v1/namespaces").status, 200);
    }

    void cleanupTestCase()
    {
        if (m_daemon)
            m_daemon->stop();
    }
};

QTEST_GUILESS_MAIN(RawHttpTest)
#include "tst_rawhttp.moc"
