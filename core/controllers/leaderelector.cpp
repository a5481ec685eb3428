#include "leaderelector.h"

#include "controllerlog.h"

#include "api/kinds.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QUuid>

namespace tugboat::controllers {

using api::Error;
using api::ErrorCode;

namespace {

const api::ResourceInfo &leasesResource()
{
    static const api::ResourceInfo info =
        *api::Kinds::byKind(QStringLiteral("coordination.k8s.io/v1"), QStringLiteral("Lease"));
    return info;
}

// A Kubernetes MicroTime: 2026-01-02T03:04:05.678000Z.
QString microTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'000Z'"));
}

QString holderOf(const QJsonObject &record)
{
    return record.value(QLatin1String("holderIdentity")).toString();
}

qint64 transitionsOf(const QJsonObject &record)
{
    return record.value(QLatin1String("leaseTransitions")).toInteger();
}

} // namespace

LeaderElector::LeaderElector(client::ApiClient &client, DelayScheduler &scheduler, LeaderElectorOptions options,
                             QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_scheduler(scheduler)
    , m_options(std::move(options))
{
    if (m_options.identity.isEmpty())
        m_options.identity = defaultIdentity();
}

LeaderElector::~LeaderElector()
{
    cancelRequest();
}

QString LeaderElector::defaultIdentity()
{
    return QSysInfo::machineHostName() + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

api::Result<void> LeaderElector::validate(const LeaderElectorOptions &o)
{
    auto invalid = [](const QString &message) { return api::Result<void>(Error(ErrorCode::BadRequest, message)); };
    if (o.leaseName.isEmpty() || o.leaseNamespace.isEmpty())
        return invalid(QStringLiteral("leader election: the lease needs a name and a namespace"));
    if (o.retryPeriod.count() <= 0)
        return invalid(QStringLiteral("leader election: retryPeriod must be greater than 0"));
    if (o.leaseDuration.count() < 1000)
        return invalid(QStringLiteral("leader election: leaseDuration must be at least 1s"));
    if (o.jitterFactor < 0)
        return invalid(QStringLiteral("leader election: jitterFactor must not be negative"));
    if (double(o.renewDeadline.count()) <= double(o.retryPeriod.count()) * o.jitterFactor)
        return invalid(QStringLiteral("leader election: renewDeadline must be greater than retryPeriod*jitterFactor"));
    if (o.leaseDuration <= o.renewDeadline + o.retryPeriod)
        return invalid(QStringLiteral("leader election: leaseDuration must be greater than renewDeadline+retryPeriod"));
    return {};
}

QString LeaderElector::leader() const
{
    return holderOf(m_observedRecord);
}

// --- campaign

api::Result<void> LeaderElector::start()
{
    if (m_state == State::Acquiring || m_state == State::Leading)
        return {};
    if (m_state == State::Releasing)
        return Error(ErrorCode::Conflict,
                     QStringLiteral("leader election: still releasing the lease; wait for stopped()"));
    if (auto valid = validate(m_options); !valid)
        return valid;
    m_state = State::Acquiring;
    ++m_epoch;
    qCInfo(lcControllers).noquote() << "attempting to acquire leader lease"
                                    << QStringLiteral("lease=%1/%2 identity=%3")
                                           .arg(m_options.leaseNamespace, m_options.leaseName, m_options.identity);
    acquireRound();
    return {};
}

void LeaderElector::acquireRound()
{
    tryAcquireOrRenew([this](Attempt attempt) {
        QPointer<LeaderElector> self(this);
        maybeReportTransition();
        if (!self || m_state != State::Acquiring)
            return; // stopped from a newLeader() slot
        if (attempt == Attempt::Acquired)
            return becomeLeader();
        later(jittered(), [this] { acquireRound(); });
    });
}

void LeaderElector::becomeLeader()
{
    m_state = State::Leading;
    ++m_epoch;
    qCInfo(lcControllers).noquote() << "acquired leader lease"
                                    << QStringLiteral("lease=%1/%2 identity=%3")
                                           .arg(m_options.leaseNamespace, m_options.leaseName, m_options.identity);
    QPointer<LeaderElector> self(this);
    emit startedLeading();
    if (!self || m_state != State::Leading)
        return;
    later(m_options.retryPeriod, [this] { renewRound(); });
}

// One renewal round (client-go's wait.Until body): an attempt now, then every retryPeriod, until one
// succeeds or the deadline counted from the last successful write's send passes.
void LeaderElector::renewRound()
{
    const quint64 round = ++m_round;
    const qint64 deadlineMs = m_lastWriteSentMs + m_options.retryPeriod.count() + m_options.renewDeadline.count();
    later(std::chrono::milliseconds(deadlineMs - nowMs()), [this, round] { renewDeadlineReached(round); });
    renewAttempt(round);
}

void LeaderElector::renewAttempt(quint64 round)
{
    tryAcquireOrRenew([this, round](Attempt attempt) {
        if (m_state != State::Leading || m_round != round)
            return;
        QPointer<LeaderElector> self(this);
        maybeReportTransition();
        if (!self || m_state != State::Leading || m_round != round)
            return;
        switch (attempt) {
        case Attempt::Acquired:
            ++m_round; // the round is over; its deadline does nothing
            later(m_options.retryPeriod, [this] { renewRound(); });
            return;
        case Attempt::HeldByOther:
            return loseLeadership(QStringLiteral("the lease is held by %1").arg(leader()));
        case Attempt::Failed:
            later(m_options.retryPeriod, [this, round] {
                if (m_round == round)
                    renewAttempt(round);
            });
            return;
        }
    });
}

void LeaderElector::renewDeadlineReached(quint64 round)
{
    if (m_state != State::Leading || m_round != round)
        return;
    loseLeadership(QStringLiteral("no renewal succeeded within renewDeadline"));
}

void LeaderElector::loseLeadership(const QString &why)
{
    cancelRequest();
    ++m_round;
    ++m_epoch;
    m_state = State::Acquiring;
    qCWarning(lcControllers).noquote() << "stopped leading"
                                       << QStringLiteral("lease=%1/%2 identity=%3 reason=\"%4\"")
                                              .arg(m_options.leaseNamespace, m_options.leaseName, m_options.identity,
                                                   why);
    QPointer<LeaderElector> self(this);
    emit stoppedLeading();
    if (!self || m_state != State::Acquiring)
        return;
    later(jittered(), [this] { acquireRound(); });
}

void LeaderElector::stop()
{
    if (m_state == State::Idle || m_state == State::Releasing)
        return;
    const bool wasLeading = m_state == State::Leading;
    cancelRequest();
    ++m_round;
    ++m_epoch;
    m_state = State::Idle;
    QPointer<LeaderElector> self(this);
    if (wasLeading) {
        qCInfo(lcControllers).noquote() << "stopped leading"
                                        << QStringLiteral("lease=%1/%2 identity=%3 reason=stopped")
                                               .arg(m_options.leaseNamespace, m_options.leaseName, m_options.identity);
        emit stoppedLeading();
        if (!self || m_state != State::Idle)
            return; // started again from the slot
    }
    if (m_options.releaseOnCancel && observedHolderIsUs() && m_lease)
        return release();
    emit stopped();
}

// --- one attempt (client-go's tryAcquireOrRenew)

void LeaderElector::tryAcquireOrRenew(Done done)
{
    // 1. The fast path: a leader whose term we still see valid updates the Lease it last wrote.
    if (observedHolderIsUs() && observedLeaseValid() && m_lease) {
        QJsonObject record = newRecord(m_options.identity, m_options.leaseDuration.count() / 1000);
        record.insert(QStringLiteral("acquireTime"), m_observedRecord.value(QLatin1String("acquireTime")));
        record.insert(QStringLiteral("leaseTransitions"), transitionsOf(m_observedRecord));
        writeRecord(record, false, [this, done](Attempt attempt) {
            if (attempt == Attempt::Acquired)
                return done(attempt);
            readAndAcquire(done); // someone wrote meanwhile, or the server failed: read what is there
        });
        return;
    }
    readAndAcquire(std::move(done));
}

void LeaderElector::readAndAcquire(Done done)
{
    const QString ns = m_options.leaseNamespace, name = m_options.leaseName;
    request([this, ns, name](auto cb) { return m_client.get(leasesResource(), ns, name, std::move(cb)); },
            [this, done](api::Result<api::ObjectPtr> got) {
                const qint64 seconds = m_options.leaseDuration.count() / 1000;
                // 2. Absent: create it, held by us.
                if (!got) {
                    if (got.error().code() != ErrorCode::NotFound) {
                        qCInfo(lcControllers).noquote() << "cannot read the leader lease"
                                                        << QStringLiteral("error=\"%1\"").arg(got.error().message());
                        return done(Attempt::Failed);
                    }
                    m_lease.reset();
                    return writeRecord(newRecord(m_options.identity, seconds), true, done);
                }
                m_lease = got.value();
                // 3. The record as it is: a change restarts the term we wait out.
                const QJsonObject spec = m_lease->spec();
                if (spec != m_observedRawSpec) {
                    setObservedRecord(spec);
                    m_observedRawSpec = spec;
                }
                if (!holderOf(spec).isEmpty() && !observedHolderIsUs() && observedLeaseValid())
                    return done(Attempt::HeldByOther);
                // 4. Ours to take (or keep).
                QJsonObject record = newRecord(m_options.identity, seconds);
                if (observedHolderIsUs()) {
                    record.insert(QStringLiteral("acquireTime"), spec.value(QLatin1String("acquireTime")));
                    record.insert(QStringLiteral("leaseTransitions"), transitionsOf(spec));
                } else {
                    record.insert(QStringLiteral("leaseTransitions"), transitionsOf(spec) + 1);
                }
                writeRecord(record, false, done);
            });
}

void LeaderElector::writeRecord(const QJsonObject &record, bool create, Done done)
{
    const qint64 sentMs = nowMs();
    const api::Object lease = leaseWith(record);
    const QString ns = m_options.leaseNamespace;
    request(
        [this, lease, ns, create](auto cb) {
            return create ? m_client.create(leasesResource(), ns, lease, {}, std::move(cb))
                          : m_client.update(leasesResource(), ns, lease, {}, std::move(cb));
        },
        [this, record, sentMs, create, done](api::Result<api::ObjectPtr> written) {
            if (!written) {
                // Conflict or AlreadyExists: another candidate wrote first; the next read tells who.
                qCInfo(lcControllers).noquote()
                    << (create ? "cannot create the leader lease" : "cannot update the leader lease")
                    << QStringLiteral("identity=%1 error=\"%2\"").arg(m_options.identity, written.error().message());
                return done(Attempt::Failed);
            }
            m_lease = written.value();
            setObservedRecord(record);
            m_lastWriteSentMs = sentMs;
            done(Attempt::Acquired);
        });
}

// --- release (releaseOnCancel)

void LeaderElector::release()
{
    m_state = State::Releasing;
    const qint64 now = nowMs();
    const QJsonObject record{{QStringLiteral("holderIdentity"), QString()},
                             {QStringLiteral("leaseDurationSeconds"), 1},
                             {QStringLiteral("acquireTime"), microTime(now)},
                             {QStringLiteral("renewTime"), microTime(now)},
                             {QStringLiteral("leaseTransitions"), transitionsOf(m_observedRecord)}};
    later(m_options.renewDeadline, [this] {
        qCWarning(lcControllers).noquote()
            << "gave up releasing the leader lease" << QStringLiteral("identity=%1").arg(m_options.identity);
        cancelRequest();
        finishRelease();
    });
    releaseWith(m_lease, record, true);
}

void LeaderElector::releaseWith(const api::ObjectPtr &lease, const QJsonObject &record, bool retryOnConflict)
{
    QJsonObject json = lease->json();
    json.insert(QStringLiteral("spec"), record);
    const api::Object released(json);
    const QString ns = m_options.leaseNamespace, name = m_options.leaseName;
    request(
        [this, released, ns](auto cb) { return m_client.update(leasesResource(), ns, released, {}, std::move(cb)); },
        [this, record, retryOnConflict, ns, name](api::Result<api::ObjectPtr> written) {
            if (written) {
                m_lease = written.value();
                setObservedRecord(record);
                qCInfo(lcControllers).noquote()
                    << "released the leader lease"
                    << QStringLiteral("lease=%1/%2 identity=%3").arg(ns, name, m_options.identity);
                return finishRelease();
            }
            if (written.error().code() != ErrorCode::Conflict || !retryOnConflict) {
                qCWarning(lcControllers).noquote()
                    << "cannot release the leader lease"
                    << QStringLiteral("identity=%1 error=\"%2\"").arg(m_options.identity, written.error().message());
                return finishRelease();
            }
            // A renewal cancelled in flight may have landed: release what is there if still ours.
            request([this, ns, name](auto cb) { return m_client.get(leasesResource(), ns, name, std::move(cb)); },
                    [this, record](api::Result<api::ObjectPtr> current) {
                        if (current && holderOf(current.value()->spec()) == m_options.identity)
                            return releaseWith(current.value(), record, false);
                        finishRelease(); // gone or taken: nothing of ours to release
                    });
        });
}

void LeaderElector::finishRelease()
{
    if (m_state != State::Releasing)
        return;
    m_state = State::Idle;
    ++m_epoch;
    emit stopped();
}

// --- plumbing

void LeaderElector::request(const std::function<client::Call(client::Callback<api::ObjectPtr>)> &send,
                            std::function<void(api::Result<api::ObjectPtr>)> handle)
{
    const quint64 serial = ++m_requestSerial;
    m_inFlight = true;
    QPointer<LeaderElector> self(this);
    m_call = send([self, serial, handle = std::move(handle)](api::Result<api::ObjectPtr> result) {
        if (!self || self->m_requestSerial != serial)
            return; // cancelled, or superseded
        self->m_inFlight = false;
        self->m_call = client::Call();
        handle(std::move(result));
    });
}

void LeaderElector::cancelRequest()
{
    ++m_requestSerial;
    m_call.cancel();
    m_call = client::Call();
    m_inFlight = false;
}

template <typename F> void LeaderElector::later(std::chrono::milliseconds delay, F f)
{
    QPointer<LeaderElector> self(this);
    const quint64 epoch = m_epoch;
    m_scheduler.schedule(delay, [self, epoch, f = std::move(f)]() mutable {
        if (self && self->m_epoch == epoch)
            f();
    });
}

QJsonObject LeaderElector::newRecord(const QString &holder, qint64 leaseSeconds) const
{
    const QString now = microTime(nowMs());
    return QJsonObject{{QStringLiteral("holderIdentity"), holder},
                       {QStringLiteral("leaseDurationSeconds"), leaseSeconds},
                       {QStringLiteral("acquireTime"), now},
                       {QStringLiteral("renewTime"), now},
                       {QStringLiteral("leaseTransitions"), 0}};
}

// The Lease to write: the one last read or written with `record` as its spec (its resourceVersion is
// the precondition), or a new one.
api::Object LeaderElector::leaseWith(const QJsonObject &record) const
{
    QJsonObject json;
    if (m_lease) {
        json = m_lease->json();
    } else {
        json.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), m_options.leaseName},
                                                            {QStringLiteral("namespace"), m_options.leaseNamespace}});
    }
    json.insert(QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1"));
    json.insert(QStringLiteral("kind"), QStringLiteral("Lease"));
    json.insert(QStringLiteral("spec"), record);
    return api::Object(json);
}

void LeaderElector::setObservedRecord(const QJsonObject &record)
{
    m_observedRecord = record;
    m_observedTimeMs = nowMs();
}

bool LeaderElector::observedLeaseValid() const
{
    const qint64 seconds = m_observedRecord.value(QLatin1String("leaseDurationSeconds")).toInteger();
    return m_observedTimeMs + seconds * 1000 > nowMs();
}

bool LeaderElector::observedHolderIsUs() const
{
    return holderOf(m_observedRecord) == m_options.identity;
}

void LeaderElector::maybeReportTransition()
{
    const QString holder = leader();
    if (m_reportedAny && holder == m_reportedLeader)
        return;
    if (!m_reportedAny && holder.isEmpty())
        return; // nothing observed yet
    m_reportedAny = true;
    m_reportedLeader = holder;
    qCInfo(lcControllers).noquote() << "new leader"
                                    << QStringLiteral("lease=%1/%2 holder=%3 identity=%4")
                                           .arg(m_options.leaseNamespace, m_options.leaseName, holder,
                                                m_options.identity);
    emit newLeader(holder);
}

std::chrono::milliseconds LeaderElector::jittered() const
{
    const double period = double(m_options.retryPeriod.count());
    const double extra = m_options.jitterFactor > 0
                             ? QRandomGenerator::global()->generateDouble() * m_options.jitterFactor * period
                             : 0.0;
    return std::chrono::milliseconds(qint64(period + extra));
}

} // namespace tugboat::controllers
