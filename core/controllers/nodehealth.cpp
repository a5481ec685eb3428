#include "nodehealth.h"

#include "api/clock.h"

#include <algorithm>

namespace tugboat::controllers {

namespace {

using api::Taint;

const QLatin1String kConditions("conditions");
const QLatin1String kType("type");
const QLatin1String kStatus("status");

// The condition types the controller sets Unknown; NetworkUnavailable belongs to the network plugin.
constexpr const char *kMonitoredConditions[] = {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"};

// Kubernetes' nodeConditionToTaintKeyStatusMap.
struct ConditionTaint {
    const char *condition;
    const char *status;
    const char *taint;
};
constexpr ConditionTaint kConditionTaints[] = {
    {"Ready", "False", api::kTaintNodeNotReady},
    {"Ready", "Unknown", api::kTaintNodeUnreachable},
    {"MemoryPressure", "True", api::kTaintNodeMemoryPressure},
    {"DiskPressure", "True", api::kTaintNodeDiskPressure},
    {"NetworkUnavailable", "True", api::kTaintNodeNetworkUnavailable},
    {"PIDPressure", "True", api::kTaintNodePIDPressure},
};

bool isConditionTaintKey(const QString &key)
{
    return key == QLatin1String(api::kTaintNodeUnschedulable) ||
           std::any_of(std::begin(kConditionTaints), std::end(kConditionTaints),
                       [&](const ConditionTaint &c) { return key == QLatin1String(c.taint); });
}

// Whether the controller owns the taint: it is one of the condition taints (or unschedulable) with
// effect NoSchedule, or not-ready / unreachable with effect NoExecute.
bool isManaged(const Taint &t)
{
    if (t.effect == Taint::Effect::NoSchedule)
        return isConditionTaintKey(t.key);
    if (t.effect == Taint::Effect::NoExecute)
        return t.key == QLatin1String(api::kTaintNodeNotReady) || t.key == QLatin1String(api::kTaintNodeUnreachable);
    return false;
}

} // namespace

QJsonObject conditionOf(const api::Object &object, QAnyStringView type)
{
    for (const QJsonValue &c : object.status().value(kConditions).toArray()) {
        const QJsonObject condition = c.toObject();
        if (QAnyStringView::compare(condition.value(kType).toString(), type) == 0)
            return condition;
    }
    return {};
}

QString conditionStatus(const api::Object &object, QAnyStringView type)
{
    return conditionOf(object, type).value(kStatus).toString();
}

std::optional<QJsonObject> statusMarkedUnknown(const api::Object &node, const QDateTime &now)
{
    const QString stamp = api::formatTimestamp(now);
    QJsonObject status = node.status();
    QJsonArray conditions = status.value(kConditions).toArray();
    bool changed = false;
    for (const char *type : kMonitoredConditions) {
        const QLatin1String t(type);
        const auto it = std::find_if(conditions.begin(), conditions.end(),
                                     [&](const QJsonValueRef &c) { return c.toObject().value(kType).toString() == t; });
        if (it == conditions.end()) {
            conditions.append(
                QJsonObject{{QStringLiteral("type"), t},
                            {QStringLiteral("status"), QStringLiteral("Unknown")},
                            {QStringLiteral("reason"), QStringLiteral("NodeStatusNeverUpdated")},
                            {QStringLiteral("message"), QStringLiteral("Kubelet never posted node status.")},
                            {QStringLiteral("lastHeartbeatTime"), node.creationTimestamp()},
                            {QStringLiteral("lastTransitionTime"), stamp}});
            changed = true;
            continue;
        }
        QJsonObject condition = it->toObject();
        if (condition.value(kStatus).toString() == QLatin1String("Unknown"))
            continue;
        condition.insert(QStringLiteral("status"), QStringLiteral("Unknown"));
        condition.insert(QStringLiteral("reason"), QStringLiteral("NodeStatusUnknown"));
        condition.insert(QStringLiteral("message"), QStringLiteral("Kubelet stopped posting node status."));
        condition.insert(QStringLiteral("lastTransitionTime"), stamp);
        *it = condition;
        changed = true;
    }
    if (!changed)
        return std::nullopt;
    status.insert(QStringLiteral("conditions"), conditions);
    return status;
}

QJsonArray desiredTaints(const api::Object &node, const QDateTime &now)
{
    QList<Taint> wanted;
    for (const ConditionTaint &c : kConditionTaints)
        if (conditionStatus(node, QLatin1String(c.condition)) == QLatin1String(c.status))
            wanted.append(Taint{QLatin1String(c.taint), {}, Taint::Effect::NoSchedule});
    if (node.spec().value(QLatin1String("unschedulable")).toBool())
        wanted.append(Taint{QLatin1String(api::kTaintNodeUnschedulable), {}, Taint::Effect::NoSchedule});

    const QString ready = conditionStatus(node, u"Ready");
    const QList<Taint> current = Taint::fromJson(node.spec().value(QLatin1String("taints")).toArray());
    const auto has = [&](const char *key) {
        return std::any_of(current.begin(), current.end(), [&](const Taint &t) {
            return t.effect == Taint::Effect::NoExecute && t.key == QLatin1String(key);
        });
    };
    const QString stamp = api::formatTimestamp(now);
    if (ready == QLatin1String("False"))
        wanted.append(Taint{QLatin1String(api::kTaintNodeNotReady), {}, Taint::Effect::NoExecute, stamp});
    else if (ready == QLatin1String("Unknown"))
        wanted.append(Taint{QLatin1String(api::kTaintNodeUnreachable), {}, Taint::Effect::NoExecute, stamp});
    else if (ready.isEmpty()) // nothing to judge by: leave the NoExecute taints as they are
        for (const char *key : {api::kTaintNodeNotReady, api::kTaintNodeUnreachable})
            if (has(key))
                wanted.append(Taint{QLatin1String(key), {}, Taint::Effect::NoExecute});

    QJsonArray out;
    const QJsonArray currentJson = node.spec().value(QLatin1String("taints")).toArray();
    for (qsizetype i = 0; i < current.size(); ++i) {
        const Taint &t = current.at(i);
        const bool keep =
            !isManaged(t) || std::any_of(wanted.begin(), wanted.end(), [&](const Taint &w) { return w.matches(t); });
        if (keep)
            out.append(currentJson.at(i));
    }
    for (const Taint &w : wanted)
        if (std::none_of(current.begin(), current.end(), [&](const Taint &t) { return t.matches(w); }))
            out.append(w.toJson());
    return out;
}

std::optional<QJsonObject> podStatusMarkedNotReady(const api::Object &pod, const QDateTime &now)
{
    QJsonObject status = pod.status();
    QJsonArray conditions = status.value(kConditions).toArray();
    for (QJsonValueRef c : conditions) {
        QJsonObject condition = c.toObject();
        if (condition.value(kType).toString() != QLatin1String("Ready"))
            continue;
        if (condition.value(kStatus).toString() != QLatin1String("True"))
            return std::nullopt;
        condition.insert(QStringLiteral("status"), QStringLiteral("False"));
        condition.insert(QStringLiteral("lastTransitionTime"), api::formatTimestamp(now));
        c = condition;
        status.insert(QStringLiteral("conditions"), conditions);
        return status;
    }
    return std::nullopt;
}

} // namespace tugboat::controllers
