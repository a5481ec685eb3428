#include "informer.h"

#include "clientlog.h"

#include <QRandomGenerator>

namespace tugboat::client {

using api::ErrorCode;
using api::ObjectPtr;
using api::Result;

namespace {

// A watch that delivered something, or stayed open this long, counts as healthy: the back-off starts
// over, and a clean end is followed by a new watch at once.
constexpr qint64 kHealthyWatchMs = 1000;

} // namespace

Informer::Informer(ApiClient &client, InformerOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
    , m_backoff(m_options.initialBackoff, m_options.maxBackoff)
{
    if (!m_options.resource.namespaced)
        m_options.namespaceName.clear();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_running && m_retryStep)
            (this->*m_retryStep)();
    });
    connect(&m_resyncTimer, &QTimer::timeout, this, &Informer::resync);
}

Informer::~Informer()
{
    stop();
}

QString Informer::key(const QString &ns, const QString &name)
{
    return ns.isEmpty() ? name : ns + QLatin1Char('/') + name;
}

QString Informer::describe() const
{
    QString s = m_options.resource.qualifiedResource();
    if (!m_options.namespaceName.isEmpty())
        s += QStringLiteral(" in ") + m_options.namespaceName;
    return s;
}

void Informer::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoff.reset();
    if (m_options.resyncPeriod.count() > 0)
        m_resyncTimer.start(m_options.resyncPeriod);
    relist();
}

void Informer::stop()
{
    m_running = false;
    m_call.cancel();
    m_call = Call();
    m_retryTimer.stop();
    m_resyncTimer.stop();
}

int Informer::addEventHandler(InformerHandlers handlers)
{
    const int id = m_nextHandlerId++;
    m_handlers.insert(id, handlers);
    if (hasSynced() && handlers.added) {
        const CacheSnapshot current = snapshot();
        for (const ObjectPtr &o : current)
            handlers.added(o);
    }
    return id;
}

void Informer::removeEventHandler(int id)
{
    m_handlers.remove(id);
}

void Informer::resync()
{
    if (!hasSynced())
        return;
    const CacheSnapshot current = snapshot();
    for (const ObjectPtr &o : current)
        notifyUpdated(o, o);
}

QString Informer::lastSyncResourceVersion() const
{
    QReadLocker lock(&m_lock);
    return m_lastRv;
}

ObjectPtr metadataOnly(const ObjectPtr &object)
{
    QJsonObject meta = object->metadata();
    meta.remove(QLatin1String("managedFields"));
    return api::makeObject(QJsonObject{{QStringLiteral("apiVersion"), object->apiVersion()},
                                       {QStringLiteral("kind"), object->kind()},
                                       {QStringLiteral("metadata"), meta}});
}

ObjectPtr Informer::get(const QString &ns, const QString &name) const
{
    return get(key(m_options.resource.namespaced ? ns : QString(), name));
}

ObjectPtr Informer::get(const QString &k) const
{
    QReadLocker lock(&m_lock);
    return m_cache.value(k);
}

QList<ObjectPtr> Informer::list() const
{
    QReadLocker lock(&m_lock);
    return m_cache.values();
}

CacheSnapshot Informer::snapshot() const
{
    QReadLocker lock(&m_lock);
    return m_cache; // implicitly shared: O(1) here; the next write detaches the informer's copy
}

qsizetype Informer::size() const
{
    QReadLocker lock(&m_lock);
    return m_cache.size();
}

void Informer::setLastResourceVersion(const QString &rv)
{
    if (rv.isEmpty())
        return;
    QWriteLocker lock(&m_lock);
    m_lastRv = rv;
}

void Informer::relist()
{
    ListOptions options;
    options.labelSelector = m_options.labelSelector;
    options.fieldSelector = m_options.fieldSelector;
    options.limit = std::max(0, m_options.pageSize);
    m_call = m_client.listAll(m_options.resource, m_options.namespaceName, options,
                              [this](Result<ObjectList> list) { onListed(std::move(list)); });
}

void Informer::onListed(Result<ObjectList> list)
{
    if (!m_running)
        return;
    if (!list) {
        retryLater(&Informer::relist, QStringLiteral("list failed: ") + list.error().message());
        return;
    }
    if (m_options.transform)
        for (ObjectPtr &o : list->items)
            o = m_options.transform(o);
    CacheSnapshot fresh;
    fresh.reserve(list->items.size());
    for (const ObjectPtr &o : std::as_const(list->items))
        fresh.insert(keyOf(*o), o);
    CacheSnapshot previous;
    {
        QWriteLocker lock(&m_lock);
        previous = m_cache;
        m_cache = fresh;
        m_lastRv = list->resourceVersion;
    }
    // Tell the handlers what changed while the informer was not watching; unchanged objects (same
    // resourceVersion) are not delivered again.
    for (const ObjectPtr &o : std::as_const(list->items)) {
        const ObjectPtr old = previous.value(keyOf(*o));
        if (!old)
            notifyAdded(o);
        else if (old->resourceVersion() != o->resourceVersion())
            notifyUpdated(old, o);
    }
    for (auto it = previous.cbegin(); it != previous.cend(); ++it)
        if (!fresh.contains(it.key()))
            notifyDeleted(it.value());
    if (!m_running)
        return; // a handler stopped the informer
    const bool first = !m_synced.exchange(true);
    if (first)
        emit synced();
    emit listed(list->resourceVersion);
    if (m_running)
        startWatch();
}

void Informer::startWatch()
{
    WatchOptions options;
    options.labelSelector = m_options.labelSelector;
    options.fieldSelector = m_options.fieldSelector;
    options.resourceVersion = lastSyncResourceVersion();
    options.allowBookmarks = true;
    if (m_options.watchTimeoutSeconds > 0)
        options.timeoutSeconds =
            m_options.watchTimeoutSeconds + int(QRandomGenerator::global()->bounded(m_options.watchTimeoutSeconds));
    m_watchAge.start();
    m_watchEvents = 0;
    emit watchStarted(options.resourceVersion);
    m_call = m_client.watch(
        m_options.resource, m_options.namespaceName, options, [this](const WatchEvent &e) { onEvent(e); },
        [this](Result<void> end) { onWatchEnded(std::move(end)); });
}

void Informer::onEvent(const WatchEvent &event)
{
    if (!m_running)
        return;
    if (event.type == WatchEvent::Type::Error)
        return; // the end of the stream reports it
    ++m_watchEvents;
    if (event.type == WatchEvent::Type::Bookmark) {
        setLastResourceVersion(event.object->resourceVersion());
        return;
    }
    const ObjectPtr object = m_options.transform ? m_options.transform(event.object) : event.object;
    const QString k = keyOf(*object);
    ObjectPtr old;
    {
        QWriteLocker lock(&m_lock);
        old = m_cache.value(k);
        if (event.type == WatchEvent::Type::Deleted)
            m_cache.remove(k);
        else if (!old || old->resourceVersion() != object->resourceVersion())
            m_cache.insert(k, object);
        if (!object->resourceVersion().isEmpty())
            m_lastRv = object->resourceVersion();
    }
    if (event.type == WatchEvent::Type::Deleted)
        notifyDeleted(object);
    else if (!old)
        notifyAdded(object);
    else if (old->resourceVersion() != object->resourceVersion())
        notifyUpdated(old, object);
}

void Informer::onWatchEnded(Result<void> result)
{
    if (!m_running)
        return;
    const bool healthy = m_watchEvents > 0 || m_watchAge.elapsed() >= kHealthyWatchMs;
    if (healthy)
        m_backoff.reset();
    if (result) {
        // The server ended the watch (its timeout): resume where it left off.
        if (healthy)
            startWatch();
        else
            retryLater(&Informer::startWatch, QStringLiteral("watch ended at once"));
        return;
    }
    const api::Error &error = result.error();
    switch (error.code()) {
    case ErrorCode::Gone:
        // The history the watch needed is compacted: only a new list can bring the cache up to date.
        retryLater(&Informer::relist, error.message());
        break;
    case ErrorCode::Unavailable:
    case ErrorCode::TooManyRequests:
    case ErrorCode::Timeout:
        // The connection failed; the resourceVersion is still good.
        retryLater(&Informer::startWatch, error.message());
        break;
    default:
        retryLater(&Informer::relist, error.message());
        break;
    }
}

void Informer::retryLater(void (Informer::*step)(), const QString &why)
{
    const auto delay = m_backoff.next();
    qCInfo(lcClient).noquote() << QStringLiteral("informer for %1: %2; %3 in %4 ms")
                                      .arg(describe(), why,
                                           step == &Informer::relist ? QStringLiteral("relisting")
                                                                     : QStringLiteral("watching again"))
                                      .arg(delay.count());
    m_call = Call();
    m_retryStep = step;
    m_retryTimer.start(delay);
}

void Informer::notifyAdded(const ObjectPtr &object)
{
    const auto handlers = m_handlers; // handlers may add or remove handlers
    for (const InformerHandlers &h : handlers)
        if (h.added)
            h.added(object);
}

void Informer::notifyUpdated(const ObjectPtr &old, const ObjectPtr &now)
{
    const auto handlers = m_handlers;
    for (const InformerHandlers &h : handlers)
        if (h.updated)
            h.updated(old, now);
}

void Informer::notifyDeleted(const ObjectPtr &last)
{
    const auto handlers = m_handlers;
    for (const InformerHandlers &h : handlers)
        if (h.deleted)
            h.deleted(last);
}

} // namespace tugboat::client
