// A pod as the scheduler needs it, parsed once: its requests (exact, from quantities), host ports,
// tolerations, node selector and affinity, and its controller. Every plugin reads these numbers and
// lists; none of them walks the pod's JSON or parses a quantity per node.
//
// Requests follow Kubernetes (resourcehelper.PodRequests, without pod-level resources):
//   request = max(sum of containers + sum of restartable (sidecar) init containers,
//                 max over init containers i of (i's request + sidecars started before i))
//             + spec.overhead
// A container without a request counts as 0 for fit, and as 100m cpu / 200Mi memory for scoring
// (schedutil.DefaultMilliCPURequest, DefaultMemoryRequest), so that scoring still spreads best-effort
// pods. An explicit "0" stays 0 in both. A request missing where a limit is set takes the limit, as
// API defaulting would have.
//
// Immutable once built; shared as PodInfoPtr between the snapshot and the scheduler.
#pragma once

#include "nodeselector.h"
#include "taint.h"

#include "api/object.h"
#include "api/result.h"

#include <QList>
#include <QString>

#include <memory>

namespace tugboat::scheduler {

struct Resources {
    qint64 milliCpu = 0;
    qint64 memory = 0;           // bytes
    qint64 ephemeralStorage = 0; // bytes

    Resources &operator+=(const Resources &o)
    {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        return *this;
    }
    Resources &operator-=(const Resources &o)
    {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        return *this;
    }
    bool isZero() const { return milliCpu == 0 && memory == 0 && ephemeralStorage == 0; }
    bool operator==(const Resources &o) const = default;
};

inline constexpr qint64 kDefaultMilliCpuRequest = 100;
inline constexpr qint64 kDefaultMemoryRequest = 200 * 1024 * 1024;

struct HostPort {
    QString ip = QStringLiteral("0.0.0.0");
    QString protocol = QStringLiteral("TCP");
    int port = 0;

    // As HostPortInfo.CheckConflict: same protocol and port, and the same IP or either is 0.0.0.0.
    bool conflicts(const HostPort &other) const;
    bool operator==(const HostPort &o) const = default;
};

struct PodInfo {
    api::Object pod;
    QString key; // namespace/name
    QString uid;
    QString nodeName;          // spec.nodeName, when preset
    QString controllerUid;     // uid of the ownerReference with controller: true; empty when none
    bool terminating = false;  // deletionTimestamp set: still holds its resources, but not counted for spreading
    Resources requests;        // for fit
    Resources nonZeroRequests; // for scoring
    QList<HostPort> hostPorts;
    QList<Toleration> tolerations;
    api::StringMap nodeSelector;
    NodeSelector requiredAffinity; // null when the pod has none
    QList<PreferredTerm> preferredAffinity;

    // Fails (Invalid) on a quantity or a node affinity the API server would have rejected.
    static api::Result<std::shared_ptr<const PodInfo>> fromPod(const api::Object &pod);
};

using PodInfoPtr = std::shared_ptr<const PodInfo>;

} // namespace tugboat::scheduler
