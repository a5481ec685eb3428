#include "watchstream.h"

#include "status.h"

#include <QJsonDocument>
#include <QPointer>

namespace tugboat::apiserver {

WatchStream::WatchStream(HttpExchangePtr exchange, store::WatchPtr watch, const ResourceInfo &info, ListQuery filter,
                         Encoder encoder, bool bookmarks, int timeoutSeconds, int bookmarkIntervalMs,
                         std::function<void()> onFinished)
    : m_exchange(std::move(exchange))
    , m_watch(std::move(watch))
    , m_info(info)
    , m_filter(std::move(filter))
    , m_encode(std::move(encoder))
    , m_bookmarks(bookmarks)
    , m_onFinished(std::move(onFinished))
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(std::chrono::seconds(timeoutSeconds));
    connect(&m_timeout, &QTimer::timeout, this, &WatchStream::stop);
    m_bookmarkTimer.setInterval(bookmarkIntervalMs);
    connect(&m_bookmarkTimer, &QTimer::timeout, this, &WatchStream::sendBookmark);
}

WatchStream::~WatchStream()
{
    m_watch->cancel();
}

void WatchStream::start(const QByteArray &contentType, const std::vector<ObjectPtr> &initial)
{
    m_exchange->startStream(200, contentType);
    for (const ObjectPtr &o : initial)
        sendEvent("ADDED", m_encode(o));
    QPointer<WatchStream> self(this);
    m_exchange->setOnClosed([self] {
        if (self)
            QMetaObject::invokeMethod(self.data(), &WatchStream::stop, Qt::QueuedConnection);
    });
    m_watch->setNotify([self] {
        if (self)
            QMetaObject::invokeMethod(self.data(), &WatchStream::pump, Qt::QueuedConnection);
    });
    m_timeout.start();
    if (m_bookmarks)
        m_bookmarkTimer.start();
    pump();
}

bool WatchStream::matches(const ObjectPtr &object) const
{
    return object && m_filter.labels.matches(object->labels()) && m_filter.fields.matches(*object);
}

void WatchStream::pump()
{
    if (m_stopped)
        return;
    // In batches, so one busy watch cannot hold the I/O thread for long.
    if (deliver(512) == 512) {
        QMetaObject::invokeMethod(this, &WatchStream::pump, Qt::QueuedConnection);
        return;
    }
    if (m_watch->isClosed()) {
        if (auto error = m_watch->error())
            sendEvent("ERROR", statusObject(*error));
        stop();
    }
}

size_t WatchStream::deliver(size_t max)
{
    auto events = m_watch->take(max);
    for (const store::WatchEvent &e : events) {
        const bool now = matches(e.object);
        const bool before = matches(e.previous);
        switch (e.type) {
        case store::EventType::Added:
            if (now)
                sendEvent("ADDED", m_encode(e.object));
            break;
        case store::EventType::Modified:
            if (now && before)
                sendEvent("MODIFIED", m_encode(e.object));
            else if (now)
                sendEvent("ADDED", m_encode(e.object));
            else if (before)
                sendEvent("DELETED", m_encode(e.object));
            break;
        case store::EventType::Deleted:
            if (now)
                sendEvent("DELETED", m_encode(e.object));
            break;
        }
    }
    return events.size();
}

void WatchStream::sendEvent(const char *type, const QJsonObject &object)
{
    const QJsonObject event{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}};
    m_exchange->writeChunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
}

void WatchStream::sendBookmark()
{
    if (m_stopped)
        return;
    // Read the store's progress first, then deliver what is queued: every event up to that revision is
    // then on the wire, and the bookmark may claim it.
    const qint64 progress = m_watch->progressRevision();
    while (deliver(512) == 512) {
    }
    if (m_watch->isClosed())
        return; // pump() reports why
    // A bookmark says "you are up to date as of this revision", so a client re-watching after a
    // disconnect starts from here rather than from an old, possibly compacted, revision.
    const QJsonObject object{
        {QStringLiteral("kind"), m_info.kind},
        {QStringLiteral("apiVersion"), m_info.apiVersion()},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"),
                                                  QString::number(std::max(progress, m_watch->lastRevision()))}}}};
    sendEvent("BOOKMARK", object);
}

void WatchStream::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_timeout.stop();
    m_bookmarkTimer.stop();
    m_watch->cancel();
    if (!m_exchange->isClosed())
        m_exchange->finish();
    if (m_onFinished)
        m_onFinished();
    deleteLater();
}

} // namespace tugboat::apiserver
