// Records core/v1 Events about objects, for users (`kubectl describe`, `kubectl get events`), as
// client-go's event recorder and correlator do.
//
// The same (object, type, reason, message) seen again within the dedup window does not make a new
// Event: the existing one is patched with count + 1 and a new lastTimestamp. Event names are
// `<object name>.<hex>` (the hex from the clock, unique per recorder), in the object's namespace
// ("default" for cluster-scoped objects).
//
// A spam filter as client-go's (EventSourceObjectSpamFilter) keeps one object from flooding the
// store: each (source, object, type, reason) has a token bucket of spamBurst events refilled at
// spamRefillPerSecond (25, then one per 5 minutes); events beyond it are dropped (filtered() counts
// them). A ReplicaSet creating a thousand pods records its first 25 SuccessfulCreate events, as on
// Kubernetes.
//
// event() never blocks: it queues and returns. The queue is bounded; when full the oldest queued event
// is dropped (dropped() counts them): losing an event is better than stalling a controller. Writes go
// out one at a time, in order, so a repeat always finds the Event its first occurrence created. A
// write that fails is logged and dropped (a failed patch whose Event is gone creates a new one).
//
// Thread affinity: the recorder lives on its ApiClient's thread, where the writes run. event() and
// the counters may be called from any thread.
#pragma once

#include "api/clock.h"
#include "api/object.h"
#include "client/apiclient.h"

#include <QHash>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <chrono>
#include <deque>

namespace tugboat::controllers {

enum class EventType { Normal, Warning };

// Who reports: source.component ("replicaset-controller") and, for agents, source.host.
struct EventSource {
    QString component;
    QString host;
};

struct EventRecorderOptions {
    int maxQueued = 1000;
    std::chrono::milliseconds dedupWindow{10 * 60 * 1000};
    int maxCachedEvents = 4096; // remembered for dedup; the oldest are forgotten beyond this
    int spamBurst = 25;
    double spamRefillPerSecond = 1.0 / 300;
};

class EventRecorder : public QObject {
    Q_OBJECT
public:
    // `client` and `clock` must outlive the recorder; the recorder lives on the client's thread.
    EventRecorder(client::ApiClient &client, EventSource source, const api::Clock &clock,
                  EventRecorderOptions options = {}, QObject *parent = nullptr);
    ~EventRecorder() override;

    // Records an event about `involved` (its kind, apiVersion, namespace, name, uid are referenced).
    // Reasons are UpperCamelCase ("SuccessfulCreate", "FailedScheduling"). Any thread; never blocks.
    void event(const api::Object &involved, EventType type, const QString &reason, const QString &message);

    // Events queued, not yet written.
    int queued() const;
    // Events dropped because the queue was full.
    qint64 dropped() const { return m_dropped.load(); }
    // Events dropped by the spam filter.
    qint64 filtered() const { return m_filtered.load(); }
    // Nothing queued and no write in flight.
    bool isIdle() const;

signals:
    // An Event was created or patched (on the recorder's thread).
    void recorded(const api::ObjectPtr &event);

private:
    struct Pending {
        QJsonObject involvedObject;
        QString eventNamespace;
        QString objectName;
        EventType type = EventType::Normal;
        QString reason;
        QString message;
        qint64 timeMs = 0;
    };
    struct Seen {
        QString eventName;
        QString eventNamespace;
        int count = 0;
        qint64 lastMs = 0;
    };

    void post();
    void writeNext();
    void create(const Pending &event, const QString &dedupKey);
    void patch(const Pending &event, const QString &dedupKey, const Seen &seen);
    void written(const QString &dedupKey, const Seen &seen, const api::Result<api::ObjectPtr> &result);
    void forgetOldest();
    QString uniqueName(const QString &objectName, qint64 timeMs);
    static QString dedupKeyOf(const Pending &event);

    client::ApiClient &m_client;
    EventSource m_source;
    const api::Clock &m_clock;
    EventRecorderOptions m_options;
    api::ResourceInfo m_events;

    struct Bucket {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    bool allowedBySpamFilter(const QString &key, qint64 nowMs); // with m_mutex held

    mutable QMutex m_mutex; // guards m_queue, m_writing and m_spam
    QHash<QString, Bucket> m_spam;
    std::deque<Pending> m_queue;
    bool m_writing = false;
    std::atomic<bool> m_posted{false};
    std::atomic<qint64> m_dropped{0};
    std::atomic<qint64> m_filtered{0};

    // The recorder's thread only.
    QHash<QString, Seen> m_seen; // dedup key -> the Event written for it
    quint64 m_sequence = 0;
    client::Call m_call;
};

} // namespace tugboat::controllers
