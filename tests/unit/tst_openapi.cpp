// OpenAPI documents and the unknown-field check: what `kubectl explain` walks, what makes kubectl
// 1.27-1.33 send fieldValidation=Strict (docs KUBECTL-WIRE §2), and the paths a Strict request is
// refused with.
#include "api/kinds.h"
#include "apiserver/openapi.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace tugboat::apiserver;
using tugboat::api::Kinds;
using tugboat::api::ResourceInfo;

namespace {

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s in %s", qPrintable(error.errorString()), json.constData());
    return doc.object();
}

QString pathOf(const ResourceInfo &info)
{
    return info.group.isEmpty() ? QStringLiteral("api/") + info.version
                                : QStringLiteral("apis/%1/%2").arg(info.group, info.version);
}

QJsonObject schemas(const QJsonObject &doc)
{
    return doc.value(QLatin1String("components")).toObject().value(QLatin1String("schemas")).toObject();
}

// The component a property refers to, through allOf or items.
QString refOf(const QJsonObject &property)
{
    QJsonObject p = property;
    if (p.contains(QLatin1String("items")))
        p = p.value(QLatin1String("items")).toObject();
    const QString ref = p.value(QLatin1String("allOf"))[0][QLatin1String("$ref")].toString();
    return ref.mid(QStringLiteral("#/components/schemas/").size());
}

QJsonObject propertyOf(const QJsonObject &doc, const QString &component, const QString &field)
{
    return schemas(doc).value(component)[QLatin1String("properties")][field].toObject();
}

void collectRefs(const QJsonValue &v, QSet<QString> &out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("$ref"))
                out.insert(it.value().toString());
            else
                collectRefs(it.value(), out);
        }
    } else if (v.isArray()) {
        for (const QJsonValue &i : v.toArray())
            collectRefs(i, out);
    }
}

const char *kDeployment = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "example.com/any-key": "x"},
               "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
  "spec": {
    "replicas": 2, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600, "minReadySeconds": 0,
    "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a"]}]},
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
    "template": {
      "metadata": {"labels": {"app": "web"}, "annotations": {"kubectl.kubernetes.io/restartedAt": "now"}},
      "spec": {
        "containers": [{
          "name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
          "command": ["nginx"], "args": ["-g", "daemon off;"], "workingDir": "/",
          "ports": [{"name": "http", "containerPort": 80, "protocol": "TCP"}],
          "env": [{"name": "A", "value": "1"},
                  {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k", "optional": true}}},
                  {"name": "C", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                  {"name": "D", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
                  {"name": "E", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
          "envFrom": [{"prefix": "X_", "configMapRef": {"name": "cm"}}, {"secretRef": {"name": "s"}}],
          "resources": {"limits": {"cpu": "500m", "memory": "128Mi", "nvidia.com/gpu": 1},
                        "requests": {"cpu": 0.25}},
          "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true, "subPath": "x"}],
          "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP",
                                        "httpHeaders": [{"name": "X", "value": "y"}]},
                            "initialDelaySeconds": 3, "periodSeconds": 10, "timeoutSeconds": 1,
                            "successThreshold": 1, "failureThreshold": 3},
          "readinessProbe": {"tcpSocket": {"port": 80}},
          "startupProbe": {"exec": {"command": ["true"]}},
          "lifecycle": {"preStop": {"sleep": {"seconds": 5}}, "postStart": {"exec": {"command": ["true"]}}},
          "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "allowPrivilegeEscalation": false,
                              "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"},
                              "readOnlyRootFilesystem": true},
          "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
          "stdin": false, "tty": false
        }],
        "initContainers": [{"name": "init", "image": "busybox", "restartPolicy": "Always"}],
        "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "1Gi", "medium": "Memory"}},
                    {"name": "cm", "configMap": {"name": "cm", "defaultMode": 420, "items": [{"key": "a", "path": "a"}]}},
                    {"name": "sec", "secret": {"secretName": "s", "optional": true}},
                    {"name": "pvc", "persistentVolumeClaim": {"claimName": "claim"}},
                    {"name": "host", "hostPath": {"path": "/var/log", "type": "Directory"}},
                    {"name": "proj", "projected": {"sources": [{"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}},
                                                               {"downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]}},
                    {"name": "ceph", "cephfs": {"monitors": ["1.2.3.4"], "anything": {"goes": true}}}],
        "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
        "schedulerName": "default-scheduler", "serviceAccountName": "default", "enableServiceLinks": true,
        "nodeSelector": {"kubernetes.io/os": "linux", "disk": "ssd"},
        "securityContext": {"fsGroup": 2000, "supplementalGroups": [1, 2], "sysctls": [{"name": "a", "value": "b"}]},
        "affinity": {
          "nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]},
            "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchFields": []}}]},
          "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {
            "labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}}]}},
        "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 10}],
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                                       "labelSelector": {"matchLabels": {"app": "web"}}}],
        "imagePullSecrets": [{"name": "regcred"}], "hostAliases": [{"ip": "1.2.3.4", "hostnames": ["a"]}],
        "dnsConfig": {"nameservers": ["1.1.1.1"], "options": [{"name": "ndots", "value": "2"}]}
      }
    }
  },
  "status": {"replicas": 2, "readyReplicas": 2, "availableReplicas": 2, "updatedReplicas": 2, "observedGeneration": 1,
             "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                             "lastUpdateTime": "2025-01-01T00:00:00Z", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}
})";

} // namespace

class OpenApiTest : public QObject {
    Q_OBJECT

private slots:
    void index_pointsAtEachServedGroupVersionWithItsHash();
    void document_isFoundByIndexPathOrFullPath_data();
    void document_isFoundByIndexPathOrFullPath();
    void document_isOpenApi3WithInfo();
    void document_hasSchemaWithGvkForEveryServedKind_data();
    void document_hasSchemaWithGvkForEveryServedKind();
    void document_resolvesEveryReference();
    void document_declaresFieldValidationOnEveryWriteOperation();
    void document_passesKubectlsFieldValidationProbeForEveryKind_data();
    void document_passesKubectlsFieldValidationProbeForEveryKind();
    void document_namesOperationsAsKubernetes_data();
    void document_namesOperationsAsKubernetes();
    void document_clusterScopedPathsTakeNoNamespace();
    void explain_walksDeploymentSpecTemplateSpecContainers();
    void explain_podSchemaHasTypeDescriptionAndProperties();
    void schema_listAndPatchSemanticsMatchKubernetes_data();
    void schema_listAndPatchSemanticsMatchKubernetes();
    void schema_mapsAndScalarWrappers();
    void schema_requiredFields_data();
    void schema_requiredFields();
    void openApiV2_isEmptyWithAParsableContentType();

    void unknownFields_reportsKubernetesPaths_data();
    void unknownFields_reportsKubernetesPaths();
    void unknownFields_acceptsARealisticDeployment();
    void unknownFields_unknownKindHasNothingToCheck();
    void strictDecodingError_wordsItAsKubernetes();
};

void OpenApiTest::index_pointsAtEachServedGroupVersionWithItsHash()
{
    const QJsonObject paths = openApiV3Index().value(QLatin1String("paths")).toObject();
    QCOMPARE(paths.keys(),
             (QStringList{"api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1"}));
    static const QRegularExpression hex(QStringLiteral("^[0-9A-F]{128}$"));
    for (const QString &path : paths.keys()) {
        const OpenApiDocument *doc = openApiV3Document(path);
        QVERIFY(doc);
        QCOMPARE(doc->path, path);
        QVERIFY(hex.match(QString::fromLatin1(doc->hash)).hasMatch());
        QCOMPARE(doc->hash, QCryptographicHash::hash(doc->json, QCryptographicHash::Sha512).toHex().toUpper());
        QCOMPARE(paths.value(path)[QLatin1String("serverRelativeURL")].toString(),
                 QStringLiteral("/openapi/v3/%1?hash=%2").arg(path, QString::fromLatin1(doc->hash)));
    }
}

void OpenApiTest::document_isFoundByIndexPathOrFullPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // "" when not served
    QTest::addRow("index key") << "api/v1"
                               << "api/v1";
    QTest::addRow("full path") << "/openapi/v3/apis/apps/v1"
                               << "apis/apps/v1";
    QTest::addRow("leading slash") << "/apis/coordination.k8s.io/v1"
                                   << "apis/coordination.k8s.io/v1";
    QTest::addRow("autoscaling is not served") << "apis/autoscaling/v1"
                                               << "";
    QTest::addRow("group without version") << "apis/apps"
                                           << "";
    QTest::addRow("empty") << ""
                           << "";
}

void OpenApiTest::document_isFoundByIndexPathOrFullPath()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const OpenApiDocument *doc = openApiV3Document(path);
    QCOMPARE(doc ? doc->path : QString(), expected);
    QCOMPARE(openApiV3Spec(path).has_value(), !expected.isEmpty());
}

void OpenApiTest::document_isOpenApi3WithInfo()
{
    const QJsonObject doc = *openApiV3Spec(u"api/v1");
    QCOMPARE(doc.value(QLatin1String("openapi")).toString(), QStringLiteral("3.0.0"));
    QCOMPARE(doc.value(QLatin1String("info"))[QLatin1String("title")].toString(), QStringLiteral("Kubernetes"));
    QVERIFY(!doc.value(QLatin1String("info"))[QLatin1String("version")].toString().isEmpty());
    // The served bytes are the compact document.
    QVERIFY(!openApiV3Document(u"api/v1")->json.contains('\n'));
}

void OpenApiTest::document_hasSchemaWithGvkForEveryServedKind_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    for (const ResourceInfo &info : Kinds::all()) {
        QTest::addRow("%s", qPrintable(info.kind)) << pathOf(info) << info.group << info.kind;
        QTest::addRow("%s", qPrintable(info.listKind())) << pathOf(info) << info.group << info.listKind();
    }
    QTest::addRow("Scale in apps") << "apis/apps/v1"
                                   << "autoscaling"
                                   << "Scale";
    QTest::addRow("Eviction in core") << "api/v1"
                                      << "policy"
                                      << "Eviction";
    QTest::addRow("Binding in core") << "api/v1"
                                     << ""
                                     << "Binding";
}

void OpenApiTest::document_hasSchemaWithGvkForEveryServedKind()
{
    QFETCH(QString, path);
    QFETCH(QString, group);
    QFETCH(QString, kind);
    const QJsonObject all = schemas(*openApiV3Spec(path));
    const QJsonObject wanted{{QStringLiteral("group"), group},
                             {QStringLiteral("version"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), kind}};
    int found = 0;
    for (auto it = all.begin(); it != all.end(); ++it) {
        const QJsonArray gvks = it.value()[QLatin1String("x-kubernetes-group-version-kind")].toArray();
        if (gvks.size() == 1 && gvks.first().toObject() == wanted) {
            ++found;
            QCOMPARE(it.value()[QLatin1String("type")].toString(), QStringLiteral("object"));
            QVERIFY(!it.value()[QLatin1String("description")].toString().isEmpty());
            for (const char *field : {"apiVersion", "kind", "metadata"})
                QVERIFY2(it.value()[QLatin1String("properties")].toObject().contains(QLatin1String(field)), field);
        }
    }
    QCOMPARE(found, 1); // explain needs exactly one schema for the GVK
}

void OpenApiTest::document_resolvesEveryReference()
{
    for (const QString &path : openApiV3Index().value(QLatin1String("paths")).toObject().keys()) {
        const QJsonObject doc = *openApiV3Spec(path);
        QSet<QString> refs;
        collectRefs(doc, refs);
        QVERIFY(refs.size() > 5);
        for (const QString &ref : std::as_const(refs)) {
            QVERIFY2(ref.startsWith(QLatin1String("#/components/schemas/")), qPrintable(ref));
            QVERIFY2(schemas(doc).contains(ref.mid(21)), qPrintable(path + QLatin1Char(' ') + ref));
        }
    }
}

void OpenApiTest::document_declaresFieldValidationOnEveryWriteOperation()
{
    int writes = 0;
    for (const QString &path : openApiV3Index().value(QLatin1String("paths")).toObject().keys()) {
        const QJsonObject paths = openApiV3Spec(path)->value(QLatin1String("paths")).toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            for (const char *method : {"post", "put", "patch"}) {
                const QJsonObject op = p.value()[QLatin1String(method)].toObject();
                if (op.isEmpty())
                    continue;
                ++writes;
                bool declared = false;
                for (const QJsonValue &param : op.value(QLatin1String("parameters")).toArray())
                    declared |= param[QLatin1String("name")] == QLatin1String("fieldValidation") &&
                                param[QLatin1String("in")] == QLatin1String("query");
                QVERIFY2(declared, qPrintable(p.key() + QLatin1Char(' ') + QLatin1String(method)));
                QVERIFY(op.value(QLatin1String("x-kubernetes-group-version-kind")).isObject());
            }
        }
    }
    QVERIFY(writes > 40);
}

void OpenApiTest::document_passesKubectlsFieldValidationProbeForEveryKind_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    for (const ResourceInfo &info : Kinds::all())
        QTest::addRow("%s", qPrintable(info.kind)) << pathOf(info) << info.group << info.kind;
}

void OpenApiTest::document_passesKubectlsFieldValidationProbeForEveryKind()
{
    // kubectl's queryParamVerifierV3: it takes the first PATCH operation (in any order) tagged with the
    // kind's GVK and looks for a query parameter named fieldValidation. Every such operation must pass.
    QFETCH(QString, path);
    QFETCH(QString, group);
    QFETCH(QString, kind);
    const QJsonObject paths = openApiV3Spec(path)->value(QLatin1String("paths")).toObject();
    int patches = 0;
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        const QJsonObject patch = p.value()[QLatin1String("patch")].toObject();
        const QJsonObject gvk = patch.value(QLatin1String("x-kubernetes-group-version-kind")).toObject();
        if (gvk[QLatin1String("group")] != group || gvk[QLatin1String("version")] != QLatin1String("v1") ||
            gvk[QLatin1String("kind")] != kind)
            continue;
        ++patches;
        bool found = false;
        for (const QJsonValue &param : patch.value(QLatin1String("parameters")).toArray())
            found |= param[QLatin1String("name")] == QLatin1String("fieldValidation") &&
                     param[QLatin1String("in")] == QLatin1String("query");
        QVERIFY2(found, qPrintable(p.key()));
    }
    QVERIFY(patches >= 1);
}

void OpenApiTest::document_namesOperationsAsKubernetes_data()
{
    QTest::addColumn<QString>("doc");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("operationId");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("gvk");
    const QString core = QStringLiteral("api/v1");
    const QString apps = QStringLiteral("apis/apps/v1");
    const QString pods = QStringLiteral("/api/v1/namespaces/{namespace}/pods");
    const QString deployments = QStringLiteral("/apis/apps/v1/namespaces/{namespace}/deployments");
    QTest::addRow("list pods") << core << pods << "get"
                               << "listCoreV1NamespacedPod"
                               << "list"
                               << "/v1/Pod";
    QTest::addRow("create pod") << core << pods << "post"
                                << "createCoreV1NamespacedPod"
                                << "post"
                                << "/v1/Pod";
    QTest::addRow("delete pods") << core << pods << "delete"
                                 << "deleteCoreV1CollectionNamespacedPod"
                                 << "deletecollection"
                                 << "/v1/Pod";
    QTest::addRow("read pod") << core << pods + "/{name}"
                              << "get"
                              << "readCoreV1NamespacedPod"
                              << "get"
                              << "/v1/Pod";
    QTest::addRow("patch pod") << core << pods + "/{name}"
                               << "patch"
                               << "patchCoreV1NamespacedPod"
                               << "patch"
                               << "/v1/Pod";
    QTest::addRow("all pods") << core << "/api/v1/pods"
                              << "get"
                              << "listCoreV1PodForAllNamespaces"
                              << "list"
                              << "/v1/Pod";
    QTest::addRow("pod log") << core << pods + "/{name}/log"
                             << "get"
                             << "readCoreV1NamespacedPodLog"
                             << "get"
                             << "/v1/Pod";
    QTest::addRow("pod binding") << core << pods + "/{name}/binding"
                                 << "post"
                                 << "createCoreV1NamespacedPodBinding"
                                 << "post"
                                 << "/v1/Binding";
    QTest::addRow("pod eviction") << core << pods + "/{name}/eviction"
                                  << "post"
                                  << "createCoreV1NamespacedPodEviction"
                                  << "post"
                                  << "policy/v1/Eviction";
    QTest::addRow("pod status") << core << pods + "/{name}/status"
                                << "put"
                                << "replaceCoreV1NamespacedPodStatus"
                                << "put"
                                << "/v1/Pod";
    QTest::addRow("deployment scale") << apps << deployments + "/{name}/scale"
                                      << "patch"
                                      << "patchAppsV1NamespacedDeploymentScale"
                                      << "patch"
                                      << "autoscaling/v1/Scale";
    QTest::addRow("create deployment") << apps << deployments << "post"
                                       << "createAppsV1NamespacedDeployment"
                                       << "post"
                                       << "apps/v1/Deployment";
    QTest::addRow("lease") << "apis/coordination.k8s.io/v1"
                           << "/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}"
                           << "put"
                           << "replaceCoordinationV1NamespacedLease"
                           << "put"
                           << "coordination.k8s.io/v1/Lease";
    QTest::addRow("node") << core << "/api/v1/nodes/{name}"
                          << "patch"
                          << "patchCoreV1Node"
                          << "patch"
                          << "/v1/Node";
}

void OpenApiTest::document_namesOperationsAsKubernetes()
{
    QFETCH(QString, doc);
    QFETCH(QString, path);
    QFETCH(QString, method);
    QFETCH(QString, operationId);
    QFETCH(QString, action);
    QFETCH(QString, gvk);
    const QJsonObject paths = openApiV3Spec(doc)->value(QLatin1String("paths")).toObject();
    QVERIFY2(paths.contains(path), qPrintable(path));
    const QJsonObject op = paths.value(path)[method].toObject();
    QCOMPARE(op.value(QLatin1String("operationId")).toString(), operationId);
    QCOMPARE(op.value(QLatin1String("x-kubernetes-action")).toString(), action);
    const QJsonObject g = op.value(QLatin1String("x-kubernetes-group-version-kind")).toObject();
    QCOMPARE(g[QLatin1String("group")].toString() + QLatin1Char('/') + g[QLatin1String("version")].toString() +
                 QLatin1Char('/') + g[QLatin1String("kind")].toString(),
             gvk);
    QVERIFY(op.value(QLatin1String("responses")).toObject().contains(QLatin1String("200")));
    QVERIFY(!op.value(QLatin1String("tags")).toArray().isEmpty());
}

void OpenApiTest::document_clusterScopedPathsTakeNoNamespace()
{
    const QJsonObject paths = openApiV3Spec(u"api/v1")->value(QLatin1String("paths")).toObject();
    QVERIFY(paths.contains(QLatin1String("/api/v1/nodes")));
    QVERIFY(!paths.contains(QLatin1String("/api/v1/namespaces/{namespace}/nodes")));
    QStringList params;
    for (const QJsonValue &p :
         paths.value(QLatin1String("/api/v1/nodes/{name}"))[QLatin1String("parameters")].toArray())
        params.append(p[QLatin1String("name")].toString());
    QCOMPARE(params, (QStringList{"name", "pretty"}));
    params.clear();
    for (const QJsonValue &p :
         paths.value(QLatin1String("/api/v1/namespaces/{namespace}/pods/{name}"))[QLatin1String("parameters")]
             .toArray())
        params.append(p[QLatin1String("name")].toString());
    QCOMPARE(params, (QStringList{"name", "namespace", "pretty"}));
    const QJsonObject log =
        paths.value(QLatin1String("/api/v1/namespaces/{namespace}/pods/{name}/log"))[QLatin1String("get")].toObject();
    QVERIFY(log.value(QLatin1String("responses"))[QLatin1String("200")][QLatin1String("content")].toObject().contains(
        QLatin1String("text/plain")));
}

void OpenApiTest::explain_walksDeploymentSpecTemplateSpecContainers()
{
    // kubectl explain deployment.spec.template.spec.containers follows these references.
    const QJsonObject doc = *openApiV3Spec(u"apis/apps/v1");
    QString component = QStringLiteral("io.k8s.api.apps.v1.Deployment");
    for (const char *field : {"spec", "template", "spec", "containers"}) {
        const QJsonObject p = propertyOf(doc, component, QLatin1String(field));
        QVERIFY2(!p.isEmpty(), field);
        QVERIFY2(!p.value(QLatin1String("description")).toString().isEmpty(), field);
        component = refOf(p);
        QVERIFY2(schemas(doc).contains(component), qPrintable(component));
    }
    QCOMPARE(component, QStringLiteral("io.k8s.api.core.v1.Container"));
    QCOMPARE(propertyOf(doc, component, QStringLiteral("image"))[QLatin1String("type")].toString(),
             QStringLiteral("string"));
    QCOMPARE(propertyOf(doc, QStringLiteral("io.k8s.api.core.v1.PodSpec"),
                        QStringLiteral("containers"))[QLatin1String("type")]
                 .toString(),
             QStringLiteral("array"));
}

void OpenApiTest::explain_podSchemaHasTypeDescriptionAndProperties()
{
    const QJsonObject doc = *openApiV3Spec(u"api/v1");
    const QJsonObject pod = schemas(doc).value(QLatin1String("io.k8s.api.core.v1.Pod")).toObject();
    QCOMPARE(pod.value(QLatin1String("description")).toString(),
             QStringLiteral("Pod is a collection of containers that can run on a host. This resource is created by "
                            "clients and scheduled onto hosts."));
    QCOMPARE(pod.value(QLatin1String("x-kubernetes-group-version-kind")).toArray(),
             (QJsonArray{QJsonObject{{"group", ""}, {"version", "v1"}, {"kind", "Pod"}}}));
    QCOMPARE(refOf(pod.value(QLatin1String("properties"))[QLatin1String("spec")].toObject()),
             QStringLiteral("io.k8s.api.core.v1.PodSpec"));
    QCOMPARE(refOf(pod.value(QLatin1String("properties"))[QLatin1String("metadata")].toObject()),
             QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    // Every property of every schema has a description and a type or a reference.
    const QJsonObject all = schemas(doc);
    for (auto it = all.begin(); it != all.end(); ++it) {
        const QJsonObject properties = it.value()[QLatin1String("properties")].toObject();
        for (auto p = properties.begin(); p != properties.end(); ++p) {
            const QJsonObject prop = p.value().toObject();
            const QString where = it.key() + QLatin1Char('.') + p.key();
            QVERIFY2(!prop.value(QLatin1String("description")).toString().isEmpty(), qPrintable(where));
            QVERIFY2(prop.contains(QLatin1String("type")) || prop.contains(QLatin1String("allOf")), qPrintable(where));
        }
    }
}

void OpenApiTest::schema_listAndPatchSemanticsMatchKubernetes_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("listType");
    QTest::addColumn<QStringList>("mapKeys");
    QTest::addColumn<QString>("mergeKey");
    QTest::addColumn<QString>("strategy");
    const QString podSpec = QStringLiteral("io.k8s.api.core.v1.PodSpec");
    const QString container = QStringLiteral("io.k8s.api.core.v1.Container");
    const QString objectMeta = QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    const QStringList name{QStringLiteral("name")};
    QTest::addRow("containers") << podSpec << "containers"
                                << "map" << name << "name"
                                << "merge";
    QTest::addRow("initContainers") << podSpec << "initContainers"
                                    << "map" << name << "name"
                                    << "merge";
    QTest::addRow("volumes") << podSpec << "volumes"
                             << "map" << name << "name"
                             << "merge,retainKeys";
    QTest::addRow("imagePullSecrets") << podSpec << "imagePullSecrets"
                                      << "map" << name << "name"
                                      << "merge";
    QTest::addRow("tolerations") << podSpec << "tolerations"
                                 << "atomic" << QStringList() << ""
                                 << "";
    QTest::addRow("topologySpreadConstraints")
        << podSpec << "topologySpreadConstraints"
        << "map" << QStringList{"topologyKey", "whenUnsatisfiable"} << "topologyKey"
        << "merge";
    QTest::addRow("ports") << container << "ports"
                           << "map" << QStringList{"containerPort", "protocol"} << "containerPort"
                           << "merge";
    QTest::addRow("env") << container << "env"
                         << "map" << name << "name"
                         << "merge";
    QTest::addRow("volumeMounts") << container << "volumeMounts"
                                  << "map" << QStringList{"mountPath"} << "mountPath"
                                  << "merge";
    QTest::addRow("command") << container << "command"
                             << "atomic" << QStringList() << ""
                             << "";
    QTest::addRow("finalizers") << objectMeta << "finalizers"
                                << "set" << QStringList() << ""
                                << "merge";
    QTest::addRow("ownerReferences") << objectMeta << "ownerReferences"
                                     << "map" << QStringList{"uid"} << "uid"
                                     << "merge";
    QTest::addRow("pod conditions") << "io.k8s.api.core.v1.PodStatus"
                                    << "conditions"
                                    << "map" << QStringList{"type"} << "type"
                                    << "merge";
    QTest::addRow("service ports") << "io.k8s.api.core.v1.ServiceSpec"
                                   << "ports"
                                   << "map" << QStringList{"port", "protocol"} << "port"
                                   << "merge";
    QTest::addRow("node addresses") << "io.k8s.api.core.v1.NodeStatus"
                                    << "addresses"
                                    << "map" << QStringList{"type"} << "type"
                                    << "merge";
    QTest::addRow("node taints") << "io.k8s.api.core.v1.NodeSpec"
                                 << "taints"
                                 << "atomic" << QStringList() << ""
                                 << "";
    QTest::addRow("deployment conditions") << "io.k8s.api.apps.v1.DeploymentStatus"
                                           << "conditions"
                                           << "map" << QStringList{"type"} << "type"
                                           << "merge";
    QTest::addRow("matchExpressions") << "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"
                                      << "matchExpressions"
                                      << "atomic" << QStringList() << ""
                                      << "";
}

void OpenApiTest::schema_listAndPatchSemanticsMatchKubernetes()
{
    QFETCH(QString, component);
    QFETCH(QString, field);
    QFETCH(QString, listType);
    QFETCH(QStringList, mapKeys);
    QFETCH(QString, mergeKey);
    QFETCH(QString, strategy);
    const QString path =
        component.contains(QLatin1String(".apps.")) ? QStringLiteral("apis/apps/v1") : QStringLiteral("api/v1");
    const QJsonObject p = propertyOf(*openApiV3Spec(path), component, field);
    QCOMPARE(p.value(QLatin1String("type")).toString(), QStringLiteral("array"));
    QCOMPARE(p.value(QLatin1String("x-kubernetes-list-type")).toString(), listType);
    QStringList keys;
    for (const QJsonValue &k : p.value(QLatin1String("x-kubernetes-list-map-keys")).toArray())
        keys.append(k.toString());
    QCOMPARE(keys, mapKeys);
    QCOMPARE(p.value(QLatin1String("x-kubernetes-patch-merge-key")).toString(), mergeKey);
    QCOMPARE(p.value(QLatin1String("x-kubernetes-patch-strategy")).toString(), strategy);
}

void OpenApiTest::schema_mapsAndScalarWrappers()
{
    const QJsonObject doc = *openApiV3Spec(u"api/v1");
    const QJsonObject labels =
        propertyOf(doc, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), QStringLiteral("labels"));
    QCOMPARE(labels.value(QLatin1String("type")).toString(), QStringLiteral("object"));
    QCOMPARE(labels.value(QLatin1String("additionalProperties"))[QLatin1String("type")].toString(),
             QStringLiteral("string"));
    const QJsonObject limits =
        propertyOf(doc, QStringLiteral("io.k8s.api.core.v1.ResourceRequirements"), QStringLiteral("limits"));
    QCOMPARE(refOf(limits.value(QLatin1String("additionalProperties")).toObject()),
             QStringLiteral("io.k8s.apimachinery.pkg.api.resource.Quantity"));
    const QJsonObject all = schemas(doc);
    const QJsonObject quantity = all.value(QLatin1String("io.k8s.apimachinery.pkg.api.resource.Quantity")).toObject();
    QCOMPARE(quantity.value(QLatin1String("oneOf")).toArray().size(), 2);
    const QJsonObject intOrString =
        all.value(QLatin1String("io.k8s.apimachinery.pkg.util.intstr.IntOrString")).toObject();
    QCOMPARE(intOrString.value(QLatin1String("format")).toString(), QStringLiteral("int-or-string"));
    QCOMPARE(all.value(QLatin1String("io.k8s.apimachinery.pkg.apis.meta.v1.Time"))[QLatin1String("format")].toString(),
             QStringLiteral("date-time"));
    QCOMPARE(propertyOf(doc, QStringLiteral("io.k8s.api.core.v1.Container"),
                        QStringLiteral("imagePullPolicy"))[QLatin1String("enum")]
                 .toArray(),
             (QJsonArray{"Always", "IfNotPresent", "Never"}));
}

void OpenApiTest::schema_requiredFields_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("component");
    QTest::addColumn<QStringList>("required");
    QTest::addRow("container") << "api/v1"
                               << "io.k8s.api.core.v1.Container" << QStringList{"name"};
    QTest::addRow("pod spec") << "api/v1"
                              << "io.k8s.api.core.v1.PodSpec" << QStringList{"containers"};
    QTest::addRow("container port") << "api/v1"
                                    << "io.k8s.api.core.v1.ContainerPort" << QStringList{"containerPort"};
    QTest::addRow("deployment spec") << "apis/apps/v1"
                                     << "io.k8s.api.apps.v1.DeploymentSpec" << QStringList{"selector", "template"};
    QTest::addRow("owner reference") << "api/v1"
                                     << "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"
                                     << QStringList{"apiVersion", "kind", "name", "uid"};
}

void OpenApiTest::schema_requiredFields()
{
    QFETCH(QString, path);
    QFETCH(QString, component);
    QFETCH(QStringList, required);
    QStringList actual;
    for (const QJsonValue &r : schemas(*openApiV3Spec(path)).value(component)[QLatin1String("required")].toArray())
        actual.append(r.toString());
    QCOMPARE(actual, required);
}

void OpenApiTest::openApiV2_isEmptyWithAParsableContentType()
{
    QCOMPARE(openApiV2ContentType(), QByteArray("application/com.github.proto-openapi.spec.v2.v1.0+protobuf"));
    QVERIFY(!openApiV2ContentType().contains('@')); // Go's mime parser rejects it (kubectl 1.27 fails)
    QVERIFY(openApiV2Body().isEmpty());
}

void OpenApiTest::unknownFields_reportsKubernetesPaths_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("typo in spec") << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicaz":3}})")
                                  << QStringList{".spec.replicaz"};
    QTest::addRow("typo in a container")
        << QByteArray(
               R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[
              {"name":"a","imagee":"nginx"}]}}}})")
        << QStringList{".spec.template.spec.containers[0].imagee"};
    QTest::addRow("deep in the second container")
        << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"a"},
              {"name":"b","ports":[{"containerPort":80,"hostport":1}]}]}})")
        << QStringList{".spec.containers[1].ports[0].hostport"};
    QTest::addRow("top level") << QByteArray(R"({"apiVersion":"v1","kind":"ConfigMap","foo":1,"data":{"x":"y"}})")
                               << QStringList{".foo"};
    QTest::addRow("metadata") << QByteArray(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labelz":{}}})")
                              << QStringList{".metadata.labelz"};
    QTest::addRow("status")
        << QByteArray(R"({"apiVersion":"apps/v1","kind":"ReplicaSet","status":{"replicas":1,"readyReplicaz":1}})")
        << QStringList{".status.readyReplicaz"};
    QTest::addRow("several, sorted") << QByteArray(
                                            R"({"apiVersion":"v1","kind":"Service","spec":{"b":1,"a":2,"ports":[]}})")
                                     << QStringList{".spec.a", ".spec.b"};
    QTest::addRow("in a described volume source")
        << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"volumes":[{"name":"v","emptyDir":{"bogus":1}}]}})")
        << QStringList{".spec.volumes[0].emptyDir.bogus"};
    QTest::addRow("in a selector expression")
        << QByteArray(R"({"apiVersion":"apps/v1","kind":"Deployment","spec":{"selector":{"matchExpressions":[
              {"key":"a","operator":"Exists","valuez":[]}]}}})")
        << QStringList{".spec.selector.matchExpressions[0].valuez"};
    QTest::addRow("free-form maps") << QByteArray(
                                           R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"any/key":"v"},
              "annotations":{"x":"y"}},"spec":{"nodeSelector":{"disk":"ssd"},"containers":[{"name":"a",
              "resources":{"limits":{"example.com/dongle":1},"requests":{"cpu":"1"}}}],"overhead":{"x":"1"}}})")
                                    << QStringList();
    QTest::addRow("configmap and secret data")
        << QByteArray(
               R"({"apiVersion":"v1","kind":"Secret","type":"Opaque","data":{"a":"YQ=="},"stringData":{"b":"c"}})")
        << QStringList();
    QTest::addRow("managed fields") << QByteArray(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"managedFields":[
              {"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2025-01-01T00:00:00Z",
               "fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]}})")
                                    << QStringList();
    QTest::addRow("an opaque volume source") << QByteArray(R"({"apiVersion":"v1","kind":"Pod","spec":{"volumes":[
              {"name":"v","rbd":{"monitors":["m"],"whatever":{"x":1}}}]}})")
                                             << QStringList();
    QTest::addRow("int-or-string and quantity values")
        << QByteArray(R"({"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":"http"}]}})")
        << QStringList();
    QTest::addRow("node status") << QByteArray(
                                        R"({"apiVersion":"v1","kind":"Node","spec":{"unschedulable":true},
              "status":{"capacity":{"cpu":"4"},"nodeInfo":{"kubeletVersion":"v1.33.0","osImage":"Debian"},
              "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2025-01-01T00:00:00Z"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}})")
                                 << QStringList();
    QTest::addRow("lease") << QByteArray(
                                  R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","spec":{"holderIdentity":"a",
              "renewTime":"2025-01-01T00:00:00.000000Z","leaseDurationSeconds":40,"holderIdentitie":"b"}})")
                           << QStringList{".spec.holderIdentitie"};
    QTest::addRow("event") << QByteArray(
                                  R"({"apiVersion":"v1","kind":"Event","involvedObject":{"kind":"Pod","name":"p"},
              "reason":"Started","source":{"component":"kubelet","hots":"n"},"count":1})")
                           << QStringList{".source.hots"};
}

void OpenApiTest::unknownFields_reportsKubernetesPaths()
{
    QFETCH(QByteArray, object);
    QFETCH(QStringList, expected);
    const QJsonObject o = parse(object);
    QCOMPARE(
        unknownFields(o.value(QLatin1String("apiVersion")).toString(), o.value(QLatin1String("kind")).toString(), o),
        expected);
}

void OpenApiTest::unknownFields_acceptsARealisticDeployment()
{
    const QJsonObject o = parse(kDeployment);
    QCOMPARE(unknownFields(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), o), QStringList());
    // The same template in a ReplicaSet and its pod spec in a Pod.
    QJsonObject rs = o;
    rs.insert(QStringLiteral("kind"), QStringLiteral("ReplicaSet"));
    QJsonObject rsSpec = rs.value(QLatin1String("spec")).toObject();
    for (const char *deploymentOnly : {"strategy", "revisionHistoryLimit", "progressDeadlineSeconds"})
        rsSpec.remove(QLatin1String(deploymentOnly));
    rs.insert(QStringLiteral("spec"), rsSpec);
    rs.remove(QStringLiteral("status"));
    QCOMPARE(unknownFields(QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"), rs), QStringList());
    QJsonObject pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"spec", o["spec"]["template"]["spec"]}};
    QCOMPARE(unknownFields(QStringLiteral("v1"), QStringLiteral("Pod"), pod), QStringList());
}

void OpenApiTest::unknownFields_unknownKindHasNothingToCheck()
{
    const QJsonObject o{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"spec", QJsonObject{{"x", 1}}}};
    QCOMPARE(unknownFields(QStringLiteral("batch/v1"), QStringLiteral("Job"), o), QStringList());
    // The kind must be looked up in its own group-version.
    QCOMPARE(unknownFields(QStringLiteral("v1"), QStringLiteral("Deployment"), o), QStringList());
}

void OpenApiTest::strictDecodingError_wordsItAsKubernetes()
{
    QCOMPARE(strictDecodingError({QStringLiteral(".spec.replicaz")}),
             QStringLiteral("strict decoding error: unknown field \"spec.replicaz\""));
    QCOMPARE(strictDecodingError({QStringLiteral(".spec.a"), QStringLiteral(".spec.template.spec.containers[0].b")}),
             QStringLiteral("strict decoding error: unknown field \"spec.a\", unknown field "
                            "\"spec.template.spec.containers[0].b\""));
    QCOMPARE(unknownFieldWarnings({QStringLiteral(".foo"), QStringLiteral(".spec.b")}),
             (QStringList{QStringLiteral("unknown field \"foo\""), QStringLiteral("unknown field \"spec.b\"")}));
}

QTEST_APPLESS_MAIN(OpenApiTest)
#include "tst_openapi.moc"
