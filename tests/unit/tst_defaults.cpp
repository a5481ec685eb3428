// withDefaults(): the v1 defaults Kubernetes applies, per kind; fields the user set are kept; defaulting
// twice changes nothing.
#include "api/defaults.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <functional>

using namespace tugboat::api;

namespace {

QJsonObject parse(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad fixture JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonValue parseValue(const QString &json)
{
    return QJsonDocument::fromJson(QStringLiteral("[%1]").arg(json).toUtf8()).array().at(0);
}

// Reads "spec.containers[0].ports[0].protocol" or "data[tls.crt]"; Undefined when absent.
QJsonValue valueAt(const QJsonValue &root, const QString &path)
{
    QJsonValue cur = root;
    qsizetype i = 0;
    while (i < path.size()) {
        if (path.at(i) == QLatin1Char('.')) {
            ++i;
            continue;
        }
        if (path.at(i) == QLatin1Char('[')) {
            const qsizetype close = path.indexOf(QLatin1Char(']'), i);
            const QString inner = path.mid(i + 1, close - i - 1);
            bool isIndex = false;
            const int index = inner.toInt(&isIndex);
            cur = isIndex ? (cur.isArray() ? cur.toArray().at(index) : QJsonValue(QJsonValue::Undefined))
                          : cur.toObject().value(inner);
            i = close + 1;
            continue;
        }
        qsizetype end = i;
        while (end < path.size() && path.at(end) != QLatin1Char('.') && path.at(end) != QLatin1Char('['))
            ++end;
        if (!cur.isObject())
            return QJsonValue::Undefined;
        cur = cur.toObject().value(path.mid(i, end - i));
        i = end;
    }
    return cur;
}

const char *const kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
  "spec":{"containers":[{"name":"app","image":"nginx",
    "ports":[{"containerPort":80}],
    "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}],
    "livenessProbe":{"httpGet":{"port":80}},
    "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
    "lifecycle":{"preStop":{"httpGet":{"port":80}}},
    "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m"}}}],
   "initContainers":[{"name":"init","image":"busybox:1.36"}],
   "volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"cfg"}},
     {"name":"info","downwardAPI":{"items":[{"path":"ns","fieldRef":{"fieldPath":"metadata.namespace"}}]}}]}})";

const char *const kDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"web","namespace":"default"},
  "spec":{"selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"app","image":"nginx:1.25",
        "resources":{"limits":{"cpu":"1"}}}]}}}})";

const char *const kReplicaSet = R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
  "metadata":{"name":"web-1","namespace":"default"},
  "spec":{"selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}}})";

const char *const kService =
    R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
  "spec":{"selector":{"app":"web"},"clusterIP":"127.64.0.10",
    "ports":[{"name":"http","port":80},{"name":"named","port":443,"targetPort":"https"},
             {"name":"zero","port":8080,"targetPort":0}]}})";

const char *const kNodePortService =
    R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"np","namespace":"default"},
  "spec":{"type":"NodePort","ports":[{"port":80,"protocol":"UDP"}]}})";

const char *const kLoadBalancer =
    R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"lb","namespace":"default"},
  "spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP","ports":[{"port":80}]}})";

const char *const kExternalName =
    R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"ext","namespace":"default"},
  "spec":{"type":"ExternalName","externalName":"example.com"}})";

const char *const kSecret =
    R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"default"},
  "data":{"k":"dg=="}})";

const char *const kNamespace = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}})";

const char *const kNode = R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1"},
  "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"}}})";

const char *const kEndpoints =
    R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"default"},
  "subsets":[{"addresses":[{"ip":"10.42.0.5"}],"ports":[{"port":80}]}]})";

const char *const kEndpointSlice = R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
  "metadata":{"name":"web-abc","namespace":"default"},"addressType":"IPv4",
  "endpoints":[{"addresses":["10.42.0.5"]}],"ports":[{"port":80}]})";

const char *const kConfigMap =
    R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"default"},
  "data":{"a":"b"}})";

QJsonObject fixture(const QString &name)
{
    static const QHash<QString, const char *> fixtures{
        {QStringLiteral("pod"), kPod},
        {QStringLiteral("deployment"), kDeployment},
        {QStringLiteral("replicaset"), kReplicaSet},
        {QStringLiteral("service"), kService},
        {QStringLiteral("nodeport"), kNodePortService},
        {QStringLiteral("loadbalancer"), kLoadBalancer},
        {QStringLiteral("externalname"), kExternalName},
        {QStringLiteral("secret"), kSecret},
        {QStringLiteral("namespace"), kNamespace},
        {QStringLiteral("node"), kNode},
        {QStringLiteral("endpoints"), kEndpoints},
        {QStringLiteral("endpointslice"), kEndpointSlice},
        {QStringLiteral("configmap"), kConfigMap},
    };
    return parse(fixtures.value(name));
}

} // namespace

class TestDefaults : public QObject {
    Q_OBJECT

private slots:
    void defaultedFieldHasKubernetesValue_data();
    void defaultedFieldHasKubernetesValue();
    void fieldIsLeftUnset_data();
    void fieldIsLeftUnset();
    void userValueIsKept_data();
    void userValueIsKept();
    void defaultingTwiceChangesNothing_data();
    void defaultingTwiceChangesNothing();
    void imagePullPolicyFollowsTag_data();
    void imagePullPolicyFollowsTag();
    void hostNetworkPodGetsHostPorts();
    void kindsWithoutDefaultsAreUnchanged();
    void podTemplateHelperDefaultsTheSpecOnly();
    void podGetsDefaultTolerationsForMissingOnes_data();
    void podGetsDefaultTolerationsForMissingOnes();
    void defaultTolerationsLeaveOtherKindsAndSecondRunsAlone();
};

void TestDefaults::defaultedFieldHasKubernetesValue_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // JSON

    auto row = [](const char *name, const char *fixture, const char *path, const char *expected) {
        QTest::newRow(name) << QString::fromLatin1(fixture) << QString::fromLatin1(path)
                            << QString::fromLatin1(expected);
    };
    // Pod spec
    row("pod restartPolicy", "pod", "spec.restartPolicy", R"("Always")");
    row("pod dnsPolicy", "pod", "spec.dnsPolicy", R"("ClusterFirst")");
    row("pod terminationGracePeriodSeconds", "pod", "spec.terminationGracePeriodSeconds", "30");
    row("pod schedulerName", "pod", "spec.schedulerName", R"("default-scheduler")");
    row("pod securityContext", "pod", "spec.securityContext", "{}");
    row("pod enableServiceLinks", "pod", "spec.enableServiceLinks", "true");
    // Containers
    row("imagePullPolicy untagged", "pod", "spec.containers[0].imagePullPolicy", R"("Always")");
    row("imagePullPolicy tagged init", "pod", "spec.initContainers[0].imagePullPolicy", R"("IfNotPresent")");
    row("terminationMessagePath", "pod", "spec.containers[0].terminationMessagePath", R"("/dev/termination-log")");
    row("terminationMessagePolicy", "pod", "spec.containers[0].terminationMessagePolicy", R"("File")");
    row("init terminationMessagePolicy", "pod", "spec.initContainers[0].terminationMessagePolicy", R"("File")");
    row("port protocol", "pod", "spec.containers[0].ports[0].protocol", R"("TCP")");
    row("env fieldRef apiVersion", "pod", "spec.containers[0].env[0].valueFrom.fieldRef.apiVersion", R"("v1")");
    row("probe timeoutSeconds", "pod", "spec.containers[0].livenessProbe.timeoutSeconds", "1");
    row("probe periodSeconds", "pod", "spec.containers[0].livenessProbe.periodSeconds", "10");
    row("probe successThreshold", "pod", "spec.containers[0].livenessProbe.successThreshold", "1");
    row("probe failureThreshold", "pod", "spec.containers[0].livenessProbe.failureThreshold", "3");
    row("probe httpGet scheme", "pod", "spec.containers[0].livenessProbe.httpGet.scheme", R"("HTTP")");
    row("probe httpGet path", "pod", "spec.containers[0].livenessProbe.httpGet.path", R"("/")");
    row("readiness probe failureThreshold", "pod", "spec.containers[0].readinessProbe.failureThreshold", "3");
    row("lifecycle httpGet scheme", "pod", "spec.containers[0].lifecycle.preStop.httpGet.scheme", R"("HTTP")");
    row("request defaults to limit", "pod", "spec.containers[0].resources.requests.memory", R"("128Mi")");
    row("set request is kept", "pod", "spec.containers[0].resources.requests.cpu", R"("100m")");
    // Volumes
    row("volume without source is emptyDir", "pod", "spec.volumes[0].emptyDir", "{}");
    row("configMap defaultMode", "pod", "spec.volumes[1].configMap.defaultMode", "420");
    row("downwardAPI defaultMode", "pod", "spec.volumes[2].downwardAPI.defaultMode", "420");
    row("downwardAPI fieldRef apiVersion", "pod", "spec.volumes[2].downwardAPI.items[0].fieldRef.apiVersion",
        R"("v1")");
    // Deployment
    row("deployment replicas", "deployment", "spec.replicas", "1");
    row("deployment strategy type", "deployment", "spec.strategy.type", R"("RollingUpdate")");
    row("deployment maxUnavailable", "deployment", "spec.strategy.rollingUpdate.maxUnavailable", R"("25%")");
    row("deployment maxSurge", "deployment", "spec.strategy.rollingUpdate.maxSurge", R"("25%")");
    row("deployment revisionHistoryLimit", "deployment", "spec.revisionHistoryLimit", "10");
    row("deployment progressDeadlineSeconds", "deployment", "spec.progressDeadlineSeconds", "600");
    row("deployment template restartPolicy", "deployment", "spec.template.spec.restartPolicy", R"("Always")");
    row("deployment template dnsPolicy", "deployment", "spec.template.spec.dnsPolicy", R"("ClusterFirst")");
    row("deployment template grace period", "deployment", "spec.template.spec.terminationGracePeriodSeconds", "30");
    row("deployment template pull policy", "deployment", "spec.template.spec.containers[0].imagePullPolicy",
        R"("IfNotPresent")");
    // ReplicaSet
    row("replicaset replicas", "replicaset", "spec.replicas", "1");
    row("replicaset template schedulerName", "replicaset", "spec.template.spec.schedulerName",
        R"("default-scheduler")");
    // Service
    row("service type", "service", "spec.type", R"("ClusterIP")");
    row("service sessionAffinity", "service", "spec.sessionAffinity", R"("None")");
    row("service port protocol", "service", "spec.ports[0].protocol", R"("TCP")");
    row("service targetPort = port", "service", "spec.ports[0].targetPort", "80");
    row("service named targetPort kept", "service", "spec.ports[1].targetPort", R"("https")");
    row("service zero targetPort = port", "service", "spec.ports[2].targetPort", "8080");
    row("service internalTrafficPolicy", "service", "spec.internalTrafficPolicy", R"("Cluster")");
    row("service clusterIPs from clusterIP", "service", "spec.clusterIPs", R"(["127.64.0.10"])");
    row("nodeport externalTrafficPolicy", "nodeport", "spec.externalTrafficPolicy", R"("Cluster")");
    row("nodeport UDP kept", "nodeport", "spec.ports[0].protocol", R"("UDP")");
    row("nodeport targetPort", "nodeport", "spec.ports[0].targetPort", "80");
    row("loadbalancer allocates node ports", "loadbalancer", "spec.allocateLoadBalancerNodePorts", "true");
    row("loadbalancer internalTrafficPolicy", "loadbalancer", "spec.internalTrafficPolicy", R"("Cluster")");
    row("ClientIP affinity timeout", "loadbalancer", "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "10800");
    // Others
    row("secret type", "secret", "type", R"("Opaque")");
    row("namespace finalizers", "namespace", "spec.finalizers", R"(["kubernetes"])");
    row("namespace phase", "namespace", "status.phase", R"("Active")");
    row("node allocatable", "node", "status.allocatable", R"({"cpu":"4","memory":"8Gi","pods":"110"})");
    row("endpoints port protocol", "endpoints", "subsets[0].ports[0].protocol", R"("TCP")");
    row("endpointslice port protocol", "endpointslice", "ports[0].protocol", R"("TCP")");
    row("endpointslice port name", "endpointslice", "ports[0].name", R"("")");
}

void TestDefaults::defaultedFieldHasKubernetesValue()
{
    QFETCH(QString, fixture);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const Object defaulted = withDefaults(Object(::fixture(fixture)));
    QCOMPARE(valueAt(defaulted.json(), path), parseValue(expected));
}

void TestDefaults::fieldIsLeftUnset_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("path");

    // Pod-only defaults do not reach templates, as in Kubernetes.
    QTest::newRow("template enableServiceLinks") << "deployment"
                                                 << "spec.template.spec.enableServiceLinks";
    QTest::newRow("template requests from limits") << "deployment"
                                                   << "spec.template.spec.containers[0].resources.requests";
    QTest::newRow("probe defaults only where a probe is") << "deployment"
                                                          << "spec.template.spec.containers[0].livenessProbe";
    QTest::newRow("ClusterIP has no externalTrafficPolicy") << "service"
                                                            << "spec.externalTrafficPolicy";
    QTest::newRow("ClusterIP has no allocateLoadBalancerNodePorts") << "service"
                                                                    << "spec.allocateLoadBalancerNodePorts";
    QTest::newRow("ExternalName has no internalTrafficPolicy") << "externalname"
                                                               << "spec.internalTrafficPolicy";
    QTest::newRow("ExternalName has no clusterIPs") << "externalname"
                                                    << "spec.clusterIPs";
    QTest::newRow("no hostPort off the host network") << "pod"
                                                      << "spec.containers[0].ports[0].hostPort";
    QTest::newRow("None affinity gets no config") << "service"
                                                  << "spec.sessionAffinityConfig";
}

void TestDefaults::fieldIsLeftUnset()
{
    QFETCH(QString, fixture);
    QFETCH(QString, path);
    const Object defaulted = withDefaults(Object(::fixture(fixture)));
    QVERIFY2(valueAt(defaulted.json(), path).isUndefined(), qPrintable(path));
}

void TestDefaults::userValueIsKept_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("path");  // an object path whose last segment is set before defaulting
    QTest::addColumn<QString>("value"); // JSON

    auto row = [](const char *name, const char *fixture, const char *path, const char *value) {
        QTest::newRow(name) << QString::fromLatin1(fixture) << QString::fromLatin1(path) << QString::fromLatin1(value);
    };
    row("restartPolicy Never", "pod", "spec.restartPolicy", R"("Never")");
    row("dnsPolicy Default", "pod", "spec.dnsPolicy", R"("Default")");
    row("grace period 0", "pod", "spec.terminationGracePeriodSeconds", "0");
    row("enableServiceLinks false", "pod", "spec.enableServiceLinks", "false");
    row("schedulerName", "pod", "spec.schedulerName", R"("my-scheduler")");
    row("securityContext", "pod", "spec.securityContext", R"({"runAsUser":1000})");
    row("replicas 0", "deployment", "spec.replicas", "0");
    row("revisionHistoryLimit 0", "deployment", "spec.revisionHistoryLimit", "0");
    row("progressDeadlineSeconds", "deployment", "spec.progressDeadlineSeconds", "120");
    row("strategy Recreate", "deployment", "spec.strategy", R"({"type":"Recreate"})");
    row("maxSurge int", "deployment", "spec.strategy",
        R"({"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}})");
    row("replicaset replicas 3", "replicaset", "spec.replicas", "3");
    row("service type NodePort", "service", "spec.type", R"("NodePort")");
    row("internalTrafficPolicy Local", "service", "spec.internalTrafficPolicy", R"("Local")");
    row("secret type", "secret", "type", R"("kubernetes.io/tls")");
    row("namespace without finalizers", "namespace", "spec", R"({"finalizers":[]})");
    row("node allocatable", "node", "status.allocatable", R"({"cpu":"3"})");
}

void TestDefaults::userValueIsKept()
{
    QFETCH(QString, fixture);
    QFETCH(QString, path);
    QFETCH(QString, value);
    QJsonObject json = ::fixture(fixture);
    // Set the value at path (objects only): rebuild the chain of parents.
    const QStringList parts = path.split(QLatin1Char('.'));
    std::function<QJsonObject(QJsonObject, qsizetype)> set = [&](QJsonObject o, qsizetype i) {
        if (i == parts.size() - 1)
            o.insert(parts.at(i), parseValue(value));
        else
            o.insert(parts.at(i), set(o.value(parts.at(i)).toObject(), i + 1));
        return o;
    };
    json = set(json, 0);
    const Object defaulted = withDefaults(Object(json));
    const QJsonValue expected = parseValue(value);
    if (expected.isObject()) { // defaults may add fields beside the user's, never change them
        const QJsonObject got = valueAt(defaulted.json(), path).toObject();
        const QJsonObject want = expected.toObject();
        for (auto it = want.begin(); it != want.end(); ++it)
            QCOMPARE(got.value(it.key()), it.value());
        if (path == QLatin1String("spec.strategy") && want.value(QLatin1String("type")) == QLatin1String("Recreate"))
            QVERIFY(!got.contains(QLatin1String("rollingUpdate")));
    } else {
        QCOMPARE(valueAt(defaulted.json(), path), expected);
    }
}

void TestDefaults::defaultingTwiceChangesNothing_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *name : {"pod", "deployment", "replicaset", "service", "nodeport", "loadbalancer", "externalname",
                             "secret", "namespace", "node", "endpoints", "endpointslice", "configmap"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestDefaults::defaultingTwiceChangesNothing()
{
    QFETCH(QString, fixture);
    const Object once = withDefaults(Object(::fixture(fixture)));
    const Object twice = withDefaults(once);
    QCOMPARE(twice.toJson(), once.toJson());
}

void TestDefaults::imagePullPolicyFollowsTag_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("policy");
    QTest::newRow("no tag") << "nginx"
                            << "Always";
    QTest::newRow("latest") << "nginx:latest"
                            << "Always";
    QTest::newRow("version tag") << "nginx:1.25"
                                 << "IfNotPresent";
    QTest::newRow("registry with port, no tag") << "localhost:5000/team/app"
                                                << "Always";
    QTest::newRow("registry with port and tag") << "registry.example.com:5000/app:v2"
                                                << "IfNotPresent";
    QTest::newRow("digest") << "nginx@sha256:0123456789abcdef"
                            << "IfNotPresent";
    QTest::newRow("tag and digest") << "nginx:latest@sha256:0123456789abcdef"
                                    << "Always";
    QTest::newRow("empty") << ""
                           << "IfNotPresent";
    QTest::newRow("unparseable upper case") << "NGINX"
                                            << "IfNotPresent";
}

void TestDefaults::imagePullPolicyFollowsTag()
{
    QFETCH(QString, image);
    QFETCH(QString, policy);
    QCOMPARE(defaultImagePullPolicy(image), policy);
}

void TestDefaults::hostNetworkPodGetsHostPorts()
{
    QJsonObject pod = parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},
      "spec":{"hostNetwork":true,"containers":[{"name":"a","image":"x","ports":[{"containerPort":8080},
        {"containerPort":9090,"hostPort":9090}]}]}})");
    const Object defaulted = withDefaults(Object(pod));
    QCOMPARE(valueAt(defaulted.json(), QStringLiteral("spec.containers[0].ports[0].hostPort")), QJsonValue(8080));
    QCOMPARE(valueAt(defaulted.json(), QStringLiteral("spec.containers[0].ports[1].hostPort")), QJsonValue(9090));
}

void TestDefaults::kindsWithoutDefaultsAreUnchanged()
{
    for (const QJsonObject &json :
         {fixture(QStringLiteral("configmap")),
          parse(R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n","namespace":"x"}})"),
          parse(R"({"apiVersion":"example.com/v1","kind":"Widget","spec":{"size":1}})")}) {
        QCOMPARE(withDefaults(Object(json)).json(), json);
    }
}

void TestDefaults::podTemplateHelperDefaultsTheSpecOnly()
{
    const QJsonObject tmpl =
        parse(R"({"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"i:1"}]}})");
    const QJsonObject out = withPodTemplateDefaults(tmpl);
    QCOMPARE(valueAt(out, QStringLiteral("metadata.labels.app")), QJsonValue(QStringLiteral("a")));
    QCOMPARE(valueAt(out, QStringLiteral("spec.restartPolicy")), QJsonValue(QStringLiteral("Always")));
    QVERIFY(valueAt(out, QStringLiteral("spec.enableServiceLinks")).isUndefined());
    QCOMPARE(withPodSpecDefaults(tmpl.value(QLatin1String("spec")).toObject()),
             out.value(QLatin1String("spec")).toObject());
}

void TestDefaults::podGetsDefaultTolerationsForMissingOnes_data()
{
    QTest::addColumn<QString>("given");    // spec.tolerations, JSON
    QTest::addColumn<QString>("expected"); // spec.tolerations after, JSON
    const QString notReady =
        QStringLiteral(R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",)"
                       R"("tolerationSeconds":300})");
    const QString unreachable =
        QStringLiteral(R"({"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute",)"
                       R"("tolerationSeconds":300})");
    QTest::newRow("none: both") << QString() << QStringLiteral("[%1,%2]").arg(notReady, unreachable);
    const QString own = QStringLiteral(R"({"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"})");
    QTest::newRow("others are kept, both added")
        << QStringLiteral("[%1]").arg(own) << QStringLiteral("[%1,%2,%3]").arg(own, notReady, unreachable);
    const QString ownNotReady =
        QStringLiteral(R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",)"
                       R"("tolerationSeconds":60})");
    QTest::newRow("own not-ready kept, unreachable added")
        << QStringLiteral("[%1]").arg(ownNotReady) << QStringLiteral("[%1,%2]").arg(ownNotReady, unreachable);
    const QString anyEffect = QStringLiteral(R"({"key":"node.kubernetes.io/unreachable","operator":"Exists"})");
    QTest::newRow("unreachable without effect counts")
        << QStringLiteral("[%1]").arg(anyEffect) << QStringLiteral("[%1,%2]").arg(anyEffect, notReady);
    const QString everything = QStringLiteral(R"({"operator":"Exists"})");
    QTest::newRow("tolerate everything: unchanged")
        << QStringLiteral("[%1]").arg(everything) << QStringLiteral("[%1]").arg(everything);
    const QString noSchedule =
        QStringLiteral(R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"})");
    QTest::newRow("a NoSchedule toleration does not count")
        << QStringLiteral("[%1]").arg(noSchedule)
        << QStringLiteral("[%1,%2,%3]").arg(noSchedule, notReady, unreachable);
}

void TestDefaults::podGetsDefaultTolerationsForMissingOnes()
{
    QFETCH(QString, given);
    QFETCH(QString, expected);
    QJsonObject spec{{"containers", QJsonArray{QJsonObject{{"name", "a"}, {"image", "x"}}}}};
    if (!given.isEmpty())
        spec.insert("tolerations", parseValue(given));
    const Object pod(
        QJsonObject{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", QJsonObject{{"name", "p"}}}, {"spec", spec}});
    const Object out = withDefaultTolerations(pod, 300);
    QCOMPARE(out.spec().value("tolerations"), parseValue(expected));
    QCOMPARE(out.spec().value("containers"), spec.value("containers"));
}

void TestDefaults::defaultTolerationsLeaveOtherKindsAndSecondRunsAlone()
{
    const QJsonObject configMap = fixture(QStringLiteral("configmap"));
    QCOMPARE(withDefaultTolerations(Object(configMap), 300).json(), configMap);
    const Object pod(parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[]}})"));
    const Object once = withDefaultTolerations(pod, 42);
    QCOMPARE(once.spec().value("tolerations").toArray().size(), 2);
    QCOMPARE(valueAt(once.json(), QStringLiteral("spec.tolerations[1].tolerationSeconds")), QJsonValue(42));
    QCOMPARE(withDefaultTolerations(once, 300), once);
}

QTEST_APPLESS_MAIN(TestDefaults)
#include "tst_defaults.moc"
