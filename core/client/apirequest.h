// One API request through its attempts: sending, the per-attempt timeout, retries with back-off,
// streaming, and turning failures into api::Error.
//
// Retry policy (after client-go's, and RFC 9110's idempotent methods):
//  - retryable failures: a connection that could not be made or broke (refused, reset, host not
//    found, temporary network failure), 429 Too Many Requests, and 5xx except 501;
//  - GET and HEAD are retried on any of them;
//  - PUT and DELETE are retried on 429/5xx answers and on connections that were never made (refused,
//    host not found), but not when a connection broke after the request went out: the server may have
//    applied it, and Kubernetes would answer a replay with Conflict or NotFound for a change that did
//    happen;
//  - POST and PATCH are never retried;
//  - streams (watches, log follows) are never retried: their owners (informers) decide;
//  - the delay is the server's Retry-After (header, or Status details.retryAfterSeconds) when it sends
//    one, else ClientOptions' exponential back-off with jitter; at most maxRetries further attempts.
//
// Failures: an answer with an error code becomes the Status's Error (statuserror.h); no answer
// becomes Unavailable naming the server (`cannot reach https://10.0.0.1:6443: Connection refused`); an
// attempt past its timeout becomes Timeout.
//
// Thread affinity: lives on the ApiClient's thread, as a child of it; deletes itself when done.
#pragma once

#include "backoff.h"
#include "transport.h"

#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>
#include <functional>

namespace tugboat::client::detail {

struct HttpResult {
    int status = 0;
    QByteArray body; // empty for a stream that ended (its bytes went to the chunk handler)
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const;
};

// An operation made of requests one after another; `m_current` is the one in flight.
class Sequence : public Operation {
public:
    using Operation::Operation;
    void cancel() override;

protected:
    // Marks the sequence finished (before its final callback runs) and schedules its deletion.
    void complete();
    Call m_current;
};

class ApiRequest : public Operation, private LocalReceiver {
    Q_OBJECT
public:
    using Done = std::function<void(api::Result<HttpResult>)>;
    // Streams: called with each chunk of a 2xx body as it arrives. An error aborts the stream and
    // becomes the request's result.
    using Chunk = std::function<api::Result<void>(const QByteArray &)>;

    ApiRequest(Transport *transport, RequestSpec spec, Done done, Chunk chunk = {});
    ~ApiRequest() override;

    // Sends the first attempt. Completion is always asynchronous.
    void start();
    // Completes with `error` without touching the network (still asynchronously).
    void failWith(api::Error error);
    // Aborts without calling back.
    void cancel() override;

private:
    void send();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void onTimeout();
    void finish(api::Result<HttpResult> result);
    api::Error timeoutError() const;

    // In-process requests (Transport::local()).
    void localResponse(int status, const HeaderList &headers, const QByteArray &body) override;
    void localStreamHead(int status) override;
    void localChunk(const QByteArray &data) override;
    void localStreamEnd() override;
    void closeLocal();
    // Schedules another attempt when the policy allows one; false when the failure is final.
    bool retry(int httpStatus, QNetworkReply::NetworkError error, const QByteArray &retryAfterHeader,
               const QByteArray &body);
    void dropReply();
    api::Error transportError(const QString &text) const;

    Transport *m_transport;
    RequestSpec m_spec;
    Done m_done;
    Chunk m_chunk;
    QNetworkAccessManager *m_manager = nullptr;
    QPointer<QNetworkReply> m_reply;
    std::shared_ptr<LocalCall> m_localCall;
    QTimer m_timeout;
    QTimer m_retryTimer;
    Backoff m_backoff;
    int m_attempt = 0;
    int m_streamStatus = 0; // 2xx once a stream's head arrived
    bool m_timedOut = false;
    std::optional<api::Error> m_presetError;
    api::Error m_chunkError;
    bool m_chunkFailed = false;
    QStringList m_sslErrors;
};

} // namespace tugboat::client::detail
