// The scheduler as a running component (kube-scheduler's scheduling loop, in small): informers on
// Nodes and Pods keep a Snapshot current; each pod waiting for a node (spec.nodeName empty,
// schedulerName "default-scheduler" or empty, not being deleted, not finished) gets one Scheduler
// decision over it. On success it POSTs pods/NAME/binding and assumes the pod on that node in the
// snapshot at once, so the next decision sees it. On failure it records a Warning FailedScheduling
// event, sets PodScheduled=False (reason Unschedulable, the FitError message) through a strategic merge
// patch of pods/status, and parks the pod until the cluster changes: a node added, or updated in its
// spec, labels or allocatable, or an assigned pod deleted re-queues every parked pod. Back-off: a pod
// that failed n times is not tried again before min(1 s * 2^(n-1), 10 s) has passed since its last
// failure (kube-scheduler's podInitialBackoff and podMaxBackoff).
//
// Why a Controller subclass: ControllerManager runs Controllers only, and Controller already brings
// the informers, the work queue with delayed adds, "one key at a time" and the wait for writes. The
// queue's keys are pods (namespace/name). The snapshot is updated from the informers' key functions,
// which run on every event in order before the key is queued: that is the only per-event hook the
// base offers, and the snapshot must follow every event, not just the latest state of a key. They stay
// cheap (an incremental snapshot update), and never block.
//
// The snapshot is authoritative only for what the informers delivered plus what this service assumed:
// an assumed pod is dropped again when its binding fails. A pod that cannot be parsed (invalid
// quantity) is reported with FailedScheduling once and left alone until it changes.
//
// Thread affinity: as Controller: one thread with an event loop (the controller-manager thread), the
// thread of its ApiClient, DelayScheduler and EventRecorder.
#pragma once

#include "scheduler.h"
#include "snapshot.h"

#include "controllers/controller.h"
#include "controllers/controllermanager.h"
#include "controllers/eventrecorder.h"

#include <QHash>
#include <QSet>

#include <chrono>

namespace tugboat::scheduler {

struct SchedulerServiceOptions {
    Scheduler::Options scheduler;
    std::chrono::milliseconds initialBackoff{1000};
    std::chrono::milliseconds maxBackoff{10'000};
};

class SchedulerService : public controllers::Controller {
    Q_OBJECT
public:
    using Options = SchedulerServiceOptions;

    inline static const QString kSchedulerName = QStringLiteral("default-scheduler");

    SchedulerService(client::ApiClient &client, controllers::DelayScheduler &delays,
                     controllers::EventRecorder &recorder, Options options, QObject *parent = nullptr);
    SchedulerService(client::ApiClient &client, controllers::DelayScheduler &delays,
                     controllers::EventRecorder &recorder, QObject *parent = nullptr)
        : SchedulerService(client, delays, recorder, Options(), parent)
    {}
    explicit SchedulerService(const controllers::ControllerContext &context, Options options = Options())
        : SchedulerService(context.client, context.scheduler, context.recorder, std::move(options))
    {}

    // Whether this service should place the pod (see the header comment).
    static bool needsScheduling(const api::Object &pod);

    const Snapshot &snapshot() const { return m_snapshot; }
    client::Informer &nodeInformer() { return *m_nodes; }
    client::Informer &podInformer() { return *m_pods; }
    // Pods waiting for the cluster to change.
    QStringList parkedPods() const { return m_parked.values(); }

protected:
    api::Result<void> sync(const QString &key) override;

private:
    struct Attempts {
        int failures = 0;
        qint64 retryAtMs = 0; // not tried again before
    };

    QStringList nodeKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList podKeys(const api::ObjectPtr &old, const api::ObjectPtr &now);
    QStringList unpark();
    void bind(const QString &key, const api::Object &pod, const Decision &decision);
    void reportUnschedulable(const QString &key, const api::Object &pod, const QString &message);

    controllers::EventRecorder &m_recorder;
    Options m_options;
    Scheduler m_scheduler;
    Snapshot m_snapshot;
    QSet<QString> m_assumed; // pods bound by this service that the informer does not show bound yet
    QSet<QString> m_parked;
    QHash<QString, Attempts> m_attempts;
    client::Informer *m_nodes = nullptr;
    client::Informer *m_pods = nullptr;
};

} // namespace tugboat::scheduler
