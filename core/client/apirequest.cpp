#include "apirequest.h"

#include "clientlog.h"
#include "statuserror.h"

#include <QDateTime>

namespace tugboat::client::detail {

using api::Error;
using api::ErrorCode;

namespace {

bool isRetryableNetworkError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
        return true;
    default:
        return false;
    }
}

// The request surely never reached the server.
bool neverSent(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError ||
           e == QNetworkReply::ProxyConnectionRefusedError;
}

// Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
std::optional<qint64> parseRetryAfter(const QByteArray &value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return std::max<qint64>(0, seconds);
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(v), Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(at));
}

} // namespace

void Sequence::cancel()
{
    if (m_finished)
        return;
    m_current.cancel();
    complete();
}

void Sequence::complete()
{
    m_finished = true;
    deleteLater();
}

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

ApiRequest::ApiRequest(Transport *transport, RequestSpec spec, Done done, Chunk chunk)
    : Operation(transport)
    , m_transport(transport)
    , m_spec(std::move(spec))
    , m_done(std::move(done))
    , m_chunk(std::move(chunk))
    , m_backoff(std::chrono::milliseconds(transport->options().initialBackoffMs),
                std::chrono::milliseconds(transport->options().maxBackoffMs))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &ApiRequest::onTimeout);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ApiRequest::send);
}

ApiRequest::~ApiRequest()
{
    m_finished = true;
    closeLocal();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    // The transport is alive here: it destroys its requests before its managers (see ~Transport).
    if (m_manager && m_spec.streaming)
        m_transport->releaseManager(m_manager);
}

void ApiRequest::start()
{
    QMetaObject::invokeMethod(this, &ApiRequest::send, Qt::QueuedConnection);
}

void ApiRequest::failWith(api::Error error)
{
    m_presetError = std::move(error);
    start();
}

void ApiRequest::cancel()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_retryTimer.stop();
    dropReply();
    deleteLater();
}

void ApiRequest::send()
{
    if (m_finished)
        return;
    if (m_presetError) {
        finish(*m_presetError);
        return;
    }
    if (const auto &error = m_transport->configError()) {
        finish(*error);
        return;
    }
    ++m_attempt;
    m_timedOut = false;
    m_sslErrors.clear();
    const int timeout =
        m_spec.timeoutMs >= 0 ? m_spec.timeoutMs : (m_spec.streaming ? 0 : m_transport->options().requestTimeoutMs);
    if (const LocalServer &local = m_transport->local()) {
        m_localCall = local(m_transport->makeLocalRequest(m_spec), this, this);
        if (timeout > 0)
            m_timeout.start(timeout);
        qCDebug(lcClient).noquote() << m_spec.method << m_spec.path << "in process, attempt" << m_attempt;
        return;
    }
    if (!m_manager)
        m_manager = m_transport->acquireManager(m_spec.streaming);
    const QNetworkRequest request = m_transport->makeRequest(m_spec);
    QNetworkReply *reply = nullptr;
    if (m_spec.method == "GET")
        reply = m_manager->get(request);
    else if (m_spec.method == "HEAD")
        reply = m_manager->head(request);
    else
        reply = m_manager->sendCustomRequest(request, m_spec.method, m_spec.body);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &ApiRequest::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &ApiRequest::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiRequest::onFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
    });
    if (timeout > 0)
        m_timeout.start(timeout);
    qCDebug(lcClient).noquote() << m_spec.method << m_spec.path << "attempt" << m_attempt;
}

void ApiRequest::onMetaData()
{
    if (!m_spec.streaming || !m_reply || m_streamStatus)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300)
        m_streamStatus = status;
}

void ApiRequest::onReadyRead()
{
    if (!m_spec.streaming || !m_reply || m_finished)
        return;
    if (!m_streamStatus)
        onMetaData();
    if (!m_streamStatus)
        return; // an error body: read whole at the end
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty() || !m_chunk)
        return;
    QPointer<ApiRequest> self(this);
    auto handled = m_chunk(data);
    if (!self || m_finished)
        return;
    if (!handled) {
        m_chunkFailed = true;
        m_chunkError = handled.error();
        if (m_reply)
            m_reply->abort(); // finished() follows synchronously, and reports m_chunkError
    }
}

void ApiRequest::onTimeout()
{
    if (m_localCall && !m_finished) {
        closeLocal();
        finish(timeoutError());
        return;
    }
    if (!m_reply || m_finished)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void ApiRequest::onFinished()
{
    m_timeout.stop();
    if (!m_reply || m_finished) {
        dropReply();
        return;
    }
    if (m_streamStatus && !m_chunkFailed && !m_timedOut)
        onReadyRead(); // what arrived with the end
    if (m_finished || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = m_reply->error();
    const QString errorText = m_reply->errorString();
    HttpResult result;
    result.status = status;
    result.headers = m_reply->rawHeaderPairs();
    if (!m_streamStatus && m_reply->isOpen())
        result.body = m_reply->readAll();
    dropReply();

    qCDebug(lcClient).noquote() << m_spec.method << m_spec.path << "->" << status;
    if (m_chunkFailed) {
        finish(m_chunkError);
        return;
    }
    if (m_timedOut) {
        finish(timeoutError());
        return;
    }
    if (status >= 200 && status < 300) {
        // A stream whose connection broke, rather than ending with its last chunk, did not end cleanly.
        if (m_streamStatus && error != QNetworkReply::NoError) {
            finish(Error(ErrorCode::Unavailable,
                         QStringLiteral("stream from %1 broke: %2").arg(m_transport->serverName(), errorText)));
            return;
        }
        finish(std::move(result));
        return;
    }
    if (status > 0) {
        if (retry(status, error, result.header("Retry-After"), result.body))
            return;
        finish(errorFromResponse(status, result.body, m_spec.description));
        return;
    }
    if (retry(0, error, {}, {}))
        return;
    finish(transportError(errorText));
}

bool ApiRequest::retry(int httpStatus, QNetworkReply::NetworkError error, const QByteArray &retryAfterHeader,
                       const QByteArray &body)
{
    const ClientOptions &options = m_transport->options();
    if (m_spec.streaming || m_attempt > options.maxRetries)
        return false;
    const QByteArray &m = m_spec.method;
    const bool safe = m == "GET" || m == "HEAD";
    const bool idempotent = safe || m == "PUT" || m == "DELETE";
    if (httpStatus > 0) {
        if (!idempotent || (httpStatus != 429 && (httpStatus < 500 || httpStatus == 501)))
            return false;
    } else if (!isRetryableNetworkError(error) || !(safe || (idempotent && neverSent(error)))) {
        return false;
    }
    std::optional<qint64> retryAfter = parseRetryAfter(retryAfterHeader);
    if (!retryAfter && httpStatus > 0)
        if (auto s = retryAfterSeconds(body))
            retryAfter = *s;
    qint64 delayMs = 0;
    if (retryAfter) {
        if (*retryAfter > options.maxRetryAfterSeconds)
            return false;
        delayMs = *retryAfter * 1000;
    } else {
        delayMs = m_backoff.next().count();
    }
    qCInfo(lcClient).noquote() << QStringLiteral("retrying %1 %2 after %3 in %4 ms (attempt %5 of %6)")
                                      .arg(QString::fromLatin1(m), m_spec.path,
                                           httpStatus > 0 ? QString::number(httpStatus)
                                                          : QStringLiteral("a network error"))
                                      .arg(delayMs)
                                      .arg(m_attempt + 1)
                                      .arg(options.maxRetries + 1);
    m_retryTimer.start(int(std::min<qint64>(delayMs, std::numeric_limits<int>::max())));
    return true;
}

Error ApiRequest::timeoutError() const
{
    return Error(ErrorCode::Timeout, QStringLiteral("no answer from %1 within %2 ms (%3)")
                                         .arg(m_transport->serverName())
                                         .arg(m_timeout.interval())
                                         .arg(m_spec.description.isEmpty() ? m_spec.path : m_spec.description));
}

// --- in process: the same outcomes as onFinished() and onReadyRead() give a network reply

void ApiRequest::localResponse(int status, const HeaderList &headers, const QByteArray &body)
{
    if (m_finished)
        return;
    m_timeout.stop();
    m_localCall.reset();
    HttpResult result;
    result.status = status;
    result.body = body;
    for (const auto &[name, value] : headers)
        result.headers.append({name, value});
    qCDebug(lcClient).noquote() << m_spec.method << m_spec.path << "->" << status;
    if (status >= 200 && status < 300) {
        finish(std::move(result));
        return;
    }
    if (retry(status, QNetworkReply::NoError, result.header("Retry-After"), result.body))
        return;
    finish(errorFromResponse(status, result.body, m_spec.description));
}

void ApiRequest::localStreamHead(int status)
{
    if (!m_finished && status >= 200 && status < 300)
        m_streamStatus = status;
}

void ApiRequest::localChunk(const QByteArray &data)
{
    if (m_finished || !m_streamStatus || !m_chunk || data.isEmpty())
        return;
    QPointer<ApiRequest> self(this);
    auto handled = m_chunk(data);
    if (!self || m_finished)
        return;
    if (!handled) {
        closeLocal();
        finish(handled.error());
    }
}

void ApiRequest::localStreamEnd()
{
    if (m_finished)
        return;
    m_timeout.stop();
    m_localCall.reset();
    HttpResult result;
    result.status = m_streamStatus ? m_streamStatus : 200;
    finish(std::move(result));
}

void ApiRequest::closeLocal()
{
    if (std::shared_ptr<LocalCall> call = std::exchange(m_localCall, nullptr))
        call->close();
}

Error ApiRequest::transportError(const QString &text) const
{
    QString why = text;
    for (const QString &s : m_sslErrors)
        if (!why.contains(s))
            why += QStringLiteral("; ") + s;
    return Error(ErrorCode::Unavailable, QStringLiteral("cannot reach %1: %2").arg(m_transport->serverName(), why));
}

void ApiRequest::finish(api::Result<HttpResult> result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_retryTimer.stop();
    dropReply();
    if (m_manager && m_spec.streaming)
        m_transport->releaseManager(m_manager);
    m_manager = nullptr;
    Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(std::move(result));
}

void ApiRequest::dropReply()
{
    closeLocal();
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

} // namespace tugboat::client::detail
