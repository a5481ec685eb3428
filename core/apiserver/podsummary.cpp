// summarizePod(): the Ready, Status and Restarts columns of `kubectl get pods`, following Kubernetes'
// printPod step by step (pkg/printers/internalversion), since users read these words as Kubernetes
// defines them.
#include "tables.h"

#include <QHash>

namespace tugboat::apiserver {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

int count(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInt();
}

bool hasCondition(const QJsonObject &status, const char *type)
{
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray())
        if (text(c.toObject(), "type") == QLatin1String(type))
            return text(c.toObject(), "status") == QLatin1String("True");
    return false;
}

// The latest lastState.terminated.finishedAt seen so far.
void noteRestart(const QJsonObject &containerStatus, std::optional<qint64> &latest)
{
    const QJsonObject terminated = obj(obj(containerStatus, "lastState"), "terminated");
    if (terminated.isEmpty())
        return;
    const std::optional<qint64> finished = parseTimestamp(text(terminated, "finishedAt"));
    if (finished && (!latest || *latest < *finished))
        latest = finished;
}

// The reason a terminated container without one shows: "Signal:9" or "ExitCode:1".
QString exitReason(const QJsonObject &terminated, const QString &prefix)
{
    const int signal = count(terminated, "signal");
    return signal != 0 ? prefix + QStringLiteral("Signal:%1").arg(signal)
                       : prefix + QStringLiteral("ExitCode:%1").arg(count(terminated, "exitCode"));
}

} // namespace

QString PodSummary::restartsText(qint64 nowMs) const
{
    if (restarts != 0 && lastRestartMs)
        return QStringLiteral("%1 (%2 ago)").arg(restarts).arg(humanDuration(nowMs - *lastRestartMs));
    return QString::number(restarts);
}

PodSummary summarizePod(const api::Object &pod)
{
    const QJsonObject spec = pod.spec();
    const QJsonObject status = pod.status();
    const QString phase = text(status, "phase");
    PodSummary s;
    s.totalContainers = int(spec.value(QLatin1String("containers")).toArray().size());
    s.status = text(status, "reason").isEmpty() ? phase : text(status, "reason");
    for (const QJsonValue &c : status.value(QLatin1String("conditions")).toArray())
        if (text(c.toObject(), "type") == QLatin1String("PodScheduled") &&
            text(c.toObject(), "reason") == QLatin1String("SchedulingGated"))
            s.status = QStringLiteral("SchedulingGated");

    // Init containers with restartPolicy Always are sidecars: they count, and are ready, like containers.
    const QJsonArray initSpecs = spec.value(QLatin1String("initContainers")).toArray();
    QHash<QString, bool> restartable;
    for (const QJsonValue &c : initSpecs) {
        const bool sidecar = text(c.toObject(), "restartPolicy") == QLatin1String("Always");
        restartable.insert(text(c.toObject(), "name"), sidecar);
        s.totalContainers += sidecar ? 1 : 0;
    }

    int sidecarRestarts = 0;
    std::optional<qint64> lastSidecarRestart;
    bool initializing = false;
    const QJsonArray initStatuses = status.value(QLatin1String("initContainerStatuses")).toArray();
    for (qsizetype i = 0; i < initStatuses.size(); ++i) {
        const QJsonObject cs = initStatuses.at(i).toObject();
        const bool sidecar = restartable.value(text(cs, "name"));
        s.restarts += count(cs, "restartCount");
        noteRestart(cs, s.lastRestartMs);
        if (sidecar) {
            sidecarRestarts += count(cs, "restartCount");
            noteRestart(cs, lastSidecarRestart);
        }
        const QJsonObject state = obj(cs, "state");
        const QJsonObject terminated = obj(state, "terminated");
        const bool isTerminated = state.value(QLatin1String("terminated")).isObject();
        const QString waitingReason = text(obj(state, "waiting"), "reason");
        if (isTerminated && count(terminated, "exitCode") == 0)
            continue; // completed
        if (sidecar && cs.value(QLatin1String("started")).toBool()) {
            s.readyContainers += cs.value(QLatin1String("ready")).toBool() ? 1 : 0;
            continue; // a running sidecar
        }
        if (isTerminated) {
            const QString reason = text(terminated, "reason");
            s.status =
                reason.isEmpty() ? exitReason(terminated, QStringLiteral("Init:")) : QStringLiteral("Init:") + reason;
        } else if (!waitingReason.isEmpty() && waitingReason != QLatin1String("PodInitializing")) {
            s.status = QStringLiteral("Init:") + waitingReason;
        } else {
            s.status = QStringLiteral("Init:%1/%2").arg(i).arg(initSpecs.size());
        }
        initializing = true;
        break;
    }

    if (!initializing || hasCondition(status, "Initialized")) {
        s.restarts = sidecarRestarts;
        s.lastRestartMs = lastSidecarRestart;
        bool hasRunning = false;
        const QJsonArray statuses = status.value(QLatin1String("containerStatuses")).toArray();
        // Backwards, so the first container with something to say has the last word.
        for (qsizetype i = statuses.size() - 1; i >= 0; --i) {
            const QJsonObject cs = statuses.at(i).toObject();
            s.restarts += count(cs, "restartCount");
            noteRestart(cs, s.lastRestartMs);
            const QJsonObject state = obj(cs, "state");
            const QJsonObject terminated = obj(state, "terminated");
            const QString waitingReason = text(obj(state, "waiting"), "reason");
            if (state.value(QLatin1String("waiting")).isObject() && !waitingReason.isEmpty()) {
                s.status = waitingReason;
            } else if (state.value(QLatin1String("terminated")).isObject()) {
                const QString reason = text(terminated, "reason");
                s.status = reason.isEmpty() ? exitReason(terminated, QString()) : reason;
            } else if (cs.value(QLatin1String("ready")).toBool() && state.value(QLatin1String("running")).isObject()) {
                hasRunning = true;
                ++s.readyContainers;
            }
        }
        // A container that completed while another still runs: the pod as a whole is still running.
        if (s.status == QLatin1String("Completed") && hasRunning)
            s.status = hasCondition(status, "Ready") ? QStringLiteral("Running") : QStringLiteral("NotReady");
    }

    const bool deleted = !pod.deletionTimestamp().isEmpty();
    const bool terminal = phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed");
    if (deleted && text(status, "reason") == QLatin1String("NodeLost"))
        s.status = QStringLiteral("Unknown");
    else if (deleted && !terminal)
        s.status = QStringLiteral("Terminating");
    return s;
}

} // namespace tugboat::apiserver
