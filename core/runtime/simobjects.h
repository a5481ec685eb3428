// What a simulated node writes: its Node, its Lease, and its pods' statuses as they go through their
// phases. Pure functions of their inputs (the time included), so they are tested on fixtures and the
// pool (simnodepool.h) only decides when to write them.
//
// Addresses: the node with index i (1-based, sim-1 is 1) gets InternalIP 10.0.(i/256).(i%256) and pod
// CIDR 10.(42 + i/256).(i%256).0/24; its pods get host numbers 2..254 in that /24. Example: sim-2 is
// 10.0.0.2 with pods in 10.42.2.0/24; sim-300 is 10.0.1.44 with pods in 10.43.44.0/24.
#pragma once

#include "api/object.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace tugboat::runtime {

// Host numbers a node's pods may take in its /24.
constexpr int kFirstPodHost = 2;
constexpr int kLastPodHost = 254;

QString simNodeIp(int index);
QString simPodCidr(int index);
QString simPodIp(int index, int host);
// The host number of `ip` in node `index`'s CIDR, or 0 if it is not one.
int simPodHost(int index, const QString &ip);

// The Node as a simulated node registers it: labels, capacity, conditions (Ready), addresses,
// nodeInfo and spec.podCIDR.
api::Object simNode(const QString &name, int index, const QDateTime &now);
// Its status alone, with heartbeat times at `now` (what a status heartbeat writes).
QJsonObject simNodeStatus(const QString &name, int index, const QDateTime &now);
// The node's Lease in kube-node-lease, held by the node and renewed at `now`. `nodeUid` (optional)
// makes the Node its owner, as the kubelet does, so the Lease goes with it.
api::Object simNodeLease(const QString &name, const QString &nodeUid, int durationSeconds, const QDateTime &now);
// A Kubernetes MicroTime: 2026-01-02T03:04:05.678000Z.
QString microTime(const QDateTime &t);

// A pod's status while its containers are being created: Pending, PodScheduled True, containers
// waiting with reason ContainerCreating.
QJsonObject pendingPodStatus(const api::Object &pod, const QString &hostIp, const QDateTime &now);
// A pod whose containers all run and are ready: Running, every condition True, podIP, startTime.
QJsonObject runningPodStatus(const api::Object &pod, const QString &hostIp, const QString &podIp, const QDateTime &now);
// A pod being deleted once its containers stopped: each container terminated (exit code 0, Completed),
// not ready.
QJsonObject terminatedPodStatus(const api::Object &pod, const QDateTime &now);

} // namespace tugboat::runtime
