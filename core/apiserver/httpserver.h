// The HTTP/1.1 server under the API: keep-alive, chunked streaming (watches, log follows), TLS.
//
// Why not QtHttpServer: in Qt 6.4 it cannot stream a response of unknown length (watches run for
// minutes, event by event), has no request-size limits and no per-connection timeouts. So this is a
// small server on QTcpServer + QSslSocket, parsing with Debian's libhttp-parser (the parser
// QtHttpServer itself is built on) rather than a parser of our own.
//
// Threads: the server and its connections live on the thread that created the server (the I/O
// thread). Handlers get an HttpExchange they may answer from any thread; answers are posted back to
// the I/O thread. A handler must never block the I/O thread: blocking work goes to a thread pool.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrlQuery>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace tugboat::apiserver {

class HttpConnection;
class HttpExchange;

struct HttpRequest {
    QByteArray method; // "GET", "POST", ...
    QString path;      // percent-decoded path, e.g. /api/v1/namespaces/default/pods
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    QHostAddress peer;
    bool tls = false;

    QByteArray header(const QByteArray &lowerName) const;
    QString queryValue(const QString &name) const { return query.queryItemValue(name, QUrl::FullyDecoded); }
    bool hasQuery(const QString &name) const { return query.hasQueryItem(name); }
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

// Where an exchange's answer goes: a connection of the server, or an in-process caller. Its methods
// are called on the peer's own thread (exchanges post them there).
//
// Exchanges post through the peer's Mailbox, never through a bare pointer: a peer may be destroyed on
// its thread while a handler on another thread answers. Posting and destruction take the mailbox's
// lock, so a post either reaches the live peer's event queue (and is dropped with it if the peer goes
// before running it) or finds the peer gone.
class HttpPeer : public QObject {
    Q_OBJECT
public:
    struct Mailbox {
        std::mutex mutex;
        HttpPeer *peer = nullptr;

        // Runs `f` on the peer's thread later, unless the peer is gone. Any thread.
        template <typename F> void post(F f)
        {
            std::lock_guard lock(mutex);
            if (peer)
                QMetaObject::invokeMethod(peer, std::move(f), Qt::QueuedConnection);
        }
    };

    explicit HttpPeer(QObject *parent = nullptr);
    ~HttpPeer() override;
    const std::shared_ptr<Mailbox> &mailbox() const { return m_mailbox; }
    virtual void sendResponse(HttpExchange *exchange, HttpResponse response) = 0;
    virtual void sendStreamHead(HttpExchange *exchange, int status, const QByteArray &contentType) = 0;
    virtual void sendChunk(HttpExchange *exchange, const QByteArray &data) = 0;
    virtual void sendStreamEnd(HttpExchange *exchange) = 0;

private:
    std::shared_ptr<Mailbox> m_mailbox;
};

// One request and its answer. Thread-safe: respond/stream calls may come from any thread.
class HttpExchange : public std::enable_shared_from_this<HttpExchange> {
public:
    HttpExchange(HttpRequest request, QPointer<HttpPeer> peer);

    const HttpRequest &request() const { return m_request; }

    // A complete response. Exactly one of respond() or startStream() per exchange.
    void respond(HttpResponse response);
    // A chunked response of unknown length: the head now, chunks as they come, then finish().
    void startStream(int status, const QByteArray &contentType);
    void writeChunk(const QByteArray &data);
    void finish();

    // Called once, on the peer's thread (or at once, if already closed), if the client goes away before
    // the exchange finished.
    void setOnClosed(std::function<void()> onClosed);
    bool isClosed() const;
    void markClosed(); // by the connection

private:
    HttpRequest m_request;
    QPointer<HttpPeer> m_connection;              // used on the peer's thread only
    std::shared_ptr<HttpPeer::Mailbox> m_mailbox; // how other threads reach it
    std::mutex m_closeMutex;                      // guards m_onClosed against markClosed() on another thread
    std::function<void()> m_onClosed;
    std::atomic<bool> m_closed{false};
};

using HttpExchangePtr = std::shared_ptr<HttpExchange>;
using HttpHandler = std::function<void(const HttpExchangePtr &)>;

struct HttpLimits {
    qint64 maxBodyBytes = 3 * 1024 * 1024; // 413 beyond
    quint32 maxHeaderBytes = 64 * 1024;    // 431 beyond
    int requestTimeoutMs = 60'000;         // a request must arrive whole within this (slow clients)
    int idleTimeoutMs = 300'000;           // keep-alive connections idle longer are closed
    int maxConnectionsPerClient = 256;     // further connections from one address are refused
};

class HttpServer : public QTcpServer {
    Q_OBJECT
public:
    HttpServer(HttpHandler handler, HttpLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // TLS for every connection when set; plain HTTP otherwise.
    void setTls(const QSslConfiguration &config) { m_tls = config; }
    bool isTls() const { return m_tls.has_value(); }

    int openConnections() const { return int(m_connections.size()); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class HttpConnection;
    void connectionClosed(HttpConnection *connection);

    HttpHandler m_handler;
    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QList<HttpConnection *> m_connections;
    QHash<QHostAddress, int> m_perClient;
};

// The reason phrase for a status code.
QByteArray reasonPhrase(int status);

} // namespace tugboat::apiserver
