// Node taints and pod tolerations (core/v1 Taint, Toleration) and Kubernetes' matching rules
// (k8s.io/api/core/v1 toleration.go, v1helper.GetMatchingTolerations), parsed once from JSON and then
// matched without touching JSON. Kept with the API types, as Kubernetes keeps them, because the
// scheduler (filters), the node lifecycle and taint eviction controllers and the API server's default
// tolerations all read them.
//
// Value types and pure functions; thread-safe for concurrent const use.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace tugboat::api {

struct Taint {
    enum class Effect { NoSchedule, PreferNoSchedule, NoExecute, Other };
    QString key;
    QString value;
    Effect effect = Effect::NoSchedule;
    QString timeAdded = {}; // RFC 3339; Kubernetes writes it for NoExecute taints only

    static Effect effectFromString(QStringView effect);
    static QString effectName(Effect effect);
    static Taint fromJson(const QJsonObject &taint);
    static QList<Taint> fromJson(const QJsonArray &taints); // node.spec.taints
    QJsonObject toJson() const;
    // Kubernetes' Taint.MatchTaint: the same key and effect (value and timeAdded do not count).
    bool matches(const Taint &other) const { return key == other.key && effect == other.effect; }
    bool operator==(const Taint &other) const = default;
};

struct Toleration {
    QString key;         // empty with operator Exists: tolerates every taint
    bool exists = false; // operator Exists; otherwise Equal (the default)
    QString value;
    bool anyEffect = true; // effect "" matches every effect
    Taint::Effect effect = Taint::Effect::NoSchedule;
    // How long a NoExecute taint is tolerated; none: for ever. Zero or less: not at all (evict now).
    std::optional<qint64> tolerationSeconds = {};

    static QList<Toleration> fromJson(const QJsonArray &tolerations); // pod.spec.tolerations
    bool tolerates(const Taint &taint) const;
};

bool tolerated(const QList<Toleration> &tolerations, const Taint &taint);
// The first toleration that tolerates `taint` (Kubernetes' GetMatchingTolerations takes the first),
// or null.
const Toleration *firstTolerating(const QList<Toleration> &tolerations, const Taint &taint);

// Well-known taints (k8s.io/api/core/v1 well_known_taints.go).
inline constexpr const char kTaintNodeNotReady[] = "node.kubernetes.io/not-ready";
inline constexpr const char kTaintNodeUnreachable[] = "node.kubernetes.io/unreachable";
inline constexpr const char kTaintNodeUnschedulable[] = "node.kubernetes.io/unschedulable";
inline constexpr const char kTaintNodeMemoryPressure[] = "node.kubernetes.io/memory-pressure";
inline constexpr const char kTaintNodeDiskPressure[] = "node.kubernetes.io/disk-pressure";
inline constexpr const char kTaintNodeNetworkUnavailable[] = "node.kubernetes.io/network-unavailable";
inline constexpr const char kTaintNodePIDPressure[] = "node.kubernetes.io/pid-pressure";

} // namespace tugboat::api
