// One watch, streamed to one client: newline-delimited JSON events over chunked HTTP, filtered by the
// request's label and field selectors (an object that stops matching is sent as DELETED, one that
// starts matching as ADDED, as Kubernetes does), with bookmarks, a timeout, and the 410 ERROR event
// when the store drops the watch.
//
// Thread affinity: the I/O thread. The store's notifications arrive as queued calls.
#pragma once

#include "httpserver.h"
#include "registry.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace tugboat::apiserver {

class WatchStream : public QObject {
    Q_OBJECT
public:
    // Renders an event's object: plain JSON, or a one-row Table when the client asked for tables.
    using Encoder = std::function<QJsonObject(const ObjectPtr &)>;

    WatchStream(HttpExchangePtr exchange, store::WatchPtr watch, const ResourceInfo &info, ListQuery filter,
                Encoder encoder, bool bookmarks, int timeoutSeconds, int bookmarkIntervalMs,
                std::function<void()> onFinished);
    ~WatchStream() override;

    // Sends the head and `initial` as ADDED events, then follows the store.
    void start(const QByteArray &contentType, const std::vector<ObjectPtr> &initial);

private:
    void pump();
    size_t deliver(size_t max); // sends up to `max` queued events; returns how many were taken
    void sendEvent(const char *type, const QJsonObject &object);
    void sendBookmark();
    void stop();
    bool matches(const ObjectPtr &object) const;

    HttpExchangePtr m_exchange;
    store::WatchPtr m_watch;
    ResourceInfo m_info;
    ListQuery m_filter;
    Encoder m_encode;
    bool m_bookmarks;
    QTimer m_timeout;
    QTimer m_bookmarkTimer;
    std::function<void()> m_onFinished;
    bool m_stopped = false;
    bool m_pumpQueued = false;
};

} // namespace tugboat::apiserver
