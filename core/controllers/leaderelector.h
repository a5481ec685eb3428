// Leader election over a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection with a
// LeaseLock: of the candidates that share one Lease, one leads at a time, and a leader that cannot renew
// stops acting before another may take over.
//
// Candidates poll; nobody watches. Each attempt (client-go's tryAcquireOrRenew):
//  - a leader whose last renewal is still valid first updates the Lease it last wrote (fast path);
//  - otherwise it reads the Lease: absent, it creates it holding it; present and held by another whose
//    term has not run out, it gives up until the next attempt; else it writes itself in as holder,
//    leaseTransitions + 1 when the holder changes, acquireTime kept while the holder stays.
// Every write is an update with the resourceVersion read (optimistic concurrency): of two candidates
// racing for one Lease, one write succeeds and the other gets Conflict (or AlreadyExists on create).
//
// Expiry is judged by when *this* candidate last saw the record change (client-go's observedTime), plus
// the record's leaseDurationSeconds, on this candidate's clock; renewTime is written for people to read,
// never compared across machines, so clock skew between servers does not matter (only their rates).
//
// Timing (defaults as kube-controller-manager's): a candidate tries every retryPeriod, jittered by
// jitterFactor (2 s to 4.4 s). Once leading, it renews retryPeriod after each successful renewal and
// retries every retryPeriod; if none has succeeded by retryPeriod + renewDeadline after the last
// successful write was *sent*, it cancels what is in flight and stops leading. Every other candidate saw
// that write land after it was sent, so none can find the term over before send + leaseDuration. With
// the defaults: sent at t, the leader stops at t + 12 s at the latest, the others take over at t + 15 s
// at the earliest. Hence start() requires leaseDuration > retryPeriod + renewDeadline, and client-go's
// own renewDeadline > retryPeriod * jitterFactor.
//
// Differences from client-go, on purpose:
//  - client-go counts renewDeadline from the start of each renewal round. That is the same when answers
//    are quick, but a renewal answered late (it landed, the answer took seconds) would let the leader
//    act on past the others' view of its term; counting from the send cannot.
//  - A leader that reads the Lease and finds another holder stops leading at once instead of retrying
//    until renewDeadline: someone else acts already.
//  - After it stops leading (deadline or displaced), the elector campaigns again, where client-go's Run
//    returns (and kube-controller-manager exits); startedLeading() comes again on the next win, so a
//    daemon builds fresh controllers each term.
//  - stoppedLeading() is emitted only by a candidate that led (client-go calls OnStoppedLeading always).
//  - Release (releaseOnCancel, on stop()): client-go writes holderIdentity "", leaseDurationSeconds 1,
//    renewTime and acquireTime now, transitions kept; the others may take the Lease at their next attempt.
//    Here a release that meets Conflict (a renewal cancelled in flight may still have landed) reads the
//    Lease once more and releases it if it is still ours. It gives up after renewDeadline.
//
// Requests: the ApiClient's own timeout and retries apply to each request (give the elector a client
// with a short timeout, or rely on the renewal deadline, which cancels what is in flight).
//
// Signals are emitted on the elector's thread; a slot may call stop() but must not destroy the elector
// (use deleteLater()).
//
// Thread affinity: as the controllers: one thread with an event loop, the thread of its ApiClient and of
// its DelayScheduler's callbacks (a FakeDelayScheduler in tests: time moves only with advance()).
#pragma once

#include "delayscheduler.h"

#include "api/object.h"
#include "api/result.h"
#include "client/apiclient.h"

#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <functional>

namespace tugboat::controllers {

struct LeaderElectorOptions {
    QString leaseNamespace = QStringLiteral("kube-system");
    QString leaseName = QStringLiteral("tugboat-controller-manager");
    QString identity;                                // empty: defaultIdentity()
    std::chrono::milliseconds leaseDuration{15'000}; // written as whole seconds (leaseDurationSeconds)
    std::chrono::milliseconds renewDeadline{10'000};
    std::chrono::milliseconds retryPeriod{2'000};
    // A candidate waits retryPeriod * (1 + r * jitterFactor), r uniform in [0, 1), between attempts
    // (client-go's wait.Jitter). 0: exactly retryPeriod (deterministic tests).
    double jitterFactor = 1.2;
    // On stop(), a holder gives the Lease up so that another candidate takes over at once. Only safe
    // when whatever the lease guards has already stopped.
    bool releaseOnCancel = false;
};

class LeaderElector : public QObject {
    Q_OBJECT
public:
    // `client` and `scheduler` must outlive the elector and live on its thread.
    LeaderElector(client::ApiClient &client, DelayScheduler &scheduler, LeaderElectorOptions options = {},
                  QObject *parent = nullptr);
    // Cancels what is in flight, emits nothing and releases nothing (call stop() first for that).
    ~LeaderElector() override;

    // The host name, "_", and a random UUID, as client-go's callers build it: unique per process.
    static QString defaultIdentity();
    // BadRequest naming the option when the timings cannot keep one leader at a time (see above).
    static api::Result<void> validate(const LeaderElectorOptions &options);

    const QString &identity() const { return m_options.identity; }
    const LeaderElectorOptions &options() const { return m_options; }

    // Starts campaigning: the first attempt goes out at once. Fails (without starting) on invalid
    // options; does nothing if already running.
    api::Result<void> start();
    // Stops campaigning and cancels what is in flight. A leader emits stoppedLeading() first; then,
    // with releaseOnCancel and while the observed record names this candidate, the Lease is released.
    // stopped() follows once that write answered, or before stop() returns when there is none.
    void stop();

    bool isRunning() const { return m_state != State::Idle && m_state != State::Releasing; }
    // Between startedLeading() and stoppedLeading().
    bool isLeading() const { return m_state == State::Leading; }
    // The holder of the last observed record ("" when none was observed or the Lease was released).
    QString leader() const;
    // The Lease as last read or written by this candidate; null before the first answer.
    api::ObjectPtr lease() const { return m_lease; }
    // A request to the API server is in flight (tests wait for this to clear before moving time).
    bool hasRequestInFlight() const { return m_inFlight; }

signals:
    void startedLeading();
    void stoppedLeading();
    // The observed holder changed (also the first one observed); "" when the Lease was released.
    void newLeader(const QString &identity);
    // After stop(): nothing is in flight any more (the release, if any, answered).
    void stopped();

private:
    enum class State { Idle, Acquiring, Leading, Releasing };
    // How one attempt ended: the record is ours now, another candidate holds it, or it failed.
    enum class Attempt { Acquired, HeldByOther, Failed };
    using Done = std::function<void(Attempt)>;

    void acquireRound();
    void becomeLeader();
    void renewRound();
    void renewAttempt(quint64 round);
    void renewDeadlineReached(quint64 round);
    void loseLeadership(const QString &why);

    // client-go's tryAcquireOrRenew; `done` runs once unless the attempt is cancelled.
    void tryAcquireOrRenew(Done done);
    void readAndAcquire(Done done);
    void writeRecord(const QJsonObject &record, bool create, Done done);
    void release();
    void releaseWith(const api::ObjectPtr &lease, const QJsonObject &record, bool retryOnConflict);
    void finishRelease();

    // Sends one request through `send` and routes its answer to `handle` unless cancelled meanwhile.
    void request(const std::function<client::Call(client::Callback<api::ObjectPtr>)> &send,
                 std::function<void(api::Result<api::ObjectPtr>)> handle);
    void cancelRequest();
    template <typename F> void later(std::chrono::milliseconds delay, F f);

    QJsonObject newRecord(const QString &holder, qint64 leaseSeconds) const;
    api::Object leaseWith(const QJsonObject &record) const;
    void setObservedRecord(const QJsonObject &record);
    bool observedLeaseValid() const;
    bool observedHolderIsUs() const;
    void maybeReportTransition();
    std::chrono::milliseconds jittered() const;
    qint64 nowMs() const { return m_scheduler.clock().nowMs(); }

    client::ApiClient &m_client;
    DelayScheduler &m_scheduler;
    LeaderElectorOptions m_options;
    State m_state = State::Idle;
    // Bumped on every start, stop and change of state: scheduled callbacks of an older epoch do nothing.
    quint64 m_epoch = 0;
    // Bumped when a renewal round ends (success, deadline, loss).
    quint64 m_round = 0;
    // Bumped on every request and on cancel: answers to older requests are ignored.
    quint64 m_requestSerial = 0;
    client::Call m_call;
    bool m_inFlight = false;

    api::ObjectPtr m_lease;        // as last read or written: its resourceVersion is the update precondition
    QJsonObject m_observedRecord;  // the record as this candidate believes it is now
    QJsonObject m_observedRawSpec; // the spec last read from the server, to tell changes
    qint64 m_observedTimeMs = 0;   // when m_observedRecord was last set (this candidate's clock)
    qint64 m_lastWriteSentMs = 0;  // when the last successful write of the record was sent
    QString m_reportedLeader;
    bool m_reportedAny = false;
};

} // namespace tugboat::controllers
