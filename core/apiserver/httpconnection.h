// One client connection: parses requests with libhttp-parser, hands each to the server's handler, and
// writes responses in order (requests pipelined behind an unfinished response wait their turn).
//
// Thread affinity: the I/O thread of its HttpServer. Exchanges post to it with queued calls.
#pragma once

#include "httpserver.h"

#include <QTimer>

#include <deque>
#include <http_parser.h>

class QTcpSocket;

namespace tugboat::apiserver {

class HttpConnection : public HttpPeer {
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpServer *server, const HttpHandler &handler, const HttpLimits &limits);
    ~HttpConnection() override;

    QHostAddress peer() const { return m_peer; }

    // Called on the I/O thread (exchanges post these).
    void sendResponse(HttpExchange *exchange, HttpResponse response) override;
    void sendStreamHead(HttpExchange *exchange, int status, const QByteArray &contentType) override;
    void sendChunk(HttpExchange *exchange, const QByteArray &data) override;
    void sendStreamEnd(HttpExchange *exchange) override;

private:
    static int onMessageBegin(http_parser *p);
    static int onUrl(http_parser *p, const char *at, size_t len);
    static int onHeaderField(http_parser *p, const char *at, size_t len);
    static int onHeaderValue(http_parser *p, const char *at, size_t len);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t len);
    static int onMessageComplete(http_parser *p);

    void readData();
    void parseBuffered();
    void dispatchNext();
    void fail(int status, const QString &message); // answers with a Status and closes
    void close();
    void finishCurrent(bool keepAlive);
    bool isCurrent(HttpExchange *exchange) const;

    QTcpSocket *m_socket;
    HttpServer *m_server;
    HttpHandler m_handler;
    HttpLimits m_limits;
    QHostAddress m_peer;
    bool m_tls = false;

    http_parser m_parser;
    http_parser_settings m_settings;
    HttpRequest m_building;
    QByteArray m_inbuf; // read from the socket, not parsed yet
    QByteArray m_url, m_field, m_value;
    bool m_lastWasValue = false;
    bool m_failed = false;
    bool m_closing = false;

    struct Pending {
        HttpRequest request;
        bool keepAlive = true;
    };
    std::deque<Pending> m_pending; // parsed, waiting for the current exchange to finish
    HttpExchangePtr m_current;     // the exchange being answered
    bool m_currentKeepAlive = true;
    bool m_streaming = false;

    QTimer m_requestTimer; // started at the first byte of a request
    QTimer m_idleTimer;
    QTimer m_linger; // after an error answer, until the connection closes
};

} // namespace tugboat::apiserver
