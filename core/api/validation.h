// Validation of the kinds Tugboat serves, as kube-apiserver validates them (pkg/apis/core/validation,
// pkg/apis/apps/validation, discovery and coordination validation, apimachinery's ObjectMeta rules).
//
// Objects are JSON documents, so every check reads its field by path and reports a FieldError with the
// full path and Kubernetes' own wording:
//   spec.template.spec.containers[0].image: Required value
// Every invalid field is reported, not just the first, in the order Kubernetes reports them (map keys
// in sorted order, where Go would iterate a map).
//
// Contract: validation runs on a defaulted object (withDefaults() from defaults.h), as in Kubernetes,
// where the decoder defaults before any strategy validates. An undefaulted object reports the fields
// the defaulter would have set (restartPolicy, imagePullPolicy, port protocols...) as required.
// Fields of the wrong JSON type are reported as invalid ("must be a string", "must be an integer"...)
// where kube-apiserver would have refused to decode the request.
//
// Kubernetes' quirks are kept where users see them: a pod template's labels are reported at
// spec.template.labels (no "metadata"), a ReplicaSet's empty selector is "invalid for deployment",
// offending label maps print as Go does (map[string]string{"app":"web"}). Environment variable names
// follow 1.33's default (RelaxedEnvironmentVariableValidation): any printable ASCII but '='.
//
// Where Tugboat deliberately differs from Kubernetes:
// - Endpoints and EndpointSlice addresses may be loopback or link-local: Tugboat's pods and cluster IPs
//   live on loopback ranges when the agent runs without root.
// - validateUpdate() does not require metadata.resourceVersion (the store compares it), and accepts an
//   empty uid, creationTimestamp, deletionTimestamp or Service clusterIP in the new object: the API
//   server carries those over from the stored object, as kube-apiserver's BeforeUpdate does.
// - Service nodePorts are checked against the default range 30000-32767 here rather than only by the
//   allocator, with the allocator's message.
//
// Pure functions over immutable values; thread-safe.
#pragma once

#include "labelselector.h"
#include "object.h"
#include "result.h"

#include <QAnyStringView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace tugboat::api {

// ---- Entry points -------------------------------------------------------------------------------

// Create-time validation, dispatched by kind. An unknown kind is itself an error (`kind`).
FieldErrors validateObject(const Object &obj);
// Update-time validation: the new object must be valid, and may not change what Kubernetes holds
// immutable (metadata name/namespace/uid/creationTimestamp, Deployment and ReplicaSet selectors, a
// Service's cluster IP, nearly all of a Pod's spec, immutable Secrets and ConfigMaps, ...).
FieldErrors validateUpdate(const Object &oldObj, const Object &newObj);
// The same, as an Invalid error named the way kubectl prints it:
//   Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
Result<void> checkValid(const Object &obj);
Result<void> checkValidUpdate(const Object &oldObj, const Object &newObj);

// ---- Field paths, printed as Kubernetes' field.Path prints them ----------------------------------

QString childPath(const QString &parent, QAnyStringView child); // spec + replicas -> spec.replicas
QString indexPath(const QString &parent, qsizetype index);      // containers[0]
QString keyPath(const QString &parent, QAnyStringView key);     // data[tls.crt]

// Reads the fields of one JSON object under a path. A field that is absent or null reads as the Go
// zero value; a field of the wrong type is reported once, into the error list, and reads as absent.
// Read each key once: every read of a mistyped field reports it again.
class FieldReader {
public:
    FieldReader(QJsonObject object, QString path, FieldErrors &errors)
        : m_object(std::move(object))
        , m_path(std::move(path))
        , m_errors(errors)
    {}

    const QJsonObject &object() const { return m_object; }
    const QString &path() const { return m_path; }
    QString path(QAnyStringView child) const { return childPath(m_path, child); }
    bool has(QLatin1String key) const; // present and not null

    QString string(QLatin1String key) const;
    std::optional<qint64> integer(QLatin1String key) const;
    std::optional<bool> boolean(QLatin1String key) const;
    std::optional<QJsonObject> object(QLatin1String key) const;
    std::optional<QJsonArray> array(QLatin1String key) const;
    // A map of strings (labels, selectors, data): non-string values are reported per key.
    std::optional<QJsonObject> stringMap(QLatin1String key) const;
    // A list of strings; non-string items are reported per index.
    QStringList stringList(QLatin1String key) const;

private:
    QJsonValue typed(QLatin1String key, QJsonValue::Type type, const char *expected) const;

    QJsonObject m_object;
    QString m_path;
    FieldErrors &m_errors;
};

// ---- Values ---------------------------------------------------------------------------------------

// Kubernetes' name functions (apimachinery's ValidateNameFunc): `prefix` validates a generateName,
// which may end in '-'.
using NameValidator = QStringList (*)(QStringView name, bool prefix);
QStringList nameIsDnsSubdomain(QStringView name, bool prefix);
QStringList nameIsDnsLabel(QStringView name, bool prefix);
QStringList nameIsDns1035Label(QStringView name, bool prefix);

// Syntax checks returning Kubernetes' messages, empty when valid (names.h has the DNS-1123 family).
QStringList isDns1035Label(QStringView value);
QStringList isConfigMapKey(QStringView value);
QStringList isValidIp(QStringView value);
QStringList isValidCidr(QStringView value);
QStringList isValidPortNum(qint64 port);
QStringList isFullyQualifiedDomainName(QStringView value);
QStringList isRelaxedEnvVarName(QStringView value);
QString inclusiveRangeError(qint64 lo, qint64 hi); // "must be between 1 and 65535, inclusive"

// Each message of a syntax check as one Invalid error at `path`.
FieldErrors invalidEach(const QString &path, const QJsonValue &value, const QStringList &messages);
FieldErrors validateNonnegative(qint64 value, const QString &path);
FieldErrors validateDns1123Label(const QString &value, const QString &path);
FieldErrors validateDns1123Subdomain(const QString &value, const QString &path);
FieldErrors validateQualifiedName(const QString &value, const QString &path);
// A port given as a number (1-65535) or an IANA service name ("http").
FieldErrors validatePortNumOrName(const QJsonValue &port, const QString &path);

// Go's %#v of a map[string]string, as Kubernetes prints label maps in messages:
//   map[string]string{"app":"web", "tier":"fe"}; null prints as map[string]string(nil).
QString goStringMap(const QJsonValue &map);

// An int-or-percent field (maxSurge, maxUnavailable): 3 or "25%".
struct IntOrPercent {
    qint64 value = 0;
    bool percent = false;
};
// Parses 3 or "25%"; nothing for anything else ("3" as a string is not a percentage).
std::optional<IntOrPercent> parseIntOrPercent(const QJsonValue &value);
// Resolves against a total, as GetScaledValueFromIntOrPercent does: 25% of 10 is 2.5, rounded up to 3
// for maxSurge (roundUp) and down to 2 for maxUnavailable.
qint64 scaledValue(const IntOrPercent &v, qint64 total, bool roundUp);
FieldErrors validatePositiveIntOrPercent(const QJsonValue &value, const QString &path);

// ---- ObjectMeta -----------------------------------------------------------------------------------

FieldErrors validateObjectMeta(const QJsonObject &meta, bool namespaced, NameValidator nameFn,
                               const QString &path = QStringLiteral("metadata"));
FieldErrors validateObjectMetaUpdate(const QJsonObject &newMeta, const QJsonObject &oldMeta,
                                     const QString &path = QStringLiteral("metadata"));
FieldErrors validateLabels(const QJsonValue &labels, const QString &path);
FieldErrors validateAnnotations(const QJsonValue &annotations, const QString &path);
FieldErrors validateOwnerReferences(const QJsonValue &ownerReferences, const QString &path);
FieldErrors validateFinalizers(const QJsonValue &finalizers, const QString &path);
// An object-form label selector that must be present and select something (Deployment, ReplicaSet).
FieldErrors validateRequiredSelector(const QJsonValue &selector, const QString &path);

// ---- Pods -----------------------------------------------------------------------------------------

enum class ContainerType { Regular, Init };
// One container of a pod spec, without the rules that span the list (unique names, host ports);
// `volumes` names the spec's valid volumes, which volumeMounts must reference.
FieldErrors validateContainer(const QJsonObject &container, ContainerType type, const QSet<QString> &volumes,
                              const QString &path);
// A PodSpec, as in a Pod or a pod template.
FieldErrors validatePodSpec(const QJsonObject &spec, const QString &path);
// A PodTemplateSpec (labels, annotations, spec).
FieldErrors validatePodTemplateSpec(const QJsonValue &tmpl, const QString &path);
// A ReplicaSet's or Deployment's template: the selector must match its labels, restartPolicy must be
// Always and activeDeadlineSeconds unset.
FieldErrors validatePodTemplateForReplicaSet(const QJsonValue &tmpl, const LabelSelector &selector,
                                             const QString &path);
FieldErrors validateContainerResources(const QJsonValue &resources, const QString &path);
// A resource quantity (a string such as "100m", or a number) for the named resource: parseable, not
// negative, and whole for resources counted in units (extended resources such as "example.com/gpu",
// pods).
FieldErrors validateResourceQuantity(const QString &resourceName, const QJsonValue &value, const QString &path);
FieldErrors validateTolerations(const QJsonValue &tolerations, const QString &path);
FieldErrors validateTaints(const QJsonValue &taints, const QString &path);

// ---- Per kind ---------------------------------------------------------------------------------------
// validateX checks a whole object, metadata included. validateXUpdate checks the new object and the
// kind's own update rules; validateUpdate() adds the ObjectMeta update rules. Kinds without an update
// function here have none beyond the new object being valid (core/v1 Events, for instance, may be
// rewritten freely: the kubelet bumps their count).

FieldErrors validatePod(const Object &pod);
FieldErrors validatePodUpdate(const Object &newPod, const Object &oldPod);
FieldErrors validateReplicaSet(const Object &rs);
FieldErrors validateReplicaSetUpdate(const Object &newRs, const Object &oldRs);
FieldErrors validateDeployment(const Object &deployment);
FieldErrors validateDeploymentUpdate(const Object &newDeployment, const Object &oldDeployment);
FieldErrors validateService(const Object &service);
FieldErrors validateServiceUpdate(const Object &newService, const Object &oldService);
FieldErrors validateEndpoints(const Object &endpoints);
FieldErrors validateEndpointSlice(const Object &slice);
FieldErrors validateEndpointSliceUpdate(const Object &newSlice, const Object &oldSlice);
FieldErrors validateConfigMap(const Object &configMap);
FieldErrors validateConfigMapUpdate(const Object &newConfigMap, const Object &oldConfigMap);
FieldErrors validateSecret(const Object &secret);
FieldErrors validateSecretUpdate(const Object &newSecret, const Object &oldSecret);
FieldErrors validateNamespace(const Object &ns);
FieldErrors validateNode(const Object &node);
FieldErrors validateNodeUpdate(const Object &newNode, const Object &oldNode);
FieldErrors validateEvent(const Object &event);
FieldErrors validateLease(const Object &lease);

} // namespace tugboat::api
