// What the client tests run against: a real in-process API server (memory store, ApiServer,
// HttpServer on 127.0.0.1, plain or TLS) and a scripted fake HTTP server for answers the real one
// does not give (503s, Retry-After, slow or split streams).
//
// Everything lives on the test's thread; waiting (test::waitFor, callBlocking) runs its event loop.
#pragma once

#include "api/kinds.h"
#include "apiserver/apiserver.h"
#include "apiserver/httpserver.h"
#include "client/apiclient.h"
#include "client/blocking.h"
#include "client/kubeconfig.h"
#include "store/memorystore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>
#include <memory>
#include <optional>

namespace tugboat::test {

inline api::ResourceInfo kind(const char *name)
{
    return *api::Kinds::byKind(QLatin1String(name));
}

inline QJsonObject meta(const QString &name, const QString &ns = QStringLiteral("default"),
                        const QJsonObject &labels = {})
{
    QJsonObject m{{QStringLiteral("name"), name}};
    if (!ns.isEmpty())
        m.insert(QStringLiteral("namespace"), ns);
    if (!labels.isEmpty())
        m.insert(QStringLiteral("labels"), labels);
    return m;
}

inline api::Object configMap(const QString &name, const QJsonObject &data = {}, const QJsonObject &labels = {},
                             const QString &ns = QStringLiteral("default"))
{
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                   {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                                   {QStringLiteral("metadata"), meta(name, ns, labels)},
                                   {QStringLiteral("data"), data}});
}

inline api::Object deployment(const QString &name, int replicas, const QString &image = QStringLiteral("nginx:1.25"))
{
    const QJsonObject labels{{QStringLiteral("app"), name}};
    const QJsonObject container{{QStringLiteral("name"), QStringLiteral("web")}, {QStringLiteral("image"), image}};
    return api::Object(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
        {QStringLiteral("kind"), QStringLiteral("Deployment")},
        {QStringLiteral("metadata"), meta(name)},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("replicas"), replicas},
                     {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), labels}}},
                     {QStringLiteral("template"),
                      QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), labels}}},
                                  {QStringLiteral("spec"),
                                   QJsonObject{{QStringLiteral("containers"), QJsonArray{container}}}}}}}}});
}

// Waits (running the event loop) for a verb's result.
template <typename T> api::Result<T> wait(const std::function<client::Call(client::Callback<T>)> &start)
{
    return client::callBlocking<T>(start, std::chrono::seconds(20));
}

inline client::ClientConfig configFor(const QString &url)
{
    client::ClientConfig c;
    c.server = url;
    return c;
}

// A test-friendly client: short back-off, so retries take milliseconds.
inline client::ClientOptions fastRetries()
{
    client::ClientOptions o;
    o.initialBackoffMs = 5;
    o.maxBackoffMs = 20;
    return o;
}

// Collects a watch's events and its end.
struct WatchRecorder {
    QList<client::WatchEvent> events;
    std::optional<api::Result<void>> end;

    std::function<void(const client::WatchEvent &)> onEvent()
    {
        return [this](const client::WatchEvent &e) { events.append(e); };
    }
    client::Callback<void> onEnd()
    {
        return [this](api::Result<void> r) { end.emplace(std::move(r)); };
    }
    QStringList summary() const
    {
        QStringList s;
        for (const client::WatchEvent &e : events)
            s << client::eventTypeName(e.type) + QLatin1Char(' ') + (e.object ? e.object->name() : QString());
        return s;
    }
};

// A memory store behind the real API server, served over HTTP(S) on a loopback port.
class InProcessCluster {
public:
    InProcessCluster()
        : m_store(storeOptions())
        , m_api(m_store, api::Clock::system())
    {
        for (const char *ns : {"default", "other"}) {
            const api::Object object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                 {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                                 {QStringLiteral("metadata"), meta(QLatin1String(ns), QString())}});
            auto created = m_api.registry().create(kind("Namespace"), QString(), object, {}, nullptr);
            Q_ASSERT(created.ok());
        }
    }

    // Listens on `port` (0: any free one). `tls` makes it HTTPS.
    bool start(std::optional<QSslConfiguration> tls = std::nullopt, quint16 port = 0)
    {
        m_tls = tls;
        m_http =
            std::make_unique<apiserver::HttpServer>([this](const apiserver::HttpExchangePtr &e) { m_api.handle(e); });
        if (tls)
            m_http->setTls(*tls);
        if (!m_http->listen(QHostAddress::LocalHost, port))
            return false;
        m_port = m_http->serverPort();
        return true;
    }
    // Closes the listener and every connection (watches break), as a crashed server would.
    void stop() { m_http.reset(); }
    // Serves again on the same port.
    bool restart() { return start(m_tls, m_port); }

    store::MemoryStore &store() { return m_store; }
    apiserver::ApiServer &api() { return m_api; }
    apiserver::Registry &registry() { return m_api.registry(); }
    quint16 port() const { return m_port; }
    QString url() const
    {
        return QStringLiteral("%1://127.0.0.1:%2")
            .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
            .arg(m_port);
    }
    client::ClientConfig config() const
    {
        client::ClientConfig c;
        c.server = url();
        return c;
    }

    // Writes straight to the registry, bypassing HTTP (for changes made while the server is down).
    api::ObjectPtr put(const api::Object &object)
    {
        const api::ResourceInfo info = *api::Kinds::byKind(object.apiVersion(), object.kind());
        auto existing = m_api.registry().get(info, object.namespaceName(), object.name());
        auto written = existing
                           ? m_api.registry().update(info, object.namespaceName(), object.name(),
                                                     object.withResourceVersion(existing.value()->resourceVersion()),
                                                     apiserver::Part::Main, {}, nullptr)
                           : m_api.registry().create(info, object.namespaceName(), object, {}, nullptr);
        return written ? written.value() : nullptr;
    }
    bool remove(const api::ResourceInfo &info, const QString &ns, const QString &name)
    {
        return m_api.registry().remove(info, ns, name, {}).ok();
    }
    // Forgets all history up to now: watches from older resourceVersions get 410 Gone.
    bool compactAll()
    {
        auto rev = m_store.currentRevision();
        return rev && m_store.compact(rev.value()).ok();
    }

private:
    static store::StoreOptions storeOptions()
    {
        store::StoreOptions o;
        o.maintenanceIntervalMs = 0;
        return o;
    }

    store::MemoryStore m_store;
    apiserver::ApiServer m_api;
    std::unique_ptr<apiserver::HttpServer> m_http;
    std::optional<QSslConfiguration> m_tls;
    quint16 m_port = 0;
};

// A minimal HTTP/1.1 server whose answers the test scripts: each request goes to `handler` with the
// socket to answer on. Requests are recorded.
class FakeHttpServer : public QTcpServer {
public:
    struct Request {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QByteArray head;   // request line and headers
        QByteArray body;
    };
    using Handler = std::function<void(QTcpSocket *socket, const Request &request)>;

    explicit FakeHttpServer(Handler handler)
        : m_handler(std::move(handler))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    parse(socket, *buffer);
                });
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }
    const QList<Request> &requests() const { return m_requests; }

    // A whole response; the connection is closed after it.
    static QByteArray response(int status, const QByteArray &body, const QList<QByteArray> &headers = {},
                               const QByteArray &contentType = "application/json")
    {
        QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + " " + apiserver::reasonPhrase(status) + "\r\n";
        r += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const QByteArray &h : headers)
            r += h + "\r\n";
        return r + "Connection: close\r\n\r\n" + body;
    }
    static void answer(QTcpSocket *socket, const QByteArray &response)
    {
        socket->write(response);
        socket->disconnectFromHost();
    }
    // The head of a chunked response; then chunk() for each piece and endChunks().
    static void startChunked(QTcpSocket *socket, const QByteArray &contentType)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        socket->flush();
    }
    static void chunk(QTcpSocket *socket, const QByteArray &data)
    {
        socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
        socket->flush();
    }
    static void endChunks(QTcpSocket *socket)
    {
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
    }

private:
    void parse(QTcpSocket *socket, QByteArray &buffer)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        r.head = buffer.left(end);
        const QList<QByteArray> lines = r.head.split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.target = first.value(1);
        qsizetype length = 0;
        for (const QByteArray &line : lines)
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        m_requests.append(r);
        m_handler(socket, r);
    }

    Handler m_handler;
    QList<Request> m_requests;
};

} // namespace tugboat::test
