// What the node lifecycle controller (nodelifecyclecontroller.h) reads from and writes to Nodes and
// their pods, as pure functions of the objects and the time, so they are tested on fixtures and the
// controller only decides when to apply them (Kubernetes' pkg/controller/util/node and the taint maps of
// pkg/controller/nodelifecycle).
//
// Thread-safety: pure functions.
#pragma once

#include "api/object.h"
#include "api/taint.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace tugboat::controllers {

// The condition of `type` in the object's status.conditions (a Node's or a Pod's); empty when absent.
QJsonObject conditionOf(const api::Object &object, QAnyStringView type);
// Its status: "True", "False", "Unknown", or "" when the condition is absent.
QString conditionStatus(const api::Object &object, QAnyStringView type);

// Kubernetes' tryUpdateNodeHealth once the grace period has passed: Ready, MemoryPressure, DiskPressure
// and PIDPressure become Unknown (reason NodeStatusUnknown, message "Kubelet stopped posting node
// status.", lastTransitionTime now; lastHeartbeatTime kept); a missing one is added as Unknown with
// reason NodeStatusNeverUpdated. The new status, or nullopt when nothing changes.
std::optional<QJsonObject> statusMarkedUnknown(const api::Object &node, const QDateTime &now);

// The node's spec.taints as the controller wants them (Kubernetes' doNoScheduleTaintingPass and
// doNoExecuteTaintingPass, without the per-zone rate limits):
//  - NoSchedule, from the conditions (TaintNodesByCondition): Ready False -> not-ready, Ready Unknown
//    -> unreachable, MemoryPressure / DiskPressure / PIDPressure / NetworkUnavailable True -> memory-
//    pressure / disk-pressure / pid-pressure / network-unavailable; and spec.unschedulable ->
//    unschedulable;
//  - NoExecute: Ready False -> not-ready, Ready Unknown -> unreachable (the two are exclusive), Ready
//    True -> neither; without a Ready condition they are left as they are. Added ones get timeAdded now.
// Taints the controller does not manage are kept, and kept ones keep their place and timeAdded; new
// ones go last.
QJsonArray desiredTaints(const api::Object &node, const QDateTime &now);

// Kubernetes' MarkPodsNotReady for one pod: its Ready condition turned False (lastTransitionTime now,
// reason and message kept). The new status, or nullopt when it has no Ready condition or it is not True.
std::optional<QJsonObject> podStatusMarkedNotReady(const api::Object &pod, const QDateTime &now);

} // namespace tugboat::controllers
