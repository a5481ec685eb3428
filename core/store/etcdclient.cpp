#include "etcdclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <future>

Q_LOGGING_CATEGORY(lcEtcd, "tugboat.store.etcd")

namespace tugboat::store {

namespace {

// A unary call on its way through the endpoints. Owned jointly by the caller (until it stops
// waiting) and the worker; the promise is fulfilled exactly once.
struct PendingCall {
    QByteArray path;
    QByteArray body;
    EtcdClient::Retry retry = EtcdClient::Retry::Always;
    QDeadlineTimer deadline;
    int firstEndpoint = 0;
    int attempts = 0;
    QStringList failures; // "HOST:PORT (reason)" per endpoint tried
    std::promise<Result<QJsonObject>> promise;
    bool done = false;

    void finish(Result<QJsonObject> result)
    {
        if (done)
            return;
        done = true;
        promise.set_value(std::move(result));
    }
};

// An HTTP answer other than 200: grpc-gateway's {"error", "message", "code"} with a gRPC status code.
Error gatewayError(const QString &endpoint, int httpStatus, const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    QString message = json.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = json.value(QLatin1String("error")).toString();
    if (message.isEmpty())
        message = QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(QString::fromUtf8(body.left(200)));
    const QString text = QStringLiteral("etcd at %1: %2").arg(endpoint, message);

    if (message.contains(QLatin1String("required revision has been compacted")))
        return Error(ErrorCode::Gone, text);
    if (message.contains(QLatin1String("required revision is a future revision")))
        return Error(ErrorCode::Timeout, text);
    if (message.contains(QLatin1String("request is too large")))
        return Error(ErrorCode::RequestTooLarge, text);
    switch (json.value(QLatin1String("code")).toInt(-1)) {
    case 3: // InvalidArgument
        return Error(ErrorCode::BadRequest, text);
    case 4: // DeadlineExceeded
        return Error(ErrorCode::Timeout, text);
    case 7: // PermissionDenied
        return Error(ErrorCode::Forbidden, text);
    case 8: // ResourceExhausted
        return Error(ErrorCode::TooManyRequests, text);
    case 14: // Unavailable: no leader, leader changed, stopping
        return Error(ErrorCode::Unavailable, text);
    case 16: // Unauthenticated
        return Error(ErrorCode::Unauthorized, text);
    default:
        return Error(ErrorCode::Internal, text);
    }
}

} // namespace

// Runs on the client's thread: every QNetworkAccessManager and reply is touched only there.
class EtcdClientWorker : public QObject {
public:
    explicit EtcdClientWorker(EtcdClient::Options options)
        : m_options(std::move(options))
    {}

    void init()
    {
        m_nam = new QNetworkAccessManager(this);
        m_watchNam = new QNetworkAccessManager(this);
        for (auto *nam : {m_nam, m_watchNam})
            nam->setProxy(QNetworkProxy::NoProxy); // etcd is reached directly, whatever http_proxy says
        m_idle = new QTimer(this);
        m_idle->setSingleShot(true);
        connect(m_idle, &QTimer::timeout, this, [this] {
            qCWarning(lcEtcd) << "watch stream silent for" << m_options.watchIdleTimeoutMs
                              << "ms; reconnecting from revision" << m_nextRevision;
            restartWatch(0);
        });
    }

    void shutdown()
    {
        m_closing = true;
        dropWatchReply();
        // Aborting finishes each reply at once; its handler then fails the call (no retry while closing).
        for (QNetworkReply *reply : m_nam->findChildren<QNetworkReply *>())
            reply->abort();
        delete m_nam;
        delete m_watchNam;
        delete m_idle;
        m_nam = m_watchNam = nullptr;
        m_idle = nullptr;
    }

    void send(const std::shared_ptr<PendingCall> &call)
    {
        call->firstEndpoint = m_active;
        attempt(call);
    }

    void startWatch(qint64 startRevision, EtcdClient::WatchHandler handler)
    {
        m_handler = std::move(handler);
        m_nextRevision = startRevision;
        m_watchEndpoint = m_active;
        m_backoffMs = m_options.reconnectMinMs;
        m_watching = true;
        connectWatch();
    }

private:
    int endpointCount() const { return int(m_options.endpoints.size()); }

    QNetworkRequest request(int endpoint, const QByteArray &path) const
    {
        QString base = m_options.endpoints.at(endpoint);
        if (!base.contains(QLatin1String("://")))
            base.prepend(QLatin1String("http://"));
        QNetworkRequest req(QUrl(QStringLiteral("%1/v3/%2").arg(base, QString::fromLatin1(path))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        return req;
    }

    // ---- unary calls ----

    void attempt(const std::shared_ptr<PendingCall> &call)
    {
        if (m_closing) {
            call->finish(Error(ErrorCode::Unavailable, QStringLiteral("the etcd client is closing")));
            return;
        }
        const int endpoint = (call->firstEndpoint + call->attempts) % endpointCount();
        QNetworkRequest req = request(endpoint, call->path);
        req.setTransferTimeout(int(std::max<qint64>(1, call->deadline.remainingTime())));
        QNetworkReply *reply = m_nam->post(req, call->body);
        connect(reply, &QNetworkReply::finished, this, [this, call, endpoint, reply] {
            reply->deleteLater();
            finished(call, endpoint, reply);
        });
    }

    void finished(const std::shared_ptr<PendingCall> &call, int endpoint, QNetworkReply *reply)
    {
        const QString name = m_options.endpoints.at(endpoint);
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid()) {
            const QByteArray body = reply->readAll();
            if (status.toInt() != 200) {
                Error error = gatewayError(name, status.toInt(), body);
                // A member without a leader may be cut off from the others: a read can try another.
                if (error.code() == ErrorCode::Unavailable && call->retry == EtcdClient::Retry::Always && !m_closing &&
                    ++call->attempts < endpointCount() && !call->deadline.hasExpired()) {
                    call->failures << QStringLiteral("%1 (%2)").arg(name, error.message());
                    attempt(call);
                    return;
                }
                call->finish(std::move(error));
                return;
            }
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
            if (!doc.isObject()) {
                call->finish(Error(ErrorCode::Internal,
                                   QStringLiteral("etcd at %1: unreadable answer to /v3/%2: %3")
                                       .arg(name, QString::fromLatin1(call->path), parseError.errorString())));
                return;
            }
            m_active = endpoint;
            call->finish(doc.object());
            return;
        }

        // No HTTP answer: the endpoint is unreachable (or the call timed out or was cancelled).
        call->failures << QStringLiteral("%1 (%2)").arg(name, reply->errorString());
        const auto error = reply->error();
        const bool notSent =
            error == QNetworkReply::ConnectionRefusedError || error == QNetworkReply::HostNotFoundError;
        const bool mayRetry = call->retry == EtcdClient::Retry::Always || notSent;
        if (!m_closing && mayRetry && ++call->attempts < endpointCount() && !call->deadline.hasExpired()) {
            attempt(call);
            return;
        }
        if (call->deadline.hasExpired())
            call->finish(Error(ErrorCode::Timeout, QStringLiteral("etcd did not answer /v3/%1 within %2 ms: %3")
                                                       .arg(QString::fromLatin1(call->path))
                                                       .arg(m_options.requestTimeoutMs)
                                                       .arg(call->failures.join(QLatin1String("; ")))));
        else
            call->finish(
                Error(ErrorCode::Unavailable,
                      QStringLiteral("etcd is unreachable: %1").arg(call->failures.join(QLatin1String("; ")))));
    }

    // ---- the watch stream ----

    void connectWatch()
    {
        if (!m_watching || m_closing || m_watchReply)
            return;
        const QJsonObject create{
            {QStringLiteral("key"), EtcdClient::base64(QByteArray(1, '\0'))}, // "\0" .. "\0": every key
            {QStringLiteral("range_end"), EtcdClient::base64(QByteArray(1, '\0'))},
            {QStringLiteral("start_revision"), QString::number(m_nextRevision)},
            {QStringLiteral("prev_kv"), true},
            {QStringLiteral("progress_notify"), true},
        };
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("create_request"), create}}).toJson(QJsonDocument::Compact);
        m_watchReply = m_watchNam->post(request(m_watchEndpoint, QByteArrayLiteral("watch")), body);
        m_watchBuffer.clear();
        m_watchCreated = false;
        QNetworkReply *reply = m_watchReply;
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] { watchData(reply); });
        connect(reply, &QNetworkReply::finished, this, [this, reply] { watchEnded(reply); });
        m_idle->start(m_options.watchIdleTimeoutMs);
    }

    void watchData(QNetworkReply *reply)
    {
        if (reply != m_watchReply)
            return;
        m_idle->start(m_options.watchIdleTimeoutMs);
        m_watchBuffer += reply->readAll();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return; // an error body: reported when the reply finishes
        qsizetype newline;
        while ((newline = m_watchBuffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_watchBuffer.left(newline).trimmed();
            m_watchBuffer.remove(0, newline + 1);
            if (!line.isEmpty() && !watchMessage(line))
                return; // the stream was dropped
        }
    }

    // Returns false when it dropped the stream.
    bool watchMessage(const QByteArray &line)
    {
        const QString endpoint = m_options.endpoints.at(m_watchEndpoint);
        const QJsonObject message = QJsonDocument::fromJson(line).object();
        if (!message.contains(QLatin1String("result"))) {
            qCWarning(lcEtcd).noquote() << "watch stream at" << endpoint
                                        << "failed:" << QString::fromUtf8(line.left(300))
                                        << "; reconnecting from revision" << m_nextRevision;
            restartWatch(m_backoffMs);
            return false;
        }
        const QJsonObject result = message.value(QLatin1String("result")).toObject();
        if (result.value(QLatin1String("canceled")).toBool()) {
            const qint64 compacted = EtcdClient::int64(result.value(QLatin1String("compact_revision")));
            if (compacted > 0) {
                // Expected at open, when the start is below etcd's compaction; the handler decides.
                qCDebug(lcEtcd) << "watch stream cannot resume at revision" << m_nextRevision
                                << "compacted=" << compacted;
                m_nextRevision = compacted + 1;
                if (m_handler.compacted)
                    m_handler.compacted(compacted);
                restartWatch(0);
            } else {
                qCWarning(lcEtcd).noquote() << "watch stream at" << endpoint
                                            << "cancelled:" << result.value(QLatin1String("cancel_reason")).toString();
                restartWatch(m_backoffMs);
            }
            return false;
        }
        if (result.value(QLatin1String("created")).toBool()) {
            m_watchCreated = true;
            m_backoffMs = m_options.reconnectMinMs;
            return true;
        }
        const QJsonArray events = result.value(QLatin1String("events")).toArray();
        if (events.isEmpty()) {
            if (m_handler.progress)
                m_handler.progress(EtcdClient::headerRevision(result));
            return true;
        }
        std::vector<EtcdEvent> decoded;
        decoded.reserve(size_t(events.size()));
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            EtcdEvent event;
            event.deleted = e.value(QLatin1String("type")).toString() == QLatin1String("DELETE");
            event.kv = EtcdClient::keyValue(e.value(QLatin1String("kv")).toObject());
            if (e.contains(QLatin1String("prev_kv")))
                event.previous = EtcdClient::keyValue(e.value(QLatin1String("prev_kv")).toObject());
            decoded.push_back(std::move(event));
        }
        m_nextRevision = std::max(m_nextRevision, decoded.back().kv.modRevision + 1);
        if (m_handler.events)
            m_handler.events(std::move(decoded));
        return true;
    }

    void watchEnded(QNetworkReply *reply)
    {
        if (reply != m_watchReply)
            return;
        const QString endpoint = m_options.endpoints.at(m_watchEndpoint);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString why =
            reply->error() != QNetworkReply::NoError ? reply->errorString() : QStringLiteral("the server ended it");
        if (status != 0 && status != 200)
            why = gatewayError(endpoint, status, m_watchBuffer).message();
        qCWarning(lcEtcd).noquote() << "watch stream at" << endpoint << "broke:" << why
                                    << "; reconnecting from revision" << m_nextRevision;
        // An endpoint that never accepted the watch is skipped next time; one that served it is retried
        // first, as it is likely only restarting.
        if (!m_watchCreated)
            m_watchEndpoint = (m_watchEndpoint + 1) % endpointCount();
        restartWatch(m_backoffMs);
    }

    void dropWatchReply()
    {
        if (!m_watchReply)
            return;
        QNetworkReply *reply = std::exchange(m_watchReply, nullptr);
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }

    void restartWatch(int delayMs)
    {
        dropWatchReply();
        if (m_idle)
            m_idle->stop();
        if (!m_watching || m_closing)
            return;
        if (delayMs > 0)
            m_backoffMs = std::min(m_backoffMs * 2, m_options.reconnectMaxMs);
        QTimer::singleShot(delayMs, this, [this] { connectWatch(); });
    }

    const EtcdClient::Options m_options;
    QNetworkAccessManager *m_nam = nullptr;      // unary calls
    QNetworkAccessManager *m_watchNam = nullptr; // the watch stream alone
    int m_active = 0;                            // the endpoint that answered last
    bool m_closing = false;

    EtcdClient::WatchHandler m_handler;
    QNetworkReply *m_watchReply = nullptr;
    QByteArray m_watchBuffer;
    QTimer *m_idle = nullptr;
    qint64 m_nextRevision = 1;
    int m_watchEndpoint = 0;
    int m_backoffMs = 50;
    bool m_watching = false;
    bool m_watchCreated = false;
};

EtcdClient::EtcdClient(Options options)
    : m_options(std::move(options))
{
    Q_ASSERT(!m_options.endpoints.isEmpty());
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("etcd-client"));
    m_worker = new EtcdClientWorker(m_options);
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->init(); }, Qt::BlockingQueuedConnection);
}

EtcdClient::~EtcdClient()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has stopped, and it has no children left
}

Result<QJsonObject> EtcdClient::call(const char *path, const QJsonObject &request, Retry retry)
{
    auto pending = std::make_shared<PendingCall>();
    pending->path = QByteArray(path);
    pending->body = QJsonDocument(request).toJson(QJsonDocument::Compact);
    pending->retry = retry;
    pending->deadline = QDeadlineTimer(m_options.requestTimeoutMs);
    auto answer = pending->promise.get_future();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, pending] { w->send(pending); }, Qt::QueuedConnection);
    // The worker enforces the deadline itself; this margin only guards against a stuck event loop.
    if (answer.wait_for(std::chrono::milliseconds(m_options.requestTimeoutMs + 2000)) != std::future_status::ready)
        return Error(ErrorCode::Timeout, QStringLiteral("etcd did not answer /v3/%1 within %2 ms (endpoints %3)")
                                             .arg(QLatin1String(path))
                                             .arg(m_options.requestTimeoutMs)
                                             .arg(m_options.endpoints.join(QLatin1Char(','))));
    return answer.get();
}

void EtcdClient::startWatch(qint64 startRevision, WatchHandler handler)
{
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, startRevision, handler = std::move(handler)]() mutable {
            w->startWatch(startRevision, std::move(handler));
        },
        Qt::QueuedConnection);
}

QString EtcdClient::base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

qint64 EtcdClient::int64(const QJsonValue &value)
{
    return value.isString() ? value.toString().toLongLong() : value.toInteger();
}

qint64 EtcdClient::headerRevision(const QJsonObject &response)
{
    return int64(response.value(QLatin1String("header")).toObject().value(QLatin1String("revision")));
}

EtcdKeyValue EtcdClient::keyValue(const QJsonObject &kv)
{
    EtcdKeyValue out;
    out.key = QByteArray::fromBase64(kv.value(QLatin1String("key")).toString().toLatin1());
    out.value = QByteArray::fromBase64(kv.value(QLatin1String("value")).toString().toLatin1());
    out.createRevision = int64(kv.value(QLatin1String("create_revision")));
    out.modRevision = int64(kv.value(QLatin1String("mod_revision")));
    return out;
}

QByteArray EtcdClient::prefixEnd(const QByteArray &prefix)
{
    QByteArray end = prefix;
    for (qsizetype i = end.size() - 1; i >= 0; --i) {
        if (uchar(end.at(i)) < 0xff) {
            end[i] = char(uchar(end.at(i)) + 1);
            end.truncate(i + 1);
            return end;
        }
    }
    return QByteArray(1, '\0'); // no greater key with this prefix: "\0" means "to the end of the key space"
}

} // namespace tugboat::store
