// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for (docs KUBECTL-WIRE §3),
// with the columns and cell values of Kubernetes' own printers (pkg/printers/internalversion), so
// `kubectl get pods` and `-o wide` read the same as against Kubernetes.
//
// As in Kubernetes, every row carries all columns, the wide ones (priority 1) included; kubectl hides
// those unless -o wide. Ages are Kubernetes' duration.HumanDuration of now minus creationTimestamp.
// Each row's object is the object's PartialObjectMetadata (kubectl's default, enough for --show-labels)
// or, when asked, the whole object.
//
// The response Content-Type is application/json;as=Table;v=v1;g=meta.k8s.io.
//
// Pure functions of their arguments (time is passed in); thread-safe.
#pragma once

#include "api/kinds.h"
#include "api/object.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace tugboat::apiserver {

// A list (or a single GET, with one object) as a Table. `listResourceVersion` and `continueToken` go to
// metadata; `includeObject` false gives each row a PartialObjectMetadata, true the object itself.
QJsonObject toTable(const api::ResourceInfo &info, const std::vector<api::ObjectPtr> &objects,
                    const QString &listResourceVersion, qint64 nowMs, bool includeObject, const QString &continueToken);

// The form of one watch event's object: a Table of one row, metadata.resourceVersion the object's.
// Kubernetes sends the column definitions with the first event only (`includeColumns`); kubectl keeps
// the columns it already has when they are absent.
QJsonObject toTableEvent(const api::ResourceInfo &info, const api::ObjectPtr &object, qint64 nowMs, bool includeObject,
                         bool includeColumns);

// The pieces, for the consoles and tests.
QJsonArray tableColumnDefinitions(const api::ResourceInfo &info);
QJsonArray tableCells(const api::ResourceInfo &info, const api::Object &object, qint64 nowMs);

// Kubernetes' duration.HumanDuration ("5s", "3m2s", "4h", "2d3h", "120d", "3y10d"): about two
// significant figures; "0s" for up to 2 s in the future (clock skew), "<invalid>" beyond.
QString humanDuration(qint64 ms);
// "5m" since an RFC 3339 timestamp, or "<unknown>" when it is empty or unreadable.
QString ageSince(const QString &timestamp, qint64 nowMs);
// An RFC 3339 timestamp (fractional seconds and offsets accepted) as ms since the epoch.
std::optional<qint64> parseTimestamp(const QString &timestamp);

// The Ready, Status and Restarts of a pod as `kubectl get pods` shows them: "1/2", "CrashLoopBackOff",
// "3 (2m ago)". Status follows Kubernetes' printPod: the phase (or status.reason), SchedulingGated,
// Init:<reason>, Init:ExitCode:<n>, Init:Signal:<n>, Init:<done>/<total>, a container's waiting or
// terminated reason, ExitCode:<n>, Signal:<n>, Completed turned back into Running or NotReady while a
// container still runs, Terminating while deleted, Unknown for a deleted pod on a lost node. Sidecar
// (restartable) init containers count as containers.
struct PodSummary {
    int readyContainers = 0;
    int totalContainers = 0;
    QString status;
    int restarts = 0;
    std::optional<qint64> lastRestartMs; // when the last container restart finished

    QString ready() const { return QStringLiteral("%1/%2").arg(readyContainers).arg(totalContainers); }
    QString restartsText(qint64 nowMs) const;
};
PodSummary summarizePod(const api::Object &pod);

} // namespace tugboat::apiserver
