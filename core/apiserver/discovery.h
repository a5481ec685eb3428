// The API server's discovery documents and /version, built from the served kinds table (api/kinds.h).
//
// Two discovery forms exist and kubectl accepts both (docs KUBECTL-WIRE §1):
//   legacy      GET /api -> APIVersions, GET /apis -> APIGroupList, then one APIResourceList per
//               group-version (GET /api/v1, GET /apis/apps/v1, ...); subresources are separate entries
//               named "pods/log", "deployments/scale".
//   aggregated  GET /api and GET /apis answer an APIGroupDiscoveryList (apidiscovery.k8s.io v2, or
//               v2beta1 for kubectl 1.27) holding every group, version and resource at once, with
//               subresources nested under their resource. kubectl picks the form by the response
//               Content-Type, so the handler must send discoveryContentType() of what it served.
//
// Only the groups with served kinds are listed: "" (core) v1, apps/v1, coordination.k8s.io/v1 and
// discovery.k8s.io/v1. autoscaling/v1 is not: Kubernetes lists it for its HorizontalPodAutoscaler, but
// a scale subresource only names autoscaling/v1 Scale as its kind, which clients resolve without the
// group being served.
//
// Pure functions; thread-safe.
#pragma once

#include "api/kinds.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace tugboat::apiserver {

enum class DiscoveryFormat {
    Legacy,            // APIVersions / APIGroupList / APIResourceList, Content-Type application/json
    AggregatedV2,      // APIGroupDiscoveryList, apidiscovery.k8s.io/v2 (kubectl 1.28+)
    AggregatedV2Beta1, // APIGroupDiscoveryList, apidiscovery.k8s.io/v2beta1 (kubectl 1.27)
};

// The form to answer GET /api or /apis with, from the request's Accept header: the first media range
// (by q, then by order) naming `as=APIGroupDiscoveryList` with g=apidiscovery.k8s.io and v=v2 or
// v=v2beta1, or a plain JSON range. Protobuf ranges are skipped. Legacy when nothing else matches,
// including an empty header.
DiscoveryFormat negotiateDiscovery(const QByteArray &accept);
// Exactly what kubectl expects back:
//   application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList
//   application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList
//   application/json                                   (legacy)
QByteArray discoveryContentType(DiscoveryFormat format);

// GET /api (legacy): {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[...]}.
// `serverAddress` ("10.0.0.1:6443") fills the one 0.0.0.0/0 entry; empty gives an empty list.
QJsonObject apiVersions(const QString &serverAddress = {});
// GET /apis (legacy): the named groups, each with its versions and preferred version.
QJsonObject apiGroupList();
// GET /apis/<group>: one APIGroup; nullopt when the group is not served.
std::optional<QJsonObject> apiGroup(const QString &group);
// GET /api/v1 (group "") or /apis/<group>/<version>: the APIResourceList; nullopt when not served.
std::optional<QJsonObject> apiResourceList(const QString &group, const QString &version);

// Which root an aggregated document answers: /api holds the core group alone, /apis the named groups.
enum class DiscoveryRoot { Api, Apis };
// GET /api or /apis in an aggregated format (AggregatedV2 or AggregatedV2Beta1; Legacy is treated as v2).
QJsonObject aggregatedDiscovery(DiscoveryRoot root, DiscoveryFormat format);

// The discovery form of a resource's subresource: the kind it answers with and its verbs.
struct SubresourceInfo {
    QString name;    // "scale"
    QString group;   // of the kind: "autoscaling"
    QString version; // "v1"
    QString kind;    // "Scale"
    QStringList verbs;
};
SubresourceInfo subresourceInfo(const api::ResourceInfo &parent, const QString &subresource);

// Kubernetes' storageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>").
QString storageVersionHash(const QString &group, const QString &version, const QString &kind);

// GET /version. The minor version chooses the kubectl binary behind the dispatcher (KUBECTL-WIRE §0),
// so it is the Kubernetes release whose API Tugboat speaks: 1.33.
inline constexpr char kKubernetesMajor[] = "1";
inline constexpr char kKubernetesMinor[] = "33";
struct BuildInfo {
    QString gitCommit; // empty: unknown
    QString buildDate; // RFC 3339; empty: the Unix epoch, as Kubernetes reports an unset date
};
QJsonObject versionInfo(const BuildInfo &build = {});

} // namespace tugboat::apiserver
