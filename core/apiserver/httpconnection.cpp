#include "httpconnection.h"

#include "status.h"

#include <QSslSocket>
#include <QUrl>

namespace tugboat::apiserver {

namespace {

HttpConnection *self(http_parser *p)
{
    return static_cast<HttpConnection *>(p->data);
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpHandler &handler,
                               const HttpLimits &limits)
    : HttpPeer(server)
    , m_socket(socket)
    , m_server(server)
    , m_handler(handler)
    , m_limits(limits)
    , m_peer(socket->peerAddress())
    , m_tls(qobject_cast<QSslSocket *>(socket) != nullptr)
{
    socket->setParent(this);
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    http_parser_settings_init(&m_settings);
    m_settings.on_message_begin = &HttpConnection::onMessageBegin;
    m_settings.on_url = &HttpConnection::onUrl;
    m_settings.on_header_field = &HttpConnection::onHeaderField;
    m_settings.on_header_value = &HttpConnection::onHeaderValue;
    m_settings.on_headers_complete = &HttpConnection::onHeadersComplete;
    m_settings.on_body = &HttpConnection::onBody;
    m_settings.on_message_complete = &HttpConnection::onMessageComplete;

    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(m_limits.requestTimeoutMs);
    connect(&m_requestTimer, &QTimer::timeout, this,
            [this] { fail(408, QStringLiteral("the request did not arrive in time")); });
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        if (!m_current)
            close();
    });
    m_idleTimer.start();

    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readData);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::close);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { close(); });
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &) { close(); });
}

HttpConnection::~HttpConnection()
{
    if (m_current)
        m_current->markClosed();
}

int HttpConnection::onMessageBegin(http_parser *p)
{
    HttpConnection *c = self(p);
    c->m_building = HttpRequest();
    c->m_url.clear();
    c->m_field.clear();
    c->m_value.clear();
    c->m_lastWasValue = false;
    if (!c->m_requestTimer.isActive())
        c->m_requestTimer.start();
    return 0;
}

int HttpConnection::onUrl(http_parser *p, const char *at, size_t len)
{
    self(p)->m_url.append(at, qsizetype(len));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *p, const char *at, size_t len)
{
    HttpConnection *c = self(p);
    if (c->m_lastWasValue) {
        c->m_building.headers.append({c->m_field.toLower(), c->m_value.trimmed()});
        c->m_field.clear();
        c->m_value.clear();
    }
    c->m_field.append(at, qsizetype(len));
    c->m_lastWasValue = false;
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *p, const char *at, size_t len)
{
    HttpConnection *c = self(p);
    c->m_value.append(at, qsizetype(len));
    c->m_lastWasValue = true;
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    if (!c->m_field.isEmpty())
        c->m_building.headers.append({c->m_field.toLower(), c->m_value.trimmed()});
    c->m_building.method = http_method_str(static_cast<http_method>(p->method));
    const QUrl url = QUrl::fromEncoded(c->m_url);
    c->m_building.path = url.path(QUrl::FullyDecoded);
    c->m_building.query = QUrlQuery(url);
    c->m_building.peer = c->m_peer;
    c->m_building.tls = c->m_tls;
    if (p->content_length != ULLONG_MAX && p->content_length > quint64(c->m_limits.maxBodyBytes)) {
        c->fail(413,
                QStringLiteral("the request body is larger than the limit of %1 bytes").arg(c->m_limits.maxBodyBytes));
        return -1;
    }
    return 0;
}

int HttpConnection::onBody(http_parser *p, const char *at, size_t len)
{
    HttpConnection *c = self(p);
    if (c->m_building.body.size() + qint64(len) > c->m_limits.maxBodyBytes) {
        c->fail(413,
                QStringLiteral("the request body is larger than the limit of %1 bytes").arg(c->m_limits.maxBodyBytes));
        return -1;
    }
    c->m_building.body.append(at, qsizetype(len));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *p)
{
    HttpConnection *c = self(p);
    c->m_requestTimer.stop();
    c->m_pending.push_back(Pending{std::move(c->m_building), http_should_keep_alive(p) != 0});
    c->m_building = HttpRequest();
    // Stop parsing further pipelined requests until this one has been handed on.
    http_parser_pause(p, 1);
    return 0;
}

void HttpConnection::readData()
{
    if (m_failed) {
        m_socket->readAll(); // lingering after an error: drain, so the client gets our answer, not a reset
        return;
    }
    if (m_closing)
        return;
    // While an exchange is in progress, buffer at most one more request; the rest waits in the socket.
    const qint64 cap = m_limits.maxBodyBytes + m_limits.maxHeaderBytes + 4096;
    if (m_inbuf.size() < cap)
        m_inbuf += m_socket->read(cap - m_inbuf.size());
    parseBuffered();
}

void HttpConnection::parseBuffered()
{
    while (!m_failed && !m_closing && !m_current && !m_inbuf.isEmpty()) {
        m_idleTimer.start();
        const size_t parsed = http_parser_execute(&m_parser, &m_settings, m_inbuf.constData(), size_t(m_inbuf.size()));
        m_inbuf.remove(0, qsizetype(parsed));
        const http_errno err = HTTP_PARSER_ERRNO(&m_parser);
        if (err == HPE_PAUSED) { // a whole request arrived
            http_parser_pause(&m_parser, 0);
            dispatchNext();
            continue;
        }
        if (err != HPE_OK) {
            fail(err == HPE_HEADER_OVERFLOW ? 431 : 400,
                 QStringLiteral("malformed HTTP request: %1").arg(QLatin1String(http_errno_description(err))));
            return;
        }
    }
}

void HttpConnection::dispatchNext()
{
    if (m_current || m_pending.empty() || m_closing)
        return;
    Pending next = std::move(m_pending.front());
    m_pending.pop_front();
    m_currentKeepAlive = next.keepAlive;
    m_streaming = false;
    m_idleTimer.stop();
    m_current = std::make_shared<HttpExchange>(std::move(next.request), QPointer<HttpPeer>(this));
    m_handler(m_current);
}

bool HttpConnection::isCurrent(HttpExchange *exchange) const
{
    return m_current && m_current.get() == exchange && !m_closing;
}

static QByteArray head(int status, const QByteArray &contentType, const QList<std::pair<QByteArray, QByteArray>> &extra,
                       bool keepAlive)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        h += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : extra)
        h += name + ": " + value + "\r\n";
    h += "Cache-Control: no-cache, private\r\n";
    if (!keepAlive)
        h += "Connection: close\r\n";
    return h;
}

void HttpConnection::sendResponse(HttpExchange *exchange, HttpResponse response)
{
    if (!isCurrent(exchange) || m_streaming)
        return;
    QByteArray out = head(response.status, response.contentType, response.headers, m_currentKeepAlive);
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    if (m_current->request().method != "HEAD")
        out += response.body;
    m_socket->write(out);
    finishCurrent(m_currentKeepAlive);
}

void HttpConnection::sendStreamHead(HttpExchange *exchange, int status, const QByteArray &contentType)
{
    if (!isCurrent(exchange) || m_streaming)
        return;
    m_streaming = true;
    QByteArray out = head(status, contentType, {}, m_currentKeepAlive);
    out += "Transfer-Encoding: chunked\r\n\r\n";
    m_socket->write(out);
}

void HttpConnection::sendChunk(HttpExchange *exchange, const QByteArray &data)
{
    if (!isCurrent(exchange) || !m_streaming || data.isEmpty())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    m_socket->flush();
}

void HttpConnection::sendStreamEnd(HttpExchange *exchange)
{
    if (!isCurrent(exchange) || !m_streaming)
        return;
    m_socket->write("0\r\n\r\n");
    finishCurrent(m_currentKeepAlive);
}

void HttpConnection::finishCurrent(bool keepAlive)
{
    m_current.reset();
    m_streaming = false;
    m_socket->flush();
    if (!keepAlive) {
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    m_idleTimer.start();
    dispatchNext();
    // Bytes of the next request may already be waiting, buffered or in the socket.
    QMetaObject::invokeMethod(this, &HttpConnection::readData, Qt::QueuedConnection);
}

void HttpConnection::fail(int status, const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_requestTimer.stop();
    if (!m_current) {
        const HttpResponse r =
            statusResponse(status, QString::fromLatin1(reasonPhrase(status)).remove(QLatin1Char(' ')), message);
        QByteArray out = head(r.status, r.contentType, {}, false);
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n\r\n" + r.body;
        m_socket->write(out);
        m_socket->flush();
    }
    // Closing with unread input makes the kernel send a reset, which can destroy the answer before
    // the client reads it (a client still sending an oversize body). So linger: drain what arrives
    // and close once the client stops sending, or after a short grace period.
    m_linger.setSingleShot(true);
    connect(&m_linger, &QTimer::timeout, this, [this] {
        m_closing = true;
        m_socket->disconnectFromHost();
    });
    m_linger.start(2000);
}

void HttpConnection::close()
{
    if (m_current) {
        auto current = std::move(m_current);
        current->markClosed();
    }
    m_pending.clear();
    m_requestTimer.stop();
    m_idleTimer.stop();
    if (m_socket->state() != QAbstractSocket::UnconnectedState) {
        m_closing = true;
        m_socket->abort();
    }
    if (m_server) {
        auto *server = m_server;
        m_server = nullptr;
        server->connectionClosed(this);
    }
}

} // namespace tugboat::apiserver
