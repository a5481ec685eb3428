// validateObject()/validateUpdate(): every kind Tugboat serves, checked as kube-apiserver checks it,
// with Kubernetes' own messages and full field paths, all errors reported.
//
// Rows start from a valid fixture of the kind, run it through withDefaults() (validation's contract,
// as in Kubernetes), then apply edits: {"path": value}, where a path is dotted with [index] and [key]
// parts ("spec.containers[0].image", "data[tls.crt]") and a null value removes the field.
#include "api/defaults.h"
#include "api/validation.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tugboat::api;

namespace {

QJsonObject parse(const QString &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad fixture JSON: %s in %s", qPrintable(error.errorString()), qPrintable(json));
    return doc.object();
}

struct Segment {
    bool isIndex = false;
    qsizetype index = 0;
    QString key;
};

QList<Segment> segments(const QString &path)
{
    QList<Segment> out;
    qsizetype i = 0;
    while (i < path.size()) {
        if (path.at(i) == QLatin1Char('.')) {
            ++i;
        } else if (path.at(i) == QLatin1Char('[')) {
            const qsizetype close = path.indexOf(QLatin1Char(']'), i);
            const QString inner = path.mid(i + 1, close - i - 1);
            bool isIndex = false;
            const int index = inner.toInt(&isIndex);
            out << (isIndex ? Segment{true, index, {}} : Segment{false, 0, inner});
            i = close + 1;
        } else {
            qsizetype end = i;
            while (end < path.size() && path.at(end) != QLatin1Char('.') && path.at(end) != QLatin1Char('['))
                ++end;
            out << Segment{false, 0, path.mid(i, end - i)};
            i = end;
        }
    }
    return out;
}

// Sets (or, for Undefined, removes) the value at path, creating parents as needed.
QJsonValue setIn(const QJsonValue &node, const QList<Segment> &segs, qsizetype pos, const QJsonValue &value)
{
    if (pos == segs.size())
        return value;
    const Segment &s = segs.at(pos);
    if (s.isIndex) {
        QJsonArray a = node.toArray();
        while (a.size() <= s.index)
            a.append(QJsonObject());
        const QJsonValue child = setIn(a.at(s.index), segs, pos + 1, value);
        if (child.isUndefined())
            a.removeAt(s.index);
        else
            a[s.index] = child;
        return a;
    }
    QJsonObject o = node.toObject();
    const QJsonValue child = setIn(o.value(s.key), segs, pos + 1, value);
    if (child.isUndefined())
        o.remove(s.key);
    else
        o.insert(s.key, child);
    return o;
}

QJsonObject edited(QJsonObject json, const QString &edits)
{
    if (edits.isEmpty())
        return json;
    const QJsonObject e = parse(edits);
    for (auto it = e.begin(); it != e.end(); ++it) {
        const QJsonValue v = it.value().isNull() ? QJsonValue(QJsonValue::Undefined) : it.value();
        json = setIn(json, segments(it.key()), 0, v).toObject();
    }
    return json;
}

const QHash<QString, QString> &fixtures()
{
    static const QHash<QString, QString> f{
        {QStringLiteral("pod"), QStringLiteral(R"({"apiVersion":"v1","kind":"Pod",
          "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
          "spec":{"containers":[{"name":"app","image":"nginx:1.25","ports":[{"name":"http","containerPort":80}],
            "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
            "volumes":[{"name":"data","emptyDir":{}}]}})")},
        {QStringLiteral("deployment"), QStringLiteral(R"({"apiVersion":"apps/v1","kind":"Deployment",
          "metadata":{"name":"web","namespace":"default"},
          "spec":{"selector":{"matchLabels":{"app":"web"}},
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}}})")},
        {QStringLiteral("replicaset"), QStringLiteral(R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
          "metadata":{"name":"web-5d8f","namespace":"default"},
          "spec":{"selector":{"matchLabels":{"app":"web"}},
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}}})")},
        {QStringLiteral("service"), QStringLiteral(R"({"apiVersion":"v1","kind":"Service",
          "metadata":{"name":"web","namespace":"default"},
          "spec":{"selector":{"app":"web"},"clusterIP":"127.64.0.10","ports":[{"name":"http","port":80,"targetPort":"http"}]}})")},
        {QStringLiteral("endpoints"), QStringLiteral(R"({"apiVersion":"v1","kind":"Endpoints",
          "metadata":{"name":"web","namespace":"default"},
          "subsets":[{"addresses":[{"ip":"10.42.0.5","nodeName":"node-1"}],"ports":[{"name":"http","port":80}]}]})")},
        {QStringLiteral("endpointslice"), QStringLiteral(R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
          "metadata":{"name":"web-abcde","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
          "addressType":"IPv4","endpoints":[{"addresses":["10.42.0.5"],"conditions":{"ready":true},"nodeName":"node-1"}],
          "ports":[{"name":"http","port":80}]})")},
        {QStringLiteral("configmap"), QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap",
          "metadata":{"name":"cfg","namespace":"default"},"data":{"app.conf":"debug=true"},"binaryData":{"logo.png":"iVBORw0K"}})")},
        {QStringLiteral("secret"), QStringLiteral(R"({"apiVersion":"v1","kind":"Secret",
          "metadata":{"name":"creds","namespace":"default"},"data":{"password":"c2VjcmV0"},"stringData":{"username":"admin"}})")},
        {QStringLiteral("namespace"),
         QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}})")},
        {QStringLiteral("node"), QStringLiteral(R"({"apiVersion":"v1","kind":"Node",
          "metadata":{"name":"node-1","labels":{"kubernetes.io/hostname":"node-1"}},
          "spec":{"podCIDR":"10.42.1.0/24","podCIDRs":["10.42.1.0/24"],"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]},
          "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"}}})")},
        {QStringLiteral("event"), QStringLiteral(R"({"apiVersion":"v1","kind":"Event",
          "metadata":{"name":"web.17a","namespace":"default"},
          "involvedObject":{"kind":"Pod","name":"web","namespace":"default"},
          "reason":"Started","message":"Started container app","type":"Normal","source":{"component":"kubelet"}})")},
        {QStringLiteral("lease"), QStringLiteral(R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
          "metadata":{"name":"node-1","namespace":"kube-node-lease"},
          "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":"2024-01-01T00:00:00.000000Z"}})")},
    };
    return f;
}

Object build(const QString &fixture, const QString &edits)
{
    if (!fixtures().contains(fixture))
        qFatal("no fixture %s", qPrintable(fixture));
    return Object(edited(withDefaults(Object(parse(fixtures().value(fixture)))).json(), edits));
}

QStringList strings(const FieldErrors &errors)
{
    QStringList out;
    for (const FieldError &e : errors)
        out << e.toString();
    return out;
}

// Kubernetes' messages, as the syntax checks word them.
const QString kSubdomain = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
const QString kLabel = QStringLiteral(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
    "and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
const QString k1035 = QStringLiteral(
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
const QString kNamePart =
    QStringLiteral("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                   "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                   "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
const QString kLabelValue = QStringLiteral(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
const QString kIp = QStringLiteral("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
const QString kConfigKey =
    QStringLiteral("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                   "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
const QString kPortRange = QStringLiteral("must be between 1 and 65535, inclusive");
const QString kNonNegative = QStringLiteral("must be greater than or equal to 0");
const QString kNotForInit = QStringLiteral("may not be set for init containers without restartPolicy=Always");
const QString kPodUpdate =
    QStringLiteral("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                   "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
                   "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                   "previously negative)\n");

void row(const char *name, const char *fixture, const char *edits, const QStringList &expected)
{
    QTest::newRow(name) << QString::fromLatin1(fixture) << QString::fromUtf8(edits) << expected;
}

} // namespace

class TestValidation : public QObject {
    Q_OBJECT

private slots:
    void validObjectPasses_data();
    void validObjectPasses();
    void metadataErrors_data();
    void metadataErrors();
    void podErrors_data();
    void podErrors();
    void workloadErrors_data();
    void workloadErrors();
    void serviceErrors_data();
    void serviceErrors();
    void coreKindErrors_data();
    void coreKindErrors();
    void updateErrors_data();
    void updateErrors();

    void allErrorsAreReported();
    void undefaultedPodReportsWhatDefaultingSets();
    void annotationsOver256KiBAreTooLong();
    void dataOver1MiBIsTooLong();
    void unknownKindIsRejected();
    void checkValidNamesTheObjectAsKubectlPrintsIt();
    void intOrPercentScalesAsKubernetesRounds_data();
    void intOrPercentScalesAsKubernetesRounds();
    void addressSyntax_data();
    void addressSyntax();
    void goStringMapPrintsLikeGo();
};

// ---- Valid objects ---------------------------------------------------------------------------------

void TestValidation::validObjectPasses_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");
    for (auto it = fixtures().begin(); it != fixtures().end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << QString() << QStringList();
    row("generateName instead of name", "pod", R"({"metadata.name":null,"metadata.generateName":"web-"})", {});
    row("qualified label key and finalizer", "configmap",
        R"({"metadata.labels[example.com/tier]":"db","metadata.finalizers":["kubernetes","example.com/cleanup"]})", {});
    row("annotation keys in any case", "configmap", R"({"metadata.annotations[Example.com/Owner]":"Team A"})", {});
    row("one controller owner", "pod",
        R"({"metadata.ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-5d8f","uid":"u1","controller":true},
          {"apiVersion":"v1","kind":"ConfigMap","name":"cfg","uid":"u2"}]})",
        {});
    row("sidecar init container may have probes", "pod",
        R"({"spec.initContainers":[{"name":"proxy","image":"envoy:1","restartPolicy":"Always","imagePullPolicy":"IfNotPresent",
          "terminationMessagePolicy":"File","readinessProbe":{"tcpSocket":{"port":15000},"timeoutSeconds":1,"periodSeconds":10,
          "successThreshold":1,"failureThreshold":3}}]})",
        {});
    row("env names may hold any printable character but =", "pod",
        R"({"spec.containers[0].env":[{"name":"1 odd.name-ok"},{"name":"POD","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels['app']"}}}]})",
        {});
    row("requests equal to limits", "pod",
        R"({"spec.containers[0].resources":{"limits":{"cpu":"1","memory":"1Gi","example.com/gpu":"2"},"requests":{"cpu":"500m","memory":"1Gi","example.com/gpu":"2"}}})",
        {});
    row("quantities as numbers", "pod", R"({"spec.containers[0].resources":{"limits":{"cpu":2,"memory":134217728}}})",
        {});
    row("tolerate everything", "pod", R"({"spec.tolerations":[{"operator":"Exists"}]})", {});
    row("host network with matching ports", "pod",
        R"({"spec.hostNetwork":true,"spec.containers[0].ports[0].hostPort":80})", {});
    row("node affinity", "pod",
        R"({"spec.affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
          {"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}],"matchFields":[{"key":"metadata.name","operator":"In","values":["node-1"]}]}]}}}})",
        {});
    row("Recreate deployment", "deployment", R"({"spec.strategy":{"type":"Recreate"}})", {});
    row("maxSurge 0 with maxUnavailable 1", "deployment",
        R"({"spec.strategy.rollingUpdate":{"maxSurge":0,"maxUnavailable":1}})", {});
    row("set-based selector", "deployment",
        R"({"spec.selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}})", {});
    row("headless service without ports", "service",
        R"({"spec.clusterIP":"None","spec.clusterIPs":["None"],"spec.ports":null})", {});
    row("dual-stack cluster IPs", "service",
        R"({"spec.clusterIPs":["127.64.0.10","fd00::a"],"spec.ipFamilies":["IPv4","IPv6"],"spec.ipFamilyPolicy":"PreferDualStack"})",
        {});
    row("NodePort in range", "service",
        R"({"spec.type":"NodePort","spec.externalTrafficPolicy":"Cluster","spec.ports[0].nodePort":30080})", {});
    row("ExternalName", "service",
        R"({"spec.type":"ExternalName","spec.externalName":"db.example.com.","spec.clusterIP":null,"spec.clusterIPs":null,
          "spec.internalTrafficPolicy":null,"spec.ports":null})",
        {});
    row("loopback endpoints (Tugboat without root)", "endpoints", R"({"subsets[0].addresses[0].ip":"127.0.0.1"})", {});
    row("IPv6 endpoints", "endpoints", R"({"subsets[0].addresses[0].ip":"fd00::5"})", {});
    row("FQDN endpoint slice", "endpointslice",
        R"({"addressType":"FQDN","endpoints[0].addresses[0]":"db.example.com"})", {});
    row("TLS secret from stringData", "secret",
        R"({"type":"kubernetes.io/tls","stringData":{"tls.crt":"CERT","tls.key":"KEY"}})", {});
    row("docker config secret", "secret",
        R"({"type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"eyJhdXRocyI6e319"}})", {});
    row("dual-stack node", "node", R"({"spec.podCIDRs":["10.42.1.0/24","fd00:42:1::/64"]})", {});
    row("events.k8s.io-shaped event", "event",
        R"({"eventTime":"2024-01-01T00:00:00.000000Z","reportingComponent":"tugboat.dev/kubelet","reportingInstance":"node-1","action":"Started"})",
        {});
    row("cluster-scoped event object in default", "event", R"({"involvedObject.namespace":null})", {});
}

void TestValidation::validObjectPasses()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QCOMPARE(strings(validateObject(build(fixture, edits))), QStringList());
}

// ---- ObjectMeta ------------------------------------------------------------------------------------

void TestValidation::metadataErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");

    row("name required", "configmap", R"({"metadata.name":null})",
        {QStringLiteral("metadata.name: Required value: name or generateName is required")});
    row("name is a DNS subdomain", "configmap", R"({"metadata.name":"Web_1"})",
        {QStringLiteral("metadata.name: Invalid value: \"Web_1\": ") + kSubdomain});
    const QString longName(260, QLatin1Char('a'));
    QTest::newRow("name too long")
        << QStringLiteral("configmap") << QStringLiteral(R"({"metadata.name":"%1"})").arg(longName)
        << QStringList{QStringLiteral("metadata.name: Invalid value: \"%1\": must be no more than 253 characters")
                           .arg(longName)};
    row("generateName validated with its dash", "configmap", R"({"metadata.name":null,"metadata.generateName":"Web-"})",
        {QStringLiteral("metadata.generateName: Invalid value: \"Web-\": ") + kSubdomain});
    row("namespace required", "configmap", R"({"metadata.namespace":null})",
        {QStringLiteral("metadata.namespace: Required value")});
    row("namespace is a DNS label", "configmap", R"({"metadata.namespace":"Team_A"})",
        {QStringLiteral("metadata.namespace: Invalid value: \"Team_A\": ") + kLabel});
    row("cluster-scoped kind has no namespace", "namespace", R"({"metadata.namespace":"default"})",
        {QStringLiteral("metadata.namespace: Forbidden: not allowed on this type")});
    row("generation not negative", "configmap", R"({"metadata.generation":-1})",
        {QStringLiteral("metadata.generation: Invalid value: -1: ") + kNonNegative});
    row("label key and value", "configmap", R"({"metadata.labels":{"bad key":"ok","app":"not ok!"}})",
        {QStringLiteral("metadata.labels: Invalid value: \"not ok!\": ") + kLabelValue,
         QStringLiteral("metadata.labels: Invalid value: \"bad key\": ") + kNamePart});
    row("label key prefix", "configmap", R"({"metadata.labels[Example.com/app]":"web"})",
        {QStringLiteral("metadata.labels: Invalid value: \"Example.com/app\": prefix part ") + kSubdomain});
    row("annotation key", "configmap", R"({"metadata.annotations[-bad]":"x"})",
        {QStringLiteral("metadata.annotations: Invalid value: \"-bad\": ") + kNamePart});
    row("owner reference fields", "configmap",
        R"({"metadata.ownerReferences":[{"apiVersion":"","kind":"","name":"","uid":""}]})",
        {QStringLiteral("metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty"),
         QStringLiteral("metadata.ownerReferences.kind: Invalid value: \"\": must not be empty"),
         QStringLiteral("metadata.ownerReferences.name: Invalid value: \"\": must not be empty"),
         QStringLiteral("metadata.ownerReferences.uid: Invalid value: \"\": must not be empty")});
    row("one controller only", "configmap",
        R"({"metadata.ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},
          {"apiVersion":"apps/v1","kind":"Deployment","name":"b","uid":"2","controller":true}]})",
        {QStringLiteral("metadata.ownerReferences: Invalid value: "
                        "[{\"apiVersion\":\"apps/"
                        "v1\",\"controller\":true,\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":\"1\"},"
                        "{\"apiVersion\":\"apps/"
                        "v1\",\"controller\":true,\"kind\":\"Deployment\",\"name\":\"b\",\"uid\":\"2\"}]: "
                        "Only one reference can have Controller set to true. Found \"true\" in references for "
                        "ReplicaSet/a and Deployment/b")});
    row("finalizer not qualified", "configmap", R"({"metadata.finalizers":["cleanup"]})",
        {QStringLiteral("metadata.finalizers[0]: Invalid value: \"cleanup\": name is neither a standard finalizer "
                        "name nor is it fully qualified")});
    row("conflicting finalizers", "configmap", R"({"metadata.finalizers":["orphan","foregroundDeletion"]})",
        {QStringLiteral("metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: finalizer orphan "
                        "and foregroundDeletion cannot be both set")});
    row("Service names are DNS-1035 labels", "service", R"({"metadata.name":"1web"})",
        {QStringLiteral("metadata.name: Invalid value: \"1web\": ") + k1035});
    row("Namespace names are DNS labels", "namespace", R"({"metadata.name":"team.a"})",
        {QStringLiteral("metadata.name: Invalid value: \"team.a\": must not contain dots")});
    row("labels of the wrong type", "configmap", R"({"metadata.labels":["app"]})",
        {QStringLiteral("metadata.labels: Invalid value: [\"app\"]: must be an object")});
}

void TestValidation::metadataErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateObject(build(fixture, edits))), expected);
}

// ---- Pods ------------------------------------------------------------------------------------------

void TestValidation::podErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");
    const QString c0 = QStringLiteral("spec.containers[0].");

    row("containers required", "pod", R"({"spec.containers":[]})", {QStringLiteral("spec.containers: Required value")});
    row("containers of the wrong type", "pod", R"({"spec.containers":"app"})",
        {QStringLiteral("spec.containers: Invalid value: \"app\": must be a list"),
         QStringLiteral("spec.containers: Required value")});
    row("image required", "pod", R"({"spec.containers[0].image":null})",
        {c0 + QStringLiteral("image: Required value")});
    row("image whitespace (pods only)", "pod", R"({"spec.containers[0].image":" nginx"})",
        {c0 + QStringLiteral("image: Invalid value: \" nginx\": must not have leading or trailing whitespace")});
    row("container name required", "pod", R"({"spec.containers[0].name":null})",
        {c0 + QStringLiteral("name: Required value")});
    row("container name is a DNS label", "pod", R"({"spec.containers[0].name":"Web_App"})",
        {c0 + QStringLiteral("name: Invalid value: \"Web_App\": ") + kLabel});
    row("container names unique", "pod",
        R"({"spec.containers[1]":{"name":"app","image":"x","imagePullPolicy":"Always","terminationMessagePolicy":"File"}})",
        {QStringLiteral("spec.containers[1].name: Duplicate value: \"app\"")});
    row("container names unique across init containers", "pod",
        R"({"spec.initContainers":[{"name":"app","image":"x","imagePullPolicy":"Always","terminationMessagePolicy":"File"}]})",
        {QStringLiteral("spec.initContainers[0].name: Duplicate value: \"app\"")});
    row("container port required", "pod", R"({"spec.containers[0].ports[0].containerPort":null})",
        {c0 + QStringLiteral("ports[0].containerPort: Required value")});
    row("port range", "pod",
        R"({"spec.containers[0].ports[0].containerPort":70000,"spec.containers[0].ports[0].hostPort":-1})",
        {c0 + QStringLiteral("ports[0].containerPort: Invalid value: 70000: ") + kPortRange,
         c0 + QStringLiteral("ports[0].hostPort: Invalid value: -1: ") + kPortRange});
    row("port protocol", "pod", R"({"spec.containers[0].ports[0].protocol":"HTTP"})",
        {c0 + QStringLiteral("ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", "
                             "\"TCP\", \"UDP\"")});
    row("port protocol required", "pod", R"({"spec.containers[0].ports[0].protocol":null})",
        {c0 + QStringLiteral("ports[0].protocol: Required value")});
    row("port names unique", "pod",
        R"({"spec.containers[0].ports[1]":{"name":"http","containerPort":81,"protocol":"TCP"}})",
        {c0 + QStringLiteral("ports[1].name: Duplicate value: \"http\"")});
    row("port name syntax", "pod", R"({"spec.containers[0].ports[0].name":"http_1"})",
        {c0 + QStringLiteral("ports[0].name: Invalid value: \"http_1\": must contain only alpha-numeric characters "
                             "(a-z, 0-9), and hyphens (-)")});
    row("env name required", "pod", R"({"spec.containers[0].env":[{"value":"x"}]})",
        {c0 + QStringLiteral("env[0].name: Required value")});
    row("env name without =", "pod", R"({"spec.containers[0].env":[{"name":"A=B"}]})",
        {c0 + QStringLiteral("env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist "
                             "only of printable ASCII characters other than '='")});
    row("env valueFrom needs a source", "pod", R"({"spec.containers[0].env":[{"name":"A","valueFrom":{}}]})",
        {c0 + QStringLiteral("env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, "
                             "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")});
    row("env value and valueFrom", "pod",
        R"({"spec.containers[0].env":[{"name":"A","value":"x","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]})",
        {c0 + QStringLiteral("env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty")});
    row("env fieldRef path", "pod",
        R"({"spec.containers[0].env":[{"name":"A","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.hostname"}}}]})",
        {c0 +
         QStringLiteral("env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.hostname\": supported values: "
                        "\"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", "
                        "\"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", "
                        "\"status.podIPs\"")});
    row("env configMapKeyRef key", "pod",
        R"({"spec.containers[0].env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"a b"}}}]})",
        {c0 + QStringLiteral("env[0].valueFrom.configMapKeyRef.key: Invalid value: \"a b\": ") + kConfigKey});
    row("requests above limits", "pod",
        R"({"spec.containers[0].resources":{"limits":{"cpu":"1","memory":"128Mi"},"requests":{"cpu":"2","memory":"256Mi"}}})",
        {c0 + QStringLiteral("resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"),
         c0 + QStringLiteral("resources.requests: Invalid value: \"256Mi\": must be less than or equal to "
                             "memory limit of 128Mi")});
    row("negative and malformed quantities", "pod",
        R"({"spec.containers[0].resources":{"limits":{"cpu":"-1"},"requests":{"memory":"lots"}}})",
        {c0 + QStringLiteral("resources.limits[cpu]: Invalid value: \"-1\": ") + kNonNegative,
         c0 + QStringLiteral("resources.requests[memory]: Invalid value: \"lots\": quantities must match the regular "
                             "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")});
    row("resource names", "pod", R"({"spec.containers[0].resources":{"limits":{"gpu":"1","pods":"1"}}})",
        {c0 + QStringLiteral("resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource "
                             "type or fully qualified"),
         c0 + QStringLiteral(
                  "resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"),
         c0 + QStringLiteral("resources.limits[pods]: Invalid value: \"pods\": must be a standard resource "
                             "for containers")});
    row("extended resources are whole and not overcommitted", "pod",
        R"({"spec.containers[0].resources":{"limits":{"example.com/gpu":"2"},"requests":{"example.com/gpu":"1","example.com/fpga":"500m"}}})",
        {c0 + QStringLiteral("resources.requests[example.com/fpga]: Invalid value: \"500m\": must be an integer"),
         c0 + QStringLiteral("resources.limits: Required value: Limit must be set for non overcommitable resources"),
         c0 + QStringLiteral("resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2")});
    row("probe needs a handler", "pod",
        R"({"spec.containers[0].livenessProbe":{"periodSeconds":10,"successThreshold":1}})",
        {c0 + QStringLiteral("livenessProbe: Required value: must specify a handler type")});
    row("probe with two handlers", "pod",
        R"({"spec.containers[0].readinessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}}})",
        {c0 + QStringLiteral("readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type")});
    row("probe numbers", "pod",
        R"({"spec.containers[0].livenessProbe":{"httpGet":{"path":"/","port":"http","scheme":"FTP"},"periodSeconds":-1,"successThreshold":2}})",
        {c0 + QStringLiteral("livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: "
                             "\"HTTP\", \"HTTPS\""),
         c0 + QStringLiteral("livenessProbe.periodSeconds: Invalid value: -1: ") + kNonNegative,
         c0 + QStringLiteral("livenessProbe.successThreshold: Invalid value: 2: must be 1")});
    row("probe port", "pod", R"({"spec.containers[0].startupProbe":{"tcpSocket":{"port":0},"successThreshold":1}})",
        {c0 + QStringLiteral("startupProbe.tcpSocket.port: Invalid value: 0: ") + kPortRange});
    row("exec needs a command", "pod", R"({"spec.containers[0].lifecycle":{"preStop":{"exec":{}}}})",
        {c0 + QStringLiteral("lifecycle.preStop.exec.command: Required value")});
    row("readiness probe has no grace period", "pod",
        R"({"spec.containers[0].readinessProbe":{"exec":{"command":["x"]},"terminationGracePeriodSeconds":5}})",
        {c0 + QStringLiteral("readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be "
                             "set for readinessProbes")});
    row("plain init containers have no probes", "pod",
        R"({"spec.initContainers":[{"name":"init","image":"x","imagePullPolicy":"Always","terminationMessagePolicy":"File",
          "livenessProbe":{"exec":{"command":["x"]}},"lifecycle":{}}]})",
        {QStringLiteral("spec.initContainers[0].lifecycle: Forbidden: ") + kNotForInit,
         QStringLiteral("spec.initContainers[0].livenessProbe: Forbidden: ") + kNotForInit});
    row("container restartPolicy", "pod",
        R"({"spec.containers[0].restartPolicy":"Always","spec.initContainers":[{"name":"init","image":"x",
          "imagePullPolicy":"Always","terminationMessagePolicy":"File","restartPolicy":"Never"}]})",
        {c0 + QStringLiteral("restartPolicy: Forbidden: may not be set for non-init containers"),
         QStringLiteral("spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported "
                        "values: \"Always\"")});
    row("pull and message policies", "pod",
        R"({"spec.containers[0].imagePullPolicy":"Sometimes","spec.containers[0].terminationMessagePolicy":"Log"})",
        {c0 + QStringLiteral("terminationMessagePolicy: Invalid value: \"Log\": must be 'File' or "
                             "'FallbackToLogsOnError'"),
         c0 + QStringLiteral("imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
                             "\"IfNotPresent\", \"Never\"")});
    row("restartPolicy", "pod", R"({"spec.restartPolicy":"Sometimes"})",
        {QStringLiteral("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
                        "\"OnFailure\", \"Never\"")});
    row("dnsPolicy", "pod", R"({"spec.dnsPolicy":"Google"})",
        {QStringLiteral("spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", "
                        "\"ClusterFirst\", \"Default\", \"None\"")});
    row("dnsPolicy None needs dnsConfig", "pod", R"({"spec.dnsPolicy":"None"})",
        {QStringLiteral("spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None")});
    row("volume needs a source", "pod", R"({"spec.volumes[0].emptyDir":null})",
        {QStringLiteral("spec.volumes[0]: Required value: must specify a volume type"),
         c0 + QStringLiteral("volumeMounts[0].name: Not found: \"data\"")});
    row("volume with two sources", "pod", R"({"spec.volumes[0].hostPath":{"path":"/tmp"}})",
        {QStringLiteral("spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"),
         c0 + QStringLiteral("volumeMounts[0].name: Not found: \"data\"")});
    row("volume names", "pod",
        R"({"spec.volumes[1]":{"name":"data","emptyDir":{}},"spec.volumes[2]":{"name":"Cache","emptyDir":{}}})",
        {QStringLiteral("spec.volumes[1].name: Duplicate value: \"data\""),
         QStringLiteral("spec.volumes[2].name: Invalid value: \"Cache\": ") + kLabel});
    row("volume source fields", "pod",
        R"({"spec.volumes[1]":{"name":"s","secret":{"defaultMode":1000}},"spec.volumes[2]":{"name":"c","configMap":{"name":""}}})",
        {QStringLiteral("spec.volumes[1].secret.secretName: Required value"),
         QStringLiteral("spec.volumes[1].secret.defaultMode: Invalid value: 1000: must be a number between 0 "
                        "and 0777 (octal), both inclusive"),
         QStringLiteral("spec.volumes[2].configMap.name: Required value")});
    row("volume mounts", "pod",
        R"({"spec.containers[0].volumeMounts[1]":{"name":"cache","mountPath":"/data"},"spec.containers[0].volumeMounts[2]":{"name":"data","mountPath":"/x","subPath":"../etc"}})",
        {c0 + QStringLiteral("volumeMounts[1].name: Not found: \"cache\""),
         c0 + QStringLiteral("volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"),
         c0 + QStringLiteral("volumeMounts[2].subPath: Invalid value: \"../etc\": must not contain '..'")});
    row("nodeSelector labels", "pod", R"({"spec.nodeSelector":{"disk":"ssd drive"}})",
        {QStringLiteral("spec.nodeSelector: Invalid value: \"ssd drive\": ") + kLabelValue});
    row("tolerations", "pod",
        R"({"spec.tolerations":[{"operator":"Equal","value":"x"},{"key":"k","operator":"Exists","value":"v"},
          {"key":"k","effect":"NoSchedule","tolerationSeconds":30},{"key":"k","operator":"Maybe","effect":"Never"}]})",
        {QStringLiteral("spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is "
                        "empty, which means \"match all values and all keys\""),
         QStringLiteral("spec.tolerations[1].operator: Invalid value: "
                        "{\"key\":\"k\",\"operator\":\"Exists\",\"value\":\"v\"}: "
                        "value must be empty when `operator` is 'Exists'"),
         QStringLiteral("spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when "
                        "`tolerationSeconds` is set"),
         QStringLiteral("spec.tolerations[3].operator: Unsupported value: \"Maybe\": supported values: "
                        "\"Equal\", \"Exists\""),
         QStringLiteral("spec.tolerations[3].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", "
                        "\"PreferNoSchedule\", \"NoExecute\"")});
    row("names of other objects", "pod",
        R"({"spec.nodeName":"Node_1","spec.serviceAccountName":"sa!","spec.hostname":"web.1"})",
        {QStringLiteral("spec.serviceAccountName: Invalid value: \"sa!\": ") + kSubdomain,
         QStringLiteral("spec.nodeName: Invalid value: \"Node_1\": ") + kSubdomain,
         QStringLiteral("spec.hostname: Invalid value: \"web.1\": must not contain dots")});
    row("activeDeadlineSeconds", "pod", R"({"spec.activeDeadlineSeconds":0})",
        {QStringLiteral("spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive")});
    row("host network ports", "pod", R"({"spec.hostNetwork":true,"spec.containers[0].ports[0].hostPort":8080})",
        {c0 + QStringLiteral(
                  "ports[0].containerPort: Invalid value: 80: must match `hostPort` when `hostNetwork` is true")});
    row("host port conflict", "pod",
        R"({"spec.containers[0].ports[0].hostPort":8080,"spec.containers[1]":{"name":"b","image":"x","imagePullPolicy":"Always",
          "terminationMessagePolicy":"File","ports":[{"containerPort":81,"hostPort":8080,"protocol":"TCP"}]}})",
        {QStringLiteral("spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\"")});
    row("node affinity", "pod",
        R"({"spec.affinity.nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
          {"matchExpressions":[{"key":"disk","operator":"Near"},{"key":"zone","operator":"In"}],
           "matchFields":[{"key":"metadata.labels","operator":"In","values":["a"]}]}]},
          "preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"preference":{}}]}})",
        {QStringLiteral(
             "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]."
             "matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator"),
         QStringLiteral(
             "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]."
             "matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or "
             "'NotIn'"),
         QStringLiteral(
             "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]."
             "matchFields[0].key: Invalid value: \"metadata.labels\": not a valid field selector key"),
         QStringLiteral("spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid "
                        "value: 0: must be in the range 1-100")});
}

void TestValidation::podErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateObject(build(fixture, edits))), expected);
}

// ---- ReplicaSets and Deployments ---------------------------------------------------------------------

void TestValidation::workloadErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");
    const QString mismatch = QStringLiteral(": `selector` does not match template `labels`");

    row("replicas not negative", "deployment", R"({"spec.replicas":-1})",
        {QStringLiteral("spec.replicas: Invalid value: -1: ") + kNonNegative});
    row("replicas of the wrong type", "deployment", R"({"spec.replicas":"three"})",
        {QStringLiteral("spec.replicas: Invalid value: \"three\": must be an integer")});
    row("selector required (and then matches nothing)", "deployment", R"({"spec.selector":null})",
        {QStringLiteral("spec.selector: Required value"),
         QStringLiteral("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}") +
             mismatch});
    row("empty selector", "deployment", R"({"spec.selector":{}})",
        {QStringLiteral("spec.selector: Invalid value: {}: empty selector is invalid for deployment")});
    row("selector must match template labels", "deployment",
        R"({"spec.template.metadata.labels":{"app":"api","tier":"be"}})",
        {QStringLiteral("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\", "
                        "\"tier\":\"be\"}") +
         mismatch});
    row("template without labels", "deployment", R"({"spec.template.metadata":null})",
        {QStringLiteral("spec.template.metadata.labels: Invalid value: map[string]string(nil)") + mismatch});
    row("invalid selector skips the template", "deployment",
        R"({"spec.selector":{"matchExpressions":[{"key":"app","operator":"Near"}]},"spec.template.spec.containers":[]})",
        {QStringLiteral("spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid "
                        "selector operator"),
         QStringLiteral("spec.selector: Invalid value: "
                        "{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Near\"}]}: "
                        "invalid label selector")});
    row("template errors carry the full path", "deployment", R"({"spec.template.spec.containers[0].image":null})",
        {QStringLiteral("spec.template.spec.containers[0].image: Required value")});
    row("template labels path is Kubernetes' own", "deployment",
        R"({"spec.template.metadata.labels[bad key]":"x","spec.selector.matchLabels[bad key]":null})",
        {QStringLiteral("spec.template.labels: Invalid value: \"bad key\": ") + kNamePart});
    row("template restartPolicy must be Always", "deployment", R"({"spec.template.spec.restartPolicy":"OnFailure"})",
        {QStringLiteral("spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported "
                        "values: \"Always\"")});
    row("template activeDeadlineSeconds", "deployment", R"({"spec.template.spec.activeDeadlineSeconds":30})",
        {QStringLiteral("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in "
                        "ReplicaSet is not Supported")});
    row("strategy type", "deployment", R"({"spec.strategy":{"type":"BlueGreen"}})",
        {QStringLiteral("spec.strategy: Unsupported value: {\"type\":\"BlueGreen\"}: supported values: "
                        "\"Recreate\", \"RollingUpdate\"")});
    row("Recreate has no rollingUpdate", "deployment", R"({"spec.strategy.type":"Recreate"})",
        {QStringLiteral("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` "
                        "is 'Recreate'")});
    row("RollingUpdate needs rollingUpdate", "deployment", R"({"spec.strategy.rollingUpdate":null})",
        {QStringLiteral("spec.strategy.rollingUpdate: Required value: this should be defaulted and never be nil")});
    row("maxSurge and maxUnavailable not both zero", "deployment",
        R"({"spec.strategy.rollingUpdate":{"maxSurge":"0%","maxUnavailable":0}})",
        {QStringLiteral("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when "
                        "`maxSurge` is 0")});
    row("int-or-percent syntax", "deployment",
        R"({"spec.strategy.rollingUpdate":{"maxSurge":"five","maxUnavailable":-1}})",
        {QStringLiteral("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: ") + kNonNegative,
         QStringLiteral("spec.strategy.rollingUpdate.maxSurge: Invalid value: \"five\": a valid percent string must be "
                        "a "
                        "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is "
                        "'[0-9]+%')")});
    row("maxUnavailable at most 100%", "deployment", R"({"spec.strategy.rollingUpdate.maxUnavailable":"150%"})",
        {QStringLiteral("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be "
                        "greater than 100%")});
    row("minReadySeconds and revisionHistoryLimit", "deployment",
        R"({"spec.minReadySeconds":-5,"spec.revisionHistoryLimit":-1})",
        {QStringLiteral("spec.minReadySeconds: Invalid value: -5: ") + kNonNegative,
         QStringLiteral("spec.revisionHistoryLimit: Invalid value: -1: ") + kNonNegative});
    row("progressDeadlineSeconds beyond minReadySeconds", "deployment",
        R"({"spec.minReadySeconds":600,"spec.progressDeadlineSeconds":600})",
        {QStringLiteral("spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds")});
    row("replicaset replicas and minReadySeconds", "replicaset", R"({"spec.replicas":-2,"spec.minReadySeconds":-1})",
        {QStringLiteral("spec.replicas: Invalid value: -2: ") + kNonNegative,
         QStringLiteral("spec.minReadySeconds: Invalid value: -1: ") + kNonNegative});
    row("replicaset empty selector (Kubernetes says deployment)", "replicaset",
        R"({"spec.selector":{"matchLabels":{}}})",
        {QStringLiteral(
            "spec.selector: Invalid value: {\"matchLabels\":{}}: empty selector is invalid for deployment")});
    row("replicaset selector mismatch", "replicaset", R"({"spec.selector.matchLabels.app":"api"})",
        {QStringLiteral("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}") +
         mismatch});
}

void TestValidation::workloadErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateObject(build(fixture, edits))), expected);
}

// ---- Services and endpoints ---------------------------------------------------------------------------

void TestValidation::serviceErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");

    row("ports required", "service", R"({"spec.ports":[]})", {QStringLiteral("spec.ports: Required value")});
    row("port fields", "service", R"({"spec.ports[0]":{"name":"Http","port":0,"protocol":"HTTP","targetPort":"HTTP"}})",
        {QStringLiteral("spec.ports[0].name: Invalid value: \"Http\": ") + kLabel,
         QStringLiteral("spec.ports[0].port: Invalid value: 0: ") + kPortRange,
         QStringLiteral("spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", "
                        "\"TCP\", \"UDP\""),
         QStringLiteral("spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters "
                        "(a-z, 0-9), and hyphens (-)"),
         QStringLiteral("spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)")});
    row("several ports need names", "service",
        R"({"spec.ports[0].name":null,"spec.ports[1]":{"port":443,"protocol":"TCP","targetPort":8443}})",
        {QStringLiteral("spec.ports[0].name: Required value"), QStringLiteral("spec.ports[1].name: Required value")});
    row("duplicate ports", "service", R"({"spec.ports[1]":{"name":"http","port":80,"protocol":"TCP","targetPort":80}})",
        {QStringLiteral("spec.ports[1].name: Duplicate value: \"http\""),
         QStringLiteral("spec.ports[1]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}")});
    row("type", "service", R"({"spec.type":"Internal"})",
        {QStringLiteral(
            "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", "
            "\"LoadBalancer\", \"NodePort\"")});
    row("nodePort on a ClusterIP service", "service", R"({"spec.ports[0].nodePort":30080})",
        {QStringLiteral("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")});
    row("nodePort range", "service",
        R"({"spec.type":"NodePort","spec.externalTrafficPolicy":"Cluster","spec.ports[0].nodePort":8080})",
        {QStringLiteral("spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The "
                        "range of valid ports is 30000-32767")});
    row("duplicate nodePort", "service",
        R"({"spec.type":"NodePort","spec.externalTrafficPolicy":"Cluster","spec.ports[0].nodePort":30080,
          "spec.ports[1]":{"name":"https","port":443,"protocol":"TCP","targetPort":443,"nodePort":30080}})",
        {QStringLiteral("spec.ports[1].nodePort: Duplicate value: 30080")});
    row("headless NodePort", "service",
        R"({"spec.type":"NodePort","spec.externalTrafficPolicy":"Cluster","spec.clusterIP":"None","spec.clusterIPs":["None"]})",
        {QStringLiteral(
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services")});
    row("kubelet port on a load balancer", "service",
        R"({"spec.type":"LoadBalancer","spec.externalTrafficPolicy":"Cluster","spec.allocateLoadBalancerNodePorts":true,"spec.ports[0].port":10250})",
        {QStringLiteral("spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it "
                        "is used by kubelet")});
    row("cluster IP syntax", "service", R"({"spec.clusterIP":"300.1.1.1","spec.clusterIPs":null})",
        {QStringLiteral("spec.clusterIPs[0]: Invalid value: \"300.1.1.1\": ") + kIp});
    row("clusterIP and clusterIPs agree", "service", R"({"spec.clusterIPs":["127.64.0.11"]})",
        {QStringLiteral("spec.clusterIPs: Invalid value: [\"127.64.0.11\"]: first value must match `clusterIP`")});
    row("one cluster IP per family", "service", R"({"spec.clusterIPs":["127.64.0.10","127.64.0.11"]})",
        {QStringLiteral("spec.clusterIPs: Invalid value: [\"127.64.0.10\",\"127.64.0.11\"]: may specify no more than "
                        "one IP for each IP family")});
    row("session affinity", "service", R"({"spec.sessionAffinity":"Sticky"})",
        {QStringLiteral("spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: "
                        "\"ClientIP\", \"None\"")});
    row("ClientIP timeout", "service",
        R"({"spec.sessionAffinity":"ClientIP","spec.sessionAffinityConfig":{"clientIP":{"timeoutSeconds":0}}})",
        {QStringLiteral("spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 "
                        "and less than 86400")});
    row("no affinity config without affinity", "service",
        R"({"spec.sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}}})",
        {QStringLiteral("spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None")});
    row("ExternalName fields", "service",
        R"({"spec.type":"ExternalName","spec.internalTrafficPolicy":null,"spec.ports":null})",
        {QStringLiteral("spec.clusterIPs: Forbidden: may not be set for ExternalName services"),
         QStringLiteral("spec.externalName: Required value")});
    row("traffic policies", "service",
        R"({"spec.externalTrafficPolicy":"Local","spec.internalTrafficPolicy":"Nearest"})",
        {QStringLiteral("spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for "
                        "externally-accessible services"),
         QStringLiteral("spec.internalTrafficPolicy: Unsupported value: \"Nearest\": supported values: "
                        "\"Cluster\", \"Local\"")});
    row("LoadBalancer fields on a ClusterIP", "service", R"({"spec.allocateLoadBalancerNodePorts":false})",
        {QStringLiteral("spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is "
                        "'LoadBalancer'")});
    row("selector labels", "service", R"({"spec.selector.app":"web app"})",
        {QStringLiteral("spec.selector: Invalid value: \"web app\": ") + kLabelValue});
    row("endpoints subset needs addresses", "endpoints", R"({"subsets[0].addresses":[]})",
        {QStringLiteral("subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`")});
    row("endpoints addresses", "endpoints",
        R"({"subsets[0].addresses[0].ip":"10.42.0","subsets[0].notReadyAddresses":[{"ip":"0.0.0.0","hostname":"Web"}]})",
        {QStringLiteral("subsets[0].addresses[0].ip: Invalid value: \"10.42.0\": ") + kIp,
         QStringLiteral("subsets[0].notReadyAddresses[0].ip: Invalid value: \"0.0.0.0\": may not be "
                        "unspecified (0.0.0.0)"),
         QStringLiteral("subsets[0].notReadyAddresses[0].hostname: Invalid value: \"Web\": ") + kLabel});
    row("endpoints ports", "endpoints",
        R"({"subsets[0].ports[0].name":null,"subsets[0].ports[1]":{"port":70000,"protocol":"ICMP"}})",
        {QStringLiteral("subsets[0].ports[0].name: Required value"),
         QStringLiteral("subsets[0].ports[1].name: Required value"),
         QStringLiteral("subsets[0].ports[1].port: Invalid value: 70000: ") + kPortRange,
         QStringLiteral("subsets[0].ports[1].protocol: Unsupported value: \"ICMP\": supported values: "
                        "\"SCTP\", \"TCP\", \"UDP\"")});
    row("slice addressType", "endpointslice", R"({"addressType":"IP"})",
        {QStringLiteral("addressType: Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")});
    row("slice addressType required", "endpointslice", R"({"addressType":null})",
        {QStringLiteral("addressType: Required value")});
    row("slice addresses", "endpointslice",
        R"({"endpoints[0].addresses[0]":"fd00::1","endpoints[1]":{"addresses":[]}})",
        {QStringLiteral("endpoints[0].addresses[0]: Invalid value: \"fd00::1\": must be a valid IPv4 address"),
         QStringLiteral("endpoints[1].addresses: Required value: must contain at least 1 address")});
    row("slice FQDN", "endpointslice", R"({"addressType":"FQDN","endpoints[0].addresses[0]":"localhost"})",
        {QStringLiteral("endpoints[0].addresses[0]: Invalid value: \"localhost\": should be a domain with at least two "
                        "segments separated by dots")});
    row("slice ports", "endpointslice",
        R"({"ports[0].protocol":null,"ports[1]":{"name":"http","port":0,"protocol":"TCP"}})",
        {QStringLiteral("ports[0].protocol: Required value"),
         QStringLiteral("ports[1].name: Duplicate value: \"http\""),
         QStringLiteral("ports[1].port: Invalid value: 0: ") + kPortRange});
}

void TestValidation::serviceErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateObject(build(fixture, edits))), expected);
}

// ---- ConfigMap, Secret, Namespace, Node, Event, Lease -----------------------------------------------

void TestValidation::coreKindErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("edits");
    QTest::addColumn<QStringList>("expected");
    const QString redacted = QStringLiteral("Invalid value: \"<secret contents redacted>\": ");

    row("configmap keys", "configmap", R"({"data":{"a b":"x","..":"y"}})",
        {QStringLiteral("data[..]: Invalid value: \"..\": must not be '..'"),
         QStringLiteral("data[a b]: Invalid value: \"a b\": ") + kConfigKey});
    row("configmap key in data and binaryData", "configmap", R"({"data[logo.png]":"text"})",
        {QStringLiteral("data[logo.png]: Invalid value: \"logo.png\": duplicate of key present in binaryData")});
    row("configmap values are strings", "configmap", R"({"data[n]":1})",
        {QStringLiteral("data[n]: Invalid value: 1: must be a string")});
    row("secret keys", "secret", R"({"data[bad/key]":"eA==","stringData[.]":"x"})",
        {QStringLiteral("data[bad/key]: Invalid value: \"bad/key\": ") + kConfigKey,
         QStringLiteral("data[.]: Invalid value: \".\": must not be '.'")});
    row("secret base64", "secret", R"({"data[a]":"abc","data[b]":"ab!d","data[c]":"Zm9v\nYmFy"})",
        {QStringLiteral("data[a]: ") + redacted + QStringLiteral("illegal base64 data at input byte 0"),
         QStringLiteral("data[b]: ") + redacted + QStringLiteral("illegal base64 data at input byte 2")});
    row("tls secret keys", "secret", R"({"type":"kubernetes.io/tls"})",
        {QStringLiteral("data[tls.crt]: Required value"), QStringLiteral("data[tls.key]: Required value")});
    row("basic-auth secret keys", "secret", R"({"type":"kubernetes.io/basic-auth","stringData":null,"data":{}})",
        {QStringLiteral("data[username]: Required value"), QStringLiteral("data[password]: Required value")});
    row("dockerconfigjson must be JSON", "secret",
        R"({"type":"kubernetes.io/dockerconfigjson","stringData[.dockerconfigjson]":"[]"})",
        {QStringLiteral("data[.dockerconfigjson]: ") + redacted +
         QStringLiteral("json: cannot unmarshal array into Go value of type map[string]interface {}")});
    row("service account token secret", "secret", R"({"type":"kubernetes.io/service-account-token"})",
        {QStringLiteral("metadata.annotations[kubernetes.io/service-account.name]: Required value")});
    row("namespace finalizers", "namespace", R"({"spec.finalizers":["kubernetes","cleanup"]})",
        {QStringLiteral("spec.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer "
                        "name nor is it "
                        "fully qualified")});
    row("node taints", "node",
        R"({"spec.taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"},{"key":"dedicated","value":"web","effect":"NoSchedule"},
          {"key":"gpu","value":"a b"},{"key":"x","effect":"Evict"}]})",
        {QStringLiteral("spec.taints[1]: Duplicate value: "
                        "{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"value\":\"web\"}: "
                        "taints must be unique by key and effect pair"),
         QStringLiteral("spec.taints[2].value: Invalid value: \"a b\": ") + kLabelValue,
         QStringLiteral("spec.taints[2].effect: Required value"),
         QStringLiteral("spec.taints[3].effect: Unsupported value: \"Evict\": supported values: \"NoSchedule\", "
                        "\"PreferNoSchedule\", \"NoExecute\"")});
    row("node pod CIDRs", "node", R"({"spec.podCIDRs":["10.42.1.0/33","10.42.2.0/24"]})",
        {QStringLiteral("spec.podCIDRs[0]: Invalid value: \"10.42.1.0/33\": must be a valid CIDR value, (e.g. "
                        "10.9.8.0/24 or 2001:db8::/64)"),
         QStringLiteral("spec.podCIDRs: Invalid value: [\"10.42.1.0/33\",\"10.42.2.0/24\"]: may specify no "
                        "more than one "
                        "CIDR for each IP family")});
    row("node capacity", "node", R"({"status.capacity.cpu":"-2","status.capacity[example.com/gpu]":"1.5"})",
        {QStringLiteral("status.capacity.cpu: Invalid value: \"-2\": ") + kNonNegative,
         QStringLiteral("status.capacity.example.com/gpu: Invalid value: \"1500m\": must be an integer")});
    row("event namespaces agree", "event", R"({"involvedObject.namespace":"other"})",
        {QStringLiteral("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace")});
    row("event with eventTime names its reporter", "event",
        R"({"eventTime":"2024-01-01T00:00:00.000000Z","reason":null})",
        {QStringLiteral("reportingController: Required value"),
         QStringLiteral("reportingController: Invalid value: \"\": name part must be non-empty"),
         QStringLiteral("reportingController: Invalid value: \"\": ") + kNamePart,
         QStringLiteral("reportingInstance: Required value"), QStringLiteral("action: Required value"),
         QStringLiteral("reason: Required value")});
    row("lease spec", "lease",
        R"({"spec.leaseDurationSeconds":0,"spec.leaseTransitions":-1,"spec.preferredHolder":"node-2"})",
        {QStringLiteral("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"),
         QStringLiteral("spec.leaseTransitions: Invalid value: -1: ") + kNonNegative,
         QStringLiteral("spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined")});
    row("apiVersion must match the kind", "deployment", R"({"apiVersion":"v1"})",
        {QStringLiteral("apiVersion: Unsupported value: \"v1\": supported values: \"apps/v1\"")});
}

void TestValidation::coreKindErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, edits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateObject(build(fixture, edits))), expected);
}

// ---- Updates -----------------------------------------------------------------------------------------

void TestValidation::updateErrors_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("oldEdits");
    QTest::addColumn<QString>("newEdits");
    QTest::addColumn<QStringList>("expected");
    auto urow = [](const char *name, const char *fixture, const char *oldEdits, const char *newEdits,
                   const QStringList &expected) {
        QTest::newRow(name) << QString::fromLatin1(fixture) << QString::fromUtf8(oldEdits)
                            << QString::fromUtf8(newEdits) << expected;
    };
    const char *stored =
        R"({"metadata.uid":"u-1","metadata.creationTimestamp":"2024-01-01T00:00:00Z","metadata.generation":3,
                             "metadata.resourceVersion":"10"})";

    urow("unchanged", "deployment", stored, stored, {});
    urow("labels and replicas may change", "deployment", stored,
         R"({"metadata.uid":"u-1","metadata.labels.team":"a","spec.replicas":5})", {});
    urow("system fields the request leaves out are kept", "configmap", stored, "{}", {});
    urow("name and namespace are immutable", "configmap", stored,
         R"({"metadata.name":"cfg2","metadata.namespace":"other"})",
         {QStringLiteral("metadata.name: Invalid value: \"cfg2\": field is immutable"),
          QStringLiteral("metadata.namespace: Invalid value: \"other\": field is immutable")});
    urow("uid and creationTimestamp are immutable", "configmap", stored,
         R"({"metadata.uid":"u-2","metadata.creationTimestamp":"2025-01-01T00:00:00Z"})",
         {QStringLiteral("metadata.uid: Invalid value: \"u-2\": field is immutable"),
          QStringLiteral("metadata.creationTimestamp: Invalid value: \"2025-01-01T00:00:00Z\": field is immutable")});
    urow("generation is not decremented", "configmap", stored, R"({"metadata.generation":2})",
         {QStringLiteral("metadata.generation: Invalid value: 2: must not be decremented")});
    urow("no new finalizers while deleting", "configmap",
         R"({"metadata.deletionTimestamp":"2024-02-01T00:00:00Z","metadata.finalizers":["kubernetes"]})",
         R"({"metadata.finalizers":["kubernetes","example.com/b","example.com/a"]})",
         {QStringLiteral("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
                         "deleted, found new finalizers []string{\"example.com/a\", \"example.com/b\"}")});
    urow("deployment selector is immutable", "deployment", stored,
         R"({"spec.selector.matchLabels.app":"web2","spec.template.metadata.labels.app":"web2"})",
         {QStringLiteral("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable")});
    urow("replicaset selector is immutable", "replicaset", "{}",
         R"({"spec.selector.matchLabels.tier":"fe","spec.template.metadata.labels.tier":"fe"})",
         {QStringLiteral("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"fe\"}}: "
                         "field is immutable")});
    urow("service cluster IP is immutable", "service", "{}",
         R"({"spec.clusterIP":"127.64.0.11","spec.clusterIPs":["127.64.0.11"]})",
         {QStringLiteral("spec.clusterIPs[0]: Invalid value: [\"127.64.0.11\"]: may not change once set")});
    urow("service cluster IP left out is carried over", "service", "{}",
         R"({"spec.clusterIP":null,"spec.clusterIPs":null,"spec.ports[0].port":8080})", {});
    urow("pod image may change", "pod", "{}", R"({"spec.containers[0].image":"nginx:1.27"})", {});
    urow("pod ports may not", "pod", "{}", R"({"spec.containers[0].ports[0].containerPort":8080})",
         {kPodUpdate + QStringLiteral("  spec.containers[0].ports[0].containerPort: 80 -> 8080")});
    urow(
        "pod containers may not be added", "pod", "{}",
        R"({"spec.containers[1]":{"name":"b","image":"x","imagePullPolicy":"Always","terminationMessagePolicy":"File"}})",
        {QStringLiteral("spec.containers: Forbidden: pod updates may not add or remove containers")});
    urow("pod activeDeadlineSeconds may be set and lowered", "pod", R"({"spec.activeDeadlineSeconds":60})",
         R"({"spec.activeDeadlineSeconds":30})", {});
    urow("pod activeDeadlineSeconds may not grow", "pod", R"({"spec.activeDeadlineSeconds":60})",
         R"({"spec.activeDeadlineSeconds":90})",
         {QStringLiteral(
             "spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value")});
    urow("pod activeDeadlineSeconds may not be removed", "pod", R"({"spec.activeDeadlineSeconds":60})",
         R"({"spec.activeDeadlineSeconds":null})",
         {QStringLiteral("spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive "
                         "integer to nil value")});
    urow(
        "pod tolerations may be added", "pod", R"({"spec.tolerations":[{"key":"a","operator":"Exists"}]})",
        R"({"spec.tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]})",
        {});
    urow("pod tolerations may not be changed", "pod", R"({"spec.tolerations":[{"key":"a","operator":"Exists"}]})",
         R"({"spec.tolerations":[{"key":"a","operator":"Exists","effect":"NoSchedule"}]})",
         {QStringLiteral("spec.tolerations: Forbidden: existing toleration can not be modified except its "
                         "tolerationSeconds")});
    urow("pod grace period from negative to 1", "pod", R"({"spec.terminationGracePeriodSeconds":-1})",
         R"({"spec.terminationGracePeriodSeconds":1})", {});
    urow("secret type is immutable", "secret", "{}", R"({"type":"example.com/custom"})",
         {QStringLiteral("type: Invalid value: \"example.com/custom\": field is immutable")});
    urow("immutable secret", "secret", R"({"immutable":true})", R"({"data[password]":"bmV3","immutable":false})",
         {QStringLiteral("immutable: Forbidden: field is immutable when `immutable` is set"),
          QStringLiteral("data: Forbidden: field is immutable when `immutable` is set")});
    urow("immutable configmap", "configmap", R"({"immutable":true})", R"({"immutable":true,"binaryData":null})",
         {QStringLiteral("binaryData: Forbidden: field is immutable when `immutable` is set")});
    urow("mutable configmap data may change", "configmap", "{}", R"({"data[app.conf]":"debug=false"})", {});
    urow("node podCIDR may be assigned once", "node", R"({"spec.podCIDR":null,"spec.podCIDRs":null})", "{}", {});
    urow("node podCIDR may not change", "node", "{}",
         R"({"spec.podCIDR":"10.42.9.0/24","spec.podCIDRs":["10.42.9.0/24"]})",
         {QStringLiteral("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid")});
    urow("node providerID may not change", "node", R"({"spec.providerID":"tugboat://node-1"})",
         R"({"spec.providerID":"tugboat://node-2"})",
         {QStringLiteral(
             "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid")});
    urow("slice addressType is immutable", "endpointslice", "{}", R"({"addressType":"IPv6"})",
         {QStringLiteral("endpoints[0].addresses[0]: Invalid value: \"10.42.0.5\": must be a valid IPv6 address"),
          QStringLiteral("addressType: Invalid value: \"IPv6\": field is immutable")});
    urow("the new object must be valid too", "deployment", "{}", R"({"spec.replicas":-1})",
         {QStringLiteral("spec.replicas: Invalid value: -1: ") + kNonNegative});
    urow("core/v1 events may be rewritten", "event", "{}", R"({"count":2,"message":"again"})", {});
}

void TestValidation::updateErrors()
{
    QFETCH(QString, fixture);
    QFETCH(QString, oldEdits);
    QFETCH(QString, newEdits);
    QFETCH(QStringList, expected);
    QCOMPARE(strings(validateUpdate(build(fixture, oldEdits), build(fixture, newEdits))), expected);
}

// ---- Behaviours that do not fit a table ----------------------------------------------------------------

void TestValidation::allErrorsAreReported()
{
    const Object deployment = build(QStringLiteral("deployment"), QStringLiteral(R"({
        "metadata.name":"Web","spec.replicas":-1,"spec.minReadySeconds":-1,
        "spec.template.spec.containers[0].image":null,"spec.template.spec.containers[0].ports":[{"containerPort":0,"protocol":"TCP"}],
        "spec.template.spec.restartPolicy":"Never","spec.strategy.rollingUpdate.maxSurge":"x"})"));
    const QStringList errors = strings(validateObject(deployment));
    const QStringList fields{QStringLiteral("metadata.name"),
                             QStringLiteral("spec.replicas"),
                             QStringLiteral("spec.minReadySeconds"),
                             QStringLiteral("spec.template.spec.containers[0].image"),
                             QStringLiteral("spec.template.spec.containers[0].ports[0].containerPort"),
                             QStringLiteral("spec.template.spec.restartPolicy"),
                             QStringLiteral("spec.strategy.rollingUpdate.maxSurge")};
    QCOMPARE(errors.size(), fields.size());
    for (const QString &field : fields)
        QVERIFY2(std::any_of(errors.begin(), errors.end(),
                             [&](const QString &e) { return e.startsWith(field + QLatin1Char(':')); }),
                 qPrintable(field + QStringLiteral(" not reported in: ") + errors.join(QLatin1Char('\n'))));
}

void TestValidation::undefaultedPodReportsWhatDefaultingSets()
{
    const Object raw(parse(fixtures().value(QStringLiteral("pod"))));
    const QString c0 = QStringLiteral("spec.containers[0].");
    QCOMPARE(
        strings(validateObject(raw)),
        QStringList(
            {c0 + QStringLiteral("terminationMessagePolicy: Required value: must be 'File' or 'FallbackToLogsOnError'"),
             c0 + QStringLiteral("ports[0].protocol: Required value"),
             c0 + QStringLiteral("imagePullPolicy: Required value"),
             QStringLiteral("spec.restartPolicy: Required value"), QStringLiteral("spec.dnsPolicy: Required value")}));
    QVERIFY(validateObject(withDefaults(raw)).isEmpty());
}

void TestValidation::annotationsOver256KiBAreTooLong()
{
    QJsonObject json = build(QStringLiteral("configmap"), {}).json();
    QJsonObject meta = json.value(QLatin1String("metadata")).toObject();
    // Keys and values count together: "a" + 262143 bytes is exactly the limit.
    meta.insert(QLatin1String("annotations"), QJsonObject{{QStringLiteral("a"), QString(262143, QLatin1Char('x'))}});
    json.insert(QLatin1String("metadata"), meta);
    QVERIFY(validateObject(Object(json)).isEmpty());
    meta.insert(QLatin1String("annotations"), QJsonObject{{QStringLiteral("a"), QString(262144, QLatin1Char('x'))}});
    json.insert(QLatin1String("metadata"), meta);
    QCOMPARE(strings(validateObject(Object(json))),
             QStringList{QStringLiteral("metadata.annotations: Too long: must have at most 262144 bytes")});
}

void TestValidation::dataOver1MiBIsTooLong()
{
    const QString half = QString(512 * 1024, QLatin1Char('x'));
    QJsonObject cm = build(QStringLiteral("configmap"), {}).json();
    cm.insert(QLatin1String("data"), QJsonObject{{QStringLiteral("a"), half}, {QStringLiteral("b"), half}});
    cm.remove(QLatin1String("binaryData"));
    QVERIFY(validateObject(Object(cm)).isEmpty());
    cm.insert(QLatin1String("binaryData"), QJsonObject{{QStringLiteral("c"), QStringLiteral("eA==")}});
    QCOMPARE(strings(validateObject(Object(cm))),
             QStringList{QStringLiteral("Too long: must have at most 1048576 bytes")});

    // Secret sizes count decoded bytes: 4 base64 characters are 3 bytes.
    QJsonObject secret = build(QStringLiteral("secret"), {}).json();
    secret.remove(QLatin1String("stringData"));
    secret.insert(QLatin1String("data"), QJsonObject{{QStringLiteral("k"), QString(1398100, QLatin1Char('A'))}});
    QVERIFY(validateObject(Object(secret)).isEmpty()); // 1048575 bytes
    secret.insert(QLatin1String("stringData"), QJsonObject{{QStringLiteral("z"), QStringLiteral("ab")}});
    QCOMPARE(strings(validateObject(Object(secret))),
             QStringList{QStringLiteral("data: Too long: must have at most 1048576 bytes")});
}

void TestValidation::unknownKindIsRejected()
{
    QCOMPARE(strings(validateObject(Object(parse(QStringLiteral(R"({"apiVersion":"v1","kind":"Widget"})"))))),
             QStringList{QStringLiteral("kind: Unsupported value: \"Widget\": supported values: \"ConfigMap\", "
                                        "\"Deployment\", \"EndpointSlice\", \"Endpoints\", \"Event\", \"Lease\", "
                                        "\"Namespace\", \"Node\", \"Pod\", \"ReplicaSet\", \"Secret\", \"Service\"")});
    QCOMPARE(strings(validateObject(Object(parse(QStringLiteral(R"({"metadata":{"name":"x"}})"))))),
             QStringList{QStringLiteral("kind: Required value")});
}

void TestValidation::checkValidNamesTheObjectAsKubectlPrintsIt()
{
    QVERIFY(checkValid(build(QStringLiteral("deployment"), {})).ok());

    const Result<void> one = checkValid(build(QStringLiteral("deployment"), QStringLiteral(R"({"spec.replicas":-1})")));
    QVERIFY(!one.ok());
    QCOMPARE(one.error().code(), ErrorCode::Invalid);
    QCOMPARE(one.error().message(), QStringLiteral("Deployment.apps \"web\" is invalid: spec.replicas: "
                                                   "Invalid value: -1: must be greater than or equal to 0"));
    QCOMPARE(one.error().causes().size(), 1);
    QCOMPARE(one.error().causes().first().reason(), QStringLiteral("FieldValueInvalid"));

    const Result<void> two = checkValid(
        build(QStringLiteral("pod"), QStringLiteral(R"({"spec.containers[0].image":null,"spec.restartPolicy":null})")));
    QCOMPARE(two.error().message(), QStringLiteral("Pod \"web\" is invalid: [spec.containers[0].image: Required value, "
                                                   "spec.restartPolicy: Required value]"));

    const Result<void> update =
        checkValidUpdate(build(QStringLiteral("service"), {}),
                         build(QStringLiteral("service"), QStringLiteral(R"({"metadata.name":"api"})")));
    QCOMPARE(update.error().message(),
             QStringLiteral("Service \"api\" is invalid: metadata.name: Invalid value: \"api\": field is immutable"));
}

void TestValidation::intOrPercentScalesAsKubernetesRounds_data()
{
    QTest::addColumn<QString>("value"); // JSON
    QTest::addColumn<bool>("parses");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("up");
    QTest::addColumn<int>("down");
    QTest::newRow("25% of 10") << R"("25%")" << true << 10 << 3 << 2;
    QTest::newRow("25% of 4") << R"("25%")" << true << 4 << 1 << 1;
    QTest::newRow("0% of 7") << R"("0%")" << true << 7 << 0 << 0;
    QTest::newRow("100% of 3") << R"("100%")" << true << 3 << 3 << 3;
    QTest::newRow("int 2") << "2" << true << 10 << 2 << 2;
    QTest::newRow("string 2 is not a percentage") << R"("2")" << false << 10 << 0 << 0;
    QTest::newRow("fraction") << "1.5" << false << 10 << 0 << 0;
    QTest::newRow("negative percent") << R"("-5%")" << false << 10 << 0 << 0;
}

void TestValidation::intOrPercentScalesAsKubernetesRounds()
{
    QFETCH(QString, value);
    QFETCH(bool, parses);
    QFETCH(int, total);
    QFETCH(int, up);
    QFETCH(int, down);
    const QJsonValue v = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(value).toUtf8()).array().at(0);
    const std::optional<IntOrPercent> parsed = parseIntOrPercent(v);
    QCOMPARE(parsed.has_value(), parses);
    if (!parsed)
        return;
    QCOMPARE(scaledValue(*parsed, total, true), qint64(up));
    QCOMPARE(scaledValue(*parsed, total, false), qint64(down));
}

void TestValidation::addressSyntax_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ip");
    QTest::addColumn<bool>("cidr");
    QTest::newRow("IPv4") << "10.42.0.1" << true << false;
    QTest::newRow("IPv4 leading zeros (sloppy, as Kubernetes)") << "010.042.000.001" << true << false;
    QTest::newRow("IPv4 octet too big") << "10.42.0.256" << false << false;
    QTest::newRow("IPv4 short") << "10.42.0" << false << false;
    QTest::newRow("IPv6") << "2001:db8::ffff" << true << false;
    QTest::newRow("IPv6 full") << "2001:0db8:0000:0000:0000:0000:0000:0001" << true << false;
    QTest::newRow("IPv6 loopback") << "::1" << true << false;
    QTest::newRow("IPv6 with IPv4 tail") << "::ffff:10.0.0.1" << true << false;
    QTest::newRow("IPv6 two gaps") << "1::2::3" << false << false;
    QTest::newRow("IPv6 too many groups") << "1:2:3:4:5:6:7:8:9" << false << false;
    QTest::newRow("CIDR v4") << "10.42.0.0/16" << false << true;
    QTest::newRow("CIDR v6") << "fd00:42::/64" << false << true;
    QTest::newRow("CIDR prefix too long") << "10.42.0.0/33" << false << false;
    QTest::newRow("CIDR without prefix") << "10.42.0.0/" << false << false;
    QTest::newRow("hostname") << "node-1" << false << false;
}

void TestValidation::addressSyntax()
{
    QFETCH(QString, value);
    QFETCH(bool, ip);
    QFETCH(bool, cidr);
    QCOMPARE(isValidIp(value).isEmpty(), ip);
    QCOMPARE(isValidCidr(value).isEmpty(), cidr);
}

void TestValidation::goStringMapPrintsLikeGo()
{
    QCOMPARE(goStringMap(QJsonValue::Null), QStringLiteral("map[string]string(nil)"));
    QCOMPARE(goStringMap(QJsonObject()), QStringLiteral("map[string]string{}"));
    QCOMPARE(goStringMap(QJsonObject{{QStringLiteral("tier"), QStringLiteral("fe")},
                                     {QStringLiteral("app"), QStringLiteral("a\"b")}}),
             QStringLiteral("map[string]string{\"app\":\"a\\\"b\", \"tier\":\"fe\"}"));
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
