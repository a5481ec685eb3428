#include "eventrecorder.h"

#include "controllerlog.h"

#include "api/kinds.h"

#include <QJsonDocument>

namespace tugboat::controllers {

namespace {

QString typeName(EventType type)
{
    return type == EventType::Warning ? QStringLiteral("Warning") : QStringLiteral("Normal");
}

QString timestamp(qint64 ms)
{
    return api::formatTimestamp(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

} // namespace

EventRecorder::EventRecorder(client::ApiClient &client, EventSource source, const api::Clock &clock,
                             EventRecorderOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_source(std::move(source))
    , m_clock(clock)
    , m_options(options)
    , m_events(*api::Kinds::byKind(QStringLiteral("v1"), QStringLiteral("Event")))
{}

EventRecorder::~EventRecorder()
{
    m_call.cancel();
}

void EventRecorder::event(const api::Object &involved, EventType type, const QString &reason, const QString &message)
{
    QJsonObject ref{{QStringLiteral("kind"), involved.kind()},
                    {QStringLiteral("apiVersion"), involved.apiVersion()},
                    {QStringLiteral("name"), involved.name()}};
    if (!involved.namespaceName().isEmpty())
        ref.insert(QStringLiteral("namespace"), involved.namespaceName());
    if (!involved.uid().isEmpty())
        ref.insert(QStringLiteral("uid"), involved.uid());
    if (!involved.resourceVersion().isEmpty())
        ref.insert(QStringLiteral("resourceVersion"), involved.resourceVersion());
    Pending pending{ref,
                    involved.namespaceName().isEmpty() ? QStringLiteral("default") : involved.namespaceName(),
                    involved.name(),
                    type,
                    reason,
                    message,
                    m_clock.nowMs()};
    const QString spamKey = QStringList{m_source.component,       m_source.host,   involved.kind(),
                                        involved.namespaceName(), involved.name(), involved.uid(),
                                        involved.apiVersion(),    typeName(type),  reason}
                                .join(QLatin1Char('\x1f'));
    {
        QMutexLocker lock(&m_mutex);
        if (!allowedBySpamFilter(spamKey, pending.timeMs)) {
            ++m_filtered;
            return;
        }
        m_queue.push_back(std::move(pending));
        while (int(m_queue.size()) > std::max(m_options.maxQueued, 1)) {
            m_queue.pop_front();
            ++m_dropped;
        }
    }
    post();
}

bool EventRecorder::allowedBySpamFilter(const QString &key, qint64 nowMs)
{
    const double burst = std::max(m_options.spamBurst, 1);
    const auto refilled = [&](const Bucket &b) {
        return std::min(burst, b.tokens + double(nowMs - b.lastMs) / 1000.0 * m_options.spamRefillPerSecond);
    };
    auto it = m_spam.find(key);
    if (it == m_spam.end()) {
        // Bounded: buckets that have refilled are the same as no bucket, and go first.
        if (m_spam.size() >= m_options.maxCachedEvents)
            m_spam.removeIf([&](const auto &entry) { return refilled(entry.value()) >= burst; });
        if (m_spam.size() >= m_options.maxCachedEvents)
            m_spam.clear();
        it = m_spam.insert(key, Bucket{burst, nowMs});
    }
    it->tokens = refilled(*it);
    it->lastMs = nowMs;
    if (it->tokens < 1 - 1e-9) // refills are fractions: allow for rounding
        return false;
    it->tokens -= 1;
    return true;
}

int EventRecorder::queued() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size());
}

bool EventRecorder::isIdle() const
{
    QMutexLocker lock(&m_mutex);
    return m_queue.empty() && !m_writing && !m_posted.load();
}

void EventRecorder::post()
{
    if (m_posted.exchange(true))
        return;
    QMetaObject::invokeMethod(this, &EventRecorder::writeNext, Qt::QueuedConnection);
}

void EventRecorder::writeNext()
{
    Pending next;
    {
        QMutexLocker lock(&m_mutex);
        m_posted = false;
        if (m_writing || m_queue.empty())
            return;
        next = std::move(m_queue.front());
        m_queue.pop_front();
        m_writing = true;
    }
    const QString key = dedupKeyOf(next);
    auto seen = m_seen.constFind(key);
    if (seen != m_seen.cend() && next.timeMs - seen->lastMs <= m_options.dedupWindow.count())
        patch(next, key, *seen);
    else
        create(next, key);
}

QString EventRecorder::dedupKeyOf(const Pending &event)
{
    const QJsonObject &ref = event.involvedObject;
    return QStringList{ref.value(QLatin1String("kind")).toString(),
                       event.eventNamespace,
                       ref.value(QLatin1String("name")).toString(),
                       ref.value(QLatin1String("uid")).toString(),
                       typeName(event.type),
                       event.reason,
                       event.message}
        .join(QChar(0));
}

QString EventRecorder::uniqueName(const QString &objectName, qint64 timeMs)
{
    // Kubernetes uses the time in nanoseconds; the sequence keeps names unique when the clock stands still.
    const quint64 nanos = quint64(timeMs) * 1'000'000u + (m_sequence++ % 1'000'000u);
    return objectName + QLatin1Char('.') + QString::number(nanos, 16);
}

void EventRecorder::create(const Pending &event, const QString &dedupKey)
{
    const QString name = uniqueName(event.objectName, event.timeMs);
    QJsonObject source{{QStringLiteral("component"), m_source.component}};
    if (!m_source.host.isEmpty())
        source.insert(QStringLiteral("host"), m_source.host);
    const api::Object object(
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                    {QStringLiteral("kind"), QStringLiteral("Event")},
                    {QStringLiteral("metadata"),
                     QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), event.eventNamespace}}},
                    {QStringLiteral("involvedObject"), event.involvedObject},
                    {QStringLiteral("type"), typeName(event.type)},
                    {QStringLiteral("reason"), event.reason},
                    {QStringLiteral("message"), event.message},
                    {QStringLiteral("source"), source},
                    {QStringLiteral("reportingComponent"), m_source.component},
                    {QStringLiteral("reportingInstance"), m_source.host},
                    {QStringLiteral("firstTimestamp"), timestamp(event.timeMs)},
                    {QStringLiteral("lastTimestamp"), timestamp(event.timeMs)},
                    {QStringLiteral("count"), 1}});
    const Seen seen{name, event.eventNamespace, 1, event.timeMs};
    m_call = m_client.create(
        m_events, event.eventNamespace, object, {},
        [this, dedupKey, seen](api::Result<api::ObjectPtr> result) { written(dedupKey, seen, result); });
}

void EventRecorder::patch(const Pending &event, const QString &dedupKey, const Seen &seen)
{
    const Seen next{seen.eventName, seen.eventNamespace, seen.count + 1, event.timeMs};
    const QJsonObject body{{QStringLiteral("count"), next.count},
                           {QStringLiteral("lastTimestamp"), timestamp(event.timeMs)}};
    m_call = m_client.patch(m_events, seen.eventNamespace, seen.eventName, client::PatchType::Merge,
                            QJsonDocument(body).toJson(QJsonDocument::Compact), {},
                            [this, event, dedupKey, next](api::Result<api::ObjectPtr> result) {
                                if (!result.ok() && result.error().code() == api::ErrorCode::NotFound) {
                                    m_seen.remove(dedupKey); // deleted (expired): start a new Event
                                    create(event, dedupKey);
                                    return;
                                }
                                written(dedupKey, next, result);
                            });
}

void EventRecorder::written(const QString &dedupKey, const Seen &seen, const api::Result<api::ObjectPtr> &result)
{
    if (result.ok()) {
        m_seen.insert(dedupKey, seen);
        if (m_seen.size() > m_options.maxCachedEvents)
            forgetOldest();
        emit recorded(result.value());
    } else {
        qCWarning(lcControllers).noquote()
            << "event dropped"
            << QStringLiteral("component=%1 event=%2/%3 error=%4")
                   .arg(m_source.component, seen.eventNamespace, seen.eventName, result.error().message());
    }
    {
        QMutexLocker lock(&m_mutex);
        m_writing = false;
    }
    writeNext();
}

void EventRecorder::forgetOldest()
{
    const qint64 cutoff = m_clock.nowMs() - m_options.dedupWindow.count();
    m_seen.removeIf([cutoff](const QHash<QString, Seen>::iterator &it) { return it->lastMs < cutoff; });
    while (m_seen.size() > m_options.maxCachedEvents) {
        auto oldest = m_seen.begin();
        for (auto it = m_seen.begin(); it != m_seen.end(); ++it)
            if (it->lastMs < oldest->lastMs)
                oldest = it;
        m_seen.erase(oldest);
    }
}

} // namespace tugboat::controllers
