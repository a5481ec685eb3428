// Why a pod fits no node, and the PodScheduled condition that reports it.
//
// message() is kube-scheduler's FitError.Error(): a histogram of the per-node reasons, each "<count>
// <reason>", sorted as strings (Go's sort.Strings), so "1 node(s) were unschedulable" precedes
// "2 Insufficient cpu":
//   0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.
// messageWithPreemption() appends what Kubernetes' DefaultPreemption adds when it finds nothing to
// evict (Tugboat never preempts, so that is always its outcome): nodes rejected as Unschedulable get
// "No preemption victims found for incoming pod", UnschedulableAndUnresolvable ones "Preemption is not
// helpful for scheduling":
//   0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption
//   victims found for incoming pod.
//
// Value type; thread-safe for concurrent const use.
#pragma once

#include "status.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace tugboat::scheduler {

struct FitError {
    int numAllNodes = 0;
    // One entry per node that was filtered out, with the status of the plugin that rejected it.
    QList<QPair<QString, Status>> nodeStatuses;

    QString message() const;
    QString messageWithPreemption() const;
};

// The condition a caller writes to pod status (type PodScheduled, status False, reason Unschedulable),
// as kube-scheduler does: lastProbeTime null, lastTransitionTime `now` in RFC 3339 seconds.
QJsonObject unschedulableCondition(const QString &message, const QDateTime &now);

} // namespace tugboat::scheduler
