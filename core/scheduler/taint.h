// Node taints and pod tolerations (core/v1 Taint, Toleration) and Kubernetes' matching rule
// (v1helper.TolerationsTolerateTaint): parsed once from JSON, then matched without touching JSON.
//
// Value types; thread-safe for concurrent const use.
#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>

namespace tugboat::scheduler {

struct Taint {
    enum class Effect { NoSchedule, PreferNoSchedule, NoExecute, Other };
    QString key;
    QString value;
    Effect effect = Effect::NoSchedule;

    static Effect effectFromString(QStringView effect);
    static QList<Taint> fromJson(const QJsonArray &taints); // node.spec.taints
    bool operator==(const Taint &other) const = default;
};

struct Toleration {
    QString key;         // empty with operator Exists: tolerates every taint
    bool exists = false; // operator Exists; otherwise Equal (the default)
    QString value;
    bool anyEffect = true; // effect "" matches every effect
    Taint::Effect effect = Taint::Effect::NoSchedule;

    static QList<Toleration> fromJson(const QJsonArray &tolerations); // pod.spec.tolerations
    bool tolerates(const Taint &taint) const;
};

bool tolerated(const QList<Toleration> &tolerations, const Taint &taint);

// Well-known taints (k8s.io/api/core/v1 well_known_taints.go).
inline constexpr const char kTaintNodeNotReady[] = "node.kubernetes.io/not-ready";
inline constexpr const char kTaintNodeUnreachable[] = "node.kubernetes.io/unreachable";
inline constexpr const char kTaintNodeUnschedulable[] = "node.kubernetes.io/unschedulable";

} // namespace tugboat::scheduler
