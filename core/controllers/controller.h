// The base of every controller: informers for the kinds it watches, a WorkQueue of keys, and one
// worker that reconciles a key at a time (Kubernetes' controller pattern on client-go's workqueue).
//
// A subclass, in its constructor, calls watch() for each kind with a KeyFunction that maps an informer
// event to the keys to reconcile (its own object's key, or an owner's); handlers only compute keys and
// enqueue. It implements sync(key), which re-reads the object from the informer cache (absent: it was
// deleted), acts, and returns an error to be retried with back-off. start() starts the informers; the
// worker runs once all have synced. A successful sync forgets the key's back-off; a failed one re-queues
// it rate-limited (5 ms, 10 ms, 20 ms ... 1000 s).
//
// Writes: the ApiClient is asynchronous, and sync() never blocks or sleeps. sync() starts its writes
// with a callback from completion(key, ...) and returns. The key stays "processing" until every write
// it started has answered: it is never reconciled twice at once, and changes that arrive meanwhile
// (including the informer events of its own writes) re-queue it once afterwards. The key's outcome is
// sync()'s result and every write's: any error re-queues it rate-limited, all ok forgets it. Other keys
// are reconciled while one waits for its writes.
//
// Informers: when the ApiClient has SharedInformers attached (client/sharedinformers.h; the controller
// manager attaches them), watch() takes the shared informer for its options, so controllers of one
// manager share caches; otherwise each controller owns its informers. Either way the controller's
// handlers are removed when it stops.
//
// Thread affinity: a Controller lives on one thread, which runs an event loop: the thread of its
// ApiClient and of its DelayScheduler's callbacks. Informer handlers, sync() and write callbacks all run
// there. Construct, start, stop and destroy it there. The queue may be fed from other threads.
//
// Tests: setAutoProcess(false) stops the worker from running by itself; processNext() and
// runUntilIdle() then reconcile queued keys on the caller's thread, one at a time, without blocking.
#pragma once

#include "delayscheduler.h"
#include "workqueue.h"

#include "api/result.h"
#include "client/apiclient.h"
#include "client/informer.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tugboat::controllers {

class Controller : public QObject {
    Q_OBJECT
public:
    // The keys an informer event concerns. Added: old is null; deleted: now is null (its last state).
    using KeyFunction = std::function<QStringList(const api::ObjectPtr &old, const api::ObjectPtr &now)>;
    // The event's object itself: "namespace/name" (Informer::keyOf).
    static QStringList objectKey(const api::ObjectPtr &old, const api::ObjectPtr &now);

    // `client` and `scheduler` must outlive the controller and live on its thread.
    Controller(QString name, client::ApiClient &client, DelayScheduler &scheduler, QObject *parent = nullptr);
    ~Controller() override;

    const QString &name() const { return m_name; }

    // Starts the informers; keys are reconciled once every informer has synced.
    void start();
    // Shuts the queue down for good and stops the informers (a stopped controller is not restarted:
    // build a new one). Writes in flight still call back and settle their keys.
    void stop();
    bool isRunning() const { return m_running; }
    bool hasSynced() const;

    // Whether the worker reconciles queued keys by itself (default true).
    void setAutoProcess(bool enabled);
    // Reconciles the next queued key, if the informers have synced and one is queued; returns whether
    // it did. Writes the sync started may still be in flight afterwards.
    bool processNext();
    // processNext() until it returns false; how many keys were reconciled.
    int runUntilIdle();

    WorkQueue &queue() { return m_queue; }
    const WorkQueue &queue() const { return m_queue; }
    // Keys whose writes are in flight.
    int keysAwaitingWrites() const { return int(m_awaiting.size()); }

signals:
    // Every informer has synced; the worker starts.
    void synced();
    // A key's reconcile finished (its sync and writes), successfully or not.
    void keyFinished(const QString &key, bool ok);

protected:
    // Adds an informer for a kind; call before start(). The informer is owned by the controller.
    client::Informer &watch(client::InformerOptions options, KeyFunction keys = objectKey);

    // Reconciles `key`. Called on the controller's thread, never twice at once for one key.
    virtual api::Result<void> sync(const QString &key) = 0;

    // The completion callback of a write that sync(key) starts. `handle` (optional) judges the result
    // and may act on it (e.g. treat NotFound on a delete as success); without it, the result's error is
    // the outcome. Call it only while the key is processing (inside sync, or another write's handler).
    template <typename T>
    client::Callback<T> completion(const QString &key,
                                   std::function<api::Result<void>(const api::Result<T> &)> handle = {})
    {
        beginWrite(key);
        QPointer<Controller> self(this);
        return [self, key, handle = std::move(handle)](api::Result<T> result) {
            if (!self)
                return;
            api::Result<void> outcome;
            if (handle)
                outcome = handle(result);
            else if (!result.ok())
                outcome = api::Result<void>(result.error());
            self->endWrite(key, outcome);
        };
    }

    client::ApiClient &client() { return m_client; }
    DelayScheduler &scheduler() { return m_scheduler; }
    const api::Clock &clock() const { return m_scheduler.clock(); }
    const std::vector<client::Informer *> &informers() const { return m_informers; }

private:
    struct Pending {
        int writes = 0;
        bool syncReturned = false;
        std::optional<api::Error> error;
    };

    void enqueueAll(const QStringList &keys);
    void checkSynced();
    void postWork();
    void work();
    void beginWrite(const QString &key);
    void endWrite(const QString &key, const api::Result<void> &outcome);
    void finish(const QString &key, const std::optional<api::Error> &error);

    QString m_name;
    client::ApiClient &m_client;
    DelayScheduler &m_scheduler;
    WorkQueue m_queue;
    QHash<QString, Pending> m_awaiting; // keys processing: sync running or writes in flight
    bool m_running = false;
    bool m_synced = false;
    bool m_autoProcess = true;
    std::atomic<bool> m_workPosted{false};
    void removeHandlers();

    // The informers watched, owned or shared, each with the id of this controller's handler on it.
    std::vector<client::Informer *> m_informers;
    std::vector<std::pair<QPointer<client::Informer>, int>> m_handlers;
    // Last, so that they are destroyed (and stop calling handlers) before the queue.
    std::vector<std::unique_ptr<client::Informer>> m_owned;
};

} // namespace tugboat::controllers
