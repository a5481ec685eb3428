#include "httpserver.h"

#include "httpconnection.h"
#include "status.h"

#include <QSslSocket>

namespace tugboat::apiserver {

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

HttpPeer::HttpPeer(QObject *parent)
    : QObject(parent)
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->peer = this;
}

HttpPeer::~HttpPeer()
{
    std::lock_guard lock(m_mailbox->mutex);
    m_mailbox->peer = nullptr;
}

// Made on the peer's thread (by the connection, or the in-process caller).
HttpExchange::HttpExchange(HttpRequest request, QPointer<HttpPeer> peer)
    : m_request(std::move(request))
    , m_connection(std::move(peer))
    , m_mailbox(m_connection ? m_connection->mailbox() : nullptr)
{}

// Each call hops to the peer's thread; a vanished peer means the client left.
void HttpExchange::respond(HttpResponse response)
{
    if (!m_mailbox)
        return;
    m_mailbox->post([self = shared_from_this(), response = std::move(response)]() mutable {
        if (self->m_connection)
            self->m_connection->sendResponse(self.get(), std::move(response));
    });
}

void HttpExchange::startStream(int status, const QByteArray &contentType)
{
    if (!m_mailbox)
        return;
    m_mailbox->post([self = shared_from_this(), status, contentType] {
        if (self->m_connection)
            self->m_connection->sendStreamHead(self.get(), status, contentType);
    });
}

void HttpExchange::writeChunk(const QByteArray &data)
{
    if (!m_mailbox)
        return;
    m_mailbox->post([self = shared_from_this(), data] {
        if (self->m_connection)
            self->m_connection->sendChunk(self.get(), data);
    });
}

void HttpExchange::finish()
{
    if (!m_mailbox)
        return;
    m_mailbox->post([self = shared_from_this()] {
        if (self->m_connection)
            self->m_connection->sendStreamEnd(self.get());
    });
}

// The callback runs once, outside the lock: set on a handler's thread, fired on the peer's.
void HttpExchange::setOnClosed(std::function<void()> onClosed)
{
    {
        std::lock_guard lock(m_closeMutex);
        if (!m_closed) {
            m_onClosed = std::move(onClosed);
            return;
        }
    }
    if (onClosed)
        onClosed();
}

bool HttpExchange::isClosed() const
{
    return m_closed;
}

void HttpExchange::markClosed()
{
    std::function<void()> onClosed;
    {
        std::lock_guard lock(m_closeMutex);
        if (m_closed.exchange(true))
            return;
        onClosed = std::move(m_onClosed);
    }
    if (onClosed)
        onClosed();
}

HttpServer::HttpServer(HttpHandler handler, HttpLimits limits, QObject *parent)
    : QTcpServer(parent)
    , m_handler(std::move(handler))
    , m_limits(limits)
{
    http_parser_set_max_header_size(limits.maxHeaderBytes);
}

HttpServer::~HttpServer()
{
    close();
    const auto connections = m_connections;
    m_connections.clear();
    qDeleteAll(connections);
}

void HttpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    if (++m_perClient[peer] > m_limits.maxConnectionsPerClient) {
        --m_perClient[peer];
        socket->abort();
        socket->deleteLater();
        return;
    }
    if (m_tls) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        ssl->setSslConfiguration(*m_tls);
        ssl->startServerEncryption();
    }
    m_connections.append(new HttpConnection(socket, this, m_handler, m_limits));
}

void HttpServer::connectionClosed(HttpConnection *connection)
{
    m_connections.removeOne(connection);
    auto it = m_perClient.find(connection->peer());
    if (it != m_perClient.end() && --it.value() <= 0)
        m_perClient.erase(it);
    connection->deleteLater();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Request Entity Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace tugboat::apiserver
