// An API server in the same process, called without sockets, TLS or HTTP parsing: tugboatd's own
// controllers reach its API server this way (ClientConfig::local). Requests still go through the whole
// server (authentication, authorization, admission, validation, the store), as JSON, exactly as over
// the network; only the transport is skipped.
//
// Thread affinity: the LocalServer is called on the client's thread, returns at once, and answers
// later through the LocalReceiver, on the client's thread again (the server posts each call there).
// `context` is the receiver's QObject: once it is destroyed nothing is delivered.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <utility>

namespace tugboat::client {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct LocalRequest {
    QByteArray method;
    QString path;
    QUrlQuery query;
    HeaderList headers; // names lower-cased
    QByteArray body;
};

class LocalReceiver {
public:
    virtual ~LocalReceiver() = default;
    // A whole answer.
    virtual void localResponse(int status, const HeaderList &headers, const QByteArray &body) = 0;
    // A stream: its head, its chunks, its end.
    virtual void localStreamHead(int status) = 0;
    virtual void localChunk(const QByteArray &data) = 0;
    virtual void localStreamEnd() = 0;
};

// What the server returns for a request: closing it tells the server the client has gone away (a
// watch it streams stops). Closing twice, or after the answer, is harmless.
class LocalCall {
public:
    virtual ~LocalCall() = default;
    virtual void close() = 0;
};

using LocalServer =
    std::function<std::shared_ptr<LocalCall>(LocalRequest request, QObject *context, LocalReceiver *receiver)>;

} // namespace tugboat::client
