// Field selectors: Kubernetes' ParseSelector syntax (operators, comma splitting, backslash escapes),
// the per-kind supported fields of the API server, matching against objects and printing.
#include "api/fieldselector.h"

#include <QJsonDocument>
#include <QTest>

using namespace tugboat::api;

namespace {

Object object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON %s: %s", json, qPrintable(error.errorString()));
    return Object(doc.object());
}

FieldSelector parsed(const QString &text, const QString &kind)
{
    auto r = FieldSelector::parse(text, kind);
    if (!r.ok())
        qFatal("test selector %s does not parse: %s", qPrintable(text), qPrintable(r.error().message()));
    return *r;
}

const char *const kPodOnNode = R"({"kind":"Pod","metadata":{"name":"web","namespace":"default"},
    "spec":{"nodeName":"node-1","restartPolicy":"Always","schedulerName":"default-scheduler",
            "serviceAccountName":"builder","hostNetwork":true},
    "status":{"phase":"Running","podIP":"10.0.0.7"}})";
const char *const kPendingPod = R"({"kind":"Pod","metadata":{"name":"queued","namespace":"batch"},
    "spec":{},"status":{"phase":"Pending"}})";

} // namespace

class FieldSelectorTest : public QObject {
    Q_OBJECT

private slots:
    void parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm_data();
    void parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm();
    void parse_rejectsWithKubernetesMessage_data();
    void parse_rejectsWithKubernetesMessage();
    void parse_unescapesValues_data();
    void parse_unescapesValues();
    void toString_parsesBackToTheSameSelector_data();
    void toString_parsesBackToTheSameSelector();
    void supports_listsKubernetesSelectableFieldsPerKind_data();
    void supports_listsKubernetesSelectableFieldsPerKind();
    void matches_comparesTheObjectsFieldValue_data();
    void matches_comparesTheObjectsFieldValue();
    void emptySelector_matchesEverything();
    void exactValue_returnsTheEqualityValueOfAField();
};

void FieldSelectorTest::parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    const auto row = [](const char *name, const char *kind, const char *in, const char *out) {
        QTest::addRow("%s", name) << QString::fromUtf8(kind) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    row("empty", "Pod", "", "");
    row("only commas", "Pod", ",,", "");
    row("equals", "Pod", "metadata.name=web", "metadata.name=web");
    row("double equals prints as equals", "Pod", "metadata.name==web", "metadata.name=web");
    row("not equals", "Pod", "metadata.name!=web", "metadata.name!=web");
    row("empty value", "Pod", "spec.nodeName=", "spec.nodeName=");
    row("terms sorted", "Pod", "status.phase=Running,spec.nodeName=node-1",
        "spec.nodeName=node-1,status.phase=Running");
    row("empty terms skipped", "Pod", ",metadata.name=web,", "metadata.name=web");
    row("legacy spec.host", "Pod", "spec.host=node-1", "spec.nodeName=node-1");
    row("namespace on any kind", "ConfigMap", "metadata.namespace=default", "metadata.namespace=default");
    row("events", "Event", "involvedObject.kind=Pod,involvedObject.name=web,reason=Failed,type=Warning",
        "involvedObject.kind=Pod,involvedObject.name=web,reason=Failed,type=Warning");
    row("event source", "Event", "source=kubelet", "source=kubelet");
    row("node", "Node", "spec.unschedulable=true", "spec.unschedulable=true");
    row("secret", "Secret", "type=kubernetes.io/tls", "type=kubernetes.io/tls");
    row("replica set", "ReplicaSet", "status.replicas!=0", "status.replicas!=0");
    row("escaped value printed escaped", "Pod", R"(metadata.name=a\,b\=c\\d)", R"(metadata.name=a\,b\=c\\d)");
}

void FieldSelectorTest::parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm()
{
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto r = FieldSelector::parse(input, kind);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
    QCOMPARE(r->toString(), canonical);
    QCOMPARE(r->isEmpty(), canonical.isEmpty());
}

void FieldSelectorTest::parse_rejectsWithKubernetesMessage_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *kind, const char *in, const char *message) {
        QTest::addRow("%s", name) << QString::fromUtf8(kind) << QString::fromUtf8(in) << QString::fromUtf8(message);
    };
    row("unsupported pod field", "Pod", "spec.foo=x", "field label not supported: spec.foo");
    row("pod field on a node", "Node", "status.phase=Running", "field label not supported: status.phase");
    row("pod field on a config map", "ConfigMap", "spec.nodeName=n", "field label not supported: spec.nodeName");
    row("event field on a pod", "Pod", "reason=Failed", "field label not supported: reason");
    row("replicas on a deployment", "Deployment", "status.replicas=1", "field label not supported: status.replicas");
    row("empty field", "Pod", "=x", "field label not supported: ");
    row("field is not trimmed", "Pod", " metadata.name=x", "field label not supported:  metadata.name");
    row("first unsupported in sorted order", "Pod", "z.z=1,a.a=1", "field label not supported: a.a");
    row("no operator", "Pod", "name", "invalid selector: 'name'; can't understand 'name'");
    row("unescaped comma splits a term", "Pod", "metadata.name=a,b",
        "invalid selector: 'metadata.name=a,b'; can't understand 'b'");
    row("syntax checked before support", "Pod", "a.b=x,zzz", "invalid selector: 'a.b=x,zzz'; can't understand 'zzz'");
    row("unknown escape", "Pod", R"(metadata.name=a\x)", R"(invalid field selector: invalid escape sequence: \x)");
    row("trailing backslash", "Pod", R"(metadata.name=a\)", R"(invalid field selector: invalid escape sequence: \)");
    row("unescaped equals in value", "Pod", "metadata.name===x",
        "invalid field selector: unescaped character in value: 61");
    row("unescaped equals after not-equals", "Pod", "metadata.name!==x",
        "invalid field selector: unescaped character in value: 61");
}

void FieldSelectorTest::parse_rejectsWithKubernetesMessage()
{
    QFETCH(QString, kind);
    QFETCH(QString, input);
    QFETCH(QString, message);
    const auto r = FieldSelector::parse(input, kind);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(), message);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
}

void FieldSelectorTest::parse_unescapesValues_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("value");
    QTest::addRow("plain") << "metadata.name=web"
                           << "web";
    QTest::addRow("escaped comma") << R"(metadata.name=a\,b)"
                                   << "a,b";
    QTest::addRow("escaped equals") << R"(metadata.name=a\=b)"
                                    << "a=b";
    QTest::addRow("escaped backslash") << R"(metadata.name=a\\b)"
                                       << R"(a\b)";
    QTest::addRow("empty") << "metadata.name="
                           << "";
    QTest::addRow("double equals leaves no equals") << "metadata.name==web"
                                                    << "web";
}

void FieldSelectorTest::parse_unescapesValues()
{
    QFETCH(QString, input);
    QFETCH(QString, value);
    const FieldSelector s = parsed(input, QStringLiteral("Pod"));
    QCOMPARE(s.requirements().size(), 1);
    QCOMPARE(s.requirements().first().field, QStringLiteral("metadata.name"));
    QVERIFY(s.requirements().first().equals);
    QCOMPARE(s.requirements().first().value, value);
}

void FieldSelectorTest::toString_parsesBackToTheSameSelector_data()
{
    QTest::addColumn<QString>("input");
    for (const char *in : {"metadata.name=web", R"(metadata.name!=a\,b\=c\\d)", "spec.nodeName=,status.phase!=Failed",
                           "spec.host=node-1"})
        QTest::addRow("%s", in) << QString::fromUtf8(in);
}

void FieldSelectorTest::toString_parsesBackToTheSameSelector()
{
    QFETCH(QString, input);
    const FieldSelector first = parsed(input, QStringLiteral("Pod"));
    const FieldSelector again = parsed(first.toString(), QStringLiteral("Pod"));
    QCOMPARE(again.toString(), first.toString());
    QCOMPARE(again.requirements().size(), first.requirements().size());
    for (qsizetype i = 0; i < first.requirements().size(); ++i)
        QCOMPARE(again.requirements()[i].value, first.requirements()[i].value);
}

void FieldSelectorTest::supports_listsKubernetesSelectableFieldsPerKind_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("supported");
    const auto row = [](const char *kind, const char *field, bool supported) {
        QTest::addRow("%s %s", kind, field) << QString::fromUtf8(kind) << QString::fromUtf8(field) << supported;
    };
    for (const char *kind : {"Pod", "Event", "Node", "Secret", "ConfigMap", "Deployment", ""}) {
        row(kind, "metadata.name", true);
        row(kind, "metadata.namespace", true);
    }
    for (const char *field :
         {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
          "status.phase", "status.podIP", "status.nominatedNodeName", "spec.host"})
        row("Pod", field, true);
    for (const char *field : {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                              "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                              "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"})
        row("Event", field, true);
    row("Node", "spec.unschedulable", true);
    row("Secret", "type", true);
    row("Namespace", "status.phase", true);
    row("ReplicaSet", "status.replicas", true);
    row("ReplicationController", "status.replicas", true);
    row("Job", "status.successful", true);
    row("Pod", "spec.containers", false);
    row("Pod", "metadata.labels", false);
    row("Pod", "type", false);
    row("Node", "spec.nodeName", false);
    row("Secret", "status.phase", false);
    row("Deployment", "status.replicas", false);
    row("ConfigMap", "spec.host", false);
    row("pod", "spec.nodeName", false); // kinds are case-sensitive
}

void FieldSelectorTest::supports_listsKubernetesSelectableFieldsPerKind()
{
    QFETCH(QString, kind);
    QFETCH(QString, field);
    QFETCH(bool, supported);
    QCOMPARE(FieldSelector::supports(kind, field), supported);
    QCOMPARE(FieldSelector::parse(field + QStringLiteral("=x"), kind).ok(), supported);
}

void FieldSelectorTest::matches_comparesTheObjectsFieldValue_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("expected");
    const auto row = [](const char *name, const char *json, const char *selector, bool expected) {
        QTest::addRow("%s", name) << QString::fromUtf8(json) << QString::fromUtf8(selector) << expected;
    };
    row("name equals", kPodOnNode, "metadata.name=web", true);
    row("name differs", kPodOnNode, "metadata.name=db", false);
    row("name not equals", kPodOnNode, "metadata.name!=db", true);
    row("namespace and name", kPodOnNode, "metadata.namespace=default,metadata.name=web", true);
    row("one of two fails", kPodOnNode, "metadata.namespace=default,metadata.name=db", false);
    row("on node", kPodOnNode, "spec.nodeName=node-1", true);
    row("legacy spec.host", kPodOnNode, "spec.host=node-1", true);
    row("scheduled pods", kPodOnNode, "spec.nodeName!=", true);
    row("unscheduled pods exclude a scheduled one", kPodOnNode, "spec.nodeName=", false);
    row("unscheduled pod", kPendingPod, "spec.nodeName=", true);
    row("unscheduled pod is not scheduled", kPendingPod, "spec.nodeName!=", false);
    row("phase", kPodOnNode, "status.phase=Running", true);
    row("phase not", kPendingPod, "status.phase!=Running", true);
    row("pod fields", kPodOnNode,
        "spec.restartPolicy=Always,spec.schedulerName=default-scheduler,spec.serviceAccountName=builder,"
        "status.podIP=10.0.0.7",
        true);
    row("host network set", kPodOnNode, "spec.hostNetwork=true", true);
    row("host network defaults to false", kPendingPod, "spec.hostNetwork=false", true);
    row("escaped name", R"({"kind":"Pod","metadata":{"name":"a,b=c"}})", R"(metadata.name=a\,b\=c)", true);
    row("node schedulable by default", R"({"kind":"Node","metadata":{"name":"n1"}})", "spec.unschedulable=false", true);
    row("cordoned node", R"({"kind":"Node","metadata":{"name":"n1"},"spec":{"unschedulable":true}})",
        "spec.unschedulable=true", true);
    row("node namespace is empty", R"({"kind":"Node","metadata":{"name":"n1"}})", "metadata.namespace=", true);
    row("secret type", R"({"kind":"Secret","type":"Opaque"})", "type=Opaque", true);
    row("replicas default to zero", R"({"kind":"ReplicaSet","status":{}})", "status.replicas=0", true);
    row("replicas", R"({"kind":"ReplicaSet","status":{"replicas":3}})", "status.replicas=3", true);
    row("job successes", R"({"kind":"Job","status":{"succeeded":2}})", "status.successful=2", true);
    row("event involved object",
        R"({"kind":"Event","involvedObject":{"kind":"Pod","name":"web","uid":"u1"},"reason":"BackOff",
            "type":"Warning"})",
        "involvedObject.kind=Pod,involvedObject.name=web,involvedObject.uid=u1,reason=BackOff,type=Warning", true);
    row("event source", R"({"kind":"Event","source":{"component":"kubelet"}})", "source=kubelet", true);
    row("event source falls back to reporting component", R"({"kind":"Event","reportingComponent":"scheduler"})",
        "source=scheduler", true);
    row("event source prefers source.component",
        R"({"kind":"Event","source":{"component":"kubelet"},"reportingComponent":"scheduler"})", "source=scheduler",
        false);
}

void FieldSelectorTest::matches_comparesTheObjectsFieldValue()
{
    QFETCH(QString, json);
    QFETCH(QString, selector);
    QFETCH(bool, expected);
    const Object o = object(qPrintable(json));
    QCOMPARE(parsed(selector, o.kind()).matches(o), expected);
}

void FieldSelectorTest::emptySelector_matchesEverything()
{
    const FieldSelector everything;
    QVERIFY(everything.isEmpty());
    QVERIFY(everything.matches(object(kPodOnNode)));
    QVERIFY(everything.matches(Object()));
    QCOMPARE(everything.toString(), QString());
    QVERIFY(parsed(QString(), QStringLiteral("Pod")).matches(object(kPendingPod)));
}

void FieldSelectorTest::exactValue_returnsTheEqualityValueOfAField()
{
    const FieldSelector s =
        parsed(QStringLiteral("spec.nodeName=node-1,metadata.name!=web,status.phase==Running"), QStringLiteral("Pod"));
    QCOMPARE(s.exactValue(QStringLiteral("spec.nodeName")), std::optional<QString>(QStringLiteral("node-1")));
    QCOMPARE(s.exactValue(QStringLiteral("status.phase")), std::optional<QString>(QStringLiteral("Running")));
    QCOMPARE(s.exactValue(QStringLiteral("metadata.name")), std::nullopt); // "!=" narrows nothing
    QCOMPARE(s.exactValue(QStringLiteral("metadata.namespace")), std::nullopt);
    QCOMPARE(parsed(QStringLiteral("spec.host=n2"), QStringLiteral("Pod")).exactValue(QStringLiteral("spec.nodeName")),
             std::optional<QString>(QStringLiteral("n2")));
}

QTEST_APPLESS_MAIN(FieldSelectorTest)

#include "tst_fieldselector.moc"
